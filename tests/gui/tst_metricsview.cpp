// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's metrics view on a real window (offscreen), fed a history whose figures were
// worked out by hand: tables, charts, filters, live updates, CSV export and the menu action.
#include "barchart.h"
#include "desktopsession.h"
#include "incidentroom.h"
#include "mainwindow.h"
#include "metricsview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_minute = 60'000;
constexpr qint64 s_hour = 60 * s_minute;
constexpr qint64 s_day = 24 * s_hour;
// Ten days before the room's usual clock: every target of the history has come due.
constexpr qint64 s_start = s_t0 - 10 * s_day;

/// Commands decided as the server would, their events folded into a desktop session.
struct History
{
    DesktopSession *session = nullptr;
    Room room;

    QString declare(qint64 at, const QString &severity, const QString &service,
                    const QString &team = {})
    {
        room.now = at;
        QJsonObject command{{u"type"_s, u"incident.declare"_s},
                            {u"title"_s, QString(u"Incident on "_s + service)},
                            {u"severity"_s, severity},
                            {u"service"_s, service}};
        if (!team.isEmpty()) {
            command.insert(u"team"_s, team);
        }
        const CommandDecision decision = room.run(command);
        session->applyEvents(decision.events);
        return decision.events.isEmpty() ? QString() : decision.events.first().incident;
    }

    bool at(qint64 when, const QString &type, const QString &incident,
            const QJsonObject &extra = {})
    {
        room.now = when;
        QJsonObject command = extra;
        command.insert(u"type"_s, type);
        command.insert(u"incident"_s, incident);
        const CommandDecision decision = room.run(command);
        session->applyEvents(decision.events);
        return decision.ok;
    }
};

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace

class TestMetricsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void figuresOfKnownHistory();
    void filtersNarrowTheFigures();
    void followsNewEvents();
    void exportsCsv();
    void exportButtonAsksForFile();
    void menuActionOpensOneView();
    void duration_data();
    void duration();

private:
    void buildHistory();

    QTemporaryDir m_dir;
    QTranslator m_english;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<History> m_history;
    qint64 m_now = 0;
};

void TestMetricsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // English plural forms ("1 incident", "3 incidents") come from the English catalogue.
    QVERIFY(m_english.load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(&m_english);
}

void TestMetricsView::init()
{
    static int count = 0;
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"replica-%1.sqlite"_s.arg(++count))));
    m_history = std::make_unique<History>();
    m_history->session = m_session.get();
    buildHistory();
}

void TestMetricsView::cleanup()
{
    m_history.reset();
    m_session.reset();
}

// A: P1 search, team discovery: ack +10 min, monitoring +30 min, resolved +1 h.
// B: P1 search a day later: ack +20 min, resolved +3 h.
// C: P2 booking two days later: ack +5 min, still open one hour on.
void TestMetricsView::buildHistory()
{
    History &h = *m_history;
    const QString a = h.declare(s_start, u"P1"_s, u"search"_s, u"discovery"_s);
    QVERIFY(h.at(s_start + 10 * s_minute, u"incident.acknowledge"_s, a));
    QVERIFY(h.at(s_start + 30 * s_minute, u"incident.set_status"_s, a,
                 {{u"status"_s, u"monitoring"_s}}));
    QVERIFY(h.at(s_start + s_hour, u"incident.resolve"_s, a));

    const qint64 b0 = s_start + s_day;
    const QString b = h.declare(b0, u"P1"_s, u"search"_s);
    QVERIFY(h.at(b0 + 20 * s_minute, u"incident.acknowledge"_s, b));
    QVERIFY(h.at(b0 + 3 * s_hour, u"incident.resolve"_s, b));

    const qint64 c0 = s_start + 2 * s_day;
    const QString c = h.declare(c0, u"P2"_s, u"booking"_s);
    QVERIFY(h.at(c0 + 5 * s_minute, u"incident.acknowledge"_s, c));
    m_now = c0 + s_hour;
}

void TestMetricsView::figuresOfKnownHistory()
{
    MetricsView view(m_session.get());
    view.setClock([this] { return m_now; });
    view.show();

    QCOMPARE(view.findChild<QLabel *>(u"metricsSummary"_s)->text(), u"3 incidents, 1 open"_s);

    // Acknowledge: 5, 10, 20 min → mean 700 s, median 10 min, longest 20 min.
    const auto *durations = view.findChild<QTableWidget *>(u"metricsDurations"_s);
    QCOMPARE(cell(durations, 1, 0), u"Acknowledge"_s);
    QCOMPARE(cell(durations, 1, 1), u"3"_s);
    QCOMPARE(cell(durations, 1, 2), u"11 min"_s);
    QCOMPARE(cell(durations, 1, 3), u"10 min"_s);
    QCOMPARE(cell(durations, 1, 6), u"20 min"_s);
    // Mitigate: only A, 30 min. Resolve: 1 h and 3 h → mean 2 h, longest 3 h.
    QCOMPARE(cell(durations, 2, 1), u"1"_s);
    QCOMPARE(cell(durations, 2, 2), u"30 min"_s);
    QCOMPARE(cell(durations, 3, 2), u"2 h"_s);
    QCOMPARE(cell(durations, 3, 6), u"3 h"_s);
    // Detect: no impact was recorded earlier than detection: 0 s each.
    QCOMPARE(cell(durations, 0, 2), u"0 s"_s);

    // P1: A met both targets, B missed both. P2: C acknowledged in time, resolution pending.
    const auto *compliance = view.findChild<QTableWidget *>(u"metricsCompliance"_s);
    QCOMPARE(cell(compliance, 0, 1), u"1 of 2 met (50 %)"_s);
    QCOMPARE(cell(compliance, 0, 2), u"1 of 2 met (50 %)"_s);
    QCOMPARE(cell(compliance, 1, 1), u"1 of 1 met (100 %)"_s);
    QCOMPARE(cell(compliance, 1, 2), u"none due, 1 pending"_s);
    QCOMPARE(cell(compliance, 2, 1), u"none due"_s);

    // One incident a day for three days; search twice, booking once.
    const auto *trend = view.findChild<BarChart *>(u"metricsTrendChart"_s);
    QCOMPARE(trend->categories().size(), 3);
    QCOMPARE(trend->series().first().values, (QList<double>{1, 1, 1}));
    const auto *services = view.findChild<BarChart *>(u"metricsServiceChart"_s);
    QCOMPARE(services->categories(), (QStringList{u"booking"_s, u"search"_s}));
    QCOMPARE(services->series().first().values, (QList<double>{1, 2}));
    const auto *teams = view.findChild<BarChart *>(u"metricsTeamChart"_s);
    QCOMPARE(teams->categories(), (QStringList{u"(none)"_s, u"discovery"_s}));
    const auto *times = view.findChild<BarChart *>(u"metricsDurationChart"_s);
    QCOMPARE(times->series().size(), 2);
    QCOMPARE(times->series().at(1).values.at(3), 180.0); // p90 of resolve: 3 h in minutes

    // The chart draws real pixels.
    QVERIFY(!view.grab().toImage().isNull());
}

void TestMetricsView::filtersNarrowTheFigures()
{
    MetricsView view(m_session.get());
    view.setClock([this] { return m_now; });
    view.show();

    auto *severity = view.findChild<QComboBox *>(u"metricsSeverity"_s);
    severity->setCurrentIndex(severity->findData(u"P2"_s));
    QCOMPARE(view.report().incidents, 1);
    QCOMPARE(view.findChild<QLabel *>(u"metricsSummary"_s)->text(), u"1 incident, 1 open"_s);

    severity->setCurrentIndex(0);
    auto *service = view.findChild<QComboBox *>(u"metricsService"_s);
    QCOMPARE(service->count(), 3); // all, booking, search
    service->setCurrentIndex(service->findData(u"search"_s));
    QCOMPARE(view.report().incidents, 2);
    QCOMPARE(view.report().timeToResolve.count, 2);

    auto *team = view.findChild<QComboBox *>(u"metricsTeam"_s);
    team->setCurrentIndex(team->findData(u"discovery"_s));
    QCOMPARE(view.report().incidents, 1);

    // The last 7 days hold nothing of a history ten days old (the clock is the view's).
    service->setCurrentIndex(0);
    team->setCurrentIndex(0);
    auto *range = view.findChild<QComboBox *>(u"metricsRange"_s);
    range->setCurrentIndex(range->findData(7));
    view.setClock([this] { return m_now + 9 * s_day; });
    QCOMPARE(view.report().incidents, 0);
    range->setCurrentIndex(range->findData(30));
    QCOMPARE(view.report().incidents, 3);

    auto *period = view.findChild<QComboBox *>(u"metricsPeriod"_s);
    period->setCurrentIndex(period->findData(u"week"_s));
    QVERIFY(view.report().byPeriod.size() <= 2);
    int total = 0;
    for (const int count : view.report().byPeriod) {
        total += count;
    }
    QCOMPARE(total, 3);
}

void TestMetricsView::followsNewEvents()
{
    MetricsView view(m_session.get());
    view.setClock([this] { return m_now; });
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QString d = m_history->declare(m_now, u"P3"_s, u"payments"_s);
    QTRY_COMPARE_WITH_TIMEOUT(view.findChild<QLabel *>(u"metricsSummary"_s)->text(),
                              u"4 incidents, 2 open"_s, 10000);
    QVERIFY(view.findChild<BarChart *>(u"metricsServiceChart"_s)->categories()
                .contains(u"payments"_s));
    QCOMPARE(view.findChild<QComboBox *>(u"metricsService"_s)->findData(u"payments"_s), 2);

    QVERIFY(m_history->at(m_now + 2 * s_minute, u"incident.acknowledge"_s, d));
    QTRY_COMPARE_WITH_TIMEOUT(view.report().timeToAcknowledge.count, 4, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        cell(view.findChild<QTableWidget *>(u"metricsDurations"_s), 1, 1), u"4"_s, 10000);
}

void TestMetricsView::exportsCsv()
{
    MetricsView view(m_session.get());
    view.setClock([this] { return m_now; });
    const QString path = m_dir.filePath(u"metrics.csv"_s);
    QVERIFY2(view.exportCsv(path), qPrintable(view.errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QCOMPARE(csv, view.report().toCsv());
    QVERIFY(csv.contains("time_to_acknowledge,all,3,700.000,600.000,1200.000,1200.000,1200.000,"));
    QVERIFY(csv.contains("service,search,2,,,,,,"));

    QVERIFY(!view.exportCsv(u"/nonexistent-folder/metrics.csv"_s));
    QVERIFY(!view.errorString().isEmpty());
}

void TestMetricsView::exportButtonAsksForFile()
{
    MetricsView view(m_session.get());
    view.setClock([this] { return m_now; });
    view.show();
    const QString path = m_dir.filePath(u"firebreak-metrics.csv"_s);

    // The save dialog is modal: answer it from the event loop it runs.
    bool answered = false;
    QString chosen;
    QTimer poll;
    poll.setInterval(50);
    connect(&poll, &QTimer::timeout, &view, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        poll.stop();
        QCOMPARE(dialog->objectName(), u"metricsExportDialog"_s);
        QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
        // The name it suggests, in the test's folder.
        dialog->setDirectory(m_dir.path());
        chosen = dialog->selectedFiles().value(0);
        static_cast<QDialog *>(dialog)->done(QDialog::Accepted); // protected in QFileDialog
        answered = true;
    });
    poll.start();
    view.findChild<QPushButton *>(u"metricsExportButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QCOMPARE(chosen, path);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 10000);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), view.report().toCsv());
}

void TestMetricsView::menuActionOpensOneView()
{
    MainWindow window(m_session.get());
    window.show();
    auto *action = window.findChild<QAction *>(u"metricsAction"_s);
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    action->trigger();
    QTRY_VERIFY(window.findChild<MetricsView *>()
                && window.findChild<MetricsView *>()->isVisible());
    action->trigger();
    QCOMPARE(window.findChildren<MetricsView *>().size(), 1);
    QCOMPARE(window.findChild<MetricsView *>()->report().incidents, 3);
}

void TestMetricsView::duration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << u"0 s"_s;
    QTest::newRow("seconds") << qint64(45'400) << u"45 s"_s;
    QTest::newRow("minutes and seconds") << qint64(150'000) << u"2 min 30 s"_s;
    QTest::newRow("whole minutes") << 12 * s_minute << u"12 min"_s;
    QTest::newRow("hours and minutes") << 3 * s_hour + 20 * s_minute << u"3 h 20 min"_s;
    QTest::newRow("days and hours") << 2 * s_day + 4 * s_hour << u"2 d 4 h"_s;
}

void TestMetricsView::duration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(MetricsView::duration(ms), text);
}

QTEST_MAIN(TestMetricsView)
#include "tst_metricsview.moc"
