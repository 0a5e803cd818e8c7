// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "jsonview.h"

#include "jsontext.h"
#include "scratchtext.h"
#include "utf8.h"

#include <QVarLengthArray>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace Firebreak {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Whether none of eight bytes is a quote, a backslash or a control character (a word at a
// time: strings are mostly long runs of plain bytes).
bool plainWord(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    const auto below = [](quint64 w, quint64 n) { return (w - ones * n) & ~w & highs; };
    return (below(word ^ (ones * '"'), 1) | below(word ^ (ones * '\\'), 1) | below(word, 0x20))
        == 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The longest integer taken: 15 digits always fit a double exactly, so QJsonDocument and this
// reader agree on the value whichever way Qt stores it.
constexpr int s_maxDigits = 15;

// Whether Qt's parser keeps a number it read as this double as an integer: integral, and
// within qint64's range (-2^63 included, 2^63 not).
bool fitsInteger(double value)
{
    return value == std::trunc(value) && value >= -9223372036854775808.0
        && value < 9223372036854775808.0;
}

} // namespace

bool JsonView::parse(QByteArrayView text, int maxDepth, Numbers numbers)
{
    m_numbers = numbers;
    m_nodes.clear();
    if (text.size() >= qsizetype(std::numeric_limits<quint32>::max())) {
        return false;
    }
    m_text = text;
    m_at = text.data();
    m_end = text.data() + text.size();
    m_maxDepth = maxDepth;
    // About one value per eight bytes of a typical webhook: one allocation, rarely two.
    m_nodes.reserve(std::size_t(text.size() / 8 + 4));
    skipSpace();
    if (!parseValue(0)) {
        return false;
    }
    skipSpace();
    return m_at == m_end;
}

void JsonView::skipSpace()
{
    while (m_at != m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t')) {
        ++m_at;
    }
}

bool JsonView::parseValue(int depth)
{
    if (m_at == m_end) {
        return false;
    }
    switch (*m_at) {
    case '{':
    case '[': {
        const bool object = *m_at == '{';
        const char close = object ? '}' : ']';
        if (depth + 1 >= m_maxDepth) {
            return false;
        }
        const std::size_t index = m_nodes.size();
        m_nodes.push_back(
            {object ? Type::Object : Type::Array, false, false, true, offset(), 0, 0, 0});
        ++m_at;
        skipSpace();
        quint32 count = 0;
        if (m_at != m_end && *m_at == close) {
            ++m_at;
        } else {
            for (;;) {
                if (object) {
                    if (m_at == m_end || *m_at != '"' || !parseString(true)) {
                        return false;
                    }
                    skipSpace();
                    if (m_at == m_end || *m_at != ':') {
                        return false;
                    }
                    ++m_at;
                    skipSpace();
                }
                if (!parseValue(depth + 1)) {
                    return false;
                }
                ++count;
                skipSpace();
                if (m_at == m_end) {
                    return false;
                }
                if (*m_at == ',') {
                    ++m_at;
                    skipSpace();
                    continue;
                }
                if (*m_at != close) {
                    return false;
                }
                ++m_at;
                break;
            }
        }
        Node &node = m_nodes[index];
        node.end = offset();
        node.count = count;
        node.next = quint32(m_nodes.size());
        return true;
    }
    case '"':
        return parseString(false);
    case 't':
        return parseLiteral("true", 4, Type::True);
    case 'f':
        return parseLiteral("false", 5, Type::False);
    case 'n':
        return parseLiteral("null", 4, Type::Null);
    default:
        return parseNumber();
    }
}

bool JsonView::parseLiteral(const char *word, qsizetype length, Type type)
{
    if (m_end - m_at < length || std::memcmp(m_at, word, std::size_t(length)) != 0) {
        return false;
    }
    const quint32 begin = offset();
    m_at += length;
    m_nodes.push_back(
        {type, false, false, true, begin, offset(), quint32(m_nodes.size() + 1), 0});
    return true;
}

bool JsonView::skipDigits(qsizetype skipFirst)
{
    m_at += skipFirst;
    const char *digits = m_at;
    while (m_at != m_end && isDigit(*m_at)) {
        ++m_at;
    }
    return m_at != digits;
}

bool JsonView::parseNumber()
{
    const quint32 begin = offset();
    if (m_at != m_end && *m_at == '-') {
        ++m_at;
    }
    const char *digits = m_at;
    while (m_at != m_end && isDigit(*m_at)) {
        ++m_at;
    }
    const qsizetype count = m_at - digits;
    if (count == 0 || (*digits == '0' && count > 1)) {
        return false;
    }
    const bool fraction = m_at != m_end && *m_at == '.';
    if (m_numbers == Numbers::ShortIntegers) {
        // Longer integers, a fraction or an exponent: JSON, but not taken here.
        if (count > s_maxDigits || fraction
            || (m_at != m_end && (*m_at == 'e' || *m_at == 'E'))) {
            return false;
        }
        m_nodes.push_back(
            {Type::Number, false, true, true, begin, offset(), quint32(m_nodes.size() + 1), 0});
        return true;
    }
    if (fraction && !skipDigits(1)) {
        return false;
    }
    const bool exponent = m_at != m_end && (*m_at == 'e' || *m_at == 'E');
    if (exponent) {
        if (m_end - m_at > 1 && (m_at[1] == '+' || m_at[1] == '-')) {
            ++m_at;
        }
        if (!skipDigits(1)) {
            return false;
        }
    }
    // As Qt's parser: an integer that fits qint64 stays one; any other number is read as a
    // double, and kept as an integer when it is one that fits. Out of a double's range
    // (which Qt refuses) is declined.
    const char *first = m_text.data() + begin;
    bool integral = false;
    if (!fraction && !exponent) {
        qint64 value = 0;
        integral = std::from_chars(first, m_at, value).ec == std::errc();
    }
    if (!integral) {
        double value = 0;
        const auto [end, error] = std::from_chars(first, m_at, value);
        if (error != std::errc() || end != m_at || !std::isfinite(value)) {
            return false;
        }
        integral = fitsInteger(value);
    }
    m_nodes.push_back(
        {Type::Number, false, integral, true, begin, offset(), quint32(m_nodes.size() + 1),
         0});
    return true;
}

bool JsonView::parseString(bool key)
{
    ++m_at; // the opening quote
    const quint32 begin = offset();
    bool escaped = false;
    bool asWritten = true;
    for (;;) {
        // Plain bytes are the common case: skip them eight at a time, then one by one.
        while (m_end - m_at >= 8) {
            quint64 word;
            std::memcpy(&word, m_at, sizeof word);
            if (!plainWord(word)) {
                break;
            }
            m_at += 8;
        }
        while (m_at != m_end && *m_at != '"' && *m_at != '\\'
               && static_cast<unsigned char>(*m_at) >= 0x20) {
            ++m_at;
        }
        if (m_at == m_end || static_cast<unsigned char>(*m_at) < 0x20) {
            return false;
        }
        if (*m_at == '"') {
            break;
        }
        // An escape.
        if (key || m_end - m_at < 2) {
            return false;
        }
        escaped = true;
        const char letter = m_at[1];
        if (letter == 'u') {
            if (m_end - m_at < 6) {
                return false;
            }
            int code = 0;
            for (int i = 2; i < 6; ++i) {
                const int digit = hexValue(m_at[i]);
                if (digit < 0) {
                    return false;
                }
                code = code * 16 + digit;
            }
            if (code >= 0xd800 && code <= 0xdfff) {
                return false;
            }
            asWritten = false;
            m_at += 6;
        } else if (std::strchr("\"\\/bfnrt", letter) != nullptr && letter != '\0') {
            asWritten = asWritten && letter != '/';
            m_at += 2;
        } else {
            return false;
        }
    }
    const quint32 end = offset();
    ++m_at; // the closing quote
    m_nodes.push_back({Type::String, escaped, false, asWritten, begin, end,
                       quint32(m_nodes.size() + 1), 0});
    return true;
}

int JsonView::member(int object, QByteArrayView key) const
{
    int found = -1;
    int at = first(object);
    for (quint32 i = 0; i < node(object).count; ++i, at = nextKey(at)) {
        if (text(at) == key) {
            found = at + 1;
        }
    }
    return found;
}

bool JsonView::keysDistinct(int object) const
{
    // Sorted, not compared pairwise: a hostile body may hold an object of a million keys.
    const quint32 count = node(object).count;
    if (count < 2) {
        return true;
    }
    thread_local std::vector<QByteArrayView> keys;
    keys.clear();
    int at = first(object);
    for (quint32 i = 0; i < count; ++i, at = nextKey(at)) {
        keys.push_back(text(at));
    }
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

namespace {

constexpr char s_byteOrderMark[] = "\xef\xbb\xbf";

// The UTF-8 of a character of the BMP that is no surrogate (the view refuses those escapes).
void appendUtf8(QByteArray &out, char16_t c)
{
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xc0 | (c >> 6));
        out += char(0x80 | (c & 0x3f));
    } else {
        out += char(0xe0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3f));
        out += char(0x80 | (c & 0x3f));
    }
}

// The character a \uXXXX escape at raw[at] names.
char16_t escapedCharacter(QByteArrayView raw, qsizetype at)
{
    int code = 0;
    for (qsizetype k = at + 2; k < at + 6; ++k) {
        code = code * 16 + hexValue(raw[k]);
    }
    return char16_t(code);
}

char shortEscape(char letter)
{
    switch (letter) {
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    default: // '"', '\\', '/'
        return letter;
    }
}

// Walks an escaped string's raw text: the runs between escapes are appended to `out` as they
// are (valid UTF-8 without quotes, backslashes or controls), and each escape's character is
// given to `escaped`, which appends what it stands for.
template<typename Escaped>
void walkEscapes(QByteArrayView raw, QByteArray &out, Escaped escaped)
{
    qsizetype run = 0;
    qsizetype i = 0;
    while (i < raw.size()) {
        if (raw[i] != '\\') {
            ++i;
            continue;
        }
        out.append(raw.data() + run, i - run);
        const bool unicode = raw[i + 1] == 'u';
        escaped(unicode ? escapedCharacter(raw, i) : char16_t(uchar(shortEscape(raw[i + 1]))));
        i += unicode ? 6 : 2;
        run = i;
    }
    out.append(raw.data() + run, raw.size() - run);
}

// string()'s buffer for decoding escapes.
using Scratch = ScratchText<struct DecodeTag>;

// Appends a string's content with its escapes decoded, in UTF-8.
void appendDecoded(QByteArray &out, QByteArrayView raw)
{
    out.reserve(out.size() + raw.size());
    walkEscapes(raw, out, [&out](char16_t c) { appendUtf8(out, c); });
}

} // namespace

QString JsonView::string(int index) const
{
    const Node &n = node(index);
    if (n.type != Type::String) {
        return QString();
    }
    const QByteArrayView raw = text(index);
    if (!n.escaped) {
        return QString::fromUtf8(raw);
    }
    // Decoded to UTF-8 first and converted once: a conversion per piece between escapes cost
    // an allocation each (a JSON text inside a string, as SNS sends, has dozens).
    const Scratch scratch;
    QByteArray &utf8 = Scratch::bytes();
    appendDecoded(utf8, raw);
    // Qt's parser drops a byte order mark that starts a string only when the string holds no
    // escape (it converts those with QString::fromUtf8); here every character stays.
    return fromUtf8KeepingMark(utf8);
}

QByteArray JsonView::utf8(int index) const
{
    const Node &n = node(index);
    if (n.type != Type::String) {
        return QByteArray();
    }
    const QByteArrayView raw = text(index);
    if (!n.escaped) {
        // As string() reads it (QString::fromUtf8()): without a byte order mark first.
        return (raw.startsWith(s_byteOrderMark) ? raw.sliced(3) : raw).toByteArray();
    }
    QByteArray decoded;
    appendDecoded(decoded, raw);
    return decoded;
}

qint64 JsonView::integer(int index, bool *ok) const
{
    *ok = type(index) == Type::Number && node(index).integral;
    if (!*ok) {
        return 0;
    }
    // Integer digits, or a number Qt reads as a double and keeps as the integer it is ("1e3").
    const QByteArrayView digits = text(index);
    qint64 value = 0;
    const auto [end, error] = std::from_chars(digits.begin(), digits.end(), value);
    if (error == std::errc() && end == digits.end()) {
        return value;
    }
    double real = 0;
    std::from_chars(digits.begin(), digits.end(), real);
    return qint64(real);
}

double JsonView::number(int index, bool *ok) const
{
    *ok = type(index) == Type::Number;
    if (!*ok) {
        return 0;
    }
    if (node(index).integral) {
        return double(integer(index, ok));
    }
    const QByteArrayView digits = text(index);
    double value = 0;
    std::from_chars(digits.begin(), digits.end(), value);
    return value;
}

bool JsonView::appendCompact(QByteArray &out, int index, QByteArrayView leaveOut) const
{
    const Node &n = node(index);
    switch (n.type) {
    case Type::Null:
    case Type::False:
    case Type::True:
        out += text(index);
        return true;
    case Type::Number: {
        // An integer Qt keeps as one is written as one ("-0" is written "0").
        bool ok = false;
        if (n.integral) {
            out += QByteArray::number(integer(index, &ok));
        } else {
            JsonText::appendDouble(out, number(index, &ok));
        }
        return true;
    }
    case Type::String:
        appendString(out, index);
        return true;
    case Type::Array: {
        out += '[';
        int item = first(index);
        for (quint32 i = 0; i < n.count; ++i, item = nextItem(item)) {
            if (i > 0) {
                out += ',';
            }
            if (!appendCompact(out, item)) {
                return false;
            }
        }
        out += ']';
        return true;
    }
    case Type::Object:
        break;
    }
    QVarLengthArray<std::pair<QByteArrayView, int>, 16> members;
    int key = first(index);
    for (quint32 i = 0; i < n.count; ++i, key = nextKey(key)) {
        const QByteArrayView name = text(key);
        if (!std::all_of(name.begin(), name.end(), [](char c) { return uchar(c) < 0x80; })) {
            return false;
        }
        members.append({name, key + 1});
    }
    std::sort(members.begin(), members.end());
    out += '{';
    bool first = true;
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (i > 0 && members[i].first == members[i - 1].first) {
            return false;
        }
        if (!leaveOut.isNull() && members[i].first == leaveOut) {
            continue;
        }
        if (!std::exchange(first, false)) {
            out += ',';
        }
        JsonText::appendKey(out, members[i].first);
        if (!appendCompact(out, members[i].second)) {
            return false;
        }
    }
    out += '}';
    return true;
}

void JsonView::appendString(QByteArray &out, int index) const
{
    const Node &n = node(index);
    const QByteArrayView raw = text(index);
    // A value that starts with U+FEFF, or may (a raw mark first is kept only in a string with
    // an escape), is written through its QString, where JsonText's rule for the mark lives.
    if (raw.startsWith(s_byteOrderMark)
        || (raw.startsWith("\\u") && escapedCharacter(raw, 0) == 0xfeff)) {
        JsonText::appendString(out, string(index));
        return;
    }
    out += '"';
    if (!n.escaped || n.escapesAsWritten) {
        // The content has no quote, backslash or control character but in the escapes Qt's
        // writer writes for them, and is valid UTF-8: what the writer would produce from its
        // value.
        out += raw;
        out += '"';
        return;
    }
    // Escapes rewritten as Qt's writer writes their characters: \" \\ \b \f \n \r \t, \u00xx
    // for the other controls, every other character as itself in UTF-8 (so "\/" is "/").
    walkEscapes(raw, out, [&out](char16_t c) {
        if (c >= 0x20 && c != u'"' && c != u'\\') {
            appendUtf8(out, c);
            return;
        }
        out += '\\';
        switch (c) {
        case u'"':
        case u'\\':
            out += char(c);
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
            out += "0123456789abcdef"[c >> 4];
            out += "0123456789abcdef"[c & 0xf];
            break;
        }
    });
    out += '"';
}

} // namespace Firebreak
