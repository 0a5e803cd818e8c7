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
 *
 * `root` is the body: Qt's objects, or a view of it for the fast way (a ViewObject,
 * AlertSources::normaliseFast()), for which no raw object is kept.
 */
template<typename Object>
bool normalise(const Object &root, NormalisedPayload *payload, QString *error);

} // namespace Firebreak::NewRelic
