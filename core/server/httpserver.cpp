// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "httpserver.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "firebreak.http", QtWarningMsg)

namespace Firebreak {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return status >= 500 ? "Internal Server Error" : "Unknown";
    }
}

QByteArray errorBody(const QString &code, const QString &message)
{
    const QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

QByteArray formatResponse(int status, const QByteArray &body, const QByteArray &contentType,
                          const QList<QPair<QByteArray, QByteArray>> &extraHeaders, bool close)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size());
    for (const auto &header : extraHeaders) {
        out += "\r\n" + header.first + ": " + header.second;
    }
    out += close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
    return out + body;
}

} // namespace

/// Responses of one connection, kept in request order until each is answered.
struct ConnectionQueue
{
    QPointer<QTcpSocket> socket;
    std::deque<std::shared_ptr<PendingResponse>> pending;
    void flush();
};

struct PendingResponse
{
    std::weak_ptr<ConnectionQueue> connection;
    QByteArray bytes;
    bool ready = false;
    bool closeAfter = false;
};

void ConnectionQueue::flush()
{
    while (!pending.empty() && pending.front()->ready) {
        const auto response = pending.front();
        pending.pop_front();
        if (!socket) {
            continue;
        }
        socket->write(response->bytes);
        if (response->closeAfter) {
            socket->disconnectFromHost();
        }
    }
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0) {
            return pair.second;
        }
    }
    return {};
}

HttpResponder::HttpResponder(std::shared_ptr<PendingResponse> pending)
    : m_pending(std::move(pending))
{
}

void HttpResponder::send(int status, const QByteArray &body, const QByteArray &contentType,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders) const
{
    if (!m_pending || m_pending->ready) {
        return;
    }
    m_pending->bytes = formatResponse(status, body, contentType, extraHeaders,
                                      m_pending->closeAfter);
    m_pending->ready = true;
    if (const auto connection = m_pending->connection.lock()) {
        connection->flush();
    }
}

void HttpResponder::sendJson(int status, const QJsonObject &object) const
{
    send(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void HttpResponder::sendError(int status, const QString &code, const QString &message) const
{
    send(status, errorBody(code, message));
}

bool HttpResponder::isConnected() const
{
    const auto connection = m_pending ? m_pending->connection.lock() : nullptr;
    return connection && connection->socket
        && connection->socket->state() == QAbstractSocket::ConnectedState;
}

/**
 * Watches each connection's bytes before QAbstractHttpServer reads them, following the
 * request framing (headers, then Content-Length bytes of body), and refuses a request whose
 * declared body exceeds the limit before any of that body is buffered.
 *
 * With TLS, it first peeks at the connection's first byte: a TLS handshake starts with a
 * handshake record (0x16); anything else is a client speaking plain HTTP to an HTTPS port,
 * which gets a plain 400 that says so instead of a failed handshake.
 */
class GuardedTcpServer final : public QTcpServer
{
public:
    GuardedTcpServer(HttpServer *http, const std::optional<QSslConfiguration> &tls)
        : QTcpServer(http)
        , m_http(http)
        , m_tls(tls)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    static void guardRequests(QTcpSocket *socket, QPointer<HttpServer> http);
    void waitForFirstByte(qintptr descriptor);
    void startTls(qintptr descriptor);
    void refusePlainHttp(qintptr descriptor);

    HttpServer *m_http;
    std::optional<QSslConfiguration> m_tls;
};

namespace {

/// Per-connection framing state of the guard.
struct Framing
{
    QByteArray headerBytes;
    qint64 bodyRemaining = 0;
    bool upgraded = false;
};

// Reads the framing headers line by line in place: this runs for every request.
qint64 declaredLength(QByteArrayView headerBlock, bool *chunked, bool *upgrade)
{
    qint64 length = 0;
    for (qsizetype start = 0; start < headerBlock.size();) {
        qsizetype end = headerBlock.indexOf('\n', start);
        if (end < 0) {
            end = headerBlock.size();
        }
        const QByteArrayView line = headerBlock.sliced(start, end - start).trimmed();
        start = end + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            continue;
        }
        const QByteArrayView name = line.first(colon).trimmed();
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            length = value.toLongLong(&ok);
            if (!ok || length < 0) {
                length = -1;
            }
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0
                   && value.toByteArray().toLower().contains("chunked")) {
            *chunked = true;
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0
                   && value.compare("websocket", Qt::CaseInsensitive) == 0) {
            *upgrade = true;
        }
    }
    return length;
}

constexpr char s_tlsHandshakeRecord = 0x16;
constexpr int s_firstByteTimeoutMs = 10000;

/// Reads and drops what the peer has sent so far, without blocking.
void discardReceived(qintptr descriptor)
{
#ifdef MSG_DONTWAIT
    char sink[4096];
    while (::recv(int(descriptor), sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
#else
    Q_UNUSED(descriptor)
#endif
}

} // namespace

void GuardedTcpServer::guardRequests(QTcpSocket *socket, QPointer<HttpServer> http)
{
    auto framing = std::make_shared<Framing>();
    // Connected before QAbstractHttpServer's own slot, so this runs first on every read.
    connect(socket, &QTcpSocket::readyRead, socket, [socket, framing, http]() {
        if (framing->upgraded || !http) {
            return;
        }
        QByteArray fresh = socket->peek(socket->bytesAvailable());
        while (!fresh.isEmpty()) {
            if (framing->bodyRemaining > 0) {
                const qint64 take = qMin<qint64>(framing->bodyRemaining, fresh.size());
                framing->bodyRemaining -= take;
                fresh.remove(0, take);
                continue;
            }
            framing->headerBytes += fresh;
            fresh.clear();
            const qsizetype end = framing->headerBytes.indexOf("\r\n\r\n");
            if (end < 0) {
                if (framing->headerBytes.size() > 64 * 1024) {
                    http->rejectOversized(socket, framing->headerBytes.size());
                }
                return;
            }
            bool chunked = false;
            bool upgrade = false;
            const qint64 length = declaredLength(QByteArrayView(framing->headerBytes).first(end),
                                                 &chunked, &upgrade);
            if (chunked || length < 0 || length > http->maxBodyBytes()) {
                http->rejectOversized(socket, chunked ? -1 : length);
                return;
            }
            if (upgrade) {
                framing->upgraded = true;
                return;
            }
            fresh = framing->headerBytes.mid(end + 4);
            framing->headerBytes.clear();
            framing->bodyRemaining = length;
        }
    });
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    if (m_tls) {
        waitForFirstByte(descriptor);
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    guardRequests(socket, m_http);
    addPendingConnection(socket);
}

void GuardedTcpServer::waitForFirstByte(qintptr descriptor)
{
    // Nothing reads from the connection until its first byte says what it speaks.
    auto *notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
    auto decide = [this, notifier, descriptor](bool timedOut) {
        if (!notifier->isEnabled()) {
            return;
        }
        notifier->setEnabled(false);
        notifier->deleteLater();
        char first = 0;
        const auto peeked = timedOut ? 0 : ::recv(int(descriptor), &first, 1, MSG_PEEK);
        if (peeked == 1 && first == s_tlsHandshakeRecord) {
            startTls(descriptor);
        } else {
            refusePlainHttp(descriptor);
        }
    };
    connect(notifier, &QSocketNotifier::activated, notifier, [decide]() { decide(false); });
    QTimer::singleShot(s_firstByteTimeoutMs, notifier, [decide]() { decide(true); });
}

void GuardedTcpServer::startTls(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setSslConfiguration(*m_tls);
    connect(socket, &QAbstractSocket::errorOccurred, socket, [socket]() {
        if (!socket->isEncrypted()) {
            qCInfo(lcHttp).noquote() << "TLS handshake with" << socket->peerAddress().toString()
                                     << "failed:" << socket->errorString();
        }
    });
    // QSslSocket announces only decrypted bytes, so the guard and the HTTP server see plain
    // requests; a failed handshake disconnects and QAbstractHttpServer deletes the socket.
    guardRequests(socket, m_http);
    socket->startServerEncryption();
    addPendingConnection(socket);
}

void GuardedTcpServer::refusePlainHttp(qintptr descriptor)
{
    // Unread request bytes at close would reset the connection before the client reads the
    // answer: discard them, now and as more arrive, until the answer has gone out.
    discardReceived(descriptor);
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    qCWarning(lcHttp).noquote() << "refused plain HTTP from" << socket->peerAddress().toString()
                                << "on the HTTPS port";
    connect(socket, &QTcpSocket::readyRead, socket, [socket]() { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(s_firstByteTimeoutMs, socket, [socket]() {
        socket->abort();
        socket->deleteLater();
    });
    const QString message = u"this port speaks HTTPS (TLS); use an https:// URL"_s;
    socket->write(formatResponse(400, errorBody(u"bad_request"_s, message), "application/json",
                                 {}, true));
    socket->disconnectFromHost();
}

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
{
}

HttpServer::~HttpServer() = default;

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.push_back({method, QRegularExpression(QRegularExpression::anchoredPattern(pattern)),
                        std::move(handler)});
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port,
                              const std::optional<QSslConfiguration> &tls)
{
    auto *tcp = new GuardedTcpServer(this, tls);
    if (!tcp->listen(address, port)) {
        m_error = tcp->errorString();
        delete tcp;
        return 0;
    }
    bind(tcp);
    return tcp->serverPort();
}

void HttpServer::rejectOversized(QTcpSocket *socket, qint64 declared)
{
    const QString message = declared == -1
        ? u"the body must have a valid Content-Length (chunked bodies are not accepted)"_s
        : u"the body exceeds the limit of %1 bytes"_s.arg(m_maxBodyBytes);
    qCWarning(lcHttp).noquote() << "refused request from" << socket->peerAddress().toString()
                                << "before reading its body:" << message;
    Q_EMIT requestRejected(message);

    const int status = declared == -1 ? 411 : 413;
    const QString code = declared == -1 ? u"bad_request"_s : u"payload_too_large"_s;
    socket->write(formatResponse(status, errorBody(code, message), "application/json", {}, true));
    socket->flush();
    // Take the socket from QAbstractHttpServer so it never buffers the body. A client that is
    // still sending only sees the answer if we read on, so discard what it sends (bounded in
    // bytes and time, never kept) and close after.
    socket->disconnect();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    constexpr qint64 drainLimit = 64 * 1024 * 1024;
    if (declared <= 0 || declared > drainLimit) {
        socket->readAll();
        socket->disconnectFromHost();
        return;
    }
    auto remaining = std::make_shared<qint64>(declared);
    auto discard = [socket, remaining]() {
        char sink[16384];
        qint64 got = 0;
        while ((got = socket->read(sink, sizeof sink)) > 0) {
            *remaining -= got;
        }
        if (*remaining <= 0) {
            socket->disconnectFromHost();
        }
    };
    connect(socket, &QTcpSocket::readyRead, socket, discard);
    QTimer::singleShot(10000, socket, [socket]() { socket->abort(); });
    discard();
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt 6.4 hands an upgrade to QtWebSockets only when this returns true for it; the sync
    // endpoint checks the path and credentials once the socket is a WebSocket.
    if (request.value("Upgrade").toLower() == "websocket") {
        return true;
    }
    std::shared_ptr<ConnectionQueue> &connection = m_queues[socket];
    if (!connection) {
        connection = std::make_shared<ConnectionQueue>();
        connection->socket = socket;
        connect(socket, &QObject::destroyed, this, [this, socket]() { m_queues.remove(socket); });
    }
    auto pending = std::make_shared<PendingResponse>();
    pending->connection = connection;
    pending->closeAfter = request.value("Connection").toLower() == "close";
    connection->pending.push_back(pending);
    HttpResponder responder(pending);

    HttpRequest copy;
    const QByteArray method = QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>()
                                             .valueToKey(int(request.method())));
    copy.method = method.toUpper();
    copy.path = request.url().path();
    copy.query = request.query();
    copy.headers = request.headers();
    copy.body = request.body();
    copy.remote = request.remoteAddress();

    bool pathKnown = false;
    for (const Route &route : m_routes) {
        const QRegularExpressionMatch match = route.pattern.match(copy.path);
        if (!match.hasMatch()) {
            continue;
        }
        pathKnown = true;
        if (route.method != copy.method) {
            continue;
        }
        copy.captures = match.capturedTexts().mid(1);
        route.handler(copy, responder);
        return true;
    }

    if (pathKnown) {
        responder.sendError(405, u"bad_request"_s,
                            u"method %1 is not allowed on %2"_s.arg(
                                QString::fromLatin1(copy.method), copy.path));
    } else {
        responder.sendError(404, u"not_found"_s, u"no such resource: %1"_s.arg(copy.path));
    }
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request)
    socket->write(formatResponse(404, errorBody(u"not_found"_s, u"no such resource"_s),
                                 "application/json", {}, false));
}

} // namespace Firebreak
