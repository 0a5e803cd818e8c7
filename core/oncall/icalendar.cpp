// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "icalendar.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

constexpr qsizetype s_maxOctets = 75;

QByteArray utcStamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyyMMddTHHmmssZ"_s).toLatin1();
}

/// Appends one content line, folded so that no line passes 75 octets (RFC 5545 §3.1), never
/// inside a UTF-8 sequence.
void appendLine(QByteArray *out, const QByteArray &line)
{
    qsizetype position = 0;
    qsizetype room = s_maxOctets;
    while (line.size() - position > room) {
        qsizetype cut = position + room;
        while (cut > position && (quint8(line.at(cut)) & 0xc0) == 0x80) {
            --cut; // a continuation byte: cut before the sequence it belongs to
        }
        out->append(line.mid(position, cut - position));
        out->append("\r\n ");
        position = cut;
        room = s_maxOctets - 1; // the leading space counts
    }
    out->append(line.mid(position));
    out->append("\r\n");
}

void appendText(QByteArray *out, const char *name, const QString &value)
{
    appendLine(out, QByteArray(name) + ':' + iCalendarText(value).toUtf8());
}

} // namespace

QString iCalendarText(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\\' || c == u';' || c == u',') {
            escaped += u'\\';
            escaped += c;
        } else if (c == u'\n') {
            escaped += u"\\n"_s;
        } else if (c != u'\r') {
            escaped += c;
        }
    }
    return escaped;
}

QByteArray iCalendar(const ScheduleDefinition &schedule, qint64 from, qint64 to,
                     const QString &host, qint64 stamp, const QString &user)
{
    QByteArray out;
    appendLine(&out, "BEGIN:VCALENDAR");
    appendLine(&out, "VERSION:2.0");
    appendLine(&out, "PRODID:-//Firebreak//On-call " FIREBREAK_VERSION "//EN");
    appendLine(&out, "CALSCALE:GREGORIAN");
    appendLine(&out, "METHOD:PUBLISH");
    appendText(&out, "X-WR-CALNAME", schedule.name);
    appendText(&out, "X-WR-TIMEZONE", QString::fromUtf8(schedule.timeZone.id()));

    const QList<Shift> shifts = finalShifts(schedule, from, to);
    for (const Shift &shift : shifts) {
        if (!user.isEmpty() && shift.user != user) {
            continue;
        }
        const QByteArray start = utcStamp(shift.start);
        appendLine(&out, "BEGIN:VEVENT");
        appendLine(&out, "UID:" + schedule.id.toUtf8() + '-' + start + '@' + host.toUtf8());
        appendLine(&out, "DTSTAMP:" + utcStamp(stamp > 0 ? stamp : shift.start));
        appendLine(&out, "DTSTART:" + start);
        appendLine(&out, "DTEND:" + utcStamp(shift.end));
        appendText(&out, "SUMMARY", u"On call: "_s + shift.user);
        appendText(&out, "DESCRIPTION",
                   u"%1 (%2)\n%3"_s.arg(schedule.name, QString::fromUtf8(schedule.timeZone.id()),
                                        shift.source));
        appendLine(&out, "TRANSP:TRANSPARENT");
        appendLine(&out, "END:VEVENT");
    }
    appendLine(&out, "END:VCALENDAR");
    return out;
}

} // namespace Firebreak::OnCall
