// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target of every HTTP endpoint that reads a body: a real Server runs in this
// process on 127.0.0.1 and each input becomes one request to it over a kept-alive connection,
// with the credentials that endpoint needs, so the bytes reach the body parser and whatever
// decides on the content (commands, routes, silences, tokens, webhooks of every source, the
// PagerDuty Events API). The first byte picks the endpoint; "@KEY@" in the body stands for
// the PagerDuty integration's routing key. Bad input must be answered 4xx: a 500 is a finding.
#include "server/server.h"

#include <QCoreApplication>
#include <QDir>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

enum class Credential { Admin, SourceKey, None };

struct Endpoint
{
    QByteArray method;
    QByteArray path;
    Credential credential;
    QString source;
};

const QList<Endpoint> &endpoints()
{
    static const QList<Endpoint> list{
        {"POST", "/api/v1/commands", Credential::Admin, {}},
        {"POST", "/api/v1/integrations", Credential::Admin, {}},
        {"PATCH", "/api/v1/integrations/@INTEGRATION@", Credential::Admin, {}},
        {"POST", "/api/v1/routes", Credential::Admin, {}},
        {"POST", "/api/v1/routes/dry-run", Credential::Admin, {}},
        {"PATCH", "/api/v1/routes/fuzz-route", Credential::Admin, {}},
        {"POST", "/api/v1/silences", Credential::Admin, {}},
        {"POST", "/api/v1/tokens", Credential::Admin, {}},
        {"POST", "/api/v1/sessions", Credential::None, {}},
        {"POST", "/api/v1/evidence", Credential::Admin, {}},
        {"POST", "/v2/enqueue", Credential::None, {}},
        {"POST", "/api/v1/alerts/alertmanager", Credential::SourceKey, u"alertmanager"_s},
        {"POST", "/api/v1/alerts/grafana", Credential::SourceKey, u"grafana"_s},
        {"POST", "/api/v1/alerts/datadog", Credential::SourceKey, u"datadog"_s},
        {"POST", "/api/v1/alerts/newrelic", Credential::SourceKey, u"newrelic"_s},
        {"POST", "/api/v1/alerts/pagerduty", Credential::SourceKey, u"pagerduty"_s},
        {"POST", "/api/v1/alerts/opsgenie", Credential::SourceKey, u"opsgenie"_s},
        {"POST", "/api/v1/alerts/sentry", Credential::SourceKey, u"sentry"_s},
        {"POST", "/api/v1/alerts/cloudwatch", Credential::SourceKey, u"cloudwatch"_s},
        {"POST", "/api/v1/alerts/generic", Credential::SourceKey, u"generic"_s},
    };
    return list;
}

constexpr char s_adminToken[] = "fuzz-admin-token";

struct Harness
{
    QTemporaryDir dir;
    std::unique_ptr<Server> server;
    std::unique_ptr<QTcpSocket> socket;
    QHash<QString, QByteArray> keys;
    QByteArray integrationId;
};

Harness *s_harness = nullptr;

struct Response
{
    int status = 0;
    QByteArray body;
};

bool connectSocket(Harness &harness)
{
    harness.socket = std::make_unique<QTcpSocket>();
    harness.socket->connectToHost(QHostAddress::LocalHost, harness.server->port());
    const QDeadlineTimer deadline(5000);
    while (harness.socket->state() != QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return harness.socket->state() == QAbstractSocket::ConnectedState;
}

/// Parses one whole response from the front of `buffer`; false while it is incomplete.
bool takeResponse(QByteArray &buffer, Response *response)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        return false;
    }
    qint64 length = 0;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("content-length:")) {
            length = line.mid(15).trimmed().toLongLong();
        }
    }
    if (buffer.size() < end + 4 + length) {
        return false;
    }
    response->status = lines.value(0).split(' ').value(1).toInt();
    response->body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return true;
}

Response request(Harness &harness, const QByteArray &method, const QByteArray &path,
                 const QByteArray &token, const QByteArray &body)
{
    if ((!harness.socket || harness.socket->state() != QAbstractSocket::ConnectedState)
        && !connectSocket(harness)) {
        std::fprintf(stderr, "fuzz_endpoints: cannot connect to the server\n");
        std::abort();
    }
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty()) {
        bytes += "Authorization: Bearer " + token + "\r\n";
    }
    bytes += "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    harness.socket->write(bytes);

    Response response;
    QByteArray buffer;
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        buffer += harness.socket->readAll();
        if (takeResponse(buffer, &response)) {
            return response;
        }
        if (harness.socket->state() != QAbstractSocket::ConnectedState) {
            buffer += harness.socket->readAll();
            takeResponse(buffer, &response);
            harness.socket.reset();
            return response;
        }
    }
    std::fprintf(stderr, "fuzz_endpoints: no answer to %s %s within 10 s\n", method.constData(),
                 path.constData());
    std::abort();
}

Harness *setUp()
{
    auto *harness = new Harness;
    ServerOptions options;
    options.port = 0;
    options.dataDir = harness->dir.path();
    options.adminToken = QString::fromLatin1(s_adminToken);
    harness->server = std::make_unique<Server>(options);
    if (!harness->dir.isValid() || !harness->server->start()) {
        qFatal("fuzz_endpoints: the server does not start: %s",
               qPrintable(harness->server->errorString()));
    }
    QSet<QString> sources{u"pagerduty"_s};
    for (const Endpoint &endpoint : endpoints()) {
        if (!endpoint.source.isEmpty()) {
            sources.insert(endpoint.source);
        }
    }
    for (const QString &source : std::as_const(sources)) {
        const QJsonObject body{{u"source"_s, source}, {u"name"_s, QString(u"fuzz-"_s + source)}};
        const Response created = request(*harness, "POST", "/api/v1/integrations", s_adminToken,
                                         QJsonDocument(body).toJson());
        const QJsonObject answer = QJsonDocument::fromJson(created.body).object();
        if (created.status != 201) {
            qFatal("fuzz_endpoints: cannot create the %s integration", qPrintable(source));
        }
        harness->keys.insert(source, answer.value(u"key"_s).toString().toUtf8());
        harness->integrationId = answer.value(u"id"_s).toString().toUtf8();
    }
    return harness;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static int qtArgc = 1;
    static char *qtArgv[] = {(*argv)[0], nullptr};
    Q_UNUSED(argc)
    new QCoreApplication(qtArgc, qtArgv);
    QLoggingCategory::setFilterRules(u"firebreak.*=false\nqt.*=false"_s);
    s_harness = setUp();
    // The harness lives until the process ends; its folder goes with it.
    static const QString folder = s_harness->dir.path();
    std::atexit([]() { QDir(folder).removeRecursively(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const Endpoint &endpoint = endpoints().at(data[0] % endpoints().size());
    QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    body.replace("@KEY@", s_harness->keys.value(u"pagerduty"_s));
    QByteArray path = endpoint.path;
    path.replace("@INTEGRATION@", s_harness->integrationId);
    QByteArray token;
    if (endpoint.credential == Credential::Admin) {
        token = s_adminToken;
    } else if (endpoint.credential == Credential::SourceKey) {
        token = s_harness->keys.value(endpoint.source);
    }

    const Response response = request(*s_harness, endpoint.method, path, token, body);
    if (response.status == 500 || response.status == 0) {
        std::fprintf(stderr, "fuzz_endpoints: %s %s answered %d: %s\n",
                     endpoint.method.constData(), path.constData(), response.status,
                     response.body.left(500).constData());
        std::abort();
    }
    return 0;
}
