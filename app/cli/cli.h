// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/restclient.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>

class QCommandLineParser;

namespace Firebreak {

struct VerifyResult;

namespace Cli {

/// The exit codes of DESIGN.md.
enum ExitCode : int {
    Done = 0,
    Refused = 1,
    UsageError = 2,
    Unreachable = 3,
};

/// What the process hands to the command line.
struct Environment
{
    /// As QCoreApplication::arguments(): the program name first.
    QStringList arguments;
    /// FIREBREAK_SERVER and FIREBREAK_TOKEN, used when --server and --token are not given.
    QString server;
    QString token;
    /// FIREBREAK_CA_FILE and FIREBREAK_PINNED_CERTIFICATE, for --ca-file and --pin-certificate.
    QString caFile;
    QString pinnedCertificate;
    /// Width of standard output in characters, or 0 when it is not a terminal.
    int terminalColumns = 0;
};

/**
 * firebreak-cli: `[--server URL] [--token TOKEN] NOUN VERB [ARGS] [--json]`.
 *
 * Parses one command line, runs it against the REST API (or, for `audit verify`, a local
 * store opened read-only) and writes the result as aligned text or as the server's JSON.
 * Results go to `out`; errors, hints and usage to `err`. The token is sent, never written.
 */
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    CommandLine(QTextStream &out, QTextStream &err);
    ~CommandLine();
    Q_DISABLE_COPY_MOVE(CommandLine)

    /// Runs the command and returns its ExitCode.
    int run(const Environment &environment);

private:
    struct Command;
    static const QList<Command> &commands();

    // Parsing and setup.
    int parse(const QStringList &arguments, const Command **found);
    int findCommand(const QStringList &words, const Command **found);
    int parseCommandOptions(const Command &command, const QStringList &arguments);
    int checkCommandArguments(const Command &command);
    int connectClient(const Environment &environment);
    int usageError(const QString &message);
    void printUsage(QTextStream &stream) const;
    void printHelp();

    // The commands.
    int createIntegration();
    int listIntegrations();
    int rotateIntegrationKey();
    int listIncidents();
    int showIncident();
    int showTimeline();
    int declareIncident();
    int acknowledgeIncident();
    int setIncidentStatus();
    int changeIncidentSeverity();
    int assignIncidentRole();
    int unassignIncidentRole();
    int setIncidentMilestone();
    int updateIncident();
    int addIncidentNote();
    int resolveIncident();
    int closeIncident();
    int reopenIncident();
    int showMetrics();
    int exportMetrics();
    int listAlerts();
    int exportPostMortem();
    int verifyAudit();
    int handOverStore();
    int exportBundle();
    int createBackup();
    int restoreBackup();

    // Helpers of the commands.
    bool isSet(const QString &name) const;
    QString option(const QString &name) const;
    QUrlQuery filterQuery(const QStringList &names) const;
    int fetchList(const QString &path, QUrlQuery query, const QString &key, QJsonObject *list);
    int failed(const RestReply &reply);
    int runIncidentCommand(const QString &type, const QString &textOption, const QString &done,
                           const QJsonObject &fields = {});
    int runCommand(const QJsonObject &command,
                   const std::function<QString(const QJsonArray &events)> &describe);
    int changeRole(bool assign);
    int metricsQuery(QUrlQuery *query);
    void printMetrics(const QJsonObject &report);
    QString incidentNumber(const QString &id);
    void printJson(const QJsonObject &object);
    void printIncident(const QJsonObject &incident);
    void printIncidentTable(const QJsonArray &incidents);
    void printTimelineTable(const QJsonArray &events);
    void printAlertTable(const QJsonArray &alerts);
    void printMoreHint(const QJsonObject &list, const QString &what);
    int reportVerification(const VerifyResult &result, const QJsonObject &details);
    bool writeOutput(const QByteArray &bytes);
    int fail(const QString &message);

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<QCommandLineParser> m_parser;
    QStringList m_optionNames;
    QStringList m_arguments;
    RestClient m_client;
    QString m_token;
    QHash<QString, QString> m_incidentNumbers;
    int m_columns = 0;
    bool m_json = false;
};

} // namespace Cli
} // namespace Firebreak
