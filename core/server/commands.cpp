// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "incidents/evidencestore.h"
#include "incidents/incidentcommands.h"
#include "incidents/metrics.h"
#include "incidents/storeimport.h"
#include "incidents/targetwatch.h"
#include "security/accountcommands.h"
#include "security/passwords.h"
#include "server/alertservice.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/writer.h"
#include "store/commandlog.h"
#include "sync/protocol.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QJsonObject refusal(int status, const QString &code, const QString &message)
{
    return {{u"ok"_s, false},
            {u"status"_s, status},
            {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
}

/**
 * A metrics window bound in ms, or -1 when `text` is not ISO 8601. Every incident is detected
 * after 1970, so an earlier bound is the same as `earliest` (no start, or an empty window).
 */
qint64 metricsBound(const QString &text, qint64 earliest)
{
    const qint64 at = msFromIso(text);
    if (at > 0) {
        return at;
    }
    return QDateTime::fromString(text, Qt::ISODateWithMs).isValid() ? earliest : -1;
}

// An imported event needs the permission of the command that makes such events
// (Security::permissionsForImportedEvent): the first event the principal may not add, or empty.
QString missingImportPermission(const QJsonObject &command, const Principal &principal)
{
    const QJsonArray events = command.value(u"events"_s).toArray();
    for (const QJsonValue &value : events) {
        const QString type = value[u"type"_s].toString();
        for (const Security::Permission permission :
             Security::permissionsForImportedEvent(type)) {
            if (!principal.can(permission)) {
                return u"event %1 (%2) needs the permission %3"_s.arg(
                    QString::number(value[u"seq"_s].toInteger()), type.left(64),
                    Security::permissionName(permission));
            }
        }
    }
    return QString();
}

} // namespace

void Server::handleCommand(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    QJsonObject body;
    if (!authorise(request, responder, Security::Permission::ReadIncidents, &principal,
                   Security::Permission::ReadSharedIncidents)
        || !parseJsonBody(request, responder, &body)) {
        return;
    }
    runCommand(body, principal, [responder](const QJsonObject &answer) {
        if (answer.value(u"ok"_s).toBool()) {
            responder.sendJson(200, answer);
            return;
        }
        const QJsonObject error = answer.value(u"error"_s).toObject();
        responder.sendJson(answer.value(u"status"_s).toInt(400),
                           QJsonObject{{u"error"_s, error}});
    });
}

void Server::runCommand(const QJsonObject &command, const Principal &principal, Answer answer)
{
    const QString type = command.value(u"type"_s).toString();
    // Read as strings, a number was "" and answered as an unknown type or a missing incident.
    if (!command.value(u"type"_s).isString()) {
        answer(refusal(400, u"bad_request"_s,
                       u"type must be a string naming the command, such as incident.declare"_s));
        return;
    }
    if (command.contains(u"incident"_s) && !command.value(u"incident"_s).isString()) {
        answer(refusal(400, u"bad_request"_s,
                       u"incident must be a string: the incident's id or number (INC-12)"_s));
        return;
    }
    if (command.contains(u"commandId"_s)
        && !CommandLog::isValidId(command.value(u"commandId"_s).toString())) {
        answer(refusal(400, u"bad_request"_s,
                       u"commandId is 1 to 100 letters, digits or -_.: (a UUID will do)"_s));
        return;
    }
    // A command this person had decided before is answered as then, even if their role or the
    // incident's sharing changed since: the writer repeats the decision and runs nothing.
    if (decidedBefore(command.value(u"commandId"_s).toString(), principal)) {
        runDecidedCommand(command, principal, std::move(answer));
        return;
    }
    const Security::Permission needed = Security::permissionForCommand(type);
    if (!principal.can(needed)) {
        qCWarning(lcServer).noquote() << "refused" << printableText(type.left(64)) << "for"
                                      << principal.actor()
                                      << ": needs" << Security::permissionName(needed);
        answer(refusal(403, u"forbidden"_s,
                       u"%1 needs the permission %2"_s.arg(type.left(64),
                                                           Security::permissionName(needed))));
        return;
    }
    if (type == StoreImport::Command) {
        if (const QString missing = missingImportPermission(command, principal);
            !missing.isEmpty()) {
            qCWarning(lcServer).noquote() << "refused store.import for" << principal.actor()
                                          << ":" << missing;
            answer(refusal(403, u"forbidden"_s, missing));
            return;
        }
    }
    const IncidentRecord *incident = m_projection.incident(command.value(u"incident"_s).toString());
    if (incident && !principal.canSee(*incident)) {
        answer(refusal(404, u"not_found"_s, u"no such incident"_s));
        return;
    }
    if (!command.contains(u"password"_s)) {
        runDecidedCommand(command, principal, std::move(answer));
        return;
    }

    // A password is hashed with argon2id off the event loop; only the hash goes on.
    const QString password = command.value(u"password"_s).toString();
    if (const QString problem = Security::passwordProblem(password); !problem.isEmpty()) {
        answer(refusal(400, u"bad_request"_s, problem));
        return;
    }
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, command, principal, answer, password]() {
        const QByteArray hash = Security::hashPassword(password);
        QMetaObject::invokeMethod(self, [self, command, principal, answer, hash]() {
            if (!self) {
                return;
            }
            QJsonObject hashed = command;
            hashed.remove(u"password"_s);
            hashed.insert(u"passwordHash"_s, QString::fromLatin1(hash));
            self->runDecidedCommand(hashed, principal, answer);
        }, Qt::QueuedConnection);
    });
}

bool Server::decidedBefore(const QString &commandId, const Principal &principal) const
{
    if (commandId.isEmpty()) {
        return false;
    }
    const std::optional<DecidedCommand> decided = CommandLog(m_store.database()).find(commandId);
    return decided && decided->actor == principal.actor();
}

void Server::runDecidedCommand(const QJsonObject &identified, const Principal &principal,
                               Answer answer)
{
    // The client's command id only keys the decision (Writer::submitCommand); deciders never
    // see it.
    const QString commandId = identified.value(u"commandId"_s).toString();
    QJsonObject command = identified;
    command.remove(u"commandId"_s);
    if (AlertService::handlesCommand(command.value(u"type"_s).toString())) {
        m_alertService->runCommand(command, principal.actor(), principal.origin, std::move(answer),
                                   commandId);
        return;
    }
    // Decided inside the batch, against the state every earlier command of it left.
    const QString actor = principal.actor();
    const QString origin = principal.origin;
    m_writer->submitCommand(
        commandId, actor,
        [this, command, actor, origin](Writer::Context &context) {
            CommandContext commandContext{actor, QDateTime::currentMSecsSinceEpoch(),
                                          [this](const QString &sha256) {
                                              return m_evidence->contains(sha256);
                                          }};
            const QString type = command.value(u"type"_s).toString();
            CommandDecision decision;
            if (Security::isAccountCommand(type)) {
                decision = Security::decideAccountCommand(context.projection(), command,
                                                          commandContext);
            } else if (type == StoreImport::Command) {
                decision = StoreImport::decide(context.projection(),
                                               m_counters->importedIncidents, command,
                                               commandContext);
            } else {
                decision = decideAnyCommand(context.projection(), command, commandContext);
            }
            if (!decision.ok) {
                return JobOutcome::refused(decision.status, decision.code, decision.message);
            }
            for (Event &event : decision.events) {
                // The audit trail records where each command came from (docs/security.md).
                if (!origin.isEmpty()) {
                    QJsonObject data = event.data();
                    data.insert(u"origin"_s, origin);
                    event.setData(data);
                }
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [answer](const JobOutcome &outcome) {
            if (!outcome.ok) {
                QJsonObject refused = refusal(outcome.status, outcome.code, outcome.message);
                if (outcome.duplicate) {
                    refused.insert(u"duplicate"_s, true);
                }
                answer(refused);
                return;
            }
            QJsonArray events;
            for (const Event &event : outcome.events) {
                QJsonObject wire = QJsonDocument::fromJson(Sync::eventToWire(event)).object();
                if (event.type.startsWith(u"account.")) {
                    QJsonObject data = wire.value(u"data"_s).toObject();
                    data.remove(u"passwordHash"_s);
                    wire.insert(u"data"_s, data);
                }
                events.append(wire);
            }
            QJsonObject accepted{{u"ok"_s, true}, {u"events"_s, events}};
            if (outcome.duplicate) {
                accepted.insert(u"duplicate"_s, true);
            }
            answer(accepted);
        });
}

void Server::checkTargets()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (dueTargetEvents(m_projection, now).isEmpty()) {
        return;
    }
    m_writer->submit(
        [now](Writer::Context &context) {
            EventList due = dueTargetEvents(context.projection(), now);
            for (Event &event : due) {
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [](const JobOutcome &) {});
}

void Server::handleUploadEvidence(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::UpdateIncident)) {
        return;
    }
    if (request.body.isEmpty()) {
        responder.sendError(400, u"bad_request"_s, u"the file is empty"_s);
        return;
    }
    // Hashing and syncing up to --max-evidence-bytes takes a while: not on the event loop.
    // The answer comes once the file is on disk (EvidenceStore::put syncs it).
    const QString root = QDir(m_options.dataDir).filePath(u"evidence"_s);
    QThreadPool::globalInstance()->start([root, body = request.body, responder]() {
        EvidenceStore store(root);
        const QString sha256 = store.put(body);
        if (sha256.isEmpty()) {
            qCWarning(lcServer).noquote()
                << "cannot store an evidence file:" << store.errorString();
            responder.sendError(503, u"unavailable"_s, u"the file could not be stored"_s);
            return;
        }
        responder.sendJson(201, {{u"sha256"_s, sha256}, {u"size"_s, body.size()}});
    });
}

void Server::handleGetEvidence(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ReadIncidents)) {
        return;
    }
    const QByteArray bytes = m_evidence->read(request.captures.value(0));
    if (bytes.isNull()) {
        responder.sendError(404, u"not_found"_s, u"no such evidence file"_s);
        return;
    }
    responder.send(200, bytes, "application/octet-stream");
}

void Server::handleMetricsReport(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ReadIncidents)) {
        return;
    }
    const QUrlQuery &query = request.query;
    MetricsFilter filter;
    const QString from = query.queryItemValue(u"from"_s, QUrl::FullyDecoded);
    const QString to = query.queryItemValue(u"to"_s, QUrl::FullyDecoded);
    filter.from = from.isEmpty() ? 0 : metricsBound(from, 0);
    // 0 would mean "no end": a window ending before 1970 ends at the first millisecond.
    filter.to = to.isEmpty() ? 0 : metricsBound(to, 1);
    if (filter.from > 0 && filter.to > 0 && filter.from > filter.to) {
        responder.sendError(400, u"bad_request"_s,
                            u"from (%1) is after to (%2); to is exclusive"_s.arg(from, to));
        return;
    }
    filter.service = query.queryItemValue(u"service"_s, QUrl::FullyDecoded);
    filter.team = query.queryItemValue(u"team"_s, QUrl::FullyDecoded);
    const QString severity = query.queryItemValue(u"severity"_s, QUrl::FullyDecoded);
    filter.severity = severityFromName(severity);
    const QString period = query.queryItemValue(u"period"_s, QUrl::FullyDecoded);
    if (!period.isEmpty()) {
        filter.period = period;
    }
    if (filter.from < 0 || filter.to < 0 || (!severity.isEmpty() && filter.severity
                                             == Severity::Unknown)
        || (filter.period != u"day" && filter.period != u"week")) {
        responder.sendError(400, u"bad_request"_s,
                            u"from and to are ISO 8601 times, severity P1 to P4, period day or"
                            " week"_s);
        return;
    }
    const MetricsReport report = computeMetrics(m_projection, filter,
                                                QDateTime::currentMSecsSinceEpoch());
    if (query.queryItemValue(u"format"_s, QUrl::FullyDecoded) == u"csv"
        || request.header("Accept").contains("text/csv")) {
        responder.send(200, report.toCsv(), "text/csv; charset=utf-8");
        return;
    }
    responder.sendJson(200, report.toJson());
}

void Server::handleConfig(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ReadIncidents, nullptr,
                   Security::Permission::ReadSharedIncidents)) {
        return;
    }
    QJsonObject severities;
    for (Severity severity : {Severity::P1, Severity::P2, Severity::P3, Severity::P4}) {
        const SeverityDefinition definition = m_projection.severityDefinition(severity);
        severities.insert(severityName(severity),
                          QJsonObject{{u"name"_s, definition.name},
                                      {u"description"_s, definition.description},
                                      {u"criteria"_s, definition.criteria}});
    }
    responder.sendJson(200, {{u"targets"_s, m_projection.targets().toJson()},
                             {u"severities"_s, severities},
                             {u"commands"_s, QJsonArray::fromStringList(knownCommandTypes())}});
}

} // namespace Firebreak
