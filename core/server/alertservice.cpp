// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertservice.h"

#include "alerts/alertcommands.h"
#include "alerts/ingestor.h"
#include "alerts/pagerduty.h"
#include "alerts/signatures.h"
#include "alerts/snsconfirmer.h"
#include "alerts/sources.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server.h"
#include "server/server_p.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThread>
#include <QUrlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_recentDeliveries = 100000;

// SNS cannot send a bearer token; it can send HTTP basic credentials from the endpoint URL.
QByteArray integrationKey(const HttpRequest &request)
{
    QByteArray key = Http::bearerToken(request);
    const QByteArray header = request.header("Authorization").trimmed();
    if (key.isEmpty() && header.left(6).toLower() == "basic ") {
        const QByteArray pair = QByteArray::fromBase64(header.mid(6).trimmed());
        key = pair.mid(pair.indexOf(':') + 1);
    }
    if (key.isEmpty()) {
        key = request.query.queryItemValue(u"key"_s, QUrl::FullyDecoded).toUtf8();
    }
    return key;
}

// Datadog's "Encode as form" sends the same fields form-urlencoded.
QJsonObject formFields(const QByteArray &body)
{
    QJsonObject fields;
    const QUrlQuery query(QString::fromUtf8(body).replace(u'+', u' '));
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        fields.insert(name, value);
    }
    return fields;
}

QJsonObject pagerDutyError(const QStringList &errors)
{
    return {{u"status"_s, u"invalid event"_s},
            {u"message"_s, u"Event object is invalid"_s},
            {u"errors"_s, QJsonArray::fromStringList(errors)}};
}

QJsonObject answerFor(const JobOutcome &outcome)
{
    if (!outcome.ok) {
        return {{u"ok"_s, false},
                {u"status"_s, outcome.status},
                {u"error"_s, QJsonObject{{u"code"_s, outcome.code},
                                         {u"message"_s, outcome.message}}}};
    }
    QJsonArray events;
    for (const Event &event : outcome.events) {
        events.append(QJsonDocument::fromJson(Sync::eventToWire(event)).object());
    }
    QJsonObject accepted{{u"ok"_s, true}, {u"events"_s, events}};
    if (outcome.duplicate) {
        accepted.insert(u"duplicate"_s, true);
    }
    return accepted;
}

} // namespace

/// One webhook between its trust checks (server thread) and its ingestion (server thread),
/// parsed in between on a parser thread. `parsed` is set last by the parser thread.
struct AlertService::Parsing
{
    HttpRequest request;
    HttpResponder responder;
    IntegrationRecord integration;
    QString source;
    AlertDelivery delivery;
    NormalisedPayload payload;
    QString problem;
    bool ok = false;
    /// A PagerDuty Events API v2 event (`/v2/enqueue`): its key is in the body, so the
    /// credential check follows the parse. `errors` are the event's, in the API's form.
    bool enqueue = false;
    QByteArray keyHash;
    QStringList errors;
    std::atomic<bool> parsed{false};
};

AlertService::AlertService(Server &server)
    : m_server(server)
    , m_clock(&QDateTime::currentMSecsSinceEpoch)
    , m_sns(std::make_unique<SnsConfirmer>(server.m_options.snsConfirmationUrls))
{
    m_parsers.setMaxThreadCount(qMax(2, QThread::idealThreadCount()));
}

AlertService::~AlertService()
{
    m_parsers.waitForDone();
}

bool AlertService::start(QString *error)
{
    return m_secrets.open(QDir(m_server.m_options.dataDir).filePath(u"alert-secrets.key"_s),
                          error);
}

bool AlertService::handlesCommand(const QString &type)
{
    return AlertCommands::handles(type);
}

bool AlertService::sealConfig(const QString &source, QJsonObject *config, QString *error) const
{
    if (!AlertSources::validateConfig(source, *config, error)) {
        return false;
    }
    const QJsonObject signing = config->value(u"signing"_s).toObject();
    if (signing.contains(u"secrets"_s)) {
        const QJsonArray secrets = signing.value(u"secrets"_s).toArray();
        config->insert(u"signing"_s,
                       QJsonObject{{u"sealed"_s, m_secrets.seal(QJsonDocument(secrets).toJson(
                                                     QJsonDocument::Compact))},
                                   {u"count"_s, secrets.size()},
                                   {u"toleranceSeconds"_s,
                                    signing.value(u"toleranceSeconds"_s).toInt(300)}});
    }
    return true;
}

bool AlertService::authorise(const HttpRequest &request, const HttpResponder &responder,
                             bool manage, QString *actor) const
{
    Principal principal;
    if (!m_server.authorise(request, responder,
                            manage ? Security::Permission::ManageIntegrations
                                   : Security::Permission::ReadAlerts,
                            &principal)) {
        return false;
    }
    if (actor) {
        *actor = principal.actor();
    }
    return true;
}

void AlertService::refuse(const HttpRequest &request, const HttpResponder &responder,
                          const QString &source, int status, const QString &code,
                          const QString &message,
                          const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_server.m_counters->reject(code);
    qCWarning(lcAlerts).noquote() << "refused" << printableText(source) << "delivery from"
                                  << request.remote.toString() << ":" << printableText(message);
    const QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    responder.send(status, QJsonDocument(QJsonObject{{u"error"_s, error}})
                               .toJson(QJsonDocument::Compact),
                   "application/json", headers);
}

bool AlertService::checkRateLimit(const IntegrationRecord &integration, const QJsonObject &config,
                                  int *retryAfter)
{
    const QJsonObject limit = config.value(u"rateLimit"_s).toObject();
    return m_limiter.take(integration.id,
                          {limit.value(u"requests"_s).toDouble(0),
                           limit.value(u"perSeconds"_s).toDouble(60)},
                          m_clock(), retryAfter);
}

bool AlertService::checkSignature(const QString &source, const AlertDelivery &delivery,
                                  QString *reason) const
{
    const QJsonObject signing = delivery.config.value(u"signing"_s).toObject();
    if (signing.isEmpty()) {
        return true;
    }
    QByteArray plain;
    if (!m_secrets.unseal(signing.value(u"sealed"_s).toString(), &plain)) {
        *reason = u"the integration's signing secrets cannot be read on this server"_s;
        return false;
    }
    QList<QByteArray> secrets;
    for (const QJsonValue &secret : QJsonDocument::fromJson(plain).array()) {
        secrets.append(secret.toString().toUtf8());
    }
    return Signatures::verify(AlertSources::signatureScheme(source), delivery, secrets, m_clock(),
                              signing.value(u"toleranceSeconds"_s).toInt(300), reason);
}

bool AlertService::parseDelivery(const HttpRequest &request, AlertDelivery *delivery,
                                 QString *error) const
{
    delivery->body = request.body;
    delivery->headers = request.headers;
    if (request.body.trimmed().isEmpty()) {
        *error = u"the request body is empty; a JSON object is expected"_s;
        return false;
    }
    if (!Http::isValidUtf8(request.body)) {
        *error = u"the body is not valid UTF-8"_s;
        return false;
    }
    if (request.header("Content-Type").toLower().startsWith("application/x-www-form-urlencoded")) {
        delivery->json = formFields(request.body);
        return true;
    }
    const Http::JsonTextScan scan = Http::scanJsonText(request.body, Http::MaxJsonDepth);
    if (!scan.withinDepth) {
        *error = u"the JSON is nested deeper than %1 levels"_s.arg(Http::MaxJsonDepth);
        return false;
    }
    if (const qsizetype at = scan.loneSurrogateAt; at >= 0) {
        *error = u"the JSON escapes half of a UTF-16 surrogate pair at offset %1, which is no"
                 " Unicode character"_s.arg(at);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = document.isNull()
            ? u"malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                  .arg(parseError.errorString())
            : u"the body must be a JSON object"_s;
        return false;
    }
    delivery->json = document.object();
    return true;
}

void AlertService::handleWebhook(const HttpRequest &request, const HttpResponder &responder)
{
    const QString source = request.captures.value(0);
    if (!AlertSources::normaliser(source)) {
        responder.sendError(404, u"not_found"_s,
                            u"unknown alert source \"%1\"; supported: %2"_s.arg(
                                source.left(40), AlertSources::supported().join(u", "_s)));
        return;
    }

    // Credentials: the bearer header wins over basic credentials, which win over ?key=.
    const QByteArray key = integrationKey(request);
    if (key.isEmpty()) {
        return refuse(request, responder, source, 401, u"unauthorized"_s,
                      u"an integration key is required (Authorization: Bearer KEY or ?key=KEY)"_s);
    }
    const QByteArray keyHash = secretHash(QString::fromUtf8(key));
    const Projection &projection = m_server.m_projection;
    const IntegrationRecord *found = projection.integrationByKeyHash(keyHash);
    if (!found) {
        if (projection.tokenByHash(keyHash)) {
            return refuse(request, responder, source, 403, u"forbidden"_s,
                          u"an API token is not an integration key"_s);
        }
        return refuse(request, responder, source, 401, u"unauthorized"_s,
                      u"the integration key is not valid"_s);
    }
    if (found->source != source) {
        return refuse(request, responder, source, 403, u"forbidden"_s,
                      u"this key belongs to a %1 integration, not %2"_s.arg(found->source, source));
    }
    const IntegrationRecord integration = *found;
    const IntegrationSettings *settings = projection.alertState().integration(integration.id);
    AlertDelivery delivery;
    delivery.config = settings ? settings->config : QJsonObject();

    int retryAfter = 0;
    if (!checkRateLimit(integration, delivery.config, &retryAfter)) {
        return refuse(request, responder, source, 429, u"rate_limited"_s,
                      u"integration %1 is over its rate limit; retry in %2 s"_s.arg(
                          integration.name).arg(retryAfter),
                      {{"Retry-After", QByteArray::number(retryAfter)}});
    }
    QString problem;
    delivery.body = request.body;
    delivery.headers = request.headers;
    if (!checkSignature(source, delivery, &problem)) {
        return refuse(request, responder, source, 401, u"unauthorized"_s, problem);
    }

    // Content is checked and normalised on a parser thread; the server's thread meanwhile
    // reads further requests and runs the writer's batches.
    auto parsing = std::make_shared<Parsing>();
    parsing->request = request;
    parsing->responder = responder;
    parsing->integration = integration;
    parsing->source = source;
    parsing->delivery = std::move(delivery);
    m_parsing.push_back(parsing);
    queueParsing(parsing);
}

// A parser thread is started only when fewer than the pool's threads are at work; a thread at
// work takes further webhooks from the queue until it is empty. Starting (waking) a thread for
// every webhook cost a system call and a context switch per request.
void AlertService::queueParsing(const std::shared_ptr<Parsing> &parsing)
{
    bool startThread = false;
    {
        std::lock_guard lock(m_toParseMutex);
        m_toParse.push_back(parsing);
        if (m_parsersAtWork < m_parsers.maxThreadCount()) {
            ++m_parsersAtWork;
            startThread = true;
        }
    }
    if (startThread) {
        m_parsers.start([this]() { parseQueued(); });
    }
}

// Runs on a parser thread until the queue is empty.
void AlertService::parseQueued()
{
    for (;;) {
        std::shared_ptr<Parsing> parsing;
        {
            std::lock_guard lock(m_toParseMutex);
            if (m_toParse.empty()) {
                --m_parsersAtWork;
                return;
            }
            parsing = std::move(m_toParse.front());
            m_toParse.pop_front();
        }
        parse(*parsing);
        parsing->parsed.store(true, std::memory_order_release);
        // One call of takeParsed() waiting in the server's event queue serves them all.
        if (!m_takeParsedQueued.exchange(true, std::memory_order_acq_rel)) {
            QMetaObject::invokeMethod(this, &AlertService::takeParsed, Qt::QueuedConnection);
        }
    }
}

// Touches nothing of the service but its const, thread-safe parts.
void AlertService::parse(Parsing &parsing) const
{
    if (parsing.enqueue) {
        return parseEnqueue(parsing);
    }
    parsing.ok = parseDelivery(parsing.request, &parsing.delivery, &parsing.problem)
        && AlertSources::normalise(parsing.source, parsing.delivery, &parsing.payload,
                                   &parsing.problem);
    if (!parsing.ok) {
        return;
    }
    for (NormalisedAlert &alert : parsing.payload.alerts) {
        alert.serialiseAhead();
    }
}

void AlertService::takeParsed()
{
    m_takeParsedQueued.exchange(false, std::memory_order_acq_rel);
    while (!m_parsing.empty() && m_parsing.front()->parsed.load(std::memory_order_acquire)) {
        const std::shared_ptr<Parsing> parsing = std::move(m_parsing.front());
        m_parsing.pop_front();
        finishWebhook(*parsing);
    }
}

void AlertService::parseEnqueue(Parsing &parsing) const
{
    const QByteArray &body = parsing.request.body;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (!Http::withinDepth(body, Http::MaxJsonDepth) || !document.isObject()) {
        parsing.problem = u"the body must be a JSON object (%1)"_s.arg(parseError.errorString());
        return;
    }
    if (const qsizetype at = Http::loneSurrogateEscape(body); at >= 0) {
        parsing.problem = u"the JSON escapes half of a UTF-16 surrogate pair at offset %1, which"
                          " is no Unicode character"_s.arg(at);
        return;
    }
    const QJsonObject root = document.object();
    const QString routingKey = root.value(u"routing_key"_s).toString();
    if (routingKey.isEmpty()) {
        parsing.problem = u"'routing_key' is missing or blank"_s;
        return;
    }
    parsing.keyHash = secretHash(routingKey);
    // The event's own errors are answered only after the key and the rate limit passed.
    parsing.ok = PagerDuty::normaliseEvent(root, &parsing.payload, &parsing.errors);
    if (parsing.ok) {
        for (NormalisedAlert &alert : parsing.payload.alerts) {
            alert.serialiseAhead();
        }
    }
}

void AlertService::finishWebhook(Parsing &parsing)
{
    if (parsing.enqueue) {
        return finishEnqueue(parsing);
    }
    const HttpResponder &responder = parsing.responder;
    const NormalisedPayload &payload = parsing.payload;
    if (!parsing.ok) {
        return refuse(parsing.request, responder, parsing.source, 400, u"bad_request"_s,
                      parsing.problem);
    }
    if (payload.subscribeUrl.isValid()) {
        return confirmSubscription(parsing.integration, payload, responder);
    }
    if (payload.alerts.isEmpty()) {
        ++m_server.m_counters->webhooksAccepted;
        responder.sendJson(202, {{u"accepted"_s, 0}, {u"ignored"_s, payload.ignored}});
        return;
    }
    const int count = int(payload.alerts.size());
    ingest(parsing.integration, payload, [this, responder, count](const JobOutcome &outcome,
                                                                  bool duplicate) {
        if (!outcome.ok) {
            responder.sendError(outcome.status, outcome.code, outcome.message);
            return;
        }
        m_server.m_counters->alertsAccepted += count;
        ++m_server.m_counters->webhooksAccepted;
        // {"accepted": N[, "duplicate": true]}, written directly: one per request.
        responder.send(202, "{\"accepted\":" + QByteArray::number(count)
                                + (duplicate ? ",\"duplicate\":true}" : "}"));
    });
}

void AlertService::handleEnqueue(const HttpRequest &request, const HttpResponder &responder)
{
    // The body (JSON, routing key, event) is read on a parser thread; finishEnqueue() checks
    // the key and the rate limit, in the order of arrival like every webhook.
    auto parsing = std::make_shared<Parsing>();
    parsing->request = request;
    parsing->responder = responder;
    parsing->source = u"pagerduty"_s;
    parsing->enqueue = true;
    m_parsing.push_back(parsing);
    queueParsing(parsing);
}

void AlertService::finishEnqueue(Parsing &parsing)
{
    const HttpRequest &request = parsing.request;
    const HttpResponder &responder = parsing.responder;
    auto invalid = [&](const QStringList &errors) {
        m_server.m_counters->reject(u"bad_request"_s);
        qCWarning(lcAlerts).noquote() << "refused Events API v2 event from"
                                      << request.remote.toString() << ":" << errors.join(u"; "_s);
        responder.sendJson(400, pagerDutyError(errors));
    };
    if (!parsing.problem.isEmpty()) {
        return invalid({parsing.problem});
    }
    const IntegrationRecord *found = m_server.m_projection.integrationByKeyHash(parsing.keyHash);
    if (!found || found->source != u"pagerduty") {
        return invalid({u"'routing_key' is not the key of a pagerduty integration"_s});
    }
    const IntegrationRecord integration = *found;
    const IntegrationSettings *settings
        = m_server.m_projection.alertState().integration(integration.id);
    int retryAfter = 0;
    if (!checkRateLimit(integration, settings ? settings->config : QJsonObject(), &retryAfter)) {
        m_server.m_counters->reject(u"rate_limited"_s);
        responder.send(429, QJsonDocument(QJsonObject{
                                              {u"status"_s, u"throttle event"_s},
                                              {u"message"_s, u"Requests for this service are"
                                                             " arriving too quickly. Please"
                                                             " retry later."_s}})
                                .toJson(QJsonDocument::Compact),
                       "application/json", {{"Retry-After", QByteArray::number(retryAfter)}});
        return;
    }
    if (!parsing.ok) {
        return invalid(parsing.errors);
    }
    const NormalisedPayload &payload = parsing.payload;
    const QString dedupKey = payload.alerts.first().dedupKey;
    ingest(integration, payload, [this, responder, dedupKey](const JobOutcome &outcome, bool) {
        if (!outcome.ok) {
            responder.sendJson(outcome.status, {{u"status"_s, u"error"_s},
                                                {u"message"_s, outcome.message}});
            return;
        }
        ++m_server.m_counters->alertsAccepted;
        ++m_server.m_counters->webhooksAccepted;
        responder.sendJson(202, {{u"status"_s, u"success"_s},
                                 {u"message"_s, u"Event processed"_s},
                                 {u"dedup_key"_s, dedupKey}});
    });
}

void AlertService::confirmSubscription(const IntegrationRecord &integration,
                                       const NormalisedPayload &payload,
                                       const HttpResponder &responder)
{
    QString reason;
    if (!m_sns->isAllowed(payload.subscribeUrl, payload.topic, &reason)) {
        m_server.m_counters->reject(u"bad_request"_s);
        qCWarning(lcAlerts).noquote() << "not confirming SNS subscription of integration"
                                      << integration.name << ":" << reason;
        responder.sendError(400, u"bad_request"_s, reason);
        return;
    }
    const QString actor = u"integration:"_s + integration.name;
    const QString id = integration.id;
    const QString topic = payload.topic;
    m_sns->confirm(payload.subscribeUrl, [this, responder, actor, id, topic,
                                          name = integration.name](bool ok,
                                                                   const QString &message) {
        if (!ok) {
            qCWarning(lcAlerts).noquote() << "SNS subscription of integration" << name
                                          << "not confirmed:" << message;
            responder.sendError(503, u"unavailable"_s, message);
            return;
        }
        m_server.m_writer->submit(
            [actor, id, topic](Writer::Context &context) {
                Event event = makeEvent(u"integration.subscribed"_s, actor, QString(),
                                        {{u"id"_s, id}, {u"topic"_s, topic}});
                context.emitEvent(event);
                return JobOutcome();
            },
            [responder, topic](const JobOutcome &outcome) {
                if (!outcome.ok) {
                    responder.sendError(outcome.status, outcome.code, outcome.message);
                    return;
                }
                responder.sendJson(200, {{u"confirmed"_s, true}, {u"topic"_s, topic}});
            });
    });
}

void AlertService::ingest(const IntegrationRecord &integration, const NormalisedPayload &payload,
                          Accepted done)
{
    auto duplicate = std::make_shared<bool>(false);
    auto events = std::make_shared<int>(0);
    m_server.m_writer->submit(
        [this, integration, payload, duplicate, events](Writer::Context &context) {
            AlertIngestor ingestor(
                context.projection(), [&context](Event &event) { return context.emitEvent(event); },
                m_clock);
            ingestor.setDeliveryCheck([this](const QString &integrationId, const QString &id) {
                return recentlySeen(integrationId, id);
            });
            ingestor.setReceivedEmitter(
                [&context](Event &event, AlertRecord &&record, const QString &delivery) {
                    return context.emitReceivedAlert(event, std::move(record), delivery);
                });
            ingestor.ingest(integration, payload);
            *duplicate = ingestor.wasDuplicate();
            *events = ingestor.eventCount();
            return JobOutcome();
        },
        [this, id = integration.id, delivery = payload.deliveryId, duplicate, events,
         done = std::move(done)](const JobOutcome &outcome) {
            if (outcome.ok && !delivery.isEmpty() && *events == 0) {
                remember(id, delivery);
            }
            done(outcome, *duplicate);
        });
}

bool AlertService::recentlySeen(const QString &integration, const QString &delivery) const
{
    return m_recent.contains(groupIndex(integration, delivery));
}

void AlertService::remember(const QString &integration, const QString &delivery)
{
    const QString key = groupIndex(integration, delivery);
    if (m_recent.contains(key)) {
        return;
    }
    m_recent.insert(key);
    m_recentOrder.enqueue(key);
    if (m_recentOrder.size() > s_recentDeliveries) {
        m_recent.remove(m_recentOrder.dequeue());
    }
}

void AlertService::runCommand(const QJsonObject &command, const QString &actor,
                              const QString &origin, Answer answer, const QString &commandId)
{
    m_server.m_writer->submitCommand(
        commandId, actor,
        [this, command, actor, origin](Writer::Context &context) {
            const AlertCommands commands(context.projection(), actor, m_clock(),
                                         [this](const QString &source, QJsonObject *config,
                                                QString *error) {
                                             return sealConfig(source, config, error);
                                         });
            AlertCommandResult result = commands.decide(command);
            if (!result.ok) {
                return JobOutcome::refused(result.status, result.code, result.message);
            }
            for (Event &event : result.events) {
                // The audit trail records where each command came from (docs/security.md).
                if (!origin.isEmpty()) {
                    QJsonObject data = event.data();
                    data.insert(u"origin"_s, origin);
                    event.setData(data);
                }
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [answer = std::move(answer)](const JobOutcome &outcome) { answer(answerFor(outcome)); });
}

} // namespace Firebreak
