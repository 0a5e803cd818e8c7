// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertcommands.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

AlertCommandResult badRequest(const QString &message)
{
    return AlertCommandResult::refuse(400, u"bad_request"_s, message);
}

AlertCommandResult notFound(const QString &what, const QString &id)
{
    return AlertCommandResult::refuse(404, u"not_found"_s,
                                      u"no %1 \"%2\""_s.arg(what, id.left(64)));
}

// Routes and silences are given either whole (an object) or by id (a string).
QString referenceOf(const QJsonObject &command, const QString &key)
{
    const QJsonValue value = command.value(key);
    return value.isObject() ? value.toObject().value(u"id"_s).toString() : value.toString();
}

} // namespace

QJsonObject mergedJson(QJsonObject base, const QJsonObject &changes)
{
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().isNull()) {
            base.remove(it.key());
        } else {
            base.insert(it.key(), it.value());
        }
    }
    return base;
}

AlertCommands::AlertCommands(const Projection &projection, QString actor, qint64 now,
                             ConfigSealer sealer)
    : m_projection(projection)
    , m_actor(std::move(actor))
    , m_now(now)
    , m_sealer(std::move(sealer))
{
}

QStringList AlertCommands::types()
{
    return {u"route.create"_s,   u"route.update"_s,   u"route.delete"_s,
            u"silence.create"_s, u"silence.expire"_s, u"integration.configure"_s};
}

bool AlertCommands::handles(const QString &type)
{
    return types().contains(type);
}

AlertCommandResult AlertCommands::decide(const QJsonObject &command) const
{
    const QString type = command.value(u"type"_s).toString();
    if (type == u"route.create") {
        return createRoute(command);
    }
    if (type == u"route.update") {
        return updateRoute(command);
    }
    if (type == u"route.delete") {
        return deleteRoute(command);
    }
    if (type == u"silence.create") {
        return createSilence(command);
    }
    if (type == u"silence.expire") {
        return expireSilence(command);
    }
    if (type == u"integration.configure") {
        return configureIntegration(command);
    }
    return badRequest(u"unknown command type \"%1\"; known: %2"_s.arg(type.left(64),
                                                                      types().join(u", "_s)));
}

AlertCommandResult AlertCommands::single(const QString &type, const QJsonObject &data) const
{
    AlertCommandResult result;
    Event event = makeEvent(type, m_actor, QString(), data);
    event.at = m_now;
    result.events.append(event);
    return result;
}

AlertCommandResult AlertCommands::createRoute(const QJsonObject &command) const
{
    QJsonObject json = command.value(u"route"_s).toObject();
    json.insert(u"id"_s, newUuid());
    RouteRecord route;
    QString error;
    if (!command.value(u"route"_s).isObject() || !RouteRecord::fromJson(json, &route, &error)
        || !checkMatcherPatterns(json.value(u"matchers"_s), &error)) {
        return badRequest(u"route: "_s + (error.isEmpty() ? u"an object is expected"_s : error));
    }
    QJsonObject stored = route.toJson();
    stored.remove(u"createdAt"_s);
    stored.remove(u"updatedAt"_s);
    return single(u"route.created"_s, {{u"route"_s, stored}});
}

AlertCommandResult AlertCommands::updateRoute(const QJsonObject &command) const
{
    const QString id = referenceOf(command, u"route"_s);
    const RouteRecord *existing = m_projection.alertState().route(id);
    if (!existing) {
        return notFound(u"route"_s, id);
    }
    const QJsonObject changes = command.value(u"changes"_s).toObject();
    if (changes.isEmpty() || changes.contains(u"id"_s)) {
        return badRequest(u"changes must be an object of the route's fields to change (not"
                          " its id)"_s);
    }
    QJsonObject json = mergedJson(existing->toJson(), changes);
    json.remove(u"createdAt"_s);
    json.remove(u"updatedAt"_s);
    RouteRecord route;
    QString error;
    // Only matchers given now are held to the pattern rule: a route saved before it keeps
    // working (under the match budget) when other fields change.
    if (!RouteRecord::fromJson(json, &route, &error)
        || (changes.contains(u"matchers"_s)
            && !checkMatcherPatterns(changes.value(u"matchers"_s), &error))) {
        return badRequest(u"route: "_s + error);
    }
    QJsonObject stored = route.toJson();
    stored.remove(u"createdAt"_s);
    stored.remove(u"updatedAt"_s);
    return single(u"route.updated"_s, {{u"route"_s, stored},
                                       {u"changed"_s, QJsonArray::fromStringList(changes.keys())}});
}

AlertCommandResult AlertCommands::deleteRoute(const QJsonObject &command) const
{
    const QString id = referenceOf(command, u"route"_s);
    const RouteRecord *existing = m_projection.alertState().route(id);
    if (!existing) {
        return notFound(u"route"_s, id);
    }
    return single(u"route.deleted"_s, {{u"id"_s, id}, {u"name"_s, existing->name}});
}

AlertCommandResult AlertCommands::createSilence(const QJsonObject &command) const
{
    QJsonObject json = command.value(u"silence"_s).toObject();
    json.insert(u"id"_s, newUuid());
    if (!json.contains(u"startsAt"_s)) {
        json.insert(u"startsAt"_s, isoFromMs(m_now));
    }
    SilenceRecord silence;
    QString error;
    if (!command.value(u"silence"_s).isObject()
        || !SilenceRecord::fromJson(json, &silence, &error)
        || !checkMatcherPatterns(json.value(u"matchers"_s), &error)) {
        return badRequest(u"silence: "_s + (error.isEmpty() ? u"an object is expected"_s : error));
    }
    if (silence.endsAt <= m_now) {
        return badRequest(u"silence: endsAt is already past"_s);
    }
    QJsonObject stored = silence.toJson(m_now);
    for (const QString &key : {u"createdBy"_s, u"createdAt"_s, u"expiredAt"_s, u"expiredBy"_s,
                               u"state"_s}) {
        stored.remove(key);
    }
    return single(u"silence.created"_s, {{u"silence"_s, stored}});
}

AlertCommandResult AlertCommands::expireSilence(const QJsonObject &command) const
{
    const QString id = referenceOf(command, u"silence"_s);
    const SilenceRecord *silence = m_projection.alertState().silence(id);
    if (!silence) {
        return notFound(u"silence"_s, id);
    }
    if (silence->state(m_now) == u"expired") {
        return AlertCommandResult::refuse(409, u"conflict"_s,
                                          u"silence %1 has already expired"_s.arg(id));
    }
    QJsonObject data{{u"id"_s, id}};
    const QString reason = command.value(u"reason"_s).toString().left(1000);
    if (!reason.isEmpty()) {
        data.insert(u"reason"_s, reason);
    }
    return single(u"silence.expired"_s, data);
}

AlertCommandResult AlertCommands::configureIntegration(const QJsonObject &command) const
{
    const QString id = command.value(u"integration"_s).toString();
    const IntegrationSettings *integration = m_projection.alertState().integration(id);
    if (!integration) {
        return notFound(u"integration"_s, id);
    }
    const QJsonValue changes = command.value(u"config"_s);
    if (!changes.isObject()) {
        return badRequest(u"config must be an object of settings (null removes one)"_s);
    }
    // Stored signing secrets stay sealed unless the command gives new ones.
    QJsonObject given = changes.toObject();
    const bool newSecrets = given.value(u"signing"_s).isObject();
    QJsonObject kept = integration->config;
    kept.remove(u"signing"_s);
    QJsonObject config = mergedJson(kept, given);
    if (!newSecrets) {
        config.remove(u"signing"_s);
    }
    QString error;
    if (!m_sealer(integration->source, &config, &error)) {
        return badRequest(u"config: "_s + error);
    }
    const bool keepSecrets = !newSecrets && !given.contains(u"signing"_s);
    if (keepSecrets && integration->config.contains(u"signing"_s)) {
        config.insert(u"signing"_s, integration->config.value(u"signing"_s));
    }
    return single(u"integration.configured"_s,
                  {{u"id"_s, id},
                   {u"config"_s, config},
                   {u"changed"_s, QJsonArray::fromStringList(given.keys())}});
}

} // namespace Firebreak
