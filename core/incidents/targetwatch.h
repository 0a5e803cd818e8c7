// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"

namespace Firebreak {

/**
 * The target events due at `now`: `incident.target_at_risk` and `incident.target_breached`
 * for open incidents whose first-response or resolution clock passed the at-risk share or the
 * deadline, each announced once (a breach that comes before anyone saw the risk is announced as
 * a breach only). The server calls it every second; tests call it with their own clock.
 */
EventList dueTargetEvents(const Projection &projection, qint64 now);

} // namespace Firebreak
