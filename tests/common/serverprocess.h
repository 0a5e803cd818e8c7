// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Firebreak::Testing {

/// A real firebreak-server process on 127.0.0.1 with its own data folder, for tests.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    /// Starts the binary (FIREBREAK_SERVER_BINARY, or the environment variable
    /// FIREBREAK_TEST_SERVER_BINARY) and waits for its ready line. A data folder
    /// from a previous start is reused, so stop() and start() again keeps the store.
    bool start(const QStringList &extraArguments = {}, int port = 0);
    /// A resource limit for the next start() (setrlimit: RLIMIT_FSIZE, RLIMIT_NOFILE, ...);
    /// soft and hard both 0 removes one set before.
    void setResourceLimit(int resource, qint64 soft, qint64 hard);
    /// SIGTERM and wait.
    void stop();
    /// SIGKILL and wait.
    void kill();

    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    QString adminToken() const { return QStringLiteral("test-admin-token"); }
    QString dataDir() const { return m_dir.path(); }
    QString standardError() const { return m_stderr; }
    QProcess &process() { return *m_process; }

    struct Reply
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const;
    };
    /// A blocking HTTP request (runs a local event loop); token may be empty.
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QString &token = {}) const;
    /// Creates an integration and returns its key (empty on failure).
    QString createIntegration(const QString &source, const QString &name) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QString m_stderr;
    struct Limit
    {
        int resource = 0;
        qint64 soft = 0;
        qint64 hard = 0;
    };
    QList<Limit> m_limits;
};

/// Reads a file of tests/data.
QByteArray testData(const QString &relativePath);

} // namespace Firebreak::Testing
