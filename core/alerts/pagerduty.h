// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

#include <QStringList>

namespace Firebreak::PagerDuty {

/**
 * Normalises what PagerDuty sends or takes: a webhook v3 body (`{"event": …}`, one event per
 * delivery, identified by the X-Webhook-Id header) or, told apart by `event_action`, an Events
 * API v2 event. The mapping is in docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);
/// normalise() for a webhook v3 body read as a view (delivery.json unused; no raw object):
/// false for anything else and on any error, which the full way then words.
bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload);

/**
 * Reads one Events API v2 event (trigger, acknowledge or resolve) and checks it as PagerDuty
 * does, collecting every problem into `errors` (PagerDuty answers with all of them). A trigger
 * without dedup_key gets a new one. The routing_key is the caller's to check.
 */
bool normaliseEvent(const QJsonObject &root, NormalisedPayload *payload, QStringList *errors);
/**
 * normaliseEvent() straight from the body's text (JsonView), with the alert's texts written
 * ahead, and the routing key it names: the same payload, for an event that is valid and that
 * the view reads as Qt does. False for anything else (no routing key, any error), which the
 * full way then reads and words; `payload` is then undefined.
 */
bool normaliseEventFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload,
                        QString *routingKey);

} // namespace Firebreak::PagerDuty
