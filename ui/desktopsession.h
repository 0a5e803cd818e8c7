// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"
#include "sync/syncclient.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Firebreak {

class Replica;

/**
 * The desktop's view of one server: a local replica of the event log, the sync client that
 * keeps it current and the projection folded from it.
 *
 * open() folds what the replica already holds, so the window shows the last known state before
 * (or without) any server. Events that arrive later are folded and announced by eventsApplied();
 * a change of the server's store clears everything and announces projectionReset(). Lives on the
 * GUI thread.
 */
class DesktopSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopSession)
public:
    explicit DesktopSession(QObject *parent = nullptr);
    ~DesktopSession() override;

    /// The replica file used when open() gets no path: in the application's local data folder.
    static QString defaultReplicaPath();

    /// Opens (or creates) the replica at `path` and folds its events; false with errorString().
    bool open(const QString &path = {});
    QString errorString() const { return m_error; }
    QString replicaPath() const { return m_replicaPath; }

    /// Starts syncing with `server` (http://host:port); reconnects by itself until stop().
    void connectToServer(const QUrl &server, const QString &token);
    void stop();

    /// The server in use, or the one asked for when not connected.
    QUrl server() const;
    SyncClient::State connectionState() const;
    /// The reason of the last connection failure, in the network layer's words; may be empty.
    QString connectionError() const;

    const Projection &projection() const { return m_projection; }
    /// The events of one incident held locally, in order.
    EventList timeline(const QString &incidentId) const;

    /// Asks the server to acknowledge or resolve an incident (UUID or INC-n). The answer comes
    /// as commandSucceeded() or commandRefused(); when offline, commandRefused() comes at once.
    void acknowledge(const QString &incident);
    void resolve(const QString &incident);
    /// The connection, for commands other views send (null before open()).
    SyncClient *syncClient() const { return m_sync.get(); }

    /// Folds events already stored in the replica and announces them. Connected to the sync
    /// client; tests call it directly.
    void applyEvents(const Firebreak::EventList &events);

Q_SIGNALS:
    /// Events were folded into the projection, in sequence order.
    void eventsApplied(const Firebreak::EventList &events);
    /// The projection was rebuilt or cleared: models must start over.
    void projectionReset();
    void connectionStateChanged(Firebreak::SyncClient::State state);
    /// A command was accepted; `message` is ready to show ("INC-3 acknowledged").
    void commandSucceeded(const QString &message);
    /// A command was refused or could not be sent; `message` is ready to show.
    void commandRefused(const QString &message);

private:
    struct PendingCommand
    {
        bool acknowledge = true;
        QString number;
    };

    void sendIncidentCommand(bool acknowledge, const QString &incident);
    static QString refusalText(const PendingCommand &pending, const QString &reason);
    void onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    void onResynchronising();
    void onStateChanged(Firebreak::SyncClient::State state);
    void foldReplica();

    std::unique_ptr<Replica> m_replica;
    std::unique_ptr<SyncClient> m_sync;
    Projection m_projection;
    QHash<QString, PendingCommand> m_pendingCommands;
    QUrl m_server;
    QString m_replicaPath;
    QString m_error;
};

} // namespace Firebreak
