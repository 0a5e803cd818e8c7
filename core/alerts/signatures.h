// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "alerts/sources.h"

namespace Firebreak::Signatures {

/**
 * Checks a delivery's signature against the integration's secrets (several during a rotation;
 * any one may match), over the raw body bytes as received:
 * - PagerDuty: `X-PagerDuty-Signature: v1=HEX[,v1=HEX…]`, HMAC-SHA256 of the body;
 * - Sentry: `Sentry-Hook-Signature: HEX`, HMAC-SHA256 of the body;
 * - generic: `X-Firebreak-Timestamp: UNIX-SECONDS` and `X-Firebreak-Signature: v1=HEX`,
 *   HMAC-SHA256 of "TIMESTAMP.BODY", the timestamp within `toleranceSeconds` of now.
 * Returns true when valid; otherwise false and a reason that names no secret.
 */
bool verify(AlertSources::SignatureScheme scheme, const AlertDelivery &delivery,
            const QList<QByteArray> &secrets, qint64 nowMs, int toleranceSeconds,
            QString *reason);

/// Lowercase hex HMAC-SHA256.
QByteArray hmacSha256Hex(const QByteArray &key, const QByteArray &message);

/// The headers a generic sender sets, for senders and tests.
QList<QPair<QByteArray, QByteArray>> genericHeaders(const QByteArray &secret,
                                                    const QByteArray &body, qint64 nowMs);

} // namespace Firebreak::Signatures
