// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace Firebreak {

/// How the server decided a command that carried a client command id.
struct DecidedCommand
{
    QString actor;
    /// 200 when accepted; otherwise the refusal's HTTP status.
    int status = 200;
    QString code;
    QString message;
    /// The events the command produced (0 and 0 when none).
    qint64 firstSeq = 0;
    qint64 lastSeq = 0;

    bool accepted() const { return status == 200; }
};

/**
 * The store's table of decided commands (schema step 3), keyed by the id a client gives a
 * command (`commandId`, docs/protocol.md). A command is recorded in the same transaction as
 * its events, so "recorded" and "applied" never disagree, and a client that sends it again
 * gets the first answer instead of a second run. Works on the store's own connection; the
 * writer's head lock (PostgreSQL) makes look-up and record one step across replicas.
 */
class CommandLog
{
public:
    explicit CommandLog(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    /// The decision taken on `commandId`, or nullopt. `ok` (if given) tells a miss from a
    /// failed read.
    std::optional<DecidedCommand> find(const QString &commandId, bool *ok = nullptr) const;
    /// Inside the writer's transaction; false when the row could not be written.
    bool record(const QString &commandId, const DecidedCommand &command, qint64 at);
    QString errorString() const { return m_error; }

    /// Whether `commandId` is usable: 1 to 100 characters of letters, digits and `-_.:`.
    static bool isValidId(const QString &commandId);

private:
    QSqlDatabase m_db;
    QString m_error;
};

} // namespace Firebreak
