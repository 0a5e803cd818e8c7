// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace Firebreak {

/// Incident and alert severity. P1 is the most severe; Unknown marks invalid input.
enum class Severity { P1 = 1, P2 = 2, P3 = 3, P4 = 4, Unknown = 0 };

QString severityName(Severity severity);
/// "P1".."P4" (case-insensitive); Unknown for anything else.
Severity severityFromName(const QString &name);
/// True when a is strictly more severe than b.
bool moreSevere(Severity a, Severity b);

/// The statuses of DESIGN.md, in lifecycle order.
enum class IncidentStatus {
    Triggered,
    Acknowledged,
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Closed,
};

QString statusName(IncidentStatus status);
/// Returns false when the name is not a known status.
bool statusFromName(const QString &name, IncidentStatus *status);
/// Resolved and closed incidents no longer collect alerts.
bool isOpenStatus(IncidentStatus status);

} // namespace Firebreak
