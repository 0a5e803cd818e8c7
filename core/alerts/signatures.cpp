// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "signatures.h"

#include <QMessageAuthenticationCode>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace Firebreak::Signatures {

namespace {

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    }
    return difference == 0;
}

// "v1=abc,v1=def" → [abc, def]; other schemes (future versions) are skipped.
QList<QByteArray> v1Signatures(const QByteArray &header)
{
    QList<QByteArray> signatures;
    const QList<QByteArray> parts = header.split(',');
    for (const QByteArray &part : parts) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.startsWith("v1=")) {
            signatures.append(trimmed.mid(3).toLower());
        }
    }
    return signatures;
}

bool anyMatches(const QList<QByteArray> &given, const QList<QByteArray> &secrets,
                const QByteArray &message)
{
    for (const QByteArray &secret : secrets) {
        const QByteArray expected = hmacSha256Hex(secret, message);
        for (const QByteArray &signature : given) {
            if (constantTimeEquals(signature, expected)) {
                return true;
            }
        }
    }
    return false;
}

bool verifyGeneric(const AlertDelivery &delivery, const QList<QByteArray> &secrets,
                   qint64 nowMs, int toleranceSeconds, QString *reason)
{
    const QByteArray timestamp = delivery.header("X-Firebreak-Timestamp").trimmed();
    const QList<QByteArray> given = v1Signatures(delivery.header("X-Firebreak-Signature"));
    bool numeric = false;
    const qint64 seconds = timestamp.toLongLong(&numeric);
    if (given.isEmpty() || !numeric) {
        *reason = u"X-Firebreak-Timestamp and X-Firebreak-Signature (v1=HEX) are required"_s;
        return false;
    }
    if (std::llabs(nowMs / 1000 - seconds) > toleranceSeconds) {
        *reason = u"X-Firebreak-Timestamp is more than %1 s away from the server's time"_s.arg(
            toleranceSeconds);
        return false;
    }
    if (!anyMatches(given, secrets, timestamp + '.' + delivery.body)) {
        *reason = u"X-Firebreak-Signature does not match the body"_s;
        return false;
    }
    return true;
}

} // namespace

QByteArray hmacSha256Hex(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256).toHex();
}

QList<QPair<QByteArray, QByteArray>> genericHeaders(const QByteArray &secret,
                                                    const QByteArray &body, qint64 nowMs)
{
    const QByteArray timestamp = QByteArray::number(nowMs / 1000);
    return {{"X-Firebreak-Timestamp", timestamp},
            {"X-Firebreak-Signature", "v1=" + hmacSha256Hex(secret, timestamp + '.' + body)}};
}

bool verify(AlertSources::SignatureScheme scheme, const AlertDelivery &delivery,
            const QList<QByteArray> &secrets, qint64 nowMs, int toleranceSeconds,
            QString *reason)
{
    using AlertSources::SignatureScheme;
    switch (scheme) {
    case SignatureScheme::None:
        return true;
    case SignatureScheme::Generic:
        return verifyGeneric(delivery, secrets, nowMs, toleranceSeconds, reason);
    case SignatureScheme::PagerDuty: {
        const QList<QByteArray> given = v1Signatures(delivery.header("X-PagerDuty-Signature"));
        if (given.isEmpty()) {
            *reason = u"X-PagerDuty-Signature (v1=HEX) is required"_s;
            return false;
        }
        if (!anyMatches(given, secrets, delivery.body)) {
            *reason = u"no X-PagerDuty-Signature matches the body"_s;
            return false;
        }
        return true;
    }
    case SignatureScheme::Sentry: {
        const QByteArray given = delivery.header("Sentry-Hook-Signature").trimmed().toLower();
        if (given.isEmpty()) {
            *reason = u"Sentry-Hook-Signature is required"_s;
            return false;
        }
        if (!anyMatches({given}, secrets, delivery.body)) {
            *reason = u"Sentry-Hook-Signature does not match the body"_s;
            return false;
        }
        return true;
    }
    }
    return false;
}

} // namespace Firebreak::Signatures
