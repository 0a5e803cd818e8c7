// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Firebreak {

class AlertFilterModel;
class AlertListModel;
class DesktopSession;

/**
 * Every alert the session holds, live, newest first: a filter bar (text, status, source,
 * suppression) over a table. Suppressed alerts are listed too, greyed, with the reason.
 * Widgets carry object names ("alertsTable", "alertsFilter", "alertsStatus", "alertsSource",
 * "alertsSuppression", "alertsCount").
 */
class AlertsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsView)
public:
    explicit AlertsView(const DesktopSession *session, QWidget *parent = nullptr);
    ~AlertsView() override;

    AlertListModel *model() const { return m_model; }
    AlertFilterModel *filterModel() const { return m_filter; }

Q_SIGNALS:
    /// The person opened an alert's incident (UUID).
    void incidentActivated(const QString &incidentId);

private:
    QWidget *createFilterBar();
    void refreshSources();
    void refreshCount();
    void onActivated(const QModelIndex &index);

    const DesktopSession *m_session;
    AlertListModel *m_model;
    AlertFilterModel *m_filter;
    QLineEdit *m_text = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_source = nullptr;
    QComboBox *m_suppression = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace Firebreak
