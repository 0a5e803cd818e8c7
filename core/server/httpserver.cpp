// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "httpserver.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocketServer>

#include <algorithm>
#include <cstring>
#include <limits>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <unistd.h>
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
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
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

QByteArray formatHead(int status, qint64 contentLength, const QByteArray &contentType,
                      const QList<QPair<QByteArray, QByteArray>> &extraHeaders, bool close)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(contentLength);
    for (const auto &header : extraHeaders) {
        out += "\r\n" + header.first + ": " + header.second;
    }
    out += close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
    return out;
}

QByteArray formatResponse(int status, const QByteArray &body, const QByteArray &contentType,
                          const QList<QPair<QByteArray, QByteArray>> &extraHeaders, bool close)
{
    return formatHead(status, body.size(), contentType, extraHeaders, close) + body;
}

/// A file body goes out in pieces of this size while the socket holds less than the mark.
constexpr qint64 s_filePiece = 256 * 1024;
constexpr qint64 s_fileHighWater = 1024 * 1024;

} // namespace

void Mailbox::post(std::function<void()> task)
{
    bool schedule = false;
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
        schedule = !std::exchange(m_scheduled, true);
    }
    if (schedule) {
        QMetaObject::invokeMethod(m_context, [this]() { run(); }, Qt::QueuedConnection);
    }
}

void Mailbox::run()
{
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_mutex);
        tasks.swap(m_tasks);
        m_scheduled = false;
    }
    for (auto &task : tasks) {
        task();
    }
}

class GuardedTcpServer;

/**
 * One I/O thread's HTTP server: owns its connections, parses their requests (Qt), routes them
 * and writes their answers. Lives on its own thread; see HttpServer.
 */
class HttpWorker final : public QAbstractHttpServer
{
public:
    HttpWorker(HttpServer *http, qintptr listener, const std::optional<QSslConfiguration> &tls,
               QObject *parent);

    /// Takes a connection accepted on the server's thread (on this worker's thread).
    void takeDescriptor(qintptr descriptor);
    /// Answers an error and takes the connection from Qt; discards up to drainBytes of body.
    void refuse(QTcpSocket *socket, int status, const QString &code, const QString &message,
                qint64 drainBytes = 0);
    bool hasPendingResponses(QTcpSocket *socket) const;
    HttpServer *http() const { return m_http; }

    Mailbox mailbox{this};

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    /// Takes the socket's reads and timers from QAbstractHttpServer; it is deleted once closed.
    static void detachFromQt(QTcpSocket *socket);

    HttpServer *m_http;
    GuardedTcpServer *m_tcp = nullptr;
    QHash<QTcpSocket *, std::shared_ptr<ConnectionQueue>> m_queues;
};

/// Accepts on the server's thread and hands each connection on to an I/O thread.
class HttpAcceptor final : public QTcpServer
{
public:
    explicit HttpAcceptor(HttpServer *http) : QTcpServer(http), m_http(http) {}

protected:
    void incomingConnection(qintptr descriptor) override { m_http->dispatchConnection(descriptor); }

private:
    HttpServer *m_http;
};

/// Responses of one connection, kept in request order until each is answered. Lives on (and
/// is touched only by) the connection's I/O thread, except `connected`.
struct ConnectionQueue
{
    QPointer<QTcpSocket> socket;
    HttpWorker *worker = nullptr;
    std::deque<std::shared_ptr<PendingResponse>> pending;
    std::atomic<bool> connected{true};
    void flush();
    /// Writes the front response's file body while the socket drains; true once all is queued.
    bool pumpFile(PendingResponse &response);
};

/// A body read from a file by the I/O thread (HttpResponder::sendFile()).
struct FileBody
{
    QString path;
    bool removeWhenDone = false;
    qint64 remaining = 0;
    std::unique_ptr<QFile> file; // opened by the I/O thread on the first piece

    ~FileBody()
    {
        file.reset();
        if (removeWhenDone) {
            QFile::remove(path);
        }
    }
};

struct PendingResponse
{
    std::weak_ptr<ConnectionQueue> connection;
    QByteArray bytes; // the I/O thread's, like `ready`
    bool ready = false;
    std::atomic<bool> answered{false};
    bool closeAfter = false;
    /// A HEAD request: the GET's status and headers, Content-Length included, but no body.
    bool headOnly = false;
    /// A body that follows `bytes` from a file, the I/O thread's like `bytes`.
    std::shared_ptr<FileBody> file;
};

void ConnectionQueue::flush()
{
    while (!pending.empty() && pending.front()->ready) {
        const auto response = pending.front();
        if (socket && !response->bytes.isEmpty()) {
            socket->write(std::exchange(response->bytes, QByteArray()));
        }
        if (socket && response->file && !pumpFile(*response)) {
            return; // the rest follows as the socket drains (bytesWritten)
        }
        pending.pop_front();
        response->file.reset();
        if (socket && response->closeAfter) {
            socket->disconnectFromHost();
        }
    }
}

bool ConnectionQueue::pumpFile(PendingResponse &response)
{
    FileBody &body = *response.file;
    if (!connected || socket->state() != QAbstractSocket::ConnectedState) {
        return true; // the client left: the body is dropped
    }
    if (!body.file) {
        body.file = std::make_unique<QFile>(body.path);
        if (!body.file->open(QIODevice::ReadOnly)) {
            qCWarning(lcHttp).noquote() << "cannot send" << body.path << ":"
                                        << body.file->errorString();
            socket->abort();
            return true;
        }
    }
    while (body.remaining > 0 && socket->bytesToWrite() < s_fileHighWater) {
        QByteArray piece(qMin(body.remaining, s_filePiece), Qt::Uninitialized);
        const qint64 got = body.file->read(piece.data(), piece.size());
        if (got <= 0) {
            // The head promised more: cutting the connection tells the client so.
            qCWarning(lcHttp).noquote() << "cannot read" << body.path << "to the end:"
                                        << body.file->errorString();
            socket->abort();
            return true;
        }
        piece.truncate(got);
        socket->write(piece);
        body.remaining -= got;
    }
    return body.remaining == 0;
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

namespace {

// Hands a finished answer to its connection's I/O thread: at once when already there, else
// through that thread's mailbox. Nothing happens when the connection has gone.
void deliverOnWorker(const PendingResponse &pending, std::function<void()> fill)
{
    const auto connection = pending.connection.lock();
    if (!connection) {
        return;
    }
    HttpWorker *worker = connection->worker;
    if (QThread::currentThread() == worker->thread()) {
        fill();
    } else {
        worker->mailbox.post(std::move(fill));
    }
}

} // namespace

HttpResponder::HttpResponder(std::shared_ptr<PendingResponse> pending)
    : m_pending(std::move(pending))
{
}

void HttpResponder::send(int status, const QByteArray &body, const QByteArray &contentType,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders) const
{
    if (!m_pending || m_pending->answered.exchange(true)) {
        return;
    }
    QByteArray bytes = formatResponse(status, body, contentType, extraHeaders,
                                      m_pending->closeAfter);
    if (m_pending->headOnly) {
        bytes.chop(body.size());
    }
    deliverOnWorker(*m_pending, [pending = m_pending, bytes = std::move(bytes)]() mutable {
        pending->bytes = std::move(bytes);
        pending->ready = true;
        if (const auto queue = pending->connection.lock()) {
            queue->flush();
        }
    });
}

void HttpResponder::sendFile(int status, const QString &path, const QByteArray &contentType,
                             const QList<QPair<QByteArray, QByteArray>> &extraHeaders,
                             bool removeWhenDone) const
{
    // Owns the file from here: whatever happens to the answer, it is removed when asked.
    auto body = std::make_shared<FileBody>();
    body->path = path;
    body->removeWhenDone = removeWhenDone;
    if (!m_pending || m_pending->answered.exchange(true)) {
        return;
    }
    const qint64 size = QFileInfo(path).size();
    QByteArray head = formatHead(status, size, contentType, extraHeaders, m_pending->closeAfter);
    body->remaining = size;
    if (m_pending->headOnly) {
        body.reset();
    }
    deliverOnWorker(*m_pending, [pending = m_pending, head = std::move(head),
                                 body = std::move(body)]() mutable {
        pending->bytes = std::move(head);
        pending->file = std::move(body);
        pending->ready = true;
        if (const auto queue = pending->connection.lock()) {
            queue->flush();
        }
    });
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
    return connection && connection->connected.load();
}

namespace {
// RFC 9112, 9.6: Connection is a list of tokens; "close" anywhere in it ends the connection
// after this answer ("close, TE" as much as "close").
bool asksToClose(const QByteArray &connection)
{
    const QList<QByteArray> tokens = connection.split(',');
    return std::any_of(tokens.cbegin(), tokens.cend(), [](const QByteArray &token) {
        return token.trimmed().compare("close", Qt::CaseInsensitive) == 0;
    });
}

struct Framing;
}

/**
 * Watches each connection's bytes before QAbstractHttpServer reads them and is the authority on
 * framing: it parses every request head itself (in one pass, at most maxHeadBytes kept), skips
 * Content-Length bytes of body, and answers what Qt 6.4 would mishandle — an ambiguous length,
 * an oversized body or head, an unknown method, garbage, an upgrade anywhere but the WebSocket
 * paths, a client too slow to send its request — before Qt parses any of it.
 *
 * With TLS, it first peeks at the connection's first byte: a TLS handshake starts with a
 * handshake record (0x16); anything else is a client speaking plain HTTP to an HTTPS port,
 * which gets a plain 400 that says so instead of a failed handshake.
 */
class GuardedTcpServer final : public QTcpServer
{
public:
    GuardedTcpServer(HttpWorker *worker, const std::optional<QSslConfiguration> &tls)
        : QTcpServer(worker)
        , m_worker(worker)
        , m_http(worker->http())
        , m_tls(tls)
    {
    }

    /// Connects, for the connections just handed to Qt, a slot that runs after Qt's own.
    void watchAfterQt();
    /// A connection accepted elsewhere: guarded and handed to Qt like one accepted here.
    void take(qintptr descriptor) { incomingConnection(descriptor); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    /// Watches the socket's requests; false if it was refused (too many connections).
    bool guardRequests(QTcpSocket *socket);
    /// Refuses a head that cannot be HTTP as soon as its first bytes say so, rather than
    /// waiting for a line end that may never come; false when refused.
    bool checkMethod(QTcpSocket *socket, Framing &framing);
    void waitForFirstByte(qintptr descriptor);
    void startTls(qintptr descriptor);
    void refusePlainHttp(qintptr descriptor);
    /// Moves an upgrade request's socket, unread, to the server's thread and its WebSocket
    /// server.
    void handOverUpgrade(QTcpSocket *socket);

    HttpWorker *m_worker;
    HttpServer *m_http;
    std::optional<QSslConfiguration> m_tls;
    std::vector<std::pair<QPointer<QTcpSocket>, std::shared_ptr<Framing>>> m_handedOver;
};

namespace {

/// Per-connection framing state of the guard.
struct Framing
{
    QByteArray head; // the current request head so far, without leading blank lines
    qint64 bodyRemaining = 0;
    bool upgraded = false;
    bool refused = false;
    QTimer *timer = nullptr;
    bool waitingForRequest = true; // between requests (idle) rather than inside one
    // Bytes Qt left in the socket's buffer after its last read (an incomplete request): the
    // guard has seen them already.
    qint64 leftover = 0;
    // Request heads seen on this connection so far.
    int requests = 0;
    // The current head's method has been seen whole and is a token.
    bool methodChecked = false;
    // The request timeout counts from the last read of the body, not from its start.
    bool timeoutPerRead = false;
};

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

/// What the first bytes of a request head say about the client.
enum class RequestStart { Incomplete, Http, Tls, NotHttp };

constexpr char s_tlsHandshakeRecord = 0x16;
// Longer than any method in use; a request whose first word runs past it is no HTTP.
constexpr qsizetype s_maxMethodLength = 24;

/// Looks at the start of a head (leading blank lines skipped) before it is complete: a request
/// starts with a method, a token followed by a space. A TLS handshake record there is a client
/// that took this port for HTTPS.
RequestStart checkRequestStart(QByteArrayView head)
{
    if (head.isEmpty()) {
        return RequestStart::Incomplete;
    }
    if (head.at(0) == s_tlsHandshakeRecord) {
        return RequestStart::Tls;
    }
    const qsizetype scanned = qMin(head.size(), s_maxMethodLength + 1);
    for (qsizetype i = 0; i < scanned; ++i) {
        if (head.at(i) == ' ') {
            return i > 0 ? RequestStart::Http : RequestStart::NotHttp;
        }
        if (!isTokenChar(head.at(i))) {
            return RequestStart::NotHttp;
        }
    }
    return scanned > s_maxMethodLength ? RequestStart::NotHttp : RequestStart::Incomplete;
}

/// The verdict on one complete request head.
struct HeadCheck
{
    int status = 0; // 0: pass it on to Qt
    QString code;
    QString message;
    qint64 length = 0;
    bool upgrade = false;
};

HeadCheck refuse(int status, const QString &code, const QString &message)
{
    HeadCheck check;
    check.status = status;
    check.code = code;
    check.message = message;
    return check;
}

HeadCheck checkHead(QByteArrayView head, const HttpServer &http)
{
    // Lines end in LF, optionally preceded by CR; the last line is the empty one.
    qsizetype lineStart = 0;
    auto nextLine = [&](QByteArrayView *line) {
        const qsizetype lf = head.indexOf('\n', lineStart);
        if (lf < 0) {
            return false;
        }
        qsizetype stop = lf;
        if (stop > lineStart && head.at(stop - 1) == '\r') {
            --stop;
        }
        *line = head.sliced(lineStart, stop - lineStart);
        lineStart = lf + 1;
        return true;
    };

    QByteArrayView requestLine;
    nextLine(&requestLine);
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
        return refuse(400, u"bad_request"_s,
                      u"malformed request line (expected METHOD /path HTTP/1.1)"_s);
    }
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(method) || (version != "HTTP/1.1" && version != "HTTP/1.0")
        || !target.startsWith('/') || target.contains(' ')) {
        return refuse(400, u"bad_request"_s,
                      u"malformed request line (expected METHOD /path HTTP/1.1)"_s);
    }
    static const QByteArrayView known[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                           "OPTIONS"};
    if (std::find(std::begin(known), std::end(known), method) == std::end(known)) {
        return refuse(501, u"not_implemented"_s,
                      u"method %1 is not implemented"_s.arg(QString::fromLatin1(method)));
    }

    int lengthHeaders = 0;
    bool transferEncoding = false;
    QByteArrayView upgradeValue;
    bool hasUpgrade = false;
    HeadCheck check;
    QByteArrayView line;
    while (nextLine(&line) && !line.isEmpty()) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            return refuse(400, u"bad_request"_s, u"malformed header line"_s);
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++lengthHeaders;
            const bool digits = !value.isEmpty()
                && std::all_of(value.begin(), value.end(), [](char c) {
                       return c >= '0' && c <= '9';
                   });
            if (!digits) {
                return refuse(400, u"bad_request"_s, u"Content-Length is not a number"_s);
            }
            // More digits than any body could have is a number all the same: too large (413).
            check.length = value.size() <= 18 ? value.toLongLong()
                                              : std::numeric_limits<qint64>::max();
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
            hasUpgrade = true;
            upgradeValue = value;
        }
    }
    if (lengthHeaders > 1) {
        return refuse(400, u"bad_request"_s, u"more than one Content-Length header"_s);
    }
    if (transferEncoding && lengthHeaders > 0) {
        return refuse(400, u"bad_request"_s,
                      u"Content-Length and Transfer-Encoding together are ambiguous"_s);
    }
    if (transferEncoding) {
        return refuse(411, u"bad_request"_s,
                      u"the body must have a valid Content-Length (chunked bodies are not "
                      "accepted)"_s);
    }
    const qsizetype pathEnd = target.indexOf('?');
    const QString path = QString::fromLatin1(pathEnd < 0 ? target : target.first(pathEnd));
    const qint64 bodyLimit = http.bodyLimit(method, path);
    if (check.length > bodyLimit) {
        HeadCheck tooLarge = refuse(
            413, u"payload_too_large"_s,
            u"the body exceeds the limit of %1 bytes"_s.arg(bodyLimit));
        tooLarge.length = check.length; // to drain, so the client reads the answer
        return tooLarge;
    }
    if (hasUpgrade) {
        if (upgradeValue.compare("websocket", Qt::CaseInsensitive) != 0 || method != "GET"
            || !http.webSocketPaths().contains(path)) {
            return refuse(400, u"bad_request"_s,
                          u"a WebSocket upgrade is only offered on %1"_s.arg(
                              http.webSocketPaths().join(u", "_s)));
        }
        check.upgrade = true;
    }
    return check;
}

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

bool GuardedTcpServer::checkMethod(QTcpSocket *socket, Framing &framing)
{
    switch (checkRequestStart(framing.head)) {
    case RequestStart::Incomplete:
        return true;
    case RequestStart::Http:
        framing.methodChecked = true;
        return true;
    case RequestStart::Tls:
        // The TLS client reads the answer as a broken record and fails its handshake at once
        // ("wrong version number"), the usual sign of https:// sent to a plain port; a person
        // looking at the bytes reads why.
        framing.refused = true;
        m_worker->refuse(socket, 400, u"bad_request"_s,
                         u"this port speaks plain HTTP/1.1, not TLS: use an http:// URL (or"
                         " start the server with --tls-certificate)"_s);
        return false;
    case RequestStart::NotHttp:
        break;
    }
    framing.refused = true;
    m_worker->refuse(socket, 400, u"bad_request"_s,
                     u"this port speaks plain HTTP/1.1: a request starts with a method such"
                     " as GET or POST"_s);
    return false;
}

bool GuardedTcpServer::guardRequests(QTcpSocket *socket)
{
    if (!m_http->admitConnection(socket)) {
        return false;
    }
    auto framing = std::make_shared<Framing>();
    QPointer<HttpWorker> worker = m_worker;
    const HttpServer *http = m_http;

    // One timer per connection: the request timeout while a request (head and body) is on its
    // way, the idle timeout between requests. The first request must start in request time.
    framing->timer = new QTimer(socket);
    framing->timer->setSingleShot(true);
    framing->timer->start(m_http->requestTimeoutMs());
    framing->waitingForRequest = false;
    connect(framing->timer, &QTimer::timeout, socket, [socket, framing, worker, http]() {
        if (!worker || framing->upgraded || framing->refused) {
            return;
        }
        if (framing->waitingForRequest) {
            // Requests Qt has yet to read, or answers not yet given, are no idleness.
            if (worker->hasPendingResponses(socket) || socket->bytesAvailable() > 0) {
                framing->timer->start(http->idleTimeoutMs());
                return;
            }
            qCInfo(lcHttp) << "closing an idle connection";
            socket->disconnectFromHost();
            return;
        }
        framing->refused = true;
        worker->refuse(socket, 408, u"request_timeout"_s,
                     u"the request was not received within %1 ms"_s.arg(
                         http->requestTimeoutMs()));
    });

    // Connected before QAbstractHttpServer's own slot, so this runs first on every read. Qt
    // may leave the tail of an incomplete request in the buffer; watchAfterQt() records how
    // much, so only what came after it is new here.
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, framing, worker, http]() {
        if (framing->upgraded || framing->refused || !worker) {
            return;
        }
        const qint64 available = socket->bytesAvailable();
        if (available <= framing->leftover) {
            framing->leftover = available;
            return;
        }
        const QByteArray fresh = socket->peek(available);
        const char *data = fresh.constData();
        const qsizetype size = fresh.size();
        qsizetype pos = framing->leftover;
        framing->leftover = available; // until Qt reads; watchAfterQt() corrects it
        const qsizetype limit = http->maxHeadBytes();
        while (pos < size) {
            if (framing->bodyRemaining > 0) {
                const qint64 take = qMin<qint64>(framing->bodyRemaining, size - pos);
                framing->bodyRemaining -= take;
                pos += take;
                if (framing->timeoutPerRead) {
                    framing->timer->start(http->requestTimeoutMs());
                }
                if (framing->bodyRemaining == 0) {
                    framing->waitingForRequest = true;
                    framing->timer->start(http->idleTimeoutMs());
                }
                continue;
            }
            if (framing->head.isEmpty()) {
                // Blank lines between requests are allowed (and skipped by Qt too).
                while (pos < size && (data[pos] == '\r' || data[pos] == '\n')) {
                    ++pos;
                }
                if (pos == size) {
                    break;
                }
                if (framing->waitingForRequest) {
                    framing->waitingForRequest = false;
                    framing->timer->start(http->requestTimeoutMs());
                }
            }
            // Append up to the end of the head (a blank line) or of the data, one pass: each
            // byte is looked at a bounded number of times, however much is pipelined.
            qsizetype endOfHead = -1;
            qsizetype scan = pos;
            while (scan < size) {
                const void *lf = std::memchr(data + scan, '\n', size_t(size - scan));
                if (!lf) {
                    scan = size;
                    break;
                }
                const qsizetype at = static_cast<const char *>(lf) - data;
                // The line that ends here is empty if the byte before (ignoring one CR) is LF.
                const qsizetype headSoFar = framing->head.size() + (at - pos);
                auto byteBefore = [&](qsizetype back) -> char {
                    const qsizetype index = at - back;
                    if (index >= pos) {
                        return data[index];
                    }
                    const qsizetype inHead = framing->head.size() - (pos - index);
                    return inHead >= 0 ? framing->head.at(inHead) : '\0';
                };
                const char b1 = byteBefore(1);
                if (b1 == '\n' || (b1 == '\r' && headSoFar >= 2 && byteBefore(2) == '\n')) {
                    endOfHead = at + 1;
                    break;
                }
                scan = at + 1;
                if (headSoFar > limit) {
                    break;
                }
            }
            const qsizetype stop = endOfHead >= 0 ? endOfHead : scan;
            if (framing->head.size() + (stop - pos) > limit) {
                framing->refused = true;
                worker->refuse(socket, 431, u"bad_request"_s,
                             u"the request head exceeds the limit of %1 bytes"_s.arg(limit));
                return;
            }
            framing->head.append(data + pos, stop - pos);
            pos = stop;
            if (!framing->methodChecked && !checkMethod(socket, *framing)) {
                return;
            }
            if (endOfHead < 0) {
                return; // the rest of the head comes later
            }
            HeadCheck check = checkHead(framing->head, *http);
            framing->head.clear();
            framing->methodChecked = false;
            const bool first = framing->requests++ == 0;
            if (check.upgrade && (!first || worker->hasPendingResponses(socket))) {
                check = refuse(400, u"bad_request"_s,
                               u"a WebSocket upgrade must be the first request on its "
                               "connection"_s);
            }
            if (check.status != 0) {
                framing->refused = true;
                worker->refuse(socket, check.status, check.code, check.message,
                               check.status == 413 ? check.length : 0);
                return;
            }
            if (check.upgrade) {
                // QtWebSockets owns the connection from here, with its own size limits, on
                // the server's thread.
                framing->upgraded = true;
                framing->timer->stop();
                handOverUpgrade(socket);
                return;
            }
            framing->bodyRemaining = check.length;
            // An upload over the ordinary body limit (a route with a limit of its own) may
            // take longer than the request timeout on a slow link: there, the timeout is the
            // longest pause between reads instead.
            framing->timeoutPerRead = check.length > http->maxBodyBytes();
            if (check.length == 0) {
                framing->waitingForRequest = true;
                framing->timer->start(http->idleTimeoutMs());
            }
        }
    });
    m_handedOver.emplace_back(socket, framing);
    return true;
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
    if (guardRequests(socket)) {
        addPendingConnection(socket);
    }
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
    if (!guardRequests(socket)) {
        return;
    }
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

void GuardedTcpServer::watchAfterQt()
{
    // Not a structured binding: clang 14 (the sanitizer build) cannot capture one in a lambda.
    for (const auto &handedOver : std::exchange(m_handedOver, {})) {
        QTcpSocket *socket = handedOver.first.data();
        if (!socket) {
            continue;
        }
        connect(socket, &QTcpSocket::readyRead, socket, [socket, framing = handedOver.second]() {
            framing->leftover = socket->bytesAvailable();
        });
    }
}

HttpWorker::HttpWorker(HttpServer *http, qintptr listener,
                       const std::optional<QSslConfiguration> &tls, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_http(http)
{
    m_tcp = new GuardedTcpServer(this, tls);
    // A duplicate of the acceptor's socket, never accepted from: Qt wants a listening server
    // to bind, and connections come from takeDescriptor().
    if (listener >= 0 && m_tcp->setSocketDescriptor(listener)) {
        m_tcp->pauseAccepting();
    }
    bind(m_tcp);
    // After bind(): Qt 6.4 takes each socket on pendingConnectionAvailable (emitted by
    // addPendingConnection()), so this runs once Qt has connected its own readyRead slot.
    connect(m_tcp, &QTcpServer::pendingConnectionAvailable, m_tcp,
            [tcp = m_tcp]() { tcp->watchAfterQt(); });
}

void HttpWorker::takeDescriptor(qintptr descriptor)
{
    m_tcp->take(descriptor);
}

bool HttpWorker::hasPendingResponses(QTcpSocket *socket) const
{
    const auto connection = m_queues.value(socket);
    return connection && !connection->pending.empty();
}

void GuardedTcpServer::handOverUpgrade(QTcpSocket *socket)
{
    // Take the socket from this thread's Qt server before it reads the request: the handshake
    // stays in the socket for the WebSocket server to read.
    if (socket->isTransactionStarted()) {
        socket->rollbackTransaction();
    }

    // Then, as Qt 6.4's own upgrade path does, cut every connection Qt made to the socket and
    // free the request object it allocated for it. Qt frees that object in a slot on the
    // socket's destroyed signal, which nothing else uses on a socket yet to be upgraded: run it
    // now, once. Left connected, the object leaked with every WebSocket (LeakSanitizer).
    Q_EMIT socket->destroyed(socket);
    socket->disconnect();

    socket->setParent(nullptr);
    socket->moveToThread(m_http->thread());
    m_http->m_mailbox.post([http = m_http, socket = QPointer<QTcpSocket>(socket)]() {
        if (!socket) {
            return;
        }
        // Nothing deletes a socket whose client left on the way here: no slot is connected.
        if (socket->state() == QAbstractSocket::UnconnectedState) {
            socket->deleteLater();
            return;
        }
        http->takeWebSocket(socket);
    });
}

/**
 * Watches a WebSocket's bytes, from the handshake on, before QtWebSockets reads them: Qt 6.4
 * accepts frames from a client that are not masked, which RFC 6455 (5.1) forbids. On such a
 * frame the connection fails at once: a close frame with 1002, nothing more read, the socket
 * closed. Lives on the socket's thread, as its child.
 *
 * It only peeks. Bytes Qt left in the buffer were seen already: a slot queued after Qt's own
 * (Qt reads frames in a queued slot, or a direct one) records how many are left.
 */
class WebSocketFrameGuard final : public QObject
{
public:
    WebSocketFrameGuard(QTcpSocket *socket, HttpServer *http)
        : QObject(socket)
        , m_socket(socket)
        , m_http(http)
    {
        connect(socket, &QTcpSocket::readyRead, this, &WebSocketFrameGuard::inspect);
    }

    QTcpSocket *socket() const { return m_socket; }

    /// (Re)connects the slot that runs after whoever reads the socket now: call once
    /// QtWebSockets has connected its own.
    void followReader()
    {
        disconnect(m_afterReader);
        m_afterReader = connect(
            m_socket, &QTcpSocket::readyRead, this,
            [this]() { m_seen = m_failed ? 0 : m_socket->bytesAvailable(); },
            Qt::QueuedConnection);
    }

private:
    void inspect();
    /// Takes bytes of the frame header under way; false once the connection failed.
    bool takeHeader(const char *data, qsizetype size, qsizetype *pos);
    void fail(quint16 code, const QString &why);

    QTcpSocket *m_socket;
    HttpServer *m_http;
    QMetaObject::Connection m_afterReader;
    qint64 m_seen = 0; // bytes at the front of the buffer looked at already
    int m_endOfHandshake = 0; // how much of "\r\n\r\n" the handshake has ended with so far
    bool m_inHandshake = true;
    QByteArray m_header; // the frame header under way
    qint64 m_payloadRemaining = 0;
    bool m_failed = false;
};

void WebSocketFrameGuard::inspect()
{
    if (m_failed) {
        m_socket->readAll(); // what a failed connection sends is never processed
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_seen) {
        m_seen = available;
        return;
    }
    const QByteArray fresh = m_socket->peek(available);
    const char *data = fresh.constData();
    const qsizetype size = fresh.size();
    qsizetype pos = m_seen;
    m_seen = available;
    while (pos < size) {
        if (m_inHandshake) {
            static constexpr char end[] = "\r\n\r\n";
            m_endOfHandshake = data[pos] == end[m_endOfHandshake] ? m_endOfHandshake + 1
                : data[pos] == '\r'                              ? 1
                                                                 : 0;
            ++pos;
            m_inHandshake = m_endOfHandshake < 4;
            continue;
        }
        if (m_payloadRemaining > 0) {
            const qint64 skip = qMin<qint64>(m_payloadRemaining, size - pos);
            m_payloadRemaining -= skip;
            pos += skip;
            continue;
        }
        if (!takeHeader(data, size, &pos)) {
            return;
        }
    }
}

bool WebSocketFrameGuard::takeHeader(const char *data, qsizetype size, qsizetype *pos)
{
    // RFC 6455, 5.2: two bytes, 2 or 8 of extended length, 4 of masking key when masked.
    const auto wanted = [this]() -> qsizetype {
        if (m_header.size() < 2) {
            return 2;
        }
        const int length = quint8(m_header.at(1)) & 0x7f;
        return 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + 4;
    };
    while (*pos < size && m_header.size() < wanted()) {
        const qsizetype take = qMin<qsizetype>(wanted() - m_header.size(), size - *pos);
        m_header.append(data + *pos, take);
        *pos += take;
        if (m_header.size() >= 2 && (quint8(m_header.at(1)) & 0x80) == 0) {
            fail(1002, u"a frame from the client is not masked (RFC 6455, 5.1)"_s);
            return false;
        }
    }
    if (m_header.size() < wanted()) {
        return true; // the rest of the header comes later
    }
    const int length = quint8(m_header.at(1)) & 0x7f;
    m_payloadRemaining = length;
    if (length >= 126) {
        m_payloadRemaining = 0;
        for (qsizetype i = 2; i < m_header.size() - 4; ++i) {
            m_payloadRemaining = (m_payloadRemaining << 8) | quint8(m_header.at(i));
        }
        m_payloadRemaining &= std::numeric_limits<qint64>::max(); // the top bit must be 0
    }
    m_header.clear();
    return true;
}

void WebSocketFrameGuard::fail(quint16 code, const QString &why)
{
    m_failed = true;
    qCWarning(lcHttp).noquote() << "failed the sync connection of"
                                << m_socket->peerAddress().toString() << "with close code"
                                << code << ":" << why;
    m_http->reportRejected(u"bad_request"_s);

    // A close frame of our own: QtWebSockets would go on to use the frame.
    const QByteArray reason = why.toUtf8().left(123);
    QByteArray frame;
    frame.append(char(0x88));
    frame.append(char(2 + reason.size()));
    frame.append(char(code >> 8));
    frame.append(char(code & 0xff));
    frame.append(reason);
    m_socket->write(frame);
    m_socket->readAll();
    m_socket->disconnectFromHost();
    QTimer::singleShot(2000, m_socket, [socket = m_socket]() { socket->abort(); });
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
{
    bool ok = false;
    const int fromEnvironment = qEnvironmentVariableIntValue("FIREBREAK_HTTP_THREADS", &ok);
    m_ioThreads = ok && fromEnvironment > 0 ? fromEnvironment
                                            : qBound(1, QThread::idealThreadCount(), 4);
    m_webSockets = new QWebSocketServer(u"QtHttpServer"_s, QWebSocketServer::NonSecureMode, this);
    connect(m_webSockets, &QWebSocketServer::newConnection, this,
            &HttpServer::newWebSocketConnection);
}

HttpServer::~HttpServer()
{
    stopIoThreads();
}

void HttpServer::stopIoThreads()
{
    delete std::exchange(m_acceptor, nullptr);
    for (QThread *thread : m_threads) {
        thread->quit();
    }
    for (QThread *thread : m_threads) {
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
}

void HttpServer::setBodyLimit(const QByteArray &method, const QString &path, qint64 bytes)
{
    m_bodyLimits.push_back({method, path, bytes});
}

qint64 HttpServer::bodyLimit(QByteArrayView method, QStringView path) const
{
    for (const BodyLimit &limit : m_bodyLimits) {
        if (limit.method == method && limit.path == path) {
            return limit.bytes;
        }
    }
    return m_maxBodyBytes;
}

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler,
                       HandlerThread thread)
{
    auto route = std::make_shared<Route>();
    route->method = method;
    route->onIoThread = thread == HandlerThread::Io;
    route->pattern = QRegularExpression(QRegularExpression::anchoredPattern(pattern));
    route->pattern.optimize();
    // The pattern's literal start: up to its first character with a meaning in an expression.
    const qsizetype special = pattern.indexOf(QRegularExpression(uR"([\\^$.|?*+()\[\]{}])"_s));
    qsizetype literal = special < 0 ? pattern.size() : special;
    if (special >= 0 && QStringView(u"?*{").contains(pattern.at(special))) {
        literal = qMax<qsizetype>(0, special - 1); // the quantified character may be absent
    } else if (special >= 0 && pattern.at(special) == u'|') {
        literal = 0; // an alternative at the top: no common start
    }
    route->prefix = pattern.first(literal);
    route->handler = std::move(handler);
    QWriteLocker lock(&m_routesLock);
    m_routes.push_back(std::move(route));
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port,
                              const std::optional<QSslConfiguration> &tls)
{
    if (m_acceptor) {
        m_error = u"already listening"_s;
        return 0;
    }
    auto *acceptor = new HttpAcceptor(this);
    if (!acceptor->listen(address, port)) {
        m_error = acceptor->errorString();
        delete acceptor;
        return 0;
    }
    m_acceptor = acceptor;
    for (int i = 0; i < m_ioThreads; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(u"http-io-%1"_s.arg(i));
        auto *anchor = new QObject;
        anchor->moveToThread(thread);
        connect(thread, &QThread::finished, anchor, &QObject::deleteLater);
        thread->start();
#ifdef Q_OS_UNIX
        const qintptr listener = ::dup(int(acceptor->socketDescriptor()));
#else
        const qintptr listener = -1;
#endif
        HttpWorker *worker = nullptr;
        // Built on its own thread, so everything Qt creates inside it lives there too.
        QMetaObject::invokeMethod(
            anchor, [&]() { worker = new HttpWorker(this, listener, tls, anchor); },
            Qt::BlockingQueuedConnection);
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    return acceptor->serverPort();
}

void HttpServer::dispatchConnection(qintptr descriptor)
{
    HttpWorker *worker = m_workers[m_nextWorker++ % m_workers.size()];
    worker->mailbox.post([worker, descriptor]() { worker->takeDescriptor(descriptor); });
}

void HttpServer::reportRejected(const QString &code)
{
    if (QThread::currentThread() == thread()) {
        Q_EMIT requestRejected(code);
        return;
    }
    m_mailbox.post([this, code]() { Q_EMIT requestRejected(code); });
}

void HttpServer::takeWebSocket(QTcpSocket *socket)
{
    // The guard's slot is connected first, so it sees every byte before QtWebSockets reads it.
    auto *guard = new WebSocketFrameGuard(socket, this);
    m_webSockets->handleConnection(socket);
    guard->followReader();
    m_frameGuards.erase(std::remove(m_frameGuards.begin(), m_frameGuards.end(), nullptr),
                        m_frameGuards.end());
    m_frameGuards.emplace_back(guard);
    // A QTcpSocket announces no bytes it already has: announce them once more.
    Q_EMIT socket->readyRead();
}

bool HttpServer::hasPendingWebSocketConnections() const
{
    return m_webSockets->hasPendingConnections();
}

std::unique_ptr<QWebSocket> HttpServer::nextPendingWebSocketConnection()
{
    std::unique_ptr<QWebSocket> socket(m_webSockets->nextPendingConnection());
    if (!socket) {
        return socket;
    }
    socket->setParent(nullptr);
    // QtWebSockets reads the socket now: the guard's bookkeeping runs after it.
    for (auto it = m_frameGuards.begin(); it != m_frameGuards.end(); ++it) {
        auto *guard = static_cast<WebSocketFrameGuard *>(it->data());
        if (guard && guard->socket()->peerPort() == socket->peerPort()
            && guard->socket()->peerAddress() == socket->peerAddress()) {
            guard->followReader();
            m_frameGuards.erase(it);
            break;
        }
    }
    return socket;
}

bool HttpServer::admitConnection(QTcpSocket *socket)
{
    const QHostAddress peer = socket->peerAddress();
    std::unique_lock lock(m_connectionsMutex);
    int &count = m_connectionsPerAddress[peer];
    if (m_maxConnectionsPerAddress > 0 && count >= m_maxConnectionsPerAddress) {
        lock.unlock();
        qCWarning(lcHttp).noquote() << "refused a connection from" << peer.toString() << ": more"
                                    << "than" << m_maxConnectionsPerAddress << "open";
        reportRejected(u"rate_limited"_s);
        const QByteArray answer = formatResponse(
            429, errorBody(u"rate_limited"_s, u"too many connections from this address"_s),
            "application/json", {}, true);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (auto *tls = qobject_cast<QSslSocket *>(socket); tls && !tls->isEncrypted()) {
            // On the TLS port the answer is encrypted like any other, so it waits for the
            // handshake, which gets the request timeout to finish.
            connect(tls, &QSslSocket::encrypted, tls, [tls, answer]() {
                tls->write(answer);
                tls->disconnectFromHost();
            });
            QTimer::singleShot(m_requestTimeoutMs, tls, [tls]() {
                tls->abort();
                tls->deleteLater();
            });
            tls->startServerEncryption();
            return false;
        }
        socket->write(answer);
        socket->disconnectFromHost();
        return false;
    }
    ++count;
    lock.unlock();
    // A child's signal: socket->disconnect() (on refusal and upgrade) leaves it connected.
    // Direct: counted down on whichever thread the socket dies, at once.
    auto *lifetime = new QObject(socket);
    connect(
        lifetime, &QObject::destroyed, this,
        [this, peer]() {
            std::lock_guard guard(m_connectionsMutex);
            auto it = m_connectionsPerAddress.find(peer);
            if (it != m_connectionsPerAddress.end() && --it.value() <= 0) {
                m_connectionsPerAddress.erase(it);
            }
        },
        Qt::DirectConnection);
    return true;
}

void HttpWorker::refuse(QTcpSocket *socket, int status, const QString &code,
                        const QString &message, qint64 drainBytes)
{
    qCWarning(lcHttp).noquote() << "refused request from" << socket->peerAddress().toString()
                                << "before reading its body:" << status << message;
    m_http->reportRejected(code);

    socket->write(formatResponse(status, errorBody(code, message), "application/json", {}, true));
    socket->flush();
    // A client that is still sending only sees the answer if we read on, so discard what it
    // sends (bounded in bytes and time, never kept) and close after.
    detachFromQt(socket);
    constexpr qint64 drainLimit = 64 * 1024 * 1024;
    if (drainBytes <= 0 || drainBytes > drainLimit) {
        socket->readAll();
        socket->disconnectFromHost();
        return;
    }
    auto remaining = std::make_shared<qint64>(drainBytes);
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

void HttpWorker::detachFromQt(QTcpSocket *socket)
{
    // Only its readyRead, so that Qt never buffers what follows: a full disconnect() also cut
    // the connection by which Qt deletes the request object it allocated for this socket when
    // the socket goes, and leaked it.
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    for (QObject *child : socket->children()) {
        if (auto *timer = qobject_cast<QTimer *>(child)) {
            timer->stop();
        }
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

bool HttpWorker::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
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
        connection->worker = this;
        // A child's signal: socket->disconnect() (on refusal) leaves it connected.
        auto *lifetime = new QObject(socket);
        connect(lifetime, &QObject::destroyed, this, [this, socket]() {
            if (const auto gone = m_queues.take(socket)) {
                gone->connected = false;
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket,
                [queue = std::weak_ptr(connection)]() {
                    if (const auto live = queue.lock()) {
                        live->connected = false;
                        // A file body still on its way is dropped (and removed if asked).
                        for (const auto &response : live->pending) {
                            response->file.reset();
                        }
                    }
                });
        // A file body goes on as the socket drains.
        connect(socket, &QTcpSocket::bytesWritten, socket,
                [queue = std::weak_ptr(connection)]() {
                    const auto live = queue.lock();
                    if (live && !live->pending.empty() && live->pending.front()->file) {
                        live->flush();
                    }
                });
    }
    auto pending = std::make_shared<PendingResponse>();
    pending->connection = connection;
    pending->closeAfter = asksToClose(request.value("Connection"));
    connection->pending.push_back(pending);
    HttpResponder responder(pending);

    HttpRequest copy;
    const QByteArray method = QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>()
                                             .valueToKey(int(request.method())));
    copy.method = method.toUpper();
    // HEAD is answered wherever GET is (RFC 9110, 9.3.2): the GET's route runs, the body is cut.
    pending->headOnly = copy.method == "HEAD";
    const QByteArray routeMethod = pending->headOnly ? QByteArray("GET") : copy.method;
    // Routes match the path as sent, percent escapes intact, and each captured segment is
    // decoded on its own: an escaped slash ("INC-1%2Ftimeline") stays inside its segment
    // instead of reaching another route.
    copy.path = request.url().path(QUrl::FullyEncoded);
    copy.query = request.query();
    copy.headers = request.headers();
    copy.body = request.body();
    copy.remote = request.remoteAddress();

    // The first route of this method whose pattern matches; a route whose literal start the
    // path lacks cannot match, so its expression is not run. Only without one are the other
    // methods' routes tried, to tell 405 from 404.
    bool pathKnown = false;
    std::shared_ptr<const HttpServer::Route> chosen;
    {
        QReadLocker lock(&m_http->m_routesLock);
        for (const auto &route : m_http->m_routes) {
            if (route->method != routeMethod || !copy.path.startsWith(route->prefix)) {
                continue;
            }
            const QRegularExpressionMatch match = route->pattern.match(copy.path);
            if (match.hasMatch()) {
                copy.captures = match.capturedTexts().mid(1);
                for (QString &capture : copy.captures) {
                    capture = QUrl::fromPercentEncoding(capture.toUtf8());
                }
                chosen = route;
                break;
            }
        }
        for (size_t i = 0; !chosen && !pathKnown && i < m_http->m_routes.size(); ++i) {
            const HttpServer::Route &route = *m_http->m_routes[i];
            pathKnown = copy.path.startsWith(route.prefix)
                && route.pattern.match(copy.path).hasMatch();
        }
    }
    if (chosen && chosen->onIoThread) {
        chosen->handler(copy, responder);
        return true;
    }
    if (chosen) {
        // Handlers run on the server's thread; their answer comes back here.
        m_http->m_mailbox.post(
            [chosen = std::move(chosen), copy = std::move(copy),
             responder = std::move(responder)]() {
                chosen->handler(copy, responder);
            });
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

void HttpWorker::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request)
    socket->write(formatResponse(404, errorBody(u"not_found"_s, u"no such resource"_s),
                                 "application/json", {}, false));
}

} // namespace Firebreak
