// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "workload.h"

#include <QMap>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

void addIncident(Workload &workload, const QString &number)
{
    if (!workload.incidents.contains(number)) {
        workload.incidents.append(number);
    }
}

} // namespace

QList<Workload> computeWorkload(const Projection &projection, const OnCall::TaskBoard &board,
                                qint64 now)
{
    QMap<QString, Workload> byUser;
    auto entry = [&byUser](const QString &user) -> Workload & {
        Workload &workload = byUser[user];
        workload.user = user;
        return workload;
    };
    for (const IncidentRecord *incident : projection.incidents()) {
        if (!incident->isOpen()) {
            continue;
        }
        const QString number = incident->numberText();
        for (auto it = incident->roles.cbegin(); it != incident->roles.cend(); ++it) {
            Workload &workload = entry(it.value());
            workload.roles.append(number + u' ' + it.key());
            addIncident(workload, number);
        }
        for (const QString &responder : incident->responders) {
            Workload &workload = entry(responder);
            workload.roles.append(number + u" responder"_s);
            addIncident(workload, number);
        }
        for (const OnCall::TaskRecord *task : board.tasks(incident->id)) {
            if (!task->owner.isEmpty() && task->column != u"done") {
                Workload &workload = entry(task->owner);
                ++workload.openTasks;
                addIncident(workload, number);
            }
        }
        for (const OnCall::Engagement &engagement : board.engagements(incident->id)) {
            if (byUser.contains(engagement.user)) {
                const qint64 until = engagement.until > 0 ? engagement.until : now;
                byUser[engagement.user].engagedMs += qMax<qint64>(0, until - engagement.since);
            }
        }
    }
    QList<Workload> list = byUser.values();
    std::stable_sort(list.begin(), list.end(), [](const Workload &a, const Workload &b) {
        return a.load() > b.load();
    });
    return list;
}

} // namespace Firebreak
