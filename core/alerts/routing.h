// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "model/alertstate.h"
#include "model/projection.h"

namespace Firebreak {

struct AlertRecord;
class Projection;

/**
 * Where an alert goes: the route that matched (or none) and what it decided — service, team,
 * escalation and severity, the group the alert joins, the threshold and flapping watch, and
 * the silence or maintenance window that suppresses it. Pure: computed from the alert state and
 * a time, so the dry run of the routes editor uses the same code as ingestion.
 */
struct Placement
{
    const RouteRecord *route = nullptr;
    const SilenceRecord *silence = nullptr;
    QString service;
    QString team;
    QString escalation;
    Severity severity = Severity::P4;
    /// An integration id, or "route:ID" when the route groups by labels across integrations.
    QString scope;
    QString groupKey;
    qint64 groupWindowMs = 0;
    int thresholdAlerts = 0;
    qint64 thresholdWindowMs = 0;
    int flapTransitions = DefaultFlapTransitions;
    qint64 flapWindowMs = DefaultFlapWindowMs;
    bool autoResolve = false;
    bool followSourceAcknowledgement = true;
    bool suppress = false;

    QJsonObject toJson() const;
};

namespace Routing {

/// The subject matchers see for a normalised alert of an integration.
MatchSubject subjectOf(const QString &source, const QString &integrationName,
                       const NormalisedAlert &alert);
/// The subject matchers see for a stored alert.
MatchSubject subjectOf(const AlertRecord &alert, const QString &integrationName);

/**
 * Places an alert: tries `routes` in order (the first enabled route whose matchers all match
 * wins), applies what it sets, computes the group (the route's groupBy labels, else
 * `sourceGroupKey` within the integration) and looks for an active silence at `now`.
 */
Placement place(const QList<const RouteRecord *> &routes, const AlertState &state,
                const QString &integrationId, const MatchSubject &subject,
                const QString &sourceGroupKey, qint64 now);

/// The group key a route's groupBy gives: `name="value"` pairs in groupBy order.
QString groupKeyOf(const QStringList &groupBy, const MatchSubject &subject);

/// Transitions within the window ending at now, plus `extra` about to happen, reach the limit.
bool isFlapping(const QList<qint64> &transitions, const Placement &placement, qint64 now,
                int extra);

/**
 * What a dry run reads, copied out of the projection so that it can run on another thread:
 * the routes and active silences with matchers compiled afresh (nothing shared with the
 * projection's), the integrations' names and the newest alerts.
 */
struct DryRunInput
{
    QList<RouteRecord> current;
    QList<RouteRecord> proposed;
    QList<SilenceRecord> silences;
    QHash<QString, QString> integrationNames;
    QList<AlertRecord> alerts;
    qint64 now = 0;
    /// Work allowed, in ms of wall-clock time (0: no bound); past it the report stops early
    /// with `summary.complete` false.
    qint64 budgetMs = 0;
};

/// Copies what dryRun() needs from the projection (on its thread).
DryRunInput dryRunInput(const Projection &projection, const QList<RouteRecord> &candidates,
                        int limit, qint64 now);
/// The dry run of a snapshot; safe on any thread.
QJsonObject dryRun(const DryRunInput &input);

/**
 * The dry run of the routes editor: places the newest `limit` alerts of the projection under
 * the current routes and under `candidates`, and reports for each alert both placements and
 * whether they differ, plus a summary per candidate route (alerts matched, suppressed).
 * Silences are those of the projection, at `now`.
 */
QJsonObject dryRun(const Projection &projection, const QList<RouteRecord> &candidates, int limit,
                   qint64 now);

} // namespace Routing
} // namespace Firebreak
