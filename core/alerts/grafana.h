// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

namespace Firebreak::Grafana {

/**
 * Normalises a Grafana webhook contact point body: unified alerting (the Alertmanager envelope
 * with Grafana's links and values) or the legacy dashboard-alert body (ruleId, state,
 * evalMatches), told apart by the presence of `alerts`. The mapping is in docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);

/// An alert's severity from its `severity` label: the common vocabulary, else P4.
Severity severity(const QString &label);

} // namespace Firebreak::Grafana
