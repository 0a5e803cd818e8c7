// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertmanager.h"

#include "alerts/normaliserutil.h"
#include "events/event.h"

#include <QCryptographicHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak::Alertmanager {

namespace {

// Where a field sits, for error messages only: "body" or "alerts[N]", built on failure.
struct Where
{
    int index = -1;

    QString text() const { return index < 0 ? u"body"_s : u"alerts[%1]"_s.arg(index); }
};

bool isStringMap(const QJsonObject &object)
{
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (!it.value().isString()) {
            return false;
        }
    }
    return true;
}

// Absent or null maps are empty; anything else must be an object of strings.
bool readStringMap(const QJsonObject &parent, QLatin1StringView key, QJsonObject *out,
                   QString *error, Where where)
{
    const QJsonValue value = parent.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = {};
        return true;
    }
    if (value.isObject()) {
        *out = value.toObject();
        if (isStringMap(*out)) {
            return true;
        }
    }
    *error = u"%1.%2 must be an object of strings"_s.arg(where.text(), key);
    return false;
}

// Go's zero time ("0001-01-01T00:00:00Z") means "not set".
bool readTime(const QJsonObject &alert, QLatin1StringView key, qint64 *out, QString *error,
              Where where)
{
    const QJsonValue value = alert.value(key);
    const QString text = value.toString();
    if (value.isUndefined() || value.isNull() || text.isEmpty()) {
        *out = 0;
        return true;
    }
    if (!value.isString()) {
        *error = u"%1.%2 must be an RFC 3339 time"_s.arg(where.text(), key);
        return false;
    }
    const qint64 ms = msFromIso(text);
    if (ms == -1) {
        *error = u"%1.%2 is not an RFC 3339 time: %3"_s.arg(where.text(), key, text.left(40));
        return false;
    }
    *out = text.startsWith(u"0001-") ? 0 : ms;
    return true;
}

QString makeTitle(const QJsonObject &labels, const QJsonObject &annotations,
                  const QJsonObject &commonAnnotations)
{
    const QString name = labels.value(u"alertname"_s).toString();
    QString summary = annotations.value(u"summary"_s).toString();
    if (summary.isEmpty()) {
        summary = commonAnnotations.value(u"summary"_s).toString();
    }
    if (name.isEmpty()) {
        return summary.isEmpty() ? u"Unnamed alert"_s : summary;
    }
    return summary.isEmpty() ? name : name + u": "_s + summary;
}

bool normaliseAlert(const QJsonValue &value, int index, const QJsonObject &commonAnnotations,
                    NormalisedAlert *alert, QString *error)
{
    const Where where{index};
    if (!value.isObject()) {
        *error = where.text() + u" must be an object"_s;
        return false;
    }
    const QJsonObject object = value.toObject();

    const QString status = object.value("status"_L1).toString();
    const bool firing = status == u"firing";
    if (!firing && status != u"resolved") {
        *error = where.text() + u".status must be \"firing\" or \"resolved\""_s;
        return false;
    }
    alert->status = firing ? AlertStatus::Firing : AlertStatus::Resolved;

    if (!readStringMap(object, "labels"_L1, &alert->labels, error, where)
        || !readStringMap(object, "annotations"_L1, &alert->annotations, error, where)
        || !readTime(object, "startsAt"_L1, &alert->startsAt, error, where)
        || !readTime(object, "endsAt"_L1, &alert->endsAt, error, where)) {
        return false;
    }
    if (alert->labels.isEmpty()) {
        *error = where.text() + u".labels must not be empty"_s;
        return false;
    }

    const QJsonValue fingerprint = object.value("fingerprint"_L1);
    if (!fingerprint.isUndefined() && !fingerprint.isNull() && !fingerprint.isString()) {
        *error = where.text() + u".fingerprint must be a string"_s;
        return false;
    }
    alert->dedupKey = fingerprint.toString();
    if (alert->dedupKey.isEmpty()) {
        alert->dedupKey = labelsFingerprint(alert->labels);
    }

    alert->sourceSeverity = alert->labels.value(u"severity"_s).toString();
    alert->severity = severityFromLabel(alert->sourceSeverity);
    alert->title = makeTitle(alert->labels, alert->annotations, commonAnnotations);
    alert->service = alert->labels.value(u"service"_s).toString();
    if (alert->service.isEmpty()) {
        alert->service = alert->labels.value(u"job"_s).toString();
    }
    alert->generatorUrl = object.value(u"generatorURL"_s).toString();
    AlertFields::addLink(&alert->links, alert->generatorUrl, u"Source"_s);
    alert->raw = object;
    return true;
}

} // namespace

Severity severityFromLabel(const QString &label)
{
    const QString word = label.trimmed().toLower();
    if (word == u"critical") {
        return Severity::P1;
    }
    if (word == u"error" || word == u"major") {
        return Severity::P2;
    }
    if (word == u"warning") {
        return Severity::P3;
    }
    return Severity::P4;
}

QString labelsFingerprint(const QJsonObject &labels)
{
    // QJsonObject keeps its keys sorted, so this walk is already in label-name order.
    QByteArray input;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        input += it.key().toUtf8() + '\0' + it.value().toString().toUtf8() + '\0';
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex().left(16));
}

bool normalise(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    const QJsonValue version = root.value(u"version"_s);
    if (!version.isString() || version.toString() != u"4") {
        *error = u"version must be \"4\" (the Alertmanager webhook format)"_s;
        return false;
    }
    return normaliseGroup(root, payload, error);
}

bool normaliseDelivery(const AlertDelivery &delivery, NormalisedPayload *payload,
                       QString *error)
{
    return normalise(delivery.json, payload, error);
}

bool normaliseGroup(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    const QJsonValue alerts = root.value(u"alerts"_s);
    if (!alerts.isArray()) {
        *error = u"alerts must be an array"_s;
        return false;
    }
    const QJsonValue groupKey = root.value(u"groupKey"_s);
    if (!groupKey.isUndefined() && !groupKey.isString()) {
        *error = u"groupKey must be a string"_s;
        return false;
    }
    const QJsonValue truncated = root.value(u"truncatedAlerts"_s);
    if (!truncated.isUndefined() && !truncated.isNull()
        && (!truncated.isDouble() || truncated.toDouble() < 0)) {
        *error = u"truncatedAlerts must be a non-negative number"_s;
        return false;
    }
    QJsonObject commonAnnotations;
    if (!readStringMap(root, "commonAnnotations"_L1, &commonAnnotations, error, Where())) {
        return false;
    }

    payload->source = u"alertmanager"_s;
    payload->groupKey = groupKey.toString();
    payload->truncatedAlerts = truncated.toInt();
    payload->alerts.clear();
    const QJsonArray list = alerts.toArray();
    payload->alerts.reserve(list.size());
    for (int i = 0; i < list.size(); ++i) {
        NormalisedAlert alert;
        if (!normaliseAlert(list.at(i), i, commonAnnotations, &alert, error)) {
            return false;
        }
        payload->alerts.append(std::move(alert));
    }
    if (payload->groupKey.isEmpty() && !payload->alerts.isEmpty()) {
        payload->groupKey = labelsFingerprint(root.value(u"groupLabels"_s).toObject());
    }
    return true;
}

} // namespace Firebreak::Alertmanager
