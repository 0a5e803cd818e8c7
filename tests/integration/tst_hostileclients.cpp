// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Clients that break the wire protocols, against a real server, through raw sockets with
// hand-made bytes: WebSocket frames RFC 6455 or docs/protocol.md do not allow (unmasked, binary,
// text that is not UTF-8) are failed with the close code the RFC names and logged once, and
// the first bytes of a TLS handshake, or garbage where a method belongs, on the plain HTTP
// port are answered 400 at once rather than after a timeout. Other clients are served
// throughout.
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 30000;

/// One frame of RFC 6455 with FIN set; a client's frames are masked, unless `masked` is false.
QByteArray frame(int opcode, const QByteArray &payload, bool masked = true)
{
    QByteArray out;
    out.append(char(0x80 | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        out.append(char(maskBit | char(payload.size())));
    } else {
        out.append(char(maskBit | 126));
        out.append(char((payload.size() >> 8) & 0xff));
        out.append(char(payload.size() & 0xff));
    }
    if (!masked) {
        return out + payload;
    }
    const QByteArray mask("\x37\xfa\x21\x3d", 4);
    out.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i) {
        out.append(char(payload.at(i) ^ mask.at(i % 4)));
    }
    return out;
}

/// A frame the server sent (never masked): opcode and payload.
struct ServerFrame
{
    int opcode = -1;
    QByteArray payload;
};

/// Splits what the server sent after its handshake answer into frames; an incomplete tail is
/// left out.
QList<ServerFrame> serverFrames(const QByteArray &received)
{
    QList<ServerFrame> frames;
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        return frames;
    }
    qsizetype pos = headEnd + 4;
    while (received.size() - pos >= 2) {
        const int opcode = quint8(received.at(pos)) & 0x0f;
        qint64 length = quint8(received.at(pos + 1)) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (received.size() - pos < 4) {
                break;
            }
            length = (quint8(received.at(pos + 2)) << 8) | quint8(received.at(pos + 3));
            header = 4;
        } else if (length == 127) {
            if (received.size() - pos < 10) {
                break;
            }
            length = 0;
            for (int i = 0; i < 8; ++i) {
                length = (length << 8) | quint8(received.at(pos + 2 + i));
            }
            header = 10;
        }
        if (received.size() - pos - header < length) {
            break;
        }
        frames.append({opcode, received.mid(pos + header, length)});
        pos += header + length;
    }
    return frames;
}

/// The status code of the server's close frame, or -1 before one arrived.
int closeCode(const QByteArray &received)
{
    const QList<ServerFrame> frames = serverFrames(received);
    for (const ServerFrame &frame : frames) {
        if (frame.opcode == 0x8) {
            return frame.payload.size() >= 2
                ? (quint8(frame.payload.at(0)) << 8) | quint8(frame.payload.at(1))
                : 1005;
        }
    }
    return -1;
}

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void forbiddenFrameFailsTheConnection_data();
    void forbiddenFrameFailsTheConnection();
    void garbageMethodIsRefusedAtOnce_data();
    void garbageMethodIsRefusedAtOnce();
    void unmaskedFramesOnManyHandshakesLeaveTheServerUp();

private:
    /// What the server has written to its standard error so far.
    QString serverLog();
    /// Upgrades a raw socket to sync and waits for the hello.
    bool openSync(QTcpSocket &socket, QByteArray *received);
    /// A well-behaved client still gets its hello and an answer to ping.
    void othersAreServed();

    ServerProcess m_server;
    QString m_log;
};

void TestHostileClients::initTestCase()
{
    // Timeouts far beyond the test's bounds: a refusal seen within them came at once.
    QVERIFY2(m_server.start({u"--request-timeout"_s, u"600"_s, u"--idle-timeout"_s,
                             u"3600"_s}),
             qPrintable(m_server.standardError()));
}

void TestHostileClients::cleanupTestCase()
{
    m_server.stop();
}

QString TestHostileClients::serverLog()
{
    m_log += QString::fromUtf8(m_server.process().readAllStandardError());
    return m_log;
}

bool TestHostileClients::openSync(QTcpSocket &socket, QByteArray *received)
{
    socket.connectToHost(u"127.0.0.1"_s, m_server.port());
    if (!socket.waitForConnected(s_timeoutMs)) {
        return false;
    }
    socket.write("GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer "
                 + m_server.adminToken().toUtf8() + "\r\n\r\n");
    QDeadlineTimer deadline(s_timeoutMs);
    while (!deadline.hasExpired()) {
        *received += socket.readAll();
        const QList<ServerFrame> frames = serverFrames(*received);
        if (!frames.isEmpty()) {
            return frames.first().payload.contains("\"hello\"");
        }
        socket.waitForReadyRead(100);
    }
    return false;
}

void TestHostileClients::othersAreServed()
{
    QWebSocket socket;
    QStringList received;
    connect(&socket, &QWebSocket::textMessageReceived, this,
            [&received](const QString &text) { received.append(text); });
    QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/sync"_s.arg(m_server.port())));
    request.setRawHeader("Authorization", "Bearer " + m_server.adminToken().toUtf8());
    socket.open(request);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, s_timeoutMs);
    QVERIFY(received.first().contains(u"\"hello\""_s));
    socket.sendTextMessage(u"{\"type\":\"ping\"}"_s);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, s_timeoutMs);
    QVERIFY(received.last().contains(u"\"pong\""_s));
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
}

void TestHostileClients::forbiddenFrameFailsTheConnection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("logged");

    // RFC 6455, 5.1: a server fails the connection on a frame its client did not mask.
    const QByteArray ping = R"({"type":"ping"})";
    QTest::newRow("unmasked text") << frame(0x1, ping, false) << 1002 << u"not masked"_s;
    QTest::newRow("unmasked ping") << frame(0x9, "hi", false) << 1002 << u"not masked"_s;
    // docs/protocol.md: every message is JSON in a text frame.
    QTest::newRow("binary") << frame(0x2, ping) << 1003 << u"binary"_s;
    // RFC 6455, 8.1: text that is not UTF-8 fails the connection with 1007.
    QTest::newRow("not UTF-8") << frame(0x1, "{\"type\":\"p\xc3\x28ng\"}") << 1007
                               << u"UTF-8"_s;
}

void TestHostileClients::forbiddenFrameFailsTheConnection()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, expectedCode);
    QFETCH(QString, logged);

    QTcpSocket socket;
    QByteArray received;
    QVERIFY(openSync(socket, &received));
    const auto logLines = [this, &logged]() {
        return serverLog().split(u'\n').filter(u"sync"_s).filter(logged).size();
    };
    const qsizetype loggedBefore = logLines();

    // The offending frame, then a good ping that must not be answered.
    socket.write(bytes + frame(0x1, R"({"type":"ping"})"));
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll(), closeCode(received) != -1),
                             s_timeoutMs);
    QCOMPARE(closeCode(received), expectedCode);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, s_timeoutMs);
    received += socket.readAll();
    for (const ServerFrame &sent : serverFrames(received)) {
        QVERIFY2(!sent.payload.contains("\"pong\""), sent.payload.constData());
    }

    // Logged once, and the server goes on serving others.
    QTRY_COMPARE_WITH_TIMEOUT(logLines(), loggedBefore + 1, s_timeoutMs);
    othersAreServed();
    QCOMPARE(logLines(), loggedBefore + 1);
}

void TestHostileClients::garbageMethodIsRefusedAtOnce_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentioned");
    // The first bytes of a TLS 1.2 ClientHello: a handshake record, the rest withheld.
    QTest::newRow("TLS handshake") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                                   << u"not TLS"_s;
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\x03", 4) << u"method"_s;
    QTest::newRow("control character") << QByteArray("GE\x7fT") << u"method"_s;
    QTest::newRow("separator") << QByteArray("GET(") << u"method"_s;
    QTest::newRow("overlong method") << QByteArray(64, 'A') << u"method"_s;
}

void TestHostileClients::garbageMethodIsRefusedAtOnce()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentioned);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server.port());
    QVERIFY(socket.waitForConnected(s_timeoutMs));
    // No line end: nothing more is needed to know it is not HTTP. The timeouts are far
    // beyond the test's bounds: an answer seen within them came at once.
    socket.write(bytes);

    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, s_timeoutMs);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    const QJsonObject body =
        QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    QCOMPARE(body[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
    const QString message = body[u"error"_s][u"message"_s].toString();
    QVERIFY2(message.contains(u"plain HTTP"_s) && message.contains(mentioned),
             answer.constData());
    QTRY_VERIFY_WITH_TIMEOUT(serverLog().contains(message), s_timeoutMs);
    othersAreServed();
}

// A handshake with an unmasked frame in the same write (and one sent after the 101), on
// connection after connection, without a token: each is failed with 1002 and the server stays
// up. The socket used to move to the server's thread from inside its own read notification on
// the I/O thread, which left a notifier there that fired for the deleted socket: a crash within
// a few connections.
void TestHostileClients::unmaskedFramesOnManyHandshakesLeaveTheServerUp()
{
    const QByteArray handshake = "GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                 "Sec-WebSocket-Version: 13\r\n\r\n";
    const QByteArray unmasked = frame(0x1, "hi", false);
    for (int i = 0; i < 40; ++i) {
        const bool together = i % 2 == 0;
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, m_server.port());
        QVERIFY(socket.waitForConnected(s_timeoutMs));
        socket.write(together ? handshake + unmasked : handshake);
        QByteArray received;
        if (!together) {
            QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("\r\n\r\n"),
                                     s_timeoutMs);
            socket.write(unmasked);
        }
        QTRY_COMPARE_WITH_TIMEOUT((received += socket.readAll(), socket.state()),
                                  QAbstractSocket::UnconnectedState, s_timeoutMs);
        QCOMPARE(m_server.process().state(), QProcess::Running);
    }
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
    othersAreServed();
}

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"
