// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

namespace Firebreak::NewRelic {

/**
 * Normalises a New Relic workflow webhook body (the default issue template): identity from the
 * issue `id`, status from `state` and `acknowledgedAt`, severity from `priority`. The mapping
 * is in docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);
/// normalise() for a body read as a view (AlertSources::normaliseFast()): false on any error.
bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload);

} // namespace Firebreak::NewRelic
