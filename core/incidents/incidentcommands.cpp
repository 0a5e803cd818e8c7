// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentcommands.h"

#include "incidents/lifecycle.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_maxTitle = 200;
constexpr int s_maxText = 20000;
constexpr qint64 s_clockSkewMs = 60 * 1000;

const QStringList s_milestones{u"impact_started"_s, u"detected"_s, u"acknowledged"_s,
                               u"mitigated"_s, u"resolved"_s};
const QStringList s_roles{u"commander"_s, u"communications"_s, u"scribe"_s, u"responder"_s};

using Refusal = CommandDecision;

CommandDecision badRequest(const QString &message)
{
    return Refusal::refuse(400, u"bad_request"_s, message);
}

CommandDecision conflict(const QString &message)
{
    return Refusal::refuse(409, u"conflict"_s, message);
}

/// Shared state of one decision: the command, its context and the events so far.
struct Decider
{
    const Projection &projection;
    const QJsonObject &command;
    const CommandContext &context;
    CommandDecision decision;

    QString text(const QString &key) const { return command.value(key).toString().trimmed(); }

    void add(const QString &type, const QString &incident, const QJsonObject &data)
    {
        Event event = makeEvent(type, context.actor, incident, data);
        event.at = context.now;
        decision.events.append(event);
    }
};

bool validUser(const QString &user)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._@-]{1,64}$"_s);
    return pattern.match(user).hasMatch();
}

CommandDecision declare(Decider &d)
{
    const QString title = d.text(u"title"_s);
    const Severity severity = severityFromName(d.text(u"severity"_s));
    const QString commander = d.text(u"commander"_s);
    if (title.isEmpty() || title.size() > s_maxTitle) {
        return badRequest(u"title must be 1 to %1 characters"_s.arg(s_maxTitle));
    }
    if (severity == Severity::Unknown) {
        return badRequest(u"severity must be P1, P2, P3 or P4"_s);
    }
    if (!commander.isEmpty() && !validUser(commander)) {
        return badRequest(u"commander must be a user name"_s);
    }
    const QJsonValue components = d.command.value(u"components"_s);
    if (!components.isUndefined() && !components.isArray()) {
        return badRequest(u"components must be a list of names"_s);
    }

    const QString id = newUuid();
    QJsonObject data{{u"number"_s, d.projection.nextIncidentNumber()},
                     {u"title"_s, title},
                     {u"severity"_s, severityName(severity)},
                     {u"source"_s, u"manual"_s},
                     {u"declaredBy"_s, d.context.actor}};
    for (const QString &field : {u"service"_s, u"impact"_s, u"team"_s}) {
        if (!d.text(field).isEmpty()) {
            data.insert(field, d.text(field).left(s_maxText));
        }
    }
    // The command's own `type` names the command; the incident's type has a field of its own.
    if (!d.text(u"incidentType"_s).isEmpty()) {
        data.insert(u"type"_s, d.text(u"incidentType"_s).left(s_maxText));
    }
    if (components.isArray()) {
        data.insert(u"components"_s, components);
    }
    d.add(u"incident.opened"_s, id, data);
    if (!commander.isEmpty()) {
        d.add(u"incident.role_assigned"_s, id,
              {{u"role"_s, u"commander"_s}, {u"user"_s, commander}});
    }
    return d.decision;
}

void addStatusEvents(Decider &d, const IncidentRecord &incident, IncidentStatus to,
                     const QString &note)
{
    QJsonObject data{{u"from"_s, statusName(incident.status)}, {u"to"_s, statusName(to)}};
    if (!note.isEmpty()) {
        data.insert(u"note"_s, note.left(s_maxText));
    }
    switch (to) {
    case IncidentStatus::Acknowledged:
        d.add(u"incident.acknowledged"_s, incident.id, data);
        break;
    case IncidentStatus::Resolved:
        d.add(u"incident.resolved"_s, incident.id, data);
        break;
    case IncidentStatus::Closed:
        d.add(u"incident.closed"_s, incident.id, data);
        break;
    default:
        d.add(u"incident.status_changed"_s, incident.id, data);
        break;
    }
    // Entering monitoring means the impact is mitigated: record it unless someone already did.
    if (to == IncidentStatus::Monitoring && !incident.milestones.contains(u"mitigated"_s)) {
        d.add(u"incident.milestone_set"_s, incident.id,
              {{u"milestone"_s, u"mitigated"_s},
               {u"at"_s, isoFromMs(d.context.now)},
               {u"automatic"_s, true}});
    }
}

CommandDecision changeStatus(Decider &d, const IncidentRecord &incident, IncidentStatus to)
{
    QString reason;
    if (!Lifecycle::canTransition(incident.status, to, &reason)) {
        return conflict(reason.arg(incident.numberText()));
    }
    addStatusEvents(d, incident, to, d.text(u"note"_s));
    return d.decision;
}

CommandDecision setStatus(Decider &d, const IncidentRecord &incident)
{
    IncidentStatus to{};
    if (!statusFromName(d.text(u"status"_s), &to)) {
        return badRequest(u"status must be one of acknowledged, investigating, identified,"
                          " monitoring, resolved, closed"_s);
    }
    return changeStatus(d, incident, to);
}

CommandDecision reopen(Decider &d, const IncidentRecord &incident)
{
    QString reason;
    if (!Lifecycle::canReopen(incident.status, &reason)) {
        return conflict(reason.arg(incident.numberText()));
    }
    if (!incident.mergedInto.isEmpty()) {
        return conflict(incident.numberText() + u" was merged into another incident"_s);
    }
    d.add(u"incident.reopened"_s, incident.id,
          {{u"from"_s, statusName(incident.status)}, {u"reason"_s, d.text(u"reason"_s)}});
    return d.decision;
}

CommandDecision changeSeverity(Decider &d, const IncidentRecord &incident)
{
    const Severity severity = severityFromName(d.text(u"severity"_s));
    if (severity == Severity::Unknown) {
        return badRequest(u"severity must be P1, P2, P3 or P4"_s);
    }
    if (severity == incident.severity) {
        return conflict(u"%1 is already %2"_s.arg(incident.numberText(), severityName(severity)));
    }
    d.add(u"incident.severity_changed"_s, incident.id,
          {{u"from"_s, severityName(incident.severity)},
           {u"to"_s, severityName(severity)},
           {u"reason"_s, d.text(u"reason"_s).left(s_maxText)}});
    return d.decision;
}

CommandDecision update(Decider &d, const IncidentRecord &incident)
{
    QJsonObject changes;
    // Command field, the change's name in the event, and the current value.
    struct Field {
        QString command;
        QString change;
        QString current;
    };
    const QList<Field> fields{{u"title"_s, u"title"_s, incident.title},
                              {u"service"_s, u"service"_s, incident.service},
                              {u"impact"_s, u"impact"_s, incident.impact},
                              {u"incidentType"_s, u"type"_s, incident.type},
                              {u"team"_s, u"team"_s, incident.team}};
    for (const Field &field : fields) {
        if (!d.command.contains(field.command)) {
            continue;
        }
        if (!d.command.value(field.command).isString()) {
            return badRequest(field.command + u" must be a string"_s);
        }
        const QString value = d.text(field.command).left(s_maxText);
        if (field.command == u"title" && (value.isEmpty() || value.size() > s_maxTitle)) {
            return badRequest(u"title must be 1 to %1 characters"_s.arg(s_maxTitle));
        }
        if (value != field.current) {
            changes.insert(field.change,
                           QJsonObject{{u"from"_s, field.current}, {u"to"_s, value}});
        }
    }
    if (d.command.contains(u"components"_s)) {
        const QJsonValue components = d.command.value(u"components"_s);
        if (!components.isArray()) {
            return badRequest(u"components must be a list of names"_s);
        }
        const QStringList list = components.toVariant().toStringList();
        if (list != incident.components) {
            changes.insert(u"components"_s,
                           QJsonObject{{u"from"_s, QJsonArray::fromStringList(incident.components)},
                                       {u"to"_s, QJsonArray::fromStringList(list)}});
        }
    }
    if (changes.isEmpty()) {
        return conflict(u"nothing to change on "_s + incident.numberText());
    }
    d.add(u"incident.updated"_s, incident.id, {{u"changes"_s, changes}});
    return d.decision;
}

/**
 * Why setting milestone `name` to `at` would put the incident's milestones out of order
 * (impact_started ≤ detected ≤ acknowledged, mitigated, resolved), or empty when it would not.
 */
QString milestoneOrderRefusal(const IncidentRecord &incident, const QString &name, qint64 at)
{
    const auto refuse = [&](const QString &other, qint64 otherAt, const QString &relation) {
        return u"%1 %2 would be %3 %4 %5 on %6"_s.arg(name, isoFromMs(at), relation, other,
                                                       isoFromMs(otherAt),
                                                       incident.numberText());
    };
    const qint64 detected = incident.milestone(u"detected"_s);
    if (name == u"impact_started") {
        return detected > 0 && at > detected ? refuse(u"detected"_s, detected, u"after"_s)
                                             : QString();
    }
    if (name != u"detected") {
        return detected > 0 && at < detected ? refuse(u"detected"_s, detected, u"before"_s)
                                             : QString();
    }
    const qint64 impact = incident.milestone(u"impact_started"_s);
    if (impact > 0 && at < impact) {
        return refuse(u"impact_started"_s, impact, u"before"_s);
    }
    for (const QString &later : {u"acknowledged"_s, u"mitigated"_s, u"resolved"_s}) {
        const qint64 laterAt = incident.milestone(later);
        if (laterAt > 0 && at > laterAt) {
            return refuse(later, laterAt, u"after"_s);
        }
    }
    return QString();
}

CommandDecision setMilestone(Decider &d, const IncidentRecord &incident)
{
    const QString name = d.text(u"milestone"_s);
    if (!s_milestones.contains(name)) {
        return badRequest(u"milestone must be one of "_s + s_milestones.join(u", "_s));
    }
    const QString text = d.text(u"at"_s);
    const qint64 at = msFromIso(text);
    if (at <= 0) {
        // A valid time before 1970 is not a format error: say what is wrong with it.
        if (QDateTime::fromString(text, Qt::ISODateWithMs).isValid()) {
            return badRequest(u"at (%1) is not after 1970-01-01T00:00:00Z, the earliest time "
                              "Firebreak records"_s.arg(text));
        }
        return badRequest(u"at must be an ISO 8601 time"_s);
    }
    if (at > d.context.now + s_clockSkewMs) {
        return badRequest(u"a milestone cannot be in the future"_s);
    }
    if (const QString refusal = milestoneOrderRefusal(incident, name, at); !refusal.isEmpty()) {
        return conflict(refusal);
    }
    QJsonObject data{{u"milestone"_s, name}, {u"at"_s, isoFromMs(at)}};
    if (const qint64 previous = incident.milestone(name); previous > 0) {
        data.insert(u"previous"_s, isoFromMs(previous));
    }
    d.add(u"incident.milestone_set"_s, incident.id, data);
    return d.decision;
}

CommandDecision assignRole(Decider &d, const IncidentRecord &incident, bool assign)
{
    const QString role = d.text(u"role"_s);
    const QString user = d.text(u"user"_s);
    if (!s_roles.contains(role)) {
        return badRequest(u"role must be one of "_s + s_roles.join(u", "_s));
    }
    if (!validUser(user)) {
        return badRequest(u"user must be a user name (letters, digits, . _ @ -)"_s);
    }
    const bool holds = role == u"responder" ? incident.responders.contains(user)
                                            : incident.roles.value(role) == user;
    if (assign == holds) {
        return conflict(u"%1 %2 %3 on %4"_s.arg(user, assign ? u"is already"_s : u"is not"_s,
                                                role, incident.numberText()));
    }
    QJsonObject data{{u"role"_s, role}, {u"user"_s, user}};
    const QString previous = incident.roles.value(role);
    if (assign && role != u"responder" && !previous.isEmpty()) {
        data.insert(u"previous"_s, previous); // a hand-over, kept on the timeline
    }
    d.add(assign ? u"incident.role_assigned"_s : u"incident.role_unassigned"_s, incident.id, data);
    return d.decision;
}

CommandDecision addNote(Decider &d, const IncidentRecord &incident)
{
    const QString text = d.command.value(u"text"_s).toString();
    if (text.trimmed().isEmpty() || text.size() > s_maxText) {
        return badRequest(u"text must be 1 to %1 characters of Markdown"_s.arg(s_maxText));
    }
    d.add(u"incident.note_added"_s, incident.id,
          {{u"text"_s, text}, {u"summary"_s, d.command.value(u"summary"_s).toBool()}});
    return d.decision;
}

CommandDecision attachEvidence(Decider &d, const IncidentRecord &incident)
{
    const QString kind = d.text(u"kind"_s);
    const QString name = d.text(u"name"_s).left(s_maxTitle);
    QJsonObject data{{u"kind"_s, kind}, {u"name"_s, name}, {u"addedBy"_s, d.context.actor}};
    if (kind == u"link") {
        const QUrl url(d.text(u"url"_s), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http")) {
            return badRequest(u"a link needs an http or https url"_s);
        }
        data.insert(u"url"_s, url.toString());
    } else if (kind == u"log") {
        const QString text = d.command.value(u"text"_s).toString();
        if (text.isEmpty() || text.size() > s_maxText) {
            return badRequest(u"a log excerpt needs 1 to %1 characters of text"_s.arg(s_maxText));
        }
        data.insert(u"text"_s, text);
        data.insert(u"sha256"_s, QString::fromLatin1(QCryptographicHash::hash(
                                     text.toUtf8(), QCryptographicHash::Sha256).toHex()));
    } else if (kind == u"file") {
        const QString sha256 = d.text(u"sha256"_s).toLower();
        if (!d.context.blobExists || !d.context.blobExists(sha256)) {
            return badRequest(u"no uploaded file has sha256 \"%1\"; upload it to"
                              " /api/v1/evidence first"_s.arg(sha256.left(64)));
        }
        data.insert(u"sha256"_s, sha256);
        data.insert(u"size"_s, d.command.value(u"size"_s).toInteger());
        data.insert(u"mediaType"_s, d.text(u"mediaType"_s).left(100));
    } else {
        return badRequest(u"kind must be link, log or file"_s);
    }
    if (name.isEmpty()) {
        return badRequest(u"evidence needs a name"_s);
    }
    d.add(u"incident.evidence_attached"_s, incident.id, data);
    return d.decision;
}

CommandDecision relate(Decider &d, const IncidentRecord &incident, bool merge)
{
    const QString otherKey = merge ? u"into"_s : u"related"_s;
    const IncidentRecord *other = d.projection.incident(d.text(otherKey));
    if (!other) {
        return Refusal::refuse(404, u"not_found"_s,
                               u"no incident \"%1\""_s.arg(d.text(otherKey).left(64)));
    }
    if (other->id == incident.id) {
        return badRequest(u"an incident cannot be related to itself"_s);
    }
    if (!merge) {
        if (incident.linkedIncidents.contains(other->id)) {
            return conflict(u"%1 is already linked to %2"_s.arg(incident.numberText(),
                                                                 other->numberText()));
        }
        d.add(u"incident.linked"_s, incident.id, {{u"related"_s, other->id}});
        return d.decision;
    }
    // Name whichever side was merged already, and where it went.
    for (const IncidentRecord *merged : {&incident, other}) {
        if (merged->mergedInto.isEmpty()) {
            continue;
        }
        const IncidentRecord *into = d.projection.incident(merged->mergedInto);
        const QString intoNumber = into ? into->numberText() : merged->mergedInto;
        return conflict(merged == other
                            ? u"%1 was merged into %2; merge into %2 instead"_s.arg(
                                  merged->numberText(), intoNumber)
                            : u"%1 was merged into %2 already"_s.arg(merged->numberText(),
                                                                      intoNumber));
    }
    d.add(u"incident.merged"_s, incident.id,
          {{u"into"_s, other->id}, {u"intoNumber"_s, other->numberText()}});
    d.add(u"incident.duplicate_merged"_s, other->id,
          {{u"from"_s, incident.id}, {u"fromNumber"_s, incident.numberText()}});
    return d.decision;
}

CommandDecision share(Decider &d, const IncidentRecord &incident, bool add)
{
    const QString user = d.text(u"user"_s);
    if (!validUser(user)) {
        return badRequest(u"user must be a user name"_s);
    }
    if (incident.sharedWith.contains(user) == add) {
        return conflict(u"%1 is %2 shared with %3"_s.arg(
            incident.numberText(), add ? u"already"_s : u"not"_s, user));
    }
    d.add(add ? u"incident.shared"_s : u"incident.unshared"_s, incident.id, {{u"user"_s, user}});
    return d.decision;
}

CommandDecision configure(Decider &d, const QString &type)
{
    if (type == u"config.set_targets") {
        TargetPolicy policy = d.projection.targets();
        QString error;
        if (!policy.fromJson(d.command.value(u"targets"_s).toObject(), &error)) {
            return badRequest(error);
        }
        d.add(u"config.targets_changed"_s, QString(), {{u"targets"_s, policy.toJson()}});
        return d.decision;
    }
    const Severity severity = severityFromName(d.text(u"severity"_s));
    if (severity == Severity::Unknown || d.text(u"name"_s).isEmpty()) {
        return badRequest(u"a severity definition needs severity (P1 to P4) and a name"_s);
    }
    d.add(u"config.severity_defined"_s, QString(),
          {{u"severity"_s, severityName(severity)},
           {u"name"_s, d.text(u"name"_s).left(s_maxTitle)},
           {u"description"_s, d.text(u"description"_s).left(s_maxText)},
           {u"criteria"_s, d.text(u"criteria"_s).left(s_maxText)}});
    return d.decision;
}

CommandDecision onIncident(Decider &d, const QString &type, const IncidentRecord &incident)
{
    if (type == u"incident.acknowledge") {
        return changeStatus(d, incident, IncidentStatus::Acknowledged);
    }
    if (type == u"incident.resolve") {
        return changeStatus(d, incident, IncidentStatus::Resolved);
    }
    if (type == u"incident.close") {
        return changeStatus(d, incident, IncidentStatus::Closed);
    }
    if (type == u"incident.set_status") {
        return setStatus(d, incident);
    }
    if (type == u"incident.reopen") {
        return reopen(d, incident);
    }
    if (type == u"incident.change_severity") {
        return changeSeverity(d, incident);
    }
    if (type == u"incident.update") {
        return update(d, incident);
    }
    if (type == u"incident.set_milestone") {
        return setMilestone(d, incident);
    }
    if (type == u"incident.assign_role" || type == u"incident.unassign_role") {
        return assignRole(d, incident, type == u"incident.assign_role");
    }
    if (type == u"incident.add_note") {
        return addNote(d, incident);
    }
    if (type == u"incident.attach_evidence") {
        return attachEvidence(d, incident);
    }
    if (type == u"incident.share" || type == u"incident.unshare") {
        return share(d, incident, type == u"incident.share");
    }
    return relate(d, incident, type == u"incident.merge");
}

} // namespace

QStringList knownCommandTypes()
{
    return {u"incident.declare"_s,        u"incident.acknowledge"_s,   u"incident.set_status"_s,
            u"incident.resolve"_s,        u"incident.close"_s,         u"incident.reopen"_s,
            u"incident.change_severity"_s, u"incident.update"_s,       u"incident.set_milestone"_s,
            u"incident.assign_role"_s,    u"incident.unassign_role"_s, u"incident.add_note"_s,
            u"incident.attach_evidence"_s, u"incident.merge"_s,        u"incident.link"_s,
            u"incident.share"_s,          u"incident.unshare"_s,
            u"config.set_targets"_s,      u"config.define_severity"_s};
}

CommandDecision decideCommand(const Projection &projection, const QJsonObject &command,
                              const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (!knownCommandTypes().contains(type)) {
        return badRequest(u"unknown command type \"%1\"; known: %2"_s.arg(
            type.left(64), knownCommandTypes().join(u", "_s)));
    }
    Decider decider{projection, command, context, {}};
    if (type == u"incident.declare") {
        return declare(decider);
    }
    if (type.startsWith(u"config.")) {
        return configure(decider, type);
    }
    const QString reference = command.value(u"incident"_s).toString();
    const IncidentRecord *incident = projection.incident(reference);
    if (!incident) {
        return Refusal::refuse(404, u"not_found"_s,
                               u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    return onIncident(decider, type, *incident);
}

} // namespace Firebreak
