// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "sentry.h"

#include "alerts/normaliserutil.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Sentry {

namespace {

using namespace AlertFields;

template<typename Object>
QString resourceOf(const AlertDelivery &delivery, const Object &data)
{
    const QString header = QString::fromUtf8(delivery.header("Sentry-Hook-Resource")).trimmed();
    if (!header.isEmpty()) {
        return header;
    }
    if (data.contains(u"metric_alert"_s)) {
        return u"metric_alert"_s;
    }
    if (data.contains(u"event"_s)) {
        return u"event_alert"_s;
    }
    return data.contains(u"issue"_s) ? u"issue"_s : QString();
}

Severity severityFromLevel(const QString &level)
{
    const Severity severity = severityFromWord(level);
    return severity == Severity::Unknown ? Severity::P4 : severity;
}

// Sentry sends tags as [key, value] pairs.
template<typename Value>
StringMap tagLabels(const Value &tags)
{
    StringMap labels;
    for (const auto &pair : tags.toArray()) {
        const auto entry = pair.toArray();
        if (entry.size() == 2) {
            labels.insert(text(entry.at(0)), text(entry.at(1)));
        } else if (pair.isObject()) {
            labels.insert(text(pair.toObject().value(u"key"_s)),
                          text(pair.toObject().value(u"value"_s)));
        }
    }
    return labels;
}

template<typename Object>
bool issueAlert(const Object &data, NormalisedPayload *payload, QString *error)
{
    Object event;
    if (!optionalObject(data, u"event"_s, &event, error, u"data"_s)) {
        return false;
    }
    const QString issue = text(event.value(u"issue_id"_s));
    if (issue.isEmpty()) {
        *error = u"data.event.issue_id is required for an issue alert"_s;
        return false;
    }
    NormalisedAlert alert;
    alert.dedupKey = u"issue-"_s + shortenedKey(issue, MaxDedupKeyLength - 6);
    alert.title = trimmedTitle(text(event.value(u"title"_s)), u"Sentry issue "_s + issue);
    alert.sourceSeverity = text(event.value(u"level"_s));
    alert.severity = severityFromLevel(alert.sourceSeverity);
    alert.labels = tagLabels(event.value(u"tags"_s));
    const QList<std::pair<QString, QString>> fields{
        {u"project"_s, text(event.value(u"project"_s))},
        {u"environment"_s, text(event.value(u"environment"_s))},
        {u"release"_s, text(event.value(u"release"_s))},
        {u"platform"_s, text(event.value(u"platform"_s))},
        {u"level"_s, alert.sourceSeverity},
        {u"rule"_s, text(data.value(u"triggered_rule"_s))},
    };
    for (const auto &[key, value] : fields) {
        if (!value.isEmpty()) {
            alert.labels.insert(key, value);
        }
    }
    alert.labels.insert(u"alertname"_s, alert.title);
    alert.service = alert.labels.value(u"service");
    const QString culprit = text(event.value(u"culprit"_s));
    if (!culprit.isEmpty()) {
        alert.annotations.insert(u"culprit"_s, culprit);
    }
    addLink(&alert.links, event.value(u"web_url"_s).toString(), u"Sentry event"_s);
    qint64 at = 0;
    if (!readTime(event, u"datetime"_s, &at, error, u"data.event"_s)) {
        return false;
    }
    alert.startsAt = at > 0 ? at : qMax<qint64>(0, timeFrom(event.value(u"timestamp"_s)));
    payload->deliveryId = text(event.value(u"event_id"_s)) + u'/' + alert.labels.value(u"rule");
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

template<typename Object>
bool metricAlert(const QString &action, const Object &data, NormalisedPayload *payload,
                 QString *error)
{
    Object metric;
    if (!optionalObject(data, u"metric_alert"_s, &metric, error, u"data"_s)) {
        return false;
    }
    const QString id = text(metric.value(u"id"_s));
    if (id.isEmpty() || (action != u"critical" && action != u"warning" && action != u"resolved")) {
        *error = u"a metric alert needs data.metric_alert.id and an action of critical,"
                 " warning or resolved"_s;
        return false;
    }
    const Object rule = metric.value(u"alert_rule"_s).toObject();
    NormalisedAlert alert;
    alert.dedupKey = u"metric-"_s + shortenedKey(id, MaxDedupKeyLength - 7);
    alert.status = action == u"resolved" ? AlertStatus::Resolved : AlertStatus::Firing;
    alert.title = trimmedTitle(text(data.value(u"description_title"_s)),
                               trimmedTitle(text(rule.value(u"name"_s)),
                                            u"Sentry metric alert "_s + id));
    if (alert.isFiring()) {
        alert.sourceSeverity = action;
        alert.severity = severityFromLevel(action);
    }
    alert.labels.insert(u"alertname"_s, text(rule.value(u"name"_s)));
    alert.labels.insert(u"projects"_s, text(metric.value(u"projects"_s)));
    alert.labels.insert(u"dataset"_s, text(rule.value(u"dataset"_s)));
    alert.labels.insert(u"aggregate"_s, text(rule.value(u"aggregate"_s)));
    const QString description = text(data.value(u"description_text"_s));
    if (!description.isEmpty()) {
        alert.annotations.insert(u"description"_s, description);
    }
    addLink(&alert.links, data.value(u"web_url"_s).toString(), u"Sentry alert rule"_s);
    if (!readTime(metric, u"date_started"_s, &alert.startsAt, error, u"data.metric_alert"_s)
        || !readTime(metric, u"date_closed"_s, &alert.endsAt, error, u"data.metric_alert"_s)) {
        return false;
    }
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

// The issue resource: resolution and regression of issues whose alerts fired.
template<typename Object>
bool issueChange(const QString &action, const Object &data, NormalisedPayload *payload)
{
    const Object issue = data.value(u"issue"_s).toObject();
    const QString id = text(issue.value(u"id"_s));
    const bool resolved = action == u"resolved" || action == u"ignored" || action == u"archived";
    if (id.isEmpty() || (!resolved && action != u"unresolved")) {
        payload->ignored = u"issue action %1 changes no alert"_s.arg(action.left(40));
        return true;
    }
    NormalisedAlert alert;
    alert.dedupKey = u"issue-"_s + shortenedKey(id, MaxDedupKeyLength - 6);
    alert.status = resolved ? AlertStatus::Resolved : AlertStatus::Firing;
    alert.title = trimmedTitle(text(issue.value(u"title"_s)), u"Sentry issue "_s + id);
    alert.sourceSeverity = text(issue.value(u"level"_s));
    alert.severity = severityFromLevel(alert.sourceSeverity);
    alert.labels.insert(u"alertname"_s, alert.title);
    addLink(&alert.links, issue.value(u"web_url"_s).toString(), u"Sentry issue"_s);
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

// Object: QJsonObject, or ViewObject for the fast reader (which keeps no raw object).
template<typename Object>
bool read(const Object &root, const AlertDelivery &delivery, NormalisedPayload *payload,
          QString *error)
{
    Object data;
    if (!optionalObject(root, u"data"_s, &data, error, u"body"_s)) {
        return false;
    }
    const QString action = root.value(u"action"_s).toString();
    const QString resource = resourceOf(delivery, data);
    if (resource.isEmpty()) {
        *error = u"cannot tell the Sentry resource: send the Sentry-Hook-Resource header"_s;
        return false;
    }
    payload->source = u"sentry"_s;
    bool ok = true;
    if (resource == u"event_alert") {
        ok = issueAlert(data, payload, error);
    } else if (resource == u"metric_alert") {
        ok = metricAlert(action, data, payload, error);
    } else if (resource == u"issue") {
        ok = issueChange(action, data, payload);
    } else {
        payload->ignored = u"Sentry resource %1 carries no alert"_s.arg(resource.left(40));
    }
    if constexpr (std::is_same_v<Object, QJsonObject>) {
        for (NormalisedAlert &alert : payload->alerts) {
            alert.raw = root;
        }
    }
    return ok;
}

} // namespace

bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    return read(delivery.json, delivery, payload, error);
}

bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload)
{
    QString error;
    return read(root, delivery, payload, &error);
}

} // namespace Firebreak::Sentry
