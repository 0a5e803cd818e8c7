// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "alerts/ratelimiter.h"
#include "alerts/sealedsecrets.h"
#include "model/projection.h"

#include <QObject>
#include <QQueue>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace Firebreak {

class HttpServer;
class HttpResponder;
struct HttpRequest;
class Server;
class SnsConfirmer;
struct JobOutcome;

/**
 * The server's alert side (docs/alerts.md, docs/api.md): webhooks of every source and the
 * PagerDuty Events API v2, with their trust checks in DESIGN.md's order (size, credentials,
 * rate limit, signature, content); AWS SNS subscription handshakes; routes, silences and
 * integration settings as commands and REST resources; the dry run and the noise report.
 *
 * Lives inside Server (which it reads as a friend) and on its thread. Alerts are acknowledged
 * only once the batch holding their events has committed.
 */
class AlertService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertService)
public:
    using Answer = std::function<void(const QJsonObject &)>;
    using Clock = std::function<qint64()>;

    explicit AlertService(Server &server);
    ~AlertService() override;

    /// Opens the key that seals signing secrets (DIR/alert-secrets.key, created when missing).
    bool start(QString *error);
    void registerRoutes(HttpServer &http);

    /// True for the alert-configuration command types (route.*, silence.*,
    /// integration.configure).
    static bool handlesCommand(const QString &type);
    /// Runs one such command; `answer` gets {"ok", "events"} or a refusal, once durable.
    /// `origin` ("rest ADDRESS", "sync ADDRESS"; may be empty) goes into every event's data
    /// for the audit trail. `commandId` (may be empty) keys the decision: see
    /// Writer::submitCommand().
    void runCommand(const QJsonObject &command, const QString &actor, const QString &origin,
                    Answer answer, const QString &commandId = {});

    /// Validates an integration configuration as given and seals its signing secrets.
    bool sealConfig(const QString &source, QJsonObject *config, QString *error) const;

    void handleWebhook(const HttpRequest &request, const HttpResponder &responder);

private:
    struct Credential;
    struct Parsing;

    void handleEnqueue(const HttpRequest &request, const HttpResponder &responder);
    void handleGetAlert(const HttpRequest &request, const HttpResponder &responder);
    void handleConfigureIntegration(const HttpRequest &request, const HttpResponder &responder);
    void handleListRoutes(const HttpRequest &request, const HttpResponder &responder);
    void handleGetRoute(const HttpRequest &request, const HttpResponder &responder);
    void handleCreateRoute(const HttpRequest &request, const HttpResponder &responder);
    void handleUpdateRoute(const HttpRequest &request, const HttpResponder &responder);
    void handleDeleteRoute(const HttpRequest &request, const HttpResponder &responder);
    void handleDryRun(const HttpRequest &request, const HttpResponder &responder);
    void handleListSilences(const HttpRequest &request, const HttpResponder &responder);
    void handleCreateSilence(const HttpRequest &request, const HttpResponder &responder);
    void handleExpireSilence(const HttpRequest &request, const HttpResponder &responder);
    void handleNoise(const HttpRequest &request, const HttpResponder &responder);

    /// 401/403 unless the request's token may manage (or read) alert handling.
    bool authorise(const HttpRequest &request, const HttpResponder &responder, bool manage,
                   QString *actor = nullptr) const;
    /// Runs a command for a REST call and answers with `status` and the first event's `key`.
    void commandForRest(const HttpRequest &request, const HttpResponder &responder,
                        const QJsonObject &command, int status, const QString &key);

    bool checkRateLimit(const IntegrationRecord &integration, const QJsonObject &config,
                        int *retryAfter);
    bool checkSignature(const QString &source, const AlertDelivery &delivery,
                        QString *reason) const;
    bool parseDelivery(const HttpRequest &request, AlertDelivery *delivery, QString *error) const;
    void confirmSubscription(const IntegrationRecord &integration, const NormalisedPayload &payload,
                             const HttpResponder &responder);
    void refuse(const HttpRequest &request, const HttpResponder &responder, const QString &source,
                int status, const QString &code, const QString &message,
                const QList<QPair<QByteArray, QByteArray>> &headers = {});

    /// Runs on a parser thread: the body's JSON, the source's normaliser, the raw payloads.
    void parse(Parsing &parsing) const;
    /// Hands a webhook to the parser threads.
    void queueParsing(const std::shared_ptr<Parsing> &parsing);
    /// A parser thread's loop over the queue.
    void parseQueued();
    /// Back on the server's thread: finishes the parsed webhooks in the order they arrived.
    void takeParsed();
    void finishWebhook(Parsing &parsing);
    /// On a parser thread: a `/v2/enqueue` body (JSON, routing key, event).
    void parseEnqueue(Parsing &parsing) const;
    void finishEnqueue(Parsing &parsing);

    using Accepted = std::function<void(const JobOutcome &outcome, bool duplicate)>;
    /// Ingests a normalised delivery in the writer's next batch; `done` runs once committed.
    void ingest(const IntegrationRecord &integration, const NormalisedPayload &payload,
                Accepted done);
    bool recentlySeen(const QString &integration, const QString &delivery) const;
    void remember(const QString &integration, const QString &delivery);

    Server &m_server;
    Clock m_clock;
    SealedSecrets m_secrets;
    RateLimiter m_limiter;
    std::unique_ptr<SnsConfirmer> m_sns;
    /// Dry runs computing off the event loop now (at most s_maxDryRuns).
    int m_dryRunsRunning = 0;
    /// Noise reports folding the log off the event loop now.
    int m_noiseReportsRunning = 0;
    /// Deliveries that produced no events (a retry of a repeat): remembered in memory.
    QSet<QString> m_recent;
    QQueue<QString> m_recentOrder;
    /// Webhooks being parsed, in order of arrival; each is finished once it and every
    /// earlier one are parsed, so the writer sees deliveries in the order they came.
    std::deque<std::shared_ptr<Parsing>> m_parsing;
    /// Webhooks waiting for a parser thread, and how many parser threads are at work.
    std::mutex m_toParseMutex;
    std::deque<std::shared_ptr<Parsing>> m_toParse;
    int m_parsersAtWork = 0;
    /// A call of takeParsed() is waiting in the server's event queue.
    std::atomic<bool> m_takeParsedQueued{false};
    /// Parses webhook bodies off the server's thread (declared last: it is destroyed, and
    /// waits for its threads, first).
    QThreadPool m_parsers;
};

} // namespace Firebreak
