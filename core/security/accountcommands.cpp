// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "accountcommands.h"

#include "security/permissions.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Firebreak::Security {

namespace {

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

bool validName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._@-]{1,64}$"_s);
    return pattern.match(name).hasMatch();
}

/// Checks that every role exists (built in or defined); returns a message when not.
QString unknownRole(const Projection &projection, const QStringList &roles)
{
    if (roles.isEmpty()) {
        return u"an account needs at least one role"_s;
    }
    for (const QString &role : roles) {
        if (!builtInRole(role) && !projection.customRoles().contains(role)) {
            return u"unknown role \"%1\""_s.arg(role.left(64));
        }
    }
    return QString();
}

CommandDecision decision(const QString &type, const QJsonObject &data,
                         const CommandContext &context)
{
    Event event = makeEvent(type, context.actor, QString(), data);
    event.at = context.now;
    return {true, 200, QString(), QString(), {event}};
}

CommandDecision create(const Projection &projection, const QJsonObject &command,
                       const CommandContext &context)
{
    const QString name = command.value(u"name"_s).toString();
    const QStringList roles = command.value(u"roles"_s).toVariant().toStringList();
    const QString hash = command.value(u"passwordHash"_s).toString();
    if (!validName(name)) {
        return badRequest(u"name must be 1 to 64 letters, digits or . _ @ -"_s);
    }
    if (projection.account(name)) {
        return CommandDecision::refuse(409, u"conflict"_s, u"account %1 exists"_s.arg(name));
    }
    if (const QString problem = unknownRole(projection, roles); !problem.isEmpty()) {
        return badRequest(problem);
    }
    if (!hash.isEmpty() && !hash.startsWith(u"$argon2id$")) {
        return badRequest(u"passwords are stored as argon2id hashes only"_s);
    }
    return decision(u"account.created"_s,
                    {{u"id"_s, newUuid()},
                     {u"name"_s, name},
                     {u"displayName"_s, command.value(u"displayName"_s).toString().left(200)},
                     {u"roles"_s, QJsonArray::fromStringList(roles)},
                     {u"passwordHash"_s, hash}},
                    context);
}

CommandDecision change(const Projection &projection, const QString &type,
                       const QJsonObject &command, const CommandContext &context)
{
    const QString name = command.value(u"name"_s).toString();
    const AccountRecord *account = projection.account(name);
    if (!account) {
        return CommandDecision::refuse(404, u"not_found"_s,
                                       u"no account \"%1\""_s.arg(name.left(64)));
    }
    if (type == u"account.set_roles") {
        const QStringList roles = command.value(u"roles"_s).toVariant().toStringList();
        if (const QString problem = unknownRole(projection, roles); !problem.isEmpty()) {
            return badRequest(problem);
        }
        return decision(u"account.roles_changed"_s,
                        {{u"name"_s, name}, {u"roles"_s, QJsonArray::fromStringList(roles)},
                         {u"previous"_s, QJsonArray::fromStringList(account->roles)}},
                        context);
    }
    if (type == u"account.set_password") {
        const QString hash = command.value(u"passwordHash"_s).toString();
        if (!hash.startsWith(u"$argon2id$")) {
            return badRequest(u"a new password is required"_s);
        }
        return decision(u"account.password_changed"_s,
                        {{u"name"_s, name}, {u"passwordHash"_s, hash}}, context);
    }
    const bool disable = type == u"account.disable";
    if (account->disabled == disable) {
        return CommandDecision::refuse(409, u"conflict"_s,
                                       u"account %1 is already %2"_s.arg(
                                           name, disable ? u"disabled"_s : u"enabled"_s));
    }
    return decision(disable ? u"account.disabled"_s : u"account.enabled"_s, {{u"name"_s, name}},
                    context);
}

CommandDecision defineRole(const Projection &, const QJsonObject &command,
                           const CommandContext &context)
{
    const QString name = command.value(u"name"_s).toString();
    if (!validName(name) || builtInRole(name)) {
        return badRequest(u"a custom role needs a new name (not a built-in role)"_s);
    }
    const QStringList permissions = command.value(u"permissions"_s).toVariant().toStringList();
    for (const QString &permission : permissions) {
        if (!permissionFromName(permission)) {
            return badRequest(u"unknown permission \"%1\""_s.arg(permission.left(64)));
        }
    }
    return decision(u"role.defined"_s,
                    {{u"name"_s, name},
                     {u"description"_s, command.value(u"description"_s).toString().left(500)},
                     {u"permissions"_s, QJsonArray::fromStringList(permissions)}},
                    context);
}

} // namespace

bool isAccountCommand(const QString &type)
{
    return type.startsWith(u"account.") || type == u"role.define";
}

CommandDecision decideAccountCommand(const Projection &projection, const QJsonObject &command,
                                     const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (type == u"account.create") {
        return create(projection, command, context);
    }
    if (type == u"role.define") {
        return defineRole(projection, command, context);
    }
    if (type == u"account.set_roles" || type == u"account.set_password"
        || type == u"account.disable" || type == u"account.enable") {
        return change(projection, type, command, context);
    }
    return badRequest(u"unknown account command \"%1\""_s.arg(type.left(64)));
}

} // namespace Firebreak::Security
