// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

#include <QStringList>

namespace Firebreak::AlertSources {

/// Reads one webhook delivery of a source; false with a message naming the field on bad input.
using Normaliser = bool (*)(const AlertDelivery &delivery, NormalisedPayload *payload,
                            QString *error);

/// The sources `POST /api/v1/alerts/{source}` accepts and integrations can be created for.
QStringList supported();
/// The normaliser of a source, or null when the source is unknown.
Normaliser normaliser(const QString &source);

/**
 * Runs the source's normaliser, then the integration's severity settings: `severityMap`
 * (the source's word, case-insensitive → P1…P4) and `defaultSeverity` (for alerts that carry
 * no severity word). False with the reason when the source is unknown or the body is bad.
 */
bool normalise(const QString &source, const AlertDelivery &delivery, NormalisedPayload *payload,
               QString *error);
/**
 * normalise() straight from the JSON text of delivery.body (delivery.json unused), for the
 * sources and bodies that have a fast reader, with the alerts' texts already written
 * (NormalisedAlert::serialiseAhead()): Alertmanager's (Grafana's unified alerting too) and
 * CloudWatch's own, and a view of the body read by the same code as the full way for the
 * other sources but the generic one. False when there is none or it declines the body (an
 * error, a body with nothing to ingest, one JsonView does not take); then `payload` is
 * undefined and normalise() is the way.
 */
bool normaliseFast(const QString &source, const AlertDelivery &delivery, int maxDepth,
                   NormalisedPayload *payload);
/// The same for a body without headers.
bool normaliseFast(const QString &source, QByteArrayView body, int maxDepth,
                   const QJsonObject &config, NormalisedPayload *payload);

/// How a source signs its deliveries, or empty when it defines no signature.
enum class SignatureScheme { None, PagerDuty, Sentry, Generic };
SignatureScheme signatureScheme(const QString &source);

/**
 * Checks an integration configuration as given by an administrator (signing secrets still in
 * clear): severityMap, defaultSeverity, rateLimit, signing and the source's own settings
 * (generic: mapping, statusValues; cloudwatch: insufficientData, topicArns). False with the
 * reason naming the setting.
 */
bool validateConfig(const QString &source, const QJsonObject &config, QString *error);

} // namespace Firebreak::AlertSources
