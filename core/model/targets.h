// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QJsonObject>
#include <QList>

#include <array>

namespace Firebreak {

struct IncidentRecord;

/// Time allowed per severity, in milliseconds; 0 means no target.
struct SeverityTarget
{
    qint64 firstResponseMs = 0;
    qint64 resolutionMs = 0;
};

/// What a severity means to the organisation: shown when people choose one.
struct SeverityDefinition
{
    QString name;
    QString description;
    QString criteria;
};

/**
 * Response and resolution targets per severity (defaults: first response 15 min for every
 * severity; resolution 2 h for P1, 8 h for P2, 24 h for P3, 72 h for P4). A target is at risk
 * once `atRiskFraction` of its time has passed, breached when all of it has.
 */
class TargetPolicy
{
public:
    TargetPolicy();

    SeverityTarget target(Severity severity) const;
    void setTarget(Severity severity, const SeverityTarget &target);
    double atRiskFraction() const { return m_atRiskFraction; }
    void setAtRiskFraction(double fraction) { m_atRiskFraction = fraction; }

    QJsonObject toJson() const;
    /// Reads the form of toJson(); false with a message on bad input, leaving this unchanged.
    bool fromJson(const QJsonObject &object, QString *error);

private:
    std::array<SeverityTarget, 4> m_targets;
    double m_atRiskFraction = 0.8;
};

/// Where one incident stands against one target at a given time.
struct TargetState
{
    enum class State { NotApplicable, OnTrack, AtRisk, Breached, Met, Missed };
    QString target; // "first_response" or "resolution"
    State state = State::NotApplicable;
    qint64 deadline = 0;
    qint64 remainingMs = 0;
};

QString targetStateName(TargetState::State state);
/// Both targets of an incident at `now` (ms since the epoch).
QList<TargetState> evaluateTargets(const IncidentRecord &incident, const TargetPolicy &policy,
                                   qint64 now);

} // namespace Firebreak
