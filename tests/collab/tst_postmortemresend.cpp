// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// A post-mortem edit whose answer is lost (docs/protocol.md, "Command ids"): the desktop's
// sync client and post-mortem session talk to a real firebreak-server through a relay on
// 127.0.0.1 that drops the connection as the server's answer to the edit passes, after the
// server stored it. The session sends the same command again under the same id on the next
// connection; the server answers it as a duplicate and stores nothing twice. An edit under
// another id is a new command.
#include "collab/postmortemsession.h"
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 30000;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/**
 * Forwards TCP connections from a port on 127.0.0.1 to the server. Once armed, it cuts the
 * connection (both ways, without forwarding them) at the first bytes from the server holding
 * a command's `result`: the server has committed the edit, the client never hears so. It
 * keeps what the server sent afterwards, to read the answers of the resend.
 */
class CuttingRelay final : public QObject
{
public:
    explicit CuttingRelay(quint16 serverPort)
        : m_serverPort(serverPort)
    {
        QObject::connect(&m_listener, &QTcpServer::newConnection, this, [this]() {
            while (QTcpSocket *client = m_listener.nextPendingConnection()) {
                if (m_refusing) {
                    client->abort();
                    client->deleteLater();
                    continue;
                }
                relay(client);
            }
        });
    }

    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_listener.serverPort())); }
    /// Cuts at the next answer; with `thenRefuse`, refuses connections after it until
    /// setRefusing(false), so that the client stays cut off.
    void armCut(bool thenRefuse = false)
    {
        m_armed = true;
        m_refuseAfterCut = thenRefuse;
    }
    void setRefusing(bool refusing) { m_refusing = refusing; }
    int cuts() const { return m_cuts; }
    /// What the server sent since the last cut.
    QByteArray sentAfterCut() const { return m_afterCut; }

private:
    void relay(QTcpSocket *client)
    {
        auto *server = new QTcpSocket(client);
        client->setParent(this);
        QObject::connect(client, &QTcpSocket::readyRead, server, [client, server]() {
            server->write(client->readAll());
        });
        QObject::connect(server, &QTcpSocket::connected, client, [client, server]() {
            server->write(client->readAll());
        });
        QObject::connect(server, &QTcpSocket::readyRead, client, [this, client, server]() {
            const QByteArray bytes = server->readAll();
            if (m_armed && bytes.contains("\"type\":\"result\"")) {
                m_armed = false;
                m_refusing = m_refuseAfterCut;
                ++m_cuts;
                m_afterCut.clear();
                server->abort();
                client->abort();
                client->deleteLater();
                return;
            }
            m_afterCut += bytes;
            client->write(bytes);
        });
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        QObject::connect(server, &QTcpSocket::disconnected, client,
                         &QTcpSocket::disconnectFromHost);
        server->connectToHost(QHostAddress::LocalHost, m_serverPort);
    }

    QTcpServer m_listener;
    quint16 m_serverPort;
    bool m_armed = false;
    bool m_refuseAfterCut = false;
    bool m_refusing = false;
    int m_cuts = 0;
    QByteArray m_afterCut;
};

} // namespace

class TestPostMortemResend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lostAnswerIsAppliedOnce();
    void anotherIdIsANewCommand();
    void lostAnswerAndRestartIsAppliedOnce();

private:
    QJsonArray editEvents() const;
    QString serverText() const;

    ServerProcess m_server;
    std::unique_ptr<CuttingRelay> m_relay;
    QString m_incident;
};

void TestPostMortemResend::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const auto reply = m_server.request("POST", u"/api/v1/commands"_s,
                                        json({{u"type"_s, u"incident.declare"_s},
                                              {u"title"_s, u"Payments double-charged"_s},
                                              {u"severity"_s, u"P1"_s}}),
                                        m_server.adminToken());
    QVERIFY2(reply.status == 200, reply.body.constData());
    m_incident = reply.json().value(u"events"_s).toArray().first()[u"incident"_s].toString();
    m_relay = std::make_unique<CuttingRelay>(m_server.port());
    QVERIFY(m_relay->listen());
}

void TestPostMortemResend::cleanupTestCase()
{
    m_relay.reset();
    m_server.stop();
}

QJsonArray TestPostMortemResend::editEvents() const
{
    const QJsonArray events
        = m_server
              .request("GET", u"/api/v1/incidents/%1/timeline?limit=1000"_s.arg(m_incident), {},
                       m_server.adminToken())
              .json()
              .value(u"events"_s)
              .toArray();
    QJsonArray edits;
    for (const QJsonValue &event : events) {
        if (event[u"type"_s].toString() == u"postmortem.edited") {
            edits.append(event);
        }
    }
    return edits;
}

QString TestPostMortemResend::serverText() const
{
    return m_server
        .request("GET", u"/api/v1/incidents/%1/postmortem"_s.arg(m_incident), {},
                 m_server.adminToken())
        .json()
        .value(u"text"_s)
        .toString();
}

void TestPostMortemResend::lostAnswerIsAppliedOnce()
{
    SyncClient client(nullptr);
    PostMortemSession session(&client, m_incident);
    client.connectToServer(m_relay->url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Live, s_timeoutMs);

    // The server commits the edit; the connection drops before its answer arrives.
    m_relay->armCut();
    QVERIFY(session.insert(0, u"## Summary\nRetries charged cards twice."_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_relay->cuts(), 1, s_timeoutMs);
    QCOMPARE(editEvents().size(), 1);
    QVERIFY(session.hasPendingEdits());

    // The client comes back by itself and sends the edit again, under the same id.
    QTRY_VERIFY_WITH_TIMEOUT(!session.hasPendingEdits(), s_timeoutMs);
    QVERIFY2(m_relay->sentAfterCut().contains("\"duplicate\":true"),
             "the resend was not answered as a duplicate");
    const QJsonArray edits = editEvents();
    QCOMPARE(edits.size(), 1);
    QCOMPARE(serverText(), u"## Summary\nRetries charged cards twice."_s);
    QCOMPARE(session.text(), serverText());
    client.stop();
}

void TestPostMortemResend::anotherIdIsANewCommand()
{
    SyncClient client(nullptr);
    PostMortemSession session(&client, m_incident);
    client.connectToServer(m_relay->url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Live, s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(session.text(), serverText(), s_timeoutMs);
    const QString before = session.text();
    const qsizetype editsBefore = editEvents().size();

    // A new edit gets a new id: stored as a new event.
    QVERIFY(session.insert(before.size(), u"\nFixed by an idempotency key."_s));
    QTRY_VERIFY_WITH_TIMEOUT(!session.hasPendingEdits(), s_timeoutMs);
    QCOMPARE(editEvents().size(), editsBefore + 1);
    const QString after = before + u"\nFixed by an idempotency key."_s;
    QCOMPARE(serverText(), after);

    // The same operations again under another id are a new command: decided afresh and
    // stored, while the text, which already holds those characters, does not change.
    const QJsonObject last = editEvents().last().toObject();
    const QJsonObject again{{u"type"_s, u"postmortem.edit"_s},
                            {u"incident"_s, m_incident},
                            {u"ops"_s, last[u"data"_s][u"ops"_s]},
                            {u"commandId"_s, u"another-id-1"_s}};
    const auto reply = m_server.request("POST", u"/api/v1/commands"_s, json(again),
                                        m_server.adminToken());
    QVERIFY2(reply.status == 200, reply.body.constData());
    QVERIFY(!reply.json().value(u"duplicate"_s).toBool());
    QCOMPARE(editEvents().size(), editsBefore + 2);
    QCOMPARE(serverText(), after);

    // And that id, sent again, is now a duplicate.
    const auto repeated = m_server.request("POST", u"/api/v1/commands"_s, json(again),
                                           m_server.adminToken());
    QCOMPARE(repeated.status, 200);
    QVERIFY(repeated.json().value(u"duplicate"_s).toBool());
    QCOMPARE(editEvents().size(), editsBefore + 2);
    QTRY_COMPARE_WITH_TIMEOUT(session.text(), after, s_timeoutMs);
    client.stop();
}

void TestPostMortemResend::lostAnswerAndRestartIsAppliedOnce()
{
    // The answer is lost and the desktop quits before it can resend: the edit waits in the
    // saved state (PostMortemWindow keeps it in postmortems/INCIDENT.state).
    QByteArray state;
    qsizetype editsBefore = 0;
    QString expected;
    {
        SyncClient client(nullptr);
        PostMortemSession session(&client, m_incident);
        client.connectToServer(m_relay->url(), m_server.adminToken());
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Live, s_timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(session.text(), serverText(), s_timeoutMs);
        editsBefore = editEvents().size();
        expected = session.text() + u"\nAction: alert on double charges."_s;
        m_relay->armCut(true);
        QVERIFY(session.insert(session.text().size(), u"\nAction: alert on double charges."_s));
        QTRY_COMPARE_WITH_TIMEOUT(m_relay->cuts(), 2, s_timeoutMs);
        QCOMPARE(editEvents().size(), editsBefore + 1);
        QVERIFY(session.hasPendingEdits());
        state = session.saveState();
        client.stop();
    }

    // The next start resends it under the same id: a duplicate, stored once.
    m_relay->setRefusing(false);
    SyncClient client(nullptr);
    PostMortemSession session(&client, m_incident);
    QVERIFY(session.restoreState(state));
    client.connectToServer(m_relay->url(), m_server.adminToken());
    QTRY_VERIFY_WITH_TIMEOUT(!session.hasPendingEdits(), s_timeoutMs);
    QVERIFY2(m_relay->sentAfterCut().contains("\"duplicate\":true"),
             "the resend after a restart was not answered as a duplicate");
    QCOMPARE(editEvents().size(), editsBefore + 1);
    QCOMPARE(serverText(), expected);
    QTRY_COMPARE_WITH_TIMEOUT(session.text(), expected, s_timeoutMs);
    client.stop();
}

QTEST_GUILESS_MAIN(TestPostMortemResend)
#include "tst_postmortemresend.moc"
