// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Authentication and authorisation: tokens, sessions, accounts, and who may see what.
#include "server.h"

#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/writer.h"
#include "security/passwords.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

using Security::Permission;

constexpr qint64 s_sessionMs = 12LL * 3600 * 1000;
constexpr qint64 s_maxTokenDays = 366;
constexpr int s_freeLoginFailures = 5;
// Failures from one address over all user names: guessing names is throttled too.
constexpr int s_freeAddressFailures = 25;
constexpr qint64 s_maxLoginBlockMs = 15 * 60 * 1000;

/// A hash of a random password, made once, to verify against when the user does not exist.
const QByteArray &decoyPasswordHash()
{
    static const QByteArray hash = Security::hashPassword(newUuid() + newUuid());
    return hash;
}

// Events that carry credentials (hashes) or keys: only account managers receive them.
bool isSecretEvent(const QString &type)
{
    return type.startsWith(u"token.") || type.startsWith(u"account.")
        || type == u"integration.created" || type == u"integration.key_rotated";
}

// Events that name a person's contact details (the e-mail of an action item's owner, of a paged
// responder): the directory is for people who read incidents, not for stakeholders.
bool carriesContactDetails(const Event &event)
{
    const QJsonObject data = event.data();
    return data.contains(u"email"_s) || data.contains(u"phone"_s);
}

QJsonObject tokenJson(const TokenRecord &token)
{
    return {{u"id"_s, token.id},
            {u"user"_s, token.user},
            {u"name"_s, token.name},
            {u"kind"_s, token.kind},
            {u"scopes"_s, QJsonArray::fromStringList(token.scopes)},
            {u"expiresAt"_s, token.expiresAt ? QJsonValue(isoFromMs(token.expiresAt))
                                             : QJsonValue()},
            {u"revoked"_s, token.revoked}};
}

} // namespace

bool Principal::canSee(const IncidentRecord &incident) const
{
    return can(Permission::ReadIncidents)
        || (can(Permission::ReadSharedIncidents) && incident.sharedWith.contains(user));
}

bool Principal::canSee(const Event &event, const Projection &projection) const
{
    if (can(Permission::ManageAccounts)) {
        return true;
    }
    if (isSecretEvent(event.type)) {
        return false;
    }
    if (can(Permission::ReadIncidents)) {
        return true;
    }
    if (carriesContactDetails(event)) {
        return false;
    }
    const IncidentRecord *incident = projection.incident(event.incident);
    return incident && canSee(*incident);
}

std::optional<Principal> Server::principalForToken(const QByteArray &token) const
{
    if (token.isEmpty()) {
        return std::nullopt;
    }
    const TokenRecord *record = m_projection.tokenByHash(secretHash(QString::fromUtf8(token)));
    if (!record || !record->isUsableAt(QDateTime::currentMSecsSinceEpoch())) {
        return std::nullopt;
    }
    QStringList roles;
    if (!record->role.isEmpty()) {
        roles.append(record->role);
    }
    if (const AccountRecord *account = m_projection.account(record->user)) {
        if (account->disabled) {
            return std::nullopt;
        }
        roles += account->roles;
    }
    QHash<QString, Security::RoleDefinition> custom;
    for (const CustomRoleRecord &role : m_projection.customRoles()) {
        QSet<Permission> permissions;
        for (const QString &name : role.permissions) {
            if (const auto permission = Security::permissionFromName(name)) {
                permissions.insert(*permission);
            }
        }
        custom.insert(role.name, {role.name, role.description, permissions});
    }

    Principal principal{record->user, record->id, Security::permissionsOf(roles, custom), {}};
    if (!record->scopes.isEmpty()) {
        QSet<Permission> scoped;
        for (const QString &name : record->scopes) {
            if (const auto permission = Security::permissionFromName(name)) {
                scoped.insert(*permission);
            }
        }
        principal.permissions &= scoped;
    }
    return principal;
}

std::optional<HttpRefusal> Server::credentialRefusal(const HttpRequest &request,
                                                     Permission permission,
                                                     std::optional<Permission> alternative,
                                                     Principal *principal) const
{
    const QByteArray token = Http::bearerToken(request);
    const std::optional<Principal> found = principalForToken(token);
    if (!found) {
        return HttpRefusal{401, u"unauthorized"_s,
                           token.isEmpty()
                               ? u"an API token is required (Authorization: Bearer TOKEN)"_s
                               : u"the API token is not valid"_s};
    }
    if (principal) {
        *principal = *found;
    }
    if (!found->can(permission) && !(alternative && found->can(*alternative))) {
        return HttpRefusal{403, u"forbidden"_s,
                           u"this needs the permission %1"_s.arg(
                               Security::permissionName(permission))};
    }
    return std::nullopt;
}

bool Server::authorise(const HttpRequest &request, const HttpResponder &responder,
                       Permission permission, Principal *principal,
                       std::optional<Permission> alternative) const
{
    Principal found;
    const std::optional<HttpRefusal> refusal =
        credentialRefusal(request, permission, alternative, &found);
    if (!refusal) {
        if (principal) {
            *principal = found;
            principal->origin = u"rest "_s + request.remote.toString();
        }
        return true;
    }
    QString note;
    if (refusal->status == 401) {
        if (m_counters->refusalLog.admitNow(u"rest/unauthorized"_s, &note)) {
            qCWarning(lcServer).noquote()
                << "refused" << request.method << printableText(request.path) << "from"
                << request.remote.toString() << ":"
                << (Http::bearerToken(request).isEmpty() ? u"no API token"_s
                                                         : u"unknown, expired or revoked token"_s)
                    + note;
        }
    } else if (m_counters->refusalLog.admitNow(u"rest/forbidden"_s, &note)) {
        qCWarning(lcServer).noquote() << "forbidden" << request.method
                                      << printableText(request.path) << "for" << found.actor()
                                      << ": needs"
                                      << Security::permissionName(permission) + note;
    }
    responder.sendError(refusal->status, refusal->code, refusal->message);
    return false;
}

void Server::handleLogin(const HttpRequest &request, const HttpResponder &responder)
{
    QJsonObject body;
    if (!parseJsonBody(request, responder, &body)) {
        return;
    }
    const QString user = body.value(u"user"_s).toString();
    const QString password = body.value(u"password"_s).toString();
    const QString throttleKey = user + u'@' + request.remote.toString();
    const QString addressKey = u'@' + request.remote.toString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 blockedUntil = qMax(m_counters->loginFailures.value(throttleKey).blockedUntil,
                                     m_counters->loginFailures.value(addressKey).blockedUntil);
    if (blockedUntil > now) {
        const qint64 wait = (blockedUntil - now + 999) / 1000;
        responder.sendError(429, u"rate_limited"_s, u"too many failed logins; try again later"_s,
                            {{"Retry-After", QByteArray::number(wait)}});
        return;
    }

    const AccountRecord *account = m_projection.account(user);
    const QByteArray hash = account && !account->disabled ? account->passwordHash : QByteArray();
    QPointer<Server> self(this);
    // argon2id takes tens of milliseconds: verify on the thread pool, answer on this thread.
    QThreadPool::globalInstance()->start([self, hash, password, user, throttleKey, addressKey,
                                          responder]() {
        // An unknown or disabled user costs the same argon2id check as a wrong password, so
        // the time of the answer does not tell which user names exist.
        bool ok = false;
        if (hash.isEmpty()) {
            Security::verifyPassword(decoyPasswordHash(), password);
        } else {
            ok = Security::verifyPassword(hash, password);
        }
        QMetaObject::invokeMethod(self, [self, ok, user, throttleKey, addressKey, responder]() {
            if (!self) {
                return;
            }
            auto &entry = self->m_counters->loginFailures[throttleKey];
            if (!ok) {
                const qint64 at = QDateTime::currentMSecsSinceEpoch();
                ++entry.count;
                if (entry.count >= s_freeLoginFailures) {
                    entry.blockedUntil = at + qMin(s_maxLoginBlockMs,
                        1000LL << qMin(entry.count - s_freeLoginFailures, 20));
                }
                auto &address = self->m_counters->loginFailures[addressKey];
                ++address.count;
                if (address.count >= s_freeAddressFailures) {
                    address.blockedUntil = at + qMin(s_maxLoginBlockMs,
                        1000LL << qMin(address.count - s_freeAddressFailures, 20));
                }
                QString note;
                if (self->m_counters->refusalLog.admitNow(u"login/failed"_s, &note)) {
                    qCWarning(lcServer).noquote()
                        << "failed login for" << printableText(user.left(64)) + note;
                }
                responder.sendError(401, u"unauthorized"_s, u"wrong user name or password"_s);
                return;
            }
            self->m_counters->loginFailures.remove(throttleKey);
            self->issueToken(user,
                             {{u"kind"_s, u"session"_s},
                              {u"name"_s, u"session"_s},
                              {u"expiresAt"_s,
                               isoFromMs(QDateTime::currentMSecsSinceEpoch() + s_sessionMs)}},
                             responder);
        }, Qt::QueuedConnection);
    });
}

void Server::issueToken(const QString &user, const QJsonObject &details,
                        const HttpResponder &responder)
{
    const QString secret = newSecret(u"fbt_"_s);
    QJsonObject data = details;
    data.insert(u"id"_s, newUuid());
    data.insert(u"user"_s, user);
    data.insert(u"tokenHash"_s, QString::fromLatin1(secretHash(secret)));
    m_writer->submit(
        [data, user](Writer::Context &context) {
            Event event = makeEvent(u"token.created"_s, u"user:"_s + user, QString(), data);
            context.emitEvent(event);
            return JobOutcome();
        },
        [data, secret, responder](const JobOutcome &outcome) {
            if (!outcome.ok) {
                responder.sendError(outcome.status, outcome.code, outcome.message);
                return;
            }
            QJsonObject answer = data;
            answer.remove(u"tokenHash"_s);
            answer.insert(u"token"_s, secret);
            responder.sendJson(201, answer);
        });
}

void Server::handleLogout(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Permission::ReadIncidents, &principal,
                   Permission::ReadSharedIncidents)) {
        return;
    }
    const QString id = principal.tokenId;
    m_writer->submit(
        [id, principal](Writer::Context &context) {
            Event event = makeEvent(u"token.revoked"_s, principal.actor(), QString(),
                                    {{u"id"_s, id}, {u"reason"_s, u"logout"_s}});
            context.emitEvent(event);
            return JobOutcome();
        },
        [responder](const JobOutcome &outcome) {
            outcome.ok ? responder.send(204, QByteArray(), "application/json")
                       : responder.sendError(outcome.status, outcome.code, outcome.message);
        });
}

void Server::handleCreateToken(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    QJsonObject body;
    if (!authorise(request, responder, Permission::ReadIncidents, &principal,
                   Permission::ReadSharedIncidents)
        || !parseJsonBody(request, responder, &body)) {
        return;
    }
    const QString name = body.value(u"name"_s).toString().trimmed();
    QStringList scopes = body.value(u"scopes"_s).toVariant().toStringList();
    // Absent means the default of 90 days; anything else must be a whole number of days, so
    // that "1" or 1.5 is refused rather than quietly taken as the default.
    const QJsonValue daysValue = body.value(u"expiresInDays"_s);
    const double asked = daysValue.toDouble(-1);
    const int days = daysValue.isUndefined() ? 90
        : (daysValue.isDouble() && asked == std::floor(asked) && asked >= 1
           && asked <= s_maxTokenDays) ? int(asked) : 0;
    const TokenRecord *parent = m_projection.tokenById(principal.tokenId);
    if (name.isEmpty() || name.size() > 100) {
        return responder.sendError(400, u"bad_request"_s,
                                   name.isEmpty()
                                       ? u"a token needs a name"_s
                                       : u"a token's name is at most 100 characters (this one"
                                         " has %1)"_s.arg(name.size()));
    }
    const QJsonValue scopesValue = body.value(u"scopes"_s);
    const QJsonArray scopeList = scopesValue.toArray();
    if (!scopesValue.isUndefined() && !scopesValue.isNull()
        && (!scopesValue.isArray()
            || std::any_of(scopeList.begin(), scopeList.end(),
                           [](const QJsonValue &scope) { return !scope.isString(); }))) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"scopes must be a list of permission names"_s);
    }
    if (days < 1 || days > s_maxTokenDays) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"expiresInDays must be a whole number of days from 1 to %1"
                                   u" (90 when left out)"_s.arg(s_maxTokenDays));
    }
    // A scoped token makes only tokens within its own scopes; asking for none means the same
    // scopes, never "everything its owner may do".
    if (parent && scopes.isEmpty()) {
        scopes = parent->scopes;
    }
    for (const QString &scope : std::as_const(scopes)) {
        const auto permission = Security::permissionFromName(scope);
        if (!permission) {
            return responder.sendError(400, u"bad_request"_s,
                                       u"\"%1\" is no permission (docs/permissions.md names"
                                       " them)"_s.arg(scope.left(64)));
        }
        if (!principal.can(*permission)) {
            return responder.sendError(403, u"forbidden"_s,
                                       u"a token cannot carry \"%1\", which you do not have"_s
                                           .arg(scope.left(64)));
        }
    }
    qint64 expires = QDateTime::currentMSecsSinceEpoch() + qint64(days) * 86'400'000;
    // An API token's tokens expire with it at the latest; a session (a password login) may
    // make tokens that outlive it.
    if (parent && parent->kind != u"session" && parent->expiresAt > 0) {
        expires = qMin(expires, parent->expiresAt);
    }
    issueToken(principal.user,
               {{u"kind"_s, u"api"_s}, {u"name"_s, name},
                {u"scopes"_s, QJsonArray::fromStringList(scopes)},
                {u"expiresAt"_s, isoFromMs(expires)}},
               responder);
}

void Server::handleListTokens(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Permission::ReadIncidents, &principal,
                   Permission::ReadSharedIncidents)) {
        return;
    }
    QJsonArray list;
    for (const TokenRecord *token : m_projection.tokens()) {
        if (token->user == principal.user || principal.can(Permission::ManageAccounts)) {
            list.append(tokenJson(*token));
        }
    }
    responder.sendJson(200, {{u"tokens"_s, list}});
}

void Server::handleRevokeToken(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Permission::ReadIncidents, &principal,
                   Permission::ReadSharedIncidents)) {
        return;
    }
    const QString id = request.captures.value(0);
    const TokenRecord *token = m_projection.tokenById(id);
    if (!token || (token->user != principal.user && !principal.can(Permission::ManageAccounts))) {
        return responder.sendError(404, u"not_found"_s, u"no such token"_s);
    }
    if (token->revoked) {
        return responder.sendError(409, u"conflict"_s, u"the token is already revoked"_s);
    }
    m_writer->submit(
        [id, principal](Writer::Context &context) {
            Event event = makeEvent(u"token.revoked"_s, principal.actor(), QString(),
                                    {{u"id"_s, id}});
            context.emitEvent(event);
            return JobOutcome();
        },
        [responder](const JobOutcome &outcome) {
            outcome.ok ? responder.send(204, QByteArray(), "application/json")
                       : responder.sendError(outcome.status, outcome.code, outcome.message);
        });
}

void Server::handleListAccounts(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Permission::ManageAccounts)) {
        return;
    }
    QJsonArray list;
    for (const AccountRecord *account : m_projection.accounts()) {
        list.append(QJsonObject{{u"name"_s, account->name},
                                {u"displayName"_s, account->displayName},
                                {u"roles"_s, QJsonArray::fromStringList(account->roles)},
                                {u"disabled"_s, account->disabled}});
    }
    responder.sendJson(200, {{u"accounts"_s, list}});
}

void Server::handleAuditVerify(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Permission::ReadAudit)) {
        return;
    }
    const VerifyResult result = m_store.verify(m_store.anchor());
    responder.sendJson(200, {{u"ok"_s, result.ok},
                             {u"checked"_s, result.checked},
                             {u"firstBadSeq"_s, result.ok ? QJsonValue() : result.firstBadSeq},
                             {u"reason"_s, result.reason},
                             {u"head"_s, m_store.head()},
                             {u"headHash"_s, QString::fromLatin1(m_store.headHash())}});
}

} // namespace Firebreak
