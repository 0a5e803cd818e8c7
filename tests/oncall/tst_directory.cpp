// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "respondersroom.h"

#include <QTest>

using namespace Firebreak;
using namespace Firebreak::OnCall;
using Firebreak::Testing::RespondersRoom;

class DirectoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsUsersWithContacts();
    void refusesBadContacts_data();
    void refusesBadContacts();
    void updatesAndDeactivates();
    void teamsAndMembers();
    void servicesOwnedByTeams();
    void schedulesAndOverrides();
    void policiesReferToPeopleAndSchedules();
    void rebuildStartsOver();
};

void DirectoryTest::createsUsersWithContacts()
{
    RespondersRoom room;
    const CommandDecision decision = room.run({{u"type"_s, u"user.create"_s},
                                               {u"name"_s, u"alice"_s},
                                               {u"displayName"_s, u"Alice Ødegård"_s},
                                               {u"email"_s, u"alice@example.com"_s},
                                               {u"chat"_s, u"@alice"_s},
                                               {u"phone"_s, u"+49 30 1234567"_s},
                                               {u"timeZone"_s, u"Europe/Berlin"_s}});
    QVERIFY2(decision.ok, qPrintable(decision.message));
    QCOMPARE(room.types(decision.events), QStringList{u"user.created"_s});
    QVERIFY(decision.events.first().incident.isEmpty());

    const UserRecord *alice = room.responders.directory().user(u"alice"_s);
    QVERIFY(alice);
    QCOMPARE(alice->displayName, u"Alice Ødegård"_s);
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(alice->chat, u"@alice"_s);
    QCOMPARE(alice->phone, u"+49 30 1234567"_s);
    QCOMPARE(room.responders.directory().user(alice->id), alice);
    QCOMPARE(alice->toJson().value(u"timeZone"_s).toString(), u"Europe/Berlin"_s);

    // Names are unique; the display name defaults to the name.
    QCOMPARE(room.run({{u"type"_s, u"user.create"_s}, {u"name"_s, u"alice"_s}}).status, 409);
    QVERIFY(room.user(u"bob"_s));
    QCOMPARE(room.responders.directory().user(u"bob"_s)->displayName, u"bob"_s);
    QCOMPARE(room.responders.directory().users().size(), 2);
}

void DirectoryTest::refusesBadContacts_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");

    QTest::newRow("name with a space") << u"name"_s << u"alice smith"_s;
    QTest::newRow("e-mail with a header break") << u"email"_s << u"a@b.com\r\nBcc: x@y.z"_s;
    QTest::newRow("e-mail without domain") << u"email"_s << u"alice"_s;
    QTest::newRow("e-mail with angle brackets") << u"email"_s << u"<a@b.com>"_s;
    QTest::newRow("chat mention syntax") << u"chat"_s << u"<!channel>"_s;
    QTest::newRow("phone letters") << u"phone"_s << u"call me"_s;
    QTest::newRow("unknown zone") << u"timeZone"_s << u"Europe/Atlantis"_s;
}

void DirectoryTest::refusesBadContacts()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    RespondersRoom room;
    QJsonObject command{{u"type"_s, u"user.create"_s}, {u"name"_s, u"alice"_s}};
    command.insert(field, value);
    const CommandDecision decision = room.run(command);
    QVERIFY(!decision.ok);
    QCOMPARE(decision.status, 400);
    QVERIFY(room.responders.directory().users().isEmpty());
}

void DirectoryTest::updatesAndDeactivates()
{
    RespondersRoom room;
    QVERIFY(room.user(u"alice"_s));
    const CommandDecision update = room.run({{u"type"_s, u"user.update"_s},
                                             {u"user"_s, u"alice"_s},
                                             {u"chat"_s, u"U024BE7LH"_s},
                                             {u"email"_s, u"alice@example.com"_s}});
    QVERIFY2(update.ok, qPrintable(update.message));
    const QJsonObject changes = update.events.first().data().value(u"changes"_s).toObject();
    QCOMPARE(changes.keys(), QStringList{u"chat"_s}); // the e-mail did not change
    QCOMPARE(room.responders.directory().user(u"alice"_s)->chat, u"U024BE7LH"_s);

    QVERIFY(room.run({{u"type"_s, u"user.deactivate"_s}, {u"user"_s, u"alice"_s}}).ok);
    QVERIFY(!room.responders.directory().user(u"alice"_s)->active);
    QCOMPARE(room.run({{u"type"_s, u"user.deactivate"_s}, {u"user"_s, u"alice"_s}}).status, 409);
    QCOMPARE(room.run({{u"type"_s, u"user.update"_s}, {u"user"_s, u"zed"_s}}).status, 404);
}

void DirectoryTest::teamsAndMembers()
{
    RespondersRoom room;
    QVERIFY(room.user(u"alice"_s));
    QVERIFY(room.user(u"bob"_s));
    const CommandDecision create = room.run({{u"type"_s, u"team.create"_s},
                                             {u"name"_s, u"Payments"_s},
                                             {u"members"_s, QJsonArray{u"alice"_s}}});
    QVERIFY2(create.ok, qPrintable(create.message));
    QCOMPARE(room.types(create.events),
             (QStringList{u"team.created"_s, u"team.member_added"_s}));

    QVERIFY(room.run({{u"type"_s, u"team.add_member"_s},
                      {u"team"_s, u"Payments"_s},
                      {u"user"_s, u"bob"_s}})
                .ok);
    const TeamRecord *team = room.responders.directory().team(u"Payments"_s);
    QCOMPARE(team->members, (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(room.run({{u"type"_s, u"team.add_member"_s},
                       {u"team"_s, u"Payments"_s},
                       {u"user"_s, u"bob"_s}})
                 .status,
             409);
    QVERIFY(room.run({{u"type"_s, u"team.remove_member"_s},
                      {u"team"_s, team->id},
                      {u"user"_s, u"alice"_s}})
                .ok);
    QCOMPARE(room.responders.directory().team(u"Payments"_s)->members,
             QStringList{u"bob"_s});

    // Unknown members and duplicate names are refused.
    QCOMPARE(room.run({{u"type"_s, u"team.create"_s},
                       {u"name"_s, u"Search"_s},
                       {u"members"_s, QJsonArray{u"nobody"_s}}})
                 .status,
             400);
    QCOMPARE(room.run({{u"type"_s, u"team.create"_s}, {u"name"_s, u"Payments"_s}}).status, 409);
}

void DirectoryTest::servicesOwnedByTeams()
{
    RespondersRoom room;
    QVERIFY(room.run({{u"type"_s, u"team.create"_s}, {u"name"_s, u"Payments"_s}}).ok);
    QVERIFY(room.run({{u"type"_s, u"team.create"_s}, {u"name"_s, u"Platform"_s}}).ok);
    QVERIFY(room.run({{u"type"_s, u"service.assign_team"_s},
                      {u"service"_s, u"checkout"_s},
                      {u"team"_s, u"Payments"_s}})
                .ok);
    const CommandDecision move = room.run({{u"type"_s, u"service.assign_team"_s},
                                           {u"service"_s, u"checkout"_s},
                                           {u"team"_s, u"Platform"_s}});
    QVERIFY(move.ok);
    const Directory &directory = room.responders.directory();
    QCOMPARE(move.events.first().data().value(u"previous"_s).toString(),
             directory.team(u"Payments"_s)->id);
    QCOMPARE(directory.service(u"checkout"_s)->team, directory.team(u"Platform"_s)->id);
    QCOMPARE(room.run({{u"type"_s, u"service.assign_team"_s},
                       {u"service"_s, u"checkout"_s},
                       {u"team"_s, u"Nobody"_s}})
                 .status,
             404);
}

void DirectoryTest::schedulesAndOverrides()
{
    RespondersRoom room;
    QVERIFY(room.user(u"alice"_s));
    QVERIFY(room.user(u"bob"_s));
    const QJsonArray layers{QJsonObject{{u"users"_s, QJsonArray{u"alice"_s, u"bob"_s}},
                                        {u"rotation"_s, u"weekly"_s},
                                        {u"start"_s, u"2026-11-30T09:00"_s}}};
    const CommandDecision create = room.run({{u"type"_s, u"schedule.create"_s},
                                             {u"name"_s, u"Payments primary"_s},
                                             {u"timeZone"_s, u"Europe/Berlin"_s},
                                             {u"layers"_s, layers}});
    QVERIFY2(create.ok, qPrintable(create.message));
    const ScheduleDefinition *schedule
        = room.responders.directory().schedule(u"Payments primary"_s);
    QVERIFY(schedule);
    // 2026-12-04 is in alice's first week (from Monday 2026-11-30 09:00 CET).
    QCOMPARE(shiftAt(*schedule, room.now).user, u"alice"_s);

    const CommandDecision override = room.run({{u"type"_s, u"schedule.add_override"_s},
                                               {u"schedule"_s, schedule->id},
                                               {u"user"_s, u"bob"_s},
                                               {u"start"_s, isoFromMs(room.now - 3600000)},
                                               {u"end"_s, isoFromMs(room.now + 3600000)}});
    QVERIFY2(override.ok, qPrintable(override.message));
    schedule = room.responders.directory().schedule(u"Payments primary"_s);
    QCOMPARE(shiftAt(*schedule, room.now).user, u"bob"_s);
    QVERIFY(room.run({{u"type"_s, u"schedule.remove_override"_s},
                      {u"schedule"_s, schedule->id},
                      {u"override"_s, override.events.first().data()[u"id"_s].toString()}})
                .ok);
    QCOMPARE(shiftAt(*room.responders.directory().schedule(schedule->id), room.now).user,
             u"alice"_s);

    // Layers name people of the directory; an update keeps the id.
    QCOMPARE(room.run({{u"type"_s, u"schedule.create"_s},
                       {u"name"_s, u"Ghosts"_s},
                       {u"timeZone"_s, u"UTC"_s},
                       {u"layers"_s, QJsonArray{QJsonObject{
                                         {u"users"_s, QJsonArray{u"casper"_s}},
                                         {u"start"_s, u"2026-11-30T09:00"_s}}}}})
                 .status,
             400);
    const CommandDecision update = room.run({{u"type"_s, u"schedule.update"_s},
                                             {u"schedule"_s, u"Payments primary"_s},
                                             {u"timeZone"_s, u"America/New_York"_s}});
    QVERIFY2(update.ok, qPrintable(update.message));
    QCOMPARE(room.responders.directory().schedule(schedule->id)->timeZone.id(),
             QByteArray("America/New_York"));
}

void DirectoryTest::policiesReferToPeopleAndSchedules()
{
    RespondersRoom room;
    QVERIFY(room.user(u"alice"_s));
    QVERIFY(room.run({{u"type"_s, u"schedule.create"_s},
                      {u"name"_s, u"Primary"_s},
                      {u"timeZone"_s, u"UTC"_s},
                      {u"layers"_s, QJsonArray{QJsonObject{
                                        {u"users"_s, QJsonArray{u"alice"_s}},
                                        {u"start"_s, u"2026-11-30T09:00"_s}}}}})
                .ok);
    const QJsonArray levels{
        QJsonObject{{u"timeoutMinutes"_s, 5},
                    {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"schedule"_s},
                                                          {u"id"_s, u"Primary"_s}}}}},
        QJsonObject{{u"timeoutMinutes"_s, 10},
                    {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s},
                                                          {u"id"_s, u"alice"_s}}}}}};
    const CommandDecision create = room.run({{u"type"_s, u"escalation_policy.create"_s},
                                             {u"name"_s, u"Payments"_s},
                                             {u"repeat"_s, 1},
                                             {u"levels"_s, levels}});
    QVERIFY2(create.ok, qPrintable(create.message));
    const EscalationPolicy *policy = room.responders.directory().policy(u"Payments"_s);
    QCOMPARE(policy->levels.size(), 2);
    QCOMPARE(policy->levels.first().targets.first().id,
             room.responders.directory().schedule(u"Primary"_s)->id); // stored by id
    QCOMPARE(policy->repeat, 1);

    QVERIFY(room.run({{u"type"_s, u"service.set_escalation_policy"_s},
                      {u"service"_s, u"checkout"_s},
                      {u"policy"_s, u"Payments"_s}})
                .ok);
    QCOMPARE(room.responders.directory().policyFor(u"checkout"_s, QString()), policy);
    QCOMPARE(room.responders.directory().policyFor(u"search"_s, QString()), nullptr);

    QJsonArray unknown = levels;
    unknown.append(QJsonObject{{u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s},
                                                                     {u"id"_s, u"zed"_s}}}}});
    QCOMPARE(room.run({{u"type"_s, u"escalation_policy.create"_s},
                       {u"name"_s, u"Other"_s},
                       {u"levels"_s, unknown}})
                 .status,
             404);
}

void DirectoryTest::rebuildStartsOver()
{
    RespondersRoom room;
    QVERIFY(room.user(u"alice"_s));
    QVERIFY(room.run({{u"type"_s, u"team.create"_s}, {u"name"_s, u"Payments"_s}}).ok);

    // The writer rebuilds by clearing and folding the log again; the fold follows.
    room.projection.clear();
    QVERIFY(room.responders.directory().users().isEmpty());
    for (const Event &event : std::as_const(room.log)) {
        room.projection.apply(event);
    }
    QCOMPARE(room.responders.directory().users().size(), 1);
    QCOMPARE(room.responders.directory().teams().size(), 1);
    QCOMPARE(room.responders.lastSeq(), room.seq);
}

QTEST_GUILESS_MAIN(DirectoryTest)
#include "tst_directory.moc"
