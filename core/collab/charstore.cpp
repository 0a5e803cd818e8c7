// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "charstore.h"

#include <QtEndian>

#include <algorithm>

namespace Firebreak::Collab::Detail {

namespace {

int widthFor(char32_t c)
{
    return c < 0x100 ? 1 : c < 0x10000 ? 2 : 4;
}

} // namespace

char32_t CharStore::at(quint32 index) const
{
    const quint8 *at = m_bytes.data() + size_t(index) * size_t(m_width);
    switch (m_width) {
    case 1:
        return *at;
    case 2:
        return qFromLittleEndian<quint16>(at);
    default:
        return qFromLittleEndian<quint32>(at);
    }
}

void CharStore::append(const char32_t *chars, quint32 count)
{
    int needed = m_width;
    for (quint32 i = 0; i < count; ++i) {
        needed = std::max(needed, widthFor(chars[i]));
    }
    if (needed > m_width) {
        widen(needed);
    }
    const size_t at = m_bytes.size();
    m_bytes.resize(at + size_t(count) * size_t(m_width));
    quint8 *out = m_bytes.data() + at;
    for (quint32 i = 0; i < count; ++i, out += m_width) {
        if (m_width == 1) {
            *out = quint8(chars[i]);
        } else if (m_width == 2) {
            qToLittleEndian<quint16>(quint16(chars[i]), out);
        } else {
            qToLittleEndian<quint32>(quint32(chars[i]), out);
        }
    }
    m_size += count;
}

void CharStore::appendTo(QString &out, quint32 from, quint32 count) const
{
    if (m_width == 1) {
        out.append(QLatin1StringView(reinterpret_cast<const char *>(m_bytes.data() + from),
                                     qsizetype(count)));
        return;
    }
    for (quint32 i = from; i < from + count; ++i) {
        const char32_t c = at(i);
        if (c < 0x10000) {
            out.append(QChar(char16_t(c)));
        } else {
            out.append(QChar(QChar::highSurrogate(c)));
            out.append(QChar(QChar::lowSurrogate(c)));
        }
    }
}

QString CharStore::toString(quint32 from, quint32 count) const
{
    QString text;
    text.reserve(qsizetype(count));
    appendTo(text, from, count);
    return text;
}

std::vector<char32_t> CharStore::copy(quint32 from, quint32 count) const
{
    std::vector<char32_t> chars(count);
    for (quint32 i = 0; i < count; ++i) {
        chars[i] = at(from + i);
    }
    return chars;
}

QByteArrayView CharStore::raw() const
{
    return QByteArrayView(reinterpret_cast<const char *>(m_bytes.data()),
                          qsizetype(m_bytes.size()));
}

bool CharStore::assignRaw(int width, quint32 size, QByteArrayView raw)
{
    if ((width != 1 && width != 2 && width != 4)
        || quint64(size) * quint64(width) != quint64(raw.size())) {
        return false;
    }
    m_width = width;
    m_size = size;
    m_bytes.assign(reinterpret_cast<const quint8 *>(raw.data()),
                   reinterpret_cast<const quint8 *>(raw.data()) + raw.size());
    if (width == 4) {
        for (quint32 i = 0; i < size; ++i) {
            if (at(i) > 0x10ffff) {
                return false;
            }
        }
    }
    return true;
}

void CharStore::widen(int width)
{
    std::vector<quint8> wider(size_t(m_size) * size_t(width));
    for (quint32 i = 0; i < m_size; ++i) {
        const char32_t c = at(i);
        if (width == 2) {
            qToLittleEndian<quint16>(quint16(c), wider.data() + size_t(i) * 2);
        } else {
            qToLittleEndian<quint32>(quint32(c), wider.data() + size_t(i) * 4);
        }
    }
    m_bytes = std::move(wider);
    m_width = width;
}

} // namespace Firebreak::Collab::Detail
