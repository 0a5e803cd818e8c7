// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// TLS end to end: a real firebreak-server serving HTTPS and WSS with certificates made by
// openssl at test time (a test CA, a certificate it issued, one that has expired, a
// self-signed one), and the real clients: the REST client of the CLI, the firebreak-cli
// binary and the desktop's sync client. Good certificates are accepted; expired, self-signed
// and unknown ones are refused with a message that says why; plain HTTP to the TLS port gets a
// plain 400.
#include "client/restclient.h"
#include "security/tls.h"
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

class TestTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void goodCertificate();
    void refused_data();
    void refused();
    void pinnedCertificate_data();
    void pinnedCertificate();
    void plainHttpOnTlsPort();
    void connectionCapOverTls();
    void unusableServerFiles();

private:
    bool openssl(const QStringList &arguments);
    bool makeKey(const QString &name);
    bool issue(const QString &name, int days);
    QString file(const QString &name) const { return m_dir.filePath(name); }
    bool startServer(ServerProcess &server, const QString &certificate,
                     const QStringList &extra = {});
    static TlsTrust trust(const QString &caFile, const QString &pinned = {});
    static RestReply healthz(const QUrl &server, const TlsTrust &trust);
    struct CliRun
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    CliRun cli(const QUrl &server, const QStringList &extra);

    QTemporaryDir m_dir;
};

bool TestTls::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning("openssl %s failed: %s", qPrintable(arguments.join(u' ')),
                 process.readAllStandardError().constData());
        return false;
    }
    return true;
}

bool TestTls::makeKey(const QString &name)
{
    return openssl({u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                    u"ec_paramgen_curve:P-256"_s, u"-out"_s, name + u".key"_s});
}

// A certificate for 127.0.0.1 issued by the test CA, valid for `days` (negative: expired).
bool TestTls::issue(const QString &name, int days)
{
    return makeKey(name)
        && openssl({u"req"_s, u"-new"_s, u"-key"_s, name + u".key"_s, u"-subj"_s,
                    u"/CN=127.0.0.1"_s, u"-out"_s, name + u".csr"_s})
        && openssl({u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, u"ca.pem"_s,
                    u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s,
                    QString::number(days), u"-extfile"_s, u"san.ext"_s, u"-out"_s,
                    name + u".pem"_s});
}

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile san(file(u"san.ext"_s));
    QVERIFY(san.open(QIODevice::WriteOnly));
    san.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    san.close();

    QVERIFY(makeKey(u"ca"_s));
    QVERIFY(openssl({u"req"_s, u"-x509"_s, u"-new"_s, u"-key"_s, u"ca.key"_s, u"-subj"_s,
                     u"/CN=Firebreak test CA"_s, u"-days"_s, u"30"_s, u"-out"_s, u"ca.pem"_s}));
    QVERIFY(issue(u"good"_s, 30));
    QVERIFY(issue(u"expired"_s, -1));
    QVERIFY(makeKey(u"self"_s));
    QVERIFY(openssl({u"req"_s, u"-x509"_s, u"-new"_s, u"-key"_s, u"self.key"_s, u"-subj"_s,
                     u"/CN=127.0.0.1"_s, u"-days"_s, u"30"_s, u"-addext"_s,
                     u"subjectAltName=IP:127.0.0.1"_s, u"-out"_s, u"self.pem"_s}));
}

bool TestTls::startServer(ServerProcess &server, const QString &certificate,
                          const QStringList &extra)
{
    const bool started = server.start(QStringList{u"--tls-certificate"_s,
                                                  file(certificate + u".pem"_s), u"--tls-key"_s,
                                                  file(certificate + u".key"_s)}
                                      + extra);
    if (!started) {
        qWarning("server did not start: %s", qPrintable(server.standardError()));
    }
    return started && server.url().scheme() == u"https";
}

TlsTrust TestTls::trust(const QString &caFile, const QString &pinned)
{
    TlsTrust trust;
    [[maybe_unused]] const bool loaded = trust.load(caFile, pinned);
    Q_ASSERT(loaded);
    return trust;
}

RestReply TestTls::healthz(const QUrl &server, const TlsTrust &trust)
{
    RestClient client;
    client.setBaseUrl(server);
    client.setTlsTrust(trust);
    client.setTimeout(std::chrono::seconds(20));
    return client.sendAndWait(RestRequest::get(u"/healthz"_s));
}

TestTls::CliRun TestTls::cli(const QUrl &server, const QStringList &extra)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FIREBREAK_TOKEN"_s, u"test-admin-token"_s);
    environment.remove(u"FIREBREAK_CA_FILE"_s);
    environment.remove(u"FIREBREAK_PINNED_CERTIFICATE"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(FIREBREAK_CLI_BINARY),
                  QStringList{u"--server"_s, server.toString(), u"integration"_s, u"list"_s}
                      + extra);
    CliRun run;
    if (process.waitForFinished(60000)) {
        run.exitCode = process.exitCode();
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestTls::goodCertificate()
{
    ServerProcess server;
    QVERIFY(startServer(server, u"good"_s));

    const RestReply reply = healthz(server.url(), trust(file(u"ca.pem"_s)));
    QVERIFY2(reply.reachedServer(), qPrintable(reply.failureText));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"ok"_s);

    const CliRun run = cli(server.url(), {u"--ca-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    // The desktop's sync client over WSS, to the end of its catch-up.
    SyncClient sync(nullptr);
    sync.setTlsTrust(trust(file(u"ca.pem"_s)));
    sync.connectToServer(server.url(), server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(sync.state(), SyncClient::State::Live, 30000);
    QVERIFY(!sync.storeId().isEmpty());
}

void TestTls::refused_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("reason");
    QTest::newRow("expired") << u"expired"_s << u"ca.pem"_s << u"has expired"_s;
    QTest::newRow("self-signed") << u"self"_s << QString() << u"self-signed"_s;
    QTest::newRow("unknown CA") << u"good"_s << QString() << u"not trusted"_s;
}

void TestTls::refused()
{
    QFETCH(QString, certificate);
    QFETCH(QString, caFile);
    QFETCH(QString, reason);
    ServerProcess server;
    QVERIFY(startServer(server, certificate));
    const TlsTrust clientTrust = trust(caFile.isEmpty() ? QString() : file(caFile));

    const RestReply reply = healthz(server.url(), clientTrust);
    QVERIFY(!reply.reachedServer());
    QCOMPARE(reply.failure, RestReply::Failure::Unreachable);
    QVERIFY2(reply.failureText.startsWith(u"TLS: "_s), qPrintable(reply.failureText));
    QVERIFY2(reply.failureText.contains(reason), qPrintable(reply.failureText));

    QStringList extra;
    if (!caFile.isEmpty()) {
        extra = QStringList{u"--ca-file"_s, file(caFile)};
    }
    const CliRun run = cli(server.url(), extra);
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(reason), qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"test-admin-token"_s), qPrintable(run.err));

    SyncClient sync(nullptr);
    sync.setTlsTrust(clientTrust);
    QSignalSpy states(&sync, &SyncClient::stateChanged);
    sync.connectToServer(server.url(), server.adminToken());
    QTRY_VERIFY_WITH_TIMEOUT(sync.state() == SyncClient::State::Unreachable, 30000);
    QVERIFY2(sync.lastError().contains(reason), qPrintable(sync.lastError()));
    for (const QList<QVariant> &change : std::as_const(states)) {
        QVERIFY(change.first().value<SyncClient::State>() != SyncClient::State::CatchingUp);
    }
    sync.stop();

    // A refused handshake costs the server nothing.
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestTls::pinnedCertificate_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("pinned");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("self-signed, pinned") << u"self"_s << u"self.pem"_s << true;
    QTest::newRow("CA-issued, pinned") << u"good"_s << u"good.pem"_s << true;
    QTest::newRow("another certificate pinned") << u"self"_s << u"good.pem"_s << false;
    // A pin does not bring back a certificate that has expired.
    QTest::newRow("expired, pinned") << u"expired"_s << u"expired.pem"_s << false;
}

void TestTls::pinnedCertificate()
{
    QFETCH(QString, certificate);
    QFETCH(QString, pinned);
    QFETCH(bool, accepted);
    ServerProcess server;
    QVERIFY(startServer(server, certificate));

    const RestReply reply = healthz(server.url(), trust(QString(), file(pinned)));
    QCOMPARE(reply.status == 200, accepted);
    QCOMPARE(reply.reachedServer(), accepted);

    const CliRun run = cli(server.url(), {u"--pin-certificate"_s, file(pinned)});
    QCOMPARE(run.exitCode, accepted ? 0 : 3);

    SyncClient sync(nullptr);
    sync.setTlsTrust(trust(QString(), file(pinned)));
    sync.connectToServer(server.url(), server.adminToken());
    if (accepted) {
        QTRY_COMPARE_WITH_TIMEOUT(sync.state(), SyncClient::State::Live, 30000);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(sync.lastError().startsWith(u"TLS: "_s), 30000);
        QVERIFY(sync.state() != SyncClient::State::Live);
    }
}

void TestTls::plainHttpOnTlsPort()
{
    ServerProcess server;
    QVERIFY(startServer(server, u"good"_s));

    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll(),
                              socket.state() == QAbstractSocket::UnconnectedState),
                             15000);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QVERIFY2(answer.contains("\"code\":\"bad_request\""), answer.constData());
    QVERIFY2(answer.contains("https://"), answer.constData());

    // The port keeps serving TLS.
    QCOMPARE(healthz(server.url(), trust(file(u"ca.pem"_s))).status, 200);
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestTls::connectionCapOverTls()
{
    ServerProcess server;
    QVERIFY(startServer(server, u"good"_s, {u"--max-connections-per-address"_s, u"1"_s}));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    QList<QSslCertificate> authorities = QSslCertificate::fromPath(file(u"ca.pem"_s));
    QVERIFY(!authorities.isEmpty());
    configuration.setCaCertificates(authorities);

    QSslSocket first;
    first.setSslConfiguration(configuration);
    first.connectToHostEncrypted(u"127.0.0.1"_s, server.port());
    QVERIFY2(first.waitForEncrypted(20000), qPrintable(first.errorString()));

    // The second connection from the address is over the cap. Its refusal must be spoken in
    // TLS like everything on this port: a plain-text answer would break the handshake.
    QSslSocket second;
    second.setSslConfiguration(configuration);
    second.connectToHostEncrypted(u"127.0.0.1"_s, server.port());
    QVERIFY2(second.waitForEncrypted(20000), qPrintable(second.errorString()));
    QByteArray answer;
    QTRY_VERIFY2_WITH_TIMEOUT((answer += second.readAll(),
                               second.state() == QAbstractSocket::UnconnectedState),
                              answer.constData(), 15000);
    answer += second.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 429 "), answer.constData());
    QVERIFY2(answer.contains("\"code\":\"rate_limited\""), answer.constData());

    // The first connection still works, and once it is gone the address may connect again.
    first.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray health;
    QTRY_VERIFY_WITH_TIMEOUT((health += first.readAll(), health.contains("\"ok\"")), 15000);
    QVERIFY2(health.startsWith("HTTP/1.1 200 "), health.constData());
    first.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(healthz(server.url(), trust(file(u"ca.pem"_s))).status, 200, 15000);
    QCOMPARE(server.process().state(), QProcess::Running);
}

void TestTls::unusableServerFiles()
{
    for (const QStringList &arguments :
         {QStringList{u"--tls-certificate"_s, file(u"good.pem"_s)},
          QStringList{u"--tls-certificate"_s, file(u"missing.pem"_s), u"--tls-key"_s,
                      file(u"good.key"_s)},
          QStringList{u"--tls-certificate"_s, file(u"good.key"_s), u"--tls-key"_s,
                      file(u"good.key"_s)}}) {
        ServerProcess server;
        QVERIFY(!server.start(arguments));
        QCOMPARE(server.process().exitCode(), 2);
        QVERIFY2(server.standardError().contains(u"--tls"_s)
                     || server.standardError().contains(u".pem"_s)
                     || server.standardError().contains(u".key"_s),
                 qPrintable(server.standardError()));
    }
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
