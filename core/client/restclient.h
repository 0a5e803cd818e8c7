// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "security/tls.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>

class QIODevice;
class QNetworkReply;

namespace Firebreak {

/// One request of the REST API of DESIGN.md. `path` is relative to the server's base URL and
/// already percent-encoded where it holds a caller's text (see RestClient::pathSegment()).
struct RestRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QString path;
    QUrlQuery query;
    QByteArray body;

    static RestRequest get(const QString &path, const QUrlQuery &query = {});
    static RestRequest post(const QString &path, const QJsonObject &body);
};

/**
 * The server's answer to one request, or why there is none.
 *
 * A reply either reached the server (`status` is the HTTP status, 4xx and 5xx included) or
 * failed on the way (`failure` says how, `status` is 0): refused connections, unknown hosts,
 * TLS failures (an untrusted, expired or mismatched certificate: `failureText` says which)
 * and silence longer than the timeout never look like an HTTP error.
 */
struct RestReply
{
    /// Interrupted: a successful answer whose body was cut off on the way (downloadAndWait()).
    enum class Failure { None, Unreachable, Timeout, Interrupted };

    int status = 0;
    QByteArray body;
    Failure failure = Failure::None;
    /// The network layer's description of a failure; never holds the token.
    QString failureText;

    bool reachedServer() const { return failure == Failure::None; }
    bool isSuccess() const { return reachedServer() && status >= 200 && status < 300; }
    /// The body as a JSON object; empty when it is not one.
    QJsonObject json() const;
    /// `error.code` of an error body, or empty.
    QString errorCode() const;
    /// `error.message` of an error body, or a description of the status when there is none.
    QString errorMessage() const;
};

/**
 * A small client of the REST API for command-line tools and scripts: base URL, API token
 * (sent as `Authorization: Bearer`, never logged), a timeout, and JSON in and out.
 *
 * Redirects are not followed, so the token only ever goes to the server it was given for.
 * Lives on the thread that created it; send() needs that thread's event loop.
 */
class RestClient final : public QObject
{
    Q_OBJECT
public:
    explicit RestClient(QObject *parent = nullptr);
    ~RestClient() override;
    Q_DISABLE_COPY_MOVE(RestClient)

    /// The server's base URL, such as http://127.0.0.1:8080; a path in it is kept as a prefix.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token);
    /// Which server certificates https:// requests accept (default: the system's CAs).
    void setTlsTrust(const TlsTrust &trust);
    /// How long the server may stay silent before a request fails with Failure::Timeout.
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }

    /// The absolute URL a request goes to.
    QUrl urlFor(const RestRequest &request) const;

    /// Sends one request; `done` runs once with the reply, unless `context` is destroyed first.
    void send(const RestRequest &request, QObject *context,
              std::function<void(const RestReply &)> done);
    /// Sends one request and waits for its reply in a local event loop (for CLI tools).
    RestReply sendAndWait(const RestRequest &request);
    /**
     * Like sendAndWait(), but a successful answer's body is written to `sink` as it arrives,
     * in pieces, instead of being kept in the reply (whose body stays empty): for downloads
     * larger than memory. An error answer's body is kept as usual (its first MiB). A body that
     * ends before its Content-Length, or a sink that cannot be written, fails with
     * Failure::Interrupted, whatever has been written to the sink by then.
     */
    RestReply downloadAndWait(const RestRequest &request, QIODevice *sink);

    /// One caller-supplied path segment (an id, an incident number), percent-encoded.
    static QString pathSegment(const QString &text);
    /**
     * \a text percent-encoded for QUrlQuery::addQueryItem(): every character outside the
     * unreserved set, including '%', '+', '&' and '=', arrives at the server as written.
     */
    static QString queryValue(const QString &text);

private:
    QNetworkReply *start(const RestRequest &request);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_token;
    TlsTrust m_trust;
    std::chrono::milliseconds m_timeout{30000};
};

} // namespace Firebreak
