// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's local replica (core/sync/replica): what is appended reads back field for field,
// whatever the text holds (quotes, placeholders, NUL characters, any script), across the
// statement chunks of an append, after reopening the file, and from replicas written by older
// versions that kept the data as text. When the replica cannot store events, the sync client
// neither shows nor counts them.
#include "sync/protocol.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Firebreak;
using namespace Qt::StringLiterals;

class TestLocalReplica : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void duplicatesAndThrough();
    void olderTextRows();
    void fullDiskShowsNothingUnkept();
    void keptValues();
    void aServerSendingGapsIsNotHammered();

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

// What the desktop keeps beside the events: an unknown value (a server that does not say the
// session's permissions) is kept as empty, not refused.
void TestLocalReplica::keptValues()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Replica replica;
    QVERIFY(replica.open(dir.filePath(u"replica.sqlite"_s)));
    QVERIFY2(replica.setValue(u"permissions"_s, u"[\"incidents.read\"]"_s),
             qPrintable(replica.errorString()));
    QCOMPARE(replica.value(u"permissions"_s), u"[\"incidents.read\"]"_s);
    QVERIFY2(replica.setValue(u"permissions"_s, QString()), qPrintable(replica.errorString()));
    QCOMPARE(replica.value(u"permissions"_s), QString());
}

// A server that says hello, then sends events with a gap every time: the client drops each
// connection, and waits longer before each new one instead of coming back four times a second.
void TestLocalReplica::aServerSendingGapsIsNotHammered()
{
    QWebSocketServer server(u"gaps"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int connections = 0;
    connect(&server, &QWebSocketServer::newConnection, this, [&]() {
        QWebSocket *socket = server.nextPendingConnection();
        ++connections;
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            if (message[u"type"_s].toString() == u"subscribe") {
                socket->sendTextMessage(uR"({"type":"events","from":5,"through":5,"events":[]})"_s);
            }
        });
        socket->sendTextMessage(
            u"{\"type\":\"hello\",\"protocol\":%1}"_s.arg(Sync::ProtocolVersion));
    });
    SyncClient client(nullptr);
    client.connectToServer(QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())),
                           u"token"_s);
    QTRY_VERIFY(connections >= 2);
    QTest::qWait(3000);
    // With the backoff reset by each hello, about 12 connections; doubling from 250 ms, 4 or 5.
    QVERIFY2(connections <= 6, qPrintable(QString::number(connections)));
    client.stop();
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

void TestLocalReplica::fullDiskShowsNothingUnkept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"replica.sqlite"_s);
    Replica replica;
    QVERIFY(replica.open(path));
    QVERIFY(replica.reset(u"store-3"_s));
    SyncClient client(&replica);
    QSignalSpy arrived(&client, &SyncClient::eventsArrived);
    QSignalSpy failed(&client, &SyncClient::localCopyFailed);

    auto deliver = [&client](qint64 from, qint64 through) {
        QJsonArray events;
        for (qint64 seq = from; seq <= through; ++seq) {
            Event event = makeEvent(seq, u"user:a"_s, u"i"_s);
            const QString text = QString(2000, u'x') + QString::number(seq);
            event.setData(QJsonObject{{u"text"_s, text}});
            events.append(QJsonDocument::fromJson(Sync::eventToWire(event)).object());
        }
        client.receiveMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"type"_s, u"events"_s},
                                      {u"from"_s, from},
                                      {u"through"_s, through},
                                      {u"events"_s, events}})
                .toJson(QJsonDocument::Compact)));
    };
    deliver(1, 10);
    QCOMPARE(client.lastSeq(), 10);
    QCOMPARE(arrived.size(), 1);

    // The replica's own connection may not grow the file any more: SQLite answers as it does
    // on a full disk.
    QSqlDatabase connection;
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (QSqlDatabase::database(name, false).databaseName() == path) {
            connection = QSqlDatabase::database(name, false);
        }
    }
    QVERIFY(connection.isOpen());
    QSqlQuery pages(connection);
    QVERIFY(pages.exec(u"PRAGMA page_count"_s) && pages.next());
    const int full = pages.value(0).toInt();
    QVERIFY(pages.exec(u"PRAGMA max_page_count = %1"_s.arg(full)));

    deliver(11, 200);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains(u"full"_s),
             qPrintable(failed.first().first().toString()));
    QCOMPARE(client.localCopyError(), failed.first().first().toString());
    // Nothing of that batch is shown, counted or half-stored.
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(client.lastSeq(), 10);
    QCOMPARE(replica.lastSeq(), 10);
    QCOMPARE(replica.readAll().size(), 10);

    // With room again, the same events (sent again after reconnecting) are kept and shown.
    QVERIFY(pages.exec(u"PRAGMA max_page_count = 1073741823"_s));
    deliver(11, 200);
    QCOMPARE(arrived.size(), 2);
    QCOMPARE(arrived.last().first().value<EventList>().size(), 190);
    QCOMPARE(client.lastSeq(), 200);
    QVERIFY(client.localCopyError().isEmpty());
    const EventList held = replica.readAll();
    QCOMPARE(held.size(), 200);
    for (qsizetype i = 0; i < held.size(); ++i) {
        QCOMPARE(held.at(i).seq, i + 1);
    }
}

QTEST_GUILESS_MAIN(TestLocalReplica)
#include "tst_localreplica.moc"
