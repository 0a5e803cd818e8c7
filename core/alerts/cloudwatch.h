// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

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

} // namespace Firebreak::CloudWatch
