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

/**
 * The common delivery read without building the envelope's QJsonObject: a Notification whose
 * members are all strings with plain keys, from an accepted topic, carrying an alarm in the
 * ALARM or OK state. Reads it exactly as normalise() does, with the raw, labels, annotations
 * and links written as text (NormalisedAlert::serialiseAhead()); false for anything else,
 * which then goes the full way (as Alertmanager::normaliseFast()).
 */
bool normaliseFast(QByteArrayView body, int maxDepth, const QJsonObject &config,
                   NormalisedPayload *payload);

} // namespace Firebreak::CloudWatch
