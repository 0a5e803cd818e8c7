// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// A desktop that was away catches up thousands of events across many incidents from a real
// firebreak-server: once it says Live, its window (offscreen) shows exactly what the server
// holds, in the incident list, its count, the alerts, the audit log and the post-mortem
// dashboard, even though the views heard of the catch-up in a few large announcements and the
// hidden docks rebuilt only when shown.
#include "desktopsession.h"
#include "incidentlistmodel.h"
#include "incidenttext.h"
#include "mainwindow.h"
#include "postmortemdashboard.h"
#include "serverprocess.h"
#include "store/eventstore.h"

#include <QDir>
#include <QJsonObject>
#include <QLabel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QUuid>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 120000;
constexpr int s_incidents = 1200;

IncidentStatus expectedStatus(int i)
{
    if (i % 4 == 0) {
        return IncidentStatus::Resolved;
    }
    return i % 2 == 0 ? IncidentStatus::Acknowledged : IncidentStatus::Triggered;
}

} // namespace

class TestDesktopCatchUp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void windowShowsEverythingOnceLive();
    void liveEventsStillShowAtOnce();

private:
    bool writeStore(QString *error);

    ServerProcess m_server;
    QTemporaryDir m_dir;
    qint64 m_commandEvents = 0;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

// Incidents opened by an integration, each with its alert; every second one acknowledged,
// every third with a note, every fourth resolved: written into the server's store while it is
// stopped, as the server writes them.
bool TestDesktopCatchUp::writeStore(QString *error)
{
    EventStore store;
    if (!store.open(QDir(m_server.dataDir()).filePath(u"firebreak.sqlite"_s)) || !store.begin()) {
        *error = store.errorString();
        return false;
    }
    const QStringList services{u"checkout"_s, u"search"_s, u"booking"_s};
    bool ok = true;
    auto append = [&](Event event) {
        ok = ok && store.append(event);
        m_commandEvents += event.actor.startsWith(u"user:"_s) ? 1 : 0;
    };
    for (int i = 0; i < s_incidents && ok; ++i) {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString severity = u"P%1"_s.arg(1 + i % 4);
        const QString title = u"Catch-up incident %1"_s.arg(i + 1);
        append(makeEvent(u"incident.opened"_s, u"integration:prometheus"_s, id,
                         {{u"number"_s, i + 1},
                          {u"title"_s, title},
                          {u"severity"_s, severity},
                          {u"service"_s, services.at(i % 3)}}));
        append(makeEvent(
            u"alert.received"_s, u"integration:prometheus"_s, id,
            {{u"alert"_s, QJsonObject{{u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                      {u"integration"_s, u"prometheus"_s},
                                      {u"status"_s, u"firing"_s},
                                      {u"severity"_s, severity},
                                      {u"title"_s, title},
                                      {u"service"_s, services.at(i % 3)}}}}));
        if (i % 2 == 0) {
            append(makeEvent(u"incident.acknowledged"_s, u"user:alice"_s, id,
                             {{u"from"_s, u"triggered"_s}, {u"to"_s, u"acknowledged"_s}}));
        }
        if (i % 3 == 0) {
            append(makeEvent(u"incident.note_added"_s, u"user:bob"_s, id,
                             {{u"text"_s, u"Looked at %1."_s.arg(i)}, {u"summary"_s, false}}));
        }
        if (i % 4 == 0) {
            append(makeEvent(u"incident.resolved"_s, u"user:carol"_s, id, {}));
        }
    }
    if (!ok || !store.commit()) {
        *error = store.errorString();
        return false;
    }
    return true;
}

void TestDesktopCatchUp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The server makes its store and first administrator, then is away while it fills up.
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    m_server.stop();
    QString error;
    QVERIFY2(writeStore(&error), qPrintable(error));
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));

    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"desktop-replica.sqlite"_s)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestDesktopCatchUp::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_server.stop();
}

void TestDesktopCatchUp::windowShowsEverythingOnceLive()
{
    int announcements = 0;
    qint64 announced = 0;
    qint64 lastSeq = 0;
    bool inOrder = true;
    QObject listening; // the connection ends with this function
    connect(m_session.get(), &DesktopSession::eventsApplied, &listening,
            [&](const EventList &events) {
                ++announcements;
                announced += events.size();
                for (const Event &event : events) {
                    inOrder = inOrder && event.seq > lastSeq;
                    lastSeq = event.seq;
                }
            });
    m_session->connectToServer(m_server.url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), SyncClient::State::Live,
                              s_timeoutMs);

    // Every event was announced once, in order, by the time the window says Live.
    QVERIFY(inOrder);
    QVERIFY2(announced > s_incidents * 3, qPrintable(QString::number(announced)));
    QVERIFY(announcements >= 1);

    // The incident list: every incident once, with the status the server has.
    const auto *table = m_window->findChild<QTableView *>(u"incidentTable"_s);
    QVERIFY(table);
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), s_incidents);
    QSet<QString> numbers;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString number
            = model->index(row, IncidentListModel::NumberColumn).data().toString();
        const int n = number.mid(4).toInt();
        QVERIFY2(n >= 1 && n <= s_incidents, qPrintable(number));
        numbers.insert(number);
        QCOMPARE(model->index(row, IncidentListModel::StatusColumn).data().toString(),
                 IncidentText::status(expectedStatus(n - 1)));
    }
    QCOMPARE(numbers.size(), s_incidents);
    // Sorted by number, newest first, as the window opens.
    QCOMPARE(model->index(0, IncidentListModel::NumberColumn).data().toString(),
             u"INC-%1"_s.arg(s_incidents));
    QVERIFY(m_window->findChild<QLabel *>(u"incidentCountLabel"_s)
                ->text()
                .contains(QString::number(s_incidents)));

    // The alerts dock (in front) holds every alert.
    const auto *alerts = m_window->findChild<QTableView *>(u"alertsTable"_s);
    QVERIFY(alerts);
    QCOMPARE(alerts->model()->rowCount(), s_incidents);

    // The audit log (hidden) has every command event of the server's store.
    const auto *audit = m_window->findChild<QTableView *>(u"auditTable"_s);
    QVERIFY(audit);
    EventStore store;
    QVERIFY(store.openReadOnly(QDir(m_server.dataDir()).filePath(u"firebreak.sqlite"_s)));
    qint64 commands = 0;
    for (qint64 after = 0;;) {
        const EventList page = store.readAfter(after, 1000);
        if (page.isEmpty()) {
            break;
        }
        for (const Event &event : page) {
            commands += event.actor.startsWith(u"user:"_s) ? 1 : 0;
        }
        after = page.last().seq;
    }
    QVERIFY(commands >= m_commandEvents);
    QCOMPARE(audit->model()->rowCount(), int(commands));

    // The post-mortem dashboard, tabbed behind the alerts, shows every resolved P1 once it is
    // brought forward (one in four incidents is resolved, all of them P1).
    auto *dashboard = m_window->findChild<PostMortemDashboard *>(u"postMortemDashboard"_s);
    QVERIFY(dashboard);
    dashboard->show();
    dashboard->raise();
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->table()->rowCount(), s_incidents / 4, s_timeoutMs);
}

void TestDesktopCatchUp::liveEventsStillShowAtOnce()
{
    // Once Live, a new incident reaches the list without waiting for an announcement.
    const auto reply = m_server.request(
        "POST", u"/api/v1/commands"_s,
        R"({"type":"incident.declare","title":"Declared after the catch-up","severity":"P2"})",
        m_server.adminToken());
    QVERIFY2(reply.status / 100 == 2, reply.body.constData());
    const auto *table = m_window->findChild<QTableView *>(u"incidentTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), s_incidents + 1, s_timeoutMs);
    QCOMPARE(table->model()->index(0, IncidentListModel::TitleColumn).data().toString(),
             u"Declared after the catch-up"_s);
    auto *dashboard = m_window->findChild<PostMortemDashboard *>(u"postMortemDashboard"_s);
    QCOMPARE(dashboard->table()->rowCount(), s_incidents / 4);
}

QTEST_MAIN(TestDesktopCatchUp)
#include "tst_desktop_catchup.moc"
