// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "collab/textdocument.h"
#include "serverprocess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Firebreak::Testing::ServerProcess;

namespace {

/// What one run of the real firebreak-cli binary gave back.
struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

enum class EnvironmentKind { Server, NoServer, NoToken };

/// The first column of each table row after the header.
QStringList firstColumn(const QString &table)
{
    QStringList values;
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        values.append(lines.at(i).section(u' ', 0, 0));
    }
    return values;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

/// A second Alertmanager group: one warning alert on another service, so another incident.
QByteArray paymentsPayload()
{
    const QByteArray firing = Firebreak::Testing::testData(u"alerts/alertmanager-firing.json"_s);
    QJsonObject payload = QJsonDocument::fromJson(firing).object();
    QJsonObject alert = payload.value(u"alerts"_s).toArray().first().toObject();
    QJsonObject labels = alert.value(u"labels"_s).toObject();
    labels.insert(u"alertname"_s, u"QueueBacklog"_s);
    labels.insert(u"service"_s, u"payments"_s);
    labels.insert(u"severity"_s, u"warning"_s);
    alert.insert(u"labels"_s, labels);
    alert.insert(u"fingerprint"_s, u"5e0c1a2b3c4d5e6f"_s);
    alert.insert(u"annotations"_s, QJsonObject{{u"summary"_s, u"payments queue backlog"_s}});
    payload.insert(u"groupKey"_s, u"{}:{alertname=\"QueueBacklog\"}"_s);
    payload.insert(u"commonLabels"_s, labels);
    payload.insert(u"alerts"_s, QJsonArray{alert});
    return QJsonDocument(payload).toJson();
}

} // namespace

/**
 * Runs the real firebreak-cli binary against a real firebreak-server on 127.0.0.1 and checks
 * what it prints and how it exits.
 */
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void usageErrors_data();
    void usageErrors();
    void help();
    void speaksGerman();
    void unreachable_data();
    void unreachable();
    void refusedCredentials_data();
    void refusedCredentials();
    void optionsOverrideEnvironment();

    void integrationCreate();
    void integrationList();
    void integrationRotateKey();
    void incidentList_data();
    void incidentList();
    void incidentListJson();
    void incidentListPaging();
    void incidentShow_data();
    void incidentShow();
    void incidentShowUnknown();
    void timeline();
    void alertList_data();
    void alertList();
    void acknowledgeAndResolve();
    void declareAndDriveToClosed();
    void commandRefusals_data();
    void commandRefusals();
    void updateAndNote();
    void metricsShowAndExport();

    void auditVerifyLiveStore();
    void auditVerify_data();
    void auditVerify();
    void auditVerifyJson();
    void controlCharactersEscaped();
    // Last: it adds a post-mortem to INC-1, which the tests above count the events of.
    void postMortemExport();
    void reservedCharactersInFilters();
    void localTimeSkippedByDaylightSaving();
    void tablesLineUpWideCharacters();

private:
    CliRun cli(const QStringList &arguments,
               EnvironmentKind environment = EnvironmentKind::Server,
               const QString &locale = u"C"_s) const;
    bool postAlerts(const QString &key, const QByteArray &payload) const;
    bool prepareAuditStore();
    QString copyAuditStore(QTemporaryDir &target) const;

    ServerProcess m_server;
    QTemporaryDir m_auditStore;
    CliRun m_createOutput;
    QString m_key;
    QString m_firstIncidentId;
    QString m_refusalIncident;
    qint64 m_auditHead = 0;
};

// In the C locale unless told otherwise, so that a tester's own language changes nothing.
CliRun TestCli::cli(const QStringList &arguments, EnvironmentKind environment,
                    const QString &locale) const
{
    QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
    variables.remove(u"LANGUAGE"_s);
    variables.remove(u"LC_MESSAGES"_s);
    variables.insert(u"LC_ALL"_s, locale);
    variables.remove(u"FIREBREAK_SERVER"_s);
    variables.remove(u"FIREBREAK_TOKEN"_s);
    if (environment != EnvironmentKind::NoServer) {
        variables.insert(u"FIREBREAK_SERVER"_s, m_server.url().toString());
    }
    if (environment != EnvironmentKind::NoToken) {
        variables.insert(u"FIREBREAK_TOKEN"_s, m_server.adminToken());
    }

    QProcess process;
    process.setProcessEnvironment(variables);
    process.start(QStringLiteral(FIREBREAK_CLI_BINARY), arguments);
    CliRun run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool TestCli::postAlerts(const QString &key, const QByteArray &payload) const
{
    return m_server.request("POST", u"/api/v1/alerts/alertmanager"_s, payload, key).status == 202;
}

void TestCli::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));

    // Keys come from the CLI itself, as text and as JSON, and must work for the webhook.
    m_createOutput = cli({u"integration"_s, u"create"_s, u"--source"_s, u"alertmanager"_s,
                          u"--name"_s, u"prometheus"_s});
    QCOMPARE(m_createOutput.exitCode, 0);
    m_key = m_createOutput.out.section(u"key:"_s, 1).section(u'\n', 0, 0).trimmed();
    QVERIFY2(m_key.startsWith(u"fbk_"), qPrintable(m_createOutput.out));
    QVERIFY(postAlerts(m_key, Firebreak::Testing::testData(u"alerts/alertmanager-firing.json"_s)));

    const CliRun created = cli({u"integration"_s, u"create"_s, u"--source"_s,
                                u"alertmanager"_s, u"--name"_s, u"payments"_s, u"--json"_s});
    QCOMPARE(created.exitCode, 0);
    const QJsonObject integration = QJsonDocument::fromJson(created.out.toUtf8()).object();
    QVERIFY(!integration.value(u"id"_s).toString().isEmpty());
    QVERIFY(postAlerts(integration.value(u"key"_s).toString(), paymentsPayload()));

    const auto incident = m_server.request("GET", u"/api/v1/incidents/INC-1"_s, {},
                                           m_server.adminToken());
    QCOMPARE(incident.status, 200);
    m_firstIncidentId = incident.json().value(u"id"_s).toString();
    QVERIFY(prepareAuditStore());
}

// ---- Usage, reachability, credentials -----------------------------------------------------

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<EnvironmentKind>("environment");
    QTest::addColumn<QString>("message");

    const auto server = EnvironmentKind::Server;
    QTest::newRow("no command") << QStringList{} << server << u"no command given"_s;
    QTest::newRow("unknown noun") << QStringList{u"frobnicate"_s, u"list"_s} << server
                                  << u"unknown command \"frobnicate\""_s;
    QTest::newRow("unknown verb") << QStringList{u"incident"_s, u"frobnicate"_s} << server
                                  << u"incident takes: list, show"_s;
    QTest::newRow("noun alone") << QStringList{u"alert"_s} << server << u"alert needs a verb"_s;
    QTest::newRow("missing id") << QStringList{u"incident"_s, u"show"_s} << server
                                << u"incident show needs ID"_s;
    QTest::newRow("extra argument") << QStringList{u"incident"_s, u"list"_s, u"INC-1"_s}
                                    << server << u"unexpected argument \"INC-1\""_s;
    QTest::newRow("missing name")
        << QStringList{u"integration"_s, u"create"_s, u"--source"_s, u"alertmanager"_s}
        << server << u"needs --name NAME"_s;
    QTest::newRow("unknown option") << QStringList{u"incident"_s, u"list"_s, u"--bogus"_s}
                                    << server << u"Unknown option 'bogus'"_s;
    QTest::newRow("option of another command")
        << QStringList{u"incident"_s, u"show"_s, u"INC-1"_s, u"--note"_s, u"x"_s} << server
        << u"Unknown option 'note'"_s;
    QTest::newRow("missing value") << QStringList{u"incident"_s, u"list"_s, u"--status"_s}
                                   << server << u"Missing value after '--status'"_s;
    QTest::newRow("limit not a number")
        << QStringList{u"incident"_s, u"list"_s, u"--limit"_s, u"ten"_s} << server
        << u"--limit must be a positive whole number"_s;
    QTest::newRow("limit zero") << QStringList{u"alert"_s, u"list"_s, u"--limit"_s, u"0"_s}
                                << server << u"--limit must be a positive whole number"_s;
    QTest::newRow("bad timeout")
        << QStringList{u"incident"_s, u"list"_s, u"--timeout"_s, u"soon"_s} << server
        << u"--timeout must be a positive number"_s;
    QTest::newRow("no server") << QStringList{u"incident"_s, u"list"_s}
                               << EnvironmentKind::NoServer << u"no server"_s;
    QTest::newRow("no token") << QStringList{u"incident"_s, u"list"_s}
                              << EnvironmentKind::NoToken << u"no API token"_s;
    QTest::newRow("server not http")
        << QStringList{u"--server"_s, u"ftp://127.0.0.1:21"_s, u"incident"_s, u"list"_s}
        << server << u"http or https URL"_s;
    QTest::newRow("metrics from after to")
        << QStringList{u"metrics"_s, u"show"_s, u"--from"_s, u"2026-12-03"_s, u"--to"_s,
                       u"2026-12-01"_s}
        << server << u"--from 2026-12-03 is after --to 2026-12-01 (--to is exclusive)"_s;
    QTest::newRow("incident list with an unknown severity")
        << QStringList{u"incident"_s, u"list"_s, u"--severity"_s, u"P9"_s} << server
        << u"--severity must be one of P1, P2, P3, P4"_s;
    QTest::newRow("incident list with an unknown status")
        << QStringList{u"incident"_s, u"list"_s, u"--status"_s, u"opened"_s} << server
        << u"--status must be one of open, triggered, acknowledged"_s;
    QTest::newRow("audit without data") << QStringList{u"audit"_s, u"verify"_s} << server
                                        << u"audit verify needs --data DIR"_s;
    QTest::newRow("audit without store")
        << QStringList{u"audit"_s, u"verify"_s, u"--data"_s, u"/nonexistent/firebreak"_s}
        << server << u"no Firebreak store at /nonexistent/firebreak/firebreak.sqlite"_s;
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(EnvironmentKind, environment);
    QFETCH(QString, message);

    const CliRun run = cli(arguments, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"usage: firebreak-cli"_s), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCli::help()
{
    const CliRun run = cli({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"incident timeline ID|INC-n"_s));
    QVERIFY(run.out.contains(u"Exit codes:"_s));
    // The descriptions line up after the longest option.
    QVERIFY(run.out.contains(u"\n  --pin-certificate FILE  Accept only"_s));
    QVERIFY(run.out.contains(u"\n  --json                  Print the server's JSON"_s));
    QVERIFY(run.err.isEmpty());
}

// Messages and headings follow the user's language; --json does not.
void TestCli::speaksGerman()
{
    const QString german = u"de_DE.UTF-8"_s;
    CliRun run = cli({}, EnvironmentKind::Server, german);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"kein Befehl angegeben"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"Aufruf: firebreak-cli"_s), qPrintable(run.err));

    run = cli({u"incident"_s, u"list"_s}, EnvironmentKind::Server, german);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"TITEL"_s) || run.out.contains(u"keine Incidents"_s),
             qPrintable(run.out));
    const CliRun json = cli({u"incident"_s, u"list"_s, u"--json"_s}, EnvironmentKind::Server,
                            german);
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.out, cli({u"incident"_s, u"list"_s, u"--json"_s}).out);

    run = cli({u"--help"_s}, EnvironmentKind::Server, german);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"--help                  Diese Hilfe anzeigen."_s),
             qPrintable(run.out));

    // Qt's own words too, where its catalogue is installed (qt6-translations-l10n).
    if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                      + u"/qtbase_de.qm"_s)) {
        run = cli({u"--frob"_s}, EnvironmentKind::Server, german);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"Unbekannte Option"_s), qPrintable(run.err));
    }

    // A language without a catalogue reads English.
    run = cli({}, EnvironmentKind::Server, u"fr_FR.UTF-8"_s);
    QVERIFY2(run.err.contains(u"no command given"_s), qPrintable(run.err));
}

void TestCli::unreachable_data()
{
    QTest::addColumn<bool>("listening");
    QTest::addColumn<QString>("message");

    QTest::newRow("closed port") << false << u"Connection refused"_s;
    QTest::newRow("silent server") << true << u"no answer within 1 s"_s;
}

void TestCli::unreachable()
{
    QFETCH(bool, listening);
    QFETCH(QString, message);

    // A port that nobody listens on, or one whose listener never answers (the kernel still
    // accepts the connection: this test's event loop does not run while the CLI waits).
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const quint16 port = listener.serverPort();
    if (!listening) {
        listener.close();
    }
    const QString server = u"http://127.0.0.1:%1"_s.arg(port);
    const CliRun run = cli({u"--server"_s, server, u"--timeout"_s, u"1"_s, u"incident"_s,
                            u"list"_s});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(u"cannot reach the server at "_s + server), qPrintable(run.err));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(!run.err.contains(m_server.adminToken()));
}

void TestCli::refusedCredentials_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("incident list") << QStringList{u"incident"_s, u"list"_s};
    QTest::newRow("incident ack") << QStringList{u"incident"_s, u"ack"_s, u"INC-1"_s};
    QTest::newRow("alert list") << QStringList{u"alert"_s, u"list"_s};
    QTest::newRow("integration create")
        << QStringList{u"integration"_s, u"create"_s, u"--source"_s, u"alertmanager"_s,
                       u"--name"_s, u"x"_s};
}

void TestCli::refusedCredentials()
{
    QFETCH(QStringList, arguments);

    const QString wrongToken = u"fbt_not-a-real-token-4f9a"_s;
    const CliRun run = cli(QStringList{u"--token"_s, wrongToken} + arguments);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"the API token is not valid (HTTP 401 unauthorized)"_s),
             qPrintable(run.err));
    QVERIFY(!run.err.contains(wrongToken));
    QVERIFY(run.out.isEmpty());

    // An integration key is no API token either.
    const CliRun withKey = cli(QStringList{u"--token"_s, m_key} + arguments);
    QCOMPARE(withKey.exitCode, 1);
    QVERIFY(!withKey.err.contains(m_key));
}

void TestCli::optionsOverrideEnvironment()
{
    // No variables at all: the options alone are enough.
    const QStringList options{u"--server"_s, m_server.url().toString(), u"--token"_s,
                              m_server.adminToken()};
    const CliRun run = cli(options + QStringList{u"incident"_s, u"list"_s},
                           EnvironmentKind::NoServer);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"INC-1"_s));

    // A server given without a scheme is taken as http.
    const CliRun bare = cli({u"--server"_s, u"127.0.0.1:%1"_s.arg(m_server.port()),
                             u"incident"_s, u"list"_s});
    QCOMPARE(bare.exitCode, 0);
}

// ---- Integrations -------------------------------------------------------------------------

void TestCli::integrationCreate()
{
    // initTestCase created it and posted alerts with the key it printed.
    const QString &out = m_createOutput.out;
    QVERIFY2(out.startsWith(u"Created alertmanager integration \"prometheus\"."_s),
             qPrintable(out));
    QVERIFY(out.contains(u"\nid:      "_s));
    QVERIFY(out.contains(u"webhook: "_s + m_server.url().toString()
                         + u"/api/v1/alerts/alertmanager"_s));
    QVERIFY(m_createOutput.err.isEmpty());

    const CliRun wrongSource = cli({u"integration"_s, u"create"_s, u"--source"_s, u"nagios"_s,
                                    u"--name"_s, u"old"_s});
    QCOMPARE(wrongSource.exitCode, 1);
    QVERIFY2(wrongSource.err.contains(u"(HTTP 400 bad_request)"_s), qPrintable(wrongSource.err));
}

void TestCli::integrationList()
{
    const CliRun run = cli({u"integration"_s, u"list"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(u"ID"_s));
    QVERIFY(run.out.contains(u"prometheus"_s));
    QVERIFY(!run.out.contains(m_key));

    const CliRun json = cli({u"integration"_s, u"list"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray list
        = QJsonDocument::fromJson(json.out.toUtf8()).object().value(u"integrations"_s).toArray();
    QVERIFY(list.size() >= 1);
    QCOMPARE(list.first().toObject().value(u"name"_s).toString(), u"prometheus"_s);
}

void TestCli::integrationRotateKey()
{
    const CliRun created = cli({u"integration"_s, u"create"_s, u"--source"_s, u"alertmanager"_s,
                                u"--name"_s, u"leaky"_s, u"--json"_s});
    QCOMPARE(created.exitCode, 0);
    const QJsonObject integration = QJsonDocument::fromJson(created.out.toUtf8()).object();
    const QString id = integration.value(u"id"_s).toString();
    const QString oldKey = integration.value(u"key"_s).toString();

    const CliRun rotated = cli({u"integration"_s, u"rotate-key"_s, id});
    QVERIFY2(rotated.exitCode == 0, qPrintable(rotated.err));
    const QString newKey = rotated.out.section(u"key:"_s, 1).section(u'\n', 0, 0).trimmed();
    QVERIFY2(newKey.startsWith(u"fbk_") && newKey != oldKey, qPrintable(rotated.out));
    QVERIFY(rotated.out.contains(u"refused from now on"_s));
    // A delivery with no alerts: accepted or refused by its key alone, and it adds nothing the
    // other tests count.
    const QByteArray empty = R"({"version":"4","groupKey":"{}:{}","status":"firing",)"
                             R"("receiver":"firebreak","groupLabels":{},"commonLabels":{},)"
                             R"("commonAnnotations":{},"externalURL":"","alerts":[]})";
    QVERIFY(!postAlerts(oldKey, empty));
    QVERIFY(postAlerts(newKey, empty));

    const CliRun unknown = cli({u"integration"_s, u"rotate-key"_s, u"no-such-id"_s});
    QVERIFY(unknown.exitCode != 0);
    QVERIFY2(unknown.err.contains(u"no integration"_s), qPrintable(unknown.err));
}

// ---- Incidents ----------------------------------------------------------------------------

void TestCli::incidentList_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<QStringList>("numbers");

    const QStringList both{u"INC-2"_s, u"INC-1"_s};
    QTest::newRow("no filter") << QStringList{} << both;
    QTest::newRow("triggered") << QStringList{u"--status"_s, u"triggered"_s} << both;
    QTest::newRow("open") << QStringList{u"--status"_s, u"open"_s} << both;
    QTest::newRow("resolved") << QStringList{u"--status"_s, u"resolved"_s} << QStringList{};
    QTest::newRow("P1") << QStringList{u"--severity"_s, u"P1"_s} << QStringList{u"INC-1"_s};
    QTest::newRow("P3") << QStringList{u"--severity"_s, u"P3"_s} << QStringList{u"INC-2"_s};
    QTest::newRow("p3") << QStringList{u"--severity"_s, u"p3"_s} << QStringList{u"INC-2"_s};
    QTest::newRow("payments") << QStringList{u"--service"_s, u"payments"_s}
                              << QStringList{u"INC-2"_s};
    QTest::newRow("checkout and P1")
        << QStringList{u"--service"_s, u"checkout"_s, u"--severity"_s, u"P1"_s}
        << QStringList{u"INC-1"_s};
    QTest::newRow("unknown service") << QStringList{u"--service"_s, u"nowhere"_s}
                                     << QStringList{};
}

void TestCli::incidentList()
{
    QFETCH(QStringList, filters);
    QFETCH(QStringList, numbers);

    const CliRun run = cli(QStringList{u"incident"_s, u"list"_s} + filters);
    QCOMPARE(run.exitCode, 0);
    if (numbers.isEmpty()) {
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.contains(u"no incidents"_s));
        return;
    }
    QCOMPARE(firstColumn(run.out), numbers);
    const QString header = run.out.section(u'\n', 0, 0).simplified();
    QCOMPARE(header, u"NUMBER SEV STATUS AGE SERVICE TITLE"_s);
    if (numbers.contains(u"INC-1"_s)) {
        const QString row = run.out.section(u"INC-1"_s, 1).section(u'\n', 0, 0).simplified();
        QVERIFY2(row.startsWith(u"P1 triggered "_s), qPrintable(row));
        QVERIFY2(row.contains(u" checkout ApiHighErrorRate"_s), qPrintable(row));
    }
}

void TestCli::incidentListJson()
{
    const CliRun run = cli({u"incident"_s, u"list"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject list = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonArray incidents = list.value(u"incidents"_s).toArray();
    QCOMPARE(incidents.size(), 2);
    QVERIFY(list.value(u"next"_s).isNull());
    const QJsonObject first = incidents.at(1).toObject();
    QCOMPARE(first.value(u"number"_s).toString(), u"INC-1"_s);
    QCOMPARE(first.value(u"id"_s).toString(), m_firstIncidentId);
    QCOMPARE(first.value(u"severity"_s).toString(), u"P1"_s);
    QCOMPARE(first.value(u"status"_s).toString(), u"triggered"_s);
    QVERIFY(first.value(u"createdAt"_s).toString().endsWith(u'Z'));
}

void TestCli::incidentListPaging()
{
    // One page of one: the newest incident, and a hint on stderr.
    const CliRun page = cli({u"incident"_s, u"list"_s, u"--limit"_s, u"1"_s});
    QCOMPARE(page.exitCode, 0);
    QCOMPARE(firstColumn(page.out), QStringList{u"INC-2"_s});
    QVERIFY2(page.err.contains(u"add --all"_s), qPrintable(page.err));

    // --all follows the cursors.
    const CliRun all = cli({u"incident"_s, u"list"_s, u"--limit"_s, u"1"_s, u"--all"_s});
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(firstColumn(all.out), (QStringList{u"INC-2"_s, u"INC-1"_s}));
    QVERIFY(all.err.isEmpty());

    const CliRun json = cli({u"incident"_s, u"list"_s, u"--limit"_s, u"1"_s, u"--all"_s,
                             u"--json"_s});
    const QJsonObject list = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(list.value(u"incidents"_s).toArray().size(), 2);
    QVERIFY(list.value(u"next"_s).isNull());

    // The server's own limit applies: its refusal is exit code 1.
    const CliRun tooMany = cli({u"incident"_s, u"list"_s, u"--limit"_s, u"5000"_s});
    QCOMPARE(tooMany.exitCode, 1);
    QVERIFY(tooMany.err.contains(u"limit must be 1 to 1000"_s));
}

void TestCli::incidentShow_data()
{
    QTest::addColumn<QString>("reference");

    QTest::newRow("number") << u"INC-1"_s;
    QTest::newRow("bare number") << u"1"_s;
    QTest::newRow("lower case") << u"inc-1"_s;
    QTest::newRow("id") << QString(); // filled in from initTestCase
}

void TestCli::incidentShow()
{
    QFETCH(QString, reference);
    if (reference.isEmpty()) {
        reference = m_firstIncidentId;
    }

    const CliRun run = cli({u"incident"_s, u"show"_s, reference});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(u"INC-1\n"_s));
    QVERIFY(run.out.contains(u"Title:        ApiHighErrorRate: 5xx ratio above 5% on checkout"_s));
    QVERIFY(run.out.contains(u"Severity:     P1\n"_s));
    QVERIFY(run.out.contains(u"Alerts:       2 (2 firing)\n"_s));
    QVERIFY(run.out.contains(u"Id:           "_s + m_firstIncidentId));

    const CliRun json = cli({u"incident"_s, u"show"_s, reference, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject incident = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(incident.value(u"id"_s).toString(), m_firstIncidentId);
    QCOMPARE(incident.value(u"service"_s).toString(), u"checkout"_s);
}

void TestCli::incidentShowUnknown()
{
    const CliRun run = cli({u"incident"_s, u"show"_s, u"INC-99"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"no incident INC-99 (HTTP 404 not_found)"_s), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCli::postMortemExport()
{
    // Written through the edit command as the desktop would, then exported.
    Firebreak::Collab::TextDocument document;
    document.insert(0,
                    u"# Queue backlog <b>\n\n- rotate the workers\n\tEsc\u001b]0;pwned\u0007\n"_s);
    const auto edited = m_server.request(
        "POST", u"/api/v1/commands"_s,
        QJsonDocument(QJsonObject{{u"type"_s, u"postmortem.edit"_s},
                                  {u"incident"_s, u"INC-1"_s},
                                  {u"ops"_s, document.opsSince({}).toJson()}})
            .toJson(),
        m_server.adminToken());
    QCOMPARE(edited.status, 200);

    CliRun run = cli({u"postmortem"_s, u"export"_s, u"INC-1"_s});
    QCOMPARE(run.exitCode, 0);
    // Control characters other than lines and tabs never reach the terminal.
    QCOMPARE(run.out, u"# Queue backlog <b>\n\n- rotate the workers\n\tEsc\\x1b]0;pwned\\x07\n"_s);
    run = cli({u"postmortem"_s, u"export"_s, u"INC-1"_s, u"--format"_s, u"html"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"<h1>Queue backlog &lt;b&gt;</h1>"_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"<li>rotate the workers</li>"_s));
    QCOMPARE(cli({u"postmortem"_s, u"export"_s, u"INC-1"_s, u"--format"_s, u"docx"_s}).exitCode, 2);
    QCOMPARE(cli({u"postmortem"_s, u"export"_s, u"INC-99"_s}).exitCode, 1);
}

void TestCli::timeline()
{
    const CliRun run = cli({u"incident"_s, u"timeline"_s, u"INC-1"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.section(u'\n', 0, 0).simplified(), u"SEQ TIME ACTOR TYPE DETAIL"_s);
    QVERIFY(run.out.simplified().contains(u"integration:prometheus incident.opened"_s));
    QCOMPARE(run.out.count(u"alert.received"_s), 2);
    const int rows = int(firstColumn(run.out).size());

    const CliRun json = cli({u"incident"_s, u"timeline"_s, u"INC-1"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray events
        = QJsonDocument::fromJson(json.out.toUtf8()).object().value(u"events"_s).toArray();
    QCOMPARE(events.size(), rows);
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        QVERIFY(event.value(u"seq"_s).toInteger() > 0);
        QVERIFY(event.value(u"type"_s).toString().contains(u'.'));
        QVERIFY(!event.value(u"actor"_s).toString().isEmpty());
        QVERIFY(event.value(u"data"_s).isObject());
    }

    const CliRun one = cli({u"incident"_s, u"timeline"_s, u"1"_s, u"--limit"_s, u"1"_s});
    QCOMPARE(one.exitCode, 0);
    QCOMPARE(firstColumn(one.out).size(), 1);
    QVERIFY(one.err.contains(u"more events"_s));
    const CliRun all = cli({u"incident"_s, u"timeline"_s, u"1"_s, u"--limit"_s, u"1"_s,
                            u"--all"_s});
    QCOMPARE(firstColumn(all.out).size(), rows);
}

// ---- Alerts -------------------------------------------------------------------------------

void TestCli::alertList_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("incidents");

    const QStringList all{u"INC-2"_s, u"INC-1"_s, u"INC-1"_s};
    QTest::newRow("no filter") << QStringList{} << 0 << all;
    QTest::newRow("firing") << QStringList{u"--status"_s, u"firing"_s} << 0 << all;
    QTest::newRow("resolved") << QStringList{u"--status"_s, u"resolved"_s} << 0 << QStringList{};
    QTest::newRow("alertmanager") << QStringList{u"--source"_s, u"alertmanager"_s} << 0 << all;
    QTest::newRow("other source") << QStringList{u"--source"_s, u"grafana"_s} << 0
                                  << QStringList{};
    QTest::newRow("INC-1") << QStringList{u"--incident"_s, u"INC-1"_s} << 0
                           << QStringList{u"INC-1"_s, u"INC-1"_s};
    QTest::newRow("bare number") << QStringList{u"--incident"_s, u"2"_s} << 0
                                 << QStringList{u"INC-2"_s};
    QTest::newRow("INC-1 firing")
        << QStringList{u"--incident"_s, u"INC-1"_s, u"--status"_s, u"firing"_s} << 0
        << QStringList{u"INC-1"_s, u"INC-1"_s};
    QTest::newRow("pages of one") << QStringList{u"--limit"_s, u"1"_s, u"--all"_s} << 0 << all;
    QTest::newRow("unknown incident") << QStringList{u"--incident"_s, u"INC-99"_s} << 1
                                      << QStringList{};
    QTest::newRow("unknown status") << QStringList{u"--status"_s, u"sleeping"_s} << 1
                                    << QStringList{};
}

void TestCli::alertList()
{
    QFETCH(QStringList, filters);
    QFETCH(int, exitCode);
    QFETCH(QStringList, incidents);

    const CliRun run = cli(QStringList{u"alert"_s, u"list"_s} + filters);
    QCOMPARE(run.exitCode, exitCode);
    if (exitCode != 0) {
        QVERIFY(run.err.contains(u"(HTTP 4"_s));
        return;
    }
    QStringList found;
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        found.append(lines.at(i).simplified().section(u' ', 4, 4));
    }
    QCOMPARE(found, incidents);

    const CliRun json = cli(QStringList{u"alert"_s, u"list"_s, u"--json"_s} + filters);
    const QJsonArray alerts
        = QJsonDocument::fromJson(json.out.toUtf8()).object().value(u"alerts"_s).toArray();
    QCOMPARE(alerts.size(), incidents.size());
    for (const QJsonValue &alert : alerts) {
        QCOMPARE(alert.toObject().value(u"source"_s).toString(), u"alertmanager"_s);
        QVERIFY(alert.toObject().value(u"endsAt"_s).isNull());
    }
}

void TestCli::acknowledgeAndResolve()
{
    const CliRun ack = cli({u"incident"_s, u"ack"_s, u"INC-1"_s, u"--note"_s, u"looking"_s});
    QCOMPARE(ack.exitCode, 0);
    QVERIFY2(ack.out.startsWith(u"INC-1 acknowledged (event "_s), qPrintable(ack.out));
    const CliRun shown = cli({u"incident"_s, u"show"_s, u"INC-1"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(shown.out.toUtf8()).object().value(u"status"_s).toString(),
             u"acknowledged"_s);

    const CliRun again = cli({u"incident"_s, u"ack"_s, u"INC-1"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"INC-1 is already acknowledged"_s),
             qPrintable(again.err));

    const CliRun resolve = cli({u"incident"_s, u"resolve"_s, m_firstIncidentId, u"--note"_s,
                                u"rolled back"_s, u"--json"_s});
    QCOMPARE(resolve.exitCode, 0);
    const QJsonObject answer = QJsonDocument::fromJson(resolve.out.toUtf8()).object();
    QCOMPARE(answer.value(u"events"_s).toArray().first()[u"type"_s].toString(),
             u"incident.resolved"_s);

    // A resolved incident refuses both, with the reason on stderr.
    const CliRun ackResolved = cli({u"incident"_s, u"ack"_s, u"1"_s});
    QCOMPARE(ackResolved.exitCode, 1);
    QVERIFY2(ackResolved.err.contains(u"INC-1 is resolved"_s), qPrintable(ackResolved.err));
    QVERIFY(ackResolved.err.contains(u"(HTTP 409 conflict)"_s));
    QVERIFY(ackResolved.out.isEmpty());
    const CliRun resolveResolved = cli({u"incident"_s, u"resolve"_s, u"INC-1"_s});
    QCOMPARE(resolveResolved.exitCode, 1);
    QVERIFY(resolveResolved.err.contains(u"INC-1 is already resolved"_s));
    const CliRun unknown = cli({u"incident"_s, u"ack"_s, u"INC-99"_s});
    QCOMPARE(unknown.exitCode, 1);

    // The notes are on the timeline; the filters see the new status.
    const CliRun timeline = cli({u"incident"_s, u"timeline"_s, u"INC-1"_s});
    const QString rows = timeline.out.simplified();
    QVERIFY2(rows.contains(u"user:admin incident.acknowledged looking"_s), qPrintable(rows));
    QVERIFY2(rows.contains(u"user:admin incident.resolved rolled back"_s), qPrintable(rows));
    const CliRun resolved = cli({u"incident"_s, u"list"_s, u"--status"_s, u"resolved"_s});
    QCOMPARE(firstColumn(resolved.out), QStringList{u"INC-1"_s});
}

namespace {

QJsonObject jsonOf(const CliRun &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

QStringList eventTypes(const QJsonArray &events)
{
    QStringList types;
    for (const QJsonValue &event : events) {
        types.append(event.toObject().value(u"type"_s).toString());
    }
    return types;
}

} // namespace

// A declared incident taken through every status to closed, with its severity, roles and a
// milestone changed on the way, each by one command line.
void TestCli::declareAndDriveToClosed()
{
    const CliRun declared = cli({u"incident"_s, u"declare"_s, u"--title"_s,
                                 u"Search returns nothing"_s, u"--severity"_s, u"p2"_s,
                                 u"--service"_s, u"search"_s, u"--team"_s, u"discovery"_s,
                                 u"--impact"_s, u"Travellers see no hotels"_s,
                                 u"--commander"_s, u"carol"_s, u"--json"_s});
    QCOMPARE(declared.exitCode, 0);
    const QJsonArray events = jsonOf(declared).value(u"events"_s).toArray();
    QCOMPARE(eventTypes(events),
             (QStringList{u"incident.opened"_s, u"incident.role_assigned"_s}));
    const QString id = events.first()[u"incident"_s].toString();
    const QJsonObject shown = jsonOf(cli({u"incident"_s, u"show"_s, id, u"--json"_s}));
    const QString number = shown.value(u"number"_s).toString();
    QVERIFY2(number.startsWith(u"INC-"_s), qPrintable(declared.out));
    QCOMPARE(shown.value(u"severity"_s).toString(), u"P2"_s);
    QCOMPARE(shown.value(u"team"_s).toString(), u"discovery"_s);
    QCOMPARE(shown[u"roles"_s][u"commander"_s].toString(), u"carol"_s);

    // Text answers say what happened, one line each.
    const QList<std::pair<QStringList, QString>> steps{
        {{u"ack"_s, number, u"--note"_s, u"on it"_s}, number + u" acknowledged (event "_s},
        {{u"status"_s, number, u"investigating"_s}, number + u" is now investigating (event "_s},
        {{u"severity"_s, number, u"P1"_s, u"--reason"_s, u"all regions"_s},
         number + u" is now P1 (event "_s},
        {{u"assign"_s, number, u"commander"_s, u"bob"_s},
         u"bob is now commander of "_s + number},
        {{u"assign"_s, number, u"responder"_s, u"dave"_s},
         u"dave is now responder of "_s + number},
        {{u"unassign"_s, number, u"responder"_s, u"dave"_s},
         u"dave is no longer responder of "_s + number},
        {{u"milestone"_s, number, u"impact_started"_s, u"2026-01-02T03:04:05Z"_s},
         number + u": impact_started at "_s},
        {{u"status"_s, number, u"identified"_s, u"--note"_s, u"bad index"_s},
         number + u" is now identified"_s},
        {{u"status"_s, number, u"monitoring"_s}, number + u" is now monitoring"_s},
        {{u"resolve"_s, number}, number + u" resolved (event "_s},
        {{u"close"_s, number, u"--note"_s, u"post-mortem filed"_s}, number + u" closed"_s},
    };
    for (const auto &[arguments, expected] : steps) {
        const CliRun run = cli(QStringList{u"incident"_s} + arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(arguments.join(u' ') + u": "_s + run.err));
        QVERIFY2(run.out.startsWith(expected), qPrintable(run.out));
        QVERIFY(run.err.isEmpty());
    }

    // The server's state and timeline show every step.
    const QJsonObject closed = jsonOf(cli({u"incident"_s, u"show"_s, number, u"--json"_s}));
    QCOMPARE(closed.value(u"status"_s).toString(), u"closed"_s);
    QCOMPARE(closed.value(u"severity"_s).toString(), u"P1"_s);
    QCOMPARE(closed[u"roles"_s][u"commander"_s].toString(), u"bob"_s);
    QCOMPARE(closed.value(u"responders"_s).toArray().size(), 0);
    QCOMPARE(closed[u"milestones"_s][u"impact_started"_s].toString(),
             u"2026-01-02T03:04:05.000Z"_s);
    QVERIFY(!closed[u"milestones"_s][u"mitigated"_s].isNull());
    const QJsonObject timeline
        = jsonOf(cli({u"incident"_s, u"timeline"_s, number, u"--all"_s, u"--json"_s}));
    const QStringList types = eventTypes(timeline.value(u"events"_s).toArray());
    for (const QString &type : {u"incident.acknowledged"_s, u"incident.status_changed"_s,
                                u"incident.severity_changed"_s, u"incident.role_unassigned"_s,
                                u"incident.milestone_set"_s, u"incident.resolved"_s,
                                u"incident.closed"_s}) {
        QVERIFY2(types.contains(type), qPrintable(type));
    }
    QCOMPARE(types.count(u"incident.status_changed"_s), 3);

    // A closed incident changes only by reopening.
    const CliRun refused = cli({u"incident"_s, u"status"_s, number, u"investigating"_s});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.err.trimmed(), u"firebreak-cli: %1 is closed; reopen it first "
                                    "(HTTP 409 conflict)"_s.arg(number));
    QVERIFY(refused.out.isEmpty());
    const CliRun reopened = cli({u"incident"_s, u"reopen"_s, number, u"--reason"_s,
                                 u"came back"_s, u"--json"_s});
    QCOMPARE(reopened.exitCode, 0);
    QCOMPARE(eventTypes(jsonOf(reopened).value(u"events"_s).toArray()),
             QStringList{u"incident.reopened"_s});
    QCOMPARE(jsonOf(cli({u"incident"_s, u"show"_s, number, u"--json"_s}))[u"status"_s],
             u"investigating"_s);
}

void TestCli::commandRefusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    // "@" stands for a freshly declared, triggered P3 incident.
    const QString at = u"@"_s;
    QTest::newRow("close while triggered") << QStringList{u"close"_s, at} << 1
        << u"only a resolved incident can be closed (@ is triggered) (HTTP 409 conflict)"_s;
    QTest::newRow("back to triggered") << QStringList{u"status"_s, at, u"triggered"_s} << 2
                                       << u"incident status takes one of acknowledged"_s;
    QTest::newRow("reopen while open") << QStringList{u"reopen"_s, at} << 1
                                       << u"@ is still open (triggered) (HTTP 409 conflict)"_s;
    QTest::newRow("same severity") << QStringList{u"severity"_s, at, u"P3"_s} << 1
                                   << u"@ is already P3 (HTTP 409 conflict)"_s;
    QTest::newRow("severity P5") << QStringList{u"severity"_s, at, u"P5"_s} << 2
                                 << u"incident severity takes one of P1, P2, P3, P4"_s;
    QTest::newRow("unassign nobody") << QStringList{u"unassign"_s, at, u"scribe"_s, u"erin"_s}
                                     << 1 << u"erin is not scribe on @ (HTTP 409 conflict)"_s;
    QTest::newRow("unknown role") << QStringList{u"assign"_s, at, u"chef"_s, u"erin"_s} << 2
                                  << u"the role is one of commander"_s;
    QTest::newRow("bad user") << QStringList{u"assign"_s, at, u"scribe"_s, u"erin smith"_s}
                              << 1 << u"(HTTP 400 bad_request)"_s;
    QTest::newRow("assign without user") << QStringList{u"assign"_s, at, u"scribe"_s} << 2
                                         << u"incident assign needs USER"_s;
    QTest::newRow("future milestone")
        << QStringList{u"milestone"_s, at, u"detected"_s, u"2099-01-01T00:00:00Z"_s} << 1
        << u"a milestone cannot be in the future (HTTP 400 bad_request)"_s;
    QTest::newRow("unknown milestone")
        << QStringList{u"milestone"_s, at, u"lunch"_s, u"now"_s} << 2
        << u"incident milestone takes one of impact_started"_s;
    QTest::newRow("milestone time not ISO")
        << QStringList{u"milestone"_s, at, u"detected"_s, u"yesterday"_s} << 2
        << u"the time must be ISO 8601"_s;
    QTest::newRow("unknown incident") << QStringList{u"ack"_s, u"INC-999"_s} << 1
                                      << u"no incident \"INC-999\" (HTTP 404 not_found)"_s;
    QTest::newRow("declare without title")
        << QStringList{u"declare"_s, u"--severity"_s, u"P1"_s} << 2
        << u"incident declare needs --title TEXT"_s;
    QTest::newRow("declare P0")
        << QStringList{u"declare"_s, u"--title"_s, u"x"_s, u"--severity"_s, u"P0"_s} << 2
        << u"--severity must be one of P1, P2, P3, P4"_s;
    QTest::newRow("declare bad commander")
        << QStringList{u"declare"_s, u"--title"_s, u"x"_s, u"--severity"_s, u"P4"_s,
                       u"--commander"_s, u"a b"_s}
        << 1 << u"commander must be a user name (HTTP 400 bad_request)"_s;
    QTest::newRow("update nothing") << QStringList{u"update"_s, at} << 2
                                    << u"incident update needs at least one of"_s;
}

void TestCli::commandRefusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    if (m_refusalIncident.isEmpty()) {
        const CliRun declared = cli({u"incident"_s, u"declare"_s, u"--title"_s, u"Slow search"_s,
                                     u"--severity"_s, u"P3"_s});
        QCOMPARE(declared.exitCode, 0);
        m_refusalIncident = declared.out.section(u' ', 0, 0);
        QVERIFY2(m_refusalIncident.startsWith(u"INC-"_s), qPrintable(declared.out));
    }
    arguments.replaceInStrings(u"@"_s, m_refusalIncident);
    message.replace(u"@"_s, m_refusalIncident);

    const CliRun run = cli(QStringList{u"incident"_s} + arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());

    // Nothing of it reached the incident.
    const QJsonObject incident
        = jsonOf(cli({u"incident"_s, u"show"_s, m_refusalIncident, u"--json"_s}));
    QCOMPARE(incident.value(u"status"_s).toString(), u"triggered"_s);
    QCOMPARE(incident.value(u"severity"_s).toString(), u"P3"_s);
}

void TestCli::updateAndNote()
{
    const CliRun declared = cli({u"incident"_s, u"declare"_s, u"--title"_s, u"Login slow"_s,
                                 u"--severity"_s, u"P4"_s});
    QCOMPARE(declared.exitCode, 0);
    const QString number = declared.out.section(u' ', 0, 0);
    QVERIFY2(declared.out.contains(u"declared: Login slow (P4)\nid: "_s), qPrintable(declared.out));

    const CliRun updated = cli({u"incident"_s, u"update"_s, number, u"--service"_s,
                                u"identity"_s, u"--title"_s, u"Login slow in EU"_s});
    QCOMPARE(updated.exitCode, 0);
    QVERIFY(updated.out.startsWith(number + u" updated (event "_s));
    const CliRun noted = cli({u"incident"_s, u"note"_s, number, u"Cache **cold** after deploy"_s,
                              u"--summary"_s});
    QCOMPARE(noted.exitCode, 0);

    const QJsonObject incident = jsonOf(cli({u"incident"_s, u"show"_s, number, u"--json"_s}));
    QCOMPARE(incident.value(u"title"_s).toString(), u"Login slow in EU"_s);
    QCOMPARE(incident.value(u"service"_s).toString(), u"identity"_s);
    QCOMPARE(incident.value(u"summary"_s).toString(), u"Cache **cold** after deploy"_s);
}

// The CLI's figures are the server's: the text table, the JSON and the CSV agree.
void TestCli::metricsShowAndExport()
{
    const auto rest = m_server.request("GET", u"/api/v1/metrics?service=search"_s, {},
                                       m_server.adminToken());
    QCOMPARE(rest.status, 200);
    const CliRun json = cli({u"metrics"_s, u"show"_s, u"--service"_s, u"search"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    QJsonObject fromCli = jsonOf(json);
    QJsonObject fromRest = rest.json();
    // Open incidents' compliance may move between the two requests; the rest may not.
    for (QJsonObject *report : {&fromCli, &fromRest}) {
        report->remove(u"firstResponseCompliance"_s);
        report->remove(u"resolutionCompliance"_s);
    }
    QCOMPARE(fromCli, fromRest);
    QCOMPARE(fromCli.value(u"incidents"_s).toInt(), 1);
    QCOMPARE(fromCli[u"timeToAcknowledge"_s][u"count"_s].toInt(), 1);

    const CliRun text = cli({u"metrics"_s, u"show"_s, u"--service"_s, u"search"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith(u"1 incidents, 1 open\n"_s), qPrintable(text.out));
    QVERIFY2(text.out.contains(u"acknowledge  1"_s), qPrintable(text.out));
    QVERIFY(text.out.contains(u"SERVICE"_s));

    const CliRun csv = cli({u"metrics"_s, u"export"_s, u"--period"_s, u"week"_s,
                            u"--from"_s, u"2026-01-01"_s});
    QCOMPARE(csv.exitCode, 0);
    const QStringList lines = csv.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), u"section,key,count,mean_s,p50_s,p90_s,p95_s,max_s,share"_s);
    QVERIFY2(lines.contains(u"service,search,1,,,,,,"_s), qPrintable(csv.out));
    QVERIFY(lines.contains(u"severity,P1,2,,,,,,"_s) || csv.out.contains(u"severity,P1,"_s));
    QVERIFY(csv.err.isEmpty());

    const CliRun badPeriod = cli({u"metrics"_s, u"export"_s, u"--period"_s, u"month"_s});
    QCOMPARE(badPeriod.exitCode, 2);
    QVERIFY(badPeriod.err.contains(u"--period must be day or week"_s));
    const CliRun badTime = cli({u"metrics"_s, u"show"_s, u"--from"_s, u"last week"_s});
    QCOMPARE(badTime.exitCode, 2);
}

// Filter values reach the server as typed: '%', '+', '&' and '=' are not read as URL syntax.
void TestCli::reservedCharactersInFilters()
{
    const QString service = u"50%off+x&y=z"_s;
    const CliRun declared = cli({u"incident"_s, u"declare"_s, u"--title"_s, u"Sale broke"_s,
                                 u"--severity"_s, u"P4"_s, u"--service"_s, service});
    QCOMPARE(declared.exitCode, 0);
    const QString number = declared.out.section(u' ', 0, 0);

    const QJsonObject list = jsonOf(cli({u"incident"_s, u"list"_s, u"--service"_s, service,
                                         u"--json"_s}));
    const QJsonArray incidents = list.value(u"incidents"_s).toArray();
    QCOMPARE(incidents.size(), 1);
    QCOMPARE(incidents.first()[u"number"_s].toString(), number);
    const QJsonObject metrics = jsonOf(cli({u"metrics"_s, u"show"_s, u"--service"_s, service,
                                            u"--json"_s}));
    QCOMPARE(metrics.value(u"incidents"_s).toInt(), 1);
}

// A wall-clock time that daylight saving skips is named as such, not as a format error.
void TestCli::localTimeSkippedByDaylightSaving()
{
    QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
    variables.insert(u"FIREBREAK_SERVER"_s, m_server.url().toString());
    variables.insert(u"FIREBREAK_TOKEN"_s, m_server.adminToken());
    variables.insert(u"TZ"_s, u"America/New_York"_s);
    QProcess process;
    process.setProcessEnvironment(variables);
    process.start(QStringLiteral(FIREBREAK_CLI_BINARY),
                  {u"incident"_s, u"milestone"_s, u"INC-1"_s, u"impact_started"_s,
                   u"2026-03-08T02:30"_s});
    QVERIFY(process.waitForFinished(60000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(err.contains(u"the local time 2026-03-08T02:30 does not exist"_s), qPrintable(err));
    QVERIFY2(!err.contains(u"ISO 8601"_s), qPrintable(err));
}

// A terminal gives a CJK character two columns and a combining mark none: the columns after
// such a cell must still line up with the header.
void TestCli::tablesLineUpWideCharacters()
{
    const QString service = u"数据库服务"_s;
    const CliRun declared = cli({u"incident"_s, u"declare"_s, u"--title"_s, u"Disk full"_s,
                                 u"--severity"_s, u"P4"_s, u"--service"_s, service});
    QCOMPARE(declared.exitCode, 0);
    const CliRun run = cli({u"incident"_s, u"list"_s, u"--service"_s, service});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    // SERVICE is 7 columns, the service 10: the title starts 12 columns after both.
    QVERIFY2(lines.at(0).contains(u"SERVICE     TITLE"_s), qPrintable(run.out));
    QVERIFY2(lines.at(1).contains(service + u"  Disk full"_s), qPrintable(run.out));

    const QString accented = u"e\u0301tude"_s; // é written as e and a combining accent
    QCOMPARE(cli({u"incident"_s, u"declare"_s, u"--title"_s, u"Slow"_s, u"--severity"_s,
                  u"P4"_s, u"--service"_s, accented})
                 .exitCode,
             0);
    const CliRun second = cli({u"incident"_s, u"list"_s, u"--service"_s, accented});
    QVERIFY2(second.out.contains(u"SERVICE  TITLE"_s), qPrintable(second.out));
    QVERIFY2(second.out.contains(accented + u"    Slow"_s), qPrintable(second.out));
}

// ---- Audit --------------------------------------------------------------------------------

// A store of its own, written by a real server that then stopped cleanly (anchor saved).
bool TestCli::prepareAuditStore()
{
    ServerProcess server;
    if (!server.start()) {
        return false;
    }
    const QString key = server.createIntegration(u"alertmanager"_s, u"audit"_s);
    const bool posted = server.request("POST", u"/api/v1/alerts/alertmanager"_s,
                                       Firebreak::Testing::testData(
                                           u"alerts/alertmanager-firing.json"_s),
                                       key)
                            .status
        == 202;
    const QJsonObject ack{{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, u"INC-1"_s}};
    const bool acknowledged = server.request("POST", u"/api/v1/commands"_s,
                                             QJsonDocument(ack).toJson(), server.adminToken())
                                  .status
        == 200;
    server.stop();

    const QDir from(server.dataDir());
    for (const QString &name : from.entryList(QDir::Files)) {
        if (!QFile::copy(from.filePath(name), QDir(m_auditStore.path()).filePath(name))) {
            return false;
        }
    }
    QFile anchorFile(QDir(m_auditStore.path()).filePath(u"anchor.json"_s));
    if (!anchorFile.open(QIODevice::ReadOnly)) {
        return false;
    }
    m_auditHead = QJsonDocument::fromJson(anchorFile.readAll()).object()[u"seq"_s].toInteger();
    return posted && acknowledged && m_auditHead >= 6;
}

QString TestCli::copyAuditStore(QTemporaryDir &target) const
{
    const QDir from(m_auditStore.path());
    for (const QString &name : from.entryList(QDir::Files)) {
        QFile::copy(from.filePath(name), QDir(target.path()).filePath(name));
    }
    return target.path();
}

namespace {

enum class Tampering { None, EditData, DeleteMiddle, DeleteTail, DeleteTailNoAnchor,
                       ForeignAnchor };

bool execute(const QString &databasePath, const QString &statement)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(databasePath);
        QSqlQuery query(db);
        ok = db.open() && query.exec(statement) && query.numRowsAffected() > 0;
        if (!ok) {
            qWarning() << statement << query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    return ok;
}

bool rewriteAnchorStoreId(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) {
        return false;
    }
    QJsonObject anchor = QJsonDocument::fromJson(file.readAll()).object();
    anchor.insert(u"storeId"_s, u"00000000-0000-4000-8000-000000000000"_s);
    file.resize(0);
    return file.write(QJsonDocument(anchor).toJson()) > 0;
}

} // namespace

void TestCli::auditVerify_data()
{
    QTest::addColumn<Tampering>("tampering");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("report");

    QTest::newRow("intact") << Tampering::None << 0 << u"ok: {head} events verified"_s;
    QTest::newRow("event data edited")
        << Tampering::EditData << 1
        << u"tampered at seq 3: event 3 was altered: its content does not match its hash"_s;
    QTest::newRow("event deleted in the middle")
        << Tampering::DeleteMiddle << 1 << u"tampered at seq 4: event 4 is missing"_s;
    QTest::newRow("last events deleted")
        << Tampering::DeleteTail << 1 << u"tampered at seq {next}: the log ends at {kept} but"
                                         " was anchored at {head}: it was truncated"_s;
    // Without the anchor a cut tail looks like a shorter log: verified, with a warning.
    QTest::newRow("last events deleted, no anchor")
        << Tampering::DeleteTailNoAnchor << 0 << u"ok: {kept} events verified"_s;
    QTest::newRow("anchor of another store")
        << Tampering::ForeignAnchor << 1
        << u"tampered: anchor.json belongs to store 00000000-0000-4000-8000-000000000000"_s;
}

void TestCli::auditVerify()
{
    QFETCH(Tampering, tampering);
    QFETCH(int, exitCode);
    QFETCH(QString, report);

    QTemporaryDir copy;
    const QDir folder(copyAuditStore(copy));
    const QString database = folder.filePath(u"firebreak.sqlite"_s);
    const qint64 kept = m_auditHead - 2;
    switch (tampering) {
    case Tampering::None:
        break;
    case Tampering::EditData:
        QVERIFY(execute(database, u"UPDATE events SET data = '{\"title\":\"nothing happened\"}'"
                                  " WHERE seq = 3"_s));
        break;
    case Tampering::DeleteMiddle:
        QVERIFY(execute(database, u"DELETE FROM events WHERE seq = 4"_s));
        break;
    case Tampering::DeleteTailNoAnchor:
        QVERIFY(QFile::remove(folder.filePath(u"anchor.json"_s)));
        Q_FALLTHROUGH();
    case Tampering::DeleteTail:
        QVERIFY(execute(database, u"DELETE FROM events WHERE seq > %1"_s.arg(kept)));
        break;
    case Tampering::ForeignAnchor:
        QVERIFY(rewriteAnchorStoreId(folder.filePath(u"anchor.json"_s)));
        break;
    }

    const QByteArray before = fileHash(database);
    const CliRun run = cli({u"audit"_s, u"verify"_s, u"--data"_s, folder.path()},
                           EnvironmentKind::NoServer);
    QCOMPARE(run.exitCode, exitCode);
    const QString expected = QString(report)
                                 .replace(u"{head}"_s, QString::number(m_auditHead))
                                 .replace(u"{next}"_s, QString::number(kept + 1))
                                 .replace(u"{kept}"_s, QString::number(kept));
    QVERIFY2(run.out.startsWith(expected), qPrintable(run.out + run.err));
    QCOMPARE(run.err.contains(u"no anchor.json"_s), tampering == Tampering::DeleteTailNoAnchor);
    QCOMPARE(fileHash(database), before); // the verifier never writes the store
}

void TestCli::auditVerifyJson()
{
    QTemporaryDir copy;
    const QDir folder(copyAuditStore(copy));
    QVERIFY(execute(folder.filePath(u"firebreak.sqlite"_s),
                    u"UPDATE events SET actor = 'user:mallory' WHERE seq = 5"_s));

    const CliRun run = cli({u"audit"_s, u"verify"_s, u"--data"_s, folder.path(), u"--json"_s},
                           EnvironmentKind::NoServer);
    QCOMPARE(run.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(report.value(u"ok"_s).toBool(true), false);
    QCOMPARE(report.value(u"firstBadSeq"_s).toInteger(), 5);
    QCOMPARE(report.value(u"checked"_s).toInteger(), 4);
    QVERIFY(report.value(u"reason"_s).toString().contains(u"altered"_s));
    QCOMPARE(report.value(u"anchor"_s)[u"seq"_s].toInteger(), m_auditHead);
}

void TestCli::auditVerifyLiveStore()
{
    // The server keeps the store open and writing meanwhile.
    const CliRun run = cli({u"audit"_s, u"verify"_s, u"--data"_s, m_server.dataDir()},
                           EnvironmentKind::NoServer);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"ok: "_s), qPrintable(run.out + run.err));
    QCOMPARE(cli({u"incident"_s, u"list"_s}).exitCode, 0);
}

void TestCli::controlCharactersEscaped()
{
    // An alert's text comes from whoever holds an integration key; it must not reach the
    // operator's terminal as escape sequences (retitling the window, clearing the screen).
    const QByteArray firing = Firebreak::Testing::testData(u"alerts/alertmanager-firing.json"_s);
    QJsonObject payload = QJsonDocument::fromJson(firing).object();
    QJsonObject alert = payload.value(u"alerts"_s).toArray().first().toObject();
    QJsonObject labels = alert.value(u"labels"_s).toObject();
    const QString hostile = u"Esc\u001b]0;pwned\u0007\u001b[2J\u009bRED\u202egpj.exe"_s;
    labels.insert(u"alertname"_s, hostile);
    alert.insert(u"labels"_s, labels);
    alert.insert(u"fingerprint"_s, u"e5c0e5c0e5c0e5c0"_s);
    payload.insert(u"groupKey"_s, u"{}:{alertname=\"escape\"}"_s);
    payload.insert(u"alerts"_s, QJsonArray{alert});
    QVERIFY(postAlerts(m_key, QJsonDocument(payload).toJson()));

    for (const QStringList &arguments : {QStringList{u"alert"_s, u"list"_s},
                                         QStringList{u"incident"_s, u"list"_s}}) {
        const CliRun run = cli(arguments);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(u"Esc\\x1b]0;pwned\\x07\\x1b[2J\\x9bRED"_s),
                 qPrintable(run.out));
        QVERIFY(!run.out.contains(QChar(0x202e)));
        QVERIFY(!run.out.contains(QChar(0x1b)));
        QVERIFY(!run.out.contains(QChar(0x07)));
        QVERIFY(!run.out.contains(QChar(0x9b)));
    }
}

QTEST_GUILESS_MAIN(TestCli)

#include "tst_cli.moc"
