// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "schedule.h"

#include "events/event.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

constexpr qint64 s_hourMs = 3600LL * 1000;
constexpr qint64 s_dayMs = 24 * s_hourMs;
// Looking this far back finds the start of the shift that holds a given instant.
constexpr qint64 s_lookBehindMs = 45 * s_dayMs;
// A bound on the work one query may ask for (an hourly rotation over ten years).
constexpr qint64 s_maxPeriods = 100000;

const QStringList s_dayNames{u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s,
                             u"fri"_s, u"sat"_s, u"sun"_s};

QDate localDate(const QTimeZone &zone, qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone).date();
}

QTime parseClock(const QString &text, bool *ok)
{
    const QTime time = QTime::fromString(text, u"HH:mm"_s);
    *ok = time.isValid() || text == u"24:00";
    return time.isValid() ? time : QTime(0, 0);
}

bool parseRestriction(const QJsonObject &object, Restriction *restriction, QString *error)
{
    bool fromOk = false;
    bool toOk = false;
    restriction->from = parseClock(object.value(u"from"_s).toString(), &fromOk);
    restriction->to = parseClock(object.value(u"to"_s).toString(), &toOk);
    if (!fromOk || !toOk) {
        *error = u"a restriction needs from and to as HH:mm wall-clock times"_s;
        return false;
    }
    const QJsonArray days = object.value(u"days"_s).toArray();
    for (const QJsonValue &day : days) {
        const int index = int(s_dayNames.indexOf(day.toString().left(3).toLower()));
        if (index < 0) {
            *error = u"restriction days are mon, tue, wed, thu, fri, sat, sun"_s;
            return false;
        }
        restriction->days.append(index + 1);
    }
    return true;
}

bool parseRotation(const QJsonObject &object, Layer *layer, QString *error)
{
    const QString rotation = object.value(u"rotation"_s).toString(u"weekly"_s);
    layer->lengthDays = 0;
    layer->lengthHours = 0;
    if (rotation == u"daily") {
        layer->lengthDays = 1;
    } else if (rotation == u"weekly") {
        layer->lengthDays = 7;
    } else if (rotation == u"custom") {
        layer->lengthDays = object.value(u"days"_s).toInt(0);
        layer->lengthHours = object.value(u"hours"_s).toInt(0);
    }
    const bool valid = (layer->lengthDays > 0) != (layer->lengthHours > 0)
        && layer->lengthDays <= 366 && layer->lengthHours <= 24 * 366;
    if (!valid) {
        *error = u"rotation must be daily, weekly, or custom with either days or hours"_s;
    }
    return valid;
}

bool parseLayer(const QJsonObject &object, int index, Layer *layer, QString *error)
{
    layer->id = object.value(u"id"_s).toString(QString::number(index + 1));
    layer->name = object.value(u"name"_s).toString(u"Layer %1"_s.arg(index + 1));
    layer->users = object.value(u"users"_s).toVariant().toStringList();
    layer->users.removeAll(QString());
    if (layer->users.isEmpty()) {
        *error = u"layer %1 needs at least one user"_s.arg(index + 1);
        return false;
    }
    const QDateTime start = QDateTime::fromString(object.value(u"start"_s).toString().left(16),
                                                  u"yyyy-MM-ddTHH:mm"_s);
    if (!start.isValid()) {
        *error = u"layer %1 needs start as the wall-clock hand-off yyyy-MM-ddTHH:mm"_s
                     .arg(index + 1);
        return false;
    }
    layer->startDate = start.date();
    layer->handoff = start.time();
    if (!parseRotation(object, layer, error)) {
        return false;
    }
    const QString end = object.value(u"end"_s).toString();
    layer->endsAt = end.isEmpty() ? 0 : msFromIso(end);
    if (layer->endsAt < 0) {
        *error = u"layer %1 end must be an ISO 8601 time"_s.arg(index + 1);
        return false;
    }
    const QJsonArray restrictions = object.value(u"restrictions"_s).toArray();
    for (const QJsonValue &value : restrictions) {
        Restriction restriction;
        if (!parseRestriction(value.toObject(), &restriction, error)) {
            return false;
        }
        layer->restrictions.append(restriction);
    }
    return true;
}

QJsonObject layerToJson(const Layer &layer)
{
    QJsonObject object{{u"id"_s, layer.id},
                       {u"name"_s, layer.name},
                       {u"users"_s, QJsonArray::fromStringList(layer.users)},
                       {u"start"_s, QDateTime(layer.startDate, layer.handoff)
                                        .toString(u"yyyy-MM-ddTHH:mm"_s)}};
    if (layer.lengthHours > 0) {
        object.insert(u"rotation"_s, u"custom"_s);
        object.insert(u"hours"_s, layer.lengthHours);
    } else if (layer.lengthDays == 1 || layer.lengthDays == 7) {
        object.insert(u"rotation"_s, layer.lengthDays == 1 ? u"daily"_s : u"weekly"_s);
    } else {
        object.insert(u"rotation"_s, u"custom"_s);
        object.insert(u"days"_s, layer.lengthDays);
    }
    if (layer.endsAt > 0) {
        object.insert(u"end"_s, isoFromMs(layer.endsAt));
    }
    QJsonArray restrictions;
    for (const Restriction &restriction : layer.restrictions) {
        QJsonArray days;
        for (int day : restriction.days) {
            days.append(s_dayNames.value(day - 1));
        }
        restrictions.append(QJsonObject{{u"days"_s, days},
                                        {u"from"_s, restriction.from.toString(u"HH:mm"_s)},
                                        {u"to"_s, restriction.to.toString(u"HH:mm"_s)}});
    }
    if (!restrictions.isEmpty()) {
        object.insert(u"restrictions"_s, restrictions);
    }
    return object;
}

/// Start of rotation period `k` of a layer (period 0 starts at the layer's first hand-off).
qint64 periodStart(const QTimeZone &zone, const Layer &layer, qint64 k)
{
    if (layer.lengthHours > 0) {
        return wallClockToUtc(zone, layer.startDate, layer.handoff)
            + k * layer.lengthHours * s_hourMs;
    }
    return wallClockToUtc(zone, layer.startDate.addDays(k * layer.lengthDays), layer.handoff);
}

/// The period that holds `at` (0 when the layer starts later).
qint64 periodAt(const QTimeZone &zone, const Layer &layer, qint64 at)
{
    const qint64 origin = periodStart(zone, layer, 0);
    if (at <= origin) {
        return 0;
    }
    qint64 k = layer.lengthHours > 0
        ? (at - origin) / (layer.lengthHours * s_hourMs)
        : layer.startDate.daysTo(localDate(zone, at)) / layer.lengthDays;
    while (k > 0 && periodStart(zone, layer, k) > at) {
        --k;
    }
    while (periodStart(zone, layer, k + 1) <= at) {
        ++k;
    }
    return k;
}

using Interval = std::pair<qint64, qint64>;

/// The restriction windows of a layer over [from, to), sorted and merged.
QList<Interval> restrictionWindows(const QTimeZone &zone, const Layer &layer, qint64 from,
                                   qint64 to)
{
    QList<Interval> windows;
    const QDate last = localDate(zone, to);
    for (QDate day = localDate(zone, from).addDays(-1); day <= last; day = day.addDays(1)) {
        for (const Restriction &restriction : layer.restrictions) {
            if (!restriction.days.isEmpty() && !restriction.days.contains(day.dayOfWeek())) {
                continue;
            }
            const QDate endDay = restriction.to <= restriction.from ? day.addDays(1) : day;
            const qint64 start = wallClockToUtc(zone, day, restriction.from);
            const qint64 end = wallClockToUtc(zone, endDay, restriction.to);
            if (end > start && end > from && start < to) {
                windows.append({start, end});
            }
        }
    }
    std::sort(windows.begin(), windows.end());
    QList<Interval> merged;
    for (const Interval &window : std::as_const(windows)) {
        if (!merged.isEmpty() && window.first <= merged.last().second) {
            merged.last().second = qMax(merged.last().second, window.second);
        } else {
            merged.append(window);
        }
    }
    return merged;
}

void clipToWindows(const Shift &shift, const QList<Interval> &windows, QList<Shift> *out)
{
    for (const Interval &window : windows) {
        const qint64 start = qMax(shift.start, window.first);
        const qint64 end = qMin(shift.end, window.second);
        if (end > start) {
            out->append({start, end, shift.user, shift.source});
        }
    }
}

/// Lays `piece` over the canvas: whatever it covers is replaced.
void paint(QList<Shift> *canvas, const Shift &piece)
{
    QList<Shift> result;
    result.reserve(canvas->size() + 2);
    for (const Shift &shift : std::as_const(*canvas)) {
        if (shift.end <= piece.start || shift.start >= piece.end) {
            result.append(shift);
            continue;
        }
        if (shift.start < piece.start) {
            result.append({shift.start, piece.start, shift.user, shift.source});
        }
        if (shift.end > piece.end) {
            result.append({piece.end, shift.end, shift.user, shift.source});
        }
    }
    result.append(piece);
    std::sort(result.begin(), result.end(),
              [](const Shift &a, const Shift &b) { return a.start < b.start; });
    *canvas = result;
}

} // namespace

qint64 wallClockToUtc(const QTimeZone &zone, QDate date, QTime time)
{
    const qint64 local = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    auto offsetAt = [&zone](qint64 ms) {
        return zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
    };

    // The offsets in force around this wall-clock time: one, or two near a transition.
    QList<int> offsets;
    for (qint64 probe : {local - 2 * s_dayMs, local, local + 2 * s_dayMs}) {
        const int offset = offsetAt(probe);
        if (!offsets.contains(offset)) {
            offsets.append(offset);
        }
    }

    // Every offset that maps back to this wall-clock time is a real occurrence; take the first.
    qint64 first = std::numeric_limits<qint64>::max();
    for (int offset : std::as_const(offsets)) {
        const qint64 candidate = local - offset * 1000LL;
        if (offsetAt(candidate) == offset) {
            first = qMin(first, candidate);
        }
    }
    if (first != std::numeric_limits<qint64>::max()) {
        return first;
    }
    // Skipped by a jump forward: read it with the offset before the jump (the smaller one).
    return local - *std::min_element(offsets.cbegin(), offsets.cend()) * 1000LL;
}

QJsonObject ScheduleDefinition::toJson() const
{
    QJsonArray layerList;
    for (const Layer &layer : layers) {
        layerList.append(layerToJson(layer));
    }
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"description"_s, description},
            {u"team"_s, team.isEmpty() ? QJsonValue() : QJsonValue(team)},
            {u"timeZone"_s, QString::fromUtf8(timeZone.id())},
            {u"layers"_s, layerList}};
}

bool isTimeZoneId(const QString &id)
{
    // IANA ids are made of these (Europe/Berlin, Etc/GMT+5, America/Port-au-Prince).
    const bool plain = !id.isEmpty() && id.size() <= 64
        && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
                   || (c >= u'0' && c <= u'9') || c == u'/' || c == u'_' || c == u'-'
                   || c == u'+';
           });
    return plain && QTimeZone(id.toUtf8()).isValid();
}

bool ScheduleDefinition::fromJson(const QJsonObject &object, QString *error)
{
    const QString zoneId = object.value(u"timeZone"_s).toString();
    if (!isTimeZoneId(zoneId)) {
        *error = u"timeZone must be an IANA time zone such as Europe/Berlin"_s;
        return false;
    }
    const QTimeZone zone(zoneId.toUtf8());
    const QString newName = object.value(u"name"_s).toString().trimmed();
    if (newName.isEmpty() || newName.size() > 200) {
        *error = u"a schedule needs a name of 1 to 200 characters"_s;
        return false;
    }
    const QJsonArray layerList = object.value(u"layers"_s).toArray();
    if (layerList.isEmpty() || layerList.size() > 20) {
        *error = u"a schedule needs 1 to 20 layers"_s;
        return false;
    }
    QList<Layer> parsed;
    for (qsizetype i = 0; i < layerList.size(); ++i) {
        Layer layer;
        if (!parseLayer(layerList.at(i).toObject(), int(i), &layer, error)) {
            return false;
        }
        parsed.append(layer);
    }
    name = newName;
    description = object.value(u"description"_s).toString().left(2000);
    team = object.value(u"team"_s).toString();
    timeZone = zone;
    layers = parsed;
    return true;
}

QList<Shift> layerShifts(const ScheduleDefinition &schedule, const Layer &layer, qint64 from,
                         qint64 to)
{
    QList<Shift> shifts;
    if (layer.users.isEmpty() || (layer.lengthDays <= 0 && layer.lengthHours <= 0)) {
        return shifts;
    }
    const QTimeZone &zone = schedule.timeZone;
    const qint64 end = layer.endsAt > 0 ? qMin(to, layer.endsAt) : to;
    const qint64 first = periodAt(zone, layer, from);
    qint64 start = periodStart(zone, layer, first);
    for (qint64 k = first; start < end && k < first + s_maxPeriods; ++k) {
        const qint64 next = periodStart(zone, layer, k + 1);
        const Shift shift{qMax(start, from), qMin(next, end),
                          layer.users.at(qsizetype(k % layer.users.size())),
                          u"layer:"_s + layer.id};
        if (shift.end > shift.start) {
            shifts.append(shift);
        }
        start = next;
    }
    if (layer.restrictions.isEmpty() || shifts.isEmpty()) {
        return shifts;
    }
    QList<Shift> restricted;
    const QList<Interval> windows = restrictionWindows(zone, layer, from, end);
    for (const Shift &shift : std::as_const(shifts)) {
        clipToWindows(shift, windows, &restricted);
    }
    return restricted;
}

QList<Shift> finalShifts(const ScheduleDefinition &schedule, qint64 from, qint64 to)
{
    QList<Shift> canvas;
    if (to <= from) {
        return canvas;
    }
    for (const Layer &layer : schedule.layers) {
        const QList<Shift> shifts = layerShifts(schedule, layer, from, to);
        for (const Shift &shift : shifts) {
            paint(&canvas, shift);
        }
    }
    for (const Override &override : schedule.overrides) {
        const Shift piece{qMax(override.start, from), qMin(override.end, to), override.user,
                          u"override:"_s + override.id};
        if (piece.end > piece.start) {
            paint(&canvas, piece);
        }
    }

    QList<Shift> joined;
    for (const Shift &shift : std::as_const(canvas)) {
        if (!joined.isEmpty() && joined.last().end == shift.start
            && joined.last().user == shift.user) {
            joined.last().end = shift.end;
        } else {
            joined.append(shift);
        }
    }
    return joined;
}

Shift shiftAt(const ScheduleDefinition &schedule, qint64 at)
{
    const QList<Shift> shifts = finalShifts(schedule, at - s_lookBehindMs, at + s_lookBehindMs);
    for (const Shift &shift : shifts) {
        if (shift.start <= at && at < shift.end) {
            return shift;
        }
    }
    return {};
}

Shift nextShift(const ScheduleDefinition &schedule, qint64 at, qint64 horizon)
{
    const QList<Shift> shifts = finalShifts(schedule, at - s_lookBehindMs, at + horizon);
    const Shift current = shiftAt(schedule, at);
    const qint64 after = current.isValid() ? current.end : at;
    for (const Shift &shift : shifts) {
        if (shift.start >= after && shift.user != current.user) {
            return shift;
        }
    }
    return {};
}

} // namespace Firebreak::OnCall
