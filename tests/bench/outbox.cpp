// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's command queue (core/sync/commandoutbox), timed against a real
// firebreak-server process: how long a command takes to become durably queued (what the UI
// waits for before showing it as pending), how fast a queue built up offline is replayed on
// reconnect, and the round trip of a command sent while live. See docs/performance.md.
//
//   firebreak-bench-outbox SERVER_BINARY [--commands N] [--samples N]

#include "sync/commandoutbox.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Firebreak;

namespace {

const QString s_token = u"bench-outbox-token"_s;

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::ceil(fraction * double(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

// Starts firebreak-server on a free port of 127.0.0.1 and returns its URL (empty on failure).
QUrl startServer(QProcess &server, const QString &binary, const QString &dataDir)
{
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(binary, {u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, dataDir,
                          u"--admin-token"_s, s_token});
    QByteArray line;
    waitFor([&]() {
        server.waitForReadyRead(10);
        line += server.readAllStandardOutput();
        return line.contains('\n') || server.state() == QProcess::NotRunning;
    }, 20000);
    const qsizetype at = line.indexOf("http://");
    return at < 0 ? QUrl() : QUrl(QString::fromLatin1(line.mid(at).trimmed()));
}

QJsonObject note(const QString &incident, int i)
{
    return {{u"type"_s, u"incident.add_note"_s},
            {u"incident"_s, incident},
            {u"text"_s, u"note %1 typed during the outage"_s.arg(i)}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"server"_s, u"the firebreak-server binary"_s);
    const QCommandLineOption commandsOption(u"commands"_s, u"commands queued offline"_s,
                                            u"n"_s, u"1000"_s);
    const QCommandLineOption samplesOption(u"samples"_s, u"live round trips"_s, u"n"_s,
                                           u"200"_s);
    parser.addOptions({commandsOption, samplesOption});
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        parser.showHelp(2);
    }
    const int commands = parser.value(commandsOption).toInt();
    const int samples = parser.value(samplesOption).toInt();

    QTemporaryDir dir;
    QProcess serverProcess;
    const QUrl url = startServer(serverProcess, parser.positionalArguments().first(),
                                 dir.filePath(u"server"_s));
    if (url.isEmpty()) {
        std::fprintf(stderr, "the server did not start\n");
        return 1;
    }

    Replica replica;
    replica.open(dir.filePath(u"replica.sqlite"_s));
    SyncClient client(&replica);
    CommandOutbox outbox(&client);
    if (!outbox.open(dir.filePath(u"replica.sqlite"_s))) {
        std::fprintf(stderr, "cannot open the queue: %s\n", qPrintable(outbox.errorString()));
        return 1;
    }

    // An incident to write notes on, declared through the queue while connected.
    QString incident;
    QObject::connect(&outbox, &CommandOutbox::accepted, &outbox,
                     [&incident](const OutboxEntry &, const QJsonObject &answer) {
                         const QJsonArray events = answer.value(u"events"_s).toArray();
                         if (incident.isEmpty() && !events.isEmpty()) {
                             incident = events.first().toObject().value(u"incident"_s).toString();
                         }
                     });
    client.connectToServer(url, s_token);
    waitFor([&]() { return client.state() == SyncClient::State::Live; }, 20000);
    outbox.enqueue({{u"type"_s, u"incident.declare"_s},
                    {u"title"_s, u"Benchmark"_s},
                    {u"severity"_s, u"P3"_s}},
                   u"declare"_s);
    if (!waitFor([&]() { return !incident.isEmpty(); }, 20000)) {
        std::fprintf(stderr, "the incident was not declared\n");
        return 1;
    }

    // 1. Offline: the time each command takes to be durably queued.
    client.stop();
    std::vector<double> enqueueMs;
    QElapsedTimer timer;
    for (int i = 0; i < commands; ++i) {
        timer.start();
        if (outbox.enqueue(note(incident, i), u"note"_s, incident).isEmpty()) {
            std::fprintf(stderr, "enqueue failed: %s\n", qPrintable(outbox.errorString()));
            return 1;
        }
        enqueueMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }

    // 2. Reconnect: from connecting until the server has accepted every queued command.
    timer.start();
    client.connectToServer(url, s_token);
    if (!waitFor([&]() { return outbox.entries().isEmpty(); }, 120000)) {
        std::fprintf(stderr, "the queue did not drain\n");
        return 1;
    }
    const double replayMs = double(timer.nsecsElapsed()) / 1e6;

    // 3. Live: queued, sent, decided, answered, one at a time.
    std::vector<double> roundTripMs;
    for (int i = 0; i < samples; ++i) {
        timer.start();
        outbox.enqueue(note(incident, commands + i), u"note"_s, incident);
        waitFor([&]() { return outbox.entries().isEmpty(); }, 20000);
        roundTripMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }

    std::printf("enqueue (durable, synchronous=FULL): %d commands, p50 %.2f ms, p99 %.2f ms,"
                " max %.2f ms\n",
                commands, percentile(enqueueMs, 0.5), percentile(enqueueMs, 0.99),
                percentile(enqueueMs, 1.0));
    std::printf("replay on reconnect: %d commands in %.0f ms (%.0f commands/s), connect and"
                " catch-up included\n",
                commands, replayMs, commands / (replayMs / 1000.0));
    std::printf("live round trip (queue, send, commit, answer, dequeue): %d samples, p50 %.2f"
                " ms, p99 %.2f ms\n",
                samples, percentile(roundTripMs, 0.5), percentile(roundTripMs, 0.99));

    client.stop();
    serverProcess.terminate();
    serverProcess.waitForFinished(10000);
    return 0;
}
