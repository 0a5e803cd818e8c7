// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "ingestor.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QJsonValue timeOrNull(qint64 ms)
{
    return ms > 0 ? QJsonValue(isoFromMs(ms)) : QJsonValue();
}

QStringList changedKeys(const QJsonObject &before, const QJsonObject &after)
{
    QStringList keys;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (before.value(it.key()) != it.value()) {
            keys.append(it.key());
        }
    }
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key())) {
            keys.append(it.key());
        }
    }
    return keys;
}

} // namespace

AlertIngestor::AlertIngestor(const Projection &projection, Emit emitter)
    : m_projection(projection)
    , m_emit(std::move(emitter))
{
}

bool AlertIngestor::send(const QString &type, const QString &incident, const QJsonObject &data)
{
    Event event = makeEvent(type, m_actor, incident, data);
    return m_emit(event);
}

bool AlertIngestor::ingest(const IntegrationRecord &integration, const NormalisedPayload &payload)
{
    m_integration = integration;
    m_actor = u"integration:"_s + integration.name;

    QStringList touched;
    for (const NormalisedAlert &alert : payload.alerts) {
        const bool ok = alert.firing ? ingestFiring(alert, payload.groupKey, &touched)
                                     : ingestResolved(alert, payload.groupKey, &touched);
        if (!ok) {
            return false;
        }
    }

    // Alerts left out of a truncated body are unknown, not resolved: say so on the incident.
    if (payload.truncatedAlerts > 0) {
        if (touched.isEmpty()) {
            if (const auto *open = m_projection.openIncidentForGroup(integration.id,
                                                                     payload.groupKey)) {
                touched.append(open->id);
            }
        }
        for (const QString &incident : std::as_const(touched)) {
            if (!send(u"incident.alerts_truncated"_s, incident,
                      {{u"count"_s, payload.truncatedAlerts}})) {
                return false;
            }
        }
    }
    return true;
}

bool AlertIngestor::ingestFiring(const NormalisedAlert &alert, const QString &groupKey,
                                 QStringList *touched)
{
    const AlertRecord *known = m_projection.latestAlert(m_integration.id, alert.dedupKey);
    const IncidentRecord *incident = known ? m_projection.incident(known->incident) : nullptr;

    // A still-firing alert repeated after a person resolved its incident is the same episode:
    // Alertmanager keeps startsAt while an alert fires, so only a new start is a new episode.
    const bool sameEpisode = known && known->status == u"firing"
        && (alert.startsAt == 0 || known->startsAt == alert.startsAt);

    if (known && incident && (incident->isOpen() || sameEpisode)) {
        const QString incidentId = incident->id;
        const QString alertId = known->id;
        if (!touched->contains(incidentId)) {
            touched->append(incidentId);
        }
        if (known->status != u"firing") {
            if (!send(u"alert.refired"_s, incidentId,
                      {{u"alert"_s, alertId}, {u"startsAt"_s, timeOrNull(alert.startsAt)}})) {
                return false;
            }
        } else if (known->annotations != alert.annotations || known->title != alert.title) {
            const QStringList changed = changedKeys(known->annotations, alert.annotations);
            if (!send(u"alert.updated"_s, incidentId,
                      {{u"alert"_s, alertId},
                       {u"title"_s, alert.title},
                       {u"annotations"_s, alert.annotations},
                       {u"previousAnnotations"_s, known->annotations},
                       {u"changed"_s, QJsonArray::fromStringList(changed)}})) {
                return false;
            }
        }
        return raiseSeverity(incidentId, alert.severity, alert.title);
    }

    // A new alert or a new episode: join the group's open incident or open one.
    const QString related = incident ? incident->id : QString();
    QString incidentId;
    if (const auto *open = m_projection.openIncidentForGroup(m_integration.id, groupKey)) {
        incidentId = open->id;
    } else if (!openIncident(alert, groupKey, related, &incidentId)) {
        return false;
    }
    if (!touched->contains(incidentId)) {
        touched->append(incidentId);
    }
    return receiveAlert(alert, groupKey, incidentId)
        && raiseSeverity(incidentId, alert.severity, alert.title);
}

bool AlertIngestor::ingestResolved(const NormalisedAlert &alert, const QString &groupKey,
                                   QStringList *touched)
{
    const AlertRecord *known = m_projection.latestAlert(m_integration.id, alert.dedupKey);
    if (!known) {
        // Never seen firing: keep the record, open nothing.
        return receiveAlert(alert, groupKey, QString());
    }
    if (known->status == u"resolved") {
        return true;
    }

    const QString incidentId = known->incident;
    const qint64 endsAt = alert.endsAt > 0 ? alert.endsAt : QDateTime::currentMSecsSinceEpoch();
    if (!send(u"alert.resolved"_s, incidentId,
              {{u"alert"_s, known->id}, {u"endsAt"_s, isoFromMs(endsAt)}})) {
        return false;
    }
    if (!incidentId.isEmpty() && !touched->contains(incidentId)) {
        touched->append(incidentId);
    }
    return announceAllResolved(incidentId);
}

bool AlertIngestor::openIncident(const NormalisedAlert &alert, const QString &groupKey,
                                 const QString &related, QString *incidentId)
{
    *incidentId = newUuid();
    QJsonObject data{
        {u"number"_s, m_projection.nextIncidentNumber()},
        {u"title"_s, alert.title},
        {u"severity"_s, severityName(alert.severity)},
        {u"service"_s, alert.service},
        {u"integration"_s, m_integration.id},
        {u"source"_s, m_integration.source},
        {u"groupKey"_s, groupKey},
    };
    if (!related.isEmpty()) {
        data.insert(u"relatedIncident"_s, related);
    }
    return send(u"incident.opened"_s, *incidentId, data);
}

bool AlertIngestor::receiveAlert(const NormalisedAlert &alert, const QString &groupKey,
                                 const QString &incident)
{
    const QJsonObject record{
        {u"id"_s, newUuid()},
        {u"integration"_s, m_integration.id},
        {u"source"_s, m_integration.source},
        {u"dedupKey"_s, alert.dedupKey},
        {u"status"_s, alert.firing ? u"firing"_s : u"resolved"_s},
        {u"severity"_s, severityName(alert.severity)},
        {u"sourceSeverity"_s, alert.sourceSeverity},
        {u"title"_s, alert.title},
        {u"service"_s, alert.service},
        {u"groupKey"_s, groupKey},
        {u"generatorURL"_s, alert.generatorUrl},
        {u"labels"_s, alert.labels},
        {u"annotations"_s, alert.annotations},
        {u"startsAt"_s, timeOrNull(alert.startsAt)},
        {u"endsAt"_s, timeOrNull(alert.firing ? 0 : alert.endsAt)},
    };
    return send(u"alert.received"_s, incident, {{u"alert"_s, record}, {u"raw"_s, alert.raw}});
}

bool AlertIngestor::raiseSeverity(const QString &incidentId, Severity severity,
                                  const QString &alertTitle)
{
    const IncidentRecord *incident = m_projection.incident(incidentId);
    if (!incident || !moreSevere(severity, incident->severity)) {
        return true;
    }
    return send(u"incident.severity_changed"_s, incidentId,
                {{u"from"_s, severityName(incident->severity)},
                 {u"to"_s, severityName(severity)},
                 {u"reason"_s, QString(u"alert joined: "_s + alertTitle)}});
}

bool AlertIngestor::announceAllResolved(const QString &incidentId)
{
    const IncidentRecord *incident = m_projection.incident(incidentId);
    if (!incident || !incident->alertsAllResolved()) {
        return true;
    }
    return send(u"incident.alerts_resolved"_s, incidentId,
                {{u"alerts"_s, int(incident->alertIds.size())}});
}

} // namespace Firebreak
