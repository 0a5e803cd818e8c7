// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

namespace Firebreak::CloudWatch {

/**
 * Normalises an AWS SNS HTTP(S) delivery carrying a CloudWatch alarm: the SNS envelope (Type,
 * MessageId, TopicArn, Message), then the alarm JSON encoded as a string inside Message. A
 * SubscriptionConfirmation sets payload->subscribeUrl and carries no alert; the caller confirms
 * it (see SnsConfirmer). The integration's `insufficientData` setting ("ignore", "firing" or
 * "resolved") says what INSUFFICIENT_DATA means; `topicArns`, when set, lists the topics
 * accepted. The mapping is in docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);

/**
 * The common delivery read as a view (AlertSources::normaliseFast()), its alarm too: a
 * Notification from an accepted topic carrying an alarm in the ALARM or OK state, read by the
 * same code as normalise(); false for anything else, which then goes the full way.
 */
bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload);

} // namespace Firebreak::CloudWatch
