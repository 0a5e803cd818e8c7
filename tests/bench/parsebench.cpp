// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// What a server's parser thread does per Alertmanager webhook, in a loop: the body checks,
// QJsonDocument::fromJson, the normaliser and serialiseAhead(). The body is the one
// tests/bench/ingest.lua sends (64 alerts by default). Run it under
// `valgrind --tool=callgrind` for instruction counts that a busy machine does not disturb.
//
//   firebreak-bench-parse [ROUNDS [ALERTS_PER_BODY]]

#include "alerts/normalisedalert.h"
#include "alerts/sources.h"
#include "server/httputil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

QByteArray webhookBody(int alerts)
{
    QByteArray list;
    for (int n = 1; n <= alerts; ++n) {
        if (n > 1) {
            list += ',';
        }
        list += QStringLiteral(
                    "{\"status\":\"firing\",\"labels\":{\"alertname\":\"BenchAlert\","
                    "\"group\":\"g3\",\"instance\":\"r1234-t1-%1\",\"job\":\"bench\","
                    "\"severity\":\"warning\"},\"annotations\":{\"summary\":\"bench alert %1\"},"
                    "\"startsAt\":\"2026-12-05T09:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                    "\"generatorURL\":\"http://bench.invalid/graph\","
                    "\"fingerprint\":\"r12340001%2\"}")
                    .arg(n)
                    .arg(n, 8, 16, QChar(u'0'))
                    .toUtf8();
    }
    return "{\"version\":\"4\",\"groupKey\":\"{}:{group=\\\"g3\\\"}\",\"status\":\"firing\","
           "\"receiver\":\"firebreak\",\"groupLabels\":{\"group\":\"g3\"},"
           "\"commonLabels\":{\"group\":\"g3\"},\"commonAnnotations\":{},"
           "\"externalURL\":\"http://bench.invalid\",\"alerts\":["
        + list + "]}";
}

// One body through the parser thread's steps; the number of alerts serialised.
qsizetype parseOnce(const QByteArray &body)
{
    if (!Http::isValidUtf8(body)) {
        return -1;
    }
    const Http::JsonTextScan scan = Http::scanJsonText(body, Http::MaxJsonDepth);
    if (!scan.withinDepth || scan.loneSurrogateAt >= 0) {
        return -1;
    }
    AlertDelivery delivery;
    delivery.body = body;
    delivery.json = QJsonDocument::fromJson(body).object();
    NormalisedPayload payload;
    QString error;
    if (!AlertSources::normalise(u"alertmanager"_s, delivery, &payload, &error)) {
        return -1;
    }
    for (NormalisedAlert &alert : payload.alerts) {
        alert.serialiseAhead();
    }
    return payload.alerts.size();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int rounds = args.size() > 1 ? args.at(1).toInt() : 200;
    const int perBody = args.size() > 2 ? args.at(2).toInt() : 64;
    const QByteArray body = webhookBody(perBody);

    QTextStream out(stdout);
    QElapsedTimer timer;
    timer.start();
    qsizetype alerts = 0;
    for (int i = 0; i < rounds; ++i) {
        const qsizetype parsed = parseOnce(body);
        if (parsed < 0) {
            out << "the body was refused\n";
            return 1;
        }
        alerts += parsed;
    }
    const double ns = double(timer.nsecsElapsed());
    out << alerts << " alerts, " << body.size() << " bytes a body, "
        << QString::number(ns / 1000.0 / double(alerts), 'f', 2) << " us per alert\n";
    return 0;
}
