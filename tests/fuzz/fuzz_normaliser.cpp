// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for one alert source, chosen at build time (FIREBREAK_FUZZ_SOURCE): the
// bytes are a webhook body, read as the server reads it (JSON, or form fields), normalised,
// and when accepted ingested into an empty projection. The first byte also picks the headers
// a source reads (Sentry's resource, SNS's message type), so those paths are fuzzed too.
#include "../common/payloadcompare.h"
#include "alerts/ingestor.h"
#include "alerts/pagerduty.h"
#include "alerts/sources.h"
#include "server/httputil.h"

#include <QJsonDocument>
#include <QUrlQuery>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

const QList<QPair<QByteArray, QByteArray>> &headerVariant(std::uint8_t selector)
{
    static const QList<QList<QPair<QByteArray, QByteArray>>> variants{
        {},
        {{"Sentry-Hook-Resource", "event_alert"}, {"X-Webhook-Id", "fuzz-1"}},
        {{"Sentry-Hook-Resource", "metric_alert"}, {"x-amz-sns-message-type", "Notification"}},
        {{"Sentry-Hook-Resource", "issue"},
         {"x-amz-sns-message-type", "SubscriptionConfirmation"}},
    };
    return variants.at(selector % variants.size());
}

QJsonObject configVariant(std::uint8_t selector)
{
    if (selector & 4) {
        return {{u"mapping"_s, QJsonObject{{u"alerts"_s, u"items"_s},
                                           {u"title"_s, u"name"_s},
                                           {u"labels"_s, QJsonObject{{u"host"_s, u"a.b.0"_s}}}}},
                {u"severityMap"_s, QJsonObject{{u"high"_s, u"P1"_s}}},
                {u"insufficientData"_s, u"firing"_s}};
    }
    return {};
}

// PagerDuty's Events API v2 (/v2/enqueue) is read from the text first, then the full way: what
// the fast reader takes must read the same (a trigger without dedup key gets a new one each
// way, so those two are set alike first).
void checkEventsReader(const Firebreak::AlertDelivery &delivery)
{
    Firebreak::NormalisedPayload quick;
    QString routingKey;
    if (!Firebreak::Http::isValidUtf8(delivery.body)
        || !Firebreak::PagerDuty::normaliseEventFast(delivery.body, Firebreak::Http::MaxJsonDepth,
                                                     &quick, &routingKey)) {
        return;
    }
    const Firebreak::Http::JsonTextScan scan =
        Firebreak::Http::scanJsonText(delivery.body, Firebreak::Http::MaxJsonDepth);
    Firebreak::NormalisedPayload full;
    QStringList errors;
    if (!scan.problem(Firebreak::Http::MaxJsonDepth).isEmpty()
        || !Firebreak::PagerDuty::normaliseEvent(delivery.json, &full, &errors)
        || routingKey != delivery.json.value(u"routing_key"_s).toString()) {
        std::fprintf(stderr, "the events fast reader took an event the full one refuses: %s\n",
                     qPrintable(errors.join(u"; "_s)));
        std::abort();
    }
    for (Firebreak::NormalisedAlert &alert : full.alerts) {
        alert.serialiseAhead();
        if (delivery.json.value(u"dedup_key"_s).toString().isEmpty()) {
            alert.dedupKey = quick.alerts.first().dedupKey;
            alert.title = quick.alerts.first().title;
            full.groupKey = quick.groupKey;
        }
    }
    const QString difference = Firebreak::Testing::payloadDifference(quick, full);
    if (!difference.isEmpty()) {
        std::fprintf(stderr, "the events fast reader differs: %s\n", qPrintable(difference));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString source = QStringLiteral(FIREBREAK_FUZZ_SOURCE);
    const std::uint8_t selector = size > 0 ? data[0] : 0;
    Firebreak::AlertDelivery delivery;
    delivery.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    delivery.headers = headerVariant(selector);
    delivery.config = configVariant(selector);
    if (selector & 8) {
        const QUrlQuery form(QString::fromUtf8(delivery.body));
        for (const auto &[name, value] : form.queryItems(QUrl::FullyDecoded)) {
            delivery.json.insert(name, value);
        }
    } else {
        delivery.json = QJsonDocument::fromJson(delivery.body).object();
    }

    Firebreak::NormalisedPayload payload;
    QString error;
    const bool accepted = Firebreak::AlertSources::normalise(source, delivery, &payload, &error);
    if (source == u"pagerduty" && !(selector & 8)) {
        checkEventsReader(delivery);
    }

    // A source's fast reader must read what it takes exactly as the full reader does (the
    // server tries it first on valid UTF-8 JSON bodies).
    Firebreak::NormalisedPayload quick;
    if (!(selector & 8) && Firebreak::Http::isValidUtf8(delivery.body)
        && Firebreak::AlertSources::normaliseFast(source, delivery,
                                                  Firebreak::Http::MaxJsonDepth, &quick)) {
        const Firebreak::Http::JsonTextScan scan =
            Firebreak::Http::scanJsonText(delivery.body, Firebreak::Http::MaxJsonDepth);
        if (!accepted || !scan.problem(Firebreak::Http::MaxJsonDepth).isEmpty()) {
            std::fprintf(stderr, "the fast reader took a body the full one refuses: %s\n",
                         qPrintable(error));
            std::abort();
        }
        Firebreak::NormalisedPayload full = payload;
        for (Firebreak::NormalisedAlert &alert : full.alerts) {
            alert.serialiseAhead();
        }
        const QString difference = Firebreak::Testing::payloadDifference(quick, full);
        if (!difference.isEmpty()) {
            std::fprintf(stderr, "the fast reader differs: %s\n", qPrintable(difference));
            std::abort();
        }
    }
    if (!accepted) {
        return 0;
    }

    // Twice: the second delivery exercises repeats, resolves and dedup against the first.
    Firebreak::Projection projection;
    qint64 seq = 0;
    Firebreak::AlertIngestor ingestor(
        projection,
        [&](Firebreak::Event &event) {
            event.seq = ++seq;
            projection.apply(event);
            return true;
        },
        []() { return qint64(1733306400000); });
    const Firebreak::IntegrationRecord integration{u"fuzz"_s, u"fuzz"_s, source, "h", 0};
    ingestor.ingest(integration, payload);
    payload.deliveryId.clear();
    ingestor.ingest(integration, payload);
    return 0;
}
