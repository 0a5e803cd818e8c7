// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "incidents/evidencestore.h"
#include "model/projection.h"
#include "security/permissions.h"
#include "server/synchub.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Firebreak {

class AnchorWriter;
class HttpServer;
class HttpResponder;
struct HttpRequest;
struct HttpRefusal;
class SyncHub;
class Writer;
struct ServerCounters;
class AlertService;
class EvidenceStore;
class LogListener;
struct OnCallService;
struct CommandDecision;
struct CommandContext;
namespace Collab {
class PostMortemDocuments;
class FollowUp;
} // namespace Collab

/// Who a request or connection acts as, and what it may do.
struct Principal
{
    QString user;
    QString tokenId;
    QSet<Security::Permission> permissions;
    /// Where the request came from, recorded with each command's events: "rest ADDRESS" or
    /// "sync ADDRESS"; empty inside the server.
    QString origin;

    bool can(Security::Permission permission) const { return permissions.contains(permission); }
    QString actor() const { return QStringLiteral("user:") + user; }
    /// Whether the incident is visible: every incident for readers, shared ones for
    /// stakeholders.
    bool canSee(const IncidentRecord &incident) const;
    /// Whether an event may be sent to this principal over sync.
    bool canSee(const Event &event, const Projection &projection) const;
};

struct ServerOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString dataDir;
    /// A PostgreSQL URL (EventStore::open) for a store shared by replicas; empty for SQLite in
    /// dataDir. dataDir still holds evidence files, the anchor and a generated token.
    QString database;
    QString adminToken;
    /// When set, GET /metrics asks for `Authorization: Bearer` this token (401 otherwise).
    QString metricsToken;
    /// Largest HTTP request body, and largest WebSocket sync message.
    qint64 maxBodyBytes = 1024 * 1024;
    /// Largest evidence file (POST /api/v1/evidence), in place of maxBodyBytes there.
    qint64 maxEvidenceBytes = EvidenceStore::MaxFileBytes;
    /// Time a request may take to arrive (head and body); 408 after.
    int requestTimeoutMs = 15000;
    /// Time a keep-alive connection may stay quiet between requests.
    int idleTimeoutMs = 60000;
    /// Open connections per client address (0: no limit).
    int maxConnectionsPerAddress = 0;
    /// Bytes queued for one sync client that does not read before it is closed as too slow
    /// (close code 4000, docs/protocol.md); 0: no limit.
    qint64 maxSyncQueuedBytes = 4 * 1024 * 1024;
    /// Serve a log whose hash chain does not verify at start (it is refused otherwise).
    bool allowTamperedLog = false;
    EventStore::Durability durability = EventStore::Durability::Normal;
    /// Where AWS SNS subscription confirmations may be fetched, as SnsConfirmer
    /// patterns ("https://sns.*.amazonaws.com" when empty).
    QStringList snsConfirmationUrls;
    /// With a value, HTTP and WebSocket sync are served over TLS only (loadServerTls()).
    std::optional<QSslConfiguration> tls;
    /// Milliseconds since the epoch for the follow-up clock (action-item reminders, digests,
    /// post-mortem deadlines); the system clock when empty. Tests move it forward.
    std::function<qint64()> clock;
};

/**
 * firebreak-server's core: the event store and its single writer, the projection, the HTTP
 * API of DESIGN.md and WebSocket sync, on one thread and one port. Also used in-process by the
 * desktop's local mode and by tests.
 */
class Server final : public QObject
{
    Q_OBJECT
public:
    explicit Server(const ServerOptions &options, QObject *parent = nullptr);
    ~Server() override;

    /// Opens the store, migrates, rebuilds the projection and binds the port.
    bool start();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QUrl url() const;
    /// Where a generated administrator token was written, or empty.
    QString generatedTokenPath() const { return m_generatedTokenPath; }

    const Projection &projection() const { return m_projection; }
    EventStore &store() { return m_store; }
    /// Post-mortem review, timelines, comments and action items (core/collab/followup.h).
    const Collab::FollowUp &followUp() const { return *m_followUp; }
    /// Appends what the follow-up clock owes now (run every second; tests call it directly).
    void checkFollowUps();

private:
    using Answer = std::function<void(const QJsonObject &)>;
    friend class AlertService;

    bool ensureAdminToken();
    /// Checks the hash chain (and anchor.json) at start; false when it is broken and
    /// allowTamperedLog is not set.
    bool verifyLogAtStart();
    bool followOtherReplicas();
    /// Hands the committed head to the anchor writer, which writes it on its own thread.
    void saveAnchor();
    void registerRoutes();
    void onWebSocket();
    /// What a sync client with this token may see, or nullopt when it may not connect.
    std::optional<SyncHub::Access> syncAccess(const QByteArray &token) const;

    /// The principal of a bearer token, if the token is known, usable and its account enabled.
    std::optional<Principal> principalForToken(const QByteArray &token) const;
    /// Why the request's token may not use `permission` (or, when given, `alternative`): 401
    /// none or unknown, 403 not allowed; nullopt when it may. `*principal`, when given, is the
    /// token's principal if it has one.
    std::optional<HttpRefusal>
    credentialRefusal(const HttpRequest &request, Security::Permission permission,
                      std::optional<Security::Permission> alternative = std::nullopt,
                      Principal *principal = nullptr) const;
    /// Answers 401 or 403 and returns false unless the request may use `permission` (or, when
    /// given, `alternative`).
    bool authorise(const HttpRequest &request, const HttpResponder &responder,
                   Security::Permission permission, Principal *principal = nullptr,
                   std::optional<Security::Permission> alternative = std::nullopt) const;
    bool parseJsonBody(const HttpRequest &request, const HttpResponder &responder,
                       QJsonObject *object) const;

    void handleHealth(const HttpRequest &request, const HttpResponder &responder);
    void handleMetrics(const HttpRequest &request, const HttpResponder &responder);
    void handleCreateIntegration(const HttpRequest &request, const HttpResponder &responder);
    void handleListIntegrations(const HttpRequest &request, const HttpResponder &responder);
    void handleRotateIntegrationKey(const HttpRequest &request, const HttpResponder &responder);
    void handleAlertWebhook(const HttpRequest &request, const HttpResponder &responder);
    void handleListAlerts(const HttpRequest &request, const HttpResponder &responder);
    void handleListIncidents(const HttpRequest &request, const HttpResponder &responder);
    void handleGetIncident(const HttpRequest &request, const HttpResponder &responder);
    void handleTimeline(const HttpRequest &request, const HttpResponder &responder);
    void handleCommand(const HttpRequest &request, const HttpResponder &responder);
    void handleUploadEvidence(const HttpRequest &request, const HttpResponder &responder);
    void handleGetEvidence(const HttpRequest &request, const HttpResponder &responder);
    void handleMetricsReport(const HttpRequest &request, const HttpResponder &responder);
    void handleConfig(const HttpRequest &request, const HttpResponder &responder);
    /// Announces target risks and breaches that came due (runs every second).
    void checkTargets();

    // Responders: people, schedules, escalation, notifications (oncallapi.cpp).
    void setUpOnCall();
    void setUpPostMortems();
    CommandDecision decidePostMortemCommand(const Projection &projection,
                                            const QJsonObject &command,
                                            const CommandContext &context);
    void handleGetPostMortem(const HttpRequest &request, const HttpResponder &responder);
    void registerPostMortemRoutes();
    /// `viewer`, when given, hides what it may not see (an unshared repeated incident).
    QJsonObject postMortemJson(const IncidentRecord &incident, qint64 now,
                               const Principal *viewer = nullptr);
    qint64 clockNow() const;
    /// Up to `limit` events of an incident with seq > after, in order: the projection knows
    /// which, the store reads them by sequence number.
    /// An incident's events after `after`; `ok` false when the store cannot be read now (a
    /// PostgreSQL connection lost is opened again and the read tried once more first).
    EventList readIncidentEvents(const QString &incident, qint64 after, int limit, bool *ok);
    /// 503 unavailable: the event store cannot be read now (logged by the store).
    static void sendStoreUnreadable(const HttpResponder &responder);
    void startOnCall();
    void registerOnCallRoutes();
    void registerScheduleRoutes();
    void registerNotificationRoutes();
    /// Decides any command type: incident, responder or notification commands.
    CommandDecision decideAnyCommand(const Projection &projection, const QJsonObject &command,
                                     const CommandContext &context);
    /// Decides a notification command, keeping its secret in the vault.
    CommandDecision decideNotifyCommand(const QJsonObject &command,
                                        const CommandContext &context);
    /// Appends the escalation events that came due (every second and after commits).
    void checkEscalations();

    /// Validates and runs one command of DESIGN.md; `answer` gets the result once durable.
    void runCommand(const QJsonObject &command, const Principal &principal, Answer answer);
    void runDecidedCommand(const QJsonObject &command, const Principal &principal,
                           Answer answer);
    /// Whether `principal` sent a command under `commandId` that the store has decided.
    bool decidedBefore(const QString &commandId, const Principal &principal) const;
    void handleLogin(const HttpRequest &request, const HttpResponder &responder);
    void handleLogout(const HttpRequest &request, const HttpResponder &responder);
    void handleCreateToken(const HttpRequest &request, const HttpResponder &responder);
    void handleListTokens(const HttpRequest &request, const HttpResponder &responder);
    void handleRevokeToken(const HttpRequest &request, const HttpResponder &responder);
    void handleListAccounts(const HttpRequest &request, const HttpResponder &responder);
    void handleAuditVerify(const HttpRequest &request, const HttpResponder &responder);
    // Backups and evidence bundles (adminapi.cpp).
    void handleBackup(const HttpRequest &request, const HttpResponder &responder);
    void handleEvidenceBundle(const HttpRequest &request, const HttpResponder &responder);
    /// Creates a token for `user` and answers 201 with its secret (shown only once).
    void issueToken(const QString &user, const QJsonObject &details,
                    const HttpResponder &responder);

    ServerOptions m_options;
    EventStore m_store;
    Projection m_projection;
    std::unique_ptr<Writer> m_writer;
    std::unique_ptr<LogListener> m_listener;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<SyncHub> m_hub;
    std::unique_ptr<ServerCounters> m_counters;
    std::unique_ptr<AlertService> m_alertService;
    std::unique_ptr<EvidenceStore> m_evidence;
    std::unique_ptr<OnCallService> m_oncall;
    std::unique_ptr<Collab::PostMortemDocuments> m_postMortems;
    std::unique_ptr<Collab::FollowUp> m_followUp;
    QTimer *m_targetTimer = nullptr;
    quint16 m_port = 0;
    QString m_error;
    QString m_generatedTokenPath;
    std::unique_ptr<AnchorWriter> m_anchor;
    QElapsedTimer m_anchorAge; // since an anchor was last posted
    /// What the chain check at start found (docs/security.md, "Tampering").
    VerifyResult m_startVerification;
};

/// Lowercase hex SHA-256 of a secret (API token or integration key), as stored in the log.
QByteArray secretHash(const QString &secret);
/// A new random secret: 32 bytes from the system's secure generator, base64url.
QString newSecret(const QString &prefix);

} // namespace Firebreak
