// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "metrics.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <array>
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

/// from → to in ms, or -1 when either is unknown or they are out of order.
qint64 span(qint64 from, qint64 to)
{
    return from > 0 && to > 0 && to >= from ? to - from : -1;
}

/// Time to detect, acknowledge, mitigate and resolve of one incident (ms, -1 when unknown).
std::array<qint64, 4> durationsOf(const IncidentRecord &incident)
{
    const qint64 detected = incident.milestone(u"detected"_s);
    return {span(incident.milestone(u"impact_started"_s), detected),
            span(detected, incident.milestone(u"acknowledged"_s)),
            span(detected, incident.milestone(u"mitigated"_s)),
            span(detected, incident.milestone(u"resolved"_s))};
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

/**
 * One CSV cell of caller-supplied text. A cell that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or CR) gets a leading single quote; a cell holding a comma,
 * quote, CR or LF is quoted per RFC 4180 with its quotes doubled.
 */
QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (!field.isEmpty() && QByteArrayView("=+-@\t\r").contains(field.front())) {
        field.prepend('\'');
    }
    if (field.contains(',') || field.contains('"') || field.contains('\n')
        || field.contains('\r')) {
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
    std::array<QList<qint64>, 4> durations;
    for (const IncidentRecord *incident : projection.incidents()) {
        if (!matches(*incident, filter)) {
            continue;
        }
        ++report.incidents;
        report.open += incident->isOpen() ? 1 : 0;
        const qint64 detected = incident->milestone(u"detected"_s);
        const std::array<qint64, 4> spans = durationsOf(*incident);
        for (size_t i = 0; i < spans.size(); ++i) {
            if (spans[i] >= 0) {
                durations[i].append(spans[i]);
            }
        }

        const QString severity = severityName(incident->severity);
        const QList<TargetState> targets = evaluateTargets(*incident, projection.targets(), now);
        count(&report.firstResponse[severity], targets.at(0).state);
        count(&report.resolution[severity], targets.at(1).state);

        ++report.bySeverity[severity];
        ++report.byService[incident->service.isEmpty() ? u"(none)"_s : incident->service];
        ++report.byTeam[incident->team.isEmpty() ? u"(none)"_s : incident->team];
        ++report.byPeriod[bucketOf(detected, filter.period)];
    }
    report.timeToDetect = DurationStats::of(durations[0]);
    report.timeToAcknowledge = DurationStats::of(durations[1]);
    report.timeToMitigate = DurationStats::of(durations[2]);
    report.timeToResolve = DurationStats::of(durations[3]);
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

// ---- Prometheus ---------------------------------------------------------------------------

QByteArray prometheusLabelValue(const QString &value)
{
    QByteArray escaped;
    const QByteArray utf8 = value.toUtf8();
    escaped.reserve(utf8.size());
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            escaped += "\\\\";
            break;
        case '"':
            escaped += "\\\"";
            break;
        case '\n':
            escaped += "\\n";
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

namespace {

/// Upper bounds of the duration histograms, in seconds: a minute to three days.
constexpr std::array<int, 11> s_bucketSeconds{60,    300,   600,   900,   1800, 3600,
                                              7200,  14400, 28800, 86400, 259200};

struct Histogram
{
    std::array<qint64, s_bucketSeconds.size()> buckets{};
    qint64 count = 0;
    qint64 sumMs = 0;

    void add(qint64 ms)
    {
        for (size_t i = 0; i < s_bucketSeconds.size(); ++i) {
            buckets[i] += ms <= qint64(s_bucketSeconds[i]) * 1000 ? 1 : 0;
        }
        ++count;
        sumMs += ms;
    }
};

struct Family
{
    const char *name;
    const char *type;
    const char *help;
};

void header(QByteArray *text, const Family &family)
{
    *text += QByteArray("# HELP ") + family.name + ' ' + family.help + "\n# TYPE " + family.name
        + ' ' + family.type + '\n';
}

/// `{a="x",b="y"}` from name/value pairs, values escaped.
QByteArray labels(std::initializer_list<std::pair<const char *, QString>> pairs)
{
    QByteArray text = "{";
    for (const auto &[name, value] : pairs) {
        text += (text.size() > 1 ? "," : "") + QByteArray(name) + "=\""
            + prometheusLabelValue(value) + '"';
    }
    return text + '}';
}

QByteArray secondsText(qint64 ms)
{
    return QByteArray::number(double(ms) / 1000.0, 'g', 15);
}

void writeHistograms(QByteArray *text, const Family &family,
                     const QMap<QString, Histogram> &bySeverity)
{
    header(text, family);
    const QByteArray name(family.name);
    for (auto it = bySeverity.cbegin(); it != bySeverity.cend(); ++it) {
        for (size_t i = 0; i < s_bucketSeconds.size(); ++i) {
            *text += name + "_bucket"
                + labels({{"severity", it.key()},
                          {"le", QString::number(s_bucketSeconds[i])}})
                + ' ' + QByteArray::number(it->buckets[i]) + '\n';
        }
        *text += name + "_bucket" + labels({{"severity", it.key()}, {"le", u"+Inf"_s}}) + ' '
            + QByteArray::number(it->count) + '\n';
        *text += name + "_sum" + labels({{"severity", it.key()}}) + ' '
            + secondsText(it->sumMs) + '\n';
        *text += name + "_count" + labels({{"severity", it.key()}}) + ' '
            + QByteArray::number(it->count) + '\n';
    }
}

} // namespace

QByteArray prometheusIncidentMetrics(const Projection &projection, qint64 now)
{
    // Fold every incident once: durations, target outcomes and counts.
    std::array<QMap<QString, Histogram>, 4> histograms;
    QMap<QString, std::array<Compliance, 2>> compliance;
    QMap<std::tuple<QString, QString, QString, bool>, int> counts;
    for (const QString &severity : {u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s}) {
        for (auto &histogram : histograms) {
            histogram[severity];
        }
        compliance[severity];
    }
    for (const IncidentRecord *incident : projection.incidents()) {
        if (!incident->mergedInto.isEmpty()) {
            continue;
        }
        const QString severity = severityName(incident->severity);
        const std::array<qint64, 4> spans = durationsOf(*incident);
        for (size_t i = 0; i < spans.size(); ++i) {
            if (spans[i] >= 0) {
                histograms[i][severity].add(spans[i]);
            }
        }
        const QList<TargetState> targets = evaluateTargets(*incident, projection.targets(), now);
        count(&compliance[severity][0], targets.at(0).state);
        count(&compliance[severity][1], targets.at(1).state);
        ++counts[{severity, incident->service.isEmpty() ? u"(none)"_s : incident->service,
                  incident->team.isEmpty() ? u"(none)"_s : incident->team, incident->isOpen()}];
    }

    QByteArray text;
    const std::array<Family, 4> durationFamilies{{
        {"firebreak_incident_time_to_detect_seconds", "histogram",
         "Impact started to detected, per incident, by severity."},
        {"firebreak_incident_time_to_acknowledge_seconds", "histogram",
         "Detected to acknowledged, per incident, by severity."},
        {"firebreak_incident_time_to_mitigate_seconds", "histogram",
         "Detected to mitigated, per incident, by severity."},
        {"firebreak_incident_time_to_resolve_seconds", "histogram",
         "Detected to resolved, per incident, by severity."},
    }};
    for (size_t i = 0; i < durationFamilies.size(); ++i) {
        writeHistograms(&text, durationFamilies[i], histograms[i]);
    }

    header(&text, {"firebreak_incident_targets", "gauge",
                   "Incidents by target outcome (met, missed, pending), severity and target."});
    QByteArray ratios;
    const std::array<QString, 2> targetNames{u"first_response"_s, u"resolution"_s};
    for (auto it = compliance.cbegin(); it != compliance.cend(); ++it) {
        for (size_t t = 0; t < targetNames.size(); ++t) {
            const Compliance &c = it.value()[t];
            for (const auto &[outcome, value] : {std::pair{u"met"_s, c.met},
                                                 std::pair{u"missed"_s, c.missed},
                                                 std::pair{u"pending"_s, c.pending}}) {
                text += "firebreak_incident_targets"
                    + labels({{"severity", it.key()}, {"target", targetNames[t]},
                              {"outcome", outcome}})
                    + ' ' + QByteArray::number(value) + '\n';
            }
            if (c.share() >= 0) {
                ratios += "firebreak_incident_target_compliance_ratio"
                    + labels({{"severity", it.key()}, {"target", targetNames[t]}}) + ' '
                    + QByteArray::number(c.share(), 'g', 6) + '\n';
            }
        }
    }
    header(&text, {"firebreak_incident_target_compliance_ratio", "gauge",
                   "Met / (met + missed) by severity and target; absent until one came due."});
    text += ratios;

    header(&text, {"firebreak_incidents_recorded", "gauge",
                   "Incidents (merged duplicates left out) by severity, service, team and "
                   "whether they are open."});
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const auto &[severity, service, team, open] = it.key();
        text += "firebreak_incidents_recorded"
            + labels({{"severity", severity}, {"service", service}, {"team", team},
                      {"state", open ? u"open"_s : u"closed"_s}})
            + ' ' + QByteArray::number(it.value()) + '\n';
    }
    return text;
}

} // namespace Firebreak
