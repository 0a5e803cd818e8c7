// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// RestClient against a scripted HTTP peer on 127.0.0.1: a successful answer that is cut off or
// is not JSON is no success (the CLI and the desktop act on it), and the CLI says so with exit
// code 3 instead of printing results the server never sent.
#include "client/restclient.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

/// Answers every request on every connection with `answer`, then closes the connection.
class ScriptedPeer : public QObject
{
public:
    explicit ScriptedPeer(QByteArray answer)
        : m_answer(std::move(answer))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto *received = new QByteArray;
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket,
                                                                          received]() {
                    *received += socket->readAll();
                    if (received->contains("\r\n\r\n")) {
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, received]() {
                    delete received;
                    socket->deleteLater();
                });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QByteArray m_answer;
};

QByteArray answer(const QByteArray &status, const QByteArray &contentLength,
                  const QByteArray &body)
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n"
        + (contentLength.isEmpty() ? QByteArray() : "Content-Length: " + contentLength + "\r\n")
        + "Connection: close\r\n\r\n" + body;
}

} // namespace

class TestRestClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data();
    void answers();
};

void TestRestClient::answers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("success");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("interrupted");
    QTest::addColumn<int>("cliExitCode");

    const QByteArray list = R"({"incidents":[],"next":null})";
    QTest::newRow("whole") << answer("200 OK", QByteArray::number(list.size()), list) << true
                           << 200 << false << 0;
    QTest::newRow("until close") << answer("200 OK", {}, list) << true << 200 << false << 0;
    QTest::newRow("cut, length short") << answer("200 OK", "500", R"({"incidents":[])")
                                       << false << 200 << true << 3;
    QTest::newRow("not JSON") << answer("200 OK", "5", R"({"inc)") << false << 200 << true << 3;
    QTest::newRow("created, cut") << answer("201 Created", "300", R"({"id":"x")") << false << 201
                                  << true << 3;
    // An error stays the server's answer, whatever its body.
    QTest::newRow("error, not JSON") << answer("503 Service Unavailable", "4", "oops") << false
                                     << 503 << false << 1;
}

void TestRestClient::answers()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, success);
    QFETCH(int, status);
    QFETCH(bool, interrupted);
    QFETCH(int, cliExitCode);

    ScriptedPeer peer(answer);
    QVERIFY(peer.listen());
    RestClient client;
    client.setBaseUrl(peer.url());
    client.setToken(u"token-for-the-test"_s);
    client.setTimeout(std::chrono::seconds(10));
    const RestReply reply = client.sendAndWait(RestRequest::get(u"/api/v1/incidents"_s));
    QCOMPARE(reply.isSuccess(), success);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.failure == RestReply::Failure::Interrupted, interrupted);
    if (interrupted) {
        QVERIFY2(!reply.failureText.isEmpty(), "no reason given");
    }

    // The CLI, through the same client, in its own process: the peer answers from this
    // thread's event loop while the CLI runs.
    QProcess cli;
    cli.start(QStringLiteral(FIREBREAK_CLI_BINARY),
              {u"--server"_s, peer.url().toString(), u"--token"_s, u"token-for-the-test"_s,
               u"incident"_s, u"list"_s, u"--json"_s});
    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 30000);
    const QByteArray out = cli.readAllStandardOutput();
    const QByteArray err = cli.readAllStandardError();
    QCOMPARE(cli.exitCode(), cliExitCode);
    if (cliExitCode == 3) {
        QVERIFY2(out.isEmpty(), out.constData());
        QVERIFY2(err.contains("cut off or unreadable"), err.constData());
    }
}

QTEST_GUILESS_MAIN(TestRestClient)
#include "tst_restclient.moc"
