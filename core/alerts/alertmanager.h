// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

namespace Firebreak::Alertmanager {

/**
 * Normalises a Prometheus Alertmanager webhook body (version 4).
 *
 * Returns false and a message naming the offending field when the body is not a valid
 * notification; nothing is partially accepted.
 */
bool normalise(const QJsonObject &root, NormalisedPayload *payload, QString *error);
/// normalise() over a delivery's JSON body, for the source registry.
bool normaliseDelivery(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);
/**
 * Reads the notification-group envelope (groupKey, truncatedAlerts, commonAnnotations and the
 * alerts) without checking the version, for formats that share it (Grafana).
 */
bool normaliseGroup(const QJsonObject &root, NormalisedPayload *payload, QString *error);

/**
 * normalise() for the common case, read from the body's text (JsonView) instead of a
 * QJsonDocument, with each alert's texts written as NormalisedAlert::serialiseAhead() writes
 * them: the same payload, at a fraction of the cost. False when the body is anything else (an
 * error, a number or array inside an alert, an escaped key, nesting at `maxDepth`, …); then
 * `payload` is undefined and normalise() decides, with its error messages.
 */
bool normaliseFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload);
/// The same for Grafana's unified alerting body (Grafana::normalise() is its full reader).
bool normaliseGrafanaFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload);

/// Maps the `severity` label: critical → P1, error and major → P2, warning → P3, else P4.
Severity severityFromLabel(const QString &label);

/// The fingerprint Firebreak uses when an alert comes without one: a hash of its sorted labels.
QString labelsFingerprint(const StringMap &labels);

} // namespace Firebreak::Alertmanager
