// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "sources.h"

#include "alerts/alertmanager.h"
#include "alerts/cloudwatch.h"
#include "alerts/datadog.h"
#include "alerts/generic.h"
#include "alerts/grafana.h"
#include "alerts/newrelic.h"
#include "alerts/opsgenie.h"
#include "alerts/pagerduty.h"
#include "alerts/sentry.h"

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace Firebreak::AlertSources {

namespace {

// The full way and the fast way of a source whose normaliser reads the body alone, Qt's objects
// or a view of them (Datadog::normalise<Object>() and its like).
template<bool (*Read)(const QJsonObject &, NormalisedPayload *, QString *)>
bool readBody(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    return Read(delivery.json, payload, error);
}

template<bool (*Read)(const ViewObject &, NormalisedPayload *, QString *)>
bool readBodyView(const ViewObject &root, const AlertDelivery &, NormalisedPayload *payload)
{
    QString error;
    return Read(root, payload, &error);
}

const QList<std::pair<QString, Normaliser>> &registry()
{
    static const QList<std::pair<QString, Normaliser>> sources{
        {u"alertmanager"_s, &Alertmanager::normaliseDelivery},
        {u"grafana"_s, &Grafana::normalise},
        {u"datadog"_s, &readBody<&Datadog::normalise<QJsonObject>>},
        {u"newrelic"_s, &readBody<&NewRelic::normalise<QJsonObject>>},
        {u"pagerduty"_s, &PagerDuty::normalise},
        {u"opsgenie"_s, &readBody<&Opsgenie::normalise<QJsonObject>>},
        {u"sentry"_s, &Sentry::normalise},
        {u"cloudwatch"_s, &CloudWatch::normalise},
        {u"generic"_s, &Generic::normalise},
    };
    return sources;
}

constexpr int s_maxSecrets = 5;

void applySeveritySettings(const QJsonObject &config, NormalisedPayload *payload)
{
    const QJsonObject map = config.value(u"severityMap"_s).toObject();
    const Severity fallback = severityFromName(config.value(u"defaultSeverity"_s).toString());
    if (map.isEmpty() && fallback == Severity::Unknown) {
        return;
    }
    QHash<QString, Severity> lower;
    for (auto it = map.begin(); it != map.end(); ++it) {
        lower.insert(it.key().toLower(), severityFromName(it.value().toString()));
    }
    for (NormalisedAlert &alert : payload->alerts) {
        const Severity mapped = lower.value(alert.sourceSeverity.trimmed().toLower(),
                                            Severity::Unknown);
        if (mapped != Severity::Unknown) {
            alert.severity = mapped;
        } else if (alert.sourceSeverity.isEmpty() && fallback != Severity::Unknown) {
            alert.severity = fallback;
        }
    }
}

bool validateSeverities(const QJsonObject &config, QString *error)
{
    const QJsonValue map = config.value(u"severityMap"_s);
    if (!map.isUndefined() && !map.isObject()) {
        *error = u"severityMap must be an object of the source's word → P1…P4"_s;
        return false;
    }
    const QJsonObject words = map.toObject();
    for (auto it = words.begin(); it != words.end(); ++it) {
        if (severityFromName(it.value().toString()) == Severity::Unknown) {
            *error = u"severityMap.%1 must be P1, P2, P3 or P4"_s.arg(it.key().left(40));
            return false;
        }
    }
    const QJsonValue fallback = config.value(u"defaultSeverity"_s);
    if (!fallback.isUndefined() && severityFromName(fallback.toString()) == Severity::Unknown) {
        *error = u"defaultSeverity must be P1, P2, P3 or P4"_s;
        return false;
    }
    return true;
}

bool validateRateLimit(const QJsonObject &config, QString *error)
{
    const QJsonValue value = config.value(u"rateLimit"_s);
    if (value.isUndefined() || value.isNull()) {
        return true;
    }
    const QJsonObject limit = value.toObject();
    const QJsonValue requestsValue = limit.value(u"requests"_s);
    const QJsonValue secondsValue = limit.value(u"perSeconds"_s);
    const double requests = requestsValue.toDouble(-1);
    const double seconds = secondsValue.isUndefined() ? 60 : secondsValue.toDouble(-1);
    // Whole numbers only: a bucket of half a request never holds one, and would refuse every
    // delivery with a Retry-After that is never true.
    const bool whole = requests == std::trunc(requests) && seconds == std::trunc(seconds);
    if (!value.isObject() || !requestsValue.isDouble() || !whole || requests < 0
        || requests > 1e7 || seconds < 1 || seconds > 86400) {
        *error = u"rateLimit must be {\"requests\": a whole number (0 = unlimited),"
                 " \"perSeconds\": a whole number from 1 to 86400}"_s;
        return false;
    }
    return true;
}

bool validateSigning(const QString &source, const QJsonObject &config, QString *error)
{
    const QJsonValue value = config.value(u"signing"_s);
    if (value.isUndefined() || value.isNull()) {
        return true;
    }
    if (signatureScheme(source) == SignatureScheme::None) {
        *error = u"%1 defines no webhook signature; signing applies to pagerduty, sentry and"
                 " generic"_s.arg(source);
        return false;
    }
    const QJsonArray secrets = value.toObject().value(u"secrets"_s).toArray();
    bool valid = value.isObject() && !secrets.isEmpty() && secrets.size() <= s_maxSecrets;
    for (const QJsonValue &secret : secrets) {
        valid = valid && secret.isString() && secret.toString().size() >= 8
            && secret.toString().size() <= 512;
    }
    const double tolerance = value.toObject().value(u"toleranceSeconds"_s).toDouble(300);
    if (!valid || tolerance < 1 || tolerance > 86400) {
        *error = u"signing must be {\"secrets\": [1 to %1 secrets of 8 to 512 characters],"
                 " \"toleranceSeconds\": 1 to 86400}"_s.arg(s_maxSecrets);
        return false;
    }
    return true;
}

bool validateCloudWatch(const QJsonObject &config, QString *error)
{
    const QJsonValue insufficient = config.value(u"insufficientData"_s);
    const QString word = insufficient.toString();
    if (!insufficient.isUndefined()
        && word != u"ignore" && word != u"firing" && word != u"resolved") {
        *error = u"insufficientData must be ignore, firing or resolved"_s;
        return false;
    }
    const QJsonValue topics = config.value(u"topicArns"_s);
    if (topics.isUndefined()) {
        return true;
    }
    for (const QJsonValue &topic : topics.toArray()) {
        if (!topic.toString().startsWith(u"arn:")) {
            *error = u"topicArns must list SNS topic ARNs"_s;
            return false;
        }
    }
    if (!topics.isArray()) {
        *error = u"topicArns must be a list of SNS topic ARNs"_s;
        return false;
    }
    return true;
}

bool knownKeys(const QString &source, const QJsonObject &config, QString *error)
{
    QStringList known{u"severityMap"_s, u"defaultSeverity"_s, u"rateLimit"_s, u"signing"_s};
    if (source == u"generic") {
        known << u"mapping"_s << u"statusValues"_s;
    } else if (source == u"cloudwatch") {
        known << u"insufficientData"_s << u"topicArns"_s;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"unknown setting \"%1\" for a %2 integration; known: %3"_s.arg(
                it.key().left(40), source, known.join(u", "_s));
            return false;
        }
    }
    return true;
}

} // namespace

QStringList supported()
{
    QStringList names;
    for (const auto &source : registry()) {
        names.append(source.first);
    }
    return names;
}

Normaliser normaliser(const QString &source)
{
    for (const auto &entry : registry()) {
        if (entry.first == source) {
            return entry.second;
        }
    }
    return nullptr;
}

bool normalise(const QString &source, const AlertDelivery &delivery, NormalisedPayload *payload,
               QString *error)
{
    const Normaliser function = normaliser(source);
    if (!function) {
        *error = u"unknown alert source \"%1\""_s.arg(source.left(40));
        return false;
    }
    if (!function(delivery, payload, error)) {
        return false;
    }
    applySeveritySettings(delivery.config, payload);
    return true;
}

namespace {

using ViewReader = bool (*)(const ViewObject &, const AlertDelivery &, NormalisedPayload *);

// The sources whose normaliser also reads a view, for bodies whose raw payload is the whole
// body.
ViewReader viewReader(const QString &source)
{
    static const QList<std::pair<QString, ViewReader>> readers{
        {u"pagerduty"_s, &PagerDuty::normaliseFast},
        {u"sentry"_s, &Sentry::normaliseFast},
        {u"datadog"_s, &readBodyView<&Datadog::normalise<ViewObject>>},
        {u"newrelic"_s, &readBodyView<&NewRelic::normalise<ViewObject>>},
        {u"opsgenie"_s, &readBodyView<&Opsgenie::normalise<ViewObject>>},
        {u"cloudwatch"_s, &CloudWatch::normaliseFast},
    };
    for (const auto &[name, reader] : readers) {
        if (name == source) {
            return reader;
        }
    }
    return nullptr;
}

bool readView(ViewReader reader, const AlertDelivery &delivery, int maxDepth,
              NormalisedPayload *payload)
{
    thread_local JsonView view;
    QByteArray raw;
    raw.reserve(delivery.body.size());
    if (!view.parse(delivery.body, maxDepth, JsonView::Numbers::Any) || !view.isObject(0)
        || !view.appendCompact(raw, 0)) {
        return false;
    }
    if (!reader(ViewObject(&view, 0), delivery, payload) || payload->alerts.isEmpty()) {
        return false;
    }
    for (NormalisedAlert &alert : payload->alerts) {
        alert.serialiseAhead(raw);
    }
    return true;
}

} // namespace

bool normaliseFast(const QString &source, const AlertDelivery &delivery, int maxDepth,
                   NormalisedPayload *payload)
{
    bool read = false;
    if (source == u"alertmanager") {
        read = Alertmanager::normaliseFast(delivery.body, maxDepth, payload);
    } else if (source == u"grafana") {
        read = Alertmanager::normaliseGrafanaFast(delivery.body, maxDepth, payload);
    } else if (const ViewReader reader = viewReader(source)) {
        read = readView(reader, delivery, maxDepth, payload);
    }
    if (!read) {
        return false;
    }
    applySeveritySettings(delivery.config, payload);
    return true;
}

bool normaliseFast(const QString &source, QByteArrayView body, int maxDepth,
                   const QJsonObject &config, NormalisedPayload *payload)
{
    AlertDelivery delivery;
    delivery.body = body.toByteArray();
    delivery.config = config;
    return normaliseFast(source, delivery, maxDepth, payload);
}

SignatureScheme signatureScheme(const QString &source)
{
    if (source == u"pagerduty") {
        return SignatureScheme::PagerDuty;
    }
    if (source == u"sentry") {
        return SignatureScheme::Sentry;
    }
    return source == u"generic" ? SignatureScheme::Generic : SignatureScheme::None;
}

bool validateConfig(const QString &source, const QJsonObject &config, QString *error)
{
    if (!normaliser(source)) {
        *error = u"unknown alert source \"%1\""_s.arg(source.left(40));
        return false;
    }
    return knownKeys(source, config, error) && validateSeverities(config, error)
        && validateRateLimit(config, error) && validateSigning(source, config, error)
        && (source != u"generic" || Generic::validateConfig(config, error))
        && (source != u"cloudwatch" || validateCloudWatch(config, error));
}

} // namespace Firebreak::AlertSources
