// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "resourcetracker.h"

#include "lazyrefresh.h"
#include "responderstate.h"
#include "workloadchart.h"

#include <QDateTime>
#include <QHeaderView>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

QString durationText(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 60) {
        return ResourceTracker::tr("%1 min").arg(minutes);
    }
    return ResourceTracker::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10,
                                                                    QLatin1Char('0'));
}

ResourceTracker::ResourceTracker(ResponderState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(u"resourceTracker"_s);
    setAccessibleName(tr("Resource tracker"));
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(u"trackerTable"_s);
    m_table->setAccessibleName(tr("People across open incidents"));
    m_table->setHorizontalHeaderLabels({tr("Person"), tr("Roles"), tr("Open tasks"),
                                        tr("Incidents"), tr("Time engaged"), tr("Load")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_chart = new WorkloadChart(this);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    auto *lazy = new LazyRefresh(this, [this]() { refresh(); });
    connect(m_state, &ResponderState::changed, lazy, &LazyRefresh::request);
    auto *clock = new QTimer(this); // time engaged keeps growing
    clock->setInterval(60 * 1000);
    connect(clock, &QTimer::timeout, this, [this]() { refresh(); });
    clock->start();
    refresh();
}

void ResourceTracker::refresh(qint64 now)
{
    if (now == 0) {
        now = QDateTime::currentMSecsSinceEpoch();
    }
    const QList<Workload> workload = computeWorkload(m_state->projection(),
                                                     m_state->responders().board(), now);
    m_table->setRowCount(int(workload.size()));
    for (int row = 0; row < workload.size(); ++row) {
        const Workload &person = workload.at(row);
        const bool overloaded = person.load() >= OverloadThreshold;
        const QStringList cells{person.user,
                                person.roles.join(u", "_s),
                                QString::number(person.openTasks),
                                person.incidents.join(u", "_s),
                                durationText(person.engagedMs),
                                overloaded ? tr("%1 (overloaded)").arg(person.load())
                                           : QString::number(person.load())};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            if (overloaded) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                item->setToolTip(tr("%1 carries more than anyone should; bring in fresh people.")
                                     .arg(person.user));
            }
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_chart->setWorkload(workload);
}

} // namespace Firebreak
