// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "noisereport.h"

#include "model/alertstate.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_minimumIncidents = 3;

double share(int part, int whole)
{
    return whole > 0 ? double(part) / whole : 0.0;
}

QJsonObject figuresJson(const NoiseReport::Figures &figures)
{
    QJsonObject suppressed;
    for (auto it = figures.suppressed.cbegin(); it != figures.suppressed.cend(); ++it) {
        suppressed.insert(it.key(), it.value());
    }
    return {
        {u"alerts"_s, figures.alerts},
        {u"incidents"_s, figures.incidents},
        {u"alertsPerIncident"_s, figures.incidents > 0 ? QJsonValue(share(figures.alerts,
                                                                           figures.incidents))
                                                       : QJsonValue()},
        {u"suppressed"_s, suppressed},
        {u"flappingAlerts"_s, figures.flapping},
        {u"resolvedIncidents"_s, figures.resolved},
        {u"autoResolvedShare"_s, share(figures.autoResolved, figures.resolved)},
        {u"acknowledgedWithoutActionShare"_s,
         share(figures.acknowledgedWithoutAction, figures.acknowledged)},
    };
}

// Why a rule is worth a look; empty when it is fine.
QStringList tuningReasons(const NoiseReport::Figures &figures)
{
    QStringList reasons;
    const int percent = int(share(figures.autoResolved, figures.resolved) * 100 + 0.5);
    if (figures.resolved >= s_minimumIncidents && percent >= 50) {
        reasons.append(u"%1% of its incidents resolved by themselves: add a threshold or"
                       " lengthen its window"_s.arg(percent));
    }
    const double idle = share(figures.acknowledgedWithoutAction, figures.acknowledged);
    if (figures.acknowledged >= s_minimumIncidents && idle >= 0.5) {
        reasons.append(u"%1% of its incidents were acknowledged and closed with nothing done:"
                       " lower its severity or suppress it"_s.arg(int(idle * 100 + 0.5)));
    }
    if (figures.flapping >= s_minimumIncidents) {
        reasons.append(u"%1 alerts flapped: add hysteresis at the source or widen the flapping"
                       " window"_s.arg(figures.flapping));
    }
    const double perIncident = share(figures.alerts, figures.incidents);
    if (figures.incidents > 0 && perIncident >= 20) {
        reasons.append(u"%1 alerts per incident: group by more specific labels"_s.arg(
            qRound(perIncident)));
    } else if (figures.incidents >= 10 && perIncident <= 1.2) {
        reasons.append(u"almost every alert opens its own incident: group them (groupBy) or"
                       " add a threshold"_s);
    }
    return reasons;
}

bool isHumanAction(const Event &event)
{
    static const QStringList passive{u"incident.acknowledged"_s, u"incident.resolved"_s,
                                     u"incident.closed"_s, u"incident.alerts_resolved"_s,
                                     u"incident.alerts_truncated"_s,
                                     u"incident.target_at_risk"_s,
                                     u"incident.target_breached"_s};
    return event.actor.startsWith(u"user:") && !passive.contains(event.type)
        && !event.type.startsWith(u"alert.");
}

} // namespace

NoiseReport::NoiseReport(qint64 since, qint64 until)
    : m_since(since)
    , m_until(until)
{
}

void NoiseReport::add(const Event &event)
{
    if (event.at < m_since || event.at > m_until) {
        return;
    }
    const QJsonObject data = event.data();
    if (event.type == u"alert.received") {
        countAlert(data.value(u"alert"_s).toObject());
    } else if (event.type == u"alert.suppressed"
               && data.value(u"reason"_s).toString() == u"flapping") {
        const auto it = m_alerts.constFind(data.value(u"alert"_s).toString());
        if (it != m_alerts.cend()) {
            ++source(*it).flapping;
            ++route(*it).flapping;
        }
    } else if (!event.incident.isEmpty()) {
        trackIncident(event, data);
    }
}

void NoiseReport::countAlert(const QJsonObject &alert)
{
    const Attribution attribution{alert.value(u"source"_s).toString(),
                                  alert.value(u"route"_s).toString()};
    m_alerts.insert(alert.value(u"id"_s).toString(), attribution);
    const QString suppressed = alert.value(u"suppressed"_s).toString();
    for (Figures *figures : {&source(attribution), &route(attribution)}) {
        ++figures->alerts;
        if (!suppressed.isEmpty()) {
            ++figures->suppressed[suppressed];
        }
        if (suppressed == u"flapping") {
            ++figures->flapping;
        }
    }
}

void NoiseReport::trackIncident(const Event &event, const QJsonObject &data)
{
    if (event.type == u"incident.opened") {
        IncidentTrack track;
        track.attribution = {data.value(u"source"_s).toString(), data.value(u"route"_s).toString()};
        m_incidents.insert(event.incident, track);
        if (!track.attribution.source.isEmpty()) {
            ++source(track.attribution).incidents;
            ++route(track.attribution).incidents;
        }
        return;
    }
    auto it = m_incidents.find(event.incident);
    if (it == m_incidents.end() || it->attribution.source.isEmpty()) {
        return; // declared by hand, or opened before the period
    }
    if (event.type == u"incident.acknowledged") {
        it->acknowledged = true;
    } else if (event.type == u"incident.resolved") {
        const bool automatic = data.value(u"automatic"_s).toBool();
        for (Figures *figures : {&source(it->attribution), &route(it->attribution)}) {
            ++figures->resolved;
            figures->autoResolved += automatic;
            figures->acknowledged += it->acknowledged;
            figures->acknowledgedWithoutAction += it->acknowledged && !it->acted;
        }
    } else if (isHumanAction(event)) {
        it->acted = true;
    }
}

QJsonObject NoiseReport::toJson(const AlertState &state) const
{
    QJsonArray sources;
    QJsonArray routes;
    QList<std::pair<int, QJsonObject>> tuning;
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        QJsonObject entry = figuresJson(it.value());
        entry.insert(u"source"_s, it.key());
        sources.append(entry);
        const QStringList reasons = tuningReasons(it.value());
        if (!reasons.isEmpty()) {
            tuning.append({it.value().alerts,
                           {{u"kind"_s, u"source"_s}, {u"id"_s, it.key()}, {u"name"_s, it.key()},
                            {u"alerts"_s, it.value().alerts},
                            {u"reasons"_s, QJsonArray::fromStringList(reasons)}}});
        }
    }
    for (auto it = m_routes.cbegin(); it != m_routes.cend(); ++it) {
        const RouteRecord *route = state.route(it.key());
        const QString name = it.key().isEmpty() ? u"(no route)"_s
                                                : (route ? route->name : it.key());
        QJsonObject entry = figuresJson(it.value());
        entry.insert(u"route"_s, it.key().isEmpty() ? QJsonValue() : QJsonValue(it.key()));
        entry.insert(u"name"_s, name);
        routes.append(entry);
        const QStringList reasons = tuningReasons(it.value());
        if (!reasons.isEmpty() && !it.key().isEmpty()) {
            tuning.append({it.value().alerts,
                           {{u"kind"_s, u"route"_s}, {u"id"_s, it.key()}, {u"name"_s, name},
                            {u"alerts"_s, it.value().alerts},
                            {u"reasons"_s, QJsonArray::fromStringList(reasons)}}});
        }
    }
    std::stable_sort(tuning.begin(), tuning.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QJsonArray worthTuning;
    for (const auto &entry : std::as_const(tuning)) {
        worthTuning.append(entry.second);
    }
    return {{u"since"_s, isoFromMs(m_since)},
            {u"until"_s, isoFromMs(m_until)},
            {u"sources"_s, sources},
            {u"routes"_s, routes},
            {u"worthTuning"_s, worthTuning}};
}

} // namespace Firebreak
