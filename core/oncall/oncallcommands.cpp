// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "oncallcommands.h"

#include "oncall/schedule.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

constexpr qint64 s_maxOverrideMs = 90LL * 24 * 3600 * 1000;

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

CommandDecision conflict(const QString &message)
{
    return CommandDecision::refuse(409, u"conflict"_s, message);
}

CommandDecision notFound(const QString &what, const QString &reference)
{
    return CommandDecision::refuse(404, u"not_found"_s,
                                   u"no %1 \"%2\""_s.arg(what, reference.left(64)));
}

bool matches(const QString &pattern, const QString &text)
{
    return QRegularExpression(pattern).match(text).hasMatch();
}

bool validName(const QString &name)
{
    return matches(u"^[A-Za-z0-9._@-]{1,64}$"_s, name);
}

/// Checks a contact field; the patterns keep line breaks and header syntax out of e-mail.
QString contactProblem(const QString &field, const QString &value)
{
    if (value.isEmpty()) {
        return {};
    }
    if (field == u"email" && !matches(u"^[^\\s@<>,;:\"()\\[\\]]{1,64}@[A-Za-z0-9.-]{1,190}$"_s,
                                      value)) {
        return u"email must be an address like alice@example.com"_s;
    }
    if (field == u"phone" && !matches(u"^\\+?[0-9 ()./-]{3,32}$"_s, value)) {
        return u"phone must be digits, spaces and + ( ) . / -"_s;
    }
    if (field == u"chat" && !matches(u"^[^\\x00-\\x1f<>&]{1,100}$"_s, value)) {
        return u"chat must be a handle of 1 to 100 characters without < > &"_s;
    }
    if (field == u"timeZone" && !isTimeZoneId(value)) {
        return u"timeZone must be an IANA time zone such as Europe/Berlin"_s;
    }
    if (field == u"displayName" && (value.size() > 200 || matches(u"[\\x00-\\x1f]"_s, value))) {
        return u"displayName must be one line of at most 200 characters"_s;
    }
    return {};
}

const QStringList s_contactFields{u"displayName"_s, u"email"_s, u"chat"_s, u"phone"_s,
                                  u"timeZone"_s};

struct Decider
{
    const Projection &projection;
    const Responders &responders;
    const QJsonObject &command;
    const CommandContext &context;
    CommandDecision decision;

    const Directory &directory() const { return responders.directory(); }
    QString text(const QString &key) const { return command.value(key).toString().trimmed(); }

    void add(const QString &type, const QJsonObject &data, const QString &incident = {})
    {
        Event event = makeEvent(type, context.actor, incident, data);
        event.at = context.now;
        decision.events.append(event);
    }

    /// The user names of `key` (a list), or an error naming the first unknown one.
    QString knownUsers(const QJsonArray &names, QStringList *users) const
    {
        for (const QJsonValue &value : names) {
            const UserRecord *user = directory().user(value.toString());
            if (!user || !user->active) {
                return u"no active user \"%1\""_s.arg(value.toString().left(64));
            }
            users->append(user->name);
        }
        return {};
    }
};

CommandDecision createUser(Decider &d)
{
    const QString name = d.text(u"name"_s);
    if (!validName(name)) {
        return badRequest(u"name must be a login name (letters, digits, . _ @ -)"_s);
    }
    if (d.directory().user(name)) {
        return conflict(u"a user named \"%1\" exists"_s.arg(name));
    }
    QJsonObject data{{u"id"_s, newUuid()}, {u"name"_s, name}};
    for (const QString &field : s_contactFields) {
        const QString value = d.text(field);
        if (const QString problem = contactProblem(field, value); !problem.isEmpty()) {
            return badRequest(problem);
        }
        data.insert(field, value);
    }
    if (data.value(u"displayName"_s).toString().isEmpty()) {
        data.insert(u"displayName"_s, name);
    }
    d.add(u"user.created"_s, data);
    return d.decision;
}

CommandDecision updateUser(Decider &d, const UserRecord &user)
{
    if (d.command.value(u"type"_s).toString() == u"user.deactivate") {
        if (!user.active) {
            return conflict(user.name + u" is already deactivated"_s);
        }
        d.add(u"user.deactivated"_s, {{u"id"_s, user.id}, {u"name"_s, user.name}});
        return d.decision;
    }
    const QJsonObject current = user.toJson();
    QJsonObject changes;
    for (const QString &field : s_contactFields) {
        if (!d.command.contains(field)) {
            continue;
        }
        const QString value = d.text(field);
        if (const QString problem = contactProblem(field, value); !problem.isEmpty()) {
            return badRequest(problem);
        }
        const QString from = current.value(field).toString();
        if (value != from) {
            changes.insert(field, QJsonObject{{u"from"_s, from}, {u"to"_s, value}});
        }
    }
    if (changes.isEmpty()) {
        return conflict(u"nothing to change on "_s + user.name);
    }
    d.add(u"user.updated"_s, {{u"id"_s, user.id}, {u"name"_s, user.name}, {u"changes"_s, changes}});
    return d.decision;
}

CommandDecision createTeam(Decider &d)
{
    const QString name = d.text(u"name"_s);
    if (name.isEmpty() || name.size() > 100) {
        return badRequest(u"a team needs a name of 1 to 100 characters"_s);
    }
    if (d.directory().team(name)) {
        return conflict(u"a team named \"%1\" exists"_s.arg(name));
    }
    QStringList members;
    if (const QString problem = d.knownUsers(d.command.value(u"members"_s).toArray(), &members);
        !problem.isEmpty()) {
        return badRequest(problem);
    }
    const QString id = newUuid();
    d.add(u"team.created"_s, {{u"id"_s, id},
                              {u"name"_s, name},
                              {u"description"_s, d.text(u"description"_s).left(2000)}});
    for (const QString &member : std::as_const(members)) {
        d.add(u"team.member_added"_s, {{u"team"_s, id}, {u"user"_s, member}});
    }
    return d.decision;
}

CommandDecision changeTeam(Decider &d, const QString &type)
{
    const TeamRecord *team = d.directory().team(d.text(u"team"_s));
    if (!team) {
        return notFound(u"team"_s, d.text(u"team"_s));
    }
    if (type == u"team.set_escalation_policy") {
        const EscalationPolicy *policy = d.directory().policy(d.text(u"policy"_s));
        if (!policy && !d.text(u"policy"_s).isEmpty()) {
            return notFound(u"escalation policy"_s, d.text(u"policy"_s));
        }
        d.add(u"team.escalation_policy_set"_s,
              {{u"team"_s, team->id}, {u"policy"_s, policy ? policy->id : QString()}});
        return d.decision;
    }
    const UserRecord *user = d.directory().user(d.text(u"user"_s));
    if (!user) {
        return notFound(u"user"_s, d.text(u"user"_s));
    }
    const bool add = type == u"team.add_member";
    if (add == team->members.contains(user->name)) {
        return conflict(u"%1 %2 a member of %3"_s.arg(user->name, add ? u"is already"_s
                                                                      : u"is not"_s, team->name));
    }
    d.add(add ? u"team.member_added"_s : u"team.member_removed"_s,
          {{u"team"_s, team->id}, {u"user"_s, user->name}});
    return d.decision;
}

CommandDecision changeService(Decider &d, const QString &type)
{
    const QString service = d.text(u"service"_s);
    if (service.isEmpty() || service.size() > 200) {
        return badRequest(u"service must be the service name incidents carry"_s);
    }
    const ServiceRecord *current = d.directory().service(service);
    if (type == u"service.assign_team") {
        const TeamRecord *team = d.directory().team(d.text(u"team"_s));
        if (!team) {
            return notFound(u"team"_s, d.text(u"team"_s));
        }
        QJsonObject data{{u"service"_s, service}, {u"team"_s, team->id}};
        if (current && !current->team.isEmpty()) {
            data.insert(u"previous"_s, current->team);
        }
        d.add(u"service.team_assigned"_s, data);
        return d.decision;
    }
    const EscalationPolicy *policy = d.directory().policy(d.text(u"policy"_s));
    if (!policy && !d.text(u"policy"_s).isEmpty()) {
        return notFound(u"escalation policy"_s, d.text(u"policy"_s));
    }
    d.add(u"service.escalation_policy_set"_s,
          {{u"service"_s, service}, {u"policy"_s, policy ? policy->id : QString()}});
    return d.decision;
}

/// Checks that every user a schedule's layers name exists.
QString scheduleUsersProblem(const Decider &d, const ScheduleDefinition &schedule)
{
    for (const Layer &layer : schedule.layers) {
        QStringList ignored;
        const QString problem = d.knownUsers(QJsonArray::fromStringList(layer.users), &ignored);
        if (!problem.isEmpty()) {
            return layer.name + u": "_s + problem;
        }
    }
    return {};
}

CommandDecision defineSchedule(Decider &d, const QString &type)
{
    const bool create = type == u"schedule.create";
    const ScheduleDefinition *existing = create ? nullptr
                                                : d.directory().schedule(d.text(u"schedule"_s));
    if (!create && !existing) {
        return notFound(u"schedule"_s, d.text(u"schedule"_s));
    }
    ScheduleDefinition schedule = existing ? *existing : ScheduleDefinition();
    QJsonObject definition = existing ? existing->toJson() : QJsonObject();
    for (auto it = d.command.begin(); it != d.command.end(); ++it) {
        if (it.key() != u"type" && it.key() != u"schedule") {
            definition.insert(it.key(), it.value());
        }
    }
    QString error;
    if (!schedule.fromJson(definition, &error)) {
        return badRequest(error);
    }
    if (const QString problem = scheduleUsersProblem(d, schedule); !problem.isEmpty()) {
        return badRequest(problem);
    }
    const ScheduleDefinition *sameName = d.directory().schedule(schedule.name);
    if (sameName && (create || sameName->id != existing->id)) {
        return conflict(u"a schedule named \"%1\" exists"_s.arg(schedule.name));
    }
    schedule.id = create ? newUuid() : existing->id;
    d.add(create ? u"schedule.created"_s : u"schedule.updated"_s, schedule.toJson());
    return d.decision;
}

CommandDecision changeOverride(Decider &d, const QString &type)
{
    const ScheduleDefinition *schedule = d.directory().schedule(d.text(u"schedule"_s));
    if (!schedule) {
        return notFound(u"schedule"_s, d.text(u"schedule"_s));
    }
    if (type == u"schedule.remove_override") {
        const QString id = d.text(u"override"_s);
        const bool known = std::any_of(schedule->overrides.cbegin(), schedule->overrides.cend(),
                                       [&id](const Override &o) { return o.id == id; });
        if (!known) {
            return notFound(u"override"_s, id);
        }
        d.add(u"schedule.override_removed"_s, {{u"schedule"_s, schedule->id}, {u"id"_s, id}});
        return d.decision;
    }
    const UserRecord *user = d.directory().user(d.text(u"user"_s));
    if (!user || !user->active) {
        return notFound(u"active user"_s, d.text(u"user"_s));
    }
    const qint64 start = msFromIso(d.text(u"start"_s));
    const qint64 end = msFromIso(d.text(u"end"_s));
    if (start <= 0 || end <= start || end - start > s_maxOverrideMs) {
        return badRequest(u"an override needs start before end (ISO 8601), at most 90 days"_s);
    }
    d.add(u"schedule.override_added"_s, {{u"schedule"_s, schedule->id},
                                         {u"id"_s, newUuid()},
                                         {u"user"_s, user->name},
                                         {u"start"_s, isoFromMs(start)},
                                         {u"end"_s, isoFromMs(end)}});
    return d.decision;
}

CommandDecision definePolicy(Decider &d, const QString &type)
{
    const bool create = type == u"escalation_policy.create";
    const EscalationPolicy *existing = create ? nullptr
                                              : d.directory().policy(d.text(u"policy"_s));
    if (!create && !existing) {
        return notFound(u"escalation policy"_s, d.text(u"policy"_s));
    }
    QJsonObject definition = existing ? existing->toJson() : QJsonObject();
    for (auto it = d.command.begin(); it != d.command.end(); ++it) {
        if (it.key() != u"type" && it.key() != u"policy") {
            definition.insert(it.key(), it.value());
        }
    }
    EscalationPolicy policy;
    QString error;
    if (!policy.fromJson(definition, &error)) {
        return badRequest(error);
    }
    for (EscalationLevel &level : policy.levels) {
        for (EscalationTarget &target : level.targets) {
            const UserRecord *user = target.type == u"user" ? d.directory().user(target.id)
                                                             : nullptr;
            const ScheduleDefinition *schedule = target.type == u"schedule"
                ? d.directory().schedule(target.id)
                : nullptr;
            if (!user && !schedule) {
                return notFound(target.type, target.id);
            }
            target.id = user ? user->name : schedule->id; // stable references in the log
        }
    }
    const EscalationPolicy *sameName = d.directory().policy(policy.name);
    if (sameName && (create || sameName->id != existing->id)) {
        return conflict(u"an escalation policy named \"%1\" exists"_s.arg(policy.name));
    }
    policy.id = create ? newUuid() : existing->id;
    d.add(create ? u"escalation_policy.created"_s : u"escalation_policy.updated"_s,
          policy.toJson());
    return d.decision;
}

CommandDecision startEscalation(Decider &d)
{
    const IncidentRecord *incident = d.projection.incident(d.text(u"incident"_s));
    if (!incident) {
        return notFound(u"incident"_s, d.text(u"incident"_s));
    }
    const QString reference = d.text(u"policy"_s);
    const EscalationPolicy *policy = reference.isEmpty()
        ? d.directory().policyFor(incident->service, incident->team)
        : d.directory().policy(reference);
    if (!policy) {
        return notFound(u"escalation policy"_s, reference.isEmpty() ? incident->service
                                                                    : reference);
    }
    if (incident->status != IncidentStatus::Triggered) {
        return conflict(incident->numberText() + u" is acknowledged already; nobody is paged"_s);
    }
    if (const WalkRecord *walk = d.responders.paging().walk(incident->id); walk && walk->active) {
        return conflict(incident->numberText() + u" is already being escalated"_s);
    }
    d.decision.events = startWalkEvents(*incident, *policy, d.directory(), d.context.actor,
                                        d.context.now);
    return d.decision;
}

CommandDecision decideDirectoryCommand(Decider &d, const QString &type)
{
    if (type == u"user.create") {
        return createUser(d);
    }
    if (type == u"user.update" || type == u"user.deactivate") {
        const UserRecord *user = d.directory().user(d.text(u"user"_s));
        return user ? updateUser(d, *user) : notFound(u"user"_s, d.text(u"user"_s));
    }
    if (type == u"team.create") {
        return createTeam(d);
    }
    if (type.startsWith(u"team.")) {
        return changeTeam(d, type);
    }
    return changeService(d, type);
}

} // namespace

QStringList onCallCommandTypes()
{
    return {u"user.create"_s,
            u"user.update"_s,
            u"user.deactivate"_s,
            u"team.create"_s,
            u"team.add_member"_s,
            u"team.remove_member"_s,
            u"team.set_escalation_policy"_s,
            u"service.assign_team"_s,
            u"service.set_escalation_policy"_s,
            u"schedule.create"_s,
            u"schedule.update"_s,
            u"schedule.add_override"_s,
            u"schedule.remove_override"_s,
            u"escalation_policy.create"_s,
            u"escalation_policy.update"_s,
            u"escalation.start"_s,
            u"task.create"_s,
            u"task.move"_s,
            u"task.update"_s,
            u"task.delete"_s};
}

bool isOnCallCommand(const QString &type)
{
    return onCallCommandTypes().contains(type);
}

CommandDecision decideOnCallCommand(const Projection &projection, const Responders &responders,
                                    const QJsonObject &command, const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (!isOnCallCommand(type)) {
        return badRequest(u"unknown command type \"%1\""_s.arg(type.left(64)));
    }
    if (type.startsWith(u"task.")) {
        return decideTaskCommand(projection, responders.board(), command, context);
    }
    Decider decider{projection, responders, command, context, {}};
    if (type == u"schedule.create" || type == u"schedule.update") {
        return defineSchedule(decider, type);
    }
    if (type.startsWith(u"schedule.")) {
        return changeOverride(decider, type);
    }
    if (type.startsWith(u"escalation_policy.")) {
        return definePolicy(decider, type);
    }
    if (type == u"escalation.start") {
        return startEscalation(decider);
    }
    return decideDirectoryCommand(decider, type);
}

} // namespace Firebreak::OnCall
