// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "projection.h"

#include "events/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString groupIndexKey(const QString &integration, const QString &groupKey)
{
    return integration + QChar(0x1f) + groupKey;
}

// Whether an alert counts as firing for its incident: acknowledged at its source still is.
bool isActiveAlert(const QString &status)
{
    return status != u"resolved";
}

QJsonValue optionalTime(qint64 ms)
{
    return ms > 0 ? QJsonValue(isoFromMs(ms)) : QJsonValue();
}

QJsonValue optionalString(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

/**
 * The incident type held in event data. Events written before the command field
 * `incidentType` existed may hold the command's own name ("incident.declare",
 * "incident.update") there: that is no type.
 */
QString incidentTypeOf(const QJsonValue &value)
{
    const QString type = value.toString();
    return type == u"incident.declare" || type == u"incident.update" ? QString() : type;
}

QJsonObject objectFromCompact(const QByteArray &text)
{
    return text.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(text).object();
}

} // namespace

QJsonObject AlertRecord::labels() const
{
    return objectFromCompact(labelsJson);
}

QJsonObject AlertRecord::annotations() const
{
    return objectFromCompact(annotationsJson);
}

void AlertRecord::setLabels(const QJsonObject &object)
{
    labelsJson = storedObjectText(JsonText::compact(object));
}

void AlertRecord::setAnnotations(const QJsonObject &object)
{
    annotationsJson = storedObjectText(JsonText::compact(object));
}

QJsonArray AlertRecord::links() const
{
    return linksJson.isEmpty() ? QJsonArray() : QJsonDocument::fromJson(linksJson).array();
}

QByteArray AlertRecord::storedObjectText(const QByteArray &compact)
{
    return compact == "{}" ? QByteArray() : compact;
}

QJsonObject AlertRecord::toJson() const
{
    return QJsonObject{
        {u"id"_s, id},
        {u"integration"_s, integration},
        {u"source"_s, source},
        {u"dedupKey"_s, dedupKey},
        {u"status"_s, status},
        {u"severity"_s, severityName(severity)},
        {u"sourceSeverity"_s, optionalString(sourceSeverity)},
        {u"title"_s, title},
        {u"service"_s, optionalString(service)},
        {u"groupKey"_s, groupKey},
        {u"labels"_s, labels()},
        {u"annotations"_s, annotations()},
        {u"generatorURL"_s, optionalString(generatorUrl)},
        {u"startsAt"_s, optionalTime(startsAt)},
        {u"endsAt"_s, optionalTime(endsAt)},
        {u"receivedAt"_s, isoFromMs(receivedAt)},
        {u"updatedAt"_s, isoFromMs(updatedAt)},
        {u"incident"_s, optionalString(incident)},
        {u"links"_s, links()},
        {u"acknowledgedAt"_s, optionalTime(acknowledgedAt)},
        {u"route"_s, optionalString(route)},
        {u"team"_s, optionalString(team)},
        {u"escalation"_s, optionalString(escalation)},
        {u"suppressed"_s, optionalString(suppressed)},
        {u"silence"_s, optionalString(silence)},
    };
}

QJsonObject IncidentRecord::toJson() const
{
    return QJsonObject{
        {u"id"_s, id},
        {u"number"_s, numberText()},
        {u"title"_s, title},
        {u"severity"_s, severityName(severity)},
        {u"status"_s, statusName(status)},
        {u"service"_s, optionalString(service)},
        {u"integration"_s, optionalString(integration)},
        {u"groupKey"_s, optionalString(groupKey)},
        {u"relatedIncident"_s, optionalString(relatedIncident)},
        {u"alerts"_s, QJsonArray::fromStringList(alertIds)},
        {u"firingAlerts"_s, firingAlerts},
        {u"alertsResolved"_s, alertsAllResolved()},
        {u"undeliveredAlerts"_s, undeliveredAlerts},
        {u"createdAt"_s, isoFromMs(createdAt)},
        {u"updatedAt"_s, isoFromMs(updatedAt)},
        {u"acknowledgedAt"_s, optionalTime(acknowledgedAt)},
        {u"resolvedAt"_s, optionalTime(resolvedAt)},
        {u"lastSeq"_s, lastSeq},
        {u"impact"_s, optionalString(impact)},
        {u"type"_s, optionalString(type)},
        {u"team"_s, optionalString(team)},
        {u"summary"_s, optionalString(summary)},
        {u"declaredBy"_s, optionalString(declaredBy)},
        {u"components"_s, QJsonArray::fromStringList(components)},
        {u"roles"_s, rolesJson()},
        {u"responders"_s, QJsonArray::fromStringList(responders)},
        {u"milestones"_s, milestonesJson()},
        {u"linkedIncidents"_s, QJsonArray::fromStringList(linkedIncidents)},
        {u"sharedWith"_s, QJsonArray::fromStringList(sharedWith)},
        {u"mergedInto"_s, optionalString(mergedInto)},
        {u"duplicates"_s, QJsonArray::fromStringList(duplicates)},
        {u"notes"_s, notes},
        {u"evidence"_s, evidence},
        {u"targets"_s, QJsonArray::fromStringList(QStringList(targetStates.cbegin(),
                                                              targetStates.cend()))},
    };
}

QJsonObject IncidentRecord::rolesJson() const
{
    QJsonObject object;
    for (auto it = roles.cbegin(); it != roles.cend(); ++it) {
        object.insert(it.key(), it.value());
    }
    return object;
}

QJsonObject IncidentRecord::milestonesJson() const
{
    QJsonObject object;
    for (const QString &name : {u"impact_started"_s, u"detected"_s, u"acknowledged"_s,
                                u"mitigated"_s, u"resolved"_s}) {
        object.insert(name, optionalTime(milestone(name)));
    }
    return object;
}

AlertTable &AlertTable::operator=(const AlertTable &other)
{
    if (this == &other) {
        return *this;
    }
    m_records = other.m_records;
    m_index.clear();
    m_index.reserve(other.m_index.size());
    for (AlertRecord &record : m_records) {
        m_index.insert(record.id, &record);
    }
    return *this;
}

void AlertTable::insert(const QString &id, AlertRecord &&record)
{
    AlertRecord *&slot = m_index[id];
    if (slot) {
        *slot = std::move(record);
        return;
    }
    m_records.push_back(std::move(record));
    slot = &m_records.back();
}

std::shared_ptr<const Projection> Projection::copyWithoutAlerts()
{
    AlertTable alerts = std::move(m_alerts);
    QHash<HashedString, QString> latest = std::move(m_latestAlertByKey);
    AlertState alertState = std::move(m_alertState);
    m_alerts = AlertTable();
    m_latestAlertByKey.clear();
    m_alertState = AlertState();
    // Given back however the copy ends, out of memory included.
    const auto restore = qScopeGuard([&]() {
        m_alerts = std::move(alerts);
        m_latestAlertByKey = std::move(latest);
        m_alertState = std::move(alertState);
    });
    return std::make_shared<const Projection>(*this);
}

void Projection::clear()
{
    auto folds = std::move(m_folds);
    *this = Projection();
    m_folds = std::move(folds);
    for (const auto &fold : std::as_const(m_folds)) {
        fold(*this, Event());
    }
}

void Projection::noteIncidentEvent(const Event &event)
{
    if (event.incident.isEmpty() || event.seq <= 0) {
        return;
    }
    QList<qint64> &seqs = m_incidentEvents[event.incident];
    if (seqs.isEmpty() || seqs.constLast() < event.seq) {
        seqs.append(event.seq);
        return;
    }
    // Events come in log order; should one not, it still takes its place, once.
    const auto at = std::lower_bound(seqs.begin(), seqs.end(), event.seq);
    if (*at != event.seq) {
        seqs.insert(at, event.seq);
    }
}

void Projection::apply(const Event &event)
{
    m_lastSeq = qMax(m_lastSeq, event.seq);
    noteIncidentEvent(event);
    const QJsonObject data = event.data();
    const QString &type = event.type;
    // Events on a received alert name it by id; the alert state indexes it by identity.
    QString alertIdentity;
    if (type.startsWith(u"alert.") && type != u"alert.received") {
        if (const AlertRecord *alert = m_alerts.find(data.value(u"alert"_s).toString())) {
            alertIdentity = groupIndexKey(alert->integration, alert->dedupKey);
        }
    }
    m_alertState.apply(event, data, alertIdentity);
    if (const QJsonValue imported = data.value(u"imported"_s); imported.isObject()) {
        const QJsonObject origin = imported.toObject();
        qint64 &through = m_importedThrough[origin.value(u"store"_s).toString()];
        through = qMax(through, origin.value(u"seq"_s).toInteger());
    }

    if (type == u"incident.opened") {
        applyIncidentOpened(event, data);
    } else if (type == u"alert.received") {
        applyAlertReceived(event, data);
    } else if (type.startsWith(u"alert.")) {
        applyAlertChange(event, data);
    } else if (type.startsWith(u"incident.")) {
        applyIncidentChange(event, data);
    } else if (type == u"integration.created") {
        IntegrationRecord record{data[u"id"_s].toString(), data[u"name"_s].toString(),
                                 data[u"source"_s].toString(),
                                 data[u"keyHash"_s].toString().toLatin1(), event.at};
        m_integrationsByKey.insert(record.keyHash, record);
    } else if (type == u"integration.key_rotated") {
        // The old key stops working with this event; the record keeps its id and name.
        const QString id = data[u"id"_s].toString();
        for (auto it = m_integrationsByKey.begin(); it != m_integrationsByKey.end(); ++it) {
            if (it->id == id) {
                IntegrationRecord record = *it;
                m_integrationsByKey.erase(it);
                record.keyHash = data[u"keyHash"_s].toString().toLatin1();
                m_integrationsByKey.insert(record.keyHash, record);
                break;
            }
        }
    } else if (type == u"config.targets_changed") {
        QString ignored;
        m_targets.fromJson(data[u"targets"_s].toObject(), &ignored);
    } else if (type == u"config.severity_defined") {
        m_severityDefinitions.insert(severityFromName(data[u"severity"_s].toString()),
                                     {data[u"name"_s].toString(),
                                      data[u"description"_s].toString(),
                                      data[u"criteria"_s].toString()});
    } else if (type.startsWith(u"token.") || type.startsWith(u"account.")
               || type.startsWith(u"role.")) {
        applySecurityEvent(event, data);
    }
    for (const auto &fold : std::as_const(m_folds)) {
        fold(*this, event);
    }
}

void Projection::applySecurityEvent(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"token.created") {
        TokenRecord record;
        record.id = data[u"id"_s].toString();
        record.user = data[u"user"_s].toString();
        record.role = data[u"role"_s].toString();
        record.tokenHash = data[u"tokenHash"_s].toString().toLatin1();
        record.name = data[u"name"_s].toString();
        record.kind = data[u"kind"_s].toString(u"api"_s);
        record.scopes = data[u"scopes"_s].toVariant().toStringList();
        record.expiresAt = qMax<qint64>(0, msFromIso(data[u"expiresAt"_s].toString()));
        m_tokenHashById.insert(record.id, record.tokenHash);
        m_tokens.insert(record.tokenHash, record);
    } else if (type == u"token.revoked") {
        const QByteArray hash = m_tokenHashById.value(data[u"id"_s].toString());
        if (auto it = m_tokens.find(hash); it != m_tokens.end()) {
            it->revoked = true;
        }
    } else if (type == u"account.created") {
        AccountRecord record{data[u"id"_s].toString(), data[u"name"_s].toString(),
                             data[u"displayName"_s].toString(),
                             data[u"roles"_s].toVariant().toStringList(),
                             data[u"passwordHash"_s].toString().toLatin1(), false};
        m_accounts.insert(record.name, record);
    } else if (auto it = m_accounts.find(data[u"name"_s].toString()); it != m_accounts.end()) {
        if (type == u"account.roles_changed") {
            it->roles = data[u"roles"_s].toVariant().toStringList();
        } else if (type == u"account.password_changed") {
            it->passwordHash = data[u"passwordHash"_s].toString().toLatin1();
        } else if (type == u"account.disabled") {
            it->disabled = true;
        } else if (type == u"account.enabled") {
            it->disabled = false;
        }
    } else if (type == u"role.defined") {
        m_customRoles.insert(data[u"name"_s].toString(),
                             {data[u"name"_s].toString(), data[u"description"_s].toString(),
                              data[u"permissions"_s].toVariant().toStringList()});
    }
}


void Projection::applyIncidentOpened(const Event &event, const QJsonObject &data)
{
    IncidentRecord record;
    record.id = event.incident;
    record.number = data[u"number"_s].toInt();
    record.title = data[u"title"_s].toString();
    record.severity = severityFromName(data[u"severity"_s].toString());
    record.service = data[u"service"_s].toString();
    record.integration = data[u"integration"_s].toString();
    record.groupKey = data[u"groupKey"_s].toString();
    record.relatedIncident = data[u"relatedIncident"_s].toString();
    record.impact = data[u"impact"_s].toString();
    record.type = incidentTypeOf(data[u"type"_s]);
    record.team = data[u"team"_s].toString();
    record.declaredBy = data[u"declaredBy"_s].toString();
    record.components = data[u"components"_s].toVariant().toStringList();
    record.createdAt = event.at;
    record.updatedAt = event.at;
    record.lastSeq = event.seq;

    m_maxIncidentNumber = qMax(m_maxIncidentNumber, record.number);
    m_incidentByNumber.insert(record.number, record.id);
    if (!record.groupKey.isEmpty()) {
        m_openIncidentByGroup.insert(groupIndexKey(record.integration, record.groupKey), record.id);
    }
    m_incidentOrder.append(record.id);
    m_incidents.insert(record.id, record);
}

// Every alert stays in the projection, so strings many alerts hold alike are shared with one
// copy (the integration's, the route's, Qt's static text) rather than read from each event's
// text into copies of their own (docs/performance.md, eighth pass).
void Projection::shareCommonStrings(AlertRecord *record) const
{
    if (const IntegrationSettings *settings = m_alertState.integration(record->integration)) {
        record->integration = settings->id;
        if (record->source == settings->source) {
            record->source = settings->source;
        }
        if (record->groupScope == settings->id) {
            record->groupScope = settings->id;
        }
    }
    if (const RouteRecord *route = m_alertState.route(record->route)) {
        record->route = route->id;
        if (record->groupScope == route->id) {
            record->groupScope = route->id;
        }
    }
    for (const QString &status : {u"firing"_s, u"resolved"_s, u"acknowledged"_s}) {
        if (record->status == status) {
            record->status = status;
            break;
        }
    }
}

void Projection::applyAlertReceived(const Event &event, const QJsonObject &data)
{
    const QJsonObject alert = data[u"alert"_s].toObject();
    AlertRecord record;
    record.id = alert[u"id"_s].toString();
    record.integration = alert[u"integration"_s].toString();
    record.source = alert[u"source"_s].toString();
    record.dedupKey = alert[u"dedupKey"_s].toString();
    record.status = alert[u"status"_s].toString();
    record.severity = severityFromName(alert[u"severity"_s].toString());
    record.sourceSeverity = alert[u"sourceSeverity"_s].toString();
    record.title = alert[u"title"_s].toString();
    record.service = alert[u"service"_s].toString();
    record.groupKey = alert[u"groupKey"_s].toString();
    record.generatorUrl = alert[u"generatorURL"_s].toString();
    record.setLabels(alert[u"labels"_s].toObject());
    record.setAnnotations(alert[u"annotations"_s].toObject());
    if (const QJsonArray links = alert[u"links"_s].toArray(); !links.isEmpty()) {
        record.linksJson = JsonText::compact(links);
    }
    record.route = alert[u"route"_s].toString();
    record.team = alert[u"team"_s].toString();
    record.escalation = alert[u"escalation"_s].toString();
    record.groupScope = alert[u"groupScope"_s].toString(record.integration);
    record.suppressed = alert[u"suppressed"_s].toString();
    shareCommonStrings(&record);
    record.silence = alert[u"silence"_s].toString();
    record.startsAt = msFromIso(alert[u"startsAt"_s].toString());
    record.endsAt = qMax<qint64>(0, msFromIso(alert[u"endsAt"_s].toString()));
    const HashedString identity = groupIndexKey(record.integration, record.dedupKey);
    addReceivedAlert(event, std::move(record), identity);
}

void Projection::applyReceivedAlert(const Event &event, AlertRecord &&record,
                                    const QString &delivery)
{
    m_lastSeq = qMax(m_lastSeq, event.seq);
    noteIncidentEvent(event);
    const HashedString identity = groupIndexKey(record.integration, record.dedupKey);
    m_alertState.applyReceived({record.id, record.integration, record.dedupKey, record.status,
                                record.suppressed, record.groupScope, record.groupKey,
                                delivery, identity},
                               event.at);
    addReceivedAlert(event, std::move(record), identity);
    for (const auto &fold : std::as_const(m_folds)) {
        fold(*this, event);
    }
}

void Projection::addReceivedAlert(const Event &event, AlertRecord record,
                                  const HashedString &identity)
{
    record.acknowledgedAt = record.status == u"acknowledged" ? event.at : 0;
    record.receivedSeq = event.seq;
    record.incident = event.incident;
    record.receivedAt = event.at;
    record.updatedAt = event.at;

    const QString id = record.id;
    const QString dedupKey = record.dedupKey;
    const bool active = isActiveAlert(record.status);
    const qint64 startsAt = record.startsAt;
    m_latestAlertByKey.insert(identity, id);
    m_alerts.insert(id, std::move(record));

    if (auto it = m_incidents.find(event.incident); it != m_incidents.end()) {
        it->alertIds.append(id);
        it->alertKeys.append(dedupKey);
        if (startsAt > 0 && (it->firstAlertStartsAt == 0 || startsAt < it->firstAlertStartsAt)) {
            it->firstAlertStartsAt = startsAt;
        }
        it->updatedAt = event.at;
        it->lastSeq = event.seq;
        it->firingAlerts += active ? 1 : 0;
    }
}

void Projection::applyAlertChange(const Event &event, const QJsonObject &data)
{
    AlertRecord *it = m_alerts.find(data[u"alert"_s].toString());
    if (!it) {
        return;
    }
    it->updatedAt = event.at;
    const bool wasActive = isActiveAlert(it->status);
    if (event.type == u"alert.resolved") {
        it->status = u"resolved"_s;
        const qint64 endsAt = msFromIso(data[u"endsAt"_s].toString());
        it->endsAt = endsAt > 0 ? endsAt : event.at;
    } else if (event.type == u"alert.refired") {
        it->status = u"firing"_s;
        it->endsAt = 0;
        it->acknowledgedAt = 0;
        it->startsAt = qMax(it->startsAt, msFromIso(data[u"startsAt"_s].toString()));
    } else if (event.type == u"alert.acknowledged") {
        it->status = u"acknowledged"_s;
        it->acknowledgedAt = event.at;
    } else if (event.type == u"alert.unacknowledged") {
        it->status = u"firing"_s;
        it->acknowledgedAt = 0;
    } else if (event.type == u"alert.suppressed") {
        it->suppressed = data[u"reason"_s].toString();
        it->silence = data[u"silence"_s].toString();
    } else if (event.type == u"alert.unsuppressed") {
        it->suppressed.clear();
        it->silence.clear();
    } else if (event.type == u"alert.attached" && it->incident.isEmpty()) {
        it->incident = event.incident;
        it->suppressed.clear();
        it->silence.clear();
        if (auto incident = m_incidents.find(event.incident); incident != m_incidents.end()) {
            incident->alertIds.append(it->id);
            incident->alertKeys.append(it->dedupKey);
            incident->firingAlerts += it->status != u"resolved" ? 1 : 0;
        }
    } else if (event.type == u"alert.updated") {
        it->setAnnotations(data[u"annotations"_s].toObject());
        if (data.contains(u"title"_s)) {
            it->title = data[u"title"_s].toString();
        }
    }

    if (auto incident = m_incidents.find(it->incident); incident != m_incidents.end()) {
        incident->updatedAt = event.at;
        incident->lastSeq = event.seq;
        // Counted as it changes: recounting every alert made big incidents quadratic.
        incident->firingAlerts += int(isActiveAlert(it->status)) - int(wasActive);
    }
}

void Projection::applyIncidentChange(const Event &event, const QJsonObject &data)
{
    auto it = m_incidents.find(event.incident);
    if (it == m_incidents.end()) {
        return;
    }
    IncidentRecord &incident = *it;
    incident.updatedAt = event.at;
    incident.lastSeq = event.seq;

    const QString &type = event.type;
    if (type == u"incident.severity_changed") {
        incident.severity = severityFromName(data[u"to"_s].toString());
    } else if (type == u"incident.alerts_truncated") {
        incident.undeliveredAlerts += data[u"count"_s].toInt();
    } else if (type == u"incident.updated") {
        const QJsonObject changes = data[u"changes"_s].toObject();
        for (auto change = changes.begin(); change != changes.end(); ++change) {
            const QJsonValue value = change.value().toObject().value(u"to"_s);
            if (change.key() == u"title") {
                incident.title = value.toString();
            } else if (change.key() == u"service") {
                incident.service = value.toString();
            } else if (change.key() == u"impact") {
                incident.impact = value.toString();
            } else if (change.key() == u"type") {
                incident.type = incidentTypeOf(value);
            } else if (change.key() == u"team") {
                incident.team = value.toString();
            } else if (change.key() == u"components") {
                incident.components = value.toVariant().toStringList();
            }
        }
    } else if (type == u"incident.milestone_set") {
        incident.milestones.insert(data[u"milestone"_s].toString(),
                                   msFromIso(data[u"at"_s].toString()));
    } else if (type == u"incident.target_at_risk" || type == u"incident.target_breached") {
        incident.targetStates.insert(data[u"target"_s].toString() + u':'
                                     + (type.endsWith(u"at_risk") ? u"at_risk"_s : u"breached"_s));
    } else if (type == u"incident.note_added") {
        ++incident.notes;
        if (data[u"summary"_s].toBool()) {
            incident.summary = data[u"text"_s].toString();
        }
    } else if (type == u"incident.evidence_attached") {
        ++incident.evidence;
    } else {
        applyStatusChange(incident, event, data);
        applyPeopleChange(incident, event, data);
        applyRelationChange(incident, event, data);
    }
}

void Projection::applyStatusChange(IncidentRecord &incident, const Event &event,
                                   const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"incident.acknowledged") {
        incident.status = IncidentStatus::Acknowledged;
        incident.acknowledgedAt = event.at;
    } else if (type == u"incident.status_changed") {
        statusFromName(data[u"to"_s].toString(), &incident.status);
    } else if (type == u"incident.resolved") {
        incident.status = IncidentStatus::Resolved;
        incident.resolvedAt = event.at;
        reindexGroup(incident);
    } else if (type == u"incident.closed") {
        incident.status = IncidentStatus::Closed;
        reindexGroup(incident);
    } else if (type == u"incident.reopened") {
        incident.status = IncidentStatus::Investigating;
        incident.resolvedAt = 0;
        incident.milestones.remove(u"resolved"_s);
        incident.targetStates.remove(u"resolution:breached"_s);
        incident.targetStates.remove(u"resolution:at_risk"_s);
        reindexGroup(incident);
    }
}

void Projection::applyPeopleChange(IncidentRecord &incident, const Event &event,
                                   const QJsonObject &data)
{
    const QString role = data[u"role"_s].toString();
    const QString user = data[u"user"_s].toString();
    if (event.type == u"incident.role_assigned") {
        if (role == u"responder") {
            if (!incident.responders.contains(user)) {
                incident.responders.append(user);
            }
        } else {
            incident.roles.insert(role, user);
        }
    } else if (event.type == u"incident.role_unassigned") {
        if (role == u"responder") {
            incident.responders.removeAll(user);
        } else if (incident.roles.value(role) == user) {
            incident.roles.remove(role);
        }
    }
}

void Projection::applyRelationChange(IncidentRecord &incident, const Event &event,
                                     const QJsonObject &data)
{
    const QString other = data[u"related"_s].toString();
    if (event.type == u"incident.linked") {
        if (!incident.linkedIncidents.contains(other)) {
            incident.linkedIncidents.append(other);
        }
        if (auto peer = m_incidents.find(other);
            peer != m_incidents.end() && !peer->linkedIncidents.contains(incident.id)) {
            peer->linkedIncidents.append(incident.id);
        }
    } else if (event.type == u"incident.merged") {
        incident.mergedInto = data[u"into"_s].toString();
        incident.status = IncidentStatus::Closed;
        reindexGroup(incident);
    } else if (event.type == u"incident.shared") {
        if (!incident.sharedWith.contains(data[u"user"_s].toString())) {
            incident.sharedWith.append(data[u"user"_s].toString());
        }
    } else if (event.type == u"incident.unshared") {
        incident.sharedWith.removeAll(data[u"user"_s].toString());
    } else if (event.type == u"incident.duplicate_merged") {
        incident.duplicates.append(data[u"from"_s].toString());
    }
}

// Keeps the "open incident of this group" index right as incidents close, reopen or merge:
// new alerts of a merged duplicate's group go to the incident it was merged into.
void Projection::reindexGroup(const IncidentRecord &incident)
{
    if (incident.groupKey.isEmpty()) {
        return;
    }
    const QString key = groupIndexKey(incident.integration, incident.groupKey);
    if (incident.isOpen()) {
        if (!m_openIncidentByGroup.contains(key)) {
            m_openIncidentByGroup.insert(key, incident.id);
        }
        return;
    }
    if (m_openIncidentByGroup.value(key) != incident.id) {
        return;
    }
    const IncidentRecord *target = this->incident(incident.mergedInto);
    if (target && target->isOpen()) {
        m_openIncidentByGroup.insert(key, target->id);
    } else {
        m_openIncidentByGroup.remove(key);
    }
}

qint64 IncidentRecord::milestone(const QString &name) const
{
    if (const auto it = milestones.constFind(name); it != milestones.cend()) {
        return *it;
    }
    if (name == u"detected") {
        return createdAt;
    }
    if (name == u"impact_started") {
        return firstAlertStartsAt > 0 ? qMin(firstAlertStartsAt, milestone(u"detected"_s))
                                      : milestone(u"detected"_s);
    }
    if (name == u"acknowledged") {
        return acknowledgedAt;
    }
    if (name == u"resolved") {
        return resolvedAt;
    }
    return 0;
}

void Projection::recountFiring(IncidentRecord *incident)
{
    int firing = 0;
    for (const QString &alertId : std::as_const(incident->alertIds)) {
        const AlertRecord *alert = m_alerts.find(alertId);
        if (alert && alert->status != u"resolved") {
            ++firing;
        }
    }
    incident->firingAlerts = firing;
}

const IncidentRecord *Projection::incident(const QString &idOrNumber) const
{
    if (const auto it = m_incidents.constFind(idOrNumber); it != m_incidents.cend()) {
        return &*it;
    }
    if (!idOrNumber.startsWith(u"INC-", Qt::CaseInsensitive)) {
        return nullptr;
    }
    bool ok = false;
    const int number = idOrNumber.mid(4).toInt(&ok);
    const auto id = m_incidentByNumber.constFind(number);
    if (!ok || id == m_incidentByNumber.cend()) {
        return nullptr;
    }
    return incident(*id);
}

const AlertRecord *Projection::alert(const QString &id) const
{
    return m_alerts.find(id);
}

const AlertRecord *Projection::latestAlert(const QString &integration,
                                           const QString &dedupKey) const
{
    const auto id = m_latestAlertByKey.constFind(groupIndexKey(integration, dedupKey));
    return id == m_latestAlertByKey.cend() ? nullptr : alert(*id);
}

const IncidentRecord *Projection::openIncidentForGroup(const QString &integration,
                                                       const QString &groupKey) const
{
    const auto id = m_openIncidentByGroup.constFind(groupIndexKey(integration, groupKey));
    return id == m_openIncidentByGroup.cend() ? nullptr : incident(*id);
}

const IncidentRecord *Projection::openIncidentInGroup(const QString &scope,
                                                      const QString &groupKey) const
{
    // Integration scopes use the incident index, which also follows merges.
    if (!scope.startsWith(u"route:")) {
        return openIncidentForGroup(scope, groupKey);
    }
    const QStringList candidates = m_alertState.incidentsOfGroup(scope, groupKey);
    for (const QString &id : candidates) {
        const IncidentRecord *found = incident(id);
        if (found && found->isOpen()) {
            return found;
        }
    }
    return nullptr;
}

const IntegrationRecord *Projection::integrationByKeyHash(const QByteArray &keyHash) const
{
    const auto it = m_integrationsByKey.constFind(keyHash);
    return it == m_integrationsByKey.cend() ? nullptr : &*it;
}

const TokenRecord *Projection::tokenByHash(const QByteArray &tokenHash) const
{
    const auto it = m_tokens.constFind(tokenHash);
    return it == m_tokens.cend() ? nullptr : &*it;
}

const TokenRecord *Projection::tokenById(const QString &id) const
{
    return tokenByHash(m_tokenHashById.value(id));
}

QList<const TokenRecord *> Projection::tokens() const
{
    QList<const TokenRecord *> list;
    for (const TokenRecord &token : m_tokens) {
        list.append(&token);
    }
    return list;
}

const AccountRecord *Projection::account(const QString &name) const
{
    const auto it = m_accounts.constFind(name);
    return it == m_accounts.cend() ? nullptr : &*it;
}

QList<const AccountRecord *> Projection::accounts() const
{
    QList<const AccountRecord *> list;
    for (const AccountRecord &account : m_accounts) {
        list.append(&account);
    }
    std::sort(list.begin(), list.end(),
              [](const auto *a, const auto *b) { return a->name < b->name; });
    return list;
}

QList<const IncidentRecord *> Projection::incidents() const
{
    QList<const IncidentRecord *> list;
    list.reserve(m_incidentOrder.size());
    for (auto it = m_incidentOrder.crbegin(); it != m_incidentOrder.crend(); ++it) {
        list.append(&*m_incidents.constFind(*it));
    }
    return list;
}

QList<const AlertRecord *> Projection::alerts() const
{
    QList<const AlertRecord *> list;
    const std::deque<AlertRecord> &records = m_alerts.records();
    list.reserve(qsizetype(records.size()));
    for (auto it = records.crbegin(); it != records.crend(); ++it) {
        list.append(&*it);
    }
    return list;
}

} // namespace Firebreak
