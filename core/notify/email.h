// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/outbox.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Firebreak::Notify {

/// A plain-text e-mail to compose (RFC 5322, MIME, UTF-8 throughout).
struct EmailMessage
{
    QString from;
    QString fromName;
    QStringList to;
    QString subject;
    QString body;
    /// Unique per notification; also the idempotency key a receiver may deduplicate on.
    QString messageId;
    qint64 date = 0;
};

/**
 * A header value as RFC 2047 encoded words when it is not plain ASCII: UTF-8, base64 ("B"),
 * at most 75 characters per word, never splitting a character; words after the first start
 * a folded line. Line breaks in `text` are dropped (no header injection).
 */
QByteArray encodeHeaderWord(const QString &text);
/// Quoted-printable (RFC 2045) of UTF-8 text with CRLF line ends and soft breaks at 76.
QByteArray quotedPrintable(const QString &text);
/// The whole message: headers, a blank line and the quoted-printable body, CRLF line ends.
QByteArray composeEmail(const EmailMessage &message);
/// The e-mail for a notification (subject = headline, body with the facts).
EmailMessage emailFor(const NotificationRecord &record, const QString &from,
                      const QString &incidentUrl, const QString &host);

} // namespace Firebreak::Notify
