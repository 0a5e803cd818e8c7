// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "viewjson.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Firebreak {

double ViewValue::toDouble(double fallback) const
{
    bool ok = false;
    const double value = m_index < 0 ? 0 : m_view->number(m_index, &ok);
    return ok ? value : fallback;
}

ViewObject ViewValue::toObject() const
{
    return ViewObject(m_view, isObject() ? m_index : -1);
}

ViewArray ViewValue::toArray() const
{
    return ViewArray(m_view, isArray() ? m_index : -1);
}

QJsonValue ViewValue::toJsonValue() const
{
    if (m_index < 0) {
        return QJsonValue(QJsonValue::Undefined);
    }
    switch (m_view->type(m_index)) {
    case JsonView::Type::Null:
        return QJsonValue(QJsonValue::Null);
    case JsonView::Type::False:
    case JsonView::Type::True:
        return toBool();
    case JsonView::Type::Number: {
        bool ok = false;
        if (m_view->node(m_index).integral) {
            return m_view->integer(m_index, &ok);
        }
        return m_view->number(m_index, &ok);
    }
    case JsonView::Type::String:
        return toString();
    case JsonView::Type::Array: {
        QJsonArray array;
        for (const ViewValue item : toArray()) {
            array.append(item.toJsonValue());
        }
        return array;
    }
    case JsonView::Type::Object: {
        QJsonObject object;
        toObject().forEach([&object](const QString &key, const ViewValue &value) {
            object.insert(key, value.toJsonValue());
        });
        return object;
    }
    }
    return QJsonValue();
}

ViewValue ViewObject::value(QStringView key) const
{
    int found = -1;
    int at = JsonView::first(m_index);
    for (qsizetype i = 0; i < size(); ++i, at = m_view->nextKey(at)) {
        const QByteArrayView name = m_view->text(at);
        if (name.size() == key.size()
            && std::equal(name.begin(), name.end(), key.begin(),
                          [](char a, QChar b) { return uchar(a) == b.unicode(); })) {
            found = at + 1;
        }
    }
    return ViewValue(m_view, found);
}

ViewValue ViewArray::at(qsizetype i) const
{
    if (i < 0 || i >= size()) {
        return ViewValue();
    }
    int item = JsonView::first(m_index);
    while (i-- > 0) {
        item = m_view->nextItem(item);
    }
    return ViewValue(m_view, item);
}

} // namespace Firebreak
