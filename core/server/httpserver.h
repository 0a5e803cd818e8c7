// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "server/httputil.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QReadWriteLock>
#include <QUrlQuery>
#include <QWebSocket>

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

class QTcpSocket;
class QThread;
class QWebSocketServer;

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

/// Why a request is refused: an HTTP status and the error envelope's code and message.
struct HttpRefusal
{
    int status = 0;
    QString code;
    QString message;
};

struct PendingResponse;
struct ConnectionQueue;
class HttpWorker;
class HttpAcceptor;
class WebSocketFrameGuard;

/**
 * A callable run once on another thread, kept in place when it fits (a webhook with its
 * payload does) rather than on the heap as std::function keeps anything larger than two
 * pointers. A block one thread allocates and another frees takes the allocating thread's
 * allocator lock in glibc: with std::function, every task handed between the I/O threads and
 * the writer did, thousands of waits a second (docs/performance.md, thirteenth pass).
 */
class MailboxTask
{
public:
    static constexpr std::size_t InlineBytes = 320;

    template<typename F,
             typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, MailboxTask>>>
    MailboxTask(F &&function) // NOLINT: converts from any callable, as std::function does
    {
        using Callable = std::decay_t<F>;
        if constexpr (sizeof(Callable) <= InlineBytes
                      && alignof(Callable) <= alignof(std::max_align_t)
                      && std::is_nothrow_move_constructible_v<Callable>) {
            new (m_storage) Callable(std::forward<F>(function));
            m_operations = &s_inline<Callable>;
        } else {
            *reinterpret_cast<Callable **>(m_storage) = new Callable(std::forward<F>(function));
            m_operations = &s_allocated<Callable>;
        }
    }
    MailboxTask(MailboxTask &&other) noexcept
        : m_operations(std::exchange(other.m_operations, nullptr))
    {
        if (m_operations) {
            m_operations->move(m_storage, other.m_storage);
        }
    }
    MailboxTask &operator=(MailboxTask &&) = delete;
    MailboxTask(const MailboxTask &) = delete;
    MailboxTask &operator=(const MailboxTask &) = delete;
    ~MailboxTask()
    {
        if (m_operations) {
            m_operations->destroy(m_storage);
        }
    }

    void operator()() { m_operations->call(m_storage); }

private:
    struct Operations
    {
        void (*call)(void *storage);
        /// Move-constructs into `to` and destroys what is left in `from`.
        void (*move)(void *to, void *from) noexcept;
        void (*destroy)(void *storage) noexcept;
    };
    template<typename C>
    static constexpr Operations s_inline{
        [](void *storage) { (*static_cast<C *>(storage))(); },
        [](void *to, void *from) noexcept {
            new (to) C(std::move(*static_cast<C *>(from)));
            static_cast<C *>(from)->~C();
        },
        [](void *storage) noexcept { static_cast<C *>(storage)->~C(); },
    };
    template<typename C>
    static constexpr Operations s_allocated{
        [](void *storage) { (**static_cast<C **>(storage))(); },
        [](void *to, void *from) noexcept { *static_cast<C **>(to) = *static_cast<C **>(from); },
        [](void *storage) noexcept { delete *static_cast<C **>(storage); },
    };

    alignas(std::max_align_t) unsigned char m_storage[InlineBytes];
    const Operations *m_operations = nullptr;
};

/**
 * Tasks handed to one object's thread: posted from any thread, run in that thread's event loop
 * in the order posted, and destroyed there. While a run is pending, further posts only join
 * the queue (one wake-up of the thread for a burst, not one per task).
 */
class Mailbox
{
public:
    explicit Mailbox(QObject *context) : m_context(context) {}
    Q_DISABLE_COPY_MOVE(Mailbox)

    void post(MailboxTask task);

private:
    void run();

    QObject *m_context;
    std::mutex m_mutex;
    std::vector<MailboxTask> m_tasks;
    /// An empty buffer to swap with m_tasks (the context's thread only).
    std::vector<MailboxTask> m_spare;
    bool m_scheduled = false;
};

/**
 * The handle a handler answers through, now or later (after a commit), from any thread.
 * Copyable; answering twice is ignored. Responses on one connection go out in request order,
 * written by the connection's own I/O thread.
 */
class HttpResponder
{
public:
    HttpResponder() = default;
    explicit HttpResponder(std::shared_ptr<PendingResponse> pending);

    void send(int status, const QByteArray &body,
              const QByteArray &contentType = QByteArrayLiteral("application/json"),
              const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) const;
    /**
     * Sends the file at `path` as the body, read and written in pieces by the connection's I/O
     * thread as the socket drains, so a body larger than memory can go out. With
     * `removeWhenDone` the file is removed once sent, when the client leaves first, or when the
     * answer cannot be delivered. A file that cannot be read in full cuts the connection, so
     * the client sees a body shorter than its Content-Length.
     */
    void sendFile(int status, const QString &path, const QByteArray &contentType,
                  const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {},
                  bool removeWhenDone = false) const;
    void sendJson(int status, const QJsonObject &object) const;
    /// The error envelope of DESIGN.md: {"error": {"code", "message"}}, with headers such as
    /// Retry-After.
    void sendError(int status, const QString &code, const QString &message,
                   const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) const;
    bool isConnected() const;
    /**
     * Destroys `object` on the connection's I/O thread, after the answer if one was sent
     * before (here, at once, when the connection is gone). What a handler on the I/O thread
     * made is best freed there: glibc's allocator takes the lock of the arena of every block
     * freed by another thread (docs/performance.md, "Ingestion, thirteenth pass").
     */
    template<typename T>
    void releaseOnWorker(T &&object) const
    {
        release(MailboxTask([kept = std::forward<T>(object)]() {}));
    }

private:
    void release(MailboxTask task) const;

    std::shared_ptr<PendingResponse> m_pending;
};

/**
 * HTTP/1.1 (RFC 9112) with what a webhook receiver in front of the internet needs: framing by
 * Content-Length only, a body limit enforced before the body is read, request and idle
 * timeouts, deferred answers, ordered answers to pipelined requests, routes with captures, and
 * more than one thread.
 *
 * The listening socket is accepted from on this object's thread, which hands each connection
 * to one of several I/O threads (round robin). Reading, framing, parsing, routing and writing
 * answers all happen on the connection's I/O thread. Handlers run on this object's thread (the
 * server's), receiving a finished HttpRequest, unless routed with HandlerThread::Io; their
 * answer goes back to the connection's thread. WebSocket upgrades on the paths allowed, their
 * handshake checked, are handed with it to this thread's QWebSocketServer
 * (newWebSocketConnection()). A client that ends its side after its last request (plain
 * connections) still gets the answers to the requests it completed.
 *
 * Configure everything (limits, routes, paths) before listenOn().
 */
class HttpServer final : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest &, const HttpResponder &)>;
    /// Looks at a request's head (no body yet): a refusal, or nullopt to read the body.
    using HeadGuard = std::function<std::optional<HttpRefusal>(const HttpRequest &head)>;
    /// Writes the log line of a refusal of a request's head; false leaves it to this object.
    using RefusalLogger =
        std::function<bool(const HttpRequest &head, const HttpRefusal &refusal)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    /// Where a route's handler runs.
    enum class HandlerThread {
        /// This object's thread (the server's), like every other handler.
        Server,
        /**
         * The I/O thread that read the request, at once: no thread hop. Such a handler runs
         * concurrently on every I/O thread, so it may touch only what is safe from any thread;
         * requests of one connection still reach it one after another.
         */
        Io,
    };

    /// `pattern` is a regular expression over the path, anchored at both ends.
    void route(const QByteArray &method, const QString &pattern, Handler handler,
               HandlerThread thread = HandlerThread::Server);
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    /// A body limit of its own for requests of `method` on exactly `path` (uploads), in place
    /// of maxBodyBytes().
    void setBodyLimit(const QByteArray &method, const QString &path, qint64 bytes);
    /// The body limit of a request of `method` on `path`.
    qint64 bodyLimit(QByteArrayView method, QStringView path) const;
    /**
     * Has `guard` look at the head of each request of `method` on exactly `path` (on this
     * object's thread) before its body is read: a refusal is answered, with Connection: close,
     * and the body announced is read only to be dropped. For large uploads, whose credentials
     * are worth checking before their bytes are kept.
     */
    void setHeadGuard(const QByteArray &method, const QString &path, HeadGuard guard);
    /**
     * Has `logger` write the log line of each refusal decided from the head of a request of
     * `method` on a path starting with `prefix` (413, a head guard's), in place of this
     * object's own line, for a handler that can name whose request it was. Runs on the I/O
     * threads.
     */
    void setRefusalLogger(const QByteArray &method, const QString &prefix,
                          RefusalLogger logger);
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
    /// I/O threads (at least 1); by default FIREBREAK_HTTP_THREADS, else the number of cores
    /// (at most 4).
    void setIoThreads(int count) { m_ioThreads = qMax(1, count); }
    int ioThreads() const { return m_ioThreads; }

    /**
     * Binds a listening socket (once); returns the port, or 0 with errorString() set. With
     * `tls`, every connection must start with a TLS handshake (HTTPS and WSS); a client
     * speaking plain HTTP to it is answered 400 in plain text and disconnected.
     */
    quint16 listenOn(const QHostAddress &address, quint16 port,
                     const std::optional<QSslConfiguration> &tls = std::nullopt);
    QString errorString() const { return m_error; }

    /// Stops accepting and ends the I/O threads, dropping their connections: once it returns,
    /// no handler runs on an I/O thread any more. Also done by the destructor.
    void stopIoThreads();

    bool hasPendingWebSocketConnections() const;
    std::unique_ptr<QWebSocket> nextPendingWebSocketConnection();

Q_SIGNALS:
    /// A request was refused before routing; `code` is the error code, for metrics.
    void requestRejected(const QString &code);
    /// A WebSocket upgrade on one of the paths allowed has completed its handshake.
    void newWebSocketConnection();

private:
    struct Route
    {
        QByteArray method;
        QRegularExpression pattern;
        QString prefix; // the pattern's literal start, which every matching path has
        Handler handler;
        bool onIoThread = false;
    };
    friend class HttpWorker;
    friend class RequestReader;
    friend class HttpAcceptor;
    friend class WebSocketFrameGuard;

    /// From an I/O thread: counts the connection, or refuses it (429) when over the limit.
    bool admitConnection(QTcpSocket *socket);
    /// From an I/O thread: reports a refusal on this object's thread.
    void reportRejected(const QString &code);
    /// A connection the acceptor took, handed to the next I/O thread.
    void dispatchConnection(qintptr descriptor);
    /// On this thread: an upgrade request's socket, moved here unread.
    void takeWebSocket(QTcpSocket *socket);

    mutable QReadWriteLock m_routesLock;
    std::vector<std::shared_ptr<const Route>> m_routes;
    qint64 m_maxBodyBytes = 1024 * 1024;
    struct BodyLimit
    {
        QByteArray method;
        QString path;
        qint64 bytes = 0;
    };
    std::vector<BodyLimit> m_bodyLimits;
    struct GuardedPath
    {
        QByteArray method;
        QString path;
        HeadGuard guard;
    };
    std::vector<GuardedPath> m_headGuards;
    const HeadGuard *headGuard(QByteArrayView method, QStringView path) const;
    struct LoggedPath
    {
        QByteArray method;
        QString prefix;
        RefusalLogger logger;
    };
    std::vector<LoggedPath> m_refusalLoggers;
    /// From an I/O thread: whether a refusal logger wrote the line of the refusal of `head`.
    bool logRefusal(const HttpRequest &head, const QHostAddress &peer,
                    const HttpRefusal &refusal) const;
    /// Frame guards of WebSocket upgrades whose QWebSocket is not taken yet.
    std::vector<QPointer<QObject>> m_frameGuards;
    qsizetype m_maxHeadBytes = 16 * 1024;
    int m_requestTimeoutMs = 15000;
    int m_idleTimeoutMs = 60000;
    int m_maxConnectionsPerAddress = 0;
    int m_ioThreads = 1;
    QStringList m_webSocketPaths;
    std::mutex m_connectionsMutex;
    /// Refused requests and connections are logged a few per kind and window.
    Http::LogThrottle m_refusalLog;
    QHash<QHostAddress, int> m_connectionsPerAddress;
    QString m_error;
    Mailbox m_mailbox{this};
    HttpAcceptor *m_acceptor = nullptr;
    std::vector<QThread *> m_threads;
    std::vector<HttpWorker *> m_workers;
    size_t m_nextWorker = 0;
    QWebSocketServer *m_webSockets = nullptr;
};

} // namespace Firebreak
