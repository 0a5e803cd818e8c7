// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/projection.h"

#include <QJsonObject>
#include <QMap>

namespace Firebreak {

/// Durations in milliseconds over a set of incidents; percentiles by nearest rank.
struct DurationStats
{
    int count = 0;
    qint64 mean = 0;
    qint64 p50 = 0;
    qint64 p90 = 0;
    qint64 p95 = 0;
    qint64 max = 0;

    static DurationStats of(QList<qint64> values);
    QJsonObject toJson() const;
};

/// Met and missed targets; `pending` are open incidents whose target has not come due.
struct Compliance
{
    int met = 0;
    int missed = 0;
    int pending = 0;
    /// met / (met + missed), or -1 when nothing has come due.
    double share() const;
};

struct MetricsFilter
{
    qint64 from = 0; ///< incidents detected at or after (0: no bound)
    qint64 to = 0;   ///< incidents detected before (0: no bound)
    QString service;
    QString team;
    Severity severity = Severity::Unknown; ///< Unknown: every severity
    /// Trend bucket: "day" or "week" (weeks start on Monday, UTC).
    QString period = QStringLiteral("day");
};

/**
 * The figures incident managers are judged by, computed from the projection: time to detect
 * (impact started → detected), acknowledge, mitigate and resolve (each from detection), target
 * compliance per severity, and incident counts by severity, service, team and period.
 * Merged duplicates are left out: they are counted in the incident they were merged into.
 */
struct MetricsReport
{
    int incidents = 0;
    int open = 0;
    DurationStats timeToDetect;
    DurationStats timeToAcknowledge;
    DurationStats timeToMitigate;
    DurationStats timeToResolve;
    QMap<QString, Compliance> firstResponse; ///< by severity name
    QMap<QString, Compliance> resolution;    ///< by severity name
    QMap<QString, int> bySeverity;
    QMap<QString, int> byService;
    QMap<QString, int> byTeam;
    QMap<QString, int> byPeriod; ///< ISO date of the bucket's first day → count

    QJsonObject toJson() const;
    /// One row per figure: section,key,count,mean_s,p50_s,p90_s,p95_s,max_s,share
    QByteArray toCsv() const;
};

MetricsReport computeMetrics(const Projection &projection, const MetricsFilter &filter,
                             qint64 now);

/**
 * The same figures for Prometheus, in its text exposition format with HELP and TYPE lines:
 * histograms (seconds) of time to detect, acknowledge, mitigate and resolve by severity, target
 * outcomes and compliance ratios by severity and target, and incident counts by severity,
 * service, team and state. Trends come from Prometheus itself (rate, increase over a range).
 */
QByteArray prometheusIncidentMetrics(const Projection &projection, qint64 now);

/// A label value escaped for the Prometheus text format: backslash, double quote, newline.
QByteArray prometheusLabelValue(const QString &value);

} // namespace Firebreak
