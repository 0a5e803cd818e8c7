// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidents/incidentcommands.h"
#include "incidents/lifecycle.h"
#include "incidentroom.h"

#include <QJsonArray>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;
using namespace Firebreak::Testing;

namespace {

QStringList types(const CommandDecision &decision)
{
    QStringList list;
    for (const Event &event : decision.events) {
        list.append(event.type);
    }
    return list;
}

} // namespace

class TestIncidentCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transitions_data();
    void transitions();
    void declareByHand();
    void incidentTypeHasItsOwnField();
    void declareRefusesBadInput_data();
    void declareRefusesBadInput();
    void lifecycleThroughCommands();
    void monitoringRecordsMitigation();
    void reopenAfterResolve();
    void milestonesEditableAndKept();
    void milestonesStayInOrder();
    void severityChanges();
    void rolesAndHandover();
    void notesAndSummary();
    void evidence();
    void mergeAndLink();
    void configuration();
    void unknownCommandAndIncident();
};

void TestIncidentCommands::transitions_data()
{
    QTest::addColumn<IncidentStatus>("from");
    QTest::addColumn<IncidentStatus>("to");
    QTest::addColumn<bool>("allowed");
    using S = IncidentStatus;
    QTest::newRow("triggered → acknowledged") << S::Triggered << S::Acknowledged << true;
    QTest::newRow("triggered → investigating") << S::Triggered << S::Investigating << true;
    QTest::newRow("triggered → resolved") << S::Triggered << S::Resolved << true;
    QTest::newRow("acknowledged → investigating") << S::Acknowledged << S::Investigating << true;
    QTest::newRow("investigating → identified") << S::Investigating << S::Identified << true;
    QTest::newRow("identified → investigating (wrong guess)")
        << S::Identified << S::Investigating << true;
    QTest::newRow("identified → monitoring") << S::Identified << S::Monitoring << true;
    QTest::newRow("monitoring → investigating (fix did not hold)")
        << S::Monitoring << S::Investigating << true;
    QTest::newRow("monitoring → resolved") << S::Monitoring << S::Resolved << true;
    QTest::newRow("resolved → closed") << S::Resolved << S::Closed << true;
    QTest::newRow("acknowledged → acknowledged") << S::Acknowledged << S::Acknowledged << false;
    QTest::newRow("investigating → acknowledged") << S::Investigating << S::Acknowledged << false;
    QTest::newRow("investigating → triggered") << S::Investigating << S::Triggered << false;
    QTest::newRow("investigating → closed") << S::Investigating << S::Closed << false;
    QTest::newRow("resolved → investigating") << S::Resolved << S::Investigating << false;
    QTest::newRow("closed → resolved") << S::Closed << S::Resolved << false;
    QTest::newRow("closed → monitoring") << S::Closed << S::Monitoring << false;
}

void TestIncidentCommands::transitions()
{
    QFETCH(IncidentStatus, from);
    QFETCH(IncidentStatus, to);
    QFETCH(bool, allowed);
    QString reason;
    QCOMPARE(Lifecycle::canTransition(from, to, &reason), allowed);
    QCOMPARE(reason.isEmpty(), allowed);
    if (!allowed) {
        QVERIFY2(reason.contains(u"%1"_s), qPrintable(reason)); // names the incident
    }
}

void TestIncidentCommands::declareByHand()
{
    Room room;
    const QString id = room.declare(u"P1"_s);
    QVERIFY(!id.isEmpty());
    const IncidentRecord &incident = room.incident(id);
    QCOMPARE(incident.numberText(), u"INC-1"_s);
    QCOMPARE(incident.severity, Severity::P1);
    QCOMPARE(incident.status, IncidentStatus::Triggered);
    QCOMPARE(incident.service, u"search"_s);
    QCOMPARE(incident.impact, u"Travellers see no hotels"_s);
    QCOMPARE(incident.roles.value(u"commander"_s), u"carol"_s);
    QCOMPARE(incident.declaredBy, u"user:alice"_s);
    QCOMPARE(incident.createdAt, s_t0);
    QCOMPARE(incident.milestone(u"detected"_s), s_t0);
    const QString second = room.declare();
    QCOMPARE(room.projection.incident(u"INC-2"_s)->id, second);
}

void TestIncidentCommands::incidentTypeHasItsOwnField()
{
    Room room;
    const QString plain = room.declare();
    QCOMPARE(room.incident(plain).type, QString());
    const QString security = room.declare(u"P2"_s, {{u"incidentType"_s, u"security"_s}});
    QCOMPARE(room.incident(security).type, u"security"_s);

    const CommandDecision update = room.run({{u"type"_s, u"incident.update"_s},
                                             {u"incident"_s, plain},
                                             {u"incidentType"_s, u"outage"_s}});
    QCOMPARE(types(update), QStringList{u"incident.updated"_s});
    const QJsonObject changes = update.events.first().data().value(u"changes"_s).toObject();
    QCOMPARE(changes.keys(), QStringList{u"type"_s});
    QCOMPARE(changes[u"type"_s][u"from"_s].toString(), QString());
    QCOMPARE(changes[u"type"_s][u"to"_s].toString(), u"outage"_s);
    QCOMPARE(room.incident(plain).type, u"outage"_s);
    // An update naming only other fields leaves the type alone.
    QVERIFY(room.at(s_t0, u"incident.update"_s, plain, {{u"title"_s, u"Renamed"_s}}));
    QCOMPARE(room.incident(plain).type, u"outage"_s);

    // Events of earlier versions held the command's name as the type: read as no type.
    const QString old = newUuid();
    room.apply({makeEvent(u"incident.opened"_s, u"user:alice"_s, old,
                          {{u"number"_s, 99}, {u"title"_s, u"Old"_s}, {u"severity"_s, u"P3"_s},
                           {u"type"_s, u"incident.declare"_s}})});
    QCOMPARE(room.incident(old).type, QString());
    const QJsonObject oldChange{{u"from"_s, u"incident.declare"_s},
                                {u"to"_s, u"incident.update"_s}};
    room.apply({makeEvent(u"incident.updated"_s, u"user:alice"_s, old,
                          {{u"changes"_s, QJsonObject{{u"type"_s, oldChange}}}})});
    QCOMPARE(room.incident(old).type, QString());
}

void TestIncidentCommands::declareRefusesBadInput_data()
{
    QTest::addColumn<QJsonObject>("command");
    QTest::addColumn<QString>("mentions");
    const QJsonObject base{{u"type"_s, u"incident.declare"_s}, {u"title"_s, u"T"_s},
                           {u"severity"_s, u"P2"_s}};
    QJsonObject noTitle = base;
    noTitle.remove(u"title"_s);
    QJsonObject longTitle = base;
    longTitle.insert(u"title"_s, QString(201, u'x'));
    QJsonObject badSeverity = base;
    badSeverity.insert(u"severity"_s, u"SEV0"_s);
    QJsonObject badCommander = base;
    badCommander.insert(u"commander"_s, u"<script>"_s);
    QJsonObject badComponents = base;
    badComponents.insert(u"components"_s, u"api"_s);
    QTest::newRow("no title") << noTitle << u"title"_s;
    QTest::newRow("title too long") << longTitle << u"title"_s;
    QTest::newRow("unknown severity") << badSeverity << u"severity"_s;
    QTest::newRow("commander not a user name") << badCommander << u"commander"_s;
    QTest::newRow("components not a list") << badComponents << u"components"_s;
}

void TestIncidentCommands::declareRefusesBadInput()
{
    QFETCH(QJsonObject, command);
    QFETCH(QString, mentions);
    Room room;
    const CommandDecision decision = room.run(command);
    QVERIFY(!decision.ok);
    QCOMPARE(decision.status, 400);
    QCOMPARE(decision.code, u"bad_request"_s);
    QVERIFY2(decision.message.contains(mentions), qPrintable(decision.message));
    QCOMPARE(room.projection.incidentCount(), 0);
}

void TestIncidentCommands::lifecycleThroughCommands()
{
    Room room;
    const QString id = room.declare();
    room.now += 60'000;
    QCOMPARE(types(room.run({{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, id}})),
             QStringList{u"incident.acknowledged"_s});
    QCOMPARE(room.incident(id).acknowledgedAt, s_t0 + 60'000);

    const CommandDecision again = room.run({{u"type"_s, u"incident.acknowledge"_s},
                                            {u"incident"_s, u"INC-1"_s}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.message, u"INC-1 is already acknowledged"_s);
    room.run({{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id},
              {u"status"_s, u"investigating"_s}});
    QCOMPARE(room.run({{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, id}}).message,
             u"only a triggered incident can be acknowledged (INC-1 is investigating)"_s);

    for (const QString &status : {u"identified"_s, u"investigating"_s, u"identified"_s}) {
        const CommandDecision decision = room.run(
            {{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id}, {u"status"_s, status}});
        QCOMPARE(types(decision), QStringList{u"incident.status_changed"_s});
        QCOMPARE(statusName(room.incident(id).status), status);
    }
    QCOMPARE(room.run({{u"type"_s, u"incident.close"_s}, {u"incident"_s, id}}).status, 409);
    QCOMPARE(types(room.run({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, id},
                             {u"note"_s, u"rolled back the index"_s}})),
             QStringList{u"incident.resolved"_s});
    QCOMPARE(room.run({{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id},
                       {u"status"_s, u"monitoring"_s}})
                 .message,
             u"INC-1 is resolved; reopen it first"_s);
    QCOMPARE(types(room.run({{u"type"_s, u"incident.close"_s}, {u"incident"_s, id}})),
             QStringList{u"incident.closed"_s});
    QCOMPARE(room.incident(id).status, IncidentStatus::Closed);
    QCOMPARE(room.run({{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id},
                       {u"status"_s, u"sleeping"_s}})
                 .status,
             400);
}

void TestIncidentCommands::monitoringRecordsMitigation()
{
    Room room;
    const QString id = room.declare();
    room.now += 300'000;
    const CommandDecision decision = room.run({{u"type"_s, u"incident.set_status"_s},
                                               {u"incident"_s, id},
                                               {u"status"_s, u"monitoring"_s}});
    QCOMPARE(types(decision),
             (QStringList{u"incident.status_changed"_s, u"incident.milestone_set"_s}));
    QCOMPARE(room.incident(id).milestone(u"mitigated"_s), s_t0 + 300'000);

    // Back to investigating and monitoring again: the first mitigation stands.
    room.run({{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id},
              {u"status"_s, u"investigating"_s}});
    room.now += 60'000;
    QCOMPARE(types(room.run({{u"type"_s, u"incident.set_status"_s}, {u"incident"_s, id},
                             {u"status"_s, u"monitoring"_s}})),
             QStringList{u"incident.status_changed"_s});
}

void TestIncidentCommands::reopenAfterResolve()
{
    Room room;
    const QString id = room.declare();
    QCOMPARE(room.run({{u"type"_s, u"incident.reopen"_s}, {u"incident"_s, id}}).status, 409);
    room.run({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, id}});
    QVERIFY(room.incident(id).resolvedAt > 0);
    QCOMPARE(types(room.run({{u"type"_s, u"incident.reopen"_s}, {u"incident"_s, id},
                             {u"reason"_s, u"errors are back"_s}})),
             QStringList{u"incident.reopened"_s});
    QCOMPARE(room.incident(id).status, IncidentStatus::Investigating);
    QCOMPARE(room.incident(id).resolvedAt, 0);
}

void TestIncidentCommands::milestonesEditableAndKept()
{
    Room room;
    const QString id = room.declare();
    const QString tenTwo = isoFromMs(s_t0 - 600'000);
    const CommandDecision decision = room.run({{u"type"_s, u"incident.set_milestone"_s},
                                               {u"incident"_s, id},
                                               {u"milestone"_s, u"impact_started"_s},
                                               {u"at"_s, tenTwo}});
    QCOMPARE(types(decision), QStringList{u"incident.milestone_set"_s});
    QCOMPARE(room.incident(id).milestone(u"impact_started"_s), s_t0 - 600'000);
    QCOMPARE(decision.events.first().data().value(u"previous"_s).toString(), isoFromMs(s_t0));

    // An edit keeps the earlier value on the event; the log keeps both.
    const CommandDecision edit = room.run({{u"type"_s, u"incident.set_milestone"_s},
                                           {u"incident"_s, id},
                                           {u"milestone"_s, u"impact_started"_s},
                                           {u"at"_s, isoFromMs(s_t0 - 900'000)}});
    QCOMPARE(edit.events.first().data().value(u"previous"_s).toString(), tenTwo);
    QCOMPARE(room.incident(id).milestone(u"impact_started"_s), s_t0 - 900'000);

    QCOMPARE(room.run({{u"type"_s, u"incident.set_milestone"_s}, {u"incident"_s, id},
                       {u"milestone"_s, u"lunch"_s}, {u"at"_s, tenTwo}})
                 .status,
             400);
    QCOMPARE(room.run({{u"type"_s, u"incident.set_milestone"_s}, {u"incident"_s, id},
                       {u"milestone"_s, u"detected"_s},
                       {u"at"_s, isoFromMs(s_t0 + 3'600'000)}})
                 .status,
             400);
}

void TestIncidentCommands::milestonesStayInOrder()
{
    Room room;
    const QString id = room.declare(); // detected at s_t0
    room.now = s_t0 + 3'600'000;
    auto set = [&](const QString &milestone, qint64 at) {
        return room.run({{u"type"_s, u"incident.set_milestone"_s}, {u"incident"_s, id},
                         {u"milestone"_s, milestone}, {u"at"_s, isoFromMs(at)}});
    };

    // Before detection: refused with both times named.
    for (const QString &later : {u"acknowledged"_s, u"mitigated"_s, u"resolved"_s}) {
        const CommandDecision early = set(later, s_t0 - 60'000);
        QCOMPARE(early.status, 409);
        QVERIFY2(early.message.contains(isoFromMs(s_t0 - 60'000))
                     && early.message.contains(isoFromMs(s_t0))
                     && early.message.contains(u"detected"_s),
                 qPrintable(early.message));
    }
    const CommandDecision lateImpact = set(u"impact_started"_s, s_t0 + 60'000);
    QCOMPARE(lateImpact.status, 409);
    QVERIFY2(lateImpact.message.contains(isoFromMs(s_t0 + 60'000)), qPrintable(lateImpact.message));

    // In order: accepted; then detection may not move past acknowledgement or before impact.
    QCOMPARE(set(u"impact_started"_s, s_t0 - 60'000).status, 200);
    QCOMPARE(set(u"acknowledged"_s, s_t0 + 60'000).status, 200);
    QCOMPARE(set(u"detected"_s, s_t0 + 120'000).status, 409);
    QCOMPARE(set(u"detected"_s, s_t0 - 120'000).status, 409);
    QCOMPARE(set(u"detected"_s, s_t0 + 30'000).status, 200);
    QCOMPARE(set(u"acknowledged"_s, s_t0 + 30'000).status, 200); // equal is in order

    // A valid time before 1970 is refused for what it is, not as a format error.
    const CommandDecision ancient = room.run({{u"type"_s, u"incident.set_milestone"_s},
                                              {u"incident"_s, id},
                                              {u"milestone"_s, u"impact_started"_s},
                                              {u"at"_s, u"1900-01-01T00:00:00Z"_s}});
    QCOMPARE(ancient.status, 400);
    QVERIFY2(ancient.message.contains(u"1970"_s) && !ancient.message.contains(u"ISO 8601"_s),
             qPrintable(ancient.message));
}

void TestIncidentCommands::severityChanges()
{
    Room room;
    const QString id = room.declare(u"P3"_s);
    const CommandDecision raise = room.run({{u"type"_s, u"incident.change_severity"_s},
                                            {u"incident"_s, id},
                                            {u"severity"_s, u"P1"_s},
                                            {u"reason"_s, u"bookings failing"_s}});
    QCOMPARE(types(raise), QStringList{u"incident.severity_changed"_s});
    QCOMPARE(raise.events.first().data().value(u"from"_s).toString(), u"P3"_s);
    QCOMPARE(room.incident(id).severity, Severity::P1);
    QCOMPARE(room.run({{u"type"_s, u"incident.change_severity"_s}, {u"incident"_s, id},
                       {u"severity"_s, u"P1"_s}})
                 .status,
             409);
}

void TestIncidentCommands::rolesAndHandover()
{
    Room room;
    const QString id = room.declare();
    const CommandDecision handover = room.run({{u"type"_s, u"incident.assign_role"_s},
                                               {u"incident"_s, id},
                                               {u"role"_s, u"commander"_s},
                                               {u"user"_s, u"dave"_s}});
    QCOMPARE(handover.events.first().data().value(u"previous"_s).toString(), u"carol"_s);
    QCOMPARE(room.incident(id).roles.value(u"commander"_s), u"dave"_s);

    for (const QString &user : {u"erin"_s, u"frank"_s}) {
        QVERIFY(room.run({{u"type"_s, u"incident.assign_role"_s}, {u"incident"_s, id},
                          {u"role"_s, u"responder"_s}, {u"user"_s, user}})
                    .ok);
    }
    room.run({{u"type"_s, u"incident.assign_role"_s}, {u"incident"_s, id},
              {u"role"_s, u"communications"_s}, {u"user"_s, u"gina"_s}});
    QCOMPARE(room.incident(id).responders, (QStringList{u"erin"_s, u"frank"_s}));
    QCOMPARE(room.run({{u"type"_s, u"incident.assign_role"_s}, {u"incident"_s, id},
                       {u"role"_s, u"responder"_s}, {u"user"_s, u"erin"_s}})
                 .status,
             409);
    QVERIFY(room.run({{u"type"_s, u"incident.unassign_role"_s}, {u"incident"_s, id},
                      {u"role"_s, u"responder"_s}, {u"user"_s, u"erin"_s}})
                .ok);
    QCOMPARE(room.incident(id).responders, QStringList{u"frank"_s});
    QCOMPARE(room.run({{u"type"_s, u"incident.assign_role"_s}, {u"incident"_s, id},
                       {u"role"_s, u"janitor"_s}, {u"user"_s, u"erin"_s}})
                 .status,
             400);
}

void TestIncidentCommands::notesAndSummary()
{
    Room room;
    const QString id = room.declare();
    QVERIFY(room.run({{u"type"_s, u"incident.add_note"_s}, {u"incident"_s, id},
                      {u"text"_s, u"**Rolled back** deploy `4711`"_s}})
                .ok);
    QVERIFY(room.run({{u"type"_s, u"incident.add_note"_s}, {u"incident"_s, id},
                      {u"text"_s, u"Search is down for EU users"_s}, {u"summary"_s, true}})
                .ok);
    QCOMPARE(room.incident(id).notes, 2);
    QCOMPARE(room.incident(id).summary, u"Search is down for EU users"_s);
    QCOMPARE(room.run({{u"type"_s, u"incident.add_note"_s}, {u"incident"_s, id},
                       {u"text"_s, u"   "_s}})
                 .status,
             400);
}

void TestIncidentCommands::evidence()
{
    Room room;
    const QString id = room.declare();
    const QString sha(64, u'a');
    QCOMPARE(room.run({{u"type"_s, u"incident.attach_evidence"_s}, {u"incident"_s, id},
                       {u"kind"_s, u"file"_s}, {u"name"_s, u"heap.txt"_s}, {u"sha256"_s, sha}})
                 .status,
             400); // not uploaded
    room.blobs.insert(sha);
    QVERIFY(room.run({{u"type"_s, u"incident.attach_evidence"_s}, {u"incident"_s, id},
                      {u"kind"_s, u"file"_s}, {u"name"_s, u"heap.txt"_s}, {u"sha256"_s, sha}})
                .ok);
    const CommandDecision log = room.run({{u"type"_s, u"incident.attach_evidence"_s},
                                          {u"incident"_s, id},
                                          {u"kind"_s, u"log"_s},
                                          {u"name"_s, u"api-01 errors"_s},
                                          {u"text"_s, u"ERROR pool exhausted"_s}});
    QCOMPARE(log.events.first().data().value(u"sha256"_s).toString(),
             QString::fromLatin1(QCryptographicHash::hash("ERROR pool exhausted",
                                                          QCryptographicHash::Sha256)
                                     .toHex()));
    QCOMPARE(log.events.first().data().value(u"addedBy"_s).toString(), u"user:alice"_s);
    QVERIFY(room.run({{u"type"_s, u"incident.attach_evidence"_s}, {u"incident"_s, id},
                      {u"kind"_s, u"link"_s}, {u"name"_s, u"dashboard"_s},
                      {u"url"_s, u"https://grafana.example/d/abc"_s}})
                .ok);
    QCOMPARE(room.run({{u"type"_s, u"incident.attach_evidence"_s}, {u"incident"_s, id},
                       {u"kind"_s, u"link"_s}, {u"name"_s, u"x"_s},
                       {u"url"_s, u"javascript:alert(1)"_s}})
                 .status,
             400);
    QCOMPARE(room.incident(id).evidence, 3);
}

void TestIncidentCommands::mergeAndLink()
{
    Room room;
    const QString first = room.declare();
    const QString second = room.declare();
    const QString third = room.declare();
    const CommandDecision merge = room.run({{u"type"_s, u"incident.merge"_s},
                                            {u"incident"_s, second},
                                            {u"into"_s, u"INC-1"_s}});
    QCOMPARE(types(merge), (QStringList{u"incident.merged"_s, u"incident.duplicate_merged"_s}));
    QCOMPARE(room.incident(second).status, IncidentStatus::Closed);
    QCOMPARE(room.incident(second).mergedInto, first);
    QCOMPARE(room.incident(first).duplicates, QStringList{second});
    const CommandDecision again = room.run({{u"type"_s, u"incident.merge"_s},
                                            {u"incident"_s, second}, {u"into"_s, third}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.message, u"INC-2 was merged into INC-1 already"_s);
    // Merging into a closed duplicate says where to merge instead.
    const CommandDecision intoDuplicate = room.run(
        {{u"type"_s, u"incident.merge"_s}, {u"incident"_s, third}, {u"into"_s, second}});
    QCOMPARE(intoDuplicate.status, 409);
    QCOMPARE(intoDuplicate.message, u"INC-2 was merged into INC-1; merge into INC-1 instead"_s);
    QCOMPARE(room.run({{u"type"_s, u"incident.reopen"_s}, {u"incident"_s, second}}).status, 409);

    QVERIFY(room.run({{u"type"_s, u"incident.link"_s}, {u"incident"_s, first},
                      {u"related"_s, third}})
                .ok);
    QCOMPARE(room.incident(third).linkedIncidents, QStringList{first});
    QCOMPARE(room.run({{u"type"_s, u"incident.link"_s}, {u"incident"_s, first},
                       {u"related"_s, first}})
                 .status,
             400);
}

void TestIncidentCommands::configuration()
{
    Room room;
    const CommandDecision targets = room.run(
        {{u"type"_s, u"config.set_targets"_s},
         {u"targets"_s,
          QJsonObject{{u"severities"_s,
                       QJsonObject{{u"P1"_s, QJsonObject{{u"firstResponseMinutes"_s, 5},
                                                         {u"resolutionMinutes"_s, 60}}}}}}}});
    QVERIFY2(targets.ok, qPrintable(targets.message));
    QCOMPARE(room.projection.targets().target(Severity::P1).firstResponseMs, 5 * 60'000);
    QCOMPARE(room.projection.targets().target(Severity::P2).resolutionMs, 8 * 3'600'000);
    QCOMPARE(room.run({{u"type"_s, u"config.set_targets"_s},
                       {u"targets"_s, QJsonObject{{u"atRiskFraction"_s, 2}}}})
                 .status,
             400);

    QVERIFY(room.run({{u"type"_s, u"config.define_severity"_s},
                      {u"severity"_s, u"P1"_s},
                      {u"name"_s, u"Critical"_s},
                      {u"criteria"_s, u"Bookings impossible for > 5% of users"_s}})
                .ok);
    QCOMPARE(room.projection.severityDefinition(Severity::P1).name, u"Critical"_s);
}

void TestIncidentCommands::unknownCommandAndIncident()
{
    Room room;
    QCOMPARE(room.run({{u"type"_s, u"incident.explode"_s}}).status, 400);
    const CommandDecision missing = room.run({{u"type"_s, u"incident.acknowledge"_s},
                                              {u"incident"_s, u"INC-404"_s}});
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.code, u"not_found"_s);
}

QTEST_GUILESS_MAIN(TestIncidentCommands)
#include "tst_incidentcommands.moc"
