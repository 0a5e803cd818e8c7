// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postgresprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

namespace {

constexpr auto s_installHint = "install PostgreSQL 15 with packaging/install-deps.sh --tests"
                               " (Debian package postgresql-15)";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

PostgresProcess::PostgresProcess() = default;

PostgresProcess::~PostgresProcess()
{
    stop();
}

bool PostgresProcess::findBinaries()
{
    QStringList candidates;
    if (qEnvironmentVariableIsSet("FIREBREAK_POSTGRES_BIN")) {
        candidates << qEnvironmentVariable("FIREBREAK_POSTGRES_BIN");
    }
    candidates << u"/usr/lib/postgresql/15/bin"_s;
    const QString onPath = QStandardPaths::findExecutable(u"initdb"_s);
    if (!onPath.isEmpty()) {
        candidates << QFileInfo(onPath).absolutePath();
    }
    for (const QString &dir : std::as_const(candidates)) {
        if (QFileInfo(dir + u"/initdb"_s).isExecutable()
            && QFileInfo(dir + u"/pg_ctl"_s).isExecutable()) {
            m_binDir = dir;
            return true;
        }
    }
    m_error = u"PostgreSQL's initdb and pg_ctl were not found (looked in %1): %2"_s.arg(
        candidates.join(u", "_s), QLatin1StringView(s_installHint));
    return false;
}

// As root, the cluster belongs to the postgres user, who must be able to enter the folder.
bool PostgresProcess::prepareFolder()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/firebreak-pg-XXXXXX"_s);
    if (!m_dir->isValid() || !QDir(m_dir->path()).mkdir(u"socket"_s)) {
        m_error = u"cannot create a temporary folder for PostgreSQL"_s;
        return false;
    }
    m_asPostgresUser = ::geteuid() == 0;
    if (!m_asPostgresUser) {
        return true;
    }
    const passwd *user = ::getpwnam("postgres");
    if (!user) {
        m_error = u"running as root needs the postgres user to run PostgreSQL: "_s
            + QLatin1StringView(s_installHint);
        return false;
    }
    for (const QString &path : {m_dir->path(), m_dir->filePath(u"socket"_s)}) {
        if (::chown(QFile::encodeName(path).constData(), user->pw_uid, user->pw_gid) != 0) {
            m_error = u"cannot give %1 to the postgres user"_s.arg(path);
            return false;
        }
    }
    return true;
}

bool PostgresProcess::runServerTool(const QString &tool, const QStringList &arguments,
                                    int timeoutMs, QString *output)
{
    QProcess process;
    const QString binary = m_binDir + u'/' + tool;
    if (m_asPostgresUser) {
        process.setProgram(u"runuser"_s);
        process.setArguments(QStringList{u"-u"_s, u"postgres"_s, u"--"_s, binary} + arguments);
    } else {
        process.setProgram(binary);
        process.setArguments(arguments);
    }
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir->path());
    process.start();
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(timeoutMs);
    const QString text = QString::fromLocal8Bit(process.readAll());
    if (output) {
        *output = text;
    }
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed (%2): %3"_s.arg(tool, process.errorString(), text.trimmed());
        return false;
    }
    return true;
}

bool PostgresProcess::runClientTool(const QString &tool, const QStringList &arguments,
                                    QString *output)
{
    QProcess process;
    process.setProgram(m_binDir + u'/' + tool);
    process.setArguments(QStringList{u"-h"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_port),
                                     u"-U"_s, u"postgres"_s}
                         + arguments);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start();
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(60000);
    *output = QString::fromLocal8Bit(process.readAll());
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed: %2"_s.arg(tool, output->trimmed());
        return false;
    }
    return true;
}

bool PostgresProcess::start(const QStringList &settings)
{
    stop();
    if (!findBinaries() || !prepareFolder()) {
        return false;
    }
    const QString data = m_dir->filePath(u"data"_s);
    if (!runServerTool(u"initdb"_s,
                       {u"-D"_s, data, u"-A"_s, u"trust"_s, u"-U"_s, u"postgres"_s, u"-E"_s,
                        u"UTF8"_s, u"--locale=C"_s, u"--no-sync"_s},
                       120000)) {
        return false;
    }
    // A free port found now may be taken before the server binds it: try a few.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (tryStart(settings)) {
            m_settings = settings;
            m_running = true;
            return true;
        }
    }
    return false;
}

bool PostgresProcess::tryStart(const QStringList &settings, bool samePort)
{
    if (!samePort) {
        m_port = freePort();
    }
    QStringList options{u"-h 127.0.0.1"_s, u"-p %1"_s.arg(m_port),
                        u"-k %1"_s.arg(m_dir->filePath(u"socket"_s))};
    for (const QString &setting : settings) {
        options << u"-c "_s + setting;
    }
    const bool started = runServerTool(u"pg_ctl"_s,
                                       {u"-D"_s, m_dir->filePath(u"data"_s), u"-l"_s,
                                        m_dir->filePath(u"server.log"_s), u"-w"_s, u"-t"_s,
                                        u"60"_s, u"-o"_s, options.join(u' '), u"start"_s},
                                       90000);
    if (!started) {
        m_error += u"\n"_s + logTail();
    }
    return started;
}

void PostgresProcess::stop()
{
    if (m_running) {
        runServerTool(u"pg_ctl"_s,
                      {u"-D"_s, m_dir->filePath(u"data"_s), u"-m"_s, u"immediate"_s, u"-w"_s,
                       u"stop"_s},
                      60000);
        m_running = false;
    }
    m_dir.reset();
}

bool PostgresProcess::interrupt()
{
    if (!m_running) {
        m_error = u"not running"_s;
        return false;
    }
    m_running = false;
    return runServerTool(u"pg_ctl"_s,
                         {u"-D"_s, m_dir->filePath(u"data"_s), u"-m"_s, u"fast"_s, u"-w"_s,
                          u"stop"_s},
                         60000);
}

bool PostgresProcess::startAgain()
{
    if (m_running || !m_dir) {
        m_error = u"not interrupted"_s;
        return false;
    }
    m_running = tryStart(m_settings, true);
    return m_running;
}

QString PostgresProcess::logTail() const
{
    QFile log(m_dir->filePath(u"server.log"_s));
    if (!log.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromLocal8Bit(log.readAll().right(2000));
}

QString PostgresProcess::createDatabase(const QString &name)
{
    const QString database = name.isEmpty()
        ? u"test_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_databases)
        : name;
    QString output;
    if (!runClientTool(u"createdb"_s, {database}, &output)) {
        return {};
    }
    return url(database);
}

QString PostgresProcess::url(const QString &database) const
{
    return u"postgresql://postgres@127.0.0.1:%1/%2"_s.arg(m_port).arg(database);
}

bool PostgresProcess::execute(const QString &database, const QString &sql)
{
    QString output;
    return runClientTool(u"psql"_s,
                         {u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-d"_s, database,
                          u"-c"_s, sql},
                         &output);
}

} // namespace Firebreak::Testing
