// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"
#include "incidentview.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "sync/commandoutbox.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::ServerProcess;

namespace {

constexpr int s_timeoutMs = 20000;

// An Alertmanager webhook body with one firing alert.
QByteArray firingAlert(const QString &name, const QString &service, const QString &severity,
                       const QString &summary, const QString &instance)
{
    const QJsonObject labels{{u"alertname"_s, name},
                             {u"service"_s, service},
                             {u"severity"_s, severity},
                             {u"instance"_s, instance}};
    const QJsonObject alert{
        {u"status"_s, u"firing"_s},
        {u"labels"_s, labels},
        {u"annotations"_s, QJsonObject{{u"summary"_s, summary}}},
        {u"startsAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {u"endsAt"_s, u"0001-01-01T00:00:00Z"_s},
    };
    const QJsonObject body{
        {u"version"_s, u"4"_s},
        {u"status"_s, u"firing"_s},
        {u"groupKey"_s, u"{}:{alertname=\"%1\"}"_s.arg(name)},
        {u"receiver"_s, u"firebreak"_s},
        {u"groupLabels"_s, QJsonObject{{u"alertname"_s, name}}},
        {u"alerts"_s, QJsonArray{alert}},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void showsIncidentFromServer();
    void showsTimelineOfSelectedIncident();
    void acknowledgeChangesStatus();
    void showsWhyCommandIsRefused();
    void keepsLocalCopyWhenServerStops();
    void catchesUpAfterServerRestart();
    void saysWhenTheServerRefusesTheToken();
    void savesScreenshot();
    void longWordsDoNotWidenTheWindow();
    void resynchronisesWhenStoreChanges();
    void remembersItsLayout();

private:
    void saveDarkScreenshot();
    bool postAlert(const ServerProcess &server, const QString &key, const QByteArray &body);
    QAbstractItemModel *table() const;
    int rowOf(const QString &number) const;
    QString cell(const QString &number, int column) const;
    QStringList timeline() const;
    QString label(const char *objectName) const;

    QTemporaryDir m_dir;
    ServerProcess m_server;
    QString m_key;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // As the application does: English plural forms come from the catalogue.
    auto *english = new QTranslator(this);
    QVERIFY(english->load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(english);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    m_key = m_server.createIntegration(u"alertmanager"_s, u"prometheus"_s);
    QVERIFY(!m_key.isEmpty());
    QVERIFY(postAlert(m_server, m_key,
                      Testing::testData(u"alerts/alertmanager-firing.json"_s)));
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

// The same window in a dark palette, for a person to look at: build folder only.
void TestMainWindow::saveDarkScreenshot()
{
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x33, 0x33, 0x33));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xb0));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    dark.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    QApplication::setPalette(dark);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->palette().color(QPalette::Base), QColor(0x1e, 0x1e, 0x1e),
                              s_timeoutMs);
    QCoreApplication::sendPostedEvents();

    const QString path = QDir(QStringLiteral(FIREBREAK_GUI_TEST_OUTPUT))
                             .filePath(u"main-window-dark.png"_s);
    QVERIFY(m_window->grab().save(path));
    QApplication::setPalette(light);
}

bool TestMainWindow::postAlert(const ServerProcess &server, const QString &key,
                               const QByteArray &body)
{
    const auto reply = server.request("POST", u"/api/v1/alerts/alertmanager"_s, body, key);
    if (reply.status != 202) {
        qWarning() << "alert refused:" << reply.status << reply.body;
    }
    return reply.status == 202;
}

QAbstractItemModel *TestMainWindow::table() const
{
    return m_window->findChild<QTableView *>(u"incidentTable"_s)->model();
}

int TestMainWindow::rowOf(const QString &number) const
{
    const QAbstractItemModel *model = table();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == number) {
            return row;
        }
    }
    return -1;
}

QString TestMainWindow::cell(const QString &number, int column) const
{
    const int row = rowOf(number);
    return row < 0 ? QString() : table()->index(row, column).data().toString();
}

QStringList TestMainWindow::timeline() const
{
    const QAbstractItemModel *model = m_window->currentView()->timelineView()->model();
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        lines.append(model->index(row, 0).data().toString());
    }
    return lines;
}

QString TestMainWindow::label(const char *objectName) const
{
    const auto *found = m_window->findChild<QLabel *>(QString::fromLatin1(objectName));
    return found ? found->text() : u"<no %1>"_s.arg(QString::fromLatin1(objectName));
}

void TestMainWindow::showsIncidentFromServer()
{
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"replica.sqlite"_s)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_session->connectToServer(m_server.url(), m_server.adminToken());

    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"INC-1"_s) >= 0, s_timeoutMs);
    QCOMPARE(cell(u"INC-1"_s, 1), u"ApiHighErrorRate: 5xx ratio above 5% on checkout"_s);
    QCOMPARE(cell(u"INC-1"_s, 2), u"P1"_s);
    QCOMPARE(cell(u"INC-1"_s, 3), u"Triggered"_s);
    QCOMPARE(cell(u"INC-1"_s, 5), u"checkout"_s);
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Live"_s), s_timeoutMs);
}

void TestMainWindow::showsTimelineOfSelectedIncident()
{
    QVERIFY(m_window->selectIncident(u"INC-1"_s));
    QVERIFY(!m_window->currentIncident().isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(timeline().size(), 3, s_timeoutMs);
    const QStringList lines = timeline();
    QVERIFY2(lines.at(0).contains(u"Incident opened: ApiHighErrorRate"_s), qPrintable(lines[0]));
    QVERIFY2(lines.at(1).contains(u"Alert received: "_s) && lines.at(1).contains(u"api-01"_s),
             qPrintable(lines[1]));
    QVERIFY2(lines.at(2).contains(u"api-02"_s), qPrintable(lines[2]));
    QVERIFY(lines.at(1).contains(u"prometheus (integration)"_s));

    QCOMPARE(label("incidentNumberLabel"), u"INC-1"_s);
    QCOMPARE(label("incidentSeverityLabel"), u"P1"_s);
    QCOMPARE(label("incidentStatusLabel"), u"Triggered"_s);
    QVERIFY(label("incidentServiceLabel").contains(u"checkout"_s));
}

void TestMainWindow::acknowledgeChangesStatus()
{
    auto *acknowledge = m_window->findChild<QAction *>(u"acknowledgeAction"_s);
    QVERIFY(acknowledge);
    QCOMPARE(acknowledge->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    QTRY_VERIFY_WITH_TIMEOUT(acknowledge->isEnabled(), s_timeoutMs);

    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);

    QTRY_COMPARE_WITH_TIMEOUT(cell(u"INC-1"_s, 3), u"Acknowledged"_s, s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentStatusLabel"), u"Acknowledged"_s, s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"Acknowledged"_s), s_timeoutMs);
    QVERIFY(timeline().constLast().contains(u"admin"_s));
    QVERIFY(!acknowledge->isEnabled());
}

void TestMainWindow::showsWhyCommandIsRefused()
{
    QSignalSpy refused(m_session.get(), &DesktopSession::commandRefused);
    m_session->acknowledge(m_window->currentIncident());

    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, s_timeoutMs);
    const auto *message = m_window->findChild<QLabel *>(u"messageLabel"_s);
    QVERIFY(message->isVisible());
    // The server's own reason follows the desktop's words.
    const QString prefix = u"Could not acknowledge INC-1: "_s;
    QVERIFY2(message->text().startsWith(prefix), qPrintable(message->text()));
    QVERIFY2(message->text().mid(prefix.size()).contains(u"acknowledged"_s),
             qPrintable(message->text()));

    // The refused command also stays at the end of the timeline, with the reason, until
    // dismissed.
    QVERIFY2(timeline().constLast().contains(u"already acknowledged"_s),
             qPrintable(timeline().constLast()));
    m_session->dismissRefusedCommands();
    QVERIFY(!timeline().constLast().contains(u"already acknowledged"_s));
}

void TestMainWindow::keepsLocalCopyWhenServerStops()
{
    m_server.stop();

    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").contains(u"unreachable"_s), s_timeoutMs);
    QVERIFY(label("connectionLabel").contains(u"local copy"_s));
    QCOMPARE(cell(u"INC-1"_s, 3), u"Acknowledged"_s);
    QCOMPARE(timeline().size(), 4);
    // Offline, commands are queued rather than refused.
    QVERIFY(m_window->findChild<QAction *>(u"resolveAction"_s)->isEnabled());

    // A second window on the same local copy shows it at once, with no server at all.
    DesktopSession offline;
    QVERIFY(offline.open(m_session->replicaPath()));
    MainWindow window(&offline);
    QVERIFY(window.selectIncident(u"INC-1"_s));
    QVERIFY(window.findChild<QLabel *>(u"connectionLabel"_s)->text().contains(u"local copy"_s));
}

void TestMainWindow::catchesUpAfterServerRestart()
{
    const quint16 port = m_server.port();
    QVERIFY2(m_server.start({}, port), qPrintable(m_server.standardError()));
    QCOMPARE(m_server.port(), port);
    QVERIFY(postAlert(m_server, m_key,
                      Testing::testData(u"alerts/alertmanager-resolved.json"_s)));
    QVERIFY(postAlert(m_server, m_key,
                      firingAlert(u"DatabaseReplicationLag"_s, u"orders-db"_s, u"error"_s,
                                  u"Replica 40 s behind primary"_s, u"db-03:5432"_s)));

    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"INC-2"_s) >= 0, s_timeoutMs);
    QCOMPARE(cell(u"INC-2"_s, 2), u"P2"_s);
    QTRY_VERIFY_WITH_TIMEOUT(label("incidentNotesLabel").contains(u"All alerts resolved"_s),
                             s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"resolved"_s), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Live"_s), s_timeoutMs);
}

void TestMainWindow::saysWhenTheServerRefusesTheToken()
{
    // A token this server does not know (an expired session, a wiped server): not "unreachable".
    DesktopSession session;
    QVERIFY(session.open(m_dir.filePath(u"refused.sqlite"_s)));
    MainWindow window(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    session.connectToServer(m_server.url(), u"fbt_unknown-to-this-server"_s);
    const auto *connection = window.findChild<QLabel *>(u"connectionLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(connection->text().startsWith(u"The server refused the token"_s),
                             s_timeoutMs);
    QVERIFY(connection->text().contains(u"Connect to Server"_s));
    QCOMPARE(session.connectionError(), u"unauthorized"_s);
}

void TestMainWindow::savesScreenshot()
{
    // A realistic war-room: several incidents of several severities.
    const struct
    {
        const char *name, *service, *severity, *summary, *instance;
    } alerts[] = {
        {"PaymentGatewayTimeouts", "payments", "critical", "Card authorisations time out",
         "pay-gw-01"},
        {"QueueBacklogGrowing", "fulfilment", "warning", "Backlog above 10k messages",
         "mq-02"},
        {"CertificateExpiresSoon", "edge", "info", "TLS certificate expires in 12 days",
         "lb-01"},
        {"SearchLatencyHigh", "search", "error", "p99 latency above 800 ms", "search-04"},
    };
    for (const auto &alert : alerts) {
        QVERIFY(postAlert(m_server, m_key,
                          firingAlert(QString::fromLatin1(alert.name),
                                      QString::fromLatin1(alert.service),
                                      QString::fromLatin1(alert.severity),
                                      QString::fromLatin1(alert.summary),
                                      QString::fromLatin1(alert.instance))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"INC-6"_s) >= 0, s_timeoutMs);

    // The refusal shown earlier can be dismissed.
    auto *banner = m_window->findChild<QWidget *>(u"messageBanner"_s);
    QVERIFY(banner->isVisible());
    QTest::mouseClick(m_window->findChild<QToolButton *>(u"dismissMessageButton"_s),
                      Qt::LeftButton);
    QVERIFY(!banner->isVisible());

    // The payments incident is being worked: acknowledged, roles held, a status and a note.
    const IncidentRecord *payments = m_session->projection().incident(u"INC-3"_s);
    QVERIFY(payments);
    const QString paymentsId = payments->id;
    QVERIFY(m_window->selectIncident(u"INC-3"_s));
    m_session->acknowledge(paymentsId);
    const struct
    {
        const char *role, *user;
    } roles[] = {{"commander", "maria.keller"}, {"communications", "tom.okafor"},
                 {"responder", "li.wei"}};
    for (const auto &role : roles) {
        QVERIFY(!m_session
                     ->queueCommand({{u"type"_s, u"incident.assign_role"_s},
                                     {u"incident"_s, paymentsId},
                                     {u"role"_s, QString::fromLatin1(role.role)},
                                     {u"user"_s, QString::fromLatin1(role.user)}},
                                    u"Assign a role"_s, paymentsId)
                     .isEmpty());
    }
    m_session->setStatus(paymentsId, u"investigating"_s);
    m_session->addNote(paymentsId,
                       u"Acquirer reports degraded authorisations in eu-west; "
                       "failing over to the secondary acquirer."_s);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"secondary acquirer"_s),
                             s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->outbox()->pendingCount() == 0, s_timeoutMs);
    m_window->findChild<QDockWidget *>(u"alertsDock"_s)->raise();

    m_window->resize(1280, 800);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->size(), QSize(1280, 800), s_timeoutMs);
    // Lay out what the dismissal and the resize changed before taking the picture.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);

    const QImage shot = m_window->grab().toImage();
    QVERIFY(!shot.isNull());
    const QString buildCopy = QDir(QStringLiteral(FIREBREAK_GUI_TEST_OUTPUT))
                                  .filePath(u"main-window.png"_s);
    QVERIFY(shot.save(buildCopy));
    qInfo().noquote() << "screenshot saved to" << buildCopy;
    saveDarkScreenshot();
    if (qEnvironmentVariable("FIREBREAK_UPDATE_SCREENSHOT") == u"1") {
        const QString docs = QStringLiteral(FIREBREAK_SOURCE_DIR) + u"/docs/images"_s;
        QVERIFY(QDir().mkpath(docs));
        QVERIFY(shot.save(docs + u"/main-window.png"_s));
        qInfo().noquote() << "screenshot updated in" << docs;
    }
}

void TestMainWindow::longWordsDoNotWidenTheWindow()
{
    // A monitor may send a title of one 1,000-character word, and a note-writer a summary.
    const QSize before = m_window->size();
    QVERIFY(postAlert(m_server, m_key,
                      firingAlert(u"DiskFull"_s, u"storage"_s, u"error"_s, QString(1000, u'T'),
                                  u"st-01"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"INC-7"_s) >= 0, s_timeoutMs);
    QVERIFY(m_window->selectIncident(u"INC-7"_s));
    m_session->queueCommand({{u"type"_s, u"incident.add_note"_s},
                             {u"incident"_s, m_window->currentIncident()},
                             {u"text"_s, QString(3000, u'b')},
                             {u"summary"_s, true}},
                            u"Add a summary"_s, m_window->currentIncident());
    QTRY_VERIFY_WITH_TIMEOUT(m_session->outbox()->pendingCount() == 0, s_timeoutMs);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    QCOMPARE(m_window->size(), before);
    QVERIFY(m_window->minimumSizeHint().width() <= before.width());
}

void TestMainWindow::resynchronisesWhenStoreChanges()
{
    QSignalSpy reset(m_session.get(), &DesktopSession::projectionReset);
    const quint16 port = m_server.port();
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").contains(u"unreachable"_s), s_timeoutMs);

    // A fresh data folder is a new store with its own id, on the same address.
    ServerProcess fresh;
    QVERIFY2(fresh.start({}, port), qPrintable(fresh.standardError()));
    const QString key = fresh.createIntegration(u"alertmanager"_s, u"prometheus"_s);
    QVERIFY(postAlert(fresh, key,
                      firingAlert(u"NodeDown"_s, u"infra"_s, u"critical"_s,
                                  u"Node stopped answering"_s, u"node-07"_s)));

    QTRY_VERIFY_WITH_TIMEOUT(reset.size() >= 1, s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(cell(u"INC-1"_s, 1), u"NodeDown: Node stopped answering"_s,
                              s_timeoutMs);
    QCOMPARE(table()->rowCount(), 1);
    QCOMPARE(rowOf(u"INC-2"_s), -1);
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Live"_s), s_timeoutMs);
    m_window.reset();
    m_session.reset();
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::remembersItsLayout()
{
    QSettings().remove(u"mainWindow"_s);
    DesktopSession session;
    QVERIFY(session.open(m_dir.filePath(u"layout.sqlite"_s)));
    {
        // With nothing saved, the docks leave the incidents most of the height.
        MainWindow first(&session);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        auto *alerts = first.findChild<QDockWidget *>(u"alertsDock"_s);
        QTRY_VERIFY_WITH_TIMEOUT(alerts->height() <= first.height() / 3, s_timeoutMs);
        QVERIFY(alerts->isVisible());

        auto *audit = first.findChild<QDockWidget *>(u"auditLogDock"_s);
        QVERIFY(!audit->isVisible());
        audit->show();
        first.resize(1100, 700);
        QTRY_COMPARE_WITH_TIMEOUT(first.size(), QSize(1100, 700), s_timeoutMs);
        QVERIFY(first.close());
    }
    {
        MainWindow second(&session);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QTRY_COMPARE_WITH_TIMEOUT(second.size(), QSize(1100, 700), s_timeoutMs);
        QVERIFY(second.findChild<QDockWidget *>(u"auditLogDock"_s)->isVisible());
    }
    QSettings().remove(u"mainWindow"_s);
}

#include "tst_mainwindow.moc"
