// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace Firebreak {

/**
 * A thread's scratch buffer for a text written before its length is known, then copied out at
 * its size: the copy is what is kept, and a buffer sized for the worst case can be several
 * times the text. The buffer stays with the thread between uses, so that writing allocates
 * once; one that grew past 1 MiB is let go when the guard ends.
 *
 * `Owner` gives each user its own buffer: one text written while another is being written on
 * the same thread cannot overwrite it.
 */
template<typename Owner>
class ScratchText
{
public:
    /// Empties the buffer (its capacity stays).
    ScratchText() { bytes().resize(0); }
    ~ScratchText()
    {
        if (bytes().capacity() > 1024 * 1024) {
            bytes() = QByteArray();
        }
    }
    Q_DISABLE_COPY_MOVE(ScratchText)

    static QByteArray &bytes()
    {
        thread_local QByteArray buffer;
        return buffer;
    }
    /// The first `size` bytes, copied at that size.
    static QByteArray text(qsizetype size) { return QByteArray(bytes().constData(), size); }
    /// Everything written, copied at its size.
    static QByteArray text() { return text(bytes().size()); }
};

} // namespace Firebreak
