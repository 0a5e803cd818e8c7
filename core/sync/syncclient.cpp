// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "syncclient.h"

#include "sync/protocol.h"
#include "sync/replica.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSyncClient, "firebreak.sync.client", QtWarningMsg)

namespace Firebreak {

namespace {
constexpr int s_maxBackoffMs = 5000;
// A refused token is tried again only now and then: a new token is what usually helps.
constexpr int s_refusedRetryMs = 60'000;
// The close reason of docs/protocol.md for a token the server does not take.
constexpr QStringView s_refusedReason = u"unauthorized";
} // namespace

SyncClient::SyncClient(Replica *replica, QObject *parent)
    : QObject(parent)
    , m_replica(replica)
{
    if (m_replica) {
        m_storeId = m_replica->storeId();
        m_lastSeq = m_replica->lastSeq();
    }
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SyncClient::open);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &SyncClient::onTextMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &SyncClient::onDisconnected);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this]() {
        m_lastError = m_tlsProblem.isEmpty() ? m_socket.errorString()
                                             : u"TLS: "_s + m_tlsProblem;
    });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Qt reports the errors ignored for a pinned certificate too.
        const QList<QSslError> refusing = m_trust.unexpected(errors);
        if (refusing.isEmpty()) {
            return;
        }
        m_tlsProblem = TlsTrust::describe(refusing);
        qCWarning(lcSyncClient).noquote() << "refused the certificate of"
                                          << m_server.toDisplayString() << ":" << m_tlsProblem;
    });
}

SyncClient::~SyncClient()
{
    m_wanted = false;
    m_socket.disconnect(this);
    m_socket.abort();
}

void SyncClient::connectToServer(const QUrl &server, const QString &token)
{
    connectToServers({server}, token);
}

void SyncClient::connectToServers(const QList<QUrl> &servers, const QString &token)
{
    Q_ASSERT(!servers.isEmpty());
    m_servers = servers;
    m_serverIndex = 0;
    m_server = servers.first();
    m_token = token;
    m_wanted = true;
    m_backoffMs = 250;
    m_reconnectTimer.stop();
    m_socket.abort();
    open();
}

void SyncClient::setTlsTrust(const TlsTrust &trust)
{
    m_trust = trust;
}

void SyncClient::stop()
{
    m_wanted = false;
    m_reconnectTimer.stop();
    m_socket.close();
    setState(State::Idle);
}

void SyncClient::open()
{
    QUrl url = m_server;
    url.setScheme(m_server.scheme() == u"https" ? u"wss"_s : u"ws"_s);
    url.setPath(u"/api/v1/sync"_s);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (url.scheme() == u"wss") {
        m_socket.setSslConfiguration(m_trust.configuration());
        m_socket.ignoreSslErrors(m_trust.expectedErrors());
    }
    m_tlsProblem.clear();
    // Empty until this connection fails or is closed with a reason.
    m_lastError.clear();
    setState(State::Connecting);
    m_socket.open(request);
}

void SyncClient::setState(State state)
{
    if (m_state == state) {
        return;
    }
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SyncClient::onDisconnected()
{
    // A socket error of this connection was recorded in m_lastError; without one the server
    // closed it, and the close code is this connection's (not an earlier one's).
    const bool closedByServer = m_lastError.isEmpty();
    if (closedByServer && m_socket.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated) {
        m_lastError = m_socket.closeReason();
    }
    const bool refused = closedByServer
        && m_socket.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated
        && m_lastError == s_refusedReason;
    if (!m_wanted) {
        setState(State::Idle);
        return;
    }
    if (refused) {
        // Asking again at once would only be refused again: the token needs replacing.
        qCWarning(lcSyncClient).noquote() << m_server.toDisplayString()
                                          << "refused the token; trying it again in"
                                          << s_refusedRetryMs / 1000 << "s";
        setState(State::Unreachable);
        m_reconnectTimer.start(s_refusedRetryMs);
        return;
    }
    setState(State::Unreachable);
    if (m_servers.size() > 1) {
        m_serverIndex = (m_serverIndex + 1) % m_servers.size();
        m_server = m_servers.at(m_serverIndex);
        qCInfo(lcSyncClient).noquote() << "trying" << m_server.toDisplayString() << "next";
    }
    m_reconnectTimer.start(m_backoffMs);
    m_backoffMs = qMin(m_backoffMs * 2, s_maxBackoffMs);
}

QString SyncClient::sendCommand(const QJsonObject &command)
{
    if (m_state != State::Live && m_state != State::CatchingUp) {
        return {};
    }
    const QString id = u"c%1"_s.arg(++m_commandCounter);
    const QJsonObject message{{u"type"_s, u"command"_s}, {u"id"_s, id}, {u"command"_s, command}};
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    return id;
}

QString SyncClient::sendCommand(const QJsonObject &command, const QString &id)
{
    if (m_state != State::Live && m_state != State::CatchingUp) {
        return {};
    }
    QJsonObject identified = command;
    identified.insert(u"commandId"_s, id);
    const QJsonObject message{{u"type"_s, u"command"_s}, {u"id"_s, id},
                              {u"command"_s, identified}};
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    return id;
}

bool SyncClient::sendMessage(const QJsonObject &message)
{
    if (m_state != State::Live && m_state != State::CatchingUp) {
        return false;
    }
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    return true;
}

void SyncClient::onTextMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(u"type"_s).toString();

    if (type == u"hello") {
        if (message.value(u"protocol"_s).toInt() != Sync::ProtocolVersion) {
            qCWarning(lcSyncClient) << "server speaks sync protocol"
                                    << message.value(u"protocol"_s).toInt();
        }
        takePermissions(message.value(u"permissions"_s));
        setState(State::CatchingUp);
        const QJsonObject subscribe{{u"type"_s, u"subscribe"_s},
                                    {u"storeId"_s, m_storeId},
                                    {u"after"_s, m_lastSeq}};
        m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(subscribe).toJson(QJsonDocument::Compact)));
        if (m_storeId.isEmpty()) {
            m_storeId = message.value(u"storeId"_s).toString();
            if (m_replica) {
                m_replica->reset(m_storeId);
            }
        }
    } else if (type == u"reset") {
        m_storeId = message.value(u"storeId"_s).toString();
        m_lastSeq = 0;
        if (m_replica) {
            m_replica->reset(m_storeId);
        }
        Q_EMIT resynchronising();
    } else if (type == u"events") {
        handleEvents(message.value(u"events"_s).toArray(), message.value(u"from"_s).toInteger(),
                     message.value(u"through"_s).toInteger());
    } else if (type == u"synced") {
        // Only a connection that caught up starts the backoff afresh: one that breaks during
        // catch-up (a gap in the events, say) waits longer each time.
        m_backoffMs = 250;
        setState(State::Live);
        Q_EMIT synced(message.value(u"head"_s).toInteger());
    } else if (type == u"result") {
        Q_EMIT commandAnswered(message.value(u"id"_s).toString(),
                               message.value(u"ok"_s).toBool(), message);
    } else if (type == u"presence") {
        Q_EMIT presenceReceived(message);
    } else if (type == u"permissions") {
        takePermissions(message.value(u"permissions"_s));
    } else if (type == u"error") {
        qCWarning(lcSyncClient).noquote()
            << "server reported:" << message.value(u"error"_s).toObject().value(u"message"_s)
                                         .toString();
    }
}

void SyncClient::takePermissions(const QJsonValue &permissions)
{
    // A server without the field says nothing: the client then offers everything and lets
    // the server refuse (docs/protocol.md).
    m_hasPermissions = permissions.isArray();
    m_permissions.clear();
    const QJsonArray names = permissions.toArray();
    for (const QJsonValue &name : names) {
        if (name.isString()) {
            m_permissions.append(name.toString());
        }
    }
    m_permissions.sort();
    Q_EMIT permissionsReceived();
}

void SyncClient::handleEvents(const QJsonArray &events, qint64 from, qint64 through)
{
    // A message covers from..through; events the server did not show us leave holes inside
    // that range, but the range itself must start right after what we hold.
    if (from > m_lastSeq + 1) {
        qCWarning(lcSyncClient) << "gap in events: expected" << m_lastSeq + 1 << "got" << from;
        m_socket.abort();
        return;
    }
    EventList fresh;
    fresh.reserve(events.size());
    for (const QJsonValue &value : events) {
        Event event = Event::fromJson(value.toObject());
        const qint64 previous = fresh.isEmpty() ? m_lastSeq : fresh.last().seq;
        if (event.seq <= m_lastSeq) {
            continue;
        }
        if (event.seq <= previous || event.seq > through) {
            qCWarning(lcSyncClient) << "event" << event.seq << "out of order; resubscribing";
            m_socket.abort();
            return;
        }
        fresh.append(std::move(event));
    }
    if (through <= m_lastSeq) {
        return;
    }
    if (m_replica && !m_replica->append(fresh, through)) {
        // Nothing is shown that is not kept (a full disk, say): stop here, and fetch these
        // events again on the next connection, after what the local copy holds.
        m_localCopyError = m_replica->errorString();
        m_lastError = m_localCopyError;
        qCWarning(lcSyncClient).noquote() << "cannot keep events locally:" << m_localCopyError
                                          << "- trying again later";
        Q_EMIT localCopyFailed(m_localCopyError);
        m_socket.abort();
        return;
    }
    m_localCopyError.clear();
    m_lastSeq = through;
    if (!fresh.isEmpty()) {
        Q_EMIT eventsArrived(fresh);
    }
}

} // namespace Firebreak
