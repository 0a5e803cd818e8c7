// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"

#include "logging.h"
#include "server/server.h"
#include "security/permissions.h"
#include "sync/commandoutbox.h"
#include "sync/replica.h"
#include "timelinemodel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// The permissions the server last gave, kept in the local copy (Replica::value()).
constexpr QLatin1StringView s_permissionsKey("permissions");

} // namespace

DesktopSession::DesktopSession(QObject *parent)
    : QObject(parent)
{
    m_projection.addFold([this](const Projection &projection, const Event &event) {
        m_followUp.apply(projection, event);
    });
    m_announceTimer.setSingleShot(true);
    m_announceTimer.setInterval(1000);
    connect(&m_announceTimer, &QTimer::timeout, this, &DesktopSession::announcePending);
}

DesktopSession::~DesktopSession()
{
    // The queue listens to the sync client, which writes into the replica and talks to the
    // local server: in that order.
    m_outbox.reset();
    m_sync.reset();
    m_localServer.reset();
}

QString DesktopSession::defaultReplicaPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(folder).filePath(u"replica.sqlite"_s);
}

bool DesktopSession::open(const QString &path)
{
    m_replicaPath = path.isEmpty() ? defaultReplicaPath() : path;
    if (!QDir().mkpath(QFileInfo(m_replicaPath).absolutePath())) {
        m_error = tr("Cannot create the folder of %1.").arg(m_replicaPath);
        return false;
    }

    m_outbox.reset();
    m_sync.reset();
    m_replica = std::make_unique<Replica>();
    if (!m_replica->open(m_replicaPath)) {
        m_error = tr("Cannot open the local copy %1: %2")
                      .arg(m_replicaPath, m_replica->errorString());
        qCWarning(lcUi).noquote() << "cannot open replica" << m_replicaPath << ":"
                                  << m_replica->errorString();
        m_replica.reset();
        return false;
    }
    foldReplica();
    loadPermissions();

    // The client reads the replica's store id and last sequence number when it is created.
    m_sync = std::make_unique<SyncClient>(m_replica.get());
    connect(m_sync.get(), &SyncClient::eventsArrived, this, &DesktopSession::applyEvents);
    connect(m_sync.get(), &SyncClient::resynchronising, this,
            &DesktopSession::onResynchronising);
    connect(m_sync.get(), &SyncClient::stateChanged, this, &DesktopSession::onStateChanged);
    connect(m_sync.get(), &SyncClient::localCopyFailed, this, &DesktopSession::localCopyFailed);
    connect(m_sync.get(), &SyncClient::permissionsReceived, this,
            &DesktopSession::onPermissionsReceived);

    // Queued commands live in the same file, apart from the events: a reset keeps them.
    m_outbox = std::make_unique<CommandOutbox>(m_sync.get());
    if (!m_outbox->open(m_replicaPath)) {
        m_error = tr("Cannot open the queue of unsent commands in %1: %2")
                      .arg(m_replicaPath, m_outbox->errorString());
        m_outbox.reset();
        return false;
    }
    connect(m_outbox.get(), &CommandOutbox::changed, this, &DesktopSession::queueChanged);
    connect(m_outbox.get(), &CommandOutbox::accepted, this, &DesktopSession::onCommandAccepted);
    connect(m_outbox.get(), &CommandOutbox::refused, this,
            &DesktopSession::onCommandRefusedByServer);
    return true;
}

void DesktopSession::foldReplica()
{
    QElapsedTimer timer;
    timer.start();
    m_projection.clear();
    m_timelines.clear();
    m_unannounced.clear();
    m_announceTimer.stop();
    // One event at a time: the whole log as a list would set the peak of memory.
    qsizetype count = 0;
    m_replica->visitAll([this, &count](const Event &event) {
        fold(event);
        ++count;
        return true;
    });
    qCDebug(lcUi) << "folded" << count << "local events in" << timer.elapsed() << "ms";
    Q_EMIT projectionReset();
}

void DesktopSession::connectToServer(const QUrl &server, const QString &token)
{
    Q_ASSERT_X(m_sync, "DesktopSession::connectToServer", "open() first");
    if (m_localServer && server != m_localServer->url()) {
        m_sync->stop();
        m_localServer.reset();
        m_localDataDir.clear();
    }
    m_server = server;
    m_sync->setTlsTrust(m_trust);
    m_token = token;
    m_sync->connectToServer(server, token);
}

QString DesktopSession::defaultLocalDataDir()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(folder).filePath(u"local"_s);
}

bool DesktopSession::startLocalMode(const QString &dataDir)
{
    Q_ASSERT_X(m_sync, "DesktopSession::startLocalMode", "open() first");
    ServerOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.dataDir = dataDir.isEmpty() ? defaultLocalDataDir() : dataDir;
    auto server = std::make_unique<Server>(options);
    if (!server->start()) {
        m_error = tr("Cannot start local mode in %1: %2").arg(options.dataDir,
                                                              server->errorString());
        qCWarning(lcUi).noquote() << "local mode:" << server->errorString();
        return false;
    }

    // The server wrote the first administrator's token there when it created the store.
    QFile tokenFile(QDir(options.dataDir).filePath(u"admin-token"_s));
    if (!tokenFile.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read the local token %1: %2").arg(tokenFile.fileName(),
                                                               tokenFile.errorString());
        return false;
    }
    const QString token = QString::fromUtf8(tokenFile.readAll()).trimmed();
    m_sync->stop();
    m_localServer = std::move(server);
    m_localDataDir = options.dataDir;
    m_server = m_localServer->url();
    m_sync->connectToServer(m_server, token);
    return true;
}

QString DesktopSession::localStorePath() const
{
    return m_localServer ? QDir(m_localDataDir).filePath(u"firebreak.sqlite"_s) : QString();
}

void DesktopSession::stop()
{
    if (m_sync) {
        m_sync->stop();
    }
}

QUrl DesktopSession::server() const
{
    return m_sync && !m_sync->server().isEmpty() ? m_sync->server() : m_server;
}

SyncClient::State DesktopSession::connectionState() const
{
    return m_sync ? m_sync->state() : SyncClient::State::Idle;
}

QString DesktopSession::connectionError() const
{
    return m_sync ? m_sync->lastError() : QString();
}

QString DesktopSession::localCopyError() const
{
    return m_sync ? m_sync->localCopyError() : QString();
}

EventList DesktopSession::timeline(const QString &incidentId) const
{
    return m_replica ? m_replica->readIncident(incidentId) : EventList();
}

EventList DesktopSession::events() const
{
    return m_replica ? m_replica->readAll() : EventList();
}

void DesktopSession::visitEvents(const std::function<bool(const Event &)> &visit) const
{
    if (m_replica) {
        m_replica->visitAll(visit);
    }
}

void DesktopSession::fold(const Event &event)
{
    m_projection.apply(event);
    if (event.incident.isEmpty() || event.type == TimelineModel::s_postMortemEdited) {
        return;
    }
    std::shared_ptr<TimelineIndex> &timeline = m_timelines[event.incident];
    if (!timeline) {
        timeline = std::make_shared<TimelineIndex>();
    } else if (!timeline->isEmpty() && timeline->constLast().seq >= event.seq) {
        return; // folded already
    }
    timeline->append({event.seq, event.at, int(TimelineModel::kindOf(event.type))});
}

std::shared_ptr<const TimelineIndex> DesktopSession::timelineIndex(const QString &incidentId) const
{
    return m_timelines.value(incidentId);
}

EventList DesktopSession::timeline(const QString &incidentId, qint64 first, qint64 last) const
{
    return m_replica ? m_replica->readIncident(incidentId, first, last,
                                               TimelineModel::s_postMortemEdited.toString())
                     : EventList();
}

void DesktopSession::applyEvents(const EventList &events)
{
    for (const Event &event : events) {
        fold(event);
    }
    if (connectionState() == SyncClient::State::CatchingUp) {
        // Pages follow back to back: the views hear of them together (announcePending()).
        m_unannounced.append(events);
        if (!m_announceTimer.isActive()) {
            m_announceTimer.start();
        }
        return;
    }
    announcePending();
    Q_EMIT eventsApplied(events);
}

void DesktopSession::announcePending()
{
    m_announceTimer.stop();
    if (m_unannounced.isEmpty()) {
        return;
    }
    const EventList events = std::exchange(m_unannounced, {});
    Q_EMIT eventsApplied(events);
}

void DesktopSession::onResynchronising()
{
    qCWarning(lcUi).noquote() << "the store of" << server().toDisplayString()
                              << "changed; discarding the local copy";
    m_projection.clear();
    m_timelines.clear();
    m_unannounced.clear();
    m_announceTimer.stop();
    Q_EMIT projectionReset();
}

void DesktopSession::onStateChanged(SyncClient::State state)
{
    // Live (or cut off): whatever was folded meanwhile is shown before the state is.
    announcePending();
    Q_EMIT connectionStateChanged(state);
}

QString DesktopSession::missingPermission(const QString &type) const
{
    if (!m_permissionsKnown) {
        return {};
    }
    const QString needed = Security::permissionName(Security::permissionForCommand(type));
    return m_permissions.contains(needed) ? QString() : needed;
}

void DesktopSession::loadPermissions()
{
    // What the server said last time: offline, the window offers what it allowed then.
    const QString kept = m_replica->value(s_permissionsKey.toString());
    const QJsonDocument document = QJsonDocument::fromJson(kept.toUtf8());
    m_permissionsKnown = document.isArray();
    m_permissions.clear();
    const QJsonArray names = document.array();
    for (const QJsonValue &name : names) {
        m_permissions.append(name.toString());
    }
    Q_EMIT permissionsChanged();
}

void DesktopSession::onPermissionsReceived()
{
    const bool known = m_sync->hasPermissions();
    const QStringList permissions = known ? m_sync->permissions() : QStringList();
    if (known == m_permissionsKnown && permissions == m_permissions) {
        return;
    }
    m_permissionsKnown = known;
    m_permissions = permissions;
    const QByteArray list
        = QJsonDocument(QJsonArray::fromStringList(permissions)).toJson(QJsonDocument::Compact);
    const QString kept = known ? QString::fromUtf8(list) : QString();
    if (!m_replica->setValue(s_permissionsKey.toString(), kept)) {
        qCWarning(lcUi).noquote() << "cannot keep the permissions in" << m_replicaPath << ":"
                                  << m_replica->errorString();
    }
    qCInfo(lcUi).noquote() << "permissions of this session:"
                           << (known ? permissions.join(u", "_s) : u"not said"_s);
    Q_EMIT permissionsChanged();
}

void DesktopSession::acknowledge(const QString &incident)
{
    queueIncidentCommand({{u"type"_s, u"incident.acknowledge"_s}}, incident,
                         tr("Acknowledge %1"));
}

void DesktopSession::resolve(const QString &incident)
{
    queueIncidentCommand({{u"type"_s, u"incident.resolve"_s}}, incident, tr("Resolve %1"));
}

void DesktopSession::addNote(const QString &incident, const QString &text)
{
    queueIncidentCommand({{u"type"_s, u"incident.add_note"_s}, {u"text"_s, text}}, incident,
                         tr("Note on %1"));
}

void DesktopSession::setStatus(const QString &incident, const QString &status)
{
    queueIncidentCommand({{u"type"_s, u"incident.set_status"_s}, {u"status"_s, status}},
                         incident, tr("Set %1 to %2").arg(u"%1"_s, status));
}

void DesktopSession::changeSeverity(const QString &incident, const QString &severity)
{
    queueIncidentCommand(
        {{u"type"_s, u"incident.change_severity"_s}, {u"severity"_s, severity}}, incident,
        tr("Change the severity of %1 to %2").arg(u"%1"_s, severity));
}

// `description` has %1 for the incident's number.
void DesktopSession::queueIncidentCommand(QJsonObject command, const QString &incident,
                                          const QString &description)
{
    const IncidentRecord *record = m_projection.incident(incident);
    command.insert(u"incident"_s, record ? record->id : incident);
    queueCommand(command, description.arg(record ? record->numberText() : incident),
                 record ? record->id : QString());
}

QString DesktopSession::queueCommand(const QJsonObject &command, const QString &description,
                                     const QString &incident)
{
    const QString id = m_outbox ? m_outbox->enqueue(command, description, incident) : QString();
    if (id.isEmpty()) {
        const QString reason = m_outbox ? m_outbox->errorString() : tr("no local copy is open");
        Q_EMIT commandRefused(tr("Could not keep “%1” to send: %2").arg(description, reason));
        return {};
    }
    Q_EMIT commandQueued(id, description);
    return id;
}

QList<OutboxEntry> DesktopSession::queuedCommands(const QString &incident) const
{
    return m_outbox ? m_outbox->entriesOf(incident) : QList<OutboxEntry>();
}

void DesktopSession::dismissRefusedCommands()
{
    if (!m_outbox) {
        return;
    }
    const QList<OutboxEntry> entries = m_outbox->entries();
    for (const OutboxEntry &entry : entries) {
        if (!entry.isPending()) {
            m_outbox->dismiss(entry.id);
        }
    }
}

void DesktopSession::onCommandAccepted(const OutboxEntry &entry)
{
    const IncidentRecord *record = m_projection.incident(entry.incident);
    const QString number = record ? record->numberText() : entry.incident;
    const QString type = entry.command.value(u"type"_s).toString();
    if (type == u"incident.acknowledge") {
        Q_EMIT commandSucceeded(tr("%1 acknowledged.").arg(number));
    } else if (type == u"incident.resolve") {
        Q_EMIT commandSucceeded(tr("%1 resolved.").arg(number));
    } else {
        Q_EMIT commandSucceeded(tr("Done: %1.").arg(entry.description));
    }
}

void DesktopSession::onCommandRefusedByServer(const OutboxEntry &entry)
{
    const IncidentRecord *record = m_projection.incident(entry.incident);
    const QString number = record ? record->numberText() : entry.incident;
    const QString reason = entry.reason.isEmpty() ? tr("the server gave no reason")
                                                  : entry.reason;
    qCWarning(lcUi).noquote() << "command" << entry.id << "refused:" << reason;
    const QString type = entry.command.value(u"type"_s).toString();
    if (type == u"incident.acknowledge") {
        Q_EMIT commandRefused(tr("Could not acknowledge %1: %2").arg(number, reason));
    } else if (type == u"incident.resolve") {
        Q_EMIT commandRefused(tr("Could not resolve %1: %2").arg(number, reason));
    } else {
        Q_EMIT commandRefused(tr("Refused: %1: %2").arg(entry.description, reason));
    }
}

} // namespace Firebreak
