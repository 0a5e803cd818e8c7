// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "followupcommands.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

constexpr int s_maxTitle = 200;
constexpr int s_maxText = 20000;
constexpr int s_maxTemplate = 100000;
constexpr int s_maxTags = 20;

const QStringList s_priorities{u"high"_s, u"medium"_s, u"low"_s};
const QStringList s_statuses{u"open"_s, u"in_progress"_s, u"done"_s, u"cancelled"_s};

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

CommandDecision conflict(const QString &message)
{
    return CommandDecision::refuse(409, u"conflict"_s, message);
}

CommandDecision notFound(const QString &message)
{
    return CommandDecision::refuse(404, u"not_found"_s, message);
}

bool validUser(const QString &user)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._@-]{1,64}$"_s);
    return pattern.match(user).hasMatch();
}

bool validTracker(const QString &link)
{
    const QUrl url(link, QUrl::StrictMode);
    return link.size() <= 2000 && url.isValid() && !url.host().isEmpty()
        && (url.scheme() == u"https" || url.scheme() == u"http");
}

/// One decision: the command, its context and the events it produces.
struct Decider
{
    const Projection &projection;
    const FollowUp &followUp;
    const QJsonObject &command;
    const CommandContext &context;
    const EventLookup &lookup;
    const IncidentRecord *incident = nullptr;
    CommandDecision decision;

    QString text(const QString &key) const { return command.value(key).toString().trimmed(); }

    CommandDecision add(const QString &type, const QJsonObject &data)
    {
        Event event = makeEvent(type, context.actor, incident ? incident->id : QString(), data);
        event.at = context.now;
        decision.events.append(event);
        return decision;
    }

    const PostMortemRecord *record() const
    {
        return incident ? followUp.postMortem(incident->id) : nullptr;
    }
    ReviewState state() const { return record() ? record()->state : ReviewState::Draft; }
    /// A published post-mortem's timeline and tags are fixed until it is reopened.
    bool published() const { return state() == ReviewState::Published; }
};

CommandDecision publishedConflict()
{
    return conflict(u"the post-mortem is published; reopen it to change its timeline or"
                    " tags"_s);
}

CommandDecision setTemplate(Decider &d)
{
    // Only an explicit reset goes back to the built-in template: a missing or mistyped text
    // must never throw away the organisation's own.
    const QJsonValue value = d.command.value(u"text"_s);
    const bool reset = d.command.value(u"reset"_s).toBool(false);
    if (d.command.contains(u"reset"_s) && !d.command.value(u"reset"_s).isBool()) {
        return badRequest(u"reset is true or false"_s);
    }
    if (reset) {
        if (d.command.contains(u"text"_s)) {
            return badRequest(u"give either text or \"reset\": true, not both"_s);
        }
        return d.add(u"postmortem.template_set"_s, {{u"text"_s, QString()}});
    }
    if (!value.isString() || value.toString().isEmpty()) {
        return badRequest(u"text is the template's Markdown (a non-empty string); send"
                          " \"reset\": true to go back to the built-in template"_s);
    }
    const QString text = value.toString();
    if (text.size() > s_maxTemplate) {
        return badRequest(u"the template is at most %1 characters"_s.arg(s_maxTemplate));
    }
    return d.add(u"postmortem.template_set"_s, {{u"text"_s, text}});
}

CommandDecision configure(Decider &d)
{
    static const QStringList known{u"type"_s,           u"completionHours"_s,
                                   u"completionSeverities"_s, u"repeatWindowDays"_s,
                                   u"reminderLeadHours"_s, u"digestIntervalHours"_s};
    for (const QString &key : d.command.keys()) {
        if (!known.contains(key) && key != u"id" && key != u"commandId") {
            return badRequest(u"unknown setting \"%1\"; known: %2"_s.arg(
                key.left(64), known.mid(1).join(u", "_s)));
        }
    }
    if (std::none_of(known.cbegin() + 1, known.cend(),
                     [&d](const QString &key) { return d.command.contains(key); })) {
        return badRequest(u"nothing to change: give %1"_s.arg(known.mid(1).join(u", "_s)));
    }
    PostMortemSettings settings = d.followUp.settings();
    QString error;
    if (!settings.update(d.command, &error)) {
        return badRequest(error);
    }
    return d.add(u"postmortem.settings_changed"_s, {{u"settings"_s, settings.toJson()}});
}

CommandDecision markMoment(Decider &d)
{
    if (d.published()) {
        return publishedConflict();
    }
    const qint64 seq = d.command.value(u"seq"_s).toInteger();
    const QString note = d.text(u"note"_s);
    if (seq <= 0 || note.size() > s_maxText) {
        return badRequest(u"seq names an event of the incident; note is at most %1 characters"_s
                              .arg(s_maxText));
    }
    const Event event = seq <= d.projection.lastSeq() && d.lookup ? d.lookup(seq) : Event();
    if (!event.isValid() || event.incident != d.incident->id
        || event.type.startsWith(u"postmortem.")) {
        return notFound(u"event %1 is not on the timeline of %2"_s.arg(seq).arg(
            d.incident->numberText()));
    }
    return d.add(u"postmortem.moment_marked"_s, {{u"event"_s, event.id},
                                                 {u"seq"_s, seq},
                                                 {u"at"_s, isoFromMs(event.at)},
                                                 {u"type"_s, event.type},
                                                 {u"title"_s, describeEvent(event)},
                                                 {u"note"_s, note}});
}

CommandDecision unmarkMoment(Decider &d)
{
    if (d.published()) {
        return publishedConflict();
    }
    const qint64 seq = d.command.value(u"seq"_s).toInteger();
    if (!d.record() || !d.record()->moment(seq)) {
        return notFound(u"event %1 is no key moment"_s.arg(seq));
    }
    return d.add(u"postmortem.moment_unmarked"_s, {{u"seq"_s, seq}});
}

CommandDecision addExternalEvent(Decider &d)
{
    if (d.published()) {
        return publishedConflict();
    }
    const qint64 at = msFromIso(d.text(u"at"_s));
    const QString text = d.text(u"text"_s);
    if (at <= 0 || text.isEmpty() || text.size() > s_maxTitle * 5) {
        return badRequest(u"at is an ISO 8601 time and text 1 to %1 characters"_s.arg(
            s_maxTitle * 5));
    }
    return d.add(u"postmortem.external_event_added"_s,
                 {{u"id"_s, newUuid()}, {u"at"_s, isoFromMs(at)}, {u"text"_s, text}});
}

CommandDecision removeExternalEvent(Decider &d)
{
    if (d.published()) {
        return publishedConflict();
    }
    const QString id = d.text(u"id"_s);
    const PostMortemRecord *record = d.record();
    const bool known = record
        && std::any_of(record->externalEvents.cbegin(), record->externalEvents.cend(),
                       [&id](const ExternalEvent &e) { return e.id == id; });
    if (!known) {
        return notFound(u"no outside event %1"_s.arg(id.left(64)));
    }
    return d.add(u"postmortem.external_event_removed"_s, {{u"id"_s, id}});
}

CommandDecision tag(Decider &d)
{
    if (d.published()) {
        return publishedConflict();
    }
    QStringList tags;
    for (const QJsonValue &value : d.command.value(u"tags"_s).toArray()) {
        const QString tag = value.toString().trimmed().toLower();
        if (tag.isEmpty() || tag.size() > 64) {
            return badRequest(u"a root-cause tag has 1 to 64 characters"_s);
        }
        tags.append(tag);
    }
    tags.removeDuplicates();
    if (tags.size() > s_maxTags || !d.command.value(u"tags"_s).isArray()) {
        return badRequest(u"tags is a list of at most %1 root-cause tags"_s.arg(s_maxTags));
    }
    return d.add(u"postmortem.tagged"_s, {{u"tags"_s, QJsonArray::fromStringList(tags)}});
}

CommandDecision comment(Decider &d)
{
    ItemRef first;
    ItemRef last;
    const QString text = d.text(u"text"_s);
    const QString quote = d.command.value(u"quote"_s).toString();
    if (!ItemRef::fromJson(d.command.value(u"first"_s), &first)
        || !ItemRef::fromJson(d.command.value(u"last"_s), &last) || first.isNull()
        || last.isNull()) {
        return badRequest(u"first and last name the passage's first and last characters"_s);
    }
    if (text.isEmpty() || text.size() > s_maxText || quote.size() > s_maxText) {
        return badRequest(u"text is 1 to %1 characters"_s.arg(s_maxText));
    }
    if (d.state() == ReviewState::Published) {
        return conflict(u"the post-mortem is published; reopen it to comment"_s);
    }
    return d.add(u"postmortem.commented"_s, {{u"id"_s, newUuid()},
                                             {u"first"_s, first.toJson()},
                                             {u"last"_s, last.toJson()},
                                             {u"quote"_s, quote},
                                             {u"text"_s, text}});
}

CommandDecision resolveComment(Decider &d)
{
    const QString id = d.text(u"comment"_s);
    const PostMortemComment *found = d.record() ? d.record()->comment(id) : nullptr;
    if (!found) {
        return notFound(u"no comment %1"_s.arg(id.left(64)));
    }
    if (found->resolved) {
        return conflict(u"the comment is resolved already"_s);
    }
    return d.add(u"postmortem.comment_resolved"_s, {{u"id"_s, id}});
}

CommandDecision review(Decider &d, const QString &type)
{
    const ReviewState state = d.state();
    if (type == u"postmortem.request_review") {
        if (state != ReviewState::Draft) {
            return conflict(u"only a draft goes to review; this one is %1"_s.arg(
                reviewStateName(state)));
        }
        return d.add(u"postmortem.review_requested"_s, {});
    }
    if (type == u"postmortem.publish") {
        if (state != ReviewState::InReview) {
            return conflict(u"only a post-mortem in review is published; this one is %1"_s.arg(
                reviewStateName(state)));
        }
        if (d.incident->resolvedAt <= 0 && d.incident->isOpen()) {
            return conflict(u"%1 is not resolved yet"_s.arg(d.incident->numberText()));
        }
        const int open = d.record() ? d.record()->openComments() : 0;
        if (open > 0) {
            return conflict(u"%1 comments are still open"_s.arg(open));
        }
        return d.add(u"postmortem.published"_s, {});
    }
    if (state == ReviewState::Draft) {
        return conflict(u"the post-mortem is a draft already"_s);
    }
    return d.add(u"postmortem.reopened"_s, {{u"from"_s, reviewStateName(state)}});
}

/// Reads the fields an action item may set; false with the refusal when one is invalid.
bool readItemFields(Decider &d, QJsonObject *fields, bool creating)
{
    auto refuse = [&d](const QString &message) {
        d.decision = badRequest(message);
        return false;
    };
    const QJsonObject &command = d.command;
    if (creating || command.contains(u"title"_s)) {
        const QString title = d.text(u"title"_s);
        if (title.isEmpty() || title.size() > s_maxTitle) {
            return refuse(u"title must be 1 to %1 characters"_s.arg(s_maxTitle));
        }
        fields->insert(u"title"_s, title);
    }
    if (creating || command.contains(u"owner"_s)) {
        const QString owner = d.text(u"owner"_s);
        if (!validUser(owner)) {
            return refuse(u"owner is a user name"_s);
        }
        fields->insert(u"owner"_s, owner);
    }
    if (command.contains(u"due"_s) && !command.value(u"due"_s).isNull()) {
        const qint64 due = msFromIso(d.text(u"due"_s));
        if (due <= 0) {
            return refuse(u"due is an ISO 8601 time"_s);
        }
        fields->insert(u"due"_s, isoFromMs(due));
    } else if (command.contains(u"due"_s) || creating) {
        fields->insert(u"due"_s, QJsonValue());
    }
    if (creating || command.contains(u"priority"_s)) {
        const QString priority = d.text(u"priority"_s).isEmpty() && creating
            ? u"medium"_s
            : d.text(u"priority"_s);
        if (!s_priorities.contains(priority)) {
            return refuse(u"priority is high, medium or low"_s);
        }
        fields->insert(u"priority"_s, priority);
    }
    if (command.contains(u"status"_s)) {
        if (!s_statuses.contains(d.text(u"status"_s))) {
            return refuse(u"status is open, in_progress, done or cancelled"_s);
        }
        fields->insert(u"status"_s, d.text(u"status"_s));
    }
    if (command.contains(u"tracker"_s)) {
        const QString tracker = d.text(u"tracker"_s);
        if (!tracker.isEmpty() && !validTracker(tracker)) {
            return refuse(u"tracker is an http or https link"_s);
        }
        fields->insert(u"tracker"_s, tracker);
    }
    return true;
}

CommandDecision createActionItem(Decider &d)
{
    QJsonObject fields;
    if (!readItemFields(d, &fields, true)) {
        return d.decision;
    }
    const QString source = d.text(u"source"_s).isEmpty() ? u"incident"_s : d.text(u"source"_s);
    if (source != u"incident" && source != u"document") {
        return badRequest(u"source is incident or document"_s);
    }
    fields.insert(u"id"_s, newUuid());
    fields.insert(u"status"_s, u"open"_s);
    fields.insert(u"source"_s, source);
    if (!fields.contains(u"tracker"_s)) {
        fields.insert(u"tracker"_s, QString());
    }
    return d.add(u"action_item.created"_s, fields);
}

CommandDecision updateActionItem(Decider &d)
{
    const ActionItem *item = d.followUp.actionItem(d.text(u"item"_s));
    if (!item) {
        return notFound(u"no action item %1"_s.arg(d.text(u"item"_s).left(64)));
    }
    d.incident = d.projection.incident(item->incident);
    QJsonObject fields;
    if (!readItemFields(d, &fields, false)) {
        return d.decision;
    }
    if (fields.isEmpty()) {
        return badRequest(u"nothing to change: give title, owner, due, priority, status or"
                          " tracker"_s);
    }
    fields.insert(u"id"_s, item->id);
    return d.add(u"action_item.updated"_s, fields);
}

} // namespace

QStringList followUpCommandTypes()
{
    return {u"postmortem.set_template"_s,        u"postmortem.configure"_s,
            u"postmortem.mark_moment"_s,         u"postmortem.unmark_moment"_s,
            u"postmortem.add_external_event"_s,  u"postmortem.remove_external_event"_s,
            u"postmortem.tag"_s,                 u"postmortem.comment"_s,
            u"postmortem.resolve_comment"_s,     u"postmortem.request_review"_s,
            u"postmortem.publish"_s,             u"postmortem.reopen"_s,
            u"action_item.create"_s,             u"action_item.update"_s};
}

bool isFollowUpCommand(const QString &type)
{
    return followUpCommandTypes().contains(type);
}

QString describeEvent(const Event &event)
{
    const QJsonObject data = event.data();
    QString what = event.type;
    for (const QString &key : {u"title"_s, u"text"_s, u"note"_s, u"status"_s, u"severity"_s}) {
        const QString value = data.value(key).toString().simplified();
        if (!value.isEmpty()) {
            what += u": "_s + value.left(120);
            break;
        }
    }
    return what + u" ("_s + event.actor + u')';
}

CommandDecision decideFollowUpCommand(const Projection &projection, const FollowUp &followUp,
                                      const QJsonObject &command, const CommandContext &context,
                                      const EventLookup &lookup)
{
    const QString type = command.value(u"type"_s).toString();
    Decider d{projection, followUp, command, context, lookup, nullptr, {}};
    if (type == u"postmortem.set_template") {
        return setTemplate(d);
    }
    if (type == u"postmortem.configure") {
        return configure(d);
    }
    if (type == u"action_item.update") {
        return updateActionItem(d);
    }

    // Everything else is about one incident.
    const QString reference = command.value(u"incident"_s).toString();
    d.incident = projection.incident(reference);
    if (!d.incident) {
        return notFound(u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    if (type == u"postmortem.mark_moment") {
        return markMoment(d);
    }
    if (type == u"postmortem.unmark_moment") {
        return unmarkMoment(d);
    }
    if (type == u"postmortem.add_external_event") {
        return addExternalEvent(d);
    }
    if (type == u"postmortem.remove_external_event") {
        return removeExternalEvent(d);
    }
    if (type == u"postmortem.tag") {
        return tag(d);
    }
    if (type == u"postmortem.comment") {
        return comment(d);
    }
    if (type == u"postmortem.resolve_comment") {
        return resolveComment(d);
    }
    if (type == u"action_item.create") {
        return createActionItem(d);
    }
    if (type == u"postmortem.request_review" || type == u"postmortem.publish"
        || type == u"postmortem.reopen") {
        return review(d, type);
    }
    return badRequest(u"unknown command type \"%1\""_s.arg(type.left(64)));
}

} // namespace Firebreak::Collab
