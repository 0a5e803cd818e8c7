// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"

#include "logging.h"
#include "sync/replica.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Firebreak {

DesktopSession::DesktopSession(QObject *parent)
    : QObject(parent)
{
}

DesktopSession::~DesktopSession()
{
    // The sync client writes into the replica: it must go first.
    m_sync.reset();
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

    // The client reads the replica's store id and last sequence number when it is created.
    m_sync = std::make_unique<SyncClient>(m_replica.get());
    connect(m_sync.get(), &SyncClient::eventsArrived, this, &DesktopSession::applyEvents);
    connect(m_sync.get(), &SyncClient::resynchronising, this,
            &DesktopSession::onResynchronising);
    connect(m_sync.get(), &SyncClient::stateChanged, this, &DesktopSession::onStateChanged);
    connect(m_sync.get(), &SyncClient::commandAnswered, this,
            &DesktopSession::onCommandAnswered);
    return true;
}

void DesktopSession::foldReplica()
{
    QElapsedTimer timer;
    timer.start();
    m_projection.clear();
    const EventList events = m_replica->readAll();
    for (const Event &event : events) {
        m_projection.apply(event);
    }
    qCDebug(lcUi) << "folded" << events.size() << "local events in" << timer.elapsed() << "ms";
    Q_EMIT projectionReset();
}

void DesktopSession::connectToServer(const QUrl &server, const QString &token)
{
    Q_ASSERT_X(m_sync, "DesktopSession::connectToServer", "open() first");
    m_server = server;
    m_sync->connectToServer(server, token);
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

EventList DesktopSession::timeline(const QString &incidentId) const
{
    return m_replica ? m_replica->readIncident(incidentId) : EventList();
}

void DesktopSession::applyEvents(const EventList &events)
{
    for (const Event &event : events) {
        m_projection.apply(event);
    }
    Q_EMIT eventsApplied(events);
}

void DesktopSession::onResynchronising()
{
    qCWarning(lcUi).noquote() << "the store of" << server().toDisplayString()
                              << "changed; discarding the local copy";
    m_projection.clear();
    Q_EMIT projectionReset();
}

void DesktopSession::onStateChanged(SyncClient::State state)
{
    // Answers to commands sent on a connection that dropped never come.
    if (state == SyncClient::State::Unreachable || state == SyncClient::State::Idle) {
        const auto pending = std::exchange(m_pendingCommands, {});
        for (const PendingCommand &command : pending) {
            Q_EMIT commandRefused(tr("The connection dropped before the server answered about"
                                     " %1; check it once the connection is back.")
                                      .arg(command.number));
        }
    }
    Q_EMIT connectionStateChanged(state);
}

void DesktopSession::acknowledge(const QString &incident)
{
    sendIncidentCommand(true, incident);
}

void DesktopSession::resolve(const QString &incident)
{
    sendIncidentCommand(false, incident);
}

void DesktopSession::sendIncidentCommand(bool acknowledge, const QString &incident)
{
    const IncidentRecord *record = m_projection.incident(incident);
    const PendingCommand pending{acknowledge, record ? record->numberText() : incident};
    const QJsonObject command{
        {u"type"_s, acknowledge ? u"incident.acknowledge"_s : u"incident.resolve"_s},
        {u"incident"_s, record ? record->id : incident},
    };
    const QString id = m_sync ? m_sync->sendCommand(command) : QString();
    if (id.isEmpty()) {
        const QString reason = tr("the server is unreachable, so nothing was sent");
        Q_EMIT commandRefused(refusalText(pending, reason));
        return;
    }
    m_pendingCommands.insert(id, pending);
}

void DesktopSession::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    const auto it = m_pendingCommands.constFind(id);
    if (it == m_pendingCommands.cend()) {
        return;
    }
    const PendingCommand pending = *it;
    m_pendingCommands.erase(it);

    if (ok) {
        Q_EMIT commandSucceeded(pending.acknowledge
                                    ? tr("%1 acknowledged.").arg(pending.number)
                                    : tr("%1 resolved.").arg(pending.number));
        return;
    }
    const QJsonObject error = answer.value(u"error"_s).toObject();
    QString reason = error.value(u"message"_s).toString();
    if (reason.isEmpty()) {
        reason = tr("the server gave no reason");
    }
    qCWarning(lcUi).noquote() << "command on" << pending.number << "refused:" << reason;
    Q_EMIT commandRefused(refusalText(pending, reason));
}

QString DesktopSession::refusalText(const PendingCommand &pending, const QString &reason)
{
    return pending.acknowledge
        ? tr("Could not acknowledge %1: %2").arg(pending.number, reason)
        : tr("Could not resolve %1: %2").arg(pending.number, reason);
}

} // namespace Firebreak
