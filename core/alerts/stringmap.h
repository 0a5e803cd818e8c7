// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace Firebreak {

/**
 * An alert's labels or annotations while a normaliser gathers them: text values by key, one
 * value per key (a later insert replaces it, as QJsonObject::insert does), kept in the order of
 * their keys' code points. toJson() writes them as JsonText writes an object, in that order.
 *
 * That order, not a QJsonObject's, is the canonical one: Qt 6.4's parser orders and merges an
 * object's keys by how they were written (a key outside the BMP written raw sorts after U+E000,
 * written as \u escapes before it; a key starting with a raw byte order mark sorts as written
 * and reads without the mark, so the same key can be there twice). An alert whose labels came
 * written one way or the other must have the same identity and the same stored text, and that
 * text must read back, after a restart, as the labels it was written from. Code point order is
 * the order Qt's parser gives the keys of such a text, where every non-ASCII key is raw UTF-8.
 *
 * Also cheaper than a QJsonObject to fill: an insert is a binary search and a list insert of
 * two implicitly shared strings, not a conversion to Qt's CBOR storage (CloudWatch's label
 * reading was 19 % of a parser thread with QJsonObject, 12 % with this map; docs/performance.md,
 * "Ingestion, eleventh pass").
 */
class StringMap
{
public:
    using Entry = std::pair<QString, QString>;

    StringMap() = default;
    /// Every member of `object` with its value as text (AlertFields::text()). Where `object`
    /// holds a key twice (see above), the one it iterates last counts.
    static StringMap fromObject(const QJsonObject &object);

    /// Sets `key` to `value`, replacing the value it had.
    void insert(const QString &key, const QString &value);
    /// The value of `key`, or `fallback` when there is none.
    QString value(QStringView key, const QString &fallback = QString()) const;
    bool contains(QStringView key) const;
    /// Removes `key`; false when it was not there.
    bool remove(QStringView key);
    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype size() const { return m_entries.size(); }
    /// The entries in key order.
    QList<Entry>::const_iterator begin() const { return m_entries.cbegin(); }
    QList<Entry>::const_iterator end() const { return m_entries.cend(); }

    /// The same map as a JSON object of strings.
    QJsonObject toObject() const;
    /// The compact JSON text of the map, keys in code point order, strings written as
    /// JsonText::appendString() writes them.
    QByteArray toJson() const;

    /// Whether `a` comes before `b` in code point order (UTF-16 order puts a surrogate pair
    /// before U+E000 to U+FFFF; code points put it after).
    static bool keyLess(QStringView a, QStringView b);

    friend bool operator==(const StringMap &a, const StringMap &b)
    {
        return a.m_entries == b.m_entries;
    }

private:
    /// Where `key` is, or would go.
    QList<Entry>::const_iterator lowerBound(QStringView key) const;

    QList<Entry> m_entries;
};

} // namespace Firebreak
