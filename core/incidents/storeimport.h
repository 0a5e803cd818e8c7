// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "incidents/incidentcommands.h"
#include "model/projection.h"

namespace Firebreak {

/**
 * Hand-over of a desktop's local store to a team server (docs/desktop.md, "Handing over").
 *
 * The command `store.import` {`source`: the local store's id, `events`: up to 500 of its
 * events in sequence order} copies incident history into this store. Each event becomes a new
 * event of the same type with a new id and sequence number, the original time, the importer as
 * actor, and `data.imported` = {`store`, `seq`, `id`, `actor`, `hash`} naming where it came
 * from; a local incident number becomes the next free number here (the old one is kept as
 * `data.imported.number`). Events up to Projection::importedThrough(source) are skipped, so an
 * interrupted or repeated hand-over resumes without copying anything twice.
 */
namespace StoreImport {

inline constexpr QStringView Command = u"store.import";
inline constexpr int MaxEventsPerCommand = 500;

/// Whether an event is part of what a hand-over copies: incidents and their post-mortems.
/// Accounts, tokens, integrations, alerts and configuration stay behind.
bool isImportable(const Event &event);

/// Incident id → id of the store it was imported from: the incidents whose `incident.opened`
/// came through `store.import`. An import adds only to those of its own source store.
using ImportedIncidents = QHash<QString, QString>;

/// Keeps `incidents` up to date with one more event of the log, as a projection fold does;
/// an empty event (a projection cleared) empties it.
void followImports(const Event &event, ImportedIncidents *incidents);

/// Decides `store.import` against `projection`; pure, like decideCommand().
CommandDecision decide(const Projection &projection, const ImportedIncidents &importedIncidents,
                       const QJsonObject &command, const CommandContext &context);

} // namespace StoreImport
} // namespace Firebreak
