// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// A real server on a log changed behind its back: it checks the hash chain at start, names the
// first bad event and refuses to serve unless told to (--allow-tampered-log), and then says so
// in /healthz and /metrics. A server killed with SIGKILL starts again as if nothing happened.
// A store whose file is damaged (a page overwritten) is reported as unreadable, with SQLite's
// own error, by the server and by firebreak-cli audit verify: not as tampering.
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <tuple>
#include <utility>

#include <sys/stat.h>

using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestTampering : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void alteredEventStopsTheServer();
    void truncatedLogStopsTheServer();
    void killedServerStartsAgain();
    void damagedFileIsNotTampering();
    void unreadableAnchorIsNotTampering();
    void anchorBehindTheHeadIsSaid();
    void dataFilesThatAreNotFilesAreSaid();
    void anchorThatCannotBeWrittenDegradesHealth();

private:
    static void declareIncidents(ServerProcess &server, int count);
    /// True when the server refuses to start: no ready line, exit code 1 within `waitMs`.
    static bool refusesToStart(ServerProcess &server, int waitMs = 30000);
    /// `firebreak-cli audit verify --data DIR EXTRA...`: exit code, standard output and error.
    static std::tuple<int, QString, QString> audit(const QString &dataDir,
                                                   const QStringList &extra = {});
    static bool changeStore(const ServerProcess &server, const QString &statement);
    static qint64 metric(const ServerProcess &server, const QByteArray &name);
};

void TestTampering::declareIncidents(ServerProcess &server, int count)
{
    for (int i = 0; i < count; ++i) {
        const auto reply = server.request("POST", u"/api/v1/commands"_s,
                                          json({{u"type"_s, u"incident.declare"_s},
                                                {u"title"_s, u"ApiHighErrorRate %1"_s.arg(i)},
                                                {u"severity"_s, u"P2"_s}}),
                                          server.adminToken());
        QCOMPARE(reply.status, 200);
    }
}

bool TestTampering::refusesToStart(ServerProcess &server, int waitMs)
{
    return !server.start()
        && (server.process().state() == QProcess::NotRunning
            || server.process().waitForFinished(waitMs))
        && server.process().exitCode() == 1;
}

std::tuple<int, QString, QString> TestTampering::audit(const QString &dataDir,
                                                       const QStringList &extra)
{
    QProcess cli;
    cli.start(QStringLiteral(FIREBREAK_CLI_BINARY),
              QStringList{u"audit"_s, u"verify"_s, u"--data"_s, dataDir} + extra);
    cli.waitForFinished(120000);
    return {cli.exitCode(), QString::fromUtf8(cli.readAllStandardOutput()),
            QString::fromUtf8(cli.readAllStandardError())};
}

bool TestTampering::changeStore(const ServerProcess &server, const QString &statement)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(server.dataDir() + u"/firebreak.sqlite"_s);
        QSqlQuery query(db);
        ok = db.open() && query.exec(statement) && query.numRowsAffected() == 1;
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    return ok;
}

qint64 TestTampering::metric(const ServerProcess &server, const QByteArray &name)
{
    const QByteArray text = server.request("GET", u"/metrics"_s).body;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(name + ' '))) {
            return line.mid(name.size() + 1).toLongLong();
        }
    }
    return -1;
}

void TestTampering::alteredEventStopsTheServer()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    declareIncidents(server, 3);
    const auto before = server.request("GET", u"/healthz"_s).json();
    QCOMPARE(before[u"log"_s][u"verified"_s].toBool(), true);
    QCOMPARE(metric(server, "firebreak_log_verified"), 1);
    const qint64 head = before[u"head"_s].toInteger();
    server.stop();

    // One incident's title changed in the stopped store, as the tester did.
    QVERIFY(changeStore(server, u"UPDATE events SET data = replace(data, 'ApiHighErrorRate 1',"
                                 " 'ApiLowErrorRate 1') WHERE type = 'incident.opened'"
                                 " AND data LIKE '%ApiHighErrorRate 1%'"_s));
    qint64 altered = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"find"_s);
        db.setDatabaseName(server.dataDir() + u"/firebreak.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(u"SELECT seq FROM events WHERE data LIKE '%ApiLowErrorRate%'"_s, db);
        QVERIFY(query.next());
        altered = query.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(u"find"_s);
    QVERIFY(altered > 0 && altered < head);

    // It refuses to start, naming the event and the way out.
    QVERIFY(!server.start());
    QVERIFY(server.process().state() == QProcess::NotRunning
            || server.process().waitForFinished(30000));
    QCOMPARE(server.process().exitCode(), 1);
    const QString error = server.standardError();
    QVERIFY2(error.contains(u"fails verification at seq %1"_s.arg(altered)), qPrintable(error));
    QVERIFY2(error.contains(u"--allow-tampered-log"_s), qPrintable(error));

    // Told to, it serves the log and says what is wrong with it.
    QVERIFY2(server.start({u"--allow-tampered-log"_s}), qPrintable(server.standardError()));
    const auto health = server.request("GET", u"/healthz"_s).json();
    QCOMPARE(health[u"status"_s].toString(), u"degraded"_s);
    QCOMPARE(health[u"log"_s][u"verified"_s].toBool(), false);
    QCOMPARE(health[u"log"_s][u"firstBadSeq"_s].toInteger(), altered);
    QVERIFY(health[u"log"_s][u"reason"_s].toString().contains(u"altered"_s));
    QCOMPARE(metric(server, "firebreak_log_verified"), 0);
    QCOMPARE(metric(server, "firebreak_log_first_bad_seq"), altered);
    server.stop();
}

void TestTampering::truncatedLogStopsTheServer()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    declareIncidents(server, 2);
    const qint64 head = server.request("GET", u"/healthz"_s).json()[u"head"_s].toInteger();
    server.stop(); // a clean stop anchors the head in anchor.json

    QVERIFY(changeStore(server, u"DELETE FROM events WHERE seq = %1"_s.arg(head)));
    QVERIFY(refusesToStart(server));
    QVERIFY2(server.standardError().contains(u"truncated"_s),
             qPrintable(server.standardError()));
}

void TestTampering::killedServerStartsAgain()
{
    ServerProcess server;
    for (int round = 0; round < 3; ++round) {
        QVERIFY2(server.start(), qPrintable(server.standardError()));
        declareIncidents(server, 5);
        server.kill();
    }
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const auto health = server.request("GET", u"/healthz"_s).json();
    QCOMPARE(health[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(health[u"log"_s][u"verified"_s].toBool(), true);
    QCOMPARE(health[u"head"_s].toInteger() >= 15, true);
    server.stop();
}

QTEST_GUILESS_MAIN(TestTampering)
void TestTampering::damagedFileIsNotTampering()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    // Enough events for many pages; one title marks the page that will be spoilt.
    const QString marker = u"PAGE-MARKER-7f3a"_s;
    for (int i = 0; i < 120; ++i) {
        const QString title = (i == 40 ? marker : u"Disk latency %1"_s.arg(i))
            + u" "_s + QString(120, u'x');
        const auto reply = server.request("POST", u"/api/v1/commands"_s,
                                          json({{u"type"_s, u"incident.declare"_s},
                                                {u"title"_s, title},
                                                {u"severity"_s, u"P3"_s}}),
                                          server.adminToken());
        QCOMPARE(reply.status, 200);
    }
    server.stop(); // checkpoints the WAL into the file and anchors the head

    // The page holding the marked event is overwritten with garbage, as a failing disk would.
    const QString path = server.dataDir() + u"/firebreak.sqlite"_s;
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    const int pageSize = (uchar(bytes.at(16)) << 8 | uchar(bytes.at(17))) == 1
        ? 65536
        : (uchar(bytes.at(16)) << 8 | uchar(bytes.at(17)));
    const qsizetype at = bytes.indexOf(marker.toUtf8());
    QVERIFY(at > 0);
    const qint64 page = at / pageSize;
    QVERIFY(page > 0);
    QVERIFY(file.seek(page * pageSize));
    QCOMPARE(file.write(QByteArray(pageSize, char(0xa7))), qint64(pageSize));
    file.close();

    // The CLI names SQLite's error and the way out, and does not call it tampering.
    QProcess cli;
    cli.start(QStringLiteral(FIREBREAK_CLI_BINARY),
              {u"audit"_s, u"verify"_s, u"--data"_s, server.dataDir()});
    QVERIFY(cli.waitForFinished(120000));
    const QString said = QString::fromUtf8(cli.readAllStandardOutput()
                                           + cli.readAllStandardError());
    QVERIFY(cli.exitCode() != 0);
    QVERIFY2(said.contains(u"database disk image is malformed"_s), qPrintable(said));
    QVERIFY2(said.contains(u"restore it from a backup"_s), qPrintable(said));
    QVERIFY2(!said.contains(u"truncated"_s), qPrintable(said));
    QVERIFY2(!said.contains(u"tampered"_s), qPrintable(said));

    // The server refuses to start on it, and says the same.
    QVERIFY(refusesToStart(server));
    const QString error = server.standardError();
    QVERIFY2(error.contains(u"cannot be read"_s), qPrintable(error));
    QVERIFY2(error.contains(u"database disk image is malformed"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"truncated"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"tampered"_s), qPrintable(error));
}

// An anchor.json that cannot be read (here a folder) proves nothing: the server and the CLI
// say what is wrong with it and how to go on, and neither calls it tampering. The CLI still
// checks the chain.
void TestTampering::unreadableAnchorIsNotTampering()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    declareIncidents(server, 3);
    server.stop(); // anchors the head in anchor.json
    const QString anchorPath = server.dataDir() + u"/anchor.json"_s;
    QVERIFY(QFile::remove(anchorPath));
    QVERIFY(QDir().mkdir(anchorPath));

    QVERIFY(refusesToStart(server));
    const QString error = server.standardError();
    QVERIFY2(error.contains(u"it is a folder"_s), qPrintable(error));
    QVERIFY2(error.contains(u"move it away"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"tampered"_s), qPrintable(error));

    const auto [code, said, saidErr] = audit(server.dataDir());
    QCOMPARE(code, 1);
    QVERIFY2(said.startsWith(u"unreadable: "_s), qPrintable(said));
    QVERIFY2(said.contains(u"it is a folder"_s), qPrintable(said));
    QVERIFY2(said.contains(u"events verified"_s), qPrintable(said));
    QVERIFY2(!said.contains(u"tampered"_s), qPrintable(said));
    const auto [jsonCode, jsonText, jsonErr] = audit(server.dataDir(), {u"--json"_s});
    QCOMPARE(jsonCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(jsonText.toUtf8()).object();
    QVERIFY2(report[u"anchor"_s].isNull(), qPrintable(jsonText));
    QVERIFY2(report[u"anchorProblem"_s].toString().contains(u"it is a folder"_s),
             qPrintable(jsonText));
    QCOMPARE(report[u"unreadable"_s].toBool(), true);
    QVERIFY(report[u"checked"_s].toInteger() >= 3);

    // Moved away, the server starts and writes a new anchor.
    QVERIFY(QDir().rmdir(anchorPath));
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    server.stop();
    QVERIFY(QFileInfo(anchorPath).isFile());
    QCOMPARE(std::get<0>(audit(server.dataDir())), 0);
}

// A server killed (or unable to write its anchor) leaves anchor.json behind the head: the
// events after it verify, but could be cut off unnoticed, and audit verify says how many.
void TestTampering::anchorBehindTheHeadIsSaid()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    declareIncidents(server, 4);
    const qint64 head = server.request("GET", u"/healthz"_s).json()[u"head"_s].toInteger();
    server.kill();

    const auto [code, out, err] = audit(server.dataDir());
    QCOMPARE(code, 0);
    QVERIFY2(out.startsWith(u"ok: "_s), qPrintable(out));
    QVERIFY2(err.contains(u"events behind the head"_s), qPrintable(err));
    const auto [jsonCode, json, jsonErr] = audit(server.dataDir(), {u"--json"_s});
    QCOMPARE(jsonCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(json.toUtf8()).object();
    const qint64 anchored = report[u"anchor"_s][u"seq"_s].toInteger();
    QVERIFY(anchored > 0);
    QCOMPARE(report[u"anchorBehind"_s].toInteger(), head - anchored);
    QVERIFY(head - anchored > 0);

    // A clean stop anchors the head: nothing to say.
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    server.stop();
    const auto [cleanCode, cleanOut, cleanErr] = audit(server.dataDir());
    QCOMPARE(cleanCode, 0);
    QVERIFY2(cleanErr.isEmpty(), qPrintable(cleanErr));
    const auto [cleanJsonCode, cleanJson, cleanJsonErr] = audit(server.dataDir(),
                                                                {u"--json"_s});
    QVERIFY(!QJsonDocument::fromJson(cleanJson.toUtf8()).object().contains(u"anchorBehind"_s));
}

// A named pipe where the server expects a file of its data folder blocked its start for ever
// (opening a pipe waits for a writer), deaf to SIGTERM. Each is now refused, or for the
// notification secrets set aside with a warning, at once.
void TestTampering::dataFilesThatAreNotFilesAreSaid()
{
#ifndef Q_OS_UNIX
    QSKIP("named pipes are made with mkfifo");
#endif
    const auto pipeAt = [](const QString &path) {
        QFile::remove(path);
        return ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
    };
    for (const QString &name : {u"alert-secrets.key"_s, u"anchor.json"_s}) {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.standardError()));
        declareIncidents(server, 1);
        server.stop();
        QVERIFY(pipeAt(server.dataDir() + u'/' + name));
        QElapsedTimer took;
        took.start();
        QVERIFY2(refusesToStart(server, 10000), qPrintable(name + u" as a pipe"_s));
        QVERIFY2(took.elapsed() < 20000, qPrintable(QString::number(took.elapsed())));
        const QString error = server.standardError();
        QVERIFY2(error.contains(name) && error.contains(u"not a regular file"_s),
                 qPrintable(error));
    }

    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    server.stop();
    QVERIFY(pipeAt(server.dataDir() + u"/notify-secrets.json"_s));
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    QCOMPARE(server.request("GET", u"/healthz"_s).status, 200);
    server.stop();
    QVERIFY2(server.standardError().contains(u"notify-secrets.json (it is not a regular file"_s),
             qPrintable(server.standardError()));
}

// An anchor that cannot be written (here its path became a folder with a file in it) was only
// logged; /healthz now says so (degraded, with the reason) until one is written again.
void TestTampering::anchorThatCannotBeWrittenDegradesHealth()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"generic"_s, u"anchor"_s);
    QVERIFY(!key.isEmpty());
    int posted = 0;
    const auto post = [&server, &key, &posted]() {
        ++posted;
        return server.request("POST", u"/api/v1/alerts/generic"_s,
                              json({{u"title"_s, u"Anchor %1"_s.arg(posted)},
                                    {u"dedup_key"_s, u"anchor-%1"_s.arg(posted)}}),
                              key)
            .status;
    };
    QCOMPARE(post(), 202);
    QTRY_VERIFY(QFileInfo(server.dataDir() + u"/anchor.json"_s).isFile());
    auto health = server.request("GET", u"/healthz"_s).json();
    QCOMPARE(health[u"status"_s].toString(), u"ok"_s);
    QVERIFY(health[u"anchor"_s][u"error"_s].isNull());

    const QString anchorPath = server.dataDir() + u"/anchor.json"_s;
    QVERIFY(QFile::remove(anchorPath));
    QVERIFY(QDir().mkpath(anchorPath + u"/in-the-way"_s));
    // A new anchor is due 1,000 events on and a second after the last.
    const QDeadlineTimer deadline(120000);
    while (health[u"anchor"_s][u"error"_s].isNull() && !deadline.hasExpired()) {
        QCOMPARE(post(), 202);
        health = server.request("GET", u"/healthz"_s).json();
    }
    QVERIFY2(health[u"head"_s].toInteger() >= 1000, qPrintable(QString::number(posted)));
    QCOMPARE(health[u"status"_s].toString(), u"degraded"_s);
    QVERIFY2(health[u"anchor"_s][u"error"_s].toString().contains(u"anchor.json"_s),
             QJsonDocument(health).toJson().constData());

    QVERIFY(QDir(anchorPath).removeRecursively());
    while (!health[u"anchor"_s][u"error"_s].isNull() && !deadline.hasExpired()) {
        QCOMPARE(post(), 202);
        health = server.request("GET", u"/healthz"_s).json();
    }
    QCOMPARE(health[u"status"_s].toString(), u"ok"_s);
    QVERIFY(health[u"anchor"_s][u"seq"_s].toInteger() > 1000);
    server.stop();
    const QString log = server.standardError();
    QCOMPARE(log.count(u"cannot write"_s), 1);
    QVERIFY2(log.contains(u"written again"_s), qPrintable(log));
}

#include "tst_tampering.moc"
