// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "snsconfirmer.h"

#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_timeoutMs = 10000;
constexpr qint64 s_maxAnswerBytes = 64 * 1024;

bool hostMatches(const QString &pattern, const QString &host)
{
    const QStringList want = pattern.toLower().split(u'.');
    const QStringList have = host.toLower().split(u'.');
    static const QRegularExpression label(u"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"_s);
    if (want.size() != have.size()) {
        return false;
    }
    for (qsizetype i = 0; i < want.size(); ++i) {
        const bool wildcard = want.at(i) == u"*" && label.match(have.at(i)).hasMatch();
        if (!wildcard && want.at(i) != have.at(i)) {
            return false;
        }
    }
    return true;
}

bool patternMatches(const QString &pattern, const QUrl &url)
{
    const qsizetype schemeEnd = pattern.indexOf(u"://"_s);
    if (schemeEnd <= 0) {
        return false;
    }
    const QString scheme = pattern.left(schemeEnd).toLower();
    QString host = pattern.mid(schemeEnd + 3);
    QString port;
    const qsizetype colon = host.lastIndexOf(u':');
    if (colon > 0) {
        port = host.mid(colon + 1);
        host = host.left(colon);
    }
    const int defaultPort = scheme == u"https" ? 443 : 80;
    const int wanted = port.isEmpty() ? defaultPort : port.toInt();
    const bool portOk = port == u"*" || url.port(defaultPort) == wanted;
    return url.scheme() == scheme && portOk && hostMatches(host, url.host());
}

} // namespace

SnsConfirmer::SnsConfirmer(const QStringList &allowedPatterns, QObject *parent)
    : QObject(parent)
    , m_patterns(allowedPatterns.isEmpty() ? defaultPatterns() : allowedPatterns)
{
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QStringList SnsConfirmer::defaultPatterns()
{
    return {u"https://sns.*.amazonaws.com"_s};
}

bool SnsConfirmer::isAllowed(const QUrl &url, const QString &topic, QString *reason) const
{
    if (!url.isValid() || !url.userInfo().isEmpty() || url.host().isEmpty()) {
        *reason = u"SubscribeURL must be an absolute URL without user information"_s;
        return false;
    }
    const bool allowed = std::any_of(m_patterns.cbegin(), m_patterns.cend(),
                                     [&url](const QString &p) { return patternMatches(p, url); });
    if (!allowed) {
        *reason = u"SubscribeURL host %1 is not on the allow-list (%2)"_s.arg(
            url.host().left(100), m_patterns.join(u", "_s));
        return false;
    }
    // Each exactly once: with two, which one the receiving end reads is its own choice.
    const QUrlQuery query(url);
    const QStringList actions = query.allQueryItemValues(u"Action"_s);
    const QStringList topics = query.allQueryItemValues(u"TopicArn"_s, QUrl::FullyDecoded);
    if (actions != QStringList{u"ConfirmSubscription"_s} || topics != QStringList{topic}) {
        *reason = u"SubscribeURL must ask Action=ConfirmSubscription for the topic delivered"_s;
        return false;
    }
    return true;
}

void SnsConfirmer::confirm(const QUrl &url, Done done)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(s_timeoutMs);
    request.setMaximumRedirectsAllowed(0);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > s_maxAnswerBytes) {
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status > 299) {
            done(false, u"the confirmation request failed (HTTP %1): %2"_s.arg(status).arg(
                            reply->errorString()));
            return;
        }
        done(true, QString());
    });
}

} // namespace Firebreak
