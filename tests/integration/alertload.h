// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "serverprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <memory>
#include <vector>

namespace Firebreak::Testing {

/// An Alertmanager webhook (version 4) with one firing alert per fingerprint.
inline QByteArray alertmanagerWebhook(const QStringList &fingerprints)
{
    QJsonArray alerts;
    for (const QString &fingerprint : fingerprints) {
        alerts.append(QJsonObject{
            {QStringLiteral("status"), QStringLiteral("firing")},
            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("alertname"),
                                                    QStringLiteral("LoadAlert")},
                                                   {QStringLiteral("instance"), fingerprint},
                                                   {QStringLiteral("severity"),
                                                    QStringLiteral("warning")}}},
            {QStringLiteral("annotations"), QJsonObject{}},
            {QStringLiteral("startsAt"), QStringLiteral("2026-01-01T00:00:00Z")},
            {QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00Z")},
            {QStringLiteral("fingerprint"), fingerprint}});
    }
    const QJsonObject body{{QStringLiteral("version"), QStringLiteral("4")},
                           {QStringLiteral("groupKey"), QStringLiteral("{}:{load}")},
                           {QStringLiteral("status"), QStringLiteral("firing")},
                           {QStringLiteral("receiver"), QStringLiteral("firebreak")},
                           {QStringLiteral("groupLabels"), QJsonObject{}},
                           {QStringLiteral("commonLabels"), QJsonObject{}},
                           {QStringLiteral("commonAnnotations"), QJsonObject{}},
                           {QStringLiteral("externalURL"), QStringLiteral("http://am.invalid")},
                           {QStringLiteral("alerts"), alerts}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

/// Every alert the server holds, by dedup key, read page by page through the REST API.
inline QSet<QString> storedAlerts(const ServerProcess &server, bool *ok)
{
    QSet<QString> keys;
    QString cursor;
    *ok = false;
    for (int page = 0; page < 1000; ++page) {
        QString path = QStringLiteral("/api/v1/alerts?limit=1000");
        if (!cursor.isEmpty()) {
            path += QStringLiteral("&cursor=") + cursor;
        }
        const ServerProcess::Reply reply = server.request("GET", path, {}, server.adminToken());
        if (reply.status != 200) {
            qWarning("GET %s answered %d: %s", qPrintable(path), reply.status,
                     reply.body.left(300).constData());
            return keys;
        }
        const QJsonObject body = reply.json();
        const QJsonArray alerts = body.value(QStringLiteral("alerts")).toArray();
        for (const QJsonValue &alert : alerts) {
            keys.insert(alert.toObject().value(QStringLiteral("dedupKey")).toString());
        }
        cursor = body.value(QStringLiteral("next")).toString();
        if (cursor.isEmpty()) {
            *ok = true;
            return keys;
        }
    }
    return keys;
}

/**
 * Keeps many Alertmanager webhook posts in flight to one or more servers (round robin) and
 * records the fingerprints of every alert whose post was answered 202. Every alert is unique:
 * its fingerprint is RUN-N. Several network managers are used, since one keeps at most six
 * connections per host.
 */
class AlertLoad final : public QObject
{
    Q_OBJECT
public:
    AlertLoad(const QList<QUrl> &servers, const QString &key, const QString &run,
              int inFlight = 48, int alertsPerPost = 3)
        : m_servers(servers)
        , m_key(key)
        , m_run(run)
        , m_inFlight(inFlight)
        , m_alertsPerPost(alertsPerPost)
    {
        for (int i = 0; i < (inFlight + 5) / 6; ++i) {
            m_managers.push_back(std::make_unique<QNetworkAccessManager>());
        }
    }
    ~AlertLoad() override { stop(); }

    /// Starts posting: `posts` in all, or without end until stop() when -1; an answered post
    /// is replaced by a new one.
    void start(int posts = -1)
    {
        m_running = true;
        m_remaining = posts;
        for (int i = 0; i < m_inFlight; ++i) {
            postNext();
        }
    }
    /// Runs the event loop until every post started has its answer.
    bool waitForAnswers(int timeoutMs = 60000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while ((!m_outstanding.isEmpty() || (m_running && m_remaining != 0))
               && !deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        return m_outstanding.isEmpty();
    }
    /**
     * Posts no more and waits until every post sent has its outcome: a 202 that reached the
     * client before the server died still counts as acknowledged, the rest fail. For after a
     * kill, when no answer can stay pending for long.
     */
    bool finish(int timeoutMs = 60000)
    {
        m_running = false;
        return waitForAnswers(timeoutMs);
    }
    /// Posts no more and abandons those without an answer (they count as not acknowledged).
    void stop()
    {
        m_running = false;
        const auto outstanding = m_outstanding;
        for (const QPointer<QNetworkReply> &reply : outstanding) {
            if (reply) {
                reply->abort();
            }
        }
    }
    QSet<QString> acknowledged() const { return m_acknowledged; }
    int acknowledgedPosts() const { return m_acknowledgedPosts; }
    int failedPosts() const { return m_failedPosts; }
    QStringList failures() const { return m_failures; }

private:
    void postNext()
    {
        if (!m_running || m_remaining == 0) {
            return;
        }
        if (m_remaining > 0) {
            --m_remaining;
        }
        QStringList fingerprints;
        for (int i = 0; i < m_alertsPerPost; ++i) {
            fingerprints << QStringLiteral("%1-%2").arg(m_run).arg(++m_alerts);
        }
        const QUrl server = m_servers.at(m_posts % m_servers.size());
        QNetworkAccessManager &manager = *m_managers.at(m_posts % m_managers.size());
        ++m_posts;
        QNetworkRequest request(
            server.resolved(QUrl(QStringLiteral("/api/v1/alerts/alertmanager"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_key.toUtf8());
        QNetworkReply *reply = manager.post(request, alertmanagerWebhook(fingerprints));
        m_outstanding.append(reply);
        connect(reply, &QNetworkReply::finished, this, [this, reply, fingerprints]() {
            m_outstanding.removeAll(reply);
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 202) {
                ++m_acknowledgedPosts;
                for (const QString &fingerprint : fingerprints) {
                    m_acknowledged.insert(fingerprint);
                }
            } else {
                ++m_failedPosts;
                if (m_failures.size() < 5) {
                    m_failures << QStringLiteral("%1 %2").arg(status).arg(reply->errorString());
                }
            }
            postNext();
        });
    }

    QList<QUrl> m_servers;
    QString m_key;
    QString m_run;
    int m_inFlight;
    int m_alertsPerPost;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    QList<QPointer<QNetworkReply>> m_outstanding;
    QSet<QString> m_acknowledged;
    QStringList m_failures;
    int m_alerts = 0;
    int m_posts = 0;
    int m_acknowledgedPosts = 0;
    int m_failedPosts = 0;
    int m_remaining = -1;
    bool m_running = false;
};

} // namespace Firebreak::Testing
