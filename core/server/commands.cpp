// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "incidents/evidencestore.h"
#include "incidents/incidentcommands.h"
#include "incidents/metrics.h"
#include "incidents/targetwatch.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QJsonObject refusal(int status, const QString &code, const QString &message)
{
    return {{u"ok"_s, false},
            {u"status"_s, status},
            {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
}

} // namespace

void Server::handleCommand(const HttpRequest &request, const HttpResponder &responder)
{
    const TokenRecord *token = nullptr;
    QJsonObject body;
    if (!requireToken(request, responder, false, &token)
        || !parseJsonBody(request, responder, &body)) {
        return;
    }
    runCommand(body, u"user:"_s + token->user, [responder](const QJsonObject &answer) {
        if (answer.value(u"ok"_s).toBool()) {
            responder.sendJson(200, answer);
            return;
        }
        const QJsonObject error = answer.value(u"error"_s).toObject();
        responder.sendJson(answer.value(u"status"_s).toInt(400),
                           QJsonObject{{u"error"_s, error}});
    });
}

void Server::runCommand(const QJsonObject &command, const QString &actor, Answer answer)
{
    // Decided inside the batch, against the state every earlier command of it left.
    m_writer->submit(
        [this, command, actor](Writer::Context &context) {
            CommandContext commandContext{actor, QDateTime::currentMSecsSinceEpoch(),
                                          [this](const QString &sha256) {
                                              return m_evidence->contains(sha256);
                                          }};
            CommandDecision decision = decideCommand(context.projection(), command,
                                                     commandContext);
            if (!decision.ok) {
                return JobOutcome::refused(decision.status, decision.code, decision.message);
            }
            for (Event &event : decision.events) {
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [answer](const JobOutcome &outcome) {
            if (!outcome.ok) {
                answer(refusal(outcome.status, outcome.code, outcome.message));
                return;
            }
            QJsonArray events;
            for (const Event &event : outcome.events) {
                events.append(QJsonDocument::fromJson(Sync::eventToWire(event)).object());
            }
            answer({{u"ok"_s, true}, {u"events"_s, events}});
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
    if (!requireToken(request, responder, false)) {
        return;
    }
    if (request.body.isEmpty()) {
        responder.sendError(400, u"bad_request"_s, u"the file is empty"_s);
        return;
    }
    const QString sha256 = m_evidence->put(request.body);
    if (sha256.isEmpty()) {
        responder.sendError(503, u"unavailable"_s, u"the file could not be stored"_s);
        return;
    }
    responder.sendJson(201, {{u"sha256"_s, sha256}, {u"size"_s, request.body.size()}});
}

void Server::handleGetEvidence(const HttpRequest &request, const HttpResponder &responder)
{
    if (!requireToken(request, responder, false)) {
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
    if (!requireToken(request, responder, false)) {
        return;
    }
    const QUrlQuery &query = request.query;
    MetricsFilter filter;
    const QString from = query.queryItemValue(u"from"_s);
    const QString to = query.queryItemValue(u"to"_s);
    filter.from = from.isEmpty() ? 0 : msFromIso(from);
    filter.to = to.isEmpty() ? 0 : msFromIso(to);
    filter.service = query.queryItemValue(u"service"_s);
    filter.team = query.queryItemValue(u"team"_s);
    const QString severity = query.queryItemValue(u"severity"_s);
    filter.severity = severityFromName(severity);
    const QString period = query.queryItemValue(u"period"_s);
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
    if (query.queryItemValue(u"format"_s) == u"csv"
        || request.header("Accept").contains("text/csv")) {
        responder.send(200, report.toCsv(), "text/csv; charset=utf-8");
        return;
    }
    responder.sendJson(200, report.toJson());
}

void Server::handleConfig(const HttpRequest &request, const HttpResponder &responder)
{
    if (!requireToken(request, responder, false)) {
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
