// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "metrics.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

qint64 nearestRank(const QList<qint64> &sorted, int percent)
{
    const auto rank = qsizetype(std::ceil(double(percent) / 100.0 * double(sorted.size())));
    return sorted.at(qBound<qsizetype>(1, rank, sorted.size()) - 1);
}

QString bucketOf(qint64 ms, const QString &period)
{
    QDate date = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date();
    if (period == u"week") {
        date = date.addDays(1 - date.dayOfWeek());
    }
    return date.toString(Qt::ISODate);
}

bool matches(const IncidentRecord &incident, const MetricsFilter &filter)
{
    const qint64 detected = incident.milestone(u"detected"_s);
    return incident.mergedInto.isEmpty() && (filter.from == 0 || detected >= filter.from)
        && (filter.to == 0 || detected < filter.to)
        && (filter.service.isEmpty() || incident.service == filter.service)
        && (filter.team.isEmpty() || incident.team == filter.team)
        && (filter.severity == Severity::Unknown || incident.severity == filter.severity);
}

void addDuration(QList<qint64> *list, qint64 from, qint64 to)
{
    if (from > 0 && to > 0 && to >= from) {
        list->append(to - from);
    }
}

void count(Compliance *compliance, TargetState::State state)
{
    switch (state) {
    case TargetState::State::Met:
        ++compliance->met;
        break;
    case TargetState::State::Missed:
    case TargetState::State::Breached:
        ++compliance->missed;
        break;
    case TargetState::State::OnTrack:
    case TargetState::State::AtRisk:
        ++compliance->pending;
        break;
    case TargetState::State::NotApplicable:
        break;
    }
}

QJsonObject complianceJson(const QMap<QString, Compliance> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const double share = it->share();
        object.insert(it.key(), QJsonObject{{u"met"_s, it->met},
                                            {u"missed"_s, it->missed},
                                            {u"pending"_s, it->pending},
                                            {u"share"_s, share < 0 ? QJsonValue() : share}});
    }
    return object;
}

QJsonObject countsJson(const QMap<QString, int> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        object.insert(it.key(), it.value());
    }
    return object;
}

QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\n')) {
        field.replace('"', "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

QByteArray seconds(qint64 ms)
{
    return QByteArray::number(double(ms) / 1000.0, 'f', 3);
}

} // namespace

DurationStats DurationStats::of(QList<qint64> values)
{
    DurationStats stats;
    stats.count = int(values.size());
    if (values.isEmpty()) {
        return stats;
    }
    std::sort(values.begin(), values.end());
    qint64 sum = 0;
    for (const qint64 value : std::as_const(values)) {
        sum += value;
    }
    stats.mean = sum / values.size();
    stats.p50 = nearestRank(values, 50);
    stats.p90 = nearestRank(values, 90);
    stats.p95 = nearestRank(values, 95);
    stats.max = values.last();
    return stats;
}

QJsonObject DurationStats::toJson() const
{
    auto secondsOrNull = [this](qint64 ms) {
        return count == 0 ? QJsonValue() : QJsonValue(double(ms) / 1000.0);
    };
    return {{u"count"_s, count},
            {u"meanSeconds"_s, secondsOrNull(mean)},
            {u"p50Seconds"_s, secondsOrNull(p50)},
            {u"p90Seconds"_s, secondsOrNull(p90)},
            {u"p95Seconds"_s, secondsOrNull(p95)},
            {u"maxSeconds"_s, secondsOrNull(max)}};
}

double Compliance::share() const
{
    return met + missed == 0 ? -1.0 : double(met) / double(met + missed);
}

MetricsReport computeMetrics(const Projection &projection, const MetricsFilter &filter,
                             qint64 now)
{
    MetricsReport report;
    QList<qint64> detect, acknowledge, mitigate, resolve;
    for (const IncidentRecord *incident : projection.incidents()) {
        if (!matches(*incident, filter)) {
            continue;
        }
        ++report.incidents;
        report.open += incident->isOpen() ? 1 : 0;
        const qint64 detected = incident->milestone(u"detected"_s);
        addDuration(&detect, incident->milestone(u"impact_started"_s), detected);
        addDuration(&acknowledge, detected, incident->milestone(u"acknowledged"_s));
        addDuration(&mitigate, detected, incident->milestone(u"mitigated"_s));
        addDuration(&resolve, detected, incident->milestone(u"resolved"_s));

        const QString severity = severityName(incident->severity);
        const QList<TargetState> targets = evaluateTargets(*incident, projection.targets(), now);
        count(&report.firstResponse[severity], targets.at(0).state);
        count(&report.resolution[severity], targets.at(1).state);

        ++report.bySeverity[severity];
        ++report.byService[incident->service.isEmpty() ? u"(none)"_s : incident->service];
        ++report.byTeam[incident->team.isEmpty() ? u"(none)"_s : incident->team];
        ++report.byPeriod[bucketOf(detected, filter.period)];
    }
    report.timeToDetect = DurationStats::of(detect);
    report.timeToAcknowledge = DurationStats::of(acknowledge);
    report.timeToMitigate = DurationStats::of(mitigate);
    report.timeToResolve = DurationStats::of(resolve);
    return report;
}

QJsonObject MetricsReport::toJson() const
{
    return {{u"incidents"_s, incidents},
            {u"open"_s, open},
            {u"timeToDetect"_s, timeToDetect.toJson()},
            {u"timeToAcknowledge"_s, timeToAcknowledge.toJson()},
            {u"timeToMitigate"_s, timeToMitigate.toJson()},
            {u"timeToResolve"_s, timeToResolve.toJson()},
            {u"firstResponseCompliance"_s, complianceJson(firstResponse)},
            {u"resolutionCompliance"_s, complianceJson(resolution)},
            {u"bySeverity"_s, countsJson(bySeverity)},
            {u"byService"_s, countsJson(byService)},
            {u"byTeam"_s, countsJson(byTeam)},
            {u"byPeriod"_s, countsJson(byPeriod)}};
}

QByteArray MetricsReport::toCsv() const
{
    QByteArray csv = "section,key,count,mean_s,p50_s,p90_s,p95_s,max_s,share\n";
    const QList<std::pair<const char *, const DurationStats *>> durations{
        {"time_to_detect", &timeToDetect},
        {"time_to_acknowledge", &timeToAcknowledge},
        {"time_to_mitigate", &timeToMitigate},
        {"time_to_resolve", &timeToResolve}};
    for (const auto &[name, stats] : durations) {
        csv += QByteArray(name) + ",all," + QByteArray::number(stats->count);
        for (const qint64 value : {stats->mean, stats->p50, stats->p90, stats->p95, stats->max}) {
            csv += ',' + (stats->count ? seconds(value) : QByteArray());
        }
        csv += ",\n";
    }
    for (const auto &[name, map] : {std::pair{"first_response", &firstResponse},
                                    std::pair{"resolution", &resolution}}) {
        for (auto it = map->cbegin(); it != map->cend(); ++it) {
            const double share = it->share();
            csv += QByteArray(name) + ',' + csvField(it.key()) + ','
                + QByteArray::number(it->met + it->missed) + ",,,,,,"
                + (share < 0 ? QByteArray() : QByteArray::number(share, 'f', 4)) + '\n';
        }
    }
    for (const auto &[name, map] : {std::pair{"severity", &bySeverity},
                                    std::pair{"service", &byService}, std::pair{"team", &byTeam},
                                    std::pair{"period", &byPeriod}}) {
        for (auto it = map->cbegin(); it != map->cend(); ++it) {
            csv += QByteArray(name) + ',' + csvField(it.key()) + ','
                + QByteArray::number(it.value()) + ",,,,,,\n";
        }
    }
    return csv;
}

} // namespace Firebreak
