// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "outbox.h"

#include <QJsonArray>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak::Notify {

namespace {

const QUuid s_notificationNamespace(u"0b7c5a4e-3f2d-5e1c-8b9a-7d6e5f4a3b2c"_s);

/// Events that may be sent to a channel; everything else never is.
const QStringList &notifiableEvents()
{
    static const QStringList events{u"incident.opened"_s,        u"incident.acknowledged"_s,
                                    u"incident.resolved"_s,      u"incident.reopened"_s,
                                    u"incident.closed"_s,        u"incident.severity_changed"_s,
                                    u"incident.status_changed"_s, u"page.sent"_s,
                                    u"page.acknowledged"_s,      u"escalation.exhausted"_s,
                                    u"action_item.reminded"_s,   u"action_item.flagged_overdue"_s,
                                    u"action_item.digest_compiled"_s,
                                    u"postmortem.deadline_missed"_s};
    return events;
}

/// Reminders and digests are for one person, whatever the incident's severity or service.
bool isFollowUpReminder(const QString &eventType)
{
    return eventType.startsWith(u"action_item.");
}

const QStringList s_pagerDutyEvents{u"incident.opened"_s, u"incident.acknowledged"_s,
                                    u"incident.resolved"_s, u"incident.closed"_s};

QJsonValue optional(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QString statusText(NotificationRecord::Status status)
{
    switch (status) {
    case NotificationRecord::Status::Pending:
        return u"pending"_s;
    case NotificationRecord::Status::Delivered:
        return u"delivered"_s;
    case NotificationRecord::Status::DeadLetter:
        return u"dead_letter"_s;
    }
    return {};
}

NotificationMessage snapshot(const Projection &projection, const Event &event,
                             const QJsonObject &data)
{
    NotificationMessage message;
    message.event = event.type;
    message.incident = event.incident;
    message.at = event.at;
    if (const IncidentRecord *incident = projection.incident(event.incident)) {
        message.number = incident->numberText();
        message.title = incident->title;
        message.severity = severityName(incident->severity);
        message.status = statusName(incident->status);
        message.service = incident->service;
        message.summary = incident->summary;
        message.incidentCreatedAt = incident->createdAt;
    }
    message.subject = data[u"subject"_s].toString();
    message.body = data[u"text"_s].toString();
    message.page = data[u"page"_s].toString();
    message.user = data[u"user"_s].toString();
    message.userDisplayName = data[u"displayName"_s].toString();
    message.email = data[u"email"_s].toString();
    message.chat = data[u"chat"_s].toString();
    return message;
}

} // namespace

const QStringList &channelKinds()
{
    static const QStringList kinds{u"slack"_s, u"teams"_s, u"pagerduty"_s, u"webhook"_s,
                                   u"email"_s};
    return kinds;
}

bool isPersonalEvent(const QString &eventType)
{
    return eventType == u"page.sent" || isFollowUpReminder(eventType);
}

int severityRank(const QString &severity)
{
    static const QStringList names{u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s};
    const qsizetype index = names.indexOf(severity);
    return index < 0 ? 4 : int(index) + 1;
}

QJsonObject ChannelRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"kind"_s, kind},
            {u"settings"_s, settings},
            {u"events"_s, QJsonArray::fromStringList(events)},
            {u"services"_s, QJsonArray::fromStringList(services)},
            {u"minSeverity"_s, minSeverity},
            {u"enabled"_s, enabled},
            {u"secretHint"_s, optional(secretHint)}};
}

bool ChannelRecord::wants(const QString &eventType, const QString &severity,
                          const QString &service) const
{
    if (!enabled || deleted || !events.contains(eventType)) {
        return false;
    }
    if (kind == u"pagerduty" && !s_pagerDutyEvents.contains(eventType)) {
        return false;
    }
    if (isFollowUpReminder(eventType)) {
        return true;
    }
    if (!services.isEmpty() && !services.contains(service)) {
        return false;
    }
    return severityRank(severity) <= severityRank(minSeverity);
}

QJsonObject NotificationMessage::toJson() const
{
    return {{u"event"_s, event},
            {u"incident"_s, optional(incident)},
            {u"number"_s, optional(number)},
            {u"title"_s, title},
            {u"severity"_s, optional(severity)},
            {u"status"_s, optional(status)},
            {u"service"_s, optional(service)},
            {u"user"_s, optional(user)},
            {u"page"_s, optional(page)},
            {u"at"_s, isoFromMs(at)}};
}

QString NotificationMessage::headline() const
{
    if (!subject.isEmpty()) {
        return number.isEmpty() ? subject : u"[%1] %2 %3"_s.arg(severity, number, subject);
    }
    QString what = event.section(u'.', 1).replace(u'_', u' ');
    if (event == u"page.sent") {
        what = u"paging %1"_s.arg(userDisplayName.isEmpty() ? user : userDisplayName);
    } else if (event == u"page.acknowledged") {
        what = u"page to %1 acknowledged"_s.arg(user);
    } else if (event == u"escalation.exhausted") {
        what = u"nobody acknowledged"_s;
    }
    return u"[%1] %2 %3: %4"_s.arg(severity, number, what, title);
}

QJsonObject NotificationRecord::toJson() const
{
    return {{u"id"_s, id},
            {u"channel"_s, channel},
            {u"kind"_s, kind},
            {u"recipients"_s, QJsonArray::fromStringList(recipients)},
            {u"message"_s, message.toJson()},
            {u"queuedAt"_s, isoFromMs(queuedAt)},
            {u"attempts"_s, attempts},
            {u"nextAttemptAt"_s, status == Status::Pending ? QJsonValue(isoFromMs(nextAttemptAt))
                                                           : QJsonValue()},
            {u"status"_s, statusText(status)},
            {u"lastError"_s, optional(lastError)},
            {u"finishedAt"_s, finishedAt > 0 ? QJsonValue(isoFromMs(finishedAt)) : QJsonValue()}};
}

void Outbox::apply(const Projection &projection, const Event &event)
{
    if (!event.isValid()) {
        clear();
        return;
    }
    const QString &type = event.type;
    const bool outcome = type.startsWith(u"notification.") || type == u"page.delivered"
        || type == u"page.failed";
    const bool relevant = type.startsWith(u"channel.") || outcome
        || (!m_channels.isEmpty() && notifiableEvents().contains(type));
    if (!relevant) {
        return;
    }
    const QJsonObject data = event.data();
    if (type.startsWith(u"channel.")) {
        applyChannel(event, data);
    } else if (outcome) {
        applyOutcome(event, data);
    } else {
        queue(projection, event, data);
    }
}

void Outbox::applyChannel(const Event &event, const QJsonObject &data)
{
    const QString id = data[u"id"_s].toString();
    if (event.type == u"channel.deleted") {
        if (auto it = m_channels.find(id); it != m_channels.end()) {
            it->deleted = true;
        }
        return;
    }
    ChannelRecord channel = m_channels.value(id);
    channel.id = id;
    channel.name = data[u"name"_s].toString();
    channel.kind = data[u"kind"_s].toString();
    channel.settings = data[u"settings"_s].toObject();
    channel.events = data[u"events"_s].toVariant().toStringList();
    channel.services = data[u"services"_s].toVariant().toStringList();
    channel.minSeverity = data[u"minSeverity"_s].toString(u"P4"_s);
    channel.enabled = data[u"enabled"_s].toBool(true);
    if (data.contains(u"secretHint"_s)) {
        channel.secretHint = data[u"secretHint"_s].toString();
    }
    m_channels.insert(id, channel);
}

void Outbox::applyOutcome(const Event &event, const QJsonObject &data)
{
    auto it = m_notifications.find(data[u"notification"_s].toString());
    if (it == m_notifications.end()) {
        return;
    }
    if (event.type == u"notification.requeued") {
        it->status = NotificationRecord::Status::Pending;
        it->attempts = 0;
        it->nextAttemptAt = event.at;
        it->finishedAt = 0;
        return;
    }
    it->attempts = qMax(it->attempts, data[u"attempt"_s].toInt());
    if (event.type.endsWith(u".delivered")) {
        it->status = NotificationRecord::Status::Delivered;
        it->finishedAt = event.at;
        it->lastError.clear();
        return;
    }
    it->lastError = data[u"error"_s].toString();
    if (data[u"deadLetter"_s].toBool()) {
        it->status = NotificationRecord::Status::DeadLetter;
        it->finishedAt = event.at;
    } else {
        it->nextAttemptAt = msFromIso(data[u"retryAt"_s].toString());
    }
}

void Outbox::queue(const Projection &projection, const Event &event, const QJsonObject &data)
{
    const NotificationMessage message = snapshot(projection, event, data);
    for (const ChannelRecord &channel : std::as_const(m_channels)) {
        if (!channel.wants(event.type, message.severity, message.service)) {
            continue;
        }
        QStringList recipients;
        if (channel.kind == u"email") {
            const bool page = isPersonalEvent(event.type);
            recipients = page ? QStringList{message.email}
                              : channel.settings[u"to"_s].toVariant().toStringList();
            if (event.type == u"page.sent" && !channel.settings[u"pages"_s].toBool(true)) {
                recipients.clear();
            }
            recipients.removeAll(QString());
            if (recipients.isEmpty()) {
                continue;
            }
        }
        NotificationRecord record;
        record.id = QUuid::createUuidV5(s_notificationNamespace, event.id + u':' + channel.id)
                        .toString(QUuid::WithoutBraces);
        record.channel = channel.id;
        record.kind = channel.kind;
        record.recipients = recipients;
        record.message = message;
        record.queuedAt = record.nextAttemptAt = event.at;
        m_order.append(record.id);
        m_notifications.insert(record.id, record);
    }
}

const ChannelRecord *Outbox::channel(const QString &idOrName) const
{
    if (const auto it = m_channels.constFind(idOrName); it != m_channels.cend()) {
        return &*it;
    }
    for (const ChannelRecord &channel : m_channels) {
        if (channel.name == idOrName && !channel.deleted) {
            return &channel;
        }
    }
    return nullptr;
}

QList<const ChannelRecord *> Outbox::channels() const
{
    QList<const ChannelRecord *> list;
    for (const ChannelRecord &channel : m_channels) {
        if (!channel.deleted) {
            list.append(&channel);
        }
    }
    std::sort(list.begin(), list.end(), [](const ChannelRecord *a, const ChannelRecord *b) {
        return a->name < b->name;
    });
    return list;
}

const NotificationRecord *Outbox::notification(const QString &id) const
{
    const auto it = m_notifications.constFind(id);
    return it == m_notifications.cend() ? nullptr : &*it;
}

QList<const NotificationRecord *> Outbox::due(qint64 now) const
{
    QList<const NotificationRecord *> list;
    for (const QString &id : m_order) {
        const NotificationRecord *record = notification(id);
        if (record->status == NotificationRecord::Status::Pending && record->nextAttemptAt <= now) {
            list.append(record);
        }
    }
    return list;
}

qint64 Outbox::nextDue() const
{
    qint64 next = 0;
    for (const NotificationRecord &record : m_notifications) {
        if (record.status == NotificationRecord::Status::Pending
            && (next == 0 || record.nextAttemptAt < next)) {
            next = record.nextAttemptAt;
        }
    }
    return next;
}

QList<const NotificationRecord *> Outbox::deadLetters() const
{
    QList<const NotificationRecord *> list;
    for (const QString &id : m_order) {
        if (notification(id)->status == NotificationRecord::Status::DeadLetter) {
            list.append(notification(id));
        }
    }
    return list;
}

QList<const NotificationRecord *> Outbox::recent(int limit) const
{
    QList<const NotificationRecord *> list;
    for (auto it = m_order.crbegin(); it != m_order.crend() && list.size() < limit; ++it) {
        list.append(notification(*it));
    }
    return list;
}

int Outbox::pendingCount() const
{
    return int(std::count_if(m_notifications.cbegin(), m_notifications.cend(),
                             [](const NotificationRecord &record) {
                                 return record.status == NotificationRecord::Status::Pending;
                             }));
}

} // namespace Firebreak::Notify
