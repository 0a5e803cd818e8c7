// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "synchub.h"

#include "server/httputil.h"
#include "store/eventstore.h"
#include "sync/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "firebreak.sync", QtWarningMsg)

namespace Firebreak {

namespace {

// How long a client closed as too slow gets to read the close frame behind what was queued
// for it; then the connection is dropped, whatever it still holds.
constexpr int s_slowCloseGraceMs = 2000;

} // namespace

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
    /// Catch-up waits for the client to read what was queued (SyncHub::onBytesWritten).
    bool waitingForDrain = false;
    /// Closed as too slow; removed from the hub on the next turn of the event loop.
    bool closing = false;
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
    connect(raw->socket.get(), &QWebSocket::binaryMessageReceived, this,
            [this, raw]() { refuseBinary(raw); });
    connect(raw->socket.get(), &QWebSocket::disconnected, this, [this, raw]() {
        logProtocolFailure(raw);
        removeClient(raw);
    });
    connect(raw->socket.get(), &QWebSocket::bytesWritten, this,
            [this, raw]() { onBytesWritten(raw); });

    sendJson(raw, {{u"type"_s, u"hello"_s},
                   {u"protocol"_s, Sync::ProtocolVersion},
                   {u"storeId"_s, m_store.storeId()},
                   {u"head"_s, m_store.head()},
                   {u"actor"_s, actor},
                   {u"permissions"_s, QJsonArray::fromStringList(access.permissions)}});
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

bool SyncHub::isConnected(const Client *client) const
{
    return std::any_of(m_clients.cbegin(), m_clients.cend(),
                       [client](const auto &c) { return c.get() == client; });
}

void SyncHub::sendJson(Client *client, const QJsonObject &message)
{
    send(client, QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

bool SyncHub::send(Client *client, const QString &text, Throttled throttled)
{
    if (client->closing) {
        return false;
    }
    if (throttled == Throttled::No && m_maxQueuedBytes > 0
        && client->socket->bytesToWrite() > m_maxQueuedBytes) {
        closeSlowClient(client);
        return false;
    }
    client->socket->sendTextMessage(text);
    ++m_messagesSent;
    return true;
}

// A client that does not read would make the server hold everything sent to it: past the
// limit it is closed, and resumes with `after` when it connects again (docs/protocol.md).
void SyncHub::closeSlowClient(Client *client)
{
    client->closing = true;
    client->live = false;
    ++m_slowClientsClosed;
    qCWarning(lcSync).noquote() << "closing sync connection" << client->connection << "of"
                                << client->actor << "from"
                                << client->socket->peerAddress().toString() << ":"
                                << client->socket->bytesToWrite()
                                << "bytes wait for it to read, more than" << m_maxQueuedBytes;
    // Not within this call: callers may be iterating over the clients.
    QTimer::singleShot(0, this, [this, client]() {
        const auto it = std::find_if(m_clients.begin(), m_clients.end(),
                                     [client](const auto &c) { return c.get() == client; });
        if (it == m_clients.end()) {
            return;
        }
        leavePresence(client);
        QWebSocket *socket = client->socket.release();
        socket->disconnect(this);
        m_clients.erase(it);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
#ifdef __GLIBC__
        // Its buffers may have been large: give the memory back to the system.
        connect(socket, &QObject::destroyed, this, []() { malloc_trim(0); });
#endif
        socket->close(QWebSocketProtocol::CloseCode(SlowClientCloseCode),
                      SlowClientReason.toString());
        QTimer::singleShot(s_slowCloseGraceMs, socket, [socket]() {
            socket->abort();
            socket->deleteLater();
        });
    });
}

void SyncHub::onBytesWritten(Client *client)
{
    if (!client->waitingForDrain || client->closing
        || client->socket->bytesToWrite() > m_maxQueuedBytes / 4) {
        return;
    }
    client->waitingForDrain = false;
    schedulePump(client);
}

// docs/protocol.md: every message is JSON in a text frame. A client that sends binary speaks
// something else; it is told so and closed with 1003 (RFC 6455, 7.4.1), not left waiting.
void SyncHub::refuseBinary(Client *client)
{
    if (client->closing) {
        return;
    }
    client->closing = true;
    client->live = false;
    qCWarning(lcSync).noquote() << "closing sync connection" << client->connection << "of"
                                << client->actor << "from"
                                << client->socket->peerAddress().toString()
                                << ": a binary frame (close code 1003); the protocol is JSON text";
    client->socket->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
        {u"type"_s, u"error"_s},
        {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                 {u"message"_s, u"messages are JSON objects in text frames;"
                                                u" binary frames are not accepted"_s}}}})
                                                        .toJson(QJsonDocument::Compact)));
    client->socket->close(QWebSocketProtocol::CloseCodeDatatypeNotSupported,
                          u"binary frames are not accepted"_s);
}

// QtWebSockets fails a connection by itself on some broken frames (text that is not UTF-8:
// 1007; a frame or message over the limit: 1009; reserved bits or opcodes: 1002). Say so once.
void SyncHub::logProtocolFailure(Client *client)
{
    const QWebSocketProtocol::CloseCode code = client->socket->closeCode();
    const bool failure = code == QWebSocketProtocol::CloseCodeProtocolError
        || code == QWebSocketProtocol::CloseCodeWrongDatatype
        || code == QWebSocketProtocol::CloseCodeTooMuchData;
    if (!failure || client->closing) {
        return;
    }
    const char *what = code == QWebSocketProtocol::CloseCodeWrongDatatype
        ? "a text frame that is not UTF-8"
        : code == QWebSocketProtocol::CloseCodeTooMuchData ? "a frame or message over the limit"
                                                            : "a malformed frame";
    qCWarning(lcSync).noquote() << "closed sync connection" << client->connection << "of"
                                << client->actor << "from"
                                << client->socket->peerAddress().toString() << "with close code"
                                << int(code) << "on" << what
                                << u"(%1)"_s.arg(client->socket->closeReason());
}

void SyncHub::onMessage(Client *client, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    // The checks a JSON body gets (depth, surrogate halves, strings JSON does not allow).
    if (const QString problem =
            Http::scanJsonText(utf8, Http::MaxJsonDepth).problem(Http::MaxJsonDepth);
        !problem.isEmpty()) {
        qCWarning(lcSync).noquote() << "refused a message from" << client->actor << ":"
                                    << problem;
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, problem}}}});
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
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
        const quint64 connection = client->connection;
        const QString origin = u"sync "_s + client->socket->peerAddress().toString();
        m_runner(message.value(u"command"_s).toObject(), client->token, origin,
                 [this, connection, id](const QJsonObject &answer) {
                     // The client may have gone while the command was decided.
                     const auto it = std::find_if(m_clients.cbegin(), m_clients.cend(),
                                                  [connection](const auto &c) {
                                                      return c->connection == connection;
                                                  });
                     if (it == m_clients.cend()) {
                         return;
                     }
                     QJsonObject reply = answer;
                     reply.insert(u"type"_s, u"result"_s);
                     reply.insert(u"id"_s, id);
                     sendJson(it->get(), reply);
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

namespace {

// `after` of a subscribe: a whole number from 0 to 2^53 (what a JSON number holds exactly);
// absent means 0. nullopt for anything else.
std::optional<qint64> subscribeAfter(const QJsonValue &value)
{
    constexpr double largest = 9007199254740992.0; // 2^53
    if (value.isUndefined()) {
        return 0;
    }
    const double number = value.toDouble(-1);
    if (!value.isDouble() || !(number >= 0 && number <= largest) || number != std::floor(number)) {
        return std::nullopt;
    }
    return qint64(number);
}

} // namespace

void SyncHub::subscribe(Client *client, const QJsonObject &message)
{
    const QJsonValue storeValue = message.value(u"storeId"_s);
    const std::optional<qint64> requested = subscribeAfter(message.value(u"after"_s));
    if (!requested || !(storeValue.isString() || storeValue.isUndefined())) {
        qCWarning(lcSync).noquote() << "malformed subscribe from" << client->actor;
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, u"subscribe needs after, the"
                                                                  u" last sequence number held"
                                                                  u" (a whole number, 0 for"
                                                                  u" none), and storeId as a"
                                                                  u" string"_s}}}});
        return;
    }
    const QString knownStore = storeValue.toString();
    qint64 after = *requested;

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
    schedulePump(client);
}

void SyncHub::schedulePump(Client *client)
{
    // One pass of catch-up at a time; a pass already waiting reads from the new cursor.
    if (client->pumpScheduled || client->waitingForDrain) {
        return;
    }
    client->pumpScheduled = true;
    QTimer::singleShot(0, this, [this, client]() {
        if (isConnected(client)) {
            pump(client);
        }
    });
}

void SyncHub::pump(Client *client)
{
    client->pumpScheduled = false;
    if (client->closing || !client->subscribed) {
        return;
    }
    // Catch-up goes no faster than the client reads: the next page waits until most of what
    // was queued has gone out (onBytesWritten).
    if (m_maxQueuedBytes > 0 && client->socket->bytesToWrite() > m_maxQueuedBytes / 4) {
        client->waitingForDrain = true;
        return;
    }
    const EventList page = m_store.readAfter(client->cursor, Sync::CatchUpPageSize);
    if (!page.isEmpty()) {
        // A page of large events is sent in parts of about a quarter of the limit each.
        const qint64 budget = m_maxQueuedBytes > 0 ? m_maxQueuedBytes / 4
                                                   : std::numeric_limits<qint64>::max();
        EventList visible;
        qint64 bytes = 0;
        qint64 through = client->cursor;
        for (const Event &event : page) {
            if (bytes >= budget) {
                break;
            }
            through = event.seq;
            if (client->access.canSee(event)) {
                visible.append(event);
                bytes += event.dataJson.size() + 256;
            }
        }
        send(client, QString::fromUtf8(Sync::eventsMessage(visible, client->cursor + 1, through)),
             Throttled::Yes);
        client->cursor = through;
    }
    if (client->cursor >= m_store.head()) {
        client->live = true;
        send(client,
             QString::fromUtf8(QJsonDocument(QJsonObject{{u"type"_s, u"synced"_s},
                                                         {u"head"_s, client->cursor}})
                                   .toJson(QJsonDocument::Compact)),
             Throttled::Yes);
        return;
    }

    // Let the event loop breathe between pages; a client may go away meanwhile.
    schedulePump(client);
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
        if (send(client.get(), *message)) {
            client->cursor = last;
        }
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
        const bool permissionsChanged = access->permissions != client->access.permissions;
        client->access = *access;
        if (permissionsChanged) {
            // The desktop offers only what the connection may do (docs/protocol.md).
            sendJson(client.get(),
                     {{u"type"_s, u"permissions"_s},
                      {u"permissions"_s, QJsonArray::fromStringList(access->permissions)}});
        }
        if (changed && client->subscribed) {
            sendJson(client.get(), {{u"type"_s, u"reset"_s},
                                    {u"storeId"_s, m_store.storeId()},
                                    {u"reason"_s, u"what you may see changed"_s}});
            client->cursor = 0;
            client->live = false;
            schedulePump(client.get());
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
    const QJsonValue stateValue = message.value(u"state"_s);
    const QJsonObject state = stateValue.toObject();
    const qsizetype size = QJsonDocument(state).toJson(QJsonDocument::Compact).size();
    // Absent, null or {} leaves; anything else but an object is a mistake, not a leave.
    const bool stateUsable = stateValue.isUndefined() || stateValue.isNull()
        || stateValue.isObject();
    if (incident.isEmpty() || !stateUsable || size > MaxPresenceBytes
        || (m_incidentExists && !m_incidentExists(incident))
        || !client->access.canSee(presenceProbe(incident))) {
        sendJson(client, {{u"type"_s, u"error"_s},
                          {u"error"_s, QJsonObject{{u"code"_s, u"bad_request"_s},
                                                   {u"message"_s, u"presence needs an incident"
                                                                  u" you can see and a state"
                                                                  u" object under 4 KiB"_s}}}});
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
            send(other.get(), text);
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
