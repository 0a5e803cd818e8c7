// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "serverprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QStringList &extraArguments, int port)
{
    m_process = std::make_unique<QProcess>();
    // FIREBREAK_TEST_SERVER_BINARY runs the tests against another build (an older one, to see
    // a test fail without the change it covers).
    const QString binary = qEnvironmentVariable("FIREBREAK_TEST_SERVER_BINARY",
                                                QStringLiteral(FIREBREAK_SERVER_BINARY));
    m_process->setProgram(binary);
    m_process->setArguments(QStringList{u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data"_s,
                                        m_dir.path(), u"--admin-token"_s, adminToken()}
                            + extraArguments);
    if (!m_limits.isEmpty()) {
        m_process->setChildProcessModifier([limits = m_limits]() {
            for (const Limit &limit : limits) {
                const rlimit value{rlim_t(limit.soft), rlim_t(limit.hard)};
                ::setrlimit(limit.resource, &value);
            }
        });
    }
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        return false;
    }

    const QDeadlineTimer deadline(30000);
    QByteArray output;
    while (!deadline.hasExpired()) {
        if (!m_process->waitForReadyRead(200) && m_process->state() != QProcess::Running) {
            break;
        }
        output += m_process->readAllStandardOutput();
        const qsizetype at = output.indexOf("listening on ");
        const qsizetype end = output.indexOf('\n', at);
        if (at >= 0 && end > at) {
            m_url = QUrl(QString::fromUtf8(output.mid(at + 13, end - at - 13).trimmed()));
            return m_url.isValid();
        }
    }
    m_stderr = QString::fromUtf8(m_process->readAllStandardError());
    return false;
}

void ServerProcess::setResourceLimit(int resource, qint64 soft, qint64 hard)
{
    m_limits.removeIf([resource](const Limit &limit) { return limit.resource == resource; });
    if (soft > 0 || hard > 0) {
        m_limits.append({resource, soft, hard});
    }
}

void ServerProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
        m_stderr += QString::fromUtf8(m_process->readAllStandardError());
    }
}

void ServerProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QJsonObject ServerProcess::Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ServerProcess::Reply ServerProcess::request(const QByteArray &method, const QString &path,
                                            const QByteArray &body, const QString &token) const
{
    QNetworkAccessManager manager;
    QUrl target = m_url.resolved(QUrl(path));
    QNetworkRequest request(target);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!token.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();

    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    reply->deleteLater();
    return result;
}

QString ServerProcess::createIntegration(const QString &source, const QString &name) const
{
    const QJsonObject body{{u"source"_s, source}, {u"name"_s, name}};
    const Reply reply = request("POST", u"/api/v1/integrations"_s,
                                QJsonDocument(body).toJson(), adminToken());
    return reply.status == 201 ? reply.json().value(u"key"_s).toString() : QString();
}

QByteArray testData(const QString &relativePath)
{
    QFile file(QStringLiteral(FIREBREAK_TEST_DATA) + u'/' + relativePath);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace Firebreak::Testing
