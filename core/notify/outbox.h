// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Firebreak::Notify {

/// The kinds of channel Firebreak sends to.
const QStringList &channelKinds();

/**
 * Where notifications go. `settings` holds what is not secret (an SMTP host, a webhook URL
 * for signed webhooks, the events sent, filters); the secret (a Slack or Teams webhook URL, a
 * PagerDuty routing key, a signing key, an SMTP password) lives in the server's secret vault,
 * never in the log. `secretHint` says which one without giving it away.
 */
struct ChannelRecord
{
    QString id;
    QString name;
    QString kind;
    QJsonObject settings;
    QStringList events;
    QStringList services;
    QString minSeverity;
    bool enabled = true;
    bool deleted = false;
    QString secretHint;

    QJsonObject toJson() const;
    /// Whether an event of this type and severity (P1…P4) for this service is sent here.
    bool wants(const QString &eventType, const QString &severity, const QString &service) const;
};

/// What a notification says, captured when it was queued so that every retry says the same.
struct NotificationMessage
{
    QString event;
    QString incident;
    QString number;
    QString title;
    QString severity;
    QString status;
    QString service;
    QString summary;
    /// For follow-up e-mails (action-item reminders, digests): the subject and the body.
    QString subject;
    QString body;
    /// For pages: who is asked to respond, and how to reach them.
    QString page;
    QString user;
    QString userDisplayName;
    QString email;
    QString chat;
    qint64 at = 0;
    qint64 incidentCreatedAt = 0;

    QJsonObject toJson() const;
    /// One line for people: "[P1] INC-3 opened: Checkout fails".
    QString headline() const;
};

/// One notification in the outbox and where its delivery stands.
struct NotificationRecord
{
    enum class Status { Pending, Delivered, DeadLetter };

    QString id;
    QString channel;
    QString kind;
    /// E-mail recipients (empty for other kinds).
    QStringList recipients;
    NotificationMessage message;
    qint64 queuedAt = 0;
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    Status status = Status::Pending;
    QString lastError;
    qint64 finishedAt = 0;

    QJsonObject toJson() const;
};

/**
 * The persistent outbox as a fold of the event log: channels from `channel.*` events, and
 * notifications queued by the very events they report (an incident opened, a page sent, …),
 * so queueing is atomic with its cause. Outcomes come back as events: `notification.delivered`
 * and `notification.failed` (`page.delivered` and `page.failed` for pages), the latter with
 * the time of the next attempt or `deadLetter`; `notification.requeued` gives a dead letter
 * another round. Notification ids are name-based UUIDs of the causing event and channel, so
 * a rebuild gives every notification the same id: the idempotency key sent with it.
 */
class Outbox
{
public:
    /// Folds one event (an invalid one starts over); `projection` already includes it.
    void apply(const Projection &projection, const Event &event);
    void clear() { *this = Outbox(); }

    const ChannelRecord *channel(const QString &idOrName) const;
    QList<const ChannelRecord *> channels() const;
    const NotificationRecord *notification(const QString &id) const;
    /// Pending notifications whose next attempt is due at `now`, oldest first.
    QList<const NotificationRecord *> due(qint64 now) const;
    /// The earliest next attempt of any pending notification (0 when none is pending).
    qint64 nextDue() const;
    QList<const NotificationRecord *> deadLetters() const;
    /// Newest first; `limit` at most.
    QList<const NotificationRecord *> recent(int limit) const;
    int pendingCount() const;

private:
    void applyChannel(const Event &event, const QJsonObject &data);
    void applyOutcome(const Event &event, const QJsonObject &data);
    void queue(const Projection &projection, const Event &event, const QJsonObject &data);

    QHash<QString, ChannelRecord> m_channels;
    QHash<QString, NotificationRecord> m_notifications;
    QStringList m_order;
};

/// Events addressed to one person (a page, an action item's reminder or digest): e-mail goes to
/// the address in the event's `email`, whatever the channel's `to` says.
bool isPersonalEvent(const QString &eventType);

/// Maps a severity name to its rank (P1 = 1 … P4 = 4; unknown = 4).
int severityRank(const QString &severity);

} // namespace Firebreak::Notify
