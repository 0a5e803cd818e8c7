// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "jsontext.h"

#include "scratchtext.h"

#include <QChar>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QVariant>

#include <charconv>
#include <cmath>

namespace Firebreak::JsonText {

namespace {

char hexDigit(unsigned value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

bool isPlain(char16_t c)
{
    return c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\';
}

char *writeUnicodeEscape(char *out, char16_t c)
{
    *out++ = '\\';
    *out++ = 'u';
    *out++ = hexDigit((c >> 12) & 0xf);
    *out++ = hexDigit((c >> 8) & 0xf);
    *out++ = hexDigit((c >> 4) & 0xf);
    *out++ = hexDigit(c & 0xf);
    return out;
}

char *writeEscapedAscii(char *out, char16_t c)
{
    char letter = 0;
    switch (c) {
    case u'"':
        letter = '"';
        break;
    case u'\\':
        letter = '\\';
        break;
    case u'\b':
        letter = 'b';
        break;
    case u'\f':
        letter = 'f';
        break;
    case u'\n':
        letter = 'n';
        break;
    case u'\r':
        letter = 'r';
        break;
    case u'\t':
        letter = 't';
        break;
    default:
        return writeUnicodeEscape(out, c);
    }
    *out++ = '\\';
    *out++ = letter;
    return out;
}

// Writes the character at `*at` (not ASCII) as UTF-8 and moves `*at` past it.
char *writeNonAscii(char *out, const char16_t *chars, qsizetype size, qsizetype *at)
{
    const char16_t c = chars[*at];
    ++*at;
    if (c < 0x800) {
        *out++ = char(0xc0 | (c >> 6));
        *out++ = char(0x80 | (c & 0x3f));
        return out;
    }
    if (!QChar::isSurrogate(c)) {
        *out++ = char(0xe0 | (c >> 12));
        *out++ = char(0x80 | ((c >> 6) & 0x3f));
        *out++ = char(0x80 | (c & 0x3f));
        return out;
    }
    const bool paired
        = QChar::isHighSurrogate(c) && *at < size && QChar::isLowSurrogate(chars[*at]);
    if (!paired) {
        return writeUnicodeEscape(out, c);
    }
    const char32_t code = QChar::surrogateToUcs4(c, chars[*at]);
    ++*at;
    *out++ = char(0xf0 | (code >> 18));
    *out++ = char(0x80 | ((code >> 12) & 0x3f));
    *out++ = char(0x80 | ((code >> 6) & 0x3f));
    *out++ = char(0x80 | (code & 0x3f));
    return out;
}

// Writes chars[at..size) as JSON string content (no quotes), escaped as Qt escapes it.
char *writeChars(char *out, const char16_t *chars, qsizetype size, qsizetype at = 0)
{
    while (at < size) {
        const char16_t c = chars[at];
        if (isPlain(c)) {
            *out++ = char(c);
            ++at;
        } else if (c < 0x80) {
            out = writeEscapedAscii(out, c);
            ++at;
        } else {
            out = writeNonAscii(out, chars, size, &at);
        }
    }
    return out;
}

void appendInteger(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
    out.append(digits, result.ptr - digits);
}

// QJsonValue reports integers and doubles alike as Double; the variant tells them apart the
// way Qt's writer does (an integer that fits qint64 stays one, "1e15" and 3.0 stay doubles).
void appendNumber(QByteArray &out, const QJsonValue &value)
{
    const QVariant number = value.toVariant();
    if (number.typeId() == QMetaType::LongLong) {
        appendInteger(out, number.toLongLong());
        return;
    }
    appendDouble(out, number.toDouble());
}

// compact()'s buffer (ScratchText): grown to the largest text written, up to 1 MiB.
using Scratch = ScratchText<struct CompactTag>;

template<typename Container>
QByteArray compactText(const Container &container)
{
    const Scratch scratch;
    if constexpr (std::is_same_v<Container, QJsonObject>) {
        appendObject(Scratch::bytes(), container);
    } else {
        appendArray(Scratch::bytes(), container);
    }
    return Scratch::text();
}

} // namespace

void appendDouble(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    }
}

void appendObject(QByteArray &out, const QJsonObject &object)
{
    out += '{';
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (it != object.begin()) {
            out += ',';
        }
        appendString(out, it.key());
        out += ':';
        appendValue(out, it.value());
    }
    out += '}';
}

void appendArray(QByteArray &out, const QJsonArray &array)
{
    out += '[';
    for (qsizetype i = 0, size = array.size(); i < size; ++i) {
        if (i > 0) {
            out += ',';
        }
        appendValue(out, array.at(i));
    }
    out += ']';
}

QByteArray compact(const QJsonObject &object)
{
    return compactText(object);
}

QByteArray compact(const QJsonArray &array)
{
    return compactText(array);
}

QByteArray compact(const QJsonObject &object, std::span<MemberSpan> members)
{
    const Scratch scratch;
    QByteArray &buffer = Scratch::bytes();
    buffer += '{';
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (it != object.begin()) {
            buffer += ',';
        }
        const QString key = it.key();
        appendString(buffer, key);
        buffer += ':';
        const qsizetype begin = buffer.size();
        appendValue(buffer, it.value());
        for (MemberSpan &member : members) {
            if (key == member.key) {
                member.begin = begin;
                member.end = buffer.size();
            }
        }
    }
    buffer += '}';
    return Scratch::text();
}

QByteArray escapeLeadingMarks(QByteArray text)
{
    const QByteArrayView mark("\xef\xbb\xbf");
    if (!text.contains(mark)) {
        return text;
    }
    QByteArray out;
    out.reserve(text.size() + 16);
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        out += c;
        if (!inString) {
            inString = c == '"';
            if (inString && text.sliced(i + 1).startsWith(mark)) {
                out += "\\ufeff";
                i += mark.size();
            }
        } else if (c == '\\' && i + 1 < text.size()) {
            out += text.at(++i);
        } else if (c == '"') {
            inString = false;
        }
    }
    return out;
}

void appendString(QByteArray &out, QStringView text)
{
    // Room for plain ASCII at first; at the first character that is not, room for the worst
    // case of the rest (six bytes a UTF-16 unit, "\u0001"). Cut to size at the end.
    const qsizetype size = text.size();
    qsizetype written = out.size();
    out.resize(written + size + 2);
    char *target = out.data() + written;
    *target++ = '"';

    const char16_t *chars = text.utf16();
    qsizetype at = 0;
    while (at < size && isPlain(chars[at])) {
        *target++ = char(chars[at++]);
    }
    if (at < size) {
        written = target - out.data();
        out.resize(written + 6 * (size - at) + 1);
        target = out.data() + written;
        if (at == 0 && chars[0] == 0xfeff) {
            target = writeRaw(target, "\\ufeff");
            at = 1;
        }
        target = writeChars(target, chars, size, at);
    }
    *target++ = '"';
    out.resize(target - out.data());
}

char *writeString(char *out, QStringView text)
{
    *out++ = '"';
    qsizetype at = 0;
    if (!text.isEmpty() && text.front() == QChar(0xfeff)) {
        out = writeRaw(out, "\\ufeff");
        at = 1;
    }
    out = writeChars(out, text.utf16(), text.size(), at);
    *out++ = '"';
    return out;
}

} // namespace Firebreak::JsonText
