// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "alerts/ratelimiter.h"
#include "alerts/sealedsecrets.h"
#include "model/projection.h"
#include "server/httpserver.h"
#include "server/httputil.h"

#include <QObject>
#include <QQueue>
#include <QSet>

#include <functional>
#include <memory>
#include <mutex>

namespace Firebreak {

class Server;
class SnsConfirmer;
struct JobOutcome;

/**
 * The server's alert side (docs/alerts.md, docs/api.md): webhooks of every source and the
 * PagerDuty Events API v2, with their trust checks in DESIGN.md's order (size, credentials,
 * rate limit, signature, content); AWS SNS subscription handshakes; routes, silences and
 * integration settings as commands and REST resources; the dry run and the noise report.
 *
 * Lives inside Server (which it reads as a friend) and on its thread, except for the webhooks:
 * handleWebhook() and handleEnqueue() run on the HTTP I/O thread that read the request, where
 * every check, the parse and the normalisation happen against a snapshot of the integrations
 * and tokens (the gate) that this thread publishes after each commit that changes them. Only
 * deliveries ready to ingest come to the server's thread. Alerts are acknowledged only once
 * the batch holding their events has committed.
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

    /// On an I/O thread: `POST /api/v1/alerts/{source}`.
    void handleWebhook(const HttpRequest &request, const HttpResponder &responder);

private:
    struct Gate;
    struct Webhook;

    /// On an I/O thread: `POST /v2/enqueue`, PagerDuty's Events API v2.
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

    /// The gate the I/O threads check webhooks against now (any thread).
    std::shared_ptr<const Gate> gate() const;
    /// Builds the gate from the projection and publishes it (server thread).
    void publishGate();
    /// Marks the gate stale when the projection takes in a change it reads.
    void noteProjectionChange(const Event &event);
    /// Republishes a stale gate (after each commit, before its answers).
    void publishIfStale();

    // Any thread: the checks and the parse of a webhook.
    bool checkRateLimit(const IntegrationRecord &integration, const QJsonObject &config,
                        int *retryAfter);
    bool checkSignature(const QString &source, const AlertDelivery &delivery,
                        QString *reason) const;
    static bool isFormBody(const HttpRequest &request);
    bool parseDelivery(const HttpRequest &request, AlertDelivery *delivery, QString *error) const;
    /// The body of a `/v2/enqueue` request: its routing key's hash and the event, or a problem
    /// with the body itself (empty when it is readable) or the event (`errors`).
    bool parseEnqueue(const HttpRequest &request, NormalisedPayload *payload, QByteArray *keyHash,
                      QString *problem, QStringList *errors) const;
    /// Logs a refusal of `what` (a delivery and its integration, never a key), a few lines
    /// per `kind` and window; `remote` may be null.
    void logRefusal(const QString &kind, const QString &what, const QHostAddress &remote,
                    const QString &message);
    /// Counts, logs and answers a refused webhook; `integration` is null until a key names one.
    void refuse(const HttpRequest &request, const HttpResponder &responder, const QString &source,
                const IntegrationRecord *integration, int status, const QString &code,
                const QString &message, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    /// Counts and logs a refusal decided in the writer's batch.
    void noteBatchRefusal(const QString &code, const QString &what, const QString &message);
    /// Logs a webhook refused from its head (HttpServer::setRefusalLogger()).
    bool logHeadRefusal(const HttpRequest &head, const HttpRefusal &refusal);
    /// Hands a checked, normalised webhook to the server's thread.
    void pass(Webhook webhook);

    // The server's thread.
    void finishWebhook(const Webhook &webhook);
    void finishEnqueue(const Webhook &webhook);
    void confirmSubscription(const IntegrationRecord &integration, const NormalisedPayload &payload,
                             const HttpResponder &responder);

    using Accepted = std::function<void(const JobOutcome &outcome, bool duplicate)>;
    /// Ingests a normalised delivery in the writer's next batch; `done` runs once committed,
    /// then the payload goes back to the I/O thread of `responder`'s connection, which parsed
    /// it, to be freed there.
    void ingest(const IntegrationRecord &integration, const NormalisedPayload &payload,
                const HttpResponder &responder, Accepted done);
    bool recentlySeen(const QString &integration, const QString &delivery) const;
    void remember(const QString &integration, const QString &delivery);

    Server &m_server;
    Clock m_clock;
    SealedSecrets m_secrets;
    RateLimiter m_limiter;
    /// Refusals are logged a few per kind and window, counted all (a flood of bad requests
    /// must not fill the disk).
    Http::LogThrottle m_refusalLog;
    std::unique_ptr<SnsConfirmer> m_sns;
    /// Dry runs computing off the event loop now (at most s_maxDryRuns).
    int m_dryRunsRunning = 0;
    /// Noise reports folding the log off the event loop now.
    int m_noiseReportsRunning = 0;
    /// Deliveries that produced no events (a retry of a repeat): remembered in memory.
    QSet<QString> m_recent;
    QQueue<QString> m_recentOrder;
    /// What the webhook checks read of the projection, replaced whole (never changed).
    mutable std::mutex m_gateMutex;
    std::shared_ptr<const Gate> m_gate;
    /// The projection changed what the gate holds since it was published (server thread).
    bool m_gateStale = false;
    /// Checked webhooks on their way to this thread, in the order each I/O thread passed them.
    Mailbox m_checked{this};
};

} // namespace Firebreak
