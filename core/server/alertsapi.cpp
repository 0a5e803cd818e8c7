// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/sources.h"
#include "alerts/ingestor.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/synchub.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Firebreak {

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

    const QString key = newSecret(u"fbk_"_s);
    const QString id = newUuid();
    const QString actor = principal.actor();
    m_writer->submit(
        [=](Writer::Context &context) {
            Event event = makeEvent(u"integration.created"_s, actor, QString(),
                                    {{u"id"_s, id},
                                     {u"name"_s, name},
                                     {u"source"_s, source},
                                     {u"keyHash"_s, QString::fromLatin1(secretHash(key))}});
            context.emitEvent(event);
            return JobOutcome();
        },
        [=](const JobOutcome &outcome) {
            if (!outcome.ok) {
                responder.sendError(outcome.status, outcome.code, outcome.message);
                return;
            }
            responder.sendJson(201, {{u"id"_s, id}, {u"key"_s, key}, {u"source"_s, source},
                                     {u"name"_s, name}});
        });
}

void Server::handleListIntegrations(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ManageIntegrations)) {
        return;
    }
    QJsonArray list;
    const EventList events = m_store.readAfter(0, 1000000);
    for (const Event &event : events) {
        if (event.type == u"integration.created") {
            QJsonObject data = event.data();
            data.remove(u"keyHash"_s);
            data.insert(u"createdAt"_s, isoFromMs(event.at));
            list.append(data);
        }
    }
    responder.sendJson(200, {{u"integrations"_s, list}});
}

void Server::handleAlertWebhook(const HttpRequest &request, const HttpResponder &responder)
{
    const QString source = request.captures.value(0);
    const AlertSources::Normaliser normalise = AlertSources::normaliser(source);
    if (!normalise) {
        responder.sendError(404, u"not_found"_s,
                            u"unknown alert source \"%1\"; supported: %2"_s.arg(
                                source.left(40), AlertSources::supported().join(u", "_s)));
        return;
    }

    // Credentials: the header wins over ?key=.
    QByteArray key = Http::bearerToken(request);
    if (key.isEmpty()) {
        key = request.query.queryItemValue(u"key"_s, QUrl::FullyDecoded).toUtf8();
    }
    auto refuse = [&](int status, const QString &code, const QString &message) {
        m_counters->reject(code);
        qCWarning(lcAlerts).noquote() << "refused" << source << "webhook from"
                                      << request.remote.toString() << ":" << message;
        responder.sendError(status, code, message);
    };
    if (key.isEmpty()) {
        return refuse(401, u"unauthorized"_s,
                      u"an integration key is required (Authorization: Bearer KEY or ?key=KEY)"_s);
    }
    const QByteArray keyHash = secretHash(QString::fromUtf8(key));
    const IntegrationRecord *found = m_projection.integrationByKeyHash(keyHash);
    if (!found) {
        if (m_projection.tokenByHash(keyHash)) {
            return refuse(403, u"forbidden"_s, u"an API token is not an integration key"_s);
        }
        return refuse(401, u"unauthorized"_s, u"the integration key is not valid"_s);
    }
    if (found->source != source) {
        return refuse(403, u"forbidden"_s,
                      u"this key belongs to a %1 integration, not %2"_s.arg(found->source, source));
    }
    const IntegrationRecord integration = *found;

    QJsonObject body;
    if (!parseJsonBody(request, responder, &body)) {
        m_counters->reject(u"bad_request"_s);
        return;
    }
    NormalisedPayload payload;
    QString error;
    if (!normalise(body, &payload, &error)) {
        return refuse(400, u"bad_request"_s, error);
    }

    const int count = int(payload.alerts.size());
    m_writer->submit(
        [integration, payload](Writer::Context &context) {
            AlertIngestor ingestor(context.projection(),
                                   [&context](Event &event) { return context.emitEvent(event); });
            ingestor.ingest(integration, payload);
            return JobOutcome();
        },
        [this, responder, count](const JobOutcome &outcome) {
            if (!outcome.ok) {
                responder.sendError(outcome.status, outcome.code, outcome.message);
                return;
            }
            m_counters->alertsAccepted += count;
            ++m_counters->webhooksAccepted;
            responder.sendJson(202, {{u"accepted"_s, count}});
        });
}

void Server::handleListAlerts(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ReadAlerts)) {
        return;
    }
    bool ok = false;
    const int limit = Http::listLimit(request, &ok);
    const QString status = request.query.queryItemValue(u"status"_s);
    const QString source = request.query.queryItemValue(u"source"_s);
    const QString incidentFilter = request.query.queryItemValue(u"incident"_s);
    const QString cursor = request.query.queryItemValue(u"cursor"_s);
    if (!ok) {
        return responder.sendError(400, u"bad_request"_s, u"limit must be 1 to 1000"_s);
    }
    if (!status.isEmpty() && status != u"firing" && status != u"resolved"
        && status != u"acknowledged") {
        return responder.sendError(400, u"bad_request"_s,
                                   u"status must be firing, acknowledged or resolved"_s);
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
            || (!incidentId.isEmpty() && alert->incident != incidentId)) {
            continue;
        }
        if (list.size() == limit) {
            next = list.last().toObject().value(u"id"_s).toString();
            break;
        }
        list.append(alert->toJson());
    }
    responder.sendJson(200, {{u"alerts"_s, list},
                             {u"next"_s, next.isEmpty() ? QJsonValue() : QJsonValue(next)}});
}

} // namespace Firebreak
