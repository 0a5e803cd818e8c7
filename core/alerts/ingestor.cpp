// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "ingestor.h"

#include "events/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

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

// The same text written the same way is the same object; only different texts are read and
// compared again, in Qt's compact form (rare). Not with QJsonObject's ==, which can call
// objects with the same members different (a string Qt's parser read from text that began
// with a byte order mark, against the same string read without one).
bool annotationsChanged(const AlertRecord &known, const NormalisedAlert &alert)
{
    return AlertRecord::storedObjectText(alert.annotationsText()) != known.annotationsJson
        && JsonText::compact(known.annotations()) != JsonText::compact(alert.annotationsObject());
}

void touch(QStringList *touched, const QString &incident)
{
    if (!incident.isEmpty() && !touched->contains(incident)) {
        touched->append(incident);
    }
}

// A trigger that belongs to an episode the log already saw end (a late retry, or a trigger
// that lost the race with its own resolve).
bool isStaleTrigger(const NormalisedAlert &alert, const AlertRecord &known)
{
    if (known.status != u"resolved" || alert.startsAt <= 0) {
        return false;
    }
    return alert.startsAt == known.startsAt || (known.endsAt > 0 && alert.startsAt < known.endsAt);
}

} // namespace

AlertIngestor::AlertIngestor(const Projection &projection, Emit emitter, Clock clock)
    : m_projection(projection)
    , m_emit(std::move(emitter))
    , m_clock(clock ? std::move(clock) : Clock(&QDateTime::currentMSecsSinceEpoch))
{
}

bool AlertIngestor::send(const QString &type, const QString &incident, QJsonObject data)
{
    if (!m_delivery.isEmpty() && type.startsWith(u"alert.")) {
        data.insert(u"delivery"_s, m_delivery);
    }
    Event event = makeEvent(type, m_actor, incident, data);
    event.at = m_now;
    ++m_events;
    return m_emit(event);
}

bool AlertIngestor::ingest(const IntegrationRecord &integration, const NormalisedPayload &payload)
{
    m_integration = integration;
    m_actor = u"integration:"_s + integration.name;
    m_now = m_clock();
    m_events = 0;
    m_delivery = payload.deliveryId;
    m_duplicate = !m_delivery.isEmpty()
        && (m_projection.alertState().deliverySeen(integration.id, m_delivery)
            || (m_deliverySeen && m_deliverySeen(integration.id, m_delivery)));
    if (m_duplicate) {
        return true;
    }
    m_routes = m_projection.alertState().routes();

    QStringList touched;
    for (const NormalisedAlert &alert : payload.alerts) {
        const Routed routed = route(alert, payload.groupKey);
        bool ok = true;
        switch (alert.status) {
        case AlertStatus::Firing:
            ok = ingestFiring(routed, &touched);
            break;
        case AlertStatus::Acknowledged:
            ok = ingestAcknowledged(routed, &touched);
            break;
        case AlertStatus::Resolved:
            ok = ingestResolved(routed, &touched);
            break;
        }
        if (!ok) {
            return false;
        }
    }

    // Alerts left out of a truncated body are unknown, not resolved: say so on the incident.
    if (payload.truncatedAlerts > 0) {
        if (touched.isEmpty()) {
            if (const auto *open = m_projection.openIncidentInGroup(integration.id,
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

AlertIngestor::Routed AlertIngestor::route(const NormalisedAlert &alert,
                                           const QString &groupKey) const
{
    QString sourceGroup = alert.groupKey.isEmpty() ? groupKey : alert.groupKey;
    if (sourceGroup.isEmpty()) {
        sourceGroup = alert.dedupKey;
    }
    const MatchSubject subject = Routing::subjectOf(m_integration.source, m_integration.name,
                                                    alert);
    Routed routed{alert, Routing::place(m_routes, m_projection.alertState(), m_integration.id,
                                        subject, sourceGroup, m_now)};
    routed.alert.service = routed.placement.service;
    routed.alert.severity = routed.placement.severity;
    return routed;
}

const IncidentRecord *AlertIngestor::openIncidentFor(const Placement &placement) const
{
    const IncidentRecord *open = m_projection.openIncidentInGroup(placement.scope,
                                                                  placement.groupKey);
    if (open && placement.groupWindowMs > 0 && open->createdAt < m_now - placement.groupWindowMs) {
        return nullptr;
    }
    return open;
}

const RouteRecord *AlertIngestor::routeOfIncident(const QString &incidentId) const
{
    const QString routeId = m_projection.alertState().incidentRoute(incidentId);
    return routeId.isEmpty() ? nullptr : m_projection.alertState().route(routeId);
}

bool AlertIngestor::flapping(const NormalisedAlert &alert, const Placement &placement,
                             int extra) const
{
    const QList<qint64> transitions = m_projection.alertState().transitions(m_integration.id,
                                                                            alert.dedupKey);
    return Routing::isFlapping(transitions, placement, m_now, extra);
}

bool AlertIngestor::ingestFiring(const Routed &routed, QStringList *touched)
{
    const AlertRecord *found = m_projection.latestAlert(m_integration.id, routed.alert.dedupKey);
    if (!found) {
        return startEpisode(routed, nullptr, touched);
    }
    const AlertRecord known = *found;
    if (isStaleTrigger(routed.alert, known)) {
        return true;
    }
    const IncidentRecord *incident = m_projection.incident(known.incident);
    const bool incidentOpen = incident && incident->isOpen();
    // A still-firing alert repeated after a person resolved its incident is the same episode:
    // sources keep startsAt while an alert fires, so only a new start is a new episode.
    const bool sameEpisode = known.status != u"resolved"
        && (routed.alert.startsAt == 0 || known.startsAt == 0
            || known.startsAt == routed.alert.startsAt);

    if (known.status != u"resolved" && known.incident.isEmpty()) {
        return reconsiderDetached(routed, known, touched);
    }
    if (incidentOpen || sameEpisode) {
        return continueEpisode(routed, known, touched);
    }
    return startEpisode(routed, &known, touched);
}

bool AlertIngestor::continueEpisode(const Routed &routed, const AlertRecord &known,
                                    QStringList *touched)
{
    const NormalisedAlert &alert = routed.alert;
    touch(touched, known.incident);
    const QJsonObject ref{{u"alert"_s, known.id}};
    bool muted = known.suppressed == u"flapping";

    if (known.status == u"resolved") {
        if (!send(u"alert.refired"_s, known.incident,
                  {{u"alert"_s, known.id}, {u"startsAt"_s, timeOrNull(alert.startsAt)}})) {
            return false;
        }
        const bool nowFlapping = flapping(alert, routed.placement, 0);
        if (nowFlapping && !muted) {
            muted = true;
            if (!send(u"alert.suppressed"_s, known.incident,
                      {{u"alert"_s, known.id}, {u"reason"_s, u"flapping"_s}})) {
                return false;
            }
        }
    } else if (known.status == u"acknowledged"
               && !send(u"alert.unacknowledged"_s, known.incident, ref)) {
        return false;
    } else if (known.title != alert.title || annotationsChanged(known, alert)) {
        const QJsonObject previous = known.annotations();
        const QJsonObject annotations = alert.annotationsObject();
        const QStringList changed = changedKeys(previous, annotations);
        if (!send(u"alert.updated"_s, known.incident,
                  {{u"alert"_s, known.id},
                   {u"title"_s, alert.title},
                   {u"annotations"_s, annotations},
                   {u"previousAnnotations"_s, previous},
                   {u"changed"_s, QJsonArray::fromStringList(changed)}})) {
            return false;
        }
    }
    // A flapping alert calms down once its transitions fall below the limit.
    if (known.suppressed == u"flapping" && !flapping(alert, routed.placement, 0)) {
        muted = false;
        if (!send(u"alert.unsuppressed"_s, known.incident, ref)) {
            return false;
        }
    }
    return muted || raiseSeverity(known.incident, alert.severity, alert.title);
}

// A firing alert with no incident (suppressed, or waiting for a threshold) fired again.
bool AlertIngestor::reconsiderDetached(const Routed &routed, const AlertRecord &known,
                                       QStringList *touched)
{
    const Placement &placement = routed.placement;
    if (placement.silence) {
        if (known.silence == placement.silence->id) {
            return true;
        }
        return send(u"alert.suppressed"_s, QString(),
                    {{u"alert"_s, known.id},
                     {u"reason"_s, placement.silence->kind},
                     {u"silence"_s, placement.silence->id}});
    }
    if (placement.suppress
        || (known.suppressed == u"flapping" && flapping(routed.alert, placement, 0))) {
        return true;
    }
    const IncidentRecord *open = openIncidentFor(placement);
    if (known.suppressed == u"threshold" && !open) {
        return true; // a repeat counts once
    }
    QString incidentId;
    if (!joinOrOpen(routed, QString(), &incidentId)) {
        return false;
    }
    touch(touched, incidentId);
    return send(u"alert.attached"_s, incidentId,
                {{u"alert"_s, known.id},
                 {u"reason"_s, known.suppressed.isEmpty() ? u"refired"_s
                                                          : known.suppressed + u"_ended"_s}})
        && raiseSeverity(incidentId, routed.alert.severity, routed.alert.title);
}

bool AlertIngestor::startEpisode(const Routed &routed, const AlertRecord *previous,
                                 QStringList *touched)
{
    const Placement &placement = routed.placement;
    const QString related = previous ? previous->incident : QString();
    if (placement.silence) {
        return receiveAlert(routed, QString(), placement.silence->kind, placement.silence->id);
    }
    if (placement.suppress) {
        return receiveAlert(routed, QString(), u"route"_s);
    }
    if (previous && flapping(routed.alert, placement, 1)) {
        return receiveAlert(routed, QString(), u"flapping"_s);
    }

    const bool thresholded = placement.thresholdAlerts > 1 && !openIncidentFor(placement);
    if (thresholded) {
        int waiting = 1;
        const QStringList pending = m_projection.alertState().pendingAlerts(placement.scope,
                                                                            placement.groupKey);
        for (const QString &id : pending) {
            const AlertRecord *alert = m_projection.alert(id);
            waiting += alert && alert->receivedAt >= m_now - placement.thresholdWindowMs;
        }
        if (waiting < placement.thresholdAlerts) {
            return receiveAlert(routed, QString(), u"threshold"_s);
        }
    }

    QString incidentId;
    if (!joinOrOpen(routed, related, &incidentId)) {
        return false;
    }
    touch(touched, incidentId);
    return receiveAlert(routed, incidentId, QString())
        && (!thresholded || releasePending(routed, incidentId))
        && raiseSeverity(incidentId, routed.alert.severity, routed.alert.title);
}

bool AlertIngestor::joinOrOpen(const Routed &routed, const QString &related, QString *incidentId)
{
    if (const IncidentRecord *open = openIncidentFor(routed.placement)) {
        *incidentId = open->id;
        return true;
    }
    return openIncident(routed, related, incidentId);
}

// The threshold is reached: the alerts that waited within the window join the new incident.
bool AlertIngestor::releasePending(const Routed &routed, const QString &incidentId)
{
    const Placement &placement = routed.placement;
    const QStringList pending = m_projection.alertState().pendingAlerts(placement.scope,
                                                                        placement.groupKey);
    for (const QString &id : pending) {
        const AlertRecord *alert = m_projection.alert(id);
        if (!alert || alert->receivedAt < m_now - placement.thresholdWindowMs) {
            continue;
        }
        const Severity severity = alert->severity;
        const QString title = alert->title;
        if (!send(u"alert.attached"_s, incidentId,
                  {{u"alert"_s, id}, {u"reason"_s, u"threshold_reached"_s}})
            || !raiseSeverity(incidentId, severity, title)) {
            return false;
        }
    }
    return true;
}

bool AlertIngestor::ingestAcknowledged(const Routed &routed, QStringList *touched)
{
    // Like PagerDuty, an acknowledgement of an unknown or resolved alert changes nothing.
    const AlertRecord *found = m_projection.latestAlert(m_integration.id, routed.alert.dedupKey);
    if (!found || found->status != u"firing") {
        return true;
    }
    const QString alertId = found->id;
    const QString incidentId = found->incident;
    touch(touched, incidentId);
    return send(u"alert.acknowledged"_s, incidentId, {{u"alert"_s, alertId}})
        && followAcknowledgement(incidentId);
}

bool AlertIngestor::followAcknowledgement(const QString &incidentId)
{
    const IncidentRecord *incident = m_projection.incident(incidentId);
    if (!incident || incident->status != IncidentStatus::Triggered) {
        return true;
    }
    const RouteRecord *route = routeOfIncident(incidentId);
    if (route && !route->followSourceAcknowledgement) {
        return true;
    }
    for (const QString &id : incident->alertIds) {
        const AlertRecord *alert = m_projection.alert(id);
        if (alert && alert->status == u"firing") {
            return true;
        }
    }
    return send(u"incident.acknowledged"_s, incidentId,
                {{u"note"_s, u"every alert was acknowledged at its source"_s},
                 {u"automatic"_s, true}});
}

bool AlertIngestor::ingestResolved(const Routed &routed, QStringList *touched)
{
    const NormalisedAlert &alert = routed.alert;
    const AlertRecord *found = m_projection.latestAlert(m_integration.id, alert.dedupKey);
    if (!found) {
        // Never seen firing: keep the record, open nothing; a late trigger then adds nothing.
        return receiveAlert(routed, QString(), QString());
    }
    const AlertRecord known = *found;
    const bool earlierEpisode = alert.endsAt > 0 && known.startsAt > 0
        && alert.endsAt < known.startsAt;
    if (known.status == u"resolved" || earlierEpisode) {
        return true;
    }

    const qint64 endsAt = alert.endsAt > 0 ? alert.endsAt : m_now;
    if (!send(u"alert.resolved"_s, known.incident,
              {{u"alert"_s, known.id}, {u"endsAt"_s, isoFromMs(endsAt)}})) {
        return false;
    }
    touch(touched, known.incident);
    return known.incident.isEmpty() || announceAllResolved(known.incident, known);
}

bool AlertIngestor::announceAllResolved(const QString &incidentId, const AlertRecord &resolved)
{
    const IncidentRecord *incident = m_projection.incident(incidentId);
    if (!incident || !incident->alertsAllResolved()) {
        return true;
    }
    const int alerts = int(incident->alertIds.size());
    const bool open = incident->isOpen();
    if (!send(u"incident.alerts_resolved"_s, incidentId, {{u"alerts"_s, alerts}})) {
        return false;
    }
    // Auto-resolve only calm incidents: a flapping alert would resolve and reopen all day.
    const RouteRecord *route = routeOfIncident(incidentId);
    if (!open || !route || !route->autoResolve || resolved.suppressed == u"flapping") {
        return true;
    }
    return send(u"incident.resolved"_s, incidentId,
                {{u"note"_s, u"all %1 alerts resolved; route \"%2\" resolves automatically"_s
                                 .arg(alerts)
                                 .arg(route->name)},
                 {u"automatic"_s, true},
                 {u"route"_s, route->id}});
}

bool AlertIngestor::openIncident(const Routed &routed, const QString &related,
                                 QString *incidentId)
{
    const NormalisedAlert &alert = routed.alert;
    const Placement &placement = routed.placement;
    *incidentId = newUuid();
    QJsonObject data{
        {u"number"_s, m_projection.nextIncidentNumber()},
        {u"title"_s, alert.title},
        {u"severity"_s, severityName(alert.severity)},
        {u"service"_s, alert.service},
        {u"integration"_s, m_integration.id},
        {u"source"_s, m_integration.source},
        {u"groupKey"_s, placement.groupKey},
    };
    if (placement.scope != m_integration.id) {
        data.insert(u"groupScope"_s, placement.scope);
    }
    if (placement.route) {
        data.insert(u"route"_s, placement.route->id);
    }
    if (!placement.team.isEmpty()) {
        data.insert(u"team"_s, placement.team);
    }
    if (!placement.escalation.isEmpty()) {
        data.insert(u"escalation"_s, placement.escalation);
    }
    if (!related.isEmpty()) {
        data.insert(u"relatedIncident"_s, related);
    }
    return send(u"incident.opened"_s, *incidentId, data);
}

bool AlertIngestor::receiveAlert(const Routed &routed, const QString &incident,
                                 const QString &suppressed, const QString &silence)
{
    const NormalisedAlert &alert = routed.alert;
    const Placement &placement = routed.placement;
    const QString scope = placement.scope == m_integration.id ? QString() : placement.scope;

    // The record exactly as the projection reads it back from the event's data.
    AlertRecord record;
    record.id = newUuid();
    record.integration = m_integration.id;
    record.source = m_integration.source;
    record.dedupKey = alert.dedupKey;
    record.status = alertStatusName(alert.status);
    record.severity = severityFromName(severityName(alert.severity));
    record.sourceSeverity = alert.sourceSeverity;
    record.title = alert.title;
    record.service = alert.service;
    record.groupKey = placement.groupKey;
    record.generatorUrl = alert.generatorUrl;
    record.labelsJson = AlertRecord::storedObjectText(alert.labelsText());
    record.annotationsJson = AlertRecord::storedObjectText(alert.annotationsText());
    record.linksJson = alert.linksJson.isEmpty() && !alert.links.isEmpty() ? alert.links.toJson()
                                                                           : alert.linksJson;
    record.route = placement.route ? placement.route->id : QString();
    record.team = placement.team;
    record.escalation = placement.escalation;
    record.groupScope = scope.isEmpty() ? m_integration.id : scope;
    record.suppressed = suppressed;
    record.silence = silence;

    Event event;
    event.id = newEventId();
    event.type = u"alert.received"_s;
    event.at = m_now;
    event.actor = m_actor;
    event.incident = incident;
    event.dataJson = receivedAlertText(record, alert, scope, &record.startsAt, &record.endsAt);
    ++m_events;
    if (m_emitReceived) {
        return m_emitReceived(event, std::move(record), m_delivery);
    }
    event.dataObject = QJsonDocument::fromJson(event.dataJson).object();
    return m_emit(event);
}

// Byte for byte what QJsonDocument writes for {"alert": record, "delivery": id, "raw": payload}
// (its keys sorted as it sorts them; tst_ingestor compares the two), from the parts the parser
// threads serialised ahead: building these objects and serialising them was the largest part
// of the writer's work per alert (docs/performance.md). Also reads the times back as the
// projection does from the text.
QByteArray AlertIngestor::receivedAlertText(const AlertRecord &record,
                                            const NormalisedAlert &alert, const QString &scope,
                                            qint64 *startsAt, qint64 *endsAt) const
{
    // The record holds the labels' and annotations' texts (none for an empty object); raw
    // not serialised ahead (the ingestor used on its own) is written here.
    const QByteArray labels = record.labelsJson.isEmpty() ? "{}"_ba : record.labelsJson;
    const QByteArray annotations = record.annotationsJson.isEmpty() ? "{}"_ba
                                                                    : record.annotationsJson;
    const QByteArray raw = alert.rawJson.isEmpty() ? JsonText::compact(alert.raw) : alert.rawJson;
    const qint64 ends = alert.isFiring() ? 0 : alert.endsAt;
    const QString startsText = alert.startsAt > 0 ? isoFromMs(alert.startsAt) : QString();
    const QString endsText = ends > 0 ? isoFromMs(ends) : QString();
    *startsAt = alert.startsAt > 0 && !startsText.isEmpty() ? msFromIso(startsText) : -1;
    *endsAt = ends > 0 && !endsText.isEmpty() ? qMax<qint64>(0, msFromIso(endsText)) : 0;

    const QByteArray &links = record.linksJson;
    const QString severity = severityName(alert.severity);

    // Sized once for the longest text these values can make, written through a pointer and
    // cut to its length: appending piece by piece cost more than all the rest of the fold.
    const QStringView strings[] = {
        record.dedupKey, endsText, record.escalation, record.generatorUrl, record.groupKey,
        scope, record.id, record.integration, record.route, record.service, severity,
        record.silence, record.source, record.sourceSeverity, startsText, record.status,
        record.suppressed, record.team, record.title, m_delivery};
    qsizetype bound = 512 + labels.size() + annotations.size() + raw.size() + links.size();
    for (const QStringView string : strings) {
        bound += JsonText::maxStringBytes(string.size());
    }
    QByteArray text(bound, Qt::Uninitialized);
    char *out = text.data();
    auto key = [&out](QByteArrayView name) {
        *out++ = '"';
        out = JsonText::writeRaw(out, name);
        *out++ = '"';
        *out++ = ':';
    };
    auto string = [&out, &key](QByteArrayView name, QStringView value) {
        key(name);
        out = JsonText::writeString(out, value);
        *out++ = ',';
    };
    auto optional = [&string](QByteArrayView name, QStringView value) {
        if (!value.isEmpty()) {
            string(name, value);
        }
    };
    auto time = [&out, &key, &string](QByteArrayView name, bool set, QStringView value) {
        if (set) {
            string(name, value);
        } else {
            key(name);
            out = JsonText::writeRaw(out, "null,");
        }
    };
    auto json = [&out, &key](QByteArrayView name, QByteArrayView value) {
        key(name);
        out = JsonText::writeRaw(out, value);
        *out++ = ',';
    };

    out = JsonText::writeRaw(out, "{\"alert\":{");
    json("annotations", annotations);
    string("dedupKey", record.dedupKey);
    time("endsAt", ends > 0, endsText);
    optional("escalation", record.escalation);
    string("generatorURL", record.generatorUrl);
    string("groupKey", record.groupKey);
    optional("groupScope", scope);
    string("id", record.id);
    string("integration", record.integration);
    json("labels", labels);
    if (!links.isEmpty()) {
        json("links", links);
    }
    optional("route", record.route);
    string("service", record.service);
    string("severity", severity);
    optional("silence", record.silence);
    string("source", record.source);
    string("sourceSeverity", record.sourceSeverity);
    time("startsAt", alert.startsAt > 0, startsText);
    string("status", record.status);
    optional("suppressed", record.suppressed);
    optional("team", record.team);
    string("title", record.title);
    --out; // the last field's comma
    out = JsonText::writeRaw(out, "},");
    optional("delivery", m_delivery);
    out = JsonText::writeRaw(out, "\"raw\":");
    out = JsonText::writeRaw(out, raw);
    *out++ = '}';
    Q_ASSERT(out - text.constData() <= bound);
    text.resize(out - text.constData());
    return text;
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

} // namespace Firebreak
