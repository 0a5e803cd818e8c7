// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The event store suite, run once per backend: on SQLite by default, and on a throwaway
// PostgreSQL 15 cluster when FIREBREAK_TEST_STORE=postgresql (CTest registers both).
#include "model/projection.h"
#include "postgresprocess.h"
#include "store/anchorwriter.h"
#include "store/eventstore.h"
#include "store/migrations.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <array>
#include <ctime>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

Event sample(int i, const QString &incident = {})
{
    return makeEvent(u"test.happened"_s, u"system"_s, incident,
                     {{u"n"_s, i}, {u"text"_s, u"é ✓ \"quoted\""_s}});
}

bool appendMany(EventStore &store, int count)
{
    if (!store.begin()) {
        return false;
    }
    for (int i = 0; i < count; ++i) {
        Event event = sample(i, i % 2 ? u"inc-a"_s : QString());
        if (!store.append(event)) {
            return false;
        }
    }
    return store.commit();
}

void exec(EventStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    QVERIFY2(query.exec(sql), qPrintable(sql));
}

bool hasIndex(QSqlDatabase &db, const QString &name)
{
    QSqlQuery query(db);
    query.prepare(isPostgres(db) ? u"SELECT indexname FROM pg_indexes WHERE indexname = ?"_s
                                 : u"SELECT name FROM sqlite_master WHERE name = ?"_s);
    query.addBindValue(name);
    return query.exec() && query.next();
}

bool onPostgres()
{
    return qEnvironmentVariable("FIREBREAK_TEST_STORE") == u"postgresql";
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void appendAssignsGapFreeSequence();
    void storeIdAndHeadSurviveReopen();
    void rollbackLeavesNoGap();
    void noncharactersAndMarksReadBackAsWritten();
    void readIncidentTimeline();
    void canonicalFormIsStable();
    void eventIdsAreTimeOrdered();
    void uuidsAreVersionFourAndRandom();
    void verifyIntact();
    void verifyDetectsTampering_data();
    void verifyDetectsTampering();
    void verifyDetectsRewrittenChainAgainstAnchor();
    void migrationStepKeepsData();
    void refusesNewerSchema();
    void appendNeedsABatch();
    void readOnlyStoreRefusesWrites();
    void walIsCheckpointedOffTheWriter();
    void largeBatchesKeepEveryEventInOrder();
    void anchorWriterKeepsTheNewest();
    void newStoreHasLargePagesOlderStoreKeepsItsOwn();
    void dataKeepsTheObjectItWasMadeFrom();
    void timesParse_data();
    void timesParse();
    void timesWithOffsetsParse();
    void timesWithoutOffsetAreUtc();

private:
    /// This test's store: a SQLite file or a fresh PostgreSQL database.
    QString path() const { return m_location; }
    /// Another, empty store.
    QString freshLocation();

    PostgresProcess m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
    int m_stores = 0;
};

void TestEventStore::initTestCase()
{
    if (onPostgres()) {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    }
}

void TestEventStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_location = freshLocation();
    QVERIFY2(!m_location.isEmpty(), qPrintable(m_postgres.errorString()));
}

QString TestEventStore::freshLocation()
{
    if (onPostgres()) {
        return m_postgres.createDatabase();
    }
    return m_dir->filePath(u"store-%1.sqlite"_s.arg(++m_stores));
}

void TestEventStore::appendAssignsGapFreeSequence()
{
    EventStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    QCOMPARE(store.head(), 0);
    QVERIFY(appendMany(store, 10));
    QCOMPARE(store.head(), 10);

    const EventList events = store.readAfter(0, 100);
    QCOMPARE(events.size(), 10);
    for (int i = 0; i < events.size(); ++i) {
        QCOMPARE(events.at(i).seq, i + 1);
        QCOMPARE(events.at(i).prevHash, i == 0 ? QByteArray() : events.at(i - 1).hash);
        QCOMPARE(events.at(i).data().value(u"n"_s).toInt(), i);
    }
    QCOMPARE(store.readAfter(7, 100).size(), 3);
    QCOMPARE(store.readAfter(0, 4).size(), 4);
}

void TestEventStore::storeIdAndHeadSurviveReopen()
{
    QString storeId;
    QByteArray headHash;
    {
        EventStore store;
        QVERIFY(store.open(path()));
        storeId = store.storeId();
        QVERIFY(appendMany(store, 3));
        headHash = store.headHash();
    }
    EventStore reopened;
    QVERIFY(reopened.open(path()));
    QCOMPARE(reopened.storeId(), storeId);
    QCOMPARE(reopened.head(), 3);
    QCOMPARE(reopened.headHash(), headHash);
    QVERIFY(appendMany(reopened, 1));
    QCOMPARE(reopened.readAfter(3, 10).first().prevHash, headHash);

    EventStore other;
    QVERIFY(other.open(freshLocation()));
    QVERIFY(other.storeId() != storeId);
}

void TestEventStore::rollbackLeavesNoGap()
{
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(appendMany(store, 2));
    QVERIFY(store.begin());
    Event lost = sample(99);
    QVERIFY(store.append(lost));
    QCOMPARE(store.head(), 3);
    store.rollback();
    QCOMPARE(store.head(), 2);
    QVERIFY(appendMany(store, 1));
    QCOMPARE(store.readAfter(2, 10).first().seq, 3);
    QVERIFY(store.verify().ok);
}

// U+FFFE and U+FFFF are valid in JSON and in UTF-8 (a sender may put them in a label), and a
// text may start with U+FEFF: read back, every event must be what was hashed, or the store
// fails verification and the server refuses to start.
void TestEventStore::noncharactersAndMarksReadBackAsWritten()
{
    const QString odd = QString(QChar(0xfeff)) + u"a"_s + QChar(0xffff) + u"b"_s + QChar(0xfffe)
        + QChar(0xfdd0) + QChar(0xfeff);
    Event event = makeEvent(u"test.happened"_s, QString(u"integration:"_s + odd),
                            QString(u"incident"_s + QChar(0xffff)),
                            {{u"text"_s, odd}, {odd, QString(QChar(0xffff))}});
    {
        EventStore store;
        QVERIFY(store.open(path()));
        QVERIFY(store.begin());
        QVERIFY(store.append(event));
        QVERIFY(store.commit());
    }
    EventStore reopened;
    QVERIFY(reopened.open(path()));
    const VerifyResult verified = reopened.verify();
    QVERIFY2(verified.ok, qPrintable(verified.reason));
    const EventList read = reopened.readAfter(0, 10);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.first().dataJson, event.dataJson);
    QCOMPARE(read.first().actor, event.actor);
    QCOMPARE(read.first().incident, event.incident);
    QVERIFY(read.first().data().value(u"text"_s).toString().contains(QChar(0xffff)));
    QCOMPARE(reopened.readIncident(event.incident, 0, 10).size(), 1);
}

void TestEventStore::readIncidentTimeline()
{
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(appendMany(store, 9));
    const EventList timeline = store.readIncident(u"inc-a"_s, 0, 100);
    QCOMPARE(timeline.size(), 4);
    QCOMPARE(timeline.first().seq, 2);
    QCOMPARE(store.readIncident(u"inc-a"_s, 4, 1).first().seq, 6);
    QVERIFY(store.readIncident(QString(), 0, 100).isEmpty());

    // What the server reads timelines with: the projection's numbers, looked up one by one.
    Projection projection;
    for (const Event &event : store.readAfter(0, 100)) {
        projection.apply(event);
    }
    const QList<qint64> seqs = projection.incidentEventSeqs(u"inc-a"_s);
    QCOMPARE(seqs, (QList<qint64>{2, 4, 6, 8}));
    QVERIFY(projection.incidentEventSeqs(u"inc-b"_s).isEmpty());
    // Out of order, or twice: each number once, in order.
    Projection unordered;
    for (const qint64 seq : {5, 3, 5, 9, 1}) {
        Event event = timeline.first();
        event.seq = seq;
        event.incident = u"inc-x"_s;
        unordered.apply(event);
    }
    QCOMPARE(unordered.incidentEventSeqs(u"inc-x"_s), (QList<qint64>{1, 3, 5, 9}));
    bool ok = false;
    const EventList read = store.readSeqs(seqs, &ok);
    QVERIFY(ok);
    QCOMPARE(read.size(), timeline.size());
    for (qsizetype i = 0; i < read.size(); ++i) {
        QCOMPARE(read.at(i).seq, timeline.at(i).seq);
        QCOMPARE(read.at(i).hash, timeline.at(i).hash);
        QCOMPARE(read.at(i).dataJson, timeline.at(i).dataJson);
    }
    QCOMPARE(store.readSeqs({3, 4, 99}).size(), 2); // 99 is past the head
    QVERIFY(store.readSeqs({}).isEmpty());

    // More numbers than one statement takes.
    QVERIFY(appendMany(store, 600));
    QList<qint64> many;
    for (qint64 seq = 1; seq <= 609; seq += 2) {
        many.append(seq);
    }
    const EventList all = store.readSeqs(many, &ok);
    QVERIFY(ok);
    QCOMPARE(all.size(), many.size());
    QCOMPARE(all.last().seq, 609);
    QVERIFY(std::is_sorted(all.cbegin(), all.cend(),
                           [](const Event &a, const Event &b) { return a.seq < b.seq; }));
}

void TestEventStore::canonicalFormIsStable()
{
    Event event;
    event.seq = 7;
    event.id = u"11111111-2222-3333-4444-555555555555"_s;
    event.type = u"incident.opened"_s;
    event.at = 1764842400000;
    event.actor = u"system"_s;
    event.incident = u"inc"_s;
    event.dataJson = R"({"a":1})"_ba;
    event.prevHash = "abc";
    QCOMPARE(event.canonicalForm(u"store"_s),
             "firebreak-event-v1\nstore\n7\nabc\n11111111-2222-3333-4444-555555555555\n"
             "incident.opened\n1764842400000\nsystem\ninc\n{\"a\":1}"_ba);
    // Documented in docs/architecture.md; a change here breaks every stored chain.
    QCOMPARE(event.computeHash(u"store"_s),
             QCryptographicHash::hash(event.canonicalForm(u"store"_s), QCryptographicHash::Sha256)
                 .toHex());

    // Text beyond ASCII is UTF-8; empty fields stay empty lines; numbers in full.
    event.seq = 9007199254740993;
    event.actor = u"Zoë 🔥 ✓"_s;
    event.incident.clear();
    event.at = -1;
    event.prevHash.clear();
    QCOMPARE(event.canonicalForm(u"störe"_s),
             "firebreak-event-v1\nst\xc3\xb6re\n9007199254740993\n\n"
             "11111111-2222-3333-4444-555555555555\nincident.opened\n-1\n"
             "Zo\xc3\xab \xf0\x9f\x94\xa5 \xe2\x9c\x93\n\n{\"a\":1}"_ba);
}

// Version 7 UUIDs: the first twelve hex digits are the time in ms, in fixed width, so ids
// made later sort later; the rest stays random.
void TestEventStore::eventIdsAreTimeOrdered()
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QString id = newEventId();
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(!QUuid(id).isNull());
    QCOMPARE(id.size(), 36);
    QCOMPARE(id.at(14), u'7');
    QVERIFY(QStringView(u"89ab").contains(id.at(19)));
    bool ok = false;
    const qint64 stamp = QString(id.left(8) + id.mid(9, 4)).toLongLong(&ok, 16);
    QVERIFY(ok);
    QVERIFY2(before <= stamp && stamp <= after, qPrintable(id));
    QVERIFY(newEventId() != newEventId());
}

// Written without QUuid, the text must be exactly what QUuid writes of the same value, with the
// version and variant bits set and every other hex digit free to take any value.
void TestEventStore::uuidsAreVersionFourAndRandom()
{
    QSet<QString> seen;
    std::array<QSet<QChar>, 36> digitsAt;
    constexpr int count = 20000;
    for (int i = 0; i < count; ++i) {
        const QString id = i % 2 ? newUuid() : newEventId();
        const QUuid uuid(id);
        QVERIFY2(!uuid.isNull(), qPrintable(id));
        QCOMPARE(uuid.toString(QUuid::WithoutBraces), id);
        QCOMPARE(id.at(14), QChar(i % 2 ? u'4' : u'7'));
        QCOMPARE(uuid.variant(), QUuid::DCE);
        seen.insert(id);
        if (i % 2) {
            for (qsizetype at = 0; at < id.size(); ++at) {
                digitsAt[std::size_t(at)].insert(id.at(at));
            }
        }
    }
    QCOMPARE(seen.size(), count);
    for (qsizetype at = 0; at < 36; ++at) {
        const qsizetype expected = (at == 8 || at == 13 || at == 18 || at == 23) ? 1
            : at == 14                                                          ? 1
            : at == 19                                                          ? 4
                                                                                : 16;
        QVERIFY2(digitsAt[std::size_t(at)].size() == expected,
                 qPrintable(u"position %1: %2 different characters"_s.arg(at).arg(
                     digitsAt[std::size_t(at)].size())));
    }
}

void TestEventStore::verifyIntact()
{
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(appendMany(store, 12000)); // more than one verification page
    const VerifyResult result = store.verify(store.anchor());
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.checked, 12000);
}

void TestEventStore::verifyDetectsTampering_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<qint64>("firstBad");
    QTest::newRow("edited data") << QStringList{u"UPDATE events SET data = '{\"n\":42}'"
                                                " WHERE seq = 5"_s}
                                 << qint64(5);
    QTest::newRow("edited actor") << QStringList{u"UPDATE events SET actor = 'user:mallory'"
                                                 " WHERE seq = 9"_s}
                                  << qint64(9);
    QTest::newRow("deleted in the middle") << QStringList{u"DELETE FROM events WHERE seq = 4"_s}
                                           << qint64(4);
    QTest::newRow("reordered") << QStringList{u"UPDATE events SET seq = -1 WHERE seq = 3"_s,
                                              u"UPDATE events SET seq = 3 WHERE seq = 4"_s,
                                              u"UPDATE events SET seq = 4 WHERE seq = -1"_s}
                               << qint64(3);
    QTest::newRow("truncated tail") << QStringList{u"DELETE FROM events WHERE seq > 7"_s}
                                    << qint64(8);
    QTest::newRow("edited hash with edited data")
        << QStringList{u"UPDATE events SET data = '{}', hash = 'f00d' WHERE seq = 6"_s}
        << qint64(6);
}

void TestEventStore::verifyDetectsTampering()
{
    QFETCH(QStringList, statements);
    QFETCH(qint64, firstBad);
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(appendMany(store, 10));
    const LogAnchor anchor = store.anchor();
    QVERIFY(store.verify(anchor).ok);

    for (const QString &statement : std::as_const(statements)) {
        exec(store, statement);
    }
    const VerifyResult result = store.verify(anchor);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadSeq, firstBad);
    QVERIFY(!result.reason.isEmpty());
}

void TestEventStore::verifyDetectsRewrittenChainAgainstAnchor()
{
    // An attacker who recomputes every hash after an edit keeps the chain consistent; only the
    // anchor kept outside the database shows it.
    EventStore store;
    QVERIFY(store.open(path()));
    QVERIFY(appendMany(store, 5));
    const LogAnchor anchor = store.anchor();

    EventList events = store.readAfter(0, 10);
    exec(store, u"DELETE FROM events"_s);
    events[2].setData({{u"n"_s, 1000}});
    QByteArray previous;
    QSqlQuery insert(store.database());
    for (Event &event : events) {
        event.prevHash = previous;
        event.hash = event.computeHash(store.storeId());
        previous = event.hash;
        insert.prepare(u"INSERT INTO events VALUES (?, ?, ?, ?, ?, COALESCE(?, ''),"
                       " ?, COALESCE(?, ''), ?)"_s);
        for (const QVariant &value :
             {QVariant(event.seq), QVariant(event.id), QVariant(event.type), QVariant(event.at),
              QVariant(event.actor), QVariant(event.incident),
              QVariant(QString::fromUtf8(event.dataJson)),
              QVariant(QString::fromLatin1(event.prevHash)),
              QVariant(QString::fromLatin1(event.hash))}) {
            insert.addBindValue(value);
        }
        QVERIFY(insert.exec());
    }
    QVERIFY(store.verify().ok);
    const VerifyResult result = store.verify(anchor);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadSeq, 5);
}

void TestEventStore::migrationStepKeepsData()
{
    {
        EventStore v1;
        QVERIFY2(v1.open(path(), EventStore::Durability::Normal, 1), qPrintable(v1.errorString()));
        QSqlDatabase db = v1.database();
        QCOMPARE(schemaVersion(db), 1);
        QVERIFY(appendMany(v1, 6));
        QVERIFY(!hasIndex(db, u"events_by_incident"_s));
    }
    {
        EventStore v3;
        QVERIFY2(v3.open(path(), EventStore::Durability::Normal, 3), qPrintable(v3.errorString()));
        QSqlDatabase db = v3.database();
        QVERIFY(hasIndex(db, u"events_by_incident"_s));
    }
    EventStore latest;
    QVERIFY2(latest.open(path()), qPrintable(latest.errorString()));
    QSqlDatabase db = latest.database();
    QCOMPARE(schemaVersion(db), int(storeMigrations().size()));
    // Step 4 drops it again: timelines are read through the projection.
    QVERIFY(!hasIndex(db, u"events_by_incident"_s));
    QCOMPARE(latest.head(), 6);
    QVERIFY(latest.verify().ok);
    QCOMPARE(latest.readIncident(u"inc-a"_s, 0, 10).size(), 3);
}

void TestEventStore::refusesNewerSchema()
{
    {
        EventStore store;
        QVERIFY(store.open(path()));
        QSqlDatabase db = store.database();
        QString error;
        QVERIFY2(setSchemaVersion(db, 99, &error), qPrintable(error));
    }
    EventStore store;
    QVERIFY(!store.open(path()));
    QVERIFY2(store.errorString().contains(u"newer"_s), qPrintable(store.errorString()));
    EventStore reader;
    QVERIFY(!reader.openReadOnly(path()));
    QVERIFY2(reader.errorString().contains(u"newer"_s), qPrintable(reader.errorString()));
}

void TestEventStore::appendNeedsABatch()
{
    EventStore store;
    QVERIFY(store.open(path()));
    Event event = sample(1);
    QVERIFY(!store.append(event));
    QCOMPARE(store.head(), 0);
    QVERIFY(appendMany(store, 1));
    QCOMPARE(store.head(), 1);
}

void TestEventStore::readOnlyStoreRefusesWrites()
{
    EventStore missing;
    QVERIFY(!missing.openReadOnly(freshLocation()));

    QString storeId;
    {
        EventStore writer;
        QVERIFY(writer.open(path()));
        QVERIFY(appendMany(writer, 4));
        storeId = writer.storeId();
    }
    EventStore reader;
    QVERIFY2(reader.openReadOnly(path()), qPrintable(reader.errorString()));
    QCOMPARE(reader.storeId(), storeId);
    QCOMPARE(reader.head(), 4);
    QCOMPARE(reader.readAfter(0, 10).size(), 4);
    QVERIFY(reader.verify().ok);
    QVERIFY(!reader.begin());
    Event event = sample(5);
    QVERIFY(!reader.append(event));
}

// The writer's connection leaves checkpoints to the store's thread: the database file takes
// the committed pages in while the log is far below the writer's own checkpoint threshold.
// The anchor file is written on a thread of its own (writing it syncs the file, which held up
// the writer's thread): whatever is posted, the file ends up with the newest anchor, never an
// older one after it, and the destructor writes what is still waiting.
void TestEventStore::anchorWriterKeepsTheNewest()
{
    const QString file = m_dir->filePath(u"anchor.json"_s);
    const auto saved = [&file]() {
        QFile anchor(file);
        return anchor.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(anchor.readAll()).object()
                                                : QJsonObject();
    };
    {
        AnchorWriter writer(file);
        QCOMPARE(writer.writtenSeq(), 0);
        writer.post(u"store-a"_s, LogAnchor{5, "hash-5"});
        QVERIFY(writer.flush());
        QCOMPARE(writer.writtenSeq(), 5);
        QCOMPARE(saved(), (QJsonObject{{u"storeId"_s, u"store-a"_s},
                                       {u"seq"_s, 5},
                                       {u"hash"_s, u"hash-5"_s}}));
        for (int seq = 6; seq <= 300; ++seq) {
            writer.post(u"store-a"_s, LogAnchor{seq, "hash-" + QByteArray::number(seq)});
        }
        QVERIFY(writer.flush());
        QCOMPARE(writer.writtenSeq(), 300);
        QVERIFY(writer.lastError().isEmpty());
        QCOMPARE(saved().value(u"hash"_s).toString(), u"hash-300"_s);
        writer.post(u"store-a"_s, LogAnchor{301, "hash-301"});
    }
    QCOMPARE(saved().value(u"seq"_s).toInteger(), 301);

    // Where the file cannot be written, flush() says so and nothing counts as written.
    AnchorWriter broken(m_dir->filePath(u"no-such-folder/anchor.json"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot write the log's anchor"_s));
    broken.post(u"store-a"_s, LogAnchor{1, "hash-1"});
    QVERIFY(!broken.flush());
    QCOMPARE(broken.writtenSeq(), 0);
    QVERIFY2(broken.lastError().contains(u"no-such-folder/anchor.json"_s),
             qPrintable(broken.lastError()));
}

// On SQLite the rows of a batch are written by a helper thread while the writer goes on
// appending, and the writer drops the ones written as it goes (SqliteAppender): batches of
// thousands, paused now and then so the helper gets ahead, one rolled back in the middle, must
// store every event once, in order, chained.
void TestEventStore::largeBatchesKeepEveryEventInOrder()
{
    EventStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    int next = 0;
    const auto batch = [&store, &next](int count, bool keep) {
        if (!store.begin()) {
            return false;
        }
        const int first = next;
        for (int i = 0; i < count; ++i) {
            Event event = sample(next++);
            if (!store.append(event)) {
                return false;
            }
            if (i % 500 == 499) {
                QThread::usleep(2000); // lets the helper catch up
            }
        }
        if (!keep) {
            store.rollback();
            next = first;
            return true;
        }
        return store.commit();
    };
    QVERIFY(batch(5000, true));
    QVERIFY(batch(3333, false));
    QVERIFY(batch(4100, true));
    QVERIFY(batch(10, true));
    QCOMPARE(store.head(), 9110);
    const EventList stored = store.readAfter(0, 20000);
    QCOMPARE(stored.size(), 9110);
    for (int i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored.at(i).seq, qint64(i + 1));
        QCOMPARE(stored.at(i).data().value(u"n"_s).toInt(), i);
    }
    QVERIFY(store.verify().ok);
}

void TestEventStore::walIsCheckpointedOffTheWriter()
{
    if (onPostgres()) {
        QSKIP("a SQLite matter");
    }
    EventStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    const qint64 before = QFileInfo(path()).size();
    QVERIFY(appendMany(store, 500));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path()).size() > before + 64 * 1024, 30000);
    QCOMPARE(store.readAfter(0, 1000).size(), 500);
    QVERIFY(store.verify().ok);
}

void TestEventStore::newStoreHasLargePagesOlderStoreKeepsItsOwn()
{
    if (onPostgres()) {
        QSKIP("a SQLite matter");
    }
    auto pageSize = [](EventStore &store) {
        QSqlQuery query(store.database());
        return query.exec(u"PRAGMA page_size"_s) && query.next() ? query.value(0).toInt() : -1;
    };
    {
        EventStore store;
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
        QCOMPARE(pageSize(store), 16384);
        QVERIFY(appendMany(store, 300));
    }

    // A store made with SQLite's default pages (as Firebreak made them before) keeps them.
    const QString older = QFileInfo(path()).absolutePath() + u"/older.sqlite"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"older"_s);
        db.setDatabaseName(older);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA page_size=4096"_s));
        QVERIFY(query.exec(u"PRAGMA journal_mode=WAL"_s));
        QVERIFY(query.exec(u"CREATE TABLE unrelated (x INTEGER)"_s));
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"older"_s);
    EventStore store;
    QVERIFY2(store.open(older), qPrintable(store.errorString()));
    QCOMPARE(pageSize(store), 4096);
    QVERIFY(appendMany(store, 300));
    QCOMPARE(store.readAfter(0, 1000).size(), 300);
    QVERIFY(store.verify().ok);
}

void TestEventStore::dataKeepsTheObjectItWasMadeFrom()
{
    const QJsonObject data{{u"n"_s, 1}, {u"text"_s, u"é"_s}};
    Event made = makeEvent(u"test.happened"_s, u"system"_s, {}, data);
    QCOMPARE(made.dataObject, data);
    QCOMPARE(made.data(), data);

    // Read back, an event has only its text, and data() parses it.
    EventStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    QVERIFY(store.begin());
    QVERIFY(store.append(made));
    QVERIFY(store.commit());
    const Event read = store.readAfter(0, 1).value(0);
    QVERIFY(read.dataObject.isEmpty());
    QCOMPARE(read.dataJson, made.dataJson);
    QCOMPARE(read.data(), data);
}

void TestEventStore::timesParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("whole seconds") << u"2026-12-04T10:00:00Z"_s << qint64(1796378400000);
    QTest::newRow("milliseconds") << u"2026-12-04T10:00:00.250Z"_s << qint64(1796378400250);
    QTest::newRow("one digit") << u"2026-12-04T10:00:00.5Z"_s << qint64(1796378400500);
    QTest::newRow("nanoseconds (Go)") << u"2026-12-04T10:00:00.123456789Z"_s
                                      << qint64(1796378400123);
    QTest::newRow("Go zero time") << u"0001-01-01T00:00:00Z"_s << qint64(-62135596800000);
    QTest::newRow("leap day") << u"2024-02-29T23:59:59Z"_s << qint64(1709251199000);
    QTest::newRow("offset") << u"2026-12-04T11:00:00+01:00"_s << qint64(1796378400000);
    QTest::newRow("compact offset") << u"2026-12-04T11:00:00+0100"_s << qint64(1796378400000);
    // RFC 3339 allows a leap second; it reads as the last millisecond of its minute.
    QTest::newRow("leap second") << u"2016-12-31T23:59:60Z"_s << qint64(1483228799999);
    QTest::newRow("leap second, fraction") << u"2016-12-31T23:59:60.5Z"_s
                                           << qint64(1483228799999);
    QTest::newRow("leap second, offset") << u"2017-01-01T00:59:60+01:00"_s
                                         << qint64(1483228799999);
    QTest::newRow("second 61") << u"2016-12-31T23:59:61Z"_s << qint64(-1);
    QTest::newRow("not a leap year") << u"2023-02-29T00:00:00Z"_s << qint64(-1);
    QTest::newRow("hour 25") << u"2026-12-04T25:00:00Z"_s << qint64(-1);
    QTest::newRow("empty fraction") << u"2026-12-04T10:00:00.Z"_s << qint64(-1);
    QTest::newRow("garbage") << u"yesterday"_s << qint64(-1);
    QTest::newRow("negative offset, fraction") << u"2026-12-04T05:00:00.250-05:00"_s
                                               << qint64(1796378400250);
    QTest::newRow("half hour, compact, nanoseconds") << u"2026-12-04T15:30:00.123456789+0530"_s
                                                     << qint64(1796378400123);
    QTest::newRow("fourteen hours") << u"2026-12-05T00:00:00+14:00"_s << qint64(1796378400000);
    QTest::newRow("offset across new year") << u"2026-12-31T23:30:00-01:00"_s
                                            << qint64(1798763400000);
    QTest::newRow("offset minutes 60") << u"2026-12-04T10:00:00+01:60"_s << qint64(-1);
}

// A time without an offset means the same instant on every server, whatever its time zone.
void TestEventStore::timesWithoutOffsetAreUtc()
{
    const QByteArray saved = qgetenv("TZ");
    const auto restore = qScopeGuard([&saved]() {
        saved.isNull() ? qunsetenv("TZ") : qputenv("TZ", saved);
        ::tzset();
    });
    for (const char *zone : {"Asia/Kolkata", "America/New_York", "UTC"}) {
        qputenv("TZ", zone);
        ::tzset();
        QCOMPARE(msFromIso(u"2026-12-04T10:00:00"_s), qint64(1796378400000));
        QCOMPARE(msFromIso(u"2026-12-04T10:00:00.250"_s), qint64(1796378400250));
        QCOMPARE(msFromIso(u"2026-12-04 10:00:00"_s), qint64(1796378400000));
        QCOMPARE(msFromIso(u"2026-12-04T10:00:00+01:00"_s), qint64(1796374800000));
    }
}

// Times with offsets in every form read as QDateTime reads them, the fraction cut to ms.
void TestEventStore::timesWithOffsetsParse()
{
    QRandomGenerator random(4122026);
    for (int i = 0; i < 20000; ++i) {
        const QDate date(random.bounded(1, 10000), random.bounded(1, 13), 1);
        const QDate day = date.addDays(random.bounded(date.daysInMonth()));
        const QTime time(random.bounded(24), random.bounded(60), random.bounded(60),
                         random.bounded(1000));
        const int offsetMinutes = random.bounded(-14 * 60, 14 * 60 + 1);
        const QString sign = offsetMinutes < 0 ? u"-"_s : u"+"_s;
        const QString hours = QString::number(qAbs(offsetMinutes) / 60).rightJustified(2, u'0');
        const QString minutes = QString::number(qAbs(offsetMinutes) % 60).rightJustified(2, u'0');
        const QString zones[] = {sign + hours + u':' + minutes, sign + hours + minutes};
        const int digits = random.bounded(0, 10);
        QString fraction = QString::number(time.msec()).rightJustified(3, u'0');
        fraction += QString::number(random.bounded(1000000)).rightJustified(6, u'0');
        fraction = digits == 0 ? QString() : u'.' + fraction.left(digits);
        const int ms = digits == 0 ? 0 : fraction.mid(1, 3).leftJustified(3, u'0').toInt();
        const QDateTime expected(day, QTime(time.hour(), time.minute(), time.second(), ms),
                                 QTimeZone(offsetMinutes * 60));
        for (const QString &zone : zones) {
            const QString text = day.toString(u"yyyy-MM-dd"_s) + u'T'
                + time.toString(u"HH:mm:ss"_s) + fraction + zone;
            QCOMPARE(msFromIso(text), expected.toMSecsSinceEpoch());
        }
    }
}

// The common UTC form is read without QDateTime; every form must read as QDateTime reads it.
void TestEventStore::timesParse()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QCOMPARE(msFromIso(text), ms);
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
