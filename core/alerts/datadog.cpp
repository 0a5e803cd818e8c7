// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "datadog.h"

#include "alerts/normaliserutil.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Datadog {

namespace {

using namespace AlertFields;

/// What the "[Triggered on {scope}]" and "[P2]" prefixes of a title say.
struct TitleParts
{
    QString title;
    QString transition;
    QString scope;
    QString priority;
};

TitleParts splitTitle(const QString &title)
{
    TitleParts parts;
    QString rest = title.trimmed();
    while (rest.startsWith(u'[')) {
        const qsizetype end = rest.indexOf(u']');
        if (end < 0) {
            break;
        }
        const QString group = rest.mid(1, end - 1).trimmed();
        rest = rest.mid(end + 1).trimmed();
        if (group.size() <= 3 && group.startsWith(u'P', Qt::CaseInsensitive)) {
            parts.priority = group;
            continue;
        }
        const qsizetype on = group.indexOf(u" on "_s);
        parts.transition = on < 0 ? group : group.left(on);
        if (on >= 0) {
            parts.scope = group.mid(on + 4).remove(u'{').remove(u'}').trimmed();
        }
    }
    parts.title = rest;
    return parts;
}

// "env:prod,service:web,monitor" → {env: prod, service: web, monitor: ""}.
void addTags(const QString &tags, StringMap *labels)
{
    const QStringList list = tags.split(u',', Qt::SkipEmptyParts);
    for (const QString &tag : list) {
        const QString trimmed = tag.trimmed();
        const qsizetype colon = trimmed.indexOf(u':');
        if (colon > 0) {
            labels->insert(trimmed.left(colon), trimmed.mid(colon + 1));
        } else if (!trimmed.isEmpty()) {
            labels->insert(trimmed, QString());
        }
    }
}

AlertStatus statusFrom(const QString &transition, const QString &alertType)
{
    const QString word = transition.toLower();
    if (word.contains(u"recovered")) {
        return AlertStatus::Resolved;
    }
    if (word.isEmpty() && alertType.toLower() == u"success") {
        return AlertStatus::Resolved;
    }
    return AlertStatus::Firing;
}

QString severityWord(const QString &priority, const QString &alertType, const QString &transition)
{
    if (!priority.isEmpty()) {
        return priority;
    }
    if (!alertType.isEmpty() && alertType.toLower() != u"success") {
        return alertType;
    }
    return transition.contains(u"Warn"_s, Qt::CaseInsensitive) ? u"warning"_s : QString();
}

QString bodyText(QString body)
{
    // Datadog wraps Markdown in "%%%" fences.
    body.remove(u"%%%"_s);
    return body.trimmed();
}

template<typename Object>
QString field(const Object &root, const QString &key)
{
    return substituted(text(root.value(key))).trimmed();
}

template<typename Object>
void fillLabels(const Object &root, const TitleParts &parts, NormalisedAlert *alert)
{
    addTags(field(root, u"tags"_s), &alert->labels);
    addTags(field(root, u"alert_scope"_s).isEmpty() ? parts.scope : field(root, u"alert_scope"_s),
            &alert->labels);
    const QList<std::pair<QString, QString>> copied{
        {u"hostname"_s, u"host"_s}, {u"event_type"_s, u"event_type"_s},
        {u"alert_metric"_s, u"metric"_s}, {u"alert_id"_s, u"monitor_id"_s},
        {u"alert_transition"_s, u"transition"_s},
    };
    for (const auto &[from, to] : copied) {
        const QString value = field(root, from);
        if (!value.isEmpty()) {
            alert->labels.insert(to, value);
        }
    }
    const QString org = substituted(root.value(u"org"_s).toObject().value(u"name"_s).toString());
    if (!org.isEmpty()) {
        alert->labels.insert(u"org"_s, org);
    }
    alert->labels.insert(u"alertname"_s, alert->title);
    alert->service = alert->labels.value(u"service");
}

template<typename Object>
void fillAnnotations(const Object &root, NormalisedAlert *alert)
{
    const QString body = bodyText(field(root, u"body"_s));
    if (!body.isEmpty()) {
        alert->annotations.insert(u"description"_s, body);
    }
    for (const QString &key : {u"alert_status"_s, u"alert_query"_s}) {
        const QString value = field(root, key);
        if (!value.isEmpty()) {
            alert->annotations.insert(key.mid(6), value);
        }
    }
    addLink(&alert->links, field(root, u"link"_s), u"Datadog event"_s);
    addLink(&alert->links, field(root, u"snapshot"_s), u"Snapshot"_s);
}

template<typename Object>
QString identity(const Object &root, const TitleParts &parts)
{
    const QString cycle = field(root, u"alert_cycle_key"_s);
    if (!cycle.isEmpty()) {
        return u"cycle-"_s + cycle;
    }
    const QString monitor = field(root, u"alert_id"_s);
    const QString scope = field(root, u"alert_scope"_s).isEmpty() ? parts.scope
                                                                   : field(root, u"alert_scope"_s);
    if (!monitor.isEmpty()) {
        return u"monitor-"_s + monitor + (scope.isEmpty() ? QString() : u'/' + scope);
    }
    const QString org = text(root.value(u"org"_s).toObject().value(u"id"_s));
    return u"title-"_s + fingerprint({parts.title, scope, org});
}

} // namespace

template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error)
{
    for (const QString &key : {u"title"_s, u"alert_title"_s, u"body"_s, u"tags"_s}) {
        const auto value = root.value(key);
        if (!value.isUndefined() && !value.isNull() && !value.isString()) {
            *error = u"%1 must be a string"_s.arg(key);
            return false;
        }
    }
    const TitleParts parts = splitTitle(field(root, u"title"_s));
    NormalisedAlert alert;
    const QString alertTitle = field(root, u"alert_title"_s);
    alert.title = shortened(alertTitle.isEmpty() ? parts.title : alertTitle);
    if (alert.title.isEmpty()) {
        *error = u"title (or alert_title) is required and must not be empty"_s;
        return false;
    }
    const QString transition = field(root, u"alert_transition"_s).isEmpty()
        ? parts.transition
        : field(root, u"alert_transition"_s);
    alert.status = statusFrom(transition, field(root, u"alert_type"_s));
    alert.sourceSeverity = severityWord(field(root, u"alert_priority"_s).isEmpty()
                                            ? parts.priority
                                            : field(root, u"alert_priority"_s),
                                        field(root, u"alert_type"_s), transition);
    const Severity severity = severityFromWord(alert.sourceSeverity);
    alert.severity = severity == Severity::Unknown ? Severity::P4 : severity;
    alert.dedupKey = shortenedKey(identity(root, parts));
    fillLabels(root, parts, &alert);
    fillAnnotations(root, &alert);

    qint64 at = 0;
    const QString dateKey = root.contains(u"date"_s) ? u"date"_s : u"last_updated"_s;
    if (!readTime(root, dateKey, &at, error, u"body"_s)) {
        return false;
    }
    (alert.isFiring() ? alert.startsAt : alert.endsAt) = at;
    if constexpr (std::is_same_v<Object, QJsonObject>) {
        alert.raw = root;
    }

    payload->source = u"datadog"_s;
    payload->deliveryId = field(root, u"id"_s);
    const QString aggregate = field(root, u"aggreg_key"_s);
    payload->groupKey = aggregate.isEmpty() ? alert.dedupKey : aggregate;
    payload->alerts.append(alert);
    return true;
}

template bool normalise(const QJsonObject &, NormalisedPayload *, QString *);
template bool normalise(const ViewObject &, NormalisedPayload *, QString *);

} // namespace Firebreak::Datadog
