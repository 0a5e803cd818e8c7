// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "incidents/incidentcommands.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

inline constexpr qint64 s_t0 = 1'796'400'000'000; // 2026-12-04, a fixed clock

/// Applies command decisions to a projection, as the writer does.
struct Room
{
    Projection projection;
    qint64 now = s_t0;
    qint64 seq = 0;
    QSet<QString> blobs;

    CommandDecision run(const QJsonObject &command, const QString &actor = u"user:alice"_s)
    {
        CommandContext context{actor, now, [this](const QString &sha) {
                                   return blobs.contains(sha);
                               }};
        CommandDecision decision = decideCommand(projection, command, context);
        for (Event &event : decision.events) {
            event.seq = ++seq;
            projection.apply(event);
        }
        return decision;
    }

    QString declare(const QString &severity = u"P2"_s, const QJsonObject &extra = {})
    {
        QJsonObject command{{u"type"_s, u"incident.declare"_s},
                            {u"title"_s, u"Search results empty"_s},
                            {u"severity"_s, severity},
                            {u"service"_s, u"search"_s},
                            {u"impact"_s, u"Travellers see no hotels"_s},
                            {u"commander"_s, u"carol"_s}};
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            command.insert(it.key(), it.value());
        }
        const CommandDecision decision = run(command);
        return decision.events.isEmpty() ? QString() : decision.events.first().incident;
    }

    /// Runs a command on an incident at `at` on the room's clock.
    bool at(qint64 when, const QString &type, const QString &incident,
            const QJsonObject &extra = {})
    {
        now = when;
        QJsonObject command{{u"type"_s, type}, {u"incident"_s, incident}};
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            command.insert(it.key(), it.value());
        }
        return run(command).ok;
    }

    void apply(EventList events)
    {
        for (Event &event : events) {
            event.seq = ++seq;
            projection.apply(event);
        }
    }

    const IncidentRecord &incident(const QString &id) const { return *projection.incident(id); }
};

} // namespace Firebreak::Testing
