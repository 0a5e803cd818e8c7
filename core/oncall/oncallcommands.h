// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Commands are decided the way incident commands are, so the decision types are shared.
#include "incidents/incidentcommands.h"
#include "oncall/responders.h"

namespace Firebreak::OnCall {

/// Every command type decideOnCallCommand() knows (docs/oncall.md lists them).
QStringList onCallCommandTypes();
bool isOnCallCommand(const QString &type);

/**
 * Decides a responders command (people, teams, services, schedules, escalation policies,
 * manual escalation, tasks) against the current state; pure, like decideCommand().
 */
CommandDecision decideOnCallCommand(const Projection &projection, const Responders &responders,
                                    const QJsonObject &command, const CommandContext &context);

/// The task commands of the assignment board (task.create, task.move, ...); used by
/// decideOnCallCommand().
CommandDecision decideTaskCommand(const Projection &projection, const TaskBoard &board,
                                  const QJsonObject &command, const CommandContext &context);

} // namespace Firebreak::OnCall
