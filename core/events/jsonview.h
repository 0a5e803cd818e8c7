// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace Firebreak {

/**
 * A read-only index of a JSON text: one pass checks the grammar and records where each value
 * sits, building no QJsonValue, so a reader takes only the members it needs, and the text of
 * what it keeps is copied rather than written again.
 *
 * It is stricter than JSON on purpose and refuses what the hot path of a webhook never
 * carries: any escape in an object key, any `\u` escape of a surrogate (paired or not),
 * numbers other than integers of at most 15 digits (unless parsed with Numbers::Any), raw
 * control characters in strings, nesting at or beyond `maxDepth`, a byte order mark. A
 * refused text may still be JSON; the caller then reads it with QJsonDocument, which also
 * words the error when there is one. What it accepts, QJsonDocument reads as the same values
 * (tst_jsonview and fuzz_normaliser check).
 * The text must be valid UTF-8 (Http::isValidUtf8); it is not checked again here.
 */
class JsonView
{
public:
    enum class Type : quint8 { Null, False, True, Number, String, Object, Array };

    /// Which numbers parse() takes: integers of at most 15 digits, or any JSON number whose
    /// value is finite (read as Qt reads it: an integer that fits qint64 stays one).
    enum class Numbers : quint8 { ShortIntegers, Any };

    struct Node
    {
        Type type = Type::Null;
        /// A string holding at least one escape.
        bool escaped = false;
        /// A number Qt keeps as an integer (else as a double).
        bool integral = false;
        /// A string whose escapes are all ones Qt's writer writes the same way (\" \\ \b \f
        /// \n \r \t): its compact text is its own (appendString()).
        bool escapesAsWritten = true;
        /// A string's content without its quotes; any other value's whole text.
        quint32 begin = 0;
        quint32 end = 0;
        /// The index of the node after this value and everything in it.
        quint32 next = 0;
        /// Members of an object (each a key node followed by its value) or items of an array.
        quint32 count = 0;
    };

    /// Indexes `text`; false when it is not JSON or is outside what this reader takes (above).
    /// The view refers to `text`, which must outlive it.
    bool parse(QByteArrayView text, int maxDepth, Numbers numbers = Numbers::ShortIntegers);

    const Node &node(int index) const { return m_nodes[std::size_t(index)]; }
    Type type(int index) const { return node(index).type; }
    bool isString(int index) const { return type(index) == Type::String; }
    bool isObject(int index) const { return type(index) == Type::Object; }
    bool isArray(int index) const { return type(index) == Type::Array; }

    /// The value of `key` in an object, or -1. Keys are compared byte for byte (they hold no
    /// escapes). With duplicate keys, the last one counts, as in QJsonDocument.
    int member(int object, QByteArrayView key) const;
    /// The first item of an array or the first key of an object; step on with next().
    static int first(int container) { return container + 1; }
    /// The item after `item` of an array.
    int nextItem(int item) const { return int(node(item).next); }
    /// The key after the member whose key is `key`.
    int nextKey(int key) const { return int(node(key + 1).next); }

    /// The raw bytes of a node: a string's content (escapes as written), or a value's text.
    QByteArrayView text(int index) const
    {
        const Node &n = node(index);
        return m_text.sliced(n.begin, n.end - n.begin);
    }
    /// A string's value, escapes decoded; empty for anything else.
    QString string(int index) const;
    /// string(index).toUtf8(), without the QString: a string's value in UTF-8.
    QByteArray utf8(int index) const;
    /// An integral number's value; `ok` false for other values.
    qint64 integer(int index, bool *ok) const;
    /// A number's value as a double (as QJsonValue::toDouble()); `ok` false for other values.
    double number(int index, bool *ok) const;
    /// Whether every key of an object is distinct (QJsonDocument keeps only the last one).
    bool keysDistinct(int object) const;

    /// Appends a string as JsonText::appendString() writes its value, quotes included.
    void appendString(QByteArray &out, int index) const;
    /**
     * Appends the value at `index` as JsonText::compact() writes what QJsonDocument reads from
     * it: objects with their keys sorted, strings and numbers written as Qt writes them. False
     * (with part of it appended) for an object holding a key that is not plain ASCII or a key
     * twice, where Qt's order or choice of value is not simply the bytes' (docs/architecture.md).
     * An object's member named `leaveOut` is not written (its key is still checked).
     */
    bool appendCompact(QByteArray &out, int index, QByteArrayView leaveOut = {}) const;

private:
    bool parseValue(int depth);
    bool parseString(bool key);
    bool parseNumber();
    /// Skips `skipFirst` bytes (a '.', an 'e'), then digits; false when there are none.
    bool skipDigits(qsizetype skipFirst);
    bool parseLiteral(const char *word, qsizetype length, Type type);
    void skipSpace();
    quint32 offset() const { return quint32(m_at - m_text.data()); }

    QByteArrayView m_text;
    const char *m_at = nullptr;
    const char *m_end = nullptr;
    int m_maxDepth = 0;
    Numbers m_numbers = Numbers::ShortIntegers;
    std::vector<Node> m_nodes;
};

} // namespace Firebreak
