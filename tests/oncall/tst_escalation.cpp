// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Escalation walks as a pure function of the log and a clock the test moves.
#include "respondersroom.h"

#include <QTest>

using namespace Firebreak;
using namespace Firebreak::OnCall;
using Firebreak::Testing::RespondersRoom;

namespace {

constexpr qint64 s_minute = 60 * 1000;

QJsonObject target(const QString &type, const QString &id)
{
    return {{u"type"_s, type}, {u"id"_s, id}};
}

/// alice on call in "Primary" (UTC, from 2026-11-30), bob as the second level; checkout pages
/// through "Payments": 5 minutes for the schedule, 10 for bob, one repeat.
void setUp(RespondersRoom &room, int repeat = 1)
{
    QVERIFY(room.user(u"alice"_s));
    QVERIFY(room.user(u"bob"_s));
    QVERIFY(room.user(u"carol"_s));
    QVERIFY(room.run({{u"type"_s, u"schedule.create"_s},
                      {u"name"_s, u"Primary"_s},
                      {u"timeZone"_s, u"UTC"_s},
                      {u"layers"_s, QJsonArray{QJsonObject{
                                        {u"users"_s, QJsonArray{u"alice"_s}},
                                        {u"start"_s, u"2026-11-30T09:00"_s}}}}})
                .ok);
    const QJsonArray levels{
        QJsonObject{{u"timeoutMinutes"_s, 5},
                    {u"targets"_s, QJsonArray{target(u"schedule"_s, u"Primary"_s)}}},
        QJsonObject{{u"timeoutMinutes"_s, 10},
                    {u"targets"_s, QJsonArray{target(u"user"_s, u"bob"_s)}}}};
    QVERIFY(room.run({{u"type"_s, u"escalation_policy.create"_s},
                      {u"name"_s, u"Payments"_s},
                      {u"repeat"_s, repeat},
                      {u"levels"_s, levels}})
                .ok);
    QVERIFY(room.run({{u"type"_s, u"service.set_escalation_policy"_s},
                      {u"service"_s, u"checkout"_s},
                      {u"policy"_s, u"Payments"_s}})
                .ok);
}

QStringList pagedUsers(const EventList &events)
{
    QStringList users;
    for (const Event &event : events) {
        if (event.type == u"page.sent") {
            users.append(event.data().value(u"user"_s).toString());
        }
    }
    return users;
}

} // namespace

class EscalationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walksLevelsAndRepeats();
    void acknowledgingStopsTheWalk();
    void resolvingStopsWithoutAcknowledging();
    void dueEventsAreStableUntilApplied();
    void levelsWithNobodyArePassed();
    void deactivatedPeopleAreNotPaged();
    void manualStartWithAnyPolicy();
    void walkResumesAfterRebuild();
    void onlyTriggeredIncidentsWalk();
};

void EscalationTest::walksLevelsAndRepeats()
{
    RespondersRoom room;
    setUp(room);
    const qint64 t0 = room.now;
    const QString incident = room.declare(u"checkout"_s);

    EventList events = room.tick();
    QCOMPARE(room.types(events), (QStringList{u"escalation.started"_s,
                                              u"escalation.level_reached"_s, u"page.sent"_s}));
    QCOMPARE(pagedUsers(events), QStringList{u"alice"_s});
    QCOMPARE(events.last().incident, incident);
    QCOMPARE(events.last().data().value(u"email"_s).toString(), u"alice@example.com"_s);
    QCOMPARE(events.last().data().value(u"number"_s).toString(), u"INC-1"_s);

    room.now = t0 + 5 * s_minute - 1;
    QVERIFY(room.tick().isEmpty());

    room.now = t0 + 5 * s_minute;
    events = room.tick();
    QCOMPARE(pagedUsers(events), QStringList{u"bob"_s});
    QCOMPARE(events.first().data().value(u"level"_s).toInt(), 1);

    room.now = t0 + 15 * s_minute; // level 2 timed out: the repeat starts over
    events = room.tick();
    QCOMPARE(pagedUsers(events), QStringList{u"alice"_s});
    QCOMPARE(events.first().data().value(u"cycle"_s).toInt(), 1);

    room.now = t0 + 20 * s_minute;
    QCOMPARE(pagedUsers(room.tick()), QStringList{u"bob"_s});

    room.now = t0 + 30 * s_minute;
    QCOMPARE(room.types(room.tick()), QStringList{u"escalation.exhausted"_s});
    room.now = t0 + 60 * s_minute;
    QVERIFY(room.tick().isEmpty());

    const WalkRecord *walk = room.responders.paging().walk(incident);
    QVERIFY(!walk->active);
    QCOMPARE(walk->outcome, u"exhausted"_s);
    QCOMPARE(room.responders.paging().pages(incident).size(), 4);
    // Every page is on the incident's timeline.
    for (const Event &event : std::as_const(room.log)) {
        if (event.type.startsWith(u"page.") || event.type.startsWith(u"escalation.")) {
            QCOMPARE(event.incident, incident);
        }
    }
}

void EscalationTest::acknowledgingStopsTheWalk()
{
    RespondersRoom room;
    setUp(room);
    const QString incident = room.declare(u"checkout"_s);
    room.tick();
    QCOMPARE(room.responders.paging().openPagesFor(u"alice"_s).size(), 1);

    room.now += 2 * s_minute;
    QVERIFY(room.run({{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, incident}},
                     u"user:bob"_s)
                .ok);
    const EventList events = room.tick();
    QCOMPARE(room.types(events),
             (QStringList{u"escalation.stopped"_s, u"page.acknowledged"_s}));
    QCOMPARE(events.first().data().value(u"reason"_s).toString(), u"acknowledged"_s);
    QCOMPARE(events.first().data().value(u"by"_s).toString(), u"user:bob"_s);
    QCOMPARE(events.last().data().value(u"user"_s).toString(), u"alice"_s);

    const PageRecord *page = room.responders.paging().pages(incident).first();
    QCOMPARE(page->acknowledgedBy, u"user:bob"_s);
    QVERIFY(room.responders.paging().openPagesFor(u"alice"_s).isEmpty());

    // Nobody else is paged once the incident is acknowledged.
    room.now += 60 * s_minute;
    QVERIFY(room.tick().isEmpty());
}

void EscalationTest::resolvingStopsWithoutAcknowledging()
{
    RespondersRoom room;
    setUp(room);
    const QString incident = room.declare(u"checkout"_s);
    room.tick();
    QVERIFY(room.run({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, incident}}).ok);
    const EventList events = room.tick();
    QCOMPARE(room.types(events), QStringList{u"escalation.stopped"_s});
    QCOMPARE(events.first().data().value(u"reason"_s).toString(), u"resolved"_s);
    QCOMPARE(room.responders.paging().openPagesFor(u"alice"_s).size(), 1);
}

void EscalationTest::dueEventsAreStableUntilApplied()
{
    RespondersRoom room;
    setUp(room);
    room.declare(u"checkout"_s);
    const auto due = [&room] {
        return dueEscalationEvents(room.projection, room.responders.directory(),
                                   room.responders.paging(), room.now);
    };
    const EventList first = due();
    const EventList second = due();
    QCOMPARE(first.size(), second.size());
    QCOMPARE(first.last().data().value(u"page"_s), second.last().data().value(u"page"_s));
    room.apply(first);
    QVERIFY(due().isEmpty());
}

void EscalationTest::levelsWithNobodyArePassed()
{
    RespondersRoom room;
    setUp(room);
    // Nobody is on call in Primary before its first hand-off: level 1 pages bob at once.
    room.now = msFromIso(u"2026-11-29T12:00:00Z"_s);
    const QString incident = room.declare(u"checkout"_s);
    const EventList events = room.tick();
    QCOMPARE(room.types(events),
             (QStringList{u"escalation.started"_s, u"escalation.level_reached"_s,
                          u"escalation.level_reached"_s, u"page.sent"_s}));
    QCOMPARE(events.at(1).data().value(u"unresolved"_s).toArray().size(), 1);
    QCOMPARE(pagedUsers(events), QStringList{u"bob"_s});
    QCOMPARE(room.responders.paging().walk(incident)->level, 1);
}

void EscalationTest::deactivatedPeopleAreNotPaged()
{
    RespondersRoom room;
    setUp(room, 0);
    QVERIFY(room.run({{u"type"_s, u"user.deactivate"_s}, {u"user"_s, u"bob"_s}}).ok);
    room.declare(u"checkout"_s);
    QCOMPARE(pagedUsers(room.tick()), QStringList{u"alice"_s});
    room.now += 5 * s_minute;
    QCOMPARE(room.types(room.tick()),
             (QStringList{u"escalation.level_reached"_s, u"escalation.exhausted"_s}));
}

void EscalationTest::manualStartWithAnyPolicy()
{
    RespondersRoom room;
    setUp(room);
    const QString incident = room.declare(u"search"_s); // no policy for this service
    QVERIFY(room.tick().isEmpty());

    const CommandDecision start = room.run({{u"type"_s, u"escalation.start"_s},
                                            {u"incident"_s, u"INC-1"_s},
                                            {u"policy"_s, u"Payments"_s}},
                                           u"user:carol"_s);
    QVERIFY2(start.ok, qPrintable(start.message));
    QCOMPARE(start.events.first().actor, u"user:carol"_s);
    QCOMPARE(pagedUsers(start.events), QStringList{u"alice"_s});
    QCOMPARE(room.run({{u"type"_s, u"escalation.start"_s},
                       {u"incident"_s, incident},
                       {u"policy"_s, u"Payments"_s}})
                 .status,
             409);
}

void EscalationTest::walkResumesAfterRebuild()
{
    RespondersRoom room;
    setUp(room);
    const qint64 t0 = room.now;
    room.declare(u"checkout"_s);
    room.tick();

    // A restart folds the log again: the walk goes on where it was.
    room.projection.clear();
    for (const Event &event : std::as_const(room.log)) {
        room.projection.apply(event);
    }
    room.now = t0 + 5 * s_minute;
    QCOMPARE(pagedUsers(room.tick()), QStringList{u"bob"_s});
}

void EscalationTest::onlyTriggeredIncidentsWalk()
{
    RespondersRoom room;
    setUp(room);
    const QString incident = room.declare(u"checkout"_s);
    QVERIFY(room.run({{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, incident}}).ok);
    QVERIFY(room.tick().isEmpty());
    QCOMPARE(room.run({{u"type"_s, u"escalation.start"_s}, {u"incident"_s, incident}}).status,
             409);
}

QTEST_GUILESS_MAIN(EscalationTest)
#include "tst_escalation.moc"
