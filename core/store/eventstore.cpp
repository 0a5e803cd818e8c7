// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "eventstore.h"

#include "commandlog.h"
#include "events/utf8.h"
#include "migrations.h"
#include "writercpu.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <limits>
#include <mutex>
#include <thread>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "firebreak.store", QtWarningMsg)

namespace Firebreak {

namespace {
std::atomic<int> s_connectionCounter{0};
constexpr auto s_columns = "seq, id, type, at, actor, incident, data, prev_hash, hash";
// What reads select on SQLite: the texts as their bytes. Read as text, SQLite hands them over
// in UTF-16 and turns U+FFFE and U+FFFF into U+FFFD on the way, so an event holding either
// (a label value, a title) no longer matched its hash and the store refused to start.
constexpr auto s_sqliteReadColumns = "seq, CAST(id AS BLOB), CAST(type AS BLOB), at,"
                                     " CAST(actor AS BLOB), CAST(incident AS BLOB),"
                                     " CAST(data AS BLOB), prev_hash, hash";

// A text column as read: bytes (SQLite, see s_sqliteReadColumns) or a QString (PostgreSQL).
QString textOf(const QVariant &value)
{
    return value.typeId() == QMetaType::QByteArray ? fromUtf8KeepingMark(value.toByteArray())
                                                   : value.toString();
}

QByteArray bytesOf(const QVariant &value)
{
    return value.typeId() == QMetaType::QByteArray ? value.toByteArray()
                                                   : value.toString().toUtf8();
}
constexpr auto s_values = "(?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, '{}'),"
                          " COALESCE(?, ''), ?)";
// Rows per INSERT on PostgreSQL, largest first: a batch of n rows takes at most a few
// statements, each a single round trip, and only these few statements are ever prepared.
constexpr int s_chunkSizes[] = {512, 64, 8, 1};
constexpr int s_pageSize = 5000;
// The page size of a new SQLite store. Appending a large batch writes every page it fills to
// the log, one system call per page: with 16 KiB pages instead of SQLite's 4 KiB, 6 % more
// alerts per second at 64 alerts per request in the benchmark (up to 20 % in shorter runs), the
// same at one (docs/performance.md, eighth pass). A store keeps the page size it was made with.
constexpr int s_databasePageBytes = 16384;
// The writer's own connection checkpoints only when the log is this long (64 MiB of pages of
// the size above; a quarter of that in an older store of 4 KiB pages): normally the
// checkpoint thread has long done it.
constexpr int s_writerCheckpointPages = (64 << 20) / s_databasePageBytes;
// The writer's page cache, in KiB. SQLite's default (2 MiB) is less than one large batch
// writes, so it spilled pages into the log in the middle of transactions and read index pages
// back through system calls (docs/performance.md).
constexpr int s_writerCacheKiB = 65536;
} // namespace

/**
 * Checkpoints a SQLite store's write-ahead log on a thread of its own, with its own
 * connection: a passive checkpoint (it never blocks the writer) shortly after commits. The
 * writer's connection then checkpoints only if the log grows far (s_writerCheckpointPages),
 * which keeps checkpoint writes and their fsyncs off the writer's thread. Durability does not
 * change: a commit is durable once it is in the log.
 */
class WalCheckpointer
{
public:
    explicit WalCheckpointer(const QString &location)
        : m_location(location)
        , m_thread([this]() { run(); })
    {
    }
    ~WalCheckpointer()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

    /// Something was committed: checkpoint soon.
    void poke()
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_committed) {
                return;
            }
            m_committed = true;
        }
        m_wake.notify_one();
    }

private:
    void run()
    {
        WriterCpu::placeHelperThread("fb-checkpoint");
        const QString name = u"firebreak-checkpoint-%1"_s.arg(++s_connectionCounter);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_location);
            if (db.open()) {
                QSqlQuery(u"PRAGMA busy_timeout=5000"_s, db);
                loop(db);
            } else {
                qCWarning(lcStore) << "cannot open" << m_location
                                   << "for checkpoints:" << db.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    void loop(QSqlDatabase &db)
    {
        QSqlQuery checkpoint(db);
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this]() { return m_committed || m_stopping; });
            if (m_stopping) {
                return;
            }
            // Let commits gather: one checkpoint per interval at most.
            m_wake.wait_for(lock, s_interval, [this]() { return m_stopping; });
            if (m_stopping) {
                return;
            }
            m_committed = false;
            lock.unlock();
            if (!checkpoint.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
                qCWarning(lcStore) << "checkpoint of" << m_location
                                   << "failed:" << checkpoint.lastError().text();
            }
            checkpoint.finish();
            lock.lock();
        }
    }

    static constexpr std::chrono::milliseconds s_interval{100};
    const QString m_location;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_committed = false;
    bool m_stopping = false;
    std::thread m_thread;
};

/**
 * The SQLite append statement, run through SQLite's own interface on Qt's connection (the
 * same sqlite3 handle, so inside the writer's transaction). Binding through QSqlQuery turned
 * every value into a QVariant and the data text into UTF-16, which SQLite then turned back
 * into UTF-8: that was most of an append's cost (docs/performance.md). The values and their
 * NULLs are the ones QSqlQuery would bind, so the rows are the same.
 */
class SqliteAppend
{
public:
    SqliteAppend() = default;
    ~SqliteAppend() { finalize(); }
    Q_DISABLE_COPY_MOVE(SqliteAppend)

    void finalize()
    {
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
    }

    bool prepare(sqlite3 *db, const QString &sql, QString *error)
    {
        m_db = db;
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v3(m_db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT,
                               &m_statement, nullptr)
            != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
            return false;
        }
        return true;
    }

    bool insert(const Event &event, QString *error)
    {
        const QByteArray id = event.id.toUtf8();
        const QByteArray type = event.type.toUtf8();
        const QByteArray actor = event.actor.toUtf8();
        const QByteArray incident = event.incident.toUtf8();
        sqlite3_bind_int64(m_statement, 1, event.seq);
        bindText(2, id, event.id.isNull());
        bindText(3, type, event.type.isNull());
        sqlite3_bind_int64(m_statement, 4, event.at);
        bindText(5, actor, event.actor.isNull());
        bindText(6, incident, event.incident.isNull());
        bindText(7, event.dataJson, event.dataJson.isNull());
        bindText(8, event.prevHash, event.prevHash.isNull());
        bindText(9, event.hash, event.hash.isNull());
        const int result = sqlite3_step(m_statement);
        sqlite3_reset(m_statement);
        if (result != SQLITE_DONE) {
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
            return false;
        }
        return true;
    }

private:
    // The text stays alive until the step: SQLite need not copy it.
    void bindText(int column, const QByteArray &text, bool null)
    {
        if (null) {
            sqlite3_bind_null(m_statement, column);
        } else {
            sqlite3_bind_text(m_statement, column, text.constData(), int(text.size()),
                              SQLITE_STATIC);
        }
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
};

/**
 * The SQLite side of appending, with a connection of its own and a helper thread: linking and
 * hashing each event, the inserts and the command records run on the helper while the
 * writer's thread goes on deciding the rest of the batch. Operations run in the order they
 * were queued, by whichever thread holds the connection: begin(), append() and recordCommand()
 * only queue (and wake the helper once enough has gathered); commit() and rollback() take the
 * connection, run whatever the helper has not reached yet, and finish the batch themselves. So
 * the writer never waits for the helper to be scheduled, which on a busy machine took longer
 * than the work (small batches are simply written at commit, as before). The first failure in
 * a batch is kept: nothing later in the batch is written, and commit() reports it, after which
 * the caller rolls back.
 */
class SqliteAppender
{
public:
    /// `headHash`: the hash of the newest event stored, which the next one links to.
    SqliteAppender(const QString &location, EventStore::Durability durability,
                   const QString &storeId, const QByteArray &headHash)
        : m_location(location)
        , m_durability(durability)
        , m_storeId(storeId)
        , m_previousHash(headHash)
        , m_committedHash(headHash)
    {
    }
    ~SqliteAppender()
    {
        if (m_thread.joinable()) {
            {
                std::lock_guard lock(m_mutex);
                m_stopping = true;
            }
            m_wake.notify_one();
            m_thread.join();
        }
        m_append.finalize();
        sqlite3_close_v2(m_db);
    }
    Q_DISABLE_COPY_MOVE(SqliteAppender)

    /// Opens the connection and starts the helper; false (with the reason) when it cannot.
    bool start(QString *error)
    {
        if (!open()) {
            *error = m_error;
            return false;
        }
        m_thread = std::thread([this]() { help(); });
        return true;
    }

    void begin() { queue(Op(Op::Begin)); }

    // Only the stored fields travel: the data object stays with the writer's thread.
    void append(const Event &event)
    {
        Op op(Op::Append);
        op.event.seq = event.seq;
        op.event.id = event.id;
        op.event.type = event.type;
        op.event.at = event.at;
        op.event.actor = event.actor;
        op.event.incident = event.incident;
        op.event.dataJson = event.dataJson;
        queue(std::move(op));
    }

    void recordCommand(const QString &commandId, const DecidedCommand &command, qint64 at)
    {
        Op op(Op::Command);
        op.commandId = commandId;
        op.command = command;
        op.at = at;
        queue(std::move(op));
    }

    /// Writes what is still queued and commits; `hashes` gets those of the batch's events.
    bool commit(QString *error, QList<QByteArray> *hashes)
    {
        publish();
        m_writerWaiting = true;
        std::lock_guard connection(m_connection);
        m_writerWaiting = false;
        while (runQueued(std::numeric_limits<std::size_t>::max())) {
        }
        const bool ok = !m_failed && exec("COMMIT");
        if (ok) {
            m_committedHash = m_previousHash;
            hashes->swap(m_batchHashes);
        } else {
            *error = m_error;
        }
        m_batchHashes.clear();
        dropQueue();
        return ok;
    }

    /// Drops what is still queued and rolls the batch back.
    void rollback()
    {
        m_staged.clear();
        m_writerWaiting = true;
        std::lock_guard connection(m_connection);
        m_writerWaiting = false;
        dropQueue();
        if (m_db && sqlite3_get_autocommit(m_db) == 0) {
            exec("ROLLBACK");
        }
        m_failed = false;
        m_batchHashes.clear();
        m_previousHash = m_committedHash;
    }

private:
    struct Op
    {
        enum Kind { Begin, Append, Command };
        explicit Op(Kind k)
            : kind(k)
        {
        }
        Kind kind;
        Event event;
        QString commandId;
        DecidedCommand command;
        qint64 at = 0;
    };

    // The helper is woken once this much waits, not for every row: a handful of rows is
    // written faster at commit than a wake-up takes. It holds the connection for a few rows at
    // a time, so the writer's commit never waits long for it.
    static constexpr std::size_t s_wakeAt = 32;
    static constexpr std::size_t s_chunk = 64;
    // The writer drops ops that have run once this many have (publish()).
    static constexpr std::size_t s_dropAt = 1024;

    // Ops gather on the writer's side and move to the helper's queue s_wakeAt at a time,
    // under one lock: a lock per op was a measurable share of the writer's thread.
    void queue(Op op)
    {
        m_staged.push_back(std::move(op));
        if (m_staged.size() >= s_wakeAt) {
            publish();
        }
    }

    void publish()
    {
        if (m_staged.empty()) {
            return;
        }
        bool wake = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_done >= s_dropAt) {
                // Ops that have run go here, on the thread that made them. Erasing at the
                // front leaves the others where they are (the helper may be running them).
                m_queue.erase(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(m_done));
                m_next -= m_done;
                m_done = 0;
            }
            std::move(m_staged.begin(), m_staged.end(), std::back_inserter(m_queue));
            wake = m_idle && !m_wakeRequested && m_queue.size() - m_next >= s_wakeAt;
            m_wakeRequested = m_wakeRequested || wake;
        }
        m_staged.clear();
        if (wake) {
            m_wake.notify_one();
        }
    }

    void help()
    {
        WriterCpu::placeHelperThread("fb-append");
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_idle = true;
                m_wake.wait(lock, [this]() { return m_stopping || m_wakeRequested; });
                if (m_stopping) {
                    return;
                }
                // The writer may have written it all meanwhile; then there is nothing to do.
                m_wakeRequested = false;
                m_idle = false;
            }
            // Until the queue is empty, or the writer wants the connection to commit.
            for (bool more = true; more && !m_writerWaiting;) {
                std::lock_guard connection(m_connection);
                more = runQueued(s_chunk);
            }
        }
    }

    // Under m_connection: ops are taken from the queue only by the thread that holds the
    // connection, and run before it lets go, so they run in order. Runs at most `limit` of
    // them; false when none was waiting. They stay in the queue, where appending does not move
    // them, until the writer drops the batch's: the helper freeing what the writer's thread
    // allocated took the allocator's lock the writer needed, thousands of times a second.
    bool runQueued(std::size_t limit)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_next == m_queue.size()) {
                return false;
            }
            const std::size_t end = m_next + std::min(limit, m_queue.size() - m_next);
            m_running.clear();
            for (; m_next < end; ++m_next) {
                m_running.push_back(&m_queue[m_next]);
            }
        }
        for (Op *op : m_running) {
            run(*op);
        }
        std::lock_guard lock(m_mutex);
        m_done += m_running.size();
        return true;
    }

    // Under m_connection, on the writer's thread, once every op of the batch has run.
    void dropQueue()
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        m_next = 0;
        m_done = 0;
    }

    void run(Op &op)
    {
        switch (op.kind) {
        case Op::Begin:
            m_failed = !exec("BEGIN");
            m_batchHashes.clear();
            m_previousHash = m_committedHash;
            break;
        case Op::Append:
            store(op.event);
            break;
        case Op::Command:
            m_failed = m_failed || !insertCommand(op);
            break;
        }
    }

    // The chain goes on from the previous event of the batch, or the last one committed.
    void store(Event &event)
    {
        if (m_failed) {
            return;
        }
        event.prevHash = m_previousHash;
        event.hash = event.computeHash(m_storeId);
        if (!m_append.insert(event, &m_error)) {
            m_error = u"cannot store event %1 (%2): %3"_s.arg(event.seq).arg(event.type, m_error);
            m_failed = true;
            return;
        }
        m_previousHash = event.hash;
        m_batchHashes.append(event.hash);
    }

    bool open()
    {
        const QByteArray path = m_location.toUtf8();
        if (sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                            nullptr)
            != SQLITE_OK) {
            m_error = u"cannot open %1 for appending: %2"_s.arg(
                m_location, QString::fromUtf8(sqlite3_errmsg(m_db)));
            return false;
        }
        const QByteArray synchronous = m_durability == EventStore::Durability::Full
            ? QByteArrayLiteral("FULL")
            : QByteArrayLiteral("NORMAL");
        const QByteArray pragmas[] = {
            "PRAGMA busy_timeout=5000",
            "PRAGMA synchronous=" + synchronous,
            "PRAGMA wal_autocheckpoint=" + QByteArray::number(s_writerCheckpointPages),
            "PRAGMA cache_size=-" + QByteArray::number(s_writerCacheKiB),
        };
        for (const QByteArray &pragma : pragmas) {
            if (!exec(pragma.constData())) {
                return false;
            }
        }
        const QString insert = u"INSERT INTO events (%1) VALUES %2"_s.arg(
            QLatin1StringView(s_columns), QLatin1StringView(s_values));
        return m_append.prepare(m_db, insert, &m_error);
    }

    bool exec(const char *sql)
    {
        char *message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK) {
            return true;
        }
        m_error = u"%1 on %2: %3"_s.arg(QString::fromUtf8(sql), m_location,
                                        QString::fromUtf8(message ? message
                                                                  : sqlite3_errmsg(m_db)));
        sqlite3_free(message);
        return false;
    }

    // The same row CommandLog::record writes, on this connection.
    bool insertCommand(const Op &op)
    {
        sqlite3_stmt *statement = nullptr;
        const char *sql = "INSERT INTO commands (id, actor, at, status, code, message, first_seq,"
                          " last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        if (sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr) != SQLITE_OK) {
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
            return false;
        }
        const QByteArray id = op.commandId.toUtf8();
        const QByteArray actor = op.command.actor.toUtf8();
        const QByteArray code = op.command.code.toUtf8();
        const QByteArray message = op.command.message.toUtf8();
        auto text = [statement](int column, const QByteArray &value, bool null) {
            if (null) {
                sqlite3_bind_null(statement, column);
            } else {
                sqlite3_bind_text(statement, column, value.constData(), int(value.size()),
                                  SQLITE_STATIC);
            }
        };
        text(1, id, op.commandId.isNull());
        text(2, actor, op.command.actor.isNull());
        sqlite3_bind_int64(statement, 3, op.at);
        sqlite3_bind_int64(statement, 4, op.command.status);
        text(5, code, false);
        text(6, message, false);
        sqlite3_bind_int64(statement, 7, op.command.firstSeq);
        sqlite3_bind_int64(statement, 8, op.command.lastSeq);
        const bool ok = sqlite3_step(statement) == SQLITE_DONE;
        if (!ok) {
            m_error = u"cannot record command %1: %2"_s.arg(
                op.commandId, QString::fromUtf8(sqlite3_errmsg(m_db)));
        }
        sqlite3_finalize(statement);
        return ok;
    }

    const QString m_location;
    const EventStore::Durability m_durability;
    std::thread m_thread;

    // The queue, shared by the writer's thread and the helper.
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Op> m_queue;
    /// The first op of m_queue not taken to run yet, and the number of those that have run.
    std::size_t m_next = 0;
    std::size_t m_done = 0;
    /// Queued by the writer and not yet handed to m_queue (the writer's thread only).
    std::vector<Op> m_staged;
    bool m_idle = false;
    bool m_wakeRequested = false;
    bool m_stopping = false;
    std::atomic<bool> m_writerWaiting = false;

    // Held by whichever thread runs operations; everything below belongs to it meanwhile.
    std::mutex m_connection;
    std::vector<Op *> m_running;
    sqlite3 *m_db = nullptr;
    SqliteAppend m_append;
    bool m_failed = false;
    QString m_error;
    const QString m_storeId;
    QByteArray m_previousHash;
    QByteArray m_committedHash;
    QList<QByteArray> m_batchHashes;
};

EventStore::EventStore()
    : m_connectionName(u"firebreak-store-%1"_s.arg(++s_connectionCounter))
{
}

EventStore::~EventStore()
{
    close();
}

bool EventStore::isDatabaseUrl(const QString &location)
{
    return location.startsWith(u"postgresql://") || location.startsWith(u"postgres://");
}

QString EventStore::displayLocation(const QString &location)
{
    if (!isDatabaseUrl(location)) {
        return location;
    }
    return QUrl(location).toDisplayString(QUrl::RemovePassword);
}

QString EventStore::notificationChannel()
{
    return u"firebreak_log"_s;
}

void EventStore::close()
{
    m_appender.reset();
    m_checkpointer.reset();
    m_lockHead.reset();
    m_advanceHead.reset();
    m_bulkInserts.clear();
    m_pending.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool EventStore::open(const QString &location, Durability durability, int schemaTarget)
{
    m_readOnly = false;
    m_durability = durability;
    if (!openConnection(location)) {
        return false;
    }
    if (m_backend == Backend::SQLite && !configureSqlite(durability)) {
        return false;
    }
    if (!migrate(m_db, &m_error, schemaTarget)) {
        m_error = displayLocation(location) + u": "_s + m_error;
        return false;
    }
    if (!loadMeta()) {
        return false;
    }
    if (m_backend == Backend::SQLite) {
        m_checkpointer = std::make_unique<WalCheckpointer>(location);
    }
    return true;
}

bool EventStore::openReadOnly(const QString &location)
{
    m_readOnly = true;
    if (!openConnection(location)) {
        return false;
    }
    const QString statement = m_backend == Backend::SQLite
        ? u"PRAGMA busy_timeout=5000"_s
        : u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s;
    QSqlQuery query(m_db);
    if (!query.exec(statement)) {
        m_error = u"cannot read %1: %2"_s.arg(displayLocation(location),
                                              query.lastError().text());
        return false;
    }
    return checkReadableSchema() && loadMeta();
}

bool EventStore::openConnection(const QString &location)
{
    m_location = location;
    if (isDatabaseUrl(location)) {
        m_backend = Backend::PostgreSQL;
        return openPostgres(QUrl(location));
    }
    m_backend = Backend::SQLite;
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(location);
    if (m_readOnly) {
        m_db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
    }
    if (!m_db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(location, m_db.lastError().text());
        return false;
    }
    return true;
}

// The password goes to the driver only: every message names the URL without it.
bool EventStore::openPostgres(const QUrl &url)
{
    const QString shown = url.toDisplayString(QUrl::RemovePassword);
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
    if (!m_db.isValid()) {
        m_error = u"cannot open %1: Qt's PostgreSQL driver (QPSQL, Debian package"
                  " libqt6sql6-psql) is not installed"_s.arg(shown);
        return false;
    }
    const QString database = url.path(QUrl::FullyDecoded).mid(1);
    if (!url.isValid() || url.host().isEmpty() || database.isEmpty()) {
        m_error = u"%1 is not a PostgreSQL URL of the form"
                  " postgresql://USER@HOST:PORT/DATABASE"_s.arg(shown);
        return false;
    }
    m_db.setHostName(url.host());
    m_db.setPort(url.port(5432));
    m_db.setDatabaseName(database);
    m_db.setUserName(url.userName(QUrl::FullyDecoded));
    m_db.setPassword(url.password(QUrl::FullyDecoded));
    QStringList options;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        options << key + u'=' + value;
    }
    m_db.setConnectOptions(options.join(u';'));
    if (!m_db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(shown, m_db.lastError().text().trimmed());
        return false;
    }
    return true;
}

bool EventStore::configureSqlite(Durability durability)
{
    QSqlQuery pragma(m_db);
    const QString synchronous = durability == Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    // Before anything is written: a new file takes its page size from its first write.
    for (const QString &statement : {u"PRAGMA page_size=%1"_s.arg(s_databasePageBytes),
                                     u"PRAGMA journal_mode=WAL"_s,
                                     QString(u"PRAGMA synchronous="_s + synchronous),
                                     u"PRAGMA busy_timeout=5000"_s,
                                     u"PRAGMA wal_autocheckpoint=%1"_s.arg(
                                         s_writerCheckpointPages),
                                     u"PRAGMA cache_size=-%1"_s.arg(s_writerCacheKiB)}) {
        if (!pragma.exec(statement)) {
            m_error = u"%1 on %2: %3"_s.arg(statement, m_location, pragma.lastError().text());
            return false;
        }
    }
    return true;
}

// A read-only store cannot be migrated: it must already have a schema this program knows.
bool EventStore::checkReadableSchema()
{
    const int version = schemaVersion(m_db);
    const int newest = int(storeMigrations().size());
    const QString shown = displayLocation(m_location);
    if (version < 1 || version > newest) {
        m_error = version < 1 ? u"%1 is not a Firebreak store"_s.arg(shown)
                              : u"%1 has schema version %2, newer than this program's %3"_s
                                    .arg(shown).arg(version).arg(newest);
        return false;
    }
    return true;
}

bool EventStore::loadMeta()
{
    return loadStoreId() && loadHead() && prepareStatements();
}

// Replicas starting together on an empty database may race here: the first id wins.
bool EventStore::loadStoreId()
{
    QSqlQuery query(m_db);
    query.exec(u"SELECT value FROM meta WHERE key = 'store_id'"_s);
    if (query.next()) {
        m_storeId = query.value(0).toString();
        return true;
    }
    if (m_readOnly) {
        m_error = u"the store has no id"_s;
        return false;
    }
    query.prepare(u"INSERT INTO meta (key, value) VALUES ('store_id', ?)"
                  " ON CONFLICT (key) DO NOTHING"_s);
    query.addBindValue(newUuid());
    if (!query.exec() || !query.exec(u"SELECT value FROM meta WHERE key = 'store_id'"_s)
        || !query.next()) {
        m_error = query.lastError().text();
        return false;
    }
    m_storeId = query.value(0).toString();
    return true;
}

bool EventStore::loadHead()
{
    QSqlQuery query(m_db);
    const QString statement = m_backend == Backend::SQLite
        ? u"SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"_s
        : u"SELECT seq, hash FROM log_head WHERE id = 1"_s;
    if (!query.exec(statement)) {
        m_error = query.lastError().text();
        return false;
    }
    m_head = 0;
    m_headHash.clear();
    if (query.next()) {
        m_head = query.value(0).toLongLong();
        m_headHash = query.value(1).toString().toLatin1();
    }
    m_committedHead = m_head;
    m_committedHeadHash = m_headHash;
    return true;
}

bool EventStore::prepareStatements()
{
    if (m_readOnly) {
        return true;
    }
    if (m_backend == Backend::SQLite) {
        m_appender = std::make_unique<SqliteAppender>(m_location, m_durability, m_storeId,
                                                      m_headHash);
        if (!m_appender->start(&m_error)) {
            m_appender.reset();
            return false;
        }
        return true;
    }
    m_lockHead.emplace(m_db);
    m_advanceHead.emplace(m_db);
    // One statement moves the head row and notifies the other replicas once for the batch.
    const bool ok = m_lockHead->prepare(
                        u"SELECT seq, hash FROM log_head WHERE id = 1 FOR UPDATE"_s)
        && m_advanceHead->prepare(
            u"WITH moved AS (UPDATE log_head SET seq = ?, hash = ? WHERE id = 1 RETURNING seq)"
            " SELECT pg_notify('%1', CAST(seq AS TEXT)) FROM moved"_s.arg(
                notificationChannel()));
    if (!ok) {
        m_error = m_lockHead->lastError().text() + m_advanceHead->lastError().text();
    }
    return ok;
}

bool EventStore::begin(EventList *committedElsewhere)
{
    m_batchHashes.clear();
    if (m_readOnly) {
        m_error = u"the store is open read-only"_s;
        return false;
    }
    if (m_backend == Backend::SQLite) {
        if (!m_appender) {
            m_error = u"the store is not open"_s;
            return false;
        }
        // Queued: a failure to begin surfaces at commit(), like a failed insert.
        m_appender->begin();
        m_error.clear();
        m_inBatch = true;
        return true;
    }
    // A lost PostgreSQL connection (a restarted server) is opened again, once per batch.
    for (int attempt = 0; attempt < 2 && !m_inBatch; ++attempt) {
        m_error.clear();
        m_inBatch = m_db.transaction() && lockHead(committedElsewhere);
        if (!m_inBatch) {
            m_error = m_error.isEmpty() ? m_db.lastError().text() : m_error;
            m_db.rollback();
            if (attempt == 0 && !reconnect()) {
                break;
            }
        }
    }
    return m_inBatch;
}

bool EventStore::reconnect()
{
    qCWarning(lcStore).noquote() << "reconnecting to" << displayLocation(m_location) << "after:"
                                 << m_error;
    m_lockHead.reset();
    m_advanceHead.reset();
    m_bulkInserts.clear();
    m_db.close();
    if (!m_db.open()) {
        m_error = u"cannot reconnect to %1: %2"_s.arg(displayLocation(m_location),
                                                      m_db.lastError().text().trimmed());
        return false;
    }
    m_error.clear();
    return prepareStatements();
}

bool EventStore::reconnectAfterFailedRead()
{
    if (m_backend != Backend::PostgreSQL || m_inBatch) {
        return false;
    }
    m_error = u"a read failed"_s;
    return reconnect();
}

// Under the head row's lock nobody else can append, so whatever lies between our head and the
// locked one is committed and complete.
bool EventStore::lockHead(EventList *committedElsewhere)
{
    if (!m_lockHead) {
        m_error = u"not connected"_s;
        return false;
    }
    QSqlQuery &lock = *m_lockHead;
    if (!lock.exec() || !lock.next()) {
        m_error = u"cannot lock the log's head: "_s + lock.lastError().text();
        return false;
    }
    const qint64 seq = lock.value(0).toLongLong();
    const QByteArray hash = lock.value(1).toString().toLatin1();
    lock.finish();
    if (seq < m_head) {
        m_error = u"the log's head went back from %1 to %2: was the database restored?"_s
                      .arg(m_head).arg(seq);
        return false;
    }
    EventList events;
    if (seq > m_head && !takeEventsUpTo(seq, hash, &events)) {
        return false;
    }
    if (committedElsewhere) {
        *committedElsewhere += events;
    }
    return true;
}

bool EventStore::takeEventsUpTo(qint64 seq, const QByteArray &hash, EventList *events)
{
    while (m_head < seq) {
        const EventList page = readRange(m_head, seq, s_pageSize);
        if (page.isEmpty() || !linksToHead(page)) {
            m_error = u"the log does not continue from %1 to %2 as its head row says"_s
                          .arg(m_head).arg(seq);
            return false;
        }
        m_head = page.last().seq;
        m_headHash = page.last().hash;
        *events += page;
    }
    if (m_headHash != hash) {
        m_error = u"event %1 does not match the log's head row"_s.arg(seq);
        return false;
    }
    m_committedHead = m_head;
    m_committedHeadHash = m_headHash;
    return true;
}

bool EventStore::linksToHead(const EventList &events) const
{
    qint64 seq = m_head;
    QByteArray previous = m_headHash;
    for (const Event &event : events) {
        if (event.seq != seq + 1 || event.prevHash != previous) {
            return false;
        }
        seq = event.seq;
        previous = event.hash;
    }
    return true;
}

bool EventStore::commit()
{
    if (!m_inBatch) {
        m_error = u"commit outside a batch"_s;
        return false;
    }
    bool stored = false;
    QList<QByteArray> hashes;
    if (m_backend == Backend::SQLite) {
        stored = m_appender->commit(&m_error, &hashes);
    } else {
        hashes.swap(m_batchHashes);
        const bool written = insertPending()
            && (m_head == m_committedHead || advanceHeadRow());
        stored = written && m_db.commit();
        if (written && !stored) {
            m_error = m_db.lastError().text();
        }
    }
    if (!stored) {
        qCWarning(lcStore).noquote() << "commit failed:" << m_error;
        return false;
    }
    m_inBatch = false;
    if (!hashes.isEmpty()) {
        m_headHash = hashes.last();
    }
    m_lastCommit = {m_committedHead + 1, m_committedHeadHash, std::move(hashes)};
    m_committedHead = m_head;
    m_committedHeadHash = m_headHash;
    if (m_checkpointer) {
        m_checkpointer->poke();
    }
    return true;
}

void EventStore::rollback()
{
    m_pending.clear();
    m_batchHashes.clear();
    if (m_appender) {
        m_appender->rollback();
    } else {
        m_db.rollback();
    }
    m_inBatch = false;
    m_head = m_committedHead;
    m_headHash = m_committedHeadHash;
}

bool EventStore::append(Event &event)
{
    if (!m_inBatch) {
        m_error = m_readOnly ? u"the store is open read-only"_s : u"append outside a batch"_s;
        return false;
    }
    event.seq = m_head + 1;
    if (m_backend == Backend::PostgreSQL) {
        event.prevHash = m_headHash;
        event.hash = event.computeHash(m_storeId);
        m_pending.append(event);
        m_batchHashes.append(event.hash);
        m_head = event.seq;
        m_headHash = event.hash;
        return true;
    }

    // The append thread links and hashes it; head() moves now, headHash() at the commit.
    event.prevHash.clear();
    event.hash.clear();
    m_appender->append(event);
    m_head = event.seq;
    return true;
}

bool EventStore::recordCommand(const QString &commandId, const DecidedCommand &command,
                               qint64 at)
{
    if (!m_inBatch) {
        m_error = u"command record outside a batch"_s;
        return false;
    }
    if (m_appender) {
        m_appender->recordCommand(commandId, command, at);
        return true;
    }
    CommandLog log(m_db);
    if (!log.record(commandId, command, at)) {
        m_error = log.errorString();
        return false;
    }
    return true;
}

bool EventStore::insertPending()
{
    qsizetype from = 0;
    for (const int size : s_chunkSizes) {
        for (; m_pending.size() - from >= size; from += size) {
            if (!insertRows(from, size)) {
                m_pending.clear();
                return false;
            }
        }
    }
    m_pending.clear();
    return true;
}

bool EventStore::insertRows(qsizetype from, int count)
{
    auto [it, created] = m_bulkInserts.try_emplace(count, m_db);
    QSqlQuery &insert = it->second;
    if (created) {
        const QStringList rows(count, QLatin1StringView(s_values));
        if (!insert.prepare(u"INSERT INTO events (%1) VALUES %2"_s.arg(
                QLatin1StringView(s_columns), rows.join(u',')))) {
            m_error = u"cannot prepare an insert: "_s + insert.lastError().text();
            m_bulkInserts.erase(it);
            return false;
        }
    }
    int column = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const Event &event = m_pending.at(i);
        insert.bindValue(column++, event.seq);
        insert.bindValue(column++, event.id);
        insert.bindValue(column++, event.type);
        insert.bindValue(column++, event.at);
        insert.bindValue(column++, event.actor);
        insert.bindValue(column++, event.incident);
        insert.bindValue(column++, QString::fromUtf8(event.dataJson));
        insert.bindValue(column++, QString::fromLatin1(event.prevHash));
        insert.bindValue(column++, QString::fromLatin1(event.hash));
    }
    if (!insert.exec()) {
        m_error = u"cannot insert events %1 to %2: %3"_s.arg(m_pending.at(from).seq)
                      .arg(m_pending.at(from + count - 1).seq)
                      .arg(insert.lastError().text());
        return false;
    }
    return true;
}

bool EventStore::advanceHeadRow()
{
    QSqlQuery &advance = *m_advanceHead;
    advance.bindValue(0, m_head);
    advance.bindValue(1, QString::fromLatin1(m_headHash));
    if (!advance.exec()) {
        m_error = u"cannot move the log's head: "_s + advance.lastError().text();
        return false;
    }
    advance.finish();
    return true;
}

EventList EventStore::catchUp(int limit)
{
    Q_ASSERT(!m_inBatch);
    if (m_backend == Backend::SQLite || m_inBatch) {
        return {};
    }
    bool ok = true;
    EventList page = readRange(m_head, std::numeric_limits<qint64>::max(), limit, &ok);
    if (!ok) {
        m_error = u"cannot read events after %1"_s.arg(m_head);
    }
    if (!ok && reconnect()) {
        page = readRange(m_head, std::numeric_limits<qint64>::max(), limit);
    }
    // Commits are serialised by the head lock, so what is visible is a complete prefix.
    if (page.isEmpty() || !linksToHead(page)) {
        if (!page.isEmpty()) {
            qCWarning(lcStore) << "events after" << m_head << "do not link to it; not following";
        }
        return {};
    }
    m_head = m_committedHead = page.last().seq;
    m_headHash = m_committedHeadHash = page.last().hash;
    return page;
}

QLatin1StringView EventStore::readColumns() const
{
    return QLatin1StringView(m_backend == Backend::SQLite ? s_sqliteReadColumns : s_columns);
}

EventList EventStore::readEvents(QSqlQuery &query, bool *ok) const
{
    EventList events;
    query.setForwardOnly(true);
    const bool executed = query.exec();
    if (ok) {
        *ok = executed;
    }
    if (!executed) {
        qCWarning(lcStore) << "read failed:" << query.lastError().text();
        return events;
    }
    while (query.next()) {
        Event event;
        event.seq = query.value(0).toLongLong();
        event.id = textOf(query.value(1));
        event.type = textOf(query.value(2));
        event.at = query.value(3).toLongLong();
        event.actor = textOf(query.value(4));
        event.incident = textOf(query.value(5));
        event.dataJson = bytesOf(query.value(6));
        event.prevHash = query.value(7).toString().toLatin1();
        event.hash = query.value(8).toString().toLatin1();
        events.append(std::move(event));
    }
    // A row that cannot be read (a damaged file) ends the walk with an error, not quietly.
    if (query.lastError().isValid()) {
        qCWarning(lcStore) << "read failed:" << query.lastError().text();
        if (ok) {
            *ok = false;
        }
    }
    return events;
}

EventList EventStore::readAfter(qint64 after, int limit, bool *ok) const
{
    return readRange(after, readableHead(), limit, ok);
}

EventList EventStore::readRange(qint64 after, qint64 through, int limit, bool *ok) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT %1 FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"_s.arg(
        readColumns()));
    query.addBindValue(after);
    query.addBindValue(through);
    query.addBindValue(limit);
    return readEvents(query, ok);
}

EventList EventStore::readIncident(const QString &incident, qint64 after, int limit) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT %1 FROM events WHERE incident = ? AND incident <> '' AND seq > ?"
                  " AND seq <= ? ORDER BY seq LIMIT ?"_s.arg(readColumns()));
    query.addBindValue(incident);
    query.addBindValue(after);
    query.addBindValue(readableHead());
    query.addBindValue(limit);
    return readEvents(query);
}

EventList EventStore::readSeqs(const QList<qint64> &seqs, bool *ok) const
{
    // A few hundred numbers per statement: each a lookup by primary key.
    constexpr qsizetype chunk = 256;
    if (ok) {
        *ok = true;
    }
    EventList events;
    events.reserve(seqs.size());
    const qint64 head = readableHead();
    for (qsizetype at = 0; at < seqs.size(); at += chunk) {
        const qsizetype count = qMin(chunk, seqs.size() - at);
        QString marks = u"?"_s;
        marks.reserve(2 * count);
        for (qsizetype i = 1; i < count; ++i) {
            marks += u",?"_s;
        }
        QSqlQuery query(m_db);
        query.prepare(u"SELECT %1 FROM events WHERE seq IN (%2) AND seq <= ? ORDER BY seq"_s.arg(
            readColumns(), marks));
        for (qsizetype i = 0; i < count; ++i) {
            query.addBindValue(seqs.at(at + i));
        }
        query.addBindValue(head);
        bool read = true;
        events += readEvents(query, &read);
        if (!read) {
            if (ok) {
                *ok = false;
            }
            break;
        }
    }
    return events;
}

// A PostgreSQL replica serves the prefix it has applied; later commits of other replicas come
// in through begin() or catchUp(). A SQLite store has one writer and reads everything.
qint64 EventStore::readableHead() const
{
    return m_backend == Backend::PostgreSQL ? m_head : std::numeric_limits<qint64>::max();
}

VerifyResult EventStore::verify(const LogAnchor &anchor) const
{
    VerifyResult result;
    QByteArray previousHash;
    QByteArray anchorSeen;
    qint64 expectedSeq = 1;

    auto fail = [&result](qint64 seq, const QString &reason) {
        result.ok = false;
        result.firstBadSeq = seq;
        result.reason = reason;
        return result;
    };

    for (qint64 after = 0;;) {
        // The page's own query, so that a read error is reported as what it is: a damaged
        // store (restore a backup), not a log that ends early.
        QSqlQuery query(m_db);
        query.prepare(u"SELECT %1 FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"_s
                          .arg(readColumns()));
        query.addBindValue(after);
        query.addBindValue(readableHead());
        query.addBindValue(s_pageSize);
        bool read = true;
        const EventList page = readEvents(query, &read);
        for (const Event &event : page) {
            if (event.seq != expectedSeq) {
                return fail(expectedSeq, u"event %1 is missing (next present is %2)"_s
                                             .arg(expectedSeq).arg(event.seq));
            }
            if (event.prevHash != previousHash) {
                return fail(event.seq, u"event %1 does not link to its predecessor"_s
                                           .arg(event.seq));
            }
            if (event.computeHash(m_storeId) != event.hash) {
                return fail(event.seq, u"event %1 was altered: its content does not match its"
                                       " hash"_s.arg(event.seq));
            }
            if (event.seq == anchor.seq) {
                anchorSeen = event.hash;
            }
            previousHash = event.hash;
            ++expectedSeq;
            ++result.checked;
        }
        if (!read) {
            const QSqlError error = query.lastError();
            const QString text = error.databaseText().isEmpty() ? error.text()
                                                                : error.databaseText();
            result.ok = false;
            result.unreadable = true;
            result.firstBadSeq = expectedSeq;
            result.reason = u"event %1 cannot be read: %2. The store's file is damaged (a read"
                            " error, not a broken hash chain); restore it from a backup"_s
                                .arg(expectedSeq)
                                .arg(text);
            return result;
        }
        if (page.size() < s_pageSize) {
            break;
        }
        after = page.last().seq;
    }

    if (anchor.isValid()) {
        if (result.checked < anchor.seq) {
            return fail(result.checked + 1, u"the log ends at %1 but was anchored at %2: it was"
                                            " truncated"_s.arg(result.checked).arg(anchor.seq));
        }
        if (anchorSeen != anchor.hash) {
            return fail(anchor.seq, u"event %1 differs from the anchored head"_s.arg(anchor.seq));
        }
    }
    return result;
}

} // namespace Firebreak
