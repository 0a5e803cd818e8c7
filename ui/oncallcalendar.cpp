// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "oncallcalendar.h"

#include "lazyrefresh.h"
#include "responderstate.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QTextCharFormat>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr qint64 s_dayMs = 24LL * 3600 * 1000;

QString when(qint64 ms, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    const QDateTime there = QDateTime::fromMSecsSinceEpoch(ms, zone);
    QString text = QLocale().toString(local.date(), QLocale::ShortFormat) + u' '
        + QLocale().toString(local.time(), u"HH:mm"_s);
    if (there.offsetFromUtc() != local.offsetFromUtc()) {
        text += u" ("_s + there.toString(u"HH:mm t"_s) + u')';
    }
    return text;
}

} // namespace

OnCallCalendar::OnCallCalendar(ResponderState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(u"onCallCalendar"_s);
    setAccessibleName(tr("On-call calendar"));
    m_scheduleBox = new QComboBox(this);
    m_scheduleBox->setObjectName(u"calendarSchedule"_s);
    m_scheduleBox->setAccessibleName(tr("Schedule"));
    m_nowLabel = new QLabel(this);
    m_nowLabel->setTextFormat(Qt::PlainText);
    m_nowLabel->setObjectName(u"onCallNow"_s);
    m_nowLabel->setWordWrap(true);
    m_calendar = new QCalendarWidget(this);
    m_calendar->setObjectName(u"calendarMonth"_s);
    m_shifts = new QListWidget(this);
    m_shifts->setObjectName(u"calendarShifts"_s);
    m_shifts->setAccessibleName(tr("Shifts of the chosen day"));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Schedule:"), this));
    top->addWidget(m_scheduleBox, 1);
    auto *days = new QHBoxLayout;
    days->addWidget(m_calendar);
    days->addWidget(m_shifts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_nowLabel);
    layout->addLayout(days, 1);

    connect(m_scheduleBox, &QComboBox::activated, this, [this](int index) {
        setSchedule(m_scheduleBox->itemData(index).toString());
    });
    connect(m_calendar, &QCalendarWidget::selectionChanged, this, [this]() { refresh(m_now); });
    connect(m_calendar, &QCalendarWidget::currentPageChanged, this, [this]() { refreshMonth(); });
    auto *lazy = new LazyRefresh(this, [this]() { refresh(); });
    connect(m_state, &ResponderState::changed, lazy, &LazyRefresh::request);
    refresh();
}

void OnCallCalendar::setSchedule(const QString &schedule)
{
    const OnCall::ScheduleDefinition *found = m_state->responders().directory().schedule(schedule);
    m_schedule = found ? found->id : QString();
    refresh(m_now);
}

void OnCallCalendar::setDate(QDate date)
{
    m_calendar->setSelectedDate(date);
    m_calendar->setCurrentPage(date.year(), date.month());
    refresh(m_now);
}

QString OnCallCalendar::nowText() const
{
    return m_nowLabel->text();
}

void OnCallCalendar::refreshSchedules()
{
    m_scheduleBox->clear();
    for (const auto *schedule : m_state->responders().directory().schedules()) {
        m_scheduleBox->addItem(u"%1 (%2)"_s.arg(schedule->name,
                                                QString::fromUtf8(schedule->timeZone.id())),
                               schedule->id);
    }
    if (m_schedule.isEmpty() && m_scheduleBox->count() > 0) {
        m_schedule = m_scheduleBox->itemData(0).toString();
    }
    m_scheduleBox->setCurrentIndex(m_scheduleBox->findData(m_schedule));
}

void OnCallCalendar::refresh(qint64 now)
{
    m_now = now;
    const qint64 at = now > 0 ? now : QDateTime::currentMSecsSinceEpoch();
    refreshSchedules();
    m_shifts->clear();
    const OnCall::ScheduleDefinition *schedule
        = m_state->responders().directory().schedule(m_schedule);
    if (!schedule) {
        m_nowLabel->setText(tr("No schedule yet."));
        return;
    }
    const OnCall::Shift current = OnCall::shiftAt(*schedule, at);
    const OnCall::Shift next = OnCall::nextShift(*schedule, at);
    QString text = current.isValid()
        ? tr("On call now: %1 until %2.").arg(current.user, when(current.end, schedule->timeZone))
        : tr("Nobody is on call now.");
    if (next.isValid()) {
        text += u' ' + tr("Next: %1 from %2.").arg(next.user, when(next.start, schedule->timeZone));
    }
    m_nowLabel->setText(text);

    const QDate day = m_calendar->selectedDate();
    const qint64 from = QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch();
    const qint64 to = QDateTime(day.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    for (const OnCall::Shift &shift : OnCall::finalShifts(*schedule, from, to)) {
        m_shifts->addItem(tr("%1 – %2: %3").arg(when(shift.start, schedule->timeZone),
                                                when(shift.end, schedule->timeZone), shift.user));
    }
    if (m_shifts->count() == 0) {
        m_shifts->addItem(tr("Nobody on call this day."));
    }
    refreshMonth();
}

void OnCallCalendar::refreshMonth()
{
    m_calendar->setDateTextFormat(QDate(), QTextCharFormat());
    const OnCall::ScheduleDefinition *schedule
        = m_state->responders().directory().schedule(m_schedule);
    if (!schedule) {
        return;
    }
    const QDate first(m_calendar->yearShown(), m_calendar->monthShown(), 1);
    const qint64 from = QDateTime(first, QTime(0, 0)).toMSecsSinceEpoch();
    const qint64 to = QDateTime(first.addMonths(1), QTime(0, 0)).toMSecsSinceEpoch();
    QTextCharFormat covered;
    covered.setFontWeight(QFont::Bold);
    const QString me = m_state->currentUser();
    for (const OnCall::Shift &shift : OnCall::finalShifts(*schedule, from, to)) {
        for (qint64 t = shift.start; t < shift.end; t += s_dayMs) {
            QTextCharFormat format = covered;
            if (!me.isEmpty() && shift.user == me) {
                format.setForeground(palette().highlight());
            }
            m_calendar->setDateTextFormat(QDateTime::fromMSecsSinceEpoch(t).date(), format);
        }
    }
}

} // namespace Firebreak
