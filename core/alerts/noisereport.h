// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

namespace Firebreak {

class AlertState;

/**
 * How noisy each source and each route has been over a period, folded from the event log:
 * alerts, incidents, alerts per incident, suppressed alerts by reason, flapping alerts, the
 * share of incidents that resolved automatically and the share acknowledged and then resolved
 * with nothing done in between; and the routes and sources worth tuning, with the reasons.
 *
 * Feed it events in sequence order with add(), then read toJson().
 */
class NoiseReport
{
public:
    NoiseReport(qint64 since, qint64 until);

    void add(const Event &event);
    /// Names routes from the current configuration; routes deleted since keep their id.
    QJsonObject toJson(const AlertState &state) const;

    struct Figures
    {
        int alerts = 0;
        int incidents = 0;
        int flapping = 0;
        int resolved = 0;
        int autoResolved = 0;
        int acknowledged = 0;
        int acknowledgedWithoutAction = 0;
        QHash<QString, int> suppressed;
    };

private:
    struct Attribution
    {
        QString source;
        QString route;
    };
    struct IncidentTrack
    {
        Attribution attribution;
        bool acknowledged = false;
        bool acted = false;
    };

    void countAlert(const QJsonObject &alert);
    void trackIncident(const Event &event, const QJsonObject &data);
    Figures &source(const Attribution &attribution) { return m_sources[attribution.source]; }
    Figures &route(const Attribution &attribution) { return m_routes[attribution.route]; }

    qint64 m_since;
    qint64 m_until;
    QHash<QString, Figures> m_sources;
    QHash<QString, Figures> m_routes;
    QHash<QString, Attribution> m_alerts;
    QHash<QString, IncidentTrack> m_incidents;
};

} // namespace Firebreak
