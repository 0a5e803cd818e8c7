// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "email.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Firebreak::Notify {

namespace {

// 45 octets of UTF-8 become 60 base64 characters: with "=?UTF-8?B?" and "?=" a word stays
// within the 75 characters RFC 2047 allows.
constexpr qsizetype s_wordOctets = 45;
constexpr int s_qpLine = 76;

QString oneLine(const QString &text)
{
    QString line = text;
    line.replace(u'\r', u' ');
    line.replace(u'\n', u' ');
    return line;
}

bool isPlainAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e) {
            return false;
        }
    }
    return true;
}

/// "Thu, 04 Dec 2026 10:00:00 +0000" (RFC 5322 §3.3), independent of the locale.
QByteArray rfc5322Date(qint64 ms)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return QLocale::c().toString(time, u"ddd, dd MMM yyyy HH:mm:ss"_s).toLatin1() + " +0000";
}

QByteArray address(const QString &name, const QString &email)
{
    if (name.isEmpty()) {
        return oneLine(email).toUtf8();
    }
    return encodeHeaderWord(name) + " <" + oneLine(email).toUtf8() + '>';
}

void appendEncodedByte(QByteArray *line, char byte)
{
    static const char hex[] = "0123456789ABCDEF";
    line->append('=');
    line->append(hex[(quint8(byte) >> 4) & 0x0f]);
    line->append(hex[quint8(byte) & 0x0f]);
}

} // namespace

QByteArray encodeHeaderWord(const QString &text)
{
    const QString line = oneLine(text);
    if (isPlainAscii(line)) {
        return line.toLatin1();
    }
    const QByteArray utf8 = line.toUtf8();
    QByteArray encoded;
    qsizetype position = 0;
    while (position < utf8.size()) {
        qsizetype end = qMin(position + s_wordOctets, utf8.size());
        while (end < utf8.size() && end > position && (quint8(utf8.at(end)) & 0xc0) == 0x80) {
            --end; // keep a multi-byte character in one word
        }
        if (!encoded.isEmpty()) {
            encoded += "\r\n ";
        }
        encoded += "=?UTF-8?B?" + utf8.mid(position, end - position).toBase64() + "?=";
        position = end;
    }
    return encoded;
}

QByteArray quotedPrintable(const QString &text)
{
    QString normalised = text;
    normalised.replace(u"\r\n"_s, u"\n"_s);
    const QList<QByteArray> lines = normalised.toUtf8().split('\n');
    QByteArray out;
    for (const QByteArray &source : lines) {
        QByteArray line;
        for (qsizetype i = 0; i < source.size(); ++i) {
            const char byte = source.at(i);
            const bool last = i == source.size() - 1;
            const bool plain = (byte >= 33 && byte <= 126 && byte != '=')
                || ((byte == ' ' || byte == '\t') && !last);
            const qsizetype width = plain ? 1 : 3;
            if (line.size() + width > s_qpLine - 1) {
                out += line + "=\r\n"; // soft line break
                line.clear();
            }
            if (plain) {
                line.append(byte);
            } else {
                appendEncodedByte(&line, byte);
            }
        }
        out += line + "\r\n";
    }
    return out;
}

QByteArray composeEmail(const EmailMessage &message)
{
    QByteArray to;
    for (const QString &recipient : message.to) {
        to += (to.isEmpty() ? "" : ", ") + oneLine(recipient).toUtf8();
    }
    QByteArray out;
    out += "From: " + address(message.fromName, message.from) + "\r\n";
    out += "To: " + to + "\r\n";
    out += "Subject: " + encodeHeaderWord(message.subject) + "\r\n";
    out += "Date: " + rfc5322Date(message.date) + "\r\n";
    out += "Message-ID: <" + oneLine(message.messageId).toUtf8() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    out += quotedPrintable(message.body);
    return out;
}

EmailMessage emailFor(const NotificationRecord &record, const QString &from,
                      const QString &incidentUrl, const QString &host)
{
    const NotificationMessage &message = record.message;
    QStringList lines{message.headline(), QString()};
    if (message.event == u"page.sent") {
        lines.append(u"You are paged to respond to %1. Acknowledge it in Firebreak (desktop, "
                     "firebreak-cli incident ack %1, or the API) to stop the escalation."_s
                         .arg(message.number));
        lines.append(QString());
    }
    if (!message.body.isEmpty()) {
        lines += {message.body, QString()};
    }
    if (message.number.isEmpty()) {
        lines.append(u"Open Firebreak to update them (firebreak-cli or the desktop)."_s);
        return {from,      u"Firebreak"_s,     record.recipients, message.headline(),
                lines.join(u'\n'), record.id + u'@' + host, message.at};
    }
    lines.append(u"Incident: %1 %2"_s.arg(message.number, message.title));
    lines.append(u"Severity: "_s + message.severity);
    lines.append(u"Status:   "_s + message.status);
    if (!message.service.isEmpty()) {
        lines.append(u"Service:  "_s + message.service);
    }
    if (!message.summary.isEmpty()) {
        lines += {QString(), message.summary};
    }
    if (!incidentUrl.isEmpty()) {
        lines += {QString(), incidentUrl};
    }
    return {from,
            u"Firebreak"_s,
            record.recipients,
            message.headline(),
            lines.join(u'\n'),
            record.id + u'@' + host,
            message.at};
}

} // namespace Firebreak::Notify
