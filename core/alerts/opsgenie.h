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
 *
 * `root` is the body: Qt's objects, or a view of it for the fast way (a ViewObject,
 * AlertSources::normaliseFast()), for which no raw object is kept.
 */
template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error);

} // namespace Firebreak::Opsgenie
