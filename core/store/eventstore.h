// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUrl>

#include <map>
#include <memory>
#include <optional>

namespace Firebreak {

class SqliteAppender;
struct DecidedCommand;
class WalCheckpointer;

/// A head that was seen at some time: the log must still reach `seq` with this `hash`.
struct LogAnchor
{
    qint64 seq = 0;
    QByteArray hash;
    bool isValid() const { return seq > 0 && !hash.isEmpty(); }
};

/// The hash chain of one committed batch: `hashes` of its events in order, the first being
/// event `firstSeq`, which links to `previousHash`.
struct CommittedBatch
{
    qint64 firstSeq = 0;
    QByteArray previousHash;
    QList<QByteArray> hashes;

    /// Sets an event's prevHash and hash when it belongs to the batch; false otherwise.
    bool seal(Event &event) const
    {
        const qint64 index = event.seq - firstSeq;
        if (index < 0 || index >= hashes.size()) {
            return false;
        }
        event.prevHash = index == 0 ? previousHash : hashes.at(index - 1);
        event.hash = hashes.at(index);
        return true;
    }
};

/// What the verifier found. `firstBadSeq` is the first sequence number that is not as it must
/// be (0 when the log is intact).
struct VerifyResult
{
    bool ok = true;
    qint64 checked = 0;
    qint64 firstBadSeq = 0;
    QString reason;
    /// The store could not be read (a damaged file, not a broken chain): `reason` names the
    /// database's error, and `firstBadSeq` the first event that could not be read.
    bool unreadable = false;
};

/**
 * The append-only, hash-chained event log, on SQLite (a file) or PostgreSQL (a database that
 * several server replicas share).
 *
 * Appends happen inside begin()/commit() on the thread that opened the store and get gap-free
 * sequence numbers in commit order. Each event's hash covers the store id, its predecessor's
 * hash and its own fields (Event::canonicalForm). Not thread-safe.
 *
 * On SQLite the rows are hashed, inserted and committed by a thread of the store's own, on a
 * second connection: append() only queues the row, so that work overlaps with whatever the
 * caller does next, and commit() waits for the rows and the commit. Reads use the first connection
 * and see committed batches only.
 *
 * On SQLite the write-ahead log is checkpointed into the database file by a thread with its
 * own connection, so the writer's commits do not wait for the checkpoints' writes and fsyncs.
 *
 * On PostgreSQL the sequence number and hash of the newest event live in the head row, which
 * begin() locks (SELECT … FOR UPDATE) for the whole batch: replicas take turns, so they share
 * one log and one chain. begin() also hands back what other replicas committed since this
 * store last looked, and commit() sends one NOTIFY on notificationChannel() with the new head
 * sequence number, which LogListener receives in the other replicas.
 */
class EventStore
{
public:
    enum class Durability { Normal, Full };
    enum class Backend { SQLite, PostgreSQL };

    EventStore();
    ~EventStore();
    Q_DISABLE_COPY_MOVE(EventStore)

    /// True when `location` is a PostgreSQL URL (postgresql://… or postgres://…).
    static bool isDatabaseUrl(const QString &location);
    /// `location` fit for messages and logs: a URL loses its password.
    static QString displayLocation(const QString &location);
    /// The LISTEN/NOTIFY channel of PostgreSQL stores; the payload is the new head seq.
    static QString notificationChannel();

    /**
     * Opens (creating if needed) the store at `location` and brings its schema up to date:
     * a SQLite file path, or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?OPTIONS] (the
     * database must exist; libpq's PGPASSWORD and ~/.pgpass apply; OPTIONS are libpq keywords
     * such as sslmode). Durability applies to SQLite; PostgreSQL follows its own settings.
     */
    bool open(const QString &location, Durability durability = Durability::Normal,
              int schemaTarget = -1);
    /**
     * Opens an existing store for reading only, for verification and inspection: the store is
     * never created, migrated or written (no store id is made up, no checkpoint runs), and
     * begin()/append() fail. A server may keep writing to it meanwhile.
     */
    bool openReadOnly(const QString &location);
    QString errorString() const { return m_error; }
    void close();

    Backend backend() const { return m_backend; }
    QString storeId() const { return m_storeId; }
    /// The newest event this store has appended or seen (other replicas' included).
    qint64 head() const { return m_head; }
    QByteArray headHash() const { return m_headHash; }
    LogAnchor anchor() const { return {m_head, m_headHash}; }

    /**
     * Starts a batch. On PostgreSQL it waits for the head row's lock; the events other
     * replicas committed after head() are then appended to `committedElsewhere` (if given) in
     * order, and head() moves past them.
     */
    bool begin(EventList *committedElsewhere = nullptr);
    bool commit();
    void rollback();
    /**
     * Assigns seq and queues the event for the batch. Only between begin() and commit(). The
     * row is written later, so a bad row fails the commit rather than this call: on SQLite by
     * the store's append thread while the caller goes on, on PostgreSQL at commit(), in a few
     * multi-row statements. On SQLite that thread also computes prevHash and hash, so they
     * are left empty here: lastCommit() gives them once the batch has committed (PostgreSQL
     * sets them here as well).
     */
    bool append(Event &event);
    /// The hashes of the events the last successful commit() stored, for callers that hand
    /// those events on (answers, fan-out): see CommittedBatch::seal().
    const CommittedBatch &lastCommit() const { return m_lastCommit; }
    /// Records a decided command (CommandLog) in the batch's transaction; like append(), a
    /// failure to write it fails the commit.
    bool recordCommand(const QString &commandId, const DecidedCommand &command, qint64 at);

    /**
     * Outside a batch: up to `limit` events that other replicas committed after head(), in
     * order; head() moves past them. Always empty on SQLite, which has one writer.
     */
    EventList catchUp(int limit);

    /// Up to `limit` events with seq > after and at most head(), in order. `ok`, if given,
    /// tells an empty answer from a failed read (a lost database connection).
    EventList readAfter(qint64 after, int limit, bool *ok = nullptr) const;
    /**
     * After a read failed: on PostgreSQL, between batches, opens the connection again (a
     * database restarted drops it, and only a write would otherwise open it again); true when
     * a read is worth trying again. False on SQLite, whose reads fail for other reasons.
     */
    bool reconnectAfterFailedRead();
    /// Up to `limit` events of one incident with seq > after and at most head(), in order. No
    /// index serves it (the server reads timelines through readSeqs() and the projection's
    /// Projection::incidentEventSeqs()): a scan of the log, for tools and tests.
    EventList readIncident(const QString &incident, qint64 after, int limit) const;
    /// The events with these sequence numbers (ascending), at most head(), in order. `ok`, if
    /// given, tells an incomplete answer from a failed read.
    EventList readSeqs(const QList<qint64> &seqs, bool *ok = nullptr) const;

    /// Walks the whole chain; with a valid anchor, also detects a truncated tail.
    VerifyResult verify(const LogAnchor &anchor = {}) const;

    QSqlDatabase database() const { return m_db; }

private:
    bool openConnection(const QString &location);
    bool openPostgres(const QUrl &url);
    bool configureSqlite(Durability durability);
    bool loadMeta();
    bool loadStoreId();
    bool loadHead();
    bool prepareStatements();
    bool checkReadableSchema();
    bool lockHead(EventList *committedElsewhere);
    bool takeEventsUpTo(qint64 seq, const QByteArray &hash, EventList *events);
    bool linksToHead(const EventList &events) const;
    bool insertPending();
    bool insertRows(qsizetype from, int count);
    bool advanceHeadRow();
    EventList readRange(qint64 after, qint64 through, int limit, bool *ok = nullptr) const;
    qint64 readableHead() const;
    EventList readEvents(QSqlQuery &query, bool *ok = nullptr) const;
    /// The columns reads select, in s_columns' order (as bytes on SQLite).
    QLatin1StringView readColumns() const;
    bool reconnect();

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_location;
    QString m_storeId;
    QString m_error;
    Backend m_backend = Backend::SQLite;
    qint64 m_head = 0;
    QByteArray m_headHash;
    bool m_readOnly = false;
    bool m_inBatch = false;
    qint64 m_committedHead = 0;
    QByteArray m_committedHeadHash;
    /// SQLite: the inserts and commits, on a thread and a connection of their own.
    std::unique_ptr<SqliteAppender> m_appender;
    Durability m_durability = Durability::Normal;
    std::optional<QSqlQuery> m_lockHead;
    std::optional<QSqlQuery> m_advanceHead;
    std::map<int, QSqlQuery> m_bulkInserts;
    EventList m_pending;
    QList<QByteArray> m_batchHashes;
    CommittedBatch m_lastCommit;
    /// SQLite: copies the write-ahead log into the database on a thread of its own.
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace Firebreak
