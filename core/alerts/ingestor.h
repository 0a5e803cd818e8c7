// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/event.h"
#include "model/projection.h"

#include <functional>

namespace Firebreak {

/**
 * Turns a normalised delivery into events: alerts received, updated, resolved and refired;
 * incidents opened, joined, raised in severity, told that all their alerts resolved or that
 * alerts were not delivered.
 *
 * The ingestor reads the projection and writes through `emit`, which must append the event to
 * the log and apply it to the same projection before returning, so that later alerts of the
 * same delivery see the earlier ones. The rules are documented in docs/alerts.md.
 */
class AlertIngestor
{
public:
    using Emit = std::function<bool(Event &event)>;

    AlertIngestor(const Projection &projection, Emit emitter);

    /// Returns false when an append failed; the caller then rolls the whole batch back.
    bool ingest(const IntegrationRecord &integration, const NormalisedPayload &payload);

private:
    bool ingestFiring(const NormalisedAlert &alert, const QString &groupKey,
                      QStringList *touched);
    bool ingestResolved(const NormalisedAlert &alert, const QString &groupKey,
                        QStringList *touched);
    bool openIncident(const NormalisedAlert &alert, const QString &groupKey,
                      const QString &related, QString *incidentId);
    bool receiveAlert(const NormalisedAlert &alert, const QString &groupKey,
                      const QString &incident);
    bool raiseSeverity(const QString &incidentId, Severity severity, const QString &alertTitle);
    bool announceAllResolved(const QString &incidentId);
    bool send(const QString &type, const QString &incident, const QJsonObject &data);

    const Projection &m_projection;
    Emit m_emit;
    IntegrationRecord m_integration;
    QString m_actor;
};

} // namespace Firebreak
