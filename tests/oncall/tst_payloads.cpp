// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// What Firebreak sends, checked against each service's documented shape (tests/data/outbound)
// and for escaping: text from alerts must not form mentions or links, and Unicode arrives.
#include "notify/payloads.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using namespace Firebreak::Notify;

namespace {

const QString s_hostile = u"<!channel> pay now & <https://evil.example|click> <@U0BADBAD>"_s;
const QString s_unicode = u"Zahlungen fehlgeschlagen – 決済エラー 💳 Ødegård"_s;

NotificationMessage message(const QString &title = s_unicode, const QString &event
                                                              = u"incident.opened"_s)
{
    NotificationMessage m;
    m.event = event;
    m.incident = u"6f0a3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b"_s;
    m.number = u"INC-42"_s;
    m.title = title;
    m.severity = u"P2"_s;
    m.status = u"triggered"_s;
    m.service = u"checkout"_s;
    m.at = m.incidentCreatedAt = msFromIso(u"2026-12-04T09:12:30Z"_s);
    return m;
}

const RenderContext s_context{u"n-1"_s, u"https://firebreak.example.com/incidents/INC-42"_s};

QJsonObject sample(const char *name)
{
    return QJsonDocument::fromJson(Testing::testData(u"outbound/"_s + QLatin1StringView(name)))
        .object();
}

/// Every mrkdwn text of a Slack payload, and its fallback text.
QStringList slackTexts(const QJsonObject &payload)
{
    QStringList texts{payload[u"text"_s].toString()};
    const QJsonArray blocks = payload[u"blocks"_s].toArray();
    for (const QJsonValue &block : blocks) {
        const QJsonObject object = block.toObject();
        if (object[u"text"_s].toObject()[u"type"_s].toString() == u"mrkdwn") {
            texts.append(object[u"text"_s].toObject()[u"text"_s].toString());
        }
        const QJsonArray fields = object[u"fields"_s].toArray();
        for (const QJsonValue &field : fields) {
            texts.append(field.toObject()[u"text"_s].toString());
        }
    }
    return texts;
}

/// The keys and block types of a payload, recursively, as one sorted list of paths.
QStringList shape(const QJsonValue &value, const QString &path = u"$"_s)
{
    QStringList paths;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            paths += shape(it.value(), path + u'.' + it.key());
        }
        if (object.contains(u"type"_s)) {
            paths.append(path + u"@"_s + object[u"type"_s].toString());
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            paths += shape(item, path + u"[]"_s);
        }
    } else {
        paths.append(path);
    }
    paths.removeDuplicates();
    paths.sort();
    return paths;
}

} // namespace

class PayloadsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slackHasTheDocumentedShape();
    void slackEscapesAlertText_data();
    void slackEscapesAlertText();
    void slackMentionsOnlyFromTheDirectory();
    void teamsHasTheDocumentedShape();
    void teamsEscapesLinks();
    void pagerDutyTriggerAndResolve();
    void pagerDutyLimits();
    void webhookBodyAndSignature();
    void unicodeSurvivesSerialisation();
};

void PayloadsTest::slackHasTheDocumentedShape()
{
    const QJsonObject payload = slackPayload(message(), s_context);
    // Same keys and block types as Slack's documented sample.
    QCOMPARE(shape(payload), shape(sample("slack-incoming-webhook.json")));
    const QJsonArray blocks = payload[u"blocks"_s].toArray();
    QCOMPARE(blocks.at(0)[u"type"_s].toString(), u"header"_s);
    QCOMPARE(blocks.at(0)[u"text"_s][u"type"_s].toString(), u"plain_text"_s);
    QVERIFY(blocks.at(0)[u"text"_s][u"text"_s].toString().size() <= 150);
    QCOMPARE(blocks.at(1)[u"fields"_s].toArray().size(), 4);
    QVERIFY(blocks.at(1)[u"fields"_s][3][u"text"_s].toString().startsWith(
        u"*Started:*\n<!date^1796375550^{date_short_pretty} {time}|2026-12-04 09:12 UTC>"_s));
    QVERIFY(blocks.at(2)[u"text"_s][u"text"_s].toString().endsWith(
        u" <https://firebreak.example.com/incidents/INC-42|Open in Firebreak>"_s));
    QVERIFY(payload[u"text"_s].toString().startsWith(u"[P2] INC-42 opened: "_s));
}

void PayloadsTest::slackEscapesAlertText_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("summary");
    QTest::newRow("in the title") << s_hostile << QString();
    QTest::newRow("in the summary") << u"Checkout"_s << s_hostile;
}

void PayloadsTest::slackEscapesAlertText()
{
    QFETCH(QString, title);
    QFETCH(QString, summary);
    NotificationMessage m = message(title);
    m.summary = summary;
    m.service = u"a&b"_s;
    const QJsonObject payload = slackPayload(m, RenderContext{u"n-1"_s, QString()});
    for (const QString &text : slackTexts(payload)) {
        QVERIFY2(!text.contains(u"<!channel>"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"<https://evil"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"<@U0BADBAD>"_s), qPrintable(text));
        QVERIFY2(!text.contains(u"a&b"_s), qPrintable(text)); // & is &amp;
    }
    const QByteArray raw = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    QVERIFY2(!raw.contains("<!channel>") && !raw.contains("<@U0BADBAD>"), raw.constData());
    const QString all = slackTexts(payload).join(u'\n');
    QVERIFY(all.contains(u"&lt;!channel&gt; pay now &amp; &lt;https://evil.example|click&gt;"_s));
    QVERIFY(all.contains(u"a&amp;b"_s));
    QCOMPARE(slackEscape(u"x < y && z > 1"_s), u"x &lt; y &amp;&amp; z &gt; 1"_s);
}

void PayloadsTest::slackMentionsOnlyFromTheDirectory()
{
    NotificationMessage m = message(u"Checkout"_s, u"page.sent"_s);
    m.user = u"alice"_s;
    m.userDisplayName = u"Alice Ødegård"_s;
    m.chat = u"U024BE7LH"_s;
    m.page = u"p-1"_s;
    const QString all = slackTexts(slackPayload(m, s_context)).join(u'\n');
    QVERIFY2(all.contains(u"*Paged:*\n<@U024BE7LH>"_s), qPrintable(all));
    QVERIFY(all.contains(u"paging Alice Ødegård"_s));

    m.chat = u"@alice"_s; // not a member id: shown as text
    const QString plain = slackTexts(slackPayload(m, s_context)).join(u'\n');
    QVERIFY(plain.contains(u"*Paged:*\nAlice Ødegård (@alice)"_s));
}

void PayloadsTest::teamsHasTheDocumentedShape()
{
    const QJsonObject payload = teamsPayload(message(), s_context);
    const QJsonObject documented = sample("teams-workflow-adaptive-card.json");
    QCOMPARE(shape(payload), shape(documented));
    const QJsonObject attachment = payload[u"attachments"_s][0].toObject();
    QCOMPARE(attachment[u"contentType"_s].toString(),
             u"application/vnd.microsoft.card.adaptive"_s);
    const QJsonObject card = attachment[u"content"_s].toObject();
    QCOMPARE(card[u"version"_s].toString(), u"1.4"_s);
    QCOMPARE(card[u"$schema"_s], documented[u"attachments"_s][0][u"content"_s][u"$schema"_s]);
    QCOMPARE(card[u"actions"_s][0][u"url"_s].toString(), s_context.incidentUrl);
    QCOMPARE(card[u"body"_s][1][u"facts"_s][0][u"title"_s].toString(), u"Status"_s);

    // Without a public address there is no link to offer.
    const QJsonObject bare = teamsPayload(message(), RenderContext{u"n-1"_s, QString()});
    QVERIFY(!bare[u"attachments"_s][0][u"content"_s].toObject().contains(u"actions"_s));
}

void PayloadsTest::teamsEscapesLinks()
{
    NotificationMessage m = message(u"[click me](https://evil.example) **now**"_s);
    m.summary = u"see [here](https://evil.example)"_s;
    const QJsonObject card = teamsPayload(m, s_context)[u"attachments"_s][0][u"content"_s]
                                 .toObject();
    const QString title = card[u"body"_s][0][u"text"_s].toString();
    QVERIFY2(title.contains(u"\\[click me\\](https://evil.example) \\*\\*now\\*\\*"_s),
             qPrintable(title));
    QVERIFY(card[u"body"_s][2][u"text"_s].toString().contains(u"\\[here\\]"_s));
}

void PayloadsTest::pagerDutyTriggerAndResolve()
{
    const QString key = u"0123456789abcdef0123456789abcdef"_s;
    const QJsonObject trigger = pagerDutyPayload(message(), s_context, key);
    const QJsonObject documented = sample("pagerduty-events-v2-trigger.json");
    // Every field Firebreak sends is one the documentation names.
    const QStringList documentedShape = shape(documented);
    for (const QString &path : shape(trigger)) {
        if (!path.startsWith(u"$.payload.custom_details"_s)) {
            QVERIFY2(documentedShape.contains(path), qPrintable(path));
        }
    }
    QCOMPARE(trigger[u"routing_key"_s].toString(), key);
    QCOMPARE(trigger[u"event_action"_s].toString(), u"trigger"_s);
    QCOMPARE(trigger[u"payload"_s][u"severity"_s].toString(), u"error"_s); // P2
    QCOMPARE(trigger[u"payload"_s][u"source"_s].toString(), u"checkout"_s);
    QCOMPARE(trigger[u"payload"_s][u"timestamp"_s].toString(), u"2026-12-04T09:12:30.000Z"_s);
    QVERIFY(trigger[u"payload"_s][u"summary"_s].toString().contains(s_unicode));

    // Acknowledge and resolve reuse the trigger's dedup key and routing key.
    for (const QString &event : {u"incident.acknowledged"_s, u"incident.resolved"_s}) {
        const QJsonObject follow = pagerDutyPayload(message(s_unicode, event), s_context, key);
        QCOMPARE(follow[u"dedup_key"_s], trigger[u"dedup_key"_s]);
        QCOMPARE(follow[u"routing_key"_s].toString(), key);
        QCOMPARE(shape(follow), shape(sample("pagerduty-events-v2-resolve.json")));
    }
    QCOMPARE(pagerDutyPayload(message(s_unicode, u"incident.acknowledged"_s), s_context,
                              key)[u"event_action"_s].toString(),
             u"acknowledge"_s);
}

void PayloadsTest::pagerDutyLimits()
{
    NotificationMessage m = message(QString(2000, u'x'));
    m.severity = u"P1"_s;
    const QJsonObject trigger = pagerDutyPayload(m, s_context, u"k"_s);
    QCOMPARE(trigger[u"payload"_s][u"summary"_s].toString().size(), 1024);
    QCOMPARE(trigger[u"payload"_s][u"severity"_s].toString(), u"critical"_s);
    QVERIFY(trigger[u"dedup_key"_s].toString().size() <= 255);
    m.severity = u"P4"_s;
    QCOMPARE(pagerDutyPayload(m, s_context, u"k"_s)[u"payload"_s][u"severity"_s].toString(),
             u"info"_s);
}

void PayloadsTest::webhookBodyAndSignature()
{
    // Reference value computed independently (Python's hmac module).
    const auto headers = webhookSignature(QByteArrayLiteral("{\"a\":1}"),
                                          QByteArrayLiteral("test-signing-key-0001"), 1796400000);
    QCOMPARE(headers.size(), 2);
    QCOMPARE(headers.at(0).first, QByteArray("X-Firebreak-Timestamp"));
    QCOMPARE(headers.at(0).second, QByteArray("1796400000"));
    QCOMPARE(headers.at(1).second,
             QByteArray("v1=ce421a5840a534f165de9750ee0bdb0699b6c44d7bcac2a83cde6f739bc38e73"));

    const QJsonObject body = webhookPayload(message(), s_context);
    QCOMPARE(body[u"id"_s].toString(), u"n-1"_s);
    QCOMPARE(body[u"event"_s].toString(), u"incident.opened"_s);
    QCOMPARE(body[u"incident"_s][u"number"_s].toString(), u"INC-42"_s);
    QCOMPARE(body[u"incident"_s][u"url"_s].toString(), s_context.incidentUrl);
}

void PayloadsTest::unicodeSurvivesSerialisation()
{
    for (const QJsonObject &payload :
         {slackPayload(message(), s_context), teamsPayload(message(), s_context),
          webhookPayload(message(), s_context)}) {
        const QByteArray bytes = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        QVERIFY(bytes.contains(s_unicode.toUtf8())); // raw UTF-8, not mangled
        QCOMPARE(QJsonDocument::fromJson(bytes).object(), payload);
    }
}

QTEST_GUILESS_MAIN(PayloadsTest)
#include "tst_payloads.moc"
