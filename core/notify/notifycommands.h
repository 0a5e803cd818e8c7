// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Decided like incident commands, so the decision types are shared.
#include "incidents/incidentcommands.h"
#include "notify/outbox.h"

namespace Firebreak::Notify {

/// channel.create, channel.update, channel.delete, notification.retry.
QStringList notifyCommandTypes();
bool isNotifyCommand(const QString &type);

/**
 * Decides a notification command against the outbox. A channel's `secret` is checked and
 * summarised as `secretHint`, but never copied into an event: the server keeps it in its
 * SecretVault once the decision holds (see docs/notifications.md).
 */
CommandDecision decideNotifyCommand(const Outbox &outbox, const QJsonObject &command,
                                    const CommandContext &context);

/// A safe summary of a secret: a URL's scheme and host, or the last four characters of a key.
QString secretHint(const QString &kind, const QString &secret);

} // namespace Firebreak::Notify
