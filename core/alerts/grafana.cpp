// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "grafana.h"

#include "alerts/alertmanager.h"
#include "alerts/normaliserutil.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Grafana {

namespace {

using namespace AlertFields;

// "A=91.8, B=1": the names in code point order and each once, however the body wrote them,
// as labels are kept (StringMap): Qt's own order depends on how a name was written.
QString valuesText(const QJsonObject &values)
{
    QStringList parts;
    for (const auto &[name, value] : StringMap::fromObject(values)) {
        parts.append(name + u'=' + value);
    }
    return parts.join(u", "_s);
}

// Grafana's additions to each Alertmanager-shaped alert: links and evaluated values.
void addGrafanaFields(NormalisedAlert *alert)
{
    const QJsonObject &raw = alert->raw;
    addLink(&alert->links, raw.value(u"dashboardURL"_s).toString(), u"Dashboard"_s);
    addLink(&alert->links, raw.value(u"panelURL"_s).toString(), u"Panel"_s);
    addLink(&alert->links, raw.value(u"silenceURL"_s).toString(), u"Silence in Grafana"_s);
    addLink(&alert->links, raw.value(u"imageURL"_s).toString(), u"Image"_s);

    const QString values = valuesText(raw.value(u"values"_s).toObject());
    if (!values.isEmpty()) {
        alert->annotations.insert(u"values"_s, values);
    }
    alert->severity = severity(alert->sourceSeverity);
}

bool normaliseUnified(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    const QJsonValue version = root.value(u"version"_s);
    if (!version.isUndefined() && !version.isString()) {
        *error = u"version must be a string"_s;
        return false;
    }
    if (!Alertmanager::normaliseGroup(root, payload, error)) {
        return false;
    }
    for (NormalisedAlert &alert : payload->alerts) {
        addGrafanaFields(&alert);
    }
    return true;
}

QString stripStatePrefix(const QString &title)
{
    // Legacy titles read "[Alerting] Rule name" or "[OK] Rule name".
    if (title.startsWith(u'[')) {
        const qsizetype end = title.indexOf(u"] "_s);
        if (end > 0 && end < 24) {
            return title.mid(end + 2);
        }
    }
    return title;
}

QString evalMatchesText(const QJsonArray &matches)
{
    QStringList parts;
    for (const QJsonValue &match : matches) {
        const QJsonObject object = match.toObject();
        parts.append(text(object.value(u"metric"_s)) + u'=' + text(object.value(u"value"_s)));
    }
    return parts.join(u", "_s);
}

bool legacyStatus(const QString &state, NormalisedAlert *alert, NormalisedPayload *payload)
{
    if (state == u"alerting" || state == u"no_data") {
        alert->status = AlertStatus::Firing;
    } else if (state == u"ok") {
        alert->status = AlertStatus::Resolved;
    } else if (state == u"paused" || state == u"pending") {
        payload->ignored = u"legacy state \"%1\" is no alert"_s.arg(state);
    } else {
        return false;
    }
    return true;
}

bool normaliseLegacy(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    NormalisedAlert alert;
    const QString state = root.value(u"state"_s).toString();
    if (!legacyStatus(state, &alert, payload)) {
        *error = u"state must be alerting, ok, no_data, paused or pending (legacy Grafana"
                 " alert), or the body must carry alerts[] (unified alerting)"_s;
        return false;
    }
    payload->source = u"grafana"_s;
    if (!payload->ignored.isEmpty()) {
        return true;
    }
    QJsonObject tags;
    QString ruleName;
    if (!optionalObject(root, u"tags"_s, &tags, error, u"body"_s)
        || !optionalString(root, u"ruleName"_s, &ruleName, error, u"body"_s)) {
        return false;
    }
    const QString ruleId = text(root.value(u"ruleId"_s));
    const QString ruleUrl = root.value(u"ruleUrl"_s).toString();
    alert.title = trimmedTitle(ruleName,
                               stripStatePrefix(root.value(u"title"_s).toString().trimmed()));
    if (alert.title.isEmpty() && ruleId.isEmpty()) {
        *error = u"a legacy Grafana alert needs ruleName, title or ruleId"_s;
        return false;
    }
    alert.dedupKey = ruleId.isEmpty() ? fingerprint({alert.title, ruleUrl})
                                      : shortenedKey(u"rule-"_s + ruleId);
    alert.labels = stringMap(tags);
    alert.labels.insert(u"alertname"_s, alert.title);
    alert.sourceSeverity = alert.labels.value(u"severity");
    alert.severity = severity(alert.sourceSeverity);
    alert.service = alert.labels.value(u"service");

    const QString message = root.value(u"message"_s).toString();
    if (!message.isEmpty()) {
        alert.annotations.insert(u"description"_s, message);
    }
    const QString matches = evalMatchesText(root.value(u"evalMatches"_s).toArray());
    if (!matches.isEmpty()) {
        alert.annotations.insert(u"evalMatches"_s, matches);
    }
    alert.generatorUrl = ruleUrl;
    addLink(&alert.links, ruleUrl, u"Alert rule"_s);
    addLink(&alert.links, root.value(u"imageUrl"_s).toString(), u"Image"_s);
    alert.raw = root;
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

} // namespace

Severity severity(const QString &label)
{
    const Severity fromWord = severityFromWord(label);
    return fromWord == Severity::Unknown ? Severity::P4 : fromWord;
}

bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    const QJsonObject &root = delivery.json;
    const bool unified = root.contains(u"alerts"_s);
    if (!(unified ? normaliseUnified(root, payload, error)
                  : normaliseLegacy(root, payload, error))) {
        return false;
    }
    payload->source = u"grafana"_s;
    return true;
}

} // namespace Firebreak::Grafana
