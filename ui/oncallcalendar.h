// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QWidget>

class QCalendarWidget;
class QComboBox;
class QLabel;
class QListWidget;

namespace Firebreak {

class ResponderState;

/**
 * A schedule's calendar: who is on call now and next, a month with the days someone is on
 * call marked, and the shifts of the chosen day in the viewer's time and the schedule's own.
 */
class OnCallCalendar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnCallCalendar)
public:
    explicit OnCallCalendar(ResponderState *state, QWidget *parent = nullptr);

    void setSchedule(const QString &schedule);
    void setDate(QDate date);
    /// Recomputes at `now` (ms since the epoch; the current time when 0).
    void refresh(qint64 now = 0);

    QListWidget *shiftList() const { return m_shifts; }
    QString nowText() const;

private:
    void refreshSchedules();
    void refreshMonth();

    ResponderState *m_state;
    QString m_schedule;
    qint64 m_now = 0;
    QComboBox *m_scheduleBox = nullptr;
    QLabel *m_nowLabel = nullptr;
    QCalendarWidget *m_calendar = nullptr;
    QListWidget *m_shifts = nullptr;
};

} // namespace Firebreak
