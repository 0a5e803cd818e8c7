// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

namespace Firebreak::OnCall {

/// True for an IANA time zone id the system knows, of the characters such ids are made of:
/// QTimeZone reads an id only up to a NUL, so "Europe/Berlin" and a NUL was taken, NUL kept.
bool isTimeZoneId(const QString &id);

/**
 * A window of the week in which a layer's rotation is on call, in the schedule's wall-clock
 * time: from `from` to `to` on each of `days` (1 = Monday … 7 = Sunday, empty = every day).
 * A `to` at or before `from` runs into the next day, so 00:00–00:00 is the whole day.
 */
struct Restriction
{
    QList<int> days;
    QTime from;
    QTime to;
};

/**
 * One rotation: `users` take turns, handing off at `handoff` wall-clock time in the schedule's
 * zone, starting with users[0] on `startDate`. A rotation measured in days (daily, weekly,
 * custom `days`) hands off at the same wall-clock time whatever daylight saving does, so its
 * shifts may last an hour more or less; one measured in `hours` keeps exact durations and its
 * wall-clock hand-off moves instead.
 */
struct Layer
{
    QString id;
    QString name;
    QStringList users;
    QDate startDate;
    QTime handoff;
    /// Rotation length in calendar days (daily 1, weekly 7), or 0 when `lengthHours` is used.
    int lengthDays = 1;
    int lengthHours = 0;
    /// Optional end of the layer, milliseconds since the epoch (0: open-ended).
    qint64 endsAt = 0;
    QList<Restriction> restrictions;
};

/// Someone on call instead of whoever the layers say, from `start` to `end` (ms, UTC).
struct Override
{
    QString id;
    QString user;
    qint64 start = 0;
    qint64 end = 0;
};

/// A stretch of time with one person on call; `source` is "layer:ID" or "override:ID".
struct Shift
{
    qint64 start = 0;
    qint64 end = 0;
    QString user;
    QString source;

    bool isValid() const { return end > start && !user.isEmpty(); }
    bool operator==(const Shift &other) const = default;
};

/**
 * An on-call schedule: layers stacked bottom to top (a higher layer wins wherever it has
 * someone on call, lower ones show through its gaps and restrictions), then overrides on top,
 * the latest added winning. All wall-clock arithmetic happens in `timeZone`.
 */
struct ScheduleDefinition
{
    QString id;
    QString name;
    QString description;
    QString team;
    QTimeZone timeZone;
    QList<Layer> layers;
    QList<Override> overrides;

    /// The definition as in schedule events and the REST API (overrides not included).
    QJsonObject toJson() const;
    /**
     * Reads name, description, team, timeZone (IANA) and layers; false with `error` for
     * people when something is missing or malformed. Keeps id and overrides as they are.
     */
    bool fromJson(const QJsonObject &object, QString *error);
};

/**
 * The instant a wall-clock time in `zone` means. A time skipped by a daylight-saving jump
 * moves forward by the jump (02:30 on a spring-forward night is 03:30); a time that happens
 * twice when clocks go back means its first occurrence.
 */
qint64 wallClockToUtc(const QTimeZone &zone, QDate date, QTime time);

/// The shifts of one layer that overlap [from, to), clipped to it, restrictions applied.
QList<Shift> layerShifts(const ScheduleDefinition &schedule, const Layer &layer, qint64 from,
                         qint64 to);

/// The final schedule over [from, to): layers and overrides composed, adjacent shifts of the
/// same person joined, in time order. Gaps mean nobody is on call.
QList<Shift> finalShifts(const ScheduleDefinition &schedule, qint64 from, qint64 to);

/// Who is on call at `at` (an invalid shift when nobody is).
Shift shiftAt(const ScheduleDefinition &schedule, qint64 at);

/// The first shift after the one at `at` with someone else on call, looking up to `horizon`
/// milliseconds ahead (an invalid shift when there is none).
Shift nextShift(const ScheduleDefinition &schedule, qint64 at,
                qint64 horizon = 90LL * 24 * 3600 * 1000);

} // namespace Firebreak::OnCall
