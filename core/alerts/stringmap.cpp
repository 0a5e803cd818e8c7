// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "stringmap.h"

#include "alerts/normaliserutil.h"
#include "events/jsontext.h"

#include <QScopeGuard>

#include <algorithm>

namespace Firebreak {

StringMap StringMap::fromObject(const QJsonObject &object)
{
    StringMap map;
    const bool strings = std::all_of(object.begin(), object.end(), [](const auto &value) {
        return value.isString();
    });
    if (strings) {
        map.m_object = object;
        return map;
    }
    // A QJsonObject iterates its keys in this map's order, each once: no search needed.
    map.m_entries.reserve(object.size());
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        map.m_entries.emplaceBack(it.key(), AlertFields::text(it.value()));
    }
    return map;
}

const QList<StringMap::Entry> &StringMap::entries() const
{
    if (!m_object.isEmpty()) {
        m_entries.reserve(m_object.size());
        for (auto it = m_object.begin(), end = m_object.end(); it != end; ++it) {
            m_entries.emplaceBack(it.key(), it.value().toString());
        }
        m_object = QJsonObject();
    }
    return m_entries;
}

QList<StringMap::Entry>::const_iterator StringMap::lowerBound(QStringView key) const
{
    const QList<Entry> &all = entries();
    return std::lower_bound(all.cbegin(), all.cend(), key,
                            [](const Entry &entry, QStringView wanted) {
                                return QStringView(entry.first) < wanted;
                            });
}

void StringMap::insert(const QString &key, const QString &value)
{
    const auto at = lowerBound(key);
    // lowerBound() converted m_object: the entries are the map now.
    if (at != m_entries.cend() && at->first == key) {
        m_entries[at - m_entries.cbegin()].second = value;
    } else {
        m_entries.insert(at - m_entries.cbegin(), Entry(key, value));
    }
}

QString StringMap::value(QStringView key, const QString &fallback) const
{
    if (!m_object.isEmpty()) {
        const QJsonValue found = m_object.value(key);
        return found.isString() ? found.toString() : fallback;
    }
    const auto at = lowerBound(key);
    return at != m_entries.cend() && at->first == key ? at->second : fallback;
}

bool StringMap::contains(QStringView key) const
{
    if (!m_object.isEmpty()) {
        return m_object.value(key).isString();
    }
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

bool StringMap::isObject(const QJsonValue &value) const
{
    return !m_object.isEmpty() && value.isObject() && value.toObject() == m_object;
}

QJsonObject StringMap::toObject() const
{
    if (!m_object.isEmpty()) {
        return m_object;
    }
    QJsonObject object;
    for (const Entry &entry : m_entries) {
        object.insert(entry.first, entry.second);
    }
    return object;
}

QByteArray StringMap::toJson() const
{
    if (!m_object.isEmpty()) {
        return JsonText::compact(m_object);
    }
    qsizetype bound = 2;
    for (const Entry &entry : m_entries) {
        bound += JsonText::maxStringBytes(entry.first.size())
            + JsonText::maxStringBytes(entry.second.size()) + 2;
    }
    // Written into a buffer of the thread's, then copied at its final size: the text is kept
    // with the alert, and the bound is up to six times what is written. A buffer over 1 MiB
    // is let go afterwards, as JsonText::compact() does.
    thread_local QByteArray buffer;
    if (buffer.size() < bound) {
        buffer.resize(bound);
    }
    const auto release = qScopeGuard([] {
        if (buffer.size() > 1024 * 1024) {
            buffer = QByteArray();
        }
    });
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
    return QByteArray(start, at - start);
}

} // namespace Firebreak
