// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QStringView>

#include <cstring>
#include <span>

class QJsonArray;
class QJsonObject;
class QJsonValue;

namespace Firebreak::JsonText {

/**
 * Appends `text` as a JSON string, quotes included, byte for byte as QJsonDocument's compact
 * form writes it: `"` and `\` escaped, \b \f \n \r \t for those controls, \u00xx for the other
 * characters below 0x20, UTF-8 for everything else, and \uxxxx (lowercase hex) for a
 * surrogate that is not part of a pair.
 *
 * Event data is hashed as the exact text stored, so whoever writes it directly instead of
 * through QJsonDocument must produce the same bytes (tst_jsontext compares the two).
 */
void appendString(QByteArray &out, QStringView text);

/**
 * One departure from Qt's text, in appendString() and everything written with it: a string
 * that starts with U+FEFF (a byte order mark) starts with the escape \ufeff instead of the
 * character's UTF-8. Qt's parser drops that character where it starts a string written plain,
 * so a text holding it would not read back as what was written (a dedup key, a title). This
 * function makes a text QJsonDocument wrote the same: what Event::setData() stores.
 */
QByteArray escapeLeadingMarks(QByteArray text);

/**
 * Appends a value as QJsonDocument::toJson(QJsonDocument::Compact) writes it in Qt 6.4: keys
 * in the order QJsonObject iterates them, strings as appendString(), integers as integers,
 * other numbers in the shortest form that reads back the same, infinities and NaN as null,
 * undefined as null. The event log's hash chain is computed over such texts, so the bytes must
 * stay the same (tst_jsontext compares the writer with Qt's on random values).
 */
void appendValue(QByteArray &out, const QJsonValue &value);
/// A double as Qt's writer writes one (shortest form; "null" when not finite).
void appendDouble(QByteArray &out, double value);
void appendObject(QByteArray &out, const QJsonObject &object);
void appendArray(QByteArray &out, const QJsonArray &array);

/// The compact JSON text of an object or array, the same bytes as QJsonDocument writes, in a
/// buffer allocated once at its final size (the writing itself reuses a per-thread buffer).
QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);

/// Where the value of one member of an object sits in the object's text: [begin, end), or
/// begin -1 when the object has no such member.
struct MemberSpan
{
    QLatin1StringView key;
    qsizetype begin = -1;
    qsizetype end = -1;
};

/// compact(object), also finding where the values of the given members sit in the text.
QByteArray compact(const QJsonObject &object, std::span<MemberSpan> members);

/// Appends `"key":` for a key that needs no escaping (the fixed keys of event data).
inline void appendKey(QByteArray &out, QByteArrayView key)
{
    out += '"';
    out += key;
    out += "\":";
}

/// The most bytes writeString() writes for a string of `units` UTF-16 code units: six per
/// unit (a lone surrogate or a control character as \uxxxx), plus the quotes.
constexpr qsizetype maxStringBytes(qsizetype units)
{
    return 6 * units + 2;
}

/**
 * Writes `text` as appendString() does, at `out`, which has room for
 * maxStringBytes(text.size()) bytes, and returns the end of what it wrote. For writers that
 * size their buffer once for many pieces: appending piece by piece to a QByteArray checks its
 * capacity and sharing for every byte (docs/performance.md).
 */
char *writeString(char *out, QStringView text);

/// Copies `bytes` to `out` and returns the end.
inline char *writeRaw(char *out, QByteArrayView bytes)
{
    if (!bytes.isEmpty()) {
        memcpy(out, bytes.data(), size_t(bytes.size()));
    }
    return out + bytes.size();
}

} // namespace Firebreak::JsonText
