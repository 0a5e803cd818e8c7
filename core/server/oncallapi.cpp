// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Responders on the server: the folds of core/oncall and core/notify next to the projection,
// their commands, the escalation clock, the notification dispatcher and their REST routes.
#include "server.h"

#include "collab/followup.h"
#include "incidents/incidentcommands.h"
#include "notify/notifycommands.h"
#include "oncall/icalendar.h"
#include "oncall/oncallcommands.h"
#include "server/httpserver.h"
#include "server/httputil.h"
#include "server/oncall_p.h"
#include "server/server_p.h"
#include "server/writer.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOnCall, "firebreak.oncall", QtWarningMsg)

namespace Firebreak {

namespace {

constexpr qint64 s_dayMs = 24LL * 3600 * 1000;
constexpr qint64 s_maxRangeMs = 366 * s_dayMs;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// The people a decided command gives something anew: an incident role, a task, an action
/// item. Unassigning, and an owner a command repeats unchanged, name nobody anew.
QStringList peopleGivenWork(const CommandDecision &decision, const Collab::FollowUp &followUp)
{
    QStringList people;
    for (const Event &event : decision.events) {
        const QJsonObject data = event.data();
        QString name;
        if (event.type == u"incident.role_assigned") {
            name = data.value(u"user"_s).toString();
        } else if (event.type == u"task.created" || event.type == u"action_item.created") {
            name = data.value(u"owner"_s).toString();
        } else if (event.type == u"task.updated") {
            name = data[u"changes"_s][u"owner"_s][u"to"_s].toString();
        } else if (event.type == u"action_item.updated" && data.contains(u"owner"_s)) {
            const Collab::ActionItem *item = followUp.actionItem(data[u"id"_s].toString());
            name = data.value(u"owner"_s).toString();
            if (item && item->owner == name) {
                name.clear();
            }
        }
        if (!name.isEmpty() && !people.contains(name)) {
            people.append(name);
        }
    }
    return people;
}

/**
 * Refuses a command by a person that gives work to someone the server does not know: no
 * account and no on-call user of that name, most likely a typo that would leave an incident
 * role to nobody. Only where the server knows people at all (a store with only the bootstrap
 * administrator token has no accounts), and not for integrations or the system, whose alerts
 * may name people known only by name elsewhere.
 */
std::optional<CommandDecision> refuseUnknownPeople(const CommandDecision &decision,
                                                   const CommandContext &context,
                                                   const Projection &projection,
                                                   const OnCall::Directory &directory,
                                                   const Collab::FollowUp &followUp)
{
    if (!decision.ok || !context.actor.startsWith(u"user:")
        || (projection.accounts().isEmpty() && directory.users().isEmpty())) {
        return std::nullopt;
    }
    const QStringList people = peopleGivenWork(decision, followUp);
    for (const QString &name : people) {
        if (!projection.account(name) && !directory.user(name)) {
            return CommandDecision::refuse(
                404, u"not_found"_s,
                u"no user named \"%1\": neither an account nor an on-call user of this server"
                " has that name; create the account first"_s.arg(name.left(64)));
        }
    }
    return std::nullopt;
}

/// `from` and `to` of a query, with defaults; false when they are not ISO 8601 or too far apart.
bool range(const HttpRequest &request, qint64 defaultFrom, qint64 defaultTo, qint64 *from,
           qint64 *to)
{
    const QString fromText = request.query.queryItemValue(u"from"_s, QUrl::FullyDecoded);
    const QString toText = request.query.queryItemValue(u"to"_s, QUrl::FullyDecoded);
    *from = fromText.isEmpty() ? defaultFrom : msFromIso(fromText);
    *to = toText.isEmpty() ? defaultTo : msFromIso(toText);
    return *from > 0 && *to > *from && *to - *from <= s_maxRangeMs;
}

QJsonValue shiftJson(const OnCall::Shift &shift)
{
    if (!shift.isValid()) {
        return QJsonValue();
    }
    return QJsonObject{{u"user"_s, shift.user},
                       {u"start"_s, isoFromMs(shift.start)},
                       {u"end"_s, isoFromMs(shift.end)},
                       {u"source"_s, shift.source}};
}

QJsonObject onCallNow(const OnCall::ScheduleDefinition &schedule, qint64 at)
{
    return {{u"schedule"_s, schedule.id},
            {u"name"_s, schedule.name},
            {u"timeZone"_s, QString::fromUtf8(schedule.timeZone.id())},
            {u"now"_s, shiftJson(OnCall::shiftAt(schedule, at))},
            {u"next"_s, shiftJson(OnCall::nextShift(schedule, at))}};
}

QJsonArray directoryList(const OnCall::Directory &directory, const QString &what)
{
    QJsonArray list;
    if (what == u"users") {
        for (const OnCall::UserRecord *user : directory.users()) {
            list.append(user->toJson());
        }
    } else if (what == u"teams") {
        for (const OnCall::TeamRecord *team : directory.teams()) {
            list.append(team->toJson());
        }
    } else if (what == u"services") {
        for (const OnCall::ServiceRecord *service : directory.services()) {
            list.append(service->toJson());
        }
    } else if (what == u"schedules") {
        for (const OnCall::ScheduleDefinition *schedule : directory.schedules()) {
            list.append(schedule->toJson());
        }
    } else {
        for (const OnCall::EscalationPolicy *policy : directory.policies()) {
            list.append(policy->toJson());
        }
    }
    return list;
}

QJsonValue directoryItem(const OnCall::Directory &directory, const QString &what,
                         const QString &id)
{
    if (what == u"users") {
        const OnCall::UserRecord *user = directory.user(id);
        return user ? QJsonValue(user->toJson()) : QJsonValue();
    }
    if (what == u"teams") {
        const OnCall::TeamRecord *team = directory.team(id);
        return team ? QJsonValue(team->toJson()) : QJsonValue();
    }
    if (what == u"schedules") {
        const OnCall::ScheduleDefinition *schedule = directory.schedule(id);
        if (!schedule) {
            return QJsonValue();
        }
        QJsonObject object = schedule->toJson();
        QJsonArray overrides;
        for (const OnCall::Override &override : schedule->overrides) {
            overrides.append(QJsonObject{{u"id"_s, override.id},
                                         {u"user"_s, override.user},
                                         {u"start"_s, isoFromMs(override.start)},
                                         {u"end"_s, isoFromMs(override.end)}});
        }
        object.insert(u"overrides"_s, overrides);
        return object;
    }
    const OnCall::EscalationPolicy *policy = directory.policy(id);
    return policy ? QJsonValue(policy->toJson()) : QJsonValue();
}

QJsonArray notificationList(const QList<const Notify::NotificationRecord *> &records)
{
    QJsonArray list;
    for (const Notify::NotificationRecord *record : records) {
        list.append(record->toJson());
    }
    return list;
}

} // namespace

void Server::setUpOnCall()
{
    m_oncall = std::make_unique<OnCallService>();
    const QString vaultPath = QDir(m_options.dataDir).filePath(u"notify-secrets.json"_s);
    if (!m_oncall->vault.open(vaultPath)) {
        qCWarning(lcOnCall).noquote() << "notification secrets unavailable:"
                                      << m_oncall->vault.errorString();
    }
    OnCallService *oncall = m_oncall.get();
    m_projection.setFold([oncall](const Projection &projection, const Event &event) {
        oncall->responders.apply(event);
        oncall->outbox.apply(projection, event);
    });
}

void Server::startOnCall()
{
    OnCallService &oncall = *m_oncall;
    oncall.dispatcher = std::make_unique<Notify::Dispatcher>(
        oncall.outbox, oncall.vault, [this](Event event, std::function<void()> recorded) {
            m_writer->submit(
                [event](Writer::Context &context) mutable {
                    context.emitEvent(event);
                    return JobOutcome();
                },
                [recorded](const JobOutcome &) { recorded(); });
        });
    oncall.dispatcher->setOptions(Notify::DispatchOptions::fromEnvironment());
    oncall.dispatcher->start();

    oncall.escalationTimer.setInterval(1000);
    connect(&oncall.escalationTimer, &QTimer::timeout, this, &Server::checkEscalations);
    oncall.escalationTimer.start();
    // An acknowledgement stops the walk within moments, not at the next tick.
    oncall.escalationSoon.setSingleShot(true);
    oncall.escalationSoon.setInterval(20);
    connect(&oncall.escalationSoon, &QTimer::timeout, this, &Server::checkEscalations);
    connect(m_writer.get(), &Writer::committed, this, [this](const EventList &events) {
        m_oncall->dispatcher->poke();
        const bool paging = std::any_of(events.cbegin(), events.cend(), [](const Event &e) {
            return e.type.startsWith(u"incident.") || e.type.startsWith(u"escalation_policy.")
                || e.type.startsWith(u"service.");
        });
        if (paging && !m_oncall->escalationSoon.isActive()) {
            m_oncall->escalationSoon.start();
        }
    });
    registerOnCallRoutes();
}

CommandDecision Server::decideAnyCommand(const Projection &projection,
                                         const QJsonObject &command,
                                         const CommandContext &context)
{
    const QString type = command.value(u"type"_s).toString();
    CommandDecision decision;
    if (type.startsWith(u"postmortem.") || type.startsWith(u"action_item.")) {
        decision = decidePostMortemCommand(projection, command, context);
    } else if (OnCall::isOnCallCommand(type)) {
        decision =
            OnCall::decideOnCallCommand(projection, m_oncall->responders, command, context);
    } else if (!Notify::isNotifyCommand(type)) {
        decision = decideCommand(projection, command, context);
    } else {
        return decideNotifyCommand(command, context);
    }
    if (auto refusal = refuseUnknownPeople(decision, context, projection,
                                           m_oncall->responders.directory(), *m_followUp)) {
        return *refusal;
    }
    return decision;
}

CommandDecision Server::decideNotifyCommand(const QJsonObject &command,
                                            const CommandContext &context)
{
    CommandDecision decision = Notify::decideNotifyCommand(m_oncall->outbox, command, context);
    const QString secret = command.value(u"secret"_s).toString().trimmed();
    if (!decision.ok || secret.isEmpty() || decision.events.isEmpty()) {
        return decision;
    }
    // The secret goes to the vault, never into the log; stored before the event commits.
    const QString channel = decision.events.first().data().value(u"id"_s).toString();
    if (!m_oncall->vault.put(channel, secret)) {
        qCWarning(lcOnCall).noquote() << "cannot store the secret of channel" << channel << ":"
                                      << m_oncall->vault.errorString();
        return CommandDecision::refuse(503, u"unavailable"_s,
                                       u"the channel's secret could not be stored"_s);
    }
    return decision;
}

void Server::checkEscalations()
{
    const qint64 at = now();
    const OnCall::Responders &responders = m_oncall->responders;
    if (OnCall::dueEscalationEvents(m_projection, responders.directory(), responders.paging(), at)
            .isEmpty()) {
        return;
    }
    m_writer->submit(
        [this, at](Writer::Context &context) {
            const OnCall::Responders &state = m_oncall->responders;
            EventList due = OnCall::dueEscalationEvents(context.projection(), state.directory(),
                                                        state.paging(), at);
            for (Event &event : due) {
                if (!context.emitEvent(event)) {
                    break;
                }
            }
            return JobOutcome();
        },
        [](const JobOutcome &) {});
}

void Server::registerOnCallRoutes()
{
    using P = Security::Permission;
    HttpServer &http = *m_http;
    const OnCallService *oncall = m_oncall.get();

    http.route("GET", u"/api/v1/(users|teams|services|schedules|escalation-policies)"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QString what = request.captures.value(0);
                   const QString key = what == u"escalation-policies" ? u"policies"_s : what;
                   responder.sendJson(200, {{key, directoryList(oncall->responders.directory(),
                                                                what)}});
               });
    http.route("GET", u"/api/v1/(users|teams|schedules|escalation-policies)/([^/]+)"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QJsonValue item = directoryItem(oncall->responders.directory(),
                                                         request.captures.value(0),
                                                         request.captures.value(1));
                   if (item.isNull()) {
                       return responder.sendError(404, u"not_found"_s,
                                                  u"no such "_s + request.captures.value(0));
                   }
                   responder.sendJson(200, item.toObject());
               });
    http.route("GET", u"/api/v1/oncall"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const QString atText = request.query.queryItemValue(u"at"_s, QUrl::FullyDecoded);
                   const qint64 at = atText.isEmpty() ? now() : msFromIso(atText);
                   if (at <= 0) {
                       return responder.sendError(400, u"bad_request"_s,
                                                  u"at must be an ISO 8601 time"_s);
                   }
                   QJsonArray list;
                   const auto schedules = oncall->responders.directory().schedules();
                   for (const OnCall::ScheduleDefinition *schedule : schedules) {
                       list.append(onCallNow(*schedule, at));
                   }
                   responder.sendJson(200, {{u"at"_s, isoFromMs(at)}, {u"oncall"_s, list}});
               });
    registerScheduleRoutes();
    registerNotificationRoutes();
}

void Server::registerScheduleRoutes()
{
    using P = Security::Permission;
    HttpServer &http = *m_http;
    const OnCallService *oncall = m_oncall.get();

    http.route("GET", u"/api/v1/schedules/([^/]+)/shifts"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   const OnCall::ScheduleDefinition *schedule
                       = oncall->responders.directory().schedule(request.captures.value(0));
                   qint64 from = 0;
                   qint64 to = 0;
                   if (!schedule) {
                       return responder.sendError(404, u"not_found"_s, u"no such schedule"_s);
                   }
                   if (!range(request, now(), now() + 14 * s_dayMs, &from, &to)) {
                       return responder.sendError(400, u"bad_request"_s,
                                                  u"from and to are ISO 8601 times at most 366 "
                                                  "days apart"_s);
                   }
                   QJsonArray shifts;
                   for (const OnCall::Shift &shift : OnCall::finalShifts(*schedule, from, to)) {
                       shifts.append(shiftJson(shift));
                   }
                   responder.sendJson(200, {{u"schedule"_s, schedule->id},
                                            {u"from"_s, isoFromMs(from)},
                                            {u"to"_s, isoFromMs(to)},
                                            {u"shifts"_s, shifts}});
               });
    // Calendar applications cannot send headers: ?token= is accepted here as on sync.
    http.route("GET", u"/api/v1/schedules/([^/]+)/calendar.ics"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   HttpRequest authorised = request;
                   const QString token = request.query.queryItemValue(u"token"_s,
                                                                      QUrl::FullyDecoded);
                   if (Http::bearerToken(request).isEmpty() && !token.isEmpty()) {
                       authorised.headers.append({"Authorization", "Bearer " + token.toUtf8()});
                   }
                   if (!authorise(authorised, responder, P::ReadIncidents)) {
                       return;
                   }
                   const OnCall::ScheduleDefinition *schedule
                       = oncall->responders.directory().schedule(request.captures.value(0));
                   qint64 from = 0;
                   qint64 to = 0;
                   if (!schedule) {
                       return responder.sendError(404, u"not_found"_s, u"no such schedule"_s);
                   }
                   if (!range(request, now() - 7 * s_dayMs, now() + 90 * s_dayMs, &from, &to)) {
                       return responder.sendError(400, u"bad_request"_s,
                                                  u"from and to are ISO 8601 times at most 366 "
                                                  "days apart"_s);
                   }
                   const QString host = m_oncall->dispatcher->options().host;
                   const QString user =
                       request.query.queryItemValue(u"user"_s, QUrl::FullyDecoded);
                   responder.send(200,
                                  OnCall::iCalendar(*schedule, from, to, host, now(), user),
                                  "text/calendar; charset=utf-8");
               });
    http.route("GET", u"/api/v1/incidents/([^/]+)/(paging|tasks)"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
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
                   if (request.captures.value(1) == u"tasks") {
                       for (const auto *task : oncall->responders.board().tasks(incident->id)) {
                           list.append(task->toJson());
                       }
                       return responder.sendJson(200, {{u"incident"_s, incident->id},
                                                       {u"tasks"_s, list}});
                   }
                   const OnCall::Paging &paging = oncall->responders.paging();
                   for (const OnCall::PageRecord *page : paging.pages(incident->id)) {
                       list.append(page->toJson());
                   }
                   const OnCall::WalkRecord *walk = paging.walk(incident->id);
                   responder.sendJson(200, {{u"incident"_s, incident->id},
                                            {u"walk"_s, walk ? QJsonValue(walk->toJson())
                                                             : QJsonValue()},
                                            {u"pages"_s, list}});
               });
}

void Server::registerNotificationRoutes()
{
    using P = Security::Permission;
    HttpServer &http = *m_http;
    const OnCallService *oncall = m_oncall.get();

    http.route("GET", u"/api/v1/channels"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   QJsonArray list;
                   for (const Notify::ChannelRecord *channel : oncall->outbox.channels()) {
                       list.append(channel->toJson());
                   }
                   responder.sendJson(200, {{u"channels"_s, list}});
               });
    http.route("GET", u"/api/v1/notifications(/dead-letters)?"_s,
               [this, oncall](const HttpRequest &request, const HttpResponder &responder) {
                   if (!authorise(request, responder, P::ReadIncidents)) {
                       return;
                   }
                   bool ok = false;
                   const int limit = Http::listLimit(request, &ok);
                   if (!ok) {
                       return responder.sendError(400, u"bad_request"_s,
                                                  u"limit must be 1 to 1000"_s);
                   }
                   const bool dead = !request.captures.value(0).isEmpty();
                   const auto records = dead ? oncall->outbox.deadLetters()
                                             : oncall->outbox.recent(limit);
                   responder.sendJson(200, {{u"notifications"_s,
                                             notificationList(records.mid(0, limit))},
                                            {u"pending"_s, oncall->outbox.pendingCount()},
                                            {u"next"_s, QJsonValue()}});
               });
}

} // namespace Firebreak
