// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The REST side of alert handling: routes, silences, integration settings, one alert with its
// raw payload, the routes editor's dry run and the noise report.
#include "server/alertservice.h"

#include "alerts/noisereport.h"
#include "alerts/routing.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server.h"
#include "server/server_p.h"
#include "server/writer.h"
#include "store/eventstore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr qint64 s_day = 24 * 60 * 60 * 1000;
constexpr int s_noisePage = 5000;
/// A dry run places at most this many draft routes, works at most s_dryRunBudgetMs on a pool
/// thread, and at most s_maxDryRuns run at once (more get 503 and Retry-After).
constexpr int s_maxDryRunRoutes = 100;
constexpr qint64 s_dryRunBudgetMs = 3000;
constexpr int s_maxDryRuns = 2;
/// Noise reports being folded at once (each reads the whole log on a pool thread).
constexpr int s_maxNoiseReports = 2;

QJsonObject firstEventData(const QJsonObject &answer)
{
    const QJsonArray events = answer.value(u"events"_s).toArray();
    return events.isEmpty() ? QJsonObject()
                            : events.first().toObject().value(u"data"_s).toObject();
}

} // namespace

void AlertService::registerRoutes(HttpServer &http)
{
    auto bind = [this](void (AlertService::*method)(const HttpRequest &, const HttpResponder &)) {
        return [this, method](const HttpRequest &request, const HttpResponder &responder) {
            (this->*method)(request, responder);
        };
    };
    // From here on webhooks arrive: they are checked against the gate on the I/O threads.
    // (Added here, after the on-call setup has set the projection's first fold.)
    m_server.m_projection.addFold(
        [this](const Projection &, const Event &event) { noteProjectionChange(event); });
    publishGate();
    http.route("POST", u"/v2/enqueue"_s, bind(&AlertService::handleEnqueue),
               HttpServer::HandlerThread::Io);
    // Webhooks refused from their head (413) are logged with their integration, like the rest.
    const auto logHeadRefusal = [this](const HttpRequest &head, const HttpRefusal &refusal) {
        return this->logHeadRefusal(head, refusal);
    };
    http.setRefusalLogger("POST", u"/api/v1/alerts/"_s, logHeadRefusal);
    http.setRefusalLogger("POST", u"/v2/enqueue"_s, logHeadRefusal);
    http.route("GET", u"/api/v1/alerts/noise"_s, bind(&AlertService::handleNoise));
    http.route("GET", u"/api/v1/alerts/([^/]+)"_s, bind(&AlertService::handleGetAlert));
    http.route("PATCH", u"/api/v1/integrations/([^/]+)"_s,
               bind(&AlertService::handleConfigureIntegration));
    http.route("GET", u"/api/v1/routes"_s, bind(&AlertService::handleListRoutes));
    http.route("POST", u"/api/v1/routes"_s, bind(&AlertService::handleCreateRoute));
    http.route("POST", u"/api/v1/routes/dry-run"_s, bind(&AlertService::handleDryRun));
    http.route("GET", u"/api/v1/routes/([^/]+)"_s, bind(&AlertService::handleGetRoute));
    http.route("PATCH", u"/api/v1/routes/([^/]+)"_s, bind(&AlertService::handleUpdateRoute));
    http.route("DELETE", u"/api/v1/routes/([^/]+)"_s, bind(&AlertService::handleDeleteRoute));
    http.route("GET", u"/api/v1/silences"_s, bind(&AlertService::handleListSilences));
    http.route("POST", u"/api/v1/silences"_s, bind(&AlertService::handleCreateSilence));
    http.route("DELETE", u"/api/v1/silences/([^/]+)"_s, bind(&AlertService::handleExpireSilence));
}

void AlertService::commandForRest(const HttpRequest &request, const HttpResponder &responder,
                                  const QJsonObject &command, int status, const QString &key)
{
    QString actor;
    if (!authorise(request, responder, true, &actor)) {
        return;
    }
    const QString origin = u"rest "_s + request.remote.toString();
    runCommand(command, actor, origin, [this, responder, status, key](const QJsonObject &answer) {
        if (!answer.value(u"ok"_s).toBool()) {
            responder.sendJson(answer.value(u"status"_s).toInt(400),
                               {{u"error"_s, answer.value(u"error"_s)}});
            return;
        }
        // Answer with the resource as it now stands.
        const QJsonObject data = firstEventData(answer);
        const QString id = data.value(key).toObject().value(u"id"_s).toString(
            data.value(u"id"_s).toString());
        const AlertState &state = m_server.m_projection.alertState();
        QJsonObject body{{u"events"_s, answer.value(u"events"_s)}};
        if (const RouteRecord *route = state.route(id); route && key == u"route") {
            body.insert(u"route"_s, route->toJson());
        } else if (const SilenceRecord *silence = state.silence(id); silence) {
            body.insert(u"silence"_s, silence->toJson(m_clock()));
        } else if (const IntegrationSettings *settings = state.integration(id); settings) {
            body.insert(u"integration"_s,
                        QJsonObject{{u"id"_s, id},
                                    {u"name"_s, settings->name},
                                    {u"source"_s, settings->source},
                                    {u"config"_s, settings->publicConfig()}});
        } else {
            body.insert(u"deleted"_s, id);
        }
        responder.sendJson(status, body);
    });
}

void AlertService::handleGetAlert(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, false)) {
        return;
    }
    const AlertRecord *alert = m_server.m_projection.alert(request.captures.value(0));
    if (!alert) {
        responder.sendError(404, u"not_found"_s,
                            u"no alert \"%1\""_s.arg(request.captures.value(0).left(64)));
        return;
    }
    QJsonObject body = alert->toJson();
    body.insert(u"raw"_s, QJsonValue());
    bool read = false;
    EventList received = m_server.m_store.readAfter(alert->receivedSeq - 1, 1, &read);
    if (!read && m_server.m_store.reconnectAfterFailedRead()) {
        received = m_server.m_store.readAfter(alert->receivedSeq - 1, 1, &read);
    }
    if (!read) {
        return Server::sendStoreUnreadable(responder);
    }
    if (!received.isEmpty() && received.first().type == u"alert.received") {
        body.insert(u"raw"_s, received.first().data().value(u"raw"_s));
    }
    responder.sendJson(200, body);
}

void AlertService::handleConfigureIntegration(const HttpRequest &request,
                                              const HttpResponder &responder)
{
    QJsonObject body;
    if (!authorise(request, responder, true)
        || !m_server.parseJsonBody(request, responder, &body)) {
        return;
    }
    commandForRest(request, responder,
                   {{u"type"_s, u"integration.configure"_s},
                    {u"integration"_s, request.captures.value(0)},
                    {u"config"_s, body.value(u"config"_s)}},
                   200, u"integration"_s);
}

void AlertService::handleListRoutes(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, false)) {
        return;
    }
    QJsonArray routes;
    for (const RouteRecord *route : m_server.m_projection.alertState().routes()) {
        routes.append(route->toJson());
    }
    responder.sendJson(200, {{u"routes"_s, routes}});
}

void AlertService::handleGetRoute(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, false)) {
        return;
    }
    const RouteRecord *route = m_server.m_projection.alertState().route(request.captures.value(0));
    if (!route) {
        responder.sendError(404, u"not_found"_s,
                            u"no route \"%1\""_s.arg(request.captures.value(0).left(64)));
        return;
    }
    responder.sendJson(200, route->toJson());
}

void AlertService::handleCreateRoute(const HttpRequest &request, const HttpResponder &responder)
{
    QJsonObject body;
    if (!authorise(request, responder, true)
        || !m_server.parseJsonBody(request, responder, &body)) {
        return;
    }
    commandForRest(request, responder, {{u"type"_s, u"route.create"_s}, {u"route"_s, body}}, 201,
                   u"route"_s);
}

void AlertService::handleUpdateRoute(const HttpRequest &request, const HttpResponder &responder)
{
    QJsonObject body;
    if (!authorise(request, responder, true)
        || !m_server.parseJsonBody(request, responder, &body)) {
        return;
    }
    commandForRest(request, responder,
                   {{u"type"_s, u"route.update"_s},
                    {u"route"_s, request.captures.value(0)},
                    {u"changes"_s, body}},
                   200, u"route"_s);
}

void AlertService::handleDeleteRoute(const HttpRequest &request, const HttpResponder &responder)
{
    commandForRest(request, responder,
                   {{u"type"_s, u"route.delete"_s}, {u"route"_s, request.captures.value(0)}}, 200,
                   u"route"_s);
}

void AlertService::handleDryRun(const HttpRequest &request, const HttpResponder &responder)
{
    QJsonObject body;
    if (!authorise(request, responder, false)
        || !m_server.parseJsonBody(request, responder, &body)) {
        return;
    }
    // Checked as given: toInt() read 1.5, "5" and null as the default, and routes that were
    // no array as none at all (a dry run of nothing, not of the routes saved).
    const QJsonValue limitValue = body.value(u"limit"_s);
    const double limitNumber = limitValue.isUndefined() ? 100 : limitValue.toDouble(-1);
    if (!(limitValue.isUndefined() || limitValue.isDouble()) || limitNumber < 1
        || limitNumber > 1000 || limitNumber != std::floor(limitNumber)) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"limit must be a whole number from 1 to 1000"_s);
    }
    const int limit = int(limitNumber);
    if (body.contains(u"routes"_s) && !body.value(u"routes"_s).isArray()) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"routes must be an array of routes (leave it out to try the"
                                   " saved ones)"_s);
    }
    QList<RouteRecord> candidates;
    if (!body.contains(u"routes"_s)) {
        for (const RouteRecord *route : m_server.m_projection.alertState().routes()) {
            candidates.append(*route);
        }
    }
    const QJsonArray given = body.value(u"routes"_s).toArray();
    if (given.size() > s_maxDryRunRoutes) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"a dry run takes at most %1 routes"_s.arg(s_maxDryRunRoutes));
    }
    for (qsizetype i = 0; i < given.size(); ++i) {
        QJsonObject json = given.at(i).toObject();
        if (json.value(u"id"_s).toString().isEmpty()) {
            json.insert(u"id"_s, u"draft-%1"_s.arg(i + 1));
        }
        RouteRecord route;
        QString error;
        if (!RouteRecord::fromJson(json, &route, &error)
            || !checkMatcherPatterns(json.value(u"matchers"_s), &error)) {
            return responder.sendError(400, u"bad_request"_s, u"routes[%1]: "_s.arg(i) + error);
        }
        candidates.append(route);
    }
    if (m_dryRunsRunning >= s_maxDryRuns) {
        return responder.sendError(503, u"unavailable"_s,
                                   u"other dry runs are being computed; try again shortly"_s,
                                   {{"Retry-After", "1"}});
    }
    // The snapshot is taken here; placing the alerts, which runs every regular expression of
    // the routes and silences, happens off the event loop within a time budget.
    Routing::DryRunInput input = Routing::dryRunInput(m_server.m_projection, candidates, limit,
                                                      m_clock());
    input.budgetMs = s_dryRunBudgetMs;
    ++m_dryRunsRunning;
    QPointer<AlertService> self(this);
    QThreadPool::globalInstance()->start([self, input = std::move(input), responder]() {
        const QJsonObject report = Routing::dryRun(input);
        QMetaObject::invokeMethod(self, [self, report, responder]() {
            --self->m_dryRunsRunning;
            responder.sendJson(200, report);
        }, Qt::QueuedConnection);
    });
}

void AlertService::handleListSilences(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, false)) {
        return;
    }
    const QString state = request.query.queryItemValue(u"state"_s, QUrl::FullyDecoded);
    if (!state.isEmpty() && state != u"active" && state != u"pending" && state != u"expired") {
        return responder.sendError(400, u"bad_request"_s,
                                   u"state must be active, pending or expired"_s);
    }
    const qint64 now = m_clock();
    QJsonArray silences;
    for (const SilenceRecord *silence : m_server.m_projection.alertState().silences()) {
        if (state.isEmpty() || silence->state(now) == state) {
            silences.append(silence->toJson(now));
        }
    }
    responder.sendJson(200, {{u"silences"_s, silences}});
}

void AlertService::handleCreateSilence(const HttpRequest &request, const HttpResponder &responder)
{
    QJsonObject body;
    if (!authorise(request, responder, true)
        || !m_server.parseJsonBody(request, responder, &body)) {
        return;
    }
    commandForRest(request, responder, {{u"type"_s, u"silence.create"_s}, {u"silence"_s, body}},
                   201, u"silence"_s);
}

void AlertService::handleExpireSilence(const HttpRequest &request, const HttpResponder &responder)
{
    commandForRest(request, responder,
                   {{u"type"_s, u"silence.expire"_s}, {u"silence"_s, request.captures.value(0)}},
                   200, u"silence"_s);
}

void AlertService::handleNoise(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, false)) {
        return;
    }
    const qint64 now = m_clock();
    const QString sinceText = request.query.queryItemValue(u"since"_s, QUrl::FullyDecoded);
    const QString untilText = request.query.queryItemValue(u"until"_s, QUrl::FullyDecoded);
    const qint64 since = sinceText.isEmpty() ? now - 30 * s_day : msFromIso(sinceText);
    const qint64 until = untilText.isEmpty() ? now : msFromIso(untilText);
    if (since < 0 || until < 0 || until < since) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"since and until must be ISO 8601 times, since first"_s);
    }
    if (m_noiseReportsRunning >= s_maxNoiseReports) {
        return responder.sendError(503, u"unavailable"_s,
                                   u"other noise reports are being computed; try again shortly"_s,
                                   {{"Retry-After", "1"}});
    }
    // The log is read and folded off the event loop, on a read-only connection of the pool
    // thread's own, up to the head committed now; only naming the routes happens back here.
    const QString location = m_server.m_options.database.isEmpty()
        ? QDir(m_server.m_options.dataDir).filePath(u"firebreak.sqlite"_s)
        : m_server.m_options.database;
    const qint64 head = m_server.m_store.head();
    ++m_noiseReportsRunning;
    QPointer<AlertService> self(this);
    QThreadPool::globalInstance()->start([self, location, head, since, until, responder]() {
        auto report = std::make_shared<NoiseReport>(since, until);
        QString error;
        {
            EventStore store;
            if (!store.openReadOnly(location)) {
                error = store.errorString();
            }
            for (qint64 after = 0; error.isEmpty() && after < head;) {
                bool ok = false;
                const EventList page = store.readAfter(after, s_noisePage, &ok);
                if (!ok) {
                    error = store.errorString();
                    break;
                }
                for (const Event &event : page) {
                    if (event.seq > head) {
                        break;
                    }
                    report->add(event);
                }
                if (page.size() < s_noisePage) {
                    break;
                }
                after = page.last().seq;
            }
        }
        QMetaObject::invokeMethod(self, [self, report, error, responder]() {
            --self->m_noiseReportsRunning;
            if (!error.isEmpty()) {
                qCWarning(lcServer).noquote() << "noise report: cannot read the log:" << error;
                return responder.sendError(503, u"unavailable"_s,
                                           u"the event log cannot be read now"_s);
            }
            responder.sendJson(200, report->toJson(self->m_server.m_projection.alertState()));
        }, Qt::QueuedConnection);
    });
}

} // namespace Firebreak
