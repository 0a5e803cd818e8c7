// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/alertmanager.h"
#include "alerts/ingestor.h"
#include "server/httpserver.h"
#include "server/synchub.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStringDecoder>
#include <QWebSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServer, "firebreak.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAlerts, "firebreak.alerts", QtWarningMsg)

namespace Firebreak {

struct Server::Counters
{
    qint64 alertsAccepted = 0;
    qint64 webhooksAccepted = 0;
    qint64 requestsRejected = 0;
    QHash<QString, qint64> rejectedByCode;
};

namespace {

constexpr int s_maxJsonDepth = 64;
constexpr int s_defaultLimit = 100;
constexpr int s_maxLimit = 1000;

// QJsonDocument accepts deep nesting up to its own large limit; refuse absurd depth first,
// without building anything.
bool withinDepth(const QByteArray &body, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : body) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                return false;
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

bool isValidUtf8(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(body);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.size() > 7 && header.left(7).toLower() == "bearer ") {
        return header.mid(7).trimmed();
    }
    return {};
}

int listLimit(const HttpRequest &request, bool *ok)
{
    *ok = true;
    const QString text = request.query.queryItemValue(u"limit"_s);
    if (text.isEmpty()) {
        return s_defaultLimit;
    }
    const int limit = text.toInt(ok);
    *ok = *ok && limit >= 1 && limit <= s_maxLimit;
    return limit;
}

} // namespace

QByteArray secretHash(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex();
}

QString newSecret(const QString &prefix)
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return prefix + QString::fromLatin1(
               bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Server::Server(const ServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_counters(std::make_unique<Counters>())
{
}

Server::~Server()
{
    if (m_writer) {
        m_writer->flush();
        saveAnchor();
    }
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_options.address.toString());
    url.setPort(m_port);
    return url;
}

bool Server::start()
{
    if (!QDir().mkpath(m_options.dataDir)) {
        m_error = u"cannot create the data folder %1"_s.arg(m_options.dataDir);
        return false;
    }
    const QString path = QDir(m_options.dataDir).filePath(u"firebreak.sqlite"_s);
    if (!m_store.open(path, m_options.durability)) {
        m_error = m_store.errorString();
        return false;
    }

    m_writer = std::make_unique<Writer>(m_store, m_projection);
    m_writer->rebuildProjection();
    if (!ensureAdminToken()) {
        return false;
    }

    m_hub = std::make_unique<SyncHub>(m_store, [this](const QJsonObject &command,
                                                      const QString &actor, Answer answer) {
        runCommand(command, actor, std::move(answer));
    });
    connect(m_writer.get(), &Writer::committed, m_hub.get(), &SyncHub::broadcast);
    connect(m_writer.get(), &Writer::committed, this, [this]() {
        // The anchor outside the database lets the verifier detect a truncated log.
        if (m_store.head() - m_anchoredSeq >= 1000 || m_anchoredSeq == 0) {
            saveAnchor();
        }
    });

    m_http = std::make_unique<HttpServer>();
    m_http->setMaxBodyBytes(m_options.maxBodyBytes);
    connect(m_http.get(), &HttpServer::requestRejected, this, [this]() {
        ++m_counters->requestsRejected;
        ++m_counters->rejectedByCode[u"payload_too_large"_s];
    });
    connect(m_http.get(), &QAbstractHttpServer::newWebSocketConnection, this,
            &Server::onWebSocket);
    registerRoutes();

    m_port = m_http->listenOn(m_options.address, m_options.port);
    if (m_port == 0) {
        m_error = u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                      .arg(m_options.port)
                      .arg(m_http->errorString());
        return false;
    }
    return true;
}

void Server::saveAnchor()
{
    if (m_store.head() == 0) {
        return;
    }
    QSaveFile file(QDir(m_options.dataDir).filePath(u"anchor.json"_s));
    if (!file.open(QIODevice::WriteOnly)) {
        return;
    }
    const QJsonObject anchor{{u"storeId"_s, m_store.storeId()},
                             {u"seq"_s, m_store.head()},
                             {u"hash"_s, QString::fromLatin1(m_store.headHash())}};
    file.write(QJsonDocument(anchor).toJson(QJsonDocument::Compact));
    if (file.commit()) {
        m_anchoredSeq = m_store.head();
    }
}

bool Server::ensureAdminToken()
{
    if (m_projection.hasTokens()) {
        if (!m_options.adminToken.isEmpty()
            && !m_projection.tokenByHash(secretHash(m_options.adminToken))) {
            qCWarning(lcServer) << "the administrator token given applies only to an empty"
                                   " store; this store keeps its existing tokens";
        }
        return true;
    }

    QString token = m_options.adminToken;
    if (token.isEmpty()) {
        token = newSecret(u"fbt_"_s);
        m_generatedTokenPath = QDir(m_options.dataDir).filePath(u"admin-token"_s);
        QFile file(m_generatedTokenPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
            || file.write(token.toUtf8() + '\n') < 0) {
            m_error = u"cannot write %1: %2"_s.arg(m_generatedTokenPath, file.errorString());
            return false;
        }
        qCWarning(lcServer).noquote() << "generated the first administrator token into"
                                      << m_generatedTokenPath;
    }

    Event event = makeEvent(u"token.created"_s, u"system"_s, QString(),
                            {{u"id"_s, newUuid()},
                             {u"user"_s, u"admin"_s},
                             {u"role"_s, u"administrator"_s},
                             {u"tokenHash"_s, QString::fromLatin1(secretHash(token))}});
    if (!m_store.begin() || !m_store.append(event) || !m_store.commit()) {
        m_error = m_store.errorString();
        return false;
    }
    m_projection.apply(event);
    return true;
}

void Server::registerRoutes()
{
    auto bindHandler = [this](void (Server::*method)(const HttpRequest &, const HttpResponder &)) {
        return [this, method](const HttpRequest &request, const HttpResponder &responder) {
            (this->*method)(request, responder);
        };
    };
    HttpServer &http = *m_http;
    http.route("GET", u"/healthz"_s, bindHandler(&Server::handleHealth));
    http.route("GET", u"/metrics"_s, bindHandler(&Server::handleMetrics));
    http.route("POST", u"/api/v1/integrations"_s, bindHandler(&Server::handleCreateIntegration));
    http.route("GET", u"/api/v1/integrations"_s, bindHandler(&Server::handleListIntegrations));
    http.route("POST", u"/api/v1/alerts/([^/]+)"_s, bindHandler(&Server::handleAlertWebhook));
    http.route("GET", u"/api/v1/alerts"_s, bindHandler(&Server::handleListAlerts));
    http.route("GET", u"/api/v1/incidents"_s, bindHandler(&Server::handleListIncidents));
    http.route("GET", u"/api/v1/incidents/([^/]+)"_s, bindHandler(&Server::handleGetIncident));
    http.route("GET", u"/api/v1/incidents/([^/]+)/timeline"_s,
               bindHandler(&Server::handleTimeline));
    http.route("POST", u"/api/v1/commands"_s, bindHandler(&Server::handleCommand));
}

const TokenRecord *Server::apiToken(const HttpRequest &request) const
{
    const QByteArray token = bearerToken(request);
    return token.isEmpty() ? nullptr : m_projection.tokenByHash(secretHash(QString::fromUtf8(token)));
}

bool Server::requireToken(const HttpRequest &request, const HttpResponder &responder, bool admin,
                          const TokenRecord **token) const
{
    const TokenRecord *record = apiToken(request);
    if (!record) {
        const bool given = !bearerToken(request).isEmpty();
        qCWarning(lcServer).noquote() << "refused" << request.method << request.path << "from"
                                      << request.remote.toString() << ":"
                                      << (given ? "unknown API token" : "no API token");
        responder.sendError(401, u"unauthorized"_s,
                            given ? u"the API token is not valid"_s
                                  : u"an API token is required (Authorization: Bearer TOKEN)"_s);
        return false;
    }
    if (admin && record->role != u"administrator") {
        responder.sendError(403, u"forbidden"_s, u"this needs an administrator token"_s);
        return false;
    }
    if (token) {
        *token = record;
    }
    return true;
}

bool Server::parseJsonBody(const HttpRequest &request, const HttpResponder &responder,
                           QJsonObject *object) const
{
    QString problem;
    if (request.body.trimmed().isEmpty()) {
        problem = u"the request body is empty; a JSON object is expected"_s;
    } else if (!isValidUtf8(request.body)) {
        problem = u"the body is not valid UTF-8"_s;
    } else if (!withinDepth(request.body, s_maxJsonDepth)) {
        problem = u"the JSON is nested deeper than %1 levels"_s.arg(s_maxJsonDepth);
    } else {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError) {
            problem = u"malformed JSON at offset %1: %2"_s.arg(error.offset)
                          .arg(error.errorString());
        } else if (!document.isObject()) {
            problem = u"the body must be a JSON object"_s;
        } else {
            *object = document.object();
            return true;
        }
    }
    qCWarning(lcServer).noquote() << "bad request" << request.method << request.path << "from"
                                  << request.remote.toString() << ":" << problem;
    responder.sendError(400, u"bad_request"_s, problem);
    return false;
}

void Server::handleHealth(const HttpRequest &, const HttpResponder &responder)
{
    responder.sendJson(200, {{u"status"_s, u"ok"_s},
                             {u"storeId"_s, m_store.storeId()},
                             {u"head"_s, m_store.head()}});
}

void Server::handleMetrics(const HttpRequest &, const HttpResponder &responder)
{
    int open = 0;
    QHash<QString, int> openBySeverity;
    for (const IncidentRecord *incident : m_projection.incidents()) {
        if (incident->isOpen()) {
            ++open;
            ++openBySeverity[severityName(incident->severity)];
        }
    }
    QByteArray text;
    auto metric = [&text](const char *name, const char *type, const char *help) {
        text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    metric("firebreak_log_head", "gauge", "Sequence number of the newest committed event.");
    text += "firebreak_log_head " + QByteArray::number(m_store.head()) + '\n';
    metric("firebreak_alerts_accepted_total", "counter", "Alerts accepted durably by webhooks.");
    text += "firebreak_alerts_accepted_total " + QByteArray::number(m_counters->alertsAccepted)
        + '\n';
    metric("firebreak_webhooks_accepted_total", "counter", "Webhook deliveries accepted.");
    text += "firebreak_webhooks_accepted_total "
        + QByteArray::number(m_counters->webhooksAccepted) + '\n';
    metric("firebreak_requests_rejected_total", "counter", "Requests refused, by error code.");
    for (auto it = m_counters->rejectedByCode.cbegin(); it != m_counters->rejectedByCode.cend();
         ++it) {
        text += "firebreak_requests_rejected_total{code=\"" + it.key().toUtf8() + "\"} "
            + QByteArray::number(it.value()) + '\n';
    }
    metric("firebreak_incidents_open", "gauge", "Open incidents by severity.");
    for (const QString &severity : {u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s}) {
        text += "firebreak_incidents_open{severity=\"" + severity.toUtf8() + "\"} "
            + QByteArray::number(openBySeverity.value(severity)) + '\n';
    }
    metric("firebreak_incidents_total", "counter", "Incidents ever opened.");
    text += "firebreak_incidents_total " + QByteArray::number(m_projection.incidentCount())
        + '\n';
    metric("firebreak_store_commits_total", "counter", "Batches committed by the writer.");
    text += "firebreak_store_commits_total " + QByteArray::number(m_writer->commitCount()) + '\n';
    metric("firebreak_sync_clients", "gauge", "Connected WebSocket sync clients.");
    text += "firebreak_sync_clients " + QByteArray::number(m_hub->clientCount()) + '\n';
    Q_UNUSED(open)
    responder.send(200, text, "text/plain; version=0.0.4");
}

void Server::handleCreateIntegration(const HttpRequest &request, const HttpResponder &responder)
{
    const TokenRecord *token = nullptr;
    QJsonObject body;
    if (!requireToken(request, responder, true, &token) || !parseJsonBody(request, responder, &body)) {
        return;
    }
    const QString source = body.value(u"source"_s).toString();
    const QString name = body.value(u"name"_s).toString().trimmed();
    if (source != u"alertmanager") {
        responder.sendError(400, u"bad_request"_s,
                            u"source must be one of: alertmanager (got \"%1\")"_s.arg(source.left(40)));
        return;
    }
    if (name.isEmpty() || name.size() > 200) {
        responder.sendError(400, u"bad_request"_s, u"name must be 1 to 200 characters"_s);
        return;
    }

    const QString key = newSecret(u"fbk_"_s);
    const QString id = newUuid();
    const QString actor = u"user:"_s + token->user;
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
    if (!requireToken(request, responder, true)) {
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
    if (source != u"alertmanager") {
        responder.sendError(404, u"not_found"_s,
                            u"unknown alert source \"%1\"; supported: alertmanager"_s
                                .arg(source.left(40)));
        return;
    }

    // Credentials: the header wins over ?key=.
    QByteArray key = bearerToken(request);
    if (key.isEmpty()) {
        key = request.query.queryItemValue(u"key"_s, QUrl::FullyDecoded).toUtf8();
    }
    auto refuse = [&](int status, const QString &code, const QString &message) {
        ++m_counters->requestsRejected;
        ++m_counters->rejectedByCode[code];
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
        ++m_counters->requestsRejected;
        ++m_counters->rejectedByCode[u"bad_request"_s];
        return;
    }
    NormalisedPayload payload;
    QString error;
    if (!Alertmanager::normalise(body, &payload, &error)) {
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
    if (!requireToken(request, responder, false)) {
        return;
    }
    bool ok = false;
    const int limit = listLimit(request, &ok);
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

void Server::handleListIncidents(const HttpRequest &request, const HttpResponder &responder)
{
    if (!requireToken(request, responder, false)) {
        return;
    }
    bool ok = false;
    const int limit = listLimit(request, &ok);
    if (!ok) {
        return responder.sendError(400, u"bad_request"_s, u"limit must be 1 to 1000"_s);
    }
    const QUrlQuery &query = request.query;
    const QString statusText = query.queryItemValue(u"status"_s);
    const QString severityText = query.queryItemValue(u"severity"_s);
    const QString service = query.queryItemValue(u"service"_s);
    const QString cursor = query.queryItemValue(u"cursor"_s);
    const QString since = query.queryItemValue(u"since"_s);
    const QString until = query.queryItemValue(u"until"_s);

    IncidentStatus status{};
    const bool openOnly = statusText == u"open";
    if (!statusText.isEmpty() && !openOnly && !statusFromName(statusText, &status)) {
        return responder.sendError(400, u"bad_request"_s, u"unknown status: "_s + statusText);
    }
    const Severity severity = severityFromName(severityText);
    if (!severityText.isEmpty() && severity == Severity::Unknown) {
        return responder.sendError(400, u"bad_request"_s, u"severity must be P1 to P4"_s);
    }
    const qint64 sinceMs = since.isEmpty() ? 0 : msFromIso(since);
    const qint64 untilMs = until.isEmpty() ? 0 : msFromIso(until);
    if (sinceMs < 0 || untilMs < 0) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"since and until must be ISO 8601 times"_s);
    }
    const int cursorNumber = cursor.isEmpty() ? 0 : cursor.mid(4).toInt();

    QJsonArray list;
    QString next;
    for (const IncidentRecord *incident : m_projection.incidents()) {
        if (cursorNumber > 0 && incident->number >= cursorNumber) {
            continue;
        }
        if ((openOnly && !incident->isOpen())
            || (!statusText.isEmpty() && !openOnly && incident->status != status)
            || (severity != Severity::Unknown && incident->severity != severity)
            || (!service.isEmpty() && incident->service != service)
            || (sinceMs > 0 && incident->createdAt < sinceMs)
            || (untilMs > 0 && incident->createdAt >= untilMs)) {
            continue;
        }
        if (list.size() == limit) {
            next = list.last().toObject().value(u"number"_s).toString();
            break;
        }
        list.append(incident->toJson());
    }
    responder.sendJson(200, {{u"incidents"_s, list},
                             {u"next"_s, next.isEmpty() ? QJsonValue() : QJsonValue(next)}});
}

void Server::handleGetIncident(const HttpRequest &request, const HttpResponder &responder)
{
    if (!requireToken(request, responder, false)) {
        return;
    }
    const IncidentRecord *incident = m_projection.incident(request.captures.value(0));
    if (!incident) {
        return responder.sendError(404, u"not_found"_s,
                                   u"no incident "_s + request.captures.value(0).left(64));
    }
    responder.sendJson(200, incident->toJson());
}

void Server::handleTimeline(const HttpRequest &request, const HttpResponder &responder)
{
    if (!requireToken(request, responder, false)) {
        return;
    }
    const IncidentRecord *incident = m_projection.incident(request.captures.value(0));
    if (!incident) {
        return responder.sendError(404, u"not_found"_s,
                                   u"no incident "_s + request.captures.value(0).left(64));
    }
    bool ok = false;
    const int limit = listLimit(request, &ok);
    const QString cursorText = request.query.queryItemValue(u"cursor"_s);
    const qint64 cursor = cursorText.isEmpty() ? 0 : cursorText.toLongLong(&ok);
    if (!ok || cursor < 0) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"limit must be 1 to 1000 and cursor a sequence number"_s);
    }

    EventList events = m_store.readIncident(incident->id, cursor, limit + 1);
    const bool more = events.size() > limit;
    if (more) {
        events.removeLast();
    }
    QByteArray body = "{\"incident\":\"" + incident->id.toUtf8() + "\",\"events\":[";
    for (qsizetype i = 0; i < events.size(); ++i) {
        body += (i > 0 ? "," : "") + Sync::eventToWire(events.at(i));
    }
    body += "],\"next\":";
    body += more ? '"' + QByteArray::number(events.last().seq) + '"' : QByteArray("null");
    body += '}';
    responder.send(200, body);
}

void Server::handleCommand(const HttpRequest &request, const HttpResponder &responder)
{
    const TokenRecord *token = nullptr;
    QJsonObject body;
    if (!requireToken(request, responder, false, &token)
        || !parseJsonBody(request, responder, &body)) {
        return;
    }
    runCommand(body, u"user:"_s + token->user, [responder](const QJsonObject &answer) {
        if (answer.value(u"ok"_s).toBool()) {
            responder.sendJson(200, answer);
            return;
        }
        const QJsonObject error = answer.value(u"error"_s).toObject();
        responder.sendJson(answer.value(u"status"_s).toInt(400),
                           QJsonObject{{u"error"_s, error}});
    });
}

void Server::runCommand(const QJsonObject &command, const QString &actor, Answer answer)
{
    auto refuse = [&answer](int status, const QString &code, const QString &message) {
        answer({{u"ok"_s, false},
                {u"status"_s, status},
                {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}});
    };
    const QString type = command.value(u"type"_s).toString();
    if (type != u"incident.acknowledge" && type != u"incident.resolve") {
        return refuse(400, u"bad_request"_s,
                      u"unknown command type \"%1\"; known: incident.acknowledge,"
                      " incident.resolve"_s.arg(type.left(64)));
    }
    const QString reference = command.value(u"incident"_s).toString();
    if (!m_projection.incident(reference)) {
        return refuse(404, u"not_found"_s, u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    const QString note = command.value(u"note"_s).toString().left(10000);

    // Validated again inside the batch: state may change between submission and commit.
    m_writer->submit(
        [type, reference, actor, note](Writer::Context &context) {
            const IncidentRecord *incident = context.projection().incident(reference);
            if (!incident) {
                return JobOutcome::refused(404, u"not_found"_s, u"no such incident"_s);
            }
            const bool acknowledge = type == u"incident.acknowledge";
            if (acknowledge && incident->status != IncidentStatus::Triggered) {
                return JobOutcome::refused(409, u"conflict"_s,
                                           u"%1 is %2; only a triggered incident can be"
                                           " acknowledged"_s.arg(incident->numberText(),
                                                                 statusName(incident->status)));
            }
            if (!acknowledge && !incident->isOpen()) {
                return JobOutcome::refused(409, u"conflict"_s, u"%1 is already %2"_s.arg(
                    incident->numberText(), statusName(incident->status)));
            }
            QJsonObject data;
            if (!note.isEmpty()) {
                data.insert(u"note"_s, note);
            }
            Event event = makeEvent(acknowledge ? u"incident.acknowledged"_s
                                                : u"incident.resolved"_s,
                                    actor, incident->id, data);
            context.emitEvent(event);
            return JobOutcome();
        },
        [answer](const JobOutcome &outcome) {
            if (!outcome.ok) {
                answer({{u"ok"_s, false},
                        {u"status"_s, outcome.status},
                        {u"error"_s, QJsonObject{{u"code"_s, outcome.code},
                                                 {u"message"_s, outcome.message}}}});
                return;
            }
            QJsonArray events;
            for (const Event &event : outcome.events) {
                events.append(QJsonDocument::fromJson(Sync::eventToWire(event)).object());
            }
            answer({{u"ok"_s, true}, {u"events"_s, events}});
        });
}

void Server::onWebSocket()
{
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        const QUrl url = socket->requestUrl();
        if (url.path() != u"/api/v1/sync") {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"not_found"_s);
            socket.release()->deleteLater();
            continue;
        }
        QByteArray token = socket->request().rawHeader("Authorization").trimmed();
        token = token.left(7).toLower() == "bearer " ? token.mid(7).trimmed() : QByteArray();
        if (token.isEmpty()) {
            token = QUrlQuery(url).queryItemValue(u"token"_s, QUrl::FullyDecoded).toUtf8();
        }
        const TokenRecord *record = m_projection.tokenByHash(secretHash(QString::fromUtf8(token)));
        if (token.isEmpty() || !record) {
            qCWarning(lcServer).noquote() << "refused sync connection from"
                                          << socket->peerAddress().toString()
                                          << ": missing or unknown API token";
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"unauthorized"_s);
            socket.release()->deleteLater();
            continue;
        }
        m_hub->addClient(std::move(socket), u"user:"_s + record->user);
    }
}

} // namespace Firebreak
