// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

class QLabel;
class QTabWidget;

namespace Firebreak {

class AssignmentBoard;
class DeadLetterView;
class DesktopSession;
class OnCallCalendar;
class PageNotifier;
class ResourceTracker;
class ResponderState;

/**
 * The responders' corner of the main window: the assignment board, the resource tracker,
 * the on-call calendar and undelivered notifications, in tabs, with the tray notifier for
 * pages. MainWindow adds it as one dock.
 */
class RespondersDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RespondersDock)
public:
    explicit RespondersDock(DesktopSession *session, QWidget *parent = nullptr);
    ~RespondersDock() override;

    ResponderState *state() const { return m_state; }
    AssignmentBoard *board() const { return m_board; }
    ResourceTracker *tracker() const { return m_tracker; }
    OnCallCalendar *calendar() const { return m_calendar; }
    DeadLetterView *deadLetters() const { return m_deadLetters; }
    PageNotifier *notifier() const { return m_notifier; }

private:
    ResponderState *m_state;
    QTabWidget *m_tabs = nullptr;
    AssignmentBoard *m_board = nullptr;
    ResourceTracker *m_tracker = nullptr;
    OnCallCalendar *m_calendar = nullptr;
    DeadLetterView *m_deadLetters = nullptr;
    PageNotifier *m_notifier = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace Firebreak
