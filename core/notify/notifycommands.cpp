// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "notifycommands.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak::Notify {

namespace {

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

/// https anywhere; plain http only to this machine (local relays and tests).
bool acceptableUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return false;
    }
    if (url.scheme() == u"https") {
        return true;
    }
    return url.scheme() == u"http" && QHostAddress(url.host()).isLoopback();
}

bool validEmail(const QString &address)
{
    static const QRegularExpression pattern(
        u"^[^\\s@<>,;:\"()\\[\\]]{1,64}@[A-Za-z0-9.-]{1,190}$"_s);
    return pattern.match(address).hasMatch();
}

QStringList defaultEvents(const QString &kind)
{
    if (kind == u"pagerduty") {
        return {u"incident.opened"_s, u"incident.acknowledged"_s, u"incident.resolved"_s};
    }
    if (kind == u"email") {
        return {u"page.sent"_s, u"action_item.reminded"_s, u"action_item.flagged_overdue"_s,
                u"action_item.digest_compiled"_s};
    }
    return {u"incident.opened"_s, u"incident.acknowledged"_s, u"incident.resolved"_s,
            u"page.sent"_s, u"escalation.exhausted"_s};
}

QString emailProblem(const QJsonObject &settings)
{
    const int port = settings[u"port"_s].toInt(587);
    const QString security = settings[u"security"_s].toString(u"starttls"_s);
    if (settings[u"host"_s].toString().isEmpty() || port < 1 || port > 65535) {
        return u"an e-mail channel needs settings.host and a port of 1 to 65535"_s;
    }
    if (!QStringList{u"none"_s, u"starttls"_s, u"tls"_s}.contains(security)) {
        return u"settings.security must be none, starttls or tls"_s;
    }
    if (!validEmail(settings[u"from"_s].toString())) {
        return u"settings.from must be an e-mail address"_s;
    }
    const QStringList to = settings[u"to"_s].toVariant().toStringList();
    for (const QString &address : to) {
        if (!validEmail(address)) {
            return u"settings.to must list e-mail addresses"_s;
        }
    }
    return {};
}

/// Checks a channel's kind, settings and secret; empty when all is well.
QString channelProblem(const QString &kind, const QJsonObject &settings, const QString &secret,
                       bool secretRequired)
{
    if (!channelKinds().contains(kind)) {
        return u"kind must be one of "_s + channelKinds().join(u", "_s);
    }
    const bool urlSecret = kind == u"slack" || kind == u"teams";
    if (secretRequired && secret.isEmpty() && kind != u"email") {
        return urlSecret ? u"secret must be the webhook URL"_s
                         : u"secret must be the %1"_s.arg(kind == u"pagerduty"
                                                              ? u"routing key"_s
                                                              : u"signing key"_s);
    }
    if (urlSecret && !secret.isEmpty() && !acceptableUrl(secret)) {
        return u"the webhook URL must be https (or http to this machine)"_s;
    }
    if (kind == u"webhook" && !secret.isEmpty() && secret.size() < 16) {
        return u"a signing key needs at least 16 characters"_s;
    }
    if ((kind == u"webhook" || (kind == u"pagerduty" && settings.contains(u"url"_s)))
        && !acceptableUrl(settings[u"url"_s].toString())) {
        return u"settings.url must be https (or http to this machine)"_s;
    }
    return kind == u"email" ? emailProblem(settings) : QString();
}

struct ChannelFields
{
    QString name;
    QString kind;
    QJsonObject settings;
    QStringList events;
    QStringList services;
    QString minSeverity;
    bool enabled = true;
};

CommandDecision defineChannel(const Outbox &outbox, const QJsonObject &command,
                              const CommandContext &context, bool create)
{
    const ChannelRecord *existing = create
        ? nullptr
        : outbox.channel(command.value(u"channel"_s).toString());
    if (!create && !existing) {
        return CommandDecision::refuse(404, u"not_found"_s, u"no such channel"_s);
    }
    ChannelFields fields{existing ? existing->name : QString(),
                         existing ? existing->kind : command.value(u"kind"_s).toString(),
                         existing ? existing->settings : QJsonObject(),
                         existing ? existing->events : QStringList(),
                         existing ? existing->services : QStringList(),
                         existing ? existing->minSeverity : u"P4"_s,
                         existing ? existing->enabled : true};
    if (command.contains(u"name"_s)) {
        fields.name = command.value(u"name"_s).toString().trimmed();
    }
    if (command.contains(u"settings"_s)) {
        fields.settings = command.value(u"settings"_s).toObject();
    }
    if (command.contains(u"events"_s)) {
        fields.events = command.value(u"events"_s).toVariant().toStringList();
    } else if (create) {
        fields.events = defaultEvents(fields.kind);
    }
    if (command.contains(u"services"_s)) {
        fields.services = command.value(u"services"_s).toVariant().toStringList();
    }
    fields.minSeverity = command.value(u"minSeverity"_s).toString(fields.minSeverity);
    fields.enabled = command.value(u"enabled"_s).toBool(fields.enabled);

    const QString secret = command.value(u"secret"_s).toString().trimmed();
    if (fields.name.isEmpty() || fields.name.size() > 100) {
        return badRequest(u"a channel needs a name of 1 to 100 characters"_s);
    }
    if (const QString problem = channelProblem(fields.kind, fields.settings, secret, create);
        !problem.isEmpty()) {
        return badRequest(problem);
    }
    if (severityRank(fields.minSeverity) == 4 && fields.minSeverity != u"P4") {
        return badRequest(u"minSeverity must be P1, P2, P3 or P4"_s);
    }
    const ChannelRecord *sameName = outbox.channel(fields.name);
    if (sameName && (!existing || sameName->id != existing->id)) {
        return CommandDecision::refuse(409, u"conflict"_s,
                                       u"a channel named \"%1\" exists"_s.arg(fields.name));
    }

    QJsonObject data{{u"id"_s, existing ? existing->id : newUuid()},
                     {u"name"_s, fields.name},
                     {u"kind"_s, fields.kind},
                     {u"settings"_s, fields.settings},
                     {u"events"_s, QJsonArray::fromStringList(fields.events)},
                     {u"services"_s, QJsonArray::fromStringList(fields.services)},
                     {u"minSeverity"_s, fields.minSeverity},
                     {u"enabled"_s, fields.enabled}};
    if (!secret.isEmpty()) {
        data.insert(u"secretHint"_s, secretHint(fields.kind, secret));
    }
    Event event = makeEvent(create ? u"channel.created"_s : u"channel.updated"_s, context.actor,
                            QString(), data);
    event.at = context.now;
    return {true, 200, {}, {}, {event}};
}

CommandDecision retry(const Outbox &outbox, const QJsonObject &command,
                      const CommandContext &context)
{
    const NotificationRecord *record
        = outbox.notification(command.value(u"notification"_s).toString());
    if (!record) {
        return CommandDecision::refuse(404, u"not_found"_s, u"no such notification"_s);
    }
    if (record->status != NotificationRecord::Status::DeadLetter) {
        return CommandDecision::refuse(409, u"conflict"_s,
                                       u"only a dead-lettered notification can be retried"_s);
    }
    Event event = makeEvent(u"notification.requeued"_s, context.actor, record->message.incident,
                            {{u"notification"_s, record->id}, {u"channel"_s, record->channel}});
    event.at = context.now;
    return {true, 200, {}, {}, {event}};
}

} // namespace

QStringList notifyCommandTypes()
{
    return {u"channel.create"_s, u"channel.update"_s, u"channel.delete"_s,
            u"notification.retry"_s};
}

bool isNotifyCommand(const QString &type)
{
    return notifyCommandTypes().contains(type);
}

QString secretHint(const QString &kind, const QString &secret)
{
    if (kind == u"slack" || kind == u"teams") {
        const QUrl url(secret);
        return url.scheme() + u"://"_s + url.host() + u"/…"_s;
    }
    if (kind == u"email") {
        return u"password set"_s;
    }
    return u"…"_s + secret.right(4);
}

CommandDecision decideNotifyCommand(const Outbox &outbox, const QJsonObject &command,
                                    const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (type == u"channel.create" || type == u"channel.update") {
        return defineChannel(outbox, command, context, type == u"channel.create");
    }
    if (type == u"notification.retry") {
        return retry(outbox, command, context);
    }
    if (type != u"channel.delete") {
        return badRequest(u"unknown command type \"%1\""_s.arg(type.left(64)));
    }
    const ChannelRecord *channel = outbox.channel(command.value(u"channel"_s).toString());
    if (!channel) {
        return CommandDecision::refuse(404, u"not_found"_s, u"no such channel"_s);
    }
    Event event = makeEvent(u"channel.deleted"_s, context.actor, QString(),
                            {{u"id"_s, channel->id}, {u"name"_s, channel->name}});
    event.at = context.now;
    return {true, 200, {}, {}, {event}};
}

} // namespace Firebreak::Notify
