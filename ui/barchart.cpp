// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "barchart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Firebreak {

class BarChartPrivate
{
public:
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    BarChart::Orientation orientation = BarChart::Orientation::Vertical;
    QStringList categories;
    QList<BarChart::Series> series;

    void clear()
    {
        chart->removeAllSeries();
        const auto axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            chart->removeAxis(axis);
            delete axis;
        }
    }
};

BarChart::BarChart(const QString &title, Orientation orientation, QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<BarChartPrivate>())
{
    d->orientation = orientation;
    d->chart = new QChart;
    d->chart->setTitle(title);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);
    setAccessibleName(title);
    setMinimumHeight(220);
}

BarChart::~BarChart() = default;

void BarChart::setData(const QStringList &categories, const QList<Series> &series,
                       const QString &valueTitle)
{
    d->clear();
    d->categories = categories;
    d->series = series;

    QAbstractBarSeries *bars = d->orientation == Orientation::Vertical
        ? static_cast<QAbstractBarSeries *>(new QBarSeries)
        : static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries);
    double highest = 0;
    for (const Series &one : series) {
        auto *set = new QBarSet(one.name);
        for (const double value : one.values) {
            *set << value;
            highest = qMax(highest, value);
        }
        bars->append(set);
    }
    d->chart->addSeries(bars);
    d->chart->legend()->setVisible(series.size() > 1);

    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories.isEmpty() ? QStringList{u" "_s} : categories);
    auto *valueAxis = new QValueAxis;
    valueAxis->setTitleText(valueTitle);
    valueAxis->setLabelFormat(u"%.0f"_s);
    // Whole steps for small counts, so that "1.5 incidents" never shows on the axis.
    const double top = qMax(1.0, std::ceil(highest));
    valueAxis->setRange(0, top);
    valueAxis->setTickCount(top <= 5 ? int(top) + 1 : 6);
    const bool vertical = d->orientation == Orientation::Vertical;
    d->chart->addAxis(categoryAxis, vertical ? Qt::AlignBottom : Qt::AlignLeft);
    d->chart->addAxis(valueAxis, vertical ? Qt::AlignLeft : Qt::AlignBottom);
    bars->attachAxis(categoryAxis);
    bars->attachAxis(valueAxis);
}

QStringList BarChart::categories() const
{
    return d->categories;
}

QList<BarChart::Series> BarChart::series() const
{
    return d->series;
}

} // namespace Firebreak
