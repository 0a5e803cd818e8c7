// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "linklist.h"

#include "events/jsontext.h"
#include "events/scratchtext.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Firebreak {

QJsonArray LinkList::toArray() const
{
    QJsonArray array;
    for (const Link &link : m_links) {
        array.append(QJsonObject{{u"href"_s, link.href}, {u"text"_s, link.text}});
    }
    return array;
}

QByteArray LinkList::toJson() const
{
    static constexpr QByteArrayView href = "{\"href\":";
    static constexpr QByteArrayView text = ",\"text\":";
    qsizetype bound = 2;
    for (const Link &link : m_links) {
        bound += href.size() + text.size() + 2 + JsonText::maxStringBytes(link.href.size())
            + JsonText::maxStringBytes(link.text.size());
    }
    using Scratch = ScratchText<LinkList>;
    const Scratch scratch;
    QByteArray &buffer = Scratch::bytes();
    buffer.resize(bound);
    char *const start = buffer.data();
    char *at = start;
    *at++ = '[';
    for (qsizetype i = 0; i < m_links.size(); ++i) {
        if (i > 0) {
            *at++ = ',';
        }
        at = JsonText::writeRaw(at, href);
        at = JsonText::writeString(at, m_links.at(i).href);
        at = JsonText::writeRaw(at, text);
        at = JsonText::writeString(at, m_links.at(i).text);
        *at++ = '}';
    }
    *at++ = ']';
    return Scratch::text(at - start);
}

} // namespace Firebreak
