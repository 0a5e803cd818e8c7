// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/outbox.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace Firebreak::Notify {

/// What every rendering needs besides the message: the notification's id (its idempotency
/// key) and the address people open the incident at (may be empty).
struct RenderContext
{
    QString notificationId;
    QString incidentUrl;
};

/// Escapes text for Slack: &, < and > become entities, so text from alerts cannot form
/// mentions (<!channel>, <@U…>) or links (<url|label>). Applied to every text Firebreak sends
/// to Slack, plain_text headers included (Slack decodes the three entities everywhere).
QString slackEscape(const QString &text);
/// Backslash-escapes the Markdown that Teams renders in Adaptive Card text (link brackets,
/// emphasis, code), so text from alerts cannot form links.
QString teamsEscape(const QString &text);

/// A Slack incoming-webhook body: a `text` fallback and Block Kit `blocks`.
QJsonObject slackPayload(const NotificationMessage &message, const RenderContext &context);
/// A Teams Workflows webhook body: a message with one Adaptive Card (version 1.4).
QJsonObject teamsPayload(const NotificationMessage &message, const RenderContext &context);
/// A PagerDuty Events API v2 event: trigger, acknowledge or resolve, deduplicated by incident.
QJsonObject pagerDutyPayload(const NotificationMessage &message, const RenderContext &context,
                             const QString &routingKey);
/// The JSON body of a signed generic webhook.
QJsonObject webhookPayload(const NotificationMessage &message, const RenderContext &context);

/**
 * The headers that sign a generic webhook body: `X-Firebreak-Timestamp` (Unix seconds) and
 * `X-Firebreak-Signature: v1=HEX`, HEX being HMAC-SHA256 with `key` over "TIMESTAMP.BODY".
 */
QList<QPair<QByteArray, QByteArray>> webhookSignature(const QByteArray &body,
                                                      const QByteArray &key, qint64 unixSeconds);

} // namespace Firebreak::Notify
