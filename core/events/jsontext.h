// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QStringView>

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
