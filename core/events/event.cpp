// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "event.h"

#include "events/jsontext.h"
#include "events/sha256.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/random.h>
#endif

using namespace Qt::StringLiterals;

namespace Firebreak {

QJsonObject Event::data() const
{
    if (!dataObject.isEmpty()) {
        return dataObject;
    }
    return QJsonDocument::fromJson(dataJson).object();
}

void Event::setData(const QJsonObject &object)
{
    dataJson = JsonText::escapeLeadingMarks(QJsonDocument(object).toJson(QJsonDocument::Compact));
    dataObject = object;
}

QJsonObject Event::toJson() const
{
    QJsonObject object{
        {u"seq"_s, seq},
        {u"id"_s, id},
        {u"type"_s, type},
        {u"at"_s, isoFromMs(at)},
        {u"actor"_s, actor},
        {u"data"_s, data()},
        {u"hash"_s, QString::fromLatin1(hash)},
    };
    object.insert(u"incident"_s, incident.isEmpty() ? QJsonValue() : QJsonValue(incident));
    return object;
}

Event Event::fromJson(const QJsonObject &object)
{
    Event event;
    event.seq = object.value(u"seq"_s).toInteger();
    event.id = object.value(u"id"_s).toString();
    event.type = object.value(u"type"_s).toString();
    event.at = msFromIso(object.value(u"at"_s).toString());
    event.actor = object.value(u"actor"_s).toString();
    event.incident = object.value(u"incident"_s).toString();
    event.setData(object.value(u"data"_s).toObject());
    event.hash = object.value(u"hash"_s).toString().toLatin1();
    return event;
}

namespace {

// UTF-8 of `text` at `out`, which has room for three bytes per UTF-16 unit; returns the end.
char *writeUtf8(char *out, QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            const QByteArray utf8 = text.toUtf8();
            return std::copy(utf8.cbegin(), utf8.cend(), out);
        }
    }
    for (const QChar c : text) {
        *out++ = char(c.unicode());
    }
    return out;
}

// The canonical form up to the data text: the prefix, the store id and the fields, each on
// its own line. Written into one buffer sized for it (it is made for every event stored).
QByteArray canonicalHead(const Event &event, const QString &storeId)
{
    static constexpr char prefix[] = "firebreak-event-v1\n";
    const QStringView texts[] = {storeId, event.id, event.type, event.actor, event.incident};
    qsizetype bound = qsizetype(sizeof prefix) + event.prevHash.size() + 2 * 21 + 9;
    for (const QStringView text : texts) {
        bound += 3 * text.size();
    }
    QByteArray head(bound, Qt::Uninitialized);
    char *out = std::copy(prefix, prefix + sizeof prefix - 1, head.data());
    auto number = [&out](qint64 value) {
        char digits[24];
        const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
        Q_ASSERT(error == std::errc());
        out = std::copy(digits, end, out);
        *out++ = '\n';
    };
    auto text = [&out](QStringView value) {
        out = writeUtf8(out, value);
        *out++ = '\n';
    };
    text(storeId);
    number(event.seq);
    out = std::copy(event.prevHash.cbegin(), event.prevHash.cend(), out);
    *out++ = '\n';
    text(event.id);
    text(event.type);
    number(event.at);
    text(event.actor);
    text(event.incident);
    Q_ASSERT(out - head.constData() <= bound);
    head.resize(out - head.constData());
    return head;
}

} // namespace

QByteArray Event::canonicalForm(const QString &storeId) const
{
    return canonicalHead(*this, storeId) + dataJson;
}

// Every append and every verification hashes an event: the canonical form goes to SHA-256 in
// two pieces, so the data text (most of it) is not copied, and Sha256 uses the processor's
// SHA extensions where it has them (docs/performance.md).
QByteArray Event::computeHash(const QString &storeId) const
{
    Sha256 hash;
    hash.add(canonicalHead(*this, storeId));
    hash.add(dataJson);
    const auto digest = hash.finish();
    return QByteArray::fromRawData(reinterpret_cast<const char *>(digest.data()),
                                   qsizetype(digest.size()))
        .toHex();
}

Event makeEvent(const QString &type, const QString &actor, const QString &incident,
                const QJsonObject &data)
{
    Event event;
    event.id = newEventId();
    event.type = type;
    event.at = QDateTime::currentMSecsSinceEpoch();
    event.actor = actor;
    event.incident = incident;
    event.setData(data);
    return event;
}

namespace {

// Writes `value` as `count` digits ending just before `end`; returns the start.
char16_t *writeDigits(char16_t *end, int value, int count)
{
    for (int i = 0; i < count; ++i) {
        *--end = char16_t(u'0' + value % 10);
        value /= 10;
    }
    return end;
}

} // namespace

// Times from 1970 to 9999 are written here, in what QDateTime writes for them (every alert
// event carries one or two); others go through QDateTime.
QString isoFromMs(qint64 ms)
{
    constexpr qint64 dayMs = 86400000;
    constexpr qint64 year10000 = 253402300800000;
    if (ms < 0 || ms >= year10000) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    }
    // Days to a civil date, counting from 0000-03-01 so that the leap day ends a year.
    const qint64 days = ms / dayMs + 719468;
    const int msOfDay = int(ms % dayMs);
    const int era = int(days / 146097);
    const int dayOfEra = int(days - qint64(era) * 146097);
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096)
        / 365;
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int shiftedMonth = (5 * dayOfYear + 2) / 153;
    const int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    const int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    const int year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);

    // "YYYY-MM-DDTHH:MM:SS.mmmZ"
    QString text(24, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    writeDigits(out + 4, year, 4);
    out[4] = u'-';
    writeDigits(out + 7, month, 2);
    out[7] = u'-';
    writeDigits(out + 10, day, 2);
    out[10] = u'T';
    writeDigits(out + 13, msOfDay / 3600000, 2);
    out[13] = u':';
    writeDigits(out + 16, msOfDay / 60000 % 60, 2);
    out[16] = u':';
    writeDigits(out + 19, msOfDay / 1000 % 60, 2);
    out[19] = u'.';
    writeDigits(out + 23, msOfDay % 1000, 3);
    out[23] = u'Z';
    return text;
}

namespace {

// Reads `count` ASCII digits at `at`; -1 when one is not a digit.
int digitsAt(QStringView text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[at + i].unicode();
        if (c < u'0' || c > u'9') {
            return -1;
        }
        value = value * 10 + (c - u'0');
    }
    return value;
}

// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the one Qt uses).
qint64 daysSinceEpoch(int year, int month, int day)
{
    // Count from March so that the leap day ends a year.
    const int y = month <= 2 ? year - 1 : year;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yearOfEra = int(y - era * 400);
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// The common forms "YYYY-MM-DDTHH:MM:SS[.fraction]" then "Z", "+HH:MM" or "+HHMM" (CloudWatch)
// without QDateTime and regular expressions: every alert carries one or two such times. -2 for
// anything else, which the general parser then reads (or refuses) as before.
qint64 fastMsFromIso(QStringView text)
{
    constexpr qint64 other = -2;
    qsizetype size = text.size();
    if (size < 20 || text[4] != u'-' || text[7] != u'-' || text[10] != u'T' || text[13] != u':'
        || text[16] != u':') {
        return other;
    }
    // The zone: "Z", or an offset of at most 14 hours, which the time is ahead of UTC by.
    int offsetMinutes = 0;
    if (text[size - 1] == u'Z') {
        size -= 1;
    } else {
        const bool colon = text[size - 3] == u':';
        const qsizetype sign = size - (colon ? 6 : 5);
        if (sign < 19 || (text[sign] != u'+' && text[sign] != u'-')) {
            return other;
        }
        const int hours = digitsAt(text, sign + 1, 2);
        const int minutes = digitsAt(text, size - 2, 2);
        if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > 14 * 60) {
            return other;
        }
        offsetMinutes = (text[sign] == u'-' ? -1 : 1) * (hours * 60 + minutes);
        size = sign;
    }
    const int year = digitsAt(text, 0, 4);
    const int month = digitsAt(text, 5, 2);
    const int day = digitsAt(text, 8, 2);
    const int hour = digitsAt(text, 11, 2);
    const int minute = digitsAt(text, 14, 2);
    const int second = digitsAt(text, 17, 2);
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59
        || day > monthDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0)) {
        return other;
    }
    int millisecond = 0;
    if (size > 19) {
        // A fraction of one or more digits: the first three are milliseconds.
        if (text[19] != u'.' || size < 21) {
            return other;
        }
        int scale = 100;
        for (qsizetype i = 20; i < size; ++i) {
            const char16_t c = text[i].unicode();
            if (c < u'0' || c > u'9') {
                return other;
            }
            millisecond += (c - u'0') * scale;
            scale /= 10;
        }
    }
    const qint64 seconds = daysSinceEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60
        + second - offsetMinutes * 60;
    return seconds * 1000 + millisecond;
}

} // namespace

qint64 msFromIso(const QString &text)
{
    if (const qint64 fast = fastMsFromIso(text); fast != -2) {
        return fast;
    }

    // Qt parses at most millisecond fractions; RFC 3339 allows any length (Go sends nanoseconds).
    static const QRegularExpression fraction(u"(\\.\\d{1,3})\\d*"_s);
    QString trimmed = text.trimmed();
    trimmed.replace(fraction, u"\\1"_s);
    // "+0000" offsets (CloudWatch) are not ISO 8601 extended format; add the colon.
    static const QRegularExpression compactOffset(u"([+-]\\d{2})(\\d{2})$"_s);
    if (trimmed.size() > 19) {
        trimmed.replace(compactOffset, u"\\1:\\2"_s);
    }
    // A leap second (":60", valid RFC 3339, which QDateTime refuses) reads as the last
    // millisecond of the minute it ends, so that a source's whole delivery is not refused.
    const bool leapSecond = trimmed.size() >= 19 && QStringView(trimmed).mid(16, 3) == u":60";
    if (leapSecond) {
        trimmed.replace(17, 2, u"59"_s);
    }
    QDateTime parsed = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        return -1;
    }
    // A time without an offset (which RFC 3339 does not allow, and some tools send anyway) is
    // UTC: read as the server's local time, the same alert meant another instant on a server
    // in another time zone.
    if (parsed.timeSpec() == Qt::LocalTime) {
        parsed.setTimeSpec(Qt::UTC);
    }
    const qint64 ms = parsed.toMSecsSinceEpoch();
    return leapSecond ? ms - ms % 1000 + 999 : ms;
}

namespace {

// The kernel's generator where there is one: QRandomGenerator::system() prefers the
// processor's RDRAND, which took 450 µs per 4 KiB in the virtual machine of
// docs/performance.md against 7 µs for getrandom(2), nearly 2 µs per UUID.
void fillSecureRandom(quint32 *words, qsizetype count)
{
#ifdef Q_OS_LINUX
    auto *bytes = reinterpret_cast<char *>(words);
    const std::size_t size = std::size_t(count) * sizeof(quint32);
    std::size_t filled = 0;
    while (filled < size) {
        const ssize_t got = getrandom(bytes + filled, size - filled, 0);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        filled += std::size_t(got);
    }
    if (filled == size) {
        return;
    }
#endif
    QRandomGenerator::system()->fillRange(words, count);
}

// 16 random bytes from a pool refilled a few kilobytes at a time.
std::array<unsigned char, 16> randomUuidBytes()
{
    constexpr int words = 1024;
    thread_local std::array<quint32, words> pool;
    thread_local int next = words;
    if (next + 4 > words) {
        fillSecureRandom(pool.data(), words);
        next = 0;
    }
    std::array<unsigned char, 16> bytes;
    std::memcpy(bytes.data(), pool.data() + next, bytes.size());
    next += 4;
    return bytes;
}

// xxxxxxxx-xxxx-Vxxx-Rxxx-xxxxxxxxxxxx, lower case, as QUuid::toString(WithoutBraces) writes
// it, with the version and RFC 4122 variant bits set.
QString uuidText(std::array<unsigned char, 16> bytes, int version)
{
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | (version << 4));
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    static constexpr char16_t digits[] = u"0123456789abcdef";
    QString text(36, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            *out++ = u'-';
        }
        *out++ = digits[bytes[i] >> 4];
        *out++ = digits[bytes[i] & 0x0f];
    }
    return text;
}

} // namespace

// A version 4 UUID from the system's secure generator, like QUuid::createUuid(), but the
// random bytes are drawn a few kilobytes at a time (every alert takes two UUIDs, and one
// system call each was a measurable share of ingestion) and the text written directly.
QString newUuid()
{
    return uuidText(randomUuidBytes(), 4);
}

// Version 7: the first 48 bits are the time in ms since the epoch, big-endian, so ids made
// later sort later; the rest is random.
QString newEventId()
{
    std::array<unsigned char, 16> bytes = randomUuidBytes();
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch()) & 0xffffffffffffULL;
    for (int i = 0; i < 6; ++i) {
        bytes[std::size_t(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
    }
    return uuidText(bytes, 7);
}

QString printableText(QStringView text)
{
    QString safe;
    safe.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0)) {
            safe += u"\\x"_s + QString::number(u, 16).rightJustified(2, u'0');
        } else if (u == 0x2028 || u == 0x2029 || (u >= 0x202a && u <= 0x202e)
                   || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f
                   || u == 0x061c) {
            // Line separators, and the bidirectional controls that reorder what a terminal
            // shows (a right-to-left override can make "gpj.exe" read "exe.jpg").
            safe += u"\\u"_s + QString::number(u, 16).rightJustified(4, u'0');
        } else {
            safe += c;
        }
    }
    return safe;
}

} // namespace Firebreak
