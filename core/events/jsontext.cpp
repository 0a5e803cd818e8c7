// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "jsontext.h"

#include <QChar>

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

void appendEscapedAscii(QByteArray &out, char16_t c)
{
    out += '\\';
    switch (c) {
    case u'"':
        out += '"';
        break;
    case u'\\':
        out += '\\';
        break;
    case u'\b':
        out += 'b';
        break;
    case u'\f':
        out += 'f';
        break;
    case u'\n':
        out += 'n';
        break;
    case u'\r':
        out += 'r';
        break;
    case u'\t':
        out += 't';
        break;
    default:
        out += "u00";
        out += hexDigit(c >> 4);
        out += hexDigit(c & 0xf);
    }
}

void appendUnicodeEscape(QByteArray &out, char16_t c)
{
    out += "\\u";
    out += hexDigit((c >> 12) & 0xf);
    out += hexDigit((c >> 8) & 0xf);
    out += hexDigit((c >> 4) & 0xf);
    out += hexDigit(c & 0xf);
}

// Appends the character at `at` (not ASCII) as UTF-8 and returns the position after it.
qsizetype appendNonAscii(QByteArray &out, QStringView text, qsizetype at)
{
    const char16_t c = text[at].unicode();
    if (c < 0x800) {
        out += char(0xc0 | (c >> 6));
        out += char(0x80 | (c & 0x3f));
        return at + 1;
    }
    if (!QChar::isSurrogate(c)) {
        out += char(0xe0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3f));
        out += char(0x80 | (c & 0x3f));
        return at + 1;
    }
    const bool paired = QChar::isHighSurrogate(c) && at + 1 < text.size()
        && QChar::isLowSurrogate(text[at + 1].unicode());
    if (!paired) {
        appendUnicodeEscape(out, c);
        return at + 1;
    }
    const char32_t code = QChar::surrogateToUcs4(c, text[at + 1].unicode());
    out += char(0xf0 | (code >> 18));
    out += char(0x80 | ((code >> 12) & 0x3f));
    out += char(0x80 | ((code >> 6) & 0x3f));
    out += char(0x80 | (code & 0x3f));
    return at + 2;
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    out += '"';
    const qsizetype size = text.size();
    const char16_t *chars = text.utf16();
    qsizetype at = 0;
    while (at < size) {
        // A run of characters written as they are, copied at once.
        const qsizetype start = at;
        while (at < size && isPlain(chars[at])) {
            ++at;
        }
        if (at > start) {
            const qsizetype end = out.size();
            out.resize(end + (at - start));
            char *target = out.data() + end;
            for (qsizetype i = start; i < at; ++i) {
                *target++ = char(chars[i]);
            }
        }
        if (at == size) {
            break;
        }
        if (chars[at] < 0x80) {
            appendEscapedAscii(out, chars[at]);
            ++at;
        } else {
            at = appendNonAscii(out, text, at);
        }
    }
    out += '"';
}

} // namespace Firebreak::JsonText

namespace Firebreak::JsonText {

namespace {

constexpr char s_hex[] = "0123456789abcdef";

char *writeUnicodeEscape(char *out, char16_t c)
{
    *out++ = '\\';
    *out++ = 'u';
    *out++ = s_hex[(c >> 12) & 0xf];
    *out++ = s_hex[(c >> 8) & 0xf];
    *out++ = s_hex[(c >> 4) & 0xf];
    *out++ = s_hex[c & 0xf];
    return out;
}

} // namespace

char *writeString(char *out, QStringView text)
{
    const char16_t *chars = text.utf16();
    const char16_t *const end = chars + text.size();
    *out++ = '"';
    while (chars < end) {
        const char16_t c = *chars++;
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                *out++ = char(c);
                continue;
            }
            *out++ = '\\';
            switch (c) {
            case u'"':
                *out++ = '"';
                break;
            case u'\\':
                *out++ = '\\';
                break;
            case u'\b':
                *out++ = 'b';
                break;
            case u'\f':
                *out++ = 'f';
                break;
            case u'\n':
                *out++ = 'n';
                break;
            case u'\r':
                *out++ = 'r';
                break;
            case u'\t':
                *out++ = 't';
                break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = s_hex[c >> 4];
                *out++ = s_hex[c & 0xf];
            }
        } else if (c < 0x800) {
            *out++ = char(0xc0 | (c >> 6));
            *out++ = char(0x80 | (c & 0x3f));
        } else if (!QChar::isSurrogate(c)) {
            *out++ = char(0xe0 | (c >> 12));
            *out++ = char(0x80 | ((c >> 6) & 0x3f));
            *out++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && chars < end && QChar::isLowSurrogate(*chars)) {
            const char32_t code = QChar::surrogateToUcs4(c, *chars++);
            *out++ = char(0xf0 | (code >> 18));
            *out++ = char(0x80 | ((code >> 12) & 0x3f));
            *out++ = char(0x80 | ((code >> 6) & 0x3f));
            *out++ = char(0x80 | (code & 0x3f));
        } else {
            out = writeUnicodeEscape(out, c);
        }
    }
    *out++ = '"';
    return out;
}

} // namespace Firebreak::JsonText
