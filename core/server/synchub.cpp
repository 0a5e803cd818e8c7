// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "synchub.h"

#include "store/eventstore.h"
#include "sync/protocol.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "firebreak.sync", QtWarningMsg)

namespace Firebreak {

struct SyncHub::Client
{
    std::unique_ptr<QWebSocket> socket;
    QByteArray token;
    Access access;
    QString actor;
    qint64 cursor = 0;
    bool subscribed = false;
    bool live = false;
    bool pumpScheduled = false;
    quint64 connection = 0;
    QString presenceIncident;
    QJsonObject presence;
};

SyncHub::SyncHub(EventStore &store, CommandRunner runner, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_runner(std::move(runner))
{
}

SyncHub::~SyncHub()
{
    for (const auto &client : m_clients) {
        client->socket->disconnect(this);
    }
}

void SyncHub::addClient(std::unique_ptr<QWebSocket> socket, const QByteArray &token,
                        const Access &access)
{
    auto client = std::make_unique<Client>();
    client->socket = std::move(socket);
    client->token = token;
    client->access = access;
    const QString &actor = access.actor;
    client->actor = actor;
    client->connection = ++m_connections;
    Client *raw = client.get();
    m_clients.push_back(std::move(client));

    connect(raw->socket.get(), &QWebSocket::textMessageReceived, this,
            [this, raw](const QString &text) { onMessage(raw, text); });
    connect(raw->socket.get(), &QWebSocket::disconnected, this,
            [this, raw]() { removeClient(raw); });

    sendJson(raw, {{u"type"_s, u"hello"_s},
                   {u"protocol"_s, Sync::ProtocolVersion},
                   {u"storeId"_s, m_store.storeId()},
                   {u"head"_s, m_store.head()},
                   {u"actor"_s, actor}});
}

void SyncHub::removeClient(Client *client)
{
    const auto it = std::find_if(m_clients.begin(), m_clients.end(),
                                 [client](const auto &c) { return c.get() == client; });
    if (it == m_clients.end()) {
        return;
    }
    leavePresence(it->get());
    (*it)->socket->disconnect(this);
    (*it)->socket.release()->deleteLater();
    m_clients.erase(it);
}

void SyncHub::sendJson(Client *client, const QJsonObject &message)
{
    client->socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    ++m_messagesSent;
}

void SyncHub::onMessage(Client *client, const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    const QJsonObject message = document.object();
    const QString type = message.value(u"type"_s).toString();

    if (!document.isObject()) {
        qCWarning(lcSync).noquote() << "malformed message from" << client->actor << ":"
                                    << parseError.errorString();
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, u"messages must be JSON"
                                                                  u" objects"_s}}}});
    } else if (type == u"subscribe") {
        subscribe(client, message);
    } else if (type == u"command") {
        const QJsonValue id = message.value(u"id"_s);
        QPointer<QWebSocket> socket = client->socket.get();
        const QString origin = u"sync "_s + client->socket->peerAddress().toString();
        m_runner(message.value(u"command"_s).toObject(), client->token, origin,
                 [this, socket, id](const QJsonObject &answer) {
                     if (!socket) {
                         return;
                     }
                     QJsonObject reply = answer;
                     reply.insert(u"type"_s, u"result"_s);
                     reply.insert(u"id"_s, id);
                     socket->sendTextMessage(QString::fromUtf8(
                         QJsonDocument(reply).toJson(QJsonDocument::Compact)));
                     ++m_messagesSent;
                 });
    } else if (type == u"presence") {
        relayPresence(client, message);
    } else if (type == u"ping") {
        sendJson(client, {{u"type"_s, u"pong"_s}, {u"head"_s, m_store.head()}});
    } else {
        const QString message = u"unknown message type: "_s + type.left(64);
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, message}}}});
    }
}

void SyncHub::subscribe(Client *client, const QJsonObject &message)
{
    const QString knownStore = message.value(u"storeId"_s).toString();
    qint64 after = message.value(u"after"_s).toInteger();

    // A client that knew another store (wiped or restored server) starts over.
    if (!knownStore.isEmpty() && knownStore != m_store.storeId()) {
        sendJson(client, {{u"type"_s, u"reset"_s},
                          {u"storeId"_s, m_store.storeId()},
                          {u"reason"_s, u"the server's store changed; resynchronising"_s}});
        after = 0;
    }
    if (after < 0 || after > m_store.head()) {
        after = 0;
        sendJson(client, {{u"type"_s, u"reset"_s},
                          {u"storeId"_s, m_store.storeId()},
                          {u"reason"_s, u"the client is ahead of the server; resynchronising"_s}});
    }
    client->cursor = after;
    client->subscribed = true;
    client->live = false;
    pump(client);
}

void SyncHub::pump(Client *client)
{
    client->pumpScheduled = false;
    const EventList page = m_store.readAfter(client->cursor, Sync::CatchUpPageSize);
    if (!page.isEmpty()) {
        EventList visible;
        for (const Event &event : page) {
            if (client->access.canSee(event)) {
                visible.append(event);
            }
        }
        sendEvents(client, visible, client->cursor + 1, page.last().seq);
        client->cursor = page.last().seq;
    }
    if (client->cursor >= m_store.head()) {
        client->live = true;
        sendJson(client, {{u"type"_s, u"synced"_s}, {u"head"_s, client->cursor}});
        return;
    }

    // Let the event loop breathe between pages; a client may go away meanwhile.
    client->pumpScheduled = true;
    QTimer::singleShot(0, this, [this, client]() {
        const bool stillHere = std::any_of(m_clients.cbegin(), m_clients.cend(),
                                           [client](const auto &c) { return c.get() == client; });
        if (stillHere) {
            pump(client);
        }
    });
}

void SyncHub::sendEvents(Client *client, const EventList &events, qint64 from, qint64 through)
{
    client->socket->sendTextMessage(QString::fromUtf8(Sync::eventsMessage(events, from, through)));
    ++m_messagesSent;
}

void SyncHub::broadcast(const EventList &events)
{
    if (events.isEmpty()) {
        return;
    }
    const qint64 from = events.first().seq;
    const qint64 last = events.last().seq;
    // Filter and serialise once per kind of reader, not once per client; nothing when nobody
    // is live (serialising is about a tenth of ingestion time).
    QHash<QString, QString> messages;
    for (const auto &client : m_clients) {
        if (!client->live) {
            continue;
        }
        auto message = messages.find(client->access.visibilityKey);
        if (message == messages.end()) {
            EventList visible;
            for (const Event &event : events) {
                if (client->access.canSee(event)) {
                    visible.append(event);
                }
            }
            message = messages.insert(client->access.visibilityKey,
                                      QString::fromUtf8(Sync::eventsMessage(visible, from, last)));
        }
        client->socket->sendTextMessage(*message);
        client->cursor = last;
        ++m_messagesSent;
    }
}

void SyncHub::revalidate(const Validator &validator)
{
    QList<Client *> closing;
    for (const auto &client : m_clients) {
        const std::optional<Access> access = validator(client->token);
        if (!access) {
            closing.append(client.get());
            continue;
        }
        const bool changed = access->visibilityKey != client->access.visibilityKey
            || access->visibilityKey.startsWith(u"shared:");
        client->access = *access;
        if (changed && client->subscribed) {
            sendJson(client.get(), {{u"type"_s, u"reset"_s},
                                    {u"storeId"_s, m_store.storeId()},
                                    {u"reason"_s, u"what you may see changed"_s}});
            client->cursor = 0;
            client->live = false;
            pump(client.get());
        }
    }
    for (Client *client : std::as_const(closing)) {
        client->socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"unauthorized"_s);
    }
}

// Presence (docs/protocol.md): who has which post-mortem open and where their cursor is. Kept in
// memory only and relayed to the clients allowed to see that incident's post-mortem edits.
namespace {

constexpr qsizetype MaxPresenceBytes = 4096;

Event presenceProbe(const QString &incident)
{
    Event probe;
    probe.type = u"postmortem.edited"_s;
    probe.incident = incident;
    return probe;
}

} // namespace

void SyncHub::relayPresence(Client *client, const QJsonObject &message)
{
    const QString incident = message.value(u"incident"_s).toString();
    const QJsonObject state = message.value(u"state"_s).toObject();
    const qsizetype size = QJsonDocument(state).toJson(QJsonDocument::Compact).size();
    if (incident.isEmpty() || size > MaxPresenceBytes
        || !client->access.canSee(presenceProbe(incident))) {
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, u"presence needs an incident"
                                                                  u" you can see and a state"
                                                                  u" under 4 KiB"_s}}}});
        return;
    }
    const bool joining = incident != client->presenceIncident;
    if (joining) {
        leavePresence(client);
    }
    client->presenceIncident = state.isEmpty() ? QString() : incident;
    client->presence = state;
    announcePresence(client, incident, state);
    if (!joining || state.isEmpty()) {
        return;
    }
    // Someone who arrives learns who is already there.
    for (const auto &other : m_clients) {
        if (other.get() != client && other->presenceIncident == incident) {
            sendJson(client, {{u"type"_s, u"presence"_s},
                              {u"incident"_s, incident},
                              {u"connection"_s, qint64(other->connection)},
                              {u"actor"_s, other->actor},
                              {u"state"_s, other->presence}});
        }
    }
}

void SyncHub::announcePresence(Client *from, const QString &incident, const QJsonObject &state)
{
    const QJsonObject message{{u"type"_s, u"presence"_s},
                              {u"incident"_s, incident},
                              {u"connection"_s, qint64(from->connection)},
                              {u"actor"_s, from->actor},
                              {u"state"_s, state.isEmpty() ? QJsonValue() : QJsonValue(state)}};
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    const Event probe = presenceProbe(incident);
    for (const auto &other : m_clients) {
        if (other.get() != from && other->subscribed && other->access.canSee(probe)) {
            other->socket->sendTextMessage(text);
            ++m_messagesSent;
        }
    }
}

void SyncHub::leavePresence(Client *client)
{
    if (client->presenceIncident.isEmpty()) {
        return;
    }
    const QString incident = std::exchange(client->presenceIncident, QString());
    client->presence = {};
    announcePresence(client, incident, {});
}

} // namespace Firebreak
