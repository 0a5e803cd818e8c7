// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

class QTabWidget;

namespace Firebreak {

class AlertsView;
class DesktopSession;
class RoutesEditor;
class SilencesView;

/**
 * Alert handling in one dock of the main window: every alert (live, filterable, suppressed
 * ones included), the routes and rules editor with its dry run, and silences and maintenance
 * windows, in tabs ("alertsTabs").
 */
class AlertsDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsDock)
public:
    explicit AlertsDock(DesktopSession *session, QWidget *parent = nullptr);
    ~AlertsDock() override;

    AlertsView *alerts() const { return m_alerts; }
    RoutesEditor *routes() const { return m_routes; }
    SilencesView *silences() const { return m_silences; }

Q_SIGNALS:
    /// The person opened an alert's incident (UUID).
    void incidentActivated(const QString &incidentId);

private:
    QTabWidget *m_tabs;
    AlertsView *m_alerts;
    RoutesEditor *m_routes;
    SilencesView *m_silences;
};

} // namespace Firebreak
