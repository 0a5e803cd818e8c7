// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "oncall/escalation.h"
#include "oncall/oncallcommands.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

/// Decides commands and folds their events as the server's writer does, on a clock the test
/// moves: the main projection with the responders' state folded alongside it.
struct RespondersRoom
{
    static constexpr qint64 s_t0 = 1'796'400'000'000; // 2026-12-04, a fixed clock

    Projection projection;
    OnCall::Responders responders;
    qint64 now = s_t0;
    qint64 seq = 0;
    EventList log;

    RespondersRoom()
    {
        projection.setFold([this](const Projection &, const Event &event) {
            responders.apply(event);
        });
    }
    RespondersRoom(const RespondersRoom &) = delete;
    RespondersRoom &operator=(const RespondersRoom &) = delete;

    void apply(EventList events)
    {
        for (Event &event : events) {
            event.seq = ++seq;
            projection.apply(event);
            log.append(event);
        }
    }

    CommandDecision run(const QJsonObject &command, const QString &actor = u"user:alice"_s)
    {
        const CommandContext context{actor, now, {}};
        const QString type = command.value(u"type"_s).toString();
        CommandDecision decision = OnCall::isOnCallCommand(type)
            ? OnCall::decideOnCallCommand(projection, responders, command, context)
            : decideCommand(projection, command, context);
        apply(decision.events);
        return decision;
    }

    /// Runs the escalation check at the room's clock; the events it produced.
    EventList tick()
    {
        EventList due = OnCall::dueEscalationEvents(projection, responders.directory(),
                                                    responders.paging(), now);
        apply(due);
        return due;
    }

    bool user(const QString &name, const QString &email = {})
    {
        return run({{u"type"_s, u"user.create"_s},
                    {u"name"_s, name},
                    {u"email"_s, email.isEmpty() ? name + u"@example.com"_s : email}})
            .ok;
    }

    QString declare(const QString &service, const QString &severity = u"P2"_s)
    {
        const CommandDecision decision = run({{u"type"_s, u"incident.declare"_s},
                                              {u"title"_s, u"Checkout fails"_s},
                                              {u"severity"_s, severity},
                                              {u"service"_s, service}});
        return decision.events.isEmpty() ? QString() : decision.events.first().incident;
    }

    QStringList types(const EventList &events) const
    {
        QStringList list;
        for (const Event &event : events) {
            list.append(event.type);
        }
        return list;
    }
};

} // namespace Firebreak::Testing
