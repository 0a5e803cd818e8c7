// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/projection.h"
#include "oncall/taskboard.h"

#include <QList>
#include <QStringList>

namespace Firebreak {

/// What one person carries across the open incidents.
struct Workload
{
    QString user;
    /// "INC-3 commander", one per role held.
    QStringList roles;
    int openTasks = 0;
    /// Open incidents the person holds a role or an open task on, as "INC-3".
    QStringList incidents;
    /// Time engaged on open incidents, summed, in milliseconds.
    qint64 engagedMs = 0;

    /// Roles count double: a role is a standing responsibility, a task a piece of work.
    int load() const { return 2 * int(roles.size()) + openTasks; }
};

/// The load above which someone is shown as overloaded.
constexpr int OverloadThreshold = 6;

/// Everyone engaged on an open incident, most loaded first (ties by name).
QList<Workload> computeWorkload(const Projection &projection, const OnCall::TaskBoard &board,
                                qint64 now);

} // namespace Firebreak
