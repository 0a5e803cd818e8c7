// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "httpserver.h"

#include "store/writercpu.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QWebSocketServer>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <cerrno>
#include <fcntl.h>
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
    case 426:
        return "Upgrade Required";
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

QList<QPair<QByteArray, QByteArray>> keepAliveHeader()
{
    return {{"Connection", "keep-alive"}};
}

/// Requests of one connection parsed but not answered yet, at most: a client that pipelines
/// faster than its answers go out is read no further (and the socket's buffer, capped, makes
/// TCP hold the client back) until half of them are out.
constexpr std::size_t s_maxUnanswered = 256;
/// Bytes of answers waiting for a client that does not read them, at most, before its further
/// requests wait (a client that pipelines and never reads must not fill the server's memory).
constexpr qint64 s_maxWriteBacklog = 4 * 1024 * 1024;
/// What the socket reads ahead of the reader, at most.
constexpr qint64 s_socketReadAhead = 1024 * 1024;

/// A file body goes out in pieces of this size while the socket holds less than the mark.
constexpr qint64 s_filePiece = 256 * 1024;
constexpr qint64 s_fileHighWater = 1024 * 1024;

} // namespace

void Mailbox::post(MailboxTask task)
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
    // Two buffers go back and forth between the posters and this thread, so neither side
    // frees the other's (the tasks themselves end here, on the thread they were posted to).
    std::vector<MailboxTask> tasks = std::move(m_spare);
    {
        std::lock_guard lock(m_mutex);
        tasks.swap(m_tasks);
        m_scheduled = false;
    }
    for (auto &task : tasks) {
        task();
    }
    tasks.clear();
    m_spare = std::move(tasks);
}

class RequestReader;

/**
 * One I/O thread's connections: reads and frames their requests (RequestReader), routes them
 * and writes their answers. Lives on its own thread; see HttpServer.
 */
class HttpWorker final : public QObject
{
public:
    HttpWorker(HttpServer *http, const std::optional<QSslConfiguration> &tls, QObject *parent)
        : QObject(parent)
        , m_http(http)
        , m_tls(tls)
    {
    }

    /// Takes a connection accepted on the server's thread (on this worker's thread).
    void takeDescriptor(qintptr descriptor);
    /// Answers an error, after the answers to the connection's earlier requests; `answered`
    /// runs once it is written. The caller stops reading requests and closes the connection.
    /// Its log line is the route's refusal logger's when `head` is given and one takes it.
    void refuse(QTcpSocket *socket, int status, const QString &code, const QString &message,
                const QList<QPair<QByteArray, QByteArray>> &extraHeaders,
                std::function<void()> answered, const HttpRequest *head = nullptr);
    /// Closes the connection once every request read so far is answered (the client has
    /// ended its side).
    void closeAfterAnswers(QTcpSocket *socket);
    bool hasPendingResponses(QTcpSocket *socket) const;
    /// The connection's answers in request order, made on first use.
    std::shared_ptr<ConnectionQueue> queueFor(QTcpSocket *socket);
    /// Whether the connection has s_maxUnanswered requests unanswered or s_maxWriteBacklog
    /// bytes of answers unsent; if so, `reader` is resumed once enough have gone out.
    bool pauseIfBehind(QTcpSocket *socket, RequestReader *reader);
    HttpServer *http() const { return m_http; }
    /// Routes a complete request and queues its answer in the connection's order.
    void handleRequest(HttpRequest &&request, QTcpSocket *socket, bool closeAfter,
                       bool saysKeepAlive);
    /// Moves an upgrade request's socket, with the handshake in its read buffer, to the
    /// server's thread and its WebSocket server; `reader`, the socket's RequestReader, is
    /// deleted.
    void handOverUpgrade(QTcpSocket *socket, QObject *reader);

    Mailbox mailbox{this};

private:
    /// Starts reading the socket's requests; false if the connection is refused (too many).
    bool startReading(QTcpSocket *socket);
    void waitForFirstByte(qintptr descriptor);
    void startTls(qintptr descriptor);
    void refusePlainHttp(qintptr descriptor);

    HttpServer *m_http;
    std::optional<QSslConfiguration> m_tls;
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
    /// The connection's reader while it waits for answers to go out before it parses more
    /// (too many requests of this connection unanswered).
    QPointer<RequestReader> pausedReader;
    /// The client ended its side: the connection closes once `pending` is empty.
    bool closeWhenAnswered = false;
    /// The connection's reader while a head guard looks at its request's head.
    QPointer<RequestReader> guardedReader;
    void flush();
    /// Lets a paused reader go on once few enough answers are unanswered or unsent, and none
    /// to a request that is not safe.
    void maybeResume();
    /// Whether a request that is not safe waits for its answer. The requests pipelined after
    /// it are read only then (RFC 9112, 9.3.2): a GET behind a POST sees what the POST did.
    bool awaitsUnsafe() const;
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
    /// An HTTP/1.0 client that asked to keep the connection: the answer says it is kept.
    bool saysKeepAlive = false;
    /// A HEAD request: the GET's status and headers, Content-Length included, but no body.
    bool headOnly = false;
    /// A request of a method that is not safe (RFC 9110, 9.2.1): POST, PUT, PATCH, DELETE.
    bool unsafe = false;
    /// A body that follows `bytes` from a file, the I/O thread's like `bytes`.
    std::shared_ptr<FileBody> file;
    /// Runs on the I/O thread once the answer is written (or dropped).
    std::function<void()> afterWrite;
};

bool ConnectionQueue::awaitsUnsafe() const
{
    return std::any_of(pending.begin(), pending.end(), [](const auto &response) {
        return response->unsafe && !response->ready;
    });
}

void ConnectionQueue::flush()
{
    // A socket the client has left takes no more: answers still queued are dropped quietly.
    QTcpSocket *out = socket && socket->state() == QAbstractSocket::ConnectedState ? socket.data()
                                                                                    : nullptr;
    while (!pending.empty() && pending.front()->ready) {
        const auto response = pending.front();
        if (out && !response->bytes.isEmpty()) {
            out->write(std::exchange(response->bytes, QByteArray()));
        }
        if (out && response->file && !pumpFile(*response)) {
            return; // the rest follows as the socket drains (bytesWritten)
        }
        pending.pop_front();
        response->file.reset();
        if (out && response->closeAfter) {
            out->disconnectFromHost();
        }
        if (response->afterWrite) {
            std::exchange(response->afterWrite, nullptr)();
        }
    }
    if (out && closeWhenAnswered && pending.empty()) {
        out->disconnectFromHost();
    }
    maybeResume();
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
void deliverOnWorker(const PendingResponse &pending, MailboxTask fill)
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
    // Formatted by the I/O thread: most answers are sent from the server's thread, the one
    // every webhook waits for.
    deliverOnWorker(*m_pending, [pending = m_pending, status, body, contentType,
                                 extraHeaders]() mutable {
        pending->bytes = formatResponse(status, body, contentType,
                                        pending->saysKeepAlive ? extraHeaders + keepAliveHeader()
                                                               : extraHeaders,
                                        pending->closeAfter);
        if (pending->headOnly) {
            pending->bytes.chop(body.size());
        }
        pending->ready = true;
        if (const auto queue = pending->connection.lock()) {
            queue->flush();
        }
    });
}

void HttpResponder::release(MailboxTask task) const
{
    if (m_pending) {
        deliverOnWorker(*m_pending, std::move(task));
    }
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
    QByteArray head = formatHead(status, size, contentType,
                                 m_pending->saysKeepAlive ? extraHeaders + keepAliveHeader()
                                                          : extraHeaders,
                                 m_pending->closeAfter);
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

void HttpResponder::sendError(int status, const QString &code, const QString &message,
                              const QList<QPair<QByteArray, QByteArray>> &extraHeaders) const
{
    send(status, errorBody(code, message), "application/json", extraHeaders);
}

bool HttpResponder::isConnected() const
{
    const auto connection = m_pending ? m_pending->connection.lock() : nullptr;
    return connection && connection->connected.load();
}

namespace {

// RFC 9112, 9.6: Connection is a list of tokens; "close" anywhere in it ends the connection
// after this answer ("close, TE" as much as "close").
bool hasConnectionToken(QByteArrayView connection, QByteArrayView token)
{
    qsizetype start = 0;
    while (start <= connection.size()) {
        qsizetype comma = connection.indexOf(',', start);
        if (comma < 0) {
            comma = connection.size();
        }
        if (connection.sliced(start, comma - start).trimmed().compare(token, Qt::CaseInsensitive)
            == 0) {
            return true;
        }
        start = comma + 1;
    }
    return false;
}

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
    int status = 0; // 0: a request to route
    QString code;
    QString message;
    QList<QPair<QByteArray, QByteArray>> refusalHeaders;
    qint64 length = 0;
    bool upgrade = false;
    bool closeAfter = false;
    bool http10 = false;
    bool expectsContinue = false;
};

HeadCheck refusal(int status, const QString &code, const QString &message)
{
    HeadCheck check;
    check.status = status;
    check.code = code;
    check.message = message;
    return check;
}

/// The request target's bytes as text: printable ASCII as sent, anything else percent-encoded,
/// so that routes and query parsing see the target a client would have had to send.
QString targetText(QByteArrayView bytes)
{
    const auto printable = [](char c) { return c > 0x20 && c < 0x7f; };
    if (std::all_of(bytes.begin(), bytes.end(), printable)) {
        return QString::fromLatin1(bytes);
    }
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray encoded;
    encoded.reserve(bytes.size() * 3);
    for (const char c : bytes) {
        if (printable(c)) {
            encoded.append(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            encoded.append('%').append(hex[byte >> 4]).append(hex[byte & 0xf]);
        }
    }
    return QString::fromLatin1(encoded);
}

/// Whether a header value, as sent between the colon and the end of its line, holds a control
/// character: only horizontal tab is allowed (RFC 9110, 5.5). NUL or a bare CR would reach a
/// handler, or a log, as something else than the client's peer saw.
bool hasControlCharacter(QByteArrayView value)
{
    return std::any_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7f;
    });
}

/// Checks a WebSocket upgrade to an allowed path as far as the handshake goes (RFC 6455, 4.2.1),
/// so that QtWebSockets, which closes on a handshake it does not like without a word, only ever
/// gets one it accepts. 0 in `status` when it may be handed on.
HeadCheck checkWebSocketHandshake(const QList<QPair<QByteArray, QByteArray>> &headers,
                                  bool http10, bool connectionUpgrade)
{
    if (http10) {
        return refusal(400, u"bad_request"_s, u"a WebSocket upgrade needs HTTP/1.1"_s);
    }
    if (!connectionUpgrade) {
        return refusal(400, u"bad_request"_s,
                       u"a WebSocket upgrade needs \"Connection: Upgrade\""_s);
    }
    QByteArrayView key;
    QByteArrayView version;
    for (const auto &[name, value] : headers) {
        if (name.compare("sec-websocket-key", Qt::CaseInsensitive) == 0) {
            key = value;
        } else if (name.compare("sec-websocket-version", Qt::CaseInsensitive) == 0) {
            version = value;
        }
    }
    const auto nonce = QByteArray::fromBase64Encoding(key.toByteArray(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!nonce || nonce.decoded.size() != 16) {
        return refusal(400, u"bad_request"_s,
                       u"a WebSocket upgrade needs a Sec-WebSocket-Key of 16 bytes in base64"_s);
    }
    if (version != "13") {
        HeadCheck check = refusal(426, u"bad_request"_s,
                                  u"this server speaks WebSocket version 13 only"_s);
        check.refusalHeaders = {{"Sec-WebSocket-Version", "13"}};
        return check;
    }
    return {};
}

/// Checks a complete head (request line, header lines, the blank line) and, once its lines
/// are read, fills in `request`'s method, path, query and headers (refused or not).
HeadCheck checkHead(QByteArrayView head, const HttpServer &http, HttpRequest *request)
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
        return refusal(400, u"bad_request"_s,
                      u"malformed request line (expected METHOD /path HTTP/1.1)"_s);
    }
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(method) || (version != "HTTP/1.1" && version != "HTTP/1.0")
        || !target.startsWith('/') || target.contains(' ')) {
        return refusal(400, u"bad_request"_s,
                      u"malformed request line (expected METHOD /path HTTP/1.1)"_s);
    }
    // A control character (NUL, CR, tab, DEL…) has no place in a target (RFC 3986), and a
    // proxy in front may have read the line differently: refused, not encoded and served.
    if (std::any_of(target.begin(), target.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        })) {
        return refusal(400, u"bad_request"_s,
                      u"control character in the request target"_s);
    }
    static const QByteArrayView known[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                           "OPTIONS"};
    if (std::find(std::begin(known), std::end(known), method) == std::end(known)) {
        return refusal(501, u"not_implemented"_s,
                      u"method %1 is not implemented"_s.arg(QString::fromLatin1(method)));
    }

    int lengthHeaders = 0;
    bool transferEncoding = false;
    QByteArrayView upgradeValue;
    bool hasUpgrade = false;
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    bool connectionUpgrade = false;
    int hostHeaders = 0;
    HeadCheck check;
    QByteArrayView line;
    QList<QPair<QByteArray, QByteArray>> headers;
    while (nextLine(&line) && !line.isEmpty()) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            return refusal(400, u"bad_request"_s, u"malformed header line"_s);
        }
        const QByteArrayView name = line.first(colon);
        if (hasControlCharacter(line.sliced(colon + 1))) {
            return refusal(400, u"bad_request"_s,
                           u"the value of header %1 holds a control character"_s.arg(
                               QString::fromLatin1(name)));
        }
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        headers.emplace_back(name.toByteArray(), value.toByteArray());
        if (name.compare("host", Qt::CaseInsensitive) == 0) {
            ++hostHeaders;
        } else if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++lengthHeaders;
            const bool digits = !value.isEmpty()
                && std::all_of(value.begin(), value.end(), [](char c) {
                       return c >= '0' && c <= '9';
                   });
            if (!digits) {
                return refusal(400, u"bad_request"_s, u"Content-Length is not a number"_s);
            }
            // More digits than any body could have is a number all the same: too large (413).
            check.length = value.size() <= 18 ? value.toLongLong()
                                              : std::numeric_limits<qint64>::max();
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
            hasUpgrade = true;
            upgradeValue = value;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            // Every Connection header counts, however many there are.
            connectionClose = connectionClose || hasConnectionToken(value, "close");
            connectionKeepAlive = connectionKeepAlive || hasConnectionToken(value, "keep-alive");
            connectionUpgrade = connectionUpgrade || hasConnectionToken(value, "upgrade");
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            check.expectsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
    }
    if (lengthHeaders > 1) {
        return refusal(400, u"bad_request"_s, u"more than one Content-Length header"_s);
    }
    if (transferEncoding && lengthHeaders > 0) {
        return refusal(400, u"bad_request"_s,
                      u"Content-Length and Transfer-Encoding together are ambiguous"_s);
    }
    if (transferEncoding) {
        return refusal(411, u"bad_request"_s,
                      u"the body must have a valid Content-Length (chunked bodies are not "
                      "accepted)"_s);
    }
    // The fragment is the client's own; the query goes to the handler.
    QByteArrayView pathBytes = target;
    if (const qsizetype hash = pathBytes.indexOf('#'); hash >= 0) {
        pathBytes = pathBytes.first(hash);
    }
    QByteArrayView queryBytes;
    if (const qsizetype question = pathBytes.indexOf('?'); question >= 0) {
        queryBytes = pathBytes.sliced(question + 1);
        pathBytes = pathBytes.first(question);
    }
    const QString path = targetText(pathBytes);
    // Filled before the checks that follow, so that their refusals can say whose request it
    // was (HttpServer::setRefusalLogger()).
    request->method = method.toByteArray();
    request->path = path;
    if (!queryBytes.isEmpty()) {
        request->query = QUrlQuery(targetText(queryBytes));
    }
    request->headers = headers;
    const qint64 bodyLimit = http.bodyLimit(method, path);
    if (check.length > bodyLimit) {
        HeadCheck tooLarge = refusal(
            413, u"payload_too_large"_s,
            u"the body exceeds the limit of %1 bytes"_s.arg(bodyLimit));
        tooLarge.length = check.length; // to drain, so the client reads the answer
        return tooLarge;
    }
    // RFC 9112, 3.2: HTTP/1.1 names its host exactly once; HTTP/1.0 may leave it out.
    check.http10 = version == "HTTP/1.0";
    if (hostHeaders > 1 || (hostHeaders == 0 && !check.http10)) {
        HeadCheck noHost = refusal(400, u"bad_request"_s,
                                   hostHeaders > 1
                                       ? u"more than one Host header"_s
                                       : u"an HTTP/1.1 request must have a Host header"_s);
        return noHost;
    }
    // An upgrade to anything but WebSocket (h2c, say) is ignored, as RFC 9110 (7.8) allows:
    // the request is answered in HTTP/1.1.
    if (hasUpgrade && hasConnectionToken(upgradeValue, "websocket")) {
        if (method != "GET" || !http.webSocketPaths().contains(path)) {
            return refusal(400, u"bad_request"_s,
                          u"a WebSocket upgrade is only offered on %1"_s.arg(
                              http.webSocketPaths().join(u", "_s)));
        }
        // QtWebSockets reads the handshake by CRLF lines only, and would wait for ever for the
        // end of a head whose lines end in LF alone.
        if (!head.endsWith("\r\n\r\n")) {
            return refusal(400, u"bad_request"_s,
                           u"a WebSocket handshake must end its lines with CR LF"_s);
        }
        HeadCheck handshake = checkWebSocketHandshake(headers, check.http10, connectionUpgrade);
        handshake.upgrade = handshake.status == 0;
        return handshake;
    }
    // HTTP/1.0 closes after each answer unless the client asks to keep the connection.
    check.closeAfter = connectionClose || (check.http10 && !connectionKeepAlive);
    // RFC 9110, 10.1.1: an HTTP/1.0 client gets no 1xx answer, whatever it expects.
    check.expectsContinue = check.expectsContinue && !check.http10;
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

/**
 * Reads one connection's requests (HTTP/1.1, RFC 9112) and is the authority on their framing:
 * it parses each head in one pass (at most maxHeadBytes kept), takes Content-Length bytes of
 * body, and refuses (before reading a body) an ambiguous length, an oversized body or head, an
 * unknown method, garbage, an upgrade anywhere but the WebSocket paths, and a client too slow
 * to send its request. Complete requests go to HttpWorker::handleRequest() in order.
 *
 * On a plain connection (`descriptor`, a duplicate of the socket's, given) the reader reads
 * the connection itself, and the socket only writes: QTcpSocket ends the whole connection when
 * the client ends its side (shutdown(SHUT_WR) after its last request), dropping answers not
 * yet written. Here the requests read before that end are answered, in order, and then the
 * connection closes. A WebSocket upgrade gives its handshake back to the socket, for
 * QtWebSockets to read.
 *
 * On a TLS connection (no descriptor) the socket reads. The first head is only peeked at there:
 * a WebSocket upgrade leaves the connection unread for QtWebSockets. From the first ordinary
 * request on, bytes are taken from the socket as they arrive. The client ending its side ends
 * the connection, as QSslSocket does.
 *
 * A child of its socket, on the socket's thread; owns `descriptor`.
 */
class RequestReader final : public QObject
{
public:
    RequestReader(QTcpSocket *socket, HttpWorker *worker, qintptr descriptor)
        : QObject(socket)
        , m_socket(socket)
        , m_worker(worker)
        , m_http(worker->http())
        , m_peer(socket->peerAddress())
        , m_descriptor(descriptor)
    {
        // One timer: the request timeout while a request (head and body) is on its way, the
        // idle timeout between requests. The first request must start in request time.
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &RequestReader::timedOut);
        m_timer.start(m_http->requestTimeoutMs());
        if (m_descriptor >= 0) {
            readConnectionItself();
            return;
        }
        // More than the largest head, so the first one can be peeked at whole.
        socket->setReadBufferSize(qMax<qint64>(s_socketReadAhead, m_http->maxHeadBytes() + 1));
        connect(socket, &QTcpSocket::readyRead, this, &RequestReader::readSome);
    }

    ~RequestReader() override { closeDescriptor(); }

    /// Goes on reading after a pause (HttpWorker::pauseIfBehind()).
    void resume()
    {
        m_paused = false;
        updateNotifier();
        readSome();
    }

private:
    enum class State {
        FirstHead, // peeking: the first request may be an upgrade, to hand on unread
        Reading,
        Done, // refused, upgraded or closing: nothing more is read
    };

    void readSome();
    /// Parses and hands on the complete requests in the buffer.
    void takeRequests();
    /// Peeks at the first head; true once it is a request to read on (m_state is Reading).
    bool peekFirstHead();
    /// Stops the socket reading (a full read buffer: one byte it never reads) and watches the
    /// descriptor instead.
    void readConnectionItself();
    /// Gives the socket the bytes the reader took but did not handle, ahead of what comes
    /// later, and lets the socket read again.
    void giveBackToSocket(const QByteArray &unread);
    /// Appends what has arrived to m_buffer (at most s_socketReadAhead bytes at a time); false
    /// once the connection has gone.
    bool receive();
    /// Reads into `data`: bytes read, 0 if nothing has arrived, -1 once nothing more comes
    /// (m_peerEnded on a plain connection).
    qint64 readInto(char *data, qint64 size);
    /// Reads and drops what has arrived; after a refusal, closes once the answer is out and
    /// the body announced is drained.
    void discardInput();
    /// The client ended its side: what was read is answered, then the connection closes.
    void finishInput();
    /// Closes the connection after a refusal has been answered (lingering on a plain one).
    void closeAfterRefusal();
    void updateNotifier();
    void closeDescriptor();
    /// Has the head guard of the current request look at its head on the server's thread;
    /// the body is read once it lets the request through (takeVerdict()).
    void awaitVerdict(const HttpServer::HeadGuard &guard);
    void takeVerdict(const std::optional<HttpRefusal> &refusal);
    /// Sends "100 Continue" when the client waits for it to send the body (RFC 9110, 10.1.1).
    void continueIfExpected();
    /// Finds and checks the next head in the buffer; true once it is a request whose body to
    /// wait for.
    bool takeHead();
    /// Takes a checked head: false if it was refused or handed over.
    bool acceptHead(HeadCheck check, HttpRequest &&request, qsizetype bodyStart);
    /// The end of the head that starts at `start` (one past its blank line), scanning `data`
    /// from m_scanned on; -1 while it is incomplete.
    qsizetype findHeadEnd(const char *data, qsizetype size, qsizetype start);
    /// Checks the method of the head at `head` before the head is complete; false if refused.
    bool checkMethod(QByteArrayView head);
    /// `head`, when the request's head was read, is what its refusal's log line may name.
    void refuse(int status, const QString &code, const QString &message, qint64 drain = 0,
                const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {},
                const HttpRequest *head = nullptr);
    void timedOut();
    void waitForNextRequest();

    QTcpSocket *m_socket;
    HttpWorker *m_worker;
    HttpServer *m_http;
    QHostAddress m_peer;
    QTimer m_timer;
    State m_state = State::FirstHead;
    QByteArray m_buffer;     // bytes taken from the socket, from m_start on not yet handled
    qsizetype m_start = 0;   // where the current request (or blank lines before it) starts
    qsizetype m_scanned = 0; // how far the current head was searched for its end
    bool m_methodChecked = false;
    bool m_haveHead = false; // the current head is checked; its body is awaited
    HttpRequest m_request;   // the current request, but for its body
    qsizetype m_bodyStart = 0;
    qint64 m_bodyLength = 0;
    bool m_closeAfter = false;
    bool m_http10 = false;
    bool m_waitingForRequest = false; // between requests (idle) rather than inside one
    bool m_timeoutPerRead = false;    // the request timeout counts from the last read
    bool m_paused = false;            // too many answers outstanding: parsing waits
    int m_requests = 0;
    qintptr m_descriptor = -1; // a plain connection's, read by the reader itself
    QSocketNotifier *m_notifier = nullptr;
    bool m_peerEnded = false; // the client ended its side (plain connections)
    bool m_refused = false;
    bool m_refusalAnswered = false;
    qint64 m_toDrain = 0; // body bytes of a refused request still to read and drop
    bool m_awaitingVerdict = false; // a head guard looks at the head: the body waits
    bool m_expectsContinue = false;
    bool m_lingering = false;     // waits for the refusal to leave before ending our side
    bool m_writeShutDown = false; // our side ended; reading on until the client's ends
};

void RequestReader::readSome()
{
    if (m_state == State::FirstHead && !peekFirstHead()) {
        return;
    }
    if (m_state == State::Done) {
        // After a request that closes the connection: whatever else comes is dropped, so it
        // does not pile up until the answer has gone out.
        discardInput();
        return;
    }
    if (m_paused || m_awaitingVerdict) {
        updateNotifier();
        return;
    }
    // What was handled goes before more is taken; a request on its way stays. Mostly all of
    // the buffer was handled, and what the socket holds becomes the buffer without a copy.
    if (m_start >= m_buffer.size()) {
        m_buffer.clear();
        m_start = m_scanned = m_bodyStart = 0;
    } else if (m_start > 0) {
        m_buffer.remove(0, m_start);
        m_scanned -= m_start;
        m_bodyStart -= m_start;
        m_start = 0;
    }
    if (!receive()) {
        return;
    }
    takeRequests();
    if (m_peerEnded && m_state == State::Reading && !m_paused && !m_awaitingVerdict) {
        finishInput();
    }
}

void RequestReader::takeRequests()
{
    while (m_state == State::Reading) {
        if (!m_haveHead) {
            if (m_worker->pauseIfBehind(m_socket, this)) {
                m_paused = true;
                updateNotifier();
                return;
            }
            if (!takeHead()) {
                return;
            }
        }
        if (m_awaitingVerdict) {
            return;
        }
        const qint64 received = m_buffer.size() - m_bodyStart;
        if (received < m_bodyLength) {
            if (m_timeoutPerRead) {
                m_timer.start(m_http->requestTimeoutMs());
            }
            return;
        }
        HttpRequest request = std::exchange(m_request, {});
        request.body = m_buffer.mid(m_bodyStart, m_bodyLength);
        request.remote = m_peer;
        m_start = m_bodyStart + m_bodyLength;
        m_scanned = m_start;
        m_haveHead = false;
        if (m_closeAfter) {
            // Whatever the client sent after it is never answered.
            m_state = State::Done;
            m_timer.stop();
        } else {
            waitForNextRequest();
        }
        m_worker->handleRequest(std::move(request), m_socket, m_closeAfter,
                                m_http10 && !m_closeAfter);
    }
}

void RequestReader::readConnectionItself()
{
    // The socket has read nothing yet: it is handed over before the event loop runs.
    Q_ASSERT(m_socket->bytesAvailable() == 0);
    m_socket->setReadBufferSize(1);
    m_socket->ungetChar('\0');
    m_state = State::Reading;
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &RequestReader::readSome);
    connect(m_socket, &QTcpSocket::disconnected, this, &RequestReader::closeDescriptor);
}

void RequestReader::giveBackToSocket(const QByteArray &unread)
{
    closeDescriptor();
    char placeholder = 0;
    m_socket->getChar(&placeholder);
    for (qsizetype i = unread.size(); i-- > 0;) {
        m_socket->ungetChar(unread.at(i));
    }
    m_socket->setReadBufferSize(qMax<qint64>(s_socketReadAhead, m_http->maxHeadBytes() + 1));
}

bool RequestReader::receive()
{
    if (m_descriptor < 0) {
        // A client that reset the connection has it closed already (readInto()): reading the
        // closed socket logged Qt's "device not open", a line per such client.
        if (!m_socket->isOpen()) {
            return false;
        }
        if (m_buffer.isEmpty()) {
            m_buffer = m_socket->readAll(); // mostly: no copy
        } else {
            m_buffer.append(m_socket->readAll());
        }
        return true;
    }
    // Read into a buffer of the thread's and appended: growing the connection's buffer by a
    // whole piece for each read allocated and freed 64 KiB per request, and freeing a block
    // that large makes glibc consolidate its small free blocks (5 % of an I/O thread).
    constexpr qint64 piece = 64 * 1024;
    thread_local const std::unique_ptr<char[]> scratch(new char[piece]);
    for (qint64 room = s_socketReadAhead; room > 0;) {
        const qint64 asked = qMin(room, piece);
        const qint64 got = readInto(scratch.get(), asked);
        if (got > 0) {
            m_buffer.append(scratch.get(), got);
        }
        // A short read took all there was: the notifier says when more comes, so no further
        // call only to hear that nothing has.
        if (got < asked) {
            break;
        }
        room -= got;
    }
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 RequestReader::readInto(char *data, qint64 size)
{
    if (m_descriptor < 0) {
        return m_socket->isOpen() ? m_socket->read(data, size) : -1;
    }
    if (m_peerEnded) {
        return -1;
    }
#ifdef MSG_DONTWAIT
    for (;;) {
        const auto got = ::recv(int(m_descriptor), data, size_t(size), MSG_DONTWAIT);
        if (got > 0) {
            return got;
        }
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return 0;
        }
        m_peerEnded = true;
        updateNotifier();
        if (got < 0) {
            m_socket->abort(); // reset by the client: nothing can be answered
        }
        return -1;
    }
#else
    Q_UNUSED(data)
    Q_UNUSED(size)
    return -1;
#endif
}

void RequestReader::discardInput()
{
    char sink[16384];
    qint64 got = 0;
    while ((got = readInto(sink, sizeof sink)) > 0) {
        m_toDrain -= got;
    }
    if (m_refused && m_refusalAnswered && (m_toDrain <= 0 || got < 0)) {
        closeAfterRefusal();
    }
}

void RequestReader::closeAfterRefusal()
{
    // With the connection's own descriptor, a lingering close: once the answer has left, our
    // side ends (FIN) and what the client still sends is read and dropped until it ends its
    // side too, or the refusal's time limit. Closing with its bytes unread would reset the
    // connection, and the reset can destroy the answer before the client has read it.
    if (m_descriptor < 0 || m_peerEnded) {
        m_socket->disconnectFromHost();
        return;
    }
    if (m_socket->bytesToWrite() > 0) {
        if (!std::exchange(m_lingering, true)) {
            connect(m_socket, &QTcpSocket::bytesWritten, this, [this]() {
                if (m_socket->bytesToWrite() == 0 && m_descriptor >= 0 && !m_writeShutDown) {
                    closeAfterRefusal();
                }
            });
        }
        return;
    }
    if (!std::exchange(m_writeShutDown, true)) {
#ifndef Q_OS_WIN
        ::shutdown(int(m_descriptor), SHUT_WR);
#endif
    }
}

void RequestReader::finishInput()
{
    m_state = State::Done;
    m_timer.stop();
    m_worker->closeAfterAnswers(m_socket);
}

void RequestReader::updateNotifier()
{
    if (m_notifier && m_descriptor >= 0) {
        m_notifier->setEnabled(!m_peerEnded && !m_paused && !m_awaitingVerdict);
    }
}

void RequestReader::closeDescriptor()
{
    if (m_descriptor < 0) {
        return;
    }
    if (m_notifier) {
        m_notifier->setEnabled(false);
    }
    ::close(int(m_descriptor));
    m_descriptor = -1;
}

void RequestReader::waitForNextRequest()
{
    m_waitingForRequest = true;
    m_timer.start(m_http->idleTimeoutMs());
}

bool RequestReader::peekFirstHead()
{
    // Blank lines before a request are allowed (RFC 9112, 2.2) and go at once.
    while (m_socket->bytesAvailable() > 0) {
        char peeked[256];
        const qint64 got = m_socket->peek(peeked, sizeof peeked);
        qint64 blank = 0;
        while (blank < got && (peeked[blank] == '\r' || peeked[blank] == '\n')) {
            ++blank;
        }
        if (blank == 0) {
            break;
        }
        m_socket->skip(blank);
    }
    const qsizetype limit = m_http->maxHeadBytes();
    const QByteArray head = m_socket->peek(qMin<qint64>(m_socket->bytesAvailable(), limit + 1));
    if (head.isEmpty()) {
        return false;
    }
    if (!m_methodChecked && !checkMethod(head)) {
        return false;
    }
    const qsizetype end = findHeadEnd(head.constData(), head.size(), 0);
    if (end < 0 || end > limit) {
        if (end > limit || head.size() > limit) {
            refuse(431, u"bad_request"_s,
                   u"the request head exceeds the limit of %1 bytes"_s.arg(limit));
        }
        return false;
    }
    HttpRequest request;
    const HeadCheck check = checkHead(QByteArrayView(head).first(end), *m_http, &request);
    if (!acceptHead(check, std::move(request), end)) {
        return false;
    }
    // An ordinary request: from here on, bytes are taken as they come. The head just checked
    // is the start of the buffer.
    m_state = State::Reading;
    m_buffer = m_socket->readAll();
    m_start = 0;
    m_scanned = end;
    return true;
}

bool RequestReader::takeHead()
{
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    if (m_start == m_scanned) {
        // Blank lines between requests are allowed too.
        while (m_start < size && (data[m_start] == '\r' || data[m_start] == '\n')) {
            ++m_start;
        }
        m_scanned = m_start;
        if (m_start == size) {
            return false;
        }
    }
    if (m_waitingForRequest) {
        m_waitingForRequest = false;
        m_timer.start(m_http->requestTimeoutMs());
    }
    const QByteArrayView head(data + m_start, size - m_start);
    if (!m_methodChecked && !checkMethod(head)) {
        return false;
    }
    const qsizetype limit = m_http->maxHeadBytes();
    const qsizetype end = findHeadEnd(data, size, m_start);
    if (end < 0 ? size - m_start > limit : end - m_start > limit) {
        refuse(431, u"bad_request"_s,
               u"the request head exceeds the limit of %1 bytes"_s.arg(limit));
        return false;
    }
    if (end < 0) {
        return false; // the rest of the head comes later
    }
    HttpRequest request;
    const HeadCheck check = checkHead(head.first(end - m_start), *m_http, &request);
    return acceptHead(check, std::move(request), end);
}

qsizetype RequestReader::findHeadEnd(const char *data, qsizetype size, qsizetype start)
{
    // Every byte is looked at a bounded number of times, however the head arrives: the search
    // goes on where it stopped. The head's first line is never empty (blank lines are skipped).
    qsizetype scan = qMax(m_scanned, start);
    while (scan < size) {
        const void *lf = std::memchr(data + scan, '\n', size_t(size - scan));
        if (!lf) {
            break;
        }
        const qsizetype at = static_cast<const char *>(lf) - data;
        if (at - 1 >= start && data[at - 1] == '\n') {
            m_scanned = at + 1;
            return at + 1;
        }
        if (at - 2 >= start && data[at - 1] == '\r' && data[at - 2] == '\n') {
            m_scanned = at + 1;
            return at + 1;
        }
        scan = at + 1;
    }
    // The last byte or two may start the blank line: look at them again next time.
    m_scanned = qMax(start, size - 2);
    return -1;
}

bool RequestReader::checkMethod(QByteArrayView head)
{
    switch (checkRequestStart(head)) {
    case RequestStart::Incomplete:
        return true;
    case RequestStart::Http:
        m_methodChecked = true;
        return true;
    case RequestStart::Tls:
        // The TLS client reads the answer as a broken record and fails its handshake at once
        // ("wrong version number"), the usual sign of https:// sent to a plain port; a person
        // looking at the bytes reads why.
        refuse(400, u"bad_request"_s,
               u"this port speaks plain HTTP/1.1, not TLS: use an http:// URL (or start the"
               " server with --tls-certificate)"_s);
        return false;
    case RequestStart::NotHttp:
        break;
    }
    refuse(400, u"bad_request"_s,
           u"this port speaks plain HTTP/1.1: a request starts with a method such as GET or"
           " POST"_s);
    return false;
}

bool RequestReader::acceptHead(HeadCheck check, HttpRequest &&request, qsizetype bodyStart)
{
    m_methodChecked = false;
    const bool first = m_requests++ == 0;
    if (check.upgrade && (!first || m_worker->hasPendingResponses(m_socket))) {
        check = refusal(400, u"bad_request"_s,
                        u"a WebSocket upgrade must be the first request on its connection"_s);
    }
    // Body bytes here already: in the buffer, or while peeking, in the socket after the head.
    const qint64 received = m_state == State::Reading ? m_buffer.size() - bodyStart
                                                      : m_socket->bytesAvailable() - bodyStart;
    if (check.status != 0) {
        // What the client still sends of a body too large is read and dropped, so that it
        // reads the answer: the body less what is taken already, or, while peeking, the head
        // too.
        // A length of more digits than any body has reads as the largest number: too much to
        // drain, and no sum to make of it.
        constexpr qint64 noDrainAbove = qint64(1) << 40;
        qint64 drain = check.length > noDrainAbove ? 0
            : m_state == State::Reading            ? check.length - received
                                                   : check.length + bodyStart;
        if (check.expectsContinue && received <= 0) {
            drain = 0; // it waits for a 100 that does not come, and sends no body
        }
        refuse(check.status, check.code, check.message,
               check.status == 413 ? qMax<qint64>(0, drain) : 0, check.refusalHeaders, &request);
        return false;
    }
    if (check.upgrade) {
        // QtWebSockets owns the connection from here, with its own size limits, on the
        // server's thread. The socket moves there from this thread's event loop, not from
        // inside its own readyRead: moved while Qt is still in its read notification, it left
        // a notifier behind on this thread, which fired for a socket deleted elsewhere.
        m_state = State::Done;
        m_timer.stop();
        QObject::disconnect(m_socket, nullptr, this, nullptr);
        // Read by the reader itself: the handshake (and whatever followed) goes back.
        const QByteArray unread = m_descriptor >= 0 ? m_buffer.mid(m_start) : QByteArray();
        const bool giveBack = m_descriptor >= 0;
        closeDescriptor();
        QMetaObject::invokeMethod(
            this,
            [this, socket = QPointer<QTcpSocket>(m_socket), worker = m_worker, unread,
             giveBack]() {
                if (socket) {
                    if (giveBack) {
                        giveBackToSocket(unread);
                    }
                    worker->handOverUpgrade(socket, this);
                }
            },
            Qt::QueuedConnection);
        return false;
    }
    m_request = std::move(request);
    m_haveHead = true;
    m_bodyStart = bodyStart;
    m_bodyLength = check.length;
    m_closeAfter = check.closeAfter;
    m_http10 = check.http10;
    // An upload over the ordinary body limit (a route with a limit of its own) may take longer
    // than the request timeout on a slow link: there, the timeout is the longest pause between
    // reads instead.
    m_timeoutPerRead = check.length > m_http->maxBodyBytes();
    m_expectsContinue = check.expectsContinue && received < check.length;
    if (const HttpServer::HeadGuard *guard = m_http->headGuard(m_request.method, m_request.path)) {
        awaitVerdict(*guard);
        return true;
    }
    continueIfExpected();
    return true;
}

void RequestReader::continueIfExpected()
{
    if (std::exchange(m_expectsContinue, false) && !m_worker->hasPendingResponses(m_socket)) {
        // RFC 9110, 10.1.1: the client waits for this before it sends the body.
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
}

void RequestReader::awaitVerdict(const HttpServer::HeadGuard &guard)
{
    m_awaitingVerdict = true;
    updateNotifier();
    const std::shared_ptr<ConnectionQueue> connection = m_worker->queueFor(m_socket);
    connection->guardedReader = this;
    HttpRequest head = m_request;
    head.remote = m_peer;
    // Nothing happens when the connection has gone meanwhile.
    m_http->m_mailbox.post([guard, head = std::move(head),
                            weak = std::weak_ptr<ConnectionQueue>(connection)]() {
        std::optional<HttpRefusal> refusal = guard(head);
        if (const auto live = weak.lock()) {
            live->worker->mailbox.post([weak, refusal = std::move(refusal)]() {
                const auto queue = weak.lock();
                if (queue && queue->guardedReader) {
                    std::exchange(queue->guardedReader, nullptr)->takeVerdict(refusal);
                }
            });
        }
    });
}

void RequestReader::takeVerdict(const std::optional<HttpRefusal> &refusal)
{
    m_awaitingVerdict = false;
    if (m_state != State::Reading) {
        return; // timed out meanwhile
    }
    if (refusal) {
        // The body announced is read only to be dropped, so that the client reads the answer.
        const qint64 received = m_buffer.size() - m_bodyStart;
        refuse(refusal->status, refusal->code, refusal->message,
               qMax<qint64>(0, m_expectsContinue ? 0 : m_bodyLength - received), {},
               &m_request);
        return;
    }
    continueIfExpected();
    updateNotifier();
    readSome();
}

void RequestReader::refuse(int status, const QString &code, const QString &message,
                           qint64 drain, const QList<QPair<QByteArray, QByteArray>> &extraHeaders,
                           const HttpRequest *head)
{
    m_state = State::Done;
    m_timer.stop();

    // Nothing more is parsed. A client that is still sending only sees the answer if we read
    // on, so what it sends is discarded (bounded in bytes and time, never kept); the
    // connection closes once the answer is out and the body it announced is drained. A client
    // that never lets the answer out (a TLS handshake left half done, a full receive window)
    // is cut off after a while.
    constexpr qint64 drainLimit = 64 * 1024 * 1024;
    m_refused = true;
    m_toDrain = drain > drainLimit ? 0 : drain;
    QTimer::singleShot(10000, m_socket, [socket = m_socket]() { socket->abort(); });
    m_worker->refuse(m_socket, status, code, message, extraHeaders,
                     [reader = QPointer<RequestReader>(this)]() {
                         if (reader) {
                             reader->m_refusalAnswered = true;
                             reader->discardInput();
                         }
                     },
                     head);
    discardInput(); // what was received already goes too
}

void RequestReader::timedOut()
{
    if (m_state == State::Done) {
        return;
    }
    if (m_waitingForRequest) {
        // Answers not yet given are no idleness.
        if (m_worker->hasPendingResponses(m_socket)) {
            m_timer.start(m_http->idleTimeoutMs());
            return;
        }
        qCInfo(lcHttp) << "closing an idle connection";
        m_state = State::Done;
        m_socket->disconnectFromHost();
        return;
    }
    refuse(408, u"request_timeout"_s,
           u"the request was not received within %1 ms"_s.arg(m_http->requestTimeoutMs()));
}

void HttpWorker::takeDescriptor(qintptr descriptor)
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
    startReading(socket);
}

bool HttpWorker::startReading(QTcpSocket *socket)
{
    if (!m_http->admitConnection(socket)) {
        return false;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    // A plain connection is read through a descriptor of its own (see RequestReader).
    qintptr descriptor = -1;
#if defined(Q_OS_UNIX) && defined(MSG_DONTWAIT)
    if (!qobject_cast<QSslSocket *>(socket)) {
        descriptor = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    }
#endif
    new RequestReader(socket, this, descriptor);
    return true;
}

void HttpWorker::waitForFirstByte(qintptr descriptor)
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

void HttpWorker::startTls(qintptr descriptor)
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
    // QSslSocket announces only decrypted bytes, so the reader sees plain requests; a failed
    // handshake disconnects, and the socket is deleted.
    if (startReading(socket)) {
        socket->startServerEncryption();
    }
}

void HttpWorker::refusePlainHttp(qintptr descriptor)
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

bool HttpWorker::pauseIfBehind(QTcpSocket *socket, RequestReader *reader)
{
    const auto connection = m_queues.value(socket);
    if (!connection
        || (connection->pending.size() < s_maxUnanswered
            && socket->bytesToWrite() <= s_maxWriteBacklog && !connection->awaitsUnsafe())) {
        return false;
    }
    connection->pausedReader = reader;
    return true;
}

void ConnectionQueue::maybeResume()
{
    if (pausedReader && pending.size() <= s_maxUnanswered / 2
        && (!socket || socket->bytesToWrite() <= s_maxWriteBacklog / 2) && !awaitsUnsafe()) {
        // Later, not inside this flush, which may run inside the reader's readSome(); the call
        // is dropped if the reader goes first.
        RequestReader *reader = std::exchange(pausedReader, nullptr);
        QMetaObject::invokeMethod(reader, [reader]() { reader->resume(); }, Qt::QueuedConnection);
    }
}

bool HttpWorker::hasPendingResponses(QTcpSocket *socket) const
{
    const auto connection = m_queues.value(socket);
    return connection && !connection->pending.empty();
}

void HttpWorker::handOverUpgrade(QTcpSocket *socket, QObject *reader)
{
    // Nothing of this thread may touch the socket once it moves: its reader goes (later, as
    // it is running now), and every connection made to the socket is cut.
    reader->setParent(nullptr);
    reader->deleteLater();
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

void HttpServer::setHeadGuard(const QByteArray &method, const QString &path, HeadGuard guard)
{
    m_headGuards.push_back({method, path, std::move(guard)});
}

void HttpServer::setRefusalLogger(const QByteArray &method, const QString &prefix,
                                  RefusalLogger logger)
{
    m_refusalLoggers.push_back({method, prefix, std::move(logger)});
}

bool HttpServer::logRefusal(const HttpRequest &head, const QHostAddress &peer,
                            const HttpRefusal &refusal) const
{
    for (const LoggedPath &logged : m_refusalLoggers) {
        if (logged.method == head.method && head.path.startsWith(logged.prefix)) {
            HttpRequest from = head;
            from.remote = peer;
            return logged.logger(from, refusal);
        }
    }
    return false;
}

const HttpServer::HeadGuard *HttpServer::headGuard(QByteArrayView method, QStringView path) const
{
    for (const GuardedPath &guarded : m_headGuards) {
        if (guarded.method == method && guarded.path == path) {
            return &guarded.guard;
        }
    }
    return nullptr;
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
    // Qt's default backlog of 50 drops the SYNs of a burst of new connections (each dropped
    // one waits a second for its retry); the kernel caps this at net.core.somaxconn.
    acceptor->setListenBacklogSize(1024);
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
        HttpWorker *worker = nullptr;
        // Built on its own thread, so everything Qt creates inside it lives there too.
        QMetaObject::invokeMethod(
            anchor,
            [&]() {
                WriterCpu::placeHelperThread(nullptr);
                worker = new HttpWorker(this, tls, anchor);
            },
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
        if (QString note; m_refusalLog.admitNow(u"connections"_s, &note)) {
            qCWarning(lcHttp).noquote()
                << "refused a connection from" << peer.toString() << ": more than"
                << m_maxConnectionsPerAddress << u"open"_s + note;
        }
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
                        const QString &message,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders,
                        std::function<void()> answered, const HttpRequest *head)
{
    const bool logged = head
        && m_http->logRefusal(*head, socket->peerAddress(), {status, code, message});
    if (QString note; !logged && m_http->m_refusalLog.admitNow(code, &note)) {
        qCWarning(lcHttp).noquote() << "refused request from" << socket->peerAddress().toString()
                                    << "before reading its body:" << status << message + note;
    }
    m_http->reportRejected(code);

    // The refusal answers its own request, after the answers to those before it on the
    // connection (RFC 9112, 9.3.2: in request order).
    const QByteArray answer = formatResponse(status, errorBody(code, message),
                                             "application/json", extraHeaders, true);
    const auto connection = m_queues.value(socket);
    if (connection && !connection->pending.empty()) {
        auto pending = std::make_shared<PendingResponse>();
        pending->connection = connection;
        pending->bytes = answer;
        pending->ready = true;
        pending->answered = true;
        pending->afterWrite = std::move(answered);
        connection->pending.push_back(std::move(pending));
        connection->flush();
    } else {
        socket->write(answer);
        answered();
    }
}

void HttpWorker::closeAfterAnswers(QTcpSocket *socket)
{
    const auto connection = m_queues.value(socket);
    if (!connection || connection->pending.empty()) {
        socket->disconnectFromHost();
        return;
    }
    connection->closeWhenAnswered = true;
}

std::shared_ptr<ConnectionQueue> HttpWorker::queueFor(QTcpSocket *socket)
{
    std::shared_ptr<ConnectionQueue> &connection = m_queues[socket];
    if (connection) {
        return connection;
    }
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
                } else if (live) {
                    live->maybeResume();
                }
            });
    return connection;
}

void HttpWorker::handleRequest(HttpRequest &&request, QTcpSocket *socket, bool closeAfter,
                               bool saysKeepAlive)
{
    const std::shared_ptr<ConnectionQueue> connection = queueFor(socket);
    auto pending = std::make_shared<PendingResponse>();
    pending->connection = connection;
    pending->closeAfter = closeAfter;
    pending->saysKeepAlive = saysKeepAlive;
    connection->pending.push_back(pending);
    HttpResponder responder(pending);

    // HEAD is answered wherever GET is (RFC 9110, 9.3.2): the GET's route runs, the body is cut.
    pending->headOnly = request.method == "HEAD";
    pending->unsafe = request.method != "GET" && request.method != "HEAD"
        && request.method != "OPTIONS";
    const QByteArray routeMethod = pending->headOnly ? QByteArray("GET") : request.method;

    // Routes match the path as sent, percent escapes intact, and each captured segment is
    // decoded on its own: an escaped slash ("INC-1%2Ftimeline") stays inside its segment
    // instead of reaching another route. The first route of this method whose pattern matches
    // wins; a route whose literal start the path lacks cannot match, so its expression is not
    // run. Only without one are the other methods' routes tried, to tell 405 from 404.
    bool pathKnown = false;
    std::shared_ptr<const HttpServer::Route> chosen;
    {
        QReadLocker lock(&m_http->m_routesLock);
        for (const auto &route : m_http->m_routes) {
            if (route->method != routeMethod || !request.path.startsWith(route->prefix)) {
                continue;
            }
            const QRegularExpressionMatch match = route->pattern.match(request.path);
            if (match.hasMatch()) {
                request.captures = match.capturedTexts().mid(1);
                for (QString &capture : request.captures) {
                    capture = QUrl::fromPercentEncoding(capture.toUtf8());
                }
                chosen = route;
                break;
            }
        }
        for (size_t i = 0; !chosen && !pathKnown && i < m_http->m_routes.size(); ++i) {
            const HttpServer::Route &route = *m_http->m_routes[i];
            pathKnown = request.path.startsWith(route.prefix)
                && route.pattern.match(request.path).hasMatch();
        }
    }
    if (chosen && chosen->onIoThread) {
        chosen->handler(request, responder);
        return;
    }
    if (chosen) {
        // Handlers run on the server's thread; their answer comes back here.
        m_http->m_mailbox.post([chosen = std::move(chosen), request = std::move(request),
                                responder = std::move(responder)]() {
            chosen->handler(request, responder);
        });
        return;
    }

    if (pathKnown) {
        responder.sendError(405, u"bad_request"_s,
                            u"method %1 is not allowed on %2"_s.arg(
                                QString::fromLatin1(request.method), request.path));
    } else {
        responder.sendError(404, u"not_found"_s, u"no such resource: %1"_s.arg(request.path));
    }
}

} // namespace Firebreak
