// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Local mode (DESIGN.md): with no server the desktop runs the server core in-process on its
// own SQLite store; later it hands that data over to a real team server and works there.
#include "client/handover.h"
#include "client/restclient.h"
#include "connectdialog.h"
#include "credentialstore.h"
#include "desktopsession.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "sync/commandoutbox.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::ServerProcess;

namespace {

constexpr int s_timeoutMs = 30000;
const QByteArray s_evidence = QByteArrayLiteral("\xff\xd8 a picture of the printer on fire");

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject declare(const QString &title, const QString &severity)
{
    return {{u"type"_s, u"incident.declare"_s}, {u"title"_s, title}, {u"severity"_s, severity}};
}

// Runs `handle` on the connect dialog once it is open (modal: the caller is inside exec()).
void whenConnectDialogOpens(QObject *context, const std::function<void(ConnectDialog *)> &handle)
{
    QTimer::singleShot(10, context, [context, handle]() {
        if (auto *dialog = qobject_cast<ConnectDialog *>(QApplication::activeModalWidget())) {
            handle(dialog);
        } else {
            whenConnectDialogOpens(context, handle);
        }
    });
}

} // namespace

class TestLocalMode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void worksWithNoServer();
    void keepsItsDataAcrossRestarts();
    void handsOverToTeamServer();
    void handingOverAgainCopiesNothing();
    void cliHandsOverToo();
    void connectDialogOffersTheTeamServer();

private:
    void openDesktop();
    QString label(const char *objectName) const;
    QJsonArray teamIncidents() const;
    QJsonArray teamTimeline(const QString &incident) const;

    QTemporaryDir m_dir;
    ServerProcess m_team;
    QString m_localStoreId;
    QString m_evidenceSha256;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestLocalMode::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestLocalMode::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_team.stop();
}

void TestLocalMode::openDesktop()
{
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"replica.sqlite"_s)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY2(m_session->startLocalMode(m_dir.filePath(u"local"_s)),
             qPrintable(m_session->errorString()));
    QVERIFY(m_session->isLocalMode());
}

QString TestLocalMode::label(const char *objectName) const
{
    const auto *found = m_window->findChild<QLabel *>(QString::fromLatin1(objectName));
    return found ? found->text() : QString();
}

QJsonArray TestLocalMode::teamIncidents() const
{
    return m_team.request("GET", u"/api/v1/incidents"_s, {}, m_team.adminToken())
        .json()
        .value(u"incidents"_s)
        .toArray();
}

QJsonArray TestLocalMode::teamTimeline(const QString &incident) const
{
    return m_team.request("GET", u"/api/v1/incidents/%1/timeline?limit=1000"_s.arg(incident),
                          {}, m_team.adminToken())
        .json()
        .value(u"events"_s)
        .toArray();
}

void TestLocalMode::worksWithNoServer()
{
    openDesktop();
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Local mode"_s),
                             s_timeoutMs);
    QVERIFY(m_window->findChild<QAction *>(u"handOverAction"_s)->isEnabled());

    // The same commands as with a team server, decided by the core in this process.
    QVERIFY(!m_session->queueCommand(declare(u"Printer on fire"_s, u"P2"_s),
                                     u"Declare"_s).isEmpty());
    QVERIFY(!m_session->queueCommand(declare(u"Coffee machine empty"_s, u"P4"_s),
                                     u"Declare"_s).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(u"INC-2"_s), s_timeoutMs);
    m_session->addNote(u"INC-1"_s, u"extinguisher used"_s);
    m_session->acknowledge(u"INC-1"_s);
    m_session->resolve(u"INC-2"_s);

    // A file attached as evidence: uploaded to the local server, then named by a command.
    QFile tokenFile(m_dir.filePath(u"local/admin-token"_s));
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    RestClient local;
    local.setBaseUrl(m_session->server());
    local.setToken(QString::fromUtf8(tokenFile.readAll()).trimmed());
    const RestReply upload = local.sendAndWait(
        {QByteArrayLiteral("POST"), u"/api/v1/evidence"_s, {}, s_evidence});
    QCOMPARE(upload.status, 201);
    m_evidenceSha256 = upload.json().value(u"sha256"_s).toString();
    m_session->queueCommand({{u"type"_s, u"incident.attach_evidence"_s},
                             {u"incident"_s, u"INC-1"_s},
                             {u"kind"_s, u"file"_s},
                             {u"name"_s, u"thermal.jpg"_s},
                             {u"sha256"_s, m_evidenceSha256},
                             {u"size"_s, s_evidence.size()}},
                            u"Attach"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->outbox()->entries().size(), 0, s_timeoutMs);

    const IncidentRecord *first = m_session->projection().incident(u"INC-1"_s);
    QVERIFY(first);
    QCOMPARE(first->status, IncidentStatus::Acknowledged);
    QCOMPARE(m_session->projection().incident(u"INC-2"_s)->status, IncidentStatus::Resolved);
    QVERIFY(QFile::exists(m_session->localStorePath()));
}

void TestLocalMode::keepsItsDataAcrossRestarts()
{
    m_window.reset();
    m_session.reset();
    openDesktop();
    // Shown from the local copy at once, then live from the local store.
    QVERIFY(m_window->selectIncident(u"INC-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Local mode"_s),
                             s_timeoutMs);
    QCOMPARE(m_session->projection().incident(u"INC-1"_s)->title, u"Printer on fire"_s);
    m_session->addNote(u"INC-1"_s, u"after the restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->outbox()->entries().size(), 0, s_timeoutMs);
}

void TestLocalMode::handsOverToTeamServer()
{
    // The team already has an incident of its own: the local ones get new numbers.
    QVERIFY2(m_team.start(), qPrintable(m_team.standardError()));
    QCOMPARE(m_team.request("POST", u"/api/v1/commands"_s,
                            json(declare(u"Team incident"_s, u"P3"_s)), m_team.adminToken())
                 .status,
             200);

    QSignalSpy finished(m_window.get(), &MainWindow::handOverFinished);
    m_window->handOverTo(m_team.url(), m_team.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, s_timeoutMs);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

    // The desktop now works on the team server and shows everything from there.
    QVERIFY(!m_session->isLocalMode());
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Live"_s), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->projection().incident(u"INC-3"_s), s_timeoutMs);
    QCOMPARE(m_session->projection().incident(u"INC-1"_s)->title, u"Team incident"_s);
    QCOMPARE(m_session->projection().incident(u"INC-2"_s)->title, u"Printer on fire"_s);

    const QJsonArray incidents = teamIncidents();
    QCOMPARE(incidents.size(), 3);
    QString printer;
    for (const QJsonValue &value : incidents) {
        const QJsonObject incident = value.toObject();
        if (incident.value(u"title"_s) == u"Printer on fire"_s) {
            printer = incident.value(u"id"_s).toString();
            QCOMPARE(incident.value(u"number"_s).toString(), u"INC-2"_s);
            QCOMPARE(incident.value(u"status"_s).toString(), u"acknowledged"_s);
        }
        if (incident.value(u"title"_s) == u"Coffee machine empty"_s) {
            QCOMPARE(incident.value(u"status"_s).toString(), u"resolved"_s);
        }
    }
    QVERIFY(!printer.isEmpty());

    // Every copied event says where it came from; the history keeps its order and times.
    const QJsonArray timeline = teamTimeline(printer);
    QStringList notes;
    for (const QJsonValue &value : timeline) {
        const QJsonObject event = value.toObject();
        const QJsonObject imported = event.value(u"data"_s).toObject()
                                         .value(u"imported"_s).toObject();
        QVERIFY2(!imported.value(u"store"_s).toString().isEmpty(),
                 qPrintable(event.value(u"type"_s).toString()));
        QCOMPARE(imported.value(u"actor"_s).toString(), u"user:admin"_s);
        m_localStoreId = imported.value(u"store"_s).toString();
        if (event.value(u"type"_s) == u"incident.opened"_s) {
            QCOMPARE(imported.value(u"number"_s).toInt(), 1);
        }
        if (event.value(u"type"_s) == u"incident.note_added"_s) {
            notes.append(event.value(u"data"_s).toObject().value(u"text"_s).toString());
        }
    }
    QCOMPARE(notes, QStringList({u"extinguisher used"_s, u"after the restart"_s}));

    // The evidence file came along, under the same content hash.
    const auto file = m_team.request("GET", u"/api/v1/evidence/"_s + m_evidenceSha256, {},
                                     m_team.adminToken());
    QCOMPARE(file.status, 200);
    QCOMPARE(file.body, s_evidence);
}

void TestLocalMode::handingOverAgainCopiesNothing()
{
    const QString localStore = m_dir.filePath(u"local/firebreak.sqlite"_s);
    Handover again;
    QSignalSpy finished(&again, &Handover::finished);
    again.start(localStore, m_team.url(), m_team.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, s_timeoutMs);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(again.sourceStore(), m_localStoreId);
    QVERIFY(again.totalEvents() > 0);
    QCOMPARE(again.importedEvents(), 0);
    QCOMPARE(teamIncidents().size(), 3);

    // Work done locally afterwards: only that goes over, though every page is new.
    {
        DesktopSession local;
        QVERIFY(local.open(m_dir.filePath(u"second-replica.sqlite"_s)));
        QVERIFY(local.startLocalMode(m_dir.filePath(u"local"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(local.connectionState() == SyncClient::State::Live,
                                 s_timeoutMs);
        local.addNote(u"INC-1"_s, u"one more thing"_s);
        QTRY_COMPARE_WITH_TIMEOUT(local.outbox()->entries().size(), 0, s_timeoutMs);
    }
    Handover later;
    QSignalSpy laterFinished(&later, &Handover::finished);
    later.start(localStore, m_team.url(), m_team.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(laterFinished.size(), 1, s_timeoutMs);
    QVERIFY2(laterFinished.first().at(0).toBool(),
             qPrintable(laterFinished.first().at(1).toString()));
    QCOMPARE(later.totalEvents(), again.totalEvents() + 1);
    QCOMPARE(later.importedEvents(), 1);
    QCOMPARE(teamIncidents().size(), 3);
}

// firebreak-cli store handover does the same for scripts: JSON report, exit codes of DESIGN.md.
void TestLocalMode::cliHandsOverToo()
{
    ServerProcess other;
    QVERIFY2(other.start(), qPrintable(other.standardError()));
    const QString localDir = m_dir.filePath(u"local"_s);
    const auto handOver = [&](const QString &server, QJsonObject *report) {
        QProcess cli;
        cli.start(QStringLiteral(FIREBREAK_CLI_BINARY),
                  {u"--server"_s, server, u"--token"_s, other.adminToken(), u"store"_s,
                   u"handover"_s, u"--data"_s, localDir, u"--json"_s});
        if (!cli.waitForFinished(s_timeoutMs)) {
            return -1;
        }
        *report = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        return cli.exitCode();
    };

    QJsonObject report;
    QCOMPARE(handOver(other.url().toString(), &report), 0);
    QVERIFY(report.value(u"ok"_s).toBool());
    QVERIFY(report.value(u"events"_s).toInteger() > 0);
    QCOMPARE(report.value(u"imported"_s).toInteger(), report.value(u"events"_s).toInteger());
    QCOMPARE(other.request("GET", u"/api/v1/incidents"_s, {}, other.adminToken())
                 .json().value(u"incidents"_s).toArray().size(),
             2);

    QCOMPARE(handOver(other.url().toString(), &report), 0);
    QCOMPARE(report.value(u"imported"_s).toInteger(), 0);

    other.stop();
    QCOMPARE(handOver(other.url().toString(), &report), 3); // unreachable
    QVERIFY(!report.value(u"ok"_s).toBool());
}

// File → Connect to Server… in local mode offers the team server used last, or nothing, but
// never the in-process core's own loopback address; connecting from there still works.
void TestLocalMode::connectDialogOffersTheTeamServer()
{
    m_window.reset();
    m_session.reset();
    QSettings().remove(u"connection"_s);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DesktopSession session;
    QVERIFY(session.open(dir.filePath(u"replica.sqlite"_s)));
    MainWindow window(&session);
    window.show();
    QVERIFY(session.startLocalMode(dir.filePath(u"local"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), SyncClient::State::Live, s_timeoutMs);
    auto *connectAction = window.findChild<QAction *>(u"connectAction"_s);
    auto *handOverAction = window.findChild<QAction *>(u"handOverAction"_s);
    QVERIFY(connectAction && handOverAction);

    // No team server used yet: an empty field with a hint of what to type.
    QString offered = u"(not opened)"_s;
    QString placeholder;
    whenConnectDialogOpens(&window, [&](ConnectDialog *dialog) {
        const auto *server = dialog->findChild<QLineEdit *>(u"serverEdit"_s);
        offered = server->text();
        placeholder = server->placeholderText();
        dialog->reject();
    });
    connectAction->trigger();
    QCOMPARE(offered, QString());
    QVERIFY(!placeholder.isEmpty());
    QVERIFY(session.isLocalMode());

    // A team server used before is offered, in both dialogs; connecting to it works.
    const QString team = m_team.url().toString();
    QSettings().setValue(u"connection/server"_s, team);
    QCOMPARE(CredentialStore::lastServer(), m_team.url());
    whenConnectDialogOpens(&window, [&](ConnectDialog *dialog) {
        offered = dialog->findChild<QLineEdit *>(u"serverEdit"_s)->text();
        dialog->reject();
    });
    handOverAction->trigger();
    QCOMPARE(offered, team);
    QSignalSpy chosen(&window, &MainWindow::serverChosen);
    whenConnectDialogOpens(&window, [&](ConnectDialog *dialog) {
        offered = dialog->findChild<QLineEdit *>(u"serverEdit"_s)->text();
        dialog->findChild<QLineEdit *>(u"tokenEdit"_s)->setText(m_team.adminToken());
        dialog->accept();
    });
    connectAction->trigger();
    QCOMPARE(offered, team);
    QCOMPARE(chosen.size(), 1);
    QVERIFY(!session.isLocalMode());
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), SyncClient::State::Live, s_timeoutMs);
    QCOMPARE(session.server().port(), m_team.url().port());
    QTRY_VERIFY_WITH_TIMEOUT(session.projection().incident(u"INC-3"_s), s_timeoutMs);
    QVERIFY(!handOverAction->isEnabled());

    // Connected to a team server, the dialog offers that server.
    whenConnectDialogOpens(&window, [&](ConnectDialog *dialog) {
        offered = dialog->findChild<QLineEdit *>(u"serverEdit"_s)->text();
        dialog->reject();
    });
    connectAction->trigger();
    QCOMPARE(offered, team);
    QSettings().remove(u"connection"_s);
}

QTEST_MAIN(TestLocalMode)
#include "tst_localmode.moc"
