// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "alerts/routing.h"
#include "events/event.h"
#include "model/projection.h"

#include <functional>

namespace Firebreak {

/**
 * Turns a normalised delivery into events: alerts received, updated, acknowledged, resolved,
 * refired, suppressed and attached; incidents opened, joined, raised in severity, told that
 * all their alerts resolved or that alerts were not delivered, and — where the route says so —
 * acknowledged or resolved with their alerts.
 *
 * Every alert is placed first (routes, grouping, silences; see Routing::place), then checked
 * against what the log already says about it, so retries, repeats, resolves before triggers and
 * double resolves add nothing. Suppressed alerts (silence, maintenance, threshold not yet
 * reached, flapping, a suppressing route) are recorded like any other and open no incident.
 *
 * The ingestor reads the projection and writes through `emit`, which must append the event to
 * the log and apply it to the same projection before returning, so that later alerts of the
 * same delivery see the earlier ones. Time comes from the clock (ms since the epoch), so tests
 * control it. The rules are documented in docs/alerts.md.
 */
class AlertIngestor
{
public:
    using Emit = std::function<bool(Event &event)>;
    using Clock = std::function<qint64()>;
    /**
     * Appends and applies an alert.received event whose data holds `record` and `delivery`:
     * like Emit, but the projection is given the record (Projection::applyReceivedAlert)
     * instead of reading the data. Without one, Emit gets the event with its data parsed.
     */
    using EmitReceived = std::function<bool(Event &event, AlertRecord &&record,
                                            const QString &delivery)>;
    /// Says whether a delivery id of an integration was already taken in by other means.
    using DeliveryCheck = std::function<bool(const QString &integration, const QString &id)>;

    AlertIngestor(const Projection &projection, Emit emitter, Clock clock = {});

    void setDeliveryCheck(DeliveryCheck check) { m_deliverySeen = std::move(check); }
    void setReceivedEmitter(EmitReceived emitter) { m_emitReceived = std::move(emitter); }

    /// Returns false when an append failed; the caller then rolls the whole batch back.
    bool ingest(const IntegrationRecord &integration, const NormalisedPayload &payload);
    /// The last ingest() was a retry of a delivery already taken in: nothing was added.
    bool wasDuplicate() const { return m_duplicate; }
    /// Events the last ingest() produced.
    int eventCount() const { return m_events; }

private:
    struct Routed
    {
        NormalisedAlert alert;
        Placement placement;
    };

    bool ingestFiring(const Routed &routed, QStringList *touched);
    bool continueEpisode(const Routed &routed, const AlertRecord &known, QStringList *touched);
    bool reconsiderDetached(const Routed &routed, const AlertRecord &known, QStringList *touched);
    bool startEpisode(const Routed &routed, const AlertRecord *previous, QStringList *touched);
    bool joinOrOpen(const Routed &routed, const QString &related, QString *incidentId);
    bool releasePending(const Routed &routed, const QString &incidentId);
    bool ingestAcknowledged(const Routed &routed, QStringList *touched);
    bool ingestResolved(const Routed &routed, QStringList *touched);

    bool openIncident(const Routed &routed, const QString &related, QString *incidentId);
    bool receiveAlert(const Routed &routed, const QString &incident, const QString &suppressed,
                      const QString &silence = QString());
    QByteArray receivedAlertText(const AlertRecord &record, const NormalisedAlert &alert,
                                 const QString &scope, qint64 *startsAt, qint64 *endsAt) const;
    bool raiseSeverity(const QString &incidentId, Severity severity, const QString &alertTitle);
    bool announceAllResolved(const QString &incidentId, const AlertRecord &resolved);
    bool followAcknowledgement(const QString &incidentId);
    bool send(const QString &type, const QString &incident, QJsonObject data);

    Routed route(const NormalisedAlert &alert, const QString &groupKey) const;
    const IncidentRecord *openIncidentFor(const Placement &placement) const;
    const RouteRecord *routeOfIncident(const QString &incidentId) const;
    bool flapping(const NormalisedAlert &alert, const Placement &placement, int extra) const;

    const Projection &m_projection;
    Emit m_emit;
    EmitReceived m_emitReceived;
    Clock m_clock;
    DeliveryCheck m_deliverySeen;
    IntegrationRecord m_integration;
    QList<const RouteRecord *> m_routes;
    QString m_actor;
    QString m_delivery;
    qint64 m_now = 0;
    bool m_duplicate = false;
    int m_events = 0;
};

} // namespace Firebreak
