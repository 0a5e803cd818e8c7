// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/followup.h"
#include "incidents/incidentcommands.h"

#include <functional>

namespace Firebreak::Collab {

/// Finds a committed event by its sequence number (an invalid event when there is none).
using EventLookup = std::function<Event(qint64 seq)>;

/// Whether `type` is one of the commands decideFollowUpCommand() knows.
bool isFollowUpCommand(const QString &type);
/// Every such command type.
QStringList followUpCommandTypes();

/**
 * Decides post-mortem review, timeline, comment, template and action-item commands
 * (docs/postmortems.md lists them) against the projection and the FollowUp fold. Pure but for
 * `lookup`, which reads the event a key moment refers to. `postmortem.edit` is not among them.
 */
CommandDecision decideFollowUpCommand(const Projection &projection, const FollowUp &followUp,
                                      const QJsonObject &command, const CommandContext &context,
                                      const EventLookup &lookup);

/// A short description of an event for people ("incident.acknowledged by user:ana").
QString describeEvent(const Event &event);

} // namespace Firebreak::Collab
