// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Rotation and override arithmetic across time zones and daylight-saving changes. Every
// expected instant was worked out by hand from the 2026 transitions (zdump):
//   Europe/Berlin     2026-03-29 02:00 CET → 03:00 CEST (01:00Z),
//                     2026-10-25 03:00 → 02:00 (01:00Z)
//   America/New_York  2026-03-08 02:00 EST → 03:00 EDT (07:00Z),
//                     2026-11-01 02:00 → 01:00 (06:00Z)
//   Australia/Sydney  2026-04-05 03:00 AEDT → 02:00 AEST (16:00Z on 04-04),
//                     2026-10-04 02:00 AEST → 03:00 AEDT (16:00Z on 10-03)
#include "events/event.h"
#include "oncall/icalendar.h"
#include "oncall/schedule.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using namespace Firebreak::OnCall;

namespace {

qint64 utc(const char *iso)
{
    return msFromIso(QString::fromLatin1(iso));
}

ScheduleDefinition schedule(const QString &zone, const QJsonArray &layers)
{
    ScheduleDefinition definition;
    definition.id = u"s1"_s;
    QString error;
    const bool ok = definition.fromJson({{u"name"_s, u"Primary"_s},
                                         {u"timeZone"_s, zone},
                                         {u"layers"_s, layers}},
                                        &error);
    if (!ok) {
        qWarning() << error;
    }
    return definition;
}

QJsonObject layer(const QStringList &users, const QString &start, const QString &rotation,
                  int length = 0)
{
    QJsonObject object{{u"users"_s, QJsonArray::fromStringList(users)},
                       {u"start"_s, start},
                       {u"rotation"_s, rotation}};
    if (rotation == u"custom") {
        object.insert(length > 0 ? u"days"_s : u"hours"_s, qAbs(length));
    }
    return object;
}

/// Mon–Fri 09:00–17:00 in the schedule's zone.
QJsonArray businessHours()
{
    return {QJsonObject{{u"days"_s, QJsonArray{u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s}},
                        {u"from"_s, u"09:00"_s},
                        {u"to"_s, u"17:00"_s}}};
}

/// Berlin: a weekly 24/7 layer under a business-hours layer.
ScheduleDefinition berlinLayered()
{
    QJsonObject office = layer({u"carol"_s}, u"2026-10-19T00:00"_s, u"weekly"_s);
    office.insert(u"restrictions"_s, businessHours());
    return schedule(u"Europe/Berlin"_s,
                    {layer({u"alice"_s, u"bob"_s}, u"2026-10-19T09:00"_s, u"weekly"_s), office});
}

} // namespace

class ScheduleTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wallClock_data();
    void wallClock();
    void rotation_data();
    void rotation();
    void restrictions_data();
    void restrictions();
    void overrides();
    void nextOnCall();
    void finalShiftsJoinAndClip();
    void rejectsBadDefinitions_data();
    void rejectsBadDefinitions();
    void roundTripsJson();
    void calendarExport();
};

void ScheduleTest::wallClock_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("expected");

    QTest::newRow("berlin winter") << u"Europe/Berlin"_s << u"2026-01-15T09:00"_s
                                   << u"2026-01-15T08:00:00.000Z"_s;
    QTest::newRow("berlin summer") << u"Europe/Berlin"_s << u"2026-07-15T09:00"_s
                                   << u"2026-07-15T07:00:00.000Z"_s;
    QTest::newRow("berlin skipped 02:30 moves to 03:30")
        << u"Europe/Berlin"_s << u"2026-03-29T02:30"_s << u"2026-03-29T01:30:00.000Z"_s;
    QTest::newRow("berlin repeated 02:30 is the first")
        << u"Europe/Berlin"_s << u"2026-10-25T02:30"_s << u"2026-10-25T00:30:00.000Z"_s;
    QTest::newRow("new york skipped 02:30") << u"America/New_York"_s << u"2026-03-08T02:30"_s
                                            << u"2026-03-08T07:30:00.000Z"_s;
    QTest::newRow("new york repeated 01:30") << u"America/New_York"_s << u"2026-11-01T01:30"_s
                                             << u"2026-11-01T05:30:00.000Z"_s;
    QTest::newRow("sydney skipped 02:30") << u"Australia/Sydney"_s << u"2026-10-04T02:30"_s
                                          << u"2026-10-03T16:30:00.000Z"_s;
    QTest::newRow("sydney repeated 02:30") << u"Australia/Sydney"_s << u"2026-04-05T02:30"_s
                                           << u"2026-04-04T15:30:00.000Z"_s;
}

void ScheduleTest::wallClock()
{
    QFETCH(QString, zone);
    QFETCH(QString, local);
    QFETCH(QString, expected);
    const QDateTime parsed = QDateTime::fromString(local, u"yyyy-MM-ddTHH:mm"_s);
    const qint64 at = wallClockToUtc(QTimeZone(zone.toUtf8()), parsed.date(), parsed.time());
    QCOMPARE(isoFromMs(at), expected);
}

void ScheduleTest::rotation_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QJsonObject>("definition");
    QTest::addColumn<QString>("at");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");

    const QJsonObject berlinDaily = layer({u"alice"_s, u"bob"_s}, u"2026-03-27T09:00"_s,
                                          u"daily"_s);
    QTest::newRow("berlin daily: the night clocks spring forward lasts 23 h")
        << u"Europe/Berlin"_s << berlinDaily << u"2026-03-28T12:00:00Z"_s << u"bob"_s
        << u"2026-03-28T08:00:00.000Z"_s << u"2026-03-29T07:00:00.000Z"_s;
    QTest::newRow("berlin daily: hand-off at 09:00 CEST")
        << u"Europe/Berlin"_s << berlinDaily << u"2026-03-29T07:00:00Z"_s << u"alice"_s
        << u"2026-03-29T07:00:00.000Z"_s << u"2026-03-30T07:00:00.000Z"_s;
    QTest::newRow("berlin daily: one ms before the hand-off")
        << u"Europe/Berlin"_s << berlinDaily << u"2026-03-29T06:59:59.999Z"_s << u"bob"_s
        << u"2026-03-28T08:00:00.000Z"_s << u"2026-03-29T07:00:00.000Z"_s;

    const QJsonObject berlinGap = layer({u"alice"_s, u"bob"_s}, u"2026-03-27T02:30"_s,
                                        u"daily"_s);
    QTest::newRow("berlin daily 02:30: the skipped hand-off happens at 03:30")
        << u"Europe/Berlin"_s << berlinGap << u"2026-03-29T01:00:00Z"_s << u"bob"_s
        << u"2026-03-28T01:30:00.000Z"_s << u"2026-03-29T01:30:00.000Z"_s;
    QTest::newRow("berlin daily 02:30: the shift after it lasts 23 h")
        << u"Europe/Berlin"_s << berlinGap << u"2026-03-29T12:00:00Z"_s << u"alice"_s
        << u"2026-03-29T01:30:00.000Z"_s << u"2026-03-30T00:30:00.000Z"_s;

    QTest::newRow("berlin weekly: the week clocks fall back lasts 169 h")
        << u"Europe/Berlin"_s << layer({u"alice"_s, u"bob"_s}, u"2026-10-19T10:00"_s, u"weekly"_s)
        << u"2026-10-25T12:00:00Z"_s << u"alice"_s << u"2026-10-19T08:00:00.000Z"_s
        << u"2026-10-26T09:00:00.000Z"_s;

    const QJsonObject newYorkWeekly = layer({u"ann"_s, u"ben"_s, u"cat"_s},
                                            u"2026-03-02T10:00"_s, u"weekly"_s);
    QTest::newRow("new york weekly: the week clocks spring forward lasts 167 h")
        << u"America/New_York"_s << newYorkWeekly << u"2026-03-08T12:00:00Z"_s << u"ann"_s
        << u"2026-03-02T15:00:00.000Z"_s << u"2026-03-09T14:00:00.000Z"_s;
    QTest::newRow("new york weekly: second week")
        << u"America/New_York"_s << newYorkWeekly << u"2026-03-09T14:30:00Z"_s << u"ben"_s
        << u"2026-03-09T14:00:00.000Z"_s << u"2026-03-16T14:00:00.000Z"_s;
    QTest::newRow("new york weekly: fourth week wraps to the first person")
        << u"America/New_York"_s << newYorkWeekly << u"2026-03-25T00:00:00Z"_s << u"ann"_s
        << u"2026-03-23T14:00:00.000Z"_s << u"2026-03-30T14:00:00.000Z"_s;

    QTest::newRow("new york daily 01:30: the repeated hour hands off at its first 01:30")
        << u"America/New_York"_s
        << layer({u"ann"_s, u"ben"_s}, u"2026-10-30T01:30"_s, u"daily"_s)
        << u"2026-11-01T06:00:00Z"_s << u"ann"_s << u"2026-11-01T05:30:00.000Z"_s
        << u"2026-11-02T06:30:00.000Z"_s;

    QTest::newRow("sydney daily: the day clocks fall back lasts 25 h")
        << u"Australia/Sydney"_s
        << layer({u"kim"_s, u"lee"_s}, u"2026-04-03T09:00"_s, u"daily"_s)
        << u"2026-04-04T12:00:00Z"_s << u"lee"_s << u"2026-04-03T22:00:00.000Z"_s
        << u"2026-04-04T23:00:00.000Z"_s;
    QTest::newRow("sydney 12-hour shifts keep their length; the local hand-off moves")
        << u"Australia/Sydney"_s
        << layer({u"kim"_s, u"lee"_s}, u"2026-10-03T20:00"_s, u"custom"_s, -12)
        << u"2026-10-04T00:00:00Z"_s << u"lee"_s << u"2026-10-03T22:00:00.000Z"_s
        << u"2026-10-04T10:00:00.000Z"_s;
    QTest::newRow("sydney 2-day rotation over the spring-forward night lasts 47 h")
        << u"Australia/Sydney"_s
        << layer({u"kim"_s, u"lee"_s, u"max"_s}, u"2026-10-02T08:00"_s, u"custom"_s, 2)
        << u"2026-10-03T20:59:00Z"_s << u"kim"_s << u"2026-10-01T22:00:00.000Z"_s
        << u"2026-10-03T21:00:00.000Z"_s;
    QTest::newRow("sydney 2-day rotation, second turn")
        << u"Australia/Sydney"_s
        << layer({u"kim"_s, u"lee"_s, u"max"_s}, u"2026-10-02T08:00"_s, u"custom"_s, 2)
        << u"2026-10-03T21:30:00Z"_s << u"lee"_s << u"2026-10-03T21:00:00.000Z"_s
        << u"2026-10-05T21:00:00.000Z"_s;
    QTest::newRow("before the layer starts nobody is on call")
        << u"Europe/Berlin"_s << berlinDaily << u"2026-03-27T07:00:00Z"_s << QString()
        << QString() << QString();
}

void ScheduleTest::rotation()
{
    QFETCH(QString, zone);
    QFETCH(QJsonObject, definition);
    QFETCH(QString, at);
    QFETCH(QString, user);
    QFETCH(QString, start);
    QFETCH(QString, end);

    const ScheduleDefinition rotation = schedule(zone, {definition});
    QVERIFY(!rotation.layers.isEmpty());
    const Shift shift = shiftAt(rotation, msFromIso(at));
    QCOMPARE(shift.user, user);
    if (!user.isEmpty()) {
        QCOMPARE(isoFromMs(shift.start), start);
        QCOMPARE(isoFromMs(shift.end), end);
    }
}

void ScheduleTest::restrictions_data()
{
    QTest::addColumn<QString>("at");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");

    QTest::newRow("friday office hours (CEST)") << u"2026-10-23T10:00:00Z"_s << u"carol"_s
                                                << u"2026-10-23T07:00:00.000Z"_s
                                                << u"2026-10-23T15:00:00.000Z"_s;
    QTest::newRow("the weekend shows the layer below") << u"2026-10-24T10:00:00Z"_s
                                                       << u"alice"_s
                                                       << u"2026-10-23T15:00:00.000Z"_s
                                                       << u"2026-10-26T08:00:00.000Z"_s;
    QTest::newRow("monday office hours (CET, after the change)")
        << u"2026-10-26T08:30:00Z"_s << u"carol"_s << u"2026-10-26T08:00:00.000Z"_s
        << u"2026-10-26T16:00:00.000Z"_s;
    QTest::newRow("monday evening: the next person of the layer below")
        << u"2026-10-26T16:30:00Z"_s << u"bob"_s << u"2026-10-26T16:00:00.000Z"_s
        << u"2026-10-27T08:00:00.000Z"_s;
}

void ScheduleTest::restrictions()
{
    QFETCH(QString, at);
    QFETCH(QString, user);
    QFETCH(QString, start);
    QFETCH(QString, end);

    const Shift shift = shiftAt(berlinLayered(), msFromIso(at));
    QCOMPARE(shift.user, user);
    QCOMPARE(isoFromMs(shift.start), start);
    QCOMPARE(isoFromMs(shift.end), end);
}

void ScheduleTest::overrides()
{
    ScheduleDefinition layered = berlinLayered();
    layered.overrides.append({u"o1"_s, u"dave"_s, utc("2026-10-24T00:00:00Z"),
                              utc("2026-10-25T00:00:00Z")});

    const Shift covered = shiftAt(layered, utc("2026-10-24T10:00:00Z"));
    QCOMPARE(covered.user, u"dave"_s);
    QCOMPARE(covered.source, u"override:o1"_s);
    QCOMPARE(covered.start, utc("2026-10-24T00:00:00Z"));
    QCOMPARE(covered.end, utc("2026-10-25T00:00:00Z"));

    // The layer shows again on both sides of the override.
    const Shift before = shiftAt(layered, utc("2026-10-23T23:00:00Z"));
    QCOMPARE(before.user, u"alice"_s);
    QCOMPARE(before.end, utc("2026-10-24T00:00:00Z"));
    const Shift after = shiftAt(layered, utc("2026-10-25T01:30:00Z"));
    QCOMPARE(after.user, u"alice"_s);
    QCOMPARE(after.start, utc("2026-10-25T00:00:00Z"));
    QCOMPARE(after.end, utc("2026-10-26T08:00:00Z"));

    // A later override wins over an earlier one where they overlap.
    layered.overrides.append({u"o2"_s, u"erin"_s, utc("2026-10-24T12:00:00Z"),
                              utc("2026-10-24T13:00:00Z")});
    QCOMPARE(shiftAt(layered, utc("2026-10-24T12:30:00Z")).user, u"erin"_s);
    QCOMPARE(shiftAt(layered, utc("2026-10-24T13:00:00Z")).user, u"dave"_s);
}

void ScheduleTest::nextOnCall()
{
    const ScheduleDefinition layered = berlinLayered();
    const Shift next = nextShift(layered, utc("2026-10-24T10:00:00Z"));
    QCOMPARE(next.user, u"carol"_s);
    QCOMPARE(next.start, utc("2026-10-26T08:00:00Z"));

    const Shift afterCarol = nextShift(layered, utc("2026-10-26T09:00:00Z"));
    QCOMPARE(afterCarol.user, u"bob"_s);
    QCOMPARE(afterCarol.start, utc("2026-10-26T16:00:00Z"));
}

void ScheduleTest::finalShiftsJoinAndClip()
{
    // One person alone in a daily rotation is one continuous shift, clipped to the range.
    const ScheduleDefinition solo = schedule(u"America/New_York"_s,
                                             {layer({u"ann"_s}, u"2026-03-01T09:00"_s,
                                                    u"daily"_s)});
    const QList<Shift> shifts = finalShifts(solo, utc("2026-03-05T00:00:00Z"),
                                            utc("2026-03-12T00:00:00Z"));
    QCOMPARE(shifts.size(), 1);
    QCOMPARE(shifts.first().start, utc("2026-03-05T00:00:00Z"));
    QCOMPARE(shifts.first().end, utc("2026-03-12T00:00:00Z"));

    // Business hours only: five windows a week, none on the weekend.
    QJsonObject office = layer({u"ann"_s}, u"2026-03-02T00:00"_s, u"weekly"_s);
    office.insert(u"restrictions"_s, businessHours());
    const QList<Shift> week = finalShifts(schedule(u"America/New_York"_s, {office}),
                                          utc("2026-03-02T00:00:00Z"),
                                          utc("2026-03-09T00:00:00Z"));
    QCOMPARE(week.size(), 5);
    QCOMPARE(week.first().start, utc("2026-03-02T14:00:00Z")); // 09:00 EST
    QCOMPARE(week.last().end, utc("2026-03-06T22:00:00Z"));    // 17:00 EST
    const QList<Shift> nextWeek = finalShifts(schedule(u"America/New_York"_s, {office}),
                                              utc("2026-03-09T00:00:00Z"),
                                              utc("2026-03-10T00:00:00Z"));
    QCOMPARE(nextWeek.size(), 1);
    QCOMPARE(nextWeek.first().start, utc("2026-03-09T13:00:00Z")); // 09:00 EDT
}

void ScheduleTest::rejectsBadDefinitions_data()
{
    QTest::addColumn<QJsonObject>("definition");
    QTest::addColumn<QString>("problem");

    const QJsonArray good{layer({u"ann"_s}, u"2026-03-01T09:00"_s, u"daily"_s)};
    QTest::newRow("unknown zone") << QJsonObject{{u"name"_s, u"x"_s},
                                                 {u"timeZone"_s, u"Mars/Olympus"_s},
                                                 {u"layers"_s, good}}
                                  << u"timeZone"_s;
    // QTimeZone reads an id up to a NUL; the id must be exactly one the system knows.
    QTest::newRow("zone with a NUL") << QJsonObject{{u"name"_s, u"x"_s},
                                                    {u"timeZone"_s, u"Europe/Berlin\u0000x"_s},
                                                    {u"layers"_s, good}}
                                     << u"timeZone"_s;
    QTest::newRow("no layers") << QJsonObject{{u"name"_s, u"x"_s},
                                              {u"timeZone"_s, u"UTC"_s},
                                              {u"layers"_s, QJsonArray()}}
                               << u"layers"_s;
    QTest::newRow("custom without length")
        << QJsonObject{{u"name"_s, u"x"_s},
                       {u"timeZone"_s, u"UTC"_s},
                       {u"layers"_s, QJsonArray{layer({u"a"_s}, u"2026-03-01T09:00"_s,
                                                      u"custom"_s)}}}
        << u"rotation"_s;
    QTest::newRow("bad start") << QJsonObject{{u"name"_s, u"x"_s},
                                              {u"timeZone"_s, u"UTC"_s},
                                              {u"layers"_s, QJsonArray{layer(
                                                                {u"a"_s}, u"tomorrow"_s,
                                                                u"daily"_s)}}}
                               << u"start"_s;
}

void ScheduleTest::rejectsBadDefinitions()
{
    QFETCH(QJsonObject, definition);
    QFETCH(QString, problem);
    ScheduleDefinition schedule;
    QString error;
    QVERIFY(!schedule.fromJson(definition, &error));
    QVERIFY2(error.contains(problem), qPrintable(error));
}

void ScheduleTest::roundTripsJson()
{
    const ScheduleDefinition original = berlinLayered();
    ScheduleDefinition copy;
    copy.id = original.id;
    QString error;
    QVERIFY2(copy.fromJson(original.toJson(), &error), qPrintable(error));
    QCOMPARE(copy.toJson(), original.toJson());
    QCOMPARE(finalShifts(copy, utc("2026-10-20T00:00:00Z"), utc("2026-11-03T00:00:00Z")),
             finalShifts(original, utc("2026-10-20T00:00:00Z"), utc("2026-11-03T00:00:00Z")));
}

void ScheduleTest::calendarExport()
{
    ScheduleDefinition layered = berlinLayered();
    layered.name = u"Payments, primary; \"EU\""_s;
    const qint64 stamp = utc("2026-10-01T00:00:00Z");
    const QByteArray ics = iCalendar(layered, utc("2026-10-23T00:00:00Z"),
                                     utc("2026-10-27T00:00:00Z"), u"firebreak.test"_s, stamp);
    const QList<QByteArray> lines = ics.split('\n');

    QVERIFY(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    QVERIFY(ics.endsWith("END:VCALENDAR\r\n"));
    for (const QByteArray &line : lines) {
        QVERIFY2(line.isEmpty() || line.endsWith('\r'), line.constData()); // CRLF everywhere
        QVERIFY2(line.size() <= 76, line.constData()); // 75 octets plus the CR
    }
    // TEXT values are escaped (RFC 5545 §3.3.11).
    QVERIFY(ics.contains("X-WR-CALNAME:Payments\\, primary\\; \"EU\""));
    // Shifts in UTC form, one event each, with stable ids.
    QVERIFY(ics.contains("DTSTART:20261023T070000Z\r\nDTEND:20261023T150000Z\r\n"
                         "SUMMARY:On call: carol\r\n"));
    QVERIFY(ics.contains("DTSTART:20261026T080000Z\r\nDTEND:20261026T160000Z\r\n"));
    QCOMPARE(ics.count("BEGIN:VEVENT"), ics.count("END:VEVENT"));
    QVERIFY(ics.contains("UID:s1-20261023T070000Z@firebreak.test"));
    QVERIFY(ics.contains("DTSTAMP:20261001T000000Z\r\n"));
    QCOMPARE(iCalendar(layered, utc("2026-10-23T00:00:00Z"), utc("2026-10-27T00:00:00Z"),
                       u"firebreak.test"_s, stamp),
             ics);

    // Long lines fold at 75 octets without splitting a UTF-8 sequence.
    layered.name = QString(60, QChar(0x00e9)); // é: two octets each
    const QByteArray folded = iCalendar(layered, utc("2026-10-23T00:00:00Z"),
                                        utc("2026-10-24T00:00:00Z"), u"firebreak.test"_s);
    QByteArray unfolded = folded;
    unfolded.replace("\r\n ", "");
    const QByteArray name = "X-WR-CALNAME:" + QString(60, QChar(0x00e9)).toUtf8();
    QVERIFY(unfolded.contains(name));
    for (const QByteArray &line : folded.split('\n')) {
        QVERIFY(QString::fromUtf8(line).toUtf8() == line); // each line valid UTF-8
    }
}

QTEST_GUILESS_MAIN(ScheduleTest)
#include "tst_schedule.moc"
