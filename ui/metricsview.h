// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "incidents/metrics.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace Firebreak {

class BarChart;
class DesktopSession;

/**
 * The incident metrics of docs/incidents.md, computed from the desktop's own projection (so
 * they work offline too): time to detect, acknowledge, mitigate and resolve, target compliance
 * per severity, and charts of incidents by period, service, team and severity. Filters by time
 * range, severity, service and team; exports what it shows as CSV.
 *
 * Follows the session live, recomputing at most a few times a second. Widgets carry object
 * names ("metricsDurations", "metricsCompliance", "metricsTrendChart", …) for tests and
 * accessibility tools. The session is not owned.
 */
class MetricsView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsView)
public:
    explicit MetricsView(DesktopSession *session, QWidget *parent = nullptr);
    ~MetricsView() override;

    /// Shows the view of `parent`, creating it on first use; one per parent window.
    static MetricsView *showFor(DesktopSession *session, QWidget *parent);

    /// The clock the figures are computed at (ms since the epoch); tests set their own.
    void setClock(std::function<qint64()> clock);

    /// The filter the controls make, and the figures shown.
    MetricsFilter filter() const;
    const MetricsReport &report() const { return m_report; }

    /// Writes the figures shown as CSV (docs/incidents.md); false with errorString().
    bool exportCsv(const QString &path);
    QString errorString() const { return m_error; }

    /// A duration for people: "45 s", "12 min", "3 h 20 min", "2 d 4 h".
    static QString duration(qint64 ms);

public Q_SLOTS:
    /// Recomputes from the session's projection now.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createFilters();
    QWidget *createTables();
    QWidget *createCharts();
    void chooseExportFile();
    void refreshChoices();
    void showDurations();
    void showCompliance();
    void showCharts();

    DesktopSession *m_session;
    std::function<qint64()> m_clock;
    MetricsReport m_report;
    QTimer *m_refreshTimer = nullptr;
    QComboBox *m_range = nullptr;
    QComboBox *m_severity = nullptr;
    QComboBox *m_service = nullptr;
    QComboBox *m_team = nullptr;
    QComboBox *m_period = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_durations = nullptr;
    QTableWidget *m_compliance = nullptr;
    BarChart *m_trendChart = nullptr;
    BarChart *m_durationChart = nullptr;
    BarChart *m_serviceChart = nullptr;
    BarChart *m_teamChart = nullptr;
    BarChart *m_severityChart = nullptr;
    QString m_error;
};

} // namespace Firebreak
