// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "taskboard.h"

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

const QStringList &taskColumns()
{
    static const QStringList columns{u"todo"_s, u"doing"_s, u"blocked"_s, u"done"_s};
    return columns;
}

QJsonObject TaskRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"incident"_s, incident},
            {u"title"_s, title},
            {u"column"_s, column},
            {u"owner"_s, owner.isEmpty() ? QJsonValue() : QJsonValue(owner)},
            {u"notes"_s, notes},
            {u"links"_s, links},
            {u"due"_s, due > 0 ? QJsonValue(isoFromMs(due)) : QJsonValue()},
            {u"createdAt"_s, isoFromMs(createdAt)},
            {u"updatedAt"_s, isoFromMs(updatedAt)},
            {u"createdBy"_s, createdBy}};
}

void TaskBoard::apply(const Event &event, const QJsonObject &data)
{
    if (event.type.startsWith(u"task.")) {
        applyTask(event, data);
    } else if (event.type == u"incident.role_assigned"
               || event.type == u"incident.role_unassigned") {
        applyRole(event, data);
    }
}

QStringList &TaskBoard::order(const QString &incident, const QString &column)
{
    return m_order[incident][column];
}

void TaskBoard::applyTask(const Event &event, const QJsonObject &data)
{
    const QString id = data[u"task"_s].toString();
    if (event.type == u"task.created") {
        TaskRecord task{id,
                        event.incident,
                        data[u"title"_s].toString(),
                        data[u"column"_s].toString(u"todo"_s),
                        data[u"owner"_s].toString(),
                        data[u"notes"_s].toString(),
                        data[u"links"_s].toArray(),
                        qMax<qint64>(0, msFromIso(data[u"due"_s].toString())),
                        event.at,
                        event.at,
                        event.actor};
        QStringList &list = order(task.incident, task.column);
        list.insert(qBound(0, data[u"index"_s].toInt(int(list.size())), int(list.size())), id);
        m_tasks.insert(id, task);
        if (!task.owner.isEmpty()) {
            engage(task.incident, task.owner, event.at);
        }
        return;
    }
    auto it = m_tasks.find(id);
    if (it == m_tasks.end()) {
        return;
    }
    it->updatedAt = event.at;
    const QString previousOwner = it->owner;
    if (event.type == u"task.moved") {
        order(it->incident, it->column).removeAll(id);
        it->column = data[u"to"_s].toString();
        QStringList &list = order(it->incident, it->column);
        list.insert(qBound(0, data[u"index"_s].toInt(int(list.size())), int(list.size())), id);
    } else if (event.type == u"task.updated") {
        const QJsonObject changes = data[u"changes"_s].toObject();
        for (auto change = changes.begin(); change != changes.end(); ++change) {
            const QJsonValue to = change.value().toObject().value(u"to"_s);
            if (change.key() == u"title") {
                it->title = to.toString();
            } else if (change.key() == u"owner") {
                it->owner = to.toString();
            } else if (change.key() == u"notes") {
                it->notes = to.toString();
            } else if (change.key() == u"links") {
                it->links = to.toArray();
            } else if (change.key() == u"due") {
                it->due = qMax<qint64>(0, msFromIso(to.toString()));
            }
        }
    } else if (event.type == u"task.deleted") {
        order(it->incident, it->column).removeAll(id);
        const TaskRecord removed = *it;
        m_tasks.erase(it);
        reviewEngagement(removed.incident, removed.owner, event.at);
        return;
    }
    if (!it->owner.isEmpty()) {
        engage(it->incident, it->owner, event.at);
    }
    const QString incident = it->incident;
    if (previousOwner != it->owner || it->column == u"done") {
        reviewEngagement(incident, previousOwner, event.at);
        reviewEngagement(incident, m_tasks.value(id).owner, event.at);
    }
}

void TaskBoard::applyRole(const Event &event, const QJsonObject &data)
{
    const QString user = data[u"user"_s].toString();
    const QString role = data[u"role"_s].toString();
    if (event.type == u"incident.role_assigned") {
        engage(event.incident, user, event.at);
        for (Engagement &engagement : m_engagements[event.incident]) {
            if (engagement.user == user && !engagement.roles.contains(role)) {
                engagement.roles.append(role);
            }
            // A single-holder role changes hands: the previous holder loses it.
            if (engagement.user != user && role != u"responder") {
                engagement.roles.removeAll(role);
            }
        }
        const QString previous = data[u"previous"_s].toString();
        if (!previous.isEmpty()) {
            reviewEngagement(event.incident, previous, event.at);
        }
        return;
    }
    for (Engagement &engagement : m_engagements[event.incident]) {
        if (engagement.user == user) {
            engagement.roles.removeAll(role);
        }
    }
    reviewEngagement(event.incident, user, event.at);
}

void TaskBoard::engage(const QString &incident, const QString &user, qint64 at)
{
    QList<Engagement> &list = m_engagements[incident];
    for (Engagement &engagement : list) {
        if (engagement.user == user) {
            engagement.until = 0;
            return;
        }
    }
    Engagement engagement;
    engagement.user = user;
    engagement.incident = incident;
    engagement.since = at;
    list.append(engagement);
}

// Someone with no role and no open task is no longer engaged (their time stops counting).
void TaskBoard::reviewEngagement(const QString &incident, const QString &user, qint64 at)
{
    if (user.isEmpty()) {
        return;
    }
    for (Engagement &engagement : m_engagements[incident]) {
        if (engagement.user != user || !engagement.roles.isEmpty()) {
            continue;
        }
        bool ownsOpenTask = false;
        for (const TaskRecord &task : std::as_const(m_tasks)) {
            ownsOpenTask |= task.incident == incident && task.owner == user
                && task.column != u"done";
        }
        if (!ownsOpenTask && engagement.until == 0) {
            engagement.until = at;
        }
    }
}

const TaskRecord *TaskBoard::task(const QString &id) const
{
    const auto it = m_tasks.constFind(id);
    return it == m_tasks.cend() ? nullptr : &*it;
}

QList<const TaskRecord *> TaskBoard::column(const QString &incident,
                                            const QString &column) const
{
    QList<const TaskRecord *> list;
    const QStringList ids = m_order.value(incident).value(column);
    for (const QString &id : ids) {
        if (const TaskRecord *found = task(id)) {
            list.append(found);
        }
    }
    return list;
}

QList<const TaskRecord *> TaskBoard::tasks(const QString &incident) const
{
    QList<const TaskRecord *> list;
    for (const QString &name : taskColumns()) {
        list += column(incident, name);
    }
    return list;
}

int TaskBoard::indexOf(const TaskRecord &task) const
{
    return int(m_order.value(task.incident).value(task.column).indexOf(task.id));
}

QList<Engagement> TaskBoard::engagements(const QString &incident) const
{
    return m_engagements.value(incident);
}

} // namespace Firebreak::OnCall
