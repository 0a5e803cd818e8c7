// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/jsonview.h"

#include <QJsonValue>
#include <QString>

namespace Firebreak {

class ViewArray;
class ViewObject;

/**
 * A value of a JsonView read through the names of QJsonValue, so that one reader, written as
 * a template, reads a body from Qt's objects or from the view alike (the sources' fast
 * readers). What JsonView takes, it reads as Qt does (keys without escapes).
 * A default-constructed value is undefined, as QJsonObject::value() gives for a missing key.
 */
class ViewValue
{
public:
    ViewValue() = default;
    ViewValue(const JsonView *view, int index) : m_view(view), m_index(index) {}

    bool isUndefined() const { return m_index < 0; }
    bool isNull() const { return is(JsonView::Type::Null); }
    bool isBool() const { return is(JsonView::Type::True) || is(JsonView::Type::False); }
    bool isDouble() const { return is(JsonView::Type::Number); }
    bool isString() const { return is(JsonView::Type::String); }
    bool isObject() const { return is(JsonView::Type::Object); }
    bool isArray() const { return is(JsonView::Type::Array); }

    /// The string's value; empty for any other value.
    QString toString() const { return isString() ? m_view->string(m_index) : QString(); }
    /// toString().toUtf8(), without the QString.
    QByteArray toUtf8() const { return isString() ? m_view->utf8(m_index) : QByteArray(); }
    double toDouble(double fallback = 0) const;
    bool toBool(bool fallback = false) const
    {
        return isBool() ? is(JsonView::Type::True) : fallback;
    }
    /// The object, or an empty one for any other value.
    ViewObject toObject() const;
    /// The array, or an empty one for any other value.
    ViewArray toArray() const;
    /// The same value as Qt's (for what is read rarely: numbers, nested values).
    QJsonValue toJsonValue() const;

private:
    bool is(JsonView::Type type) const { return m_index >= 0 && m_view->type(m_index) == type; }

    const JsonView *m_view = nullptr;
    int m_index = -1;
};

/// An object of a JsonView, read through QJsonObject's names.
class ViewObject
{
public:
    ViewObject() = default;
    /// `index` is an object of `view`, or -1 for an empty object.
    ViewObject(const JsonView *view, int index) : m_view(view), m_index(index) {}

    /// The value of `key`, undefined when absent. Keys are compared as Qt compares them, for
    /// the plain keys JsonView takes; a key given twice counts last, as Qt's parser keeps it.
    ViewValue value(QStringView key) const;
    ViewValue operator[](QStringView key) const { return value(key); }
    bool contains(QStringView key) const { return !value(key).isUndefined(); }
    qsizetype size() const { return m_index < 0 ? 0 : m_view->node(m_index).count; }
    bool isEmpty() const { return size() == 0; }

    /// Calls f(key, value) for every member in the order written.
    template<typename F>
    void forEach(F f) const
    {
        int key = JsonView::first(m_index);
        for (qsizetype i = 0; i < size(); ++i, key = m_view->nextKey(key)) {
            f(m_view->string(key), ViewValue(m_view, key + 1));
        }
    }

    const JsonView *view() const { return m_view; }
    int index() const { return m_index; }

private:
    const JsonView *m_view = nullptr;
    int m_index = -1;
};

/// An array of a JsonView, read through QJsonArray's names (a range of ViewValue).
class ViewArray
{
public:
    class const_iterator
    {
    public:
        const_iterator(const JsonView *view, int item, qsizetype left)
            : m_view(view), m_item(item), m_left(left)
        {
        }
        ViewValue operator*() const { return ViewValue(m_view, m_item); }
        const_iterator &operator++()
        {
            m_item = m_view->nextItem(m_item);
            --m_left;
            return *this;
        }
        bool operator!=(const const_iterator &other) const { return m_left != other.m_left; }

    private:
        const JsonView *m_view;
        int m_item;
        qsizetype m_left;
    };

    ViewArray() = default;
    /// `index` is an array of `view`, or -1 for an empty array.
    ViewArray(const JsonView *view, int index) : m_view(view), m_index(index) {}

    qsizetype size() const { return m_index < 0 ? 0 : m_view->node(m_index).count; }
    bool isEmpty() const { return size() == 0; }
    /// The item at `i` (a walk from the first), undefined past the end.
    ViewValue at(qsizetype i) const;
    const_iterator begin() const
    {
        return const_iterator(m_view, m_index < 0 ? -1 : JsonView::first(m_index), size());
    }
    const_iterator end() const { return const_iterator(m_view, -1, 0); }

private:
    const JsonView *m_view = nullptr;
    int m_index = -1;
};

} // namespace Firebreak
