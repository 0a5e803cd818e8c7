// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QUrl>

namespace Firebreak::Testing {

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1 whose one
 * receiver posts to a firebreak-server's Alertmanager webhook, with the integration key as its
 * bearer token, as a real deployment would. Alerts are grouped by alertname and service with
 * one-second waits, and resolved alerts are sent too. Stopped when destroyed.
 */
class AlertmanagerProcess
{
public:
    AlertmanagerProcess() = default;
    ~AlertmanagerProcess();
    Q_DISABLE_COPY_MOVE(AlertmanagerProcess)

    /// Writes its configuration and storage into `dir`, starts it and waits (up to
    /// `timeoutMs`) until it says it is ready. False, with errorString(), when it is not.
    bool start(const QUrl &server, const QString &integrationKey, const QString &dir,
               int timeoutMs = 60000);
    void stop();

    QUrl url() const { return m_url; }
    QString errorString() const { return m_error; }
    /// Posts `body` to Alertmanager's own API (/api/v2/alerts); the HTTP status, 0 for none.
    int postAlerts(const QByteArray &body) const;

private:
    QProcess m_process;
    QUrl m_url;
    QString m_error;
};

/// The status of one HTTP request (JSON body), 0 when none came within 10 s.
int httpStatus(const QByteArray &method, const QUrl &url, const QByteArray &body = {});

} // namespace Firebreak::Testing
