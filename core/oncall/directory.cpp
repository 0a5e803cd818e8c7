// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "directory.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

QJsonValue optional(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

template<typename Record>
QList<const Record *> sortedByName(const QHash<QString, Record> &records)
{
    QList<const Record *> list;
    list.reserve(records.size());
    for (const Record &record : records) {
        list.append(&record);
    }
    std::sort(list.begin(), list.end(), [](const Record *a, const Record *b) {
        return a->name.localeAwareCompare(b->name) < 0;
    });
    return list;
}

template<typename Record>
const Record *find(const QHash<QString, Record> &records, const QString &key)
{
    const auto it = records.constFind(key);
    return it == records.cend() ? nullptr : &*it;
}

bool parseLevel(const QJsonObject &object, int index, EscalationLevel *level, QString *error)
{
    level->timeoutMinutes = object.value(u"timeoutMinutes"_s).toInt(15);
    if (level->timeoutMinutes < 1 || level->timeoutMinutes > 24 * 60) {
        *error = u"level %1: timeoutMinutes must be 1 to 1440"_s.arg(index + 1);
        return false;
    }
    const QJsonArray targets = object.value(u"targets"_s).toArray();
    for (const QJsonValue &value : targets) {
        const QJsonObject target = value.toObject();
        const QString type = target.value(u"type"_s).toString();
        const QString id = target.value(u"id"_s).toString().trimmed();
        if ((type != u"user" && type != u"schedule") || id.isEmpty()) {
            *error = u"level %1: a target is {\"type\": \"user\" or \"schedule\", \"id\"}"_s
                         .arg(index + 1);
            return false;
        }
        level->targets.append({type, id});
    }
    if (level->targets.isEmpty()) {
        *error = u"level %1 needs at least one target"_s.arg(index + 1);
        return false;
    }
    return true;
}

} // namespace

QJsonObject UserRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"displayName"_s, displayName},
            {u"email"_s, optional(email)},
            {u"chat"_s, optional(chat)},
            {u"phone"_s, optional(phone)},
            {u"timeZone"_s, optional(timeZone)},
            {u"active"_s, active}};
}

QJsonObject TeamRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"description"_s, description},
            {u"members"_s, QJsonArray::fromStringList(members)},
            {u"escalationPolicy"_s, optional(escalationPolicy)}};
}

QJsonObject ServiceRecord::toJson() const
{
    return {{u"name"_s, name},
            {u"team"_s, optional(team)},
            {u"escalationPolicy"_s, optional(escalationPolicy)}};
}

QJsonObject EscalationPolicy::toJson() const
{
    QJsonArray levelList;
    for (const EscalationLevel &level : levels) {
        QJsonArray targets;
        for (const EscalationTarget &target : level.targets) {
            targets.append(QJsonObject{{u"type"_s, target.type}, {u"id"_s, target.id}});
        }
        levelList.append(QJsonObject{{u"timeoutMinutes"_s, level.timeoutMinutes},
                                     {u"targets"_s, targets}});
    }
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"description"_s, description},
            {u"repeat"_s, repeat},
            {u"levels"_s, levelList}};
}

bool EscalationPolicy::fromJson(const QJsonObject &object, QString *error)
{
    const QString newName = object.value(u"name"_s).toString().trimmed();
    if (newName.isEmpty() || newName.size() > 200) {
        *error = u"an escalation policy needs a name of 1 to 200 characters"_s;
        return false;
    }
    const int newRepeat = object.value(u"repeat"_s).toInt(0);
    if (newRepeat < 0 || newRepeat > 9) {
        *error = u"repeat must be 0 to 9"_s;
        return false;
    }
    const QJsonArray levelList = object.value(u"levels"_s).toArray();
    if (levelList.isEmpty() || levelList.size() > 20) {
        *error = u"an escalation policy needs 1 to 20 levels"_s;
        return false;
    }
    QList<EscalationLevel> parsed;
    for (qsizetype i = 0; i < levelList.size(); ++i) {
        EscalationLevel level;
        if (!parseLevel(levelList.at(i).toObject(), int(i), &level, error)) {
            return false;
        }
        parsed.append(level);
    }
    name = newName;
    description = object.value(u"description"_s).toString().left(2000);
    repeat = newRepeat;
    levels = parsed;
    return true;
}

void Directory::apply(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type.startsWith(u"user.")) {
        applyUser(event, data);
    } else if (type.startsWith(u"team.")) {
        applyTeam(event, data);
    } else if (type.startsWith(u"schedule.")) {
        applySchedule(event, data);
    } else if (type == u"service.team_assigned") {
        ServiceRecord &service = m_services[data[u"service"_s].toString()];
        service.name = data[u"service"_s].toString();
        service.team = data[u"team"_s].toString();
    } else if (type == u"service.escalation_policy_set") {
        ServiceRecord &service = m_services[data[u"service"_s].toString()];
        service.name = data[u"service"_s].toString();
        service.escalationPolicy = data[u"policy"_s].toString();
    } else if (type == u"escalation_policy.created" || type == u"escalation_policy.updated") {
        EscalationPolicy policy;
        QString ignored;
        policy.id = data[u"id"_s].toString();
        if (policy.fromJson(data, &ignored)) {
            m_policies.insert(policy.id, policy);
        }
    }
}

void Directory::applyUser(const Event &event, const QJsonObject &data)
{
    if (event.type == u"user.created") {
        UserRecord user;
        user.id = data[u"id"_s].toString();
        user.name = data[u"name"_s].toString();
        user.displayName = data[u"displayName"_s].toString();
        user.email = data[u"email"_s].toString();
        user.chat = data[u"chat"_s].toString();
        user.phone = data[u"phone"_s].toString();
        user.timeZone = data[u"timeZone"_s].toString();
        user.createdAt = event.at;
        m_userByName.insert(user.name, user.id);
        m_users.insert(user.id, user);
        return;
    }
    auto it = m_users.find(data[u"id"_s].toString());
    if (it == m_users.end()) {
        return;
    }
    if (event.type == u"user.deactivated") {
        it->active = false;
    } else if (event.type == u"user.reactivated") {
        it->active = true;
    } else if (event.type == u"user.updated") {
        const QJsonObject changes = data[u"changes"_s].toObject();
        for (auto change = changes.begin(); change != changes.end(); ++change) {
            const QString to = change.value().toObject().value(u"to"_s).toString();
            QString *field = change.key() == u"displayName" ? &it->displayName
                : change.key() == u"email"                  ? &it->email
                : change.key() == u"chat"                   ? &it->chat
                : change.key() == u"phone"                  ? &it->phone
                : change.key() == u"timeZone"               ? &it->timeZone
                                                            : nullptr;
            if (field) {
                *field = to;
            }
        }
    }
}

void Directory::applyTeam(const Event &event, const QJsonObject &data)
{
    if (event.type == u"team.created") {
        TeamRecord team;
        team.id = data[u"id"_s].toString();
        team.name = data[u"name"_s].toString();
        team.description = data[u"description"_s].toString();
        team.escalationPolicy = data[u"escalationPolicy"_s].toString();
        m_teamByName.insert(team.name, team.id);
        m_teams.insert(team.id, team);
        return;
    }
    auto it = m_teams.find(data[u"team"_s].toString());
    if (it == m_teams.end()) {
        return;
    }
    const QString user = data[u"user"_s].toString();
    if (event.type == u"team.member_added" && !it->members.contains(user)) {
        it->members.append(user);
    } else if (event.type == u"team.member_removed") {
        it->members.removeAll(user);
    } else if (event.type == u"team.escalation_policy_set") {
        it->escalationPolicy = data[u"policy"_s].toString();
    }
}

void Directory::applySchedule(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"schedule.created" || type == u"schedule.updated") {
        const QString id = data[u"id"_s].toString();
        ScheduleDefinition schedule = m_schedules.value(id);
        schedule.id = id;
        QString ignored;
        if (schedule.fromJson(data, &ignored)) {
            m_schedules.insert(id, schedule);
        }
        return;
    }
    auto it = m_schedules.find(data[u"schedule"_s].toString());
    if (it == m_schedules.end()) {
        return;
    }
    if (type == u"schedule.override_added") {
        it->overrides.append({data[u"id"_s].toString(), data[u"user"_s].toString(),
                              msFromIso(data[u"start"_s].toString()),
                              msFromIso(data[u"end"_s].toString())});
    } else if (type == u"schedule.override_removed") {
        const QString id = data[u"id"_s].toString();
        it->overrides.removeIf([&id](const Override &override) { return override.id == id; });
    }
}

const UserRecord *Directory::user(const QString &idOrName) const
{
    if (const UserRecord *found = find(m_users, idOrName)) {
        return found;
    }
    return find(m_users, m_userByName.value(idOrName));
}

const TeamRecord *Directory::team(const QString &idOrName) const
{
    if (const TeamRecord *found = find(m_teams, idOrName)) {
        return found;
    }
    return find(m_teams, m_teamByName.value(idOrName));
}

const ServiceRecord *Directory::service(const QString &name) const
{
    return find(m_services, name);
}

const ScheduleDefinition *Directory::schedule(const QString &idOrName) const
{
    if (const ScheduleDefinition *found = find(m_schedules, idOrName)) {
        return found;
    }
    for (const ScheduleDefinition &schedule : m_schedules) {
        if (schedule.name == idOrName) {
            return &schedule;
        }
    }
    return nullptr;
}

const EscalationPolicy *Directory::policy(const QString &idOrName) const
{
    if (const EscalationPolicy *found = find(m_policies, idOrName)) {
        return found;
    }
    for (const EscalationPolicy &policy : m_policies) {
        if (policy.name == idOrName) {
            return &policy;
        }
    }
    return nullptr;
}

QList<const UserRecord *> Directory::users() const
{
    return sortedByName(m_users);
}

QList<const TeamRecord *> Directory::teams() const
{
    return sortedByName(m_teams);
}

QList<const ServiceRecord *> Directory::services() const
{
    return sortedByName(m_services);
}

QList<const ScheduleDefinition *> Directory::schedules() const
{
    return sortedByName(m_schedules);
}

QList<const EscalationPolicy *> Directory::policies() const
{
    return sortedByName(m_policies);
}

const EscalationPolicy *Directory::policyFor(const QString &serviceName,
                                             const QString &teamName) const
{
    const ServiceRecord *service = this->service(serviceName);
    if (service && !service->escalationPolicy.isEmpty()) {
        return policy(service->escalationPolicy);
    }
    for (const QString &candidate : {service ? service->team : QString(), teamName}) {
        const TeamRecord *owner = candidate.isEmpty() ? nullptr : team(candidate);
        if (owner && !owner->escalationPolicy.isEmpty()) {
            return policy(owner->escalationPolicy);
        }
    }
    return nullptr;
}

} // namespace Firebreak::OnCall
