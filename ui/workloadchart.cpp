// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "workloadchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

class WorkloadChartPrivate
{
public:
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QStringList people;
};

WorkloadChart::WorkloadChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<WorkloadChartPrivate>())
{
    setObjectName(u"workloadChart"_s);
    setAccessibleName(tr("Workload by person"));
    d->chart = new QChart;
    d->chart->setTitle(tr("Workload across open incidents"));
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);
    setMinimumHeight(240);
}

WorkloadChart::~WorkloadChart() = default;

void WorkloadChart::setWorkload(const QList<Workload> &workload)
{
    d->chart->removeAllSeries();
    const auto axes = d->chart->axes();
    for (QAbstractAxis *axis : axes) {
        d->chart->removeAxis(axis);
        delete axis;
    }
    d->people.clear();

    auto *roles = new QBarSet(tr("Roles"));
    auto *tasks = new QBarSet(tr("Open tasks"));
    int most = 1;
    // Bars are drawn bottom-up: add the least loaded first so the heaviest is on top.
    for (auto it = workload.crbegin(); it != workload.crend(); ++it) {
        *roles << it->roles.size();
        *tasks << it->openTasks;
        d->people.prepend(it->user);
        most = qMax(most, int(it->roles.size()) + it->openTasks);
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->append(roles);
    series->append(tasks);
    d->chart->addSeries(series);

    auto *names = new QBarCategoryAxis;
    QStringList bottomUp = d->people;
    std::reverse(bottomUp.begin(), bottomUp.end());
    names->append(bottomUp);
    d->chart->addAxis(names, Qt::AlignLeft);
    series->attachAxis(names);
    auto *counts = new QValueAxis;
    counts->setRange(0, most);
    counts->setLabelFormat(u"%i"_s);
    if (most <= 10) {
        counts->setTickCount(most + 1); // one tick per role or task
    } else {
        counts->applyNiceNumbers();
    }
    d->chart->addAxis(counts, Qt::AlignBottom);
    series->attachAxis(counts);
}

QStringList WorkloadChart::people() const
{
    return d->people;
}

} // namespace Firebreak
