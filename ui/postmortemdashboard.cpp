// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemdashboard.h"

#include "collab/followup.h"
#include "desktopsession.h"
#include "incidenttext.h"
#include "lazyrefresh.h"

#include <QDateTime>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

PostMortemDashboard::PostMortemDashboard(DesktopSession *desktop, QWidget *parent)
    : QDockWidget(tr("Post-mortems"), parent)
    , m_desktop(desktop)
    , m_table(new QTableWidget(0, 5, this))
    , m_summary(new QLabel(this))
    , m_clock([]() { return QDateTime::currentMSecsSinceEpoch(); })
{
    setObjectName(u"postMortemDashboard"_s);
    m_table->setObjectName(u"postMortemDashboardTable"_s);
    m_table->setAccessibleName(tr("Post-mortems and their completion clock"));
    m_table->setHorizontalHeaderLabels(
        {tr("Incident"), tr("State"), tr("Clock"), tr("Action items"), tr("Repeat of")});
    m_table->horizontalHeader()->setSectionResizeMode(IncidentColumn, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_summary->setObjectName(u"postMortemDashboardSummary"_s);
    m_summary->setWordWrap(true);

    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    setWidget(body);

    connect(m_table, &QTableWidget::cellActivated, this, [this](int row) {
        const QTableWidgetItem *item = m_table->item(row, IncidentColumn);
        Q_EMIT postMortemActivated(item->data(Qt::UserRole).toString());
    });
    // Tabbed behind the alerts, it rebuilds (every incident, every minute) only when seen.
    auto *lazy = new LazyRefresh(this, [this]() { refresh(); });
    connect(desktop, &DesktopSession::eventsApplied, lazy, &LazyRefresh::request);
    connect(desktop, &DesktopSession::projectionReset, lazy, &LazyRefresh::request);
    m_timer.setInterval(60 * 1000);
    connect(&m_timer, &QTimer::timeout, lazy, &LazyRefresh::request);
    m_timer.start();
    refresh();
}

void PostMortemDashboard::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    refresh();
}

void PostMortemDashboard::refresh()
{
    const Projection &projection = m_desktop->projection();
    const Collab::FollowUp &followUp = m_desktop->followUp();
    const qint64 now = m_clock();
    const QHash<QString, Collab::Recurrence> repeats = followUp.recurrences(projection);

    // Post-mortems under the clock, the most urgent first.
    QList<std::pair<qint64, const IncidentRecord *>> rows;
    for (const IncidentRecord *incident : projection.incidents()) {
        const qint64 due = followUp.completionDueAt(*incident);
        if (due > 0) {
            rows.append({due, incident});
        }
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });

    m_table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const auto [due, incident] = rows[row];
        const Collab::PostMortemRecord *record = followUp.postMortem(incident->id);
        const bool published = record && record->state == Collab::ReviewState::Published;
        QString clock;
        QColor colour;
        if (published) {
            clock = record->publishedAt <= due ? tr("published in time") : tr("published late");
        } else if (now >= due) {
            clock = tr("overdue by %1").arg(IncidentText::age(due, now));
            colour = QColor(0xc0, 0x20, 0x20);
        } else {
            clock = tr("%1 left").arg(IncidentText::age(now, due));
        }
        int open = 0;
        int overdue = 0;
        for (const Collab::ActionItem *item : followUp.actionItems(incident->id)) {
            open += item->isOpen() ? 1 : 0;
            overdue += item->isOverdueAt(now) ? 1 : 0;
        }
        const auto repeat = repeats.constFind(incident->id);
        const IncidentRecord *earlier
            = repeat != repeats.cend() ? projection.incident(repeat->earlier) : nullptr;
        const QString state = record ? Collab::reviewStateName(record->state) : u"draft"_s;
        const QStringList cells{
            u"%1 [%2] %3"_s.arg(incident->numberText(), severityName(incident->severity),
                                incident->title),
            state == u"in_review" ? tr("in review") : state == u"published" ? tr("published")
                                                                              : tr("draft"),
            clock,
            overdue > 0 ? tr("%1 open, %2 overdue").arg(open).arg(overdue)
                        : tr("%1 open").arg(open),
            earlier ? earlier->numberText() : QString()};
        for (int column = 0; column < cells.size(); ++column) {
            auto *cell = new QTableWidgetItem(cells[column]);
            if (colour.isValid() && column == ClockColumn) {
                cell->setForeground(colour);
            }
            m_table->setItem(row, column, cell);
        }
        m_table->item(row, IncidentColumn)->setData(Qt::UserRole, incident->id);
    }

    const QJsonObject metrics = Collab::followUpMetrics(projection, followUp, now);
    const QJsonObject completion = metrics[u"completion"_s].toObject();
    const QJsonObject items = metrics[u"actionItems"_s].toObject();
    const QJsonObject recurrence = metrics[u"recurrence"_s].toObject();
    m_summary->setText(
        tr("Post-mortems within %1 h: %2 in time, %3 late, %4 overdue, %5 running. "
           "Action items: %6 open, %7 overdue. Repeat incidents: %8 %.")
            .arg(completion[u"hours"_s].toInt())
            .arg(completion[u"onTime"_s].toInt())
            .arg(completion[u"late"_s].toInt())
            .arg(completion[u"overdue"_s].toInt())
            .arg(completion[u"pending"_s].toInt())
            .arg(items[u"open"_s].toInt() + items[u"inProgress"_s].toInt())
            .arg(items[u"overdue"_s].toInt())
            .arg(recurrence[u"rate"_s].toDouble() * 100, 0, 'f', 1));
}

} // namespace Firebreak
