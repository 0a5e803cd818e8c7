// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "pagerduty.h"

#include "alerts/normaliserutil.h"
#include "events/event.h"
#include "events/jsonview.h"

using namespace Qt::StringLiterals;

namespace Firebreak::PagerDuty {

namespace {

using namespace AlertFields;

constexpr int s_maxSummary = 1024;
constexpr int s_maxDedupKey = 255;

// The event types that say where the incident stands; the others carry its status in data.
bool statusFromEventType(const QString &type, AlertStatus *status)
{
    if (type == u"incident.triggered" || type == u"incident.reopened"
        || type == u"incident.unacknowledged") {
        *status = AlertStatus::Firing;
    } else if (type == u"incident.acknowledged") {
        *status = AlertStatus::Acknowledged;
    } else if (type == u"incident.resolved") {
        *status = AlertStatus::Resolved;
    } else {
        return false;
    }
    return true;
}

bool statusFromData(const QString &status, AlertStatus *out)
{
    if (status == u"triggered") {
        *out = AlertStatus::Firing;
    } else if (status == u"acknowledged") {
        *out = AlertStatus::Acknowledged;
    } else if (status == u"resolved") {
        *out = AlertStatus::Resolved;
    } else {
        return false;
    }
    return true;
}

template<typename Array>
QString summaries(const Array &references)
{
    QStringList names;
    for (const auto &reference : references) {
        names.append(reference.toObject().value(u"summary"_s).toString());
    }
    return names.join(u',');
}

template<typename Object>
void fillIncidentFields(const Object &data, NormalisedAlert *alert)
{
    const Object service = data.value(u"service"_s).toObject();
    const QString priority = data.value(u"priority"_s).toObject().value(u"summary"_s).toString();
    const QString urgency = data.value(u"urgency"_s).toString();
    alert->sourceSeverity = priority.isEmpty() ? urgency : priority;
    Severity severity = severityFromWord(priority);
    if (severity == Severity::Unknown) {
        severity = urgency == u"high" ? Severity::P2 : Severity::P4;
    }
    alert->severity = severity;
    alert->service = service.value(u"summary"_s).toString();

    const QList<std::pair<QString, QString>> labels{
        {u"service"_s, alert->service},
        {u"service_id"_s, service.value(u"id"_s).toString()},
        {u"urgency"_s, urgency},
        {u"priority"_s, priority},
        {u"escalation_policy"_s,
         data.value(u"escalation_policy"_s).toObject().value(u"summary"_s).toString()},
        {u"teams"_s, summaries(data.value(u"teams"_s).toArray())},
        {u"number"_s, text(data.value(u"number"_s))},
    };
    for (const auto &[key, value] : labels) {
        if (!value.isEmpty()) {
            alert->labels.insert(key, value);
        }
    }
    const QString assignees = summaries(data.value(u"assignees"_s).toArray());
    if (!assignees.isEmpty()) {
        alert->annotations.insert(u"assignees"_s, assignees);
    }
    addLink(&alert->links, data.value(u"html_url"_s).toString(), u"PagerDuty incident"_s);
    addLink(&alert->links, service.value(u"html_url"_s).toString(), u"PagerDuty service"_s);
}

// Object: QJsonObject, or ViewObject for the fast reader (which keeps no raw object).
template<typename Object>
bool normaliseWebhook(const Object &root, const AlertDelivery &delivery,
                      NormalisedPayload *payload, QString *error)
{
    const auto eventValue = root.value(u"event"_s);
    if (!eventValue.isObject()) {
        *error = u"event must be an object (a PagerDuty webhook v3 body), or event_action must"
                 " be given (an Events API v2 event)"_s;
        return false;
    }
    const Object event = eventValue.toObject();
    const QString type = event.value(u"event_type"_s).toString();
    const QString resource = event.value(u"resource_type"_s).toString();
    payload->source = u"pagerduty"_s;
    const QString webhookId = QString::fromUtf8(delivery.header("X-Webhook-Id")).trimmed();
    payload->deliveryId = webhookId.isEmpty() ? event.value(u"id"_s).toString() : webhookId;
    if (type.isEmpty()) {
        *error = u"event.event_type is required"_s;
        return false;
    }
    if (resource != u"incident" && !type.startsWith(u"incident.")) {
        payload->ignored = u"event type %1 concerns no incident"_s.arg(type.left(60));
        return true;
    }

    Object data;
    if (!optionalObject(event, u"data"_s, &data, error, u"event"_s)) {
        return false;
    }
    NormalisedAlert alert;
    if (!statusFromEventType(type, &alert.status)
        && !statusFromData(data.value(u"status"_s).toString(), &alert.status)) {
        payload->ignored = u"event type %1 changes no status"_s.arg(type.left(60));
        return true;
    }
    const QString id = text(data.value(u"id"_s));
    if (id.isEmpty()) {
        *error = u"event.data.id (the incident id) is required"_s;
        return false;
    }
    alert.dedupKey = shortenedKey(id);
    alert.title = trimmedTitle(data.value(u"title"_s).toString(), u"PagerDuty incident "_s + id);
    alert.labels.insert(u"alertname"_s, alert.title);
    fillIncidentFields(data, &alert);

    qint64 at = 0;
    if (!readTime(event, u"occurred_at"_s, &at, error, u"event"_s)) {
        return false;
    }
    (alert.status == AlertStatus::Resolved ? alert.endsAt : alert.startsAt) = at;
    if constexpr (std::is_same_v<Object, QJsonObject>) {
        alert.raw = root;
    }
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

AlertStatus statusFromAction(const QString &action)
{
    if (action == u"resolve") {
        return AlertStatus::Resolved;
    }
    return action == u"acknowledge" ? AlertStatus::Acknowledged : AlertStatus::Firing;
}

// Object: QJsonObject, or ViewObject for the fast reader (likewise below).
template<typename Object>
void addEventLinks(const Object &root, NormalisedAlert *alert)
{
    for (const auto &value : root.value(u"links"_s).toArray()) {
        const Object link = value.toObject();
        addLink(&alert->links, link.value(u"href"_s).toString(),
                link.value(u"text"_s).toString());
    }
    for (const auto &value : root.value(u"images"_s).toArray()) {
        const Object image = value.toObject();
        const QString href = image.value(u"href"_s).toString();
        addLink(&alert->links, href.isEmpty() ? image.value(u"src"_s).toString() : href,
                image.value(u"alt"_s).toString());
    }
    addLink(&alert->links, root.value(u"client_url"_s).toString(),
            root.value(u"client"_s).toString());
}

template<typename Object>
void checkTrigger(const Object &body, QStringList *errors)
{
    static const QStringList severities{u"critical"_s, u"error"_s, u"warning"_s, u"info"_s};
    // Blank: nothing but white space, which the title loses (trimmedTitle()).
    if (!body.value(u"summary"_s).isString()
        || body.value(u"summary"_s).toString().trimmed().isEmpty()) {
        errors->append(u"'payload.summary' is missing or blank"_s);
    } else if (body.value(u"summary"_s).toString().size() > s_maxSummary) {
        errors->append(u"'payload.summary' is longer than 1024 characters"_s);
    }
    if (!body.value(u"source"_s).isString() || body.value(u"source"_s).toString().isEmpty()) {
        errors->append(u"'payload.source' is missing or blank"_s);
    }
    if (!severities.contains(body.value(u"severity"_s).toString())) {
        errors->append(u"'payload.severity' must be one of critical, error, warning, info"_s);
    }
    if (body.contains(u"timestamp"_s) && timeFrom(body.value(u"timestamp"_s)) < 0) {
        errors->append(u"'payload.timestamp' is not an ISO 8601 time"_s);
    }
}

template<typename Object>
void fillTrigger(const Object &body, NormalisedAlert *alert)
{
    alert->title = trimmedTitle(body.value(u"summary"_s).toString());
    alert->sourceSeverity = body.value(u"severity"_s).toString();
    alert->severity = severityFromWord(alert->sourceSeverity);
    const QList<std::pair<QString, QString>> labels{
        {u"source"_s, u"host"_s}, {u"component"_s, u"component"_s},
        {u"group"_s, u"group"_s}, {u"class"_s, u"class"_s},
    };
    for (const auto &[from, to] : labels) {
        const QString value = text(body.value(from));
        if (!value.isEmpty()) {
            alert->labels.insert(to, value);
        }
    }
    alert->labels.insert(u"alertname"_s, alert->title);
    alert->service = alert->labels.value(u"component");
    alert->annotations = stringMap(body.value(u"custom_details"_s).toObject());
    alert->startsAt = qMax<qint64>(0, timeFrom(body.value(u"timestamp"_s)));
}

template<typename Object>
bool readEvent(const Object &root, NormalisedAlert *alert, QStringList *errors)
{
    const QString action = root.value(u"event_action"_s).toString();
    if (action != u"trigger" && action != u"acknowledge" && action != u"resolve") {
        errors->append(u"'event_action' must be one of trigger, acknowledge, resolve"_s);
    }
    const auto dedup = root.value(u"dedup_key"_s);
    if (!dedup.isUndefined() && !dedup.isNull() && !dedup.isString()) {
        errors->append(u"'dedup_key' must be a string"_s);
    } else if (dedup.toString().size() > s_maxDedupKey) {
        errors->append(u"'dedup_key' is longer than 255 characters"_s);
    } else if (action != u"trigger" && dedup.toString().isEmpty()) {
        errors->append(u"'dedup_key' is required for acknowledge and resolve events"_s);
    }
    const auto body = root.value(u"payload"_s);
    if (action == u"trigger") {
        if (!body.isObject()) {
            errors->append(u"'payload' is missing or not an object"_s);
        } else {
            checkTrigger(body.toObject(), errors);
        }
    }
    if (!errors->isEmpty()) {
        return false;
    }

    alert->status = statusFromAction(action);
    alert->dedupKey = dedup.toString().isEmpty() ? newUuid() : dedup.toString();
    if (action == u"trigger") {
        fillTrigger(body.toObject(), alert);
    } else {
        alert->title = alert->dedupKey;
    }
    addEventLinks(root, alert);
    return true;
}

void addEvent(NormalisedAlert alert, NormalisedPayload *payload)
{
    payload->source = u"pagerduty"_s;
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(std::move(alert));
}

} // namespace

bool normaliseEvent(const QJsonObject &root, NormalisedPayload *payload, QStringList *errors)
{
    NormalisedAlert alert;
    if (!readEvent(root, &alert, errors)) {
        return false;
    }
    // Without the routing key, a secret, however its name was written: Qt's parser reads a
    // name that starts with a raw byte order mark without the mark but keeps its place by the
    // bytes, so remove() would not find it there. The object is built again without it.
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != u"routing_key") {
            alert.raw.insert(it.key(), it.value());
        }
    }
    addEvent(std::move(alert), payload);
    return true;
}

bool normaliseEventFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload,
                        QString *routingKey)
{
    thread_local JsonView view;
    if (!view.parse(body, maxDepth, JsonView::Numbers::Any) || !view.isObject(0)) {
        return false;
    }
    const ViewObject root(&view, 0);
    *routingKey = root.value(u"routing_key"_s).toString();
    // The raw event is kept without its routing key, a secret.
    QByteArray raw;
    raw.reserve(body.size());
    NormalisedAlert alert;
    QStringList errors;
    if (routingKey->isEmpty() || !view.appendCompact(raw, 0, "routing_key")
        || !readEvent(root, &alert, &errors)) {
        return false;
    }
    alert.serialiseAhead(raw);
    addEvent(std::move(alert), payload);
    return true;
}

bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload)
{
    QString error;
    return !root.contains(u"event_action"_s)
        && normaliseWebhook(root, delivery, payload, &error);
}

bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    if (!delivery.json.contains(u"event_action"_s)) {
        return normaliseWebhook(delivery.json, delivery, payload, error);
    }
    QStringList errors;
    if (!normaliseEvent(delivery.json, payload, &errors)) {
        *error = errors.join(u"; "_s);
        return false;
    }
    return true;
}

} // namespace Firebreak::PagerDuty
