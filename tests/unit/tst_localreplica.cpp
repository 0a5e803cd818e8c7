// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's local replica (core/sync/replica): what is appended reads back field for field,
// whatever the text holds (quotes, placeholders, NUL characters, any script), across the
// statement chunks of an append, after reopening the file, and from replicas written by older
// versions that kept the data as text.
#include "sync/replica.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

class TestLocalReplica : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void duplicatesAndThrough();
    void olderTextRows();

private:
    static Event makeEvent(qint64 seq, const QString &actor, const QString &incident);
    static void compare(const Event &read, const Event &written);
};

Event TestLocalReplica::makeEvent(qint64 seq, const QString &actor, const QString &incident)
{
    Event event;
    event.seq = seq;
    event.id = u"id-%1"_s.arg(seq);
    event.type = u"incident.note_added"_s;
    event.at = 1764806400000 + seq;
    event.actor = actor;
    event.incident = incident;
    const QString text = u"note %1: it's \"quoted\" ? :name — ünïcødé 🔥"_s.arg(seq);
    event.setData(QJsonObject{{u"text"_s, text}});
    event.hash = QByteArray(64, char('a' + seq % 6));
    return event;
}

void TestLocalReplica::compare(const Event &read, const Event &written)
{
    QCOMPARE(read.seq, written.seq);
    QCOMPARE(read.id, written.id);
    QCOMPARE(read.type, written.type);
    QCOMPARE(read.at, written.at);
    QCOMPARE(read.actor, written.actor);
    QCOMPARE(read.incident, written.incident);
    QCOMPARE(read.dataJson, written.dataJson);
    QCOMPARE(read.data(), written.data());
    QCOMPARE(read.hash, written.hash);
}

void TestLocalReplica::roundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"replica.sqlite"_s);
    const QStringList actors{u"user:alice"_s,
                             u"user:o'brien"_s,
                             u"integration:?;DROP TABLE events;--"_s,
                             u"user:nul\0inside"_s,
                             u"user:'';:x ?"_s,
                             u"user:Zoë 👩‍🚒"_s};
    EventList written;
    // More events than one INSERT statement takes, with a NUL-carrying one inside a chunk.
    for (qint64 seq = 1; seq <= 300; ++seq) {
        written.append(makeEvent(seq, actors.at(int(seq % actors.size())),
                                 seq % 2 ? u"inc-odd"_s : u"inc-even'"_s));
    }
    {
        Replica replica;
        QVERIFY2(replica.open(path), qPrintable(replica.errorString()));
        QVERIFY(replica.reset(u"store-1"_s));
        QVERIFY2(replica.append(written.mid(0, 130)), qPrintable(replica.errorString()));
        QVERIFY2(replica.append(written.mid(130)), qPrintable(replica.errorString()));
        QCOMPARE(replica.lastSeq(), 300);
    }
    Replica reopened;
    QVERIFY(reopened.open(path));
    QCOMPARE(reopened.storeId(), u"store-1"_s);
    QCOMPARE(reopened.lastSeq(), 300);
    const EventList all = reopened.readAll();
    QCOMPARE(all.size(), written.size());
    for (qsizetype i = 0; i < all.size(); ++i) {
        compare(all.at(i), written.at(i));
    }
    const EventList even = reopened.readIncident(u"inc-even'"_s);
    QCOMPARE(even.size(), 150);
    QCOMPARE(even.first().seq, 2);
    QCOMPARE(even.first().actor, actors.at(2));
}

void TestLocalReplica::duplicatesAndThrough()
{
    QTemporaryDir dir;
    Replica replica;
    QVERIFY(replica.open(dir.filePath(u"replica.sqlite"_s)));
    QVERIFY(replica.reset(u"store-2"_s));
    EventList batch{makeEvent(1, u"user:a"_s, u"i"_s), makeEvent(3, u"user:b"_s, u"i"_s)};
    // Event 2 was not visible to this client: the batch stands for 1..4.
    QVERIFY(replica.append(batch, 4));
    QCOMPARE(replica.lastSeq(), 4);
    QVERIFY(replica.append(batch, 4)); // a repeat changes nothing
    QCOMPARE(replica.readAll().size(), 2);
    Event changed = makeEvent(3, u"user:someone else"_s, u"i"_s);
    QVERIFY(replica.append({changed}, 5)); // already held: ignored, cursor moves
    QCOMPARE(replica.readAll().at(1).actor, u"user:b"_s);
    QCOMPARE(replica.lastSeq(), 5);
}

void TestLocalReplica::olderTextRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"replica.sqlite"_s);
    const Event old = makeEvent(1, u"user:old"_s, u"i"_s);
    {
        Replica replica;
        QVERIFY(replica.open(path));
        QVERIFY(replica.reset(u"store-3"_s));
    }
    {
        // Rows as earlier versions wrote them: data and hash bound as text.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"older"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO events (seq, id, type, at, actor, incident, data, hash)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
        for (const QVariant &value :
             {QVariant(old.seq), QVariant(old.id), QVariant(old.type), QVariant(old.at),
              QVariant(old.actor), QVariant(old.incident),
              QVariant(QString::fromUtf8(old.dataJson)), QVariant(QString::fromLatin1(old.hash))}) {
            insert.addBindValue(value);
        }
        QVERIFY(insert.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"older"_s);
    Replica replica;
    QVERIFY(replica.open(path));
    QCOMPARE(replica.lastSeq(), 1);
    QVERIFY(replica.append({makeEvent(2, u"user:new"_s, u"i"_s)}));
    const EventList all = replica.readAll();
    QCOMPARE(all.size(), 2);
    compare(all.at(0), old);
}

QTEST_GUILESS_MAIN(TestLocalReplica)
#include "tst_localreplica.moc"
