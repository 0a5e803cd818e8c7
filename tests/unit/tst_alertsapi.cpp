// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Every alert source, the PagerDuty Events API v2, the SNS handshake, signatures, rate limits,
// routes, silences and the noise report against the real firebreak-server binary.
#include "alerts/signatures.h"
#include "events/event.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json().value(u"error"_s).toObject().value(u"code"_s).toString();
    }
};

/// A request with any headers (ServerProcess::request sets only a bearer token).
Reply send(const QUrl &base, const QByteArray &method, const QString &path,
           const QByteArray &body, const Headers &headers = {})
{
    QNetworkAccessManager manager;
    QNetworkRequest request(base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.retryAfter = reply->rawHeader("Retry-After");
    reply->deleteLater();
    return result;
}

Headers bearer(const QString &key)
{
    return {{"Authorization", "Bearer " + key.toUtf8()}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// An Alertmanager webhook of `count` alerts named NAME-0, NAME-1, ...
QByteArray alertmanagerWebhook(const QString &name, int count)
{
    QJsonArray alerts;
    for (int i = 0; i < count; ++i) {
        alerts.append(QJsonObject{
            {u"status"_s, u"firing"_s},
            {u"labels"_s, QJsonObject{{u"alertname"_s, u"%1-%2"_s.arg(name).arg(i)},
                                      {u"severity"_s, u"warning"_s}}},
            {u"startsAt"_s, u"2026-12-05T09:00:00Z"_s},
            {u"fingerprint"_s, u"%1-%2"_s.arg(name).arg(i)}});
    }
    return json({{u"version"_s, u"4"_s},
                 {u"groupKey"_s, name},
                 {u"status"_s, u"firing"_s},
                 {u"receiver"_s, u"firebreak"_s},
                 {u"alerts"_s, alerts}});
}

/// One HTTP/1.1 answer cut from a connection's bytes.
struct RawAnswer
{
    int status = 0;
    QByteArray body;
};

/// Cuts every complete answer (Content-Length framed) off the front of `bytes`.
QList<RawAnswer> takeAnswers(QByteArray *bytes)
{
    QList<RawAnswer> answers;
    for (;;) {
        const qsizetype headEnd = bytes->indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return answers;
        }
        const QByteArray head = bytes->left(headEnd);
        const qsizetype at = head.toLower().indexOf("content-length:");
        const qsizetype lineEnd = head.indexOf('\r', at);
        const qsizetype length
            = head.mid(at + 15, lineEnd < 0 ? -1 : lineEnd - at - 15).trimmed().toLongLong();
        if (at < 0 || bytes->size() < headEnd + 4 + length) {
            return answers;
        }
        answers.append({head.mid(9, 3).toInt(), bytes->mid(headEnd + 4, length)});
        bytes->remove(0, headEnd + 4 + length);
    }
}

/// Answers every request with 200 and counts them: the SNS confirmation endpoint.
class SnsReceiver : public QObject
{
public:
    SnsReceiver()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket]() {
                m_last += socket->readAll();
                if (m_last.contains("\r\n\r\n")) {
                    ++m_requests;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close"
                                  "\r\n\r\nok");
                    socket->disconnectFromHost();
                }
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int requests() const { return m_requests; }
    QByteArray last() const { return m_last; }

private:
    QTcpServer m_server;
    QByteArray m_last;
    int m_requests = 0;
};

} // namespace

class TestAlertsApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everySource_data();
    void everySource();
    void formEncodedDatadog();
    void jsonLabelledAFormIsReadAsJson();
    void invalidJsonIsAClearError();
    void keyOfAnotherSource();
    void eventsApiV2();
    void eventsApiV2Errors_data();
    void eventsApiV2Errors();
    void retriesNeverDuplicate();
    void signatures();
    void rateLimit();
    void keyUsableOnceCreated();
    void rotatedKeyIsRefusedOnceAnswered();
    void refusalsInterleavedWithAcceptances();
    void snsHandshake();
    void snsRefusesHostsOffTheAllowList();
    void routesThroughRest();
    void silencesThroughCommands();
    void integrationSettingsAndMapping();
    void noiseReport();
    void timelinePagesAfterRestart();
    void noSecretsInLogs();

private:
    QString integration(const QString &source, const QJsonObject &config = {},
                        QString *id = nullptr);
    Reply post(const QString &source, const QByteArray &body, const QString &key,
               const Headers &extra = {});
    QJsonObject alertByKey(const QString &dedupKey);

    ServerProcess m_server;
    SnsReceiver m_receiver;
    QHash<QString, QString> m_keys;
    int m_created = 0;
};

void TestAlertsApi::initTestCase()
{
    QVERIFY2(m_server.start({u"--sns-confirmation-url"_s, u"http://127.0.0.1:*"_s}),
             qPrintable(m_server.standardError()));
    for (const QString &source : {u"alertmanager"_s, u"grafana"_s, u"datadog"_s, u"newrelic"_s,
                                  u"pagerduty"_s, u"opsgenie"_s, u"sentry"_s, u"cloudwatch"_s,
                                  u"generic"_s}) {
        m_keys.insert(source, integration(source));
        QVERIFY(!m_keys.value(source).isEmpty());
    }
}

void TestAlertsApi::cleanupTestCase()
{
    m_server.stop();
}

QString TestAlertsApi::integration(const QString &source, const QJsonObject &config, QString *id)
{
    QJsonObject body{{u"source"_s, source},
                     {u"name"_s, QString(source + u"-"_s + QString::number(++m_created))}};
    if (!config.isEmpty()) {
        body.insert(u"config"_s, config);
    }
    const auto reply = m_server.request("POST", u"/api/v1/integrations"_s, json(body),
                                        m_server.adminToken());
    if (id) {
        *id = reply.json().value(u"id"_s).toString();
    }
    return reply.status == 201 ? reply.json().value(u"key"_s).toString() : QString();
}

Reply TestAlertsApi::post(const QString &source, const QByteArray &body, const QString &key,
                          const Headers &extra)
{
    return send(m_server.url(), "POST", u"/api/v1/alerts/"_s + source, body,
                bearer(key) + extra);
}

QJsonObject TestAlertsApi::alertByKey(const QString &dedupKey)
{
    const auto page = m_server.request("GET", u"/api/v1/alerts?limit=1000"_s, {},
                                       m_server.adminToken());
    for (const QJsonValue &alert : page.json().value(u"alerts"_s).toArray()) {
        if (alert.toObject().value(u"dedupKey"_s).toString() == dedupKey) {
            return alert.toObject();
        }
    }
    return {};
}

void TestAlertsApi::everySource_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<QString>("dedupKey");
    QTest::addColumn<QString>("severity");

    QTest::newRow("alertmanager") << u"alertmanager"_s << u"alertmanager-firing.json"_s
                                  << QByteArray() << QByteArray() << QString() << QString();
    QTest::newRow("grafana") << u"grafana"_s << u"grafana-unified.json"_s << QByteArray()
                             << QByteArray() << u"d41d8cd98f00b204"_s << u"P3"_s;
    QTest::newRow("datadog") << u"datadog"_s << u"datadog-webhook-extended.json"_s << QByteArray()
                             << QByteArray() << u"cycle-7481925503716254890"_s << u"P2"_s;
    QTest::newRow("new relic") << u"newrelic"_s << u"newrelic-workflow.json"_s << QByteArray()
                               << QByteArray() << u"0f3c2a1e-7b6d-4c5e-9a8b-1c2d3e4f5a6b"_s
                               << u"P1"_s;
    QTest::newRow("pagerduty") << u"pagerduty"_s << u"pagerduty-v3-incident-triggered.json"_s
                               << "X-Webhook-Id"_ba << "wh-every-source"_ba << u"PINC001"_s
                               << u"P1"_s;
    QTest::newRow("opsgenie") << u"opsgenie"_s << u"opsgenie-create.json"_s << QByteArray()
                              << QByteArray() << u"checkout-api-5xx"_s << u"P3"_s;
    QTest::newRow("sentry") << u"sentry"_s << u"sentry-issue-alert.json"_s
                            << "Sentry-Hook-Resource"_ba << "event_alert"_ba
                            << u"issue-4412345678"_s << u"P2"_s;
    QTest::newRow("cloudwatch") << u"cloudwatch"_s << u"cloudwatch-sns.json"_s
                                << "x-amz-sns-message-type"_ba << "Notification"_ba
                                << u"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:"
                                   "checkout-alb-5xx-high"_s
                                << u"P2"_s;
    QTest::newRow("generic") << u"generic"_s << u"generic-json.json"_s << QByteArray()
                             << QByteArray() << u"backup-nightly/db-03"_s << u"P2"_s;
}

void TestAlertsApi::everySource()
{
    QFETCH(QString, source);
    QFETCH(QString, file);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(QString, dedupKey);
    QFETCH(QString, severity);

    Headers headers;
    if (!headerName.isEmpty()) {
        headers.append(QPair<QByteArray, QByteArray>(headerName, headerValue));
    }
    if (source == u"cloudwatch") {
        headers.append(QPair<QByteArray, QByteArray>("Content-Type", "text/plain"));
    }
    const QByteArray body = testData(u"alerts/"_s + file);
    const Reply reply = post(source, body, m_keys.value(source), headers);
    QCOMPARE(reply.status, 202);
    QVERIFY(reply.json().value(u"accepted"_s).toInt() >= 1);
    if (dedupKey.isEmpty()) {
        return;
    }
    const QJsonObject alert = alertByKey(dedupKey);
    QCOMPARE(alert.value(u"source"_s).toString(), source);
    QCOMPARE(alert.value(u"severity"_s).toString(), severity);
    QCOMPARE(alert.value(u"status"_s).toString(), u"firing"_s);
    QVERIFY(!alert.value(u"incident"_s).toString().isEmpty());
    QVERIFY(alert.value(u"receivedAt"_s).toString().endsWith(u'Z'));

    // The raw payload is kept as evidence.
    const auto detail = m_server.request("GET", u"/api/v1/alerts/"_s
                                                    + alert.value(u"id"_s).toString(),
                                         {}, m_server.adminToken());
    QCOMPARE(detail.status, 200);
    QVERIFY(detail.json().value(u"raw"_s).isObject());
    QVERIFY(!detail.json().value(u"raw"_s).toObject().isEmpty());
}

void TestAlertsApi::formEncodedDatadog()
{
    const QByteArray form = "title=%5BTriggered%5D+Queue+depth+high&id=form-1&alert_id=99"
                            "&alert_priority=P1&tags=service%3Aqueue%2Cenv%3Aprod";
    const Reply reply = post(u"datadog"_s, form, m_keys.value(u"datadog"_s),
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(reply.status, 202);
    const QJsonObject alert = alertByKey(u"monitor-99"_s);
    QCOMPARE(alert.value(u"title"_s).toString(), u"Queue depth high"_s);
    QCOMPARE(alert.value(u"severity"_s).toString(), u"P1"_s);
    QCOMPARE(alert.value(u"service"_s).toString(), u"queue"_s);

    // Escapes that decode to no UTF-8 are refused as a JSON body's bytes are, naming the field.
    const Reply invalidJson = post(u"datadog"_s, "{\"title\":\"\xff\xfe\",\"alert_id\":\"98\"}",
                                   m_keys.value(u"datadog"_s));
    QCOMPARE(invalidJson.status, 400);
    const Reply refused = post(u"datadog"_s, "id=form-2&alert_id=98&title=Queue+%FF%FEhigh",
                               m_keys.value(u"datadog"_s),
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.errorCode(), invalidJson.errorCode());
    const QJsonObject error = refused.json().value(u"error"_s).toObject();
    QCOMPARE(error.keys(), invalidJson.json().value(u"error"_s).toObject().keys());
    QVERIFY2(error.value(u"message"_s).toString().contains(u"\"title\""_s),
             refused.body.constData());
    QVERIFY(alertByKey(u"monitor-98"_s).isEmpty());

    // A '%' without two hex digits after it is itself (as the URL standard decodes forms).
    const QList<std::pair<QByteArray, QString>> percents{
        {"50%off", u"50%off"_s}, {"a%4gb", u"a%4gb"_s}, {"%%41", u"%A"_s},
        {"a%+b", u"a% b"_s},     {"end%", u"end%"_s},   {"x%4", u"x%4"_s},
        {"%e2%82%ac", u"€"_s}};
    int id = 90;
    for (const auto &[title, expected] : percents) {
        const QByteArray body = "id=form-" + QByteArray::number(id) + "&alert_id="
            + QByteArray::number(id) + "&title=" + title;
        const Reply sent = post(u"datadog"_s, body, m_keys.value(u"datadog"_s),
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(sent.status, 202);
        QCOMPARE(alertByKey(u"monitor-%1"_s.arg(id)).value(u"title"_s).toString(), expected);
        ++id;
    }
}

// `curl -d` sends JSON labelled a form: read as a form it was one field, and Alertmanager's
// webhook was refused for a missing version. Text that opens a JSON object is read as JSON;
// real forms are unchanged (formEncodedDatadog).
void TestAlertsApi::jsonLabelledAFormIsReadAsJson()
{
    const Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
    const Reply webhook = post(u"alertmanager"_s, alertmanagerWebhook(u"curl-d"_s, 2),
                               m_keys.value(u"alertmanager"_s), form);
    QCOMPARE(webhook.status, 202);
    QCOMPARE(webhook.json().value(u"accepted"_s).toInt(), 2);
    QCOMPARE(alertByKey(u"curl-d-1"_s).value(u"title"_s).toString(), u"curl-d-1"_s);
    const Reply datadog = post(u"datadog"_s, "\n {\"id\":\"json-form-1\",\"alert_id\":\"77\","
                               "\"title\":\"Disk queue\"}",
                               m_keys.value(u"datadog"_s), form);
    QCOMPARE(datadog.status, 202);
    QCOMPARE(alertByKey(u"monitor-77"_s).value(u"title"_s).toString(), u"Disk queue"_s);
    // Broken JSON so labelled is a JSON error, not a form's.
    const Reply broken = post(u"alertmanager"_s, "{\"version\": \"4\",",
                              m_keys.value(u"alertmanager"_s), form);
    QCOMPARE(broken.status, 400);
    QVERIFY2(broken.body.contains("JSON"), broken.body.constData());
}

void TestAlertsApi::invalidJsonIsAClearError()
{
    // New Relic's default template leaves a missing value empty: "createdAt": ,
    const QByteArray broken = R"({"id":"x","title":"t","createdAt": ,"state":"ACTIVATED"})";
    const Reply reply = post(u"newrelic"_s, broken, m_keys.value(u"newrelic"_s));
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.errorCode(), u"bad_request"_s);
    QVERIFY(reply.json().value(u"error"_s).toObject().value(u"message"_s).toString()
                .contains(u"offset"_s));
    const Reply missing = post(u"opsgenie"_s, R"({"action":"Create","alert":{}})",
                               m_keys.value(u"opsgenie"_s));
    QCOMPARE(missing.status, 400);
    QVERIFY(missing.body.contains("alias"));
}

void TestAlertsApi::keyOfAnotherSource()
{
    const Reply reply = post(u"grafana"_s, testData(u"alerts/grafana-unified.json"_s),
                             m_keys.value(u"datadog"_s));
    QCOMPARE(reply.status, 403);
    QCOMPARE(reply.errorCode(), u"forbidden"_s);
    QCOMPARE(post(u"carrierpigeon"_s, "{}", m_keys.value(u"datadog"_s)).status, 404);
}

void TestAlertsApi::eventsApiV2()
{
    QJsonObject trigger = QJsonDocument::fromJson(
                              testData(u"alerts/pagerduty-events-v2-trigger.json"_s))
                              .object();
    trigger.insert(u"routing_key"_s, m_keys.value(u"pagerduty"_s));
    trigger.insert(u"dedup_key"_s, u"enqueue-1"_s);
    Reply reply = send(m_server.url(), "POST", u"/v2/enqueue"_s, json(trigger));
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"success"_s);
    QCOMPARE(reply.json().value(u"message"_s).toString(), u"Event processed"_s);
    QCOMPARE(reply.json().value(u"dedup_key"_s).toString(), u"enqueue-1"_s);
    QCOMPARE(alertByKey(u"enqueue-1"_s).value(u"status"_s).toString(), u"firing"_s);

    const QJsonObject acknowledge{{u"routing_key"_s, m_keys.value(u"pagerduty"_s)},
                                  {u"event_action"_s, u"acknowledge"_s},
                                  {u"dedup_key"_s, u"enqueue-1"_s}};
    QCOMPARE(send(m_server.url(), "POST", u"/v2/enqueue"_s, json(acknowledge)).status, 202);
    QCOMPARE(alertByKey(u"enqueue-1"_s).value(u"status"_s).toString(), u"acknowledged"_s);
    QJsonObject resolve = acknowledge;
    resolve.insert(u"event_action"_s, u"resolve"_s);
    QCOMPARE(send(m_server.url(), "POST", u"/v2/enqueue"_s, json(resolve)).status, 202);
    QCOMPARE(alertByKey(u"enqueue-1"_s).value(u"status"_s).toString(), u"resolved"_s);

    // Without a dedup_key PagerDuty makes one and answers with it.
    trigger.remove(u"dedup_key"_s);
    reply = send(m_server.url(), "POST", u"/v2/enqueue"_s, json(trigger));
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"dedup_key"_s).toString().size(), 36);
}

void TestAlertsApi::eventsApiV2Errors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << "{{"_ba << u"JSON object"_s;
    QTest::newRow("no routing key") << R"({"event_action":"trigger"})"_ba << u"routing_key"_s;
    QTest::newRow("unknown routing key")
        << R"({"routing_key":"fbk_unknown","event_action":"trigger"})"_ba << u"routing_key"_s;
    QTest::newRow("bad action") << R"({"routing_key":"<key>","event_action":"panic"})"_ba
                                << u"event_action"_s;
    QTest::newRow("trigger without summary")
        << R"({"routing_key":"<key>","event_action":"trigger",
              "payload":{"source":"h","severity":"info"}})"_ba
        << u"payload.summary"_s;
    QTest::newRow("key of another source")
        << R"({"routing_key":"<generic>","event_action":"resolve","dedup_key":"x"})"_ba
        << u"routing_key"_s;
}

void TestAlertsApi::eventsApiV2Errors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    body.replace("<key>", m_keys.value(u"pagerduty"_s).toUtf8());
    body.replace("<generic>", m_keys.value(u"generic"_s).toUtf8());
    const Reply reply = send(m_server.url(), "POST", u"/v2/enqueue"_s, body);
    QCOMPARE(reply.status, 400);
    const QJsonObject answer = reply.json();
    QCOMPARE(answer.value(u"status"_s).toString(), u"invalid event"_s);
    QCOMPARE(answer.value(u"message"_s).toString(), u"Event object is invalid"_s);
    const QJsonArray errors = answer.value(u"errors"_s).toArray();
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().toString().contains(mentions), qPrintable(errors.first().toString()));
}

void TestAlertsApi::retriesNeverDuplicate()
{
    // PagerDuty: the same X-Webhook-Id after the incident resolved changes nothing.
    QJsonObject triggered = QJsonDocument::fromJson(
                                testData(u"alerts/pagerduty-v3-incident-triggered.json"_s))
                                .object();
    QJsonObject event = triggered.value(u"event"_s).toObject();
    QJsonObject data = event.value(u"data"_s).toObject();
    data.insert(u"id"_s, u"PRETRY1"_s);
    event.insert(u"data"_s, data);
    triggered.insert(u"event"_s, event);
    const QString key = m_keys.value(u"pagerduty"_s);
    QCOMPARE(post(u"pagerduty"_s, json(triggered), key, {{"X-Webhook-Id", "retry-a"}}).status, 202);
    event.insert(u"event_type"_s, u"incident.resolved"_s);
    event.insert(u"occurred_at"_s, u"2024-05-14T10:30:00Z"_s);
    QJsonObject resolved = triggered;
    resolved.insert(u"event"_s, event);
    QCOMPARE(post(u"pagerduty"_s, json(resolved), key, {{"X-Webhook-Id", "retry-b"}}).status, 202);
    const Reply retry = post(u"pagerduty"_s, json(triggered), key, {{"X-Webhook-Id", "retry-a"}});
    QCOMPARE(retry.status, 202);
    QVERIFY(retry.json().value(u"duplicate"_s).toBool());
    QCOMPARE(alertByKey(u"PRETRY1"_s).value(u"status"_s).toString(), u"resolved"_s);

    // SNS reuses its MessageId on retries.
    const QByteArray notification = testData(u"alerts/cloudwatch-sns.json"_s);
    const QString cloudwatch = m_keys.value(u"cloudwatch"_s);
    post(u"cloudwatch"_s, notification, cloudwatch);
    QVERIFY(post(u"cloudwatch"_s, notification, cloudwatch).json().value(u"duplicate"_s).toBool());
}

void TestAlertsApi::signatures()
{
    const QJsonObject signing{{u"signing"_s,
                               QJsonObject{{u"secrets"_s,
                                            QJsonArray{u"pd-secret-new"_s, u"pd-secret-old"_s}}}}};
    const QString pagerDuty = integration(u"pagerduty"_s, signing);
    QVERIFY(!pagerDuty.isEmpty());
    const QByteArray body = testData(u"alerts/pagerduty-v3-incident-triggered.json"_s);
    Reply reply = post(u"pagerduty"_s, body, pagerDuty);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.errorCode(), u"unauthorized"_s);
    const QByteArray good = "v1=" + Signatures::hmacSha256Hex("pd-secret-old", body);
    const QByteArray bad = "v1=" + Signatures::hmacSha256Hex("someone-else", body);
    QCOMPARE(post(u"pagerduty"_s, body, pagerDuty, {{"X-PagerDuty-Signature", bad}}).status, 401);
    QCOMPARE(post(u"pagerduty"_s, body, pagerDuty,
                  {{"X-PagerDuty-Signature", bad + "," + good}, {"X-Webhook-Id", "signed-1"}})
                 .status,
             202);
    // The body is checked as sent: one changed byte and the signature fails.
    QByteArray altered = body;
    altered.replace("PINC001", "PINC002");
    QCOMPARE(post(u"pagerduty"_s, altered, pagerDuty, {{"X-PagerDuty-Signature", good}}).status,
             401);

    const QJsonObject sentrySigning{
        {u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{u"sentry-client"_s}}}}};
    const QString sentry = integration(u"sentry"_s, sentrySigning);
    const QByteArray issue = testData(u"alerts/sentry-issue-alert.json"_s);
    QCOMPARE(post(u"sentry"_s, issue, sentry,
                  {{"Sentry-Hook-Resource", "event_alert"},
                   {"Sentry-Hook-Signature", Signatures::hmacSha256Hex("sentry-client", issue)}})
                 .status,
             202);
    QCOMPARE(post(u"sentry"_s, issue, sentry, {{"Sentry-Hook-Resource", "event_alert"}}).status,
             401);

    const QJsonObject genericSigning{
        {u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{u"generic-hmac"_s}}}}};
    const QString generic = integration(u"generic"_s, genericSigning);
    const QByteArray alert = testData(u"alerts/generic-json.json"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(post(u"generic"_s, alert, generic,
                  Signatures::genericHeaders("generic-hmac", alert, now))
                 .status,
             202);
    QCOMPARE(post(u"generic"_s, alert, generic,
                  Signatures::genericHeaders("generic-hmac", alert, now - 3600 * 1000))
                 .status,
             401);

    // The secrets are never shown back.
    const auto list = m_server.request("GET", u"/api/v1/integrations"_s, {}, m_server.adminToken());
    QVERIFY(!list.body.contains("pd-secret"));
    QVERIFY(list.body.contains("\"secrets\":2"));
}

void TestAlertsApi::rateLimit()
{
    const QString key = integration(
        u"generic"_s, {{u"rateLimit"_s, QJsonObject{{u"requests"_s, 2}, {u"perSeconds"_s, 60}}}});
    const QByteArray body = R"({"title":"rate limited"})";
    QCOMPARE(post(u"generic"_s, body, key).status, 202);
    QCOMPARE(post(u"generic"_s, body, key).status, 202);
    const Reply refused = post(u"generic"_s, body, key);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), u"rate_limited"_s);
    QVERIFY(refused.retryAfter.toInt() >= 1);
    // Other integrations are not affected.
    QCOMPARE(post(u"generic"_s, body, m_keys.value(u"generic"_s)).status, 202);
}

// A leaked key is replaced: from the rotation's answer on, the old key is refused and the new
// one works, for the same integration (its alerts keep their integration id).
void TestAlertsApi::rotatedKeyIsRefusedOnceAnswered()
{
    for (int round = 0; round < 10; ++round) {
        QString id;
        const QString oldKey = integration(u"generic"_s, {}, &id);
        QVERIFY(!oldKey.isEmpty());
        QCOMPARE(post(u"generic"_s, R"({"title":"before rotation"})", oldKey).status, 202);

        const auto rotated = m_server.request(
            "POST", u"/api/v1/integrations/%1/rotate-key"_s.arg(id), "{}", m_server.adminToken());
        QVERIFY2(rotated.status == 200, rotated.body.constData());
        const QString newKey = rotated.json().value(u"key"_s).toString();
        QVERIFY(newKey.startsWith(u"fbk_"_s));
        QVERIFY(newKey != oldKey);
        QCOMPARE(rotated.json().value(u"id"_s).toString(), id);
        QCOMPARE(rotated.json().value(u"source"_s).toString(), u"generic"_s);

        const Reply refused = post(u"generic"_s, R"({"title":"old key"})", oldKey);
        QVERIFY2(refused.status == 401, refused.body.constData());
        QCOMPARE(refused.errorCode(), u"unauthorized"_s);
        const QString title = u"after rotation %1"_s.arg(round);
        const Reply accepted = post(
            u"generic"_s,
            QJsonDocument(QJsonObject{{u"title"_s, title}}).toJson(QJsonDocument::Compact),
            newKey);
        QVERIFY2(accepted.status == 202, accepted.body.constData());
        const auto alerts = m_server.request("GET", u"/api/v1/alerts?limit=1000"_s, {},
                                             m_server.adminToken());
        QStringList integrations;
        for (const QJsonValue &alert : alerts.json().value(u"alerts"_s).toArray()) {
            if (alert[u"title"_s].toString() == title) {
                integrations.append(alert[u"integration"_s].toString());
            }
        }
        QCOMPARE(integrations, QStringList{id});
    }

    // Unknown integrations, and callers who may not manage integrations, change nothing.
    const auto unknown = m_server.request("POST", u"/api/v1/integrations/nope/rotate-key"_s, "{}",
                                          m_server.adminToken());
    QCOMPARE(unknown.status, 404);
    const auto anonymous
        = m_server.request("POST", u"/api/v1/integrations/nope/rotate-key"_s, "{}", QString());
    QCOMPARE(anonymous.status, 401);
}

void TestAlertsApi::keyUsableOnceCreated()
{
    // The I/O threads check keys against a snapshot the server publishes after each commit:
    // it must be current by the time the creation (or change) is answered.
    for (int round = 0; round < 20; ++round) {
        QString id;
        const QString key = integration(u"generic"_s, {}, &id);
        QVERIFY(!key.isEmpty());
        const Reply accepted = post(u"generic"_s, R"({"title":"fresh key"})", key);
        QVERIFY2(accepted.status == 202, accepted.body.constData());

        const auto limited = m_server.request(
            "PATCH", u"/api/v1/integrations/"_s + id,
            R"({"config":{"rateLimit":{"requests":1,"perSeconds":3600}}})",
            m_server.adminToken());
        QCOMPARE(limited.status, 200);
        QCOMPARE(post(u"generic"_s, R"({"title":"limited"})", key).status, 202);
        QCOMPARE(post(u"generic"_s, R"({"title":"limited"})", key).status, 429);

        const auto token = m_server.request("POST", u"/api/v1/tokens"_s,
                                            R"({"name":"not a key"})", m_server.adminToken());
        QCOMPARE(token.status, 201);
        const Reply refused = post(u"generic"_s, R"({"title":"token"})",
                                   token.json().value(u"token"_s).toString());
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"an API token is not an integration key"_s);
    }
}

void TestAlertsApi::refusalsInterleavedWithAcceptances()
{
    // Many connections, each pipelining acceptances and refusals of every kind: refusals are
    // answered on the I/O thread at once while acceptances wait for their commit, yet each
    // connection's answers come back in request order, and exactly the accepted is stored.
    constexpr int connections = 32;
    constexpr int perConnection = 12;
    constexpr int limit = 10;
    QString openId;
    QString limitedId;
    const QString open = integration(u"alertmanager"_s, {}, &openId);
    const QString limited = integration(
        u"alertmanager"_s,
        {{u"rateLimit"_s, QJsonObject{{u"requests"_s, limit}, {u"perSeconds"_s, 3600}}}},
        &limitedId);
    QVERIFY(!open.isEmpty() && !limited.isEmpty());

    enum Kind { Accepted, WrongKey, ApiToken, Limited, OtherSource, BadJson, Kinds };
    auto kindOf = [](int connection, int request) { return Kind((connection + request) % Kinds); };
    auto alertsIn = [](int request) { return request % 3 + 1; };
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int c = 0; c < connections; ++c) {
        QByteArray requests;
        for (int r = 0; r < perConnection; ++r) {
            const Kind kind = kindOf(c, r);
            const QString name = u"interleaved-%1-%2"_s.arg(c).arg(r);
            const QString key = kind == WrongKey  ? u"fbk_not_a_key"_s
                : kind == ApiToken                ? m_server.adminToken()
                : kind == Limited                 ? limited
                : kind == OtherSource             ? m_keys.value(u"generic"_s)
                                                  : open;
            const QByteArray body = kind == BadJson ? "{\"alerts\": ["_ba
                                                    : alertmanagerWebhook(name,
                                                                          kind == Limited
                                                                              ? 1
                                                                              : alertsIn(r));
            requests += "POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\n"
                        "Content-Type: application/json\r\nAuthorization: Bearer "
                + key.toUtf8() + "\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n\r\n" + body;
        }
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(u"127.0.0.1"_s, m_server.port());
        QVERIFY(socket->waitForConnected(5000));
        socket->write(requests);
        sockets.push_back(std::move(socket));
    }

    std::vector<QByteArray> received(connections);
    std::vector<QList<RawAnswer>> answers(connections);
    auto allAnswered = [&]() {
        for (int c = 0; c < connections; ++c) {
            received[c] += sockets[c]->readAll();
            answers[c] += takeAnswers(&received[c]);
            if (answers[c].size() < perConnection) {
                return false;
            }
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allAnswered(), 60000);

    int stored = 0;
    int limitedAccepted = 0;
    for (int c = 0; c < connections; ++c) {
        QCOMPARE(answers[c].size(), perConnection);
        for (int r = 0; r < perConnection; ++r) {
            const RawAnswer &answer = answers[c].at(r);
            const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
            const QString code = body.value(u"error"_s).toObject().value(u"code"_s).toString();
            const QByteArray where = answer.body + " (connection " + QByteArray::number(c)
                + ", request " + QByteArray::number(r) + ")";
            switch (kindOf(c, r)) {
            case Accepted:
                QVERIFY2(answer.status == 202, where.constData());
                QCOMPARE(body.value(u"accepted"_s).toInt(), alertsIn(r));
                stored += alertsIn(r);
                break;
            case WrongKey:
                QVERIFY2(answer.status == 401 && code == u"unauthorized", where.constData());
                break;
            case ApiToken:
            case OtherSource:
                QVERIFY2(answer.status == 403 && code == u"forbidden", where.constData());
                break;
            case Limited:
                QVERIFY2((answer.status == 202 && body.value(u"accepted"_s).toInt() == 1)
                             || (answer.status == 429 && code == u"rate_limited"),
                         where.constData());
                limitedAccepted += answer.status == 202 ? 1 : 0;
                break;
            case BadJson:
                QVERIFY2(answer.status == 400 && code == u"bad_request", where.constData());
                break;
            case Kinds:
                break;
            }
        }
    }
    // The bucket refills one request in six minutes: far longer than this test.
    QCOMPARE(limitedAccepted, limit);

    auto storedFor = [this](const QString &integrationId) {
        int count = 0;
        QString cursor;
        do {
            const auto page = m_server.request(
                "GET", u"/api/v1/alerts?limit=1000&integration=%1&cursor=%2"_s.arg(
                           integrationId, cursor),
                {}, m_server.adminToken());
            count += int(page.json().value(u"alerts"_s).toArray().size());
            cursor = page.json().value(u"next"_s).toString();
        } while (!cursor.isEmpty());
        return count;
    };
    QCOMPARE(storedFor(openId), stored);
    QCOMPARE(storedFor(limitedId), limit);
}

void TestAlertsApi::snsHandshake()
{
    QString id;
    const QString key = integration(u"cloudwatch"_s, {}, &id);
    QJsonObject confirmation
        = QJsonDocument::fromJson(
              testData(u"alerts/cloudwatch-sns-subscription-confirmation.json"_s))
              .object();
    const QString topic = confirmation.value(u"TopicArn"_s).toString();
    QUrl url(u"http://127.0.0.1:%1/"_s.arg(m_receiver.port()));
    QUrlQuery query;
    query.addQueryItem(u"Action"_s, u"ConfirmSubscription"_s);
    query.addQueryItem(u"TopicArn"_s, topic);
    query.addQueryItem(u"Token"_s, u"sns-token"_s);
    url.setQuery(query);
    confirmation.insert(u"SubscribeURL"_s, url.toString());

    // SNS sends no bearer token: the key travels in the endpoint URL.
    const Reply reply = send(m_server.url(), "POST", u"/api/v1/alerts/cloudwatch?key="_s + key,
                             json(confirmation),
                             {{"x-amz-sns-message-type", "SubscriptionConfirmation"},
                              {"Content-Type", "text/plain; charset=UTF-8"}});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json().value(u"confirmed"_s).toBool());
    QCOMPARE(m_receiver.requests(), 1);
    QVERIFY(m_receiver.last().startsWith("GET /?Action=ConfirmSubscription"));

    const auto list = m_server.request("GET", u"/api/v1/integrations"_s, {}, m_server.adminToken());
    bool subscribed = false;
    for (const QJsonValue &entry : list.json().value(u"integrations"_s).toArray()) {
        subscribed |= entry.toObject().value(u"id"_s).toString() == id
            && entry.toObject().value(u"subscribedTopic"_s).toString() == topic;
    }
    QVERIFY(subscribed);
}

void TestAlertsApi::snsRefusesHostsOffTheAllowList()
{
    const int before = m_receiver.requests();
    QJsonObject confirmation
        = QJsonDocument::fromJson(
              testData(u"alerts/cloudwatch-sns-subscription-confirmation.json"_s))
              .object();
    for (const QString &target : {u"http://localhost:%1/?Action=ConfirmSubscription"_s,
                                  u"https://sns.eu-west-1.amazonaws.com.evil.example:%1/"_s,
                                  u"http://169.254.169.254:%1/latest/meta-data/"_s}) {
        confirmation.insert(u"SubscribeURL"_s, target.arg(m_receiver.port()));
        const Reply reply = post(u"cloudwatch"_s, json(confirmation),
                                 m_keys.value(u"cloudwatch"_s));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.body.contains("allow-list") || reply.body.contains("ConfirmSubscription"));
    }
    QCOMPARE(m_receiver.requests(), before);
}

void TestAlertsApi::routesThroughRest()
{
    const QString token = m_server.adminToken();
    const QJsonObject route{
        {u"name"_s, u"storage pages dba"_s},
        {u"matchers"_s,
         QJsonArray{QJsonObject{{u"label"_s, u"team"_s}, {u"value"_s, u"storage"_s}}}},
        {u"set"_s, QJsonObject{{u"team"_s, u"dba"_s}, {u"severity"_s, u"P1"_s}}},
        {u"groupBy"_s, QJsonArray{u"alertname"_s}}};
    auto created = m_server.request("POST", u"/api/v1/routes"_s, json(route), token);
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(u"route"_s).toObject().value(u"id"_s).toString();
    QCOMPARE(id.size(), 36);
    QCOMPARE(created.json().value(u"events"_s).toArray().first().toObject().value(u"type"_s)
                 .toString(),
             u"route.created"_s);

    // The dry run shows what a draft would change, without saving it.
    const QJsonObject draft{{u"routes"_s, QJsonArray{QJsonObject{{u"name"_s, u"everything"_s},
                                                                 {u"suppress"_s, true}}}},
                            {u"limit"_s, 5}};
    const auto dryRun = m_server.request("POST", u"/api/v1/routes/dry-run"_s, json(draft), token);
    QCOMPARE(dryRun.status, 200);
    QVERIFY(dryRun.json().value(u"alerts"_s).toArray().size() <= 5);
    QCOMPARE(dryRun.json().value(u"summary"_s).toObject().value(u"suppressed"_s).toInt(),
             dryRun.json().value(u"alerts"_s).toArray().size());
    // Wrong types are refused, not read as the default (limit) or as no routes at all.
    for (const QByteArray &bad : {R"({"limit": 1.5})"_ba, R"({"limit": "5"})"_ba,
                                  R"({"limit": null})"_ba, R"({"limit": 1e10})"_ba,
                                  R"({"routes": "x"})"_ba, R"({"routes": {}})"_ba,
                                  R"({"routes": null})"_ba}) {
        const auto refused = m_server.request("POST", u"/api/v1/routes/dry-run"_s, bad, token);
        QVERIFY2(refused.status == 400, bad.constData());
        QCOMPARE(refused.json()[u"error"_s][u"code"_s].toString(), u"bad_request"_s);
    }
    QCOMPARE(m_server.request("POST", u"/api/v1/routes/dry-run"_s, R"({"limit": 7})", token)
                 .status,
             200);

    // Grafana's sample carries team=storage: routed, raised to P1.
    QJsonObject grafana = QJsonDocument::fromJson(testData(u"alerts/grafana-unified.json"_s))
                              .object();
    QJsonArray alerts = grafana.value(u"alerts"_s).toArray();
    QJsonObject first = alerts.first().toObject();
    first.insert(u"fingerprint"_s, u"routed-1"_s);
    grafana.insert(u"alerts"_s, QJsonArray{first});
    QCOMPARE(post(u"grafana"_s, json(grafana), m_keys.value(u"grafana"_s)).status, 202);
    const QJsonObject routed = alertByKey(u"routed-1"_s);
    QCOMPARE(routed.value(u"route"_s).toString(), id);
    QCOMPARE(routed.value(u"team"_s).toString(), u"dba"_s);
    QCOMPARE(routed.value(u"severity"_s).toString(), u"P1"_s);

    auto updated = m_server.request("PATCH", u"/api/v1/routes/"_s + id,
                                    R"({"enabled":false})", token);
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.json().value(u"route"_s).toObject().value(u"enabled"_s).toBool(), false);
    QCOMPARE(m_server.request("GET", u"/api/v1/routes"_s, {}, token)
                 .json().value(u"routes"_s).toArray().size(),
             1);
    QCOMPARE(m_server.request("DELETE", u"/api/v1/routes/"_s + id, {}, token).status, 200);
    QCOMPARE(m_server.request("GET", u"/api/v1/routes/"_s + id, {}, token).status, 404);
    const auto invalid = m_server.request("POST", u"/api/v1/routes"_s, R"({"name":""})", token);
    QCOMPARE(invalid.status, 400);
    QCOMPARE(m_server.request("POST", u"/api/v1/routes"_s, json(route)).status, 401);
}

void TestAlertsApi::silencesThroughCommands()
{
    const QString token = m_server.adminToken();
    const QJsonObject command{
        {u"type"_s, u"silence.create"_s},
        {u"silence"_s, QJsonObject{{u"kind"_s, u"maintenance"_s},
                                   {u"matchers"_s, QJsonArray{QJsonObject{
                                                       {u"label"_s, u"env"_s},
                                                       {u"value"_s, u"maintenance-test"_s}}}},
                                   {u"endsAt"_s, isoFromMs(QDateTime::currentMSecsSinceEpoch()
                                                           + 3600 * 1000)},
                                   {u"comment"_s, u"database upgrade"_s}}}};
    const auto answer = m_server.request("POST", u"/api/v1/commands"_s, json(command), token);
    QCOMPARE(answer.status, 200);
    const QJsonObject event = answer.json().value(u"events"_s).toArray().first().toObject();
    QCOMPARE(event.value(u"type"_s).toString(), u"silence.created"_s);
    QCOMPARE(event.value(u"actor"_s).toString(), u"user:admin"_s);
    // The audit trail says where alert commands came from, like every other command.
    QCOMPARE(event.value(u"data"_s).toObject().value(u"origin"_s).toString(),
             u"rest 127.0.0.1"_s);
    const QString id = event.value(u"data"_s).toObject().value(u"silence"_s).toObject()
                           .value(u"id"_s).toString();

    const QByteArray alert = R"({"title":"During maintenance","dedup_key":"maint-1",
        "labels":{"env":"maintenance-test"}})";
    QCOMPARE(post(u"generic"_s, alert, m_keys.value(u"generic"_s)).status, 202);
    const QJsonObject suppressed = alertByKey(u"maint-1"_s);
    QCOMPARE(suppressed.value(u"suppressed"_s).toString(), u"maintenance"_s);
    QCOMPARE(suppressed.value(u"silence"_s).toString(), id);
    QVERIFY(suppressed.value(u"incident"_s).isNull());
    const auto listed = m_server.request("GET", u"/api/v1/alerts?suppressed=maintenance"_s, {},
                                         token);
    QCOMPARE(listed.json().value(u"alerts"_s).toArray().size(), 1);
    // A value outside the documented set is a 400, as for the other filters.
    const auto unknown = m_server.request("GET", u"/api/v1/alerts?suppressed=maybe"_s, {}, token);
    QCOMPARE(unknown.status, 400);
    QVERIFY(unknown.body.contains("suppressed must be"));

    const auto active = m_server.request("GET", u"/api/v1/silences?state=active"_s, {}, token);
    QCOMPARE(active.json().value(u"silences"_s).toArray().size(), 1);
    const auto expired = m_server.request("DELETE", u"/api/v1/silences/"_s + id, {}, token);
    QCOMPARE(expired.status, 200);
    QCOMPARE(expired.json().value(u"silence"_s).toObject().value(u"state"_s).toString(),
             u"expired"_s);
    const QJsonObject expiry = expired.json().value(u"events"_s).toArray().first().toObject();
    QCOMPARE(expiry.value(u"data"_s).toObject().value(u"origin"_s).toString(),
             u"rest 127.0.0.1"_s);
    QCOMPARE(m_server.request("DELETE", u"/api/v1/silences/"_s + id, {}, token).status, 409);
}

void TestAlertsApi::integrationSettingsAndMapping()
{
    QString id;
    const QJsonObject mapping{
        {u"mapping"_s, QJsonObject{{u"title"_s, u"check.name"_s},
                                   {u"dedupKey"_s, u"check.id"_s},
                                   {u"status"_s, u"check.state"_s},
                                   {u"severity"_s, u"check.level"_s},
                                   {u"labels"_s, u"check.tags"_s}}},
        {u"statusValues"_s, QJsonObject{{u"firing"_s, QJsonArray{u"DOWN"_s}},
                                        {u"resolved"_s, QJsonArray{u"UP"_s}}}}};
    const QString key = integration(u"generic"_s, mapping, &id);
    QVERIFY(!key.isEmpty());
    const QByteArray down = R"({"check":{"name":"Ping","id":"chk-1","state":"DOWN",
        "level":"sev2","tags":{"site":"fra"}}})";
    QCOMPARE(post(u"generic"_s, down, key).status, 202);
    QJsonObject alert = alertByKey(u"chk-1"_s);
    QCOMPARE(alert.value(u"severity"_s).toString(), u"P2"_s);
    QCOMPARE(alert.value(u"labels"_s).toObject().value(u"site"_s).toString(), u"fra"_s);

    // Change the severity map through PATCH; the mapping stays.
    const auto patched = m_server.request(
        "PATCH", u"/api/v1/integrations/"_s + id,
        R"({"config":{"severityMap":{"sev2":"P1"}}})", m_server.adminToken());
    QCOMPARE(patched.status, 200);
    QVERIFY(patched.json().value(u"integration"_s).toObject().value(u"config"_s).toObject()
                .contains(u"mapping"_s));
    QByteArray other = down;
    other.replace("chk-1", "chk-2");
    QCOMPARE(post(u"generic"_s, other, key).status, 202);
    QCOMPARE(alertByKey(u"chk-2"_s).value(u"severity"_s).toString(), u"P1"_s);
    QByteArray up = down;
    up.replace("DOWN", "UP");
    QCOMPARE(post(u"generic"_s, up, key).status, 202);
    QCOMPARE(alertByKey(u"chk-1"_s).value(u"status"_s).toString(), u"resolved"_s);

    const auto bad = m_server.request("PATCH", u"/api/v1/integrations/"_s + id,
                                      R"({"config":{"colour":"red"}})", m_server.adminToken());
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.body.contains("colour"));
}

void TestAlertsApi::noiseReport()
{
    const auto reply = m_server.request("GET", u"/api/v1/alerts/noise"_s, {},
                                        m_server.adminToken());
    QCOMPARE(reply.status, 200);
    const QJsonArray sources = reply.json().value(u"sources"_s).toArray();
    QVERIFY(sources.size() >= 9);
    QVERIFY(reply.json().contains(u"worthTuning"_s));
    QCOMPARE(m_server.request("GET", u"/api/v1/alerts/noise?since=yesterday"_s, {},
                              m_server.adminToken())
                 .status,
             400);
}

void TestAlertsApi::noSecretsInLogs()
{
    post(u"generic"_s, "{}", u"fbk_wrong_key_in_test"_s);
    send(m_server.url(), "POST", u"/v2/enqueue"_s,
         R"({"routing_key":"fbk_routing_secret","event_action":"trigger"})");

    // Each refusal of a delivery whose key names an integration names it: its id and name.
    QString sentryId;
    const QString sentry = integration(
        u"sentry"_s, {{u"rateLimit"_s, QJsonObject{{u"requests"_s, 2}, {u"perSeconds"_s, 3600}}}},
        &sentryId);
    const QString sentryName = u"sentry-%1"_s.arg(m_created);
    QString signedId;
    const QString signedKey = integration(
        u"pagerduty"_s,
        {{u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{u"pd-log-secret"_s}}}}},
        &signedId);
    const QString signedName = u"pagerduty-%1"_s.arg(m_created);
    const QByteArray noResource = R"({"data":{}})";
    QCOMPARE(post(u"sentry"_s, noResource, sentry).status, 400);
    QCOMPARE(post(u"grafana"_s, noResource, sentry).status, 403);
    QTcpSocket tooLarge;
    tooLarge.connectToHost(u"127.0.0.1"_s, m_server.port());
    QVERIFY(tooLarge.waitForConnected(5000));
    tooLarge.write("POST /api/v1/alerts/sentry HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                   + sentry.toUtf8() + "\r\nContent-Length: 2000000\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += tooLarge.readAll()).startsWith("HTTP/1.1 413"), 10000);
    QCOMPARE(post(u"sentry"_s, noResource, sentry).status, 400);
    QCOMPARE(post(u"sentry"_s, noResource, sentry).status, 429);
    QCOMPARE(post(u"pagerduty"_s, "{}", signedKey).status, 401);
    const QByteArray event = R"({"routing_key":")" + signedKey.toUtf8()
        + R"(","event_action":"panic"})";
    QCOMPARE(send(m_server.url(), "POST", u"/v2/enqueue"_s, event).status, 400);

    m_server.stop();
    const QString log = m_server.standardError();
    QVERIFY(log.contains(u"refused"_s));
    const QStringList lines = log.split(u'\n');
    auto logged = [&lines](const QString &what, const QString &why) {
        return std::any_of(lines.cbegin(), lines.cend(), [&](const QString &line) {
            return line.contains(u"refused "_s + what) && line.contains(why);
        });
    };
    const QString sentryDelivery = u"delivery for integration %1 \"%2\" from "_s.arg(sentryId,
                                                                                     sentryName);
    for (const auto &[source, why] : {std::pair(u"sentry"_s, u"Sentry-Hook-Resource"_s),
                                      std::pair(u"grafana"_s, u"belongs to a sentry"_s),
                                      std::pair(u"sentry"_s, u"exceeds the limit"_s),
                                      std::pair(u"sentry"_s, u"over its rate limit"_s)}) {
        QVERIFY2(logged(source + u' ' + sentryDelivery, why), qPrintable(why + u'\n' + log));
    }
    const QString signedIntegration = u"integration %1 \"%2\""_s.arg(signedId, signedName);
    QVERIFY2(logged(u"pagerduty delivery for "_s + signedIntegration, u"X-PagerDuty-Signature"_s),
             qPrintable(log));
    QVERIFY2(logged(u"pagerduty Events API v2 event for "_s + signedIntegration,
                    u"event_action"_s),
             qPrintable(log));
    QVERIFY2(logged(u"generic delivery for no known integration from "_s, u"not valid"_s),
             qPrintable(log));
    for (const QString &key : std::as_const(m_keys)) {
        QVERIFY(!log.contains(key));
    }
    for (const QString &secret : {u"fbk_wrong_key_in_test"_s, u"fbk_routing_secret"_s,
                                  u"pd-secret"_s, u"sentry-client"_s, u"generic-hmac"_s,
                                  u"sns-token"_s, sentry, signedKey, u"pd-log-secret"_s}) {
        QVERIFY2(!log.contains(secret), qPrintable(secret));
    }
}

// Timelines are read through the projection's per-incident sequence numbers, which a restart
// rebuilds from the log: the pages must hold every event of the incident, in order, and the
// same ones before and after.
void TestAlertsApi::timelinePagesAfterRestart()
{
    const QString token = m_server.adminToken();
    const auto post = [this](const QString &group, int n) {
        const QJsonObject alert{
            {u"status"_s, u"firing"_s},
            {u"fingerprint"_s, u"tl-%1-%2"_s.arg(group).arg(n)},
            {u"labels"_s, QJsonObject{{u"alertname"_s, u"Timeline"_s}, {u"grp"_s, group},
                                      {u"n"_s, QString::number(n)}}}};
        const QJsonObject body{{u"version"_s, u"4"_s},
                               {u"groupKey"_s, u"{}:{grp=\"%1\"}"_s.arg(group)},
                               {u"status"_s, u"firing"_s},
                               {u"alerts"_s, QJsonArray{alert}}};
        return m_server
            .request("POST", u"/api/v1/alerts/alertmanager"_s,
                     QJsonDocument(body).toJson(QJsonDocument::Compact),
                     m_keys.value(u"alertmanager"_s))
            .status;
    };
    // Two incidents whose events interleave in the log.
    for (int n = 0; n < 12; ++n) {
        QCOMPARE(post(u"tl-a"_s, n), 202);
        QCOMPARE(post(u"tl-b"_s, n), 202);
    }
    const auto incidentOf = [&](const QString &group) {
        const QString path = u"/api/v1/alerts?limit=1000&source=alertmanager"_s;
        const QJsonArray alerts =
            m_server.request("GET", path, {}, token).json().value(u"alerts"_s).toArray();
        for (const QJsonValue &alert : alerts) {
            const QJsonObject object = alert.toObject();
            if (object.value(u"labels"_s).toObject().value(u"grp"_s).toString() == group) {
                return object.value(u"incident"_s).toString();
            }
        }
        return QString();
    };
    const QString incident = incidentOf(u"tl-a"_s);
    QVERIFY(!incident.isEmpty());
    QVERIFY(incident != incidentOf(u"tl-b"_s));

    const auto readTimeline = [&]() {
        QList<qint64> seqs;
        QStringList names;
        QString cursor;
        for (int page = 0; page < 100; ++page) {
            const auto reply = m_server.request(
                "GET",
                u"/api/v1/incidents/%1/timeline?limit=5%2"_s.arg(
                    incident, cursor.isEmpty() ? QString() : u"&cursor="_s + cursor),
                {}, token);
            if (reply.status != 200) {
                return std::pair{QList<qint64>{-1}, QStringList()};
            }
            for (const QJsonValue &event : reply.json().value(u"events"_s).toArray()) {
                const QJsonObject object = event.toObject();
                seqs.append(object.value(u"seq"_s).toInteger());
                const QJsonObject data = object.value(u"data"_s).toObject();
                const QJsonObject labels =
                    data.value(u"alert"_s).toObject().value(u"labels"_s).toObject();
                names.append(labels.value(u"n"_s).toString());
                if (object.value(u"incident"_s).toString() != incident) {
                    return std::pair{QList<qint64>{-2}, QStringList()};
                }
            }
            cursor = reply.json().value(u"next"_s).toString();
            if (cursor.isEmpty()) {
                break;
            }
        }
        return std::pair{seqs, names};
    };
    const auto [before, namesBefore] = readTimeline();
    // incident.opened, then one alert.received per alert of its group, in log order.
    QCOMPARE(before.size(), 13);
    QVERIFY(std::is_sorted(before.cbegin(), before.cend()));
    QCOMPARE(namesBefore.mid(1), (QStringList{u"0"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s,
                                              u"6"_s, u"7"_s, u"8"_s, u"9"_s, u"10"_s,
                                              u"11"_s}));

    m_server.stop();
    QVERIFY2(m_server.start({u"--sns-confirmation-url"_s, u"http://127.0.0.1:*"_s}),
             qPrintable(m_server.standardError()));
    const auto [after, namesAfter] = readTimeline();
    QCOMPARE(after, before);
    QCOMPARE(namesAfter, namesBefore);
}

QTEST_GUILESS_MAIN(TestAlertsApi)
#include "tst_alertsapi.moc"
