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

bool isStringMap(const QJsonValue &value)
{
    if (!value.isObject()) {
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            return false;
        }
    }
    return true;
}

// Absent or null maps are empty; anything else must be an object of strings.
bool readStringMap(const QJsonObject &parent, const QString &key, QJsonObject *out,
                   QString *error, const QString &where)
{
    const QJsonValue value = parent.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = {};
        return true;
    }
    if (!isStringMap(value)) {
        *error = u"%1.%2 must be an object of strings"_s.arg(where, key);
        return false;
    }
    *out = value.toObject();
    return true;
}

// Go's zero time ("0001-01-01T00:00:00Z") means "not set".
bool readTime(const QJsonObject &alert, const QString &key, qint64 *out, QString *error,
              const QString &where)
{
    const QJsonValue value = alert.value(key);
    if (value.isUndefined() || value.isNull() || value.toString().isEmpty()) {
        *out = 0;
        return true;
    }
    if (!value.isString()) {
        *error = u"%1.%2 must be an RFC 3339 time"_s.arg(where, key);
        return false;
    }
    const qint64 ms = msFromIso(value.toString());
    if (ms == -1) {
        *error = u"%1.%2 is not an RFC 3339 time: %3"_s.arg(where, key, value.toString().left(40));
        return false;
    }
    *out = value.toString().startsWith(u"0001-") ? 0 : ms;
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
    const QString where = u"alerts[%1]"_s.arg(index);
    if (!value.isObject()) {
        *error = where + u" must be an object"_s;
        return false;
    }
    const QJsonObject object = value.toObject();

    const QString status = object.value(u"status"_s).toString();
    if (status != u"firing" && status != u"resolved") {
        *error = where + u".status must be \"firing\" or \"resolved\""_s;
        return false;
    }
    alert->status = status == u"firing" ? AlertStatus::Firing : AlertStatus::Resolved;

    if (!readStringMap(object, u"labels"_s, &alert->labels, error, where)
        || !readStringMap(object, u"annotations"_s, &alert->annotations, error, where)
        || !readTime(object, u"startsAt"_s, &alert->startsAt, error, where)
        || !readTime(object, u"endsAt"_s, &alert->endsAt, error, where)) {
        return false;
    }
    if (alert->labels.isEmpty()) {
        *error = where + u".labels must not be empty"_s;
        return false;
    }

    const QJsonValue fingerprint = object.value(u"fingerprint"_s);
    if (!fingerprint.isUndefined() && !fingerprint.isNull() && !fingerprint.isString()) {
        *error = where + u".fingerprint must be a string"_s;
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
    if (!readStringMap(root, u"commonAnnotations"_s, &commonAnnotations, error, u"body"_s)) {
        return false;
    }

    payload->source = u"alertmanager"_s;
    payload->groupKey = groupKey.toString();
    payload->truncatedAlerts = truncated.toInt();
    payload->alerts.clear();
    const QJsonArray list = alerts.toArray();
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
