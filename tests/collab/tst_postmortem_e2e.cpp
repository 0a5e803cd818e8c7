// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Two desktop clients (the desktop's own sync client and post-mortem session) write one
// post-mortem together through a real firebreak-server: live edits both ways, concurrent
// typing, presence and carets, offline edits merged on reconnect, undo of one's own edits
// only, and the server's copy over REST.
#include "collab/postmortemsession.h"
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// One desktop: its sync connection and the open post-mortem.
struct Desktop
{
    std::unique_ptr<SyncClient> client = std::make_unique<SyncClient>(nullptr);
    std::unique_ptr<PostMortemSession> session;
};

} // namespace

class TestPostMortemEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void editsReachTheOtherDesktop();
    void concurrentTypingConverges();
    void presenceShowsCarets();
    void offlineEditsMergeOnReconnect();
    void undoRevertsOnlyOwnEdits();
    void serverKeepsTheDocument();
    void agentsCannotBeBorrowed();
    void remoteKeystrokeLatency();

private:
    QString login(const QString &user);
    void open(Desktop &desktop, const QString &token);
    void waitForEqualTexts();

    ServerProcess m_server;
    QHash<QString, QString> m_tokens;
    QString m_incident;
    Desktop m_alice;
    Desktop m_bob;
};

void TestPostMortemEndToEnd::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const auto created = m_server.request(
            "POST", u"/api/v1/commands"_s,
            json({{u"type"_s, u"account.create"_s},
                  {u"name"_s, user},
                  {u"roles"_s, QJsonArray{u"responder"_s}},
                  {u"password"_s, u"correct horse battery"_s}}),
            m_server.adminToken());
        QVERIFY2(created.status == 200, created.body.constData());
        m_tokens.insert(user, login(user));
        QVERIFY(!m_tokens.value(user).isEmpty());
    }
}

QString TestPostMortemEndToEnd::login(const QString &user)
{
    const auto reply = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, user}, {u"password"_s, u"correct horse battery"_s}}));
    return reply.status == 201 ? reply.json().value(u"token"_s).toString() : QString();
}

void TestPostMortemEndToEnd::init()
{
    // A fresh incident, so each test starts from an empty post-mortem.
    const auto reply = m_server.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.declare"_s},
              {u"title"_s, QString::fromLatin1(QTest::currentTestFunction())},
              {u"severity"_s, u"P1"_s}}),
        m_server.adminToken());
    QVERIFY2(reply.status == 200, reply.body.constData());
    m_incident = reply.json().value(u"events"_s).toArray().first()[u"incident"_s].toString();
    QVERIFY(!m_incident.isEmpty());
    open(m_alice, m_tokens.value(u"alice"_s));
    open(m_bob, m_tokens.value(u"bob"_s));
}

void TestPostMortemEndToEnd::open(Desktop &desktop, const QString &token)
{
    desktop.session = std::make_unique<PostMortemSession>(desktop.client.get(), m_incident);
    desktop.client->connectToServer(m_server.url(), token);
    QTRY_COMPARE(desktop.client->state(), SyncClient::State::Live);
}

void TestPostMortemEndToEnd::cleanup()
{
    for (Desktop *desktop : {&m_alice, &m_bob}) {
        desktop->session.reset();
        desktop->client->stop();
    }
}

void TestPostMortemEndToEnd::cleanupTestCase()
{
    m_server.stop();
}

void TestPostMortemEndToEnd::waitForEqualTexts()
{
    QTRY_VERIFY(!m_alice.session->hasPendingEdits() && !m_bob.session->hasPendingEdits());
    QTRY_COMPARE(m_bob.session->text(), m_alice.session->text());
}

void TestPostMortemEndToEnd::editsReachTheOtherDesktop()
{
    QSignalSpy changed(m_bob.session.get(), &PostMortemSession::remoteChanged);
    QVERIFY(m_alice.session->insert(0, u"## Summary\nCheckout failed for 23 minutes."_s));
    QTRY_COMPARE(m_bob.session->text(), u"## Summary\nCheckout failed for 23 minutes."_s);
    QVERIFY(changed.count() >= 1);

    QVERIFY(m_bob.session->remove(31, 2));
    QVERIFY(m_bob.session->insert(31, u"41"_s));
    QTRY_COMPARE(m_alice.session->text(), u"## Summary\nCheckout failed for 41 minutes."_s);
}

void TestPostMortemEndToEnd::concurrentTypingConverges()
{
    m_alice.session->insert(0, u"Root cause: \n"_s);
    waitForEqualTexts();

    // Both type at once, one key per edit, without waiting for each other.
    const QString aliceWords = u"an expired certificate"_s;
    const QString bobWords = u"\nContributing: no alert on expiry"_s;
    for (qsizetype i = 0; i < std::max(aliceWords.size(), bobWords.size()); ++i) {
        if (i < aliceWords.size()) {
            m_alice.session->insert(12 + i, aliceWords.mid(i, 1));
        }
        if (i < bobWords.size()) {
            m_bob.session->insert(m_bob.session->document().length(), bobWords.mid(i, 1));
        }
        if (i % 7 == 0) {
            QTest::qWait(5);
        }
    }
    waitForEqualTexts();
    QCOMPARE(m_alice.session->text(), u"Root cause: " + aliceWords + u'\n' + bobWords);
}

void TestPostMortemEndToEnd::presenceShowsCarets()
{
    m_alice.session->insert(0, u"What went well: paging."_s);
    waitForEqualTexts();
    m_alice.session->setDisplayName(u"Alice"_s);
    m_alice.session->setCursor(15, 5);

    QTRY_COMPARE(m_bob.session->participants().size(), 1);
    QTRY_COMPARE(m_bob.session->positionOf(m_bob.session->participants().first().cursor), 15);
    const Participant alice = m_bob.session->participants().first();
    QCOMPARE(alice.actor, u"user:alice"_s);
    QCOMPARE(alice.name, u"Alice"_s);
    QCOMPARE(m_bob.session->positionOf(alice.anchor), 5);

    // Her caret follows Bob's edit before it.
    m_bob.session->insert(0, u"## "_s);
    QCOMPARE(m_bob.session->positionOf(alice.cursor), 18);

    // Bob calling himself Alice shows who he is.
    m_bob.session->setDisplayName(u"Alice"_s);
    m_bob.session->setCursor(0, 0);
    QTRY_COMPARE(m_alice.session->participants().size(), 1);
    QTRY_COMPARE(m_alice.session->participants().first().name, u"Alice (bob)"_s);
    QCOMPARE(m_alice.session->participants().first().actor, u"user:bob"_s);

    // And goes away with her.
    m_alice.session.reset();
    QTRY_COMPARE(m_bob.session->participants().size(), 0);
}

void TestPostMortemEndToEnd::offlineEditsMergeOnReconnect()
{
    m_alice.session->insert(0, u"Timeline:\n"_s);
    waitForEqualTexts();

    m_bob.client->stop();
    QVERIFY(m_bob.session->insert(10, u"10:02 a customer reported it\n"_s));
    QVERIFY(m_alice.session->insert(10, u"09:58 deploy 4121\n"_s));
    QTRY_VERIFY(!m_alice.session->hasPendingEdits());
    QVERIFY(m_bob.session->hasPendingEdits());
    QTest::qWait(100);
    QCOMPARE(m_bob.session->text(), u"Timeline:\n10:02 a customer reported it\n"_s);

    m_bob.client->connectToServer(m_server.url(), m_tokens.value(u"bob"_s));
    waitForEqualTexts();
    const QString text = m_alice.session->text();
    QVERIFY(text.contains(u"09:58 deploy 4121\n"_s));
    QVERIFY(text.contains(u"10:02 a customer reported it\n"_s));
    QCOMPARE(text.size(), 10 + 18 + 29);
}

void TestPostMortemEndToEnd::undoRevertsOnlyOwnEdits()
{
    m_alice.session->insert(0, u"Lessons: "_s);
    m_alice.session->stopUndoCapture();
    waitForEqualTexts();
    m_bob.session->insert(9, u"test renewals"_s);
    waitForEqualTexts();
    m_alice.session->insert(0, u"## "_s);
    waitForEqualTexts();

    QVERIFY(!m_alice.session->undo().empty());
    QVERIFY(!m_alice.session->undo().empty());
    waitForEqualTexts();
    QCOMPARE(m_bob.session->text(), u"test renewals"_s);
    m_alice.session->redo();
    waitForEqualTexts();
    QCOMPARE(m_bob.session->text(), u"Lessons: test renewals"_s);
}

void TestPostMortemEndToEnd::serverKeepsTheDocument()
{
    m_alice.session->insert(0, u"# Post-mortem\n\nAction items: rotate keys.\n"_s);
    m_bob.session->insert(0, u"<!-- draft -->\n"_s);
    waitForEqualTexts();

    const QString path = u"/api/v1/incidents/%1/postmortem"_s.arg(m_incident);
    const auto reply = m_server.request("GET", path, {}, m_tokens.value(u"bob"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"text"_s).toString(), m_alice.session->text());
    const auto markdown = m_server.request("GET", path + u"?format=markdown"_s, {},
                                           m_tokens.value(u"alice"_s));
    QCOMPARE(markdown.status, 200);
    QCOMPARE(QString::fromUtf8(markdown.body), m_alice.session->text());

    // A restarted server reads the document back from its log.
    const QString written = reply.json().value(u"text"_s).toString();
    cleanup();
    m_server.stop();
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const auto again = m_server.request("GET", path, {}, m_tokens.value(u"bob"_s));
    QCOMPARE(again.json().value(u"text"_s).toString(), written);
}

void TestPostMortemEndToEnd::agentsCannotBeBorrowed()
{
    m_alice.session->insert(0, u"mine"_s);
    waitForEqualTexts();

    // Bob sends an edit under Alice's editing session.
    const QString agent = m_alice.session->document().agent();
    Ops ops;
    ops.inserts.push_back({agent, 4, ItemRef{agent, 3}, ItemRef{}, u"!"_s});
    const auto reply = m_server.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"postmortem.edit"_s}, {u"incident"_s, m_incident},
              {u"ops"_s, ops.toJson()}}),
        m_tokens.value(u"bob"_s));
    QCOMPARE(reply.status, 403);
    QTest::qWait(50);
    QCOMPARE(m_bob.session->text(), u"mine"_s);
}

void TestPostMortemEndToEnd::remoteKeystrokeLatency()
{
    // Not a benchmark (2 editors, shared machine): a bound that catches a stalled pipeline.
    std::vector<qint64> latencies;
    QElapsedTimer timer;
    for (int i = 0; i < 60; ++i) {
        QSignalSpy arrived(m_bob.session.get(), &PostMortemSession::remoteChanged);
        timer.start();
        m_alice.session->insert(m_alice.session->document().length(), u"x"_s);
        QVERIFY(arrived.wait(5000));
        latencies.push_back(timer.nsecsElapsed() / 1000);
    }
    QCOMPARE(m_bob.session->text(), QString(60, u'x'));
    std::sort(latencies.begin(), latencies.end());
    qInfo("remote keystroke, 2 editors: median %lld us, worst %lld us",
          latencies[latencies.size() / 2], latencies.back());
    QVERIFY(latencies[latencies.size() / 2] < 500 * 1000);
}

QTEST_GUILESS_MAIN(TestPostMortemEndToEnd)
#include "tst_postmortem_e2e.moc"
