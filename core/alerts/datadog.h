// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

namespace Firebreak::Datadog {

/**
 * Normalises a Datadog webhook body: the default template ($ID, $TITLE, $DATE, …) or a custom
 * one with $ALERT_ID, $ALERT_CYCLE_KEY, $ALERT_TRANSITION, $ALERT_PRIORITY and $TAGS. Variables
 * left unsubstituted or empty are ignored; without an alert id the identity comes from the
 * title without its "[Triggered on …]" prefix. The mapping is in docs/alerts.md.
 *
 * `root` is the body: Qt's objects, or a view of it for the fast way (a ViewObject,
 * AlertSources::normaliseFast()), for which no raw object is kept.
 */
template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error);

} // namespace Firebreak::Datadog
