// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QSqlDatabase>
#include <QString>

namespace Firebreak {

/**
 * The desktop's local copy of the events it has seen, in SQLite, so that it can show
 * everything with no server and resume from its last sequence number.
 */
class Replica
{
public:
    Replica();
    ~Replica();
    Q_DISABLE_COPY_MOVE(Replica)

    bool open(const QString &path);
    QString errorString() const { return m_error; }

    QString storeId() const { return m_storeId; }
    qint64 lastSeq() const { return m_lastSeq; }

    /// Stores events received in order (ignores ones already held); one transaction.
    /// `through` is the last sequence number the events stand for (some may not have been
    /// visible to this client); 0 means the last event's.
    bool append(const EventList &events, qint64 through = 0);
    /// Forgets everything: the server's store changed.
    bool reset(const QString &storeId);
    EventList readAll() const;
    /// The events of one incident (its UUID) in sequence order; empty when none are held.
    EventList readIncident(const QString &incidentId) const;

private:
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_storeId;
    QString m_error;
    qint64 m_lastSeq = 0;
};

} // namespace Firebreak
