// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertservice.h"

#include "alerts/alertcommands.h"
#include "alerts/ingestor.h"
#include "alerts/pagerduty.h"
#include "alerts/signatures.h"
#include "alerts/snsconfirmer.h"
#include "alerts/sources.h"
#include "events/jsontext.h"
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
#include <QUrlQuery>

#include <algorithm>

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

// A name or value of a form body, decoded as the URL standard's form parser decodes it: '+' is
// a space, '%' and two hex digits a byte, any other '%' itself ("50%off" stays; Qt's decoder
// took any two characters after it). False when the bytes are no UTF-8 text, which a JSON body
// is refused for too (not read with U+FFFD in their place).
bool formText(QByteArrayView encoded, QString *text)
{
    const auto hex = [](char c) {
        return c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'  ? c - 'a' + 10
            : c >= 'A' && c <= 'F'  ? c - 'A' + 10
                                    : -1;
    };
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '%' && i + 2 < encoded.size() && hex(encoded[i + 1]) >= 0
            && hex(encoded[i + 2]) >= 0) {
            bytes += char(hex(encoded[i + 1]) * 16 + hex(encoded[i + 2]));
            i += 2;
        } else {
            bytes += c == '+' ? ' ' : c;
        }
    }
    *text = QString::fromUtf8(bytes);
    return Http::isValidUtf8(bytes);
}

// Datadog's "Encode as form" sends the same fields form-urlencoded.
bool formFields(const QByteArray &body, QJsonObject *fields, QString *error)
{
    for (const QByteArray &item : body.split('&')) {
        if (item.isEmpty()) {
            continue;
        }
        const qsizetype equals = item.indexOf('=');
        const QByteArray name = equals < 0 ? item : item.first(equals);
        QString decodedName;
        QString value;
        if (!formText(name, &decodedName)
            || (equals >= 0 && !formText(item.sliced(equals + 1), &value))) {
            *error = u"form field \"%1\" is not valid UTF-8 once its percent escapes are"
                     " decoded"_s.arg(QString::fromUtf8(name.left(40)));
            return false;
        }
        fields->insert(decodedName, value);
    }
    return true;
}

QJsonObject pagerDutyError(const QStringList &errors)
{
    return {{u"status"_s, u"invalid event"_s},
            {u"message"_s, u"Event object is invalid"_s},
            {u"errors"_s, QJsonArray::fromStringList(errors)}};
}

// The key was checked on an I/O thread against the key set of the last commit; a rotation
// committed since refuses it in the writer's batch, where this runs.
bool keyStillValid(const Projection &projection, const IntegrationRecord &integration)
{
    const IntegrationRecord *current = projection.integrationByKeyHash(integration.keyHash);
    return current && current->id == integration.id;
}

// What a refusal's log line names: the integration whose key came, never the key itself.
QString integrationName(const IntegrationRecord *integration)
{
    if (!integration) {
        return u"no known integration"_s;
    }
    return u"integration %1 \"%2\""_s.arg(printableText(integration->id),
                                           printableText(integration->name));
}

QString deliveryName(const QString &source, const IntegrationRecord *integration)
{
    return printableText(source) + u" delivery for "_s + integrationName(integration);
}

QString enqueueName(const IntegrationRecord *integration)
{
    return u"pagerduty Events API v2 event for "_s + integrationName(integration);
}

const QString &keyReplacedMessage()
{
    static const QString message = u"the integration key is not valid"_s;
    return message;
}

const QString &unknownRoutingKey()
{
    static const QString message = u"'routing_key' is not the key of a pagerduty integration"_s;
    return message;
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

/// What the webhook checks read of the projection: built on the server's thread after each
/// commit that changes integrations or tokens, then only read, by any thread.
struct AlertService::Gate
{
    struct Integration
    {
        IntegrationRecord record;
        /// Its settings, signing secrets sealed.
        QJsonObject config;
    };
    QHash<QByteArray, Integration> integrationsByKeyHash;
    /// Every API token and session, for the 403 that says a token is no integration key.
    QSet<QByteArray> tokenHashes;
};

/// A webhook that passed every check on its I/O thread, normalised, for the server's thread.
struct AlertService::Webhook
{
    HttpResponder responder;
    IntegrationRecord integration;
    NormalisedPayload payload;
    /// A PagerDuty Events API v2 event (`/v2/enqueue`), answered in PagerDuty's form.
    bool enqueue = false;
};

AlertService::AlertService(Server &server)
    : m_server(server)
    , m_clock(&QDateTime::currentMSecsSinceEpoch)
    , m_sns(std::make_unique<SnsConfirmer>(server.m_options.snsConfirmationUrls))
    , m_gate(std::make_shared<const Gate>())
{
}

AlertService::~AlertService() = default;

bool AlertService::start(QString *error)
{
    // Connected before the sync hub's fan-out, so a new key works before anyone hears of it.
    connect(m_server.m_writer.get(), &Writer::committed, this, &AlertService::publishIfStale);
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

void AlertService::logRefusal(const QString &kind, const QString &what,
                              const QHostAddress &remote, const QString &message)
{
    QString note;
    if (!m_refusalLog.admitNow(kind, &note)) {
        return;
    }
    const QString from = remote.isNull() ? QString() : u" from "_s + remote.toString();
    qCWarning(lcAlerts).noquote() << "refused" << what + from << ":"
                                  << printableText(message) + note;
}

void AlertService::refuse(const HttpRequest &request, const HttpResponder &responder,
                          const QString &source, const IntegrationRecord *integration,
                          int status, const QString &code, const QString &message,
                          const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_server.m_counters->reject(code);
    logRefusal(source + u'/' + code, deliveryName(source, integration), request.remote,
               message);
    responder.sendError(status, code, message, headers);
}

// A refusal decided in the writer's batch (the key was replaced while the request was on its
// way) is counted and logged like the I/O threads' refusals (refuse()).
void AlertService::noteBatchRefusal(const QString &code, const QString &what,
                                    const QString &message)
{
    m_server.m_counters->reject(code);
    logRefusal(u"batch/"_s + code, what, QHostAddress(), message);
}

// Refused before its body was read (too large, say): counted by the HTTP server, logged here
// like the refusals above, naming the integration whose key the head carries.
bool AlertService::logHeadRefusal(const HttpRequest &head, const HttpRefusal &refusal)
{
    if (head.path == u"/v2/enqueue") {
        // Its routing key is in the body, which is not read.
        logRefusal(u"enqueue/"_s + refusal.code, enqueueName(nullptr), head.remote,
                   refusal.message);
        return true;
    }
    // /api/v1/alerts/SOURCE
    const QString source = QUrl::fromPercentEncoding(head.path.section(u'/', 4).toUtf8());
    if (source.contains(u'/') || !AlertSources::normaliser(source)) {
        return false;
    }
    const std::shared_ptr<const Gate> gate = this->gate();
    const QByteArray key = integrationKey(head);
    const auto found = gate->integrationsByKeyHash.constFind(
        secretHash(QString::fromUtf8(key)));
    const IntegrationRecord *integration =
        !key.isEmpty() && found != gate->integrationsByKeyHash.cend() ? &found->record : nullptr;
    logRefusal(source + u'/' + refusal.code, deliveryName(source, integration), head.remote,
               refusal.message);
    return true;
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

// A form's fields, unless the text is JSON: `curl -d` labels what it sends a form, and a
// webhook tried by hand that way was read as one field and refused for its missing version.
bool AlertService::isFormBody(const HttpRequest &request)
{
    return request.header("Content-Type").toLower().startsWith("application/x-www-form-urlencoded")
        && !Http::opensJsonContainer(request.body);
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
    if (isFormBody(request)) {
        return formFields(request.body, &delivery->json, error);
    }
    *error = Http::scanJsonText(request.body, Http::MaxJsonDepth).problem(Http::MaxJsonDepth);
    if (!error->isEmpty()) {
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = document.isNull() && Http::opensJsonContainer(request.body)
            ? u"malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                  .arg(parseError.errorString())
            : u"the body must be a JSON object"_s;
        return false;
    }
    delivery->json = document.object();
    return true;
}

std::shared_ptr<const AlertService::Gate> AlertService::gate() const
{
    std::lock_guard lock(m_gateMutex);
    return m_gate;
}

void AlertService::publishGate()
{
    const Projection &projection = m_server.m_projection;
    auto gate = std::make_shared<Gate>();
    const QHash<QByteArray, IntegrationRecord> &integrations = projection.integrationsByKeyHash();
    gate->integrationsByKeyHash.reserve(integrations.size());
    for (auto it = integrations.cbegin(); it != integrations.cend(); ++it) {
        const IntegrationSettings *settings = projection.alertState().integration(it->id);
        gate->integrationsByKeyHash.insert(it.key(),
                                           {*it, settings ? settings->config : QJsonObject()});
    }
    const QList<const TokenRecord *> tokens = projection.tokens();
    gate->tokenHashes.reserve(tokens.size());
    for (const TokenRecord *token : tokens) {
        gate->tokenHashes.insert(token->tokenHash);
    }

    std::lock_guard lock(m_gateMutex);
    m_gate = std::move(gate);
}

// The projection took in a change of integrations or tokens (or was cleared to be rebuilt):
// the gate is republished at the commit, or after a batch that rolled back and rebuilt.
void AlertService::noteProjectionChange(const Event &event)
{
    const QString &type = event.type;
    if (!type.isEmpty() && !type.startsWith(u"integration.") && !type.startsWith(u"token.")
        && !type.startsWith(u"account.")) {
        return;
    }
    if (!std::exchange(m_gateStale, true)) {
        QMetaObject::invokeMethod(this, &AlertService::publishIfStale, Qt::QueuedConnection);
    }
}

// Runs before the batch's answers are sent and before its fan-out: a key is usable as soon
// as its creation was answered.
void AlertService::publishIfStale()
{
    if (std::exchange(m_gateStale, false)) {
        publishGate();
    }
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
        return refuse(request, responder, source, nullptr, 401, u"unauthorized"_s,
                      u"an integration key is required (Authorization: Bearer KEY or ?key=KEY)"_s);
    }
    const QByteArray keyHash = secretHash(QString::fromUtf8(key));
    const std::shared_ptr<const Gate> gate = this->gate();
    const auto found = gate->integrationsByKeyHash.constFind(keyHash);
    if (found == gate->integrationsByKeyHash.cend()) {
        if (gate->tokenHashes.contains(keyHash)) {
            return refuse(request, responder, source, nullptr, 403, u"forbidden"_s,
                          u"an API token is not an integration key"_s);
        }
        return refuse(request, responder, source, nullptr, 401, u"unauthorized"_s,
                      u"the integration key is not valid"_s);
    }
    const IntegrationRecord &integration = found->record;
    if (integration.source != source) {
        return refuse(request, responder, source, &integration, 403, u"forbidden"_s,
                      u"this key belongs to a %1 integration, not %2"_s.arg(integration.source,
                                                                            source));
    }
    AlertDelivery delivery;
    delivery.config = found->config;

    int retryAfter = 0;
    if (!checkRateLimit(integration, delivery.config, &retryAfter)) {
        return refuse(request, responder, source, &integration, 429, u"rate_limited"_s,
                      u"integration %1 is over its rate limit; retry in %2 s"_s.arg(
                          integration.name).arg(retryAfter),
                      {{"Retry-After", QByteArray::number(retryAfter)}});
    }
    QString problem;
    delivery.body = request.body;
    delivery.headers = request.headers;
    if (!checkSignature(source, delivery, &problem)) {
        return refuse(request, responder, source, &integration, 401, u"unauthorized"_s,
                      problem);
    }

    // Content: the body's JSON, the source's normaliser, the raw payloads written ahead.
    // The fast reader takes the common bodies; the rest, and every error, go the full way.
    Webhook webhook{responder, integration, {}, false};
    const bool form = isFormBody(request);
    if (form || !Http::isValidUtf8(request.body)
        || !AlertSources::normaliseFast(source, delivery, Http::MaxJsonDepth,
                                        &webhook.payload)) {
        webhook.payload = NormalisedPayload();
        if (!parseDelivery(request, &delivery, &problem)
            || !AlertSources::normalise(source, delivery, &webhook.payload, &problem)) {
            return refuse(request, responder, source, &integration, 400, u"bad_request"_s,
                          problem);
        }
        if (webhook.payload.alerts.isEmpty() && !webhook.payload.subscribeUrl.isValid()) {
            ++m_server.m_counters->webhooksAccepted;
            responder.sendJson(202,
                               {{u"accepted"_s, 0}, {u"ignored"_s, webhook.payload.ignored}});
            return;
        }
        for (NormalisedAlert &alert : webhook.payload.alerts) {
            alert.serialiseAhead();
        }
    }
    pass(std::move(webhook));
}

// A burst of webhooks from the I/O threads costs the server's thread one wake-up.
void AlertService::pass(Webhook webhook)
{
    m_checked.post([this, webhook = std::move(webhook)]() {
        if (webhook.enqueue) {
            finishEnqueue(webhook);
        } else {
            finishWebhook(webhook);
        }
    });
}

bool AlertService::parseEnqueue(const HttpRequest &request, NormalisedPayload *payload,
                                QByteArray *keyHash, QString *problem, QStringList *errors) const
{
    const QByteArray &body = request.body;
    // The common event read from its text; the rest, and every error, go the full way.
    QString routingKey;
    if (Http::isValidUtf8(body)
        && PagerDuty::normaliseEventFast(body, Http::MaxJsonDepth, payload, &routingKey)) {
        *keyHash = secretHash(routingKey);
        return true;
    }
    *payload = NormalisedPayload();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const Http::JsonTextScan scan = Http::scanJsonText(body, Http::MaxJsonDepth);
    if (!scan.withinDepth || !document.isObject()) {
        *problem = u"the body must be a JSON object (%1)"_s.arg(parseError.errorString());
        return false;
    }
    if (const QString invalid = scan.problem(Http::MaxJsonDepth); !invalid.isEmpty()) {
        *problem = invalid;
        return false;
    }
    const QJsonObject root = document.object();
    routingKey = root.value(u"routing_key"_s).toString();
    if (routingKey.isEmpty()) {
        *problem = u"'routing_key' is missing or blank"_s;
        return false;
    }
    *keyHash = secretHash(routingKey);
    if (!PagerDuty::normaliseEvent(root, payload, errors)) {
        return false;
    }
    for (NormalisedAlert &alert : payload->alerts) {
        alert.serialiseAhead();
    }
    return true;
}

void AlertService::finishWebhook(const Webhook &webhook)
{
    const HttpResponder &responder = webhook.responder;
    const NormalisedPayload &payload = webhook.payload;
    if (payload.subscribeUrl.isValid()) {
        return confirmSubscription(webhook.integration, payload, responder);
    }
    const int count = int(payload.alerts.size());
    // The refusal's log line is written only when there is one: naming the delivery for every
    // request was 4 % of the writer's thread at one alert per request.
    ingest(webhook.integration, payload, responder, [this, responder, count,
                                          integration = webhook.integration](
                                             const JobOutcome &outcome, bool duplicate) {
        if (!outcome.ok) {
            if (outcome.status < 500) {
                noteBatchRefusal(outcome.code, deliveryName(integration.source, &integration),
                                 outcome.message);
            }
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
    auto invalid = [&](const QStringList &errors, const IntegrationRecord *integration) {
        m_server.m_counters->reject(u"bad_request"_s);
        logRefusal(u"enqueue/bad_request"_s, enqueueName(integration), request.remote,
                   errors.join(u"; "_s));
        responder.sendJson(400, pagerDutyError(errors));
    };
    Webhook webhook{responder, {}, {}, true};
    QByteArray keyHash;
    QString problem;
    QStringList errors;
    const bool valid = parseEnqueue(request, &webhook.payload, &keyHash, &problem, &errors);
    if (!problem.isEmpty()) {
        return invalid({problem}, nullptr);
    }

    const std::shared_ptr<const Gate> gate = this->gate();
    const auto found = gate->integrationsByKeyHash.constFind(keyHash);
    if (found == gate->integrationsByKeyHash.cend()) {
        return invalid({unknownRoutingKey()}, nullptr);
    }
    if (found->record.source != u"pagerduty") {
        return invalid({unknownRoutingKey()}, &found->record);
    }
    int retryAfter = 0;
    if (!checkRateLimit(found->record, found->config, &retryAfter)) {
        m_server.m_counters->reject(u"rate_limited"_s);
        logRefusal(u"enqueue/rate_limited"_s, enqueueName(&found->record), request.remote,
                   u"over its rate limit; retry in %1 s"_s.arg(retryAfter));
        responder.send(429, QJsonDocument(QJsonObject{
                                              {u"status"_s, u"throttle event"_s},
                                              {u"message"_s, u"Requests for this service are"
                                                             " arriving too quickly. Please"
                                                             " retry later."_s}})
                                .toJson(QJsonDocument::Compact),
                       "application/json", {{"Retry-After", QByteArray::number(retryAfter)}});
        return;
    }
    // The event's own errors are answered only after the key and the rate limit passed.
    if (!valid) {
        return invalid(errors, &found->record);
    }
    webhook.integration = found->record;
    pass(std::move(webhook));
}

void AlertService::finishEnqueue(const Webhook &webhook)
{
    const HttpResponder &responder = webhook.responder;
    const NormalisedPayload &payload = webhook.payload;
    const QString dedupKey = payload.alerts.first().dedupKey;
    ingest(webhook.integration, payload, responder, [this, responder, dedupKey,
                                          integration = webhook.integration](
                                             const JobOutcome &outcome, bool) {
        if (!outcome.ok && outcome.status == 401) {
            // The routing key was replaced while the event was on its way: answered as an
            // unknown routing key is (docs/alerts.md), counted and logged as a refusal.
            noteBatchRefusal(u"bad_request"_s, enqueueName(&integration), outcome.message);
            responder.sendJson(400, pagerDutyError({unknownRoutingKey()}));
            return;
        }
        if (!outcome.ok) {
            responder.sendJson(outcome.status, {{u"status"_s, u"error"_s},
                                                {u"message"_s, outcome.message}});
            return;
        }
        ++m_server.m_counters->alertsAccepted;
        ++m_server.m_counters->webhooksAccepted;
        // PagerDuty's answer, written directly (its keys in the order Qt's writer sorts them).
        QByteArray answer = "{\"dedup_key\":";
        JsonText::appendString(answer, dedupKey);
        answer += ",\"message\":\"Event processed\",\"status\":\"success\"}";
        responder.send(202, answer);
    });
}

void AlertService::confirmSubscription(const IntegrationRecord &integration,
                                       const NormalisedPayload &payload,
                                       const HttpResponder &responder)
{
    QString reason;
    const QString what = printableText(integration.source) + u" SNS subscription for "_s
        + integrationName(&integration);
    if (!m_sns->isAllowed(payload.subscribeUrl, payload.topic, &reason)) {
        m_server.m_counters->reject(u"bad_request"_s);
        logRefusal(u"cloudwatch/subscription"_s, what, QHostAddress(), reason);
        responder.sendError(400, u"bad_request"_s, reason);
        return;
    }
    const QString actor = u"integration:"_s + integration.name;
    const QString id = integration.id;
    const QString topic = payload.topic;
    m_sns->confirm(payload.subscribeUrl, [this, responder, actor, id, topic, integration, what,
                                          name = integration.name](bool ok,
                                                                   const QString &message) {
        if (!ok) {
            qCWarning(lcAlerts).noquote() << "SNS subscription of integration" << name
                                          << "not confirmed:" << message;
            responder.sendError(503, u"unavailable"_s, message);
            return;
        }
        m_server.m_writer->submit(
            [actor, id, topic, integration](Writer::Context &context) {
                // The confirmation took time: the key may have been replaced meanwhile.
                if (!keyStillValid(context.projection(), integration)) {
                    return JobOutcome::refused(401, u"unauthorized"_s, keyReplacedMessage());
                }
                Event event = makeEvent(u"integration.subscribed"_s, actor, QString(),
                                        {{u"id"_s, id}, {u"topic"_s, topic}});
                context.emitEvent(event);
                return JobOutcome();
            },
            [this, responder, topic, what](const JobOutcome &outcome) {
                if (!outcome.ok) {
                    if (outcome.status < 500) {
                        noteBatchRefusal(outcome.code, what, outcome.message);
                    }
                    responder.sendError(outcome.status, outcome.code, outcome.message);
                    return;
                }
                responder.sendJson(200, {{u"confirmed"_s, true}, {u"topic"_s, topic}});
            });
    });
}

void AlertService::ingest(const IntegrationRecord &integration, const NormalisedPayload &payload,
                          const HttpResponder &responder, Accepted done)
{
    // What the job and its answer share. The payload is freed by the I/O thread that made it
    // once answered: freed on the writer's thread it cost a tenth of that thread in an alert
    // storm, and on a thread of its own (as until December 2026) every block it freed took the
    // lock of the I/O thread's allocator arena, over a hundred waits a second on each side
    // (docs/performance.md).
    struct Shared
    {
        NormalisedPayload payload;
        bool duplicate = false;
        int events = 0;
    };
    auto shared = std::make_shared<Shared>(Shared{payload});
    m_server.m_writer->submit(
        [this, integration, shared](Writer::Context &context) {
            if (!keyStillValid(context.projection(), integration)) {
                return JobOutcome::refused(401, u"unauthorized"_s, keyReplacedMessage());
            }
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
            ingestor.ingest(integration, shared->payload);
            shared->duplicate = ingestor.wasDuplicate();
            shared->events = ingestor.eventCount();
            return JobOutcome();
        },
        [this, id = integration.id, shared, responder,
         done = std::move(done)](const JobOutcome &outcome) {
            const QString delivery = shared->payload.deliveryId;
            if (outcome.ok && !delivery.isEmpty() && shared->events == 0) {
                remember(id, delivery);
            }
            done(outcome, shared->duplicate);
            responder.releaseOnWorker(std::move(shared->payload));
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
