// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "security/tls.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace Firebreak {

class Replica;

/**
 * The client side of WebSocket sync: connects, resumes after the replica's last sequence
 * number, stores what arrives in the replica before announcing it, reconnects with backoff
 * when the server goes away, and starts over when the server's store changed.
 */
class SyncClient final : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, CatchingUp, Live, Unreachable };
    Q_ENUM(State)

    /// `replica` may be null (events are then kept by the receiver only); not owned.
    explicit SyncClient(Replica *replica, QObject *parent = nullptr);
    ~SyncClient() override;

    /// `server` is the HTTP base URL (http://host:port); sync runs on its /api/v1/sync.
    void connectToServer(const QUrl &server, const QString &token);
    /**
     * Replicas of one store (one PostgreSQL database): starts with the first and, when the one
     * in use goes away or cannot be reached, tries the next in turn, resuming after lastSeq().
     */
    void connectToServers(const QList<QUrl> &servers, const QString &token);
    void stop();
    /// Which certificates a wss:// server may present (default: the system's CAs). A refused
    /// certificate leaves the client Unreachable with lastError() saying why.
    void setTlsTrust(const TlsTrust &trust);

    State state() const { return m_state; }
    /// The server in use (or tried last).
    QUrl server() const { return m_server; }
    QString lastError() const { return m_lastError; }
    /// Why the last events received could not be stored in the replica (disk full, …), or
    /// empty; such events are neither announced nor counted, and come again on reconnecting.
    QString localCopyError() const { return m_localCopyError; }
    qint64 lastSeq() const { return m_lastSeq; }
    QString storeId() const { return m_storeId; }
    /// Whether the server said what this connection may do (servers before the `permissions`
    /// field of the hello do not); false before the first hello.
    bool hasPermissions() const { return m_hasPermissions; }
    /// The names of the permissions the server last said this connection holds
    /// (docs/permissions.md), sorted; kept while disconnected.
    QStringList permissions() const { return m_permissions; }

    /// Sends a command (DESIGN.md); returns its id, answered by commandAnswered(). Empty when
    /// not connected.
    QString sendCommand(const QJsonObject &command);
    /// Sends a command under a lasting id of the caller's (a UUID): it becomes the message id
    /// and the command's `commandId`, which the server decides once (docs/protocol.md).
    /// Returns `id`, or empty when not connected.
    QString sendCommand(const QJsonObject &command, const QString &id);
    /// Sends another protocol message (presence); false when not connected.
    bool sendMessage(const QJsonObject &message);
    /// Handles one message as if the server had sent it; the sync protocol's fuzz target
    /// feeds messages through here.
    void receiveMessage(const QString &text) { onTextMessage(text); }

Q_SIGNALS:
    void stateChanged(Firebreak::SyncClient::State state);
    /// New events in sequence order, already in the replica.
    void eventsArrived(const Firebreak::EventList &events);
    /// The server's store changed: everything held so far is void; events follow from 1.
    void resynchronising();
    void synced(qint64 head);
    void commandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    /// A presence message from the server (docs/protocol.md).
    void presenceReceived(const QJsonObject &message);
    /// The server said (in its hello or later, after a role change) what this connection may
    /// do: hasPermissions() and permissions() tell.
    void permissionsReceived();
    /// Events could not be stored in the replica; the client disconnects and tries again
    /// with backoff (localCopyError()).
    void localCopyFailed(const QString &error);

private:
    void open();
    void setState(State state);
    void onTextMessage(const QString &text);
    void onDisconnected();
    void handleEvents(const QJsonArray &events, qint64 from, qint64 through);
    void takePermissions(const QJsonValue &permissions);

    Replica *m_replica;
    QWebSocket m_socket;
    QTimer m_reconnectTimer;
    QUrl m_server;
    QList<QUrl> m_servers;
    qsizetype m_serverIndex = 0;
    QString m_token;
    QString m_storeId;
    QString m_lastError;
    QString m_localCopyError;
    QString m_tlsProblem;
    QStringList m_permissions;
    bool m_hasPermissions = false;
    TlsTrust m_trust;
    qint64 m_lastSeq = 0;
    int m_backoffMs = 250;
    int m_commandCounter = 0;
    bool m_wanted = false;
    State m_state = State::Idle;
};

} // namespace Firebreak
