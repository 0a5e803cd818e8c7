// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "routing.h"

#include "model/projection.h"

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
    return {source, integrationName, alert.service, alert.severity, alert.title, alert.labels};
}

MatchSubject subjectOf(const AlertRecord &alert, const QString &integrationName)
{
    return {alert.source, integrationName, alert.service, alert.severity, alert.title,
            alert.labels};
}

QString groupKeyOf(const QStringList &groupBy, const MatchSubject &subject)
{
    QStringList parts;
    for (const QString &name : groupBy) {
        QString value = subject.labels.value(name).toString();
        if (value.isEmpty() && !subject.labels.contains(name)) {
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
    Placement placement;
    placement.service = subject.service;
    placement.severity = subject.severity;
    placement.scope = integrationId;
    placement.groupKey = sourceGroupKey;
    for (const RouteRecord *route : routes) {
        if (route->enabled && allMatch(route->matchers, subject)) {
            applyRoute(*route, subject, &placement);
            break;
        }
    }
    // Silences see what the route set: a silence on service=checkout covers routed alerts.
    MatchSubject routed = subject;
    routed.service = placement.service;
    routed.severity = placement.severity;
    placement.silence = state.activeSilence(routed, now);
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

QJsonObject dryRun(const Projection &projection, const QList<RouteRecord> &candidates, int limit,
                   qint64 now)
{
    const AlertState &state = projection.alertState();
    QList<const RouteRecord *> proposed;
    for (const RouteRecord &route : candidates) {
        proposed.append(&route);
    }
    std::stable_sort(proposed.begin(), proposed.end(), [](const auto *a, const auto *b) {
        return a->position < b->position;
    });
    const QList<const RouteRecord *> current = state.routes();

    QJsonArray results;
    QHash<QString, int> matched;
    int changed = 0;
    int suppressed = 0;
    const QList<const AlertRecord *> alerts = projection.alerts();
    for (const AlertRecord *alert : alerts) {
        if (results.size() >= limit) {
            break;
        }
        const IntegrationSettings *integration = state.integration(alert->integration);
        const MatchSubject subject = subjectOf(*alert, integration ? integration->name
                                                                   : QString());
        const QString sourceGroup = alert->groupScope == alert->integration ? alert->groupKey
                                                                             : alert->dedupKey;
        const Placement before = place(current, state, alert->integration, subject, sourceGroup,
                                       now);
        const Placement after = place(proposed, state, alert->integration, subject, sourceGroup,
                                      now);
        const QJsonObject beforeJson = before.toJson();
        const QJsonObject afterJson = after.toJson();
        const bool differs = beforeJson != afterJson;
        changed += differs;
        suppressed += after.silence || after.suppress;
        ++matched[after.route ? after.route->id : QString()];
        results.append(QJsonObject{{u"alert"_s, alert->id},
                                   {u"title"_s, alert->title},
                                   {u"source"_s, alert->source},
                                   {u"receivedAt"_s, isoFromMs(alert->receivedAt)},
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
                                       {u"routes"_s, routes}}}};
}

} // namespace Routing
} // namespace Firebreak
