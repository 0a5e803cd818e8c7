// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Post-mortem follow-up as the server decides and folds it: templates and settings, review
// states, key moments and outside events, comments, action items, the follow-up clock
// (reminders, overdue flags, digests, missed deadlines) on a clock the test moves, repeat
// incidents, the metrics, the notification outbox and the HTML export.
#include "../unit/incidentroom.h"
#include "collab/export.h"
#include "collab/followupcommands.h"
#include "collab/postmortems.h"
#include "collab/textdocument.h"
#include "notify/notifycommands.h"
#include "notify/outbox.h"
#include "security/permissions.h"

#include <QJsonArray>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Firebreak::Testing;

namespace {

constexpr qint64 s_hour = 3600 * 1000;

/// A Room whose projection also folds the follow-up state and an outbox.
struct FollowUpRoom : Room
{
    FollowUp followUp;
    Notify::Outbox outbox;
    QHash<qint64, Event> bySeq;

    FollowUpRoom()
    {
        projection.setFold([this](const Projection &p, const Event &e) { outbox.apply(p, e); });
        projection.addFold([this](const Projection &p, const Event &e) { followUp.apply(p, e); });
    }

    void record(EventList &events)
    {
        for (Event &event : events) {
            event.seq = ++seq;
            bySeq.insert(event.seq, event);
            projection.apply(event);
        }
    }

    CommandDecision follow(const QJsonObject &command, const QString &actor = u"user:alice"_s)
    {
        CommandContext context{actor, now, {}};
        CommandDecision decision = decideFollowUpCommand(
            projection, followUp, command, context,
            [this](qint64 s) { return bySeq.value(s); });
        record(decision.events);
        return decision;
    }

    CommandDecision incidentCommand(const QJsonObject &command)
    {
        CommandContext context{u"user:alice"_s, now, {}};
        CommandDecision decision = decideCommand(projection, command, context);
        record(decision.events);
        return decision;
    }

    EventList tick(qint64 when)
    {
        now = when;
        EventList due = dueFollowUpEvents(projection, followUp, [](const QString &user) {
            return QString(user + u"@example.com"_s);
        }, when);
        record(due);
        return due;
    }

    QString open(const QString &severity, const QString &service = u"search"_s)
    {
        const CommandDecision decision = incidentCommand({{u"type"_s, u"incident.declare"_s},
                                                          {u"title"_s, u"Search is empty"_s},
                                                          {u"severity"_s, severity},
                                                          {u"service"_s, service}});
        return decision.events.isEmpty() ? QString() : decision.events.first().incident;
    }

    void resolve(const QString &incident)
    {
        incidentCommand({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, incident}});
    }
};

QStringList types(const EventList &events)
{
    QStringList list;
    for (const Event &event : events) {
        list.append(event.type);
    }
    return list;
}

} // namespace

class TestFollowUp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void templateAndSettingsAreOrganisationWide();
    void commandsNeedTheirPermissions_data();
    void commandsNeedTheirPermissions();
    void reviewGoesDraftReviewPublished();
    void momentsAndOutsideEventsFormTheTimeline();
    void commentsAnchorToCharacters();
    void actionItemsAreValidated();
    void remindersOverdueAndDigestsFollowTheClock();
    void completionClockCountsMajorIncidents();
    void repeatsAreDetectedWithinTheWindow();
    void remindersQueueEmailToTheOwner();
    void htmlExportEscapesEverything();
    void templateIsResetOnlyOnPurpose();
    void settingsAreValidatedByField();
    void publishedTimelineAndTagsAreFixed();
    void anyWrittenPostMortemCounts();
    void overdueIsFlaggedOncePerDueDate();
    void htmlExportDropsControlCharacters();
    void editsThatCanNeverApplyAreRefused();
    void editsMayNotGrowPastTheCap();
    void editsMustBuildOnWhatTheServerHolds();
};

void TestFollowUp::templateAndSettingsAreOrganisationWide()
{
    FollowUpRoom room;
    QVERIFY(room.followUp.templateText().isEmpty());
    QVERIFY(room.follow({{u"type"_s, u"postmortem.set_template"_s},
                         {u"text"_s, u"# {{title}}\n\n## Five whys\n"_s}},
                        u"user:admin"_s)
                .ok);
    QCOMPARE(room.followUp.templateText(), u"# {{title}}\n\n## Five whys\n"_s);

    QVERIFY(room.follow({{u"type"_s, u"postmortem.configure"_s}, {u"completionHours"_s, 72}}).ok);
    QCOMPARE(room.followUp.settings().completionHours, 72);
    QCOMPARE(room.followUp.settings().completionSeverities, (QStringList{u"P1"_s, u"P2"_s}));
    const CommandDecision bad = room.follow(
        {{u"type"_s, u"postmortem.configure"_s}, {u"completionSeverities"_s, QJsonArray{u"P9"_s}}});
    QCOMPARE(bad.status, 400);
    const CommandDecision zero
        = room.follow({{u"type"_s, u"postmortem.configure"_s}, {u"reminderLeadHours"_s, 0}});
    QCOMPARE(zero.status, 400);

    // A rebuild from the log gives the same state.
    FollowUp rebuilt;
    for (qint64 seq = 1; seq <= room.seq; ++seq) {
        rebuilt.apply(room.projection, room.bySeq.value(seq));
    }
    QCOMPARE(rebuilt.settings().toJson(), room.followUp.settings().toJson());
    QCOMPARE(rebuilt.templateText(), room.followUp.templateText());
}

void TestFollowUp::commandsNeedTheirPermissions_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("permission");
    QTest::newRow("template") << u"postmortem.set_template"_s << u"configuration.manage"_s;
    QTest::newRow("settings") << u"postmortem.configure"_s << u"configuration.manage"_s;
    QTest::newRow("publish") << u"postmortem.publish"_s << u"incidents.command"_s;
    QTest::newRow("review") << u"postmortem.request_review"_s << u"postmortems.edit"_s;
    QTest::newRow("moment") << u"postmortem.mark_moment"_s << u"postmortems.edit"_s;
    QTest::newRow("comment") << u"postmortem.comment"_s << u"postmortems.edit"_s;
    QTest::newRow("action item") << u"action_item.create"_s << u"postmortems.edit"_s;
}

void TestFollowUp::commandsNeedTheirPermissions()
{
    QFETCH(QString, type);
    QFETCH(QString, permission);
    QCOMPARE(Security::permissionName(Security::permissionForCommand(type)), permission);
}

void TestFollowUp::reviewGoesDraftReviewPublished()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P1"_s);
    const QJsonObject publish{{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, incident}};
    QCOMPARE(room.follow(publish).status, 409); // a draft is not published

    QVERIFY(room.follow({{u"type"_s, u"postmortem.request_review"_s}, {u"incident"_s, incident}})
                .ok);
    QCOMPARE(room.followUp.postMortem(incident)->state, ReviewState::InReview);
    const CommandDecision unresolved = room.follow(publish);
    QCOMPARE(unresolved.status, 409);
    QVERIFY(unresolved.message.contains(u"not resolved"_s));

    room.resolve(incident);
    room.now += s_hour;
    QVERIFY(room.follow(publish).ok);
    const PostMortemRecord *record = room.followUp.postMortem(incident);
    QCOMPARE(record->state, ReviewState::Published);
    QCOMPARE(record->publishedAt, room.now);
    QCOMPARE(room.follow(publish).status, 409);

    QVERIFY(room.follow({{u"type"_s, u"postmortem.reopen"_s}, {u"incident"_s, incident}}).ok);
    QCOMPARE(record->state, ReviewState::Draft);
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.request_review"_s},
                          {u"incident"_s, u"INC-99"_s}})
                 .status,
             404);
}

void TestFollowUp::momentsAndOutsideEventsFormTheTimeline()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P2"_s);
    const qint64 openedSeq = room.seq;
    room.now += 5 * 60 * 1000;
    room.incidentCommand({{u"type"_s, u"incident.add_note"_s},
                          {u"incident"_s, incident},
                          {u"text"_s, u"rolled back | the release"_s}});
    const qint64 noteSeq = room.seq;

    QVERIFY(room.follow({{u"type"_s, u"postmortem.mark_moment"_s},
                         {u"incident"_s, incident},
                         {u"seq"_s, noteSeq},
                         {u"note"_s, u"this fixed it"_s}})
                .ok);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.mark_moment"_s},
                         {u"incident"_s, incident},
                         {u"seq"_s, openedSeq}})
                .ok);
    // Annotating again replaces the note; the moment stays one.
    QVERIFY(room.follow({{u"type"_s, u"postmortem.mark_moment"_s},
                         {u"incident"_s, incident},
                         {u"seq"_s, openedSeq},
                         {u"note"_s, u"paged at once"_s}})
                .ok);
    const QString reported = isoFromMs(s_t0 + 2 * 60 * 1000);
    const CommandDecision external = room.follow({{u"type"_s, u"postmortem.add_external_event"_s},
                                                  {u"incident"_s, incident},
                                                  {u"at"_s, reported},
                                                  {u"text"_s, u"A customer reported it"_s}});
    QVERIFY(external.ok);

    // Events of other incidents, unknown events and nonsense are refused.
    const QString other = room.open(u"P3"_s);
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.mark_moment"_s},
                          {u"incident"_s, incident},
                          {u"seq"_s, room.seq}})
                 .status,
             404);
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.mark_moment"_s},
                          {u"incident"_s, incident},
                          {u"seq"_s, 100000}})
                 .status,
             404);
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.add_external_event"_s},
                          {u"incident"_s, other},
                          {u"at"_s, u"yesterday"_s},
                          {u"text"_s, u"x"_s}})
                 .status,
             400);

    const PostMortemRecord *record = room.followUp.postMortem(incident);
    QCOMPARE(record->moments.size(), 2);
    QCOMPARE(record->moments.first().seq, openedSeq);
    QCOMPARE(record->moments.first().note, u"paged at once"_s);

    const QString markdown = curatedTimelineMarkdown(*record);
    const QStringList rows = markdown.trimmed().split(u'\n');
    QCOMPARE(rows.size(), 5);
    QVERIFY(rows[2].contains(u"firebreak:event/"_s + room.bySeq[openedSeq].id));
    QVERIFY(rows[3].contains(u"firebreak:external/"_s
                             + external.events.first().data()[u"id"_s].toString()));
    QVERIFY(rows[3].contains(u"A customer reported it"_s));
    QVERIFY(rows[4].contains(u"this fixed it"_s));
    QVERIFY2(rows[4].contains(u"rolled back \\| the release"_s), qPrintable(rows[4]));
    QVERIFY(rows[3].startsWith(u"| 2026-"_s));

    QVERIFY(room.follow({{u"type"_s, u"postmortem.unmark_moment"_s},
                         {u"incident"_s, incident},
                         {u"seq"_s, noteSeq}})
                .ok);
    QCOMPARE(record->moments.size(), 1);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.remove_external_event"_s},
                         {u"incident"_s, incident},
                         {u"id"_s, external.events.first().data()[u"id"_s]}})
                .ok);
    QVERIFY(record->externalEvents.isEmpty());
}

void TestFollowUp::commentsAnchorToCharacters()
{
    // Alice comments on "root cause" while Bob writes before it and inside it.
    TextDocument alice;
    TextDocument bob;
    QVERIFY(alice.insert(0, u"The root cause was DNS."_s));
    bob.apply(alice.opsSince({}));
    const ItemRef first = alice.anchorAt(5);  // "r"
    const ItemRef last = alice.anchorAt(14);  // "e"
    QVERIFY(bob.insert(0, u"Summary: "_s));
    QVERIFY(bob.insert(13, u"real "_s));
    alice.apply(bob.opsSince(alice.version()));
    QCOMPARE(alice.text(), u"Summary: The real root cause was DNS."_s);
    const qsizetype start = alice.positionOf(first) - 1;
    const qsizetype end = alice.positionOf(last);
    QCOMPARE(alice.text().mid(start, end - start), u"root cause"_s);

    FollowUpRoom room;
    const QString incident = room.open(u"P2"_s);
    const CommandDecision comment = room.follow({{u"type"_s, u"postmortem.comment"_s},
                                                 {u"incident"_s, incident},
                                                 {u"first"_s, first.toJson()},
                                                 {u"last"_s, last.toJson()},
                                                 {u"quote"_s, u"root cause"_s},
                                                 {u"text"_s, u"Which one?"_s}});
    QVERIFY2(comment.ok, qPrintable(comment.message));
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.comment"_s},
                          {u"incident"_s, incident},
                          {u"first"_s, QJsonValue()},
                          {u"last"_s, last.toJson()},
                          {u"text"_s, u"x"_s}})
                 .status,
             400);
    const PostMortemRecord *record = room.followUp.postMortem(incident);
    QCOMPARE(record->openComments(), 1);
    QCOMPARE(record->comments.first().first, first);

    // Open comments hold up publishing until resolved.
    room.resolve(incident);
    room.follow({{u"type"_s, u"postmortem.request_review"_s}, {u"incident"_s, incident}});
    QCOMPARE(room.follow({{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, incident}}).status,
             409);
    const QString id = comment.events.first().data()[u"id"_s].toString();
    QVERIFY(room.follow({{u"type"_s, u"postmortem.resolve_comment"_s},
                         {u"incident"_s, incident},
                         {u"comment"_s, id}})
                .ok);
    QCOMPARE(record->openComments(), 0);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, incident}}).ok);
}

void TestFollowUp::actionItemsAreValidated()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P2"_s);
    QJsonObject create{{u"type"_s, u"action_item.create"_s},
                       {u"incident"_s, incident},
                       {u"title"_s, u"Alert on empty search results"_s},
                       {u"owner"_s, u"bob"_s},
                       {u"due"_s, isoFromMs(s_t0 + 72 * s_hour)},
                       {u"priority"_s, u"high"_s},
                       {u"tracker"_s, u"https://tracker.example.com/SRCH-12"_s},
                       {u"source"_s, u"document"_s}};
    const CommandDecision created = room.follow(create);
    QVERIFY2(created.ok, qPrintable(created.message));
    const QString id = created.events.first().data()[u"id"_s].toString();
    const ActionItem *item = room.followUp.actionItem(id);
    QCOMPARE(item->owner, u"bob"_s);
    QCOMPARE(item->status, u"open"_s);
    QCOMPARE(item->source, u"document"_s);
    QCOMPARE(item->dueAt, s_t0 + 72 * s_hour);
    QCOMPARE(item->incident, incident);

    for (const auto &[key, value] : {std::pair{u"priority"_s, QJsonValue(u"urgent"_s)},
                                     std::pair{u"tracker"_s, QJsonValue(u"javascript:alert(1)"_s)},
                                     std::pair{u"owner"_s, QJsonValue(u"bob smith"_s)},
                                     std::pair{u"due"_s, QJsonValue(u"soon"_s)},
                                     std::pair{u"title"_s, QJsonValue(QString())},
                                     std::pair{u"source"_s, QJsonValue(u"chat"_s)}}) {
        QJsonObject bad = create;
        bad.insert(key, value);
        QCOMPARE(room.follow(bad).status, 400);
    }

    QVERIFY(room.follow({{u"type"_s, u"action_item.update"_s},
                         {u"item"_s, id},
                         {u"status"_s, u"done"_s}})
                .ok);
    QCOMPARE(item->status, u"done"_s);
    QCOMPARE(item->closedAt, room.now);
    QCOMPARE(room.follow({{u"type"_s, u"action_item.update"_s}, {u"item"_s, id}}).status, 400);
    QCOMPARE(room.follow({{u"type"_s, u"action_item.update"_s},
                          {u"item"_s, u"nope"_s},
                          {u"status"_s, u"done"_s}})
                 .status,
             404);
    QCOMPARE(room.followUp.actionItems(incident).size(), 1);
}

void TestFollowUp::remindersOverdueAndDigestsFollowTheClock()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P3"_s);
    const qint64 due = s_t0 + 72 * s_hour;
    const CommandDecision created = room.follow({{u"type"_s, u"action_item.create"_s},
                                                 {u"incident"_s, incident},
                                                 {u"title"_s, u"Add a canary"_s},
                                                 {u"owner"_s, u"bob"_s},
                                                 {u"due"_s, isoFromMs(due)}});
    room.follow({{u"type"_s, u"action_item.create"_s},
                 {u"incident"_s, incident},
                 {u"title"_s, u"Document the rollback"_s},
                 {u"owner"_s, u"carol"_s}});
    const QString id = created.events.first().data()[u"id"_s].toString();

    // Nothing is owed at once; the first digests come one interval (24 h) later.
    QVERIFY(room.tick(s_t0 + 1000).isEmpty());
    QVERIFY(room.tick(s_t0 + 23 * s_hour).isEmpty());
    const EventList digests = room.tick(s_t0 + 24 * s_hour);
    QCOMPARE(types(digests), (QStringList{u"action_item.digest_compiled"_s,
                                          u"action_item.digest_compiled"_s}));
    QStringList owners;
    for (const Event &digest : digests) {
        owners.append(digest.data()[u"owner"_s].toString());
        QCOMPARE(digest.actor, u"system"_s);
    }
    owners.sort();
    QCOMPARE(owners, (QStringList{u"bob"_s, u"carol"_s}));
    QVERIFY(room.tick(s_t0 + 25 * s_hour).isEmpty());

    // The reminder comes 24 h before the due date, once.
    QVERIFY(room.tick(due - 24 * s_hour - 1).isEmpty());
    const EventList reminder = room.tick(due - 24 * s_hour);
    QCOMPARE(types(reminder).count(u"action_item.reminded"_s), 1);
    QCOMPARE(reminder.first().type, u"action_item.reminded"_s);
    QCOMPARE(reminder.first().data()[u"email"_s].toString(), u"bob@example.com"_s);
    QCOMPARE(reminder.first().incident, incident);
    QVERIFY(room.tick(due - 23 * s_hour).isEmpty());

    // Past the due date it is flagged overdue, once, and digests say so.
    QVERIFY(!room.followUp.actionItem(id)->isOverdueAt(due - 1));
    const EventList overdue = room.tick(due);
    QVERIFY(types(overdue).contains(u"action_item.flagged_overdue"_s));
    QVERIFY(room.followUp.actionItem(id)->isOverdueAt(due));
    const EventList later = room.tick(due + 48 * s_hour);
    QVERIFY(!types(later).contains(u"action_item.flagged_overdue"_s));
    for (const Event &digest : later) {
        if (digest.data()[u"owner"_s] == u"bob"_s) {
            QVERIFY(digest.data()[u"text"_s].toString().contains(u"OVERDUE"_s));
            QVERIFY(digest.data()[u"subject"_s].toString().contains(u"1 overdue"_s));
        }
    }

    // Done items are left alone; a new due date earns a new reminder.
    room.follow({{u"type"_s, u"action_item.update"_s},
                 {u"item"_s, id},
                 {u"due"_s, isoFromMs(due + 100 * s_hour)}});
    QVERIFY(!room.followUp.actionItem(id)->isOverdueAt(room.now));
    QCOMPARE(types(room.tick(due + 80 * s_hour)).count(u"action_item.reminded"_s), 1);
    room.follow({{u"type"_s, u"action_item.update"_s}, {u"item"_s, id}, {u"status"_s, u"done"_s}});
    const EventList afterDone = room.tick(due + 200 * s_hour);
    QCOMPARE(types(afterDone), (QStringList{u"action_item.digest_compiled"_s}));
    QCOMPARE(afterDone.first().data()[u"owner"_s].toString(), u"carol"_s);
}

void TestFollowUp::completionClockCountsMajorIncidents()
{
    FollowUpRoom room;
    const QString major = room.open(u"P1"_s);
    const QString minor = room.open(u"P3"_s);
    const QString late = room.open(u"P2"_s);
    room.resolve(major);
    room.resolve(minor);
    room.resolve(late);
    const IncidentRecord &record = room.incident(major);
    QCOMPARE(room.followUp.completionDueAt(record), s_t0 + 48 * s_hour);
    QCOMPARE(room.followUp.completionDueAt(room.incident(minor)), 0);

    room.now = s_t0 + 47 * s_hour;
    room.follow({{u"type"_s, u"postmortem.request_review"_s}, {u"incident"_s, major}});
    room.follow({{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, major}});
    QJsonObject metrics = followUpMetrics(room.projection, room.followUp, room.now);
    QJsonObject completion = metrics[u"completion"_s].toObject();
    QCOMPARE(completion[u"onTime"_s].toInt(), 1);
    QCOMPARE(completion[u"pending"_s].toInt(), 1);
    QCOMPARE(completion[u"overdue"_s].toInt(), 0);

    // At 48 h the other one misses its deadline: one event, counted as overdue.
    const EventList missed = room.tick(s_t0 + 48 * s_hour);
    QCOMPARE(types(missed), (QStringList{u"postmortem.deadline_missed"_s}));
    QCOMPARE(missed.first().incident, late);
    QVERIFY(room.tick(s_t0 + 49 * s_hour).isEmpty());
    completion = followUpMetrics(room.projection, room.followUp, room.now)[u"completion"_s]
                     .toObject();
    QCOMPARE(completion[u"overdue"_s].toInt(), 1);

    room.follow({{u"type"_s, u"postmortem.request_review"_s}, {u"incident"_s, late}});
    room.follow({{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, late}});
    completion = followUpMetrics(room.projection, room.followUp, room.now)[u"completion"_s]
                     .toObject();
    QCOMPARE(completion[u"late"_s].toInt(), 1);
    QCOMPARE(completion[u"onTimeShare"_s].toDouble(), 0.5);

    // The clock is configurable.
    room.follow({{u"type"_s, u"postmortem.configure"_s},
                 {u"completionHours"_s, 24},
                 {u"completionSeverities"_s, QJsonArray{u"P1"_s, u"P2"_s, u"P3"_s}}});
    QCOMPARE(room.followUp.completionDueAt(room.incident(minor)), s_t0 + 24 * s_hour);
}

void TestFollowUp::repeatsAreDetectedWithinTheWindow()
{
    FollowUpRoom room;
    const QString first = room.open(u"P2"_s, u"search"_s);
    room.now += 2 * 24 * s_hour;
    const QString other = room.open(u"P2"_s, u"payments"_s);
    room.now += 24 * s_hour;
    const QString repeat = room.open(u"P3"_s, u"search"_s);
    room.now += 40 * 24 * s_hour; // outside the 30-day window
    const QString late = room.open(u"P3"_s, u"search"_s);
    room.now += 24 * s_hour;
    const QString tagged = room.open(u"P3"_s, u"billing"_s);

    QHash<QString, Recurrence> repeats = room.followUp.recurrences(room.projection);
    QCOMPARE(repeats.size(), 1);
    QCOMPARE(repeats.value(repeat).earlier, first);
    QCOMPARE(repeats.value(repeat).reason, u"service"_s);
    QVERIFY(!repeats.contains(other));
    QVERIFY(!repeats.contains(late));

    // A shared root-cause tag links across services.
    room.follow({{u"type"_s, u"postmortem.tag"_s},
                 {u"incident"_s, late},
                 {u"tags"_s, QJsonArray{u"Expired certificate"_s}}});
    room.follow({{u"type"_s, u"postmortem.tag"_s},
                 {u"incident"_s, tagged},
                 {u"tags"_s, QJsonArray{u"expired certificate"_s}}});
    repeats = room.followUp.recurrences(room.projection);
    QCOMPARE(repeats.value(tagged).earlier, late);
    QCOMPARE(repeats.value(tagged).reason, u"root_cause"_s);
    QCOMPARE(repeats.value(tagged).key, u"expired certificate"_s);

    const QJsonObject recurrence
        = followUpMetrics(room.projection, room.followUp, room.now)[u"recurrence"_s].toObject();
    QCOMPARE(recurrence[u"incidents"_s].toInt(), 5);
    QCOMPARE(recurrence[u"repeats"_s].toInt(), 2);
    QCOMPARE(recurrence[u"rate"_s].toDouble(), 0.4);

    // A longer window catches the late one too.
    room.follow({{u"type"_s, u"postmortem.configure"_s}, {u"repeatWindowDays"_s, 90}});
    QCOMPARE(room.followUp.recurrences(room.projection).value(late).earlier, repeat);
}

void TestFollowUp::remindersQueueEmailToTheOwner()
{
    FollowUpRoom room;
    const CommandDecision channel = Notify::decideNotifyCommand(
        room.outbox,
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"mail"_s},
         {u"kind"_s, u"email"_s},
         {u"minSeverity"_s, u"P1"_s},
         {u"settings"_s, QJsonObject{{u"host"_s, u"127.0.0.1"_s},
                                     {u"port"_s, 2525},
                                     {u"security"_s, u"none"_s},
                                     {u"from"_s, u"firebreak@example.com"_s},
                                     {u"to"_s, QJsonArray{u"oncall@example.com"_s}}}}},
        CommandContext{u"user:admin"_s, room.now, {}});
    QVERIFY2(channel.ok, qPrintable(channel.message));
    EventList events = channel.events;
    room.record(events);

    const QString incident = room.open(u"P4"_s);
    room.follow({{u"type"_s, u"action_item.create"_s},
                 {u"incident"_s, incident},
                 {u"title"_s, u"Rotate the key"_s},
                 {u"owner"_s, u"bob"_s},
                 {u"due"_s, isoFromMs(s_t0 + 10 * s_hour)}});
    QCOMPARE(room.outbox.pendingCount(), 0);
    room.tick(s_t0 + 9 * s_hour); // the reminder, though the incident is only P4
    QCOMPARE(room.outbox.pendingCount(), 1);
    const Notify::NotificationRecord *reminder = room.outbox.recent(1).first();
    QCOMPARE(reminder->recipients, QStringList{u"bob@example.com"_s});
    QVERIFY(reminder->message.headline().contains(u"Action item due soon: Rotate the key"_s));
    room.tick(s_t0 + 24 * s_hour); // overdue and the digest
    QCOMPARE(room.outbox.pendingCount(), 3);
    QCOMPARE(room.outbox.recent(1).first()->recipients, QStringList{u"bob@example.com"_s});
}

void TestFollowUp::htmlExportEscapesEverything()
{
    const QString markdown = u"# Post-mortem: <script>alert(1)</script>\n\n"
                             "Some **bold & brave** text with `a<b>` and _emphasis_.\n\n"
                             "- [tracker](https://t.example.com/?a=1&b=2)\n"
                             "- [evil](javascript:alert(1))\n"
                             "- [wiki](https://en.wikipedia.org/wiki/Foo_(bar)) after\n"
                             "1. first <img src=x onerror=alert(1)>\n\n"
                             "| time (UTC) | event |\n|---|---|\n"
                             "| 10:02 | [A customer reported it](firebreak:external/42) |\n\n"
                             "```\n<b>code</b>\n```\n"_s;
    const QString html = postMortemHtml(markdown, u"T <1>"_s, [](const QString &link) {
        return link == u"firebreak:external/42" ? u"10:02:00 UTC <z>"_s : QString();
    });
    QVERIFY(!html.contains(u"<script>"_s));
    QVERIFY(!html.contains(u"<img"_s));
    QVERIFY(!html.contains(u"javascript:"_s));
    QVERIFY(!html.contains(u"<b>code"_s));
    QVERIFY(html.contains(u"<title>T &lt;1&gt;</title>"_s));
    QVERIFY(html.contains(u"<h1>Post-mortem: &lt;script&gt;alert(1)&lt;/script&gt;</h1>"_s));
    QVERIFY(html.contains(u"<strong>bold &amp; brave</strong>"_s));
    QVERIFY(html.contains(u"<code>a&lt;b&gt;</code>"_s));
    QVERIFY(html.contains(u"<em>emphasis</em>"_s));
    QVERIFY2(html.contains(u"<a href=\"https://t.example.com/?a=1&amp;b=2\">tracker</a>"_s),
             qPrintable(html));
    // A target with parentheses is whole (it was cut at the first ')', leaving one behind).
    QVERIFY2(html.contains(u"<li>evil</li>"_s), qPrintable(html));
    QVERIFY2(html.contains(u"<li><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">wiki</a>"
                           " after</li>"_s),
             qPrintable(html));
    QVERIFY(html.contains(u"<ol>\n<li>first &lt;img src=x onerror=alert(1)&gt;</li>"_s));
    QVERIFY(html.contains(u"<th>time (UTC)</th>"_s));
    QVERIFY(html.contains(
        u"<td>A customer reported it <small>(10:02:00 UTC &lt;z&gt;)</small></td>"_s));
    QVERIFY(html.contains(u"<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>"_s));
}

void TestFollowUp::templateIsResetOnlyOnPurpose()
{
    FollowUpRoom room;
    const QString custom = u"# {{title}}\n\n## Ours\n"_s;
    QVERIFY(room.follow({{u"type"_s, u"postmortem.set_template"_s}, {u"text"_s, custom}}).ok);
    // Missing or mistyped text is refused and keeps the organisation's template.
    for (const QJsonObject &bad :
         {QJsonObject{{u"type"_s, u"postmortem.set_template"_s}},
          QJsonObject{{u"type"_s, u"postmortem.set_template"_s}, {u"text"_s, 5}},
          QJsonObject{{u"type"_s, u"postmortem.set_template"_s}, {u"text"_s, QJsonValue()}},
          QJsonObject{{u"type"_s, u"postmortem.set_template"_s}, {u"text"_s, u""_s}},
          QJsonObject{{u"type"_s, u"postmortem.set_template"_s}, {u"reset"_s, u"yes"_s}}}) {
        const CommandDecision refused = room.follow(bad);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.code, u"bad_request"_s);
        QCOMPARE(room.followUp.templateText(), custom);
    }
    // An explicit reset goes back to the built-in one.
    QVERIFY(room.follow({{u"type"_s, u"postmortem.set_template"_s}, {u"reset"_s, true}}).ok);
    QVERIFY(room.followUp.templateText().isEmpty());
}

void TestFollowUp::settingsAreValidatedByField()
{
    FollowUpRoom room;
    // Lower case is understood and stored as the severity's name.
    QVERIFY(room.follow({{u"type"_s, u"postmortem.configure"_s},
                         {u"completionSeverities"_s, QJsonArray{u"p3"_s, u"P2"_s}}})
                .ok);
    QCOMPARE(room.followUp.settings().completionSeverities, (QStringList{u"P3"_s, u"P2"_s}));
    const QString incident = room.open(u"P3"_s);
    room.resolve(incident);
    QVERIFY(room.followUp.completionDueAt(room.incident(incident)) > 0);

    struct Bad
    {
        QJsonObject command;
        QString field;
    };
    const QList<Bad> bad{
        {{{u"type"_s, u"postmortem.configure"_s}, {u"completionSeverities"_s, u"P1"_s}},
         u"completionSeverities"_s},
        {{{u"type"_s, u"postmortem.configure"_s},
          {u"completionSeverities"_s, QJsonArray{1}}},
         u"completionSeverities"_s},
        {{{u"type"_s, u"postmortem.configure"_s}, {u"bogus"_s, 1}}, u"bogus"_s},
        {{{u"type"_s, u"postmortem.configure"_s}, {u"completionHours"_s, u"72"_s}},
         u"completionHours"_s},
        {{{u"type"_s, u"postmortem.configure"_s}}, u"completionHours"_s}};
    for (const Bad &b : bad) {
        const CommandDecision refused = room.follow(b.command);
        QCOMPARE(refused.status, 400);
        QVERIFY2(refused.message.contains(b.field), qPrintable(refused.message));
    }
    QCOMPARE(room.followUp.settings().completionSeverities, (QStringList{u"P3"_s, u"P2"_s}));
    QCOMPARE(room.followUp.settings().completionHours, 48);
}

void TestFollowUp::publishedTimelineAndTagsAreFixed()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P2"_s, u"checkout"_s);
    QVERIFY(room.incidentCommand({{u"type"_s, u"incident.add_note"_s},
                                  {u"incident"_s, incident},
                                  {u"text"_s, u"Rolled back"_s}})
                .ok);
    const qint64 noteSeq = room.seq;
    QVERIFY(room.follow({{u"type"_s, u"postmortem.add_external_event"_s},
                         {u"incident"_s, incident},
                         {u"at"_s, isoFromMs(s_t0)},
                         {u"text"_s, u"A customer called"_s}})
                .ok);
    const QString external
        = room.followUp.postMortem(incident)->externalEvents.first().id;
    room.resolve(incident);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.request_review"_s}, {u"incident"_s, incident}})
                .ok);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, incident}}).ok);

    const QList<QJsonObject> changes{
        {{u"type"_s, u"postmortem.tag"_s}, {u"incident"_s, incident},
         {u"tags"_s, QJsonArray{u"search"_s}}},
        {{u"type"_s, u"postmortem.mark_moment"_s}, {u"incident"_s, incident},
         {u"seq"_s, noteSeq}},
        {{u"type"_s, u"postmortem.add_external_event"_s}, {u"incident"_s, incident},
         {u"at"_s, isoFromMs(s_t0)}, {u"text"_s, u"Later"_s}},
        {{u"type"_s, u"postmortem.remove_external_event"_s}, {u"incident"_s, incident},
         {u"id"_s, external}}};
    for (const QJsonObject &change : changes) {
        QCOMPARE(room.follow(change).status, 409);
    }
    QVERIFY(room.followUp.postMortem(incident)->rootCauseTags.isEmpty());
    // Follow-up goes on: action items are still created and updated.
    QVERIFY(room.follow({{u"type"_s, u"action_item.create"_s},
                         {u"incident"_s, incident},
                         {u"title"_s, u"Add a canary"_s},
                         {u"owner"_s, u"bob"_s}})
                .ok);
    QVERIFY(room.follow({{u"type"_s, u"postmortem.reopen"_s}, {u"incident"_s, incident}}).ok);
    for (const QJsonObject &change : changes) {
        QVERIFY(room.follow(change).ok);
    }
}

void TestFollowUp::anyWrittenPostMortemCounts()
{
    FollowUpRoom room;
    const QString written = room.open(u"P3"_s);
    const QString items = room.open(u"P3"_s);
    room.open(u"P3"_s); // nothing written: no post-mortem
    TextDocument document;
    document.insert(0, u"What happened"_s);
    EventList edits{makeEvent(u"postmortem.edited"_s, u"user:alice"_s, written,
                              {{u"ops"_s, document.opsSince({}).toJson()}})};
    room.record(edits);
    QVERIFY(room.follow({{u"type"_s, u"action_item.create"_s},
                         {u"incident"_s, items},
                         {u"title"_s, u"Add a canary"_s},
                         {u"owner"_s, u"bob"_s}})
                .ok);
    QVERIFY(room.followUp.postMortem(written));
    QCOMPARE(room.followUp.postMortem(written)->state, ReviewState::Draft);
    QVERIFY(room.followUp.postMortem(items));
    const QJsonObject metrics = followUpMetrics(room.projection, room.followUp, room.now);
    QCOMPARE(metrics[u"postmortems"_s][u"draft"_s].toInt(), 2);
}

void TestFollowUp::overdueIsFlaggedOncePerDueDate()
{
    FollowUpRoom room;
    const QString incident = room.open(u"P3"_s);
    const qint64 due = s_t0 + 10 * s_hour;
    const CommandDecision created = room.follow({{u"type"_s, u"action_item.create"_s},
                                                 {u"incident"_s, incident},
                                                 {u"title"_s, u"Add a canary"_s},
                                                 {u"owner"_s, u"bob"_s},
                                                 {u"due"_s, isoFromMs(due)}});
    const QString id = created.events.first().data()[u"id"_s].toString();
    QCOMPARE(types(room.tick(due + 1)).count(u"action_item.flagged_overdue"_s), 1);
    room.follow({{u"type"_s, u"action_item.update"_s}, {u"item"_s, id}, {u"status"_s, u"done"_s}});
    room.follow({{u"type"_s, u"action_item.update"_s}, {u"item"_s, id}, {u"status"_s, u"open"_s}});
    QCOMPARE(types(room.tick(due + 2 * s_hour)).count(u"action_item.flagged_overdue"_s), 0);
    // A new due date earns a new flag.
    room.follow({{u"type"_s, u"action_item.update"_s},
                 {u"item"_s, id},
                 {u"due"_s, isoFromMs(due + 3 * s_hour)}});
    QCOMPARE(types(room.tick(due + 4 * s_hour)).count(u"action_item.flagged_overdue"_s), 1);
}

void TestFollowUp::htmlExportDropsControlCharacters()
{
    QString markdown = u"# Ti\u0001tle\n\nA\tb"_s;
    markdown += QChar(0);
    markdown += u"c\u001bd\re\n"_s;
    const QString html = postMortemHtml(markdown, u"T\u0007"_s);
    for (char16_t c = 0; c < 0x20; ++c) {
        if (c != u'\t' && c != u'\n') {
            QVERIFY2(!html.contains(QChar(c)), qPrintable(QString::number(int(c))));
        }
    }
    QVERIFY(html.contains(u"<h1>Title</h1>"_s));
    QVERIFY(html.contains(u"A\tbcd e"_s) || html.contains(u"A\tbcd"_s));
}

void TestFollowUp::editsThatCanNeverApplyAreRefused()
{
    Collab::PostMortemDocuments documents({});
    auto edit = [&documents](const QJsonArray &inserts) {
        return documents.decideEdit({{u"type"_s, u"postmortem.edit"_s},
                                     {u"ops"_s, QJsonObject{{u"inserts"_s, inserts}}}},
                                    u"incident-1"_s, u"user:alice"_s);
    };
    // An insert anchored on itself.
    const PostMortemEdit self = edit(QJsonArray{QJsonObject{
        {u"agent"_s, u"a1"_s}, {u"seq"_s, 0}, {u"left"_s, QJsonArray{u"a1"_s, 0}},
        {u"text"_s, u"x"_s}}});
    QCOMPARE(self.status, 400);
    QVERIFY2(self.message.contains(u"own characters"_s), qPrintable(self.message));
    // Two inserts naming the same characters.
    const PostMortemEdit twice = edit(QJsonArray{
        QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, 0}, {u"text"_s, u"xy"_s}},
        QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, 1}, {u"text"_s, u"z"_s}}});
    QCOMPARE(twice.status, 400);
    // Agent names: at most 64 characters, no control characters (a 400, not "someone else's").
    for (const QString &agent : {QString(65, u'a'), u"a\u0000b"_s, u"tab\there"_s}) {
        const PostMortemEdit named = edit(QJsonArray{
            QJsonObject{{u"agent"_s, agent}, {u"seq"_s, 0}, {u"text"_s, u"x"_s}}});
        QCOMPARE(named.status, 400);
        QVERIFY2(named.message.contains(u"agent names"_s), qPrintable(named.message));
    }
    QVERIFY(edit(QJsonArray{QJsonObject{
                     {u"agent"_s, QString(64, u'a')}, {u"seq"_s, 0}, {u"text"_s, u"x"_s}}})
                .ok);
    // What a real editor sends is accepted.
    TextDocument document(u"a1"_s);
    document.insert(0, u"hello"_s);
    document.insert(2, u"--"_s);
    document.remove(0, 1);
    const PostMortemEdit good = documents.decideEdit(
        {{u"type"_s, u"postmortem.edit"_s}, {u"ops"_s, document.opsSince({}).toJson()}},
        u"incident-1"_s, u"user:alice"_s);
    QVERIFY2(good.ok, qPrintable(good.message));
}

void TestFollowUp::editsMayNotGrowPastTheCap()
{
    Collab::PostMortemDocuments documents({});
    TextDocument document(u"a1"_s);
    Version sent;
    auto send = [&]() {
        const PostMortemEdit edit = documents.decideEdit(
            {{u"type"_s, u"postmortem.edit"_s}, {u"ops"_s, document.opsSince(sent).toJson()}},
            u"incident-1"_s, u"user:alice"_s);
        if (edit.ok) {
            documents.apply({[&edit] {
                Event event = edit.event;
                event.seq = 1;
                return event;
            }()});
            sent = document.version();
        }
        return edit;
    };
    const QString block(PostMortem::MaxOperationsPerEdit / 2, u'x');
    while (document.length() + block.size() <= PostMortem::MaxDocumentLength) {
        document.insert(document.length(), block);
        QVERIFY(send().ok);
    }
    QVERIFY(documents.document(u"incident-1"_s).length() > PostMortem::MaxDocumentLength / 2);
    document.insert(document.length(), block);
    const PostMortemEdit refused = send();
    QCOMPARE(refused.status, 413);
    QVERIFY2(refused.message.contains(QString::number(PostMortem::MaxDocumentLength)),
             qPrintable(refused.message));
}

void TestFollowUp::editsMustBuildOnWhatTheServerHolds()
{
    Collab::PostMortemDocuments documents({});
    auto edit = [&documents](const QJsonArray &inserts, const QJsonArray &deletes = {}) {
        return documents.decideEdit(
            {{u"type"_s, u"postmortem.edit"_s},
             {u"ops"_s, QJsonObject{{u"inserts"_s, inserts}, {u"deletes"_s, deletes}}}},
            u"incident-1"_s, u"user:alice"_s);
    };
    auto insert = [](const QString &agent, int seq, const QJsonValue &left, const QString &text) {
        return QJsonObject{{u"agent"_s, agent}, {u"seq"_s, seq}, {u"left"_s, left},
                           {u"text"_s, text}};
    };
    auto expectMissing = [](const PostMortemEdit &refused) {
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.code, u"conflict"_s);
        QVERIFY2(refused.message.contains(u"has not received"_s), qPrintable(refused.message));
    };

    // Text anchored on a character nobody sent, as a way round the size cap: refused.
    expectMissing(edit({insert(u"ghost"_s, 0, QJsonArray{u"anchor"_s, 7}, QString(1000, u'g'))}));
    // A gap in the agent's own characters.
    expectMissing(edit({insert(u"ghost"_s, 190000, QJsonValue(), u"g"_s)}));
    // Two inserts anchored on each other can never apply.
    expectMissing(edit({insert(u"a1"_s, 300, QJsonArray{u"a1"_s, 310}, u"x"_s),
                        insert(u"a1"_s, 310, QJsonArray{u"a1"_s, 300}, u"y"_s)}));
    // Deleting characters the server never saw, or after a gap in the agent's deletions.
    expectMissing(edit({}, {QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, 0},
                                        {u"target"_s, QJsonArray{u"b1"_s, 0}},
                                        {u"length"_s, 2}}}));
    QCOMPARE(documents.document(u"incident-1"_s).length(), 0);

    // An edit may build on the same person's previous one before that one is committed, and
    // an edit sent again is still accepted.
    const PostMortemEdit first = edit({insert(u"a1"_s, 0, QJsonValue(), u"ab"_s)});
    QVERIFY2(first.ok, qPrintable(first.message));
    const PostMortemEdit second = edit({insert(u"a1"_s, 2, QJsonArray{u"a1"_s, 1}, u"c"_s)},
                                       {QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, 0},
                                                    {u"target"_s, QJsonArray{u"a1"_s, 0}},
                                                    {u"length"_s, 1}}});
    QVERIFY2(second.ok, qPrintable(second.message));
    QVERIFY(edit({insert(u"a1"_s, 0, QJsonValue(), u"ab"_s)}).ok);
    // ... but not skip ahead of it.
    expectMissing(edit({}, {QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, 2},
                                        {u"target"_s, QJsonArray{u"a1"_s, 1}},
                                        {u"length"_s, 1}}}));

    qint64 seq = 0;
    for (const PostMortemEdit *accepted : {&first, &second}) {
        Event event = accepted->event;
        event.seq = ++seq;
        documents.apply({event});
    }
    QCOMPARE(documents.document(u"incident-1"_s).text(), u"bc"_s);

    // Once held, the same ids with other content are refused, not silently dropped; the same
    // content again is a repeat.
    const auto expectConflict = [](const PostMortemEdit &refused, const QString &what) {
        QCOMPARE(refused.status, 409);
        QVERIFY2(refused.message.contains(what), qPrintable(refused.message));
    };
    expectConflict(edit({insert(u"a1"_s, 0, QJsonValue(), u"AB"_s)}), u"other text"_s);
    expectConflict(edit({insert(u"a1"_s, 1, QJsonArray{u"a1"_s, 0}, u"bX"_s)}), u"a1:2"_s);
    QVERIFY(edit({insert(u"a1"_s, 0, QJsonValue(), u"ab"_s)}).ok);
    const auto deletion = [](int seq, const QJsonArray &target, int length, bool reversed) {
        return QJsonObject{{u"agent"_s, u"a1"_s}, {u"seq"_s, seq}, {u"target"_s, target},
                           {u"length"_s, length}, {u"reversed"_s, reversed}};
    };
    expectConflict(edit({}, {deletion(0, QJsonArray{u"a1"_s, 1}, 1, false)}),
                   u"another character"_s);
    QVERIFY(edit({}, {deletion(0, QJsonArray{u"a1"_s, 0}, 1, false)}).ok);
}

QTEST_GUILESS_MAIN(TestFollowUp)
#include "tst_followup.moc"
