// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
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
    /// Runs a command for a client; `answer` gets {ok, events|error} when it is durable.
    using CommandRunner = std::function<void(const QJsonObject &command, const QString &actor,
                                             std::function<void(const QJsonObject &)> answer)>;

    SyncHub(EventStore &store, CommandRunner runner, QObject *parent = nullptr);
    ~SyncHub() override;

    /// Takes a socket that has been authenticated as `actor`.
    void addClient(std::unique_ptr<QWebSocket> socket, const QString &actor);
    /// Fans a committed batch out to every client that is live.
    void broadcast(const EventList &events);
    int clientCount() const { return int(m_clients.size()); }
    qint64 messagesSent() const { return m_messagesSent; }

private:
    struct Client;
    void onMessage(Client *client, const QString &text);
    void subscribe(Client *client, const QJsonObject &message);
    void pump(Client *client);
    void sendJson(Client *client, const QJsonObject &message);
    void removeClient(Client *client);

    EventStore &m_store;
    CommandRunner m_runner;
    std::vector<std::unique_ptr<Client>> m_clients;
    qint64 m_messagesSent = 0;
};

} // namespace Firebreak
