// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace Firebreak::Collab::Detail {

/**
 * The characters one agent typed, indexed by insert number, stored at the narrowest width that
 * holds them all: one byte while every code point is below 256, two below 65,536, else four.
 * Widening happens once, when the first wider character arrives.
 */
class CharStore
{
public:
    quint32 size() const { return m_size; }
    int width() const { return m_width; }
    char32_t at(quint32 index) const;

    void append(const char32_t *chars, quint32 count);
    /// Appends code points from..from+count-1 to `out` as UTF-16.
    void appendTo(QString &out, quint32 from, quint32 count) const;
    QString toString(quint32 from, quint32 count) const;
    std::vector<char32_t> copy(quint32 from, quint32 count) const;

    quint64 memoryUsage() const { return m_bytes.capacity(); }

    /// The raw little-endian storage, for snapshots.
    QByteArrayView raw() const;
    /// Takes raw storage back; false when the sizes or code points are invalid.
    bool assignRaw(int width, quint32 size, QByteArrayView raw);

private:
    void widen(int width);

    std::vector<quint8> m_bytes;
    quint32 m_size = 0;
    int m_width = 1;
};

} // namespace Firebreak::Collab::Detail
