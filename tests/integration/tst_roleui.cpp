// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop offers what the role allows: real windows (offscreen) on a real server, signed
// in as a viewer, a stakeholder and a responder. What the role lacks is disabled in the
// quick actions, the Incident menu, the shortcuts, the command palette and the post-mortem
// window, with the missing permission in the tips; a role changed while connected is followed
// at once; offline, the last permissions the server gave hold, across a restart too; the
// server still refuses what the role lacks.
#include "collab/postmortemsession.h"
#include "commandpalette.h"
#include "desktopsession.h"
#include "incidentactions.h"
#include "mainwindow.h"
#include "postmortemeditor.h"
#include "postmortemwindow.h"
#include "serverprocess.h"
#include "sync/commandoutbox.h"
#include "sync/syncclient.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::ServerProcess;

namespace {

constexpr int s_timeoutMs = 30000;
const QString s_password = u"correct horse battery"_s;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The incident actions a responder has and a viewer lacks, with the permission each needs.
const QList<std::pair<const char *, const char *>> &incidentActions()
{
    static const QList<std::pair<const char *, const char *>> actions{
        {"acknowledgeAction", "incidents.acknowledge"},
        {"escalateAction", "oncall.manage"},
        {"changeSeverityAction", "incidents.command"},
        {"severityP1Action", "incidents.command"},
        {"changeStatusAction", "incidents.update"},
        {"statusInvestigatingAction", "incidents.update"},
        {"assignRoleAction", "incidents.command"},
        {"addNoteAction", "incidents.note"},
        {"attachEvidenceAction", "incidents.update"},
        {"resolveAction", "incidents.update"},
        {"declareIncidentAction", "incidents.declare"},
    };
    return actions;
}

} // namespace

class TestRoleUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void helloSaysWhatTheConnectionMayDo();
    void olderServersLeaveEverythingOffered();
    void viewerIsOfferedNoAction();
    void stakeholderIsOfferedNoAction();
    void paletteNamesWhatIsMissing();
    void postMortemIsReadOnlyForViewers();
    void roleChangesAreFollowedLive();
    void offlineKeepsTheLastPermissions();
    void serverStillRefuses();

private:
    QString createAccount(const QString &name, const QString &role);
    ServerProcess::Reply command(const QJsonObject &body) const;
    void openDesktop(const QString &token);
    QAction *action(const char *objectName) const;

    QTemporaryDir m_dir;
    ServerProcess m_server;
    QHash<QString, QString> m_tokens; // account → session token
    QString m_incident;
    QString m_replicaName; // each test's own local copy
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestRoleUi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    for (const auto &[name, role] : {std::pair{u"vera"_s, u"viewer"_s},
                                     std::pair{u"sam"_s, u"stakeholder"_s},
                                     std::pair{u"rita"_s, u"responder"_s}}) {
        const QString token = createAccount(name, role);
        QVERIFY2(!token.isEmpty(), qPrintable(name));
        m_tokens.insert(name, token);
    }
    const auto declared = command({{u"type"_s, u"incident.declare"_s},
                                   {u"title"_s, u"Checkout fails"_s},
                                   {u"severity"_s, u"P2"_s}});
    QVERIFY2(declared.status == 200, declared.body.constData());
    m_incident = declared.json().value(u"events"_s).toArray().first()[u"incident"_s].toString();
    // The stakeholder sees this incident only once it is shared with them.
    const auto shared = command({{u"type"_s, u"incident.share"_s},
                                 {u"incident"_s, m_incident},
                                 {u"user"_s, u"sam"_s}});
    QVERIFY2(shared.status == 200, shared.body.constData());
}

void TestRoleUi::init()
{
    m_replicaName = QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s;
}

void TestRoleUi::cleanup()
{
    m_window.reset();
    m_session.reset();
}

void TestRoleUi::cleanupTestCase()
{
    m_server.stop();
}

QString TestRoleUi::createAccount(const QString &name, const QString &role)
{
    const auto created = command({{u"type"_s, u"account.create"_s},
                                  {u"name"_s, name},
                                  {u"roles"_s, QJsonArray{role}},
                                  {u"password"_s, s_password}});
    if (created.status != 200) {
        return {};
    }
    const auto reply = m_server.request("POST", u"/api/v1/sessions"_s,
                                        json({{u"user"_s, name}, {u"password"_s, s_password}}));
    return reply.status == 201 ? reply.json().value(u"token"_s).toString() : QString();
}

ServerProcess::Reply TestRoleUi::command(const QJsonObject &body) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(body), m_server.adminToken());
}

// A desktop on the test's local copy, connected with `token` (none: left offline), showing
// the incident once it has it.
void TestRoleUi::openDesktop(const QString &token)
{
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(m_replicaName)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    if (token.isEmpty()) {
        return;
    }
    m_session->connectToServer(m_server.url(), token);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), SyncClient::State::Live,
                              s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(m_incident), s_timeoutMs);
}

QAction *TestRoleUi::action(const char *objectName) const
{
    return m_window->findChild<QAction *>(QString::fromLatin1(objectName));
}

void TestRoleUi::helloSaysWhatTheConnectionMayDo()
{
    SyncClient client(nullptr);
    QSignalSpy received(&client, &SyncClient::permissionsReceived);
    client.connectToServer(m_server.url(), m_tokens.value(u"vera"_s));
    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 1, s_timeoutMs);
    QVERIFY(client.hasPermissions());
    QCOMPARE(client.permissions(), (QStringList{u"alerts.read"_s, u"incidents.read"_s}));
    client.stop();
}

void TestRoleUi::olderServersLeaveEverythingOffered()
{
    // A hello without the field (a server before it) says nothing: everything stays offered
    // and the server decides, as before.
    SyncClient client(nullptr);
    client.receiveMessage(u"{\"type\":\"hello\",\"protocol\":1,\"storeId\":\"s\",\"head\":0,"
                          "\"actor\":\"user:vera\",\"permissions\":[\"incidents.read\"]}"_s);
    QVERIFY(client.hasPermissions());
    client.receiveMessage(u"{\"type\":\"hello\",\"protocol\":1,\"storeId\":\"s\",\"head\":0,"
                          "\"actor\":\"user:vera\"}"_s);
    QVERIFY(!client.hasPermissions());
    QVERIFY(client.permissions().isEmpty());

    DesktopSession session;
    QVERIFY(session.open(m_dir.filePath(u"never-connected.sqlite"_s)));
    QVERIFY(!session.knowsPermissions());
    QVERIFY(session.mayRun(u"incident.acknowledge"_s));
}

void TestRoleUi::viewerIsOfferedNoAction()
{
    openDesktop(m_tokens.value(u"vera"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->knowsPermissions(), s_timeoutMs);
    const auto *row = m_window->findChild<QToolBar *>(u"quickActionRow"_s);
    QVERIFY(row);
    for (const auto &[name, permission] : incidentActions()) {
        QAction *found = action(name);
        QVERIFY2(found, name);
        QVERIFY2(!found->isEnabled(), name);
        QVERIFY2(found->toolTip().contains(QLatin1String(permission)), name);
        QVERIFY2(found->statusTip().contains(QLatin1String(permission)), name);
        // The buttons above the timeline are the same actions.
        if (QWidget *button = row->widgetForAction(found)) {
            QVERIFY2(!button->isEnabled(), name);
        }
    }

    // Shortcuts and triggers of a disabled action queue nothing.
    const int queuedBefore = m_session->outbox()->pendingCount();
    QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    action("acknowledgeAction")->trigger();
    action("resolveAction")->trigger();
    QCOMPARE(m_session->outbox()->pendingCount(), queuedBefore);
    QCOMPARE(m_session->outbox()->entries().size(), 0);

    // What a viewer may do stays offered.
    QVERIFY(action("postMortemAction")->isEnabled());
    QVERIFY(action("commandPaletteAction")->isEnabled());
    QVERIFY(action("connectAction")->isEnabled());
}

void TestRoleUi::stakeholderIsOfferedNoAction()
{
    openDesktop(m_tokens.value(u"sam"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->knowsPermissions(), s_timeoutMs);
    QCOMPARE(m_session->permissions(), QStringList{u"incidents.read_shared"_s});
    for (const auto &[name, permission] : incidentActions()) {
        QVERIFY2(!action(name)->isEnabled(), name);
        QVERIFY2(action(name)->toolTip().contains(QLatin1String(permission)), name);
    }
}

void TestRoleUi::paletteNamesWhatIsMissing()
{
    openDesktop(m_tokens.value(u"vera"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->knowsPermissions(), s_timeoutMs);
    action("commandPaletteAction")->trigger();
    auto *palette = m_window->findChild<CommandPalette *>();
    QVERIFY(palette);
    auto *input = palette->findChild<QLineEdit *>(u"commandPaletteInput"_s);
    auto *list = palette->findChild<QListWidget *>(u"commandPaletteList"_s);
    QVERIFY(input && list);

    // Asked for, the action is named, greyed, with the permission it needs; it cannot run.
    input->setText(u"acknowledge"_s);
    QListWidgetItem *acknowledge = nullptr;
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->text().startsWith(u"Acknowledge    "_s)) {
            acknowledge = list->item(row);
        }
    }
    QVERIFY(acknowledge);
    QVERIFY(!(acknowledge->flags() & Qt::ItemIsEnabled));
    QVERIFY(acknowledge->toolTip().contains(u"incidents.acknowledge"_s));
    QVERIFY(list->currentItem() != acknowledge);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(m_session->outbox()->entries().size(), 0);

    // Unasked, the palette lists only what can run.
    input->setText(QString());
    for (int row = 0; row < list->count(); ++row) {
        QVERIFY2(list->item(row)->flags() & Qt::ItemIsEnabled,
                 qPrintable(list->item(row)->text()));
    }
    palette->hide();
}

void TestRoleUi::postMortemIsReadOnlyForViewers()
{
    openDesktop(m_tokens.value(u"vera"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->knowsPermissions(), s_timeoutMs);
    action("postMortemAction")->trigger();
    auto *window = m_window->findChild<PostMortemWindow *>();
    QVERIFY(window);
    QVERIFY(window->editor()->isReadOnly());
    QVERIFY(window->editor()->textEdit()->isReadOnly());
    QVERIFY(window->editor()->textEdit()->toolTip().contains(u"postmortems.edit"_s));
    for (const char *name : {"postMortemMarkMoment", "postMortemAddOutside",
                             "postMortemInsertTimeline", "actionItemAdd",
                             "postMortemRequestReview", "postMortemComment",
                             "postMortemActionFromSelection"}) {
        auto *button = window->findChild<QPushButton *>(QString::fromLatin1(name));
        QVERIFY2(button, name);
        QVERIFY2(!button->isEnabled(), name);
        QVERIFY2(button->toolTip().contains(u"postmortems.edit"_s), name);
    }

    // Typing changes nothing.
    window->editor()->textEdit()->setFocus();
    QTest::keyClicks(window->editor()->textEdit(), u"typed by a viewer"_s);
    QCOMPARE(window->session()->text(), QString());
    QVERIFY(!window->session()->hasPendingEdits());
    window->close();
}

void TestRoleUi::roleChangesAreFollowedLive()
{
    openDesktop(m_tokens.value(u"rita"_s));
    QTRY_VERIFY_WITH_TIMEOUT(action("acknowledgeAction")->isEnabled(), s_timeoutMs);
    QVERIFY(action("addNoteAction")->isEnabled());
    QVERIFY(!action("assignRoleAction")->isEnabled()); // a responder cannot
    QVERIFY(action("assignRoleAction")->toolTip().contains(u"incidents.command"_s));
    QSignalSpy changed(m_session.get(), &DesktopSession::permissionsChanged);

    // Made a viewer while connected: the window follows without reconnecting.
    QCOMPARE(command({{u"type"_s, u"account.set_roles"_s},
                      {u"name"_s, u"rita"_s},
                      {u"roles"_s, QJsonArray{u"viewer"_s}}})
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(!action("acknowledgeAction")->isEnabled(), s_timeoutMs);
    QVERIFY(!action("addNoteAction")->isEnabled());
    QVERIFY(action("addNoteAction")->toolTip().contains(u"incidents.note"_s));
    QCOMPARE(m_session->connectionState(), SyncClient::State::Live);
    QVERIFY(changed.size() >= 1);

    // And back: the actions and their usual tips return.
    QCOMPARE(command({{u"type"_s, u"account.set_roles"_s},
                      {u"name"_s, u"rita"_s},
                      {u"roles"_s, QJsonArray{u"commander"_s}}})
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(action("assignRoleAction")->isEnabled(), s_timeoutMs);
    QVERIFY(action("acknowledgeAction")->isEnabled());
    QVERIFY(!action("acknowledgeAction")->toolTip().contains(u"permission"_s));
    QVERIFY(action("acknowledgeAction")->statusTip().isEmpty());
}

void TestRoleUi::offlineKeepsTheLastPermissions()
{
    // rita is a commander now: she queues a note while the server is away.
    openDesktop(m_tokens.value(u"rita"_s));
    QTRY_VERIFY_WITH_TIMEOUT(action("assignRoleAction")->isEnabled(), s_timeoutMs);
    m_server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), SyncClient::State::Unreachable,
                              s_timeoutMs);
    QVERIFY(action("addNoteAction")->isEnabled());
    m_session->addNote(m_incident, u"written offline"_s);
    QCOMPARE(m_session->outbox()->pendingCount(), 1);

    // A restart offline offers what the server allowed last.
    cleanup();
    openDesktop(QString());
    QVERIFY(m_session->knowsPermissions());
    QVERIFY(m_window->selectIncident(m_incident));
    QVERIFY(action("assignRoleAction")->isEnabled());
    QVERIFY(action("addNoteAction")->isEnabled());
    QCOMPARE(m_session->outbox()->pendingCount(), 1);

    // A viewer's copy, offline, keeps the viewer's limits.
    cleanup();
    m_replicaName = u"viewer-offline.sqlite"_s;
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    openDesktop(m_tokens.value(u"vera"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!action("addNoteAction")->isEnabled(), s_timeoutMs);
    m_server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), SyncClient::State::Unreachable,
                              s_timeoutMs);
    QVERIFY(!action("addNoteAction")->isEnabled());
    cleanup();
    openDesktop(QString());
    QVERIFY(m_window->selectIncident(m_incident));
    QVERIFY(!action("addNoteAction")->isEnabled());
    QVERIFY(action("addNoteAction")->toolTip().contains(u"incidents.note"_s));
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
}

void TestRoleUi::serverStillRefuses()
{
    // The window spares a viewer what the server would refuse; a command sent anyway is
    // refused by the server with its reason.
    openDesktop(m_tokens.value(u"vera"_s));
    QSignalSpy refused(m_session.get(), &DesktopSession::commandRefused);
    m_session->acknowledge(m_incident);
    QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), s_timeoutMs);
    QVERIFY(refused.first().first().toString().contains(u"incidents.acknowledge"_s));
    QCOMPARE(m_server
                 .request("GET", u"/api/v1/incidents/%1"_s.arg(m_incident), {},
                          m_server.adminToken())
                 .json()
                 .value(u"status"_s)
                 .toString(),
             u"triggered"_s);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    TestRoleUi test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_roleui.moc"
