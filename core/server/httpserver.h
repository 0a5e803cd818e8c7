// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace Firebreak {

/// What a handler sees of a request: copied, so it can outlive the socket's buffers.
struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remote;
    QStringList captures;

    QByteArray header(const QByteArray &name) const;
};

struct PendingResponse;
struct ConnectionQueue;

/**
 * The handle a handler answers through, now or later (after a commit). Copyable; answering
 * twice is ignored. Responses on one connection go out in request order.
 */
class HttpResponder
{
public:
    HttpResponder() = default;
    explicit HttpResponder(std::shared_ptr<PendingResponse> pending);

    void send(int status, const QByteArray &body,
              const QByteArray &contentType = QByteArrayLiteral("application/json"),
              const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) const;
    void sendJson(int status, const QJsonObject &object) const;
    /// The error envelope of DESIGN.md: {"error": {"code", "message"}}.
    void sendError(int status, const QString &code, const QString &message) const;
    bool isConnected() const;

private:
    std::shared_ptr<PendingResponse> m_pending;
};

/**
 * HTTP/1.1 over Qt's QAbstractHttpServer, with what Qt 6.4 lacks: a body limit enforced as
 * bytes arrive (before Qt buffers the body), deferred answers, ordered keep-alive responses and
 * routes with captures. WebSocket upgrades are handed on through newWebSocketConnection().
 */
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest &, const HttpResponder &)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    /// `pattern` is a regular expression over the path, anchored at both ends.
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    /// Largest request line plus headers; a larger head is refused with 431.
    void setMaxHeadBytes(qsizetype bytes) { m_maxHeadBytes = bytes; }
    qsizetype maxHeadBytes() const { return m_maxHeadBytes; }
    /// Time a request (head and body) may take from its first byte, or from the connection's
    /// start for the first request; refused with 408.
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }
    int requestTimeoutMs() const { return m_requestTimeoutMs; }
    /// Time a keep-alive connection may stay quiet between requests before it is closed.
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    int idleTimeoutMs() const { return m_idleTimeoutMs; }
    /// Open connections allowed per client address (0: no limit); more are refused with 429.
    void setMaxConnectionsPerAddress(int count) { m_maxConnectionsPerAddress = count; }
    /// Paths on which a WebSocket upgrade is handed on; elsewhere it is refused with 400.
    void setWebSocketPaths(const QStringList &paths) { m_webSocketPaths = paths; }
    QStringList webSocketPaths() const { return m_webSocketPaths; }

    /**
     * Binds a listening socket; returns the port, or 0 with errorString() set. With `tls`,
     * every connection must start with a TLS handshake (HTTPS and WSS); a client speaking plain
     * HTTP to it is answered 400 in plain text and disconnected.
     */
    quint16 listenOn(const QHostAddress &address, quint16 port,
                     const std::optional<QSslConfiguration> &tls = std::nullopt);
    QString errorString() const { return m_error; }

Q_SIGNALS:
    /// A request was refused before routing; `code` is the error code, for metrics.
    void requestRejected(const QString &code);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QByteArray method;
        QRegularExpression pattern;
        Handler handler;
    };
    friend class GuardedTcpServer;

    /// Answers an error and takes the connection from Qt; discards up to drainBytes of body.
    void refuse(QTcpSocket *socket, int status, const QString &code, const QString &message,
                qint64 drainBytes = 0);
    bool hasPendingResponses(QTcpSocket *socket) const;
    bool admitConnection(QTcpSocket *socket);

    std::vector<Route> m_routes;
    QHash<QTcpSocket *, std::shared_ptr<ConnectionQueue>> m_queues;
    qint64 m_maxBodyBytes = 1024 * 1024;
    qsizetype m_maxHeadBytes = 16 * 1024;
    int m_requestTimeoutMs = 15000;
    int m_idleTimeoutMs = 60000;
    int m_maxConnectionsPerAddress = 0;
    QStringList m_webSocketPaths;
    QHash<QHostAddress, int> m_connectionsPerAddress;
    QString m_error;
};

} // namespace Firebreak
