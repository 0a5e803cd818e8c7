// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "oncallcommands.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

constexpr int s_maxTitle = 200;
constexpr int s_maxNotes = 20000;
constexpr int s_maxLinks = 20;

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

struct TaskDecider
{
    const Projection &projection;
    const TaskBoard &board;
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

/// Validates one changeable field; the value as stored, or an error in `problem`.
QJsonValue fieldValue(const QString &field, const QJsonValue &value, QString *problem)
{
    if (field == u"title") {
        const QString title = value.toString().trimmed();
        if (title.isEmpty() || title.size() > s_maxTitle) {
            *problem = u"title must be 1 to %1 characters"_s.arg(s_maxTitle);
        }
        return title;
    }
    if (field == u"owner") {
        const QString owner = value.toString().trimmed();
        static const QRegularExpression name(u"^[A-Za-z0-9._@-]{0,64}$"_s);
        if (!name.match(owner).hasMatch()) {
            *problem = u"owner must be a user name (or empty for nobody)"_s;
        }
        return owner;
    }
    if (field == u"due") {
        const QString due = value.toString().trimmed();
        if (!due.isEmpty() && msFromIso(due) <= 0) {
            *problem = u"due must be an ISO 8601 time (or empty for none)"_s;
            return QString();
        }
        return due.isEmpty() ? QString() : isoFromMs(msFromIso(due));
    }
    if (field == u"notes") {
        if (value.toString().size() > s_maxNotes) {
            *problem = u"notes must be at most %1 characters"_s.arg(s_maxNotes);
        }
        return value.toString();
    }
    // links
    const QJsonArray links = value.toArray();
    QJsonArray clean;
    if (!value.isArray() || links.size() > s_maxLinks) {
        *problem = u"links must be a list of at most %1 {url, title}"_s.arg(s_maxLinks);
        return clean;
    }
    for (const QJsonValue &link : links) {
        const QUrl url(link.toObject().value(u"url"_s).toString(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http")) {
            *problem = u"a task link needs an http or https url"_s;
            return clean;
        }
        clean.append(QJsonObject{
            {u"url"_s, url.toString()},
            {u"title"_s, link.toObject().value(u"title"_s).toString().left(s_maxTitle)}});
    }
    return clean;
}

const QStringList s_fields{u"title"_s, u"owner"_s, u"due"_s, u"notes"_s, u"links"_s};

CommandDecision createTask(TaskDecider &d)
{
    const IncidentRecord *incident = d.projection.incident(d.text(u"incident"_s));
    if (!incident) {
        return CommandDecision::refuse(404, u"not_found"_s,
                                       u"no incident \"%1\""_s.arg(d.text(u"incident"_s).left(64)));
    }
    const QString column = d.command.contains(u"column"_s) ? d.text(u"column"_s) : u"todo"_s;
    if (!taskColumns().contains(column)) {
        return badRequest(u"column must be one of "_s + taskColumns().join(u", "_s));
    }
    QJsonObject data{{u"task"_s, newUuid()}, {u"column"_s, column}};
    for (const QString &field : s_fields) {
        if (!d.command.contains(field) && field != u"title") {
            continue;
        }
        QString problem;
        const QJsonValue value = fieldValue(field, d.command.value(field), &problem);
        if (!problem.isEmpty()) {
            return badRequest(problem);
        }
        data.insert(field, value);
    }
    if (d.command.contains(u"index"_s)) {
        data.insert(u"index"_s, qMax(0, d.command.value(u"index"_s).toInt()));
    }
    d.add(u"task.created"_s, incident->id, data);
    return d.decision;
}

CommandDecision moveTask(TaskDecider &d, const TaskRecord &task)
{
    const QString column = d.command.contains(u"column"_s) ? d.text(u"column"_s) : task.column;
    if (!taskColumns().contains(column)) {
        return badRequest(u"column must be one of "_s + taskColumns().join(u", "_s));
    }
    const int size = int(d.board.column(task.incident, column).size());
    const int last = column == task.column ? size - 1 : size;
    const int index = qBound(0, d.command.value(u"index"_s).toInt(last), last);
    if (column == task.column && index == d.board.indexOf(task)) {
        return CommandDecision::refuse(409, u"conflict"_s, u"the task is already there"_s);
    }
    d.add(u"task.moved"_s, task.incident,
          {{u"task"_s, task.id}, {u"from"_s, task.column}, {u"to"_s, column},
           {u"index"_s, index}, {u"title"_s, task.title}});
    return d.decision;
}

CommandDecision updateTask(TaskDecider &d, const TaskRecord &task)
{
    const QJsonObject current = task.toJson();
    QJsonObject changes;
    for (const QString &field : s_fields) {
        if (!d.command.contains(field)) {
            continue;
        }
        QString problem;
        const QJsonValue value = fieldValue(field, d.command.value(field), &problem);
        if (!problem.isEmpty()) {
            return badRequest(problem);
        }
        QJsonValue from = current.value(field);
        if (from.isNull()) {
            from = QString();
        }
        if (value != from) {
            changes.insert(field, QJsonObject{{u"from"_s, from}, {u"to"_s, value}});
        }
    }
    if (changes.isEmpty()) {
        return CommandDecision::refuse(409, u"conflict"_s, u"nothing to change on the task"_s);
    }
    d.add(u"task.updated"_s, task.incident,
          {{u"task"_s, task.id}, {u"title"_s, task.title}, {u"changes"_s, changes}});
    return d.decision;
}

} // namespace

CommandDecision decideTaskCommand(const Projection &projection, const TaskBoard &board,
                                  const QJsonObject &command, const CommandContext &context)
{
    TaskDecider decider{projection, board, command, context, {}};
    const QString type = command.value(u"type"_s).toString();
    if (type == u"task.create") {
        return createTask(decider);
    }
    const TaskRecord *task = board.task(decider.text(u"task"_s));
    if (!task) {
        return CommandDecision::refuse(404, u"not_found"_s,
                                       u"no task \"%1\""_s.arg(decider.text(u"task"_s).left(64)));
    }
    if (type == u"task.move") {
        return moveTask(decider, *task);
    }
    if (type == u"task.update") {
        return updateTask(decider, *task);
    }
    decider.add(u"task.deleted"_s, task->incident, {{u"task"_s, task->id},
                                                    {u"title"_s, task->title}});
    return decider.decision;
}

} // namespace Firebreak::OnCall
