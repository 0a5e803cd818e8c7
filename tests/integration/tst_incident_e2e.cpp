// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// An incident's whole life end to end: a real Prometheus Alertmanager fires an alert at a real
// firebreak-server, a script drives the incident through the REST API from acknowledged to
// closed, and a desktop window (offscreen, synced over the WebSocket) shows every step: the
// status in its header and in the incident table, the event on the timeline.
#include "desktopsession.h"
#include "incidentlistmodel.h"
#include "incidenttext.h"
#include "incidentview.h"
#include "mainwindow.h"
#include "alertmanagerprocess.h"
#include "serverprocess.h"
#include "timelinemodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 60000;

/// The event types a timeline model holds, in order.
QStringList timelineTypes(const QAbstractItemModel *model)
{
    QStringList types;
    for (int row = 0; row < model->rowCount(); ++row) {
        types.append(model->index(row, 0).data(TimelineModel::TypeRole).toString());
    }
    return types;
}

/// What the incident table shows in the status column for an incident number.
QString tableStatus(const QTableView *table, const QString &number)
{
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, IncidentListModel::NumberColumn).data().toString() == number) {
            return model->index(row, IncidentListModel::StatusColumn).data().toString();
        }
    }
    return {};
}

} // namespace

class TestIncidentEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void alertOpensIncidentOnTheDesktop();
    void lifecycleThroughTheApi_data();
    void lifecycleThroughTheApi();
    void closedIncidentRefusesMore();

private:
    QJsonObject restIncident() const;

    ServerProcess m_server;
    AlertmanagerProcess m_alertmanager;
    QTemporaryDir m_dir;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestIncidentEndToEnd::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const QString key = m_server.createIntegration(u"alertmanager"_s, u"prometheus-prod"_s);
    QVERIFY(!key.isEmpty());
    QVERIFY2(m_alertmanager.start(m_server.url(), key, m_dir.path(), s_timeoutMs),
             qPrintable(m_alertmanager.errorString()));

    // The desktop, as a person starts it: its own replica, synced live, one window.
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"desktop-replica.sqlite"_s)));
    m_session->connectToServer(m_server.url(), m_server.adminToken());
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), SyncClient::State::Live,
                              s_timeoutMs);
}

void TestIncidentEndToEnd::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
    m_alertmanager.stop();
    m_server.stop();
}

QJsonObject TestIncidentEndToEnd::restIncident() const
{
    return m_server.request("GET", u"/api/v1/incidents/INC-1"_s, {}, m_server.adminToken())
        .json();
}

void TestIncidentEndToEnd::alertOpensIncidentOnTheDesktop()
{
    const QJsonObject alert{
        {u"labels"_s, QJsonObject{{u"alertname"_s, u"SearchEmpty"_s},
                                  {u"service"_s, u"search"_s},
                                  {u"severity"_s, u"critical"_s}}},
        {u"annotations"_s, QJsonObject{{u"summary"_s, u"search returns no hotels"_s}}},
        {u"startsAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
    };
    const QByteArray body = QJsonDocument(QJsonArray{alert}).toJson(QJsonDocument::Compact);
    QCOMPARE(m_alertmanager.postAlerts(body), 200);

    // Alertmanager → server → WebSocket → the window's table, header and timeline.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(u"INC-1"_s), s_timeoutMs);
    const auto *table = m_window->findChild<QTableView *>(u"incidentTable"_s);
    QCOMPARE(tableStatus(table, u"INC-1"_s), IncidentText::status(IncidentStatus::Triggered));
    QCOMPARE(m_window->currentView()->findChild<QLabel *>(u"incidentStatusLabel"_s)->text(),
             IncidentText::status(IncidentStatus::Triggered));
    QCOMPARE(m_window->currentView()->findChild<QLabel *>(u"incidentTitleLabel"_s)->text(),
             u"SearchEmpty: search returns no hotels"_s);
    const auto *timeline = m_window->currentView()->timelineView();
    QTRY_VERIFY_WITH_TIMEOUT(timelineTypes(timeline->model()).contains(u"alert.received"_s),
                             s_timeoutMs);
    QCOMPARE(restIncident().value(u"status"_s).toString(), u"triggered"_s);
}

void TestIncidentEndToEnd::lifecycleThroughTheApi_data()
{
    QTest::addColumn<QJsonObject>("command");
    QTest::addColumn<IncidentStatus>("status");
    QTest::addColumn<QString>("eventType");

    auto command = [](const QString &type, const QString &status = {}) {
        QJsonObject object{{u"type"_s, type}, {u"incident"_s, u"INC-1"_s}};
        if (!status.isEmpty()) {
            object.insert(u"status"_s, status);
        }
        return object;
    };
    // In order: each row starts where the one before left the incident.
    QTest::newRow("acknowledge") << command(u"incident.acknowledge"_s)
                                 << IncidentStatus::Acknowledged << u"incident.acknowledged"_s;
    QTest::newRow("investigating") << command(u"incident.set_status"_s, u"investigating"_s)
                                   << IncidentStatus::Investigating
                                   << u"incident.status_changed"_s;
    QTest::newRow("identified") << command(u"incident.set_status"_s, u"identified"_s)
                                << IncidentStatus::Identified << u"incident.status_changed"_s;
    QTest::newRow("monitoring") << command(u"incident.set_status"_s, u"monitoring"_s)
                                << IncidentStatus::Monitoring << u"incident.milestone_set"_s;
    QTest::newRow("resolved") << command(u"incident.set_status"_s, u"resolved"_s)
                              << IncidentStatus::Resolved << u"incident.resolved"_s;
    QTest::newRow("closed") << command(u"incident.close"_s) << IncidentStatus::Closed
                            << u"incident.closed"_s;
}

void TestIncidentEndToEnd::lifecycleThroughTheApi()
{
    QFETCH(QJsonObject, command);
    QFETCH(IncidentStatus, status);
    QFETCH(QString, eventType);

    const auto *timeline = m_window->currentView()->timelineView();
    const int rowsBefore = timeline->model()->rowCount();
    const auto answer = m_server.request("POST", u"/api/v1/commands"_s,
                                         QJsonDocument(command).toJson(), m_server.adminToken());
    QCOMPARE(answer.status, 200);
    const QJsonArray events = answer.json().value(u"events"_s).toArray();
    QVERIFY(!events.isEmpty());
    const qint64 lastSeq = events.last().toObject().value(u"seq"_s).toInteger();

    // The server has it at once; the window shows it as soon as the sync delivers it.
    QCOMPARE(restIncident().value(u"status"_s).toString(), statusName(status));
    const QString shown = IncidentText::status(status);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_window->currentView()->findChild<QLabel *>(u"incidentStatusLabel"_s)->text(), shown,
        s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        tableStatus(m_window->findChild<QTableView *>(u"incidentTable"_s), u"INC-1"_s), shown,
        s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timelineTypes(timeline->model()).contains(eventType), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline->model()->rowCount() >= rowsBefore + events.size(),
                             s_timeoutMs);
    const QModelIndex last = timeline->model()->index(timeline->model()->rowCount() - 1, 0);
    QCOMPARE(last.data(TimelineModel::SequenceRole).toLongLong(), lastSeq);
    QCOMPARE(m_session->projection().incident(u"INC-1"_s)->status, status);
}

void TestIncidentEndToEnd::closedIncidentRefusesMore()
{
    const QJsonObject again{{u"type"_s, u"incident.set_status"_s},
                            {u"incident"_s, u"INC-1"_s},
                            {u"status"_s, u"investigating"_s}};
    const auto refused = m_server.request("POST", u"/api/v1/commands"_s,
                                          QJsonDocument(again).toJson(), m_server.adminToken());
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.json()[u"error"_s][u"message"_s].toString(),
             u"INC-1 is closed; reopen it first"_s);

    // Every milestone of the walk is recorded, and the desktop's figures count it.
    const QJsonObject milestones = restIncident().value(u"milestones"_s).toObject();
    for (const QString &name : {u"detected"_s, u"acknowledged"_s, u"mitigated"_s,
                                u"resolved"_s}) {
        QVERIFY2(!milestones.value(name).isNull(), qPrintable(name));
    }
    QCOMPARE(m_session->projection().incident(u"INC-1"_s)->status, IncidentStatus::Closed);
    QCOMPARE(tableStatus(m_window->findChild<QTableView *>(u"incidentTable"_s), u"INC-1"_s),
             IncidentText::status(IncidentStatus::Closed));
}

QTEST_MAIN(TestIncidentEndToEnd)
#include "tst_incident_e2e.moc"
