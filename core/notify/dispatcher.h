// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "notify/outbox.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QHash>
#include <QTimer>

#include <functional>
#include <memory>
#include <unordered_map>

namespace Firebreak::Notify {

class SecretVault;

/// How hard the dispatcher tries. Delays in milliseconds.
struct DispatchOptions
{
    int maxAttempts = 8;
    qint64 baseDelayMs = 2000;
    qint64 maxDelayMs = 5 * 60 * 1000;
    int timeoutMs = 10000;
    int maxInFlight = 64;
    /// Attempts under way to one channel at a time: a channel whose endpoint hangs or answers
    /// slowly holds no more than these, and the other channels' notifications go on.
    int maxInFlightPerChannel = 2;
    /// Base address of incident links ("https://firebreak.example.com"); empty: no links.
    QString publicUrl;
    /// Host name used in e-mail Message-IDs.
    QString host = QStringLiteral("firebreak.invalid");

    /// Reads FIREBREAK_NOTIFY_* and FIREBREAK_PUBLIC_URL from the environment over defaults.
    static DispatchOptions fromEnvironment();
};

/**
 * Delivers the outbox: every due notification is rendered for its channel and sent (HTTP for
 * Slack, Teams, PagerDuty and signed webhooks, SMTP for e-mail); the outcome is handed to
 * `record` as an event to append, and the notification stays "in flight" until `record` says
 * the event is committed, so it is never sent twice by this process. A failure schedules the
 * next attempt with exponential backoff and equal jitter (half the delay fixed, half random);
 * after `maxAttempts`, or at once for a refusal that cannot succeed (HTTP 4xx other than 408
 * and 429, a redirect, an SMTP 5xx, a missing secret), it becomes a dead letter. Redirects are
 * not followed: a POST redirected arrives as a GET without its body, or somewhere else than
 * the channel says. Each channel has at most `maxInFlightPerChannel` attempts under way, so
 * that one slow or hung endpoint does not hold back the others. Lives on the server's thread.
 */
class Dispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dispatcher)
public:
    using Recorder = std::function<void(Event event, std::function<void()> recorded)>;

    Dispatcher(const Outbox &outbox, const SecretVault &vault, Recorder record,
               QObject *parent = nullptr);
    ~Dispatcher() override;

    void setOptions(const DispatchOptions &options) { m_options = options; }
    const DispatchOptions &options() const { return m_options; }
    /// Milliseconds since the epoch; injected so tests control time.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    /// Starts checking for due work (every 200 ms, and whenever poke() is called).
    void start();
    void poke();
    int inFlight() const { return int(m_inFlight.size()); }

    /// The delay before attempt `attempt + 1` after `attempt` failed, jitter included.
    static qint64 backoff(const DispatchOptions &options, int attempt, double random);

Q_SIGNALS:
    /// An attempt ended (before its outcome is committed); for tests and diagnostics.
    void attempted(const QString &notification, bool delivered);

private:
    struct Attempt;

    void pump();
    void deliver(const NotificationRecord &record);
    void deliverHttp(const NotificationRecord &record, const ChannelRecord &channel,
                     const QString &secret);
    void deliverEmail(const NotificationRecord &record, const ChannelRecord &channel,
                      const QString &secret);
    void finish(const NotificationRecord &record, bool ok, const QString &error, bool permanent);
    QString incidentUrl(const NotificationMessage &message) const;

    const Outbox &m_outbox;
    const SecretVault &m_vault;
    Recorder m_record;
    DispatchOptions m_options;
    std::function<qint64()> m_clock;
    /// One per channel, each with its own connections: Qt's network access keeps at most six
    /// to one host and queues the rest, so channels sharing a host (every Slack channel) would
    /// otherwise wait behind one another's hung requests, and time out unsent.
    QNetworkAccessManager &network(const QString &channel);
    std::unordered_map<QString, std::unique_ptr<QNetworkAccessManager>> m_networks;
    QTimer m_timer;
    /// Notification id → its channel, while an attempt is under way.
    QHash<QString, QString> m_inFlight;
    QHash<QString, int> m_inFlightByChannel;
};

} // namespace Firebreak::Notify
