// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Nothing acknowledged is lost (DESIGN.md, ideas 6 and 10): a real firebreak-server is killed
// with SIGKILL again and again while many webhook posts are in flight; afterwards every alert
// whose post the client saw answered 202 (including answers that arrived just before the kill)
// must be in the store, and the hash chain must be intact. On SQLite and on a throwaway
// PostgreSQL 15. Also: when the store refuses rows during ingestion, the batches holding them
// are answered 503 and leave nothing behind, while every 202 stays stored.
#include "alertload.h"
#include "postgresprocess.h"
#include "serverprocess.h"
#include "store/eventstore.h"

#include <QDir>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <sys/resource.h>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_rounds = 6;

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acknowledgedAlertsSurviveKill_data();
    void acknowledgedAlertsSurviveKill();
    void refusedBatchesLeaveNothing();
    void healthSaysWhenNothingCanBeStored();
    void fileSizeLimitIsAFullDisk();

private:
    PostgresProcess m_postgres;
};

void TestCrashSafety::acknowledgedAlertsSurviveKill_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgresql") << true;
}

void TestCrashSafety::acknowledgedAlertsSurviveKill()
{
    QFETCH(bool, postgres);
    ServerProcess server;
    QStringList arguments;
    QString location = QDir(server.dataDir()).filePath(u"firebreak.sqlite"_s);
    if (postgres) {
        QVERIFY2(m_postgres.isRunning() || m_postgres.start(),
                 qPrintable(m_postgres.errorString()));
        location = m_postgres.createDatabase();
        QVERIFY2(!location.isEmpty(), qPrintable(m_postgres.errorString()));
        arguments = QStringList{u"--database"_s, location};
    }
    QVERIFY2(server.start(arguments), qPrintable(server.standardError()));
    const ServerProcess::Reply created = server.request(
        "POST", u"/api/v1/integrations"_s, R"({"source": "alertmanager", "name": "crash"})",
        server.adminToken());
    QVERIFY2(created.status == 201, created.body.constData());
    const QString key = created.json().value(u"key"_s).toString();

    QSet<QString> acknowledged;
    int interrupted = 0;
    for (int round = 0; round < s_rounds; ++round) {
        if (round > 0) {
            QVERIFY2(server.start(arguments), qPrintable(server.standardError()));
        }
        AlertLoad load({server.url()}, key, u"round%1"_s.arg(round));
        load.start();
        QTRY_VERIFY_WITH_TIMEOUT(load.acknowledgedPosts() > 0, 30000);
        // The point is to kill at an arbitrary moment of the ingestion, hence a random wait.
        QTest::qWait(QRandomGenerator::global()->bounded(50, 500));
        server.kill();
        QCOMPARE(server.process().exitStatus(), QProcess::CrashExit);
        // Every answer the client received counts, up to the last byte before the kill; the
        // posts still unanswered fail. (A kill right after a batch was answered in full may
        // interrupt none, so that is checked over all rounds.)
        QVERIFY(load.finish());
        interrupted += load.failedPosts();
        acknowledged += load.acknowledged();
        qInfo("round %d: %d posts acknowledged, %d not", round, load.acknowledgedPosts(),
              load.failedPosts());
    }

    QVERIFY2(server.start(arguments), qPrintable(server.standardError()));
    bool complete = false;
    const QSet<QString> stored = storedAlerts(server, &complete);
    QVERIFY(complete);
    const QSet<QString> lost = acknowledged - stored;
    QVERIFY2(lost.isEmpty(), qPrintable(u"%1 of %2 acknowledged alerts are missing, such as %3"_s
                                            .arg(lost.size()).arg(acknowledged.size())
                                            .arg(lost.isEmpty() ? QString() : *lost.begin())));
    QVERIFY(acknowledged.size() >= s_rounds * 3);
    QVERIFY2(interrupted > 0, "no kill interrupted a post in flight");
    server.stop();

    EventStore store;
    QVERIFY2(store.openReadOnly(location), qPrintable(store.errorString()));
    const VerifyResult chain = store.verify();
    QVERIFY2(chain.ok, qPrintable(chain.reason));
}

namespace {

// Runs one statement on the server's SQLite file through a connection of the test's own.
bool execOnStore(const QString &location, const QString &sql, QString *error)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_crashsafety_side"_s);
        db.setDatabaseName(location);
        QSqlQuery query(db);
        ok = db.open() && query.exec(u"PRAGMA busy_timeout=10000"_s) && query.exec(sql);
        *error = ok ? QString() : query.lastError().text() + db.lastError().text();
    }
    QSqlDatabase::removeDatabase(u"tst_crashsafety_side"_s);
    return ok;
}

} // namespace

// The store's append thread meets a real database error (a trigger refuses the row of one
// alert, as a full disk would refuse any): the batch holding it fails whole and is answered
// 503; everything answered 202, and nothing else, is listed and stays
// listed after a kill and a restart; the chain is intact.
void TestCrashSafety::refusedBatchesLeaveNothing()
{
    ServerProcess server;
    const QString location = QDir(server.dataDir()).filePath(u"firebreak.sqlite"_s);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"alertmanager"_s, u"refused"_s);
    QVERIFY(!key.isEmpty());

    QString error;
    QVERIFY2(execOnStore(location,
                         u"CREATE TRIGGER refuse BEFORE INSERT ON events"
                         " WHEN NEW.data LIKE '%\"dedupKey\":\"mix-777\"%'"
                         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"_s,
                         &error),
             qPrintable(error));
    AlertLoad load({server.url()}, key, u"mix"_s);
    load.start(400);
    QVERIFY(load.waitForAnswers(120000));
    QVERIFY2(load.failedPosts() > 0, "no batch failed");
    QVERIFY2(load.acknowledgedPosts() > 0, "no batch succeeded");
    for (const QString &failure : load.failures()) {
        QVERIFY2(failure.startsWith(u"503 "_s), qPrintable(failure));
    }
    const QSet<QString> acknowledged = load.acknowledged();
    for (const QString &fingerprint : acknowledged) {
        QVERIFY2(fingerprint != u"mix-777"_s, qPrintable(fingerprint));
    }

    bool complete = false;
    QCOMPARE(storedAlerts(server, &complete), acknowledged);
    QVERIFY(complete);

    // After a kill the log alone tells the same.
    QVERIFY2(execOnStore(location, u"DROP TRIGGER refuse"_s, &error), qPrintable(error));
    server.kill();
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    QCOMPARE(storedAlerts(server, &complete), acknowledged);
    QVERIFY(complete);
    AlertLoad after({server.url()}, key, u"after"_s);
    after.start(20);
    QVERIFY(after.waitForAnswers(60000));
    QCOMPARE(after.failedPosts(), 0);
    server.stop();

    EventStore store;
    QVERIFY2(store.openReadOnly(location), qPrintable(store.errorString()));
    const VerifyResult chain = store.verify();
    QVERIFY2(chain.ok, qPrintable(chain.reason));
}

// A store that refuses every write (as a full disk does): /healthz answers 503 and says why,
// the log says so once rather than once per request, and both recover with the store.
void TestCrashSafety::healthSaysWhenNothingCanBeStored()
{
    ServerProcess server;
    const QString location = QDir(server.dataDir()).filePath(u"firebreak.sqlite"_s);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"generic"_s, u"disk"_s);
    QVERIFY(!key.isEmpty());
    const auto post = [&server, &key](int i) {
        return server.request("POST", u"/api/v1/alerts/generic"_s,
                              QJsonDocument(QJsonObject{{u"title"_s, u"Disk %1"_s.arg(i)},
                                                        {u"dedup_key"_s, u"disk-%1"_s.arg(i)}})
                                  .toJson(QJsonDocument::Compact),
                              key);
    };
    QCOMPARE(post(0).status, 202);
    auto health = server.request("GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json()[u"store"_s][u"writable"_s].toBool(), true);

    QString error;
    QVERIFY2(execOnStore(location,
                         u"CREATE TRIGGER refuse BEFORE INSERT ON events"
                         " BEGIN SELECT RAISE(ABORT, 'injected: database or disk is full'); END"_s,
                         &error),
             qPrintable(error));
    for (int i = 1; i <= 30; ++i) {
        QCOMPARE(post(i).status, 503);
    }
    health = server.request("GET", u"/healthz"_s);
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json()[u"status"_s].toString(), u"unavailable"_s);
    QCOMPARE(health.json()[u"store"_s][u"writable"_s].toBool(), false);
    QVERIFY2(health.json()[u"store"_s][u"error"_s].toString().contains(u"disk is full"_s),
             health.body.constData());
    QVERIFY(!health.json()[u"store"_s][u"failingSince"_s].toString().isEmpty());

    QVERIFY2(execOnStore(location, u"DROP TRIGGER refuse"_s, &error), qPrintable(error));
    QCOMPARE(post(31).status, 202);
    health = server.request("GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json()[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(health.json()[u"store"_s][u"writable"_s].toBool(), true);
    server.stop();
    // Thirty refusals in a burst are one message, not thirty (at most one more if the burst
    // straddled the ten-second mark on a very slow machine), and the recovery is said.
    const QString log = server.standardError();
    QVERIFY2(log.count(u"not stored"_s) >= 1 && log.count(u"not stored"_s) <= 2,
             qPrintable(log));
    QVERIFY2(log.contains(u"stored again"_s), qPrintable(log));
}

// A file-size limit (ulimit -f, or a quota that signals) reached while the store grows: the
// server used to die of SIGXFSZ. It must refuse the batch as on a full disk and go on serving
// what it acknowledged, which is all there after a restart without the limit.
void TestCrashSafety::fileSizeLimitIsAFullDisk()
{
    ServerProcess server;
    const QString location = QDir(server.dataDir()).filePath(u"firebreak.sqlite"_s);
    server.setResourceLimit(RLIMIT_FSIZE, 3 * 1024 * 1024, 3 * 1024 * 1024);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"generic"_s, u"quota"_s);
    QVERIFY(!key.isEmpty());
    const QString padding(200 * 1024, u'q');
    QSet<QString> acknowledged;
    int refused = 0;
    for (int i = 0; i < 100 && refused < 3; ++i) {
        const QString dedupKey = u"quota-%1"_s.arg(i);
        const QJsonObject alert{{u"title"_s, u"Quota %1"_s.arg(i)},
                                {u"dedup_key"_s, dedupKey},
                                {u"details"_s, padding}};
        const auto reply = server.request("POST", u"/api/v1/alerts/generic"_s,
                                          QJsonDocument(alert).toJson(QJsonDocument::Compact),
                                          key);
        QVERIFY2(server.process().state() == QProcess::Running,
                 qPrintable(u"the server ended after %1 posts: exit status %2, code %3"_s.arg(i)
                                .arg(int(server.process().exitStatus()))
                                .arg(server.process().exitCode())));
        if (reply.status == 202) {
            acknowledged.insert(dedupKey);
        } else {
            QCOMPARE(reply.status, 503);
            QCOMPARE(reply.json()[u"error"_s][u"code"_s].toString(), u"unavailable"_s);
            ++refused;
        }
    }
    QVERIFY2(refused > 0, "the limit was never reached");
    QVERIFY(!acknowledged.isEmpty());
    const auto health = server.request("GET", u"/healthz"_s);
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json()[u"store"_s][u"writable"_s].toBool(), false);
    bool complete = false;
    QCOMPARE(storedAlerts(server, &complete), acknowledged);
    QVERIFY(complete);

    server.stop();
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    server.setResourceLimit(RLIMIT_FSIZE, 0, 0);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    QCOMPARE(storedAlerts(server, &complete), acknowledged);
    QVERIFY(complete);
    server.stop();
    EventStore store;
    QVERIFY2(store.openReadOnly(location), qPrintable(store.errorString()));
    const VerifyResult chain = store.verify();
    QVERIFY2(chain.ok, qPrintable(chain.reason));
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
