// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>
#include <QTimer>

class QLabel;
class QTableWidget;

namespace Firebreak {

class DesktopSession;

/**
 * The post-mortem dashboard: every post-mortem under the completion clock (P1 and P2 by
 * default, 48 hours from resolution to published) with the time left or overdue, its review
 * state, open and overdue action items and the incident it repeats, above the figures the
 * organisation is judged by: post-mortems in time, action items overdue, recurrence rate.
 * Folded from the desktop's replica; the clock is read again every minute.
 */
class PostMortemDashboard final : public QDockWidget
{
    Q_OBJECT
public:
    enum Column { IncidentColumn, StateColumn, ClockColumn, ActionItemsColumn, RepeatColumn };

    explicit PostMortemDashboard(DesktopSession *desktop, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }
    /// Milliseconds since the epoch the clock is read at; injected so tests control time.
    void setClock(std::function<qint64()> clock);

Q_SIGNALS:
    /// The person asked to open the post-mortem of this incident (id).
    void postMortemActivated(const QString &incident);

public Q_SLOTS:
    void refresh();

private:
    DesktopSession *m_desktop;
    QTableWidget *m_table;
    QLabel *m_summary;
    QTimer m_timer;
    std::function<qint64()> m_clock;
};

} // namespace Firebreak
