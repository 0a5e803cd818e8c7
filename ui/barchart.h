// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

#include <memory>

namespace Firebreak {

class BarChartPrivate;

/**
 * Bars of one or more series over named categories, with a value axis from zero. Part of the
 * small layer that holds the desktop's Qt Charts code (Qt 6.10 deprecates Qt Charts for Qt
 * Graphs): views hand it numbers, never chart objects.
 */
class BarChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BarChart)
public:
    enum class Orientation { Vertical, Horizontal };

    struct Series
    {
        QString name;
        /// One value per category, in the categories' order.
        QList<double> values;
    };

    BarChart(const QString &title, Orientation orientation, QWidget *parent = nullptr);
    ~BarChart() override;

    /// Replaces what is shown. `valueTitle` names the value axis ("incidents", "minutes").
    void setData(const QStringList &categories, const QList<Series> &series,
                 const QString &valueTitle);

    /// What is shown (for tests and accessibility).
    QStringList categories() const;
    QList<Series> series() const;

private:
    std::unique_ptr<BarChartPrivate> d;
};

} // namespace Firebreak
