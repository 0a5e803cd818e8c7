// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QStringView>

#include <cstring>

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

/// Appends `"key":` for a key that needs no escaping (the fixed keys of event data).
inline void appendKey(QByteArray &out, QByteArrayView key)
{
    out += '"';
    out += key;
    out += "\":";
}

} // namespace Firebreak::JsonText

namespace Firebreak::JsonText {

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
