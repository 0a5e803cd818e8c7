// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Post-mortem documents on the server: the edit command (docs/protocol.md, "Post-mortem
// documents") and reading or exporting a document over HTTP.
#include "server.h"

#include "collab/postmortems.h"
#include "incidents/incidentcommands.h"
#include "server/httpserver.h"
#include "server/writer.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

void Server::setUpPostMortems()
{
    m_postMortems = std::make_unique<Collab::PostMortemDocuments>([this](const QString &incident) {
        EventList all;
        constexpr int pageSize = 5000;
        for (qint64 after = 0;;) {
            const EventList page = m_store.readIncident(incident, after, pageSize);
            all.append(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = page.last().seq;
        }
    });
    connect(m_writer.get(), &Writer::committed, this,
            [this](const EventList &events) { m_postMortems->apply(events); });
}

CommandDecision Server::decidePostMortemCommand(const Projection &projection,
                                                const QJsonObject &command,
                                                const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (type != Collab::PostMortem::EditCommand) {
        return CommandDecision::refuse(400, u"bad_request"_s,
                                       u"unknown command type \"%1\"; known: postmortem.edit"_s.arg(
                                           type.left(64)));
    }
    const QString reference = command.value(u"incident"_s).toString();
    const IncidentRecord *incident = projection.incident(reference);
    if (!incident) {
        return CommandDecision::refuse(404, u"not_found"_s,
                                       u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    const Collab::PostMortemEdit edit
        = m_postMortems->decideEdit(command, incident->id, context.actor);
    if (!edit.ok) {
        return CommandDecision::refuse(edit.status, edit.code, edit.message);
    }
    CommandDecision decision;
    decision.events.append(edit.event);
    return decision;
}

void Server::handleGetPostMortem(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Security::Permission::ReadIncidents, &principal,
                   Security::Permission::ReadSharedIncidents)) {
        return;
    }
    const IncidentRecord *incident = m_projection.incident(request.captures.value(0));
    if (!incident || !principal.canSee(*incident)) {
        return responder.sendError(404, u"not_found"_s,
                                   u"no incident "_s + request.captures.value(0).left(64));
    }
    const Collab::TextDocument &document = m_postMortems->document(incident->id);
    if (request.query.queryItemValue(u"format"_s) == u"markdown") {
        return responder.send(200, document.text().toUtf8(), "text/markdown; charset=utf-8");
    }
    responder.sendJson(200, {{u"incident"_s, incident->id},
                             {u"text"_s, document.text()},
                             {u"version"_s, document.version().toJson()}});
}

} // namespace Firebreak
