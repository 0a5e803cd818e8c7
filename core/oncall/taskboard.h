// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace Firebreak::OnCall {

/// The columns of an incident's assignment board, in order.
const QStringList &taskColumns();

/// One task on an incident's board. `links` is [{"url", "title"}]; `due` is 0 when none.
struct TaskRecord
{
    QString id;
    QString incident;
    QString title;
    QString column;
    QString owner;
    QString notes;
    QJsonArray links;
    qint64 due = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString createdBy;

    QJsonObject toJson() const;
};

/// How one person is engaged on one incident: since when, and with which roles.
struct Engagement
{
    QString user;
    QString incident;
    qint64 since = 0;
    /// When the person last held no role and owned no open task (0 while engaged).
    qint64 until = 0;
    QStringList roles;
};

/**
 * Tasks per incident in columns, folded from `task.*` events, and who is engaged on which
 * incident since when, from `incident.role_*` and task ownership.
 */
class TaskBoard
{
public:
    void apply(const Event &event, const QJsonObject &data);
    void clear() { *this = TaskBoard(); }

    const TaskRecord *task(const QString &id) const;
    /// The tasks of one column of an incident, top to bottom.
    QList<const TaskRecord *> column(const QString &incident, const QString &column) const;
    /// All tasks of an incident, column by column.
    QList<const TaskRecord *> tasks(const QString &incident) const;
    /// Where a task stands in its column (0-based), or -1.
    int indexOf(const TaskRecord &task) const;
    /// Everyone ever engaged on an incident, in the order they joined.
    QList<Engagement> engagements(const QString &incident) const;

private:
    void applyTask(const Event &event, const QJsonObject &data);
    void applyRole(const Event &event, const QJsonObject &data);
    void engage(const QString &incident, const QString &user, qint64 at);
    void reviewEngagement(const QString &incident, const QString &user, qint64 at);
    QStringList &order(const QString &incident, const QString &column);

    QHash<QString, TaskRecord> m_tasks;
    /// incident → column → task ids, top to bottom.
    QHash<QString, QMap<QString, QStringList>> m_order;
    /// incident → engagements in joining order.
    QHash<QString, QList<Engagement>> m_engagements;
};

} // namespace Firebreak::OnCall
