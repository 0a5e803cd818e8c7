// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "oncall/schedule.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Firebreak::OnCall {

/// A person who can be paged. `name` is the login name API tokens carry (`user:NAME`); the
/// phone number is kept for the record only (Firebreak places no calls).
struct UserRecord
{
    QString id;
    QString name;
    QString displayName;
    QString email;
    QString chat;
    QString phone;
    QString timeZone;
    bool active = true;
    qint64 createdAt = 0;

    QJsonObject toJson() const;
};

struct TeamRecord
{
    QString id;
    QString name;
    QString description;
    /// User names, in the order they joined.
    QStringList members;
    /// Policy used for the team's services that have none of their own (id, may be empty).
    QString escalationPolicy;

    QJsonObject toJson() const;
};

/// A service as incidents name it, the team that owns it and the policy that pages for it.
struct ServiceRecord
{
    QString name;
    QString team;
    QString escalationPolicy;

    QJsonObject toJson() const;
};

/// Who a level pages: a user (by name) or whoever a schedule (by id) has on call.
struct EscalationTarget
{
    QString type;
    QString id;
};

struct EscalationLevel
{
    /// Minutes to wait for an acknowledgement before the next level.
    int timeoutMinutes = 15;
    QList<EscalationTarget> targets;
};

/**
 * Levels walked in order while an incident stays unacknowledged; after the last, the walk
 * starts over from the first `repeat` more times, then ends.
 */
struct EscalationPolicy
{
    QString id;
    QString name;
    QString description;
    QList<EscalationLevel> levels;
    int repeat = 0;

    QJsonObject toJson() const;
    /// Reads name, description, levels and repeat; false with `error` for people.
    bool fromJson(const QJsonObject &object, QString *error);
};

/**
 * People, teams, services, schedules and escalation policies, folded from `user.*`, `team.*`,
 * `service.*`, `schedule.*` and `escalation_policy.*` events. Lookups take an id or a name
 * and return null when nothing matches.
 */
class Directory
{
public:
    void apply(const Event &event, const QJsonObject &data);
    void clear() { *this = Directory(); }

    const UserRecord *user(const QString &idOrName) const;
    const TeamRecord *team(const QString &idOrName) const;
    const ServiceRecord *service(const QString &name) const;
    const ScheduleDefinition *schedule(const QString &idOrName) const;
    const EscalationPolicy *policy(const QString &idOrName) const;

    /// Sorted by name.
    QList<const UserRecord *> users() const;
    QList<const TeamRecord *> teams() const;
    QList<const ServiceRecord *> services() const;
    QList<const ScheduleDefinition *> schedules() const;
    QList<const EscalationPolicy *> policies() const;
    bool hasPolicies() const { return !m_policies.isEmpty(); }

    /// The policy that pages for an incident of this service and team: the service's own,
    /// else its owning team's, else the given team's; null when none applies.
    const EscalationPolicy *policyFor(const QString &service, const QString &team) const;

private:
    void applyUser(const Event &event, const QJsonObject &data);
    void applyTeam(const Event &event, const QJsonObject &data);
    void applySchedule(const Event &event, const QJsonObject &data);

    QHash<QString, UserRecord> m_users;
    QHash<QString, QString> m_userByName;
    QHash<QString, TeamRecord> m_teams;
    QHash<QString, QString> m_teamByName;
    QHash<QString, ServiceRecord> m_services;
    QHash<QString, ScheduleDefinition> m_schedules;
    QHash<QString, EscalationPolicy> m_policies;
};

} // namespace Firebreak::OnCall
