// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Two real firebreak-server replicas on one real PostgreSQL 15: alerts posted to both end up in
// one gap-free log; a sync client on replica A sees what B committed (LISTEN/NOTIFY fan-out);
// when A is killed the client moves to B and ends with every event exactly once, in order.
#include "alertload.h"
#include "collab/textdocument.h"
#include "postgresprocess.h"
#include "serverprocess.h"
#include "store/eventstore.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

qint64 headOf(const ServerProcess &server)
{
    return server.request("GET", u"/healthz"_s).json().value(u"head"_s).toInteger();
}

ServerProcess::Reply command(const ServerProcess &server, const QJsonObject &body)
{
    return server.request("POST", u"/api/v1/commands"_s, QJsonDocument(body).toJson(),
                          server.adminToken());
}

ServerProcess::Reply get(const ServerProcess &server, const QString &path)
{
    return server.request("GET", path, {}, server.adminToken());
}

} // namespace

class TestReplicas : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void clientSeesCommitsOfTheOtherReplica();
    void clientFailsOverWithoutMissingAnything();
    void readsAfterTheDatabaseCameBack();

private:
    void verifyClientLog() const;

    PostgresProcess m_postgres;
    QString m_database;
    ServerProcess m_a;
    ServerProcess m_b;
    QString m_key;
    QTemporaryDir m_clientDir;
    std::unique_ptr<Replica> m_replica;
    std::unique_ptr<SyncClient> m_client;
    QList<qint64> m_received;
    QSet<QString> m_posted;
};

void TestReplicas::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    m_database = m_postgres.createDatabase();
    QVERIFY2(!m_database.isEmpty(), qPrintable(m_postgres.errorString()));
    QVERIFY2(m_a.start({u"--database"_s, m_database}), qPrintable(m_a.standardError()));
    QVERIFY2(m_b.start({u"--database"_s, m_database}), qPrintable(m_b.standardError()));

    // The integration made through A is known to B once B has heard of A's commit.
    m_key = m_a.createIntegration(u"alertmanager"_s, u"replicas"_s);
    QVERIFY(!m_key.isEmpty());
    const QJsonObject healthA = m_a.request("GET", u"/healthz"_s).json();
    QTRY_COMPARE(headOf(m_b), healthA.value(u"head"_s).toInteger());
    QCOMPARE(m_b.request("GET", u"/healthz"_s).json().value(u"storeId"_s),
             healthA.value(u"storeId"_s));

    m_replica = std::make_unique<Replica>();
    QVERIFY(m_replica->open(m_clientDir.filePath(u"replica.sqlite"_s)));
    m_client = std::make_unique<SyncClient>(m_replica.get());
    connect(m_client.get(), &SyncClient::eventsArrived, this, [this](const EventList &events) {
        for (const Event &event : events) {
            m_received.append(event.seq);
        }
    });
    m_client->connectToServers({m_a.url(), m_b.url()}, m_a.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), SyncClient::State::Live, 30000);
    QCOMPARE(m_client->server(), m_a.url());
}

void TestReplicas::clientSeesCommitsOfTheOtherReplica()
{
    // Posts alternate between the replicas, many at a time, so their batches interleave.
    AlertLoad load({m_a.url(), m_b.url()}, m_key, u"both"_s, 16, 2);
    load.start(200);
    QVERIFY(load.waitForAnswers());
    QVERIFY2(load.failedPosts() == 0, qPrintable(load.failures().join(u"; "_s)));
    m_posted += load.acknowledged();

    // Each replica hears of the other's last batches a little later; the replica that made the
    // last commit knows the true head, so once both agree that is it.
    QTRY_COMPARE_WITH_TIMEOUT(headOf(m_a), headOf(m_b), 20000);
    const qint64 head = headOf(m_b);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->lastSeq(), head, 20000);
    QCOMPARE(m_client->server(), m_a.url());
    verifyClientLog();
}

void TestReplicas::clientFailsOverWithoutMissingAnything()
{
    QSignalSpy unreachable(m_client.get(), &SyncClient::stateChanged);
    m_a.kill();

    // While the client moves over, B keeps taking alerts.
    AlertLoad load({m_b.url()}, m_key, u"after"_s, 8, 2);
    load.start(100);
    QVERIFY(load.waitForAnswers());
    QVERIFY2(load.failedPosts() == 0, qPrintable(load.failures().join(u"; "_s)));
    m_posted += load.acknowledged();

    const qint64 head = headOf(m_b);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), SyncClient::State::Live, 30000);
    QCOMPARE(m_client->server(), m_b.url());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->lastSeq(), head, 20000);
    QVERIFY(!unreachable.isEmpty());
    verifyClientLog();

    // One chain holds every alert posted to either replica.
    EventStore store;
    QVERIFY2(store.openReadOnly(m_database), qPrintable(store.errorString()));
    QCOMPARE(store.head(), head);
    const VerifyResult chain = store.verify();
    QVERIFY2(chain.ok, qPrintable(chain.reason));
    bool complete = false;
    const QSet<QString> stored = storedAlerts(m_b, &complete);
    QVERIFY(complete);
    QCOMPARE(m_posted.size(), 600);
    QVERIFY2((m_posted - stored).isEmpty(),
             qPrintable(u"%1 alerts are missing"_s.arg((m_posted - stored).size())));
}

// A replica that had read nothing of an incident when PostgreSQL went away answers its reads
// 503 meanwhile, not empty, and serves them again once the database is back, without a write
// of its own first; a post-mortem read then is the real one, and edits built on it are taken.
void TestReplicas::readsAfterTheDatabaseCameBack()
{
    const QString database = m_postgres.createDatabase();
    QVERIFY2(!database.isEmpty(), qPrintable(m_postgres.errorString()));
    ServerProcess writer;
    QVERIFY2(writer.start({u"--database"_s, database}), qPrintable(writer.standardError()));
    QCOMPARE(command(writer, {{u"type"_s, u"incident.declare"_s},
                              {u"title"_s, u"Disk full on db-03"_s},
                              {u"severity"_s, u"P2"_s}})
                 .status,
             200);
    Collab::TextDocument document;
    document.insert(0, u"Root cause: a full disk"_s);
    const Collab::Version written = document.version();
    QCOMPARE(command(writer, {{u"type"_s, u"postmortem.edit"_s},
                              {u"incident"_s, u"INC-1"_s},
                              {u"ops"_s, document.opsSince({}).toJson()}})
                 .status,
             200);
    ServerProcess reader;
    QVERIFY2(reader.start({u"--database"_s, database}), qPrintable(reader.standardError()));
    QTRY_COMPARE(headOf(reader), headOf(writer));

    QVERIFY2(m_postgres.interrupt(), qPrintable(m_postgres.errorString()));
    const QString timeline = u"/api/v1/incidents/INC-1/timeline"_s;
    const QString postMortem = u"/api/v1/incidents/INC-1/postmortem"_s;
    for (const QString &path : {timeline, postMortem, u"/api/v1/incidents/INC-1"_s}) {
        const ServerProcess::Reply reply = get(reader, path);
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.json()[u"error"_s][u"code"_s].toString(), u"unavailable"_s);
    }
    QVERIFY2(m_postgres.startAgain(), qPrintable(m_postgres.errorString()));

    QTRY_COMPARE_WITH_TIMEOUT(get(reader, timeline).status, 200, 20000);
    QCOMPARE(get(reader, timeline).json()[u"events"_s].toArray().size(), 2);
    ServerProcess::Reply text = get(reader, postMortem);
    QCOMPARE(text.status, 200);
    QCOMPARE(text.json()[u"text"_s].toString(), u"Root cause: a full disk"_s);
    document.insert(document.length(), u" on db-03"_s);
    const ServerProcess::Reply edited = command(reader, {{u"type"_s, u"postmortem.edit"_s},
                                                         {u"incident"_s, u"INC-1"_s},
                                                         {u"ops"_s, document.opsSince(written)
                                                                        .toJson()}});
    QVERIFY2(edited.status == 200, edited.body.constData());
    QTRY_COMPARE(get(writer, postMortem).json()[u"text"_s].toString(),
                 u"Root cause: a full disk on db-03"_s);
}

// Every event exactly once, in order, without a gap, and the same as the server's log.
void TestReplicas::verifyClientLog() const
{
    for (int i = 0; i < m_received.size(); ++i) {
        QCOMPARE(m_received.at(i), qint64(i + 1));
    }
    const EventList kept = m_replica->readAll();
    QCOMPARE(kept.size(), m_received.size());

    EventStore store;
    QVERIFY2(store.openReadOnly(m_database), qPrintable(store.errorString()));
    const EventList log = store.readAfter(0, 1000000);
    QCOMPARE(log.size(), kept.size());
    for (int i = 0; i < log.size(); ++i) {
        QCOMPARE(kept.at(i).id, log.at(i).id);
        QCOMPARE(kept.at(i).hash, log.at(i).hash);
    }
}

QTEST_GUILESS_MAIN(TestReplicas)
#include "tst_replicas.moc"
