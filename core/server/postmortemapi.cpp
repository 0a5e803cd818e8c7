// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Post-mortems on the server: the edit command (docs/protocol.md, "Post-mortem documents"),
// the follow-up commands and clock (docs/postmortems.md), and reading, exporting and measuring
// post-mortems over HTTP.
#include "server.h"

#include "collab/export.h"
#include "collab/followupcommands.h"
#include "collab/postmortems.h"
#include "incidents/incidentcommands.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/oncall_p.h"
#include "server/server_p.h"
#include "server/writer.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

const QStringList s_actionItemStatuses{u"open"_s, u"in_progress"_s, u"done"_s, u"cancelled"_s};

/**
 * Answers one page of a list like the other lists of docs/api.md: at most `limit` of `items`,
 * starting after the one whose string field `key` equals `cursor`, with `next` naming the last
 * item of the page when more follow. A bad limit or an unknown cursor is a 400.
 */
void sendPage(const HttpRequest &request, const HttpResponder &responder, const QString &name,
              const QJsonArray &items, const QString &key)
{
    bool ok = false;
    const int limit = Http::listLimit(request, &ok);
    if (!ok) {
        return responder.sendError(400, u"bad_request"_s, u"limit must be 1 to 1000"_s);
    }
    qsizetype start = 0;
    const QString cursor = request.query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    if (!cursor.isEmpty()) {
        start = -1;
        for (qsizetype i = 0; i < items.size() && start < 0; ++i) {
            start = items.at(i)[key].toString() == cursor ? i + 1 : -1;
        }
        if (start < 0) {
            return responder.sendError(400, u"bad_request"_s, u"unknown cursor"_s);
        }
    }

    QJsonArray page;
    for (qsizetype i = start; i < items.size() && page.size() < limit; ++i) {
        page.append(items.at(i));
    }
    const bool more = start + page.size() < items.size();
    responder.sendJson(200, {{name, page}, {u"next"_s, more ? page.last()[key] : QJsonValue()}});
}

QString builtInTemplate()
{
    QFile file(u":/templates/postmortem.md"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QJsonObject momentJson(const Collab::KeyMoment &moment)
{
    return {{u"event"_s, moment.event},   {u"seq"_s, moment.seq},
            {u"at"_s, isoFromMs(moment.at)}, {u"type"_s, moment.type},
            {u"title"_s, moment.title},   {u"note"_s, moment.note},
            {u"markedBy"_s, moment.markedBy}};
}

QJsonObject commentJson(const Collab::PostMortemComment &comment,
                        const Collab::TextDocument &document)
{
    // The passage as it stands now, after whatever was written since.
    const qsizetype first = document.positionOf(comment.first);
    const qsizetype last = document.positionOf(comment.last);
    QJsonValue range;
    if (first > 0 && last >= first) {
        range = QJsonObject{{u"start"_s, first - 1}, {u"end"_s, last}};
    }
    return {{u"id"_s, comment.id},        {u"first"_s, comment.first.toJson()},
            {u"last"_s, comment.last.toJson()}, {u"quote"_s, comment.quote},
            {u"text"_s, comment.text},    {u"author"_s, comment.author},
            {u"at"_s, isoFromMs(comment.at)}, {u"resolved"_s, comment.resolved},
            {u"range"_s, range}};
}

} // namespace

qint64 Server::clockNow() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
}

void Server::setUpPostMortems()
{
    m_postMortems = std::make_unique<Collab::PostMortemDocuments>(
        [this](const QString &incident, EventList *all) {
            constexpr int pageSize = 5000;
            for (qint64 after = 0;;) {
                bool read = false;
                const EventList page = readIncidentEvents(incident, after, pageSize, &read);
                if (!read) {
                    return false;
                }
                all->append(page);
                if (page.size() < pageSize) {
                    return true;
                }
                after = page.last().seq;
            }
        });
    connect(m_writer.get(), &Writer::committed, this,
            [this](const EventList &events) { m_postMortems->apply(events); });
    m_followUp = std::make_unique<Collab::FollowUp>();
    Collab::FollowUp *followUp = m_followUp.get();
    m_projection.addFold([followUp](const Projection &projection, const Event &event) {
        followUp->apply(projection, event);
    });
}

CommandDecision Server::decidePostMortemCommand(const Projection &projection,
                                                const QJsonObject &command,
                                                const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    if (Collab::isFollowUpCommand(type)) {
        return Collab::decideFollowUpCommand(projection, *m_followUp, command, context,
                                             [this](qint64 seq) {
                                                 const EventList found
                                                     = m_store.readAfter(seq - 1, 1);
                                                 return found.isEmpty() || found.first().seq != seq
                                                     ? Event()
                                                     : found.first();
                                             });
    }
    if (type != Collab::PostMortem::EditCommand) {
        return CommandDecision::refuse(
            400, u"bad_request"_s,
            u"unknown command type \"%1\"; known: postmortem.edit, %2"_s.arg(
                type.left(64), Collab::followUpCommandTypes().join(u", "_s)));
    }
    const QString reference = command.value(u"incident"_s).toString();
    const IncidentRecord *incident = projection.incident(reference);
    if (!incident) {
        return CommandDecision::refuse(404, u"not_found"_s,
                                       u"no incident \"%1\""_s.arg(reference.left(64)));
    }
    const Collab::PostMortemRecord *record = m_followUp->postMortem(incident->id);
    if (record && record->state == Collab::ReviewState::Published) {
        return CommandDecision::refuse(409, u"conflict"_s,
                                       u"the post-mortem is published; reopen it to edit"_s);
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

void Server::checkFollowUps()
{
    const qint64 at = clockNow();
    const OnCall::Directory &directory = m_oncall->responders.directory();
    auto emailOf = [&directory](const QString &user) {
        const OnCall::UserRecord *record = directory.user(user);
        return record ? record->email : QString();
    };
    if (Collab::dueFollowUpEvents(m_projection, *m_followUp, emailOf, at).isEmpty()) {
        return;
    }
    m_writer->submit(
        [this, at, emailOf](Writer::Context &context) {
            EventList due = Collab::dueFollowUpEvents(context.projection(), *m_followUp,
                                                      emailOf, at);
            for (Event &event : due) {
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [](const JobOutcome &) {});
}

QJsonObject Server::postMortemJson(const IncidentRecord &incident, qint64 at,
                                   const Principal *viewer)
{
    const Collab::TextDocument &document = m_postMortems->document(incident.id);
    const Collab::PostMortemRecord *record = m_followUp->postMortem(incident.id);
    const Collab::PostMortemRecord empty;
    const Collab::PostMortemRecord &pm = record ? *record : empty;

    QJsonArray moments;
    for (const Collab::KeyMoment &moment : pm.moments) {
        moments.append(momentJson(moment));
    }
    QJsonArray externals;
    for (const Collab::ExternalEvent &external : pm.externalEvents) {
        externals.append(QJsonObject{{u"id"_s, external.id},
                                     {u"at"_s, isoFromMs(external.at)},
                                     {u"text"_s, external.text},
                                     {u"addedBy"_s, external.addedBy}});
    }
    QJsonArray comments;
    for (const Collab::PostMortemComment &comment : pm.comments) {
        comments.append(commentJson(comment, document));
    }
    QJsonArray items;
    for (const Collab::ActionItem *item : m_followUp->actionItems(incident.id)) {
        items.append(item->toJson(at));
    }
    const qint64 dueAt = m_followUp->completionDueAt(incident);
    QJsonValue repeatOf;
    const auto recurrences = m_followUp->recurrences(m_projection);
    if (const auto it = recurrences.constFind(incident.id); it != recurrences.cend()) {
        const IncidentRecord *earlier = m_projection.incident(it->earlier);
        // A stakeholder learns nothing of incidents not shared with them.
        if (!viewer || (earlier && viewer->canSee(*earlier))) {
            repeatOf = QJsonObject{{u"incident"_s, it->earlier},
                                   {u"number"_s, earlier ? earlier->numberText() : QString()},
                                   {u"reason"_s, it->reason},
                                   {u"key"_s, it->key}};
        }
    }
    return {{u"incident"_s, incident.id},
            {u"number"_s, incident.numberText()},
            {u"text"_s, document.text()},
            {u"version"_s, document.version().toJson()},
            {u"state"_s, Collab::reviewStateName(pm.state)},
            {u"reviewRequestedAt"_s,
             pm.reviewRequestedAt > 0 ? QJsonValue(isoFromMs(pm.reviewRequestedAt)) : QJsonValue()},
            {u"publishedAt"_s, pm.publishedAt > 0 ? QJsonValue(isoFromMs(pm.publishedAt))
                                                  : QJsonValue()},
            {u"dueAt"_s, dueAt > 0 ? QJsonValue(isoFromMs(dueAt)) : QJsonValue()},
            {u"overdue"_s, dueAt > 0 && pm.state != Collab::ReviewState::Published && at >= dueAt},
            {u"moments"_s, moments},
            {u"externalEvents"_s, externals},
            {u"comments"_s, comments},
            {u"rootCauseTags"_s, QJsonArray::fromStringList(pm.rootCauseTags)},
            {u"actionItems"_s, items},
            {u"repeatOf"_s, repeatOf}};
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
    const QString format = request.query.queryItemValue(u"format"_s, QUrl::FullyDecoded);
    if (!format.isEmpty() && format != u"json" && format != u"markdown" && format != u"html") {
        return responder.sendError(400, u"bad_request"_s,
                                   u"format is json, markdown or html"_s);
    }
    if (!m_postMortems->ensureLoaded(incident->id)) {
        return sendStoreUnreadable(responder);
    }
    if (format.isEmpty() || format == u"json") {
        return responder.sendJson(200, postMortemJson(*incident, clockNow(), &principal));
    }
    // Rendering a long document takes time: it runs on the thread pool with copies of what it
    // needs (implicitly shared, so copying is cheap), and the answer comes back to this thread.
    const QString text = m_postMortems->document(incident->id).text();
    QHash<QString, qint64> times = m_postMortems->eventTimes(incident->id);
    QHash<QString, qint64> externals;
    if (const Collab::PostMortemRecord *record = m_followUp->postMortem(incident->id)) {
        for (const Collab::ExternalEvent &external : record->externalEvents) {
            externals.insert(external.id, external.at);
        }
    }
    const QString title = tr("Post-mortem of %1: %2").arg(incident->numberText(), incident->title);
    const bool html = format == u"html";
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, responder, text, title, times, externals, html]() {
        QByteArray body;
        if (html) {
            const auto resolve = [&times, &externals](const QString &link) {
                const QString kind = link.section(u'/', 0, 0);
                const QString id = link.section(u'/', 1);
                const QHash<QString, qint64> &table
                    = kind == u"firebreak:event" ? times : externals;
                const qint64 at = kind == u"firebreak:event" || kind == u"firebreak:external"
                    ? table.value(id)
                    : 0;
                return at > 0 ? QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(
                                    u"yyyy-MM-dd HH:mm:ss 'UTC'"_s)
                              : QString();
            };
            body = Collab::postMortemHtml(text, title, resolve).toUtf8();
        } else {
            body = text.toUtf8();
        }
        QMetaObject::invokeMethod(self, [responder, body, html]() {
            responder.send(200, body, html ? "text/html; charset=utf-8"
                                           : "text/markdown; charset=utf-8");
        }, Qt::QueuedConnection);
    });
}

void Server::registerPostMortemRoutes()
{
    using P = Security::Permission;
    HttpServer &http = *m_http;
    http.route("GET", u"/api/v1/postmortem-template"_s,
               [this](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QString custom = m_followUp->templateText();
                   responder.sendJson(200, {{u"text"_s, custom.isEmpty() ? builtInTemplate()
                                                                         : custom},
                                            {u"custom"_s, !custom.isEmpty()},
                                            {u"settings"_s, m_followUp->settings().toJson()}});
               });
    http.route("GET", u"/api/v1/incidents/([^/]+)/action-items"_s,
               [this](const HttpRequest &request, const HttpResponder &responder) {
                   Principal principal;
                   if (!authorise(request, responder, P::ReadIncidents, &principal)) {
                       return;
                   }
                   const IncidentRecord *incident
                       = m_projection.incident(request.captures.value(0));
                   if (!incident || !principal.canSee(*incident)) {
                       return responder.sendError(404, u"not_found"_s, u"no such incident"_s);
                   }
                   QJsonArray list;
                   const qint64 at = clockNow();
                   for (const Collab::ActionItem *item : m_followUp->actionItems(incident->id)) {
                       list.append(item->toJson(at));
                   }
                   responder.sendJson(200, {{u"incident"_s, incident->id},
                                            {u"actionItems"_s, list}});
               });
    http.route("GET", u"/api/v1/action-items"_s,
               [this](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QUrlQuery &query = request.query;
                   const QString owner = query.queryItemValue(u"owner"_s, QUrl::FullyDecoded);
                   const QString status = query.queryItemValue(u"status"_s, QUrl::FullyDecoded);
                   const QString overdueText
                       = query.queryItemValue(u"overdue"_s, QUrl::FullyDecoded);
                   if (!status.isEmpty() && !s_actionItemStatuses.contains(status)) {
                       return responder.sendError(
                           400, u"bad_request"_s,
                           u"status must be one of "_s + s_actionItemStatuses.join(u", "_s));
                   }
                   if (!overdueText.isEmpty() && overdueText != u"true"
                       && overdueText != u"false") {
                       return responder.sendError(400, u"bad_request"_s,
                                                  u"overdue must be true or false"_s);
                   }
                   const bool overdue = overdueText == u"true";
                   const qint64 at = clockNow();
                   QJsonArray list;
                   for (const Collab::ActionItem *item : m_followUp->actionItems()) {
                       if ((owner.isEmpty() || item->owner == owner)
                           && (status.isEmpty() || item->status == status)
                           && (!overdue || item->isOverdueAt(at))) {
                           list.append(item->toJson(at));
                       }
                   }
                   sendPage(request, responder, u"actionItems"_s, list, u"id"_s);
               });
    http.route("GET", u"/api/v1/postmortems"_s,
               [this](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   // Every post-mortem with a clock or a record, newest incident first.
                   QJsonArray list;
                   const qint64 at = clockNow();
                   for (const IncidentRecord *incident : m_projection.incidents()) {
                       if (m_followUp->completionDueAt(*incident) > 0
                           || m_followUp->postMortem(incident->id)) {
                           if (!m_postMortems->ensureLoaded(incident->id)) {
                               return sendStoreUnreadable(responder);
                           }
                           QJsonObject summary = postMortemJson(*incident, at);
                           summary.remove(u"text"_s);
                           summary.remove(u"version"_s);
                           list.append(summary);
                       }
                   }
                   sendPage(request, responder, u"postmortems"_s, list, u"incident"_s);
               });
    http.route("GET", u"/api/v1/postmortems/metrics"_s,
               [this](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QJsonObject metrics
                       = Collab::followUpMetrics(m_projection, *m_followUp, clockNow());
                   responder.sendJson(200, metrics);
               });
}

QByteArray followUpMetricsText(const Projection &projection, const Collab::FollowUp &followUp,
                               qint64 at)
{
    const QJsonObject metrics = Collab::followUpMetrics(projection, followUp, at);
    QByteArray text;
    auto metric = [&text](const char *name, const char *type, const char *help) {
        text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    auto line = [&text](const QByteArray &name, const QJsonValue &value) {
        text += name + ' ' + QByteArray::number(value.toDouble(), 'g', 6) + '\n';
    };
    const QJsonObject states = metrics[u"postmortems"_s].toObject();
    metric("firebreak_postmortems", "gauge", "Post-mortems by review state.");
    line("firebreak_postmortems{state=\"draft\"}", states[u"draft"_s]);
    line("firebreak_postmortems{state=\"in_review\"}", states[u"inReview"_s]);
    line("firebreak_postmortems{state=\"published\"}", states[u"published"_s]);
    const QJsonObject completion = metrics[u"completion"_s].toObject();
    metric("firebreak_postmortem_completion", "gauge",
           "Post-mortems under the completion clock, by outcome.");
    for (const char *outcome : {"onTime", "late", "pending", "overdue"}) {
        const QByteArray label = QByteArray(outcome) == "onTime" ? "on_time" : outcome;
        line("firebreak_postmortem_completion{outcome=\"" + label + "\"}",
             completion[QString::fromLatin1(outcome)]);
    }
    const QJsonObject items = metrics[u"actionItems"_s].toObject();
    metric("firebreak_action_items", "gauge", "Action items by status.");
    line("firebreak_action_items{status=\"open\"}", items[u"open"_s]);
    line("firebreak_action_items{status=\"in_progress\"}", items[u"inProgress"_s]);
    line("firebreak_action_items{status=\"done\"}", items[u"done"_s]);
    line("firebreak_action_items{status=\"cancelled\"}", items[u"cancelled"_s]);
    metric("firebreak_action_items_overdue", "gauge", "Open action items past their due date.");
    line("firebreak_action_items_overdue", items[u"overdue"_s]);
    const QJsonObject recurrence = metrics[u"recurrence"_s].toObject();
    metric("firebreak_incidents_repeated", "gauge",
           "Incidents that repeat an earlier one within the window.");
    line("firebreak_incidents_repeated", recurrence[u"repeats"_s]);
    metric("firebreak_incident_recurrence_ratio", "gauge",
           "Share of incidents that repeat an earlier one within the window.");
    line("firebreak_incident_recurrence_ratio", recurrence[u"rate"_s]);
    return text;
}

} // namespace Firebreak
