// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace Firebreak::Testing {

/**
 * A tiny HTTP/1.1 receiver on 127.0.0.1 that plays Slack, Teams, PagerDuty or a webhook
 * endpoint. A behaviour decides each answer: a status, or hanging (never answering, so the
 * client times out). Every request is recorded with what it was answered.
 */
class HttpReceiver : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
        int answered = 0; // the status sent, 0 when the request was left hanging

        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
        QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    };
    /// The status to answer with, or 0 to hang.
    using Behaviour = std::function<int(const Request &)>;

    explicit HttpReceiver(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                m_open.insert(socket);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { read(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
                    m_buffers.remove(socket);
                    m_open.remove(socket);
                    socket->deleteLater();
                });
            }
        });
    }

    ~HttpReceiver() override
    {
        // The sockets are the server's children and would be destroyed after the members their
        // `disconnected` handlers touch; stop those handlers first.
        for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>()) {
            socket->disconnect(this);
        }
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
    }
    void setBehaviour(Behaviour behaviour) { m_behaviour = std::move(behaviour); }
    const QList<Request> &requests() const { return m_requests; }
    void clear() { m_requests.clear(); }
    /// Connections not yet closed by their client (everything on them has been read).
    qsizetype openConnections() const { return m_open.size(); }

    /// Requests answered with 2xx, per Idempotency-Key.
    QHash<QByteArray, int> acceptedByKey() const
    {
        QHash<QByteArray, int> counts;
        for (const Request &request : m_requests) {
            if (request.answered >= 200 && request.answered < 300) {
                ++counts[request.header("Idempotency-Key")];
            }
        }
        return counts;
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        Request request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return;
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);

        const int status = m_behaviour ? m_behaviour(request) : 200;
        request.answered = status;
        m_requests.append(request);
        if (status == 0) {
            return; // hang: the client's timeout ends it
        }
        const QByteArray body = status < 300 ? QByteArray("ok") : QByteArray("failure");
        // A redirect points to /redirected on this receiver.
        const QByteArray location = status >= 300 && status < 400
            ? "Location: " + url(QStringLiteral("/redirected")).toLatin1() + "\r\n"
            : QByteArray();
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n" + location
                      + "Connection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    Behaviour m_behaviour;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_open;
};

} // namespace Firebreak::Testing
