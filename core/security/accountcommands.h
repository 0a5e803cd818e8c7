// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "incidents/incidentcommands.h"

namespace Firebreak::Security {

/**
 * Decides account and role commands: `account.create` {name, displayName, roles,
 * passwordHash}, `account.set_roles` {name, roles}, `account.set_password` {name,
 * passwordHash}, `account.disable` / `account.enable` {name} and `role.define` {name,
 * description, permissions}. Passwords arrive already hashed: the server hashes them off the
 * event loop and never puts a password into a command that reaches this function.
 */
CommandDecision decideAccountCommand(const Projection &projection, const QJsonObject &command,
                                     const CommandContext &context);

bool isAccountCommand(const QString &type);

} // namespace Firebreak::Security
