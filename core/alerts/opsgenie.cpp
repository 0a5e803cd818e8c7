// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "opsgenie.h"

#include "alerts/normaliserutil.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Opsgenie {

namespace {

using namespace AlertFields;

bool statusFromAction(const QString &action, AlertStatus *status)
{
    const QString word = action.toLower();
    if (word == u"create" || word == u"unacknowledge" || word == u"escalate") {
        *status = AlertStatus::Firing;
    } else if (word == u"acknowledge") {
        *status = AlertStatus::Acknowledged;
    } else if (word == u"close" || word == u"delete") {
        *status = AlertStatus::Resolved;
    } else {
        return false;
    }
    return true;
}

// Tags are plain words or "key:value"; details are a map of strings.
template<typename Object>
void fillLabels(const Object &alertObject, NormalisedAlert *alert)
{
    QStringList plain;
    for (const auto &tag : alertObject.value(u"tags"_s).toArray()) {
        const QString word = text(tag);
        const qsizetype colon = word.indexOf(u':');
        if (colon > 0) {
            alert->labels.insert(word.left(colon), word.mid(colon + 1));
        } else if (!word.isEmpty()) {
            plain.append(word);
        }
    }
    if (!plain.isEmpty()) {
        alert->labels.insert(u"tags"_s, plain.join(u','));
    }
    for (const auto &[key, value] : stringMap(alertObject.value(u"details"_s).toObject())) {
        alert->labels.insert(key, value);
    }
    const QList<std::pair<QString, QString>> fields{
        {u"entity"_s, u"entity"_s}, {u"source"_s, u"opsgenie_source"_s},
        {u"teams"_s, u"teams"_s}, {u"priority"_s, u"priority"_s},
    };
    for (const auto &[from, to] : fields) {
        const QString value = text(alertObject.value(from));
        if (!value.isEmpty()) {
            alert->labels.insert(to, value);
        }
    }
    alert->labels.insert(u"alertname"_s, alert->title);
    alert->service = alert->labels.value(u"service");
    if (alert->service.isEmpty()) {
        alert->service = alertObject.value(u"entity"_s).toString();
    }
}

template<typename Object>
void fillAnnotations(const Object &alertObject, NormalisedAlert *alert)
{
    const QList<std::pair<QString, QString>> fields{
        {u"description"_s, u"description"_s}, {u"tinyId"_s, u"tinyId"_s},
        {u"username"_s, u"by"_s}, {u"note"_s, u"note"_s},
    };
    for (const auto &[from, to] : fields) {
        const QString value = text(alertObject.value(from));
        if (!value.isEmpty()) {
            alert->annotations.insert(to, value);
        }
    }
}

} // namespace

template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error)
{
    const QString action = root.value(u"action"_s).toString();
    Object alertObject;
    if (action.isEmpty()) {
        *error = u"action is required (Create, Acknowledge, Close, …)"_s;
        return false;
    }
    if (!optionalObject(root, u"alert"_s, &alertObject, error, u"body"_s)) {
        return false;
    }
    payload->source = u"opsgenie"_s;
    NormalisedAlert alert;
    if (!statusFromAction(action, &alert.status)) {
        payload->ignored = u"action %1 changes no alert status"_s.arg(action.left(60));
        return true;
    }
    const QString alias = text(alertObject.value(u"alias"_s));
    const QString alertId = text(alertObject.value(u"alertId"_s));
    if (alias.isEmpty() && alertId.isEmpty()) {
        *error = u"alert.alias or alert.alertId is required"_s;
        return false;
    }
    alert.dedupKey = shortenedKey(alias.isEmpty() ? alertId : alias);
    alert.title = trimmedTitle(text(alertObject.value(u"message"_s)),
                               u"Opsgenie alert "_s + alert.dedupKey);
    // Priority is optional in the webhook; Opsgenie's own default is P3.
    alert.sourceSeverity = text(alertObject.value(u"priority"_s));
    const Severity severity = severityFromWord(alert.sourceSeverity);
    alert.severity = severity == Severity::Unknown ? Severity::P3 : severity;
    fillLabels(alertObject, &alert);
    fillAnnotations(alertObject, &alert);

    qint64 created = 0;
    qint64 updated = 0;
    if (!readTime(alertObject, u"createdAt"_s, &created, error, u"alert"_s)
        || !readTime(alertObject, u"updatedAt"_s, &updated, error, u"alert"_s)) {
        return false;
    }
    alert.startsAt = created;
    alert.endsAt = alert.status == AlertStatus::Resolved ? qMax(updated, created) : 0;
    if constexpr (std::is_same_v<Object, QJsonObject>) {
        alert.raw = root;
    }

    // No delivery id is documented; the alert, action and update time identify a retry.
    if (updated > 0) {
        payload->deliveryId = fingerprint({alertId, alias, action, QString::number(updated)});
    }
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

template bool normalise(const QJsonObject &, NormalisedPayload *, QString *);
template bool normalise(const ViewObject &, NormalisedPayload *, QString *);

} // namespace Firebreak::Opsgenie
