// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Replicas sharing one PostgreSQL event log: the head lock that keeps one gap-free chain,
// catching up with other writers, and LogListener hearing their commits. Runs a throwaway
// PostgreSQL 15 cluster (tests/common/postgresprocess).
#include "postgresprocess.h"
#include "store/eventstore.h"
#include "store/loglistener.h"
#include "store/migrations.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <thread>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

Event sample(const QString &writer, int i)
{
    return makeEvent(u"test.happened"_s, u"system"_s, QString(),
                     {{u"writer"_s, writer}, {u"n"_s, i}});
}

bool appendBatch(EventStore &store, const QString &writer, int from, int count,
                 EventList *elsewhere = nullptr)
{
    if (!store.begin(elsewhere)) {
        return false;
    }
    for (int i = from; i < from + count; ++i) {
        Event event = sample(writer, i);
        if (!store.append(event)) {
            store.rollback();
            return false;
        }
    }
    if (!store.commit()) {
        store.rollback();
        return false;
    }
    return true;
}

} // namespace

class TestLogListener : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void replicasShareOneChain();
    void catchUpFollowsAnotherWriter();
    void failedBatchKeepsWhatOthersCommitted();
    void concurrentWritersStayGapFree();
    void replicasStartingTogetherMigrateOnce();
    void listenerHearsEachCommittedBatch();
    void lostConnectionsAreOpenedAgain();
    void passwordStaysOutOfMessages();

private:
    PostgresProcess m_postgres;
    QString m_url;
};

void TestLogListener::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
}

void TestLogListener::init()
{
    m_url = m_postgres.createDatabase();
    QVERIFY2(!m_url.isEmpty(), qPrintable(m_postgres.errorString()));
}

void TestLogListener::replicasShareOneChain()
{
    EventStore a;
    EventStore b;
    QVERIFY2(a.open(m_url), qPrintable(a.errorString()));
    QVERIFY2(b.open(m_url), qPrintable(b.errorString()));
    QCOMPARE(a.storeId(), b.storeId());
    QCOMPARE(a.backend(), EventStore::Backend::PostgreSQL);

    QVERIFY(appendBatch(a, u"a"_s, 0, 3));
    EventList elsewhere;
    QVERIFY(appendBatch(b, u"b"_s, 0, 2, &elsewhere));
    QCOMPARE(elsewhere.size(), 3);
    QCOMPARE(elsewhere.first().seq, 1);
    QCOMPARE(elsewhere.last().hash, a.headHash());
    QCOMPARE(b.head(), 5);

    elsewhere.clear();
    QVERIFY(appendBatch(a, u"a"_s, 3, 1, &elsewhere));
    QCOMPARE(elsewhere.size(), 2);
    QCOMPARE(elsewhere.first().seq, 4);
    QCOMPARE(a.head(), 6);

    const EventList all = a.readAfter(0, 100);
    QCOMPARE(all.size(), 6);
    const QStringList writers{u"a"_s, u"a"_s, u"a"_s, u"b"_s, u"b"_s, u"a"_s};
    for (int i = 0; i < all.size(); ++i) {
        QCOMPARE(all.at(i).seq, i + 1);
        QCOMPARE(all.at(i).data().value(u"writer"_s).toString(), writers.at(i));
    }
    // B's view ends at its head until it catches up with A's last batch.
    QCOMPARE(b.readAfter(0, 100).size(), 5);
    QCOMPARE(b.catchUp(100).size(), 1);
    const VerifyResult result = b.verify(a.anchor());
    QVERIFY2(result.ok, qPrintable(result.reason));
}

void TestLogListener::catchUpFollowsAnotherWriter()
{
    EventStore a;
    EventStore b;
    QVERIFY(a.open(m_url));
    QVERIFY(b.open(m_url));
    QVERIFY(appendBatch(a, u"a"_s, 0, 7));

    // B serves only what it has applied until it catches up.
    QCOMPARE(b.head(), 0);
    QVERIFY(b.readAfter(0, 100).isEmpty());
    QCOMPARE(b.catchUp(5).size(), 5);
    QCOMPARE(b.head(), 5);
    QCOMPARE(b.readAfter(0, 100).size(), 5);
    const EventList rest = b.catchUp(100);
    QCOMPARE(rest.size(), 2);
    QCOMPARE(rest.first().seq, 6);
    QCOMPARE(b.headHash(), a.headHash());
    QVERIFY(b.catchUp(100).isEmpty());
}

void TestLogListener::failedBatchKeepsWhatOthersCommitted()
{
    EventStore a;
    EventStore b;
    QVERIFY(a.open(m_url));
    QVERIFY(b.open(m_url));
    QVERIFY(appendBatch(a, u"a"_s, 0, 2));

    // B's batch repeats an event id: its commit fails, but what A committed stays seen.
    EventList elsewhere;
    QVERIFY(b.begin(&elsewhere));
    QCOMPARE(elsewhere.size(), 2);
    Event first = sample(u"b"_s, 0);
    Event again = first;
    QVERIFY(b.append(first));
    QVERIFY(b.append(again));
    QVERIFY(!b.commit());
    b.rollback();
    QCOMPARE(b.head(), 2);

    QVERIFY(appendBatch(b, u"b"_s, 1, 1));
    QCOMPARE(b.head(), 3);
    QVERIFY(appendBatch(a, u"a"_s, 2, 1));
    QCOMPARE(a.head(), 4);
    QVERIFY(a.verify().ok);
}

// Two replicas append as fast as they can at the same time, each on its own connection.
void TestLogListener::concurrentWritersStayGapFree()
{
    constexpr int batches = 40;
    constexpr int perBatch = 25;
    const QString url = m_url;
    {
        EventStore creator;
        QVERIFY(creator.open(url));
    }
    auto writer = [url](const QString &name, bool *ok) {
        EventStore store;
        *ok = store.open(url);
        for (int i = 0; *ok && i < batches; ++i) {
            *ok = appendBatch(store, name, i * perBatch, perBatch);
        }
    };
    bool okA = false;
    bool okB = false;
    std::thread a(writer, u"a"_s, &okA);
    std::thread b(writer, u"b"_s, &okB);
    a.join();
    b.join();
    QVERIFY(okA);
    QVERIFY(okB);

    EventStore reader;
    QVERIFY(reader.openReadOnly(url));
    QCOMPARE(reader.head(), 2 * batches * perBatch);
    const VerifyResult result = reader.verify();
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.checked, 2 * batches * perBatch);

    // Each writer's batches stay whole and in its own order.
    QHash<QString, int> next;
    const EventList all = reader.readAfter(0, 100000);
    for (const Event &event : all) {
        const QString name = event.data().value(u"writer"_s).toString();
        QCOMPARE(event.data().value(u"n"_s).toInt(), next[name]++);
    }
}

void TestLogListener::replicasStartingTogetherMigrateOnce()
{
    const QString url = m_url;
    QString ids[4];
    QString errors[4];
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([url, &ids, &errors, i]() {
            EventStore store;
            if (store.open(url)) {
                ids[i] = store.storeId();
            } else {
                errors[i] = store.errorString();
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i]));
        QCOMPARE(ids[i], ids[0]);
    }
    EventStore store;
    QVERIFY(store.open(url));
    QSqlDatabase db = store.database();
    QCOMPARE(schemaVersion(db), int(storeMigrations().size()));
}

void TestLogListener::listenerHearsEachCommittedBatch()
{
    EventStore a;
    EventStore b;
    QVERIFY(a.open(m_url));
    QVERIFY(b.open(m_url));
    LogListener listener;
    QVERIFY2(listener.start(b, 60000), qPrintable(listener.errorString()));
    QSignalSpy heard(&listener, &LogListener::headAdvanced);

    QVERIFY(appendBatch(a, u"a"_s, 0, 50));
    QTRY_COMPARE(heard.size(), 1);
    QCOMPARE(heard.takeFirst().at(0).toLongLong(), 50);

    // One notification per batch, whatever its size; several close together may merge.
    QVERIFY(appendBatch(a, u"a"_s, 50, 10));
    QVERIFY(appendBatch(a, u"a"_s, 60, 10));
    QTRY_VERIFY(!heard.isEmpty() && heard.last().at(0).toLongLong() == 70);
    QVERIFY(heard.size() <= 2);
    QCOMPARE(b.catchUp(1000).size(), 70);
}

// A restarted database server drops every connection: the writer and the listener reconnect.
void TestLogListener::lostConnectionsAreOpenedAgain()
{
    EventStore a;
    EventStore b;
    QVERIFY(a.open(m_url));
    QVERIFY(b.open(m_url));
    LogListener listener;
    QVERIFY(listener.start(b, 100));
    QSignalSpy heard(&listener, &LogListener::headAdvanced);
    QVERIFY(appendBatch(a, u"a"_s, 0, 3));
    QTRY_VERIFY(!heard.isEmpty() && heard.last().at(0).toLongLong() == 3);

    const QString database = QUrl(m_url).path().mid(1);
    QVERIFY2(m_postgres.execute(database, u"SELECT pg_terminate_backend(pid) FROM"
                                          " pg_stat_activity WHERE datname = current_database()"
                                          " AND pid <> pg_backend_pid()"_s),
             qPrintable(m_postgres.errorString()));
    QVERIFY2(appendBatch(a, u"a"_s, 3, 2), qPrintable(a.errorString()));
    QCOMPARE(a.head(), 5);
    QTRY_VERIFY_WITH_TIMEOUT(heard.last().at(0).toLongLong() == 5, 10000);
    QVERIFY(appendBatch(a, u"a"_s, 5, 1));
    QTRY_VERIFY(heard.last().at(0).toLongLong() == 6);
    QCOMPARE(b.catchUp(100).size(), 6);
}

void TestLogListener::passwordStaysOutOfMessages()
{
    const QString url = u"postgresql://postgres:s3cr%3At@127.0.0.1:%1/no_such_database"_s.arg(
        m_postgres.port());
    QVERIFY(EventStore::isDatabaseUrl(url));
    QVERIFY(!EventStore::displayLocation(url).contains(u"s3cr"_s));
    EventStore store;
    QVERIFY(!store.open(url));
    QVERIFY2(!store.errorString().contains(u"s3cr"_s), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(u"no_such_database"_s), qPrintable(store.errorString()));
}

QTEST_GUILESS_MAIN(TestLogListener)
#include "tst_loglistener.moc"
