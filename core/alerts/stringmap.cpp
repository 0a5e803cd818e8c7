// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "stringmap.h"

#include "alerts/normaliserutil.h"
#include "events/jsontext.h"
#include "events/scratchtext.h"

#include <algorithm>

namespace Firebreak {

StringMap StringMap::fromObject(const QJsonObject &object)
{
    // Mostly already in order (names in ASCII, as Qt orders them too); else sorted once rather
    // than inserted one by one: an object may hold thousands of members.
    StringMap map;
    map.m_entries.reserve(object.size());
    bool ordered = true;
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        map.m_entries.emplaceBack(it.key(), AlertFields::text(it.value()));
        const qsizetype size = map.m_entries.size();
        ordered = ordered
            && (size < 2 || keyLess(map.m_entries.at(size - 2).first, map.m_entries.last().first));
    }
    if (ordered) {
        return map;
    }
    std::stable_sort(map.m_entries.begin(), map.m_entries.end(),
                     [](const Entry &a, const Entry &b) { return keyLess(a.first, b.first); });
    // Of equal keys (an object holding one twice), the last one iterated stays.
    QList<Entry> unique;
    unique.reserve(map.m_entries.size());
    for (Entry &entry : map.m_entries) {
        if (!unique.isEmpty() && unique.last().first == entry.first) {
            unique.last().second = std::move(entry.second);
        } else {
            unique.append(std::move(entry));
        }
    }
    map.m_entries = std::move(unique);
    return map;
}

bool StringMap::keyLess(QStringView a, QStringView b)
{
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        const char16_t x = a[i].unicode();
        const char16_t y = b[i].unicode();
        if (x == y) {
            continue;
        }
        // Surrogates (D800 to DFFF) after E000 to FFFF, as their code points are.
        const auto rank = [](char16_t c) {
            return c >= 0xd800 ? char16_t(c >= 0xe000 ? c - 0x800 : c + 0x2000) : c;
        };
        return rank(x) < rank(y);
    }
    return a.size() < b.size();
}

QList<StringMap::Entry>::const_iterator StringMap::lowerBound(QStringView key) const
{
    return std::lower_bound(m_entries.cbegin(), m_entries.cend(), key,
                            [](const Entry &entry, QStringView wanted) {
                                return keyLess(entry.first, wanted);
                            });
}

void StringMap::insert(const QString &key, const QString &value)
{
    const auto at = lowerBound(key);
    if (at != m_entries.cend() && at->first == key) {
        m_entries[at - m_entries.cbegin()].second = value;
    } else {
        m_entries.insert(at - m_entries.cbegin(), Entry(key, value));
    }
}

QString StringMap::value(QStringView key, const QString &fallback) const
{
    const auto at = lowerBound(key);
    return at != m_entries.cend() && at->first == key ? at->second : fallback;
}

bool StringMap::contains(QStringView key) const
{
    const auto at = lowerBound(key);
    return at != m_entries.cend() && at->first == key;
}

bool StringMap::remove(QStringView key)
{
    const auto at = lowerBound(key);
    if (at == m_entries.cend() || at->first != key) {
        return false;
    }
    m_entries.remove(at - m_entries.cbegin());
    return true;
}

QJsonObject StringMap::toObject() const
{
    QJsonObject object;
    for (const Entry &entry : m_entries) {
        object.insert(entry.first, entry.second);
    }
    return object;
}

QByteArray StringMap::toJson() const
{
    qsizetype bound = 2;
    for (const Entry &entry : m_entries) {
        bound += JsonText::maxStringBytes(entry.first.size())
            + JsonText::maxStringBytes(entry.second.size()) + 2;
    }
    // Written through a pointer into the thread's scratch buffer, then copied at its size.
    using Scratch = ScratchText<StringMap>;
    const Scratch scratch;
    QByteArray &buffer = Scratch::bytes();
    buffer.resize(bound);
    char *const start = buffer.data();
    char *at = start;
    *at++ = '{';
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (i > 0) {
            *at++ = ',';
        }
        at = JsonText::writeString(at, m_entries.at(i).first);
        *at++ = ':';
        at = JsonText::writeString(at, m_entries.at(i).second);
    }
    *at++ = '}';
    return Scratch::text(at - start);
}

} // namespace Firebreak
