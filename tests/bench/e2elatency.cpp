// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// End-to-end latency of an alert: from just before its webhook POST is written to the socket
// to the moment the alert.received event has been applied to a desktop client's projection,
// through the same SyncClient, Replica and Projection the desktop uses. Posts at a steady rate
// to a running firebreak-server; see docs/performance.md.

#include "model/projection.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using Firebreak::EventList;

namespace {

struct Options
{
    QUrl server;
    QString token;
    int count = 2000;
    int rate = 200;
    int groups = 16;
    int connections = 8;
    int timeoutSeconds = 60;
    bool replica = true;
    QString output;
};

/// What happened to one alert; times in nanoseconds on the tool's monotonic clock, -1 unknown.
struct Sample
{
    qint64 written = -1;
    qint64 acknowledged = -1;
    qint64 applied = -1;
    int status = 0;
};

/**
 * A keep-alive HTTP/1.1 connection with at most one request in flight, written by hand so that
 * the clock starts right before the request's bytes are handed to the socket.
 */
class PostConnection final : public QObject
{
public:
    using Finished = std::function<void(int index, int status)>;

    PostConnection(const QUrl &server, Finished finished, QObject *parent)
        : QObject(parent)
        , m_finished(std::move(finished))
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this]() {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        });
        connect(&m_socket, &QTcpSocket::readyRead, this, &PostConnection::onReadyRead);
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this]() {
            std::fprintf(stderr, "firebreak-bench-latency: connection error: %s\n",
                         qPrintable(m_socket.errorString()));
            if (m_index >= 0) {
                finishCurrent(0);
            }
        });
        m_socket.connectToHost(server.host(), quint16(server.port()));
    }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool isBusy() const { return m_index >= 0; }

    void post(int index, const QByteArray &request)
    {
        m_index = index;
        m_socket.write(request);
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0 || m_index < 0) {
            return;
        }
        const QByteArray head = m_buffer.left(headerEnd).toLower();
        const qsizetype at = head.indexOf("\r\ncontent-length:");
        const qsizetype lineEnd = at < 0 ? -1 : head.indexOf("\r\n", at + 2);
        const qint64 length = at < 0 ? 0
            : head.mid(at + 17, (lineEnd < 0 ? head.size() : lineEnd) - at - 17).trimmed()
                  .toLongLong();
        if (m_buffer.size() < headerEnd + 4 + length) {
            return;
        }
        const int status = m_buffer.mid(9, 3).toInt();
        m_buffer.remove(0, headerEnd + 4 + length);
        finishCurrent(status);
    }

    void finishCurrent(int status)
    {
        const int index = m_index;
        m_index = -1;
        m_finished(index, status);
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    Finished m_finished;
    int m_index = -1;
};

qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty()) {
        return -1;
    }
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

QString milliseconds(qint64 nanoseconds)
{
    return QString::number(double(nanoseconds) / 1e6, 'f', 3);
}

/**
 * The benchmark: creates an integration, syncs a client to the live head, then posts one
 * unique alert per webhook at a steady rate and matches each alert.received event to its POST.
 */
class LatencyBench final : public QObject
{
public:
    explicit LatencyBench(const Options &options)
        : m_options(options)
        , m_samples(std::size_t(options.count))
        , m_runId(QString::number(QRandomGenerator::system()->generate(), 16))
    {
    }

    bool start()
    {
        if (m_options.replica && !openReplica()) {
            return false;
        }
        m_client = std::make_unique<Firebreak::SyncClient>(m_replica.get());
        connect(m_client.get(), &Firebreak::SyncClient::eventsArrived, this,
                &LatencyBench::onEventsArrived);
        QTimer::singleShot(std::chrono::seconds(m_options.timeoutSeconds), this,
                           [this]() { finish(); });
        createIntegration();
        return true;
    }

private:
    bool openReplica()
    {
        m_replica = std::make_unique<Firebreak::Replica>();
        if (!m_replicaDir.isValid()
            || !m_replica->open(m_replicaDir.filePath(u"replica.sqlite"_s))) {
            std::fprintf(stderr, "firebreak-bench-latency: cannot open a replica: %s\n",
                         qPrintable(m_replica->errorString()));
            return false;
        }
        return true;
    }

    void createIntegration()
    {
        QNetworkRequest request(m_options.server.resolved(QUrl(u"/api/v1/integrations"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
        const QJsonObject body{{u"source"_s, u"alertmanager"_s},
                               {u"name"_s, QString(u"latency-"_s + m_runId)}};
        QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson());
        connect(reply, &QNetworkReply::finished, this, [this, reply]() {
            reply->deleteLater();
            const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
            m_key = answer.value(u"key"_s).toString().toUtf8();
            if (m_key.isEmpty()) {
                std::fprintf(stderr, "firebreak-bench-latency: cannot create an integration: %s\n",
                             qPrintable(reply->errorString()));
                QCoreApplication::exit(2);
                return;
            }
            connectSync();
        });
    }

    void connectSync()
    {
        connect(m_client.get(), &Firebreak::SyncClient::synced, this, [this]() {
            if (!m_clock.isValid()) {
                openConnections();
            }
        });
        m_client->connectToServer(m_options.server, m_options.token);
    }

    void openConnections()
    {
        for (int i = 0; i < m_options.connections; ++i) {
            m_connections.push_back(new PostConnection(
                m_options.server, [this](int index, int status) { onPostFinished(index, status); },
                this));
        }
        waitForConnections();
    }

    void waitForConnections()
    {
        const bool ready = std::all_of(m_connections.cbegin(), m_connections.cend(),
                                       [](const PostConnection *c) { return c->isConnected(); });
        if (!ready) {
            QTimer::singleShot(10, this, [this]() { waitForConnections(); });
            return;
        }
        m_clock.start();
        sendDue();
    }

    qint64 dueAt(int index) const { return qint64(index) * 1'000'000'000 / m_options.rate; }

    // Sends every alert whose time has come, then sleeps until the next one is due.
    void sendDue()
    {
        while (m_next < m_options.count && dueAt(m_next) <= m_clock.nsecsElapsed()) {
            send(m_next++);
        }
        if (m_next < m_options.count) {
            const qint64 wait = (dueAt(m_next) - m_clock.nsecsElapsed()) / 1'000'000;
            QTimer::singleShot(std::chrono::milliseconds(qMax<qint64>(0, wait)),
                               Qt::PreciseTimer, this, [this]() { sendDue(); });
        }
    }

    void send(int index)
    {
        const auto free = std::find_if(m_connections.begin(), m_connections.end(),
                                       [](const PostConnection *c) { return !c->isBusy(); });
        if (free == m_connections.end()) {
            ++m_delayed;
            m_waiting.push_back(index);
            return;
        }
        const QByteArray request = httpRequest(index);
        m_samples[std::size_t(index)].written = m_clock.nsecsElapsed();
        (*free)->post(index, request);
    }

    QByteArray httpRequest(int index) const
    {
        const QByteArray body = webhookBody(index);
        return "POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: "
            + m_options.server.authority().toUtf8() + "\r\nAuthorization: Bearer " + m_key
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    QByteArray webhookBody(int index) const
    {
        const QByteArray group = "g" + QByteArray::number(index % m_options.groups);
        const QByteArray number = QByteArray::number(index);
        const QByteArray run = m_runId.toUtf8();
        return R"({"version":"4","groupKey":"{}:{group=\")" + group
            + R"(\"}","status":"firing","receiver":"firebreak","groupLabels":{"group":")" + group
            + R"("},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://bench.invalid",)"
            + R"("alerts":[{"status":"firing","labels":{"alertname":"LatencyProbe","group":")"
            + group + R"(","instance":"lat-)" + run + '-' + number
            + R"(","severity":"warning"},"annotations":{"summary":"latency probe"},)"
            + R"("startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",)"
            + R"("fingerprint":"lat-)" + run + '-' + number + R"("}]})";
    }

    void onPostFinished(int index, int status)
    {
        Sample &sample = m_samples[std::size_t(index)];
        sample.acknowledged = m_clock.nsecsElapsed();
        sample.status = status;
        ++m_answered;
        if (!m_waiting.empty()) {
            const int waiting = m_waiting.front();
            m_waiting.pop_front();
            send(waiting);
        }
        finishWhenComplete();
    }

    void onEventsArrived(const EventList &events)
    {
        const QString prefix = u"lat-"_s + m_runId + u'-';
        for (const Firebreak::Event &event : events) {
            m_projection.apply(event);
            const qint64 now = m_clock.isValid() ? m_clock.nsecsElapsed() : -1;
            if (event.type != u"alert.received") {
                continue;
            }
            const QString key = event.data().value(u"alert"_s).toObject()
                                    .value(u"dedupKey"_s).toString();
            if (!key.startsWith(prefix)) {
                continue;
            }
            const int index = QStringView(key).mid(prefix.size()).toInt();
            if (index < 0 || index >= m_options.count) {
                continue;
            }
            Sample &sample = m_samples[std::size_t(index)];
            if (sample.applied < 0) {
                sample.applied = now;
                ++m_applied;
            }
        }
        finishWhenComplete();
    }

    void finishWhenComplete()
    {
        if (m_applied == m_options.count && m_answered == m_options.count) {
            finish();
        }
    }

    void finish()
    {
        if (m_finished) {
            return;
        }
        m_finished = true;
        const bool allAccepted = std::all_of(m_samples.cbegin(), m_samples.cend(),
                                             [](const Sample &s) { return s.status == 202; });
        report();
        QCoreApplication::exit(m_applied == m_options.count && allAccepted ? 0 : 1);
    }

    void report() const;

    Options m_options;
    std::vector<Sample> m_samples;
    QString m_runId;
    QByteArray m_key;
    QTemporaryDir m_replicaDir;
    std::unique_ptr<Firebreak::Replica> m_replica;
    std::unique_ptr<Firebreak::SyncClient> m_client;
    Firebreak::Projection m_projection;
    QNetworkAccessManager m_network;
    std::vector<PostConnection *> m_connections;
    std::deque<int> m_waiting;
    QElapsedTimer m_clock;
    int m_next = 0;
    int m_applied = 0;
    int m_answered = 0;
    int m_delayed = 0;
    bool m_finished = false;
};

void LatencyBench::report() const
{
    std::vector<qint64> endToEnd;
    std::vector<qint64> acknowledged;
    QMap<int, int> statuses;
    for (const Sample &sample : m_samples) {
        if (sample.written < 0) {
            continue;
        }
        ++statuses[sample.status];
        if (sample.acknowledged >= 0) {
            acknowledged.push_back(sample.acknowledged - sample.written);
        }
        if (sample.applied >= 0) {
            endToEnd.push_back(sample.applied - sample.written);
        }
    }
    std::sort(endToEnd.begin(), endToEnd.end());
    std::sort(acknowledged.begin(), acknowledged.end());

    QStringList statusText;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it) {
        statusText.append(u"%1:%2"_s.arg(it.key()).arg(it.value()));
    }
    auto figures = [](const char *name, const std::vector<qint64> &sorted) -> QString {
        return QString::fromLatin1(name) + u"_p50_ms=%1 %2_p90_ms=%3 %2_p99_ms=%4 %2_max_ms=%5"_s
            .arg(milliseconds(percentile(sorted, 50)), QString::fromLatin1(name),
                 milliseconds(percentile(sorted, 90)), milliseconds(percentile(sorted, 99)),
                 milliseconds(sorted.empty() ? -1 : sorted.back()));
    };
    const QString line = u"count=%1 rate=%2 replica=%3 applied=%4 delayed=%5 statuses=%6 %7 %8"_s
        .arg(m_options.count).arg(m_options.rate).arg(m_options.replica ? 1 : 0)
        .arg(endToEnd.size()).arg(m_delayed).arg(statusText.join(u','))
        .arg(figures("e2e", endToEnd), figures("ack", acknowledged));

    std::printf("%s\n", qPrintable(line));
    if (!m_options.output.isEmpty()) {
        QFile file(m_options.output);
        if (file.open(QIODevice::Append | QIODevice::Text)) {
            file.write(line.toUtf8() + '\n');
        }
    }
}

bool parseOptions(const QCoreApplication &app, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"End-to-end alert latency: webhook POST to the event "
                                      "applied to a sync client's projection."_s);
    parser.addHelpOption();
    const QCommandLineOption server(u"server"_s, u"firebreak-server base URL."_s, u"url"_s);
    const QCommandLineOption token(u"token"_s, u"Administrator API token."_s, u"token"_s);
    const QCommandLineOption count(u"count"_s, u"Alerts to post."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption rate(u"rate"_s, u"Webhooks per second."_s, u"n"_s, u"200"_s);
    const QCommandLineOption groups(u"groups"_s, u"Alert groups (incidents)."_s, u"n"_s,
                                    u"16"_s);
    const QCommandLineOption connections(u"connections"_s, u"HTTP connections."_s, u"n"_s,
                                         u"8"_s);
    const QCommandLineOption timeout(u"timeout"_s, u"Give up after this many seconds."_s,
                                     u"s"_s, u"60"_s);
    const QCommandLineOption noReplica(u"no-replica"_s, u"Keep no local SQLite replica."_s);
    const QCommandLineOption output(u"output"_s, u"Append the figures to this file."_s,
                                    u"file"_s);
    parser.addOptions({server, token, count, rate, groups, connections, timeout, noReplica,
                       output});
    parser.process(app);

    options->server = QUrl(parser.value(server));
    options->token = parser.value(token);
    options->count = parser.value(count).toInt();
    options->rate = parser.value(rate).toInt();
    options->groups = parser.value(groups).toInt();
    options->connections = parser.value(connections).toInt();
    options->timeoutSeconds = parser.value(timeout).toInt();
    options->replica = !parser.isSet(noReplica);
    options->output = parser.value(output);
    return options->server.isValid() && options->server.port() > 0 && !options->token.isEmpty()
        && options->count > 0 && options->rate > 0 && options->groups > 0
        && options->connections > 0 && options->timeoutSeconds > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    if (!parseOptions(app, &options)) {
        std::fprintf(stderr, "firebreak-bench-latency: --server http://HOST:PORT and --token are"
                             " required; counts must be positive\n");
        return 2;
    }
    LatencyBench bench(options);
    if (!bench.start()) {
        return 2;
    }
    return app.exec();
}
