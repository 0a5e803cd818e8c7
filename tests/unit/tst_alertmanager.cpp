// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alerts/alertmanager.h"
#include "alerts/normaliserutil.h"
#include "alerts/sources.h"
#include "payloadcompare.h"
#include "server/httputil.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QUrl>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

QJsonObject alert(const QJsonObject &labels, const QJsonObject &annotations = {},
                  const QString &status = u"firing"_s)
{
    return {{u"status"_s, status},
            {u"labels"_s, labels},
            {u"annotations"_s, annotations},
            {u"startsAt"_s, u"2026-12-04T10:00:00.123456789Z"_s},
            {u"endsAt"_s, u"0001-01-01T00:00:00Z"_s}};
}

QJsonObject body(const QJsonArray &alerts, const QJsonObject &extra = {})
{
    QJsonObject root{{u"version"_s, u"4"_s},
                     {u"groupKey"_s, u"{}:{alertname=\"X\"}"_s},
                     {u"status"_s, u"firing"_s},
                     {u"alerts"_s, alerts}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        root.insert(it.key(), it.value());
    }
    return root;
}

// What the server does with a body the fast reader declines (AlertService::parseDelivery, the
// source's normaliser, serialiseAhead()): the reference the fast reader is held to.
bool readFully(const QByteArray &body, const QJsonObject &config, NormalisedPayload *payload)
{
    const Http::JsonTextScan scan = Http::scanJsonText(body, Http::MaxJsonDepth);
    if (!Http::isValidUtf8(body) || !scan.problem(Http::MaxJsonDepth).isEmpty()) {
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return false;
    }
    AlertDelivery delivery;
    delivery.body = body;
    delivery.json = document.object();
    delivery.config = config;
    QString problem;
    if (!AlertSources::normalise(u"alertmanager"_s, delivery, payload, &problem)) {
        return false;
    }
    for (NormalisedAlert &alert : payload->alerts) {
        alert.serialiseAhead();
    }
    return true;
}

} // namespace

class TestAlertmanager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void severityMapping_data();
    void severityMapping();
    void titleAndService_data();
    void titleAndService();
    void fingerprintOrLabelHash();
    void perAlertStatusWins();
    void timesAndZeroTime();
    void truncatedAlerts();
    void capturedPayloads();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void errorMessagesNameTheField_data();
    void errorMessagesNameTheField();
    void linksOfEachAlert();
    void addLinkJudgesEachCall();
    void webLinkQuickCheckAgreesWithQUrl_data();
    void webLinkQuickCheckAgreesWithQUrl();
    void webLinkQuickCheckOnRandomText();
    void fastReaderMatchesFullReader_data();
    void fastReaderMatchesFullReader();
};

void TestAlertmanager::severityMapping_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<Severity>("expected");
    QTest::newRow("critical") << u"critical"_s << Severity::P1;
    QTest::newRow("CRITICAL upper case") << u"CRITICAL"_s << Severity::P1;
    QTest::newRow("error") << u"error"_s << Severity::P2;
    QTest::newRow("Major mixed case") << u"Major"_s << Severity::P2;
    QTest::newRow("warning") << u"warning"_s << Severity::P3;
    QTest::newRow("info") << u"info"_s << Severity::P4;
    QTest::newRow("page") << u"page"_s << Severity::P4;
    QTest::newRow("missing") << QString() << Severity::P4;
}

void TestAlertmanager::severityMapping()
{
    QFETCH(QString, label);
    QFETCH(Severity, expected);
    QJsonObject labels{{u"alertname"_s, u"X"_s}};
    if (!label.isNull()) {
        labels.insert(u"severity"_s, label);
    }
    NormalisedPayload payload;
    QString error;
    QVERIFY2(Alertmanager::normalise(body({alert(labels)}), &payload, &error), qPrintable(error));
    QCOMPARE(payload.alerts.size(), 1);
    QCOMPARE(payload.alerts.first().severity, expected);
    QCOMPARE(payload.alerts.first().sourceSeverity, label.isNull() ? QString() : label);
}

void TestAlertmanager::titleAndService_data()
{
    QTest::addColumn<QJsonObject>("labels");
    QTest::addColumn<QJsonObject>("annotations");
    QTest::addColumn<QJsonObject>("commonAnnotations");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("service");

    const QJsonObject summary{{u"summary"_s, u"disk full"_s}};
    QTest::newRow("name and own summary")
        << QJsonObject{{u"alertname"_s, u"DiskFull"_s}, {u"service"_s, u"api"_s}} << summary
        << QJsonObject{{u"summary"_s, u"group summary"_s}} << u"DiskFull: disk full"_s << u"api"_s;
    QTest::newRow("group summary when the alert has none")
        << QJsonObject{{u"alertname"_s, u"DiskFull"_s}, {u"job"_s, u"node"_s}} << QJsonObject()
        << QJsonObject{{u"summary"_s, u"group summary"_s}} << u"DiskFull: group summary"_s
        << u"node"_s;
    QTest::newRow("service label beats job")
        << QJsonObject{{u"alertname"_s, u"A"_s}, {u"job"_s, u"j"_s}, {u"service"_s, u"s"_s}}
        << QJsonObject() << QJsonObject() << u"A"_s << u"s"_s;
    QTest::newRow("no alertname")
        << QJsonObject{{u"instance"_s, u"h1"_s}} << summary << QJsonObject() << u"disk full"_s
        << QString();
    // White space around either part is no part of the title, as with every source.
    QTest::newRow("white space around the parts")
        << QJsonObject{{u"alertname"_s, u" DiskFull\t"_s}}
        << QJsonObject{{u"summary"_s, u"\n x "_s}} << QJsonObject() << u"DiskFull: x"_s
        << QString();
    QTest::newRow("blank summary, group summary")
        << QJsonObject{{u"alertname"_s, u"DiskFull"_s}} << QJsonObject{{u"summary"_s, u"  "_s}}
        << QJsonObject{{u"summary"_s, u" group "_s}} << u"DiskFull: group"_s << QString();
    QTest::newRow("blank parts")
        << QJsonObject{{u"alertname"_s, u"  "_s}} << QJsonObject{{u"summary"_s, u" "_s}}
        << QJsonObject{{u"summary"_s, u"\t"_s}} << u"Unnamed alert"_s << QString();
}

void TestAlertmanager::titleAndService()
{
    QFETCH(QJsonObject, labels);
    QFETCH(QJsonObject, annotations);
    QFETCH(QJsonObject, commonAnnotations);
    QFETCH(QString, title);
    QFETCH(QString, service);
    NormalisedPayload payload;
    QString error;
    QVERIFY2(Alertmanager::normalise(body({alert(labels, annotations)},
                                          {{u"commonAnnotations"_s, commonAnnotations}}),
                                     &payload, &error),
             qPrintable(error));
    QCOMPARE(payload.alerts.first().title, title);
    QCOMPARE(payload.alerts.first().service, service);
}

void TestAlertmanager::fingerprintOrLabelHash()
{
    QJsonObject withFingerprint = alert({{u"alertname"_s, u"A"_s}});
    withFingerprint.insert(u"fingerprint"_s, u"0123456789abcdef"_s);
    const QJsonObject labelsAB = alert({{u"alertname"_s, u"A"_s}, {u"b"_s, u"2"_s}});
    const QJsonObject labelsBA = alert({{u"b"_s, u"2"_s}, {u"alertname"_s, u"A"_s}});
    const QJsonObject labelsOther = alert({{u"alertname"_s, u"A"_s}, {u"b"_s, u"3"_s}});

    NormalisedPayload payload;
    QString error;
    QVERIFY(Alertmanager::normalise(body({withFingerprint, labelsAB, labelsBA, labelsOther}),
                                    &payload, &error));
    QCOMPARE(payload.alerts.at(0).dedupKey, u"0123456789abcdef"_s);
    QCOMPARE(payload.alerts.at(1).dedupKey.size(), 16);
    QCOMPARE(payload.alerts.at(1).dedupKey, payload.alerts.at(2).dedupKey);
    QVERIFY(payload.alerts.at(1).dedupKey != payload.alerts.at(3).dedupKey);
}

void TestAlertmanager::perAlertStatusWins()
{
    // The group says firing because one alert fires; the other alert's own status counts.
    QJsonObject root = body({alert({{u"alertname"_s, u"A"_s}}),
                             alert({{u"alertname"_s, u"B"_s}}, {}, u"resolved"_s)});
    root.insert(u"status"_s, u"firing"_s);
    NormalisedPayload payload;
    QString error;
    QVERIFY(Alertmanager::normalise(root, &payload, &error));
    QVERIFY(payload.alerts.at(0).isFiring());
    QVERIFY(!payload.alerts.at(1).isFiring());
}

void TestAlertmanager::timesAndZeroTime()
{
    NormalisedPayload payload;
    QString error;
    QVERIFY(Alertmanager::normalise(body({alert({{u"alertname"_s, u"A"_s}})}), &payload, &error));
    const NormalisedAlert &first = payload.alerts.first();
    QCOMPARE(first.startsAt, QDateTime(QDate(2026, 12, 4), QTime(10, 0, 0, 123), Qt::UTC)
                                 .toMSecsSinceEpoch());
    QCOMPARE(first.endsAt, 0); // Go's zero time means "still firing"
}

void TestAlertmanager::truncatedAlerts()
{
    NormalisedPayload payload;
    QString error;
    QVERIFY(Alertmanager::normalise(body({alert({{u"alertname"_s, u"A"_s}})},
                                         {{u"truncatedAlerts"_s, 7}}),
                                    &payload, &error));
    QCOMPARE(payload.truncatedAlerts, 7);
    // Counts an int cannot hold are as many as it can, never none; a fraction is cut.
    for (const auto &[count, read] : {std::pair<double, int>{3e9, 2147483647},
                                      {1e300, 2147483647}, {1.5, 1}}) {
        QVERIFY(Alertmanager::normalise(body({alert({{u"alertname"_s, u"A"_s}})},
                                             {{u"truncatedAlerts"_s, count}}),
                                        &payload, &error));
        QCOMPARE(payload.truncatedAlerts, read);
    }
}

void TestAlertmanager::capturedPayloads()
{
    // Captured from a real Alertmanager 0.25.
    for (const QString &file : {u"alerts/alertmanager-captured-firing.json"_s,
                                u"alerts/alertmanager-captured-resolved.json"_s,
                                u"alerts/alertmanager-firing.json"_s,
                                u"alerts/alertmanager-resolved.json"_s}) {
        const QByteArray data = Testing::testData(file);
        QVERIFY2(!data.isEmpty(), qPrintable(file));
        NormalisedPayload payload;
        QString error;
        QVERIFY2(Alertmanager::normalise(QJsonDocument::fromJson(data).object(), &payload, &error),
                 qPrintable(file + u": "_s + error));
        QVERIFY(!payload.alerts.isEmpty());
        QVERIFY(!payload.groupKey.isEmpty());
    }
    NormalisedPayload captured;
    QString error;
    Alertmanager::normalise(
        QJsonDocument::fromJson(Testing::testData(u"alerts/alertmanager-captured-firing.json"_s))
            .object(),
        &captured, &error);
    QCOMPARE(captured.alerts.first().dedupKey, u"fa604b0daf0d7fb1"_s);
    QCOMPARE(captured.alerts.first().severity, Severity::P3);
    QCOMPARE(captured.alerts.first().title, u"FeasHighLatency: p99 above 2s"_s);
    QCOMPARE(captured.alerts.first().service, u"api"_s);
}

void TestAlertmanager::rejectsInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no version") << R"({"alerts":[]})"_ba << u"version"_s;
    QTest::newRow("version 3") << R"({"version":"3","alerts":[]})"_ba << u"version"_s;
    QTest::newRow("version as number") << R"({"version":4,"alerts":[]})"_ba << u"version"_s;
    QTest::newRow("alerts not an array") << R"({"version":"4","alerts":{}})"_ba << u"alerts"_s;
    QTest::newRow("alert not an object") << R"({"version":"4","alerts":[1]})"_ba
                                         << u"alerts[0]"_s;
    QTest::newRow("bad status")
        << R"({"version":"4","alerts":[{"status":"on","labels":{"a":"b"}}]})"_ba << u"status"_s;
    QTest::newRow("labels wrong type")
        << R"({"version":"4","alerts":[{"status":"firing","labels":["a"]}]})"_ba << u"labels"_s;
    QTest::newRow("label value not a string")
        << R"({"version":"4","alerts":[{"status":"firing","labels":{"a":1}}]})"_ba << u"labels"_s;
    QTest::newRow("empty labels")
        << R"({"version":"4","alerts":[{"status":"firing","labels":{}}]})"_ba << u"labels"_s;
    QTest::newRow("bad time")
        << R"({"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},)"
           R"("startsAt":"yesterday"}]})"_ba
        << u"startsAt"_s;
    QTest::newRow("fingerprint number")
        << R"({"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},"fingerprint":5}]})"_ba
        << u"fingerprint"_s;
    QTest::newRow("negative truncated")
        << R"({"version":"4","alerts":[],"truncatedAlerts":-1})"_ba << u"truncatedAlerts"_s;
    QTest::newRow("groupKey object")
        << R"({"version":"4","alerts":[],"groupKey":{}})"_ba << u"groupKey"_s;
}

void TestAlertmanager::rejectsInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    NormalisedPayload payload;
    QString error;
    QVERIFY(!Alertmanager::normalise(QJsonDocument::fromJson(json).object(), &payload, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestAlertmanager::errorMessagesNameTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray good = R"({"status":"firing","labels":{"a":"b"}},)"_ba;
    QTest::newRow("second alert's labels")
        << R"({"version":"4","alerts":[)"_ba + good + R"({"status":"firing","labels":[1]}]})"_ba
        << u"alerts[1].labels must be an object of strings"_s;
    QTest::newRow("annotations")
        << R"({"version":"4","alerts":[)"_ba + good + good
               + R"({"status":"firing","labels":{"a":"b"},"annotations":{"x":2}}]})"_ba
        << u"alerts[2].annotations must be an object of strings"_s;
    QTest::newRow("common annotations")
        << R"({"version":"4","alerts":[],"commonAnnotations":{"s":true}})"_ba
        << u"body.commonAnnotations must be an object of strings"_s;
    QTest::newRow("status")
        << R"({"version":"4","alerts":[{"status":5,"labels":{"a":"b"}}]})"_ba
        << u"alerts[0].status must be \"firing\" or \"resolved\""_s;
    QTest::newRow("time")
        << R"({"version":"4","alerts":[)"_ba + good
               + R"({"status":"firing","labels":{"a":"b"},"endsAt":"soon"}]})"_ba
        << u"alerts[1].endsAt is not an RFC 3339 time: soon"_s;
    QTest::newRow("not an object") << R"({"version":"4","alerts":[)"_ba + good + R"("x"]})"_ba
                                   << u"alerts[1] must be an object"_s;
    QTest::newRow("empty labels") << R"({"version":"4","alerts":[{"status":"resolved"}]})"_ba
                                  << u"alerts[0].labels must not be empty"_s;
    QTest::newRow("fingerprint")
        << R"({"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},)"
           R"("fingerprint":[]}]})"_ba
        << u"alerts[0].fingerprint must be a string"_s;
}

void TestAlertmanager::errorMessagesNameTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    NormalisedPayload payload;
    QString error;
    QVERIFY(!Alertmanager::normalise(QJsonDocument::fromJson(json).object(), &payload, &error));
    QCOMPARE(error, message);
}

// Consecutive alerts with the same, other and unusable generator URLs each get their own link.
void TestAlertmanager::linksOfEachAlert()
{
    const QStringList urls{u"http://prometheus.invalid/graph?g0.expr=up"_s,
                           u"http://prometheus.invalid/graph?g0.expr=up"_s,
                           u"ftp://prometheus.invalid/graph"_s,
                           QString(),
                           u"  https://other.invalid/x  "_s,
                           u"http://prometheus.invalid/graph?g0.expr=up"_s,
                           u"not a url"_s,
                           u"http://"_s,
                           u"http://prometheus.invalid/graph?g0.expr=up"_s};
    QJsonArray alerts;
    for (const QString &url : urls) {
        QJsonObject one = alert({{u"alertname"_s, u"A"_s}});
        one.insert(u"generatorURL"_s, url);
        alerts.append(one);
    }
    NormalisedPayload payload;
    QString error;
    QVERIFY2(Alertmanager::normalise(body(alerts), &payload, &error), qPrintable(error));
    QCOMPARE(payload.alerts.size(), urls.size());

    const QJsonArray prometheus{QJsonObject{
        {u"href"_s, u"http://prometheus.invalid/graph?g0.expr=up"_s}, {u"text"_s, u"Source"_s}}};
    const QJsonArray other{
        QJsonObject{{u"href"_s, u"https://other.invalid/x"_s}, {u"text"_s, u"Source"_s}}};
    const QList<QJsonArray> expected{prometheus, prometheus, {}, {},         other,
                                     prometheus, {},         {}, prometheus};
    for (int i = 0; i < urls.size(); ++i) {
        QCOMPARE(payload.alerts.at(i).links.toArray(), expected.at(i));
        QCOMPARE(payload.alerts.at(i).generatorUrl, urls.at(i));
    }
}

// The same URL under another text, after an invalid one, and added to existing links.
void TestAlertmanager::addLinkJudgesEachCall()
{
    LinkList links;
    AlertFields::addLink(&links, u"https://a.invalid/1"_s, u"One"_s);
    AlertFields::addLink(&links, u"https://a.invalid/1"_s, u"Two"_s);
    AlertFields::addLink(&links, u"mailto:x@a.invalid"_s, u"Two"_s);
    AlertFields::addLink(&links, u"mailto:x@a.invalid"_s, u"Two"_s);
    AlertFields::addLink(&links, u"https://a.invalid/1"_s, u"Two"_s);
    const QJsonObject one{{u"href"_s, u"https://a.invalid/1"_s}, {u"text"_s, u"One"_s}};
    const QJsonObject two{{u"href"_s, u"https://a.invalid/1"_s}, {u"text"_s, u"Two"_s}};
    QCOMPARE(links.toArray(), (QJsonArray{one, two, two}));

    LinkList fresh;
    AlertFields::addLink(&fresh, u"https://a.invalid/1"_s, u"Two"_s);
    fresh.append(u"https://a.invalid/2"_s, u"changed"_s);
    LinkList again;
    AlertFields::addLink(&again, u"https://a.invalid/1"_s, u"Two"_s);
    QCOMPARE(again.toArray(), QJsonArray{two});
}

namespace {

bool qurlTakesLink(const QString &href)
{
    const QUrl url(href, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http")
        && !url.host().isEmpty() && url.userInfo().isEmpty();
}

} // namespace

// isPlainWebLink() only ever says yes where QUrl says yes; isWebLink() is QUrl's verdict.
void TestAlertmanager::webLinkQuickCheckAgreesWithQUrl_data()
{
    QTest::addColumn<QString>("href");
    QTest::addColumn<bool>("plain");
    QTest::addColumn<bool>("link");
    const auto row = [](const QString &href, bool plain, bool link) {
        QTest::newRow(qPrintable(href)) << href << plain << link;
    };
    // Not the plain shape: whatever QUrl decides, isWebLink() must decide the same.
    const auto notPlain = [&row](const QString &href) { row(href, false, qurlTakesLink(href)); };
    row(u"http://a.invalid/graph?g0.expr=up%3D%3D0&g0.tab=1"_s, true, true);
    row(u"https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
        "#alarmsV2:alarm/High%20CPU"_s,
        true, true);
    row(u"https://grafana.example:3000/d/abc/x?orgId=1&viewPanel=2"_s, true, true);
    row(u"http://localhost"_s, true, true);
    row(u"https://a.b/c;d=e/(f)*+,!$'~"_s, true, true);
    row(u"https://a.b/#frag?x/y@z:1"_s, true, true);
    row(u"http://Host.Example/"_s, true, true);
    row(u"http://127.0.0.1:9093/"_s, false, true);
    row(u"http://[::1]:9093/"_s, false, true);
    row(u"http://user:pw@host/"_s, false, false); // credentials would be shown to people
    row(u"https://token@host/x"_s, false, false);
    row(u"https://host/x?u=a@b"_s, true, true);
    notPlain(u"http://xn--nxasmq6b.example/"_s);
    notPlain(u"http://xn--zz.example/"_s);
    row(u"http://bücher.example/"_s, false, true);
    row(u"HTTP://a.b/"_s, false, true);
    notPlain(u"http://a.b/é"_s);
    row(u"http://a.b/x y"_s, false, false);
    row(u"http://a.b/%zz"_s, false, false);
    row(u"http://a.b/%4"_s, false, false);
    notPlain(u"http://a.b/#x#y"_s);
    notPlain(u"http://a.b/[x]"_s);
    row(u"http://a.b/<x>"_s, false, false);
    notPlain(u"http://a.b:/"_s);
    row(u"http://a.b:65536/"_s, false, false);
    row(u"http://a.b:123456/"_s, false, false);
    row(u"http://a.b:80x/"_s, false, false);
    notPlain(u"http://-a.b/"_s);
    row(u"http://a..b/"_s, false, false);
    notPlain(u"http://a.b./"_s);
    notPlain(u"http://a_b.c/"_s);
    row(u"http:///x"_s, false, false);
    row(u"http://"_s, false, false);
    row(u"mailto:x@a.invalid"_s, false, false);
    row(u"ftp://a.b/"_s, false, false);
    row(u"javascript:alert(1)//http://a.b/"_s, false, false);
    notPlain(u"http://"_s + QString(64, u'a') + u".b/"_s);
}

void TestAlertmanager::webLinkQuickCheckAgreesWithQUrl()
{
    QFETCH(QString, href);
    QFETCH(bool, plain);
    QFETCH(bool, link);
    QCOMPARE(AlertFields::isPlainWebLink(href), plain);
    QCOMPARE(qurlTakesLink(href), link);
    QCOMPARE(AlertFields::isWebLink(href), link);
}

// Random links near the plain shape: the quick check never takes one QUrl refuses, and it
// takes most of those that are plain.
void TestAlertmanager::webLinkQuickCheckOnRandomText()
{
    QRandomGenerator random(20261205);
    const QStringList starts{u"http://"_s, u"https://"_s, u"Http://"_s, u"http:/"_s,
                             u"https:"_s, u"ftp://"_s};
    const QString hostCharacters = u"abcxyz019-._:"_s;
    const QString restCharacters = u"aZ09-._~!$&'()*+,;=:@/?#%%[] \"<>\\^`{|}é\x01"_s;
    const auto pick = [&random](const QString &from, int length) {
        QString text;
        for (int i = 0; i < length; ++i) {
            text += from.at(random.bounded(from.size()));
        }
        return text;
    };
    int plain = 0;
    for (int i = 0; i < 100000; ++i) {
        QString href = starts.at(random.bounded(starts.size()))
            + pick(hostCharacters, random.bounded(1, 12));
        if (random.bounded(4) == 0) {
            href += u':' + QString::number(random.bounded(70000));
        }
        href += pick(restCharacters, random.bounded(0, 10));
        if (AlertFields::isPlainWebLink(href)) {
            ++plain;
            QVERIFY2(qurlTakesLink(href), qPrintable(href));
        }
        QCOMPARE(AlertFields::isWebLink(href), qurlTakesLink(href));
    }
    QVERIFY2(plain > 1000, qPrintable(QString::number(plain)));
}

void TestAlertmanager::fastReaderMatchesFullReader_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fast");

    for (const QString &file : {u"alerts/alertmanager-captured-firing.json"_s,
                                u"alerts/alertmanager-captured-resolved.json"_s,
                                u"alerts/alertmanager-firing.json"_s,
                                u"alerts/alertmanager-resolved.json"_s}) {
        QTest::newRow(qPrintable(file)) << Testing::testData(file) << true;
    }
    const auto compact = [](const QJsonObject &object) {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    };
    const QJsonObject labels{{u"alertname"_s, u"DiskFull"_s}, {u"severity"_s, u"critical"_s},
                             {u"job"_s, u"node"_s}, {u"instance"_s, u"db-1"_s}};
    const QJsonObject plain = body({alert(labels, {{u"summary"_s, u"95% used"_s}})});
    QTest::newRow("plain") << compact(plain) << true;
    QTest::newRow("indented") << QJsonDocument(plain).toJson(QJsonDocument::Indented) << true;

    QJsonObject escapes = alert({{u"alertname"_s, u"Q\"uote\\d"_s}, {u"path"_s, u"/a/b"_s}},
                                {{u"summary"_s, u"line\nbreak\ttab \x01 é 漢 😀"_s},
                                 {u"description"_s, u"ctrl \x1f and \u2028"_s}});
    escapes.insert(u"fingerprint"_s, u"f\"p"_s);
    QTest::newRow("escapes and Unicode") << compact(body({escapes})) << true;
    // As senders write them: \/ and \u escapes Qt's writer never uses.
    QTest::newRow("escaped solidus and letters")
        << QByteArray(R"({"version":"4","groupKey":"g\/1","alerts":[{"status":"firing",)"
                      R"("labels":{"alertname":"A\u0042C","url":"http:\/\/x"},)"
                      R"("annotations":{"summary":"caf\u00e9"}}]})")
        << true;

    QJsonObject resolved = alert(labels, {}, u"resolved"_s);
    resolved.insert(u"endsAt"_s, u"2026-12-04T11:00:00Z"_s);
    QTest::newRow("resolved") << compact(body({resolved})) << true;
    QJsonObject noFingerprint = alert(labels);
    QTest::newRow("no fingerprint") << compact(body({noFingerprint})) << true;
    noFingerprint.insert(u"fingerprint"_s, QString());
    QTest::newRow("empty fingerprint") << compact(body({noFingerprint})) << true;
    QJsonObject bare{{u"status"_s, u"firing"_s}, {u"labels"_s, labels}};
    QTest::newRow("no annotations or times") << compact(body({bare})) << true;
    QJsonObject times = alert(labels);
    times.insert(u"startsAt"_s, QString());
    times.insert(u"endsAt"_s, u"2026-12-04T10:30:00+02:00"_s);
    QTest::newRow("empty and offset times") << compact(body({times})) << true;
    QJsonObject extra = alert(labels);
    extra.insert(u"generatorURL"_s, u"https://prometheus.example/graph?g0.expr=up"_s);
    extra.insert(u"receiverHint"_s, u"x"_s);
    extra.insert(u"extraMap"_s, QJsonObject{{u"z"_s, u"1"_s}, {u"a"_s, u"2"_s}});
    QTest::newRow("extra members and a link") << compact(body({extra})) << true;
    QJsonObject badLink = alert(labels);
    badLink.insert(u"generatorURL"_s, u"javascript:alert(1)"_s);
    QTest::newRow("link refused") << compact(body({badLink})) << true;
    QTest::newRow("common summary")
        << compact(body({alert(labels)},
                        {{u"commonAnnotations"_s, QJsonObject{{u"summary"_s, u"shared"_s}}}}))
        << true;
    QTest::newRow("titles with white space around them")
        << compact(body({alert({{u"alertname"_s, u" DiskFull\t"_s}}, {{u"summary"_s, u" "_s}})},
                        {{u"commonAnnotations"_s, QJsonObject{{u"summary"_s, u"\nshared "_s}}}}))
        << true;
    QTest::newRow("blank title parts")
        << compact(body({alert({{u"alertname"_s, u"  "_s}}, {{u"summary"_s, u"\t"_s}})}))
        << true;
    // The fast reader picks these labels out of the text as it writes it (no objects).
    QTest::newRow("service and job")
        << compact(body({alert({{u"service"_s, u"checkout"_s}, {u"job"_s, u"node"_s},
                                {u"severity"_s, u"Warning"_s}, {u"zone"_s, u"a"_s}})}))
        << true;
    QTest::newRow("no alertname, own summary over the common one")
        << compact(body({alert({{u"instance"_s, u"db-1"_s}}, {{u"summary"_s, u"own"_s}})},
                        {{u"commonAnnotations"_s, QJsonObject{{u"summary"_s, u"shared"_s}}}}))
        << true;
    // U+FEFF starting a value, or the text after an escape, is a character to keep.
    const QString mark(QChar(0xfeff));
    QJsonObject marked = alert({{u"alertname"_s, QString(mark + u"Disk"_s)},
                                {u"service"_s, mark},
                                {u"severity"_s, QString(mark + u"critical"_s)}},
                               {{u"summary"_s, QString(u"\n"_s + mark + u"full"_s)}});
    marked.insert(u"fingerprint"_s, QString(mark + u"fp"_s));
    QTest::newRow("byte order marks") << compact(body({marked})) << true;
    QJsonObject markedTime = alert(labels);
    markedTime.insert(u"startsAt"_s, QString(mark + u"2026-12-04T10:00:00Z"_s));
    QTest::newRow("byte order mark before a time") << compact(body({markedTime})) << true;
    QTest::newRow("nothing to pick")
        << compact(body({alert({{u"instance"_s, u"db-1"_s}}, {{u"runbook"_s, u"r"_s}})}))
        << true;
    QTest::newRow("truncated")
        << compact(body({alert(labels)}, {{u"truncatedAlerts"_s, 3}})) << true;
    QTest::newRow("truncated beyond int")
        << compact(body({alert(labels)}, {{u"truncatedAlerts"_s, qint64(3000000000)}})) << true;
    QTest::newRow("truncated null")
        << compact(body({alert(labels)}, {{u"truncatedAlerts"_s, QJsonValue::Null}})) << true;
    QJsonArray many;
    for (int i = 0; i < 64; ++i) {
        QJsonObject item = alert({{u"alertname"_s, u"Bulk"_s}, {u"n"_s, QString::number(i)}});
        item.insert(u"fingerprint"_s, u"fp%1"_s.arg(i));
        many.append(item);
    }
    QTest::newRow("64 alerts") << compact(body(many)) << true;

    // Declined: the full reader decides (and words any error).
    QJsonObject number = alert(labels);
    number.insert(u"value"_s, 1.5);
    QTest::newRow("number in an alert") << compact(body({number})) << false;
    QJsonObject array = alert(labels);
    array.insert(u"list"_s, QJsonArray{u"a"_s});
    QTest::newRow("array in an alert") << compact(body({array})) << false;
    QJsonObject nullTime = alert(labels);
    nullTime.insert(u"endsAt"_s, QJsonValue::Null);
    QTest::newRow("null in an alert") << compact(body({nullTime})) << false;
    QTest::newRow("number label")
        << compact(body({alert({{u"alertname"_s, u"X"_s}, {u"n"_s, 1}})})) << false;
    QTest::newRow("surrogate escape")
        << QByteArray(R"({"version":"4","groupKey":"g","alerts":[{"status":"firing",)"
                      R"("labels":{"a":"\ud83d\ude00"}}]})")
        << false;
    QTest::newRow("escaped key")
        << QByteArray(R"({"version":"4","groupKey":"g","alerts":[{"status":"firing",)"
                      R"("labels":{"\u0061":"b"}}]})")
        << false;
    QTest::newRow("non-ASCII key")
        << compact(body({alert({{u"région"_s, u"eu"_s}})})) << false;
    QTest::newRow("duplicate key in an alert")
        << QByteArray(R"({"version":"4","groupKey":"g","alerts":[{"status":"firing",)"
                      R"("labels":{"a":"b"},"status":"resolved"}]})")
        << false;
    QTest::newRow("duplicate label")
        << QByteArray(R"({"version":"4","groupKey":"g","alerts":[{"status":"firing",)"
                      R"("labels":{"a":"b","a":"c"}}]})")
        << false;
    QTest::newRow("duplicate at the root")
        << QByteArray(R"({"version":"4","groupKey":"g","groupKey":"h","alerts":[)"
                      R"({"status":"firing","labels":{"a":"b"}}]})")
        << false;
    QTest::newRow("no group key") << compact(QJsonObject{{u"version"_s, u"4"_s},
                                                         {u"alerts"_s, QJsonArray{alert(labels)}}})
                                  << false;
    QTest::newRow("version 3") << compact(body({alert(labels)}, {{u"version"_s, u"3"_s}}))
                               << false;
    QTest::newRow("no alerts") << compact(body({})) << false;
    QTest::newRow("empty labels") << compact(body({alert({})})) << false;
    QTest::newRow("bad status") << compact(body({alert(labels, {}, u"pending"_s)})) << false;
    QJsonObject badTime = alert(labels);
    badTime.insert(u"startsAt"_s, u"yesterday"_s);
    QTest::newRow("bad time") << compact(body({badTime})) << false;
    QTest::newRow("negative truncated")
        << compact(body({alert(labels)}, {{u"truncatedAlerts"_s, -1}})) << false;
    QTest::newRow("trailing garbage") << compact(plain) + "x" << false;
    QTest::newRow("not JSON") << QByteArray("version=4") << false;
}

void TestAlertmanager::fastReaderMatchesFullReader()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fast);
    // A severity map too: the fast way applies the integration's settings as well.
    for (const QJsonObject &config :
         {QJsonObject(), QJsonObject{{u"severityMap"_s, QJsonObject{{u"critical"_s, u"P2"_s}}},
                                     {u"defaultSeverity"_s, u"P3"_s}}}) {
        NormalisedPayload quick;
        const bool taken = AlertSources::normaliseFast(u"alertmanager"_s, body,
                                                       Http::MaxJsonDepth, config, &quick);
        QCOMPARE(taken, fast);
        if (!taken) {
            continue;
        }
        NormalisedPayload full;
        QVERIFY2(readFully(body, config, &full), "the fast reader took what the full one refuses");
        const QString difference = Testing::payloadDifference(quick, full);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

QTEST_GUILESS_MAIN(TestAlertmanager)
#include "tst_alertmanager.moc"
