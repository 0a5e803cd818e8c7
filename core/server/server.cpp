// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/alertmanager.h"
#include "alerts/ingestor.h"
#include "events/sha256.h"
#include "server/alertservice.h"
#include "server/httpserver.h"
#include "server/oncall_p.h"
#include "server/synchub.h"
#include "server/writer.h"
#include "store/anchorwriter.h"
#include "store/loglistener.h"
#include "store/regularfile.h"
#include "incidents/evidencestore.h"
#include "incidents/storeimport.h"
#include "incidents/metrics.h"
#include "server/httputil.h"
#include "collab/followup.h"
#include "collab/postmortems.h"
#include "server/server_p.h"
#include "sync/protocol.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QThreadPool>
#include <QWebSocket>

#include <mutex>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServer, "firebreak.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAlerts, "firebreak.alerts", QtWarningMsg)

namespace Firebreak {

namespace {

QLoggingCategory::CategoryFilter s_qtCategoryFilter = nullptr;

// Qt's HTTP server prints every request's target and headers in its debug and info messages:
// bearer tokens, session tokens and integration keys included. Those messages stay off
// whatever the logging rules say (QT_LOGGING_RULES="*.debug=true" included); the server's own
// categories log requests without credentials.
void keepCredentialsOutOfQtLogs(QLoggingCategory *category)
{
    if (s_qtCategoryFilter) {
        s_qtCategoryFilter(category);
    }
    if (qstrncmp(category->categoryName(), "qt.httpserver", 13) == 0) {
        category->setEnabled(QtDebugMsg, false);
        category->setEnabled(QtInfoMsg, false);
    }
}

} // namespace

// With the event chain's SHA-256 (the processor's SHA extensions where it has them): every
// webhook hashes its integration key, and QCryptographicHash's portable code was a visible
// share of a small webhook's cost. The same digest either way (tst_sha256).
QByteArray secretHash(const QString &secret)
{
    Sha256 hash;
    hash.add(secret.toUtf8());
    const std::array<unsigned char, 32> digest = hash.finish();
    return QByteArray::fromRawData(reinterpret_cast<const char *>(digest.data()),
                                   qsizetype(digest.size()))
        .toHex();
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
    , m_counters(std::make_unique<ServerCounters>())
{
    static std::once_flag filterInstalled;
    std::call_once(filterInstalled, []() {
        s_qtCategoryFilter = QLoggingCategory::installFilter(keepCredentialsOutOfQtLogs);
    });
}

Server::~Server()
{
    if (m_writer) {
        m_writer->flush();
        saveAnchor();
        m_anchor->flush();
    }
    // Webhooks are checked on the I/O threads, which read the alert service and the counters:
    // they end before those go.
    if (m_http) {
        m_http->stopIoThreads();
    }
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(m_options.tls ? u"https"_s : u"http"_s);
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
    // The store holds password and token hashes and every record: the folder is its owner's.
    if (!QFile::setPermissions(m_options.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                      | QFileDevice::ExeOwner)) {
        qCWarning(lcServer).noquote() << "cannot restrict the data folder" << m_options.dataDir
                                      << "to its owner";
    }
    removeBackupLeftovers(m_options.dataDir);
    const QString location = m_options.database.isEmpty()
        ? QDir(m_options.dataDir).filePath(u"firebreak.sqlite"_s)
        : m_options.database;
    if (!m_store.open(location, m_options.durability) || !verifyLogAtStart()) {
        if (m_error.isEmpty()) {
            m_error = m_store.errorString();
        }
        return false;
    }

    m_evidence = std::make_unique<EvidenceStore>(QDir(m_options.dataDir).filePath(u"evidence"_s));
    m_anchor = std::make_unique<AnchorWriter>(QDir(m_options.dataDir).filePath(u"anchor.json"_s));
    m_writer = std::make_unique<Writer>(m_store, m_projection);
    m_alertService = std::make_unique<AlertService>(*this);
    if (!m_alertService->start(&m_error)) {
        return false;
    }
    setUpOnCall();
    setUpPostMortems();
    ServerCounters *counters = m_counters.get();
    m_projection.addFold([counters](const Projection &, const Event &event) {
        StoreImport::followImports(event, &counters->importedIncidents);
    });
    m_writer->rebuildProjection();
    if (!ensureAdminToken() || !followOtherReplicas()) {
        return false;
    }

    m_hub = std::make_unique<SyncHub>(m_store, [this](const QJsonObject &command,
                                                      const QByteArray &token,
                                                      const QString &origin, Answer answer) {
        std::optional<Principal> principal = principalForToken(token);
        if (!principal) {
            answer({{u"ok"_s, false},
                    {u"status"_s, 401},
                    {u"error"_s, QJsonObject{{u"code"_s, u"unauthorized"_s},
                                             {u"message"_s, u"the token is no longer valid"_s}}}});
            return;
        }
        principal->origin = origin;
        runCommand(command, *principal, std::move(answer));
    });
    m_hub->setMaxQueuedBytes(m_options.maxSyncQueuedBytes);
    m_hub->setIncidentExists([this](const QString &incident) {
        const IncidentRecord *record = m_projection.incident(incident);
        return record && record->id == incident; // by id, not by number
    });
    connect(m_writer.get(), &Writer::committed, m_hub.get(), &SyncHub::broadcast);
    connect(m_writer.get(), &Writer::committed, this, [this](const EventList &events) {
        // Revoked tokens, changed roles and new shares take effect on open connections too.
        const bool accessChanged = std::any_of(events.cbegin(), events.cend(), [](const Event &e) {
            return e.type.startsWith(u"token.") || e.type.startsWith(u"account.")
                || e.type.startsWith(u"role.") || e.type == u"incident.shared"
                || e.type == u"incident.unshared";
        });
        if (accessChanged) {
            m_hub->revalidate([this](const QByteArray &token) { return syncAccess(token); });
        }
    });
    connect(m_writer.get(), &Writer::committed, this, [this]() {
        // The anchor outside the database lets the verifier detect a truncated log. Writing it
        // syncs a file, so an alert storm writes it once a second, not once a batch, and on
        // a thread of its own. Until one is written, one is due at every commit a second apart.
        const qint64 written = m_anchor->writtenSeq();
        if ((written == 0 || m_store.head() - written >= 1000)
            && (!m_anchorAge.isValid() || m_anchorAge.hasExpired(1000))) {
            saveAnchor();
        }
    });

    m_http = std::make_unique<HttpServer>();
    m_http->setMaxBodyBytes(m_options.maxBodyBytes);
    m_http->setBodyLimit("POST", u"/api/v1/evidence"_s, m_options.maxEvidenceBytes);
    // An upload is up to --max-evidence-bytes, held in memory as it arrives: a token that may
    // not upload is refused from the head, before the body is read. The handler checks again.
    m_http->setHeadGuard("POST", u"/api/v1/evidence"_s, [this](const HttpRequest &head) {
        return credentialRefusal(head, Security::Permission::UpdateIncident);
    });
    m_http->setRequestTimeoutMs(m_options.requestTimeoutMs);
    m_http->setIdleTimeoutMs(m_options.idleTimeoutMs);
    m_http->setMaxConnectionsPerAddress(m_options.maxConnectionsPerAddress);
    m_http->setWebSocketPaths({u"/api/v1/sync"_s});
    connect(m_http.get(), &HttpServer::requestRejected, this,
            [this](const QString &code) { m_counters->reject(code); });
    connect(m_http.get(), &HttpServer::newWebSocketConnection, this,
            &Server::onWebSocket);
    registerRoutes();
    startOnCall();

    m_targetTimer = new QTimer(this);
    m_targetTimer->setInterval(1000);
    connect(m_targetTimer, &QTimer::timeout, this, &Server::checkTargets);
    connect(m_targetTimer, &QTimer::timeout, this, &Server::checkFollowUps);
    m_targetTimer->start();

    m_port = m_http->listenOn(m_options.address, m_options.port, m_options.tls);
    if (m_port == 0) {
        m_error = u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                      .arg(m_options.port)
                      .arg(m_http->errorString());
        return false;
    }
    return true;
}

bool Server::verifyLogAtStart()
{
    // The anchor beside the store reveals a log cut short; one of another store, or that
    // cannot be read, says the store was replaced.
    LogAnchor anchor;
    QString anchorProblem;
    QFile file(QDir(m_options.dataDir).filePath(u"anchor.json"_s));
    if (pathTaken(file.fileName())) {
        // One that cannot be read (a folder, a pipe, no permission) proves nothing either way:
        // it is not called tampering, but nothing can be checked for a cut-short log without it.
        if (QString why; !openRegularFile(file, &why)) {
            m_startVerification = VerifyResult{
                false, 0, 0,
                u"cannot read the log's anchor %1 (%2)"_s.arg(file.fileName(), why), true};
            qCCritical(lcServer).noquote() << m_startVerification.reason;
            m_error = u"%1, so the log cannot be checked for events removed from its end;"
                      " restore it, or move it away to start without it (a new one is"
                      " written)"_s.arg(m_startVerification.reason);
            return false;
        }
        const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        anchor = {saved.value(u"seq"_s).toInteger(),
                  saved.value(u"hash"_s).toString().toLatin1()};
        if (!anchor.isValid()) {
            anchorProblem = u"%1 is not a valid anchor"_s.arg(file.fileName());
        } else if (saved.value(u"storeId"_s).toString() != m_store.storeId()) {
            anchorProblem = u"%1 belongs to another store: the store was replaced"_s.arg(
                file.fileName());
        }
    }
    m_startVerification = anchorProblem.isEmpty()
        ? m_store.verify(anchor)
        : VerifyResult{false, 0, 0, anchorProblem, false};
    if (m_startVerification.ok) {
        return true;
    }
    if (m_startVerification.unreadable) {
        // A damaged file, not a broken chain; nothing to serve "as it is" either.
        qCCritical(lcServer).noquote() << "the event log cannot be read:"
                                       << m_startVerification.reason;
        m_error = u"the event log cannot be read: %1"_s.arg(m_startVerification.reason);
        return false;
    }
    qCCritical(lcServer).noquote()
        << "the event log fails verification at seq" << m_startVerification.firstBadSeq << ":"
        << m_startVerification.reason;
    if (m_options.allowTamperedLog) {
        qCCritical(lcServer) << "serving it anyway (--allow-tampered-log); new events chain on"
                                " to what is there";
        return true;
    }
    m_error = u"the event log fails verification at seq %1: %2. It may have been tampered"
              " with; find out with firebreak-cli audit verify, restore a backup, or start with"
              " --allow-tampered-log to serve it as it is"_s
                  .arg(m_startVerification.firstBadSeq)
                  .arg(m_startVerification.reason);
    return false;
}

void Server::saveAnchor()
{
    if (m_store.head() == 0) {
        return;
    }
    m_anchor->post(m_store.storeId(), LogAnchor{m_store.head(), m_store.headHash()});
    m_anchorAge.start();
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
    // On PostgreSQL another replica starting at the same time may have been first.
    EventList elsewhere;
    if (!m_store.begin(&elsewhere)) {
        m_error = m_store.errorString();
        return false;
    }
    for (const Event &other : std::as_const(elsewhere)) {
        m_projection.apply(other);
    }
    if (m_projection.hasTokens()) {
        m_store.rollback();
        return true;
    }
    if (!m_store.append(event) || !m_store.commit()) {
        m_error = m_store.errorString();
        m_store.rollback();
        return false;
    }
    m_projection.apply(event);
    return true;
}

// Replicas sharing a PostgreSQL store hear of each other's commits and apply them.
bool Server::followOtherReplicas()
{
    if (m_store.backend() != EventStore::Backend::PostgreSQL) {
        return true;
    }
    m_listener = std::make_unique<LogListener>();
    if (!m_listener->start(m_store)) {
        m_error = m_listener->errorString();
        return false;
    }
    connect(m_listener.get(), &LogListener::headAdvanced, this, [this](qint64 seq) {
        if (seq > m_store.head()) {
            m_writer->catchUp();
        }
    });
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
    http.route("POST", u"/api/v1/integrations/([^/]+)/rotate-key"_s,
               bindHandler(&Server::handleRotateIntegrationKey));
    // Webhooks are checked, parsed and normalised on the I/O thread that read them.
    http.route("POST", u"/api/v1/alerts/([^/]+)"_s, bindHandler(&Server::handleAlertWebhook),
               HttpServer::HandlerThread::Io);
    http.route("GET", u"/api/v1/alerts"_s, bindHandler(&Server::handleListAlerts));
    http.route("GET", u"/api/v1/incidents"_s, bindHandler(&Server::handleListIncidents));
    http.route("GET", u"/api/v1/incidents/([^/]+)"_s, bindHandler(&Server::handleGetIncident));
    http.route("GET", u"/api/v1/incidents/([^/]+)/timeline"_s,
               bindHandler(&Server::handleTimeline));
    http.route("GET", u"/api/v1/incidents/([^/]+)/postmortem"_s,
               bindHandler(&Server::handleGetPostMortem));
    http.route("POST", u"/api/v1/commands"_s, bindHandler(&Server::handleCommand));
    m_alertService->registerRoutes(http);
    http.route("POST", u"/api/v1/evidence"_s, bindHandler(&Server::handleUploadEvidence));
    http.route("GET", u"/api/v1/evidence/([0-9a-f]{64})"_s,
               bindHandler(&Server::handleGetEvidence));
    http.route("GET", u"/api/v1/metrics"_s, bindHandler(&Server::handleMetricsReport));
    http.route("GET", u"/api/v1/config"_s, bindHandler(&Server::handleConfig));
    http.route("POST", u"/api/v1/sessions"_s, bindHandler(&Server::handleLogin));
    http.route("DELETE", u"/api/v1/sessions/current"_s, bindHandler(&Server::handleLogout));
    http.route("POST", u"/api/v1/tokens"_s, bindHandler(&Server::handleCreateToken));
    http.route("GET", u"/api/v1/tokens"_s, bindHandler(&Server::handleListTokens));
    http.route("DELETE", u"/api/v1/tokens/([^/]+)"_s, bindHandler(&Server::handleRevokeToken));
    http.route("GET", u"/api/v1/accounts"_s, bindHandler(&Server::handleListAccounts));
    http.route("GET", u"/api/v1/audit/verify"_s, bindHandler(&Server::handleAuditVerify));
    http.route("GET", u"/api/v1/backup"_s, bindHandler(&Server::handleBackup));
    http.route("GET", u"/api/v1/incidents/([^/]+)/bundle"_s,
               bindHandler(&Server::handleEvidenceBundle));
    registerPostMortemRoutes();
}

bool Server::parseJsonBody(const HttpRequest &request, const HttpResponder &responder,
                           QJsonObject *object) const
{
    QString problem;
    Http::JsonTextScan scan;
    if (request.body.trimmed().isEmpty()) {
        problem = u"the request body is empty; a JSON object is expected"_s;
    } else if (!Http::isValidUtf8(request.body)) {
        problem = u"the body is not valid UTF-8"_s;
    } else if (scan = Http::scanJsonText(request.body, Http::MaxJsonDepth);
               !scan.problem(Http::MaxJsonDepth).isEmpty()) {
        problem = scan.problem(Http::MaxJsonDepth);
    } else {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError && Http::opensJsonContainer(request.body)) {
            problem = u"malformed JSON at offset %1: %2"_s.arg(error.offset)
                          .arg(error.errorString());
        } else if (!document.isObject()) {
            problem = u"the body must be a JSON object"_s;
        } else {
            *object = document.object();
            return true;
        }
    }
    if (QString note; m_counters->refusalLog.admitNow(u"rest/bad_request"_s, &note)) {
        qCWarning(lcServer).noquote() << "bad request" << request.method
                                      << printableText(request.path) << "from"
                                      << request.remote.toString() << ":"
                                      << printableText(problem) + note;
    }
    responder.sendError(400, u"bad_request"_s, problem);
    return false;
}

void Server::handleHealth(const HttpRequest &, const HttpResponder &responder)
{
    const VerifyResult &chain = m_startVerification;
    const QJsonObject log{{u"verified"_s, chain.ok},
                          {u"firstBadSeq"_s, chain.ok ? QJsonValue() : chain.firstBadSeq},
                          {u"reason"_s, chain.ok ? QJsonValue() : chain.reason}};
    // A server whose store refuses every write (a full disk, a read-only file system) takes in
    // nothing: it answers 503 here, so that monitoring and load balancers see it.
    const QString failure = m_writer ? m_writer->storeFailure() : QString();
    const QJsonObject store{
        {u"writable"_s, failure.isEmpty()},
        {u"error"_s, failure.isEmpty() ? QJsonValue() : QJsonValue(failure)},
        {u"failingSince"_s, failure.isEmpty() ? QJsonValue()
                                              : QJsonValue(isoFromMs(
                                                    m_writer->storeFailingSince()))}};
    // An anchor that cannot be written leaves the newest events unprotected against removal
    // (docs/security.md): still serving, but degraded.
    const QString anchorError = m_anchor ? m_anchor->lastError() : QString();
    const QJsonObject anchor{
        {u"seq"_s, m_anchor ? m_anchor->writtenSeq() : 0},
        {u"error"_s, anchorError.isEmpty() ? QJsonValue() : QJsonValue(anchorError)}};
    const QString status = !failure.isEmpty()               ? u"unavailable"_s
        : chain.ok && anchorError.isEmpty()                 ? u"ok"_s
                                                            : u"degraded"_s;
    responder.sendJson(failure.isEmpty() ? 200 : 503,
                       {{u"status"_s, status},
                        {u"storeId"_s, m_store.storeId()},
                        {u"head"_s, m_store.head()},
                        {u"log"_s, log},
                        {u"store"_s, store},
                        {u"anchor"_s, anchor}});
}

namespace {

/**
 * What /metrics reports, read on the event loop: the figures kept as they change, and copies of
 * the projection (without its alerts: Projection::copyWithoutAlerts) and the follow-up state to
 * fold on a pool thread. The copies share their data with the originals (Qt's implicitly shared
 * containers), so taking them costs little; the originals' next change copies what it changes,
 * which is the incidents' lists, never the alert tables.
 */
struct MetricsInput
{
    qint64 head = 0;
    qint64 alertsAccepted = 0;
    qint64 webhooksAccepted = 0;
    QHash<QString, qint64> rejectedByCode;
    qint64 commits = 0;
    int syncClients = 0;
    qint64 slowClientsClosed = 0;
    bool verified = false;
    qint64 firstBadSeq = 0;
    qint64 now = 0;
    qint64 followUpNow = 0;
    std::shared_ptr<const Projection> projection;
    std::shared_ptr<const Collab::FollowUp> followUp;
};

QByteArray metricsText(const MetricsInput &input)
{
    const Projection &projection = *input.projection;
    QHash<QString, int> openBySeverity;
    for (const IncidentRecord *incident : projection.incidents()) {
        if (incident->isOpen()) {
            ++openBySeverity[severityName(incident->severity)];
        }
    }
    QByteArray text;
    auto metric = [&text](const char *name, const char *type, const char *help) {
        text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    metric("firebreak_log_head", "gauge", "Sequence number of the newest committed event.");
    text += "firebreak_log_head " + QByteArray::number(input.head) + '\n';
    metric("firebreak_alerts_accepted_total", "counter", "Alerts accepted durably by webhooks.");
    text += "firebreak_alerts_accepted_total " + QByteArray::number(input.alertsAccepted) + '\n';
    metric("firebreak_webhooks_accepted_total", "counter", "Webhook deliveries accepted.");
    text += "firebreak_webhooks_accepted_total " + QByteArray::number(input.webhooksAccepted)
        + '\n';
    metric("firebreak_requests_rejected_total", "counter", "Requests refused, by error code.");
    for (auto it = input.rejectedByCode.cbegin(); it != input.rejectedByCode.cend(); ++it) {
        text += "firebreak_requests_rejected_total{code=\"" + it.key().toUtf8() + "\"} "
            + QByteArray::number(it.value()) + '\n';
    }
    metric("firebreak_incidents_open", "gauge", "Open incidents by severity.");
    for (const QString &severity : {u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s}) {
        text += "firebreak_incidents_open{severity=\"" + severity.toUtf8() + "\"} "
            + QByteArray::number(openBySeverity.value(severity)) + '\n';
    }
    metric("firebreak_incidents_total", "counter", "Incidents ever opened.");
    text += "firebreak_incidents_total " + QByteArray::number(projection.incidentCount()) + '\n';
    metric("firebreak_store_commits_total", "counter", "Batches committed by the writer.");
    text += "firebreak_store_commits_total " + QByteArray::number(input.commits) + '\n';
    metric("firebreak_sync_clients", "gauge", "Connected WebSocket sync clients.");
    text += "firebreak_sync_clients " + QByteArray::number(input.syncClients) + '\n';
    metric("firebreak_sync_slow_clients_closed_total", "counter",
           "Sync clients closed because they read too slowly.");
    text += "firebreak_sync_slow_clients_closed_total "
        + QByteArray::number(input.slowClientsClosed) + '\n';
    metric("firebreak_log_verified", "gauge",
           "1 when the event log's hash chain verified at start, 0 when it did not.");
    text += "firebreak_log_verified " + QByteArray(input.verified ? "1" : "0") + '\n';
    metric("firebreak_log_first_bad_seq", "gauge",
           "The first event that failed verification at start (0: none).");
    text += "firebreak_log_first_bad_seq " + QByteArray::number(input.firstBadSeq) + '\n';
    text += prometheusIncidentMetrics(projection, input.now);
    text += followUpMetricsText(projection, *input.followUp, input.followUpNow);
    return text;
}

} // namespace

void Server::handleMetrics(const HttpRequest &request, const HttpResponder &responder)
{
    // Compared as hashes of equal length, so the time taken says nothing of the token.
    if (!m_options.metricsToken.isEmpty()) {
        const QByteArray given = request.header("Authorization");
        const QByteArray token = given.startsWith("Bearer ") ? given.mid(7) : QByteArray();
        if (secretHash(QString::fromUtf8(token)) != secretHash(m_options.metricsToken)) {
            return responder.sendError(401, u"unauthorized"_s,
                                       u"/metrics needs the metrics token "
                                       "(Authorization: Bearer)"_s);
        }
    }

    // Scrapes that arrive while one is being computed get its answer.
    m_counters->metricsWaiting.push_back(responder);
    if (m_counters->metricsWaiting.size() > 1) {
        return;
    }
    MetricsInput input;
    input.head = m_store.head();
    input.alertsAccepted = m_counters->alertsAccepted;
    input.webhooksAccepted = m_counters->webhooksAccepted;
    input.rejectedByCode = m_counters->rejectedByCode();
    input.commits = m_writer->commitCount();
    input.syncClients = m_hub->clientCount();
    input.slowClientsClosed = m_hub->slowClientsClosed();
    input.verified = m_startVerification.ok;
    input.firstBadSeq = m_startVerification.firstBadSeq;
    input.now = QDateTime::currentMSecsSinceEpoch();
    input.followUpNow = clockNow();
    input.projection = m_projection.copyWithoutAlerts();
    input.followUp = std::make_shared<const Collab::FollowUp>(*m_followUp);

    // Folding every incident (durations, targets, recurrences) takes long on a big store: it
    // happens on a pool thread, so requests and sync go on meanwhile.
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, input = std::move(input)]() mutable {
        const QByteArray text = metricsText(input);
        input = {}; // the copies go here, not on the event loop
        QMetaObject::invokeMethod(self, [self, text]() {
            for (const HttpResponder &waiting : std::exchange(self->m_counters->metricsWaiting,
                                                              {})) {
                waiting.send(200, text, "text/plain; version=0.0.4");
            }
        }, Qt::QueuedConnection);
    });
}

std::optional<SyncHub::Access> Server::syncAccess(const QByteArray &token) const
{
    const std::optional<Principal> principal = principalForToken(token);
    using Security::Permission;
    if (!principal || !(principal->can(Permission::ReadIncidents)
                        || principal->can(Permission::ReadSharedIncidents))) {
        return std::nullopt;
    }
    QString key = u"reader"_s;
    if (principal->can(Permission::ManageAccounts)) {
        key = u"all"_s;
    } else if (!principal->can(Permission::ReadIncidents)) {
        key = u"shared:"_s + principal->user;
    }
    QStringList permissions;
    for (const Permission permission : std::as_const(principal->permissions)) {
        permissions.append(Security::permissionName(permission));
    }
    permissions.sort();
    const Principal copy = *principal;
    return SyncHub::Access{principal->actor(), key,
                           [this, copy](const Event &event) {
                               return copy.canSee(event, m_projection);
                           },
                           permissions};
}

namespace {

// QtWebSockets has queued a first read of the new socket; closing after it, not before,
// spares the log a "device not open" warning per refused connection.
void closeRefused(std::unique_ptr<QWebSocket> socket, const QString &reason)
{
    QWebSocket *raw = socket.release();
    QMetaObject::invokeMethod(raw, [raw, reason]() {
        raw->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
        raw->deleteLater();
    }, Qt::QueuedConnection);
}

} // namespace

void Server::onWebSocket()
{
    // A client that moved here from another replica may know events committed there that
    // this replica has not applied yet: take them in before it resumes.
    m_writer->catchUp();
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        const QUrl url = socket->requestUrl();
        if (url.path() != u"/api/v1/sync") {
            closeRefused(std::move(socket), u"not_found"_s);
            continue;
        }
        QByteArray token = socket->request().rawHeader("Authorization").trimmed();
        token = token.left(7).toLower() == "bearer " ? token.mid(7).trimmed() : QByteArray();
        if (token.isEmpty()) {
            token = QUrlQuery(url).queryItemValue(u"token"_s, QUrl::FullyDecoded).toUtf8();
        }
        const std::optional<SyncHub::Access> access = syncAccess(token);
        if (!access) {
            if (QString note; m_counters->refusalLog.admitNow(u"sync/unauthorized"_s, &note)) {
                qCWarning(lcServer).noquote()
                    << "refused sync connection from" << socket->peerAddress().toString()
                    << u": missing, unknown or insufficient API token"_s + note;
            }
            closeRefused(std::move(socket), u"unauthorized"_s);
            continue;
        }
        // A sync message is at most what an HTTP request body may be (a command is the same
        // JSON as POST /api/v1/commands); a larger one closes the connection with 1009.
        socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxBodyBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxBodyBytes));
        m_hub->addClient(std::move(socket), token, *access);
    }
}

} // namespace Firebreak
