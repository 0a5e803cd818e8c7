// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "newrelic.h"

#include "alerts/normaliserutil.h"

using namespace Qt::StringLiterals;

namespace Firebreak::NewRelic {

namespace {

using namespace AlertFields;

template<typename Object>
bool statusFrom(const Object &root, AlertStatus *status, QString *error)
{
    const QString state = root.value(u"state"_s).toString().toUpper();
    const qint64 acknowledged = timeFrom(root.value(u"acknowledgedAt"_s));
    if (state == u"CLOSED") {
        *status = AlertStatus::Resolved;
    } else if (state.isEmpty() || state == u"CREATED" || state == u"ACTIVATED") {
        *status = acknowledged > 0 ? AlertStatus::Acknowledged : AlertStatus::Firing;
    } else {
        *error = u"state must be CREATED, ACTIVATED or CLOSED (got \"%1\")"_s.arg(state.left(40));
        return false;
    }
    return true;
}

template<typename Object>
void fillLabels(const Object &root, NormalisedAlert *alert)
{
    const QList<std::pair<QString, QString>> lists{
        {u"impactedEntities"_s, u"entities"_s},
        {u"alertPolicyNames"_s, u"policy"_s},
        {u"alertConditionNames"_s, u"condition"_s},
        {u"sources"_s, u"sources"_s},
        {u"workflowName"_s, u"workflow"_s},
        {u"trigger"_s, u"trigger"_s},
        {u"accountId"_s, u"account"_s},
    };
    for (const auto &[from, to] : lists) {
        const QString value = substituted(text(root.value(from)));
        if (!value.isEmpty()) {
            alert->labels.insert(to, value);
        }
    }
    alert->labels.insert(u"alertname"_s, alert->title);
    const auto entities = root.value(u"impactedEntities"_s).toArray();
    alert->service = entities.size() == 1 ? text(entities.at(0)) : QString();
}

template<typename Object>
void fillAnnotations(const Object &root, NormalisedAlert *alert)
{
    for (const QString &key : {u"totalIncidents"_s, u"isCorrelated"_s, u"acknowledgedBy"_s}) {
        const QString value = text(root.value(key));
        if (!value.isEmpty()) {
            alert->annotations.insert(key, value);
        }
    }
    addLink(&alert->links, root.value(u"issueUrl"_s).toString(), u"New Relic issue"_s);
    addLink(&alert->links, root.value(u"issuePageUrl"_s).toString(), u"New Relic issue"_s);
    addLink(&alert->links, root.value(u"violationChartUrl"_s).toString(), u"Chart"_s);
}

} // namespace

template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error)
{
    NormalisedAlert alert;
    const QString id = text(root.value(u"id"_s)).trimmed();
    if (id.isEmpty() || isPlaceholder(id)) {
        *error = u"id (the New Relic issue id) is required"_s;
        return false;
    }
    if (!statusFrom(root, &alert.status, error)
        || !optionalString(root, u"title"_s, &alert.title, error, u"body"_s)
        || !optionalString(root, u"priority"_s, &alert.sourceSeverity, error, u"body"_s)) {
        return false;
    }
    alert.dedupKey = shortenedKey(id);
    alert.title = trimmedTitle(alert.title, u"New Relic issue "_s + id);
    const Severity severity = severityFromWord(alert.sourceSeverity);
    alert.severity = severity == Severity::Unknown ? Severity::P4 : severity;
    fillLabels(root, &alert);
    fillAnnotations(root, &alert);

    qint64 created = 0;
    qint64 updated = 0;
    qint64 closed = 0;
    if (!readTime(root, u"createdAt"_s, &created, error, u"body"_s)
        || !readTime(root, u"updatedAt"_s, &updated, error, u"body"_s)
        || !readTime(root, u"closedAt"_s, &closed, error, u"body"_s)) {
        return false;
    }
    alert.startsAt = created;
    alert.endsAt = alert.status == AlertStatus::Resolved ? (closed > 0 ? closed : updated) : 0;
    if constexpr (std::is_same_v<Object, QJsonObject>) {
        alert.raw = root;
    }

    payload->source = u"newrelic"_s;
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

template bool normalise(const QJsonObject &, NormalisedPayload *, QString *);
template bool normalise(const ViewObject &, NormalisedPayload *, QString *);

} // namespace Firebreak::NewRelic
