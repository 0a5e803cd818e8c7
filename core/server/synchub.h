// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QWebSocket;

namespace Firebreak {

class EventStore;

/**
 * The server side of WebSocket sync (docs/protocol.md): hello, subscribe with resume, catch-up
 * from the log in pages, live fan-out of committed events (each batch serialised once), and
 * commands with their answers.
 */
class SyncHub final : public QObject
{
    Q_OBJECT
public:
    /// What a connected client may see. Clients with the same `visibilityKey` see the same
    /// events, so a batch is filtered and serialised once per key.
    struct Access
    {
        QString actor;
        QString visibilityKey;
        std::function<bool(const Event &)> canSee;
        /// The names of the permissions the client holds (docs/permissions.md), sorted; sent
        /// in the hello and again in a `permissions` message when they change.
        QStringList permissions;
    };
    /// Runs a command for the client holding `token`, sent from `origin` ("sync ADDRESS");
    /// `answer` gets {ok, events|error} when it is durable.
    using CommandRunner = std::function<void(const QJsonObject &command, const QByteArray &token,
                                             const QString &origin,
                                             std::function<void(const QJsonObject &)> answer)>;
    /// Looks a client's token up again: nullopt when it is no longer valid.
    using Validator = std::function<std::optional<Access>(const QByteArray &token)>;

    SyncHub(EventStore &store, CommandRunner runner, QObject *parent = nullptr);
    ~SyncHub() override;

    /// Takes a socket authenticated with `token` (kept in memory only, to re-check it).
    void addClient(std::unique_ptr<QWebSocket> socket, const QByteArray &token,
                   const Access &access);
    /// Fans a committed batch out to every live client, each seeing what it may.
    void broadcast(const EventList &events);
    /// Re-checks every client's token: closes those no longer valid and restarts the stream of
    /// those whose visibility changed (for instance a stakeholder given a new incident).
    void revalidate(const Validator &validator);
    int clientCount() const { return int(m_clients.size()); }
    qint64 messagesSent() const { return m_messagesSent; }

    /// Close code and reason for a client that reads too slowly (docs/protocol.md).
    static constexpr quint16 SlowClientCloseCode = 4000;
    static constexpr QStringView SlowClientReason = u"too_slow";
    /// The most bytes queued for one client before it is closed as too slow; catch-up pauses
    /// at a quarter of it until the client has read. 0: no limit.
    void setMaxQueuedBytes(qint64 bytes) { m_maxQueuedBytes = bytes; }
    qint64 maxQueuedBytes() const { return m_maxQueuedBytes; }
    /// Clients closed because they fell behind by more than maxQueuedBytes().
    qint64 slowClientsClosed() const { return m_slowClientsClosed; }
    /// Tells whether an incident exists: presence for any other is refused, not relayed.
    void setIncidentExists(std::function<bool(const QString &incident)> exists)
    {
        m_incidentExists = std::move(exists);
    }

private:
    struct Client;
    void onMessage(Client *client, const QString &text);
    void refuseBinary(Client *client);
    /// Logs a close that QtWebSockets made on a broken frame.
    void logProtocolFailure(Client *client);
    void subscribe(Client *client, const QJsonObject &message);
    void pump(Client *client);
    void schedulePump(Client *client);
    void sendJson(Client *client, const QJsonObject &message);
    /// Yes for catch-up, which waits for the client to read before each page by itself.
    enum class Throttled { No, Yes };
    /// Queues a frame unless the client already has more than maxQueuedBytes() waiting; then
    /// it is closed as too slow (soon after, not within this call) and false is returned.
    bool send(Client *client, const QString &text, Throttled throttled = Throttled::No);
    void closeSlowClient(Client *client);
    bool isConnected(const Client *client) const;
    void onBytesWritten(Client *client);
    void removeClient(Client *client);
    void relayPresence(Client *client, const QJsonObject &message);
    void announcePresence(Client *from, const QString &incident, const QJsonObject &state);
    void leavePresence(Client *client);

    EventStore &m_store;
    std::function<bool(const QString &)> m_incidentExists;
    CommandRunner m_runner;
    std::vector<std::unique_ptr<Client>> m_clients;
    qint64 m_messagesSent = 0;
    qint64 m_maxQueuedBytes = 0;
    qint64 m_slowClientsClosed = 0;
    quint64 m_connections = 0;
};

} // namespace Firebreak
