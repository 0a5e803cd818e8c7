// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <optional>

namespace Firebreak {

/// A head that was seen at some time: the log must still reach `seq` with this `hash`.
struct LogAnchor
{
    qint64 seq = 0;
    QByteArray hash;
    bool isValid() const { return seq > 0 && !hash.isEmpty(); }
};

/// What the verifier found. `firstBadSeq` is the first sequence number that is not as it must
/// be (0 when the log is intact).
struct VerifyResult
{
    bool ok = true;
    qint64 checked = 0;
    qint64 firstBadSeq = 0;
    QString reason;
};

/**
 * The append-only, hash-chained event log on SQLite.
 *
 * One writer: appends happen inside begin()/commit() on the thread that opened the store, and
 * get gap-free sequence numbers in commit order. Each event's hash covers the store id, its
 * predecessor's hash and its own fields (Event::canonicalForm). Not thread-safe.
 */
class EventStore
{
public:
    enum class Durability { Normal, Full };

    EventStore();
    ~EventStore();
    Q_DISABLE_COPY_MOVE(EventStore)

    /// Opens (creating if needed) the SQLite file and brings its schema up to date.
    bool open(const QString &path, Durability durability = Durability::Normal,
              int schemaTarget = -1);
    /**
     * Opens an existing store for reading only, for verification and inspection: the file is
     * never created, migrated or written (no store id is made up, no checkpoint runs), and
     * begin()/append() fail. A server may keep writing to the file meanwhile.
     */
    bool openReadOnly(const QString &path);
    QString errorString() const { return m_error; }
    void close();

    QString storeId() const { return m_storeId; }
    qint64 head() const { return m_head; }
    QByteArray headHash() const { return m_headHash; }
    LogAnchor anchor() const { return {m_head, m_headHash}; }

    bool begin();
    bool commit();
    void rollback();
    /// Assigns seq, prevHash and hash, then inserts. Only between begin() and commit().
    bool append(Event &event);

    /// Up to `limit` events with seq > after, in order.
    EventList readAfter(qint64 after, int limit) const;
    /// Up to `limit` events of one incident with seq > after, in order.
    EventList readIncident(const QString &incident, qint64 after, int limit) const;

    /// Walks the whole chain; with a valid anchor, also detects a truncated tail.
    VerifyResult verify(const LogAnchor &anchor = {}) const;

    QSqlDatabase database() const { return m_db; }

private:
    bool loadMeta();
    bool checkReadableSchema(const QString &path);
    EventList readEvents(QSqlQuery &query) const;

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_storeId;
    QString m_error;
    qint64 m_head = 0;
    QByteArray m_headHash;
    bool m_readOnly = false;
    qint64 m_committedHead = 0;
    QByteArray m_committedHeadHash;
    std::optional<QSqlQuery> m_insert;
};

} // namespace Firebreak
