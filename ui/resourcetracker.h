// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "workload.h"

#include <QWidget>

class QTableWidget;

namespace Firebreak {

class ResponderState;
class WorkloadChart;

/**
 * Who works on what across all open incidents: each person's roles, open tasks, incidents
 * and time engaged, the overloaded marked, and the same as a chart, so that the commander
 * sees overload and brings in fresh people.
 */
class ResourceTracker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceTracker)
public:
    explicit ResourceTracker(ResponderState *state, QWidget *parent = nullptr);

    /// Recomputes at `now` (ms since the epoch; the current time when 0).
    void refresh(qint64 now = 0);
    QTableWidget *table() const { return m_table; }
    WorkloadChart *chart() const { return m_chart; }

private:
    ResponderState *m_state;
    QTableWidget *m_table = nullptr;
    WorkloadChart *m_chart = nullptr;
};

/// "3 h 05 min", "12 min": a duration for people.
QString durationText(qint64 ms);

} // namespace Firebreak
