// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/sources.h"
#include "server/alertservice.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// The values ?suppressed= takes: yes or no, or why an alert was suppressed (docs/api.md).
const QStringList &suppressionFilters()
{
    static const QStringList filters{u"true"_s,      u"false"_s,    u"silence"_s,
                                     u"maintenance"_s, u"threshold"_s, u"flapping"_s,
                                     u"route"_s};
    return filters;
}

// ?suppressed=true|false|REASON
bool suppressionMatches(const QString &filter, const AlertRecord &alert)
{
    if (filter.isEmpty()) {
        return true;
    }
    if (filter == u"true") {
        return !alert.suppressed.isEmpty();
    }
    if (filter == u"false") {
        return alert.suppressed.isEmpty();
    }
    return alert.suppressed == filter;
}

} // namespace

void Server::handleCreateIntegration(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    QJsonObject body;
    if (!authorise(request, responder, Security::Permission::ManageIntegrations, &principal)
        || !parseJsonBody(request, responder, &body)) {
        return;
    }
    const QString source = body.value(u"source"_s).toString();
    const QString name = body.value(u"name"_s).toString().trimmed();
    if (!AlertSources::normaliser(source)) {
        responder.sendError(400, u"bad_request"_s,
                            u"source must be one of: %1 (got \"%2\")"_s.arg(
                                AlertSources::supported().join(u", "_s), source.left(40)));
        return;
    }
    if (name.isEmpty() || name.size() > 200) {
        responder.sendError(400, u"bad_request"_s, u"name must be 1 to 200 characters"_s);
        return;
    }
    QJsonObject config = body.value(u"config"_s).toObject();
    QString error;
    if ((body.contains(u"config"_s) && !body.value(u"config"_s).isObject())
        || !m_alertService->sealConfig(source, &config, &error)) {
        responder.sendError(400, u"bad_request"_s,
                            u"config: "_s + (error.isEmpty() ? u"an object is expected"_s : error));
        return;
    }

    const QString key = newSecret(u"fbk_"_s);
    const QString id = newUuid();
    const QString actor = principal.actor();
    QJsonObject data{{u"id"_s, id},
                     {u"name"_s, name},
                     {u"source"_s, source},
                     {u"keyHash"_s, QString::fromLatin1(secretHash(key))}};
    if (!config.isEmpty()) {
        data.insert(u"config"_s, config);
    }
    m_writer->submit(
        [=](Writer::Context &context) {
            Event event = makeEvent(u"integration.created"_s, actor, QString(), data);
            context.emitEvent(event);
            return JobOutcome();
        },
        [=, this](const JobOutcome &outcome) {
            if (!outcome.ok) {
                responder.sendError(outcome.status, outcome.code, outcome.message);
                return;
            }
            const IntegrationSettings *settings = m_projection.alertState().integration(id);
            responder.sendJson(201, {{u"id"_s, id}, {u"key"_s, key}, {u"source"_s, source},
                                     {u"name"_s, name},
                                     {u"config"_s, settings ? settings->publicConfig()
                                                            : QJsonObject()}});
        });
}

namespace {

const IntegrationRecord *integrationById(const Projection &projection, const QString &id)
{
    const QHash<QByteArray, IntegrationRecord> &integrations = projection.integrationsByKeyHash();
    for (auto it = integrations.cbegin(); it != integrations.cend(); ++it) {
        if (it->id == id) {
            return &*it;
        }
    }
    return nullptr;
}

} // namespace

// A new key for an integration, shown once; the old one is refused from the moment this is
// answered (the webhook checks read the new key set before any answer of the batch is sent,
// and a webhook checked against the old key is decided again in the writer's batch).
void Server::handleRotateIntegrationKey(const HttpRequest &request,
                                        const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Security::Permission::ManageIntegrations, &principal)) {
        return;
    }
    const QString id = request.captures.value(0);
    const QString key = newSecret(u"fbk_"_s);
    const QString actor = principal.actor();
    const QJsonObject data{{u"id"_s, id}, {u"keyHash"_s, QString::fromLatin1(secretHash(key))}};
    m_writer->submit(
        [id, actor, data](Writer::Context &context) {
            if (!integrationById(context.projection(), id)) {
                return JobOutcome::refused(404, u"not_found"_s,
                                           u"no integration with id %1"_s.arg(id.left(80)));
            }
            Event event = makeEvent(u"integration.key_rotated"_s, actor, QString(), data);
            context.emitEvent(event);
            return JobOutcome();
        },
        [this, id, key, responder](const JobOutcome &outcome) {
            if (!outcome.ok) {
                responder.sendError(outcome.status, outcome.code, outcome.message);
                return;
            }
            const IntegrationRecord *integration = integrationById(m_projection, id);
            qCInfo(lcServer).noquote() << "integration" << id << "has a new key; the old one"
                                       << "is refused from now on";
            responder.sendJson(200, {{u"id"_s, id},
                                     {u"key"_s, key},
                                     {u"name"_s, integration ? integration->name : QString()},
                                     {u"source"_s, integration ? integration->source : QString()}});
        });
}

void Server::handleListIntegrations(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ManageIntegrations)) {
        return;
    }
    QJsonArray list;
    for (const IntegrationSettings *settings : m_projection.alertState().integrations()) {
        QJsonObject entry{{u"id"_s, settings->id},
                          {u"name"_s, settings->name},
                          {u"source"_s, settings->source},
                          {u"config"_s, settings->publicConfig()},
                          {u"createdAt"_s, isoFromMs(settings->createdAt)},
                          {u"updatedAt"_s, isoFromMs(settings->updatedAt)}};
        if (!settings->subscribedTopic.isEmpty()) {
            entry.insert(u"subscribedTopic"_s, settings->subscribedTopic);
        }
        list.append(entry);
    }
    responder.sendJson(200, {{u"integrations"_s, list}});
}

void Server::handleAlertWebhook(const HttpRequest &request, const HttpResponder &responder)
{
    m_alertService->handleWebhook(request, responder);
}

void Server::handleListAlerts(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ReadAlerts)) {
        return;
    }
    bool ok = false;
    const int limit = Http::listLimit(request, &ok);
    const QUrlQuery &query = request.query;
    const QString status = query.queryItemValue(u"status"_s, QUrl::FullyDecoded);
    const QString source = query.queryItemValue(u"source"_s, QUrl::FullyDecoded);
    const QString incidentFilter = query.queryItemValue(u"incident"_s, QUrl::FullyDecoded);
    const QString suppressed = query.queryItemValue(u"suppressed"_s, QUrl::FullyDecoded);
    const QString route = query.queryItemValue(u"route"_s, QUrl::FullyDecoded);
    const QString integration = query.queryItemValue(u"integration"_s, QUrl::FullyDecoded);
    const QString cursor = query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    if (!ok) {
        return responder.sendError(400, u"bad_request"_s, u"limit must be 1 to 1000"_s);
    }
    if (!status.isEmpty() && status != u"firing" && status != u"resolved"
        && status != u"acknowledged") {
        return responder.sendError(400, u"bad_request"_s,
                                   u"status must be firing, acknowledged or resolved"_s);
    }
    if (!suppressed.isEmpty() && !suppressionFilters().contains(suppressed)) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"suppressed must be true, false or a reason: silence,"
                                   " maintenance, threshold, flapping or route"_s);
    }
    QString incidentId;
    if (!incidentFilter.isEmpty()) {
        const IncidentRecord *incident = m_projection.incident(incidentFilter);
        if (!incident) {
            return responder.sendError(404, u"not_found"_s, u"no incident "_s + incidentFilter);
        }
        incidentId = incident->id;
    }

    QJsonArray list;
    bool pastCursor = cursor.isEmpty();
    QString next;
    for (const AlertRecord *alert : m_projection.alerts()) {
        if (!pastCursor) {
            pastCursor = alert->id == cursor;
            continue;
        }
        if ((!status.isEmpty() && alert->status != status)
            || (!source.isEmpty() && alert->source != source)
            || (!incidentId.isEmpty() && alert->incident != incidentId)
            || (!route.isEmpty() && alert->route != route)
            || (!integration.isEmpty() && alert->integration != integration)
            || !suppressionMatches(suppressed, *alert)) {
            continue;
        }
        if (list.size() == limit) {
            next = list.last().toObject().value(u"id"_s).toString();
            break;
        }
        list.append(alert->toJson());
    }
    if (!pastCursor) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"cursor is not the id of a listed alert"_s);
    }
    responder.sendJson(200, {{u"alerts"_s, list},
                             {u"next"_s, next.isEmpty() ? QJsonValue() : QJsonValue(next)}});
}

} // namespace Firebreak
