// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "security/tls.h"
#include "server/server.h"
#include "store/writercpu.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(s_signalPipe[1], &byte, 1);
}

// SIGTERM and SIGINT end the event loop cleanly: pending batches commit, the anchor is saved.
void installSignalHandlers(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0) {
        return;
    }
    auto *notifier = new QSocketNotifier(s_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app]() {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(s_signalPipe[0], &byte, 1);
        app.quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    // A file-size limit (ulimit -f) reached by the store would kill the server with SIGXFSZ;
    // ignored, the write fails with EFBIG instead, and the batch is refused as on a full disk
    // (503, /healthz says why) while everything acknowledged before stays served.
    std::signal(SIGXFSZ, SIG_IGN);
}

// Every connection holds a descriptor, and the soft limit is often 1,024 (systemd's default)
// while the hard one is far higher: a burst of webhooks or sync clients past the soft limit left
// new connections waiting in the listen queue. Raised to the hard limit (at most 2^20).
void raiseOpenFileLimit()
{
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0) {
        return;
    }
    constexpr rlim_t ceiling = rlim_t(1) << 20;
    const rlim_t wanted = files.rlim_max == RLIM_INFINITY ? ceiling
                                                          : std::min(files.rlim_max, ceiling);
    if (files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= wanted) {
        return;
    }
    files.rlim_cur = wanted;
    ::setrlimit(RLIMIT_NOFILE, &files);
}

bool parseListen(const QString &text, Firebreak::ServerOptions *options)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0) {
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']')) {
        host = host.mid(1, host.size() - 2);
    }
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535) {
        return false;
    }
    options->address = host == u"localhost" ? QHostAddress(QHostAddress::LocalHost)
                                             : QHostAddress(host);
    options->port = quint16(port);
    return !options->address.isNull();
}

} // namespace

int main(int argc, char *argv[])
{
    // Everything the server writes (the store, its WAL, evidence, keys) is for its own user
    // only: the log holds password and token hashes.
    ::umask(0077);
    // Qt's own event dispatcher rather than GLib's, unless asked otherwise: the server needs no
    // GLib main loop, and at one alert per webhook GLib's costs about 5 % more CPU per request
    // (docs/performance.md).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB")) {
        qputenv("QT_NO_GLIB", "1");
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"firebreak-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FIREBREAK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Firebreak sync and alert server"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(u"listen"_s, u"Address and port to listen on."_s,
                                    u"host:port"_s, u"127.0.0.1:8080"_s);
    const QCommandLineOption data(u"data"_s,
                                  u"Folder of the SQLite store (with --database: of evidence"
                                  " files and a generated token)."_s,
                                  u"dir"_s);
    const QCommandLineOption database(
        u"database"_s,
        u"PostgreSQL store shared by replicas: postgresql://USER@HOST:PORT/DATABASE (a password"
        " is best given in PGPASSWORD or ~/.pgpass)."_s,
        u"url"_s);
    const QCommandLineOption adminToken(u"admin-token"_s,
                                        u"First administrator's API token on an empty store."_s,
                                        u"token"_s);
    const QCommandLineOption metricsToken(
        u"metrics-token"_s,
        u"Token Prometheus must send (Authorization: Bearer) to read /metrics; by default "
        "/metrics needs none. Also FIREBREAK_METRICS_TOKEN."_s,
        u"token"_s);
    const QCommandLineOption maxBody(u"max-body-bytes"_s, u"Largest request body accepted."_s,
                                     u"bytes"_s, u"1048576"_s);
    const QCommandLineOption maxEvidence(
        u"max-evidence-bytes"_s,
        u"Largest evidence file accepted by POST /api/v1/evidence (in place of"
        " --max-body-bytes there)."_s,
        u"bytes"_s, QString::number(Firebreak::EvidenceStore::MaxFileBytes));
    const QCommandLineOption fullSync(u"synchronous-full"_s,
                                      u"fsync every commit (power-loss safety)."_s);
    const QCommandLineOption snsUrl(u"sns-confirmation-url"_s,
                                    u"Where SNS subscription confirmations may be fetched, as"
                                    " SCHEME://HOST[:PORT] with * for one DNS label (repeatable;"
                                    " default https://sns.*.amazonaws.com)."_s,
                                    u"pattern"_s);
    const QCommandLineOption tlsCertificate(
        u"tls-certificate"_s,
        u"Serve HTTPS and WSS with this PEM certificate (the server's first, then any"
        " intermediates); needs --tls-key."_s,
        u"file"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s,
                                    u"The unencrypted PEM private key of --tls-certificate."_s,
                                    u"file"_s);
    const QCommandLineOption requestTimeout(
        u"request-timeout"_s,
        u"Seconds a request (head and body) may take to arrive; 408 after."_s, u"seconds"_s,
        u"15"_s);
    const QCommandLineOption idleTimeout(
        u"idle-timeout"_s, u"Seconds a keep-alive connection may stay quiet between requests."_s,
        u"seconds"_s, u"60"_s);
    const QCommandLineOption maxConnections(
        u"max-connections-per-address"_s,
        u"Open connections allowed per client address (0: no limit)."_s, u"count"_s, u"0"_s);
    const QCommandLineOption maxSyncQueued(
        u"max-sync-queued-bytes"_s,
        u"Bytes waiting for one sync client before it is closed as too slow (0: no limit)."_s,
        u"bytes"_s, u"4194304"_s);
    const QCommandLineOption allowTampered(
        u"allow-tampered-log"_s,
        u"Serve an event log whose hash chain does not verify (refused otherwise)."_s);
    const QCommandLineOption anyCpu(
        u"threads-on-every-cpu"_s,
        u"Let the HTTP I/O, append and checkpoint threads run on every CPU (by default they"
        " leave the last one to the writer's thread)."_s);
    parser.addOptions({listen, data, database, adminToken, metricsToken, maxBody, maxEvidence,
                       fullSync, snsUrl, tlsCertificate, tlsKey, requestTimeout, idleTimeout,
                       maxConnections, maxSyncQueued, allowTampered, anyCpu});
    parser.process(app);

    Firebreak::ServerOptions options;
    if (!parseListen(parser.value(listen), &options)) {
        std::fprintf(stderr, "firebreak-server: --listen must be HOST:PORT\n");
        return 2;
    }
    if (parser.isSet(database)) {
        options.database = parser.value(database);
        if (!Firebreak::EventStore::isDatabaseUrl(options.database)) {
            std::fprintf(stderr, "firebreak-server: --database must be a postgresql:// URL\n");
            return 2;
        }
    } else if (!parser.isSet(data)) {
        std::fprintf(stderr, "firebreak-server: --data DIR or --database URL is required\n");
        return 2;
    }
    bool ok = false;
    options.maxBodyBytes = parser.value(maxBody).toLongLong(&ok);
    if (!ok || options.maxBodyBytes < 1024) {
        std::fprintf(stderr, "firebreak-server: --max-body-bytes must be at least 1024\n");
        return 2;
    }
    options.maxEvidenceBytes = parser.value(maxEvidence).toLongLong(&ok);
    if (!ok || options.maxEvidenceBytes < 1024) {
        std::fprintf(stderr, "firebreak-server: --max-evidence-bytes must be at least 1024\n");
        return 2;
    }
    const int requestSeconds = parser.value(requestTimeout).toInt(&ok);
    if (!ok || requestSeconds < 1 || requestSeconds > 3600) {
        std::fprintf(stderr, "firebreak-server: --request-timeout must be 1 to 3600 seconds\n");
        return 2;
    }
    options.requestTimeoutMs = requestSeconds * 1000;
    const int idleSeconds = parser.value(idleTimeout).toInt(&ok);
    if (!ok || idleSeconds < 1 || idleSeconds > 86400) {
        std::fprintf(stderr, "firebreak-server: --idle-timeout must be 1 to 86400 seconds\n");
        return 2;
    }
    options.idleTimeoutMs = idleSeconds * 1000;
    options.maxConnectionsPerAddress = parser.value(maxConnections).toInt(&ok);
    if (!ok || options.maxConnectionsPerAddress < 0) {
        std::fprintf(stderr, "firebreak-server: --max-connections-per-address must be 0 or more\n");
        return 2;
    }
    options.maxSyncQueuedBytes = parser.value(maxSyncQueued).toLongLong(&ok);
    if (!ok || (options.maxSyncQueuedBytes != 0 && options.maxSyncQueuedBytes < 65536)) {
        std::fprintf(stderr, "firebreak-server: --max-sync-queued-bytes must be 0 or at least"
                             " 65536\n");
        return 2;
    }
    options.allowTamperedLog = parser.isSet(allowTampered);
    Firebreak::WriterCpu::leaveLastCpu(!parser.isSet(anyCpu));
    options.dataDir = parser.isSet(data)
        ? parser.value(data)
        : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    options.adminToken = parser.isSet(adminToken) ? parser.value(adminToken)
                                                  : qEnvironmentVariable("FIREBREAK_ADMIN_TOKEN");
    options.metricsToken = parser.isSet(metricsToken)
        ? parser.value(metricsToken)
        : qEnvironmentVariable("FIREBREAK_METRICS_TOKEN");
    if (parser.isSet(fullSync)) {
        options.durability = Firebreak::EventStore::Durability::Full;
    }
    options.snsConfirmationUrls = parser.values(snsUrl);
    if (parser.isSet(tlsCertificate) != parser.isSet(tlsKey)) {
        std::fprintf(stderr, "firebreak-server: --tls-certificate and --tls-key go together\n");
        return 2;
    }
    if (parser.isSet(tlsCertificate)) {
        QSslConfiguration tls;
        QString problem;
        if (!Firebreak::loadServerTls(parser.value(tlsCertificate), parser.value(tlsKey), &tls,
                                      &problem)) {
            std::fprintf(stderr, "firebreak-server: %s\n", qPrintable(problem));
            return 2;
        }
        options.tls = tls;
    }

    installSignalHandlers(app);
    raiseOpenFileLimit();
    Firebreak::Server server(options);
    if (!server.start()) {
        std::fprintf(stderr, "firebreak-server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::fprintf(stdout, "firebreak-server listening on %s\n",
                 qPrintable(server.url().toString()));
    std::fflush(stdout);
    return app.exec();
}
