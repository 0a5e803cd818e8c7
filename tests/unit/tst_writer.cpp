// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The writer's failure path on a real store: a row the database refuses (a trigger injects the
// error, as a full disk or a broken file would) fails the commit of its whole batch. Every job
// of that batch is answered 503, nothing of it is stored or left in the projection, and the
// next batch continues the log without a gap. Run on SQLite, where the rows are written by the
// store's append thread while the writer decides, and on a throwaway PostgreSQL
// (FIREBREAK_TEST_STORE=postgresql, registered by CTest as tst_writer_postgresql).
#include "postgresprocess.h"
#include "model/projection.h"
#include "server/writer.h"
#include "store/commandlog.h"
#include "store/eventstore.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

bool onPostgres()
{
    return qEnvironmentVariable("FIREBREAK_TEST_STORE") == u"postgresql";
}

Event tokenEvent(const QString &id, const QString &name)
{
    return makeEvent(u"token.created"_s, u"system"_s, QString(),
                     {{u"id"_s, id},
                      {u"user"_s, u"admin"_s},
                      {u"role"_s, u"administrator"_s},
                      {u"name"_s, name},
                      {u"tokenHash"_s, QString::fromLatin1(id.toUtf8().toHex())}});
}

/// A job that emits one token.created event named `name`.
Writer::Job emitToken(const QString &id, const QString &name)
{
    return [id, name](Writer::Context &context) {
        Event event = tokenEvent(id, name);
        context.emitEvent(event);
        return JobOutcome();
    };
}

struct Answers
{
    QList<JobOutcome> outcomes;
    Writer::Done collect()
    {
        return [this](const JobOutcome &outcome) { outcomes.append(outcome); };
    }
};

} // namespace

class TestWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void refusedRowFailsItsWholeBatch();
    void commandOfAFailedBatchIsNotRecorded();
    void answersFollowTheCommit();

private:
    /// Makes the database refuse any event whose data mentions `poison`.
    void injectFailure();
    void removeFailure();
    QSqlDatabase side();

    PostgresProcess m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<Projection> m_projection;
    std::unique_ptr<Writer> m_writer;
    int m_stores = 0;
};

void TestWriter::initTestCase()
{
    if (onPostgres()) {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    }
}

void TestWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_location = onPostgres() ? m_postgres.createDatabase()
                              : m_dir->filePath(u"store-%1.sqlite"_s.arg(++m_stores));
    QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres.errorString()));
    m_store = std::make_unique<EventStore>();
    QVERIFY2(m_store->open(m_location), qPrintable(m_store->errorString()));
    m_projection = std::make_unique<Projection>();
    m_writer = std::make_unique<Writer>(*m_store, *m_projection);
}

void TestWriter::cleanup()
{
    m_writer.reset();
    m_projection.reset();
    m_store.reset();
    QSqlDatabase::removeDatabase(u"tst_writer_side"_s);
}

// A connection of the test's own, beside the server's.
QSqlDatabase TestWriter::side()
{
    if (QSqlDatabase::contains(u"tst_writer_side"_s)) {
        return QSqlDatabase::database(u"tst_writer_side"_s);
    }
    if (!onPostgres()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_writer_side"_s);
        db.setDatabaseName(m_location);
        db.open();
        return db;
    }
    const QUrl url(m_location);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"tst_writer_side"_s);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setDatabaseName(url.path().mid(1));
    db.setUserName(url.userName());
    db.open();
    return db;
}

void TestWriter::injectFailure()
{
    QSqlDatabase db = side();
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
    QSqlQuery query(db);
    if (!onPostgres()) {
        QVERIFY2(query.exec(u"CREATE TRIGGER poison BEFORE INSERT ON events"
                            " WHEN NEW.data LIKE '%poison%'"
                            " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"_s),
                 qPrintable(query.lastError().text()));
        return;
    }
    QVERIFY2(query.exec(u"CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN"
                        " IF NEW.data LIKE '%poison%' THEN RAISE EXCEPTION 'injected failure';"
                        " END IF; RETURN NEW; END $$ LANGUAGE plpgsql"_s),
             qPrintable(query.lastError().text()));
    QVERIFY2(query.exec(u"CREATE TRIGGER poison BEFORE INSERT ON events FOR EACH ROW"
                        " EXECUTE FUNCTION poison()"_s),
             qPrintable(query.lastError().text()));
}

void TestWriter::removeFailure()
{
    QSqlQuery query(side());
    QVERIFY2(query.exec(onPostgres() ? u"DROP TRIGGER poison ON events"_s
                                     : u"DROP TRIGGER poison"_s),
             qPrintable(query.lastError().text()));
}

void TestWriter::refusedRowFailsItsWholeBatch()
{
    Answers first;
    m_writer->submit(emitToken(u"t1"_s, u"before"_s), first.collect());
    m_writer->flush();
    QCOMPARE(first.outcomes.size(), 1);
    QVERIFY(first.outcomes[0].ok);
    const qint64 head = m_store->head();
    QCOMPARE(head, 1);

    // One batch: a good job, the poisoned one, and a good job decided after it.
    injectFailure();
    Answers batch;
    m_writer->submit(emitToken(u"t2"_s, u"good"_s), batch.collect());
    m_writer->submit(emitToken(u"t3"_s, u"poison"_s), batch.collect());
    m_writer->submit(emitToken(u"t4"_s, u"after"_s), batch.collect());
    QSignalSpy committed(m_writer.get(), &Writer::committed);
    m_writer->flush();

    QCOMPARE(batch.outcomes.size(), 3);
    for (const JobOutcome &outcome : std::as_const(batch.outcomes)) {
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.status, 503);
        QCOMPARE(outcome.code, u"unavailable"_s);
        QVERIFY(outcome.events.isEmpty());
    }
    QCOMPARE(committed.size(), 0);
    QCOMPARE(m_store->head(), head);
    QCOMPARE(m_store->readAfter(0, 100).size(), 1);
    QVERIFY(m_projection->tokenById(u"t1"_s));
    QVERIFY(!m_projection->tokenById(u"t2"_s));
    QVERIFY(!m_projection->tokenById(u"t3"_s));
    QVERIFY(!m_projection->tokenById(u"t4"_s));
    QCOMPARE(m_projection->lastSeq(), head);

    // The store works again: the log goes on from the same head, the chain intact.
    removeFailure();
    Answers next;
    m_writer->submit(emitToken(u"t5"_s, u"next"_s), next.collect());
    m_writer->flush();
    QCOMPARE(next.outcomes.size(), 1);
    QVERIFY(next.outcomes[0].ok);
    QCOMPARE(next.outcomes[0].events.size(), 1);
    QCOMPARE(next.outcomes[0].events[0].seq, head + 1);
    QCOMPARE(committed.size(), 1);
    QCOMPARE(m_store->head(), head + 1);
    QVERIFY(m_projection->tokenById(u"t5"_s));
    const VerifyResult verified = m_store->verify(m_store->anchor());
    QVERIFY2(verified.ok, qPrintable(verified.reason));
    QCOMPARE(verified.checked, head + 1);
}

// A command decided in a failed batch is not recorded: sent again, it runs again.
void TestWriter::commandOfAFailedBatchIsNotRecorded()
{
    injectFailure();
    Answers failed;
    m_writer->submitCommand(u"cmd-1"_s, u"user:ada"_s, emitToken(u"t1"_s, u"poison"_s),
                            failed.collect());
    m_writer->flush();
    QCOMPARE(failed.outcomes.size(), 1);
    QCOMPARE(failed.outcomes[0].status, 503);
    bool readable = false;
    QVERIFY(!CommandLog(m_store->database()).find(u"cmd-1"_s, &readable));
    QVERIFY(readable);

    removeFailure();
    Answers retried;
    m_writer->submitCommand(u"cmd-1"_s, u"user:ada"_s, emitToken(u"t1"_s, u"retried"_s),
                            retried.collect());
    m_writer->flush();
    QCOMPARE(retried.outcomes.size(), 1);
    QVERIFY(retried.outcomes[0].ok);
    QVERIFY(!retried.outcomes[0].duplicate);
    const std::optional<DecidedCommand> recorded
        = CommandLog(m_store->database()).find(u"cmd-1"_s);
    QVERIFY(recorded);
    QCOMPARE(recorded->firstSeq, 1);
    QCOMPARE(recorded->lastSeq, 1);
}

// Answers and fan-out carry the stored events (sequence number and hash) of committed batches
// only, in sequence order.
void TestWriter::answersFollowTheCommit()
{
    QList<qint64> fannedOut;
    connect(m_writer.get(), &Writer::committed, this, [&fannedOut](const EventList &events) {
        for (const Event &event : events) {
            fannedOut.append(event.seq);
        }
    });
    Answers answers;
    for (int i = 0; i < 50; ++i) {
        m_writer->submit(emitToken(u"a%1"_s.arg(i), u"n%1"_s.arg(i)), answers.collect());
    }
    m_writer->flush();
    injectFailure();
    m_writer->submit(emitToken(u"p"_s, u"poison"_s), answers.collect());
    m_writer->flush();
    removeFailure();
    for (int i = 0; i < 50; ++i) {
        m_writer->submit(emitToken(u"b%1"_s.arg(i), u"n%1"_s.arg(i)), answers.collect());
    }
    m_writer->flush();

    QCOMPARE(answers.outcomes.size(), 101);
    QCOMPARE(fannedOut.size(), 100);
    const EventList stored = m_store->readAfter(0, 1000);
    QCOMPARE(stored.size(), 100);
    int answered = 0;
    for (const JobOutcome &outcome : std::as_const(answers.outcomes)) {
        if (!outcome.ok) {
            continue;
        }
        QCOMPARE(outcome.events.size(), 1);
        const Event &event = outcome.events[0];
        QCOMPARE(event.seq, stored[answered].seq);
        QCOMPARE(event.hash, stored[answered].hash);
        QCOMPARE(event.prevHash, stored[answered].prevHash);
        QCOMPARE(fannedOut[answered], event.seq);
        ++answered;
    }
    QCOMPARE(answered, 100);
    QVERIFY(m_store->verify().ok);
}

QTEST_GUILESS_MAIN(TestWriter)
#include "tst_writer.moc"
