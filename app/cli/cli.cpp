// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "cli.h"

#include "client/handover.h"
#include "events/event.h"
#include "incidents/evidencebundle.h"
#include "store/backup.h"
#include "store/eventstore.h"
#include "store/regularfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTimeZone>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCli, "firebreak.cli", QtWarningMsg)

namespace Firebreak::Cli {

struct CommandLine::Command
{
    QString noun;
    QString verb;
    /// Placeholders of the positional arguments, such as "ID".
    QStringList arguments;
    /// Options of this command besides the global ones.
    QStringList options;
    /// Options that must be given.
    QStringList required;
    bool needsServer = true;
    int (CommandLine::*run)() = nullptr;

    QString name() const { return noun + u' ' + verb; }
};

namespace {

constexpr int s_defaultTimeoutSeconds = 30;
/// The server makes the whole archive before sending its first byte.
constexpr int s_backupTimeoutSeconds = 3600;
constexpr int s_untruncatedWidth = 60;
constexpr int s_narrowestLastColumn = 20;

const QStringList &globalOptionNames()
{
    static const QStringList names{u"server"_s, u"token"_s,           u"ca-file"_s,
                                   u"pin-certificate"_s, u"timeout"_s, u"json"_s,
                                   u"help"_s,   u"version"_s};
    return names;
}

const QList<QCommandLineOption> &optionDefinitions()
{
    static const QList<QCommandLineOption> options{
        {u"server"_s, CommandLine::tr("Server base URL (default: $FIREBREAK_SERVER)."), u"URL"_s},
        {u"token"_s, CommandLine::tr("API token (default: $FIREBREAK_TOKEN)."), u"TOKEN"_s},
        {u"ca-file"_s,
         CommandLine::tr("PEM CA certificates to trust besides the system's (default:"
                         " $FIREBREAK_CA_FILE)."),
         u"FILE"_s},
        {u"pin-certificate"_s,
         CommandLine::tr("Accept only a server with this PEM certificate (default:"
                         " $FIREBREAK_PINNED_CERTIFICATE)."),
         u"FILE"_s},
        {u"timeout"_s,
         CommandLine::tr("Seconds the server may stay silent (default 30)."),
         u"SECONDS"_s},
        {u"json"_s, CommandLine::tr("Print the server's JSON instead of text.")},
        {{u"h"_s, u"help"_s}, CommandLine::tr("Show this help.")},
        {u"version"_s, CommandLine::tr("Show the version.")},
        {u"source"_s, CommandLine::tr("Alert source, such as alertmanager."), u"SOURCE"_s},
        {u"name"_s, CommandLine::tr("Name of the integration."), u"NAME"_s},
        {u"status"_s, CommandLine::tr("Only this status."), u"STATUS"_s},
        {u"severity"_s,
         CommandLine::tr("Severity, P1 to P4 (for list and metrics: only this one)."),
         u"SEVERITY"_s},
        {u"service"_s,
         CommandLine::tr("Service (for list and metrics: only this one)."),
         u"SERVICE"_s},
        {u"incident"_s,
         CommandLine::tr("Only alerts of this incident (id or INC-n)."),
         u"INCIDENT"_s},
        {u"limit"_s, CommandLine::tr("Items per request, 1 to 1000 (server default 100)."), u"N"_s},
        {u"all"_s, CommandLine::tr("Follow the next cursors and list everything.")},
        {u"note"_s, CommandLine::tr("A note recorded with the change."), u"TEXT"_s},
        {u"reason"_s, CommandLine::tr("Why, recorded with the change."), u"TEXT"_s},
        {u"title"_s, CommandLine::tr("Title of the incident."), u"TEXT"_s},
        {u"impact"_s, CommandLine::tr("Impact on users, revenue or data."), u"TEXT"_s},
        {u"type"_s, CommandLine::tr("Incident type, such as outage or security."), u"TYPE"_s},
        {u"team"_s, CommandLine::tr("Team (for metrics: only this one)."), u"TEAM"_s},
        {u"commander"_s, CommandLine::tr("User name of the incident commander."), u"USER"_s},
        {u"summary"_s, CommandLine::tr("Make the note the incident's current summary.")},
        {u"from"_s,
         CommandLine::tr("Incidents detected at or after this time (ISO 8601)."),
         u"TIME"_s},
        {u"to"_s, CommandLine::tr("Incidents detected before this time (ISO 8601)."), u"TIME"_s},
        {u"period"_s, CommandLine::tr("Trend buckets: day or week."), u"PERIOD"_s},
        {u"format"_s,
         CommandLine::tr("Post-mortem export format: markdown (default) or html."),
         u"FORMAT"_s},
        {u"data"_s,
         CommandLine::tr("Folder of the server's store (firebreak.sqlite, anchor.json)."),
         u"DIR"_s},
        {u"output"_s, CommandLine::tr("File to write (an archive)."), u"FILE"_s},
        {u"input"_s, CommandLine::tr("Backup archive to read."), u"FILE"_s},
        {u"database"_s,
         CommandLine::tr("Restore the log into this empty PostgreSQL database"
                         " (postgresql://USER@HOST:PORT/DB); --data then keeps its evidence files"
                         " and anchor."),
         u"URL"_s},
    };
    return options;
}

QCommandLineOption optionDefinition(const QString &name)
{
    for (const QCommandLineOption &option : optionDefinitions()) {
        if (option.names().contains(name)) {
            return option;
        }
    }
    Q_ASSERT_X(false, "optionDefinition", "every option name used has a definition");
    return QCommandLineOption(name);
}

/// "[--status STATUS]", or "--name NAME" when required.
QString optionSynopsis(const QString &name, bool required)
{
    const QCommandLineOption option = optionDefinition(name);
    QString text = u"--"_s + name;
    if (!option.valueName().isEmpty()) {
        text += u' ' + option.valueName();
    }
    return required ? text : u'[' + text + u']';
}

/// A bare number stands for an incident number: "12" is INC-12.
QString incidentReference(const QString &text)
{
    bool isNumber = false;
    text.toInt(&isNumber);
    return isNumber ? u"INC-"_s + text : text;
}

QUrl serverUrl(const QString &text)
{
    const QString withScheme = text.contains(u"://"_s) ? text : u"http://"_s + text;
    const QUrl url(withScheme, QUrl::StrictMode);
    const bool supported = url.scheme() == u"http" || url.scheme() == u"https";
    return url.isValid() && supported && !url.host().isEmpty() ? url : QUrl();
}

bool isPositiveNumber(const QString &text, bool integer)
{
    bool ok = false;
    const double value = integer ? double(text.toInt(&ok)) : text.toDouble(&ok);
    return ok && value > 0;
}

QString text(const QJsonValue &value)
{
    if (value.isDouble()) {
        return QString::number(value.toInteger());
    }
    const QString string = value.toString();
    return string.isEmpty() ? u"-"_s : string;
}

/// Time since an ISO 8601 moment, in the largest whole unit: "45s", "12m", "3h", "2d".
QString age(const QJsonValue &moment)
{
    const qint64 ms = msFromIso(moment.toString());
    if (ms < 0) {
        return u"-"_s;
    }
    const qint64 seconds = qMax<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - ms) / 1000);
    if (seconds < 60) {
        return u"%1s"_s.arg(seconds);
    }
    if (seconds < 3600) {
        return u"%1m"_s.arg(seconds / 60);
    }
    return seconds < 86400 ? u"%1h"_s.arg(seconds / 3600) : u"%1d"_s.arg(seconds / 86400);
}

/// An ISO 8601 moment in the viewer's time zone, "-" when absent.
QString localTime(const QJsonValue &moment)
{
    const qint64 ms = msFromIso(moment.toString());
    if (ms < 0) {
        return u"-"_s;
    }
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

const QStringList s_statuses{u"acknowledged"_s, u"investigating"_s, u"identified"_s,
                             u"monitoring"_s,   u"resolved"_s,      u"closed"_s};
const QStringList s_severities{u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s};
const QStringList s_roles{u"commander"_s, u"communications"_s, u"scribe"_s, u"responder"_s};
const QStringList s_milestones{u"impact_started"_s, u"detected"_s, u"acknowledged"_s,
                               u"mitigated"_s, u"resolved"_s};

/// "now" or an ISO 8601 time (local when it names no zone) as UTC ISO 8601; empty if invalid.
/**
 * `text` (ISO 8601, local when it names no zone, or "now") as UTC ISO 8601. Empty with a
 * reason in `error` when it is not such a time or names a local time that does not exist.
 */
QString utcTime(const QString &text, QString *error)
{
    if (text == u"now") {
        return isoFromMs(QDateTime::currentMSecsSinceEpoch());
    }
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        time = QDateTime::fromString(text, Qt::ISODate);
    }
    if (time.isValid()) {
        return isoFromMs(time.toMSecsSinceEpoch());
    }
    // A wall-clock time the local zone skips (daylight saving) parses in UTC but not locally.
    QDateTime utc = QDateTime::fromString(text + u'Z', Qt::ISODateWithMs);
    if (utc.isValid()) {
        *error = QCoreApplication::translate(
                     "Firebreak::Cli::CommandLine",
                     "the local time %1 does not exist in time zone %2 (skipped by daylight "
                     "saving time); give the time with a UTC offset, such as %1Z or %1-05:00")
                     .arg(text, QString::fromUtf8(QTimeZone::systemTimeZoneId()));
    }
    return QString();
}

/// Seconds as "45s", "12m 5s", "3h 20m" or "2d 4h"; "-" for null.
QString duration(const QJsonValue &seconds)
{
    if (!seconds.isDouble()) {
        return u"-"_s;
    }
    const qint64 total = qRound64(seconds.toDouble());
    if (total < 60) {
        return u"%1s"_s.arg(total);
    }
    if (total < 3600) {
        return u"%1m %2s"_s.arg(total / 60).arg(total % 60);
    }
    if (total < 86400) {
        return u"%1h %2m"_s.arg(total / 3600).arg(total % 3600 / 60);
    }
    return u"%1d %2h"_s.arg(total / 86400).arg(total % 86400 / 3600);
}

/// "3/4 met (75%), 1 pending", from {"met", "missed", "pending", "share"}.
QString complianceText(const QJsonObject &compliance)
{
    if (compliance.isEmpty()) {
        return u"-"_s;
    }
    const int met = compliance.value(u"met"_s).toInt();
    const int due = met + compliance.value(u"missed"_s).toInt();
    QString line = due == 0 ? CommandLine::tr("none due")
                            : CommandLine::tr("%1/%2 met (%3%)")
                                  .arg(met)
                                  .arg(due)
                                  .arg(qRound(compliance.value(u"share"_s).toDouble() * 100));
    if (const int pending = compliance.value(u"pending"_s).toInt(); pending > 0) {
        line += CommandLine::tr(", %1 pending").arg(pending);
    }
    return line;
}

/// One line of a timeline: what the event says in a few words.
QString eventDetail(const QJsonObject &event)
{
    const QJsonObject data = event.value(u"data"_s).toObject();
    const QString type = event.value(u"type"_s).toString();
    if (data.contains(u"note"_s)) {
        return data.value(u"note"_s).toString();
    }
    if (type == u"incident.severity_changed") {
        return u"%1 → %2: %3"_s.arg(data.value(u"from"_s).toString(),
                                    data.value(u"to"_s).toString(),
                                    data.value(u"reason"_s).toString());
    }
    if (data.value(u"alert"_s).isObject()) {
        return data.value(u"alert"_s).toObject().value(u"title"_s).toString();
    }
    return data.value(u"title"_s).toString();
}

/// Whether a terminal gives the character two columns (East Asian wide and full-width forms).
bool isWide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f)
        || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
        || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
        || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f)
        || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
}

/// The columns a text takes in a terminal: two for a wide character, none for a combining
/// mark or a format character, one for the rest (wcwidth's rules, without needing a locale).
int displayWidth(QStringView text)
{
    int width = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        const QChar::Category category = QChar::category(c);
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing
            || category == QChar::Other_Format) {
            continue;
        }
        width += isWide(c) ? 2 : 1;
    }
    return width;
}

/**
 * Plain aligned columns for people. The last column takes what the terminal leaves, or
 * 60 characters when the output is not a terminal, and is cut with an ellipsis beyond that.
 * Columns are counted as a terminal shows them: a wide character takes two, a combining
 * mark none.
 */
class Table
{
public:
    explicit Table(const QStringList &headers) { m_rows.append(headers); }

    void addRow(const QStringList &cells)
    {
        QStringList row;
        row.reserve(cells.size());
        for (const QString &cell : cells) {
            row.append(printableText(cell));
        }
        m_rows.append(row);
    }
    bool isEmpty() const { return m_rows.size() < 2; }

    void write(QTextStream &stream, int terminalColumns) const
    {
        const QList<int> widths = columnWidths();
        int fixed = 0;
        for (const int width : widths) {
            fixed += width + 2;
        }
        const int last = terminalColumns > 0
            ? qMax(s_narrowestLastColumn, terminalColumns - fixed)
            : s_untruncatedWidth;
        for (const QStringList &row : m_rows) {
            QString line;
            for (qsizetype column = 0; column < widths.size(); ++column) {
                const QString cell = row.value(column);
                line += cell + QString(widths.at(column) + 2 - displayWidth(cell), u' ');
            }
            line += elided(row.value(widths.size()), last);
            while (line.endsWith(u' ')) {
                line.chop(1);
            }
            stream << line << '\n';
        }
    }

private:
    /// Widths of every column but the last.
    QList<int> columnWidths() const
    {
        QList<int> widths(m_rows.first().size() - 1, 0);
        for (const QStringList &row : m_rows) {
            for (qsizetype column = 0; column < widths.size(); ++column) {
                widths[column] = qMax(widths.at(column), displayWidth(row.value(column)));
            }
        }
        return widths;
    }

    static QString elided(const QString &cell, int width)
    {
        QString line = cell.simplified();
        return line.size() <= width ? line : line.left(width - 1) + u'…';
    }

    QList<QStringList> m_rows;
};

} // namespace

const QList<CommandLine::Command> &CommandLine::commands()
{
    static const QList<Command> list{
        {u"integration"_s, u"create"_s, {}, {u"source"_s, u"name"_s}, {u"source"_s, u"name"_s},
         true, &CommandLine::createIntegration},
        {u"integration"_s, u"list"_s, {}, {}, {}, true, &CommandLine::listIntegrations},
        {u"integration"_s, u"rotate-key"_s, {u"ID"_s}, {}, {}, true,
         &CommandLine::rotateIntegrationKey},
        {u"incident"_s, u"list"_s, {},
         {u"status"_s, u"severity"_s, u"service"_s, u"limit"_s, u"all"_s}, {}, true,
         &CommandLine::listIncidents},
        {u"incident"_s, u"show"_s, {u"ID|INC-n"_s}, {}, {}, true, &CommandLine::showIncident},
        {u"incident"_s, u"timeline"_s, {u"ID|INC-n"_s}, {u"limit"_s, u"all"_s}, {}, true,
         &CommandLine::showTimeline},
        {u"incident"_s, u"declare"_s, {},
         {u"title"_s, u"severity"_s, u"service"_s, u"impact"_s, u"type"_s, u"team"_s,
          u"commander"_s},
         {u"title"_s, u"severity"_s}, true, &CommandLine::declareIncident},
        {u"incident"_s, u"ack"_s, {u"ID|INC-n"_s}, {u"note"_s}, {}, true,
         &CommandLine::acknowledgeIncident},
        {u"incident"_s, u"status"_s, {u"ID|INC-n"_s, u"STATUS"_s}, {u"note"_s}, {}, true,
         &CommandLine::setIncidentStatus},
        {u"incident"_s, u"severity"_s, {u"ID|INC-n"_s, u"P1..P4"_s}, {u"reason"_s}, {}, true,
         &CommandLine::changeIncidentSeverity},
        {u"incident"_s, u"assign"_s, {u"ID|INC-n"_s, u"ROLE"_s, u"USER"_s}, {}, {}, true,
         &CommandLine::assignIncidentRole},
        {u"incident"_s, u"unassign"_s, {u"ID|INC-n"_s, u"ROLE"_s, u"USER"_s}, {}, {}, true,
         &CommandLine::unassignIncidentRole},
        {u"incident"_s, u"milestone"_s, {u"ID|INC-n"_s, u"MILESTONE"_s, u"TIME|now"_s}, {}, {},
         true, &CommandLine::setIncidentMilestone},
        {u"incident"_s, u"update"_s, {u"ID|INC-n"_s},
         {u"title"_s, u"service"_s, u"impact"_s, u"type"_s, u"team"_s}, {}, true,
         &CommandLine::updateIncident},
        {u"incident"_s, u"note"_s, {u"ID|INC-n"_s, u"TEXT"_s}, {u"summary"_s}, {}, true,
         &CommandLine::addIncidentNote},
        {u"incident"_s, u"resolve"_s, {u"ID|INC-n"_s}, {u"note"_s}, {}, true,
         &CommandLine::resolveIncident},
        {u"incident"_s, u"close"_s, {u"ID|INC-n"_s}, {u"note"_s}, {}, true,
         &CommandLine::closeIncident},
        {u"incident"_s, u"reopen"_s, {u"ID|INC-n"_s}, {u"reason"_s}, {}, true,
         &CommandLine::reopenIncident},
        {u"metrics"_s, u"show"_s, {},
         {u"from"_s, u"to"_s, u"service"_s, u"team"_s, u"severity"_s, u"period"_s}, {}, true,
         &CommandLine::showMetrics},
        {u"metrics"_s, u"export"_s, {},
         {u"from"_s, u"to"_s, u"service"_s, u"team"_s, u"severity"_s, u"period"_s}, {}, true,
         &CommandLine::exportMetrics},
        {u"alert"_s, u"list"_s, {},
         {u"status"_s, u"source"_s, u"incident"_s, u"limit"_s, u"all"_s}, {}, true,
         &CommandLine::listAlerts},
        {u"incident"_s, u"export-bundle"_s, {u"ID|INC-n"_s}, {u"output"_s}, {u"output"_s}, true,
         &CommandLine::exportBundle},
        {u"postmortem"_s, u"export"_s, {u"ID|INC-n"_s}, {u"format"_s}, {}, true,
         &CommandLine::exportPostMortem},
        {u"audit"_s, u"verify"_s, {}, {u"data"_s}, {u"data"_s}, false,
         &CommandLine::verifyAudit},
        {u"store"_s, u"handover"_s, {}, {u"data"_s}, {u"data"_s}, true,
         &CommandLine::handOverStore},
        {u"backup"_s, u"create"_s, {}, {u"output"_s}, {u"output"_s}, true,
         &CommandLine::createBackup},
        {u"backup"_s, u"restore"_s, {}, {u"input"_s, u"data"_s, u"database"_s},
         {u"input"_s, u"data"_s}, false, &CommandLine::restoreBackup},
    };
    return list;
}

CommandLine::CommandLine(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

CommandLine::~CommandLine() = default;

int CommandLine::run(const Environment &environment)
{
    m_columns = environment.terminalColumns;
    const Command *command = nullptr;
    if (const int parsed = parse(environment.arguments, &command); parsed != Done || !command) {
        return parsed;
    }
    if (command->needsServer) {
        if (const int connected = connectClient(environment); connected != Done) {
            return connected;
        }
    }
    qCDebug(lcCli).noquote() << "running" << command->name();
    return (this->*command->run)();
}

// ---- Parsing ------------------------------------------------------------------------------

int CommandLine::parse(const QStringList &arguments, const Command **found)
{
    // A first pass knows every option: it finds the noun and verb, and --help anywhere.
    QCommandLineParser everything;
    everything.addOptions(optionDefinitions());
    if (!everything.parse(arguments)) {
        return usageError(everything.errorText());
    }
    const QStringList words = everything.positionalArguments();
    if (everything.isSet(u"help"_s) || words.value(0) == u"help") {
        printHelp();
        return Done;
    }
    if (everything.isSet(u"version"_s)) {
        m_out << QCoreApplication::applicationName() << ' ' << FIREBREAK_VERSION << '\n';
        return Done;
    }

    const Command *command = nullptr;
    if (const int status = findCommand(words, &command); status != Done) {
        return status;
    }
    if (const int status = parseCommandOptions(*command, arguments); status != Done) {
        return status;
    }
    m_arguments = words.mid(2);
    if (const int status = checkCommandArguments(*command); status != Done) {
        return status;
    }
    m_json = isSet(u"json"_s);
    *found = command;
    return Done;
}

int CommandLine::findCommand(const QStringList &words, const Command **found)
{
    if (words.isEmpty()) {
        return usageError(tr("no command given"));
    }
    QStringList verbs;
    for (const Command &command : commands()) {
        if (command.noun != words.first()) {
            continue;
        }
        if (command.verb == words.value(1)) {
            *found = &command;
            return Done;
        }
        verbs.append(command.verb);
    }
    if (verbs.isEmpty()) {
        return usageError(tr("unknown command \"%1\"").arg(words.first()));
    }
    if (words.size() < 2) {
        return usageError(tr("%1 needs a verb: %2").arg(words.first(), verbs.join(u", "_s)));
    }
    return usageError(tr("unknown command \"%1 %2\"; %1 takes: %3")
                          .arg(words.first(), words.at(1), verbs.join(u", "_s)));
}

// A second pass knows only the global options and this command's: others are usage errors.
int CommandLine::parseCommandOptions(const Command &command, const QStringList &arguments)
{
    m_optionNames = globalOptionNames() + command.options;
    m_parser = std::make_unique<QCommandLineParser>();
    for (const QString &name : std::as_const(m_optionNames)) {
        m_parser->addOption(optionDefinition(name));
    }
    if (!m_parser->parse(arguments)) {
        return usageError(u"%1: %2"_s.arg(command.name(), m_parser->errorText()));
    }
    if (isSet(u"limit"_s) && !isPositiveNumber(option(u"limit"_s), true)) {
        return usageError(tr("--limit must be a positive whole number"));
    }
    if (isSet(u"timeout"_s) && !isPositiveNumber(option(u"timeout"_s), false)) {
        return usageError(tr("--timeout must be a positive number of seconds"));
    }
    return Done;
}

int CommandLine::checkCommandArguments(const Command &command)
{
    if (m_arguments.size() < command.arguments.size()) {
        return usageError(tr("%1 needs %2").arg(command.name(),
                                                command.arguments.at(m_arguments.size())));
    }
    if (m_arguments.size() > command.arguments.size()) {
        return usageError(tr("%1: unexpected argument \"%2\"")
                              .arg(command.name(), m_arguments.at(command.arguments.size())));
    }
    for (const QString &name : command.required) {
        if (!isSet(name) || option(name).isEmpty()) {
            return usageError(tr("%1 needs %2").arg(command.name(), optionSynopsis(name, true)));
        }
    }
    return Done;
}

int CommandLine::connectClient(const Environment &environment)
{
    const QString serverText = isSet(u"server"_s) ? option(u"server"_s) : environment.server;
    const QString token = isSet(u"token"_s) ? option(u"token"_s) : environment.token;
    if (serverText.isEmpty()) {
        return usageError(tr("no server: give --server URL or set FIREBREAK_SERVER"));
    }
    const QUrl url = serverUrl(serverText);
    if (url.isEmpty()) {
        return usageError(tr("the server must be an http or https URL, such as "
                             "http://127.0.0.1:8080"));
    }
    if (token.isEmpty()) {
        return usageError(tr("no API token: give --token TOKEN or set FIREBREAK_TOKEN"));
    }

    TlsTrust trust;
    const QString caFile = isSet(u"ca-file"_s) ? option(u"ca-file"_s) : environment.caFile;
    const QString pinned = isSet(u"pin-certificate"_s) ? option(u"pin-certificate"_s)
                                                        : environment.pinnedCertificate;
    if (!trust.load(caFile, pinned)) {
        return usageError(trust.errorString());
    }
    m_client.setTlsTrust(trust);

    const double seconds = isSet(u"timeout"_s) ? option(u"timeout"_s).toDouble()
                                                : s_defaultTimeoutSeconds;
    m_client.setBaseUrl(url);
    m_client.setToken(token);
    m_token = token;
    m_client.setTimeout(std::chrono::milliseconds(qint64(seconds * 1000)));
    return Done;
}

int CommandLine::usageError(const QString &message)
{
    m_err << QCoreApplication::applicationName() << ": " << message << "\n\n";
    printUsage(m_err);
    return UsageError;
}

void CommandLine::printUsage(QTextStream &stream) const
{
    const QString program = QCoreApplication::applicationName();
    stream << tr("usage: %1 [--server URL] [--token TOKEN] NOUN VERB [ARGS] [--json]")
                  .arg(program)
           << '\n';
    for (const Command &command : commands()) {
        QStringList words{command.name()};
        words += command.arguments;
        for (const QString &name : command.options) {
            words.append(optionSynopsis(name, command.required.contains(name)));
        }
        stream << "  " << words.join(u' ') << '\n';
    }
    if (&stream == &m_err) {
        stream << tr("Run \"%1 --help\" for the options, environment and exit codes.")
                      .arg(program)
               << '\n';
    }
}

void CommandLine::printHelp()
{
    printUsage(m_out);
    m_out << '\n' << tr("Options:") << '\n';
    // The descriptions start in one column, two spaces after the longest synopsis.
    qsizetype width = 0;
    for (const QCommandLineOption &option : optionDefinitions()) {
        width = qMax(width, optionSynopsis(option.names().constLast(), true).size());
    }
    for (const QCommandLineOption &option : optionDefinitions()) {
        const QString name = option.names().constLast();
        m_out << "  " << optionSynopsis(name, true).leftJustified(width + 2)
              << option.description() << '\n';
    }
    m_out << '\n'
          << tr("Environment: FIREBREAK_SERVER and FIREBREAK_TOKEN stand in for --server and "
                "--token.")
          << '\n'
          << tr("Exit codes: 0 done, 1 refused by the server (or a tampered log), 2 usage "
                "error, 3 server unreachable.")
          << '\n';
}

// ---- Helpers ------------------------------------------------------------------------------

bool CommandLine::isSet(const QString &name) const
{
    return m_parser && m_optionNames.contains(name) && m_parser->isSet(name);
}

QString CommandLine::option(const QString &name) const
{
    return isSet(name) ? m_parser->value(name) : QString();
}

QUrlQuery CommandLine::filterQuery(const QStringList &names) const
{
    QUrlQuery query;
    for (const QString &name : names) {
        if (isSet(name)) {
            const QString value = option(name);
            const QString text = name == u"incident" ? incidentReference(value) : value;
            query.addQueryItem(name, RestClient::queryValue(text));
        }
    }
    return query;
}

/**
 * GETs a list answer ({KEY: [...], "next": ...}). With --all it follows the `next` cursors
 * and `list` holds every item with a null `next`; otherwise it holds the first page.
 */
int CommandLine::fetchList(const QString &path, QUrlQuery query, const QString &key,
                           QJsonObject *list)
{
    QJsonArray items;
    QSet<QString> cursors;
    for (;;) {
        const RestReply reply = m_client.sendAndWait(RestRequest::get(path, query));
        if (!reply.isSuccess()) {
            return failed(reply);
        }
        *list = reply.json();
        for (const QJsonValue &item : list->value(key).toArray()) {
            items.append(item);
        }
        const QString cursor = list->value(u"next"_s).toString();
        if (!isSet(u"all"_s) || cursor.isEmpty() || cursors.contains(cursor)) {
            break;
        }
        qCDebug(lcCli).noquote() << "following cursor" << cursor << "of" << path;
        cursors.insert(cursor);
        query.removeAllQueryItems(u"cursor"_s);
        query.addQueryItem(u"cursor"_s, RestClient::queryValue(cursor));
    }
    list->insert(key, items);
    return Done;
}

int CommandLine::failed(const RestReply &reply)
{
    const QString program = QCoreApplication::applicationName();
    if (reply.failure == RestReply::Failure::Interrupted) {
        const QString server = m_client.baseUrl().toString(QUrl::RemoveUserInfo);
        m_err << tr("%1: the answer of the server at %2 was cut off or unreadable: %3; what was "
                    "asked may or may not have been done")
                     .arg(program, server, reply.failureText)
              << '\n';
        return Unreachable;
    }
    if (!reply.reachedServer()) {
        const QString server = m_client.baseUrl().toString(QUrl::RemoveUserInfo);
        m_err << tr("%1: cannot reach the server at %2: %3")
                     .arg(program, server, reply.failureText)
              << '\n';
        return Unreachable;
    }
    const QString code = reply.errorCode();
    const QString status = code.isEmpty() ? u"HTTP %1"_s.arg(reply.status)
                                          : u"HTTP %1 %2"_s.arg(reply.status).arg(code);
    m_err << program << ": " << reply.errorMessage() << " (" << status << ")\n";
    return Refused;
}

void CommandLine::printJson(const QJsonObject &object)
{
    m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

void CommandLine::printMoreHint(const QJsonObject &list, const QString &what)
{
    if (!list.value(u"next"_s).toString().isEmpty()) {
        m_err << tr("(more %1: add --all to list them all)").arg(what) << '\n';
    }
}

/// The INC-n of an incident id, asked once per id; a short id when the server cannot say.
QString CommandLine::incidentNumber(const QString &id)
{
    if (id.isEmpty()) {
        return u"-"_s;
    }
    if (const auto known = m_incidentNumbers.constFind(id); known != m_incidentNumbers.cend()) {
        return *known;
    }
    const RestReply reply = m_client.sendAndWait(
        RestRequest::get(u"/api/v1/incidents/"_s + RestClient::pathSegment(id)));
    const QString number = reply.isSuccess() ? reply.json().value(u"number"_s).toString()
                                             : id.left(8);
    m_incidentNumbers.insert(id, number);
    return number;
}

// ---- Integrations -------------------------------------------------------------------------

int CommandLine::createIntegration()
{
    const QJsonObject body{{u"source"_s, option(u"source"_s)}, {u"name"_s, option(u"name"_s)}};
    const RestReply reply
        = m_client.sendAndWait(RestRequest::post(u"/api/v1/integrations"_s, body));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    const QJsonObject created = reply.json();
    if (m_json) {
        printJson(created);
        return Done;
    }

    const QString source = created.value(u"source"_s).toString();
    const QUrl webhook = m_client.urlFor(
        RestRequest::get(u"/api/v1/alerts/"_s + RestClient::pathSegment(source)));
    m_out << tr("Created %1 integration \"%2\".")
                 .arg(source, created.value(u"name"_s).toString())
          << '\n'
          << "id:      " << created.value(u"id"_s).toString() << '\n'
          << "key:     " << created.value(u"key"_s).toString() << '\n'
          << "webhook: " << webhook.toString(QUrl::RemoveUserInfo) << '\n'
          << tr("Send the key as \"Authorization: Bearer KEY\". It is shown only this once.")
          << '\n';
    return Done;
}

// A leaked key is replaced: the old one is refused from the moment the server answers.
int CommandLine::rotateIntegrationKey()
{
    const QString path = u"/api/v1/integrations/"_s + RestClient::pathSegment(m_arguments.at(0))
        + u"/rotate-key"_s;
    const RestReply reply = m_client.sendAndWait(RestRequest::post(path, QJsonObject()));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    const QJsonObject rotated = reply.json();
    if (m_json) {
        printJson(rotated);
        return Done;
    }
    m_out << tr("New key for %1 integration \"%2\"; the old key is refused from now on.")
                 .arg(rotated.value(u"source"_s).toString(), rotated.value(u"name"_s).toString())
          << '\n'
          << "id:      " << rotated.value(u"id"_s).toString() << '\n'
          << "key:     " << rotated.value(u"key"_s).toString() << '\n'
          << tr("Send the key as \"Authorization: Bearer KEY\". It is shown only this once.")
          << '\n';
    return Done;
}

int CommandLine::listIntegrations()
{
    const RestReply reply = m_client.sendAndWait(RestRequest::get(u"/api/v1/integrations"_s));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    const QJsonObject list = reply.json();
    if (m_json) {
        printJson(list);
        return Done;
    }

    Table table({tr("ID"), tr("SOURCE"), tr("CREATED"), tr("NAME")});
    for (const QJsonValue &value : list.value(u"integrations"_s).toArray()) {
        const QJsonObject integration = value.toObject();
        table.addRow({text(integration.value(u"id"_s)), text(integration.value(u"source"_s)),
                      localTime(integration.value(u"createdAt"_s)),
                      text(integration.value(u"name"_s))});
    }
    if (table.isEmpty()) {
        m_err << tr("no integrations") << '\n';
        return Done;
    }
    table.write(m_out, m_columns);
    return Done;
}

// ---- Incidents ----------------------------------------------------------------------------

int CommandLine::listIncidents()
{
    // Checked here, like the same words elsewhere, so that a typo is a usage error (exit 2),
    // not the server's refusal (exit 1).
    if (isSet(u"severity"_s) && !s_severities.contains(option(u"severity"_s).toUpper())) {
        return usageError(tr("--severity must be one of %1").arg(s_severities.join(u", "_s)));
    }
    const QStringList statuses = QStringList{u"open"_s, u"triggered"_s} + s_statuses;
    if (isSet(u"status"_s) && !statuses.contains(option(u"status"_s))) {
        return usageError(tr("--status must be one of %1").arg(statuses.join(u", "_s)));
    }
    QJsonObject list;
    QUrlQuery query = filterQuery({u"status"_s, u"service"_s, u"limit"_s});
    if (isSet(u"severity"_s)) {
        query.addQueryItem(u"severity"_s,
                           RestClient::queryValue(option(u"severity"_s).toUpper()));
    }
    if (const int status = fetchList(u"/api/v1/incidents"_s, query, u"incidents"_s, &list);
        status != Done) {
        return status;
    }
    if (m_json) {
        printJson(list);
        return Done;
    }
    printIncidentTable(list.value(u"incidents"_s).toArray());
    printMoreHint(list, tr("incidents"));
    return Done;
}

void CommandLine::printIncidentTable(const QJsonArray &incidents)
{
    Table table({tr("NUMBER"), tr("SEV"), tr("STATUS"), tr("AGE"), tr("SERVICE"), tr("TITLE")});
    for (const QJsonValue &value : incidents) {
        const QJsonObject incident = value.toObject();
        table.addRow({text(incident.value(u"number"_s)), text(incident.value(u"severity"_s)),
                      text(incident.value(u"status"_s)), age(incident.value(u"createdAt"_s)),
                      text(incident.value(u"service"_s)), text(incident.value(u"title"_s))});
    }
    if (table.isEmpty()) {
        m_err << tr("no incidents") << '\n';
        return;
    }
    table.write(m_out, m_columns);
}

int CommandLine::showIncident()
{
    const QString path = u"/api/v1/incidents/"_s
        + RestClient::pathSegment(incidentReference(m_arguments.at(0)));
    const RestReply reply = m_client.sendAndWait(RestRequest::get(path));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    if (m_json) {
        printJson(reply.json());
        return Done;
    }
    printIncident(reply.json());
    return Done;
}

void CommandLine::printIncident(const QJsonObject &incident)
{
    const QString created = localTime(incident.value(u"createdAt"_s));
    const int alerts = int(incident.value(u"alerts"_s).toArray().size());
    const QList<std::pair<QString, QString>> fields{
        {tr("Title"), text(incident.value(u"title"_s))},
        {tr("Severity"), text(incident.value(u"severity"_s))},
        {tr("Status"), text(incident.value(u"status"_s))},
        {tr("Service"), text(incident.value(u"service"_s))},
        {tr("Created"), tr("%1 (%2 ago)").arg(created, age(incident.value(u"createdAt"_s)))},
        {tr("Updated"), localTime(incident.value(u"updatedAt"_s))},
        {tr("Acknowledged"), localTime(incident.value(u"acknowledgedAt"_s))},
        {tr("Resolved"), localTime(incident.value(u"resolvedAt"_s))},
        {tr("Alerts"), tr("%1 (%2 firing)").arg(alerts).arg(
                           incident.value(u"firingAlerts"_s).toInt())},
        {tr("Id"), text(incident.value(u"id"_s))},
    };
    m_out << printableText(text(incident.value(u"number"_s))) << '\n';
    for (const auto &[label, value] : fields) {
        m_out << "  " << QString(label + u':').leftJustified(14) << printableText(value) << '\n';
    }
}

int CommandLine::showTimeline()
{
    const QString path = u"/api/v1/incidents/"_s
        + RestClient::pathSegment(incidentReference(m_arguments.at(0))) + u"/timeline"_s;
    QJsonObject list;
    if (const int status = fetchList(path, filterQuery({u"limit"_s}), u"events"_s, &list);
        status != Done) {
        return status;
    }
    if (m_json) {
        printJson(list);
        return Done;
    }
    printTimelineTable(list.value(u"events"_s).toArray());
    printMoreHint(list, tr("events"));
    return Done;
}

void CommandLine::printTimelineTable(const QJsonArray &events)
{
    Table table({tr("SEQ"), tr("TIME"), tr("ACTOR"), tr("TYPE"), tr("DETAIL")});
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        table.addRow({text(event.value(u"seq"_s)), localTime(event.value(u"at"_s)),
                      text(event.value(u"actor"_s)), text(event.value(u"type"_s)),
                      eventDetail(event)});
    }
    if (table.isEmpty()) {
        m_err << tr("no events") << '\n';
        return;
    }
    table.write(m_out, m_columns);
}

int CommandLine::declareIncident()
{
    const QString severity = option(u"severity"_s).toUpper();
    if (!s_severities.contains(severity)) {
        return usageError(tr("--severity must be one of %1").arg(s_severities.join(u", "_s)));
    }
    QJsonObject command{{u"type"_s, u"incident.declare"_s}, {u"severity"_s, severity}};
    for (const QString &field : {u"title"_s, u"service"_s, u"impact"_s, u"team"_s,
                                 u"commander"_s}) {
        if (isSet(field)) {
            command.insert(field, option(field));
        }
    }
    if (isSet(u"type"_s)) {
        command.insert(u"incidentType"_s, option(u"type"_s));
    }
    return runCommand(command, [](const QJsonArray &events) {
        const QJsonObject opened = events.first().toObject();
        const QJsonObject data = opened.value(u"data"_s).toObject();
        return tr("INC-%1 declared: %2 (%3)\nid: %4")
            .arg(text(data.value(u"number"_s)), printableText(data.value(u"title"_s).toString()),
                 data.value(u"severity"_s).toString(), opened.value(u"incident"_s).toString());
    });
}

int CommandLine::acknowledgeIncident()
{
    return runIncidentCommand(u"incident.acknowledge"_s, u"note"_s, tr("%1 acknowledged"));
}

int CommandLine::setIncidentStatus()
{
    const QString status = m_arguments.at(1).toLower();
    if (!s_statuses.contains(status)) {
        return usageError(tr("incident status takes one of %1").arg(s_statuses.join(u", "_s)));
    }
    return runIncidentCommand(u"incident.set_status"_s, u"note"_s,
                              tr("%1 is now %2").arg(u"%1"_s, status),
                              {{u"status"_s, status}});
}

int CommandLine::changeIncidentSeverity()
{
    const QString severity = m_arguments.at(1).toUpper();
    if (!s_severities.contains(severity)) {
        return usageError(tr("incident severity takes one of %1")
                              .arg(s_severities.join(u", "_s)));
    }
    return runIncidentCommand(u"incident.change_severity"_s, u"reason"_s,
                              tr("%1 is now %2").arg(u"%1"_s, severity),
                              {{u"severity"_s, severity}});
}

int CommandLine::assignIncidentRole()
{
    return changeRole(true);
}

int CommandLine::unassignIncidentRole()
{
    return changeRole(false);
}

int CommandLine::changeRole(bool assign)
{
    const QString role = m_arguments.at(1).toLower();
    const QString user = m_arguments.at(2);
    if (!s_roles.contains(role)) {
        return usageError(tr("the role is one of %1").arg(s_roles.join(u", "_s)));
    }
    const QString done = assign ? tr("%1 is now %2 of %3") : tr("%1 is no longer %2 of %3");
    return runIncidentCommand(assign ? u"incident.assign_role"_s : u"incident.unassign_role"_s,
                              {}, done.arg(user, role, u"%1"_s),
                              {{u"role"_s, role}, {u"user"_s, user}});
}

int CommandLine::setIncidentMilestone()
{
    const QString milestone = m_arguments.at(1).toLower();
    if (!s_milestones.contains(milestone)) {
        return usageError(tr("incident milestone takes one of %1")
                              .arg(s_milestones.join(u", "_s)));
    }
    QString error;
    const QString at = utcTime(m_arguments.at(2), &error);
    if (!error.isEmpty()) {
        return usageError(error);
    }
    if (at.isEmpty()) {
        return usageError(tr("the time must be ISO 8601, such as 2026-12-04T09:30:00Z, or now"));
    }
    return runIncidentCommand(u"incident.set_milestone"_s, {},
                              tr("%1: %2 at %3").arg(u"%1"_s, milestone, localTime(at)),
                              {{u"milestone"_s, milestone}, {u"at"_s, at}});
}

int CommandLine::updateIncident()
{
    QJsonObject fields;
    for (const QString &field : {u"title"_s, u"service"_s, u"impact"_s, u"team"_s}) {
        if (isSet(field)) {
            fields.insert(field, option(field));
        }
    }
    if (isSet(u"type"_s)) {
        fields.insert(u"incidentType"_s, option(u"type"_s));
    }
    if (fields.isEmpty()) {
        return usageError(tr("incident update needs at least one of --title, --service, "
                             "--impact, --type, --team"));
    }
    return runIncidentCommand(u"incident.update"_s, {}, tr("%1 updated"), fields);
}

int CommandLine::addIncidentNote()
{
    return runIncidentCommand(u"incident.add_note"_s, {}, tr("Note added to %1"),
                              {{u"text"_s, m_arguments.at(1)},
                               {u"summary"_s, isSet(u"summary"_s)}});
}

int CommandLine::resolveIncident()
{
    return runIncidentCommand(u"incident.resolve"_s, u"note"_s, tr("%1 resolved"));
}

int CommandLine::closeIncident()
{
    return runIncidentCommand(u"incident.close"_s, u"note"_s, tr("%1 closed"));
}

int CommandLine::reopenIncident()
{
    return runIncidentCommand(u"incident.reopen"_s, u"reason"_s, tr("%1 reopened"));
}

/**
 * Sends a command about the incident named by the first argument. `textOption` (note or
 * reason) is passed on when given; `done` says what happened, with %1 for the incident.
 */
int CommandLine::runIncidentCommand(const QString &type, const QString &textOption,
                                    const QString &done, const QJsonObject &fields)
{
    const QString reference = incidentReference(m_arguments.at(0));
    QJsonObject command = fields;
    command.insert(u"type"_s, type);
    command.insert(u"incident"_s, reference);
    if (!textOption.isEmpty() && isSet(textOption)) {
        command.insert(textOption, option(textOption));
    }
    return runCommand(command, [done, reference](const QJsonArray &events) {
        const QString seq = events.isEmpty() ? u"-"_s
                                             : text(events.last().toObject().value(u"seq"_s));
        return tr("%1 (event %2).").arg(done.arg(reference), seq);
    });
}

/// POSTs a command; prints the server's answer with --json, else what `describe` makes of it.
int CommandLine::runCommand(const QJsonObject &command,
                            const std::function<QString(const QJsonArray &)> &describe)
{
    const RestReply reply = m_client.sendAndWait(RestRequest::post(u"/api/v1/commands"_s, command));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    if (m_json) {
        printJson(reply.json());
        return Done;
    }
    const QJsonArray events = reply.json().value(u"events"_s).toArray();
    if (events.isEmpty()) {
        m_out << tr("done (no events)") << '\n';
        return Done;
    }
    m_out << describe(events) << '\n';
    return Done;
}

// ---- Metrics ------------------------------------------------------------------------------

/// The query of `metrics show` and `metrics export`: times in UTC, the filters as given.
int CommandLine::metricsQuery(QUrlQuery *query)
{
    for (const QString &bound : {u"from"_s, u"to"_s}) {
        if (!isSet(bound)) {
            continue;
        }
        QString error;
        const QString at = utcTime(option(bound), &error);
        if (!error.isEmpty()) {
            return usageError(error);
        }
        if (at.isEmpty()) {
            return usageError(tr("--%1 must be an ISO 8601 time, such as 2026-12-01 or "
                                 "2026-12-01T00:00:00Z").arg(bound));
        }
        query->addQueryItem(bound, RestClient::queryValue(at));
    }
    const QString from = query->queryItemValue(u"from"_s, QUrl::FullyDecoded);
    const QString to = query->queryItemValue(u"to"_s, QUrl::FullyDecoded);
    if (!from.isEmpty() && !to.isEmpty()
        && QDateTime::fromString(from, Qt::ISODateWithMs)
            > QDateTime::fromString(to, Qt::ISODateWithMs)) {
        return usageError(tr("--from %1 is after --to %2 (--to is exclusive)")
                              .arg(option(u"from"_s), option(u"to"_s)));
    }
    if (isSet(u"severity"_s)) {
        const QString severity = option(u"severity"_s).toUpper();
        if (!s_severities.contains(severity)) {
            return usageError(tr("--severity must be one of %1").arg(s_severities.join(u", "_s)));
        }
        query->addQueryItem(u"severity"_s, RestClient::queryValue(severity));
    }
    if (isSet(u"period"_s) && option(u"period"_s) != u"day" && option(u"period"_s) != u"week") {
        return usageError(tr("--period must be day or week"));
    }
    for (const QString &name : {u"service"_s, u"team"_s, u"period"_s}) {
        if (isSet(name)) {
            query->addQueryItem(name, RestClient::queryValue(option(name)));
        }
    }
    return Done;
}

int CommandLine::showMetrics()
{
    QUrlQuery query;
    if (const int status = metricsQuery(&query); status != Done) {
        return status;
    }
    const RestReply reply = m_client.sendAndWait(RestRequest::get(u"/api/v1/metrics"_s, query));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    if (m_json) {
        printJson(reply.json());
        return Done;
    }
    printMetrics(reply.json());
    return Done;
}

int CommandLine::exportMetrics()
{
    QUrlQuery query;
    if (const int status = metricsQuery(&query); status != Done) {
        return status;
    }
    query.addQueryItem(u"format"_s, u"csv"_s);
    const RestReply reply = m_client.sendAndWait(RestRequest::get(u"/api/v1/metrics"_s, query));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    m_out << QString::fromUtf8(reply.body);
    return Done;
}

void CommandLine::printMetrics(const QJsonObject &report)
{
    m_out << tr("%1 incidents, %2 open").arg(report.value(u"incidents"_s).toInt())
                 .arg(report.value(u"open"_s).toInt())
          << "\n\n";

    Table durations({tr("TIME TO"), tr("COUNT"), tr("MEAN"), tr("P50"), tr("P90"), tr("P95"),
                     tr("MAX")});
    const QList<std::pair<QString, QString>> names{{u"timeToDetect"_s, tr("detect")},
                                                   {u"timeToAcknowledge"_s, tr("acknowledge")},
                                                   {u"timeToMitigate"_s, tr("mitigate")},
                                                   {u"timeToResolve"_s, tr("resolve")}};
    for (const auto &[key, label] : names) {
        const QJsonObject stats = report.value(key).toObject();
        QStringList row{label, text(stats.value(u"count"_s))};
        for (const QString &figure : {u"meanSeconds"_s, u"p50Seconds"_s, u"p90Seconds"_s,
                                      u"p95Seconds"_s, u"maxSeconds"_s}) {
            row.append(duration(stats.value(figure)));
        }
        durations.addRow(row);
    }
    durations.write(m_out, m_columns);

    m_out << '\n';
    Table compliance({tr("SEV"), tr("FIRST RESPONSE"), tr("RESOLUTION")});
    const QJsonObject first = report.value(u"firstResponseCompliance"_s).toObject();
    const QJsonObject resolution = report.value(u"resolutionCompliance"_s).toObject();
    for (const QString &severity : std::as_const(s_severities)) {
        if (first.contains(severity) || resolution.contains(severity)) {
            compliance.addRow({severity, complianceText(first.value(severity).toObject()),
                               complianceText(resolution.value(severity).toObject())});
        }
    }
    if (!compliance.isEmpty()) {
        compliance.write(m_out, m_columns);
    }

    for (const auto &[key, label] : {std::pair{u"bySeverity"_s, tr("SEVERITY")},
                                     std::pair{u"byService"_s, tr("SERVICE")},
                                     std::pair{u"byTeam"_s, tr("TEAM")},
                                     std::pair{u"byPeriod"_s, tr("PERIOD")}}) {
        const QJsonObject counts = report.value(key).toObject();
        if (counts.isEmpty()) {
            continue;
        }
        Table table({tr("INCIDENTS"), label});
        for (auto it = counts.begin(); it != counts.end(); ++it) {
            table.addRow({text(it.value()), it.key()});
        }
        m_out << '\n';
        table.write(m_out, m_columns);
    }
}

// ---- Alerts -------------------------------------------------------------------------------

int CommandLine::exportPostMortem()
{
    const QString format = isSet(u"format"_s) ? option(u"format"_s) : u"markdown"_s;
    if (format != u"markdown" && format != u"html") {
        return usageError(tr("--format is markdown or html"));
    }
    const QString path = u"/api/v1/incidents/"_s
        + RestClient::pathSegment(incidentReference(m_arguments.at(0))) + u"/postmortem"_s;
    QUrlQuery query;
    query.addQueryItem(u"format"_s, RestClient::queryValue(format));
    const RestReply reply = m_client.sendAndWait(RestRequest::get(path, query));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    // Lines and tabs stay; other control characters in the text (an escape sequence typed
    // into the document) are shown escaped rather than sent to the terminal.
    QStringList lines = QString::fromUtf8(reply.body).split(u'\n');
    for (QString &line : lines) {
        QStringList cells = line.split(u'\t');
        for (QString &cell : cells) {
            cell = printableText(cell);
        }
        line = cells.join(u'\t');
    }
    m_out << lines.join(u'\n');
    m_out.flush();
    return Done;
}

int CommandLine::listAlerts()
{
    QJsonObject list;
    const QUrlQuery query = filterQuery({u"status"_s, u"source"_s, u"incident"_s, u"limit"_s});
    if (const int status = fetchList(u"/api/v1/alerts"_s, query, u"alerts"_s, &list);
        status != Done) {
        return status;
    }
    if (m_json) {
        printJson(list);
        return Done;
    }
    printAlertTable(list.value(u"alerts"_s).toArray());
    printMoreHint(list, tr("alerts"));
    return Done;
}

void CommandLine::printAlertTable(const QJsonArray &alerts)
{
    Table table({tr("SEV"), tr("STATUS"), tr("AGE"), tr("SOURCE"), tr("INCIDENT"), tr("SERVICE"),
                 tr("TITLE")});
    for (const QJsonValue &value : alerts) {
        const QJsonObject alert = value.toObject();
        const QJsonValue started = alert.value(u"startsAt"_s).isString()
            ? alert.value(u"startsAt"_s)
            : alert.value(u"receivedAt"_s);
        table.addRow({text(alert.value(u"severity"_s)), text(alert.value(u"status"_s)),
                      age(started), text(alert.value(u"source"_s)),
                      incidentNumber(alert.value(u"incident"_s).toString()),
                      text(alert.value(u"service"_s)), text(alert.value(u"title"_s))});
    }
    if (table.isEmpty()) {
        m_err << tr("no alerts") << '\n';
        return;
    }
    table.write(m_out, m_columns);
}

// ---- Audit --------------------------------------------------------------------------------

namespace {

/// What anchor.json held: nothing, a usable anchor, or a problem that is itself tampering;
/// or it could not be read at all (a folder, no permission), which proves nothing either way.
struct AnchorFile
{
    bool present = false;
    bool unreadable = false;
    QString storeId;
    LogAnchor anchor;
    QString problem;
};

AnchorFile readAnchorFile(const QString &path)
{
    AnchorFile result;
    QFile file(path);
    if (!pathTaken(path)) {
        return result;
    }
    result.present = true;
    if (QString why; !openRegularFile(file, &why)) {
        result.unreadable = true;
        result.problem = u"%1 cannot be read (%2)"_s.arg(path, why);
        return result;
    }
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    result.storeId = object.value(u"storeId"_s).toString();
    result.anchor.seq = object.value(u"seq"_s).toInteger();
    result.anchor.hash = object.value(u"hash"_s).toString().toLatin1();
    if (result.storeId.isEmpty() || !result.anchor.isValid()) {
        result.problem = u"%1 is not a valid anchor ({\"storeId\", \"seq\", \"hash\"})"_s.arg(path);
    }
    return result;
}

QJsonObject anchorJson(const AnchorFile &file)
{
    return {{u"storeId"_s, file.storeId},
            {u"seq"_s, file.anchor.seq},
            {u"hash"_s, QString::fromLatin1(file.anchor.hash)}};
}

} // namespace

int CommandLine::verifyAudit()
{
    const QDir folder(option(u"data"_s));
    const QString path = folder.filePath(u"firebreak.sqlite"_s);
    if (!QFileInfo(path).isFile()) {
        return usageError(tr("no Firebreak store at %1").arg(path));
    }
    EventStore store;
    if (!store.openReadOnly(path)) {
        m_err << QCoreApplication::applicationName() << ": " << tr("cannot verify: %1")
                     .arg(store.errorString())
              << '\n';
        return Refused;
    }
    qCDebug(lcCli).noquote() << "verifying" << path << "with head" << store.head();

    // The anchor, kept beside the store, is what reveals a log cut short.
    const AnchorFile anchor = readAnchorFile(folder.filePath(u"anchor.json"_s));
    QJsonObject details{{u"storeId"_s, store.storeId()},
                        {u"anchor"_s, anchor.present && !anchor.unreadable
                                          ? QJsonValue(anchorJson(anchor))
                                          : QJsonValue()}};
    VerifyResult result;
    if (anchor.unreadable) {
        // The chain is still checked; only a cut-short log goes unseen without the anchor.
        details.insert(u"anchorProblem"_s, anchor.problem);
        result = store.verify();
        if (result.ok) {
            result = {false, result.checked, 0,
                      tr("%1; the chain of %2 events verified, but events removed from the "
                         "end of the log would go unnoticed")
                          .arg(anchor.problem)
                          .arg(result.checked),
                      true};
        }
    } else if (!anchor.problem.isEmpty()) {
        result = {false, 0, 0, anchor.problem, false};
    } else if (anchor.present && anchor.storeId != store.storeId()) {
        result = {false, 0, 0,
                  tr("anchor.json belongs to store %1, not to this store (%2): the store was "
                     "replaced")
                      .arg(anchor.storeId, store.storeId()),
                  false};
    } else {
        result = store.verify(anchor.anchor);
        // Events after the anchor are chained but could be cut off unnoticed: a server that
        // stopped cleanly anchored its head, one killed or unable to write it did not.
        if (result.ok && anchor.present && anchor.anchor.seq < store.head()) {
            details.insert(u"anchorBehind"_s, store.head() - anchor.anchor.seq);
        }
    }
    return reportVerification(result, details);
}

// The desktop's File > Hand Over to Team Server, for a local-mode folder (docs/desktop.md).
int CommandLine::handOverStore()
{
    const QString path = QDir(option(u"data"_s)).filePath(u"firebreak.sqlite"_s);
    if (!QFileInfo(path).isFile()) {
        return usageError(tr("no Firebreak store at %1").arg(path));
    }
    Handover handover;
    QEventLoop loop;
    bool ok = false;
    QString message;
    QObject::connect(&handover, &Handover::finished, &loop,
                     [&](bool success, const QString &text) {
                         ok = success;
                         message = text;
                         loop.quit();
                     });
    handover.start(path, m_client.baseUrl(), m_token);
    loop.exec();

    if (m_json) {
        m_out << QJsonDocument(QJsonObject{{u"ok"_s, ok},
                                           {u"source"_s, handover.sourceStore()},
                                           {u"events"_s, handover.totalEvents()},
                                           {u"imported"_s, handover.importedEvents()},
                                           {u"message"_s, message}})
                     .toJson(QJsonDocument::Compact)
              << '\n';
    } else {
        (ok ? m_out : m_err) << (ok ? QString() : QCoreApplication::applicationName() + u": "_s)
                             << message << '\n';
    }
    if (ok) {
        return Done;
    }
    return handover.serverUnreachable() ? Unreachable : Refused;
}

int CommandLine::reportVerification(const VerifyResult &result, const QJsonObject &details)
{
    if (m_json) {
        QJsonObject report = details;
        report.insert(u"ok"_s, result.ok);
        report.insert(u"checked"_s, result.checked);
        report.insert(u"firstBadSeq"_s, result.firstBadSeq > 0 ? QJsonValue(result.firstBadSeq)
                                                                 : QJsonValue());
        report.insert(u"reason"_s, result.ok ? QJsonValue() : QJsonValue(result.reason));
        report.insert(u"unreadable"_s, result.unreadable);
        printJson(report);
    } else if (result.ok) {
        m_out << tr("ok: %1 events verified").arg(result.checked) << '\n';
        if (details.value(u"anchor"_s).isNull()) {
            m_err << tr("warning: no anchor.json, so events removed from the end of the log "
                        "would go unnoticed")
                  << '\n';
        } else if (const qint64 behind = details.value(u"anchorBehind"_s).toInteger();
                   behind > 0) {
            m_err << tr("warning: anchor.json is %1 events behind the head (the server did not "
                        "stop cleanly, or could not write it): removing those last events would "
                        "go unnoticed")
                         .arg(behind)
                  << '\n';
        }
    } else if (result.unreadable) {
        m_out << tr("unreadable: %1").arg(result.reason) << '\n';
    } else if (result.firstBadSeq > 0) {
        m_out << tr("tampered at seq %1: %2").arg(result.firstBadSeq).arg(result.reason) << '\n';
    } else {
        m_out << tr("tampered: %1").arg(result.reason) << '\n';
    }
    return result.ok ? Done : Refused;
}

// ---- Evidence bundles and backups --------------------------------------------------------

int CommandLine::fail(const QString &message)
{
    m_err << QCoreApplication::applicationName() << ": " << message << '\n';
    return Refused;
}

bool CommandLine::writeOutput(const QByteArray &bytes)
{
    QSaveFile file(option(u"output"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_err << QCoreApplication::applicationName() << ": "
              << tr("cannot write %1: %2").arg(option(u"output"_s), file.errorString()) << '\n';
        return false;
    }
    return true;
}

int CommandLine::exportBundle()
{
    const QString incident = incidentReference(m_arguments.at(0));
    const RestReply reply = m_client.sendAndWait(RestRequest::get(
        u"/api/v1/incidents/"_s + RestClient::pathSegment(incident) + u"/bundle"_s));
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    // What the server sent must stand up on its own before it is handed to anyone.
    const EvidenceBundleCheck check = verifyEvidenceBundle(reply.body);
    if (!check.ok) {
        return fail(tr("the server's bundle failed verification: %1").arg(check.error));
    }
    if (!writeOutput(reply.body)) {
        return Refused;
    }
    if (m_json) {
        printJson({{u"output"_s, option(u"output"_s)},
                   {u"incident"_s, check.incidentNumber},
                   {u"files"_s, check.files},
                   {u"attachments"_s, check.attachments},
                   {u"events"_s, check.events}});
    } else {
        m_out << tr("%1: evidence bundle of %2 written (%3 events, %4 attachments, %5 files; "
                    "manifest and SHA256SUMS verified)")
                     .arg(option(u"output"_s), check.incidentNumber)
                     .arg(check.events)
                     .arg(check.attachments)
                     .arg(check.files)
              << '\n';
    }
    return Done;
}

int CommandLine::createBackup()
{
    // Making the archive of a big store takes the server a while before the first byte.
    if (!isSet(u"timeout"_s)) {
        m_client.setTimeout(std::chrono::seconds(s_backupTimeoutSeconds));
    }

    // The archive goes to a file beside the output as it arrives, and becomes the output only
    // once it has restored in a scratch folder there; on any failure both are removed.
    const QFileInfo output(option(u"output"_s));
    QTemporaryFile part(output.absoluteDir().filePath(u"."_s + output.fileName()
                                                      + u".XXXXXX.part"_s));
    if (!part.open()) {
        return fail(tr("cannot write %1: %2").arg(output.filePath(), part.errorString()));
    }
    const RestReply reply = m_client.downloadAndWait(RestRequest::get(u"/api/v1/backup"_s),
                                                     &part);
    if (reply.failure == RestReply::Failure::Interrupted) {
        return fail(tr("the backup did not arrive whole: %1").arg(reply.failureText));
    }
    if (!reply.isSuccess()) {
        return failed(reply);
    }
    if (!part.flush() || !part.seek(0)) {
        return fail(tr("cannot write %1: %2").arg(output.filePath(), part.errorString()));
    }

    // A backup counts only once it restores.
    QTemporaryDir scratch(output.absoluteDir().filePath(u".firebreak-verify-XXXXXX"_s));
    if (!scratch.isValid()) {
        return fail(tr("cannot create a folder beside %1: %2")
                        .arg(output.filePath(), scratch.errorString()));
    }
    const Backup::RestoreResult trial = Backup::restoreArchive(&part,
                                                               scratch.filePath(u"data"_s));
    if (!trial.ok) {
        return fail(tr("the server's backup failed verification: %1").arg(trial.error));
    }
    if (output.exists() && !QFile::remove(output.filePath())) {
        return fail(tr("cannot replace %1").arg(output.filePath()));
    }
    if (!part.rename(output.filePath())) {
        return fail(tr("cannot write %1: %2").arg(output.filePath(), part.errorString()));
    }
    part.setAutoRemove(false);
    if (m_json) {
        printJson({{u"output"_s, option(u"output"_s)},
                   {u"storeId"_s, trial.storeId},
                   {u"head"_s, trial.head},
                   {u"events"_s, trial.events},
                   {u"evidenceFiles"_s, trial.evidenceFiles},
                   {u"secretFiles"_s, trial.secretFiles}});
    } else {
        m_out << tr("%1: backup of store %2 written, %3 events through seq %4 and %5 evidence "
                    "files, verified")
                     .arg(option(u"output"_s), trial.storeId)
                     .arg(trial.events)
                     .arg(trial.head)
                     .arg(trial.evidenceFiles)
              << '\n';
        if (trial.secretFiles > 0) {
            m_out << tr("%1 holds the server's secrets (the key of integrations' signing secrets, "
                        "notification channels' secrets): keep it as safe as they are")
                         .arg(option(u"output"_s))
                  << '\n';
        }
    }
    return Done;
}

namespace {

/// Removes what a restore wrote: the folder itself when the restore made it.
void removeRestored(const QDir &data, bool created)
{
    if (created) {
        QDir(data.path()).removeRecursively();
        return;
    }
    for (const QString &entry :
         data.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString path = data.filePath(entry);
        QFileInfo(path).isDir() ? QDir(path).removeRecursively() : QFile::remove(path);
    }
}

} // namespace

int CommandLine::restoreBackup()
{
    QFile input(option(u"input"_s));
    if (!input.open(QIODevice::ReadOnly)) {
        return usageError(tr("cannot read %1: %2").arg(input.fileName(), input.errorString()));
    }
    const QString database = option(u"database"_s);
    if (isSet(u"database"_s) && !EventStore::isDatabaseUrl(database)) {
        return usageError(tr("--database must be a postgresql:// URL"));
    }
    const QDir data(option(u"data"_s));
    const bool created = !data.exists();
    const Backup::RestoreResult result = Backup::restoreArchive(&input, data.path());
    if (!result.ok) {
        return fail(tr("cannot restore %1: %2").arg(input.fileName(), result.error));
    }

    // Into PostgreSQL: the folder unpacked above holds the log on its way there.
    QString error;
    if (isSet(u"database"_s) && !Backup::moveIntoPostgres(data.path(), database, result, &error)) {
        removeRestored(data, created);
        return fail(tr("cannot restore %1: %2").arg(input.fileName(), error));
    }
    if (m_json) {
        printJson({{u"data"_s, option(u"data"_s)},
                   {u"database"_s, isSet(u"database"_s)
                                       ? QJsonValue(EventStore::displayLocation(database))
                                       : QJsonValue()},
                   {u"storeId"_s, result.storeId},
                   {u"head"_s, result.head},
                   {u"events"_s, result.events},
                   {u"evidenceFiles"_s, result.evidenceFiles},
                   {u"secretFiles"_s, result.secretFiles}});
    } else {
        const QString target = isSet(u"database"_s)
            ? EventStore::displayLocation(database) + u" and "_s + option(u"data"_s)
            : option(u"data"_s);
        m_out << tr("restored store %1 into %2: %3 events verified through seq %4, %5 evidence "
                    "files")
                     .arg(result.storeId, target)
                     .arg(result.events)
                     .arg(result.head)
                     .arg(result.evidenceFiles)
              << '\n';
    }
    return Done;
}

} // namespace Firebreak::Cli
