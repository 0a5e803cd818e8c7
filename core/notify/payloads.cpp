// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "payloads.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Firebreak::Notify {

namespace {

constexpr int s_slackHeaderMax = 150;
constexpr int s_pagerDutySummaryMax = 1024;

QString orDash(const QString &text)
{
    return text.isEmpty() ? u"–"_s : text;
}

QString capitalised(const QString &text)
{
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
}

/// Whom a page asks for, as Slack mrkdwn: a member id from the directory becomes a mention
/// (deliberately: the directory, not alert text, says whom to mention).
QString slackPerson(const NotificationMessage &message)
{
    static const QRegularExpression memberId(u"^[UW][A-Z0-9]{2,20}$"_s);
    const QString name = message.userDisplayName.isEmpty() ? message.user
                                                           : message.userDisplayName;
    if (memberId.match(message.chat).hasMatch()) {
        return u"<@%1>"_s.arg(message.chat);
    }
    return slackEscape(message.chat.isEmpty() ? name : u"%1 (%2)"_s.arg(name, message.chat));
}

QJsonObject mrkdwn(const QString &text)
{
    return {{u"type"_s, u"mrkdwn"_s}, {u"text"_s, text}};
}

QString pagerDutySeverity(const QString &severity)
{
    switch (severityRank(severity)) {
    case 1:
        return u"critical"_s;
    case 2:
        return u"error"_s;
    case 3:
        return u"warning"_s;
    default:
        return u"info"_s;
    }
}

} // namespace

QString slackEscape(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'&', u"&amp;"_s);
    escaped.replace(u'<', u"&lt;"_s);
    escaped.replace(u'>', u"&gt;"_s);
    return escaped;
}

QString teamsEscape(const QString &text)
{
    static const QString special = u"\\[]*_~`"_s;
    QString escaped;
    escaped.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (special.contains(c)) {
            escaped += u'\\';
        }
        escaped += c;
    }
    return escaped;
}

QJsonObject slackPayload(const NotificationMessage &message, const RenderContext &context)
{
    const QString headline = message.headline();
    QJsonArray fields{
        mrkdwn(u"*Status:*\n"_s + slackEscape(capitalised(message.status))),
        mrkdwn(u"*Severity:*\n"_s + slackEscape(orDash(message.severity))),
        mrkdwn(u"*Service:*\n"_s + slackEscape(orDash(message.service))),
        mrkdwn(u"*Started:*\n<!date^%1^{date_short_pretty} {time}|%2>"_s
                   .arg(message.incidentCreatedAt / 1000)
                   .arg(utcText(message.incidentCreatedAt))),
    };
    if (message.event.startsWith(u"page.")) {
        fields.append(mrkdwn(u"*Paged:*\n"_s + slackPerson(message)));
    }
    QString detail = slackEscape(message.summary.isEmpty() ? message.title : message.summary);
    if (!context.incidentUrl.isEmpty()) {
        detail += u" <%1|Open in Firebreak>"_s.arg(context.incidentUrl);
    }
    const QJsonObject header{{u"type"_s, u"plain_text"_s},
                             {u"text"_s, slackEscape(u"%1: %2"_s.arg(message.severity,
                                                                     message.title)
                                                         .left(s_slackHeaderMax))},
                             {u"emoji"_s, true}};
    return {{u"text"_s, slackEscape(headline)},
            {u"blocks"_s, QJsonArray{QJsonObject{{u"type"_s, u"header"_s}, {u"text"_s, header}},
                                     QJsonObject{{u"type"_s, u"section"_s},
                                                 {u"fields"_s, fields}},
                                     QJsonObject{{u"type"_s, u"section"_s},
                                                 {u"text"_s, mrkdwn(detail)}}}}};
}

QJsonObject teamsPayload(const NotificationMessage &message, const RenderContext &context)
{
    QJsonArray facts{
        QJsonObject{{u"title"_s, u"Status"_s},
                    {u"value"_s, teamsEscape(capitalised(orDash(message.status)))}},
        QJsonObject{{u"title"_s, u"Severity"_s},
                    {u"value"_s, teamsEscape(orDash(message.severity))}},
        QJsonObject{{u"title"_s, u"Service"_s}, {u"value"_s, teamsEscape(orDash(message.service))}},
        QJsonObject{{u"title"_s, u"Started"_s}, {u"value"_s, utcText(message.incidentCreatedAt)}},
    };
    if (message.event.startsWith(u"page.")) {
        const QString who = message.userDisplayName.isEmpty() ? message.user
                                                              : message.userDisplayName;
        facts.append(QJsonObject{{u"title"_s, u"Paged"_s}, {u"value"_s, teamsEscape(who)}});
    }
    QJsonArray body{
        QJsonObject{{u"type"_s, u"TextBlock"_s},
                    {u"size"_s, u"Large"_s},
                    {u"weight"_s, u"Bolder"_s},
                    {u"wrap"_s, true},
                    {u"text"_s, teamsEscape(message.headline())}},
        QJsonObject{{u"type"_s, u"FactSet"_s}, {u"facts"_s, facts}},
    };
    if (!message.summary.isEmpty()) {
        body.append(QJsonObject{{u"type"_s, u"TextBlock"_s},
                                {u"wrap"_s, true},
                                {u"text"_s, teamsEscape(message.summary)}});
    }
    QJsonObject card{{u"$schema"_s, u"http://adaptivecards.io/schemas/adaptive-card.json"_s},
                     {u"type"_s, u"AdaptiveCard"_s},
                     {u"version"_s, u"1.4"_s},
                     {u"body"_s, body}};
    if (!context.incidentUrl.isEmpty()) {
        card.insert(u"actions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Action.OpenUrl"_s},
                                                         {u"title"_s, u"Open in Firebreak"_s},
                                                         {u"url"_s, context.incidentUrl}}});
    }
    const QJsonObject attachment{{u"contentType"_s, u"application/vnd.microsoft.card.adaptive"_s},
                                 {u"contentUrl"_s, QJsonValue()},
                                 {u"content"_s, card}};
    return {{u"type"_s, u"message"_s}, {u"attachments"_s, QJsonArray{attachment}}};
}

QJsonObject pagerDutyPayload(const NotificationMessage &message, const RenderContext &context,
                             const QString &routingKey)
{
    const QString dedupKey = u"firebreak-"_s + message.incident;
    if (message.event != u"incident.opened") {
        const bool acknowledge = message.event == u"incident.acknowledged";
        return {{u"routing_key"_s, routingKey},
                {u"event_action"_s, acknowledge ? u"acknowledge"_s : u"resolve"_s},
                {u"dedup_key"_s, dedupKey}};
    }
    QJsonObject payload{
        {u"summary"_s, u"%1 %2"_s.arg(message.number, message.title).left(s_pagerDutySummaryMax)},
        {u"source"_s, message.service.isEmpty() ? u"firebreak"_s : message.service},
        {u"severity"_s, pagerDutySeverity(message.severity)},
        {u"timestamp"_s, isoFromMs(message.incidentCreatedAt > 0 ? message.incidentCreatedAt
                                                                  : message.at)},
        {u"class"_s, u"incident"_s},
        {u"custom_details"_s, QJsonObject{{u"incident"_s, message.number},
                                          {u"firebreakId"_s, message.incident},
                                          {u"severity"_s, message.severity},
                                          {u"status"_s, message.status}}},
    };
    if (!message.service.isEmpty()) {
        payload.insert(u"component"_s, message.service);
    }
    QJsonObject event{{u"routing_key"_s, routingKey},
                      {u"event_action"_s, u"trigger"_s},
                      {u"dedup_key"_s, dedupKey},
                      {u"payload"_s, payload},
                      {u"client"_s, u"Firebreak"_s}};
    if (!context.incidentUrl.isEmpty()) {
        event.insert(u"client_url"_s, context.incidentUrl);
        event.insert(u"links"_s, QJsonArray{QJsonObject{{u"href"_s, context.incidentUrl},
                                                        {u"text"_s, u"Open in Firebreak"_s}}});
    }
    return event;
}

QJsonObject webhookPayload(const NotificationMessage &message, const RenderContext &context)
{
    QJsonObject incident{{u"id"_s, message.incident},
                         {u"number"_s, message.number},
                         {u"title"_s, message.title},
                         {u"severity"_s, message.severity},
                         {u"status"_s, message.status},
                         {u"service"_s, message.service}};
    if (!context.incidentUrl.isEmpty()) {
        incident.insert(u"url"_s, context.incidentUrl);
    }
    QJsonObject body{{u"id"_s, context.notificationId},
                     {u"event"_s, message.event},
                     {u"at"_s, isoFromMs(message.at)},
                     {u"incident"_s, incident}};
    if (!message.page.isEmpty()) {
        body.insert(u"page"_s, QJsonObject{{u"id"_s, message.page}, {u"user"_s, message.user}});
    }
    return body;
}

QList<QPair<QByteArray, QByteArray>> webhookSignature(const QByteArray &body,
                                                      const QByteArray &key, qint64 unixSeconds)
{
    const QByteArray timestamp = QByteArray::number(unixSeconds);
    const QByteArray mac = QMessageAuthenticationCode::hash(timestamp + '.' + body, key,
                                                            QCryptographicHash::Sha256);
    return {{"X-Firebreak-Timestamp", timestamp}, {"X-Firebreak-Signature", "v1=" + mac.toHex()}};
}

} // namespace Firebreak::Notify
