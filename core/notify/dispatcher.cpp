// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "dispatcher.h"

#include "notify/email.h"
#include "notify/payloads.h"
#include "notify/secretvault.h"
#include "notify/smtpclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNotify, "firebreak.notify", QtWarningMsg)

namespace Firebreak::Notify {

namespace {

qint64 environmentNumber(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

/// An HTTP failure in words that never include the URL (which may be the secret).
QString httpError(QNetworkReply *reply, int status)
{
    if (status > 0) {
        return u"HTTP %1"_s.arg(status);
    }
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        return u"timed out"_s;
    }
    const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
        reply->error());
    return u"network error: "_s + QString::fromLatin1(name ? name : "unknown");
}

} // namespace

DispatchOptions DispatchOptions::fromEnvironment()
{
    DispatchOptions options;
    options.maxAttempts = int(environmentNumber("FIREBREAK_NOTIFY_MAX_ATTEMPTS",
                                                options.maxAttempts));
    options.baseDelayMs = environmentNumber("FIREBREAK_NOTIFY_RETRY_BASE_MS", options.baseDelayMs);
    options.maxDelayMs = environmentNumber("FIREBREAK_NOTIFY_RETRY_MAX_MS", options.maxDelayMs);
    options.timeoutMs = int(environmentNumber("FIREBREAK_NOTIFY_TIMEOUT_MS", options.timeoutMs));
    options.publicUrl = qEnvironmentVariable("FIREBREAK_PUBLIC_URL");
    if (!options.publicUrl.isEmpty()) {
        options.host = QUrl(options.publicUrl).host();
    }
    return options;
}

Dispatcher::Dispatcher(const Outbox &outbox, const SecretVault &vault, Recorder record,
                       QObject *parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_vault(vault)
    , m_record(std::move(record))
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &Dispatcher::pump);
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::start()
{
    m_timer.start();
    poke();
}

void Dispatcher::poke()
{
    QMetaObject::invokeMethod(this, &Dispatcher::pump, Qt::QueuedConnection);
}

qint64 Dispatcher::backoff(const DispatchOptions &options, int attempt, double random)
{
    qint64 delay = options.baseDelayMs;
    for (int i = 1; i < attempt && delay < options.maxDelayMs; ++i) {
        delay *= 2;
    }
    delay = qMin(delay, options.maxDelayMs);
    return delay / 2 + qint64(double(delay / 2) * qBound(0.0, random, 1.0));
}

void Dispatcher::pump()
{
    const QList<const NotificationRecord *> due = m_outbox.due(m_clock());
    for (const NotificationRecord *record : due) {
        if (m_inFlight.size() >= m_options.maxInFlight) {
            return;
        }
        if (m_inFlight.contains(record->id)
            || m_inFlightByChannel.value(record->channel) >= m_options.maxInFlightPerChannel) {
            continue;
        }
        m_inFlight.insert(record->id, record->channel);
        ++m_inFlightByChannel[record->channel];
        deliver(*record);
    }
}

void Dispatcher::deliver(const NotificationRecord &record)
{
    const ChannelRecord *channel = m_outbox.channel(record.channel);
    if (!channel || channel->deleted) {
        finish(record, false, u"the channel was deleted"_s, true);
        return;
    }
    const QString secret = m_vault.secret(channel->id);
    if (secret.isEmpty() && channel->kind != u"email") {
        finish(record, false, u"no secret is stored for channel %1"_s.arg(channel->name), true);
        return;
    }
    if (channel->kind == u"email") {
        deliverEmail(record, *channel, secret);
    } else {
        deliverHttp(record, *channel, secret);
    }
}

QString Dispatcher::incidentUrl(const NotificationMessage &message) const
{
    if (m_options.publicUrl.isEmpty() || message.number.isEmpty()) {
        return {};
    }
    QString base = m_options.publicUrl;
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    return base + u"/incidents/"_s + message.number;
}

void Dispatcher::deliverHttp(const NotificationRecord &record, const ChannelRecord &channel,
                             const QString &secret)
{
    const RenderContext context{record.id, incidentUrl(record.message)};
    QJsonObject payload;
    QUrl url(secret);
    if (channel.kind == u"slack") {
        payload = slackPayload(record.message, context);
    } else if (channel.kind == u"teams") {
        payload = teamsPayload(record.message, context);
    } else if (channel.kind == u"pagerduty") {
        payload = pagerDutyPayload(record.message, context, secret);
        url = QUrl(channel.settings[u"url"_s].toString(
            u"https://events.pagerduty.com/v2/enqueue"_s));
    } else {
        payload = webhookPayload(record.message, context);
        url = QUrl(channel.settings[u"url"_s].toString());
    }
    const QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);

    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json; charset=utf-8");
    request.setRawHeader("User-Agent", "Firebreak/" FIREBREAK_VERSION);
    request.setRawHeader("Idempotency-Key", record.id.toLatin1());
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (channel.kind == u"webhook") {
        request.setRawHeader("X-Firebreak-Delivery", record.id.toLatin1());
        request.setRawHeader("X-Firebreak-Event", record.message.event.toLatin1());
        const auto signature = webhookSignature(body, secret.toUtf8(), m_clock() / 1000);
        for (const auto &[name, value] : signature) {
            request.setRawHeader(name, value);
        }
    }

    QNetworkReply *reply = network(record.channel).post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, record]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            finish(record, true, QString(), false);
            return;
        }
        if (status >= 300 && status < 400) {
            // Where it points is not said: a Slack or Teams address is itself a secret.
            finish(record, false,
                   u"HTTP %1, a redirect: not followed; give the channel the address it points"
                   " to"_s.arg(status),
                   true);
            return;
        }
        const bool permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        finish(record, false, httpError(reply, status), permanent);
    });
}

QNetworkAccessManager &Dispatcher::network(const QString &channel)
{
    std::unique_ptr<QNetworkAccessManager> &network = m_networks[channel];
    if (!network) {
        network = std::make_unique<QNetworkAccessManager>();
        // Pages go straight to their endpoint; a proxy from the environment is not consulted.
        network->setProxy(QNetworkProxy::NoProxy);
    }
    return *network;
}

void Dispatcher::deliverEmail(const NotificationRecord &record, const ChannelRecord &channel,
                              const QString &secret)
{
    const QJsonObject &settings = channel.settings;
    SmtpSettings smtp;
    smtp.host = settings[u"host"_s].toString();
    smtp.port = quint16(settings[u"port"_s].toInt(587));
    smtp.security = settings[u"security"_s].toString(u"starttls"_s);
    smtp.username = settings[u"username"_s].toString();
    smtp.password = secret;
    smtp.timeoutMs = m_options.timeoutMs;
    smtp.heloName = m_options.host;
    if (const QString caFile = settings[u"caFile"_s].toString(); !caFile.isEmpty()) {
        smtp.caCertificates = QSslCertificate::fromPath(caFile);
    }

    const QString from = settings[u"from"_s].toString();
    const EmailMessage email = emailFor(record, from, incidentUrl(record.message),
                                        m_options.host);
    auto *client = new SmtpClient(this);
    connect(client, &SmtpClient::finished, this,
            [this, client, record](bool ok, const QString &error, bool permanent) {
                client->deleteLater();
                finish(record, ok, error, permanent);
            });
    client->send(smtp, from, record.recipients, composeEmail(email));
}

void Dispatcher::finish(const NotificationRecord &record, bool ok, const QString &error,
                        bool permanent)
{
    const ChannelRecord *channel = m_outbox.channel(record.channel);
    const QString channelName = channel ? channel->name : record.channel;
    const int attempt = record.attempts + 1;
    const bool page = !record.message.page.isEmpty();
    QJsonObject data{{u"notification"_s, record.id},
                     {u"channel"_s, record.channel},
                     {u"channelName"_s, channelName},
                     {u"kind"_s, record.kind},
                     {u"attempt"_s, attempt}};
    if (page) {
        data.insert(u"page"_s, record.message.page);
        data.insert(u"user"_s, record.message.user);
    }

    QString type = page ? u"page.delivered"_s : u"notification.delivered"_s;
    if (!ok) {
        type = page ? u"page.failed"_s : u"notification.failed"_s;
        data.insert(u"error"_s, error.left(500));
        if (permanent || attempt >= m_options.maxAttempts) {
            data.insert(u"deadLetter"_s, true);
            qCWarning(lcNotify).noquote() << "notification" << record.id << "to" << channelName
                                          << "dead-lettered after attempt" << attempt << ":"
                                          << error;
        } else {
            const qint64 delay = backoff(m_options, attempt,
                                         QRandomGenerator::global()->generateDouble());
            data.insert(u"retryAt"_s, isoFromMs(m_clock() + delay));
            qCInfo(lcNotify).noquote() << "notification" << record.id << "to" << channelName
                                       << "failed (attempt" << attempt << "):" << error
                                       << "; next in" << delay << "ms";
        }
    }
    Q_EMIT attempted(record.id, ok);

    Event event = makeEvent(type, u"system"_s, record.message.incident, data);
    event.at = m_clock();
    const QPointer<Dispatcher> self(this);
    const QString id = record.id;
    m_record(event, [self, id]() {
        if (self) {
            const QString channel = self->m_inFlight.take(id);
            if (--self->m_inFlightByChannel[channel] <= 0) {
                self->m_inFlightByChannel.remove(channel);
            }
            self->poke();
        }
    });
}

} // namespace Firebreak::Notify
