// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "restclient.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcClient, "firebreak.client", QtWarningMsg)

namespace Firebreak {

namespace {

/// Where a reply keeps why its TLS handshake failed.
constexpr char s_tlsProblem[] = "firebreakTlsProblem";

// `whole`: the body is read here (downloads stream theirs and check it themselves).
RestReply replyFrom(QNetworkReply *reply, std::chrono::milliseconds timeout, bool whole = true)
{
    RestReply result;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        result.status = status.toInt();
        result.body = reply->readAll();
        // A success whose body was cut off on the way (a crash, a proxy), or is not the JSON
        // this server answers with, is no success: read as one, a cut "declared" looked done and
        // a cut list looked empty. Errors keep their status whatever their body.
        if (!whole || result.status < 200 || result.status >= 300) {
            return result;
        }
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        const bool json = reply->header(QNetworkRequest::ContentTypeHeader)
                              .toString()
                              .startsWith(u"application/json"_s);
        QJsonParseError parsed{};
        if (reply->error() != QNetworkReply::NoError
            || (length.isValid() && length.toLongLong() != result.body.size())) {
            result.failure = RestReply::Failure::Interrupted;
            result.failureText = u"the answer (HTTP %1) ended after %2 of %3 bytes (%4)"_s
                                     .arg(result.status)
                                     .arg(result.body.size())
                                     .arg(length.isValid() ? QString::number(length.toLongLong())
                                                           : u"?"_s,
                                          reply->error() != QNetworkReply::NoError
                                              ? reply->errorString()
                                              : u"connection closed"_s);
        } else if (json && !result.body.isEmpty()
                   && (QJsonDocument::fromJson(result.body, &parsed).isNull()
                       || parsed.error != QJsonParseError::NoError)) {
            result.failure = RestReply::Failure::Interrupted;
            result.failureText = u"the answer (HTTP %1) is not valid JSON: %2 at offset %3"_s
                                     .arg(result.status)
                                     .arg(parsed.errorString())
                                     .arg(parsed.offset);
        }
        return result;
    }

    // No HTTP status: the request never got an answer from the server.
    const QNetworkReply::NetworkError error = reply->error();
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        result.failure = RestReply::Failure::Timeout;
        result.failureText = u"no answer within %1 s"_s.arg(double(timeout.count()) / 1000.0);
    } else {
        result.failure = RestReply::Failure::Unreachable;
        const QString tlsProblem = reply->property(s_tlsProblem).toString();
        result.failureText = tlsProblem.isEmpty() ? reply->errorString()
                                                  : u"TLS: "_s + tlsProblem;
    }
    return result;
}

} // namespace

RestRequest RestRequest::get(const QString &path, const QUrlQuery &query)
{
    return {QByteArrayLiteral("GET"), path, query, {}};
}

RestRequest RestRequest::post(const QString &path, const QJsonObject &body)
{
    return {QByteArrayLiteral("POST"), path, {},
            QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

QJsonObject RestReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString RestReply::errorCode() const
{
    return json().value(u"error"_s).toObject().value(u"code"_s).toString();
}

QString RestReply::errorMessage() const
{
    if (!reachedServer()) {
        return failureText;
    }
    const QString message = json().value(u"error"_s).toObject().value(u"message"_s).toString();
    return message.isEmpty() ? u"the server answered HTTP %1"_s.arg(status) : message;
}

RestClient::RestClient(QObject *parent)
    : QObject(parent)
{
}

RestClient::~RestClient() = default;

void RestClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void RestClient::setToken(const QString &token)
{
    m_token = token.toUtf8();
}

void RestClient::setTlsTrust(const TlsTrust &trust)
{
    m_trust = trust;
}

void RestClient::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

QUrl RestClient::urlFor(const RestRequest &request) const
{
    QUrl url = m_baseUrl;
    QString prefix = url.path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/')) {
        prefix.chop(1);
    }
    url.setPath(prefix + request.path, QUrl::TolerantMode);
    url.setQuery(request.query);
    url.setFragment(QString());
    return url;
}

QNetworkReply *RestClient::start(const RestRequest &request)
{
    const QUrl url = urlFor(request);
    QNetworkRequest networkRequest(url);
    networkRequest.setTransferTimeout(int(m_timeout.count()));
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setRawHeader("Accept", "application/json");
    const QByteArray userAgent = QCoreApplication::applicationName().toUtf8() + '/'
        + QByteArrayLiteral(FIREBREAK_VERSION);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, userAgent);
    if (!request.body.isEmpty()) {
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    }
    if (!m_token.isEmpty()) {
        networkRequest.setRawHeader("Authorization", "Bearer " + m_token);
    }
    if (url.scheme() == u"https") {
        networkRequest.setSslConfiguration(m_trust.configuration());
    }
    qCDebug(lcClient).noquote() << request.method
                                << url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);

    QNetworkReply *reply = m_network.sendCustomRequest(networkRequest, request.method,
                                                       request.body);
    if (url.scheme() == u"https") {
        reply->ignoreSslErrors(m_trust.expectedErrors());
        connect(reply, &QNetworkReply::sslErrors, reply,
                [reply, trust = m_trust](const QList<QSslError> &errors) {
                    const QList<QSslError> refusing = trust.unexpected(errors);
                    if (!refusing.isEmpty()) {
                        reply->setProperty(s_tlsProblem, TlsTrust::describe(refusing));
                    }
                });
    }
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    return reply;
}

void RestClient::send(const RestRequest &request, QObject *context,
                      std::function<void(const RestReply &)> done)
{
    QNetworkReply *reply = start(request);
    connect(reply, &QNetworkReply::finished, context,
            [reply, timeout = m_timeout, done = std::move(done)]() {
                done(replyFrom(reply, timeout));
            });
}

RestReply RestClient::sendAndWait(const RestRequest &request)
{
    RestReply result;
    bool finished = false;
    QEventLoop loop;
    send(request, &loop, [&](const RestReply &reply) {
        result = reply;
        finished = true;
        loop.quit();
    });
    if (!finished) {
        loop.exec();
    }
    return result;
}

RestReply RestClient::downloadAndWait(const RestRequest &request, QIODevice *sink)
{
    constexpr qint64 maxErrorBody = 1024 * 1024;
    QNetworkReply *reply = start(request);
    reply->setReadBufferSize(1024 * 1024); // what arrives waits in the socket, not in memory
    qint64 written = 0;
    QString sinkError;
    QByteArray errorBody;
    auto drain = [&]() {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool success = status >= 200 && status < 300;
        while (reply->bytesAvailable() > 0) {
            const QByteArray piece = reply->read(256 * 1024);
            if (!success) {
                errorBody += piece.left(maxErrorBody - errorBody.size());
            } else if (sinkError.isEmpty() && sink->write(piece) != piece.size()) {
                sinkError = sink->errorString();
                reply->abort();
                return;
            } else {
                written += piece.size();
            }
        }
    };

    QEventLoop loop;
    // Qt's HTTP thread only learns of the limit once it has the reply: tell it again then.
    connect(reply, &QNetworkReply::metaDataChanged, &loop,
            [reply]() { reply->setReadBufferSize(reply->readBufferSize()); });
    connect(reply, &QNetworkReply::readyRead, &loop, drain);
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) {
        loop.exec();
    }
    drain();

    RestReply result = replyFrom(reply, m_timeout, false);
    if (!result.reachedServer() || !result.isSuccess()) {
        if (result.reachedServer()) {
            result.body = errorBody;
        }
        return result;
    }
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if (!sinkError.isEmpty()) {
        result.failure = RestReply::Failure::Interrupted;
        result.failureText = u"cannot write the download: %1"_s.arg(sinkError);
    } else if (reply->error() != QNetworkReply::NoError
               || (length.isValid() && length.toLongLong() != written)) {
        result.failure = RestReply::Failure::Interrupted;
        result.failureText = u"the answer ended after %1 of %2 bytes (%3)"_s.arg(written).arg(
            length.isValid() ? QString::number(length.toLongLong()) : u"?"_s,
            reply->error() != QNetworkReply::NoError ? reply->errorString()
                                                     : u"connection closed"_s);
    }
    return result;
}

QString RestClient::pathSegment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString RestClient::queryValue(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace Firebreak
