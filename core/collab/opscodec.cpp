// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "ops.h"

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

constexpr char BinaryMagic[] = {'F', 'B', 'O', '1'};

bool readCounter(const QJsonValue &value, quint32 *result)
{
    if (!value.isDouble()) {
        return false;
    }
    const double number = value.toDouble();
    if (number < 0 || number > std::numeric_limits<quint32>::max()
        || number != double(quint32(number))) {
        return false;
    }
    *result = quint32(number);
    return true;
}

qsizetype codePointCount(QStringView text)
{
    qsizetype count = text.size();
    for (const QChar c : text) {
        count -= c.isLowSurrogate() ? 1 : 0;
    }
    return count;
}

void fail(QString *error, const QString &message)
{
    if (error) {
        *error = message;
    }
}

/// Appends LEB128 varints and length-prefixed strings.
class BinaryWriter
{
public:
    void putVarint(quint64 value)
    {
        while (value >= 0x80) {
            m_data.append(char(value | 0x80));
            value >>= 7;
        }
        m_data.append(char(value));
    }
    void putString(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        putVarint(quint64(utf8.size()));
        m_data.append(utf8);
    }
    QByteArray &data() { return m_data; }

private:
    QByteArray m_data;
};

/// Reads what BinaryWriter wrote; every read checks bounds and turns ok() false on failure.
class BinaryReader
{
public:
    explicit BinaryReader(QByteArrayView data)
        : m_data(data)
    {
    }
    bool ok() const { return m_ok; }
    void invalidate() { m_ok = false; }
    bool atEnd() const { return m_position == m_data.size(); }
    quint64 varint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64 && m_position < m_data.size(); shift += 7) {
            const auto byte = quint8(m_data[m_position++]);
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                return value;
            }
        }
        m_ok = false;
        return 0;
    }
    quint32 counter()
    {
        const quint64 value = varint();
        if (value > std::numeric_limits<quint32>::max()) {
            m_ok = false;
        }
        return quint32(value);
    }
    QString string()
    {
        const quint64 size = varint();
        if (!m_ok || size > quint64(m_data.size() - m_position)) {
            m_ok = false;
            return {};
        }
        const QString text = QString::fromUtf8(m_data.sliced(m_position, qsizetype(size)));
        m_position += qsizetype(size);
        return text;
    }

private:
    QByteArrayView m_data;
    qsizetype m_position = 0;
    bool m_ok = true;
};

class AgentTable
{
public:
    quint64 indexOf(const QString &agent)
    {
        const auto it = m_index.constFind(agent);
        if (it != m_index.constEnd()) {
            return it.value();
        }
        m_index.insert(agent, quint64(m_names.size()));
        m_names.append(agent);
        return quint64(m_names.size() - 1);
    }
    const QStringList &names() const { return m_names; }

private:
    QHash<QString, quint64> m_index;
    QStringList m_names;
};

void putRef(BinaryWriter &writer, AgentTable &agents, const ItemRef &ref)
{
    if (ref.isNull()) {
        writer.putVarint(0);
        return;
    }
    writer.putVarint(agents.indexOf(ref.agent) + 1);
    writer.putVarint(ref.seq);
}

ItemRef readRef(BinaryReader &reader, const QStringList &agents)
{
    const quint64 agent = reader.varint();
    if (agent == 0) {
        return {};
    }
    const quint32 seq = reader.counter();
    if (agent > quint64(agents.size())) {
        reader.invalidate();
        return {};
    }
    return {agents[qsizetype(agent - 1)], seq};
}

} // namespace

QJsonValue ItemRef::toJson() const
{
    if (isNull()) {
        return QJsonValue::Null;
    }
    return QJsonArray{agent, double(seq)};
}

bool ItemRef::fromJson(const QJsonValue &value, ItemRef *ref)
{
    *ref = {};
    if (value.isNull() || value.isUndefined()) {
        return true;
    }
    const QJsonArray pair = value.toArray();
    if (pair.size() != 2 || !pair[0].isString() || pair[0].toString().isEmpty()) {
        return false;
    }
    ref->agent = pair[0].toString();
    return readCounter(pair[1], &ref->seq);
}

qsizetype Ops::operationCount() const
{
    qsizetype count = 0;
    for (const InsertOp &op : inserts) {
        count += codePointCount(op.text);
    }
    for (const DeleteOp &op : deletes) {
        count += op.length;
    }
    return count;
}

void Ops::append(const Ops &other)
{
    inserts.insert(inserts.end(), other.inserts.begin(), other.inserts.end());
    deletes.insert(deletes.end(), other.deletes.begin(), other.deletes.end());
}

QJsonObject Ops::toJson() const
{
    QJsonArray insertArray;
    for (const InsertOp &op : inserts) {
        QJsonObject object{{u"agent"_s, op.agent}, {u"seq"_s, double(op.seq)},
                           {u"text"_s, op.text}};
        if (!op.left.isNull()) {
            object.insert(u"left"_s, op.left.toJson());
        }
        if (!op.right.isNull()) {
            object.insert(u"right"_s, op.right.toJson());
        }
        insertArray.append(object);
    }
    QJsonArray deleteArray;
    for (const DeleteOp &op : deletes) {
        QJsonObject object{{u"agent"_s, op.agent}, {u"seq"_s, double(op.seq)},
                           {u"target"_s, op.target.toJson()}, {u"length"_s, double(op.length)}};
        if (op.reversed) {
            object.insert(u"reversed"_s, true);
        }
        deleteArray.append(object);
    }
    return {{u"inserts"_s, insertArray}, {u"deletes"_s, deleteArray}};
}

std::optional<Ops> Ops::fromJson(const QJsonObject &object, QString *error)
{
    Ops ops;
    const QJsonArray insertArray = object.value(u"inserts"_s).toArray();
    for (qsizetype i = 0; i < insertArray.size(); ++i) {
        const QJsonObject item = insertArray[i].toObject();
        InsertOp op;
        op.agent = item.value(u"agent"_s).toString();
        op.text = item.value(u"text"_s).toString();
        if (op.agent.isEmpty() || op.text.isEmpty() || !readCounter(item[u"seq"_s], &op.seq)
            || !ItemRef::fromJson(item[u"left"_s], &op.left)
            || !ItemRef::fromJson(item[u"right"_s], &op.right)) {
            fail(error, u"inserts[%1] is not a valid insert"_s.arg(i));
            return std::nullopt;
        }
        ops.inserts.push_back(std::move(op));
    }
    const QJsonArray deleteArray = object.value(u"deletes"_s).toArray();
    for (qsizetype i = 0; i < deleteArray.size(); ++i) {
        const QJsonObject item = deleteArray[i].toObject();
        DeleteOp op;
        op.agent = item.value(u"agent"_s).toString();
        op.reversed = item.value(u"reversed"_s).toBool();
        if (op.agent.isEmpty() || !readCounter(item[u"seq"_s], &op.seq)
            || !readCounter(item[u"length"_s], &op.length) || op.length == 0
            || !ItemRef::fromJson(item[u"target"_s], &op.target) || op.target.isNull()) {
            fail(error, u"deletes[%1] is not a valid delete"_s.arg(i));
            return std::nullopt;
        }
        ops.deletes.push_back(std::move(op));
    }
    return ops;
}

QByteArray Ops::toBinary() const
{
    // Agent names first, so that each operation names its agent by a small index.
    AgentTable agents;
    BinaryWriter body;
    body.putVarint(quint64(inserts.size()));
    for (const InsertOp &op : inserts) {
        body.putVarint(agents.indexOf(op.agent));
        body.putVarint(op.seq);
        putRef(body, agents, op.left);
        putRef(body, agents, op.right);
        body.putString(op.text);
    }
    body.putVarint(quint64(deletes.size()));
    for (const DeleteOp &op : deletes) {
        body.putVarint(agents.indexOf(op.agent));
        body.putVarint(op.seq);
        putRef(body, agents, op.target);
        body.putVarint(op.length);
        body.putVarint(op.reversed ? 1 : 0);
    }

    BinaryWriter header;
    header.data().append(BinaryMagic, sizeof BinaryMagic);
    header.putVarint(quint64(agents.names().size()));
    for (const QString &name : agents.names()) {
        header.putString(name);
    }
    return header.data() + body.data();
}

std::optional<Ops> Ops::fromBinary(QByteArrayView data, QString *error)
{
    if (!data.startsWith(QByteArrayView(BinaryMagic, sizeof BinaryMagic))) {
        fail(error, u"not a Firebreak operations batch"_s);
        return std::nullopt;
    }
    BinaryReader reader(data.sliced(sizeof BinaryMagic));
    QStringList agents;
    const quint64 agentCount = reader.varint();
    for (quint64 i = 0; i < agentCount && reader.ok(); ++i) {
        agents.append(reader.string());
    }
    auto agentAt = [&](quint64 index) {
        if (index >= quint64(agents.size())) {
            reader.invalidate();
            return QString();
        }
        return agents[qsizetype(index)];
    };

    Ops ops;
    const quint64 insertCount = reader.varint();
    for (quint64 i = 0; i < insertCount && reader.ok(); ++i) {
        InsertOp op;
        op.agent = agentAt(reader.varint());
        op.seq = reader.counter();
        op.left = readRef(reader, agents);
        op.right = readRef(reader, agents);
        op.text = reader.string();
        ops.inserts.push_back(std::move(op));
    }
    const quint64 deleteCount = reader.varint();
    for (quint64 i = 0; i < deleteCount && reader.ok(); ++i) {
        DeleteOp op;
        op.agent = agentAt(reader.varint());
        op.seq = reader.counter();
        op.target = readRef(reader, agents);
        op.length = reader.counter();
        op.reversed = reader.varint() != 0;
        ops.deletes.push_back(std::move(op));
    }
    if (!reader.ok() || !reader.atEnd()) {
        fail(error, u"truncated or malformed operations batch"_s);
        return std::nullopt;
    }
    return ops;
}

void Version::set(const QString &agent, AgentCounts counts)
{
    if (counts == AgentCounts{}) {
        m_counts.remove(agent);
    } else {
        m_counts.insert(agent, counts);
    }
}

bool Version::includes(const Version &other) const
{
    for (auto it = other.m_counts.cbegin(); it != other.m_counts.cend(); ++it) {
        const AgentCounts mine = counts(it.key());
        if (mine.inserts < it->inserts || mine.deletes < it->deletes) {
            return false;
        }
    }
    return true;
}

void Version::merge(const Version &other)
{
    for (auto it = other.m_counts.cbegin(); it != other.m_counts.cend(); ++it) {
        const AgentCounts mine = counts(it.key());
        set(it.key(), {std::max(mine.inserts, it->inserts), std::max(mine.deletes, it->deletes)});
    }
}

QJsonObject Version::toJson() const
{
    QJsonObject object;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        object.insert(it.key(), QJsonArray{double(it->inserts), double(it->deletes)});
    }
    return object;
}

std::optional<Version> Version::fromJson(const QJsonObject &object)
{
    Version version;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonArray pair = it.value().toArray();
        AgentCounts counts;
        if (it.key().isEmpty() || pair.size() != 2 || !readCounter(pair[0], &counts.inserts)
            || !readCounter(pair[1], &counts.deletes)) {
            return std::nullopt;
        }
        version.set(it.key(), counts);
    }
    return version;
}

} // namespace Firebreak::Collab
