// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/hashedstring.h"
#include "model/labelmatcher.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>
#include <QVarLengthArray>

namespace Firebreak {

/// An integration as alert ingestion needs it: its source and settings (docs/alerts.md).
struct IntegrationSettings
{
    QString id;
    QString name;
    QString source;
    /// Settings with signing secrets sealed (see SealedSecrets), never in clear.
    QJsonObject config;
    /// The SNS topic last confirmed for a cloudwatch integration.
    QString subscribedTopic;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// The settings as shown to people: signing secrets reduced to their count.
    QJsonObject publicConfig() const;
};

/**
 * A routing rule: alerts its matchers select get a service, team, severity and escalation, are
 * grouped by its keys within its window, may wait for a threshold, and are watched for
 * flapping. Routes are tried by position (then age); the first enabled match wins.
 */
struct RouteRecord
{
    QString id;
    QString name;
    int position = 0;
    bool enabled = true;
    QList<LabelMatcher> matchers;
    QString service;
    QString team;
    QString escalation;
    /// The severity it sets; Unknown keeps the alert's own.
    Severity severity = Severity::Unknown;
    /// Labels whose values form the group key; empty keeps the source's grouping.
    QStringList groupBy;
    /// New alerts join the group's open incident only if it opened within this many ms (0: any).
    qint64 groupWindowMs = 0;
    /// Open an incident only once this many alerts arrived within thresholdWindowMs (≤ 1: off).
    int thresholdAlerts = 0;
    qint64 thresholdWindowMs = 0;
    /// Flapping: this many firing/resolved transitions within flapWindowMs (0: off).
    int flapTransitions = 0;
    qint64 flapWindowMs = 0;
    /// Resolve the incident when all its alerts resolve.
    bool autoResolve = false;
    /// Acknowledge the incident when its source acknowledges every active alert.
    bool followSourceAcknowledgement = true;
    /// Keep the alerts (suppressed, visible) but never open incidents for them.
    bool suppress = false;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// Reads a route as given in a command or event; false with the reason naming the field.
    static bool fromJson(const QJsonObject &json, RouteRecord *route, QString *error);
    QJsonObject toJson() const;
};

/// Flapping watch used where no route says otherwise.
constexpr int DefaultFlapTransitions = 6;
constexpr qint64 DefaultFlapWindowMs = 30 * 60 * 1000;

/// A silence or maintenance window: alerts it matches between its start and end are kept but
/// suppressed. Expired early by a person, or by time.
struct SilenceRecord
{
    QString id;
    /// "silence" or "maintenance".
    QString kind;
    QList<LabelMatcher> matchers;
    qint64 startsAt = 0;
    qint64 endsAt = 0;
    QString comment;
    QString createdBy;
    qint64 createdAt = 0;
    qint64 expiredAt = 0;
    QString expiredBy;

    bool isActive(qint64 now) const;
    /// "pending", "active" or "expired".
    QString state(qint64 now) const;
    static bool fromJson(const QJsonObject &json, SilenceRecord *silence, QString *error);
    QJsonObject toJson(qint64 now) const;
};

/// What the alert side of the projection reads of an alert.received event.
struct ReceivedAlertKeys
{
    QString alert;
    QString integration;
    QString dedupKey;
    QString status;
    QString suppressed;
    /// The alert's groupScope, or its integration when it has none.
    QString groupScope;
    QString groupKey;
    /// The event's delivery id, or empty.
    QString delivery;
    /// The alert's identity, groupIndex(integration, dedupKey), when the caller has it made
    /// already (the projection shares one string and its hash for its indexes); empty: made
    /// here.
    HashedString identity;
};

/**
 * The alert side of the projection: integration settings, routes, silences, and the indexes
 * ingestion needs (incidents by group, deliveries seen, alerts waiting for a threshold,
 * transitions for flapping). Folded from the same events as the rest of the projection.
 */
class AlertState
{
public:
    /// `alertIdentity`: for an event on an alert received earlier (alert.resolved, …), the
    /// alert's groupIndex(integration, dedupKey), which the projection knows from its record;
    /// empty for other events and unknown alerts.
    void apply(const Event &event, const QJsonObject &data, const QString &alertIdentity);
    /// What apply() does for an alert.received event with these keys.
    void applyReceived(const ReceivedAlertKeys &keys, qint64 at);

    const IntegrationSettings *integration(const QString &id) const;
    QList<const IntegrationSettings *> integrations() const;
    /// Routes in the order they are tried.
    QList<const RouteRecord *> routes() const;
    const RouteRecord *route(const QString &id) const;
    /// Silences newest first.
    QList<const SilenceRecord *> silences() const;
    const SilenceRecord *silence(const QString &id) const;
    /// The first silence or maintenance window active now that matches, or null.
    const SilenceRecord *activeSilence(const MatchSubject &subject, qint64 now) const;

    /// The incidents opened for a group, newest first (at most the last few).
    QStringList incidentsOfGroup(const QString &scope, const QString &groupKey) const;
    /// The route an incident was opened under, or empty.
    QString incidentRoute(const QString &incident) const;
    /// True when this delivery of this integration was already ingested.
    bool deliverySeen(const QString &integration, const QString &deliveryId) const;
    /// Alerts of the group still waiting for a route's threshold, oldest first.
    QStringList pendingAlerts(const QString &scope, const QString &groupKey) const;
    /// Times (ms) of the firing/resolved transitions of an alert identity, oldest first.
    QList<qint64> transitions(const QString &integration, const QString &dedupKey) const;

private:
    void applyIntegration(const Event &event, const QJsonObject &data);
    void applyRoute(const Event &event, const QJsonObject &data);
    void applySilence(const Event &event, const QJsonObject &data);
    void applyAlert(const Event &event, const QJsonObject &data, const QString &identity);
    void noteTransition(const HashedString &identity, qint64 at);

    QHash<QString, IntegrationSettings> m_integrations;
    QHash<QString, RouteRecord> m_routes;
    QHash<QString, SilenceRecord> m_silences;
    QList<QString> m_silenceOrder;
    QHash<QString, QStringList> m_incidentsByGroup;
    QHash<QString, QString> m_incidentRoute;
    QSet<QString> m_deliveries;
    QHash<QString, QStringList> m_pending;
    QHash<QString, QString> m_pendingKeyOfAlert;
    // One time for most identities (an alert fired once): kept in the node, not allocated.
    QHash<HashedString, QVarLengthArray<qint64, 1>> m_transitions;
};

/// The key of a group in the indexes: scope (integration or route id) and group key.
QString groupIndex(const QString &scope, const QString &groupKey);

} // namespace Firebreak
