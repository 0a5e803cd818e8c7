// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Firebreak::Testing {

/**
 * A throwaway PostgreSQL 15 cluster on 127.0.0.1, for tests: initdb into a temporary folder,
 * pg_ctl start on a free port (TCP on 127.0.0.1 only, its socket in that folder), stopped and
 * removed by stop() or the destructor. PostgreSQL refuses to run as root, so as root every
 * server command runs as the postgres user (runuser -u postgres --), which then owns the
 * folder. Connections use trust authentication as the database user "postgres".
 *
 * The binaries are looked up in $FIREBREAK_POSTGRES_BIN, /usr/lib/postgresql/15/bin, then
 * PATH. Without them start() fails, and errorString() says to run packaging/install-deps.sh.
 */
class PostgresProcess
{
public:
    PostgresProcess();
    ~PostgresProcess();
    Q_DISABLE_COPY_MOVE(PostgresProcess)

    /// initdb and start; `settings` are extra server settings ("fsync=off").
    bool start(const QStringList &settings = {});
    /// Stops the server at once (pg_ctl stop -m immediate) and removes its folder.
    void stop();
    /// Stops the server (pg_ctl stop -m fast: every connection is cut) and keeps its data, for
    /// startAgain() on the same port: a database that goes away and comes back.
    bool interrupt();
    bool startAgain();
    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }

    /// Creates a database (a fresh unique name when `name` is empty); empty on failure.
    QString createDatabase(const QString &name = {});
    /// postgresql://postgres@127.0.0.1:PORT/DATABASE
    QString url(const QString &database) const;
    /// Runs one SQL statement with psql in `database`; false with errorString() on failure.
    bool execute(const QString &database, const QString &sql);

private:
    bool findBinaries();
    bool prepareFolder();
    bool runServerTool(const QString &tool, const QStringList &arguments, int timeoutMs,
                       QString *output = nullptr);
    bool runClientTool(const QString &tool, const QStringList &arguments, QString *output);
    bool tryStart(const QStringList &settings, bool samePort = false);
    QString logTail() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QStringList m_settings;
    QString m_error;
    quint16 m_port = 0;
    int m_databases = 0;
    bool m_running = false;
    bool m_asPostgresUser = false;
};

} // namespace Firebreak::Testing
