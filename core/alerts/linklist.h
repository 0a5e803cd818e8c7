// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace Firebreak {

/**
 * An alert's links for people while a normaliser gathers them, in the order added. toJson()
 * writes them as JsonText writes the array [{"href": URL, "text": label}, …].
 *
 * Gathering them as a QJsonArray of objects converted each link to Qt's CBOR storage on the
 * parser's thread, only to write it out again as text: a tenth of a parser thread with
 * PagerDuty's two links per incident (docs/performance.md, "Ingestion, twelfth pass").
 */
class LinkList
{
public:
    struct Link
    {
        QString href;
        QString text;
        friend bool operator==(const Link &a, const Link &b) = default;
    };

    void append(const QString &href, const QString &text) { m_links.append({href, text}); }
    bool isEmpty() const { return m_links.isEmpty(); }
    qsizetype size() const { return m_links.size(); }
    const Link &at(qsizetype index) const { return m_links.at(index); }
    QList<Link>::const_iterator begin() const { return m_links.cbegin(); }
    QList<Link>::const_iterator end() const { return m_links.cend(); }

    /// The same links as a JSON array of {"href", "text"} objects.
    QJsonArray toArray() const;
    /// The compact JSON text of toArray(), as QJsonDocument writes it.
    QByteArray toJson() const;

    friend bool operator==(const LinkList &a, const LinkList &b) = default;

private:
    QList<Link> m_links;
};

} // namespace Firebreak
