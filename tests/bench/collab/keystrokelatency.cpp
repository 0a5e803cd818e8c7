// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Remote keystroke latency of the post-mortem editor, run by tests/bench/collab/run.sh:
//
//   firebreak-bench-keystrokes --server URL --token TOKEN [--editors 20] [--keys 50]
//                              [--interval-ms 200]
//
// Declares an incident, opens its post-mortem in N editors (each its own sync connection and
// post-mortem session, as the desktop has them), and lets every editor type one character at a
// random place every interval (with a random phase). For each character it measures, on every
// other editor, the time from the local edit to the moment that editor's sync client received
// the event carrying it. Prints one JSON line with the percentiles and checks that every
// editor ends with the same text.

#include "collab/postmortems.h"
#include "collab/postmortemsession.h"
#include "sync/syncclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Qt::StringLiterals;

namespace {

struct Options
{
    QUrl server;
    QString token;
    int editors = 20;
    int keys = 50;
    int intervalMs = 200;
};

struct Editor
{
    std::unique_ptr<SyncClient> client;
    std::unique_ptr<PostMortemSession> session;
    QTimer typing;
    int typed = 0;
};

QString declareIncident(const Options &options)
{
    QNetworkAccessManager network;
    QUrl url = options.server;
    url.setPath(u"/api/v1/commands"_s);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer " + options.token.toUtf8());
    const QJsonObject command{{u"type"_s, u"incident.declare"_s},
                              {u"title"_s, u"Keystroke benchmark"_s},
                              {u"severity"_s, u"P3"_s}};
    QNetworkReply *reply = network.post(request, QJsonDocument(command).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer.value(u"events"_s).toArray().first()[u"incident"_s].toString();
}

/// Keystroke send times by "agent:seq", and the latencies seen so far (microseconds).
class Recorder
{
public:
    void sent(const QString &agent, quint32 seq)
    {
        m_sent.insert(key(agent, seq), m_clock.nsecsElapsed());
    }

    void received(const QString &receiver, const EventList &events)
    {
        const qint64 now = m_clock.nsecsElapsed();
        for (const Event &event : events) {
            if (event.type != PostMortem::EditedEvent) {
                continue;
            }
            const QJsonObject json = event.data().value(u"ops"_s).toObject();
            const std::optional<Ops> ops = Ops::fromJson(json);
            for (const InsertOp &op : ops ? ops->inserts : std::vector<InsertOp>()) {
                const qsizetype length = op.text.size();
                for (qsizetype i = 0; i < length && op.agent != receiver; ++i) {
                    const auto it = m_sent.constFind(key(op.agent, op.seq + quint32(i)));
                    if (it != m_sent.constEnd()) {
                        m_latencies.push_back((now - it.value()) / 1000);
                    }
                }
            }
        }
    }

    std::vector<qint64> &latencies() { return m_latencies; }
    void start() { m_clock.start(); }

private:
    static QString key(const QString &agent, quint32 seq)
    {
        return agent + u':' + QString::number(seq);
    }

    QElapsedTimer m_clock;
    QHash<QString, qint64> m_sent;
    std::vector<qint64> m_latencies;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{u"server"_s, u"firebreak-server URL"_s, u"url"_s},
                       {u"token"_s, u"API token"_s, u"token"_s},
                       {u"editors"_s, u"editors typing at once"_s, u"n"_s, u"20"_s},
                       {u"keys"_s, u"characters each editor types"_s, u"n"_s, u"50"_s},
                       {u"interval-ms"_s, u"time between one editor's keys"_s, u"ms"_s,
                        u"200"_s}});
    parser.process(app);
    return {QUrl(parser.value(u"server"_s)), parser.value(u"token"_s),
            parser.value(u"editors"_s).toInt(), parser.value(u"keys"_s).toInt(),
            parser.value(u"interval-ms"_s).toInt()};
}

void typeOneKey(Editor &editor, Recorder &recorder, const Options &options)
{
    const TextDocument &document = editor.session->document();
    const QString agent = document.agent();
    const auto position = QRandomGenerator::global()->bounded(document.length() + 1);
    recorder.sent(agent, document.version().counts(agent).inserts);
    editor.session->insert(position, QString(QChar(u'a' + char16_t(editor.typed % 26))));
    if (++editor.typed >= options.keys) {
        editor.typing.stop();
    }
}

/// Runs the event loop until `done` holds (checked every 20 ms) or `timeoutMs` passed.
template<typename Done>
bool runUntil(Done done, int timeoutMs)
{
    QEventLoop loop;
    QTimer check;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&check, &QTimer::timeout, &loop, [&]() {
        if (done() || clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    check.start(20);
    loop.exec();
    return done();
}

qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty()) {
        return -1;
    }
    return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);
    const QString incident = declareIncident(options);
    if (incident.isEmpty()) {
        std::fprintf(stderr, "firebreak-bench-keystrokes: could not declare an incident\n");
        return 1;
    }

    Recorder recorder;
    recorder.start();
    std::vector<std::unique_ptr<Editor>> editors;
    for (int i = 0; i < options.editors; ++i) {
        auto editor = std::make_unique<Editor>();
        editor->client = std::make_unique<SyncClient>(nullptr);
        editor->session = std::make_unique<PostMortemSession>(editor->client.get(), incident);
        const QString agent = editor->session->document().agent();
        QObject::connect(editor->client.get(), &SyncClient::eventsArrived, editor->client.get(),
                         [&recorder, agent](const EventList &events) {
                             recorder.received(agent, events);
                         });
        editor->client->connectToServer(options.server, options.token);
        editors.push_back(std::move(editor));
    }
    const bool connected = runUntil(
        [&editors]() {
            return std::all_of(editors.begin(), editors.end(), [](const auto &e) {
                return e->client->state() == SyncClient::State::Live;
            });
        },
        30000);
    if (!connected) {
        std::fprintf(stderr, "firebreak-bench-keystrokes: editors did not connect\n");
        return 1;
    }

    // Everyone types at a steady pace, each with its own phase.
    for (auto &editor : editors) {
        Editor *raw = editor.get();
        raw->typing.setInterval(options.intervalMs);
        QObject::connect(&raw->typing, &QTimer::timeout, &raw->typing,
                         [raw, &recorder, &options]() { typeOneKey(*raw, recorder, options); });
        QTimer::singleShot(QRandomGenerator::global()->bounded(options.intervalMs), &raw->typing,
                           [raw]() { raw->typing.start(); });
    }

    const size_t expected = size_t(options.editors) * size_t(options.editors - 1)
        * size_t(options.keys);
    runUntil([&recorder, expected]() { return recorder.latencies().size() >= expected; },
             120000);
    runUntil([]() { return false; }, 1000); // let the last acknowledgements settle
    const QString text = editors.front()->session->text();
    const bool converged = std::all_of(editors.begin(), editors.end(), [&text](const auto &e) {
        return e->session->text() == text;
    });

    std::vector<qint64> sorted = recorder.latencies();
    std::sort(sorted.begin(), sorted.end());
    std::printf("{\"editors\":%d,\"keys\":%d,\"intervalMs\":%d,\"samples\":%zu,\"expected\":%zu,"
                "\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
                "\"converged\":%s,\"length\":%lld}\n",
                options.editors, options.keys, options.intervalMs, sorted.size(), expected,
                double(percentile(sorted, 0.5)) / 1000, double(percentile(sorted, 0.9)) / 1000,
                double(percentile(sorted, 0.99)) / 1000,
                sorted.empty() ? -1.0 : double(sorted.back()) / 1000, converged ? "true" : "false",
                qint64(text.size()));
    return converged && sorted.size() == expected ? 0 : 1;
}
