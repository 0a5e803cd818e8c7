// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QString>

namespace Firebreak::Lifecycle {

/**
 * Whether an incident may go from one status to another. Work may move back (a wrong
 * hypothesis, a fix that did not hold) but never to triggered; only a triggered incident is
 * acknowledged; resolved and closed incidents change only by reopening. On refusal, `reason`
 * says why in words an incident commander understands, with %1 standing for the incident.
 */
bool canTransition(IncidentStatus from, IncidentStatus to, QString *reason);

/// Whether a resolved or closed incident may be reopened (to investigating).
bool canReopen(IncidentStatus from, QString *reason);

} // namespace Firebreak::Lifecycle
