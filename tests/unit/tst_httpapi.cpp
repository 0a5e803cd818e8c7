// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The HTTP contract of DESIGN.md against the real firebreak-server binary: error envelope and
// check order, bad input of every kind, lists and commands.
#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMultiHash>
#include <QSet>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <algorithm>

#include <sys/resource.h>
#include <sys/socket.h>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString s_alertsPath = u"/api/v1/alerts/alertmanager"_s;

QByteArray webhook(const QString &groupKey, const QString &fingerprint,
                   const QString &severity = u"critical"_s)
{
    const QJsonObject alert{
        {u"status"_s, u"firing"_s},
        {u"fingerprint"_s, fingerprint},
        {u"labels"_s, QJsonObject{{u"alertname"_s, u"Down"_s}, {u"severity"_s, severity},
                                  {u"service"_s, u"checkout"_s}}},
        {u"annotations"_s, QJsonObject{{u"summary"_s, u"checkout is down"_s}}},
        {u"startsAt"_s, u"2026-12-04T10:00:00Z"_s},
    };
    return QJsonDocument(QJsonObject{{u"version"_s, u"4"_s},
                                     {u"groupKey"_s, groupKey},
                                     {u"alerts"_s, QJsonArray{alert}}})
        .toJson(QJsonDocument::Compact);
}

/// Connects `socket` to the server on 127.0.0.1.
bool connectSocket(QTcpSocket &socket, quint16 port)
{
    socket.connectToHost(u"127.0.0.1"_s, port);
    return socket.waitForConnected(5000);
}

/// Sends raw bytes and returns everything the server answers until it closes or goes quiet.
QByteArray rawExchange(quint16 port, const QByteArray &bytes)
{
    QTcpSocket socket;
    if (!connectSocket(socket, port)) {
        return {};
    }
    socket.write(bytes);
    socket.waitForBytesWritten(5000);
    QByteArray answer;
    while (socket.waitForReadyRead(3000)) {
        answer += socket.readAll();
        if (answer.contains("\r\n\r\n") && socket.state() != QAbstractSocket::ConnectedState) {
            break;
        }
    }
    return answer + socket.readAll();
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void acceptsAndCounts();
    void badInput_data();
    void badInput();
    void connectionCloseAmongOtherTokens_data();
    void connectionCloseAmongOtherTokens();
    void http10ClosesUnlessKeptAlive_data();
    void http10ClosesUnlessKeptAlive();
    void expectContinueIsAnswered();
    void requestInSmallPiecesAnsweredOnce();
    void rawBytesInTargetAreEncoded();
    void refusalComesAfterEarlierAnswers_data();
    void refusalComesAfterEarlierAnswers();
    void otherUpgradesAreIgnored();
    void scalarBodyIsNamedAsSuch_data();
    void scalarBodyIsNamedAsSuch();
    void oversizedBodyRefusedBeforeReading();
    void chunkedBodyRefused();
    void surrogateEscapes();
    void escapedSlashStaysInItsSegment();
    void keyInQueryAndHeaderWins();
    void listsAndCursors();
    void badCursorsRefused();
    void percentEncodedQueryValues();
    void metricsWindows();
    void headAnswersLikeGet();
    void incidentLookups();
    void commands();
    void unknownRoutes();
    void framingRefusals_data();
    void framingRefusals();
    void tabInHeaderValueAccepted();
    void wrongWebSocketVersionNamesTheRightOne();
    void halfClosedClientAnswered_data();
    void halfClosedClientAnswered();
    void ambiguousLengthBeforePipelinedFlood();
    void pipelinedRequestsAllAnswered();
    void requestAfterAPostSeesIt();
    void resetAfterWebhookLogsNothing();
    void helperThreadsLeaveTheLastCpu();
    void openFileLimitRaisedToTheHardLimit();
    void upgradeElsewhereAnswered();
    void oversizedSyncMessageClosed();
    void slowAndIdleConnectionsClosed();
    void noSecretsInLogs();

private:
    qint64 head() const;
    ServerProcess m_server;
    QString m_key;
};

void TestHttpApi::initTestCase()
{
    QVERIFY2(m_server.start({u"--max-body-bytes"_s, u"65536"_s}),
             qPrintable(m_server.standardError()));
    m_key = m_server.createIntegration(u"alertmanager"_s, u"prod"_s);
    QVERIFY(!m_key.isEmpty());
}

void TestHttpApi::cleanupTestCase()
{
    m_server.stop();
}

qint64 TestHttpApi::head() const
{
    return m_server.request("GET", u"/healthz"_s).json().value(u"head"_s).toInteger();
}

void TestHttpApi::acceptsAndCounts()
{
    const auto reply = m_server.request("POST", s_alertsPath, webhook(u"g-accept"_s, u"f1"_s),
                                        m_key);
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"accepted"_s).toInt(), 1);
    const auto captured = m_server.request(
        "POST", s_alertsPath, testData(u"alerts/alertmanager-captured-firing.json"_s), m_key);
    QCOMPARE(captured.status, 202);
}

void TestHttpApi::badInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("credential");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString key = u"<key>"_s;
    const QString token = u"<token>"_s;
    QTest::newRow("no key") << webhook(u"g"_s, u"x"_s) << QString() << 401 << u"unauthorized"_s;
    QTest::newRow("unknown key") << webhook(u"g"_s, u"x"_s) << u"fbk_nope"_s << 401
                                 << u"unauthorized"_s;
    QTest::newRow("API token is no integration key") << webhook(u"g"_s, u"x"_s) << token << 403
                                                     << u"forbidden"_s;
    QTest::newRow("credentials before content") << "{{{"_ba << u"fbk_nope"_s << 401
                                                << u"unauthorized"_s;
    QTest::newRow("malformed JSON") << "{\"version\":"_ba << key << 400 << u"bad_request"_s;
    QTest::newRow("empty body") << QByteArray() << key << 400 << u"bad_request"_s;
    QTest::newRow("array body") << "[]"_ba << key << 400 << u"bad_request"_s;
    QTest::newRow("wrong types") << R"({"version":"4","alerts":"many"})"_ba << key << 400
                                 << u"bad_request"_s;
    QTest::newRow("absurd nesting") << QByteArray(5000, '[') << key << 400 << u"bad_request"_s;
    QTest::newRow("invalid UTF-8") << "{\"version\":\"4\",\"alerts\":[],\"x\":\"\xc3\x28\"}"_ba
                                   << key << 400 << u"bad_request"_s;
    QTest::newRow("NUL in body") << QByteArray("{\"version\":\"4\"\0}", 16) << key << 400
                                 << u"bad_request"_s;
    // Qt's parser takes these; JSON does not (from a breaker).
    const QByteArray firing = webhook(u"g-strict"_s, u"strict"_s);
    QTest::newRow("unknown escape in a label")
        << QByteArray(firing).replace("checkout is down", "checkout \\x41 down") << key << 400
        << u"bad_request"_s;
    QTest::newRow("raw tab in a label")
        << QByteArray(firing).replace("checkout is down", "checkout\tis down") << key << 400
        << u"bad_request"_s;
}

void TestHttpApi::badInput()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, credential);
    QFETCH(int, status);
    QFETCH(QString, code);
    if (credential == u"<key>") {
        credential = m_key;
    } else if (credential == u"<token>") {
        credential = m_server.adminToken();
    }

    const qint64 before = head();
    const auto reply = m_server.request("POST", s_alertsPath, body, credential);
    QCOMPARE(reply.status, status);
    const QJsonObject error = reply.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), code);
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    QCOMPARE(head(), before); // nothing stored
}

void TestHttpApi::connectionCloseAmongOtherTokens_data()
{
    QTest::addColumn<QByteArray>("connection");
    QTest::newRow("close alone") << "close"_ba;
    QTest::newRow("capitalised") << "Close"_ba;
    QTest::newRow("close first") << "close, TE"_ba;
    QTest::newRow("close last") << "TE,close"_ba;
    QTest::newRow("spaces") << "  keep-alive ,  CLOSE "_ba;
}

// RFC 9112, 9.6: "close" anywhere in the Connection list closes the connection after the
// answer, at once rather than when the idle timeout strikes.
void TestHttpApi::connectionCloseAmongOtherTokens()
{
    QFETCH(QByteArray, connection);
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: " + connection + "\r\n\r\n");
    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
}

void TestHttpApi::http10ClosesUnlessKeptAlive_data()
{
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("keptOpen");
    QTest::newRow("no header") << QByteArray() << false;
    QTest::newRow("keep-alive") << "Connection: keep-alive\r\n"_ba << true;
    QTest::newRow("Keep-Alive among others") << "Connection: TE, Keep-Alive\r\n"_ba << true;
    QTest::newRow("close") << "Connection: close\r\n"_ba << false;
}

// RFC 9112, 9.3: an HTTP/1.0 connection is closed after the answer unless the client asked to
// keep it; the client must not wait for the idle timeout to learn the answer is whole.
void TestHttpApi::http10ClosesUnlessKeptAlive()
{
    QFETCH(QByteArray, connection);
    QFETCH(bool, keptOpen);
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write("GET /healthz HTTP/1.0\r\n" + connection + "\r\n");
    QByteArray answer;
    if (!keptOpen) {
        QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                                  QAbstractSocket::UnconnectedState, 10000);
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        QVERIFY(answer.contains("Connection: close\r\n"));
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\"head\""), 10000);
    QVERIFY2(answer.contains("Connection: keep-alive\r\n"), answer.constData());
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    // The same connection carries a second request.
    socket.write("GET /nope HTTP/1.0\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(answer.count("HTTP/1.1 "), 2);
    QVERIFY2(answer.contains("HTTP/1.1 404"), answer.constData());
}

// RFC 9110, 10.1.1: a client that sends "Expect: 100-continue" waits for the interim answer
// (curl up to a second) before it sends the body.
void TestHttpApi::expectContinueIsAnswered()
{
    const QByteArray body = webhook(u"g-continue"_s, u"f-continue"_s);
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write("POST " + s_alertsPath.toLatin1() + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                 "Bearer " + m_key.toLatin1() + "\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), 5000);
    QCOMPARE(answer, "HTTP/1.1 100 Continue\r\n\r\n"_ba);
    socket.write(body);
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\"accepted\":1"), 10000);
    QVERIFY2(answer.contains("HTTP/1.1 202"), answer.constData());

    // With the body already sent, no interim answer comes.
    const QByteArray whole = rawExchange(
        m_server.port(),
        "POST " + s_alertsPath.toLatin1() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + m_key.toLatin1() + "\r\nExpect: 100-continue\r\nConnection: close\r\n"
            "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY2(whole.startsWith("HTTP/1.1 202"), whole.constData());
}

// However a request is cut into reads — inside the request line, between CR and LF, inside the
// blank line, inside the body — it is framed once and answered once; lines may end in LF alone.
void TestHttpApi::requestInSmallPiecesAnsweredOnce()
{
    const QByteArray body = webhook(u"g-pieces"_s, u"f-pieces"_s);
    const QByteArray requests = "\r\nGET /healthz HTTP/1.1\nHost: x\n\n"
                                "POST " + s_alertsPath.toLatin1()
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_key.toLatin1()
        + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body
        + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray answer;
    for (qsizetype at = 0, piece = 1; at < requests.size(); at += piece, piece = piece % 5 + 1) {
        socket.write(requests.mid(at, piece));
        socket.flush();
        if (at % 7 == 0) {
            QTest::qWait(1);
        }
        answer += socket.readAll();
    }
    QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(answer.count("HTTP/1.1 "), 3);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QVERIFY2(answer.contains("HTTP/1.1 202"), answer.constData());
    QVERIFY2(answer.contains("\"accepted\":1"), answer.constData());
    QVERIFY2(answer.contains("HTTP/1.1 404"), answer.constData());
}

// Bytes a client should have percent-encoded reach routes and messages encoded, never raw.
void TestHttpApi::rawBytesInTargetAreEncoded()
{
    const QByteArray answer = rawExchange(
        m_server.port(),
        "GET /nope\xc3\xa9\x80?q=\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
    QVERIFY2(answer.contains("no such resource: /nope%C3%A9%80\""), answer.constData());
}

void TestHttpApi::refusalComesAfterEarlierAnswers_data()
{
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << "XYZZY garbage\r\n\r\n"_ba << 400;
    QTest::newRow("bad header") << "GET /healthz HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\n"_ba
                                << 400;
    QTest::newRow("unknown method") << "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba << 501;
    QTest::newRow("body too large")
        << "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
           "Content-Length: 99999999\r\n\r\n"_ba
        << 413;
    QTest::newRow("upgrade not first")
        << "GET /api/v1/sync HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"_ba
        << 400;
}

// A request refused before its body, behind others on the same connection, is answered after
// them (RFC 9112, 9.3.2): a client pairs answers with requests by order alone. The answers
// before it come from the server's thread, later than the refusal is decided.
void TestHttpApi::refusalComesAfterEarlierAnswers()
{
    QFETCH(QByteArray, second);
    QFETCH(int, status);
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                 + m_server.adminToken().toLatin1() + "\r\n\r\n" + second);
    QByteArray answers;
    QTRY_COMPARE_WITH_TIMEOUT((answers += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, 15000);
    QList<int> statuses;
    for (qsizetype at = answers.indexOf("HTTP/1.1 "); at >= 0;
         at = answers.indexOf("HTTP/1.1 ", at + 1)) {
        statuses.append(answers.mid(at + 9, 3).toInt());
    }
    QCOMPARE(statuses, (QList<int>{200, 200, status}));
}

// RFC 9110, 7.8: a server may ignore an upgrade it does not offer; curl --http2 asks for h2c.
void TestHttpApi::otherUpgradesAreIgnored()
{
    const QByteArray answer =
        rawExchange(m_server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                     "Connection: Upgrade, HTTP2-Settings, close\r\n"
                                     "Upgrade: h2c\r\n"
                                     "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    // A WebSocket handshake whose lines end in LF alone is refused, not left waiting.
    const QByteArray lf = rawExchange(
        m_server.port(), "GET /api/v1/sync HTTP/1.1\nHost: x\nUpgrade: websocket\n"
                         "Connection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"
                         "Sec-WebSocket-Version: 13\n\n");
    QVERIFY2(lf.startsWith("HTTP/1.1 400"), lf.constData());
    QVERIFY2(lf.contains("CR LF"), lf.constData());
}

void TestHttpApi::scalarBodyIsNamedAsSuch_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    const QString notObject = u"the body must be a JSON object"_s;
    QTest::newRow("null") << "null"_ba << notObject;
    QTest::newRow("number") << " 42\n"_ba << notObject;
    QTest::newRow("string") << R"("alerts")"_ba << notObject;
    QTest::newRow("boolean") << "true"_ba << notObject;
    QTest::newRow("not JSON at all") << "alerts=1"_ba << notObject;
    QTest::newRow("array") << "[1, 2]"_ba << notObject;
    QTest::newRow("cut-off object") << "\n {\"version\":"_ba << u"malformed JSON at offset"_s;
}

// A webhook and a REST request alike say what is wrong with a body that is no JSON object,
// rather than where Qt's parser gave up on it.
void TestHttpApi::scalarBodyIsNamedAsSuch()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const qint64 before = head();
    const auto webhook = m_server.request("POST", s_alertsPath, body, m_key);
    const auto rest = m_server.request("POST", u"/api/v1/integrations"_s, body,
                                       m_server.adminToken());
    for (const auto &reply : {webhook, rest}) {
        QCOMPARE(reply.status, 400);
        const QJsonObject error = reply.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"bad_request"_s);
        QVERIFY2(error.value(u"message"_s).toString().startsWith(message),
                 qPrintable(error.value(u"message"_s).toString()));
    }
    QCOMPARE(head(), before);
}

void TestHttpApi::oversizedBodyRefusedBeforeReading()
{
    const qint64 before = head();
    // Declares 10 MB but sends only the headers: the answer must come without the body.
    const QByteArray request = "POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\n"
                               "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n";
    const QByteArray answer = rawExchange(m_server.port(), request);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(answer.contains("payload_too_large"));

    // Size is checked before credentials: no key at all still gets 413.
    const auto reply = m_server.request("POST", s_alertsPath, QByteArray(100000, ' '));
    QCOMPARE(reply.status, 413);
    QCOMPARE(head(), before);
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
}

void TestHttpApi::chunkedBodyRefused()
{
    const QByteArray request = "POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    const QByteArray answer = rawExchange(m_server.port(), request);
    QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
    QVERIFY(answer.contains("\"error\""));
}

void TestHttpApi::surrogateEscapes()
{
    // The group key carries the escape; JSON allows any \uXXXX, but half of a surrogate pair
    // is no character, and kept it would be written out later as invalid UTF-8.
    const auto send = [this](const QByteArray &escaped, const QString &fingerprint) {
        return m_server.request("POST", s_alertsPath,
                                webhook(u"HOLE"_s, fingerprint).replace("HOLE", escaped), m_key);
    };
    const qint64 before = head();
    for (const QByteArray &lone : {"x\\ud800y"_ba, "x\\udfffy"_ba, "\\ud83d\\u0041"_ba,
                                   "\\ud83d"_ba}) {
        const auto reply = send(lone, u"surrogate"_s);
        QVERIFY2(reply.status == 400, lone.constData());
        QCOMPARE(reply.json()[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
        QVERIFY(reply.json()[u"error"_s][u"message"_s].toString().contains(u"surrogate"_s));
    }
    QCOMPARE(head(), before);

    // A whole pair is a character, and an escaped backslash before "ud800" is plain text.
    QCOMPARE(send("fire \\ud83d\\udd25"_ba, u"pair"_s).status, 202);
    QCOMPARE(send("C:\\\\ud800"_ba, u"backslash"_s).status, 202);
    const auto alerts = m_server.request("GET", u"/api/v1/alerts?limit=1000"_s, {},
                                         m_server.adminToken());
    QCOMPARE(alerts.status, 200);
    QVERIFY(QJsonDocument::fromJson(alerts.body).isObject());
    QVERIFY(alerts.body.contains("\"pair\""));
    QVERIFY(alerts.body.contains("\"backslash\""));
}

void TestHttpApi::escapedSlashStaysInItsSegment()
{
    const QString token = m_server.adminToken();
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/INC-1"_s, {}, token).status, 200);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/INC-1/timeline"_s, {}, token).status,
             200);
    // "INC-1/timeline" as one incident reference: no such incident, not INC-1's timeline.
    const auto escaped
        = m_server.request("GET", u"/api/v1/incidents/INC-1%2Ftimeline"_s, {}, token);
    QCOMPARE(escaped.status, 404);
    QVERIFY2(escaped.json()[u"error"_s][u"message"_s].toString().contains(u"INC-1/timeline"_s),
             escaped.body.constData());
    // Other escapes in a segment are decoded as before.
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/%49NC-1"_s, {}, token).status, 200);
}

void TestHttpApi::keyInQueryAndHeaderWins()
{
    const QString path = s_alertsPath + u"?key="_s + m_key;
    QCOMPARE(m_server.request("POST", path, webhook(u"g-query"_s, u"q1"_s)).status, 202);
    // A wrong header beats a right ?key=.
    QCOMPARE(m_server.request("POST", path, webhook(u"g-query"_s, u"q2"_s), u"fbk_bad"_s).status,
             401);
}

void TestHttpApi::listsAndCursors()
{
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(m_server.request("POST", s_alertsPath,
                                  webhook(u"g-list-%1"_s.arg(i), u"l%1"_s.arg(i),
                                          i % 2 ? u"warning"_s : u"critical"_s),
                                  m_key)
                     .status,
                 202);
    }
    const QString token = m_server.adminToken();
    QStringList seen;
    QString cursor;
    do {
        const auto page = m_server.request(
            "GET", u"/api/v1/incidents?limit=2"_s + (cursor.isEmpty() ? QString()
                                                                       : u"&cursor="_s + cursor),
            {}, token);
        QCOMPARE(page.status, 200);
        const QJsonArray incidents = page.json().value(u"incidents"_s).toArray();
        QVERIFY(incidents.size() <= 2);
        for (const QJsonValue &incident : incidents) {
            const QJsonObject object = incident.toObject();
            for (const QString &field : {u"id"_s, u"number"_s, u"title"_s, u"severity"_s,
                                         u"status"_s, u"service"_s, u"createdAt"_s,
                                         u"updatedAt"_s}) {
                QVERIFY2(object.contains(field), qPrintable(field));
            }
            QVERIFY(object.value(u"createdAt"_s).toString().endsWith(u'Z'));
            seen.append(object.value(u"number"_s).toString());
        }
        cursor = page.json().value(u"next"_s).toString();
    } while (!cursor.isEmpty());
    QVERIFY(seen.size() >= 7);
    QCOMPARE(seen.removeDuplicates(), 0);

    const auto p1 = m_server.request("GET", u"/api/v1/incidents?severity=P1&limit=1000"_s, {},
                                     token);
    for (const QJsonValue &incident : p1.json().value(u"incidents"_s).toArray()) {
        QCOMPARE(incident.toObject().value(u"severity"_s).toString(), u"P1"_s);
    }
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents?limit=0"_s, {}, token).status, 400);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents?limit=1001"_s, {}, token).status, 400);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents?status=bogus"_s, {}, token).status, 400);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s).status, 401);

    const auto alerts = m_server.request("GET", u"/api/v1/alerts?status=firing&limit=3"_s, {},
                                         token);
    QCOMPARE(alerts.status, 200);
    const QJsonArray list = alerts.json().value(u"alerts"_s).toArray();
    QCOMPARE(list.size(), 3);
    const QJsonObject alert = list.first().toObject();
    for (const QString &field : {u"id"_s, u"source"_s, u"dedupKey"_s, u"status"_s, u"severity"_s,
                                 u"sourceSeverity"_s, u"labels"_s, u"startsAt"_s, u"endsAt"_s,
                                 u"receivedAt"_s, u"incident"_s}) {
        QVERIFY2(alert.contains(field), qPrintable(field));
    }
    QVERIFY(alert.value(u"endsAt"_s).isNull());
    QVERIFY(!alerts.json().value(u"next"_s).toString().isEmpty());
}

void TestHttpApi::incidentLookups()
{
    const QString token = m_server.adminToken();
    const auto byNumber = m_server.request("GET", u"/api/v1/incidents/INC-1"_s, {}, token);
    QCOMPARE(byNumber.status, 200);
    const QString id = byNumber.json().value(u"id"_s).toString();
    QCOMPARE(id.size(), 36);
    const auto byId = m_server.request("GET", u"/api/v1/incidents/"_s + id, {}, token);
    QCOMPARE(byId.json().value(u"number"_s).toString(), u"INC-1"_s);

    const auto timeline = m_server.request("GET", u"/api/v1/incidents/INC-1/timeline"_s, {}, token);
    QCOMPARE(timeline.status, 200);
    const QJsonArray events = timeline.json().value(u"events"_s).toArray();
    QVERIFY(events.size() >= 2);
    const QJsonObject first = events.first().toObject();
    QCOMPARE(first.value(u"type"_s).toString(), u"incident.opened"_s);
    QCOMPARE(first.value(u"actor"_s).toString(), u"integration:prod"_s);
    QVERIFY(first.value(u"seq"_s).toInteger() > 0);
    QVERIFY(first.value(u"data"_s).isObject());
    QVERIFY(!first.value(u"at"_s).toString().isEmpty());

    const auto missing = m_server.request("GET", u"/api/v1/incidents/INC-9999"_s, {}, token);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"not_found"_s);
}

void TestHttpApi::commands()
{
    const QString token = m_server.adminToken();
    auto command = [&](const QByteArray &json) {
        return m_server.request("POST", u"/api/v1/commands"_s, json, token);
    };
    const auto ack = command(R"({"type":"incident.acknowledge","incident":"INC-1"})"_ba);
    QCOMPARE(ack.status, 200);
    const QJsonArray events = ack.json().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().toObject().value(u"type"_s).toString(), u"incident.acknowledged"_s);
    QCOMPARE(events.first().toObject().value(u"actor"_s).toString(), u"user:admin"_s);

    const auto again = command(R"({"type":"incident.acknowledge","incident":"INC-1"})"_ba);
    QCOMPARE(again.status, 409);
    QVERIFY(again.json().value(u"error"_s).toObject().value(u"message"_s).toString()
                .contains(u"INC-1"_s));

    QCOMPARE(command(R"({"type":"incident.resolve","incident":"INC-1","note":"fixed"})"_ba).status,
             200);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/INC-1"_s, {}, token)
                 .json().value(u"status"_s).toString(),
             u"resolved"_s);
    QCOMPARE(command(R"({"type":"incident.resolve","incident":"INC-1"})"_ba).status, 409);
    QCOMPARE(command(R"({"type":"incident.explode","incident":"INC-1"})"_ba).status, 400);
    QCOMPARE(command(R"({"type":"incident.resolve","incident":"INC-424242"})"_ba).status, 404);
    QCOMPARE(command("nonsense"_ba).status, 400);
    QCOMPARE(m_server.request("POST", u"/api/v1/commands"_s,
                              R"({"type":"incident.resolve","incident":"INC-2"})"_ba)
                 .status,
             401);
}

void TestHttpApi::unknownRoutes()
{
    const auto missing = m_server.request("GET", u"/nope"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"not_found"_s);
    QCOMPARE(m_server.request("POST", u"/api/v1/alerts/carrierpigeon"_s, "{}", m_key).status, 404);
    QCOMPARE(m_server.request("DELETE", u"/api/v1/incidents"_s, {}, m_server.adminToken()).status,
             405);
    // Routes with captures and optional parts: 405 on a known path, 404 past its end.
    QCOMPARE(m_server.request("DELETE", u"/api/v1/notifications/dead-letters"_s, {},
                              m_server.adminToken())
                 .status,
             405);
    QCOMPARE(m_server.request("GET", u"/api/v1/notifications/dead-letterz"_s, {},
                              m_server.adminToken())
                 .status,
             404);
    QCOMPARE(m_server.request("PUT", u"/api/v1/alerts/x"_s, {}, m_server.adminToken()).status,
             405);
}

void TestHttpApi::badCursorsRefused()
{
    const QString token = m_server.adminToken();
    for (const QString &path : {u"/api/v1/alerts?cursor=nonexistent"_s,
                                u"/api/v1/incidents?cursor=nonexistent"_s,
                                u"/api/v1/incidents?cursor=INC-x"_s,
                                u"/api/v1/incidents?cursor=INC-0"_s}) {
        const auto reply = m_server.request("GET", path, {}, token);
        QVERIFY2(reply.status == 400, qPrintable(path));
        QCOMPARE(reply.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"bad_request"_s);
    }
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents?cursor=INC-1"_s, {}, token).status, 200);
}

// Query values are decoded fully: %2B is '+', not left as it came.
void TestHttpApi::percentEncodedQueryValues()
{
    const QString token = m_server.adminToken();
    const auto since = m_server.request(
        "GET", u"/api/v1/incidents?since=2026-01-01T00:00:00%2B00:00&limit=1000"_s, {}, token);
    QCOMPARE(since.status, 200);
    QVERIFY(!since.json().value(u"incidents"_s).toArray().isEmpty());
    QCOMPARE(m_server.request("GET", u"/api/v1/metrics?from=2026-01-01T00:00:00%2B01:00"_s, {},
                              token)
                 .status,
             200);
}

// Bounds before 1970 are valid times; a window that ends before it starts is refused.
void TestHttpApi::metricsWindows()
{
    const QString token = m_server.adminToken();
    const auto all = m_server.request("GET", u"/api/v1/metrics"_s, {}, token);
    QCOMPARE(all.status, 200);
    const int incidents = all.json().value(u"incidents"_s).toInt();
    QVERIFY(incidents > 0);

    const auto early = m_server.request("GET", u"/api/v1/metrics?from=1969-07-20T20:17:00Z"_s,
                                        {}, token);
    QCOMPARE(early.status, 200);
    QCOMPARE(early.json().value(u"incidents"_s).toInt(), incidents);
    const auto before = m_server.request("GET", u"/api/v1/metrics?to=1969-07-20T20:17:00Z"_s, {},
                                         token);
    QCOMPARE(before.status, 200);
    QCOMPARE(before.json().value(u"incidents"_s).toInt(), 0);

    const auto reversed = m_server.request(
        "GET", u"/api/v1/metrics?from=2026-12-03T00:00:00Z&to=2026-12-01T00:00:00Z"_s, {}, token);
    QCOMPARE(reversed.status, 400);
    QVERIFY(reversed.json()[u"error"_s][u"message"_s].toString().contains(u"after"_s));
    QCOMPARE(m_server.request("GET", u"/api/v1/metrics?from=yesterday"_s, {}, token).status, 400);
}

// HEAD is answered wherever GET is: same status and headers, no body, framing intact.
void TestHttpApi::headAnswersLikeGet()
{
    const QByteArray get = rawExchange(m_server.port(),
                                       "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                                       "Connection: close\r\n\r\n");
    const QByteArray head = rawExchange(m_server.port(),
                                        "HEAD /metrics HTTP/1.1\r\nHost: x\r\n"
                                        "Connection: close\r\n\r\n");
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    QVERIFY2(head.endsWith("\r\n\r\n"), head.constData());
    const auto contentLength = [](const QByteArray &answer) {
        const qsizetype at = answer.indexOf("Content-Length: ");
        return at < 0 ? -1 : answer.mid(at + 16, answer.indexOf('\r', at) - at - 16).toInt();
    };
    QVERIFY(contentLength(head) > 0);
    // /metrics may grow between the two requests by a few counters, never to nothing.
    QVERIFY(get.startsWith("HTTP/1.1 200"));
    QVERIFY(contentLength(get) > 0);

    // Pipelined HEAD then GET on one connection: the GET's answer follows the HEAD's headers.
    const QByteArray both = rawExchange(m_server.port(),
                                        "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                        "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                        "Connection: close\r\n\r\n");
    const qsizetype second = both.indexOf("HTTP/1.1 200", 1);
    QVERIFY2(both.startsWith("HTTP/1.1 200") && second > 0, both.constData());
    QVERIFY(both.left(second).endsWith("\r\n\r\n"));
    QVERIFY(contentLength(both.left(second)) > 0);
    const QByteArray getAnswer = both.mid(second);
    const QByteArray body = getAnswer.mid(getAnswer.indexOf("\r\n\r\n") + 4);
    QCOMPARE(body.size(), contentLength(getAnswer));
    QVERIFY(body.contains("\"head\""));

    const QString token = m_server.adminToken();
    const QByteArray incidents = rawExchange(
        m_server.port(), "HEAD /api/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                             + token.toUtf8() + "\r\nConnection: close\r\n\r\n");
    QVERIFY2(incidents.startsWith("HTTP/1.1 200"), incidents.constData());
    QVERIFY(incidents.endsWith("\r\n\r\n"));
    QVERIFY(rawExchange(m_server.port(), "HEAD /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                                         "Connection: close\r\n\r\n")
                .startsWith("HTTP/1.1 405"));
}

void TestHttpApi::framingRefusals_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<QString>("code");

    QTest::newRow("control character in target")
        << "GET /healthz\x01 HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "400"_ba << u"bad_request"_s;
    QTest::newRow("NUL in query")
        << QByteArray("GET /healthz?a=\0b HTTP/1.1\r\nHost: x\r\n\r\n", 39) << "400"_ba
        << u"bad_request"_s;
    QTest::newRow("bare CR in target")
        << "GET /healthz\rX HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "400"_ba << u"bad_request"_s;
    QTest::newRow("tab in target")
        << "GET /healthz\t HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "400"_ba << u"bad_request"_s;
    QTest::newRow("DEL in target")
        << "GET /healthz\x7f HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "400"_ba << u"bad_request"_s;
    QTest::newRow("two Content-Length") << "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                                           "Content-Length: 2\r\nContent-Length: 10\r\n\r\n{}"_ba
                                        << "400"_ba << u"bad_request"_s;
    QTest::newRow("Content-Length and Transfer-Encoding")
        << "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
           "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba
        << "400"_ba << u"bad_request"_s;
    QTest::newRow("signed Content-Length") << "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                                              "Content-Length: +2\r\n\r\n{}"_ba
                                           << "400"_ba << u"bad_request"_s;
    QTest::newRow("Content-Length of 23 digits") << "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                                                    "Content-Length: 99999999999999999999999"
                                                    "\r\n\r\n{}"_ba
                                                 << "413"_ba << u"payload_too_large"_s;
    QTest::newRow("TLS hello on the plain port")
        << QByteArray("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 15) << "400"_ba
        << u"bad_request"_s;
    QTest::newRow("HTTP/0.9") << "GET /healthz\r\n\r\n"_ba << "400"_ba << u"bad_request"_s;
    QTest::newRow("HTTP/2 preface") << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << "400"_ba
                                    << u"bad_request"_s;
    QTest::newRow("header without colon")
        << "GET /healthz HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n"_ba << "400"_ba
        << u"bad_request"_s;
    QTest::newRow("unknown method") << "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "501"_ba
                                    << u"not_implemented"_s;
    QTest::newRow("CONNECT") << "CONNECT /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "501"_ba
                             << u"not_implemented"_s;
    QTest::newRow("huge head") << "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: "
            + QByteArray(20000, 'a') + "\r\n\r\n"
                               << "431"_ba << u"bad_request"_s;
    QTest::newRow("endless request line") << "GET /" + QByteArray(40000, 'a') << "431"_ba
                                          << u"bad_request"_s;

    // RFC 9112, 3.2: an HTTP/1.1 request names its host, once.
    QTest::newRow("HTTP/1.1 without Host") << "GET /healthz HTTP/1.1\r\n\r\n"_ba << "400"_ba
                                           << u"bad_request"_s;
    QTest::newRow("two Host headers") << "GET /healthz HTTP/1.1\r\nHost: x\r\nhost: y\r\n\r\n"_ba
                                      << "400"_ba << u"bad_request"_s;

    // RFC 9110, 5.5: no control character but horizontal tab in a field.
    const auto withHeader = [](const QByteArray &line) -> QByteArray {
        return "GET /healthz HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n";
    };
    QTest::newRow("NUL in a value") << withHeader(QByteArray("X-A: a\0b", 9)) << "400"_ba
                                    << u"bad_request"_s;
    QTest::newRow("bare CR in a value") << withHeader("X-A: a\rb") << "400"_ba
                                        << u"bad_request"_s;
    QTest::newRow("bare CR ending a value") << withHeader("X-A: a\r") << "400"_ba
                                            << u"bad_request"_s;
    QTest::newRow("bare CR ending the Host") << withHeader("X-A: a").replace("x\r\n", "x\r\r\n")
                                             << "400"_ba << u"bad_request"_s;
    QTest::newRow("control character in a value") << withHeader("X-A: a\x01") << "400"_ba
                                                  << u"bad_request"_s;
    QTest::newRow("DEL in a value") << withHeader("X-A: a\x7f") << "400"_ba << u"bad_request"_s;
    QTest::newRow("bare CR in a name") << withHeader("X\rA: b") << "400"_ba << u"bad_request"_s;
    QTest::newRow("NUL in a name") << withHeader(QByteArray("X\0A: b", 7)) << "400"_ba
                                   << u"bad_request"_s;

    // RFC 6455, 4.2.1: a handshake QtWebSockets would close without a word is answered.
    const auto upgrade = [](const QByteArray &version, const QByteArray &headers) -> QByteArray {
        return "GET /api/v1/sync " + version + "\r\nHost: x\r\nUpgrade: websocket\r\n"
            + headers + "\r\n";
    };
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const QByteArray upgradeConnection = "Connection: Upgrade\r\n";
    QTest::newRow("WebSocket over HTTP/1.0")
        << upgrade("HTTP/1.0", upgradeConnection + key + "Sec-WebSocket-Version: 13\r\n")
        << "400"_ba << u"bad_request"_s;
    QTest::newRow("WebSocket without a key")
        << upgrade("HTTP/1.1", upgradeConnection + "Sec-WebSocket-Version: 13\r\n") << "400"_ba
        << u"bad_request"_s;
    QTest::newRow("WebSocket with a short key")
        << upgrade("HTTP/1.1", upgradeConnection + "Sec-WebSocket-Key: c2hvcnQ=\r\n"
                                                   "Sec-WebSocket-Version: 13\r\n")
        << "400"_ba << u"bad_request"_s;
    QTest::newRow("WebSocket without Connection: Upgrade")
        << upgrade("HTTP/1.1", key + "Sec-WebSocket-Version: 13\r\n") << "400"_ba
        << u"bad_request"_s;
    QTest::newRow("WebSocket of version 8")
        << upgrade("HTTP/1.1", upgradeConnection + key + "Sec-WebSocket-Version: 8\r\n")
        << "426"_ba << u"bad_request"_s;
    QTest::newRow("WebSocket without a version") << upgrade("HTTP/1.1", upgradeConnection + key)
                                                 << "426"_ba << u"bad_request"_s;
}

void TestHttpApi::framingRefusals()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, status);
    QFETCH(QString, code);

    const qint64 before = head();
    const QByteArray answer = rawExchange(m_server.port(), request);
    QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status)), answer.constData());
    QVERIFY2(answer.contains("Connection: close"), answer.constData());
    const qsizetype bodyStart = answer.indexOf("\r\n\r\n") + 4;
    const QJsonObject error =
        QJsonDocument::fromJson(answer.mid(bodyStart)).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), code);
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    QCOMPARE(head(), before);
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
}

void TestHttpApi::tabInHeaderValueAccepted()
{
    const QByteArray answer = rawExchange(m_server.port(),
                                          "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\tb\t\r\n"
                                          "Connection: close\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
}

// RFC 6455, 4.4: the refusal of a version names the one spoken.
void TestHttpApi::wrongWebSocketVersionNamesTheRightOne()
{
    const QByteArray answer = rawExchange(
        m_server.port(), "GET /api/v1/sync HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 7\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer.constData());
    QVERIFY2(answer.contains("\r\nSec-WebSocket-Version: 13\r\n"), answer.constData());
}

void TestHttpApi::halfClosedClientAnswered_data()
{
    QTest::addColumn<QByteArray>("requests");
    QTest::addColumn<QByteArrayList>("statuses");

    const QByteArray body = webhook(u"g-half-closed"_s, u"f-half-closed"_s);
    const QByteArray post = "POST " + s_alertsPath.toLatin1()
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_key.toLatin1()
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const QByteArray get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::newRow("one webhook") << post << QByteArrayList{"202"};
    QTest::newRow("pipelined, the last one cut short")
        << get + post + get + "GET /nope HTTP/1.1\r\nHo" << QByteArrayList{"200", "202", "200"};
    QTest::newRow("HTTP/1.0 kept alive")
        << "GET /nope HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba
        << QByteArrayList{"404"};
    QTest::newRow("body cut short") << post.chopped(10) << QByteArrayList{};
    QTest::newRow("refused") << get + "GET /healthz HTTP/1.1\r\n\r\n" + get
                             << QByteArrayList{"200", "400"};
    QTest::newRow("nothing") << QByteArray() << QByteArrayList{};
}

// A client that ends its side after its last request (shutdown(SHUT_WR): `nc -N`, many
// webhook senders) still reads the answers: each complete request is answered, in order, then
// the connection closes. A webhook stored and not acknowledged would be sent again.
void TestHttpApi::halfClosedClientAnswered()
{
    QFETCH(QByteArray, requests);
    QFETCH(QByteArrayList, statuses);

    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write(requests);
    QVERIFY(requests.isEmpty() || socket.waitForBytesWritten(5000));
    QCOMPARE(::shutdown(int(socket.socketDescriptor()), SHUT_WR), 0);

    QByteArray answers;
    QTRY_COMPARE_WITH_TIMEOUT((answers += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, 10000);
    answers += socket.readAll();
    QByteArrayList seen;
    for (qsizetype at = 0; at < answers.size();) {
        QVERIFY2(answers.sliced(at).startsWith("HTTP/1.1 "), answers.constData());
        seen.append(answers.mid(at + 9, 3));
        const qsizetype headEnd = answers.indexOf("\r\n\r\n", at);
        const qsizetype length = answers.indexOf("Content-Length: ", at);
        QVERIFY(headEnd > 0 && length > 0 && length < headEnd);
        at = headEnd + 4 + answers.mid(length + 16, headEnd - length).split('\r').first().toInt();
    }
    QCOMPARE(seen, statuses);
}

void TestHttpApi::ambiguousLengthBeforePipelinedFlood()
{
    // The guard once took the last Content-Length and Qt the first, and copied the rest of the
    // buffer for every pipelined request: 20 MB of "GET /" froze the server.
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write("POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n"
                 "Content-Length: 10\r\n\r\n");
    const QByteArray flood = QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n").repeated(20000);
    socket.write(flood);
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n")
                                 || socket.state() != QAbstractSocket::ConnectedState,
                             10000);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
    QVERIFY(answer.contains("Content-Length"));
    QVERIFY(answer.count("HTTP/1.1") == 1); // nothing of the flood was answered
    QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
}

void TestHttpApi::pipelinedRequestsAllAnswered()
{
    // Many requests in one write, split across reads anywhere: each is framed and answered
    // once, in order.
    constexpr int count = 20000;
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    socket.write(QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").repeated(count - 1)
                 + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray answers;
    QTRY_VERIFY_WITH_TIMEOUT((answers += socket.readAll()).count("HTTP/1.1 ") == count
                                 || socket.state() == QAbstractSocket::UnconnectedState,
                             60000);
    answers += socket.readAll();
    QCOMPARE(answers.count("HTTP/1.1 200 OK"), count - 1);
    QVERIFY(answers.endsWith("\"no such resource: /nope\"}}"));
    QCOMPARE(answers.count("HTTP/1.1 400"), 0);
}

// From a breaker: a GET pipelined behind a POST on one connection was answered from the state
// before the POST (RFC 9112, 9.3.2 allows parallel work only on a run of safe requests).
void TestHttpApi::requestAfterAPostSeesIt()
{
    for (int round = 0; round < 10; ++round) {
        const QString fingerprint = u"pipelined-%1"_s.arg(round);
        const QByteArray body = webhook(u"g-pipelined"_s, fingerprint);
        const QByteArray post = "POST " + s_alertsPath.toLatin1() + " HTTP/1.1\r\nHost: x\r\n"
            "Authorization: Bearer " + m_key.toLatin1() + "\r\nContent-Type: application/json"
            "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        const QByteArray get = "GET /api/v1/alerts?limit=1000 HTTP/1.1\r\nHost: x\r\n"
            "Authorization: Bearer " + m_server.adminToken().toLatin1()
            + "\r\nConnection: close\r\n\r\n";
        const QByteArray answers = rawExchange(m_server.port(), post + get);
        QVERIFY2(answers.startsWith("HTTP/1.1 202"), answers.constData());
        const qsizetype second = answers.indexOf("HTTP/1.1 ", 1);
        QVERIFY2(second > 0 && answers.mid(second).startsWith("HTTP/1.1 200"),
                 answers.constData());
        QVERIFY2(answers.mid(second).contains(fingerprint.toLatin1()), answers.constData());
    }
}

namespace {
/// The CPUs a thread of `pid` may run on ("Cpus_allowed_list: 0-2,5"), by thread name.
QMultiHash<QString, QSet<int>> allowedCpusByThread(qint64 pid)
{
    QMultiHash<QString, QSet<int>> threads;
    const QDir tasks(u"/proc/%1/task"_s.arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + u"/comm"_s));
        QFile status(tasks.filePath(task + u"/status"_s));
        if (!comm.open(QIODevice::ReadOnly) || !status.open(QIODevice::ReadOnly)) {
            continue;
        }
        QSet<int> cpus;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (!line.startsWith("Cpus_allowed_list:")) {
                continue;
            }
            for (const QByteArray &range : line.mid(18).trimmed().split(',')) {
                const QList<QByteArray> ends = range.split('-');
                for (int cpu = ends.first().toInt(); cpu <= ends.last().toInt(); ++cpu) {
                    cpus.insert(cpu);
                }
            }
        }
        threads.insert(QString::fromLatin1(comm.readAll().trimmed()), cpus);
    }
    return threads;
}
} // namespace

// The writer every webhook waits for runs on the server's main thread; the threads that help
// it (HTTP I/O, SQLite append and checkpoint, the anchor file's) leave it the last CPU the
// process may use (docs/performance.md, "Ingestion, thirteenth pass"), unless told to use
// every one. The others (the main thread, Qt's pool) may use every CPU.
void TestHttpApi::helperThreadsLeaveTheLastCpu()
{
#ifndef Q_OS_LINUX
    QSKIP("thread affinity is set on Linux only");
#endif
    const qint64 pid = m_server.process().processId();
    const QSet<int> all = allowedCpusByThread(pid).value(u"firebreak-serve"_s);
    if (all.size() < 2) {
        QSKIP("the server may use fewer than two CPUs here");
    }
    QSet<int> allButLast = all;
    allButLast.remove(*std::max_element(all.cbegin(), all.cend()));

    const auto check = [](const QMultiHash<QString, QSet<int>> &threads,
                          const QSet<int> &helpers, const QSet<int> &all) {
        QSet<QString> seen;
        for (auto it = threads.cbegin(); it != threads.cend(); ++it) {
            const bool helper = it.key().startsWith(u"http-io-"_s)
                || it.key() == u"fb-append"_s || it.key() == u"fb-checkpoint"_s
                || it.key() == u"fb-anchor"_s;
            if (helper) {
                seen.insert(it.key().startsWith(u"http-io-"_s) ? u"http-io"_s : it.key());
            }
            if (it.value() != (helper ? helpers : all)) {
                qWarning() << "thread" << it.key() << "may run on" << it.value();
                return false;
            }
        }
        return seen == QSet<QString>{u"http-io"_s, u"fb-append"_s, u"fb-checkpoint"_s,
                                     u"fb-anchor"_s};
    };
    QVERIFY(check(allowedCpusByThread(pid), allButLast, all));

    ServerProcess everyCpu;
    QVERIFY2(everyCpu.start({u"--threads-on-every-cpu"_s}),
             qPrintable(everyCpu.standardError()));
    QVERIFY(check(allowedCpusByThread(everyCpu.process().processId()), all, all));
}

// A soft descriptor limit below the hard one (systemd's 1,024) capped the connections the
// server could take; it raises the soft limit to the hard one at start.
void TestHttpApi::openFileLimitRaisedToTheHardLimit()
{
#ifndef Q_OS_LINUX
    QSKIP("read from /proc on Linux");
#endif
    rlimit own{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &own) == 0);
    if (own.rlim_max != RLIM_INFINITY && own.rlim_max < 300) {
        QSKIP("the hard limit here is too low to raise anything");
    }
    const qint64 hard = own.rlim_max == RLIM_INFINITY ? 4096
                                                      : qint64(qMin<rlim_t>(own.rlim_max, 4096));
    ServerProcess server;
    server.setResourceLimit(RLIMIT_NOFILE, 256, hard);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    QFile limits(u"/proc/%1/limits"_s.arg(server.process().processId()));
    QVERIFY(limits.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = limits.readAll().split('\n');
    const auto line = std::find_if(lines.cbegin(), lines.cend(), [](const QByteArray &l) {
        return l.startsWith("Max open files");
    });
    QVERIFY(line != lines.cend());
    const QList<QByteArray> fields = line->simplified().split(' ');
    // "Max open files SOFT HARD files"
    QCOMPARE(fields.size(), 6);
    QCOMPARE(fields.at(3).toLongLong(), hard);
    QCOMPARE(fields.at(4).toLongLong(), hard);
}

// Clients that send a whole webhook and reset the connection (SO_LINGER 0) before the
// answer: each used to leave Qt's "device not open" in the log (a reader reading the socket
// the reset had closed), so a flood of them flooded the log.
void TestHttpApi::resetAfterWebhookLogsNothing()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"alertmanager"_s, u"resets"_s);
    QVERIFY(!key.isEmpty());
    for (int i = 0; i < 30; ++i) {
        const QByteArray body = webhook(u"g-reset"_s, u"reset-%1"_s.arg(i));
        QTcpSocket socket;
        QVERIFY(connectSocket(socket, server.port()));
        socket.write("POST " + s_alertsPath.toLatin1() + " HTTP/1.1\r\nHost: x\r\n"
                     "Authorization: Bearer " + key.toLatin1() + "\r\nContent-Type: "
                     "application/json\r\nContent-Length: " + QByteArray::number(body.size())
                     + "\r\n\r\n" + body);
        QVERIFY(socket.waitForBytesWritten(5000));
        const linger reset{1, 0};
        QCOMPARE(::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset,
                              sizeof reset),
                 0);
        socket.abort();
    }
    // Whatever the resets left to do is done once a later request is answered.
    QCOMPARE(server.request("GET", u"/healthz"_s).status, 200);
    QCOMPARE(server.request("POST", s_alertsPath, webhook(u"g-reset"_s, u"after"_s), key).status,
             202);
    server.stop();
    QVERIFY2(!server.standardError().contains(u"device not open"_s),
             qPrintable(server.standardError()));
}

void TestHttpApi::upgradeElsewhereAnswered()
{
    const QByteArray upgrade = "GET %1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"_ba;
    for (const QByteArray &path : {"/healthz"_ba, "/api/v1/incidents"_ba, "/nope"_ba}) {
        const QByteArray answer =
            rawExchange(m_server.port(), QByteArray(upgrade).replace("%1", path));
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        QVERIFY(answer.contains("/api/v1/sync"));
    }
    // A POST with an Upgrade header is no WebSocket either.
    const QByteArray post = rawExchange(
        m_server.port(), "POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nContent-Length: 0\r\n\r\n");
    QVERIFY2(post.startsWith("HTTP/1.1 400"), post.constData());

    // The connection's I/O thread hands an upgrade over only as its first request.
    QTcpSocket reused;
    reused.connectToHost(u"127.0.0.1"_s, m_server.port());
    QVERIFY(reused.waitForConnected(5000));
    reused.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray late;
    QTRY_VERIFY_WITH_TIMEOUT((late += reused.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(late.startsWith("HTTP/1.1 200"), late.constData());
    late.clear();
    reused.write(QByteArray(upgrade).replace("%1", "/api/v1/sync"));
    QTRY_VERIFY_WITH_TIMEOUT((late += reused.readAll()).contains("first request"), 10000);
    QVERIFY2(late.startsWith("HTTP/1.1 400"), late.constData());

    // The sync endpoint still upgrades.
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(QUrl(u"ws://127.0.0.1:%1/api/v1/sync?token=%2"_s.arg(m_server.port())
                     .arg(m_server.adminToken())));
    QTRY_VERIFY_WITH_TIMEOUT(connected.count() == 1, 10000);
    ws.close();
}

void TestHttpApi::oversizedSyncMessageClosed()
{
    // The server runs with --max-body-bytes 65536: a sync message may be as large, no larger.
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(u"ws://127.0.0.1:%1/api/v1/sync?token=%2"_s.arg(m_server.port())
                     .arg(m_server.adminToken())));
    QTRY_VERIFY_WITH_TIMEOUT(connected.count() == 1, 10000);
    // Within the limit: answered (an error for a message of no known type), still open.
    const QString padding(60000, u'a');
    ws.sendTextMessage(u"{\"type\":\"nonsense\",\"pad\":\"%1\"}"_s.arg(padding));
    QTRY_VERIFY_WITH_TIMEOUT(messages.count() >= 1, 10000);
    QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);
    ws.sendTextMessage(u"{\"type\":\"ping\",\"pad\":\"%1\"}"_s.arg(QString(70000, u'a')));
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.count() == 1, 10000);
    QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void TestHttpApi::slowAndIdleConnectionsClosed()
{
    ServerProcess server;
    QVERIFY2(server.start({u"--request-timeout"_s, u"4"_s, u"--idle-timeout"_s, u"4"_s}),
             qPrintable(server.standardError()));

    // A head that never ends: 408 with the error envelope, then closed.
    QTcpSocket slow;
    slow.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += slow.readAll()).contains("}}")
                                 || slow.state() == QAbstractSocket::UnconnectedState,
                             20000);
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
    QVERIFY(answer.contains("request_timeout"));
    QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::UnconnectedState, 20000);

    // A body that never arrives in full: 408 too.
    QTcpSocket slowBody;
    slowBody.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(slowBody.waitForConnected(5000));
    slowBody.write("POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
    answer.clear();
    QTRY_VERIFY_WITH_TIMEOUT((answer += slowBody.readAll()).contains("}}")
                                 || slowBody.state() == QAbstractSocket::UnconnectedState,
                             20000);
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());

    // A connection that never sends anything, and one quiet after its answer: closed.
    QTcpSocket silent;
    silent.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(silent.waitForConnected(5000));
    QTcpSocket idle;
    idle.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(idle.waitForConnected(5000));
    idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    answer.clear();
    QTRY_VERIFY_WITH_TIMEOUT((answer += idle.readAll()).contains("\"ok\""), 20000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QTRY_VERIFY_WITH_TIMEOUT(silent.state() == QAbstractSocket::UnconnectedState, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(idle.state() == QAbstractSocket::UnconnectedState, 20000);
    QCOMPARE(server.request("GET", u"/healthz"_s).status, 200);
    server.stop();
}

void TestHttpApi::noSecretsInLogs()
{
    // A user name with a line break must not forge a log line of its own.
    const auto login = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        R"({"user":"x\nfirebreak.server: forged login ok for admin\u001b[2J",)"
        R"("password":"wrong password!"})");
    QCOMPARE(login.status, 401);
    m_server.request("POST", s_alertsPath + u"?key=fbk_secret_in_query"_s, "{}");

    // A flood of refused deliveries is counted in full but logged a few lines per window, so
    // it cannot fill the disk with one line per request.
    const auto refusedCount = [this]() {
        const QByteArray metrics =
            m_server.request("GET", u"/metrics"_s, {}, m_server.adminToken()).body;
        const QByteArray name = "firebreak_requests_rejected_total{code=\"unauthorized\"} ";
        const qsizetype at = metrics.indexOf(name);
        return at < 0 ? 0
                      : metrics.mid(at + name.size(), metrics.indexOf('\n', at) - at
                                                           - name.size()).toLongLong();
    };
    const qint64 before = refusedCount();
    constexpr int flood = 500;
    QTcpSocket socket;
    QVERIFY(connectSocket(socket, m_server.port()));
    const QByteArray refused = "POST " + s_alertsPath.toLatin1()
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fbk_nope_flood\r\n"
          "Content-Length: 2\r\n\r\n{}";
    socket.write(refused.repeated(flood));
    QByteArray answers;
    QTRY_COMPARE_WITH_TIMEOUT((answers += socket.readAll()).count("HTTP/1.1 401"), flood, 30000);
    QCOMPARE(refusedCount() - before, flood);

    // So are the refusals of REST handlers: unknown tokens and malformed bodies.
    QTcpSocket rest;
    QVERIFY(connectSocket(rest, m_server.port()));
    const QByteArray unknownToken = "GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\n"
                                    "Authorization: Bearer fbk_nope_rest\r\n\r\n";
    const QByteArray malformed = "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\n"
                                 "Authorization: Bearer "
        + m_server.adminToken().toLatin1() + "\r\nContent-Length: 1\r\n\r\n{";
    rest.write(QByteArray(unknownToken + malformed).repeated(flood));
    QByteArray restAnswers;
    QTRY_COMPARE_WITH_TIMEOUT((restAnswers += rest.readAll()).count("HTTP/1.1 "), 2 * flood,
                              30000);
    QCOMPARE(restAnswers.count("HTTP/1.1 401"), flood);
    QCOMPARE(restAnswers.count("HTTP/1.1 400"), flood);

    m_server.stop();
    const QString log = m_server.standardError();
    QVERIFY(!log.isEmpty()); // refusals are logged
    QVERIFY(!log.contains(m_key));
    QVERIFY(!log.contains(m_server.adminToken()));
    QVERIFY(!log.contains(u"fbk_secret_in_query"_s));
    QVERIFY(!log.contains(u"fbk_nope"_s));
    QVERIFY2(log.contains(u"failed login for x\\x0afirebreak.server: forged"_s), qPrintable(log));
    QVERIFY(!log.contains(u"\nfirebreak.server: forged"_s));
    QVERIFY(!log.contains(QChar(0x1b)));
    const qsizetype refusalLines = log.count(u"refused alertmanager delivery"_s);
    QVERIFY2(refusalLines > 0 && refusalLines < 100, qPrintable(QString::number(refusalLines)));
    for (const QString &line : {u"refused GET /api/v1/incidents from"_s,
                                u"bad request POST /api/v1/commands from"_s}) {
        const qsizetype lines = log.count(line);
        QVERIFY2(lines > 0 && lines < 100, qPrintable(line + u": "_s + QString::number(lines)));
    }
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
