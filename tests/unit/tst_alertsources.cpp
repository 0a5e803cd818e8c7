// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Every alert source's normaliser against payloads in its documented format (tests/data/alerts)
// and variations of them: resolved, grouped, fields missing, Unicode, very large, malformed.
#include "alerts/generic.h"
#include "alerts/pagerduty.h"
#include "alerts/sources.h"
#include "payloadcompare.h"
#include "events/event.h"
#include "events/jsontext.h"
#include "server/httputil.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

QJsonObject sample(const QString &file)
{
    return QJsonDocument::fromJson(Testing::testData(u"alerts/"_s + file)).object();
}

// Sets a value at a dotted path ("event.data.status"); a null value removes the key.
QJsonObject with(QJsonObject root, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        if (value.isNull()) {
            root.remove(path);
        } else {
            root.insert(path, value);
        }
        return root;
    }
    const QString head = path.left(dot);
    root.insert(head, with(root.value(head).toObject(), path.mid(dot + 1), value));
    return root;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A Grafana body with one member of its first alert set (removed when `value` is null).
QJsonObject grafanaWith(const QString &key, const QJsonValue &value,
                        QJsonObject root = sample(u"grafana-unified.json"_s))
{
    QJsonArray alerts = root.value(u"alerts"_s).toArray();
    alerts[0] = with(alerts.at(0).toObject(), key, value);
    root.insert(u"alerts"_s, alerts);
    return root;
}

// The SNS envelope with `from` replaced by `to` in its Message's text (the alarm's JSON):
// JSON that Qt's writer never writes.
QJsonObject snsWithAlarmText(const QString &from, const QString &to)
{
    const QJsonObject envelope = sample(u"cloudwatch-sns.json"_s);
    return with(envelope, u"Message"_s,
                envelope.value(u"Message"_s).toString().replace(from, to));
}

// CloudWatch's alarm travels as a JSON string inside the SNS envelope.
QJsonObject snsWithAlarm(const QJsonObject &alarmChanges)
{
    QJsonObject envelope = sample(u"cloudwatch-sns.json"_s);
    QJsonObject alarm = QJsonDocument::fromJson(envelope.value(u"Message"_s).toString().toUtf8())
                            .object();
    for (auto it = alarmChanges.begin(); it != alarmChanges.end(); ++it) {
        alarm.insert(it.key(), it.value());
    }
    envelope.insert(u"Message"_s, QString::fromUtf8(json(alarm)));
    return envelope;
}

struct Normalised
{
    bool ok = false;
    QString error;
    NormalisedPayload payload;
};

Normalised run(const QString &source, const QByteArray &body, const QJsonObject &headers = {},
               const QJsonObject &config = {})
{
    AlertDelivery delivery;
    delivery.body = body;
    delivery.json = QJsonDocument::fromJson(body).object();
    delivery.config = config;
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        delivery.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }
    Normalised result;
    result.ok = AlertSources::normalise(source, delivery, &result.payload, &result.error);
    return result;
}

// The texts serialiseAhead() writes must be QJsonDocument's, byte for byte (the event log's
// hashes are computed over them).
void verifySerialisedAhead(const QList<NormalisedAlert> &alerts)
{
    for (NormalisedAlert alert : alerts) {
        alert.serialiseAhead();
        QCOMPARE(alert.rawJson, json(alert.raw));
        QCOMPARE(alert.labelsJson, json(alert.labels.toObject()));
        QCOMPARE(alert.annotationsJson, json(alert.annotations.toObject()));
        QCOMPARE(alert.linksJson, alert.links.isEmpty()
                     ? QByteArray()
                     : QJsonDocument(alert.links.toArray()).toJson(QJsonDocument::Compact));
    }
}

QString statusText(AlertStatus status)
{
    return alertStatusName(status);
}

// No high surrogate without its low one after it, and no low one without its high one before.
bool wholeSurrogatePairs(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate()) {
                return false;
            }
            ++i;
        } else if (text.at(i).isLowSurrogate()) {
            return false;
        }
    }
    return true;
}

// Up to `most` pieces, each picked at random.
QString randomText(QRandomGenerator &random, const QList<QString> &pieces, int most)
{
    QString result;
    for (int n = int(random.bounded(most + 1)); n > 0; --n) {
        result += pieces.at(random.bounded(int(pieces.size())));
    }
    return result;
}

// Runs a source's fast reader; when it takes the body (`taken`), what the full reader makes of
// the same delivery, texts serialised ahead, must not differ: the difference, else empty.
QString fastDifference(const QString &source, const QByteArray &body, const QJsonObject &headers,
                       bool *taken)
{
    AlertDelivery delivery;
    delivery.body = body;
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        delivery.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }
    NormalisedPayload quick;
    *taken = AlertSources::normaliseFast(source, delivery, Http::MaxJsonDepth, &quick);
    if (!*taken) {
        return QString();
    }
    Normalised full = run(source, body, headers);
    if (!full.ok) {
        return u"the fast reader took what the full one refuses: "_s + full.error;
    }
    for (NormalisedAlert &alert : full.payload.alerts) {
        alert.serialiseAhead();
    }
    return Testing::payloadDifference(quick, full.payload);
}

// A value to put in a body: strings with escapes, marks and characters beyond the BMP,
// integers, the literals, and small containers.
QJsonValue randomValue(QRandomGenerator &random)
{
    static const QList<QString> pieces{u"a"_s, u"Z"_s, u"\""_s, u"\\"_s, u"\n"_s, u"é"_s,
                                       QString(QChar(0xfeff)), u"😀"_s, u"/"_s, u" "_s,
                                       u"https://x.invalid/p"_s, u"2024-05-14T10:02:44Z"_s,
                                       u"critical"_s, u"P1"_s, u":"_s, u","_s};
    switch (random.bounded(8)) {
    case 0:
        return qint64(random.bounded(4000000000LL)) - 1000;
    case 1:
        return random.bounded(2) == 1;
    case 2:
        return QJsonValue(QJsonValue::Null);
    case 3:
        return QJsonArray{u"a"_s, 1};
    case 4:
        return QJsonObject{{u"summary"_s, u"x"_s}, {u"id"_s, 7}};
    default: {
        QString text;
        for (int n = int(random.bounded(6)); n > 0; --n) {
            text += pieces.at(random.bounded(int(pieces.size())));
        }
        return text;
    }
    }
}

// `root` with one member somewhere in it replaced by a random value, or removed.
QJsonObject mutated(QJsonObject root, QRandomGenerator &random)
{
    const QStringList keys = root.keys();
    if (keys.isEmpty()) {
        return root;
    }
    const QString key = keys.at(random.bounded(int(keys.size())));
    const QJsonValue value = root.value(key);
    if (value.isObject() && random.bounded(4) != 0) {
        root.insert(key, mutated(value.toObject(), random));
    } else if (random.bounded(5) == 0) {
        root.remove(key);
    } else {
        root.insert(key, randomValue(random));
    }
    return root;
}

} // namespace

class TestAlertSources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registry();
    void samples_data();
    void samples();
    void variations_data();
    void variations();
    void rejects_data();
    void rejects();
    void ignored_data();
    void ignored();
    void unicodeSurvives_data();
    void unicodeSurvives();
    void veryLarge();
    void longKeysAndTitlesCut();
    void titlesTrimmed_data();
    void titlesTrimmed();
    void severityMapAndDefault();
    void genericMapping_data();
    void genericMapping();
    void validateConfig_data();
    void validateConfig();
    void cloudwatchSubscription();
    void rawKeptWithoutRoutingKey();
    void serialisedAheadAsQtWrites_data();
    void serialisedAheadAsQtWrites();
    void stringMapAsQtWrites();
    void linkListAsJsonTextWrites();
    void labelsTheSameHoweverWritten();
    void cloudWatchConsoleLinkTopicAndSeverity_data();
    void cloudWatchConsoleLinkTopicAndSeverity();
    void cloudWatchFastReaderMatchesFullReader_data();
    void cloudWatchFastReaderMatchesFullReader();
    void viewReadersMatchFullReaders_data();
    void viewReadersMatchFullReaders();
    void viewReadersMatchFullReadersOnMutatedSamples();
    void eventsFastReaderMatchesFullReader_data();
    void eventsFastReaderMatchesFullReader();
    void eventsFastReaderMatchesFullReaderOnMutatedSamples();
    void eventsRoutingKeyIsNeverKept();
    void grafanaValuesReadTheSameHoweverWritten();
};

void TestAlertSources::registry()
{
    const QStringList expected{u"alertmanager"_s, u"grafana"_s,  u"datadog"_s,
                               u"newrelic"_s,     u"pagerduty"_s, u"opsgenie"_s,
                               u"sentry"_s,       u"cloudwatch"_s, u"generic"_s};
    QCOMPARE(AlertSources::supported(), expected);
    for (const QString &source : expected) {
        QVERIFY(AlertSources::normaliser(source));
    }
    QVERIFY(!AlertSources::normaliser(u"carrierpigeon"_s));
    QCOMPARE(AlertSources::signatureScheme(u"pagerduty"_s),
             AlertSources::SignatureScheme::PagerDuty);
    QCOMPARE(AlertSources::signatureScheme(u"datadog"_s), AlertSources::SignatureScheme::None);
}

void TestAlertSources::samples_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonObject>("headers");
    QTest::addColumn<QString>("dedupKey");
    QTest::addColumn<QString>("status");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("startsAt");
    QTest::addColumn<QString>("deliveryId");
    QTest::addColumn<QJsonObject>("someLabels");

    QTest::newRow("grafana unified")
        << u"grafana"_s << u"grafana-unified.json"_s << QJsonObject() << u"d41d8cd98f00b204"_s
        << u"firing"_s << Severity::P3 << u"DiskAlmostFull: Disk usage above 90% on db-03"_s
        << QString() << u"2024-05-14T09:05:10.481Z"_s << QString()
        << QJsonObject{{u"team"_s, u"storage"_s}, {u"host"_s, u"db-03.example.internal"_s}};
    QTest::newRow("datadog default template")
        << u"datadog"_s << u"datadog-webhook.json"_s << QJsonObject() << QString() << u"firing"_s
        << Severity::P4 << u"Web latency p95 above 800ms"_s << QString()
        << u"2024-05-14T09:52:30.000Z"_s << u"7481925503716254890"_s
        << QJsonObject{{u"host"_s, u"web-07"_s}};
    QTest::newRow("datadog custom template")
        << u"datadog"_s << u"datadog-webhook-extended.json"_s << QJsonObject()
        << u"cycle-7481925503716254890"_s << u"firing"_s << Severity::P2
        << u"Web latency p95 above 800ms"_s << u"web"_s << u"2024-05-14T09:52:30.000Z"_s
        << u"7481925503716254890"_s
        << QJsonObject{{u"team"_s, u"frontend"_s}, {u"env"_s, u"prod"_s}, {u"monitor"_s, u""_s}};
    QTest::newRow("new relic")
        << u"newrelic"_s << u"newrelic-workflow.json"_s << QJsonObject()
        << u"0f3c2a1e-7b6d-4c5e-9a8b-1c2d3e4f5a6b"_s << u"firing"_s << Severity::P1
        << u"Error percentage > 5.0 for at least 5 minutes on 'checkout-api'"_s
        << u"checkout-api"_s << u"2024-05-14T10:05:00.000Z"_s << QString()
        << QJsonObject{{u"policy"_s, u"Checkout golden signals"_s}};
    QTest::newRow("pagerduty webhook v3")
        << u"pagerduty"_s << u"pagerduty-v3-incident-triggered.json"_s
        << QJsonObject{{u"X-Webhook-Id"_s, u"wh-1"_s}} << u"PINC001"_s << u"firing"_s
        << Severity::P1 << u"Checkout API 5xx ratio above 5%"_s << u"Checkout API"_s
        << u"2024-05-14T10:02:44.913Z"_s << u"wh-1"_s
        << QJsonObject{{u"urgency"_s, u"high"_s}, {u"teams"_s, u"Payments"_s}};
    QTest::newRow("pagerduty events v2 trigger")
        << u"pagerduty"_s << u"pagerduty-events-v2-trigger.json"_s << QJsonObject()
        << u"warroom/checkout/ApiHighErrorRate/3f2a9c1d0b7e6a54"_s << u"firing"_s
        << Severity::P1 << u"[prod] Checkout API 5xx ratio above 5% (api-01)"_s
        << u"checkout-api"_s << u"2024-05-14T09:12:30.123Z"_s << QString()
        << QJsonObject{{u"host"_s, u"api-01.example.internal"_s}, {u"group"_s, u"payments"_s}};
    QTest::newRow("opsgenie create")
        << u"opsgenie"_s << u"opsgenie-create.json"_s << QJsonObject() << u"checkout-api-5xx"_s
        << u"firing"_s << Severity::P3 << u"Checkout API 5xx ratio above 5%"_s
        << u"checkout-api"_s << u"2024-05-14T10:10:00.000Z"_s << u"*"_s
        << QJsonObject{{u"env"_s, u"prod"_s}, {u"tags"_s, u"prod,checkout"_s}};
    QTest::newRow("opsgenie close")
        << u"opsgenie"_s << u"opsgenie-close.json"_s << QJsonObject() << u"checkout-api-5xx"_s
        << u"resolved"_s << Severity::P3 << u"Checkout API 5xx ratio above 5%"_s
        << u"checkout-api"_s << u"2024-05-14T10:10:00.000Z"_s << u"*"_s << QJsonObject();
    QTest::newRow("sentry issue alert")
        << u"sentry"_s << u"sentry-issue-alert.json"_s
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"event_alert"_s}} << u"issue-4412345678"_s
        << u"firing"_s << Severity::P2
        << u"TypeError: Cannot read properties of undefined (reading 'total')"_s << QString()
        << u"2024-05-14T10:20:31.402Z"_s
        << u"5f1c0e9a7b2d4c3e8a6b9d0c1e2f3a4b/Checkout web: new unhandled error"_s
        << QJsonObject{{u"browser.name"_s, u"Firefox"_s}, {u"environment"_s, u"production"_s}};
    QTest::newRow("sentry metric alert")
        << u"sentry"_s << u"sentry-metric-alert.json"_s
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"metric_alert"_s}} << u"metric-9001"_s
        << u"firing"_s << Severity::P1 << u"Critical: Checkout error spike"_s << QString()
        << u"2024-05-14T14:00:00.000Z"_s << QString()
        << QJsonObject{{u"alertname"_s, u"Checkout error spike"_s}};
    QTest::newRow("sentry without the resource header")
        << u"sentry"_s << u"sentry-metric-alert.json"_s << QJsonObject() << u"metric-9001"_s
        << u"firing"_s << Severity::P1 << u"Critical: Checkout error spike"_s << QString()
        << u"2024-05-14T14:00:00.000Z"_s << QString() << QJsonObject();
    QTest::newRow("cloudwatch through sns")
        << u"cloudwatch"_s << u"cloudwatch-sns.json"_s
        << QJsonObject{{u"x-amz-sns-message-type"_s, u"Notification"_s}}
        << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-alb-5xx-high"_s
        << u"firing"_s << Severity::P2 << u"checkout-alb-5xx-high"_s << QString()
        << u"2024-05-14T10:30:12.345Z"_s << u"6b1f3c2e-9d8a-5e4f-b7c6-0a1b2c3d4e5f"_s
        << QJsonObject{{u"LoadBalancer"_s, u"app/checkout-alb/0123456789abcdef"_s},
                       {u"region"_s, u"EU (Ireland)"_s}};
    QTest::newRow("generic")
        << u"generic"_s << u"generic-json.json"_s << QJsonObject() << u"backup-nightly/db-03"_s
        << u"firing"_s << Severity::P2 << u"Nightly database backup did not finish"_s
        << u"postgres"_s << u"2024-05-14T06:00:00.000Z"_s << QString()
        << QJsonObject{{u"env"_s, u"prod"_s}};
    QTest::newRow("generic takes an events v2 event")
        << u"generic"_s << u"pagerduty-events-v2-trigger.json"_s << QJsonObject()
        << u"warroom/checkout/ApiHighErrorRate/3f2a9c1d0b7e6a54"_s << u"firing"_s
        << Severity::P1 << u"[prod] Checkout API 5xx ratio above 5% (api-01)"_s
        << u"checkout-api"_s << u"2024-05-14T09:12:30.123Z"_s << QString() << QJsonObject();
}

void TestAlertSources::samples()
{
    QFETCH(QString, source);
    QFETCH(QString, file);
    QFETCH(QJsonObject, headers);
    QFETCH(QString, dedupKey);
    QFETCH(QString, status);
    QFETCH(Severity, severity);
    QFETCH(QString, title);
    QFETCH(QString, service);
    QFETCH(QString, startsAt);
    QFETCH(QString, deliveryId);
    QFETCH(QJsonObject, someLabels);

    const QByteArray body = Testing::testData(u"alerts/"_s + file);
    QVERIFY(!body.isEmpty());
    const Normalised result = run(source, body, headers);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.payload.source, source);
    QCOMPARE(result.payload.alerts.size(), 1);
    const NormalisedAlert &alert = result.payload.alerts.first();
    if (!dedupKey.isEmpty()) {
        QCOMPARE(alert.dedupKey, dedupKey);
    }
    QVERIFY(!alert.dedupKey.isEmpty());
    QCOMPARE(statusText(alert.status), status);
    QCOMPARE(alert.severity, severity);
    QCOMPARE(alert.title, title);
    QCOMPARE(alert.service, service);
    const qint64 at = alert.isFiring() ? alert.startsAt : alert.endsAt;
    if (alert.isFiring()) {
        QCOMPARE(isoFromMs(at), startsAt);
    }
    // "*": an identity derived from the body, stable across retries.
    if (deliveryId == u"*") {
        QCOMPARE(result.payload.deliveryId, run(source, body, headers).payload.deliveryId);
        QVERIFY(!result.payload.deliveryId.isEmpty());
    } else {
        QCOMPARE(result.payload.deliveryId, deliveryId);
    }
    for (auto it = someLabels.begin(); it != someLabels.end(); ++it) {
        QCOMPARE(alert.labels.value(it.key()), it.value().toString());
    }
    QVERIFY(!alert.raw.isEmpty());
    verifySerialisedAhead(result.payload.alerts);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(!alert.links.isEmpty() || source == u"opsgenie" || source == u"generic"
            || file.contains(u"datadog-webhook.json"_s));
    for (const LinkList::Link &link : alert.links) {
        QVERIFY(link.href.startsWith(u"http"_s));
    }
}

void TestAlertSources::variations_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("headers");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("dedupKey");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<int>("alerts");

    const QJsonObject grafana = sample(u"grafana-unified.json"_s);
    QJsonObject resolvedAlert = grafana.value(u"alerts"_s).toArray().first().toObject();
    resolvedAlert.insert(u"status"_s, u"resolved"_s);
    resolvedAlert.insert(u"endsAt"_s, u"2024-05-14T11:35:10+02:00"_s);
    QTest::newRow("grafana resolved")
        << u"grafana"_s << json(with(grafana, u"alerts"_s, QJsonArray{resolvedAlert}))
        << QJsonObject() << u"resolved"_s << u"d41d8cd98f00b204"_s << Severity::P3 << 1;
    QJsonObject second = grafana.value(u"alerts"_s).toArray().first().toObject();
    second.insert(u"fingerprint"_s, u"0000000000000002"_s);
    second.insert(u"values"_s, QJsonValue());
    QTest::newRow("grafana grouped, NoData without values")
        << u"grafana"_s
        << json(with(grafana, u"alerts"_s,
                     QJsonArray{grafana.value(u"alerts"_s).toArray().first(), second}))
        << QJsonObject() << u"firing"_s << u"d41d8cd98f00b204"_s << Severity::P3 << 2;
    const QJsonObject legacy{{u"ruleId"_s, 7},
                             {u"ruleName"_s, u"CPU high"_s},
                             {u"ruleUrl"_s, u"https://grafana.example.com/d/x"_s},
                             {u"state"_s, u"alerting"_s},
                             {u"title"_s, u"[Alerting] CPU high"_s},
                             {u"message"_s, u"CPU above 90%"_s},
                             {u"evalMatches"_s, QJsonArray{QJsonObject{{u"metric"_s, u"cpu"_s},
                                                                       {u"value"_s, 93.5}}}},
                             {u"tags"_s, QJsonObject{{u"severity"_s, u"critical"_s}}}};
    QTest::newRow("grafana legacy alerting")
        << u"grafana"_s << json(legacy) << QJsonObject() << u"firing"_s << u"rule-7"_s
        << Severity::P1 << 1;
    QTest::newRow("grafana legacy ok")
        << u"grafana"_s << json(with(legacy, u"state"_s, u"ok"_s)) << QJsonObject()
        << u"resolved"_s << u"rule-7"_s << Severity::P1 << 1;

    const QJsonObject datadog = sample(u"datadog-webhook-extended.json"_s);
    QTest::newRow("datadog recovered")
        << u"datadog"_s
        << json(with(with(datadog, u"alert_transition"_s, u"Recovered"_s), u"title"_s,
                     u"[Recovered on {host:web-07}] Web latency p95 above 800ms"_s))
        << QJsonObject() << u"resolved"_s << u"cycle-7481925503716254890"_s << Severity::P2 << 1;
    QTest::newRow("datadog unsubstituted variables")
        << u"datadog"_s
        << json(with(with(datadog, u"alert_cycle_key"_s, u"$ALERT_CYCLE_KEY"_s),
                     u"alert_priority"_s, u""_s))
        << QJsonObject() << u"firing"_s << u"monitor-12345678/host:web-07,service:web"_s
        << Severity::P2 << 1;
    const QJsonObject plain = sample(u"datadog-webhook.json"_s);
    QTest::newRow("datadog default template recovered shares the trigger's identity")
        << u"datadog"_s
        << json(with(plain, u"title"_s,
                     u"[Recovered on {host:web-07}] Web latency p95 above 800ms"_s))
        << QJsonObject() << u"resolved"_s
        << run(u"datadog"_s, json(plain)).payload.alerts.value(0).dedupKey << Severity::P4 << 1;
    QTest::newRow("datadog warn")
        << u"datadog"_s
        << json(with(with(with(datadog, u"alert_transition"_s, u"Warn"_s), u"alert_priority"_s,
                          QJsonValue()),
                     u"alert_type"_s, QJsonValue()))
        << QJsonObject() << u"firing"_s << u"cycle-7481925503716254890"_s << Severity::P3 << 1;

    const QJsonObject newRelic = sample(u"newrelic-workflow.json"_s);
    QTest::newRow("new relic closed")
        << u"newrelic"_s << json(with(newRelic, u"state"_s, u"CLOSED"_s)) << QJsonObject()
        << u"resolved"_s << u"0f3c2a1e-7b6d-4c5e-9a8b-1c2d3e4f5a6b"_s << Severity::P1 << 1;
    QTest::newRow("new relic acknowledged")
        << u"newrelic"_s
        << json(with(with(newRelic, u"acknowledgedAt"_s, 1715681200000.0), u"priority"_s,
                     u"LOW"_s))
        << QJsonObject() << u"acknowledged"_s << u"0f3c2a1e-7b6d-4c5e-9a8b-1c2d3e4f5a6b"_s
        << Severity::P4 << 1;

    const QJsonObject pagerDuty = sample(u"pagerduty-v3-incident-triggered.json"_s);
    QTest::newRow("pagerduty acknowledged")
        << u"pagerduty"_s
        << json(with(with(pagerDuty, u"event.event_type"_s, u"incident.acknowledged"_s),
                     u"event.data.status"_s, u"acknowledged"_s))
        << QJsonObject() << u"acknowledged"_s << u"PINC001"_s << Severity::P1 << 1;
    QTest::newRow("pagerduty resolved, low urgency without priority")
        << u"pagerduty"_s
        << json(with(with(with(pagerDuty, u"event.event_type"_s, u"incident.resolved"_s),
                          u"event.data.priority"_s, QJsonValue()),
                     u"event.data.urgency"_s, u"low"_s))
        << QJsonObject() << u"resolved"_s << u"PINC001"_s << Severity::P4 << 1;
    QTest::newRow("pagerduty escalated reads data.status")
        << u"pagerduty"_s << json(with(pagerDuty, u"event.event_type"_s, u"incident.escalated"_s))
        << QJsonObject() << u"firing"_s << u"PINC001"_s << Severity::P1 << 1;
    QTest::newRow("events v2 resolve")
        << u"pagerduty"_s << Testing::testData(u"alerts/pagerduty-events-v2-resolve.json"_s)
        << QJsonObject() << u"resolved"_s << u"warroom/checkout/ApiHighErrorRate/3f2a9c1d0b7e6a54"_s
        << Severity::P4 << 1;
    QTest::newRow("events v2 acknowledge")
        << u"pagerduty"_s
        << R"({"routing_key":"k","event_action":"acknowledge","dedup_key":"d1"})"_ba
        << QJsonObject() << u"acknowledged"_s << u"d1"_s << Severity::P4 << 1;

    const QJsonObject opsgenie = sample(u"opsgenie-create.json"_s);
    QTest::newRow("opsgenie acknowledge with priority")
        << u"opsgenie"_s
        << json(with(with(opsgenie, u"action"_s, u"Acknowledge"_s), u"alert.priority"_s,
                     u"P1"_s))
        << QJsonObject() << u"acknowledged"_s << u"checkout-api-5xx"_s << Severity::P1 << 1;
    QTest::newRow("opsgenie without alias uses alertId")
        << u"opsgenie"_s << json(with(opsgenie, u"alert.alias"_s, QJsonValue())) << QJsonObject()
        << u"firing"_s << u"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"_s << Severity::P3 << 1;

    const QJsonObject metric = sample(u"sentry-metric-alert.json"_s);
    QTest::newRow("sentry metric resolved")
        << u"sentry"_s
        << json(with(with(metric, u"action"_s, u"resolved"_s), u"data.metric_alert.date_closed"_s,
                     u"2024-05-14T14:30:00.000000Z"_s))
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"metric_alert"_s}} << u"resolved"_s
        << u"metric-9001"_s << Severity::P4 << 1;
    QTest::newRow("sentry metric warning")
        << u"sentry"_s << json(with(metric, u"action"_s, u"warning"_s))
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"metric_alert"_s}} << u"firing"_s
        << u"metric-9001"_s << Severity::P3 << 1;
    const QJsonObject issueResolved{
        {u"action"_s, u"resolved"_s},
        {u"data"_s, QJsonObject{{u"issue"_s, QJsonObject{{u"id"_s, u"4412345678"_s},
                                                         {u"title"_s, u"TypeError"_s}}}}}};
    QTest::newRow("sentry issue resolved resolves the issue alert")
        << u"sentry"_s << json(issueResolved)
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"issue"_s}} << u"resolved"_s
        << u"issue-4412345678"_s << Severity::P4 << 1;

    QTest::newRow("cloudwatch ok")
        << u"cloudwatch"_s << json(snsWithAlarm({{u"NewStateValue"_s, u"OK"_s}}))
        << QJsonObject() << u"resolved"_s
        << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-alb-5xx-high"_s
        << Severity::P2 << 1;
    QTest::newRow("cloudwatch severity word in name")
        << u"cloudwatch"_s
        << json(snsWithAlarm({{u"AlarmName"_s, u"db-critical-cpu"_s},
                              {u"AlarmDescription"_s, QJsonValue()}}))
        << QJsonObject() << u"firing"_s
        << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-alb-5xx-high"_s
        << Severity::P1 << 1;

    const QJsonObject generic = sample(u"generic-json.json"_s);
    QTest::newRow("generic resolved")
        << u"generic"_s << json(with(generic, u"status"_s, u"resolved"_s)) << QJsonObject()
        << u"resolved"_s << u"backup-nightly/db-03"_s << Severity::P2 << 1;
    QTest::newRow("generic without dedup key hashes title and labels")
        << u"generic"_s << json(with(generic, u"dedup_key"_s, QJsonValue())) << QJsonObject()
        << u"firing"_s
        << run(u"generic"_s, json(with(generic, u"dedup_key"_s, QJsonValue())))
               .payload.alerts.value(0)
               .dedupKey
        << Severity::P2 << 1;
    QTest::newRow("generic minimal")
        << u"generic"_s << R"({"title":"Only a title"})"_ba << QJsonObject() << u"firing"_s
        << QString() << Severity::P4 << 1;
}

void TestAlertSources::variations()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, headers);
    QFETCH(QString, status);
    QFETCH(QString, dedupKey);
    QFETCH(Severity, severity);
    QFETCH(int, alerts);

    const Normalised result = run(source, body, headers);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.payload.alerts.size(), alerts);
    const NormalisedAlert &alert = result.payload.alerts.first();
    QCOMPARE(statusText(alert.status), status);
    if (!dedupKey.isEmpty()) {
        QCOMPARE(alert.dedupKey, dedupKey);
    }
    QVERIFY(!alert.dedupKey.isEmpty());
    QCOMPARE(alert.severity, severity);
    QVERIFY(!alert.title.isEmpty());
    verifySerialisedAhead(result.payload.alerts);
}

void TestAlertSources::rejects_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("grafana neither unified nor legacy") << u"grafana"_s << "{}"_ba << u"state"_s;
    QTest::newRow("grafana alerts not an array")
        << u"grafana"_s << R"({"alerts":{}})"_ba << u"alerts"_s;
    QTest::newRow("grafana legacy without a name")
        << u"grafana"_s << R"({"state":"alerting"})"_ba << u"ruleName"_s;
    QTest::newRow("datadog without title") << u"datadog"_s << R"({"id":"1"})"_ba << u"title"_s;
    QTest::newRow("datadog title not a string")
        << u"datadog"_s << R"({"title":["x"]})"_ba << u"title"_s;
    QTest::newRow("datadog date unreadable")
        << u"datadog"_s << R"({"title":"x","date":"soon"})"_ba << u"date"_s;
    QTest::newRow("new relic without id")
        << u"newrelic"_s << R"({"title":"x","state":"ACTIVATED"})"_ba << u"id"_s;
    QTest::newRow("new relic unknown state")
        << u"newrelic"_s << R"({"id":"a","state":"EXPLODED"})"_ba << u"state"_s;
    QTest::newRow("pagerduty neither webhook nor event")
        << u"pagerduty"_s << R"({"messages":[]})"_ba << u"event"_s;
    QTest::newRow("pagerduty webhook without incident id")
        << u"pagerduty"_s
        << R"({"event":{"event_type":"incident.triggered","resource_type":"incident",
              "data":{}}})"_ba
        << u"data.id"_s;
    QTest::newRow("events v2 trigger without payload")
        << u"pagerduty"_s << R"({"routing_key":"k","event_action":"trigger"})"_ba
        << u"payload"_s;
    QTest::newRow("events v2 bad severity")
        << u"pagerduty"_s
        << R"({"event_action":"trigger",
              "payload":{"summary":"s","source":"h","severity":"huge"}})"_ba
        << u"severity"_s;
    QTest::newRow("events v2 resolve without dedup key")
        << u"pagerduty"_s << R"({"event_action":"resolve"})"_ba << u"dedup_key"_s;
    QTest::newRow("events v2 unknown action")
        << u"pagerduty"_s << R"({"event_action":"explode"})"_ba << u"event_action"_s;
    QTest::newRow("opsgenie without action") << u"opsgenie"_s << R"({"alert":{}})"_ba
                                             << u"action"_s;
    QTest::newRow("opsgenie without alias or id")
        << u"opsgenie"_s << R"({"action":"Create","alert":{"message":"m"}})"_ba << u"alias"_s;
    QTest::newRow("opsgenie alert not an object")
        << u"opsgenie"_s << R"({"action":"Create","alert":"x"})"_ba << u"alert"_s;
    QTest::newRow("sentry resource unknowable") << u"sentry"_s << R"({"data":{}})"_ba
                                                << u"Sentry-Hook-Resource"_s;
    QTest::newRow("sentry issue alert without issue id")
        << u"sentry"_s << R"({"action":"triggered","data":{"event":{"title":"t"}}})"_ba
        << u"issue_id"_s;
    QTest::newRow("cloudwatch not sns") << u"cloudwatch"_s << R"({"AlarmName":"x"})"_ba
                                        << u"TopicArn"_s;
    QTest::newRow("cloudwatch message not json")
        << u"cloudwatch"_s << json(with(sample(u"cloudwatch-sns.json"_s), u"Message"_s,
                                        u"hello"_s))
        << u"Message"_s;
    QTest::newRow("cloudwatch unknown type")
        << u"cloudwatch"_s << json(with(sample(u"cloudwatch-sns.json"_s), u"Type"_s, u"Other"_s))
        << u"Type"_s;
    QTest::newRow("cloudwatch alarm without name")
        << u"cloudwatch"_s << json(snsWithAlarm({{u"AlarmName"_s, QJsonValue()}}))
        << u"AlarmName"_s;
    QTest::newRow("generic without title") << u"generic"_s << R"({"status":"firing"})"_ba
                                           << u"title"_s;
    QTest::newRow("generic blank title") << u"generic"_s << R"({"title":" \t "})"_ba
                                         << u"title"_s;
    QTest::newRow("events v2 blank summary")
        << u"pagerduty"_s
        << R"({"event_action":"trigger",
              "payload":{"summary":" \n ","source":"h","severity":"info"}})"_ba
        << u"payload.summary"_s;
    // The alarm inside Message is checked as strictly as a body: Qt's parser takes these.
    const QString alarmName = u"\"AlarmName\":\"checkout-alb-5xx-high\""_s;
    QTest::newRow("cloudwatch message with a raw control character")
        << u"cloudwatch"_s
        << json(snsWithAlarmText(alarmName, u"\"AlarmName\":\"checkout\u0001high\""_s))
        << u"in Message (the alarm's JSON text): the JSON has a string with a raw control"
           " character or an unknown escape at offset"_s;
    QTest::newRow("cloudwatch message with an unknown escape")
        << u"cloudwatch"_s
        << json(snsWithAlarmText(alarmName, u"\"AlarmName\":\"checkout\\qhigh\""_s))
        << u"in Message (the alarm's JSON text)"_s;
    QTest::newRow("cloudwatch message nested too deep")
        << u"cloudwatch"_s
        << json(snsWithAlarmText(alarmName, alarmName + u",\"deep\":"_s + QString(70, u'[')
                                                + QString(70, u']')))
        << u"in Message (the alarm's JSON text): the JSON is nested deeper than 64"_s;
    QTest::newRow("cloudwatch blank alarm name")
        << u"cloudwatch"_s << json(snsWithAlarm({{u"AlarmName"_s, u"  "_s}})) << u"AlarmName"_s;
    QTest::newRow("generic unknown status")
        << u"generic"_s << R"({"title":"t","status":"sideways"})"_ba << u"status"_s;
    QTest::newRow("generic bad time")
        << u"generic"_s << R"({"title":"t","occurred_at":"someday"})"_ba << u"occurred_at"_s;
}

void TestAlertSources::rejects()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    const Normalised result = run(source, body);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
}

void TestAlertSources::ignored_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("headers");

    QTest::newRow("grafana legacy pending")
        << u"grafana"_s << R"({"state":"pending","ruleName":"x"})"_ba << QJsonObject();
    QTest::newRow("pagerduty service event")
        << u"pagerduty"_s
        << R"({"event":{"event_type":"service.updated","resource_type":"service"}})"_ba
        << QJsonObject();
    QTest::newRow("pagerduty annotated without status")
        << u"pagerduty"_s
        << R"({"event":{"event_type":"incident.annotated","resource_type":"incident",
              "data":{"id":"P1"}}})"_ba
        << QJsonObject();
    QTest::newRow("opsgenie note")
        << u"opsgenie"_s << R"({"action":"AddNote","alert":{"alias":"a"}})"_ba << QJsonObject();
    QTest::newRow("sentry installation")
        << u"sentry"_s << R"({"action":"created","data":{}})"_ba
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"installation"_s}};
    QTest::newRow("sentry issue assigned")
        << u"sentry"_s << R"({"action":"assigned","data":{"issue":{"id":"1"}}})"_ba
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"issue"_s}};
    QTest::newRow("cloudwatch insufficient data")
        << u"cloudwatch"_s << json(snsWithAlarm({{u"NewStateValue"_s, u"INSUFFICIENT_DATA"_s}}))
        << QJsonObject();
    QTest::newRow("sns unsubscribe confirmation")
        << u"cloudwatch"_s
        << json(with(sample(u"cloudwatch-sns.json"_s), u"Type"_s, u"UnsubscribeConfirmation"_s))
        << QJsonObject();
}

void TestAlertSources::ignored()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, headers);
    const Normalised result = run(source, body, headers);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.payload.alerts.isEmpty());
    QVERIFY(!result.payload.ignored.isEmpty());
}

void TestAlertSources::unicodeSurvives_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");

    const QString title = u"Überlast 🔥 в кластере 東京 — مشكلة"_s;
    QJsonObject grafanaAlert = sample(u"grafana-unified.json"_s)
                                   .value(u"alerts"_s)
                                   .toArray()
                                   .first()
                                   .toObject();
    grafanaAlert.insert(u"labels"_s, QJsonObject{{u"alertname"_s, title}});
    grafanaAlert.insert(u"annotations"_s, QJsonObject());
    QTest::newRow("grafana")
        << u"grafana"_s
        << json(with(sample(u"grafana-unified.json"_s), u"alerts"_s, QJsonArray{grafanaAlert}));
    QTest::newRow("datadog")
        << u"datadog"_s << json(with(sample(u"datadog-webhook-extended.json"_s), u"alert_title"_s,
                                     title));
    QTest::newRow("new relic")
        << u"newrelic"_s << json(with(sample(u"newrelic-workflow.json"_s), u"title"_s, title));
    QTest::newRow("pagerduty")
        << u"pagerduty"_s
        << json(with(sample(u"pagerduty-v3-incident-triggered.json"_s), u"event.data.title"_s,
                     title));
    QTest::newRow("opsgenie")
        << u"opsgenie"_s << json(with(sample(u"opsgenie-create.json"_s), u"alert.message"_s,
                                      title));
    QTest::newRow("sentry")
        << u"sentry"_s
        << json(with(sample(u"sentry-issue-alert.json"_s), u"data.event.title"_s, title));
    QTest::newRow("cloudwatch") << u"cloudwatch"_s << json(snsWithAlarm({{u"AlarmName"_s, title}}));
    QTest::newRow("generic") << u"generic"_s
                             << json(with(sample(u"generic-json.json"_s), u"title"_s, title));
}

void TestAlertSources::unicodeSurvives()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    const Normalised result = run(source, body);
    QVERIFY2(result.ok, qPrintable(result.error));
    const QString title = result.payload.alerts.first().title;
    const QString expected = u"🔥 в кластере 東京 — مشكلة"_s;
    QVERIFY2(title.contains(expected), qPrintable(title));
}

void TestAlertSources::veryLarge()
{
    // A 600 kB description stays whole; a 5000-character title is cut.
    const QString huge(600 * 1024, u'x');
    const Normalised datadog = run(
        u"datadog"_s,
        json(with(with(sample(u"datadog-webhook-extended.json"_s), u"body"_s, huge),
                  u"alert_title"_s, QString(5000, u't'))));
    QVERIFY2(datadog.ok, qPrintable(datadog.error));
    QCOMPARE(datadog.payload.alerts.first().annotations.value(u"description").size(),
             huge.size());
    QCOMPARE(datadog.payload.alerts.first().title.size(), 1024);

    // A Grafana group of 2000 alerts.
    const QJsonObject grafana = sample(u"grafana-unified.json"_s);
    const QJsonObject first = grafana.value(u"alerts"_s).toArray().first().toObject();
    QJsonArray alerts;
    for (int i = 0; i < 2000; ++i) {
        QJsonObject alert = first;
        alert.insert(u"fingerprint"_s, u"fp-%1"_s.arg(i));
        alerts.append(alert);
    }
    const Normalised group = run(u"grafana"_s, json(with(grafana, u"alerts"_s, alerts)));
    QVERIFY2(group.ok, qPrintable(group.error));
    QCOMPARE(group.payload.alerts.size(), 2000);
}

// Titles are cut at 1024 characters and dedup keys at 512 for every source, the fast
// Alertmanager reader included; a cut never splits a surrogate pair (a lone half is no
// character, and strict JSON readers refuse it), and keys that differ only past the cut stay
// different alerts.
void TestAlertSources::longKeysAndTitlesCut()
{
    const QString emoji = u"\U0001F600"_s;
    const QString longKey = QString(510, u'E') + emoji.repeated(10);
    const QString longTitle = QString(1022, u'T') + emoji.repeated(3);
    const Normalised generic
        = run(u"generic"_s, json(with(with(sample(u"generic-json.json"_s), u"dedup_key"_s, longKey),
                                      u"title"_s, longTitle)));
    QVERIFY2(generic.ok, qPrintable(generic.error));
    const NormalisedAlert &cut = generic.payload.alerts.first();
    QVERIFY(cut.dedupKey.size() <= 512);
    QVERIFY2(wholeSurrogatePairs(cut.dedupKey), qPrintable(cut.dedupKey.right(30)));
    QVERIFY(cut.title.size() <= 1024);
    QVERIFY2(wholeSurrogatePairs(cut.title), qPrintable(cut.title.right(30)));
    QVERIFY(cut.title.endsWith(QChar(0x2026)));

    QStringList keys;
    for (const QString &end : {u"a"_s, u"b"_s}) {
        const Normalised one = run(u"generic"_s,
                                   json(with(sample(u"generic-json.json"_s), u"dedup_key"_s,
                                             QString(QString(600, u'G') + end))));
        QVERIFY2(one.ok, qPrintable(one.error));
        QVERIFY(one.payload.alerts.first().dedupKey.size() <= 512);
        QVERIFY(one.payload.alerts.first().dedupKey.startsWith(QString(400, u'G')));
        keys << one.payload.alerts.first().dedupKey;
    }
    QVERIFY(keys[0] != keys[1]);

    // Alertmanager: a fingerprint of 900,000 characters and a 2,000-character summary.
    QJsonObject webhook = sample(u"alertmanager-firing.json"_s);
    QJsonArray alerts = webhook.value(u"alerts"_s).toArray();
    QJsonObject alert = alerts.first().toObject();
    alert.insert(u"fingerprint"_s, QString(900000, u'f'));
    alert = with(alert, u"annotations.summary"_s, QString(2000, u's'));
    alerts.replace(0, alert);
    webhook.insert(u"alerts"_s, alerts);
    const QByteArray body = json(webhook);
    const Normalised full = run(u"alertmanager"_s, body);
    QVERIFY2(full.ok, qPrintable(full.error));
    NormalisedPayload quick;
    QVERIFY(AlertSources::normaliseFast(u"alertmanager"_s, body, Http::MaxJsonDepth, {}, &quick));
    for (const NormalisedAlert &read : {full.payload.alerts.first(), quick.alerts.first()}) {
        QVERIFY(read.dedupKey.size() <= 512);
        QVERIFY(read.dedupKey.startsWith(u"fff"_s));
        QCOMPARE(read.title.size(), 1024);
    }
    QCOMPARE(quick.alerts.first().dedupKey, full.payload.alerts.first().dedupKey);
}

void TestAlertSources::titlesTrimmed_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("headers");
    QTest::addColumn<QString>("title");

    const QString padded = u" \t Disk full \n"_s;
    const QString blank = u" \t\n"_s;
    const auto row = [&](const char *name, const QString &source, const QJsonObject &body,
                         const QString &title, const QJsonObject &headers = {}) {
        QTest::newRow(name) << source << json(body) << headers << title;
    };
    const QJsonObject alertmanager = sample(u"alertmanager-firing.json"_s);
    QJsonObject firing{{u"status"_s, u"firing"_s},
                       {u"labels"_s, QJsonObject{{u"alertname"_s, padded}}},
                       {u"annotations"_s, QJsonObject{{u"summary"_s, blank}}}};
    row("alertmanager", u"alertmanager"_s,
        with(with(alertmanager, u"alerts"_s, QJsonArray{firing}), u"commonAnnotations"_s,
             QJsonObject()),
        u"Disk full"_s);
    const QJsonObject legacy{{u"state"_s, u"alerting"_s}, {u"ruleId"_s, 7}};
    row("grafana legacy rule name", u"grafana"_s, with(legacy, u"ruleName"_s, padded),
        u"Disk full"_s);
    row("grafana legacy blank rule name", u"grafana"_s,
        with(with(legacy, u"ruleName"_s, blank), u"title"_s, u"[Alerting]  Disk full "_s),
        u"Disk full"_s);
    row("datadog", u"datadog"_s, QJsonObject{{u"title"_s, padded}}, u"Disk full"_s);
    const QJsonObject newRelic = sample(u"newrelic-workflow.json"_s);
    row("new relic", u"newrelic"_s, with(newRelic, u"title"_s, padded), u"Disk full"_s);
    row("new relic blank", u"newrelic"_s, with(newRelic, u"title"_s, blank),
        u"New Relic issue 0f3c2a1e-7b6d-4c5e-9a8b-1c2d3e4f5a6b"_s);
    const QJsonObject pagerDuty = sample(u"pagerduty-v3-incident-triggered.json"_s);
    row("pagerduty webhook", u"pagerduty"_s, with(pagerDuty, u"event.data.title"_s, padded),
        u"Disk full"_s);
    row("pagerduty webhook blank", u"pagerduty"_s,
        with(pagerDuty, u"event.data.title"_s, blank), u"PagerDuty incident PINC001"_s);
    const QJsonObject event = sample(u"pagerduty-events-v2-trigger.json"_s);
    row("events v2", u"pagerduty"_s, with(event, u"payload.summary"_s, padded), u"Disk full"_s);
    row("events v2 through generic", u"generic"_s, with(event, u"payload.summary"_s, padded),
        u"Disk full"_s);
    const QJsonObject opsgenie = sample(u"opsgenie-create.json"_s);
    row("opsgenie", u"opsgenie"_s, with(opsgenie, u"alert.message"_s, padded), u"Disk full"_s);
    row("opsgenie blank", u"opsgenie"_s, with(opsgenie, u"alert.message"_s, blank),
        u"Opsgenie alert checkout-api-5xx"_s);
    const QJsonObject issueAlert = sample(u"sentry-issue-alert.json"_s);
    const QJsonObject eventAlert{{u"Sentry-Hook-Resource"_s, u"event_alert"_s}};
    row("sentry issue alert", u"sentry"_s, with(issueAlert, u"data.event.title"_s, padded),
        u"Disk full"_s, eventAlert);
    row("sentry issue alert blank", u"sentry"_s, with(issueAlert, u"data.event.title"_s, blank),
        u"Sentry issue 4412345678"_s, eventAlert);
    const QJsonObject metricAlert = sample(u"sentry-metric-alert.json"_s);
    const QJsonObject metric{{u"Sentry-Hook-Resource"_s, u"metric_alert"_s}};
    row("sentry metric alert", u"sentry"_s,
        with(metricAlert, u"data.description_title"_s, padded), u"Disk full"_s, metric);
    row("sentry metric alert, blank, its rule's name", u"sentry"_s,
        with(with(metricAlert, u"data.description_title"_s, blank),
             u"data.metric_alert.alert_rule.name"_s, padded),
        u"Disk full"_s, metric);
    row("sentry metric alert, blank, no rule name", u"sentry"_s,
        with(with(metricAlert, u"data.description_title"_s, blank),
             u"data.metric_alert.alert_rule.name"_s, blank),
        u"Sentry metric alert 9001"_s, metric);
    const QJsonObject issue = with(QJsonObject{{u"action"_s, u"resolved"_s}},
                                   u"data.issue"_s, QJsonObject{{u"id"_s, u"5"_s},
                                                                {u"title"_s, blank}});
    row("sentry issue blank", u"sentry"_s, issue, u"Sentry issue 5"_s,
        {{u"Sentry-Hook-Resource"_s, u"issue"_s}});
    row("sentry issue", u"sentry"_s, with(issue, u"data.issue.title"_s, padded), u"Disk full"_s,
        {{u"Sentry-Hook-Resource"_s, u"issue"_s}});
    row("cloudwatch", u"cloudwatch"_s, snsWithAlarm({{u"AlarmName"_s, padded}}), u"Disk full"_s);
    row("generic", u"generic"_s, QJsonObject{{u"title"_s, padded}}, u"Disk full"_s);
}

// Every source gives an alert's title without the white space around it, and its fallback
// title (or its refusal, where a title is required) when nothing else is left.
void TestAlertSources::titlesTrimmed()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, headers);
    QFETCH(QString, title);
    const Normalised result = run(source, body, headers);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.payload.alerts.size(), 1);
    QCOMPARE(result.payload.alerts.first().title, title);
}

void TestAlertSources::severityMapAndDefault()
{
    const QJsonObject config{{u"severityMap"_s, QJsonObject{{u"HIGH"_s, u"P1"_s}}},
                             {u"defaultSeverity"_s, u"P2"_s}};
    const Normalised mapped = run(u"generic"_s, Testing::testData(u"alerts/generic-json.json"_s),
                                  {}, config);
    QCOMPARE(mapped.payload.alerts.first().severity, Severity::P1);
    QCOMPARE(mapped.payload.alerts.first().sourceSeverity, u"high"_s);

    const Normalised fallback = run(u"generic"_s, R"({"title":"no severity"})"_ba, {}, config);
    QCOMPARE(fallback.payload.alerts.first().severity, Severity::P2);
    const Normalised unmapped = run(u"generic"_s, R"({"title":"t","severity":"warning"})"_ba, {},
                                    config);
    QCOMPARE(unmapped.payload.alerts.first().severity, Severity::P3);
}

void TestAlertSources::genericMapping_data()
{
    QTest::addColumn<QJsonObject>("config");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("alerts");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("dedupKey");
    QTest::addColumn<QJsonObject>("labels");

    const QJsonObject nested{
        {u"mapping"_s, QJsonObject{{u"title"_s, u"check.name"_s},
                                   {u"dedupKey"_s, u"check.id"_s},
                                   {u"status"_s, u"check.state"_s},
                                   {u"severity"_s, u"check.level"_s},
                                   {u"labels"_s, QJsonObject{{u"host"_s, u"check.target.host"_s},
                                                             {u"dc"_s, u"meta.0"_s}}}}},
        {u"statusValues"_s, QJsonObject{{u"firing"_s, QJsonArray{u"CRIT"_s, u"WARN"_s}},
                                        {u"resolved"_s, QJsonArray{u"OK"_s}}}}};
    const QByteArray check = R"({"check":{"name":"Ping web-1","id":"c-1","state":"CRIT",
        "level":"critical","target":{"host":"web-1"}},"meta":["fra1"]})"_ba;
    QTest::newRow("nested paths and label fields")
        << nested << check << 1 << u"Ping web-1"_s << u"firing"_s << u"c-1"_s
        << QJsonObject{{u"host"_s, u"web-1"_s}, {u"dc"_s, u"fra1"_s}};
    QByteArray ok = check;
    ok.replace("\"CRIT\"", "\"OK\"");
    QTest::newRow("configured resolved word")
        << nested << ok << 1 << u"Ping web-1"_s << u"resolved"_s << u"c-1"_s << QJsonObject();

    const QJsonObject list{{u"mapping"_s, QJsonObject{{u"alerts"_s, u"items"_s},
                                                      {u"title"_s, u"summary"_s},
                                                      {u"dedupKey"_s, u"key"_s},
                                                      {u"labels"_s, u"tags"_s}}}};
    const QByteArray items = R"({"items":[{"summary":"A","key":"a","tags":{"x":"1"}},
        {"summary":"B","key":"b","tags":{"x":"2"}}]})"_ba;
    QTest::newRow("a list of alerts per body")
        << list << items << 2 << u"A"_s << u"firing"_s << u"a"_s
        << QJsonObject{{u"x"_s, u"1"_s}};
}

void TestAlertSources::genericMapping()
{
    QFETCH(QJsonObject, config);
    QFETCH(QByteArray, body);
    QFETCH(int, alerts);
    QFETCH(QString, title);
    QFETCH(QString, status);
    QFETCH(QString, dedupKey);
    QFETCH(QJsonObject, labels);
    QString error;
    QVERIFY2(AlertSources::validateConfig(u"generic"_s, config, &error), qPrintable(error));
    const Normalised result = run(u"generic"_s, body, {}, config);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.payload.alerts.size(), alerts);
    const NormalisedAlert &alert = result.payload.alerts.first();
    QCOMPARE(alert.title, title);
    QCOMPARE(statusText(alert.status), status);
    QCOMPARE(alert.dedupKey, dedupKey);
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        QCOMPARE(alert.labels.value(it.key()), it.value().toString());
    }
    QCOMPARE(Generic::valueAt(QJsonDocument::fromJson(body).object(), u"nothing.here.0"_s),
             QJsonValue(QJsonValue::Undefined));
}

void TestAlertSources::validateConfig_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QJsonObject>("config");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("empty is fine") << u"datadog"_s << QJsonObject() << QString();
    QTest::newRow("unknown setting") << u"datadog"_s << QJsonObject{{u"colour"_s, u"red"_s}}
                                     << u"colour"_s;
    QTest::newRow("mapping only for generic")
        << u"datadog"_s << QJsonObject{{u"mapping"_s, QJsonObject()}} << u"mapping"_s;
    QTest::newRow("bad severity map")
        << u"grafana"_s << QJsonObject{{u"severityMap"_s, QJsonObject{{u"x"_s, u"P9"_s}}}}
        << u"severityMap"_s;
    QTest::newRow("bad default severity")
        << u"grafana"_s << QJsonObject{{u"defaultSeverity"_s, u"urgent"_s}}
        << u"defaultSeverity"_s;
    QTest::newRow("rate limit")
        << u"grafana"_s
        << QJsonObject{{u"rateLimit"_s, QJsonObject{{u"requests"_s, 10}, {u"perSeconds"_s, 1}}}}
        << QString();
    QTest::newRow("bad rate limit")
        << u"grafana"_s << QJsonObject{{u"rateLimit"_s, QJsonObject{{u"requests"_s, -1}}}}
        << u"rateLimit"_s;
    QTest::newRow("rate limit of half a request")
        << u"grafana"_s
        << QJsonObject{{u"rateLimit"_s, QJsonObject{{u"requests"_s, 0.5}, {u"perSeconds"_s, 1}}}}
        << u"whole number"_s;
    QTest::newRow("rate limit period as text")
        << u"grafana"_s
        << QJsonObject{{u"rateLimit"_s,
                        QJsonObject{{u"requests"_s, 5}, {u"perSeconds"_s, u"abc"_s}}}}
        << u"perSeconds"_s;
    QTest::newRow("rate limit count as text")
        << u"grafana"_s
        << QJsonObject{{u"rateLimit"_s, QJsonObject{{u"requests"_s, u"5"_s}}}} << u"requests"_s;
    QTest::newRow("rate limit without a period")
        << u"grafana"_s << QJsonObject{{u"rateLimit"_s, QJsonObject{{u"requests"_s, 5}}}}
        << QString();
    QTest::newRow("signing where the source defines none")
        << u"datadog"_s
        << QJsonObject{{u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{u"12345678"_s}}}}}
        << u"no webhook signature"_s;
    QTest::newRow("signing for pagerduty")
        << u"pagerduty"_s
        << QJsonObject{{u"signing"_s,
                        QJsonObject{{u"secrets"_s, QJsonArray{u"old-secret"_s, u"new-secret"_s}}}}}
        << QString();
    QTest::newRow("short secret")
        << u"sentry"_s
        << QJsonObject{{u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{u"x"_s}}}}}
        << u"signing"_s;
    QTest::newRow("generic unknown mapped field")
        << u"generic"_s << QJsonObject{{u"mapping"_s, QJsonObject{{u"colour"_s, u"c"_s}}}}
        << u"colour"_s;
    QTest::newRow("generic path not a string")
        << u"generic"_s << QJsonObject{{u"mapping"_s, QJsonObject{{u"title"_s, 5}}}} << u"title"_s;
    QTest::newRow("cloudwatch insufficient data word")
        << u"cloudwatch"_s << QJsonObject{{u"insufficientData"_s, u"maybe"_s}}
        << u"insufficientData"_s;
    QTest::newRow("cloudwatch topics")
        << u"cloudwatch"_s
        << QJsonObject{{u"topicArns"_s, QJsonArray{u"arn:aws:sns:eu-west-1:1:t"_s}}} << QString();
}

void TestAlertSources::validateConfig()
{
    QFETCH(QString, source);
    QFETCH(QJsonObject, config);
    QFETCH(QString, mentions);
    QString error;
    const bool ok = AlertSources::validateConfig(source, config, &error);
    QCOMPARE(ok, mentions.isEmpty());
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestAlertSources::cloudwatchSubscription()
{
    const Normalised confirmation = run(
        u"cloudwatch"_s,
        Testing::testData(u"alerts/cloudwatch-sns-subscription-confirmation.json"_s));
    QVERIFY2(confirmation.ok, qPrintable(confirmation.error));
    QVERIFY(confirmation.payload.alerts.isEmpty());
    QCOMPARE(confirmation.payload.subscribeUrl.host(), u"sns.eu-west-1.amazonaws.com"_s);
    QCOMPARE(confirmation.payload.topic, u"arn:aws:sns:eu-west-1:123456789012:warroom-alarms"_s);

    // An integration that names its topics refuses others.
    const QJsonObject config{{u"topicArns"_s, QJsonArray{u"arn:aws:sns:eu-west-1:1:other"_s}}};
    const Normalised refused = run(u"cloudwatch"_s,
                                   Testing::testData(u"alerts/cloudwatch-sns.json"_s), {}, config);
    QVERIFY(!refused.ok);
    QVERIFY(refused.error.contains(u"topicArns"_s));

    const QJsonObject firing{{u"insufficientData"_s, u"firing"_s}};
    const Normalised insufficient = run(
        u"cloudwatch"_s, json(snsWithAlarm({{u"NewStateValue"_s, u"INSUFFICIENT_DATA"_s}})), {},
        firing);
    QCOMPARE(insufficient.payload.alerts.size(), 1);
    QVERIFY(insufficient.payload.alerts.first().isFiring());
}

void TestAlertSources::rawKeptWithoutRoutingKey()
{
    const Normalised result = run(u"pagerduty"_s,
                                  Testing::testData(u"alerts/pagerduty-events-v2-trigger.json"_s));
    const QJsonObject raw = result.payload.alerts.first().raw;
    QVERIFY(raw.contains(u"payload"_s));
    QVERIFY(!raw.contains(u"routing_key"_s));
    QCOMPARE(result.payload.alerts.first().links.size(), 2);
}

// serialiseAhead() writes raw, labels and annotations as Qt would, whatever raw holds (labels of
// numbers there become their text in the labels).
void TestAlertSources::serialisedAheadAsQtWrites_data()
{
    QTest::addColumn<QJsonObject>("raw");
    QTest::addColumn<QJsonObject>("labels");
    QTest::addColumn<QJsonObject>("annotations");
    const QJsonObject strings{{u"a"_s, u"1"_s}, {u"b"_s, u"x\"é"_s}};
    QTest::newRow("raw holds both")
        << QJsonObject{{u"annotations"_s, strings}, {u"labels"_s, strings}, {u"z"_s, 1}}
        << strings << strings;
    QTest::newRow("raw holds neither") << QJsonObject{{u"x"_s, 1}} << strings << QJsonObject();
    QTest::newRow("raw's labels differ")
        << QJsonObject{{u"labels"_s, QJsonObject{{u"a"_s, u"2"_s}}}} << strings << strings;
    QTest::newRow("raw's labels are numbers")
        << QJsonObject{{u"labels"_s, QJsonObject{{u"a"_s, 1}, {u"b"_s, 2.5}}}}
        << QJsonObject{{u"a"_s, u"1"_s}, {u"b"_s, u"2.5"_s}} << QJsonObject();
    QTest::newRow("integer against double")
        << QJsonObject{{u"labels"_s, QJsonObject{{u"a"_s, 1e15}}}}
        << QJsonObject{{u"a"_s, qint64(1000000000000000)}} << QJsonObject();
    QTest::newRow("negative zero")
        << QJsonObject{{u"labels"_s, QJsonObject{{u"a"_s, 0.0}}}}
        << QJsonObject{{u"a"_s, -0.0}} << QJsonObject();
    QTest::newRow("NaN") << QJsonObject{{u"labels"_s, QJsonObject{{u"a"_s, qQNaN()}}}}
                         << QJsonObject{{u"a"_s, qQNaN()}} << QJsonObject();
    QTest::newRow("labels not an object in raw")
        << QJsonObject{{u"labels"_s, u"a=b"_s}} << strings << QJsonObject();
    QTest::newRow("empty everywhere")
        << QJsonObject{{u"labels"_s, QJsonObject()}, {u"annotations"_s, QJsonObject()}}
        << QJsonObject() << QJsonObject();
}

void TestAlertSources::serialisedAheadAsQtWrites()
{
    QFETCH(QJsonObject, raw);
    QFETCH(QJsonObject, labels);
    QFETCH(QJsonObject, annotations);
    NormalisedAlert alert;
    alert.raw = raw;
    alert.labels = StringMap::fromObject(labels);
    alert.annotations = StringMap::fromObject(annotations);
    verifySerialisedAhead({alert});
}

// The normalisers gather labels and annotations in a StringMap: it must keep keys as a
// QJsonObject does (UTF-16 order, a later insert replacing the value) and write the same text.
// Escapes every character of `text` as \uXXXX (a pair for a character outside the BMP).
QByteArray escapedJsonString(const QString &text)
{
    QByteArray out = "\"";
    for (const QChar c : text) {
        out += "\\u" + QByteArray::number(c.unicode(), 16).rightJustified(4, '0');
    }
    return out + '"';
}

// The normalisers gather labels and annotations in a StringMap: keys once each (a later
// insert replacing the value), in code point order, written as JsonText writes strings. Its
// text must read back through Qt's parser as the same map, and a map read from Qt's objects
// must not depend on how the keys were written (raw UTF-8 or \u escapes).
// A link list's text is the one JsonText writes for the same links as Qt's objects (the text
// events held before links were gathered as a list), and Qt reads it back as those links.
void TestAlertSources::linkListAsJsonTextWrites()
{
    const QList<QString> pieces{u"a"_s, u"/"_s, u"\""_s, u"\\"_s, u"\n"_s,
                                QString(QChar(0x01)), u"é"_s, QString(QChar(0xfeff)),
                                QString(QChar(0xffff)), u"😀"_s, QString(QChar(0xd800)),
                                u"\u2028"_s, u"<"_s};
    QRandomGenerator random(20261207);
    const auto text = [&](int most) { return randomText(random, pieces, most); };
    for (int round = 0; round < 2000; ++round) {
        LinkList links;
        QJsonArray array;
        for (int n = int(random.bounded(5)); n > 0; --n) {
            const QString href = text(6);
            const QString label = text(3);
            links.append(href, label);
            array.append(QJsonObject{{u"href"_s, href}, {u"text"_s, label}});
        }
        QCOMPARE(links.toArray(), array);
        QCOMPARE(links.toJson(), JsonText::compact(array));
        QCOMPARE(QJsonDocument::fromJson(links.toJson()).array().size(), links.size());
    }
}

void TestAlertSources::stringMapAsQtWrites()
{
    // Characters that sort or escape differently: controls, quotes, Latin-1, a byte order
    // mark, noncharacters and U+E000 (after which a surrogate pair sorts by code point, before
    // it in UTF-16).
    const QList<QString> pieces{u"a"_s, u"B"_s, u"z"_s, u"\""_s, u"\\"_s, u"\n"_s,
                                QString(QChar(0x01)), u"é"_s, QString(QChar(0xfeff)),
                                QString(QChar(0xffff)), QString(QChar(0xe000)), u"😀"_s,
                                u"\u2028"_s, u"1"_s};
    QRandomGenerator random(20261206);
    const auto text = [&](int most) { return randomText(random, pieces, most); };
    const auto ascii = [](const QString &key) {
        return std::all_of(key.begin(), key.end(), [](QChar c) { return c.unicode() < 0x80; });
    };
    for (int round = 0; round < 3000; ++round) {
        QJsonObject object;
        StringMap map;
        QList<std::pair<QString, QString>> pairs;
        bool asciiKeys = true;
        for (int n = int(random.bounded(12)); n > 0; --n) {
            const QString key = text(2);
            const QString value = text(4);
            object.insert(key, value);
            map.insert(key, value);
            pairs.append({key, value});
            asciiKeys = asciiKeys && ascii(key);
        }
        QCOMPARE(map.size(), object.size());
        QCOMPARE(map.toObject(), object);
        for (qsizetype i = 1; i < map.size(); ++i) {
            const QString &before = (map.begin() + i - 1)->first;
            const QString &after = (map.begin() + i)->first;
            QVERIFY(before.toUcs4() < after.toUcs4()); // code point order
        }
        // ASCII keys: the same order and text as Qt's.
        if (asciiKeys) {
            QCOMPARE(map.toJson(), JsonText::compact(object));
            QCOMPARE(map.toJson(), JsonText::escapeLeadingMarks(json(object)));
        }
        // The text reads back through Qt's parser as the same map. (Qt's own lookups in such
        // an object may fail: it orders a key it decoded from an escape, as a leading U+FEFF
        // is written, by UTF-16 and a raw one by code point, and searches as if all were one
        // order. So Firebreak reads labels by walking the object, never by Qt's search.)
        const QJsonObject readBack = QJsonDocument::fromJson(map.toJson()).object();
        QCOMPARE(readBack.size(), map.size());
        QCOMPARE(StringMap::fromObject(readBack), map);
        if (asciiKeys) {
            QCOMPARE(JsonText::compact(readBack), map.toJson());
        }
        QCOMPARE(StringMap::fromObject(object), map);

        // The same members written with every key escaped, then raw, in the order given.
        QByteArray escaped = "{";
        QByteArray raw = "{";
        for (const auto &[key, value] : std::as_const(pairs)) {
            const QByteArray valueText = JsonText::compact(QJsonObject{{u"v"_s, value}}).mid(5);
            escaped += escapedJsonString(key) + ':' + valueText.chopped(1) + ',';
            QByteArray keyText;
            JsonText::appendString(keyText, key);
            raw += keyText + ':' + valueText.chopped(1) + ',';
        }
        escaped.back() = '}';
        raw.back() = '}';
        if (!pairs.isEmpty()) {
            QCOMPARE(StringMap::fromObject(QJsonDocument::fromJson(escaped).object()), map);
            QCOMPARE(StringMap::fromObject(QJsonDocument::fromJson(raw).object()), map);
        }

        const QString absent = text(3) + u"absent"_s;
        for (auto it = object.begin(); it != object.end(); ++it) {
            QVERIFY(map.contains(it.key()));
            QCOMPARE(map.value(it.key()), it.value().toString());
        }
        QVERIFY(!map.contains(absent));
        QCOMPARE(map.value(absent, u"fallback"_s), u"fallback"_s);
        if (!object.isEmpty()) {
            const QString key = object.keys().at(random.bounded(int(object.size())));
            QVERIFY(map.remove(key));
            QVERIFY(!map.remove(key));
            object.remove(key);
            QCOMPARE(map.toObject(), object);
        }
    }
    QCOMPARE(StringMap().toJson(), "{}"_ba);
}

// From a breaker: the same labels written raw or as \u escapes, or with a raw byte order mark
// starting a name (which Qt's parser drops), were two alerts, and a name given twice (raw and
// escaped) was stored twice, to read back after a restart with the other value.
void TestAlertSources::labelsTheSameHoweverWritten()
{
    const auto webhook = [](const QByteArray &labels) -> QByteArray {
        return R"({"version":"4","status":"firing","alerts":[{"status":"firing","labels":)"
            + labels + "}]}";
    };
    const auto alertOf = [&](const QByteArray &labels) {
        const Normalised result = run(u"alertmanager"_s, webhook(labels));
        return result.ok && result.payload.alerts.size() == 1 ? result.payload.alerts.first()
                                                               : NormalisedAlert();
    };
    const NormalisedAlert raw = alertOf("{\"alertname\":\"Same\",\"\xee\x80\x80\":\"a\","
                                        "\"\xf0\x9f\x98\x80\":\"b\"}");
    const NormalisedAlert escaped = alertOf(
        R"({"alertname":"Same","\ue000":"a","\ud83d\ude00":"b"})");
    QVERIFY(!raw.dedupKey.isEmpty());
    QCOMPARE(escaped.dedupKey, raw.dedupKey);
    QCOMPARE(escaped.labelsText(), raw.labelsText());
    QCOMPARE(raw.labelsText(),
             "{\"alertname\":\"Same\",\"\xee\x80\x80\":\"a\",\"\xf0\x9f\x98\x80\":\"b\"}"_ba);

    const NormalisedAlert plain = alertOf(R"({"alertname":"B","a":"1","zz":"2"})");
    const NormalisedAlert marked = alertOf("{\"alertname\":\"B\",\"zz\":\"2\",\"\xef\xbb\xbf"
                                           "a\":\"1\"}");
    QCOMPARE(marked.dedupKey, plain.dedupKey);
    QCOMPARE(marked.labelsText(), plain.labelsText());

    // A name twice: stored once, and the stored text reads back as the labels held live.
    for (const QByteArray &labels :
         {QByteArray("{\"\xf0\x9f\x98\x80\":\"RAW\",\"\\ue000\":\"f\",\"\\ud83d\\ude00\":\"ESC\","
                     "\"alertname\":\"S\"}"),
          QByteArray("{\"\xef\xbb\xbf" "d\":\"first\",\"d\":\"second\",\"alertname\":\"S\"}")}) {
        const NormalisedAlert twice = alertOf(labels);
        QVERIFY(!twice.dedupKey.isEmpty());
        const QJsonObject stored = QJsonDocument::fromJson(twice.labelsText()).object();
        QCOMPARE(stored.size(), twice.labels.size());
        QCOMPARE(StringMap::fromObject(stored), twice.labels);
    }
}

void TestAlertSources::cloudWatchConsoleLinkTopicAndSeverity_data()
{
    QTest::addColumn<QString>("arn");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("link");
    QTest::addColumn<Severity>("severity");
    const QString console = u"https://%1.console.aws.amazon.com/cloudwatch/home?region=%1"
                            "#alarmsV2:alarm/%2"_s;
    QTest::newRow("plain")
        << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx"_s
        << u"checkout-5xx"_s << console.arg(u"eu-west-1"_s, u"checkout-5xx"_s) << Severity::P4;
    // The alarms alternate, so that nothing of one is taken for the next.
    QTest::newRow("a name with colons, spaces and a slash, a severity word")
        << u"arn:aws:cloudwatch:us-east-2:1:alarm:db critical: a/b"_s << u"db critical: a/b"_s
        << console.arg(u"us-east-2"_s, u"db%20critical%3A%20a%2Fb"_s) << Severity::P1;
    QTest::newRow("plain again")
        << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx"_s
        << u"checkout-5xx"_s << console.arg(u"eu-west-1"_s, u"checkout-5xx"_s) << Severity::P4;
    QTest::newRow("GovCloud")
        << u"arn:aws-us-gov:cloudwatch:us-gov-west-1:1:alarm:x-warning"_s << u"x-warning"_s
        << u"https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1"
           "#alarmsV2:alarm/x-warning"_s
        << Severity::P3;
    QTest::newRow("China")
        << u"arn:aws-cn:cloudwatch:cn-north-1:1:alarm:x"_s << u"x"_s
        << u"https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/x"_s
        << Severity::P4;
    QTest::newRow("a partition without a public console")
        << u"arn:aws-iso:cloudwatch:us-iso-east-1:1:alarm:x"_s << u"x"_s << QString()
        << Severity::P4;
    QTest::newRow("no region") << u"arn:aws:cloudwatch:EU-west-1:1:alarm:x"_s << u"x"_s
                               << QString() << Severity::P4;
    QTest::newRow("a region with a letter after its number")
        << u"arn:aws:cloudwatch:eu-west-1x:1:alarm:x"_s << u"x"_s << QString() << Severity::P4;
    QTest::newRow("too few parts") << u"arn:aws:cloudwatch:eu-west-1:1:alarm"_s << u"x"_s
                                   << QString() << Severity::P4;
}

// The console link from the alarm's ARN, the topic's name as a label, the severity word of each
// alarm's own name: through the full reader and the fast one alike.
void TestAlertSources::cloudWatchConsoleLinkTopicAndSeverity()
{
    QFETCH(QString, arn);
    QFETCH(QString, name);
    QFETCH(QString, link);
    QFETCH(Severity, severity);
    const QByteArray body =
        json(snsWithAlarm({{u"AlarmArn"_s, arn}, {u"AlarmName"_s, name},
                           {u"AlarmDescription"_s, QJsonValue()}}));
    const Normalised full = run(u"cloudwatch"_s, body);
    QVERIFY2(full.ok, qPrintable(full.error));
    QCOMPARE(full.payload.alerts.size(), 1);
    const NormalisedAlert &alert = full.payload.alerts.first();
    QStringList consoleLinks;
    for (qsizetype i = 0; i < alert.links.size(); ++i) {
        if (alert.links.at(i).text == u"CloudWatch alarm") {
            consoleLinks.append(alert.links.at(i).href);
        }
    }
    QCOMPARE(consoleLinks, link.isEmpty() ? QStringList() : QStringList{link});
    QCOMPARE(alert.labels.value(u"topic"), u"warroom-alarms"_s);
    QCOMPARE(alert.severity, severity);
    bool taken = false;
    const QString difference = fastDifference(u"cloudwatch"_s, body, QJsonObject(), &taken);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(taken);
}

void TestAlertSources::cloudWatchFastReaderMatchesFullReader_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("config");
    QTest::addColumn<bool>("fast");
    const QJsonObject sns = sample(u"cloudwatch-sns.json"_s);
    const QByteArray plain = json(sns);
    QTest::newRow("sample") << plain << QJsonObject() << true;
    QTest::newRow("indented") << QJsonDocument(sns).toJson(QJsonDocument::Indented)
                              << QJsonObject() << true;
    QByteArray reordered = plain;
    QVERIFY(reordered.contains("\"Type\":\"Notification\","));
    reordered.replace("\"Type\":\"Notification\",", "").insert(1, "\"Type\":\"Notification\",");
    QTest::newRow("members in another order") << reordered << QJsonObject() << true;
    QTest::newRow("resolved") << json(snsWithAlarm({{u"NewStateValue"_s, u"OK"_s}}))
                              << QJsonObject() << true;
    QTest::newRow("unicode, escapes and a leading mark")
        << json(snsWithAlarm({{u"AlarmName"_s, u"\ufeffзапрос \"p1\" 🚒"_s},
                              {u"AlarmDescription"_s, u"line\nbreak\ttab \u2028"_s}}))
        << QJsonObject() << true;
    QTest::newRow("dimensions with a service")
        << json(snsWithAlarm({{u"Trigger"_s,
                               QJsonObject{{u"MetricName"_s, u"5xx"_s},
                                           {u"Dimensions"_s,
                                            QJsonArray{QJsonObject{{u"name"_s, u"service"_s},
                                                                   {u"value"_s, u"api"_s}}}}}}}))
        << QJsonObject() << true;
    QTest::newRow("a topic allowed")
        << plain << QJsonObject{{u"topicArns"_s, QJsonArray{sns.value(u"TopicArn"_s)}}} << true;
    QTest::newRow("a severity map")
        << plain << QJsonObject{{u"severityMap"_s, QJsonObject{{u"high"_s, u"P1"_s}}}} << true;
    // Everything else goes the full way.
    QTest::newRow("a topic not allowed")
        << plain << QJsonObject{{u"topicArns"_s, QJsonArray{u"arn:aws:sns:x:1:other"_s}}}
        << false;
    QTest::newRow("insufficient data")
        << json(snsWithAlarm({{u"NewStateValue"_s, u"INSUFFICIENT_DATA"_s}}))
        << QJsonObject{{u"insufficientData"_s, u"firing"_s}} << false;
    QTest::newRow("subscription") << Testing::testData(
        u"alerts/cloudwatch-sns-subscription-confirmation.json"_s) << QJsonObject() << false;
    QTest::newRow("no Type") << json(with(sns, u"Type"_s, QJsonValue())) << QJsonObject()
                             << false;
    QTest::newRow("a member not a string")
        << json(with(sns, u"MessageAttributes"_s, QJsonObject{{u"a"_s, 1}})) << QJsonObject()
        << true;
    QTest::newRow("an alarm with fractions")
        << json(snsWithAlarm({{u"Trigger"_s, QJsonObject{{u"Threshold"_s, 0.95},
                                                         {u"MetricName"_s, u"5xx"_s}}}}))
        << QJsonObject() << true;
    QJsonObject marked = sns;
    marked.insert(u"Message"_s, marked.value(u"Message"_s).toString().replace(
                                    u"\"AlarmName\""_s, u"\"\ufeffAlarmName\""_s));
    QTest::newRow("an alarm key starting with a mark") << json(marked) << QJsonObject() << false;
    QJsonObject twice = sns;
    twice.insert(u"Message"_s, twice.value(u"Message"_s).toString().replace(
                                   u"{\"AlarmName\""_s, u"{\"AlarmName\":\"x\",\"AlarmName\""_s));
    QTest::newRow("an alarm key twice") << json(twice) << QJsonObject() << false;
    QTest::newRow("a key twice")
        << QByteArray(plain).replace("{\"Message\"", "{\"Type\":\"Other\",\"Message\"")
        << QJsonObject() << false;
    QTest::newRow("an escaped key")
        << QByteArray(plain).replace("\"TopicArn\"", "\"Topic\\u0041rn\"") << QJsonObject()
        << false;
    QTest::newRow("a message that is no alarm")
        << json(with(sns, u"Message"_s, u"[1, 2]"_s)) << QJsonObject() << false;
    QTest::newRow("an alarm without a name")
        << json(snsWithAlarm({{u"AlarmName"_s, QJsonValue()}})) << QJsonObject() << false;
    QTest::newRow("an alarm name with white space around it")
        << json(snsWithAlarm({{u"AlarmName"_s, u" \tcheckout high\n"_s}})) << QJsonObject()
        << true;
    QTest::newRow("a blank alarm name")
        << json(snsWithAlarm({{u"AlarmName"_s, u"  "_s}})) << QJsonObject() << false;
    const QString alarmName = u"\"AlarmName\":\"checkout-alb-5xx-high\""_s;
    QTest::newRow("a raw control character in the alarm")
        << json(snsWithAlarmText(alarmName, u"\"AlarmName\":\"a\tb\""_s)) << QJsonObject()
        << false;
    QTest::newRow("an unknown escape in the alarm")
        << json(snsWithAlarmText(alarmName, u"\"AlarmName\":\"a\\'b\""_s)) << QJsonObject()
        << false;
    QTest::newRow("an alarm nested too deep")
        << json(snsWithAlarmText(alarmName, alarmName + u",\"deep\":"_s + QString(70, u'[')
                                                + QString(70, u']')))
        << QJsonObject() << false;
}

// What the fast reader takes it must read exactly as the full one; what it declines, the
// full one reads (or refuses) as before.
void TestAlertSources::cloudWatchFastReaderMatchesFullReader()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, config);
    QFETCH(bool, fast);
    NormalisedPayload quick;
    const bool taken = AlertSources::normaliseFast(u"cloudwatch"_s, body, Http::MaxJsonDepth,
                                                   config, &quick);
    QCOMPARE(taken, fast);
    if (!taken) {
        return;
    }
    Normalised full = run(u"cloudwatch"_s, body, {}, config);
    QVERIFY2(full.ok, qPrintable(full.error));
    for (NormalisedAlert &alert : full.payload.alerts) {
        alert.serialiseAhead();
    }
    const QString difference = Testing::payloadDifference(quick, full.payload);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(quick.alerts.size(), 1);
}

void TestAlertSources::viewReadersMatchFullReaders_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("headers");
    QTest::addColumn<bool>("fast");

    const QJsonObject pd = sample(u"pagerduty-v3-incident-triggered.json"_s);
    const QJsonObject webhookId{{u"X-Webhook-Id"_s, u"wh-1"_s}};
    QTest::newRow("pagerduty sample") << u"pagerduty"_s << json(pd) << webhookId << true;
    QTest::newRow("pagerduty indented, no webhook id")
        << u"pagerduty"_s << QJsonDocument(pd).toJson() << QJsonObject() << true;
    for (const QString &type : {u"incident.resolved"_s, u"incident.acknowledged"_s,
                                u"incident.reopened"_s, u"incident.priority_updated"_s}) {
        QTest::newRow(qPrintable(u"pagerduty "_s + type))
            << u"pagerduty"_s << json(with(pd, u"event.event_type"_s, type)) << webhookId
            << true;
    }
    QTest::newRow("pagerduty unicode and escapes")
        << u"pagerduty"_s
        << json(with(with(pd, u"event.data.title"_s, u"\ufeffпожар \"p1\"\n🚒 \u2028"_s),
                     u"event.data.service.summary"_s, u"Zahlung/API é"_s))
        << webhookId << true;
    QTest::newRow("pagerduty without title or links")
        << u"pagerduty"_s
        << json(with(with(with(pd, u"event.data.title"_s, QJsonValue()),
                          u"event.data.html_url"_s, QJsonValue()),
                     u"event.data.service"_s, QJsonValue()))
        << webhookId << true;
    QTest::newRow("pagerduty number as a string")
        << u"pagerduty"_s << json(with(pd, u"event.data.number"_s, u"42"_s)) << webhookId
        << true;
    // Declined, for the full reader to read or refuse.
    QTest::newRow("pagerduty no incident id")
        << u"pagerduty"_s << json(with(pd, u"event.data.id"_s, QJsonValue())) << webhookId
        << false;
    QTest::newRow("pagerduty not an incident")
        << u"pagerduty"_s
        << json(with(with(pd, u"event.event_type"_s, u"service.updated"_s),
                     u"event.resource_type"_s, u"service"_s))
        << webhookId << false;
    QTest::newRow("pagerduty a bad time")
        << u"pagerduty"_s << json(with(pd, u"event.occurred_at"_s, u"yesterday"_s))
        << webhookId << false;
    QTest::newRow("pagerduty a fraction")
        << u"pagerduty"_s << json(with(pd, u"event.data.number"_s, 1.5)) << webhookId << true;
    QByteArray twice = json(pd);
    twice.insert(1, "\"event\":{},");
    QTest::newRow("pagerduty a key twice") << u"pagerduty"_s << twice << webhookId << false;
    QTest::newRow("pagerduty a key not ASCII")
        << u"pagerduty"_s << json(with(pd, u"event.data.clé"_s, 1)) << webhookId << false;
    QTest::newRow("pagerduty events v2")
        << u"pagerduty"_s << Testing::testData(u"alerts/pagerduty-events-v2-trigger.json"_s)
        << QJsonObject() << false;

    const QJsonObject issue = sample(u"sentry-issue-alert.json"_s);
    const QJsonObject metric = sample(u"sentry-metric-alert.json"_s);
    const QJsonObject eventAlert{{u"Sentry-Hook-Resource"_s, u"event_alert"_s}};
    QTest::newRow("sentry issue alert")
        << u"sentry"_s << Testing::testData(u"alerts/sentry-issue-alert.json"_s) << eventAlert
        << true;
    QTest::newRow("sentry issue alert, resource from the body")
        << u"sentry"_s << json(issue) << QJsonObject() << true;
    QTest::newRow("sentry metric alert")
        << u"sentry"_s << Testing::testData(u"alerts/sentry-metric-alert.json"_s)
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"metric_alert"_s}} << true;
    QTest::newRow("sentry metric alert resolved")
        << u"sentry"_s << json(with(metric, u"action"_s, u"resolved"_s)) << QJsonObject()
        << true;
    QTest::newRow("sentry issue resolved")
        << u"sentry"_s
        << json(QJsonObject{{u"action"_s, u"resolved"_s},
                            {u"data"_s, QJsonObject{{u"issue"_s,
                                                     QJsonObject{{u"id"_s, u"77"_s},
                                                                 {u"title"_s, u" Boom "_s},
                                                                 {u"level"_s, u"fatal"_s}}}}}})
        << QJsonObject{{u"Sentry-Hook-Resource"_s, u"issue"_s}} << true;
    QTest::newRow("sentry tags as objects, unicode")
        << u"sentry"_s
        << json(with(with(issue, u"data.event.tags"_s,
                          QJsonArray{QJsonObject{{u"key"_s, u"serviço"_s}, {u"value"_s, 7}},
                                     QJsonArray{u"a"_s, 1.25}, u"odd"_s}),
                     u"data.event.title"_s, u"\ufeff😀 \"x\""_s))
        << eventAlert << true;
    QTest::newRow("sentry issue id a number")
        << u"sentry"_s << json(with(issue, u"data.event.issue_id"_s, 4412345678.0)) << eventAlert
        << true;
    QTest::newRow("sentry other resource")
        << u"sentry"_s << json(issue) << QJsonObject{{u"Sentry-Hook-Resource"_s, u"installation"_s}}
        << false;
    QTest::newRow("sentry no issue id")
        << u"sentry"_s << json(with(issue, u"data.event.issue_id"_s, QJsonValue())) << eventAlert
        << false;

    for (const QString &file : {u"datadog-webhook.json"_s, u"datadog-webhook-extended.json"_s,
                                u"newrelic-workflow.json"_s, u"opsgenie-create.json"_s,
                                u"opsgenie-close.json"_s}) {
        QTest::newRow(qPrintable(file))
            << file.section(u'-', 0, 0) << Testing::testData(u"alerts/"_s + file)
            << QJsonObject() << true;
    }
    const QJsonObject datadog = sample(u"datadog-webhook-extended.json"_s);
    QTest::newRow("datadog recovered, placeholders, unicode")
        << u"datadog"_s
        << json(with(with(with(datadog, u"alert_transition"_s, u"Recovered"_s),
                          u"alert_scope"_s, u"$ALERT_SCOPE"_s),
                     u"alert_title"_s, u" Латентность\t\"p95\" "_s))
        << QJsonObject() << true;
    QTest::newRow("datadog title not a string")
        << u"datadog"_s << json(with(datadog, u"title"_s, 5)) << QJsonObject() << false;
    const QJsonObject newrelic = sample(u"newrelic-workflow.json"_s);
    QTest::newRow("newrelic closed, times in seconds")
        << u"newrelic"_s
        << json(with(with(with(newrelic, u"state"_s, u"CLOSED"_s), u"closedAt"_s, 1715681500.5),
                     u"createdAt"_s, 1715681000))
        << QJsonObject() << true;
    QTest::newRow("newrelic acknowledged, one entity")
        << u"newrelic"_s
        << json(with(with(newrelic, u"acknowledgedAt"_s, 1715681100000LL),
                     u"impactedEntities"_s, QJsonArray{u"checkout-api"_s}))
        << QJsonObject() << true;
    QTest::newRow("newrelic a bad state")
        << u"newrelic"_s << json(with(newrelic, u"state"_s, u"OPEN"_s)) << QJsonObject()
        << false;
    const QJsonObject opsgenie = sample(u"opsgenie-create.json"_s);
    QTest::newRow("opsgenie nanosecond update, details with numbers")
        << u"opsgenie"_s
        << json(with(with(opsgenie, u"alert.updatedAt"_s, 1715681100123456789LL),
                     u"alert.details"_s, QJsonObject{{u"service"_s, u"api"_s}, {u"n"_s, 2.5}}))
        << QJsonObject() << true;
    QTest::newRow("opsgenie an action that changes nothing")
        << u"opsgenie"_s << json(with(opsgenie, u"action"_s, u"AddNote"_s)) << QJsonObject()
        << false;

    // Grafana's unified alerting: Alertmanager's fast reader with Grafana's members.
    const QJsonObject grafana = sample(u"grafana-unified.json"_s);
    const QByteArray grafanaText = json(grafana);
    QTest::newRow("grafana sample") << u"grafana"_s << grafanaText << QJsonObject() << true;
    QTest::newRow("grafana indented")
        << u"grafana"_s << QJsonDocument(grafana).toJson() << QJsonObject() << true;
    QTest::newRow("grafana values written as Qt never writes them")
        << u"grafana"_s
        << QByteArray(grafanaText)
               .replace("\"A\":91.8", "\"A\":9.180e1,\"C\":-0,\"D\":1E300,\"E\":-0.0,"
                                      "\"F\":12345678901234567890,\"G\":[1.50,\"x\",null],"
                                      "\"H\":{\"z\":true,\"a\":2},\"I\":\"text\","
                                      "\"J\":1e-7,\"K\":0.1")
        << QJsonObject() << true;
    QTest::newRow("grafana a value beyond a double")
        << u"grafana"_s << QByteArray(grafanaText).replace("91.8", "1E400000000")
        << QJsonObject() << false;
    QTest::newRow("grafana no values")
        << u"grafana"_s << json(grafanaWith(u"values"_s, QJsonValue())) << QJsonObject() << true;
    QTest::newRow("grafana values not an object")
        << u"grafana"_s << json(grafanaWith(u"values"_s, u"A=1"_s)) << QJsonObject() << true;
    QTest::newRow("grafana values empty")
        << u"grafana"_s << json(grafanaWith(u"values"_s, QJsonObject())) << QJsonObject() << true;
    QTest::newRow("grafana an annotation named values, and one after it")
        << u"grafana"_s
        << json(grafanaWith(u"annotations"_s,
                            QJsonObject{{u"values"_s, u"old"_s}, {u"zone"_s, u"b"_s},
                                        {u"summary"_s, u"s"_s}}))
        << QJsonObject() << true;
    QTest::newRow("grafana annotations after values only")
        << u"grafana"_s
        << json(grafanaWith(u"annotations"_s, QJsonObject{{u"zone"_s, u"b"_s}}))
        << QJsonObject() << true;
    QTest::newRow("grafana no annotations")
        << u"grafana"_s << json(grafanaWith(u"annotations"_s, QJsonValue())) << QJsonObject()
        << true;
    QTest::newRow("grafana no annotations, no values")
        << u"grafana"_s
        << json(grafanaWith(u"annotations"_s, QJsonValue(),
                            grafanaWith(u"values"_s, QJsonValue())))
        << QJsonObject() << true;
    QTest::newRow("grafana links of other types, an image")
        << u"grafana"_s
        << json(grafanaWith(u"dashboardURL"_s, 5,
                            grafanaWith(u"panelURL"_s, QJsonArray{u"x"_s},
                                        grafanaWith(u"imageURL"_s,
                                                    u" https://grafana.example.com/i.png"_s))))
        << QJsonObject() << true;
    QTest::newRow("grafana a link that is no web link")
        << u"grafana"_s << json(grafanaWith(u"silenceURL"_s, u"javascript:alert(1)"_s))
        << QJsonObject() << true;
    QTest::newRow("grafana severity words")
        << u"grafana"_s
        << json(grafanaWith(u"labels"_s,
                            QJsonObject{{u"alertname"_s, u"A"_s}, {u"severity"_s, u" HIGH "_s}}))
        << QJsonObject() << true;
    QTest::newRow("grafana unicode, no fingerprint")
        << u"grafana"_s
        << json(grafanaWith(u"fingerprint"_s, QJsonValue(),
                            grafanaWith(u"labels"_s,
                                        QJsonObject{{u"alertname"_s, u"Диск \"полон\""_s},
                                                    {u"service"_s, u"😀"_s}})))
        << QJsonObject() << true;
    QTest::newRow("grafana no version")
        << u"grafana"_s << json(with(grafana, u"version"_s, QJsonValue())) << QJsonObject()
        << true;
    QTest::newRow("grafana an Alertmanager body")
        << u"grafana"_s << json(sample(u"alertmanager-firing.json"_s)) << QJsonObject() << true;
    QTest::newRow("grafana version a number")
        << u"grafana"_s << json(with(grafana, u"version"_s, 1)) << QJsonObject() << false;
    QTest::newRow("grafana status a number")
        << u"grafana"_s << json(grafanaWith(u"status"_s, 1)) << QJsonObject() << false;
    QTest::newRow("grafana legacy body")
        << u"grafana"_s << json(with(grafana, u"alerts"_s, QJsonValue())) << QJsonObject()
        << false;
    QTest::newRow("grafana an escaped key in values")
        << u"grafana"_s << QByteArray(grafanaText).replace("{\"A\":", "{\"\\u0041\":")
        << QJsonObject() << false;
    QTest::newRow("grafana a key twice in values")
        << u"grafana"_s << QByteArray(grafanaText).replace("\"A\":91.8", "\"A\":1,\"A\":2")
        << QJsonObject() << false;
}

// What a view reader takes it reads exactly as the full reader.
void TestAlertSources::viewReadersMatchFullReaders()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, headers);
    QFETCH(bool, fast);
    bool taken = false;
    const QString difference = fastDifference(source, body, headers, &taken);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(taken, fast);
}

// The samples with members replaced by random values, written with members in any order:
// whatever the fast readers take, they read as the full readers.
void TestAlertSources::viewReadersMatchFullReadersOnMutatedSamples()
{
    const QList<std::tuple<QString, QString, QJsonObject>> samples{
        {u"pagerduty"_s, u"pagerduty-v3-incident-triggered.json"_s,
         QJsonObject{{u"X-Webhook-Id"_s, u"wh-1"_s}}},
        {u"sentry"_s, u"sentry-issue-alert.json"_s,
         QJsonObject{{u"Sentry-Hook-Resource"_s, u"event_alert"_s}}},
        {u"sentry"_s, u"sentry-metric-alert.json"_s, QJsonObject()},
        {u"datadog"_s, u"datadog-webhook.json"_s, QJsonObject()},
        {u"datadog"_s, u"datadog-webhook-extended.json"_s, QJsonObject()},
        {u"newrelic"_s, u"newrelic-workflow.json"_s, QJsonObject()},
        {u"opsgenie"_s, u"opsgenie-create.json"_s, QJsonObject()},
        {u"opsgenie"_s, u"opsgenie-close.json"_s, QJsonObject()},
        {u"cloudwatch"_s, u"cloudwatch-sns.json"_s, QJsonObject()},
        {u"grafana"_s, u"grafana-unified.json"_s, QJsonObject()},
    };
    QRandomGenerator random(20261209);
    for (const auto &[source, file, headers] : samples) {
        int taken = 0;
        for (int round = 0; round < 1500; ++round) {
            QJsonObject body = sample(file);
            for (int n = 1 + int(random.bounded(3)); n > 0; --n) {
                body = mutated(body, random);
            }
            const QByteArray text = round % 2 == 0 ? json(body) : QJsonDocument(body).toJson();
            bool fast = false;
            const QString difference = fastDifference(source, text, headers, &fast);
            QVERIFY2(difference.isEmpty(),
                     qPrintable(difference + u" in "_s + QString::fromUtf8(text)));
            taken += fast ? 1 : 0;
        }
        // Most mutations leave a body the fast reader takes.
        QVERIFY2(taken > 500, qPrintable(u"%1: %2 taken"_s.arg(source).arg(taken)));
    }
}

namespace {

// PagerDuty's Events API v2 read from the text (as /v2/enqueue does first) and the full way:
// the difference when the fast reader takes it, else empty. A trigger without a dedup key gets
// a new one each way; `sameNewKey` makes them the same before comparing.
QString eventsDifference(const QByteArray &body, bool *taken, bool sameNewKey = false)
{
    NormalisedPayload quick;
    QString routingKey;
    *taken = PagerDuty::normaliseEventFast(body, Http::MaxJsonDepth, &quick, &routingKey);
    if (!*taken) {
        return QString();
    }
    Normalised full = run(u"pagerduty"_s, body);
    if (!full.ok) {
        return u"the fast reader took what the full one refuses: "_s + full.error;
    }
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (routingKey != root.value(u"routing_key"_s).toString()) {
        return u"routing key "_s + routingKey;
    }
    for (NormalisedAlert &alert : full.payload.alerts) {
        alert.serialiseAhead();
        if (sameNewKey) {
            alert.dedupKey = quick.alerts.first().dedupKey;
            alert.title = quick.alerts.first().title;
            full.payload.groupKey = quick.groupKey;
        }
    }
    return Testing::payloadDifference(quick, full.payload);
}

} // namespace

void TestAlertSources::eventsFastReaderMatchesFullReader_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fast");
    const QJsonObject trigger = sample(u"pagerduty-events-v2-trigger.json"_s);
    const QJsonObject resolve = sample(u"pagerduty-events-v2-resolve.json"_s);
    QTest::newRow("trigger") << json(trigger) << true;
    QTest::newRow("trigger indented") << QJsonDocument(trigger).toJson() << true;
    QTest::newRow("resolve") << json(resolve) << true;
    QTest::newRow("acknowledge") << json(with(resolve, u"event_action"_s, u"acknowledge"_s))
                                 << true;
    QTest::newRow("links, images, a client")
        << json(with(with(with(trigger, u"links"_s,
                               QJsonArray{QJsonObject{{u"href"_s, u"https://a.example/x"_s},
                                                      {u"text"_s, u"Runbook"_s}},
                                          u"not an object"_s}),
                          u"images"_s,
                          QJsonArray{QJsonObject{{u"src"_s, u"https://a.example/i.png"_s},
                                                 {u"alt"_s, u"Graph"_s}}}),
                     u"client_url"_s, u"https://monitor.example/"_s))
        << true;
    QTest::newRow("custom details of every kind, unicode")
        << json(with(with(trigger, u"payload.custom_details"_s,
                          QJsonObject{{u"n"_s, 2.5}, {u"list"_s, QJsonArray{1, u"ü"_s}},
                                      {u"deep"_s, QJsonObject{{u"a"_s, true}}},
                                      {u"text"_s, u"\"😀\"\n"_s}}),
                     u"payload.summary"_s, u"  Ошибка \"p95\"  "_s))
        << true;
    QTest::newRow("a timestamp in seconds")
        << json(with(trigger, u"payload.timestamp"_s, 1715682031.5)) << true;
    QTest::newRow("numbers written as Qt never writes them")
        << QByteArray(json(with(trigger, u"payload.custom_details"_s,
                                QJsonObject{{u"n"_s, u"N"_s}})))
               .replace("\"N\"", "1.50E1")
        << true;
    QTest::newRow("an escaped solidus and a unicode escape")
        << QByteArray(json(with(trigger, u"payload.summary"_s, u"a/b é"_s)))
               .replace("a/b \xc3\xa9", "a\\/b \\u00e9")
        << true;
    QTest::newRow("no routing key") << json(with(trigger, u"routing_key"_s, QJsonValue()))
                                    << false;
    QTest::newRow("a bad severity")
        << json(with(trigger, u"payload.severity"_s, u"fatal"_s)) << false;
    QTest::newRow("a resolve without dedup key")
        << json(with(resolve, u"dedup_key"_s, QJsonValue())) << false;
    QTest::newRow("a routing key twice")
        << "{\"routing_key\":\"x\"," + json(trigger).mid(1) << false;
    QTest::newRow("a lone surrogate")
        << QByteArray(json(with(trigger, u"payload.summary"_s, u"S"_s)))
               .replace("\"S\"", "\"\\ud800\"")
        << false;
}

void TestAlertSources::eventsFastReaderMatchesFullReader()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fast);
    bool taken = false;
    const QString difference = eventsDifference(body, &taken);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(taken, fast);
    if (taken) {
        // The routing key is a secret: never in the raw payload kept as evidence.
        NormalisedPayload quick;
        QString routingKey;
        QVERIFY(PagerDuty::normaliseEventFast(body, Http::MaxJsonDepth, &quick, &routingKey));
        QVERIFY(!quick.alerts.first().rawJson.contains("routing_key"));
        QVERIFY(!quick.alerts.first().rawJson.contains(routingKey.toUtf8()));
    }
    // A trigger without a dedup key: a new one, the rest the same.
    const QJsonObject trigger = sample(u"pagerduty-events-v2-trigger.json"_s);
    QVERIFY(eventsDifference(json(with(trigger, u"dedup_key"_s, QJsonValue())), &taken, true)
                .isEmpty());
    QVERIFY(taken);
}

// The routing key never reaches the evidence, however its name is written: a raw byte order
// mark before it (which Qt's parser drops from the name), or twice.
void TestAlertSources::eventsRoutingKeyIsNeverKept()
{
    const QByteArray key = "R0UT1NGK3Y0000000000000000000000";
    const QByteArray rest = R"("event_action":"trigger","dedup_key":"k-1","payload":)"
                            R"({"summary":"s","source":"h","severity":"error"}})";
    const QByteArray plain = "\"routing_key\":\"" + key + "\",";
    const QByteArray marked = "\"\xef\xbb\xbfrouting_key\":\"" + key + "\",";
    for (const QByteArray &members : {plain, marked, QByteArray(plain + marked)}) {
        const QByteArray body = '{' + members + rest;
        const Normalised full = run(u"pagerduty"_s, body);
        QVERIFY2(full.ok, qPrintable(full.error));
        NormalisedAlert alert = full.payload.alerts.first();
        alert.serialiseAhead();
        QVERIFY2(!alert.rawJson.contains(key), alert.rawJson.constData());
        QVERIFY2(!alert.rawJson.contains("routing_key"), alert.rawJson.constData());
        NormalisedPayload quick;
        QString routingKey;
        if (PagerDuty::normaliseEventFast(body, Http::MaxJsonDepth, &quick, &routingKey)) {
            QVERIFY(!quick.alerts.first().rawJson.contains(key));
        }
    }
}


void TestAlertSources::eventsFastReaderMatchesFullReaderOnMutatedSamples()
{
    QRandomGenerator random(20261206);
    for (const QString &file :
         {u"pagerduty-events-v2-trigger.json"_s, u"pagerduty-events-v2-resolve.json"_s}) {
        int taken = 0;
        for (int round = 0; round < 1500; ++round) {
            QJsonObject body = sample(file);
            for (int n = 1 + int(random.bounded(3)); n > 0; --n) {
                body = mutated(body, random);
            }
            // A new dedup key would differ each way: checked in the test above. (Qt's parser
            // drops a byte order mark that starts a string, so "\ufeff" reads as empty.)
            if (body.value(u"dedup_key"_s).toString().remove(QChar(0xfeff)).isEmpty()) {
                body.insert(u"dedup_key"_s, u"k-1"_s);
            }
            const QByteArray text = round % 2 == 0 ? json(body) : QJsonDocument(body).toJson();
            bool fast = false;
            const QString difference = eventsDifference(text, &fast);
            QVERIFY2(difference.isEmpty(),
                     qPrintable(difference + u" in "_s + QString::fromUtf8(text)));
            taken += fast ? 1 : 0;
        }
        // A resolve has few members: more of its mutations leave an invalid event.
        QVERIFY2(taken > 300, qPrintable(u"%1: %2 taken"_s.arg(file).arg(taken)));
    }
}

// Grafana's evaluated values become one annotation: the same text whichever way the body wrote
// the names (raw UTF-8, \u escapes, a raw byte order mark first), so a repeat is no change.
void TestAlertSources::grafanaValuesReadTheSameHoweverWritten()
{
    const QByteArray body = json(sample(u"grafana-unified.json"_s));
    auto valuesOf = [&body](const QByteArray &values) {
        const Normalised read =
            run(u"grafana"_s, QByteArray(body).replace(R"({"A":91.8,"B":1})", values));
        return read.ok ? read.payload.alerts.first().annotations.value(u"values") : read.error;
    };
    const QString raw = valuesOf("{\"\xef\xbf\xbf\":1,\"\xf0\x9f\x98\x80\":2,\"A\":3}");
    QCOMPARE(raw, u"A=3, \uffff=1, 😀=2"_s);
    QCOMPARE(valuesOf(R"({"\uffff":1,"\ud83d\ude00":2,"A":3})"), raw);
    QCOMPARE(valuesOf("{\"\\uffff\":1,\"\xf0\x9f\x98\x80\":2,\"A\":3}"), raw);
    // A name given twice, once behind a raw byte order mark: one name.
    QVERIFY(!valuesOf("{\"A\":1,\"\xef\xbb\xbf""A\":2}").contains(u", A="_s));
}

QTEST_GUILESS_MAIN(TestAlertSources)
#include "tst_alertsources.moc"
