// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "oncall/schedule.h"

#include <QByteArray>

namespace Firebreak::OnCall {

/**
 * The final shifts of a schedule over [from, to) as an iCalendar (RFC 5545) document: one
 * VEVENT per shift with UTC times, a UID stable across exports (schedule id, start, `host`),
 * TEXT escaped, lines folded at 75 octets and ended by CRLF. `stamp` (ms since the epoch) is
 * the DTSTAMP of every event. With `user`, only that person's shifts.
 */
QByteArray iCalendar(const ScheduleDefinition &schedule, qint64 from, qint64 to,
                     const QString &host, qint64 stamp = 0, const QString &user = {});

/// A TEXT value escaped for iCalendar: backslash, semicolon, comma and line breaks.
QString iCalendarText(const QString &text);

} // namespace Firebreak::OnCall
