// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "projection.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString groupIndexKey(const QString &integration, const QString &groupKey)
{
    return integration + QChar(0x1f) + groupKey;
}

QJsonValue optionalTime(qint64 ms)
{
    return ms > 0 ? QJsonValue(isoFromMs(ms)) : QJsonValue();
}

QJsonValue optionalString(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace

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
        {u"labels"_s, labels},
        {u"annotations"_s, annotations},
        {u"generatorURL"_s, optionalString(generatorUrl)},
        {u"startsAt"_s, optionalTime(startsAt)},
        {u"endsAt"_s, optionalTime(endsAt)},
        {u"receivedAt"_s, isoFromMs(receivedAt)},
        {u"updatedAt"_s, isoFromMs(updatedAt)},
        {u"incident"_s, optionalString(incident)},
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
    };
}

void Projection::clear()
{
    *this = Projection();
}

void Projection::apply(const Event &event)
{
    m_lastSeq = qMax(m_lastSeq, event.seq);
    const QJsonObject data = event.data();
    const QString &type = event.type;

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
    } else if (type == u"token.created") {
        TokenRecord record{data[u"id"_s].toString(), data[u"user"_s].toString(),
                           data[u"role"_s].toString(), data[u"tokenHash"_s].toString().toLatin1()};
        m_tokens.insert(record.tokenHash, record);
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
    record.labels = alert[u"labels"_s].toObject();
    record.annotations = alert[u"annotations"_s].toObject();
    record.startsAt = msFromIso(alert[u"startsAt"_s].toString());
    record.endsAt = qMax<qint64>(0, msFromIso(alert[u"endsAt"_s].toString()));
    record.incident = event.incident;
    record.receivedAt = event.at;
    record.updatedAt = event.at;

    m_alertOrder.append(record.id);
    m_latestAlertByKey.insert(groupIndexKey(record.integration, record.dedupKey), record.id);
    m_alerts.insert(record.id, record);

    if (auto it = m_incidents.find(event.incident); it != m_incidents.end()) {
        it->alertIds.append(record.id);
        it->updatedAt = event.at;
        it->lastSeq = event.seq;
        recountFiring(&*it);
    }
}

void Projection::applyAlertChange(const Event &event, const QJsonObject &data)
{
    auto it = m_alerts.find(data[u"alert"_s].toString());
    if (it == m_alerts.end()) {
        return;
    }
    it->updatedAt = event.at;
    if (event.type == u"alert.resolved") {
        it->status = u"resolved"_s;
        const qint64 endsAt = msFromIso(data[u"endsAt"_s].toString());
        it->endsAt = endsAt > 0 ? endsAt : event.at;
    } else if (event.type == u"alert.refired") {
        it->status = u"firing"_s;
        it->endsAt = 0;
    } else if (event.type == u"alert.updated") {
        it->annotations = data[u"annotations"_s].toObject();
        if (data.contains(u"title"_s)) {
            it->title = data[u"title"_s].toString();
        }
    }

    if (auto incident = m_incidents.find(it->incident); incident != m_incidents.end()) {
        incident->updatedAt = event.at;
        incident->lastSeq = event.seq;
        recountFiring(&*incident);
    }
}

void Projection::applyIncidentChange(const Event &event, const QJsonObject &data)
{
    auto it = m_incidents.find(event.incident);
    if (it == m_incidents.end()) {
        return;
    }
    it->updatedAt = event.at;
    it->lastSeq = event.seq;

    const QString &type = event.type;
    if (type == u"incident.severity_changed") {
        it->severity = severityFromName(data[u"to"_s].toString());
    } else if (type == u"incident.alerts_truncated") {
        it->undeliveredAlerts += data[u"count"_s].toInt();
    } else if (type == u"incident.acknowledged") {
        it->status = IncidentStatus::Acknowledged;
        it->acknowledgedAt = event.at;
    } else if (type == u"incident.resolved") {
        it->status = IncidentStatus::Resolved;
        it->resolvedAt = event.at;
        m_openIncidentByGroup.remove(groupIndexKey(it->integration, it->groupKey));
    }
}

void Projection::recountFiring(IncidentRecord *incident)
{
    int firing = 0;
    for (const QString &alertId : std::as_const(incident->alertIds)) {
        const auto alert = m_alerts.constFind(alertId);
        if (alert != m_alerts.cend() && alert->status == u"firing") {
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
    const auto it = m_alerts.constFind(id);
    return it == m_alerts.cend() ? nullptr : &*it;
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
    list.reserve(m_alertOrder.size());
    for (auto it = m_alertOrder.crbegin(); it != m_alertOrder.crend(); ++it) {
        list.append(&*m_alerts.constFind(*it));
    }
    return list;
}

} // namespace Firebreak
