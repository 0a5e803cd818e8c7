// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "routing.h"

#include "model/projection.h"

#include <QDeadlineTimer>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

void applyRoute(const RouteRecord &route, const MatchSubject &subject, Placement *placement)
{
    placement->route = &route;
    if (!route.service.isEmpty()) {
        placement->service = route.service;
    }
    placement->team = route.team;
    placement->escalation = route.escalation;
    if (route.severity != Severity::Unknown) {
        placement->severity = route.severity;
    }
    if (!route.groupBy.isEmpty()) {
        placement->scope = u"route:"_s + route.id;
        placement->groupKey = Routing::groupKeyOf(route.groupBy, subject);
    }
    placement->groupWindowMs = route.groupWindowMs;
    placement->thresholdAlerts = route.thresholdAlerts;
    placement->thresholdWindowMs = route.thresholdWindowMs;
    placement->flapTransitions = route.flapTransitions;
    placement->flapWindowMs = route.flapWindowMs;
    placement->autoResolve = route.autoResolve;
    placement->followSourceAcknowledgement = route.followSourceAcknowledgement;
    placement->suppress = route.suppress;
}

/**
 * The placement without the silence: route, service, severity and group. With a `deadline`,
 * stops trying routes once it has passed and sets `expired`.
 */
Placement placeByRoute(const QList<const RouteRecord *> &routes, const QString &integrationId,
                       const MatchSubject &subject, const QString &sourceGroupKey,
                       const QDeadlineTimer *deadline = nullptr, bool *expired = nullptr)
{
    Placement placement;
    placement.service = subject.service;
    placement.severity = subject.severity;
    placement.scope = integrationId;
    placement.groupKey = sourceGroupKey;
    for (const RouteRecord *route : routes) {
        if (deadline && deadline->hasExpired()) {
            *expired = true;
            break;
        }
        if (route->enabled && allMatch(route->matchers, subject)) {
            applyRoute(*route, subject, &placement);
            break;
        }
    }
    return placement;
}

/// What silences see: the alert as its route placed it.
MatchSubject routedSubject(const MatchSubject &subject, const Placement &placement)
{
    MatchSubject routed = subject;
    routed.service = placement.service;
    routed.severity = placement.severity;
    return routed;
}

/// The same matchers, compiled afresh (so no regular expression is shared between threads).
QList<LabelMatcher> freshMatchers(const QList<LabelMatcher> &matchers)
{
    QList<LabelMatcher> fresh;
    QString ignored;
    matchersFromJson(matchersToJson(matchers), &fresh, &ignored);
    return fresh;
}

} // namespace

QJsonObject Placement::toJson() const
{
    return {
        {u"route"_s, route ? QJsonValue(route->id) : QJsonValue()},
        {u"routeName"_s, route ? QJsonValue(route->name) : QJsonValue()},
        {u"service"_s, optionalText(service)},
        {u"team"_s, optionalText(team)},
        {u"escalation"_s, optionalText(escalation)},
        {u"severity"_s, severityName(severity)},
        {u"groupScope"_s, scope},
        {u"groupKey"_s, groupKey},
        {u"silence"_s, silence ? QJsonValue(silence->id) : QJsonValue()},
        {u"suppressed"_s, silence ? QJsonValue(silence->kind)
                                  : (suppress ? QJsonValue(u"route"_s) : QJsonValue())},
        {u"threshold"_s, thresholdAlerts > 1 ? QJsonValue(thresholdAlerts) : QJsonValue()},
        {u"autoResolve"_s, autoResolve},
    };
}

namespace Routing {

MatchSubject subjectOf(const QString &source, const QString &integrationName,
                       const NormalisedAlert &alert)
{
    return {source, integrationName, alert.service, alert.severity, alert.title,
            alert.labelsText()};
}

MatchSubject subjectOf(const AlertRecord &alert, const QString &integrationName)
{
    return {alert.source, integrationName, alert.service, alert.severity, alert.title,
            alert.labelsJson};
}

QString groupKeyOf(const QStringList &groupBy, const MatchSubject &subject)
{
    QStringList parts;
    for (const QString &name : groupBy) {
        bool found = false;
        QString value = subject.label(name, &found);
        if (value.isEmpty() && !found) {
            value = subject.field(name);
        }
        parts.append(name + u"=\""_s + value + u'"');
    }
    return parts.join(u',');
}

Placement place(const QList<const RouteRecord *> &routes, const AlertState &state,
                const QString &integrationId, const MatchSubject &subject,
                const QString &sourceGroupKey, qint64 now)
{
    Placement placement = placeByRoute(routes, integrationId, subject, sourceGroupKey);
    // Silences see what the route set: a silence on service=checkout covers routed alerts.
    placement.silence = state.activeSilence(routedSubject(subject, placement), now);
    return placement;
}

bool isFlapping(const QList<qint64> &transitions, const Placement &placement, qint64 now,
                int extra)
{
    if (placement.flapTransitions <= 0) {
        return false;
    }
    int count = extra;
    for (auto it = transitions.crbegin(); it != transitions.crend(); ++it) {
        if (*it < now - placement.flapWindowMs) {
            break;
        }
        ++count;
    }
    return count >= placement.flapTransitions;
}

DryRunInput dryRunInput(const Projection &projection, const QList<RouteRecord> &candidates,
                        int limit, qint64 now)
{
    const AlertState &state = projection.alertState();
    DryRunInput input;
    input.now = now;
    for (const RouteRecord *route : state.routes()) {
        input.current.append(*route);
        input.current.last().matchers = freshMatchers(route->matchers);
    }
    for (const RouteRecord &route : candidates) {
        input.proposed.append(route);
        input.proposed.last().matchers = freshMatchers(route.matchers);
    }
    std::stable_sort(input.proposed.begin(), input.proposed.end(),
                     [](const RouteRecord &a, const RouteRecord &b) {
                         return a.position < b.position;
                     });
    // Oldest first, the order AlertState::activeSilence() tries them in.
    const QList<const SilenceRecord *> silences = state.silences();
    for (auto it = silences.crbegin(); it != silences.crend(); ++it) {
        const SilenceRecord *silence = *it;
        if (silence->isActive(now)) {
            input.silences.append(*silence);
            input.silences.last().matchers = freshMatchers(silence->matchers);
        }
    }
    for (const IntegrationSettings *integration : state.integrations()) {
        input.integrationNames.insert(integration->id, integration->name);
    }
    for (const AlertRecord *alert : projection.alerts()) {
        if (input.alerts.size() >= limit) {
            break;
        }
        input.alerts.append(*alert);
    }
    return input;
}

QJsonObject dryRun(const DryRunInput &input)
{
    const QDeadlineTimer deadline = input.budgetMs > 0 ? QDeadlineTimer(input.budgetMs)
                                                       : QDeadlineTimer(QDeadlineTimer::Forever);
    QList<const RouteRecord *> proposed;
    for (const RouteRecord &route : input.proposed) {
        proposed.append(&route);
    }
    QList<const RouteRecord *> current;
    for (const RouteRecord &route : input.current) {
        current.append(&route);
    }
    bool expired = false;
    const auto silenceOf = [&input, &deadline, &expired](const MatchSubject &subject)
        -> const SilenceRecord * {
        for (const SilenceRecord &silence : input.silences) {
            if (deadline.hasExpired()) {
                expired = true;
                return nullptr;
            }
            if (allMatch(silence.matchers, subject)) {
                return &silence;
            }
        }
        return nullptr;
    };

    QJsonArray results;
    QHash<QString, int> matched;
    int changed = 0;
    int suppressed = 0;
    for (const AlertRecord &alert : input.alerts) {
        const MatchSubject subject = subjectOf(alert, input.integrationNames.value(
                                                          alert.integration));
        const QString sourceGroup = alert.groupScope == alert.integration ? alert.groupKey
                                                                           : alert.dedupKey;
        Placement before = placeByRoute(current, alert.integration, subject, sourceGroup,
                                        &deadline, &expired);
        before.silence = silenceOf(routedSubject(subject, before));
        Placement after = placeByRoute(proposed, alert.integration, subject, sourceGroup,
                                       &deadline, &expired);
        after.silence = silenceOf(routedSubject(subject, after));
        if (expired) {
            break; // out of time: this alert's placement is unfinished and left out
        }
        const QJsonObject beforeJson = before.toJson();
        const QJsonObject afterJson = after.toJson();
        const bool differs = beforeJson != afterJson;
        changed += differs;
        suppressed += after.silence || after.suppress;
        ++matched[after.route ? after.route->id : QString()];
        results.append(QJsonObject{{u"alert"_s, alert.id},
                                   {u"title"_s, alert.title},
                                   {u"source"_s, alert.source},
                                   {u"receivedAt"_s, isoFromMs(alert.receivedAt)},
                                   {u"current"_s, beforeJson},
                                   {u"proposed"_s, afterJson},
                                   {u"changed"_s, differs}});
    }
    QJsonArray routes;
    for (const RouteRecord *route : std::as_const(proposed)) {
        routes.append(QJsonObject{{u"route"_s, route->id},
                                  {u"name"_s, route->name},
                                  {u"alerts"_s, matched.value(route->id)}});
    }
    return {{u"alerts"_s, results},
            {u"summary"_s, QJsonObject{{u"alerts"_s, results.size()},
                                       {u"changed"_s, changed},
                                       {u"suppressed"_s, suppressed},
                                       {u"unrouted"_s, matched.value(QString())},
                                       {u"routes"_s, routes},
                                       {u"complete"_s, !expired}}}};
}

QJsonObject dryRun(const Projection &projection, const QList<RouteRecord> &candidates, int limit,
                   qint64 now)
{
    return dryRun(dryRunInput(projection, candidates, limit, now));
}

} // namespace Routing
} // namespace Firebreak
