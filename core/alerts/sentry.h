// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

namespace Firebreak::Sentry {

/**
 * Normalises a Sentry integration-platform webhook, by its Sentry-Hook-Resource header (or the
 * body's shape when the header is missing): `event_alert` (issue alerts, identified by the
 * issue), `metric_alert` (critical, warning, resolved) and `issue` (resolved and unresolved
 * issues resolve and refire their issue alerts). Other resources are accepted without effect.
 * The mapping is in docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);
/// normalise() for a body read as a view (delivery.json unused; no raw object): false on any
/// error, which the full way then words.
bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload);

} // namespace Firebreak::Sentry
