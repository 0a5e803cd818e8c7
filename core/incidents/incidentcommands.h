// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"

#include <QJsonObject>

#include <functional>

namespace Firebreak {

/// What a command turned into: the events to append, in order, or a refusal with an HTTP
/// status, an error code of DESIGN.md and a message for people.
struct CommandDecision
{
    bool ok = true;
    int status = 200;
    QString code;
    QString message;
    EventList events;

    static CommandDecision refuse(int status, const QString &code, const QString &message)
    {
        return {false, status, code, message, {}};
    }
};

struct CommandContext
{
    /// `user:NAME`, `integration:NAME` or `system`.
    QString actor;
    /// Milliseconds since the epoch; injected so tests control time.
    qint64 now = 0;
    /// Whether an evidence blob with this SHA-256 (lowercase hex) is stored.
    std::function<bool(const QString &sha256)> blobExists;
};

/**
 * Decides incident-command and configuration commands (docs/incidents.md lists them): checks
 * the command against the current projection and returns the events it produces. Pure: it
 * appends nothing, so it can be tested on its own and run inside the writer's batch.
 */
CommandDecision decideCommand(const Projection &projection, const QJsonObject &command,
                              const CommandContext &context);

/// Every command type decideCommand() knows.
QStringList knownCommandTypes();

} // namespace Firebreak
