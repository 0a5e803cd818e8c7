// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Appends to a PostgreSQL event log shared by replicas, against plain inserts of the same rows
// (docs/performance.md). Three contenders, each writing batches of N events per transaction
// for a fixed time into a fresh database:
//   plain     INSERTs of the event rows, the same multi-row statements, nothing else;
//   append    EventStore appends: head-row lock, hash chain, head update and one NOTIFY per
//             batch, with no other replica;
//   fanout    the same appends while a second replica (its own connection, LogListener and
//             thread) hears each commit and reads the new events, as firebreak-server does.
// Every run is checked: the log must verify and, for fanout, the follower must end with every
// event. Prints one line of key=value figures per run, with CPU time per event of the writing
// thread, the follower's thread and the PostgreSQL server's processes.

#include "store/eventstore.h"
#include "store/loglistener.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <cstdio>
#include <map>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace Firebreak;

namespace {

constexpr auto s_columns = "seq, id, type, at, actor, incident, data, prev_hash, hash";

struct Options
{
    QUrl server;
    QList<int> batches{1, 16, 64, 256};
    QStringList modes{u"plain"_s, u"append"_s, u"fanout"_s};
    double seconds = 5;
    int rounds = 3;
    int payloadBytes = 600;
};

struct Result
{
    qint64 events = 0;
    double seconds = 0;
    qint64 followerLagMs = -1;
    // CPU time in microseconds: the writing thread, the follower's thread, PostgreSQL's
    // processes.
    qint64 writerCpuUs = 0;
    qint64 followerCpuUs = 0;
    qint64 serverCpuUs = 0;
    bool ok = true;
    QString problem;
};

qint64 threadCpuUs()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec
        + usage.ru_stime.tv_usec;
}

// Fields of /proc/PID/stat after the command name: [1] is the parent, [11] and [12] the user
// and system time in clock ticks.
QList<QByteArray> procStat(const QString &pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray text = file.readAll();
    return text.mid(text.lastIndexOf(')') + 2).split(' ');
}

/// CPU time used so far by one PostgreSQL server: its postmaster and every child process.
class ServerCpu
{
public:
    explicit ServerCpu(const QSqlDatabase &connection)
    {
        QSqlQuery query(u"SELECT pg_backend_pid()"_s, connection);
        if (query.next()) {
            const QList<QByteArray> fields = procStat(query.value(0).toString());
            m_postmaster = fields.size() > 1 ? fields.at(1) : QByteArray();
        }
    }
    qint64 sampleUs() const
    {
        const qint64 tick = sysconf(_SC_CLK_TCK);
        qint64 ticks = 0;
        const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &pid : pids) {
            const QList<QByteArray> fields = procStat(pid);
            if (fields.size() > 12
                && (fields.at(1) == m_postmaster || pid.toUtf8() == m_postmaster)) {
                ticks += fields.at(11).toLongLong() + fields.at(12).toLongLong();
            }
        }
        return ticks * 1000000 / tick;
    }

private:
    QByteArray m_postmaster;
};

// An event shaped like alert.received: about `bytes` of compact JSON data.
Event sampleEvent(int bytes, qint64 n)
{
    const QString filler(qMax(0, bytes - 200), u'x');
    return makeEvent(u"alert.received"_s, u"integration:bench"_s, newUuid(),
                     {{u"alert"_s, QJsonObject{{u"dedupKey"_s, u"bench-%1"_s.arg(n)},
                                               {u"status"_s, u"firing"_s},
                                               {u"severity"_s, u"P3"_s},
                                               {u"title"_s, u"bench alert"_s}}},
                      {u"raw"_s, filler}});
}

QString databaseUrl(const QUrl &server, const QString &database)
{
    QUrl url = server;
    url.setPath(u"/"_s + database);
    return url.toString();
}

bool execute(const QString &connection, const QString &sql, QString *problem)
{
    QSqlQuery query(QSqlDatabase::database(connection));
    if (!query.exec(sql)) {
        *problem = query.lastError().text() + u" in "_s + sql;
        return false;
    }
    return true;
}

/// Runs statements in the server's maintenance database (the one named in --server).
bool maintain(const QUrl &server, const QStringList &statements, QString *problem)
{
    const QString connection = u"bench-admin"_s;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        admin.setHostName(server.host());
        admin.setPort(server.port(5432));
        admin.setUserName(server.userName());
        admin.setPassword(server.password());
        admin.setDatabaseName(server.path().mid(1));
        if (!admin.open()) {
            *problem = admin.lastError().text();
        }
        for (const QString &statement : statements) {
            if (problem->isEmpty()) {
                execute(connection, statement, problem);
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return problem->isEmpty();
}

QString databaseName(int run)
{
    return u"firebreak_bench_%1"_s.arg(run);
}

/**
 * Plain inserts: the event rows (seq, id, … hash) into a table like the log, with the same
 * chunked multi-row INSERTs as EventStore, one transaction per batch, nothing else.
 */
class PlainWriter
{
public:
    bool open(const QString &url, QString *problem)
    {
        EventStore store; // creates the same schema
        if (!store.open(url)) {
            *problem = store.errorString();
            return false;
        }
        m_db = QSqlDatabase::cloneDatabase(store.database(), u"bench-plain"_s);
        if (!m_db.open()) {
            *problem = m_db.lastError().text();
            return false;
        }
        return true;
    }
    ~PlainWriter()
    {
        m_statements.clear();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"bench-plain"_s);
    }

    QSqlDatabase database() const { return m_db; }

    bool writeBatch(const EventList &events, QString *problem)
    {
        if (!m_db.transaction()) {
            *problem = m_db.lastError().text();
            return false;
        }
        qsizetype from = 0;
        for (const int size : {512, 64, 8, 1}) {
            for (; events.size() - from >= size; from += size) {
                if (!insert(events, from, size, problem)) {
                    m_db.rollback();
                    return false;
                }
            }
        }
        if (!m_db.commit()) {
            *problem = m_db.lastError().text();
            return false;
        }
        return true;
    }

private:
    bool insert(const EventList &events, qsizetype from, int count, QString *problem)
    {
        auto [it, created] = m_statements.try_emplace(count, m_db);
        QSqlQuery &query = it->second;
        if (created) {
            // The very statement EventStore prepares.
            const QStringList rows(count, u"(?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''),"
                                          " COALESCE(?, '{}'), COALESCE(?, ''), ?)"_s);
            query.prepare(u"INSERT INTO events (%1) VALUES %2"_s.arg(
                QLatin1StringView(s_columns), rows.join(u',')));
        }
        int column = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            const Event &event = events.at(i);
            for (const QVariant &value :
                 {QVariant(event.seq), QVariant(event.id), QVariant(event.type),
                  QVariant(event.at), QVariant(event.actor), QVariant(event.incident),
                  QVariant(QString::fromUtf8(event.dataJson)),
                  QVariant(QString::fromLatin1(event.prevHash)),
                  QVariant(QString::fromLatin1(event.hash))}) {
                query.bindValue(column++, value);
            }
        }
        if (!query.exec()) {
            *problem = query.lastError().text();
            return false;
        }
        return true;
    }

    QSqlDatabase m_db;
    std::map<int, QSqlQuery> m_statements;
};

/**
 * The other replica: its own store and LogListener on its own thread; on each notification it
 * reads what was committed into events, as Writer::catchUp() does in firebreak-server. What a
 * replica does next with an event (apply it to its projection, serialise it for its WebSocket
 * clients) it does for its own events too, so it is left out here as it is from the writer.
 */
class Follower final : public QObject
{
public:
    explicit Follower(QString url)
        : m_url(std::move(url))
    {
    }

    void start()
    {
        m_cpuAtStart = threadCpuUs();
        m_store = std::make_unique<EventStore>();
        m_listener = std::make_unique<LogListener>();
        if (!m_store->open(m_url) || !m_listener->start(*m_store, 1000)) {
            m_failed = true;
            return;
        }
        connect(m_listener.get(), &LogListener::headAdvanced, this, [this](qint64 seq) {
            if (seq <= m_store->head()) {
                return;
            }
            for (;;) {
                const EventList page = m_store->catchUp(5000);
                if (page.isEmpty()) {
                    break;
                }
                m_head.store(page.last().seq);
            }
        });
    }
    void finish()
    {
        m_cpuUs = threadCpuUs() - m_cpuAtStart;
        m_listener.reset();
        m_store.reset();
    }
    qint64 cpuUs() const { return m_cpuUs; }

    qint64 head() const { return m_head.load(); }
    bool failed() const { return m_failed; }

private:
    QString m_url;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<LogListener> m_listener;
    std::atomic<qint64> m_head{0};
    qint64 m_cpuAtStart = 0;
    qint64 m_cpuUs = 0;
    bool m_failed = false;
};

Result runPlain(const QString &url, const Options &options, int batch)
{
    Result result;
    PlainWriter writer;
    if (!writer.open(url, &result.problem)) {
        result.ok = false;
        return result;
    }
    const ServerCpu server(writer.database());
    const qint64 serverAtStart = server.sampleUs();
    const qint64 cpuAtStart = threadCpuUs();
    QByteArray previous;
    QElapsedTimer clock;
    clock.start();
    const qint64 limitNs = qint64(options.seconds * 1e9);
    while (clock.nsecsElapsed() < limitNs) {
        EventList events;
        for (int i = 0; i < batch; ++i) {
            Event event = sampleEvent(options.payloadBytes, result.events + i);
            event.seq = result.events + i + 1;
            event.prevHash = previous;
            // A stand-in as long as a SHA-256 in hex: plain inserts compute no hash.
            event.hash = previous = event.id.toLatin1().toHex().left(64);
            events.append(event);
        }
        if (!writer.writeBatch(events, &result.problem)) {
            result.ok = false;
            return result;
        }
        result.events += batch;
    }
    result.seconds = clock.nsecsElapsed() / 1e9;
    result.writerCpuUs = threadCpuUs() - cpuAtStart;
    result.serverCpuUs = server.sampleUs() - serverAtStart;
    return result;
}

Result runAppend(const QString &url, const Options &options, int batch, bool fanout)
{
    Result result;
    EventStore store;
    if (!store.open(url)) {
        result.ok = false;
        result.problem = store.errorString();
        return result;
    }
    QThread thread;
    Follower follower(url);
    if (fanout) {
        follower.moveToThread(&thread);
        thread.start();
        QMetaObject::invokeMethod(&follower, &Follower::start, Qt::BlockingQueuedConnection);
        if (follower.failed()) {
            result.ok = false;
            result.problem = u"the follower could not start"_s;
        }
    }

    const ServerCpu server(store.database());
    const qint64 serverAtStart = server.sampleUs();
    const qint64 cpuAtStart = threadCpuUs();
    QElapsedTimer clock;
    clock.start();
    const qint64 limitNs = qint64(options.seconds * 1e9);
    while (result.ok && clock.nsecsElapsed() < limitNs) {
        bool ok = store.begin();
        for (int i = 0; ok && i < batch; ++i) {
            Event event = sampleEvent(options.payloadBytes, result.events + i);
            ok = store.append(event);
        }
        if (!ok || !store.commit()) {
            store.rollback();
            result.ok = false;
            result.problem = store.errorString();
        }
        result.events += batch;
    }
    result.seconds = clock.nsecsElapsed() / 1e9;
    result.writerCpuUs = threadCpuUs() - cpuAtStart;

    if (fanout) {
        QElapsedTimer lag;
        lag.start();
        while (follower.head() < store.head() && lag.elapsed() < 30000) {
            QThread::msleep(1);
        }
        result.followerLagMs = lag.elapsed();
        if (follower.head() != store.head()) {
            result.ok = false;
            result.problem = u"the follower stopped at %1 of %2"_s.arg(follower.head())
                                 .arg(store.head());
        }
        result.serverCpuUs = server.sampleUs() - serverAtStart;
        QMetaObject::invokeMethod(&follower, &Follower::finish, Qt::BlockingQueuedConnection);
        result.followerCpuUs = follower.cpuUs();
        thread.quit();
        thread.wait();
    }
    if (!fanout) {
        result.serverCpuUs = server.sampleUs() - serverAtStart;
    }
    const VerifyResult verified = store.verify();
    if (!verified.ok || verified.checked != result.events) {
        result.ok = false;
        result.problem = u"the log does not verify: "_s + verified.reason;
    }
    return result;
}

bool parseOptions(const QCoreApplication &app, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"PostgreSQL append benchmark (docs/performance.md)"_s);
    parser.addHelpOption();
    const QCommandLineOption server(u"server"_s,
                                    u"postgresql://USER@HOST:PORT/DB of a maintenance database;"
                                    " each run gets a new database beside it."_s,
                                    u"url"_s);
    const QCommandLineOption batches(u"batches"_s, u"Events per transaction, comma separated."_s,
                                     u"list"_s, u"1,16,64,256"_s);
    const QCommandLineOption modes(u"modes"_s, u"plain, append, fanout (comma separated)."_s,
                                   u"list"_s, u"plain,append,fanout"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Length of a run."_s, u"s"_s, u"5"_s);
    const QCommandLineOption rounds(u"rounds"_s, u"Rounds; contenders alternate."_s, u"n"_s,
                                    u"3"_s);
    parser.addOptions({server, batches, modes, seconds, rounds});
    parser.process(app);

    options->server = QUrl(parser.value(server));
    options->batches.clear();
    const QStringList batchList = parser.value(batches).split(u',');
    for (const QString &batch : batchList) {
        options->batches << batch.toInt();
    }
    options->modes = parser.value(modes).split(u',');
    options->seconds = parser.value(seconds).toDouble();
    options->rounds = parser.value(rounds).toInt();
    return options->server.isValid() && !options->server.host().isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    if (!parseOptions(app, &options)) {
        std::fprintf(stderr, "firebreak-bench-postgres: --server postgresql://… is required\n");
        return 2;
    }

    int run = 0;
    bool allOk = true;
    for (int round = 1; round <= options.rounds; ++round) {
        for (const int batch : std::as_const(options.batches)) {
            for (const QString &mode : std::as_const(options.modes)) {
                // Each run writes into a new database, dropped afterwards.
                Result result;
                const QString name = databaseName(++run);
                const QString url = databaseUrl(options.server, name);
                if (!maintain(options.server, {u"CREATE DATABASE "_s + name}, &result.problem)) {
                    result.ok = false;
                } else if (mode == u"plain") {
                    result = runPlain(url, options, batch);
                } else {
                    result = runAppend(url, options, batch, mode == u"fanout");
                }
                QString dropProblem;
                maintain(options.server, {u"DROP DATABASE IF EXISTS "_s + name}, &dropProblem);
                allOk = allOk && result.ok;
                const double events = qMax<qint64>(result.events, 1);
                std::printf("round=%d mode=%s batch=%d events=%lld seconds=%.3f rate=%.0f"
                            " follower_lag_ms=%lld writer_cpu_us=%.1f follower_cpu_us=%.1f"
                            " server_cpu_us=%.1f ok=%d%s%s\n",
                            round, qPrintable(mode), batch, result.events, result.seconds,
                            result.seconds > 0 ? result.events / result.seconds : 0.0,
                            result.followerLagMs, result.writerCpuUs / events,
                            result.followerCpuUs / events, result.serverCpuUs / events,
                            result.ok ? 1 : 0, result.ok ? "" : " problem=",
                            qPrintable(result.problem));
                std::fflush(stdout);
            }
        }
    }
    return allOk ? 0 : 1;
}
