// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Two desktop editors, each with its own sync connection, write one post-mortem through a real
// firebreak-server: keys typed in one appear in the other, both typing at once converges, and
// each shows the other's caret and name.
#include "collab/postmortemsession.h"
#include "postmortemeditor.h"
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// One desktop: its connection, the open post-mortem and its editor window.
struct Desktop
{
    std::unique_ptr<SyncClient> client;
    std::unique_ptr<PostMortemSession> session;
    std::unique_ptr<PostMortemEditor> editor;

    QString text() const { return editor->textEdit()->toPlainText(); }
};

} // namespace

class TestPostMortemDesktops : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void typingShowsOnTheOtherDesktop();
    void typingAtOnceConverges();
    void eachSeesTheOthersCaret();

private:
    void open(Desktop &desktop, const QString &user, const QString &name);

    ServerProcess m_server;
    QString m_incident;
    Desktop m_alice;
    Desktop m_bob;
};

void TestPostMortemDesktops::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const auto created = m_server.request(
            "POST", u"/api/v1/commands"_s,
            json({{u"type"_s, u"account.create"_s}, {u"name"_s, user},
                  {u"roles"_s, QJsonArray{u"responder"_s}},
                  {u"password"_s, u"correct horse battery"_s}}),
            m_server.adminToken());
        QVERIFY2(created.status == 200, created.body.constData());
    }
    const auto declared = m_server.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.declare"_s}, {u"title"_s, u"Checkout down"_s},
              {u"severity"_s, u"P1"_s}}),
        m_server.adminToken());
    m_incident = declared.json().value(u"events"_s).toArray().first()[u"incident"_s].toString();
    QVERIFY(!m_incident.isEmpty());
    open(m_alice, u"alice"_s, u"Alice"_s);
    open(m_bob, u"bob"_s, u"Bob"_s);
}

void TestPostMortemDesktops::open(Desktop &desktop, const QString &user, const QString &name)
{
    const auto login = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, user}, {u"password"_s, u"correct horse battery"_s}}));
    QCOMPARE(login.status, 201);
    desktop.client = std::make_unique<SyncClient>(nullptr);
    desktop.session = std::make_unique<PostMortemSession>(desktop.client.get(), m_incident);
    desktop.session->setDisplayName(name);
    desktop.editor = std::make_unique<PostMortemEditor>(desktop.session.get());
    desktop.editor->setWindowTitle(name);
    desktop.editor->resize(640, 420);
    desktop.editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(desktop.editor.get()));
    desktop.client->connectToServer(m_server.url(), login.json().value(u"token"_s).toString());
    QTRY_COMPARE(desktop.client->state(), SyncClient::State::Live);
}

void TestPostMortemDesktops::cleanupTestCase()
{
    for (Desktop *desktop : {&m_alice, &m_bob}) {
        desktop->editor.reset();
        desktop->session.reset();
        desktop->client.reset();
    }
    m_server.stop();
}

void TestPostMortemDesktops::typingShowsOnTheOtherDesktop()
{
    QTest::keyClicks(m_alice.editor->textEdit(), u"# Checkout down"_s);
    QTest::keyClick(m_alice.editor->textEdit(), Qt::Key_Return);
    QTRY_COMPARE(m_bob.text(), u"# Checkout down\n"_s);

    m_bob.editor->textEdit()->moveCursor(QTextCursor::End);
    QTest::keyClicks(m_bob.editor->textEdit(), u"Started 09:58."_s);
    QTRY_COMPARE(m_alice.text(), u"# Checkout down\nStarted 09:58."_s);
}

void TestPostMortemDesktops::typingAtOnceConverges()
{
    m_alice.editor->textEdit()->moveCursor(QTextCursor::Start);
    m_bob.editor->textEdit()->moveCursor(QTextCursor::End);
    const QString aliceKeys = u"DRAFT "_s;
    const QString bobKeys = u" Resolved 10:21."_s;
    for (qsizetype i = 0; i < bobKeys.size(); ++i) {
        if (i < aliceKeys.size()) {
            QTest::keyClick(m_alice.editor->textEdit(), aliceKeys[i].toLatin1());
        }
        QTest::keyClick(m_bob.editor->textEdit(), bobKeys[i].toLatin1());
    }
    const QString expected = u"DRAFT # Checkout down\nStarted 09:58. Resolved 10:21."_s;
    QTRY_COMPARE(m_alice.text(), expected);
    QTRY_COMPARE(m_bob.text(), expected);
    QTRY_VERIFY(!m_alice.session->hasPendingEdits() && !m_bob.session->hasPendingEdits());
    QCOMPARE(m_alice.session->text(), expected);
}

void TestPostMortemDesktops::eachSeesTheOthersCaret()
{
    QTextCursor cursor = m_alice.editor->textEdit()->textCursor();
    cursor.setPosition(6);
    m_alice.editor->textEdit()->setTextCursor(cursor);

    QTRY_COMPARE(m_bob.editor->textEdit()->remoteCarets().size(), 1);
    QTRY_COMPARE(m_bob.editor->textEdit()->remoteCarets().first().position, 6);
    QCOMPARE(m_bob.editor->textEdit()->remoteCarets().first().name, u"Alice"_s);
    auto *presence = m_bob.editor->findChild<QLabel *>(u"postMortemPresence"_s);
    QVERIFY(presence->text().contains(u"Alice"_s));

    // Bob types before her caret; it moves on with the text on his screen.
    m_bob.editor->textEdit()->moveCursor(QTextCursor::Start);
    QTest::keyClicks(m_bob.editor->textEdit(), u">> "_s);
    QTRY_COMPARE(m_bob.editor->textEdit()->remoteCarets().first().position, 9);
    QTRY_COMPARE(m_alice.text(), m_bob.text());
    QTRY_COMPARE(m_alice.editor->textEdit()->remoteCarets().size(), 1);
    QCOMPARE(m_alice.editor->textEdit()->remoteCarets().first().name, u"Bob"_s);
}

QTEST_MAIN(TestPostMortemDesktops)
#include "tst_postmortemdesktops.moc"
