// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "targets.h"

#include "model/projection.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr qint64 s_minute = 60 * 1000;
constexpr qint64 s_hour = 60 * s_minute;
constexpr qint64 s_maxTargetMs = 365 * 24 * s_hour;

std::size_t indexOf(Severity severity)
{
    return severity == Severity::Unknown ? 3 : std::size_t(severity) - 1;
}

// One target: from `start` to `stop` (0 while not reached) with `allowed` time.
TargetState evaluateOne(const QString &name, qint64 start, qint64 stop, qint64 allowed,
                        double atRisk, qint64 now)
{
    TargetState state;
    state.target = name;
    if (allowed <= 0 || start <= 0) {
        return state;
    }
    // A stop before the start (milestones stored out of order by an earlier version) is no
    // measurement: neither met nor missed.
    if (stop > 0 && stop < start) {
        return state;
    }
    state.deadline = start + allowed;
    if (stop > 0) {
        state.state = stop <= state.deadline ? TargetState::State::Met
                                             : TargetState::State::Missed;
        return state;
    }
    state.remainingMs = state.deadline - now;
    if (now >= state.deadline) {
        state.state = TargetState::State::Breached;
    } else if (now >= start + qint64(double(allowed) * atRisk)) {
        state.state = TargetState::State::AtRisk;
    } else {
        state.state = TargetState::State::OnTrack;
    }
    return state;
}

} // namespace

TargetPolicy::TargetPolicy()
{
    m_targets = {SeverityTarget{15 * s_minute, 2 * s_hour},
                 SeverityTarget{15 * s_minute, 8 * s_hour},
                 SeverityTarget{15 * s_minute, 24 * s_hour},
                 SeverityTarget{15 * s_minute, 72 * s_hour}};
}

SeverityTarget TargetPolicy::target(Severity severity) const
{
    return m_targets.at(indexOf(severity));
}

void TargetPolicy::setTarget(Severity severity, const SeverityTarget &target)
{
    m_targets.at(indexOf(severity)) = target;
}

QJsonObject TargetPolicy::toJson() const
{
    QJsonObject severities;
    for (Severity severity : {Severity::P1, Severity::P2, Severity::P3, Severity::P4}) {
        const SeverityTarget t = target(severity);
        const QJsonObject minutes{
            {u"firstResponseMinutes"_s, double(t.firstResponseMs) / s_minute},
            {u"resolutionMinutes"_s, double(t.resolutionMs) / s_minute}};
        severities.insert(severityName(severity), minutes);
    }
    return {{u"severities"_s, severities}, {u"atRiskFraction"_s, m_atRiskFraction}};
}

bool TargetPolicy::fromJson(const QJsonObject &object, QString *error)
{
    TargetPolicy next = *this;
    const QJsonObject severities = object.value(u"severities"_s).toObject();
    for (auto it = severities.begin(); it != severities.end(); ++it) {
        const Severity severity = severityFromName(it.key());
        const QJsonObject values = it.value().toObject();
        if (severity == Severity::Unknown || !it.value().isObject()) {
            *error = u"targets are given per severity P1 to P4, as objects"_s;
            return false;
        }
        SeverityTarget target = next.target(severity);
        for (const auto &[key, field] :
             {std::pair{u"firstResponseMinutes"_s, &SeverityTarget::firstResponseMs},
              std::pair{u"resolutionMinutes"_s, &SeverityTarget::resolutionMs}}) {
            if (!values.contains(key)) {
                continue;
            }
            const double minutes = values.value(key).toDouble(-1);
            if (!values.value(key).isDouble() || minutes < 0
                || minutes * s_minute > double(s_maxTargetMs)) {
                *error = u"%1.%2 must be a number of minutes from 0 (no target) to one year"_s
                             .arg(it.key(), key);
                return false;
            }
            target.*field = qint64(minutes * s_minute);
        }
        next.setTarget(severity, target);
    }
    if (object.contains(u"atRiskFraction"_s)) {
        const double fraction = object.value(u"atRiskFraction"_s).toDouble(-1);
        if (fraction <= 0 || fraction >= 1) {
            *error = u"atRiskFraction must be between 0 and 1"_s;
            return false;
        }
        next.m_atRiskFraction = fraction;
    }
    *this = next;
    return true;
}

QString targetStateName(TargetState::State state)
{
    switch (state) {
    case TargetState::State::NotApplicable:
        return u"none"_s;
    case TargetState::State::OnTrack:
        return u"on_track"_s;
    case TargetState::State::AtRisk:
        return u"at_risk"_s;
    case TargetState::State::Breached:
        return u"breached"_s;
    case TargetState::State::Met:
        return u"met"_s;
    case TargetState::State::Missed:
        return u"missed"_s;
    }
    return QString();
}

QList<TargetState> evaluateTargets(const IncidentRecord &incident, const TargetPolicy &policy,
                                   qint64 now)
{
    const SeverityTarget target = policy.target(incident.severity);
    const qint64 detected = incident.milestone(u"detected"_s);
    // Resolving without acknowledging first still answers the page.
    qint64 responded = incident.milestone(u"acknowledged"_s);
    if (responded == 0) {
        responded = incident.milestone(u"resolved"_s);
    }
    return {evaluateOne(u"first_response"_s, detected, responded,
                        target.firstResponseMs, policy.atRiskFraction(), now),
            evaluateOne(u"resolution"_s, detected, incident.milestone(u"resolved"_s),
                        target.resolutionMs, policy.atRiskFraction(), now)};
}

} // namespace Firebreak
