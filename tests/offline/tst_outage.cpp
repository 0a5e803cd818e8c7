// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Working through an outage (issue 4, item 6): the real server stops while a desktop keeps
// working and queues commands; the desktop quits, a second desktop process on the same local
// copy queues one more and crashes; the server comes back, and every queued command arrives
// exactly once, with the one the server refuses shown with its reason.
#include "desktopsession.h"
#include "incidentview.h"
#include "mainwindow.h"
#include "respondersdock.h"
#include "responderstate.h"
#include "serverprocess.h"
#include "sync/commandoutbox.h"
#include "timelinemodel.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::ServerProcess;

namespace {

constexpr int s_timeoutMs = 30000;
constexpr const char *s_childVariable = "FIREBREAK_OUTAGE_CHILD";
constexpr const char *s_liveChildVariable = "FIREBREAK_OUTAGE_LIVE_CHILD";

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The second desktop: queues a note on INC-1 on the same local copy, says so, and dies at
// once by SIGKILL, with no destructor run and nothing flushed on the way out.
int runCrashingDesktop(const QString &replicaPath)
{
    DesktopSession session;
    if (!session.open(replicaPath)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(replicaPath));
        return 1;
    }
    // U+FFFF (valid Unicode, rare) must come back from the local queue as typed.
    session.addNote(u"INC-1"_s, u"typed in the second desktop \uFFFF"_s);
    if (session.outbox()->pendingCount() != 6) {
        std::fprintf(stderr, "expected 6 queued commands, found %d\n",
                     session.outbox()->pendingCount());
        return 1;
    }
    std::printf("queued\n");
    std::fflush(stdout);
    ::kill(::getpid(), SIGKILL);
    return 1;
}

// A desktop that dies between the server's commit and its answer: it sends a note while
// live and is killed by SIGKILL as soon as the note's event arrives, which the server sends
// before the command's result. Arguments: the local copy, the server URL and the token.
int runDesktopLosingTheAnswer(const QStringList &arguments)
{
    DesktopSession session;
    if (arguments.size() != 3 || !session.open(arguments.at(0))) {
        std::fprintf(stderr, "cannot open the local copy\n");
        return 1;
    }
    QObject::connect(&session, &DesktopSession::eventsApplied, &session,
                     [&session](const EventList &events) {
                         for (const Event &event : events) {
                             if (event.type == u"incident.note_added"
                                 && session.outbox()->pendingCount() == 1) {
                                 std::printf("committed, answer not read\n");
                                 std::fflush(stdout);
                                 ::kill(::getpid(), SIGKILL);
                             }
                         }
                     });
    QObject::connect(&session, &DesktopSession::connectionStateChanged, &session,
                     [&session](SyncClient::State state) {
                         if (state == SyncClient::State::Live
                             && session.outbox()->entries().isEmpty()) {
                             session.addNote(u"INC-1"_s, u"sent just before the crash"_s);
                         }
                     });
    session.connectToServer(QUrl(arguments.at(1)), arguments.at(2));
    QTimer::singleShot(30000, qApp, [] { QCoreApplication::exit(1); });
    return QCoreApplication::exec();
}

} // namespace

class TestOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void queuesWhileServerIsDown();
    void queueSurvivesACrash();
    void replaysExactlyOnceOnReconnect();
    void showsWhatWasRefused();
    void repeatsChangeNothing();
    void answerLostInACrash();

private:
    QString declare(const QString &title, const QString &severity);
    QJsonArray timelineOf(const QString &incident) const;
    int countEvents(const QString &incident, const QString &type,
                    const QString &text = {}) const;
    QString label(const char *objectName) const;
    QList<int> queueStates() const;
    void openDesktop();

    QTemporaryDir m_dir;
    ServerProcess m_server;
    QString m_first;  // INC-1, open
    QString m_second; // INC-2, resolved before the outage
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QList<OutboxEntry> m_queued;
};

void TestOutage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    m_first = declare(u"Checkout fails"_s, u"P3"_s);
    m_second = declare(u"Search slow"_s, u"P4"_s);
    QVERIFY(!m_first.isEmpty() && !m_second.isEmpty());
    QCOMPARE(m_server.request("POST", u"/api/v1/commands"_s,
                              json({{u"type"_s, u"incident.resolve"_s},
                                    {u"incident"_s, m_second}}),
                              m_server.adminToken())
                 .status,
             200);

    openDesktop();
    m_session->connectToServer(m_server.url(), m_server.adminToken());
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").startsWith(u"Live"_s), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(u"INC-1"_s), s_timeoutMs);
    QVERIFY(m_session->projection().incident(u"INC-2"_s));
}

void TestOutage::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_server.stop();
}

void TestOutage::openDesktop()
{
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"replica.sqlite"_s)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
}

QString TestOutage::declare(const QString &title, const QString &severity)
{
    const auto reply = m_server.request("POST", u"/api/v1/commands"_s,
                                        json({{u"type"_s, u"incident.declare"_s},
                                              {u"title"_s, title},
                                              {u"severity"_s, severity}}),
                                        m_server.adminToken());
    const QJsonArray events = reply.json().value(u"events"_s).toArray();
    return events.isEmpty() ? QString()
                            : events.first().toObject().value(u"incident"_s).toString();
}

QJsonArray TestOutage::timelineOf(const QString &incident) const
{
    return m_server.request("GET", u"/api/v1/incidents/%1/timeline?limit=1000"_s.arg(incident),
                            {}, m_server.adminToken())
        .json()
        .value(u"events"_s)
        .toArray();
}

int TestOutage::countEvents(const QString &incident, const QString &type,
                            const QString &text) const
{
    const QJsonArray events = timelineOf(incident);
    return int(std::count_if(events.cbegin(), events.cend(), [&](const QJsonValue &value) {
        const QJsonObject event = value.toObject();
        return event.value(u"type"_s).toString() == type
            && (text.isEmpty()
                || event.value(u"data"_s).toObject().value(u"text"_s).toString() == text);
    }));
}

QString TestOutage::label(const char *objectName) const
{
    const auto *found = m_window->findChild<QLabel *>(QString::fromLatin1(objectName));
    return found ? found->text() : QString();
}

// The timeline's rows, as their queue states (TimelineModel::QueueState).
QList<int> TestOutage::queueStates() const
{
    const QAbstractItemModel *model = m_window->currentView()->timelineView()
                                          ->model();
    QList<int> states;
    for (int row = 0; row < model->rowCount(); ++row) {
        states.append(model->index(row, 0).data(TimelineModel::QueueStateRole).toInt());
    }
    return states;
}

void TestOutage::queuesWhileServerIsDown()
{
    const int eventsShown = int(queueStates().size());
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(label("connectionLabel").contains(u"unreachable"_s), s_timeoutMs);

    // Every view it had stays: the incident, its header, its timeline.
    QCOMPARE(label("incidentNumberLabel"), u"INC-1"_s);
    QCOMPARE(queueStates().size(), eventsShown);

    // What people do offline is queued, durably, and shown as waiting.
    QSignalSpy queued(m_session.get(), &DesktopSession::commandQueued);
    auto *acknowledge = m_window->findChild<QAction *>(u"acknowledgeAction"_s);
    QVERIFY(acknowledge->isEnabled());
    acknowledge->trigger();
    m_session->addNote(u"INC-1"_s, u"rolled back the deploy"_s);
    m_session->changeSeverity(u"INC-1"_s, u"P1"_s);
    m_session->acknowledge(u"INC-2"_s); // resolved already: the server will refuse
    // The responders' views queue the same way.
    m_window->findChild<RespondersDock *>()->state()->sendCommand(
        {{u"type"_s, u"task.create"_s}, {u"incident"_s, m_first}, {u"title"_s, u"Roll back"_s}},
        u"Add task"_s);
    QCOMPARE(queued.size(), 5);
    QCOMPARE(m_session->outbox()->pendingCount(), 5);

    QVERIFY2(label("queuedCommandsLabel").contains(u"5 commands waiting"_s),
             qPrintable(label("queuedCommandsLabel")));
    const QList<int> states = queueStates();
    QCOMPARE(states.size(), eventsShown + 4);
    QCOMPARE(states.mid(eventsShown), QList<int>(4, TimelineModel::Waiting));
    // The incident itself is what the server last said, until the server says otherwise.
    QCOMPARE(label("incidentStatusLabel"), u"Triggered"_s);
}

void TestOutage::queueSurvivesACrash()
{
    const QString replica = m_session->replicaPath();
    m_window.reset();
    m_session.reset();

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(s_childVariable), replica);
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(s_timeoutMs));
    QVERIFY2(child.readAllStandardOutput().contains("queued"),
             child.readAllStandardError().constData());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    // A new desktop on the same local copy has all six, in order, still waiting.
    openDesktop();
    m_queued = m_session->outbox()->entries();
    QCOMPARE(m_queued.size(), 6);
    QCOMPARE(m_session->outbox()->pendingCount(), 6);
    QCOMPARE(m_queued.at(0).command.value(u"type"_s).toString(), u"incident.acknowledge"_s);
    QCOMPARE(m_queued.at(5).command.value(u"text"_s).toString(),
             u"typed in the second desktop \uFFFF"_s);
    QVERIFY(m_window->selectIncident(u"INC-1"_s));
    QCOMPARE(queueStates().mid(queueStates().size() - 5), QList<int>(5, TimelineModel::Waiting));
    QVERIFY(label("queuedCommandsLabel").contains(u"6 commands waiting"_s));
}

void TestOutage::replaysExactlyOnceOnReconnect()
{
    const quint16 port = m_server.port();
    QVERIFY2(m_server.start({}, port), qPrintable(m_server.standardError()));
    QSignalSpy refused(m_session.get(), &DesktopSession::commandRefused);
    m_session->connectToServer(m_server.url(), m_server.adminToken());

    QTRY_COMPARE_WITH_TIMEOUT(m_session->outbox()->pendingCount(), 0, s_timeoutMs);
    QCOMPARE(m_session->outbox()->refusedCount(), 1);
    QCOMPARE(refused.size(), 1);

    QCOMPARE(countEvents(m_first, u"incident.acknowledged"_s), 1);
    QCOMPARE(countEvents(m_first, u"incident.note_added"_s, u"rolled back the deploy"_s), 1);
    QCOMPARE(countEvents(m_first, u"incident.note_added"_s,
                         u"typed in the second desktop \uFFFF"_s),
             1);
    QCOMPARE(countEvents(m_first, u"incident.severity_changed"_s), 1);
    QCOMPARE(countEvents(m_first, u"task.created"_s), 1);
    QCOMPARE(countEvents(m_second, u"incident.acknowledged"_s), 0);

    // The desktop shows the outcome: the queued rows became events.
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentStatusLabel"), u"Acknowledged"_s, s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentSeverityLabel"), u"P1"_s, s_timeoutMs);
    QVERIFY(!queueStates().contains(TimelineModel::Waiting));
}

void TestOutage::showsWhatWasRefused()
{
    const QString message = label("messageLabel");
    const QString prefix = u"Could not acknowledge INC-2: "_s;
    QVERIFY2(message.startsWith(prefix), qPrintable(message));
    QVERIFY2(message.mid(prefix.size()).contains(u"resolved"_s), qPrintable(message));
    QVERIFY(label("queuedCommandsLabel").contains(u"1 refused"_s));

    // It stays on the incident's timeline with the reason until dismissed.
    QVERIFY(m_window->selectIncident(u"INC-2"_s));
    const QAbstractItemModel *model = m_window->currentView()->timelineView()
                                          ->model();
    const QModelIndex last = model->index(model->rowCount() - 1, 0);
    QCOMPARE(last.data(TimelineModel::QueueStateRole).toInt(), int(TimelineModel::Refused));
    QVERIFY(last.data(TimelineModel::DetailRole).toString().contains(u"resolved"_s));

    auto *dismiss = m_window->findChild<QAction *>(u"dismissRefusedAction"_s);
    QVERIFY(dismiss->isEnabled());
    dismiss->trigger();
    QCOMPARE(m_session->outbox()->entries().size(), 0);
    QVERIFY(!m_window->findChild<QLabel *>(u"queuedCommandsLabel"_s)->isVisible());
    QVERIFY(!queueStates().contains(TimelineModel::Refused));
}

// Whatever the desktop sends again (a lost answer, a second replay) is answered, not redone.
void TestOutage::repeatsChangeNothing()
{
    const int before = int(timelineOf(m_first).size());
    for (const OutboxEntry &entry : std::as_const(m_queued)) {
        QJsonObject command = entry.command;
        command.insert(u"commandId"_s, entry.id);
        const auto reply = m_server.request("POST", u"/api/v1/commands"_s, json(command),
                                            m_server.adminToken());
        if (entry.incident == m_second) {
            QCOMPARE(reply.status, 409);
        } else {
            QCOMPARE(reply.status, 200);
            QVERIFY(reply.json().value(u"duplicate"_s).toBool());
        }
    }
    QCOMPARE(timelineOf(m_first).size(), before);
}

// The worst moment to crash: the server committed, the desktop never read the answer. The
// command is still queued after the restart, goes out again, and is applied once.
void TestOutage::answerLostInACrash()
{
    const QString replica = m_session->replicaPath();
    m_window.reset();
    m_session.reset();
    const int before = countEvents(m_first, u"incident.note_added"_s,
                                   u"sent just before the crash"_s);
    QCOMPARE(before, 0);

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(s_liveChildVariable),
                       QStringList{replica, m_server.url().toString(), m_server.adminToken()}
                           .join(u'\n'));
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(s_timeoutMs));
    QVERIFY2(child.readAllStandardOutput().contains("committed"),
             child.readAllStandardError().constData());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QCOMPARE(countEvents(m_first, u"incident.note_added"_s, u"sent just before the crash"_s), 1);

    openDesktop();
    QCOMPARE(m_session->outbox()->pendingCount(), 1);
    QSignalSpy succeeded(m_session.get(), &DesktopSession::commandSucceeded);
    m_session->connectToServer(m_server.url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->outbox()->entries().size(), 0, s_timeoutMs);
    QCOMPARE(succeeded.size(), 1);
    QCOMPARE(countEvents(m_first, u"incident.note_added"_s, u"sent just before the crash"_s), 1);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsSet(s_childVariable)) {
        return runCrashingDesktop(qEnvironmentVariable(s_childVariable));
    }
    if (qEnvironmentVariableIsSet(s_liveChildVariable)) {
        return runDesktopLosingTheAnswer(qEnvironmentVariable(s_liveChildVariable).split(u'\n'));
    }
    // As the application does: English plural forms come from the catalogue.
    QTranslator english;
    if (!english.load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR))) {
        std::fprintf(stderr, "cannot load the English catalogue\n");
        return 1;
    }
    QCoreApplication::installTranslator(&english);
    TestOutage test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_outage.moc"
