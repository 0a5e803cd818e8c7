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
 * value per key (a later insert replaces it, as QJsonObject::insert does), kept in the order a
 * QJsonObject keeps its keys (UTF-16 code units), so that toJson() is byte for byte the compact
 * text JsonText::compact() writes for the same object.
 *
 * A QJsonObject was used before: each insert converted key and value to Qt's CBOR storage and
 * detached or grew the object (CloudWatch's label reading was 19 % of a parser thread, 12 %
 * with this map; docs/performance.md, "Ingestion, eleventh pass"). Here an insert is a binary
 * search and a list insert of two implicitly shared strings.
 *
 * A map made from an object of strings (Alertmanager's and Grafana's labels, as received) keeps
 * that object and is read from it until it is first changed or iterated: most such maps are
 * only read a few values from and written out, and converting every member to a QString first
 * cost Grafana 4 % of its rate. That conversion happens in const functions, so a map must not
 * be read from two threads at once (it travels with its alert from a parser thread to the
 * writer's).
 */
class StringMap
{
public:
    using Entry = std::pair<QString, QString>;

    StringMap() = default;
    /// Every member of `object` with its value as text (AlertFields::text()).
    static StringMap fromObject(const QJsonObject &object);

    /// Sets `key` to `value`, replacing the value it had.
    void insert(const QString &key, const QString &value);
    /// The value of `key`, or `fallback` when there is none.
    QString value(QStringView key, const QString &fallback = QString()) const;
    bool contains(QStringView key) const;
    /// Removes `key`; false when it was not there.
    bool remove(QStringView key);
    bool isEmpty() const { return size() == 0; }
    qsizetype size() const { return m_object.isEmpty() ? m_entries.size() : m_object.size(); }
    /// The entries in key order.
    QList<Entry>::const_iterator begin() const { return entries().cbegin(); }
    QList<Entry>::const_iterator end() const { return entries().cend(); }

    /// True when the map is still the object it was made from and `value` holds that object
    /// (or an equal one): then both have the same text.
    bool isObject(const QJsonValue &value) const;

    /// The same map as a JSON object of strings.
    QJsonObject toObject() const;
    /// toObject()'s compact JSON text, as JsonText::compact() writes it, without building it.
    QByteArray toJson() const;

    friend bool operator==(const StringMap &a, const StringMap &b)
    {
        return a.entries() == b.entries();
    }

private:
    /// Where `key` is, or would go, in entries().
    QList<Entry>::const_iterator lowerBound(QStringView key) const;
    /// The entries, converted from m_object first when the map is still that object.
    const QList<Entry> &entries() const;

    /// While not empty, the map's content (its values all strings), and m_entries is empty.
    mutable QJsonObject m_object;
    mutable QList<Entry> m_entries;
};

} // namespace Firebreak
