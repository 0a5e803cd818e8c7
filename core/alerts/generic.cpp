// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "generic.h"

#include "alerts/normaliserutil.h"
#include "alerts/pagerduty.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Generic {

namespace {

using namespace AlertFields;

constexpr int s_maxPathLength = 200;
constexpr int s_maxAlertsPerBody = 1000;

const QStringList &mappedFields()
{
    static const QStringList fields{u"alerts"_s, u"title"_s, u"dedupKey"_s, u"status"_s,
                                    u"severity"_s, u"labels"_s, u"service"_s, u"description"_s,
                                    u"startsAt"_s, u"endsAt"_s, u"links"_s};
    return fields;
}

// The documented default contract, used for every field the mapping leaves out.
QString defaultPath(const QString &field)
{
    static const QHash<QString, QString> defaults{
        {u"title"_s, u"title"_s},        {u"dedupKey"_s, u"dedup_key"_s},
        {u"status"_s, u"status"_s},      {u"severity"_s, u"severity"_s},
        {u"labels"_s, u"labels"_s},      {u"service"_s, u"service"_s},
        {u"description"_s, u"message"_s}, {u"startsAt"_s, u"occurred_at"_s},
        {u"endsAt"_s, u"resolved_at"_s}, {u"links"_s, u"links"_s},
    };
    return defaults.value(field);
}

QStringList statusWords(const QJsonObject &config, const QString &status)
{
    static const QHash<QString, QStringList> defaults{
        {u"firing"_s, {u"firing"_s, u"triggered"_s, u"trigger"_s, u"alerting"_s, u"alert"_s,
                       u"open"_s, u"problem"_s, u"active"_s, u"down"_s}},
        {u"acknowledged"_s, {u"acknowledged"_s, u"acknowledge"_s, u"ack"_s}},
        {u"resolved"_s, {u"resolved"_s, u"resolve"_s, u"ok"_s, u"closed"_s, u"close"_s,
                         u"recovered"_s, u"inactive"_s, u"up"_s}},
    };
    const QJsonValue configured = config.value(u"statusValues"_s).toObject().value(status);
    if (!configured.isArray()) {
        return defaults.value(status);
    }
    QStringList words;
    for (const QJsonValue &word : configured.toArray()) {
        words.append(word.toString().toLower());
    }
    return words;
}

bool statusFrom(const QString &word, const QJsonObject &config, AlertStatus *status,
                QString *error)
{
    const QString lower = word.trimmed().toLower();
    if (lower.isEmpty()) {
        *status = AlertStatus::Firing;
        return true;
    }
    const QList<std::pair<QString, AlertStatus>> statuses{
        {u"firing"_s, AlertStatus::Firing},
        {u"acknowledged"_s, AlertStatus::Acknowledged},
        {u"resolved"_s, AlertStatus::Resolved},
    };
    QStringList known;
    for (const auto &[name, value] : statuses) {
        const QStringList words = statusWords(config, name);
        if (words.contains(lower)) {
            *status = value;
            return true;
        }
        known += words;
    }
    *error = u"status \"%1\" is not known; this integration reads: %2"_s.arg(
        word.left(40), known.join(u", "_s));
    return false;
}

class Mapper
{
public:
    explicit Mapper(const QJsonObject &config)
        : m_config(config)
        , m_mapping(config.value(u"mapping"_s).toObject())
    {
    }

    QString path(const QString &field) const
    {
        const QJsonValue mapped = m_mapping.value(field);
        return mapped.isString() ? mapped.toString() : defaultPath(field);
    }
    QJsonValue value(const QJsonObject &item, const QString &field) const
    {
        const QString where = path(field);
        return where.isEmpty() ? QJsonValue(QJsonValue::Undefined) : valueAt(item, where);
    }
    QString string(const QJsonObject &item, const QString &field) const
    {
        return text(value(item, field)).trimmed();
    }
    StringMap labels(const QJsonObject &item) const;
    bool alert(const QJsonObject &item, NormalisedAlert *alert, QString *error) const;

private:
    void fillLinks(const QJsonObject &item, NormalisedAlert *alert) const;

    QJsonObject m_config;
    QJsonObject m_mapping;
};

// `labels` maps to an object path, or is itself an object of label name → path.
StringMap Mapper::labels(const QJsonObject &item) const
{
    const QJsonValue mapped = m_mapping.value(u"labels"_s);
    if (!mapped.isObject()) {
        return stringMap(value(item, u"labels"_s).toObject());
    }
    StringMap labels;
    const QJsonObject fields = mapped.toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QJsonValue found = valueAt(item, it.value().toString());
        if (!found.isUndefined() && !found.isNull()) {
            labels.insert(it.key(), text(found));
        }
    }
    return labels;
}

void Mapper::fillLinks(const QJsonObject &item, NormalisedAlert *alert) const
{
    const QJsonValue links = value(item, u"links"_s);
    if (links.isString()) {
        addLink(&alert->links, links.toString(), u"Link"_s);
        return;
    }
    for (const QJsonValue &entry : links.toArray()) {
        if (entry.isString()) {
            addLink(&alert->links, entry.toString(), u"Link"_s);
            continue;
        }
        const QJsonObject link = entry.toObject();
        const QString href = link.value(u"href"_s).toString();
        addLink(&alert->links, href.isEmpty() ? link.value(u"url"_s).toString() : href,
                link.value(u"text"_s).toString());
    }
}

bool Mapper::alert(const QJsonObject &item, NormalisedAlert *alert, QString *error) const
{
    alert->title = shortened(string(item, u"title"_s));
    if (alert->title.isEmpty()) {
        *error = u"title (mapped from \"%1\") is required"_s.arg(path(u"title"_s));
        return false;
    }
    if (!statusFrom(string(item, u"status"_s), m_config, &alert->status, error)) {
        return false;
    }
    alert->labels = labels(item);
    alert->dedupKey = shortenedKey(string(item, u"dedupKey"_s));
    if (alert->dedupKey.isEmpty()) {
        QStringList parts{alert->title};
        for (const auto &[key, value] : alert->labels) {
            parts << key << value;
        }
        alert->dedupKey = fingerprint(parts);
    }
    alert->sourceSeverity = string(item, u"severity"_s);
    const Severity severity = severityFromWord(alert->sourceSeverity);
    alert->severity = severity == Severity::Unknown ? Severity::P4 : severity;
    alert->service = string(item, u"service"_s);
    if (alert->service.isEmpty()) {
        alert->service = alert->labels.value(u"service");
    }
    alert->labels.insert(u"alertname"_s, alert->title);
    const QString description = string(item, u"description"_s);
    if (!description.isEmpty()) {
        alert->annotations.insert(u"description"_s, description);
    }
    fillLinks(item, alert);
    alert->startsAt = timeFrom(value(item, u"startsAt"_s));
    alert->endsAt = alert->status == AlertStatus::Resolved ? timeFrom(value(item, u"endsAt"_s))
                                                           : 0;
    if (alert->startsAt < 0 || alert->endsAt < 0) {
        *error = u"%1 is not a time (ISO 8601 or epoch)"_s.arg(
            alert->startsAt < 0 ? path(u"startsAt"_s) : path(u"endsAt"_s));
        return false;
    }
    alert->raw = item;
    return true;
}

bool validatePaths(const QJsonObject &mapping, QString *error)
{
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        if (!mappedFields().contains(it.key())) {
            *error = u"mapping.%1 is not a mapped field; known: %2"_s.arg(
                it.key().left(40), mappedFields().join(u", "_s));
            return false;
        }
        const bool labelObject = it.key() == u"labels" && it.value().isObject();
        if (!labelObject && (!it.value().isString()
                             || it.value().toString().size() > s_maxPathLength)) {
            *error = u"mapping.%1 must be a dotted path of at most %2 characters"_s.arg(it.key())
                         .arg(s_maxPathLength);
            return false;
        }
        const QJsonObject fields = it.value().toObject();
        for (auto field = fields.begin(); labelObject && field != fields.end(); ++field) {
            if (!field.value().isString() || field.value().toString().size() > s_maxPathLength) {
                *error = u"mapping.labels.%1 must be a dotted path"_s.arg(field.key().left(40));
                return false;
            }
        }
    }
    return true;
}

} // namespace

QJsonValue valueAt(const QJsonValue &root, const QString &path)
{
    QJsonValue current = root;
    const QStringList steps = path.split(u'.', Qt::SkipEmptyParts);
    for (const QString &step : steps) {
        bool isIndex = false;
        const int index = step.toInt(&isIndex);
        if (current.isArray() && isIndex) {
            const QJsonArray array = current.toArray();
            if (index < 0 || index >= array.size()) {
                return QJsonValue(QJsonValue::Undefined);
            }
            current = array.at(index);
        } else if (current.isObject()) {
            current = current.toObject().value(step);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

bool validateConfig(const QJsonObject &config, QString *error)
{
    const QJsonValue mapping = config.value(u"mapping"_s);
    if (!mapping.isUndefined() && !mapping.isObject()) {
        *error = u"mapping must be an object of field → dotted path"_s;
        return false;
    }
    if (!validatePaths(mapping.toObject(), error)) {
        return false;
    }
    const QJsonObject statuses = config.value(u"statusValues"_s).toObject();
    for (auto it = statuses.begin(); it != statuses.end(); ++it) {
        const bool known = it.key() == u"firing" || it.key() == u"acknowledged"
            || it.key() == u"resolved";
        if (!known || !it.value().isArray()) {
            *error = u"statusValues must map firing, acknowledged and resolved to lists of"
                     " words"_s;
            return false;
        }
    }
    return true;
}

bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    const QJsonObject &root = delivery.json;
    if (root.contains(u"event_action"_s) && !delivery.config.contains(u"mapping"_s)) {
        QStringList errors;
        if (!PagerDuty::normaliseEvent(root, payload, &errors)) {
            *error = errors.join(u"; "_s);
            return false;
        }
        payload->source = u"generic"_s;
        return true;
    }
    const Mapper mapper(delivery.config);
    QList<QJsonObject> items{root};
    if (!mapper.path(u"alerts"_s).isEmpty()) {
        const QJsonValue list = valueAt(root, mapper.path(u"alerts"_s));
        if (!list.isArray() || list.toArray().size() > s_maxAlertsPerBody) {
            *error = u"%1 must be an array of at most %2 alerts"_s.arg(mapper.path(u"alerts"_s))
                         .arg(s_maxAlertsPerBody);
            return false;
        }
        items.clear();
        for (const QJsonValue &item : list.toArray()) {
            items.append(item.toObject());
        }
    }
    payload->source = u"generic"_s;
    for (qsizetype i = 0; i < items.size(); ++i) {
        NormalisedAlert alert;
        if (!mapper.alert(items.at(i), &alert, error)) {
            if (items.size() > 1) {
                *error = u"alert %1: "_s.arg(i) + *error;
            }
            return false;
        }
        payload->alerts.append(alert);
    }
    // Each alert is its own group unless a route groups them by labels.
    for (NormalisedAlert &alert : payload->alerts) {
        alert.groupKey = alert.dedupKey;
    }
    return true;
}

} // namespace Firebreak::Generic
