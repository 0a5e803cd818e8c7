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

/// Maps the `severity` label: critical → P1, error and major → P2, warning → P3, else P4.
Severity severityFromLabel(const QString &label);

/// The fingerprint Firebreak uses when an alert comes without one: a hash of its sorted labels.
QString labelsFingerprint(const QJsonObject &labels);

} // namespace Firebreak::Alertmanager
