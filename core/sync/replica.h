// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

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
    /// A value the desktop keeps beside the events (the permissions the server last gave,
    /// for working offline); empty when none was kept. Kept across reset().
    QString value(const QString &key) const;
    /// Keeps `value` under `key`; false with errorString().
    bool setValue(const QString &key, const QString &value);
    /// Hands every event to `visit` in order, one at a time, until it returns false: folding
    /// the whole replica without holding all of it. False when the replica cannot be read.
    bool visitAll(const std::function<bool(const Event &)> &visit) const;
    /// The events of one incident (its UUID) in sequence order; empty when none are held.
    EventList readIncident(const QString &incidentId) const;
    /// The events of one incident from sequence number `first` to `last` (both included) in
    /// order, leaving out the types in `skipped`. One indexed range read: for paging.
    EventList readIncident(const QString &incidentId, qint64 first, qint64 last,
                           const QString &skipped = {}) const;

    /**
     * Reads the events of one incident after sequence number `after` up to `through` (included)
     * in order from the replica file at `path`, on a connection of its own, and hands them to
     * `visit` one by one until it returns false. For worker threads: it touches no Replica
     * object. The events carry what wording them needs (sequence number, type, time, actor,
     * incident and data), not their id or hashes: reading fewer columns is most of the saving
     * when a whole long incident is read for a search. False with `error` when the file cannot
     * be read.
     */
    static bool visitIncident(const QString &path, const QString &incidentId, qint64 after,
                              qint64 through, const std::function<bool(const Event &)> &visit,
                              QString *error = nullptr);

private:
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_storeId;
    QString m_error;
    qint64 m_lastSeq = 0;
};

} // namespace Firebreak
