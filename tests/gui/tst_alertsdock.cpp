// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's alert handling, offscreen: the live alert list and its filters, the routes
// editor and its dry run against the last alerts received, and silences.
#include "alertlistmodel.h"
#include "alertsdock.h"
#include "alertsview.h"
#include "desktopsession.h"
#include "mainwindow.h"
#include "routeseditor.h"
#include "sampleevents.h"
#include "silencesview.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::SampleEvents;

namespace {

QJsonObject matcher(const QString &label, const QString &value)
{
    return {{u"label"_s, label}, {u"op"_s, u"="_s}, {u"value"_s, value}};
}

Event alert(SampleEvents &events, const QString &incident, const QString &id,
            const QString &title, const QString &source, const QJsonObject &extra)
{
    QJsonObject record{{u"id"_s, id},
                       {u"integration"_s, QString(u"int-"_s + source)},
                       {u"source"_s, source},
                       {u"dedupKey"_s, id},
                       {u"status"_s, u"firing"_s},
                       {u"severity"_s, u"P2"_s},
                       {u"title"_s, title},
                       {u"labels"_s, QJsonObject{{u"service"_s, u"checkout"_s}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        record.insert(it.key(), it.value());
    }
    return events.next(u"alert.received"_s, incident, {{u"alert"_s, record}});
}

} // namespace

class TestAlertsDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void listsEveryAlertWithSuppressedOnes();
    void filters_data();
    void filters();
    void followsNewAlertsLive();
    void filterFollowsNewChangedAndReloadedAlerts();
    void routesEditorShowsRoutes();
    void dryRunAgainstLastAlerts();
    void formRefusesBadMatchers();
    void changesNeedTheServer();
    void silencesListed();
    void mainWindowHasTheDock();

private:
    void openSession();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopSession> m_session;
    SampleEvents m_events;
    QString m_routeId;
};

void TestAlertsDock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestAlertsDock::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_events = SampleEvents();
    m_routeId = u"00000000-0000-0000-0000-00000000r001"_s;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject route{{u"id"_s, m_routeId},
                            {u"name"_s, u"Checkout to payments"_s},
                            {u"matchers"_s, QJsonArray{matcher(u"service"_s, u"checkout"_s)}},
                            {u"set"_s, QJsonObject{{u"team"_s, u"payments"_s}}}};
    const QJsonObject silence{{u"id"_s, u"s-1"_s},
                              {u"kind"_s, u"maintenance"_s},
                              {u"matchers"_s, QJsonArray{matcher(u"env"_s, u"staging"_s)}},
                              {u"startsAt"_s, isoFromMs(now - 60000)},
                              {u"endsAt"_s, isoFromMs(now + 3600000)},
                              {u"comment"_s, u"upgrade"_s}};
    const EventList events{
        m_events.next(u"route.created"_s, QString(), {{u"route"_s, route}}, u"user:alice"_s),
        m_events.next(u"silence.created"_s, QString(), {{u"silence"_s, silence}},
                      u"user:alice"_s),
        m_events.opened(u"i-1"_s, 1, u"Checkout errors"_s),
        alert(m_events, u"i-1"_s, u"a-1"_s, u"Checkout 5xx"_s, u"datadog"_s,
              {{u"route"_s, m_routeId}, {u"team"_s, u"payments"_s}}),
        alert(m_events, QString(), u"a-2"_s, u"Staging disk"_s, u"grafana"_s,
              {{u"suppressed"_s, u"maintenance"_s}, {u"silence"_s, u"s-1"_s},
               {u"labels"_s,
                QJsonObject{{u"env"_s, u"staging"_s}, {u"service"_s, u"checkout"_s}}}}),
        alert(m_events, u"i-1"_s, u"a-3"_s, u"Checkout latency"_s, u"grafana"_s,
              {{u"status"_s, u"resolved"_s}}),
    };
    QVERIFY(Testing::storeEvents(m_dir->filePath(u"replica.sqlite"_s), events));
    openSession();
}

void TestAlertsDock::openSession()
{
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir->filePath(u"replica.sqlite"_s)));
}

void TestAlertsDock::listsEveryAlertWithSuppressedOnes()
{
    AlertsView view(m_session.get());
    AlertListModel *model = view.model();
    QCOMPARE(model->rowCount(), 3);
    const int row = model->rowOf(u"a-2"_s);
    QCOMPARE(model->index(row, AlertListModel::SuppressedColumn).data().toString(),
             u"maintenance window"_s);
    QVERIFY(model->index(row, AlertListModel::TitleColumn).data(Qt::FontRole).value<QFont>()
                .italic());
    const int routed = model->rowOf(u"a-1"_s);
    QCOMPARE(model->index(routed, AlertListModel::RouteColumn).data().toString(),
             u"Checkout to payments"_s);
    QCOMPARE(model->index(routed, AlertListModel::IncidentColumn).data().toString(),
             u"INC-1"_s);
    QCOMPARE(view.findChild<QLabel *>(u"alertsCount"_s)->text(), u"3 alert(s)"_s);
}

void TestAlertsDock::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("suppression");
    QTest::addColumn<int>("rows");

    QTest::newRow("nothing") << QString() << QString() << QString() << 0 << 3;
    QTest::newRow("text in title") << u"latency"_s << QString() << QString() << 0 << 1;
    QTest::newRow("text in a label") << u"env=staging"_s << QString() << QString() << 0 << 1;
    QTest::newRow("firing") << QString() << u"firing"_s << QString() << 0 << 2;
    QTest::newRow("grafana") << QString() << QString() << u"grafana"_s << 0 << 2;
    QTest::newRow("not suppressed") << QString() << QString() << QString() << 1 << 2;
    QTest::newRow("suppressed only") << QString() << QString() << QString() << 2 << 1;
}

void TestAlertsDock::filters()
{
    QFETCH(QString, text);
    QFETCH(QString, status);
    QFETCH(QString, source);
    QFETCH(int, suppression);
    QFETCH(int, rows);

    AlertsView view(m_session.get());
    view.findChild<QLineEdit *>(u"alertsFilter"_s)->setText(text);
    auto *statusBox = view.findChild<QComboBox *>(u"alertsStatus"_s);
    statusBox->setCurrentIndex(statusBox->findData(status));
    auto *sourceBox = view.findChild<QComboBox *>(u"alertsSource"_s);
    sourceBox->setCurrentIndex(sourceBox->findData(source));
    view.findChild<QComboBox *>(u"alertsSuppression"_s)->setCurrentIndex(suppression);
    QCOMPARE(view.findChild<QTableView *>(u"alertsTable"_s)->model()->rowCount(), rows);
}

void TestAlertsDock::followsNewAlertsLive()
{
    AlertsView view(m_session.get());
    const auto *table = view.findChild<QTableView *>(u"alertsTable"_s);
    m_session->applyEvents({alert(m_events, u"i-1"_s, u"a-4"_s, u"Checkout timeouts"_s,
                                  u"pagerduty"_s, {})});
    QCOMPARE(view.model()->rowCount(), 4);
    // Newest first.
    QCOMPARE(table->model()->index(0, AlertListModel::TitleColumn).data().toString(),
             u"Checkout timeouts"_s);
    m_session->applyEvents({m_events.next(u"alert.resolved"_s, u"i-1"_s,
                                          {{u"alert"_s, u"a-4"_s}})});
    QCOMPARE(table->model()->index(0, AlertListModel::StatusColumn).data().toString(),
             u"Resolved"_s);
}

// Each row's search text is kept once the filter has read it: a row added later, a row an
// alert event changes, and every row after the session reloads its replica are read afresh.
void TestAlertsDock::filterFollowsNewChangedAndReloadedAlerts()
{
    AlertsView view(m_session.get());
    auto *filter = view.findChild<QLineEdit *>(u"alertsFilter"_s);
    filter->setText(u"zone=b"_s);
    const QAbstractItemModel *shown = view.findChild<QTableView *>(u"alertsTable"_s)->model();
    QCOMPARE(shown->rowCount(), 0);
    m_session->applyEvents({alert(m_events, u"i-1"_s, u"a-4"_s, u"Checkout timeouts"_s,
                                  u"pagerduty"_s,
                                  {{u"labels"_s, QJsonObject{{u"zone"_s, u"b"_s}}}})});
    QCOMPARE(shown->rowCount(), 1);

    filter->setText(u"calmer"_s);
    QCOMPARE(shown->rowCount(), 0);
    m_session->applyEvents({m_events.next(u"alert.updated"_s, u"i-1"_s,
                                          {{u"alert"_s, u"a-1"_s},
                                           {u"title"_s, u"Checkout 5xx, calmer now"_s},
                                           {u"annotations"_s, QJsonObject()}})});
    QCOMPARE(shown->rowCount(), 1);
    filter->setText(u"zone=b"_s);

    // Another replica: the same alerts, a-1 now labelled zone=b too, a-4 gone.
    SampleEvents other;
    const EventList events{
        other.opened(u"i-1"_s, 1, u"Checkout errors"_s),
        alert(other, u"i-1"_s, u"a-1"_s, u"Checkout 5xx"_s, u"datadog"_s,
              {{u"labels"_s, QJsonObject{{u"zone"_s, u"b"_s}}}}),
        alert(other, QString(), u"a-2"_s, u"Staging disk"_s, u"grafana"_s, {}),
        alert(other, u"i-1"_s, u"a-3"_s, u"Checkout latency"_s, u"grafana"_s, {}),
    };
    const QString path = m_dir->filePath(u"other.sqlite"_s);
    QVERIFY(Testing::storeEvents(path, events));
    QVERIFY(m_session->open(path));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, AlertListModel::TitleColumn).data().toString(), u"Checkout 5xx"_s);
}

void TestAlertsDock::routesEditorShowsRoutes()
{
    RoutesEditor editor(m_session.get());
    auto *list = editor.findChild<QListWidget *>(u"routesList"_s);
    QCOMPARE(list->count(), 1);
    list->setCurrentRow(0);
    QCOMPARE(editor.findChild<QLineEdit *>(u"routeName"_s)->text(), u"Checkout to payments"_s);
    QCOMPARE(editor.findChild<QPlainTextEdit *>(u"routeMatchers"_s)->toPlainText(),
             u"service=checkout"_s);
    QCOMPARE(editor.findChild<QLineEdit *>(u"routeTeam"_s)->text(), u"payments"_s);
    QVERIFY(editor.findChild<QPushButton *>(u"routesDelete"_s)->isEnabled());
    QString error;
    const QJsonObject route = editor.formRoute(&error);
    QCOMPARE(route.value(u"set"_s).toObject().value(u"team"_s).toString(), u"payments"_s);
}

void TestAlertsDock::dryRunAgainstLastAlerts()
{
    RoutesEditor editor(m_session.get());
    editor.findChild<QListWidget *>(u"routesList"_s)->setCurrentRow(0);
    editor.findChild<QLineEdit *>(u"routeTeam"_s)->setText(u"checkout-oncall"_s);
    editor.findChild<QPushButton *>(u"routesDryRun"_s)->click();
    const auto *table = editor.findChild<QTableWidget *>(u"dryRunTable"_s);
    QCOMPARE(table->rowCount(), 3);
    // Every alert with service=checkout now goes to the new team.
    int changed = 0;
    for (int row = 0; row < table->rowCount(); ++row) {
        changed += table->item(row, 3)->text().contains(u"checkout-oncall"_s);
    }
    QCOMPARE(changed, 3);
    QVERIFY(editor.findChild<QLabel *>(u"dryRunSummary"_s)->text().contains(u"3"_s));
    QCOMPARE(m_session->projection().alertState().route(m_routeId)->team, u"payments"_s);
}

void TestAlertsDock::formRefusesBadMatchers()
{
    RoutesEditor editor(m_session.get());
    editor.findChild<QLineEdit *>(u"routeName"_s)->setText(u"broken"_s);
    editor.findChild<QPlainTextEdit *>(u"routeMatchers"_s)->setPlainText(u"host=~(unclosed"_s);
    QString error;
    QVERIFY(editor.formRoute(&error).isEmpty());
    QVERIFY(error.contains(u"regular expression"_s));
    editor.findChild<QPushButton *>(u"routesDryRun"_s)->click();
    QVERIFY(!editor.findChild<QLabel *>(u"routesMessage"_s)->text().isEmpty());
}

void TestAlertsDock::changesNeedTheServer()
{
    RoutesEditor editor(m_session.get());
    editor.findChild<QLineEdit *>(u"routeName"_s)->setText(u"new"_s);
    editor.findChild<QPushButton *>(u"routesSave"_s)->click();
    QVERIFY(editor.findChild<QLabel *>(u"routesMessage"_s)->text().contains(u"offline"_s));

    SilencesView silences(m_session.get());
    silences.findChild<QPlainTextEdit *>(u"silenceMatchers"_s)->setPlainText(u"env=prod"_s);
    QString error;
    QVERIFY2(!silences.formSilence(&error).isEmpty(), qPrintable(error));
    silences.findChild<QPushButton *>(u"silenceCreate"_s)->click();
    QVERIFY(silences.findChild<QLabel *>(u"silencesMessage"_s)->text().contains(u"offline"_s));
}

void TestAlertsDock::silencesListed()
{
    SilencesView view(m_session.get());
    const auto *table = view.findChild<QTableWidget *>(u"silencesTable"_s);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), u"Maintenance"_s);
    QCOMPARE(table->item(0, 1)->text(), u"env=staging"_s);
    QCOMPARE(table->item(0, 4)->text(), u"Active"_s);
    QCOMPARE(table->item(0, 6)->text(), u"alice"_s);
    m_session->applyEvents({m_events.next(u"silence.expired"_s, QString(),
                                          {{u"id"_s, u"s-1"_s}}, u"user:bob"_s)});
    QCOMPARE(table->item(0, 4)->text(), u"Expired"_s);
}

void TestAlertsDock::mainWindowHasTheDock()
{
    MainWindow window(m_session.get());
    auto *dock = window.findChild<AlertsDock *>(u"alertsDock"_s);
    QVERIFY(dock);
    QVERIFY(dock->findChild<QTableView *>(u"alertsTable"_s));
}

QTEST_MAIN(TestAlertsDock)
#include "tst_alertsdock.moc"
