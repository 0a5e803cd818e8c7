// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace Firebreak {

/**
 * Confirms AWS SNS subscriptions by fetching their SubscribeURL, but only from an allow-list,
 * so that a forged SubscriptionConfirmation cannot make the server call anything else (SSRF).
 *
 * An allowed URL matches a pattern "SCHEME://HOST[:PORT]" exactly in scheme and port (the
 * scheme's default when none is given, any with ":*"); in HOST a "*" stands for one DNS label.
 * The default is "https://sns.*.amazonaws.com". The URL must carry no user information, ask
 * Action=ConfirmSubscription and name the topic being confirmed. Redirects are not followed.
 */
class SnsConfirmer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnsConfirmer)
public:
    using Done = std::function<void(bool ok, const QString &message)>;

    explicit SnsConfirmer(const QStringList &allowedPatterns, QObject *parent = nullptr);

    /// False with the reason when the URL may not be fetched for this topic.
    bool isAllowed(const QUrl &url, const QString &topic, QString *reason) const;
    /// GETs the URL (10 s timeout, at most 64 KiB read); `done` runs once, on this thread.
    void confirm(const QUrl &url, Done done);

    static QStringList defaultPatterns();

private:
    QStringList m_patterns;
    QNetworkAccessManager m_network;
};

} // namespace Firebreak
