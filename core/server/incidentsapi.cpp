// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server.h"

#include "alerts/alertmanager.h"
#include "alerts/ingestor.h"
#include "collab/postmortems.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/server_p.h"
#include "server/synchub.h"
#include "server/writer.h"
#include "sync/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

void Server::handleListIncidents(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Security::Permission::ReadIncidents, &principal,
                   Security::Permission::ReadSharedIncidents)) {
        return;
    }
    bool ok = false;
    const int limit = Http::listLimit(request, &ok);
    if (!ok) {
        return responder.sendError(400, u"bad_request"_s, u"limit must be 1 to 1000"_s);
    }
    const QUrlQuery &query = request.query;
    const QString statusText = query.queryItemValue(u"status"_s, QUrl::FullyDecoded);
    const QString severityText = query.queryItemValue(u"severity"_s, QUrl::FullyDecoded);
    const QString service = query.queryItemValue(u"service"_s, QUrl::FullyDecoded);
    const QString cursor = query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    const QString since = query.queryItemValue(u"since"_s, QUrl::FullyDecoded);
    const QString until = query.queryItemValue(u"until"_s, QUrl::FullyDecoded);

    IncidentStatus status{};
    const bool openOnly = statusText == u"open";
    if (!statusText.isEmpty() && !openOnly && !statusFromName(statusText, &status)) {
        return responder.sendError(400, u"bad_request"_s, u"unknown status: "_s + statusText);
    }
    const Severity severity = severityFromName(severityText);
    if (!severityText.isEmpty() && severity == Severity::Unknown) {
        return responder.sendError(400, u"bad_request"_s, u"severity must be P1 to P4"_s);
    }
    const qint64 sinceMs = since.isEmpty() ? 0 : msFromIso(since);
    const qint64 untilMs = until.isEmpty() ? 0 : msFromIso(until);
    if (sinceMs < 0 || untilMs < 0) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"since and until must be ISO 8601 times"_s);
    }
    bool cursorOk = cursor.isEmpty();
    const int cursorNumber = cursor.isEmpty() || !cursor.startsWith(u"INC-")
        ? 0 : cursor.mid(4).toInt(&cursorOk);
    if (!cursorOk || (!cursor.isEmpty() && cursorNumber <= 0)) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"cursor must be an incident number such as INC-12"_s);
    }

    QJsonArray list;
    QString next;
    for (const IncidentRecord *incident : m_projection.incidents()) {
        if ((cursorNumber > 0 && incident->number >= cursorNumber)
            || !principal.canSee(*incident)) {
            continue;
        }
        if ((openOnly && !incident->isOpen())
            || (!statusText.isEmpty() && !openOnly && incident->status != status)
            || (severity != Severity::Unknown && incident->severity != severity)
            || (!service.isEmpty() && incident->service != service)
            || (sinceMs > 0 && incident->createdAt < sinceMs)
            || (untilMs > 0 && incident->createdAt >= untilMs)) {
            continue;
        }
        if (list.size() == limit) {
            next = list.last().toObject().value(u"number"_s).toString();
            break;
        }
        list.append(incident->toJson());
    }
    responder.sendJson(200, {{u"incidents"_s, list},
                             {u"next"_s, next.isEmpty() ? QJsonValue() : QJsonValue(next)}});
}

void Server::handleGetIncident(const HttpRequest &request, const HttpResponder &responder)
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
    // The post-mortem's state and its action items belong to the incident's picture.
    if (!m_postMortems->ensureLoaded(incident->id)) {
        return sendStoreUnreadable(responder);
    }
    QJsonObject object = incident->toJson();
    const QJsonObject postMortem = postMortemJson(*incident, clockNow(), &principal);
    int open = 0;
    int overdue = 0;
    const QJsonArray items = postMortem[u"actionItems"_s].toArray();
    for (const QJsonValue &item : items) {
        const QString status = item[u"status"_s].toString();
        open += status == u"open" || status == u"in_progress" ? 1 : 0;
        overdue += item[u"overdue"_s].toBool() ? 1 : 0;
    }
    const QJsonObject counts{{u"total"_s, int(items.size())},
                             {u"open"_s, open},
                             {u"overdue"_s, overdue}};
    object.insert(u"postmortem"_s, QJsonObject{{u"state"_s, postMortem[u"state"_s]},
                                               {u"dueAt"_s, postMortem[u"dueAt"_s]},
                                               {u"overdue"_s, postMortem[u"overdue"_s]},
                                               {u"repeatOf"_s, postMortem[u"repeatOf"_s]},
                                               {u"actionItems"_s, counts}});
    responder.sendJson(200, object);
}

void Server::handleTimeline(const HttpRequest &request, const HttpResponder &responder)
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
    bool ok = false;
    const int limit = Http::listLimit(request, &ok);
    const QString cursorText = request.query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    const qint64 cursor = cursorText.isEmpty() ? 0 : cursorText.toLongLong(&ok);
    if (!ok || cursor < 0) {
        return responder.sendError(400, u"bad_request"_s,
                                   u"limit must be 1 to 1000 and cursor a sequence number"_s);
    }

    bool read = false;
    EventList events = readIncidentEvents(incident->id, cursor, limit + 1, &read);
    if (!read) {
        return sendStoreUnreadable(responder);
    }
    const bool more = events.size() > limit;
    if (more) {
        events.removeLast();
    }
    QByteArray body = "{\"incident\":\"" + incident->id.toUtf8() + "\",\"events\":[";
    bool first = true;
    for (const Event &event : std::as_const(events)) {
        // What sync would not show this person (contact details, for stakeholders) is left out.
        if (!principal.canSee(event, m_projection)) {
            continue;
        }
        body += (first ? "" : ",") + Sync::eventToWire(event);
        first = false;
    }
    body += "],\"next\":";
    body += more ? '"' + QByteArray::number(events.last().seq) + '"' : QByteArray("null");
    body += '}';
    responder.send(200, body);
}

void Server::sendStoreUnreadable(const HttpResponder &responder)
{
    responder.sendError(503, u"unavailable"_s,
                        u"the event store cannot be read now; try again shortly"_s);
}

EventList Server::readIncidentEvents(const QString &incident, qint64 after, int limit, bool *ok)
{
    const QList<qint64> seqs = m_projection.incidentEventSeqs(incident);
    const auto from = std::upper_bound(seqs.cbegin(), seqs.cend(), after);
    const qsizetype count = qMin<qsizetype>(limit, seqs.cend() - from);
    const QList<qint64> wanted = seqs.sliced(from - seqs.cbegin(), count);
    EventList events = m_store.readSeqs(wanted, ok);
    if (!*ok && m_store.reconnectAfterFailedRead()) {
        events = m_store.readSeqs(wanted, ok);
    }
    return events;
}

} // namespace Firebreak
