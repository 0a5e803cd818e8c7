// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "sync/replica.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Firebreak::Testing {

/// Builds numbered events as the server would send them, for tests without a server.
class SampleEvents
{
public:
    Event next(const QString &type, const QString &incident, const QJsonObject &data,
               const QString &actor = QStringLiteral("integration:prometheus"))
    {
        Event event = makeEvent(type, actor, incident, data);
        event.seq = ++m_seq;
        event.at = m_at > 0 ? m_at : event.at;
        return event;
    }

    Event opened(const QString &incident, int number, const QString &title,
                 const QString &severity = QStringLiteral("P2"),
                 const QString &service = QStringLiteral("checkout"))
    {
        return next(QStringLiteral("incident.opened"), incident,
                    {{QStringLiteral("number"), number},
                     {QStringLiteral("title"), title},
                     {QStringLiteral("severity"), severity},
                     {QStringLiteral("service"), service}});
    }

    Event alertReceived(const QString &incident, const QString &alertId, const QString &title,
                        const QString &instance = {})
    {
        QJsonObject labels;
        if (!instance.isEmpty()) {
            labels.insert(QStringLiteral("instance"), instance);
        }
        const QJsonObject alert{{QStringLiteral("id"), alertId},
                                {QStringLiteral("status"), QStringLiteral("firing")},
                                {QStringLiteral("severity"), QStringLiteral("P2")},
                                {QStringLiteral("title"), title},
                                {QStringLiteral("labels"), labels}};
        return next(QStringLiteral("alert.received"), incident,
                    {{QStringLiteral("alert"), alert}});
    }

    /// Events get this time (ms since the epoch) instead of now; 0 returns to now.
    void setTime(qint64 ms) { m_at = ms; }
    qint64 lastSeq() const { return m_seq; }

private:
    qint64 m_seq = 0;
    qint64 m_at = 0;
};

/// Writes events into the replica file at `path`, as the sync client would.
inline bool storeEvents(const QString &path, const EventList &events)
{
    Replica replica;
    return replica.open(path) && replica.append(events);
}

} // namespace Firebreak::Testing
