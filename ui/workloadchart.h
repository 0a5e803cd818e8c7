// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "workload.h"

#include <QWidget>

#include <memory>

namespace Firebreak {

class WorkloadChartPrivate;

/**
 * Workload as a horizontal stacked bar per person (roles, open tasks). The only place the
 * desktop uses Qt Charts, which Qt 6.10 deprecates for Qt Graphs: a later move stays here.
 */
class WorkloadChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkloadChart)
public:
    explicit WorkloadChart(QWidget *parent = nullptr);
    ~WorkloadChart() override;

    void setWorkload(const QList<Workload> &workload);
    /// The people shown, top to bottom (for tests and accessibility).
    QStringList people() const;

private:
    std::unique_ptr<WorkloadChartPrivate> d;
};

} // namespace Firebreak
