// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Live fan-out to many sync clients, and catching up after an absence (docs/performance.md).
//
//   firebreak-bench-fanout relay --port P
//       A bare QWebSocketServer relay: every text frame it receives goes to every connected
//       socket, the sender included. The ceiling Firebreak's fan-out is compared with.
//   firebreak-bench-fanout fanout --url ws://… [--token T --incident ID] --clients 1000 …
//       Connects the clients (spread over --threads event loops), then a driver connection
//       sends numbered messages: to firebreak-server as incident.add_note commands, each one
//       event that every client receives; to the relay as frames of the same size. Phase one
//       sends --latency-events at --rate per second and reports the delay from sending to each
//       client's receipt; phase two keeps --window messages in flight (answered by the
//       command's result, or by the relay's echo) for --events messages and reports the
//       deliveries per second, counted over all clients.
//   firebreak-bench-fanout catchup --url ws://… --token T --expect N
//       One client subscribes from nothing and reports the time until `synced`, which must
//       come after at least N events.
//   firebreak-bench-fanout catchup-client --url ws://… --token T --expect N
//       The same with the desktop's own client: SyncClient storing every event in a fresh
//       local replica (SQLite) and folding it into the desktop's projection, until `synced`.
//
// Output is one JSON object on stdout.

#include "model/projection.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// Every message carries "fbm#" and an eight-digit number; receivers find them by byte search,
// so both contenders cost the clients the same.
constexpr char Marker[] = "fbm#";
constexpr int MarkerLength = 4;
constexpr int NumberLength = 8;

QByteArray markerText(int index)
{
    return Marker + QByteArray::number(index).rightJustified(NumberLength, '0');
}

template<typename Callback>
void forEachMarker(const QByteArray &frame, Callback callback)
{
    qsizetype at = frame.indexOf(Marker);
    while (at >= 0 && at + MarkerLength + NumberLength <= frame.size()) {
        bool ok = false;
        const int index = QByteArrayView(frame.constData() + at + MarkerLength, NumberLength)
                              .toInt(&ok);
        if (ok) {
            callback(index);
        }
        at = frame.indexOf(Marker, at + MarkerLength + NumberLength);
    }
}

// ---------------------------------------------------------------------------------------------
// The relay

int runRelay(quint16 port)
{
    raiseFileLimit();
    QWebSocketServer server(u"relay"_s, QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress::LocalHost, port)) {
        std::fprintf(stderr, "relay: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::vector<QWebSocket *> sockets;
    QObject::connect(&server, &QWebSocketServer::newConnection, [&]() {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            sockets.push_back(socket);
            QObject::connect(socket, &QWebSocket::textMessageReceived,
                             [&sockets](const QString &message) {
                                 for (QWebSocket *each : sockets) {
                                     each->sendTextMessage(message);
                                 }
                             });
            QObject::connect(socket, &QWebSocket::disconnected, [&sockets, socket]() {
                sockets.erase(std::remove(sockets.begin(), sockets.end(), socket),
                              sockets.end());
                socket->deleteLater();
            });
        }
    });
    std::printf("relay listening on %u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

// ---------------------------------------------------------------------------------------------
// Clients

struct Shared
{
    bool firebreak = true;
    QUrl url;
    QString token;
    int totalMessages = 0;                    // latency phase + throughput phase
    std::unique_ptr<std::atomic<qint64>[]> sent; // send time of each message, ns
    std::atomic<int> ready{0};
    std::atomic<qint64> received{0};          // deliveries, all clients
    std::atomic<qint64> lastReceipt{0};
    std::mutex samplesMutex;
    std::vector<qint64> latencySamples;       // delays of phase one, ns
    int latencyMessages = 0;
};

/// One thread's share of the clients.
class ClientGroup final : public QObject
{
public:
    ClientGroup(Shared *shared, int count)
        : m_shared(shared)
        , m_count(count)
    {
    }

    void start()
    {
        for (int i = 0; i < m_count; ++i) {
            auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            QNetworkRequest request(m_shared->url);
            if (!m_shared->token.isEmpty()) {
                request.setRawHeader("Authorization", "Bearer " + m_shared->token.toUtf8());
            }
            connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, socket](const QString &message) { onMessage(socket, message); });
            if (!m_shared->firebreak) {
                connect(socket, &QWebSocket::connected, this, [this]() { ++m_shared->ready; });
            }
            connect(socket, &QWebSocket::disconnected, this, [socket]() {
                std::fprintf(stderr, "client disconnected: %s\n",
                             qPrintable(socket->closeReason()));
            });
            socket->open(request);
        }
    }

    void flushSamples()
    {
        std::lock_guard lock(m_shared->samplesMutex);
        m_shared->latencySamples.insert(m_shared->latencySamples.end(), m_samples.begin(),
                                        m_samples.end());
        m_samples.clear();
    }

private:
    void onMessage(QWebSocket *socket, const QString &message)
    {
        const qint64 now = nowNs();
        const QByteArray frame = message.toUtf8();
        if (m_shared->firebreak && !m_synced.contains(socket)) {
            const QJsonObject object = QJsonDocument::fromJson(frame).object();
            const QString type = object.value(u"type"_s).toString();
            if (type == u"hello") {
                socket->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
                    {u"type"_s, u"subscribe"_s},
                    {u"storeId"_s, object.value(u"storeId"_s)},
                    {u"after"_s, object.value(u"head"_s)}}).toJson(QJsonDocument::Compact)));
            } else if (type == u"synced") {
                m_synced.insert(socket);
                ++m_shared->ready;
            }
            return;
        }
        qint64 count = 0;
        forEachMarker(frame, [&](int index) {
            if (index < 0 || index >= m_shared->totalMessages) {
                return;
            }
            ++count;
            if (index < m_shared->latencyMessages) {
                m_samples.push_back(now - m_shared->sent[index].load());
            }
        });
        if (count > 0) {
            m_shared->received += count;
            qint64 last = m_shared->lastReceipt.load();
            while (last < now && !m_shared->lastReceipt.compare_exchange_weak(last, now)) {
            }
        }
    }

    Shared *m_shared;
    int m_count;
    QSet<QWebSocket *> m_synced;
    std::vector<qint64> m_samples;
};

/// The connection that sends the numbered messages.
class Driver final : public QObject
{
public:
    explicit Driver(Shared *shared, QString incident, int padding)
        : m_shared(shared)
        , m_incident(std::move(incident))
        , m_padding(padding)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, &Driver::onMessage);
        QNetworkRequest request(shared->url);
        if (!shared->token.isEmpty()) {
            request.setRawHeader("Authorization", "Bearer " + shared->token.toUtf8());
        }
        m_socket.open(request);
    }

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int acknowledged() const { return m_acknowledged; }
    int refused() const { return m_refused; }

    void send(int index)
    {
        const QByteArray marker = markerText(index);
        const QString text = QString::fromLatin1(marker + ' ' + QByteArray(m_padding, 'x'));
        m_shared->sent[index].store(nowNs());
        if (m_shared->firebreak) {
            m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
                {u"type"_s, u"command"_s},
                {u"id"_s, QString::number(index)},
                {u"command"_s, QJsonObject{{u"type"_s, u"incident.add_note"_s},
                                          {u"incident"_s, m_incident},
                                          {u"text"_s, text}}}}).toJson(QJsonDocument::Compact)));
        } else {
            m_socket.sendTextMessage(text);
        }
    }

private:
    void onMessage(const QString &message)
    {
        if (m_shared->firebreak) {
            const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
            if (object.value(u"type"_s).toString() == u"result") {
                ++m_acknowledged;
                if (!object.value(u"ok"_s).toBool()) {
                    if (++m_refused == 1) {
                        std::fprintf(stderr, "command refused: %s\n", qPrintable(message));
                    }
                }
            }
            return;
        }
        forEachMarker(message.toUtf8(), [this](int) { ++m_acknowledged; });
    }

    Shared *m_shared;
    QString m_incident;
    int m_padding;
    QWebSocket m_socket;
    int m_acknowledged = 0;
    int m_refused = 0;
};

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    const qint64 deadline = nowNs() + qint64(timeoutMs) * 1000000;
    while (!condition()) {
        if (nowNs() > deadline) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::usleep(200);
    }
    return true;
}

double percentile(std::vector<qint64> &values, double p)
{
    if (values.empty()) {
        return -1;
    }
    std::sort(values.begin(), values.end());
    const size_t at = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return double(values[at]) / 1e6;
}

int runFanout(const QCommandLineParser &parser)
{
    raiseFileLimit();
    Shared shared;
    shared.url = QUrl(parser.value(u"url"_s));
    shared.token = parser.value(u"token"_s);
    shared.firebreak = !parser.value(u"incident"_s).isEmpty();
    const int clients = parser.value(u"clients"_s).toInt();
    const int threads = std::max(1, parser.value(u"threads"_s).toInt());
    const int rate = std::max(1, parser.value(u"rate"_s).toInt());
    const int window = std::max(1, parser.value(u"window"_s).toInt());
    shared.latencyMessages = parser.value(u"latency-events"_s).toInt();
    const int throughputMessages = parser.value(u"events"_s).toInt();
    shared.totalMessages = shared.latencyMessages + throughputMessages;
    shared.sent = std::make_unique<std::atomic<qint64>[]>(size_t(shared.totalMessages));

    std::vector<std::unique_ptr<QThread>> loops;
    std::vector<ClientGroup *> groups;
    for (int t = 0; t < threads; ++t) {
        const int count = clients / threads + (t < clients % threads ? 1 : 0);
        auto thread = std::make_unique<QThread>();
        auto *group = new ClientGroup(&shared, count);
        group->moveToThread(thread.get());
        QObject::connect(thread.get(), &QThread::finished, group, &QObject::deleteLater);
        thread->start();
        QMetaObject::invokeMethod(group, [group]() { group->start(); });
        groups.push_back(group);
        loops.push_back(std::move(thread));
    }
    QJsonObject result{{u"target"_s, shared.firebreak ? u"firebreak"_s : u"relay"_s},
                       {u"clients"_s, clients}};
    auto finish = [&](int code) {
        for (auto &thread : loops) {
            thread->quit();
            thread->wait();
        }
        std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        return code;
    };
    if (!waitFor([&]() { return shared.ready.load() == clients; }, 120000)) {
        result.insert(u"error"_s, u"only %1 of %2 clients ready"_s.arg(shared.ready.load())
                                      .arg(clients));
        return finish(1);
    }
    Driver driver(&shared, parser.value(u"incident"_s), parser.value(u"padding"_s).toInt());
    if (!waitFor([&]() { return driver.isOpen(); }, 10000)) {
        result.insert(u"error"_s, u"driver could not connect"_s);
        return finish(1);
    }
    // The relay echoes to the driver too; a delivery count excludes it.
    const qint64 perMessage = clients;

    // Phase one: a steady rate, delays per delivery.
    const qint64 interval = 1000000000LL / rate;
    const qint64 begin = nowNs();
    for (int i = 0; i < shared.latencyMessages; ++i) {
        while (nowNs() < begin + i * interval) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        }
        driver.send(i);
    }
    const qint64 expectedOne = perMessage * shared.latencyMessages;
    if (!waitFor([&]() {
            return shared.received.load() >= expectedOne
                && driver.acknowledged() >= shared.latencyMessages;
        }, 60000)) {
        result.insert(u"error"_s, u"latency phase: %1 of %2 deliveries"_s
                                      .arg(shared.received.load()).arg(expectedOne));
        return finish(1);
    }
    for (ClientGroup *group : groups) {
        QMetaObject::invokeMethod(group, [group]() { group->flushSamples(); },
                                  Qt::BlockingQueuedConnection);
    }
    result.insert(u"latencyDeliveries"_s, qint64(shared.latencySamples.size()));
    result.insert(u"latencyP50Ms"_s, percentile(shared.latencySamples, 50));
    result.insert(u"latencyP99Ms"_s, percentile(shared.latencySamples, 99));
    result.insert(u"latencyMaxMs"_s, percentile(shared.latencySamples, 100));

    // Phase two: as fast as the window allows, deliveries per second.
    const int base = shared.latencyMessages;
    const int acknowledgedBefore = driver.acknowledged();
    const qint64 firstSend = nowNs();
    int next = 0;
    const bool ok = waitFor([&]() {
        while (next < throughputMessages
               && next - (driver.acknowledged() - acknowledgedBefore) < window) {
            driver.send(base + next++);
        }
        return shared.received.load() >= expectedOne + perMessage * throughputMessages
            && driver.acknowledged() - acknowledgedBefore >= throughputMessages;
    }, 300000);
    const qint64 delivered = shared.received.load() - expectedOne;
    const double seconds = double(shared.lastReceipt.load() - firstSend) / 1e9;
    result.insert(u"messages"_s, throughputMessages);
    result.insert(u"deliveries"_s, delivered);
    result.insert(u"seconds"_s, seconds);
    result.insert(u"deliveriesPerSecond"_s, seconds > 0 ? double(delivered) / seconds : 0.0);
    result.insert(u"refused"_s, driver.refused());
    if (!ok) {
        result.insert(u"error"_s, u"throughput phase incomplete"_s);
        return finish(1);
    }
    return finish(driver.refused() == 0 ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// Catching up

int runCatchup(const QCommandLineParser &parser)
{
    QWebSocket socket;
    QNetworkRequest request(QUrl(parser.value(u"url"_s)));
    request.setRawHeader("Authorization", "Bearer " + parser.value(u"token"_s).toUtf8());
    const qint64 expect = parser.value(u"expect"_s).toLongLong();
    qint64 started = 0;
    qint64 events = 0;
    qint64 bytes = 0;
    qint64 lastSeq = 0;
    bool gap = false;
    QJsonObject result;
    QObject::connect(&socket, &QWebSocket::connected, [&]() { started = nowNs(); });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &message) {
        const QByteArray frame = message.toUtf8();
        bytes += frame.size();
        const QJsonObject object = QJsonDocument::fromJson(frame).object();
        const QString type = object.value(u"type"_s).toString();
        if (type == u"hello") {
            socket.sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
                {u"type"_s, u"subscribe"_s}, {u"storeId"_s, QString()}, {u"after"_s, 0}})
                                                         .toJson(QJsonDocument::Compact)));
        } else if (type == u"events") {
            // Parsed as the desktop does: every event decoded and its order checked.
            for (const QJsonValue &value : object.value(u"events"_s).toArray()) {
                const qint64 seq = value.toObject().value(u"seq"_s).toInteger();
                gap = gap || seq != lastSeq + 1;
                lastSeq = seq;
                ++events;
            }
        } else if (type == u"synced") {
            const double seconds = double(nowNs() - started) / 1e9;
            result = QJsonObject{{u"events"_s, events}, {u"bytes"_s, bytes},
                                 {u"seconds"_s, seconds}, {u"gapFree"_s, !gap},
                                 {u"head"_s, object.value(u"head"_s)}};
            QCoreApplication::exit(events >= expect && !gap ? 0 : 1);
        }
    });
    QTimer::singleShot(120000, []() { QCoreApplication::exit(2); });
    socket.open(request);
    const int code = QCoreApplication::exec();
    if (result.isEmpty()) {
        result.insert(u"error"_s, u"no synced within 120 s after %1 events"_s.arg(events));
    }
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return code;
}

int runCatchupClient(const QCommandLineParser &parser)
{
    QTemporaryDir dir;
    Firebreak::Replica replica;
    if (!dir.isValid() || !replica.open(dir.filePath(u"replica.sqlite"_s))) {
        std::fprintf(stderr, "cannot open a replica: %s\n", qPrintable(replica.errorString()));
        return 1;
    }
    Firebreak::Projection projection;
    Firebreak::SyncClient client(&replica);
    const qint64 expect = parser.value(u"expect"_s).toLongLong();
    qint64 started = 0;
    qint64 events = 0;
    qint64 lastSeq = 0;
    bool gap = false;
    QJsonObject result;
    QObject::connect(&client, &Firebreak::SyncClient::stateChanged,
                     [&](Firebreak::SyncClient::State state) {
                         if (state == Firebreak::SyncClient::State::CatchingUp && started == 0) {
                             started = nowNs();
                         }
                     });
    // What the desktop does with each batch (DesktopSession::applyEvents): the replica has
    // stored it by now; the projection folds it.
    QObject::connect(&client, &Firebreak::SyncClient::eventsArrived,
                     [&](const Firebreak::EventList &batch) {
                         for (const Firebreak::Event &event : batch) {
                             gap = gap || event.seq != lastSeq + 1;
                             lastSeq = event.seq;
                             projection.apply(event);
                             ++events;
                         }
                     });
    QObject::connect(&client, &Firebreak::SyncClient::synced, [&](qint64 head) {
        if (!result.isEmpty()) {
            return;
        }
        const double seconds = double(nowNs() - started) / 1e9;
        result = QJsonObject{{u"client"_s, u"SyncClient+Replica+Projection"_s},
                             {u"events"_s, events},
                             {u"seconds"_s, seconds},
                             {u"gapFree"_s, !gap},
                             {u"replicaLastSeq"_s, replica.lastSeq()},
                             {u"incidents"_s, qint64(projection.incidents().size())},
                             {u"head"_s, head}};
        QCoreApplication::exit(events >= expect && !gap ? 0 : 1);
    });
    QTimer::singleShot(120000, []() { QCoreApplication::exit(2); });
    client.connectToServer(QUrl(parser.value(u"url"_s)), parser.value(u"token"_s));
    const int code = QCoreApplication::exec();
    if (result.isEmpty()) {
        result.insert(u"error"_s, u"no synced within 120 s after %1 events"_s.arg(events));
    }
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(u"mode"_s, u"relay, fanout, catchup or catchup-client"_s);
    parser.addOptions({
        {u"port"_s, u"Relay port (0: any)."_s, u"port"_s, u"0"_s},
        {u"url"_s, u"WebSocket URL."_s, u"url"_s},
        {u"token"_s, u"API token."_s, u"token"_s},
        {u"incident"_s, u"Incident to add notes to (Firebreak; empty: relay)."_s, u"id"_s},
        {u"clients"_s, u"Connected clients."_s, u"n"_s, u"1000"_s},
        {u"threads"_s, u"Client event loops."_s, u"n"_s, u"2"_s},
        {u"rate"_s, u"Messages per second in the latency phase."_s, u"n"_s, u"20"_s},
        {u"latency-events"_s, u"Messages in the latency phase."_s, u"n"_s, u"200"_s},
        {u"events"_s, u"Messages in the throughput phase."_s, u"n"_s, u"1000"_s},
        {u"window"_s, u"Messages in flight in the throughput phase."_s, u"n"_s, u"32"_s},
        {u"padding"_s, u"Bytes of text per message."_s, u"n"_s, u"300"_s},
        {u"expect"_s, u"Events a catching-up client must receive."_s, u"n"_s, u"100000"_s},
    });
    parser.process(app);
    const QString mode = parser.positionalArguments().value(0);
    if (mode == u"relay") {
        return runRelay(quint16(parser.value(u"port"_s).toUInt()));
    }
    if (mode == u"fanout") {
        return runFanout(parser);
    }
    if (mode == u"catchup") {
        return runCatchup(parser);
    }
    if (mode == u"catchup-client") {
        return runCatchupClient(parser);
    }
    parser.showHelp(64);
}
