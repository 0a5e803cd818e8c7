// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The limits of WebSocket sync against a real server: a subscribe with an unusable `after` is
// answered with an error and the connection stays open; a client that stops reading is closed
// with 4000 `too_slow` once more than --max-sync-queued-bytes wait for it, and the desktop's
// own client then reconnects and catches up; a refused token is not asked again at once, and
// leaves the server's log free of Qt warnings.
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <QWebSocket>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 30000;
constexpr qint64 s_queueLimit = 256 * 1024;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// A client frame of RFC 6455: FIN, text, masked.
QByteArray maskedTextFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    const QByteArray mask("\x12\x34\x56\x78", 4);
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i) {
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    }
    return frame;
}

} // namespace

class TestSyncLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void subscribeRefusesUnusableAfter_data();
    void subscribeRefusesUnusableAfter();
    void messagesJsonDoesNotAllowAreRefused();
    void stalledReaderIsClosed();
    void desktopClientResumesAfterBeingClosed();
    void refusedTokenIsNotRetriedAtOnce();
    void presenceNeedsAnIncidentThatExists();

private:
    /// Opens `socket` on the server's sync endpoint as the administrator; every message it
    /// receives is appended to `received`, parsed.
    void openSync(QWebSocket &socket, QList<QJsonObject> *received)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this,
                [received](const QString &text) { received->append(parse(text)); });
        QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/sync"_s.arg(m_server.port())));
        request.setRawHeader("Authorization", "Bearer " + m_server.adminToken().toUtf8());
        socket.open(request);
    }

    qint64 metric(const QByteArray &name) const;
    qint64 head() const;
    /// Appends about `bytes` of post-mortem text in edits of 190,000 characters, spread over
    /// incidents so that no document reaches its limit; stops early once `until` holds.
    void appendLargeEvents(qint64 bytes, const std::function<bool()> &until = {});

    ServerProcess m_server;
    QStringList m_incidents;
    int m_editsOnLastIncident = 0;
    QString m_agent;
};

void TestSyncLimits::initTestCase()
{
    QVERIFY2(m_server.start({u"--max-sync-queued-bytes"_s, QString::number(s_queueLimit)}),
             qPrintable(m_server.standardError()));
}

void TestSyncLimits::cleanupTestCase()
{
    m_server.stop();
    // Refused connections are closed without Qt complaining about closed devices.
    QVERIFY2(!m_server.standardError().contains(u"QIODevice::"_s),
             qPrintable(m_server.standardError().left(2000)));
}

qint64 TestSyncLimits::metric(const QByteArray &name) const
{
    const QByteArray text = m_server.request("GET", u"/metrics"_s).body;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(name + ' '))) {
            return line.mid(name.size() + 1).toLongLong();
        }
    }
    return -1;
}

qint64 TestSyncLimits::head() const
{
    return m_server.request("GET", u"/healthz"_s).json()[u"head"_s].toInteger();
}

void TestSyncLimits::appendLargeEvents(qint64 bytes, const std::function<bool()> &until)
{
    constexpr int length = 190000;
    const QString text(length, u'x');
    for (qint64 sent = 0; sent < bytes; sent += length) {
        if (until && until()) {
            return;
        }
        if (m_incidents.isEmpty() || m_editsOnLastIncident == 5) {
            const auto declared = m_server.request(
                "POST", u"/api/v1/commands"_s,
                json({{u"type"_s, u"incident.declare"_s},
                      {u"title"_s, u"Large post-mortem %1"_s.arg(m_incidents.size())},
                      {u"severity"_s, u"P3"_s}}),
                m_server.adminToken());
            QCOMPARE(declared.status, 200);
            m_incidents.append(
                declared.json()[u"events"_s].toArray().first()[u"incident"_s].toString());
            m_editsOnLastIncident = 0;
            m_agent = QUuid::createUuid().toString(QUuid::WithoutBraces);
        }
        const int seq = m_editsOnLastIncident * length;
        QJsonObject insert{{u"agent"_s, m_agent}, {u"seq"_s, seq}, {u"text"_s, text}};
        if (seq > 0) {
            insert.insert(u"left"_s, QJsonArray{m_agent, seq - 1});
        }
        const auto edited = m_server.request(
            "POST", u"/api/v1/commands"_s,
            json({{u"type"_s, u"postmortem.edit"_s},
                  {u"incident"_s, m_incidents.last()},
                  {u"ops"_s, QJsonObject{{u"inserts"_s, QJsonArray{insert}},
                                         {u"deletes"_s, QJsonArray()}}}}),
            m_server.adminToken());
        QVERIFY2(edited.status == 200, edited.body.left(300).constData());
        ++m_editsOnLastIncident;
    }
}

void TestSyncLimits::subscribeRefusesUnusableAfter_data()
{
    QTest::addColumn<QJsonValue>("after");
    QTest::newRow("string") << QJsonValue(u"2"_s);
    QTest::newRow("text") << QJsonValue(u"abc"_s);
    QTest::newRow("fraction") << QJsonValue(1.5);
    QTest::newRow("negative") << QJsonValue(-1);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("boolean") << QJsonValue(true);
    QTest::newRow("array") << QJsonValue(QJsonArray{5});
    QTest::newRow("object") << QJsonValue(QJsonObject());
    QTest::newRow("huge") << QJsonValue(1e300);
    QTest::newRow("2^63") << QJsonValue(9223372036854775808.0);
}

void TestSyncLimits::subscribeRefusesUnusableAfter()
{
    QFETCH(QJsonValue, after);
    QWebSocket socket;
    QList<QJsonObject> received;
    openSync(socket, &received);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, s_timeoutMs);
    const QJsonObject hello = received.takeFirst();
    QCOMPARE(hello[u"type"_s].toString(), u"hello"_s);
    const QString storeId = hello[u"storeId"_s].toString();

    socket.sendTextMessage(QString::fromUtf8(json(
        {{u"type"_s, u"subscribe"_s}, {u"storeId"_s, storeId}, {u"after"_s, after}})));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, s_timeoutMs);
    const QJsonObject error = received.takeFirst();
    QCOMPARE(error[u"type"_s].toString(), u"error"_s);
    QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"bad_request"_s);

    // The connection stays open and a good subscribe still works, with nothing sent between.
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    const qint64 now = head();
    socket.sendTextMessage(QString::fromUtf8(
        json({{u"type"_s, u"subscribe"_s}, {u"storeId"_s, storeId}, {u"after"_s, now}})));
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), s_timeoutMs);
    QCOMPARE(received.first()[u"type"_s].toString(), u"synced"_s);
    QCOMPARE(received.first()[u"head"_s].toInteger(), now);
}

// A sync message gets the checks of a JSON body: a lone surrogate half, a raw control character
// or an unknown escape in a string, too deep a nesting; the connection stays usable.
void TestSyncLimits::messagesJsonDoesNotAllowAreRefused()
{
    QWebSocket socket;
    QList<QJsonObject> received;
    openSync(socket, &received);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, s_timeoutMs);
    QCOMPARE(received.takeFirst()[u"type"_s].toString(), u"hello"_s);
    const QStringList messages{
        uR"({"type":"ping","x":"\ud800"})"_s, u"{\"type\":\"ping\",\"x\":\"a\tb\"}"_s,
        uR"({"type":"ping","x":"\x41"})"_s,
        u"{\"type\":\"ping\",\"x\":"_s + QString(100, u'[') + QString(100, u']') + u'}'};
    for (const QString &message : messages) {
        socket.sendTextMessage(message);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, s_timeoutMs);
        const QJsonObject error = received.takeFirst();
        QCOMPARE(error[u"type"_s].toString(), u"error"_s);
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
        QVERIFY2(error[u"error"_s][u"message"_s].toString().contains(u"offset"_s)
                     || error[u"error"_s][u"message"_s].toString().contains(u"nested"_s),
                 qPrintable(message));
    }
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestSyncLimits::stalledReaderIsClosed()
{
    // A raw client with small buffers that reads its hello and synced, then nothing more.
    QTcpSocket socket;
    socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    socket.setReadBufferSize(4096);
    socket.connectToHost(u"127.0.0.1"_s, m_server.port());
    QVERIFY(socket.waitForConnected(s_timeoutMs));
    socket.write("GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer "
                 + m_server.adminToken().toUtf8() + "\r\n\r\n");
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += socket.readAll()).contains("\"hello\""), s_timeoutMs);
    const QString storeId = m_server.request("GET", u"/healthz"_s).json()[u"storeId"_s]
                                .toString();
    socket.write(maskedTextFrame(json(
        {{u"type"_s, u"subscribe"_s}, {u"storeId"_s, storeId}, {u"after"_s, head()}})));
    QTRY_VERIFY_WITH_TIMEOUT((seen += socket.readAll()).contains("\"synced\""), s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(metric("firebreak_sync_clients"), 1, s_timeoutMs);
    QCOMPARE(metric("firebreak_sync_slow_clients_closed_total"), 0);

    // Far more than the limit is committed while it does not read: the server lets it go
    // instead of holding all of it.
    appendLargeEvents(40 * 1024 * 1024, [this]() {
        return metric("firebreak_sync_slow_clients_closed_total") > 0;
    });
    QTRY_COMPARE_WITH_TIMEOUT(metric("firebreak_sync_slow_clients_closed_total"), 1,
                              s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(metric("firebreak_sync_clients"), 0, s_timeoutMs);
}

void TestSyncLimits::desktopClientResumesAfterBeingClosed()
{
    // The desktop's client on a thread of its own, which the test can hold still.
    QThread thread;
    thread.start();
    QObject home;
    home.moveToThread(&thread);
    SyncClient *client = nullptr;
    QSemaphore release;
    // Its socket and timer are members, not children: it is made and ended on its thread.
    QMetaObject::invokeMethod(&home, [&client]() { client = new SyncClient(nullptr); },
                              Qt::BlockingQueuedConnection);
    const auto end = qScopeGuard([&]() {
        release.release();
        QMetaObject::invokeMethod(&home, [client]() { delete client; },
                                  Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    });
    QList<SyncClient::State> states;
    qint64 held = 0;
    QMutex mutex;
    connect(client, &SyncClient::stateChanged, this,
            [&states](SyncClient::State state) { states.append(state); });
    connect(client, &SyncClient::synced, client, [&mutex, &held, client]() {
        QMutexLocker locker(&mutex);
        held = client->lastSeq();
    }, Qt::DirectConnection);
    QMetaObject::invokeMethod(client, [client, this]() {
        client->connectToServer(m_server.url(), m_server.adminToken());
    });
    QTRY_VERIFY_WITH_TIMEOUT(states.contains(SyncClient::State::Live), s_timeoutMs);
    const qint64 closedBefore = metric("firebreak_sync_slow_clients_closed_total");

    // While its thread is blocked nothing is read, and the server closes it as too slow.
    QMetaObject::invokeMethod(client, [&release]() { release.acquire(); });
    appendLargeEvents(200 * 1024 * 1024, [this, closedBefore]() {
        return metric("firebreak_sync_slow_clients_closed_total") > closedBefore;
    });
    QCOMPARE(metric("firebreak_sync_slow_clients_closed_total"), closedBefore + 1);
    states.clear();
    release.release();

    // It reconnects by itself, resumes after what it held and has everything again.
    QTRY_VERIFY_WITH_TIMEOUT(states.contains(SyncClient::State::Unreachable), s_timeoutMs);
    const qint64 now = head();
    const auto heldNow = [&mutex, &held]() {
        QMutexLocker locker(&mutex);
        return held;
    };
    QTRY_COMPARE_WITH_TIMEOUT(heldNow(), now, s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(states.last(), SyncClient::State::Live, s_timeoutMs);
}

void TestSyncLimits::refusedTokenIsNotRetriedAtOnce()
{
    SyncClient client(nullptr);
    QList<SyncClient::State> states;
    connect(&client, &SyncClient::stateChanged, this,
            [&states](SyncClient::State state) { states.append(state); });
    client.connectToServer(m_server.url(), u"fbt_not-a-token-of-this-server"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Unreachable, s_timeoutMs);
    QCOMPARE(client.lastError(), u"unauthorized"_s);
    // It does not ask again at once: the next try is a minute away, where backing off from
    // 250 ms would have tried twice more in this window. (A window is the only way to see
    // that something does not happen.)
    const qsizetype attempts = states.count(SyncClient::State::Connecting);
    QTest::qWait(1500);
    QCOMPARE(states.count(SyncClient::State::Connecting), attempts);

    // A good token works at once.
    client.connectToServer(m_server.url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Live, s_timeoutMs);
}

// Presence for an incident that does not exist (or by its number) is refused to the sender
// and reaches no one else; presence for a real one still does.
void TestSyncLimits::presenceNeedsAnIncidentThatExists()
{
    const auto declared = m_server.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.declare"_s},
              {u"title"_s, u"Presence target"_s},
              {u"severity"_s, u"P3"_s}}),
        m_server.adminToken());
    QCOMPARE(declared.status, 200);
    const QJsonObject opened = declared.json()[u"events"_s].toArray().first().toObject();
    const QString incident = opened[u"incident"_s].toString();
    const QString number = QString::number(opened[u"data"_s][u"number"_s].toInt());

    QWebSocket sockets[2];
    QList<QJsonObject> received[2];
    for (int i = 0; i < 2; ++i) {
        connect(&sockets[i], &QWebSocket::textMessageReceived, this,
                [&received, i](const QString &text) { received[i].append(parse(text)); });
        QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/sync"_s.arg(m_server.port())));
        request.setRawHeader("Authorization", "Bearer " + m_server.adminToken().toUtf8());
        sockets[i].open(request);
        QTRY_COMPARE_WITH_TIMEOUT(received[i].size(), 1, s_timeoutMs);
        const QString storeId = received[i].takeFirst()[u"storeId"_s].toString();
        sockets[i].sendTextMessage(QString::fromUtf8(json(
            {{u"type"_s, u"subscribe"_s}, {u"storeId"_s, storeId}, {u"after"_s, head()}})));
        QTRY_COMPARE_WITH_TIMEOUT(received[i].size(), 1, s_timeoutMs);
        QCOMPARE(received[i].takeFirst()[u"type"_s].toString(), u"synced"_s);
    }

    const QJsonObject state{{u"name"_s, u"Alice"_s}, {u"cursor"_s, 3}};
    const auto refused = [&](const QString &target, const QJsonValue &sentState) {
        sockets[0].sendTextMessage(QString::fromUtf8(json(
            {{u"type"_s, u"presence"_s}, {u"incident"_s, target}, {u"state"_s, sentState}})));
        QTRY_COMPARE_WITH_TIMEOUT(received[0].size(), 1, s_timeoutMs);
        const QJsonObject error = received[0].takeFirst();
        QCOMPARE(error[u"type"_s].toString(), u"error"_s);
        QCOMPARE(error[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
    };
    refused(u"no-such-incident"_s, state);
    refused(number, state);
    // A state that is no object is a mistake, not a way of leaving.
    refused(incident, QJsonArray{1, 2});
    refused(incident, u"hi"_s);
    sockets[0].sendTextMessage(QString::fromUtf8(json(
        {{u"type"_s, u"presence"_s}, {u"incident"_s, incident}, {u"state"_s, state}})));
    QTRY_VERIFY_WITH_TIMEOUT(!received[1].isEmpty(), s_timeoutMs);
    // The first presence the other client hears of is the real one.
    const QJsonObject relayed = received[1].takeFirst();
    QCOMPARE(relayed[u"type"_s].toString(), u"presence"_s);
    QCOMPARE(relayed[u"incident"_s].toString(), incident);
    QCOMPARE(relayed[u"state"_s].toObject(), state);
    QVERIFY(received[0].isEmpty());
}

QTEST_GUILESS_MAIN(TestSyncLimits)
#include "tst_synclimits.moc"
