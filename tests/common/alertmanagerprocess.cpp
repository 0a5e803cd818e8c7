// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertmanagerprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

int httpStatus(const QByteArray &method, const QUrl &url, const QByteArray &body)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

AlertmanagerProcess::~AlertmanagerProcess()
{
    stop();
}

bool AlertmanagerProcess::start(const QUrl &server, const QString &integrationKey,
                                const QString &dir, int timeoutMs)
{
    const QString binary = QStandardPaths::findExecutable(u"prometheus-alertmanager"_s);
    if (binary.isEmpty()) {
        m_error = u"prometheus-alertmanager is not installed (see README)"_s;
        return false;
    }
    const QByteArray config =
        "route:\n"
        "  receiver: firebreak\n"
        "  group_by: [alertname, service]\n"
        "  group_wait: 1s\n"
        "  group_interval: 1s\n"
        "  repeat_interval: 1h\n"
        "receivers:\n"
        "  - name: firebreak\n"
        "    webhook_configs:\n"
        "      - url: " + server.resolved(QUrl(u"/api/v1/alerts/alertmanager"_s)).toEncoded()
        + "\n"
          "        send_resolved: true\n"
          "        http_config:\n"
          "          authorization:\n"
          "            credentials: " + integrationKey.toUtf8() + "\n";
    QFile file(QDir(dir).filePath(u"alertmanager.yml"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size()) {
        m_error = u"cannot write "_s + file.fileName();
        return false;
    }
    file.close();

    const quint16 port = freePort();
    m_url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    m_process.setProgram(binary);
    m_process.setArguments({u"--config.file="_s + file.fileName(), u"--storage.path="_s + dir,
                            u"--web.listen-address=127.0.0.1:%1"_s.arg(port),
                            u"--cluster.listen-address="_s});
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = u"prometheus-alertmanager did not start: "_s + m_process.errorString();
        return false;
    }
    // Ready when it says so; asked again every 100 ms until the deadline.
    const QDeadlineTimer deadline(timeoutMs);
    const QUrl ready = m_url.resolved(QUrl(u"/-/ready"_s));
    while (httpStatus("GET", ready) != 200) {
        if (deadline.hasExpired() || m_process.state() != QProcess::Running) {
            m_error = u"prometheus-alertmanager did not become ready"_s;
            return false;
        }
        QEventLoop pause;
        QTimer::singleShot(100, &pause, &QEventLoop::quit);
        pause.exec();
    }
    return true;
}

void AlertmanagerProcess::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        m_process.waitForFinished(10000);
    }
}

int AlertmanagerProcess::postAlerts(const QByteArray &body) const
{
    return httpStatus("POST", m_url.resolved(QUrl(u"/api/v2/alerts"_s)), body);
}

} // namespace Firebreak::Testing
