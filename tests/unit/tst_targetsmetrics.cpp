// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Timer arithmetic with a controlled clock, and metrics on a known history whose expected
// values were worked out by hand (see the comments beside each figure).
#include "incidentroom.h"
#include "incidents/metrics.h"
#include "incidents/targetwatch.h"

#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_minute = 60'000;
constexpr qint64 s_hour = 60 * s_minute;
constexpr qint64 s_day = 24 * s_hour;

QStringList describe(const EventList &events)
{
    QStringList list;
    for (const Event &event : events) {
        list.append(event.type + u' ' + event.data().value(u"target"_s).toString());
    }
    return list;
}

} // namespace

class TestTargetsMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void targetStatesOverTime_data();
    void targetStatesOverTime();
    void targetEventsAnnouncedOnce();
    void breachWithoutRiskAnnouncesBreachOnly();
    void configuredTargetsApply();
    void metricsOnKnownHistory();
    void metricsFilters();
    void outOfOrderMilestonesNotCountedAsMet();
    void csvExport();
    void csvNeutralisesFormulas();
};

void TestTargetsMetrics::targetStatesOverTime_data()
{
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<QString>("firstResponse");
    QTest::addColumn<QString>("resolution");
    // P1 defaults: first response 15 min (at risk from 12), resolution 2 h (at risk from 96 min).
    QTest::newRow("just opened") << qint64(0) << u"on_track"_s << u"on_track"_s;
    QTest::newRow("11:59") << 12 * s_minute - 1000 << u"on_track"_s << u"on_track"_s;
    QTest::newRow("12:00 at risk") << 12 * s_minute << u"at_risk"_s << u"on_track"_s;
    QTest::newRow("15:00 breached") << 15 * s_minute << u"breached"_s << u"on_track"_s;
    QTest::newRow("96 min") << 96 * s_minute << u"breached"_s << u"at_risk"_s;
    QTest::newRow("2 h") << 2 * s_hour << u"breached"_s << u"breached"_s;
}

void TestTargetsMetrics::targetStatesOverTime()
{
    QFETCH(qint64, elapsed);
    QFETCH(QString, firstResponse);
    QFETCH(QString, resolution);
    Room room;
    const QString id = room.declare(u"P1"_s);
    const QList<TargetState> states = evaluateTargets(room.incident(id),
                                                      room.projection.targets(), s_t0 + elapsed);
    QCOMPARE(targetStateName(states.at(0).state), firstResponse);
    QCOMPARE(targetStateName(states.at(1).state), resolution);
    QCOMPARE(states.at(0).deadline, s_t0 + 15 * s_minute);
    QCOMPARE(states.at(1).deadline, s_t0 + 2 * s_hour);
}

void TestTargetsMetrics::targetEventsAnnouncedOnce()
{
    Room room;
    const QString id = room.declare(u"P1"_s);
    QVERIFY(dueTargetEvents(room.projection, s_t0 + 11 * s_minute).isEmpty());

    EventList due = dueTargetEvents(room.projection, s_t0 + 12 * s_minute);
    QCOMPARE(describe(due), QStringList{u"incident.target_at_risk first_response"_s});
    QCOMPARE(due.first().actor, u"system"_s);
    room.apply(due);
    QVERIFY(dueTargetEvents(room.projection, s_t0 + 13 * s_minute).isEmpty());

    due = dueTargetEvents(room.projection, s_t0 + 15 * s_minute);
    QCOMPARE(describe(due), QStringList{u"incident.target_breached first_response"_s});
    room.apply(due);
    QVERIFY(room.incident(id).targetStates.contains(u"first_response:breached"_s));

    // Acknowledged late: the first-response target is missed, nothing more about it.
    QVERIFY(room.at(s_t0 + 16 * s_minute, u"incident.acknowledge"_s, id));
    const QList<TargetState> states = evaluateTargets(room.incident(id),
                                                      room.projection.targets(),
                                                      s_t0 + 17 * s_minute);
    QCOMPARE(states.at(0).state, TargetState::State::Missed);
    QVERIFY(dueTargetEvents(room.projection, s_t0 + 90 * s_minute).isEmpty());

    // Resolved in time: nothing is announced about resolution.
    QVERIFY(room.at(s_t0 + 95 * s_minute, u"incident.resolve"_s, id));
    QVERIFY(dueTargetEvents(room.projection, s_t0 + 3 * s_hour).isEmpty());
    QCOMPARE(evaluateTargets(room.incident(id), room.projection.targets(), s_t0 + 3 * s_hour)
                 .at(1)
                 .state,
             TargetState::State::Met);
}

void TestTargetsMetrics::breachWithoutRiskAnnouncesBreachOnly()
{
    Room room;
    room.declare(u"P2"_s);
    // Nobody checked for 9 hours (a server outage): both targets are simply breached.
    const EventList due = dueTargetEvents(room.projection, s_t0 + 9 * s_hour);
    QCOMPARE(describe(due), (QStringList{u"incident.target_breached first_response"_s,
                                         u"incident.target_breached resolution"_s}));
}

void TestTargetsMetrics::configuredTargetsApply()
{
    Room room;
    QVERIFY(room.run({{u"type"_s, u"config.set_targets"_s},
                      {u"targets"_s,
                       QJsonObject{{u"atRiskFraction"_s, 0.5},
                                   {u"severities"_s,
                                    QJsonObject{{u"P3"_s,
                                                 QJsonObject{{u"firstResponseMinutes"_s, 60},
                                                             {u"resolutionMinutes"_s, 0}}}}}}}})
                .ok);
    const QString id = room.declare(u"P3"_s);
    const QList<TargetState> states = evaluateTargets(room.incident(id),
                                                      room.projection.targets(),
                                                      s_t0 + 30 * s_minute);
    QCOMPARE(states.at(0).state, TargetState::State::AtRisk); // half of 60 minutes
    QCOMPARE(states.at(1).state, TargetState::State::NotApplicable);
}

void TestTargetsMetrics::metricsOnKnownHistory()
{
    Room room;
    // A: P1 search/discovery. Impact 5 min before detection; ack +10 min, monitoring (mitigated)
    //    +30 min, resolved +60 min. Meets both targets.
    room.now = s_t0;
    const QString a = room.declare(u"P1"_s, {{u"team"_s, u"discovery"_s}});
    QVERIFY(room.at(s_t0, u"incident.set_milestone"_s, a,
                    {{u"milestone"_s, u"impact_started"_s},
                     {u"at"_s, isoFromMs(s_t0 - 5 * s_minute)}}));
    QVERIFY(room.at(s_t0 + 10 * s_minute, u"incident.acknowledge"_s, a));
    QVERIFY(room.at(s_t0 + 30 * s_minute, u"incident.set_status"_s, a,
                    {{u"status"_s, u"monitoring"_s}}));
    QVERIFY(room.at(s_t0 + 60 * s_minute, u"incident.resolve"_s, a));

    // B: P1 search, one day later. Ack +20 min (missed), resolved +3 h (missed).
    const qint64 b0 = s_t0 + s_day;
    room.now = b0;
    const QString b = room.declare(u"P1"_s);
    QVERIFY(room.at(b0 + 20 * s_minute, u"incident.acknowledge"_s, b));
    QVERIFY(room.at(b0 + 3 * s_hour, u"incident.resolve"_s, b));

    // C: P2 booking, two days later. Ack +5 min, mitigated +1 h, resolved +7 h: both met.
    const qint64 c0 = s_t0 + 2 * s_day;
    room.now = c0;
    const QString c = room.declare(u"P2"_s, {{u"service"_s, u"booking"_s}});
    QVERIFY(room.at(c0 + 5 * s_minute, u"incident.acknowledge"_s, c));
    QVERIFY(room.at(c0 + s_hour, u"incident.set_status"_s, c, {{u"status"_s, u"monitoring"_s}}));
    QVERIFY(room.at(c0 + 7 * s_hour, u"incident.resolve"_s, c));

    // D: P2 booking, same day as C, still open and never acknowledged.
    room.now = c0;
    const QString d = room.declare(u"P2"_s, {{u"service"_s, u"booking"_s}});
    // E: a duplicate merged into D: counted in D, not on its own.
    const QString e = room.declare(u"P2"_s, {{u"service"_s, u"booking"_s}});
    QVERIFY(room.at(c0, u"incident.merge"_s, e, {{u"into"_s, d}}));

    const MetricsReport report = computeMetrics(room.projection, {}, c0 + s_hour);
    QCOMPARE(report.incidents, 4);
    QCOMPARE(report.open, 1);

    // Detect: A 300 s, B C D 0 s (no earlier impact known) → [0, 0, 0, 300 s].
    QCOMPARE(report.timeToDetect.count, 4);
    QCOMPARE(report.timeToDetect.mean, 75'000);
    QCOMPARE(report.timeToDetect.p50, 0);
    QCOMPARE(report.timeToDetect.p90, 300'000);
    // Acknowledge: [5, 10, 20] min → mean 35/3 min = 700 s, p50 10 min, p90 20 min.
    QCOMPARE(report.timeToAcknowledge.count, 3);
    QCOMPARE(report.timeToAcknowledge.mean, 700'000);
    QCOMPARE(report.timeToAcknowledge.p50, 10 * s_minute);
    QCOMPARE(report.timeToAcknowledge.p90, 20 * s_minute);
    // Mitigate: [30 min, 60 min] → mean 45 min.
    QCOMPARE(report.timeToMitigate.count, 2);
    QCOMPARE(report.timeToMitigate.mean, 45 * s_minute);
    // Resolve: [1 h, 3 h, 7 h] → mean 11/3 h = 13,200 s, p50 3 h, max 7 h.
    QCOMPARE(report.timeToResolve.count, 3);
    QCOMPARE(report.timeToResolve.mean, 13'200'000);
    QCOMPARE(report.timeToResolve.p50, 3 * s_hour);
    QCOMPARE(report.timeToResolve.max, 7 * s_hour);

    // First response: P1 A met, B missed; P2 C met, D breached while open.
    QCOMPARE(report.firstResponse.value(u"P1"_s).met, 1);
    QCOMPARE(report.firstResponse.value(u"P1"_s).missed, 1);
    QCOMPARE(report.firstResponse.value(u"P2"_s).share(), 0.5);
    // Resolution: P1 A met, B missed; P2 C met, D pending (1 h of 8 h).
    QCOMPARE(report.resolution.value(u"P1"_s).share(), 0.5);
    QCOMPARE(report.resolution.value(u"P2"_s).met, 1);
    QCOMPARE(report.resolution.value(u"P2"_s).pending, 1);
    QCOMPARE(report.resolution.value(u"P2"_s).share(), 1.0);

    QCOMPARE(report.bySeverity.value(u"P1"_s), 2);
    QCOMPARE(report.byService.value(u"booking"_s), 2);
    QCOMPARE(report.byTeam.value(u"discovery"_s), 1);
    QCOMPARE(report.byTeam.value(u"(none)"_s), 3);
    QCOMPARE(report.byPeriod.size(), 3);
    QCOMPARE(report.byPeriod.value(u"2026-12-06"_s), 2);
}

void TestTargetsMetrics::metricsFilters()
{
    Room room;
    room.declare(u"P1"_s);
    room.now = s_t0 + 2 * s_day;
    room.declare(u"P3"_s, {{u"service"_s, u"booking"_s}});

    MetricsFilter bySeverity;
    bySeverity.severity = Severity::P3;
    QCOMPARE(computeMetrics(room.projection, bySeverity, room.now).incidents, 1);
    MetricsFilter byService;
    byService.service = u"search"_s;
    QCOMPARE(computeMetrics(room.projection, byService, room.now).incidents, 1);
    MetricsFilter byTime;
    byTime.from = s_t0 + s_day;
    QCOMPARE(computeMetrics(room.projection, byTime, room.now).incidents, 1);
    MetricsFilter weekly;
    weekly.period = u"week"_s;
    // 2026-12-04 is a Friday, 2026-12-06 a Sunday: one week starting Monday 2026-11-30.
    QCOMPARE(computeMetrics(room.projection, weekly, room.now).byPeriod,
             (QMap<QString, int>{{u"2026-11-30"_s, 2}}));
}

// Milestones stored out of order by an earlier version: a negative span is no measurement.
void TestTargetsMetrics::outOfOrderMilestonesNotCountedAsMet()
{
    Room room;
    const QString id = room.declare(u"P1"_s);
    room.apply({makeEvent(u"incident.milestone_set"_s, u"user:alice"_s, id,
                          {{u"milestone"_s, u"acknowledged"_s},
                           {u"at"_s, isoFromMs(s_t0 - 10 * s_minute)}}),
                makeEvent(u"incident.milestone_set"_s, u"user:alice"_s, id,
                          {{u"milestone"_s, u"resolved"_s},
                           {u"at"_s, isoFromMs(s_t0 - 5 * s_minute)}})});

    const MetricsReport report = computeMetrics(room.projection, {}, s_t0 + s_day);
    QCOMPARE(report.timeToAcknowledge.count, 0);
    QCOMPARE(report.timeToResolve.count, 0);
    QCOMPARE(report.firstResponse.value(u"P1"_s).met, 0);
    QCOMPARE(report.resolution.value(u"P1"_s).met, 0);
}

void TestTargetsMetrics::csvExport()
{
    Room room;
    const QString id = room.declare(u"P1"_s, {{u"service"_s, u"search, \"EU\""_s}});
    QVERIFY(room.at(s_t0 + 90'000, u"incident.acknowledge"_s, id));
    const QByteArray csv = computeMetrics(room.projection, {}, s_t0 + s_hour).toCsv();
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    QCOMPARE(lines.first(), "section,key,count,mean_s,p50_s,p90_s,p95_s,max_s,share"_ba);
    QVERIFY(lines.contains("time_to_acknowledge,all,1,90.000,90.000,90.000,90.000,90.000,"_ba));
    QVERIFY(lines.contains("first_response,P1,1,,,,,,1.0000"_ba));
    QVERIFY2(lines.contains("service,\"search, \"\"EU\"\"\",1,,,,,,"_ba), csv.constData());
}

void TestTargetsMetrics::csvNeutralisesFormulas()
{
    Room room;
    room.declare(u"P1"_s, {{u"service"_s, u"@SUM(1+1)\rX"_s}});
    room.declare(u"P1"_s, {{u"service"_s, u"=HYPERLINK(\"http://x\")"_s}});
    room.declare(u"P1"_s, {{u"service"_s, u"-2"_s}});
    room.declare(u"P1"_s, {{u"service"_s, u"+1"_s}});
    const QByteArray csv = computeMetrics(room.projection, {}, s_t0 + s_hour).toCsv();

    // Formula cells start with a quote; a cell with CR is quoted, so no row holds a bare CR.
    QVERIFY2(csv.contains("service,\"'@SUM(1+1)\rX\",1,"), csv.constData());
    QVERIFY2(csv.contains("service,\"'=HYPERLINK(\"\"http://x\"\")\",1,"), csv.constData());
    QVERIFY2(csv.contains("service,'-2,1,"), csv.constData());
    QVERIFY2(csv.contains("service,'+1,1,"), csv.constData());
    QVERIFY2(!csv.contains("\n@") && !csv.contains(",="), csv.constData());
}

QTEST_GUILESS_MAIN(TestTargetsMetrics)
#include "tst_targetsmetrics.moc"
