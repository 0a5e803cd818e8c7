// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "escalation.h"

#include <QJsonArray>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

constexpr qint64 s_minuteMs = 60 * 1000;

// Page ids are name-based UUIDs under this namespace, so a due check that runs twice before
// its events are applied proposes the same pages.
const QUuid s_pageNamespace(u"6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5f6"_s);

Event systemEvent(const QString &type, const QString &incident, const QJsonObject &data,
                  qint64 now, const QString &actor = u"system"_s)
{
    Event event = makeEvent(type, actor, incident, data);
    event.at = now;
    return event;
}

struct Walker
{
    const IncidentRecord &incident;
    const EscalationPolicy &policy;
    const Directory &directory;
    qint64 now;
    EventList events;

    /// Pages the people of one level; the number of people paged.
    int reachLevel(int level, int cycle)
    {
        const EscalationLevel &definition = policy.levels.at(level);
        QStringList users;
        QJsonArray unresolved;
        for (const EscalationTarget &target : definition.targets) {
            QString user = target.id;
            if (target.type == u"schedule") {
                const ScheduleDefinition *schedule = directory.schedule(target.id);
                user = schedule ? shiftAt(*schedule, now).user : QString();
            }
            const UserRecord *record = directory.user(user);
            if (user.isEmpty() || (record && !record->active)) {
                unresolved.append(QJsonObject{{u"type"_s, target.type}, {u"id"_s, target.id}});
            } else if (!users.contains(record ? record->name : user)) {
                users.append(record ? record->name : user);
            }
        }

        events.append(systemEvent(u"escalation.level_reached"_s, incident.id,
                                  {{u"policy"_s, policy.id},
                                   {u"level"_s, level},
                                   {u"cycle"_s, cycle},
                                   {u"timeoutMinutes"_s, definition.timeoutMinutes},
                                   {u"users"_s, QJsonArray::fromStringList(users)},
                                   {u"unresolved"_s, unresolved}},
                                  now));
        for (const QString &user : std::as_const(users)) {
            events.append(pageEvent(user, level, cycle));
        }
        return int(users.size());
    }

    Event pageEvent(const QString &name, int level, int cycle)
    {
        const QString key = u"%1:%2:%3:%4"_s.arg(incident.id).arg(cycle).arg(level).arg(name);
        const QString id = QUuid::createUuidV5(s_pageNamespace, key)
                               .toString(QUuid::WithoutBraces);
        QJsonObject data{{u"page"_s, id},
                         {u"user"_s, name},
                         {u"level"_s, level},
                         {u"cycle"_s, cycle},
                         {u"policy"_s, policy.id},
                         {u"number"_s, incident.numberText()},
                         {u"title"_s, incident.title},
                         {u"severity"_s, severityName(incident.severity)}};
        if (const UserRecord *user = directory.user(name)) {
            data.insert(u"displayName"_s, user->displayName);
            data.insert(u"email"_s, user->email);
            data.insert(u"chat"_s, user->chat);
        }
        return systemEvent(u"page.sent"_s, incident.id, data, now);
    }

    /// Reaches `level` of `cycle`; levels that page nobody are passed at once.
    void walkFrom(int level, int cycle)
    {
        const int steps = int(policy.levels.size()) * (policy.repeat + 1);
        for (int step = 0; step < steps; ++step) {
            if (reachLevel(level, cycle) > 0) {
                return;
            }
            if (!advance(&level, &cycle)) {
                exhausted();
                return;
            }
        }
        exhausted();
    }

    bool advance(int *level, int *cycle) const
    {
        if (*level + 1 < policy.levels.size()) {
            ++*level;
            return true;
        }
        if (*cycle < policy.repeat) {
            *level = 0;
            ++*cycle;
            return true;
        }
        return false;
    }

    void exhausted()
    {
        events.append(systemEvent(u"escalation.exhausted"_s, incident.id,
                                  {{u"policy"_s, policy.id}, {u"cycles"_s, policy.repeat + 1}},
                                  now));
    }
};

void stopWalk(const IncidentRecord &incident, const WalkRecord &walk, const Paging &paging,
              qint64 now, EventList *events)
{
    const QString by = paging.acknowledgedBy(incident.id);
    const bool acknowledged = incident.acknowledgedAt > 0 || !by.isEmpty();
    const QString reason = acknowledged ? u"acknowledged"_s : statusName(incident.status);
    events->append(systemEvent(u"escalation.stopped"_s, incident.id,
                               {{u"policy"_s, walk.policy},
                                {u"reason"_s, reason},
                                {u"by"_s, by.isEmpty() ? QJsonValue() : QJsonValue(by)}},
                               now));
    if (!acknowledged) {
        return;
    }
    for (const PageRecord *page : paging.pages(incident.id)) {
        if (page->acknowledgedAt == 0) {
            events->append(systemEvent(u"page.acknowledged"_s, incident.id,
                                       {{u"page"_s, page->id},
                                        {u"user"_s, page->user},
                                        {u"by"_s, by.isEmpty() ? QJsonValue() : QJsonValue(by)}},
                                       now));
        }
    }
}

void continueWalk(const IncidentRecord &incident, const WalkRecord &walk,
                  const Directory &directory, qint64 now, EventList *events)
{
    const EscalationPolicy *policy = directory.policy(walk.policy);
    if (!policy || walk.level >= policy->levels.size()) {
        events->append(systemEvent(u"escalation.stopped"_s, incident.id,
                                   {{u"policy"_s, walk.policy},
                                    {u"reason"_s, u"policy_changed"_s}},
                                   now));
        return;
    }
    const qint64 timeout = policy->levels.at(walk.level).timeoutMinutes * s_minuteMs;
    if (now < walk.levelAt + timeout) {
        return;
    }
    Walker walker{incident, *policy, directory, now, {}};
    int level = walk.level;
    int cycle = walk.cycle;
    if (walker.advance(&level, &cycle)) {
        walker.walkFrom(level, cycle);
    } else {
        walker.exhausted();
    }
    events->append(walker.events);
}

} // namespace

QJsonObject PageRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"incident"_s, incident},
            {u"user"_s, user},
            {u"level"_s, level},
            {u"cycle"_s, cycle},
            {u"sentAt"_s, isoFromMs(sentAt)},
            {u"delivered"_s, delivered},
            {u"failed"_s, failed},
            {u"acknowledgedAt"_s, acknowledgedAt > 0 ? QJsonValue(isoFromMs(acknowledgedAt))
                                                     : QJsonValue()},
            {u"acknowledgedBy"_s, acknowledgedBy.isEmpty() ? QJsonValue()
                                                           : QJsonValue(acknowledgedBy)}};
}

QJsonObject WalkRecord::toJson() const
{
    return {{u"incident"_s, incident},
            {u"policy"_s, policy},
            {u"level"_s, level},
            {u"cycle"_s, cycle},
            {u"startedAt"_s, isoFromMs(startedAt)},
            {u"levelAt"_s, isoFromMs(levelAt)},
            {u"active"_s, active},
            {u"outcome"_s, outcome.isEmpty() ? QJsonValue() : QJsonValue(outcome)},
            {u"pages"_s, QJsonArray::fromStringList(pages)}};
}

void Paging::apply(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"incident.acknowledged") {
        m_ackBy.insert(event.incident, event.actor);
    } else if (type == u"incident.reopened") {
        m_ackBy.remove(event.incident);
    } else if (type == u"escalation.started") {
        WalkRecord walk;
        walk.incident = event.incident;
        walk.policy = data[u"policy"_s].toString();
        walk.startedAt = walk.levelAt = event.at;
        walk.active = true;
        m_walks.insert(walk.incident, walk);
    } else if (auto walk = m_walks.find(event.incident); walk != m_walks.end()) {
        if (type == u"escalation.level_reached") {
            walk->level = data[u"level"_s].toInt();
            walk->cycle = data[u"cycle"_s].toInt();
            walk->levelAt = event.at;
        } else if (type == u"escalation.stopped" || type == u"escalation.exhausted") {
            walk->active = false;
            walk->outcome = type == u"escalation.exhausted" ? u"exhausted"_s
                                                            : data[u"reason"_s].toString();
        } else if (type == u"page.sent") {
            PageRecord page;
            page.id = data[u"page"_s].toString();
            page.incident = event.incident;
            page.user = data[u"user"_s].toString();
            page.level = data[u"level"_s].toInt();
            page.cycle = data[u"cycle"_s].toInt();
            page.sentAt = event.at;
            walk->pages.append(page.id);
            m_pageOrder.append(page.id);
            m_pages.insert(page.id, page);
        }
    }
    if (!type.startsWith(u"page.") || type == u"page.sent") {
        return;
    }
    auto page = m_pages.find(data[u"page"_s].toString());
    if (page == m_pages.end()) {
        return;
    }
    if (type == u"page.delivered") {
        ++page->delivered;
    } else if (type == u"page.failed") {
        ++page->failed;
    } else if (type == u"page.acknowledged") {
        page->acknowledgedAt = event.at;
        page->acknowledgedBy = data[u"by"_s].toString();
    }
}

const WalkRecord *Paging::walk(const QString &incident) const
{
    const auto it = m_walks.constFind(incident);
    return it == m_walks.cend() ? nullptr : &*it;
}

const PageRecord *Paging::page(const QString &id) const
{
    const auto it = m_pages.constFind(id);
    return it == m_pages.cend() ? nullptr : &*it;
}

QList<const WalkRecord *> Paging::activeWalks() const
{
    QList<const WalkRecord *> list;
    for (const WalkRecord &walk : m_walks) {
        if (walk.active) {
            list.append(&walk);
        }
    }
    return list;
}

QList<const PageRecord *> Paging::pages(const QString &incident) const
{
    QList<const PageRecord *> list;
    if (const WalkRecord *found = walk(incident)) {
        for (const QString &id : found->pages) {
            list.append(page(id));
        }
    }
    return list;
}

QList<const PageRecord *> Paging::openPagesFor(const QString &user) const
{
    QList<const PageRecord *> list;
    for (const QString &id : m_pageOrder) {
        const PageRecord *record = page(id);
        if (record->user == user && record->acknowledgedAt == 0) {
            list.append(record);
        }
    }
    return list;
}

EventList startWalkEvents(const IncidentRecord &incident, const EscalationPolicy &policy,
                          const Directory &directory, const QString &actor, qint64 now)
{
    if (policy.levels.isEmpty()) {
        return {};
    }
    Walker walker{incident, policy, directory, now, {}};
    walker.events.append(systemEvent(u"escalation.started"_s, incident.id,
                                     {{u"policy"_s, policy.id},
                                      {u"policyName"_s, policy.name},
                                      {u"levels"_s, int(policy.levels.size())},
                                      {u"repeat"_s, policy.repeat}},
                                     now, actor));
    walker.walkFrom(0, 0);
    return walker.events;
}

EventList dueEscalationEvents(const Projection &projection, const Directory &directory,
                              const Paging &paging, qint64 now)
{
    EventList events;
    if (!directory.hasPolicies() && paging.activeWalks().isEmpty()) {
        return events; // the common case on a server nobody set paging up on
    }
    for (const WalkRecord *walk : paging.activeWalks()) {
        const IncidentRecord *incident = projection.incident(walk->incident);
        if (!incident || incident->status != IncidentStatus::Triggered) {
            if (incident) {
                stopWalk(*incident, *walk, paging, now, &events);
            }
            continue;
        }
        continueWalk(*incident, *walk, directory, now, &events);
    }

    for (const IncidentRecord *incident : projection.incidents()) {
        if (incident->status != IncidentStatus::Triggered || paging.walk(incident->id)) {
            continue;
        }
        if (const EscalationPolicy *policy = directory.policyFor(incident->service,
                                                                 incident->team)) {
            events.append(startWalkEvents(*incident, *policy, directory, u"system"_s, now));
        }
    }
    return events;
}

} // namespace Firebreak::OnCall
