// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "metricsview.h"

#include "barchart.h"
#include "desktopsession.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr qint64 s_dayMs = 24 * 60 * 60 * 1000;
constexpr int s_refreshDelayMs = 300;
const QStringList s_severities{u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s};

QTableWidget *makeTable(const QString &name, const QString &accessibleName, int rows,
                        const QStringList &columns, QWidget *parent)
{
    auto *table = new QTableWidget(rows, int(columns.size()), parent);
    table->setObjectName(name);
    table->setAccessibleName(accessibleName);
    table->setHorizontalHeaderLabels(columns);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setFocusPolicy(Qt::TabFocus);
    return table;
}

void setCell(QTableWidget *table, int row, int column, const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(column == 0 ? Qt::AlignLeft | Qt::AlignVCenter
                                       : Qt::AlignRight | Qt::AlignVCenter);
    table->setItem(row, column, item);
}

/// Keeps the current choice of a combo box while its items change.
void setChoices(QComboBox *combo, const QString &allText, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(allText, QString());
    for (const QString &value : values) {
        combo->addItem(value, value);
    }
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
}

QStringList keys(const QMap<QString, int> &map)
{
    return map.keys();
}

QList<double> values(const QMap<QString, int> &map)
{
    QList<double> list;
    for (const int value : map) {
        list.append(value);
    }
    return list;
}

} // namespace

MetricsView::MetricsView(DesktopSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    Q_ASSERT(m_session);
    setObjectName(u"metricsView"_s);
    setWindowTitle(tr("Incident Metrics"));
    setAccessibleName(windowTitle());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *exportButton = buttons->addButton(tr("&Export CSV…"),
                                                   QDialogButtonBox::ActionRole);
    exportButton->setObjectName(u"metricsExportButton"_s);
    exportButton->setToolTip(tr("Save the figures shown as a CSV file"));
    connect(exportButton, &QPushButton::clicked, this, &MetricsView::chooseExportFile);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createFilters());
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(u"metricsSummary"_s);
    layout->addWidget(m_summary);
    layout->addWidget(createTables());
    layout->addWidget(createCharts(), 1);
    layout->addWidget(buttons);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(s_refreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MetricsView::refresh);
    // At most one recomputation per interval however fast events come; none while hidden.
    connect(m_session, &DesktopSession::eventsApplied, this, [this] {
        if (isVisible() && !m_refreshTimer->isActive()) {
            m_refreshTimer->start();
        }
    });
    connect(m_session, &DesktopSession::projectionReset, this, &MetricsView::refresh);
    for (QComboBox *combo : {m_range, m_severity, m_service, m_team, m_period}) {
        connect(combo, &QComboBox::currentIndexChanged, this, &MetricsView::refresh);
    }

    resize(960, 760);
    refresh();
}

MetricsView::~MetricsView() = default;

MetricsView *MetricsView::showFor(DesktopSession *session, QWidget *parent)
{
    auto *view = parent->findChild<MetricsView *>(u"metricsView"_s,
                                                  Qt::FindDirectChildrenOnly);
    if (!view) {
        view = new MetricsView(session, parent);
    }
    view->show();
    view->raise();
    view->activateWindow();
    return view;
}

void MetricsView::showEvent(QShowEvent *event)
{
    refresh();
    QDialog::showEvent(event);
}

void MetricsView::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    refresh();
}

QWidget *MetricsView::createFilters()
{
    auto *filters = new QWidget(this);
    auto *row = new QHBoxLayout(filters);
    row->setContentsMargins(0, 0, 0, 0);
    auto addCombo = [this, filters, row](const QString &name, const QString &label) {
        auto *combo = new QComboBox(filters);
        combo->setObjectName(name);
        combo->setAccessibleName(label);
        auto *caption = new QLabel(label, filters);
        caption->setBuddy(combo);
        row->addWidget(caption);
        row->addWidget(combo);
        return combo;
    };

    m_range = addCombo(u"metricsRange"_s, tr("&Detected:"));
    m_range->addItem(tr("Any time"), 0);
    m_range->addItem(tr("Last 7 days"), 7);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 90 days"), 90);
    m_severity = addCombo(u"metricsSeverity"_s, tr("Se&verity:"));
    m_severity->addItem(tr("All severities"), QString());
    for (const QString &severity : s_severities) {
        m_severity->addItem(severity, severity);
    }
    m_service = addCombo(u"metricsService"_s, tr("Se&rvice:"));
    m_team = addCombo(u"metricsTeam"_s, tr("&Team:"));
    m_period = addCombo(u"metricsPeriod"_s, tr("Tre&nd by:"));
    m_period->addItem(tr("Day"), u"day"_s);
    m_period->addItem(tr("Week"), u"week"_s);
    row->addStretch(1);
    return filters;
}

QWidget *MetricsView::createTables()
{
    auto *tables = new QWidget(this);
    auto *row = new QHBoxLayout(tables);
    row->setContentsMargins(0, 0, 0, 0);
    m_durations = makeTable(u"metricsDurations"_s, tr("Time to detect, acknowledge, mitigate "
                                                      "and resolve"),
                            4, {tr("Time to"), tr("Incidents"), tr("Mean"), tr("Median"),
                                tr("90th pct."), tr("95th pct."), tr("Longest")},
                            tables);
    m_compliance = makeTable(u"metricsCompliance"_s, tr("Target compliance by severity"),
                             int(s_severities.size()),
                             {tr("Severity"), tr("First response"), tr("Resolution")}, tables);
    row->addWidget(m_durations, 3);
    row->addWidget(m_compliance, 2);
    tables->setMaximumHeight(m_durations->verticalHeader()->defaultSectionSize() * 6
                             + m_durations->horizontalHeader()->sizeHint().height());
    return tables;
}

QWidget *MetricsView::createCharts()
{
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(u"metricsCharts"_s);
    auto add = [tabs](const QString &name, const QString &tab, const QString &title,
                      BarChart::Orientation orientation) {
        auto *chart = new BarChart(title, orientation, tabs);
        chart->setObjectName(name);
        tabs->addTab(chart, tab);
        return chart;
    };
    using O = BarChart::Orientation;
    m_trendChart = add(u"metricsTrendChart"_s, tr("Trend"), tr("Incidents detected"),
                       O::Vertical);
    m_durationChart = add(u"metricsDurationChart"_s, tr("Response times"),
                          tr("Mean and 90th percentile, in minutes"), O::Vertical);
    m_serviceChart = add(u"metricsServiceChart"_s, tr("Services"), tr("Incidents by service"),
                         O::Horizontal);
    m_teamChart = add(u"metricsTeamChart"_s, tr("Teams"), tr("Incidents by team"),
                      O::Horizontal);
    m_severityChart = add(u"metricsSeverityChart"_s, tr("Severities"),
                          tr("Incidents by severity"), O::Vertical);
    return tabs;
}

MetricsFilter MetricsView::filter() const
{
    MetricsFilter filter;
    if (const int days = m_range->currentData().toInt(); days > 0) {
        filter.from = m_clock() - days * s_dayMs;
    }
    filter.severity = severityFromName(m_severity->currentData().toString());
    filter.service = m_service->currentData().toString();
    filter.team = m_team->currentData().toString();
    filter.period = m_period->currentData().toString();
    return filter;
}

void MetricsView::refresh()
{
    m_refreshTimer->stop();
    refreshChoices();
    m_report = computeMetrics(m_session->projection(), filter(), m_clock());
    m_summary->setText(tr("%n incident(s), %1 open", nullptr, m_report.incidents)
                           .arg(m_report.open));
    showDurations();
    showCompliance();
    showCharts();
}

// The services and teams any incident names, so that a filter can pick one.
void MetricsView::refreshChoices()
{
    QSet<QString> services;
    QSet<QString> teams;
    for (const IncidentRecord *incident : m_session->projection().incidents()) {
        if (!incident->service.isEmpty()) {
            services.insert(incident->service);
        }
        if (!incident->team.isEmpty()) {
            teams.insert(incident->team);
        }
    }
    QStringList serviceList(services.cbegin(), services.cend());
    QStringList teamList(teams.cbegin(), teams.cend());
    serviceList.sort(Qt::CaseInsensitive);
    teamList.sort(Qt::CaseInsensitive);
    setChoices(m_service, tr("All services"), serviceList);
    setChoices(m_team, tr("All teams"), teamList);
}

void MetricsView::showDurations()
{
    const QList<std::pair<QString, const DurationStats *>> rows{
        {tr("Detect"), &m_report.timeToDetect},
        {tr("Acknowledge"), &m_report.timeToAcknowledge},
        {tr("Mitigate"), &m_report.timeToMitigate},
        {tr("Resolve"), &m_report.timeToResolve}};
    for (int row = 0; row < rows.size(); ++row) {
        const DurationStats &stats = *rows.at(row).second;
        setCell(m_durations, row, 0, rows.at(row).first);
        setCell(m_durations, row, 1, QString::number(stats.count));
        const QList<qint64> figures{stats.mean, stats.p50, stats.p90, stats.p95, stats.max};
        for (int column = 0; column < figures.size(); ++column) {
            setCell(m_durations, row, column + 2,
                    stats.count == 0 ? u"–"_s : duration(figures.at(column)));
        }
    }
}

void MetricsView::showCompliance()
{
    auto text = [](const Compliance &compliance) {
        const int due = compliance.met + compliance.missed;
        QString line = due == 0
            ? tr("none due")
            : tr("%1 of %2 met (%3 %)").arg(compliance.met).arg(due).arg(
                  qRound(compliance.share() * 100));
        if (compliance.pending > 0) {
            line += u", "_s + tr("%n pending", nullptr, compliance.pending);
        }
        return line;
    };
    for (int row = 0; row < s_severities.size(); ++row) {
        const QString &severity = s_severities.at(row);
        const QString name
            = m_session->projection().severityDefinition(severityFromName(severity)).name;
        setCell(m_compliance, row, 0, name.isEmpty() ? severity : severity + u" – "_s + name);
        setCell(m_compliance, row, 1, text(m_report.firstResponse.value(severity)));
        setCell(m_compliance, row, 2, text(m_report.resolution.value(severity)));
    }
}

void MetricsView::showCharts()
{
    const QString incidents = tr("incidents");
    m_trendChart->setData(keys(m_report.byPeriod),
                          {{tr("Incidents"), values(m_report.byPeriod)}}, incidents);
    m_serviceChart->setData(keys(m_report.byService),
                            {{tr("Incidents"), values(m_report.byService)}}, incidents);
    m_teamChart->setData(keys(m_report.byTeam), {{tr("Incidents"), values(m_report.byTeam)}},
                         incidents);
    m_severityChart->setData(keys(m_report.bySeverity),
                             {{tr("Incidents"), values(m_report.bySeverity)}}, incidents);

    const QList<const DurationStats *> stats{&m_report.timeToDetect, &m_report.timeToAcknowledge,
                                             &m_report.timeToMitigate, &m_report.timeToResolve};
    BarChart::Series mean{tr("Mean"), {}};
    BarChart::Series p90{tr("90th percentile"), {}};
    for (const DurationStats *one : stats) {
        mean.values.append(double(one->mean) / 60'000.0);
        p90.values.append(double(one->p90) / 60'000.0);
    }
    m_durationChart->setData({tr("Detect"), tr("Acknowledge"), tr("Mitigate"), tr("Resolve")},
                             {mean, p90}, tr("minutes"));
}

bool MetricsView::exportCsv(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_report.toCsv()) < 0 || !file.commit()) {
        m_error = file.errorString();
        return false;
    }
    m_error.clear();
    return true;
}

void MetricsView::chooseExportFile()
{
    const QString folder
        = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QFileDialog dialog(this, tr("Export Metrics"), folder, tr("CSV files (*.csv)"));
    dialog.setObjectName(u"metricsExportDialog"_s);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(u"csv"_s);
    dialog.selectFile(u"firebreak-metrics.csv"_s);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
        return;
    }
    const QString path = dialog.selectedFiles().constFirst();
    if (!exportCsv(path)) {
        QMessageBox::warning(this, tr("Export Metrics"),
                             tr("The metrics could not be saved to %1: %2")
                                 .arg(path, errorString()));
    }
}

QString MetricsView::duration(qint64 ms)
{
    const qint64 seconds = (ms + 500) / 1000;
    if (seconds < 60) {
        return tr("%1 s").arg(seconds);
    }
    const qint64 minutes = seconds / 60;
    if (minutes < 60) {
        return seconds % 60 == 0 || minutes >= 10 ? tr("%1 min").arg(minutes)
                                                  : tr("%1 min %2 s").arg(minutes).arg(
                                                        seconds % 60);
    }
    if (minutes < 24 * 60) {
        return minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60)
                                 : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    }
    const qint64 hours = minutes / 60;
    return hours % 24 == 0 ? tr("%1 d").arg(hours / 24)
                           : tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

} // namespace Firebreak
