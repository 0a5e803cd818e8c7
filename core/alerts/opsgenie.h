// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

namespace Firebreak::Opsgenie {

/**
 * Normalises an Opsgenie outgoing-webhook body: identity from the alert's alias (else its
 * alertId), status from the action (Create, Acknowledge, UnAcknowledge, Close, Delete,
 * Escalate); other actions change no status and are accepted without effect. The mapping is in
 * docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);
/// normalise() for a body read as a view (AlertSources::normaliseFast()): false on any error.
bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload);

} // namespace Firebreak::Opsgenie
