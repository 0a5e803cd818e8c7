// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertstate.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr qint64 s_minute = 60 * 1000;
constexpr int s_maxGroupBy = 16;
constexpr int s_incidentsKeptPerGroup = 8;
constexpr int s_transitionsKept = 64;
constexpr qint64 s_maxSilenceMs = 366LL * 24 * 60 * s_minute;

// Reads an integer setting in [min, max]; absent gives the fallback.
bool readInt(const QJsonObject &object, const QString &key, int min, int max, int fallback,
             int *out, QString *error, const QString &where)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = fallback;
        return true;
    }
    const double number = value.toDouble(-1e18);
    if (!value.isDouble() || number < min || number > max || number != qint64(number)) {
        *error = u"%1%2 must be a whole number from %3 to %4"_s.arg(where, key).arg(min).arg(max);
        return false;
    }
    *out = int(number);
    return true;
}

bool readBool(const QJsonObject &object, const QString &key, bool fallback, bool *out,
              QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isUndefined() && !value.isBool()) {
        *error = key + u" must be true or false"_s;
        return false;
    }
    *out = value.toBool(fallback);
    return true;
}

bool readText(const QJsonObject &object, const QString &key, int max, QString *out,
              QString *error, const QString &where = QString())
{
    const QJsonValue value = object.value(key);
    if (!value.isUndefined() && !value.isNull() && !value.isString()) {
        *error = u"%1%2 must be a string"_s.arg(where, key);
        return false;
    }
    *out = value.toString().trimmed();
    if (out->size() > max) {
        *error = u"%1%2 must be at most %3 characters"_s.arg(where, key).arg(max);
        return false;
    }
    return true;
}

bool readSet(const QJsonObject &json, RouteRecord *route, QString *error)
{
    const QJsonValue value = json.value(u"set"_s);
    if (!value.isUndefined() && !value.isObject()) {
        *error = u"set must be an object of service, team, severity and escalation"_s;
        return false;
    }
    const QJsonObject set = value.toObject();
    QString severity;
    if (!readText(set, u"service"_s, 200, &route->service, error, u"set."_s)
        || !readText(set, u"team"_s, 200, &route->team, error, u"set."_s)
        || !readText(set, u"escalation"_s, 200, &route->escalation, error, u"set."_s)
        || !readText(set, u"severity"_s, 2, &severity, error, u"set."_s)) {
        return false;
    }
    route->severity = severityFromName(severity);
    if (!severity.isEmpty() && route->severity == Severity::Unknown) {
        *error = u"set.severity must be P1, P2, P3 or P4"_s;
        return false;
    }
    return true;
}

bool readGrouping(const QJsonObject &json, RouteRecord *route, QString *error)
{
    const QJsonValue groupBy = json.value(u"groupBy"_s);
    if (!groupBy.isUndefined() && (!groupBy.isArray() || groupBy.toArray().size() > s_maxGroupBy)) {
        *error = u"groupBy must be a list of at most %1 label names"_s.arg(s_maxGroupBy);
        return false;
    }
    route->groupBy.clear();
    for (const QJsonValue &label : groupBy.toArray()) {
        if (!label.isString() || label.toString().isEmpty()) {
            *error = u"groupBy must list label names"_s;
            return false;
        }
        route->groupBy.append(label.toString());
    }
    int minutes = 0;
    if (!readInt(json, u"groupWindowMinutes"_s, 0, 7 * 24 * 60, 0, &minutes, error, {})) {
        return false;
    }
    route->groupWindowMs = minutes * s_minute;
    return true;
}

bool readWindows(const QJsonObject &json, RouteRecord *route, QString *error)
{
    const QJsonObject threshold = json.value(u"threshold"_s).toObject();
    const QJsonObject flapping = json.value(u"flapping"_s).toObject();
    int thresholdMinutes = 0;
    int flapMinutes = 0;
    const bool ok = readInt(threshold, u"alerts"_s, 0, 10000, 0, &route->thresholdAlerts, error,
                            u"threshold."_s)
        && readInt(threshold, u"minutes"_s, 1, 24 * 60, 10, &thresholdMinutes, error,
                   u"threshold."_s)
        && readInt(flapping, u"transitions"_s, 0, 1000, DefaultFlapTransitions,
                   &route->flapTransitions, error, u"flapping."_s)
        && readInt(flapping, u"minutes"_s, 1, 24 * 60, int(DefaultFlapWindowMs / s_minute),
                   &flapMinutes, error, u"flapping."_s);
    route->thresholdWindowMs = thresholdMinutes * s_minute;
    route->flapWindowMs = flapMinutes * s_minute;
    return ok;
}

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace

QString groupIndex(const QString &scope, const QString &groupKey)
{
    return scope + QChar(0x1f) + groupKey;
}

QJsonObject IntegrationSettings::publicConfig() const
{
    QJsonObject shown = config;
    if (shown.contains(u"signing"_s)) {
        const QJsonObject signing = shown.value(u"signing"_s).toObject();
        shown.insert(u"signing"_s, QJsonObject{{u"secrets"_s, signing.value(u"count"_s)},
                                              {u"toleranceSeconds"_s,
                                               signing.value(u"toleranceSeconds"_s)}});
    }
    return shown;
}

bool RouteRecord::fromJson(const QJsonObject &json, RouteRecord *route, QString *error)
{
    if (!readText(json, u"name"_s, 200, &route->name, error)) {
        return false;
    }
    if (route->name.isEmpty()) {
        *error = u"name must be 1 to 200 characters"_s;
        return false;
    }
    route->id = json.value(u"id"_s).toString();
    return readInt(json, u"position"_s, -1000000, 1000000, 0, &route->position, error, {})
        && readBool(json, u"enabled"_s, true, &route->enabled, error)
        && matchersFromJson(json.value(u"matchers"_s), &route->matchers, error)
        && readSet(json, route, error) && readGrouping(json, route, error)
        && readWindows(json, route, error)
        && readBool(json, u"autoResolve"_s, false, &route->autoResolve, error)
        && readBool(json, u"followSourceAcknowledgement"_s, true,
                    &route->followSourceAcknowledgement, error)
        && readBool(json, u"suppress"_s, false, &route->suppress, error);
}

QJsonObject RouteRecord::toJson() const
{
    return {
        {u"id"_s, id},
        {u"name"_s, name},
        {u"position"_s, position},
        {u"enabled"_s, enabled},
        {u"matchers"_s, matchersToJson(matchers)},
        {u"set"_s, QJsonObject{{u"service"_s, optionalText(service)},
                               {u"team"_s, optionalText(team)},
                               {u"severity"_s, optionalText(severityName(severity))},
                               {u"escalation"_s, optionalText(escalation)}}},
        {u"groupBy"_s, QJsonArray::fromStringList(groupBy)},
        {u"groupWindowMinutes"_s, groupWindowMs / s_minute},
        {u"threshold"_s, QJsonObject{{u"alerts"_s, thresholdAlerts},
                                     {u"minutes"_s, thresholdWindowMs / s_minute}}},
        {u"flapping"_s, QJsonObject{{u"transitions"_s, flapTransitions},
                                    {u"minutes"_s, flapWindowMs / s_minute}}},
        {u"autoResolve"_s, autoResolve},
        {u"followSourceAcknowledgement"_s, followSourceAcknowledgement},
        {u"suppress"_s, suppress},
        {u"createdAt"_s, createdAt > 0 ? QJsonValue(isoFromMs(createdAt)) : QJsonValue()},
        {u"updatedAt"_s, updatedAt > 0 ? QJsonValue(isoFromMs(updatedAt)) : QJsonValue()},
    };
}

bool SilenceRecord::isActive(qint64 now) const
{
    return expiredAt == 0 && startsAt <= now && now < endsAt;
}

QString SilenceRecord::state(qint64 now) const
{
    if (expiredAt > 0 || now >= endsAt) {
        return u"expired"_s;
    }
    return now < startsAt ? u"pending"_s : u"active"_s;
}

bool SilenceRecord::fromJson(const QJsonObject &json, SilenceRecord *silence, QString *error)
{
    silence->id = json.value(u"id"_s).toString();
    silence->kind = json.value(u"kind"_s).toString(u"silence"_s);
    if (silence->kind != u"silence" && silence->kind != u"maintenance") {
        *error = u"kind must be silence or maintenance"_s;
        return false;
    }
    if (!matchersFromJson(json.value(u"matchers"_s), &silence->matchers, error)) {
        return false;
    }
    if (silence->matchers.isEmpty()) {
        *error = u"matchers must not be empty: a silence never covers every alert"_s;
        return false;
    }
    silence->startsAt = msFromIso(json.value(u"startsAt"_s).toString());
    silence->endsAt = msFromIso(json.value(u"endsAt"_s).toString());
    if (silence->startsAt < 0 || silence->endsAt < 0) {
        *error = u"startsAt and endsAt must be ISO 8601 times"_s;
        return false;
    }
    const qint64 length = silence->endsAt - silence->startsAt;
    if (length <= 0 || length > s_maxSilenceMs) {
        *error = u"endsAt must be after startsAt, at most a year later"_s;
        return false;
    }
    return readText(json, u"comment"_s, 2000, &silence->comment, error);
}

QJsonObject SilenceRecord::toJson(qint64 now) const
{
    return {
        {u"id"_s, id},
        {u"kind"_s, kind},
        {u"matchers"_s, matchersToJson(matchers)},
        {u"startsAt"_s, isoFromMs(startsAt)},
        {u"endsAt"_s, isoFromMs(endsAt)},
        {u"comment"_s, comment},
        {u"createdBy"_s, createdBy},
        {u"createdAt"_s, isoFromMs(createdAt)},
        {u"expiredAt"_s, expiredAt > 0 ? QJsonValue(isoFromMs(expiredAt)) : QJsonValue()},
        {u"expiredBy"_s, optionalText(expiredBy)},
        {u"state"_s, state(now)},
    };
}

void AlertState::apply(const Event &event, const QJsonObject &data,
                       const QString &alertIdentity)
{
    const QString &type = event.type;
    if (type.startsWith(u"alert.")) {
        applyAlert(event, data, alertIdentity);
    } else if (type.startsWith(u"integration.")) {
        applyIntegration(event, data);
    } else if (type.startsWith(u"route.")) {
        applyRoute(event, data);
    } else if (type.startsWith(u"silence.")) {
        applySilence(event, data);
    } else if (type == u"incident.opened") {
        const QString scope = data.value(u"groupScope"_s).toString();
        const QString key = groupIndex(scope.isEmpty() ? data.value(u"integration"_s).toString()
                                                       : scope,
                                       data.value(u"groupKey"_s).toString());
        QStringList &incidents = m_incidentsByGroup[key];
        incidents.prepend(event.incident);
        if (incidents.size() > s_incidentsKeptPerGroup) {
            incidents.removeLast();
        }
        if (data.contains(u"route"_s)) {
            m_incidentRoute.insert(event.incident, data.value(u"route"_s).toString());
        }
    }
}

void AlertState::applyIntegration(const Event &event, const QJsonObject &data)
{
    const QString id = data.value(u"id"_s).toString();
    if (event.type == u"integration.created") {
        IntegrationSettings settings{id,
                                     data.value(u"name"_s).toString(),
                                     data.value(u"source"_s).toString(),
                                     data.value(u"config"_s).toObject(),
                                     QString(),
                                     event.at,
                                     event.at};
        m_integrations.insert(id, settings);
        return;
    }
    auto it = m_integrations.find(id);
    if (it == m_integrations.end()) {
        return;
    }
    it->updatedAt = event.at;
    if (event.type == u"integration.configured") {
        it->config = data.value(u"config"_s).toObject();
    } else if (event.type == u"integration.subscribed") {
        it->subscribedTopic = data.value(u"topic"_s).toString();
    }
}

void AlertState::applyRoute(const Event &event, const QJsonObject &data)
{
    const QJsonObject json = data.value(u"route"_s).toObject();
    const QString id = event.type == u"route.deleted" ? data.value(u"id"_s).toString()
                                                      : json.value(u"id"_s).toString();
    if (event.type == u"route.deleted") {
        m_routes.remove(id);
        return;
    }
    RouteRecord route;
    QString ignored;
    if (id.isEmpty() || !RouteRecord::fromJson(json, &route, &ignored)) {
        return;
    }
    const auto existing = m_routes.constFind(id);
    route.createdAt = existing == m_routes.cend() ? event.at : existing->createdAt;
    route.updatedAt = event.at;
    if (event.type == u"route.created" || existing != m_routes.cend()) {
        m_routes.insert(id, route);
    }
}

void AlertState::applySilence(const Event &event, const QJsonObject &data)
{
    if (event.type == u"silence.created") {
        SilenceRecord silence;
        QString ignored;
        const QJsonObject json = data.value(u"silence"_s).toObject();
        if (!SilenceRecord::fromJson(json, &silence, &ignored) || silence.id.isEmpty()) {
            return;
        }
        silence.createdBy = event.actor;
        silence.createdAt = event.at;
        m_silenceOrder.append(silence.id);
        m_silences.insert(silence.id, silence);
    } else if (event.type == u"silence.expired") {
        auto it = m_silences.find(data.value(u"id"_s).toString());
        if (it != m_silences.end() && it->expiredAt == 0) {
            it->expiredAt = event.at;
            it->expiredBy = event.actor;
        }
    }
}

void AlertState::applyAlert(const Event &event, const QJsonObject &data,
                            const QString &identity)
{
    const QString &type = event.type;
    const QString delivery = data.value(u"delivery"_s).toString();
    if (type == u"alert.received") {
        const QJsonObject alert = data.value(u"alert"_s).toObject();
        const QString integration = alert.value(u"integration"_s).toString();
        applyReceived({alert.value(u"id"_s).toString(), integration,
                       alert.value(u"dedupKey"_s).toString(), alert.value(u"status"_s).toString(),
                       alert.value(u"suppressed"_s).toString(),
                       alert.value(u"groupScope"_s).toString(integration),
                       alert.value(u"groupKey"_s).toString(), delivery, QString()},
                      event.at);
        return;
    }

    const QString alertId = data.value(u"alert"_s).toString();
    if (type == u"alert.resolved" || type == u"alert.refired") {
        noteTransition(identity, event.at);
    } else if (type == u"alert.attached") {
        const QString key = m_pendingKeyOfAlert.take(alertId);
        if (!key.isEmpty()) {
            m_pending[key].removeAll(alertId);
        }
    }
    if (!delivery.isEmpty()) {
        m_deliveries.insert(groupIndex(identity.section(QChar(0x1f), 0, 0), delivery));
    }
}

// The hottest fold of ingestion: the identity is made once (or given) and used directly
// rather than looked up again by alert id.
void AlertState::applyReceived(const ReceivedAlertKeys &keys, qint64 at)
{
    const HashedString identity = keys.identity.isEmpty()
        ? HashedString(groupIndex(keys.integration, keys.dedupKey))
        : keys.identity;
    if (keys.status != u"resolved") {
        noteTransition(identity, at);
    }
    if (keys.suppressed == u"threshold") {
        const QString key = groupIndex(keys.groupScope, keys.groupKey);
        m_pending[key].append(keys.alert);
        m_pendingKeyOfAlert.insert(keys.alert, key);
    }
    if (!keys.delivery.isEmpty()) {
        m_deliveries.insert(groupIndex(keys.integration, keys.delivery));
    }
}

void AlertState::noteTransition(const HashedString &identity, qint64 at)
{
    QVarLengthArray<qint64, 1> &times = m_transitions[identity];
    times.append(at);
    if (times.size() > s_transitionsKept) {
        times.remove(0);
    }
}

const IntegrationSettings *AlertState::integration(const QString &id) const
{
    const auto it = m_integrations.constFind(id);
    return it == m_integrations.cend() ? nullptr : &*it;
}

QList<const IntegrationSettings *> AlertState::integrations() const
{
    QList<const IntegrationSettings *> list;
    for (const IntegrationSettings &settings : m_integrations) {
        list.append(&settings);
    }
    std::sort(list.begin(), list.end(), [](const auto *a, const auto *b) {
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    return list;
}

QList<const RouteRecord *> AlertState::routes() const
{
    QList<const RouteRecord *> list;
    for (const RouteRecord &route : m_routes) {
        list.append(&route);
    }
    std::sort(list.begin(), list.end(), [](const auto *a, const auto *b) {
        if (a->position != b->position) {
            return a->position < b->position;
        }
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    return list;
}

const RouteRecord *AlertState::route(const QString &id) const
{
    const auto it = m_routes.constFind(id);
    return it == m_routes.cend() ? nullptr : &*it;
}

QList<const SilenceRecord *> AlertState::silences() const
{
    QList<const SilenceRecord *> list;
    for (auto it = m_silenceOrder.crbegin(); it != m_silenceOrder.crend(); ++it) {
        list.append(&*m_silences.constFind(*it));
    }
    return list;
}

const SilenceRecord *AlertState::silence(const QString &id) const
{
    const auto it = m_silences.constFind(id);
    return it == m_silences.cend() ? nullptr : &*it;
}

const SilenceRecord *AlertState::activeSilence(const MatchSubject &subject, qint64 now) const
{
    for (const QString &id : m_silenceOrder) {
        const SilenceRecord &silence = *m_silences.constFind(id);
        if (silence.isActive(now) && allMatch(silence.matchers, subject)) {
            return &silence;
        }
    }
    return nullptr;
}

QStringList AlertState::incidentsOfGroup(const QString &scope, const QString &groupKey) const
{
    return m_incidentsByGroup.value(groupIndex(scope, groupKey));
}

QString AlertState::incidentRoute(const QString &incident) const
{
    return m_incidentRoute.value(incident);
}

bool AlertState::deliverySeen(const QString &integration, const QString &deliveryId) const
{
    return m_deliveries.contains(groupIndex(integration, deliveryId));
}

QStringList AlertState::pendingAlerts(const QString &scope, const QString &groupKey) const
{
    return m_pending.value(groupIndex(scope, groupKey));
}

QList<qint64> AlertState::transitions(const QString &integration, const QString &dedupKey) const
{
    const auto times = m_transitions.constFind(groupIndex(integration, dedupKey));
    return times == m_transitions.cend() ? QList<qint64>()
                                         : QList<qint64>(times->cbegin(), times->cend());
}

} // namespace Firebreak
