// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "targetwatch.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

EventList dueTargetEvents(const Projection &projection, qint64 now)
{
    EventList events;
    for (const IncidentRecord *incident : projection.incidents()) {
        if (!incident->isOpen()) {
            continue;
        }
        for (const TargetState &target : evaluateTargets(*incident, projection.targets(), now)) {
            const bool breached = target.state == TargetState::State::Breached;
            const bool atRisk = target.state == TargetState::State::AtRisk;
            const QString flag = target.target + (breached ? u":breached"_s : u":at_risk"_s);
            if ((!breached && !atRisk) || incident->targetStates.contains(flag)) {
                continue;
            }
            Event event = makeEvent(breached ? u"incident.target_breached"_s
                                             : u"incident.target_at_risk"_s,
                                    u"system"_s, incident->id,
                                    {{u"target"_s, target.target},
                                     {u"severity"_s, severityName(incident->severity)},
                                     {u"deadline"_s, isoFromMs(target.deadline)}});
            event.at = now;
            events.append(event);
        }
    }
    return events;
}

} // namespace Firebreak
