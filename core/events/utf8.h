// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>
#include <QString>

namespace Firebreak {

/**
 * QString::fromUtf8(), except that a byte order mark (U+FEFF) starting the bytes stays the
 * first character: fromUtf8 drops it. A stored text read back, or the part of a JSON string
 * after an escape (where Qt's parser keeps the mark too), must come back as it was written.
 */
inline QString fromUtf8KeepingMark(QByteArrayView utf8)
{
    QString text = QString::fromUtf8(utf8);
    if (utf8.startsWith("\xef\xbb\xbf")) {
        text.prepend(QChar(0xfeff));
    }
    return text;
}

} // namespace Firebreak
