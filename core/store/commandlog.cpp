// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "commandlog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace Firebreak {

std::optional<DecidedCommand> CommandLog::find(const QString &commandId, bool *ok) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT actor, status, code, message, first_seq, last_seq FROM commands"
                  " WHERE id = ?"_s);
    query.addBindValue(commandId);
    const bool read = query.exec();
    if (ok) {
        *ok = read;
    }
    if (!read || !query.next()) {
        return std::nullopt;
    }
    DecidedCommand command;
    command.actor = query.value(0).toString();
    command.status = query.value(1).toInt();
    command.code = query.value(2).toString();
    command.message = query.value(3).toString();
    command.firstSeq = query.value(4).toLongLong();
    command.lastSeq = query.value(5).toLongLong();
    return command;
}

bool CommandLog::record(const QString &commandId, const DecidedCommand &command, qint64 at)
{
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO commands (id, actor, at, status, code, message, first_seq,"
                  " last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(commandId);
    query.addBindValue(command.actor);
    query.addBindValue(at);
    query.addBindValue(command.status);
    // A null QString would bind as NULL, which the NOT NULL columns refuse.
    query.addBindValue(command.code.isNull() ? u""_s : command.code);
    query.addBindValue(command.message.isNull() ? u""_s : command.message);
    query.addBindValue(command.firstSeq);
    query.addBindValue(command.lastSeq);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

bool CommandLog::isValidId(const QString &commandId)
{
    if (commandId.isEmpty() || commandId.size() > 100) {
        return false;
    }
    return std::all_of(commandId.cbegin(), commandId.cend(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'-' || c == u'_'
            || c == u'.' || c == u':';
    });
}

} // namespace Firebreak
