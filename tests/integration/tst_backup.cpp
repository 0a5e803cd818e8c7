// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Backups and evidence bundles with the real programs: firebreak-cli backs up a
// firebreak-server while alerts keep arriving, restores into a new folder, and a second server
// serves the restored store; the restored log verifies against its hash chain and holds every
// alert acknowledged before the backup began. The same works against a server on
// PostgreSQL, whose backup restores into a SQLite folder. An incident's evidence bundle is
// exported and checked with the system's own tar and sha256sum against its manifest. Damaged
// archives are refused, and so are downloads cut off or spoilt on the way. The server's secrets
// travel with the backup: after a restore, a signed integration still accepts signed deliveries
// and a webhook channel still signs with its secret; restored files are their owner's alone.
#include "../oncall/httpreceiver.h"
#include "alertload.h"
#include "postgresprocess.h"
#include "incidents/evidencebundle.h"
#include "serverprocess.h"
#include "store/backup.h"
#include "store/tararchive.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

/// The signing secret of an integration, and a webhook channel's secret (docs/alerts.md,
/// docs/notifications.md): both kept by the server outside its store.
const QString s_signingSecret = u"backup-signing-secret-0001"_s;
const QString s_channelSecret = u"backup-channel-secret-0001"_s;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runProgram(const QString &program, const QStringList &arguments, const QString &directory = {},
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!directory.isEmpty()) {
        process.setWorkingDirectory(directory);
    }
    process.start(program, arguments);
    Run run;
    if (process.waitForFinished(120000)) {
        run.exitCode = process.exitCode();
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// Posts one generic alert signed with `secret` (X-Firebreak-Signature); the answer's status.
int postSigned(const QUrl &server, const QString &key, const QString &secret, const QString &title)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"title"_s, title}, {u"dedup_key"_s, title}})
                                .toJson(QJsonDocument::Compact);
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray mac = QMessageAuthenticationCode::hash(timestamp + '.' + body,
                                                            secret.toUtf8(),
                                                            QCryptographicHash::Sha256)
                               .toHex();
    QNetworkAccessManager network;
    QNetworkRequest request(server.resolved(QUrl(u"/api/v1/alerts/generic"_s)));
    request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("X-Firebreak-Timestamp", timestamp);
    request.setRawHeader("X-Firebreak-Signature", "v1=" + mac);
    std::unique_ptr<QNetworkReply> reply(network.post(request, body));
    if (!QTest::qWaitFor([&reply]() { return reply->isFinished(); }, 30000)) {
        return 0;
    }
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

/// Creates a generic integration whose deliveries must be signed with `s_signingSecret`.
QString createSignedIntegration(const ServerProcess &server)
{
    const QJsonObject body{
        {u"source"_s, u"generic"_s},
        {u"name"_s, u"signed"_s},
        {u"config"_s,
         QJsonObject{{u"signing"_s, QJsonObject{{u"secrets"_s, QJsonArray{s_signingSecret}}}}}}};
    const ServerProcess::Reply reply = server.request(
        "POST", u"/api/v1/integrations"_s, QJsonDocument(body).toJson(), server.adminToken());
    return reply.status == 201 || reply.status == 200 ? reply.json().value(u"key"_s).toString()
                                                      : QString();
}

/// Paths below `root` (itself included) whose permissions are not `folder` for folders and
/// `file` for files.
QStringList wrongModes(const QString &root, QFileDevice::Permissions folder,
                       QFileDevice::Permissions file)
{
    QStringList wrong;
    if (QFileInfo(root).permissions() != folder) {
        wrong.append(root);
    }
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        if (info.permissions() != (info.isDir() ? folder : file)) {
            wrong.append(u"%1 (%2)"_s.arg(info.filePath()).arg(int(info.permissions()), 0, 16));
        }
    }
    return wrong;
}

constexpr QFileDevice::Permissions s_ownerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ReadUser | QFileDevice::WriteUser;
constexpr QFileDevice::Permissions s_ownerFolder = s_ownerFile | QFileDevice::ExeOwner
    | QFileDevice::ExeUser;

/**
 * A broken network between firebreak-cli and the server: relays each connection to the real
 * server and spoils the answer on its way back, cut off after `cutAfter` bytes or with the
 * byte at `flipAt` changed (-1: not at all).
 */
class SpoilingProxy final : public QObject
{
public:
    SpoilingProxy(quint16 serverPort, qint64 cutAfter, qint64 flipAt)
        : m_serverPort(serverPort)
        , m_cutAfter(cutAfter)
        , m_flipAt(flipAt)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, &SpoilingProxy::relay);
    }

    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_listener.serverPort())); }

private:
    void relay()
    {
        QTcpSocket *client = m_listener.nextPendingConnection();
        auto *server = new QTcpSocket(client);
        auto relayed = std::make_shared<qint64>(0);
        connect(client, &QTcpSocket::readyRead, server,
                [client, server]() { server->write(client->readAll()); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(server, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(server, &QTcpSocket::readyRead, client, [this, client, server, relayed]() {
            QByteArray bytes = server->readAll();
            const qint64 flip = m_flipAt - *relayed;
            if (flip >= 0 && flip < bytes.size()) {
                bytes[flip] = char(bytes.at(flip) ^ 0x5a);
            }
            const bool cut = m_cutAfter >= 0 && *relayed + bytes.size() > m_cutAfter;
            if (cut) {
                bytes.truncate(m_cutAfter - *relayed);
            }
            *relayed += bytes.size();
            client->write(bytes);
            if (cut) {
                server->abort();
                client->disconnectFromHost();
            }
        });
        server->connectToHost(QHostAddress::LocalHost, m_serverPort);
    }

    QTcpServer m_listener;
    quint16 m_serverPort;
    qint64 m_cutAfter;
    qint64 m_flipAt;
};

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void backupWhileServing();
    void restoreRefusesDamage_data();
    void restoreRefusesDamage();
    void restoresFormatVersionOne();
    void serverMakesItsFolderOwnerOnly();
    void backupNeedsAdministrator();
    void spoiltDownloadIsRefused_data();
    void spoiltDownloadIsRefused();
    void backupOfPostgres();
    void evidenceBundle();
    void bundleRefusesDamage();

private:
    Run cli(const QStringList &arguments) const;
    /// Runs the CLI while this process's event loop keeps running (for the proxy).
    Run cliAsync(const QUrl &server, const QString &token, const QStringList &arguments) const;
    ServerProcess::Reply command(const QJsonObject &body) const;

    ServerProcess m_server;
    QTemporaryDir m_work;
    /// Plays the receiver of a webhook channel, which signs with `s_channelSecret`.
    HttpReceiver m_receiver;
    QString m_key;
    QString m_signedKey;
    QString m_incident;
    QString m_incidentNumber;
    QByteArray m_attachment;
    QByteArray m_backup;
};

Run TestBackup::cli(const QStringList &arguments) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FIREBREAK_SERVER"_s, m_server.url().toString());
    environment.insert(u"FIREBREAK_TOKEN"_s, m_server.adminToken());
    return runProgram(QStringLiteral(FIREBREAK_CLI_BINARY), arguments, {}, environment);
}

Run TestBackup::cliAsync(const QUrl &server, const QString &token,
                         const QStringList &arguments) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FIREBREAK_SERVER"_s, server.toString());
    environment.insert(u"FIREBREAK_TOKEN"_s, token);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(FIREBREAK_CLI_BINARY), arguments);
    Run run;
    const bool finished = QTest::qWaitFor(
        [&]() { return process.state() == QProcess::NotRunning; }, 120000);
    if (finished && process.exitStatus() == QProcess::NormalExit) {
        run.exitCode = process.exitCode();
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

ServerProcess::Reply TestBackup::command(const QJsonObject &body) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, QJsonDocument(body).toJson(),
                            m_server.adminToken());
}

void TestBackup::initTestCase()
{
    QVERIFY(m_work.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    m_key = m_server.createIntegration(u"alertmanager"_s, u"backup"_s);
    QVERIFY(!m_key.isEmpty());

    // An incident with a note, an uploaded file and a log excerpt.
    AlertLoad first({m_server.url()}, m_key, u"first"_s, 4, 2);
    first.start(8);
    QVERIFY(first.waitForAnswers());
    QCOMPARE(first.acknowledgedPosts(), 8);
    const ServerProcess::Reply list = m_server.request("GET", u"/api/v1/incidents?limit=1"_s, {},
                                                       m_server.adminToken());
    QCOMPARE(list.status, 200);
    const QJsonObject incident = list.json().value(u"incidents"_s).toArray().first().toObject();
    m_incident = incident.value(u"id"_s).toString();
    m_incidentNumber = incident.value(u"number"_s).toString();
    QVERIFY(!m_incident.isEmpty());

    m_attachment = QByteArray("2026-12-04T10:00:00Z checkout: upstream timed out\n").repeated(40);
    const ServerProcess::Reply upload = m_server.request("POST", u"/api/v1/evidence"_s,
                                                         m_attachment, m_server.adminToken());
    QCOMPARE(upload.status, 201);
    QCOMPARE(upload.json().value(u"sha256"_s).toString(), sha256(m_attachment));
    const QList<QJsonObject> commands{
        {{u"type"_s, u"incident.add_note"_s},
         {u"incident"_s, m_incident},
         {u"text"_s, u"Rolled back the checkout deploy."_s}},
        {{u"type"_s, u"incident.attach_evidence"_s},
         {u"incident"_s, m_incident},
         {u"kind"_s, u"file"_s},
         {u"name"_s, u"checkout.log"_s},
         {u"sha256"_s, sha256(m_attachment)},
         {u"size"_s, m_attachment.size()}},
        {{u"type"_s, u"incident.attach_evidence"_s},
         {u"incident"_s, m_incident},
         {u"kind"_s, u"log"_s},
         {u"name"_s, u"first error"_s},
         {u"text"_s, u"upstream timed out after 30 s"_s}},
        {{u"type"_s, u"incident.attach_evidence"_s},
         {u"incident"_s, m_incident},
         {u"kind"_s, u"link"_s},
         {u"name"_s, u"dashboard"_s},
         {u"url"_s, u"https://grafana.invalid/d/checkout"_s}}};
    for (const QJsonObject &body : commands) {
        const ServerProcess::Reply reply = command(body);
        QVERIFY2(reply.status == 200, reply.body.constData());
    }

    // The server's secrets: a signed integration (its secret sealed with alert-secrets.key) and
    // a webhook channel (its secret in notify-secrets.json) told of severity changes.
    m_signedKey = createSignedIntegration(m_server);
    QVERIFY(!m_signedKey.isEmpty());
    QCOMPARE(postSigned(m_server.url(), m_signedKey, s_signingSecret, u"signed before"_s), 202);
    QCOMPARE(postSigned(m_server.url(), m_signedKey, u"wrong"_s, u"wrong before"_s), 401);
    QVERIFY(m_receiver.listen());
    const ServerProcess::Reply channel = command(
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"backup-hook"_s},
         {u"kind"_s, u"webhook"_s},
         {u"settings"_s, QJsonObject{{u"url"_s, m_receiver.url(u"/hook"_s)}}},
         {u"secret"_s, s_channelSecret},
         {u"events"_s, QJsonArray{u"incident.severity_changed"_s}}});
    QVERIFY2(channel.status == 200, channel.body.constData());
    for (const QString &name : {u"alert-secrets.key"_s, u"notify-secrets.json"_s}) {
        QVERIFY2(QFile::exists(QDir(m_server.dataDir()).filePath(name)), qPrintable(name));
    }
}

void TestBackup::backupWhileServing()
{
    // Alerts keep arriving all through the backup.
    AlertLoad load({m_server.url()}, m_key, u"during"_s, 12, 3);
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.acknowledgedPosts() > 20, 60000);
    const QSet<QString> before = load.acknowledged();

    // The CLI runs while this process keeps posting and counting answers.
    const QString archive = m_work.filePath(u"backup.tar"_s);
    const int postsBefore = load.acknowledgedPosts();
    QProcess backup;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FIREBREAK_SERVER"_s, m_server.url().toString());
    environment.insert(u"FIREBREAK_TOKEN"_s, m_server.adminToken());
    backup.setProcessEnvironment(environment);
    backup.start(QStringLiteral(FIREBREAK_CLI_BINARY),
                 {u"backup"_s, u"create"_s, u"--output"_s, archive});
    QTRY_VERIFY_WITH_TIMEOUT(backup.state() == QProcess::NotRunning, 120000);
    const QString output = QString::fromUtf8(backup.readAllStandardOutput());
    QVERIFY2(backup.exitCode() == 0, backup.readAllStandardError().constData());
    QVERIFY2(output.contains(u"verified"_s), qPrintable(output));
    QTRY_VERIFY_WITH_TIMEOUT(load.acknowledgedPosts() > postsBefore, 30000);
    load.stop();
    m_backup = readFile(archive);
    QVERIFY(!m_backup.isEmpty());
    // The archive holds secrets: only its owner may read it, and so it is for every file
    // unpacked from it with the system's tar.
    QCOMPARE(QFileInfo(archive).permissions(), s_ownerFile);
    const Run listing = runProgram(u"tar"_s, {u"-tvf"_s, archive});
    QCOMPARE(listing.exitCode, 0);
    const QStringList listed = listing.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(listed.size() >= 5);
    for (const QString &line : listed) {
        QVERIFY2(line.startsWith(u"-rw------- "_s), qPrintable(line));
    }

    // The server's secret files are in it, listed in the manifest like every other file.
    QList<Tar::Entry> entries;
    QString tarError;
    QVERIFY2(Tar::read(m_backup, &entries, &tarError), qPrintable(tarError));
    QJsonObject manifest;
    QHash<QString, QByteArray> packed;
    for (const Tar::Entry &entry : std::as_const(entries)) {
        packed.insert(entry.path, entry.bytes);
        if (entry.path == u"manifest.json"_s) {
            manifest = QJsonDocument::fromJson(entry.bytes).object();
        }
    }
    QCOMPARE(manifest.value(u"format"_s).toString(), u"firebreak-backup-v2"_s);
    QCOMPARE(manifest.value(u"secretFiles"_s).toInt(), 2);
    for (const QString &name : {u"alert-secrets.key"_s, u"notify-secrets.json"_s}) {
        const QByteArray original = readFile(QDir(m_server.dataDir()).filePath(name));
        QVERIFY(!original.isEmpty());
        QCOMPARE(packed.value(name), original);
        bool listed = false;
        for (const QJsonValue &file : manifest.value(u"files"_s).toArray()) {
            listed = listed
                || (file[u"path"_s].toString() == name
                    && file[u"sha256"_s].toString() == sha256(original)
                    && file[u"size"_s].toInteger() == original.size());
        }
        QVERIFY2(listed, qPrintable(name));
    }

    const QString restored = m_work.filePath(u"restored"_s);
    const Run restore = cli({u"backup"_s, u"restore"_s, u"--input"_s, archive, u"--data"_s,
                             restored, u"--json"_s});
    QVERIFY2(restore.exitCode == 0, qPrintable(restore.err));
    const QJsonObject report = QJsonDocument::fromJson(restore.out.toUtf8()).object();
    QVERIFY(report.value(u"events"_s).toInteger() > 20);
    QCOMPARE(report.value(u"events"_s).toInteger(), report.value(u"head"_s).toInteger());
    QCOMPARE(report.value(u"evidenceFiles"_s).toInt(), 1);
    QCOMPARE(report.value(u"secretFiles"_s).toInt(), 2);
    // Store, evidence and secrets are their owner's alone.
    const QStringList wrong = wrongModes(restored, s_ownerFolder, s_ownerFile);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));

    // The restored folder verifies on its own, anchor included.
    const Run audit = cli({u"audit"_s, u"verify"_s, u"--data"_s, restored});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.out + audit.err));
    QVERIFY2(!audit.err.contains(u"warning"_s), qPrintable(audit.err));

    // A server on the restored folder is the same store, holding everything acknowledged
    // before the backup began, and the evidence file.
    ServerProcess copy;
    QVERIFY2(copy.start({u"--data"_s, restored}), qPrintable(copy.standardError()));
    const QJsonObject health = copy.request("GET", u"/healthz"_s).json();
    QCOMPARE(health.value(u"storeId"_s).toString(), report.value(u"storeId"_s).toString());
    QCOMPARE(health.value(u"storeId"_s).toString(),
             m_server.request("GET", u"/healthz"_s).json().value(u"storeId"_s).toString());
    QVERIFY(health.value(u"head"_s).toInteger() >= report.value(u"head"_s).toInteger());
    bool complete = false;
    const QSet<QString> stored = storedAlerts(copy, &complete);
    QVERIFY(complete);
    const QSet<QString> lost = before - stored;
    QVERIFY2(lost.isEmpty(), qPrintable(u"%1 alerts missing"_s.arg(lost.size())));
    const ServerProcess::Reply blob = copy.request(
        "GET", u"/api/v1/evidence/"_s + sha256(m_attachment), {}, copy.adminToken());
    QCOMPARE(blob.status, 200);
    QCOMPARE(blob.body, m_attachment);

    // The signed integration still takes signed deliveries, and only those.
    QCOMPARE(postSigned(copy.url(), m_signedKey, s_signingSecret, u"signed after"_s), 202);
    QCOMPARE(postSigned(copy.url(), m_signedKey, u"wrong"_s, u"wrong after"_s), 401);

    // The channel still has its secret: a severity change on the restored server reaches the
    // receiver signed with it.
    const ServerProcess::Reply declared = copy.request(
        "POST", u"/api/v1/commands"_s,
        QJsonDocument(QJsonObject{{u"type"_s, u"incident.declare"_s},
                                  {u"title"_s, u"after the restore"_s},
                                  {u"severity"_s, u"P3"_s}})
            .toJson(),
        copy.adminToken());
    QVERIFY2(declared.status == 200, declared.body.constData());
    const QString incident = declared.json()[u"events"_s][0][u"incident"_s].toString();
    QVERIFY2(!incident.isEmpty(), declared.body.constData());
    const ServerProcess::Reply changed = copy.request(
        "POST", u"/api/v1/commands"_s,
        QJsonDocument(QJsonObject{{u"type"_s, u"incident.change_severity"_s},
                                  {u"incident"_s, incident},
                                  {u"severity"_s, u"P2"_s}})
            .toJson(),
        copy.adminToken());
    QVERIFY2(changed.status == 200, changed.body.constData());
    const auto delivered = [this]() {
        for (const HttpReceiver::Request &request : m_receiver.requests()) {
            if (request.header("X-Firebreak-Event") == "incident.severity_changed") {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(delivered(), 30000);
    for (const HttpReceiver::Request &request : m_receiver.requests()) {
        const QByteArray timestamp = request.header("X-Firebreak-Timestamp");
        const QByteArray mac = QMessageAuthenticationCode::hash(
            timestamp + '.' + request.body, s_channelSecret.toUtf8(), QCryptographicHash::Sha256);
        QCOMPARE(request.header("X-Firebreak-Signature"), "v1=" + mac.toHex());
    }
    copy.stop();

    // Restoring over a store is refused.
    const Run again = cli({u"backup"_s, u"restore"_s, u"--input"_s, archive, u"--data"_s,
                           restored});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"not empty"_s), qPrintable(again.err));
}

void TestBackup::restoreRefusesDamage_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("reason");
    QTest::newRow("store changed") << u"store"_s << u"does not match its SHA-256"_s;
    QTest::newRow("manifest changed") << u"manifest"_s << u"does not match"_s;
    QTest::newRow("cut short") << u"truncate"_s << u"cut short"_s;
    QTest::newRow("not a backup") << u"other"_s << u"not a Firebreak backup"_s;
    QTest::newRow("secret left out") << u"secret"_s << u"its manifest lists"_s;
}

void TestBackup::restoreRefusesDamage()
{
    QFETCH(QString, damage);
    QFETCH(QString, reason);
    if (m_backup.isEmpty()) {
        QSKIP("needs the backup of backupWhileServing");
    }
    QList<Tar::Entry> entries;
    QString error;
    QVERIFY2(Tar::read(m_backup, &entries, &error), qPrintable(error));

    QByteArray archive;
    if (damage == u"truncate") {
        archive = m_backup.left(m_backup.size() / 2);
    } else {
        Tar::Writer tar;
        for (Tar::Entry &entry : entries) {
            if (damage == u"store" && entry.path == u"firebreak.sqlite") {
                entry.bytes[entry.bytes.size() - 100] = char(entry.bytes.at(entry.bytes.size()
                                                                            - 100) ^ 1);
            } else if (damage == u"manifest" && entry.path == u"manifest.json") {
                QJsonObject manifest = QJsonDocument::fromJson(entry.bytes).object();
                QJsonArray files = manifest.value(u"files"_s).toArray();
                QJsonObject first = files.first().toObject();
                first.insert(u"sha256"_s, QString(64, u'0'));
                files.replace(0, first);
                manifest.insert(u"files"_s, files);
                entry.bytes = QJsonDocument(manifest).toJson();
            } else if (damage == u"other" && entry.path == u"manifest.json") {
                entry.bytes = "{}";
            } else if (damage == u"secret" && entry.path == u"alert-secrets.key") {
                continue;
            }
            QVERIFY(tar.addFile(entry.path, entry.bytes));
        }
        archive = tar.finish();
    }
    const QString path = m_work.filePath(u"damaged-%1.tar"_s.arg(damage));
    QVERIFY(writeFile(path, archive));
    const QString target = m_work.filePath(u"refused-"_s + damage);
    const Run restore = cli({u"backup"_s, u"restore"_s, u"--input"_s, path, u"--data"_s, target});
    QCOMPARE(restore.exitCode, 1);
    QVERIFY2(restore.err.contains(reason), qPrintable(restore.err));
    QVERIFY(!QFile::exists(QDir(target).filePath(u"firebreak.sqlite"_s)));
}

void TestBackup::restoresFormatVersionOne()
{
    if (m_backup.isEmpty()) {
        QSKIP("needs the backup of backupWhileServing");
    }
    // The archive as the previous format made it: no secret files.
    QList<Tar::Entry> entries;
    QString error;
    QVERIFY2(Tar::read(m_backup, &entries, &error), qPrintable(error));
    const QStringList secrets{u"alert-secrets.key"_s, u"notify-secrets.json"_s};
    Tar::Writer tar;
    for (Tar::Entry &entry : entries) {
        if (secrets.contains(entry.path)) {
            continue;
        }
        if (entry.path == u"manifest.json"_s) {
            QJsonObject manifest = QJsonDocument::fromJson(entry.bytes).object();
            QJsonArray files;
            for (const QJsonValue &file : manifest.value(u"files"_s).toArray()) {
                if (!secrets.contains(file[u"path"_s].toString())) {
                    files.append(file);
                }
            }
            manifest.insert(u"files"_s, files);
            manifest.insert(u"format"_s, u"firebreak-backup-v1"_s);
            manifest.remove(u"secretFiles"_s);
            entry.bytes = QJsonDocument(manifest).toJson();
        }
        QVERIFY(tar.addFile(entry.path, entry.bytes));
    }
    const QString path = m_work.filePath(u"version-1.tar"_s);
    QVERIFY(writeFile(path, tar.finish()));
    const QString target = m_work.filePath(u"restored-version-1"_s);
    const Run restore = cli({u"backup"_s, u"restore"_s, u"--input"_s, path, u"--data"_s, target,
                             u"--json"_s});
    QVERIFY2(restore.exitCode == 0, qPrintable(restore.err));
    const QJsonObject report = QJsonDocument::fromJson(restore.out.toUtf8()).object();
    QCOMPARE(report.value(u"secretFiles"_s).toInt(), 0);
    QCOMPARE(report.value(u"evidenceFiles"_s).toInt(), 1);
    QVERIFY(QFile::exists(QDir(target).filePath(u"firebreak.sqlite"_s)));
    QVERIFY(!QFile::exists(QDir(target).filePath(u"alert-secrets.key"_s)));
    const QStringList wrong = wrongModes(target, s_ownerFolder, s_ownerFile);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
}

void TestBackup::serverMakesItsFolderOwnerOnly()
{
    // A data folder the server creates itself holds its store and secrets: its owner's alone.
    const QString folder = m_work.filePath(u"made-by-server/data"_s);
    ServerProcess server;
    QVERIFY2(server.start({u"--data"_s, folder}), qPrintable(server.standardError()));
    QCOMPARE(QFileInfo(folder).permissions(), s_ownerFolder);
    QVERIFY(QFile::exists(QDir(folder).filePath(u"alert-secrets.key"_s)));
    QCOMPARE(QFileInfo(QDir(folder).filePath(u"alert-secrets.key"_s)).permissions(), s_ownerFile);
    server.stop();
}

void TestBackup::backupNeedsAdministrator()
{
    const ServerProcess::Reply anonymous = m_server.request("GET", u"/api/v1/backup"_s);
    QCOMPARE(anonymous.status, 401);
    const ServerProcess::Reply key = m_server.request("GET", u"/api/v1/backup"_s, {}, m_key);
    QCOMPARE(key.status, 401);

    // A responder may not take the whole store home; the CLI says so and writes nothing.
    const QJsonObject account{{u"type"_s, u"account.create"_s},
                              {u"name"_s, u"backup.responder"_s},
                              {u"roles"_s, QJsonArray{u"responder"_s}},
                              {u"password"_s, u"correct horse battery"_s}};
    const ServerProcess::Reply created = command(account);
    QVERIFY2(created.status == 200, created.body.constData());
    const ServerProcess::Reply session = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        QJsonDocument(QJsonObject{{u"user"_s, u"backup.responder"_s},
                                  {u"password"_s, u"correct horse battery"_s}})
            .toJson());
    QCOMPARE(session.status, 201);
    const QString responder = session.json().value(u"token"_s).toString();
    QCOMPARE(m_server.request("GET", u"/api/v1/backup"_s, {}, responder).status, 403);
    const QString output = m_work.filePath(u"forbidden.tar"_s);
    const Run refused = cliAsync(m_server.url(), responder,
                                 {u"backup"_s, u"create"_s, u"--output"_s, output});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"403"_s), qPrintable(refused.err));
    QVERIFY(!QFile::exists(output));
}

void TestBackup::spoiltDownloadIsRefused_data()
{
    QTest::addColumn<qint64>("cutAfter");
    QTest::addColumn<qint64>("flipAt");
    QTest::addColumn<QString>("reason");
    // The answer's head is a few hundred bytes; the store's copy follows from byte 512 of the
    // archive on, and is at least 32 KiB.
    QTest::newRow("cut off") << qint64(20000) << qint64(-1) << u"did not arrive whole"_s;
    QTest::newRow("byte changed") << qint64(-1) << qint64(9000) << u"failed verification"_s;
}

void TestBackup::spoiltDownloadIsRefused()
{
    QFETCH(qint64, cutAfter);
    QFETCH(qint64, flipAt);
    QFETCH(QString, reason);
    SpoilingProxy proxy(quint16(m_server.url().port()), cutAfter, flipAt);
    QVERIFY(proxy.listen());

    // Exit code 1, and nothing in the output's folder: no output, no partial download.
    QTemporaryDir folder;
    const QString output = QDir(folder.path()).filePath(u"backup.tar"_s);
    const Run backup = cliAsync(proxy.url(), m_server.adminToken(),
                                {u"backup"_s, u"create"_s, u"--output"_s, output});
    QCOMPARE(backup.exitCode, 1);
    QVERIFY2(backup.err.contains(reason), qPrintable(backup.err));
    const QStringList left = QDir(folder.path())
                                 .entryList(QDir::AllEntries | QDir::Hidden
                                            | QDir::NoDotAndDotDot);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));

    // The server is none the worse for it.
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
}

void TestBackup::backupOfPostgres()
{
    PostgresProcess postgres;
    QVERIFY2(postgres.start({u"fsync=off"_s}), qPrintable(postgres.errorString()));
    const QString database = postgres.createDatabase();
    QVERIFY2(!database.isEmpty(), qPrintable(postgres.errorString()));
    ServerProcess server;
    QVERIFY2(server.start({u"--database"_s, database}), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"alertmanager"_s, u"backup"_s);
    QVERIFY(!key.isEmpty());
    // Its secrets live in its data folder, beside no store.
    const QString signedKey = createSignedIntegration(server);
    QVERIFY(!signedKey.isEmpty());
    QCOMPARE(postSigned(server.url(), signedKey, s_signingSecret, u"postgres before"_s), 202);
    const QByteArray evidence = QByteArray("kept beside a PostgreSQL log\n").repeated(10);
    QCOMPARE(server.request("POST", u"/api/v1/evidence"_s, evidence, server.adminToken()).status,
             201);

    // Alerts keep arriving all through the backup.
    AlertLoad load({server.url()}, key, u"postgres"_s, 12, 3);
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.acknowledgedPosts() > 20, 60000);
    const QSet<QString> before = load.acknowledged();
    const int postsBefore = load.acknowledgedPosts();
    const QString archive = m_work.filePath(u"postgres.tar"_s);
    const Run backup = cliAsync(server.url(), server.adminToken(),
                                {u"backup"_s, u"create"_s, u"--output"_s, archive});
    QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
    QVERIFY2(backup.out.contains(u"verified"_s), qPrintable(backup.out));
    QTRY_VERIFY_WITH_TIMEOUT(load.acknowledgedPosts() > postsBefore, 30000);
    load.stop();

    // It restores into a SQLite folder that verifies on its own.
    const QString restored = m_work.filePath(u"restored-from-postgres"_s);
    const Run restore = cli({u"backup"_s, u"restore"_s, u"--input"_s, archive, u"--data"_s,
                             restored, u"--json"_s});
    QVERIFY2(restore.exitCode == 0, qPrintable(restore.err));
    const QJsonObject report = QJsonDocument::fromJson(restore.out.toUtf8()).object();
    QVERIFY(report.value(u"events"_s).toInteger() > 20);
    QCOMPARE(report.value(u"events"_s).toInteger(), report.value(u"head"_s).toInteger());
    QCOMPARE(report.value(u"evidenceFiles"_s).toInt(), 1);
    const Run audit = cli({u"audit"_s, u"verify"_s, u"--data"_s, restored});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.out + audit.err));

    // A SQLite server on it is the same store and holds every alert acknowledged before.
    ServerProcess copy;
    QVERIFY2(copy.start({u"--data"_s, restored}), qPrintable(copy.standardError()));
    QCOMPARE(copy.request("GET", u"/healthz"_s).json().value(u"storeId"_s).toString(),
             server.request("GET", u"/healthz"_s).json().value(u"storeId"_s).toString());
    QCOMPARE(report.value(u"secretFiles"_s).toInt(), 1);
    QCOMPARE(postSigned(copy.url(), signedKey, s_signingSecret, u"postgres copy"_s), 202);
    bool complete = false;
    const QSet<QString> lost = before - storedAlerts(copy, &complete);
    QVERIFY(complete);
    QVERIFY2(lost.isEmpty(), qPrintable(u"%1 alerts missing"_s.arg(lost.size())));
    QCOMPARE(copy.request("GET", u"/api/v1/evidence/"_s + sha256(evidence), {},
                          copy.adminToken())
                 .body,
             evidence);
    copy.stop();

    // It also restores into an empty PostgreSQL database, which a server then serves.
    const QString empty = postgres.createDatabase();
    QVERIFY2(!empty.isEmpty(), qPrintable(postgres.errorString()));
    const QString folder = m_work.filePath(u"restored-into-postgres"_s);
    const Run intoPostgres = cli({u"backup"_s, u"restore"_s, u"--input"_s, archive, u"--data"_s,
                                  folder, u"--database"_s, empty});
    QVERIFY2(intoPostgres.exitCode == 0, qPrintable(intoPostgres.err));
    QVERIFY(!QFile::exists(QDir(folder).filePath(u"firebreak.sqlite"_s)));
    const QStringList wrong = wrongModes(folder, s_ownerFolder, s_ownerFile);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    ServerProcess onPostgres;
    QVERIFY2(onPostgres.start({u"--database"_s, empty, u"--data"_s, folder}),
             qPrintable(onPostgres.standardError()));
    const QJsonObject health = onPostgres.request("GET", u"/healthz"_s).json();
    QCOMPARE(health.value(u"storeId"_s).toString(), report.value(u"storeId"_s).toString());
    QCOMPARE(health.value(u"head"_s).toInteger(), report.value(u"head"_s).toInteger());
    QCOMPARE(health.value(u"log"_s).toObject().value(u"verified"_s).toBool(), true);
    QCOMPARE(postSigned(onPostgres.url(), signedKey, s_signingSecret, u"postgres restored"_s),
             202);
    const QSet<QString> lostThere = before - storedAlerts(onPostgres, &complete);
    QVERIFY(complete);
    QVERIFY2(lostThere.isEmpty(), qPrintable(u"%1 alerts missing"_s.arg(lostThere.size())));
    QCOMPARE(onPostgres.request("GET", u"/api/v1/evidence/"_s + sha256(evidence), {},
                                onPostgres.adminToken())
                 .body,
             evidence);
    onPostgres.stop();

    // A database that holds a log already is left alone, and so is nothing in the folder.
    const QString second = m_work.filePath(u"refused-postgres"_s);
    const Run refused = cli({u"backup"_s, u"restore"_s, u"--input"_s, archive, u"--data"_s,
                             second, u"--database"_s, empty});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"already holds events"_s), qPrintable(refused.err));
    QVERIFY(!QFileInfo::exists(second));
    server.stop();
}

void TestBackup::evidenceBundle()
{
    const QString bundle = m_work.filePath(u"bundle.tar"_s);
    const Run exported = cli({u"incident"_s, u"export-bundle"_s, m_incidentNumber,
                              u"--output"_s, bundle});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    QVERIFY2(exported.out.contains(u"verified"_s), qPrintable(exported.out));

    // The system's tools agree with the manifest.
    const QString unpacked = m_work.filePath(u"bundle"_s);
    QVERIFY(QDir().mkpath(unpacked));
    const Run untar = runProgram(u"tar"_s, {u"-xf"_s, bundle, u"-C"_s, unpacked});
    QVERIFY2(untar.exitCode == 0, qPrintable(untar.err));
    const QString folder = QDir(unpacked).filePath(m_incidentNumber + u"-evidence"_s);
    const Run sums = runProgram(u"sha256sum"_s, {u"-c"_s, u"SHA256SUMS"_s}, folder);
    QVERIFY2(sums.exitCode == 0, qPrintable(sums.out + sums.err));

    const QJsonObject manifest = QJsonDocument::fromJson(
                                     readFile(QDir(folder).filePath(u"manifest.json"_s)))
                                     .object();
    QCOMPARE(manifest.value(u"incident"_s)[u"number"_s].toString(), m_incidentNumber);
    const QJsonArray files = manifest.value(u"files"_s).toArray();
    QCOMPARE(files.size(), 5); // incident, timeline, messages, the file, the log excerpt
    for (const QJsonValue &value : files) {
        const QJsonObject file = value.toObject();
        const QByteArray bytes = readFile(QDir(folder).filePath(file[u"path"_s].toString()));
        QCOMPARE(sha256(bytes), file[u"sha256"_s].toString());
        QCOMPARE(bytes.size(), file[u"size"_s].toInteger());
    }
    QCOMPARE(readFile(QDir(folder).filePath(u"attachments/"_s + sha256(m_attachment))),
             m_attachment);
    const QJsonArray attachments = manifest.value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 3);
    QCOMPARE(attachments.at(2)[u"url"_s].toString(), u"https://grafana.invalid/d/checkout"_s);

    // The timeline holds each event's hash and link, the messages the note.
    const QJsonArray timeline = QJsonDocument::fromJson(
                                    readFile(QDir(folder).filePath(u"timeline.json"_s)))
                                    .array();
    QCOMPARE(timeline.size(), manifest.value(u"events"_s).toInt());
    QVERIFY(timeline.size() >= 5);
    for (const QJsonValue &event : timeline) {
        QCOMPARE(event[u"hash"_s].toString().size(), 64);
        QCOMPARE(event[u"prevHash"_s].toString().size(), 64);
    }
    const QByteArray messages = readFile(QDir(folder).filePath(u"messages.json"_s));
    QVERIFY(messages.contains("Rolled back the checkout deploy."));
    // The audit trail names where each command came from.
    QVERIFY2(messages.contains("\"origin\":\"rest 127.0.0.1\""), messages.constData());

    // The REST endpoint serves the same kind of archive.
    const ServerProcess::Reply rest = m_server.request(
        "GET", u"/api/v1/incidents/%1/bundle"_s.arg(m_incident), {}, m_server.adminToken());
    QCOMPARE(rest.status, 200);
    QVERIFY(verifyEvidenceBundle(rest.body).ok);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/INC-999999/bundle"_s, {},
                              m_server.adminToken())
                 .status,
             404);
}

void TestBackup::bundleRefusesDamage()
{
    const ServerProcess::Reply rest = m_server.request(
        "GET", u"/api/v1/incidents/%1/bundle"_s.arg(m_incident), {}, m_server.adminToken());
    QCOMPARE(rest.status, 200);
    QList<Tar::Entry> entries;
    QString error;
    QVERIFY2(Tar::read(rest.body, &entries, &error), qPrintable(error));

    // Any changed byte of any file is caught.
    for (qsizetype victim = 0; victim < entries.size(); ++victim) {
        Tar::Writer tar;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QByteArray bytes = entries.at(i).bytes;
            if (i == victim) {
                bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x20);
            }
            QVERIFY(tar.addFile(entries.at(i).path, bytes));
        }
        const EvidenceBundleCheck check = verifyEvidenceBundle(tar.finish());
        QVERIFY2(!check.ok, qPrintable(entries.at(victim).path));
    }
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
