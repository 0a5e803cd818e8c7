// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/alertmanager.h"
#include "alerts/ingestor.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/synchub.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Firebreak {

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
    auto refuse = [&answer](int status, const QString &code, const QString &message) {
        answer({{u"ok"_s, false},
                {u"status"_s, status},
                {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}});
    };
    const QString type = command.value(u"type"_s).toString();
    if (type != u"incident.acknowledge" && type != u"incident.resolve") {
        return refuse(400, u"bad_request"_s,
                      u"unknown command type \"%1\"; known: incident.acknowledge,"
                      " incident.resolve"_s.arg(type.left(64)));
    }
    const QString reference = command.value(u"incident"_s).toString();
    if (!m_projection.incident(reference)) {
        return refuse(404, u"not_found"_s, u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    const QString note = command.value(u"note"_s).toString().left(10000);

    // Validated again inside the batch: state may change between submission and commit.
    m_writer->submit(
        [type, reference, actor, note](Writer::Context &context) {
            const IncidentRecord *incident = context.projection().incident(reference);
            if (!incident) {
                return JobOutcome::refused(404, u"not_found"_s, u"no such incident"_s);
            }
            const bool acknowledge = type == u"incident.acknowledge";
            if (acknowledge && incident->status != IncidentStatus::Triggered) {
                return JobOutcome::refused(409, u"conflict"_s,
                                           u"%1 is %2; only a triggered incident can be"
                                           " acknowledged"_s.arg(incident->numberText(),
                                                                 statusName(incident->status)));
            }
            if (!acknowledge && !incident->isOpen()) {
                return JobOutcome::refused(409, u"conflict"_s, u"%1 is already %2"_s.arg(
                    incident->numberText(), statusName(incident->status)));
            }
            QJsonObject data;
            if (!note.isEmpty()) {
                data.insert(u"note"_s, note);
            }
            Event event = makeEvent(acknowledge ? u"incident.acknowledged"_s
                                                : u"incident.resolved"_s,
                                    actor, incident->id, data);
            context.emitEvent(event);
            return JobOutcome();
        },
        [answer](const JobOutcome &outcome) {
            if (!outcome.ok) {
                answer({{u"ok"_s, false},
                        {u"status"_s, outcome.status},
                        {u"error"_s, QJsonObject{{u"code"_s, outcome.code},
                                                 {u"message"_s, outcome.message}}}});
                return;
            }
            QJsonArray events;
            for (const Event &event : outcome.events) {
                events.append(QJsonDocument::fromJson(Sync::eventToWire(event)).object());
            }
            answer({{u"ok"_s, true}, {u"events"_s, events}});
        });
}

} // namespace Firebreak
