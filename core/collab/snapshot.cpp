// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "textdocument_p.h"

#include <QtEndian>

#include <limits>
#include <type_traits>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

using namespace Detail;

// The snapshot stores these arrays exactly as they sit in memory, as little-endian words, and
// each agent's characters at their stored width: loading is copying and checking.
static_assert(std::is_trivially_copyable_v<Span> && sizeof(Span) == 12);
static_assert(std::is_trivially_copyable_v<InsertRun> && sizeof(InsertRun) == 24);
static_assert(std::is_trivially_copyable_v<DeleteRun> && sizeof(DeleteRun) == 20);
static_assert(std::is_trivially_copyable_v<HistoryEntry> && sizeof(HistoryEntry) == 8);

namespace {

constexpr char Magic[] = {'F', 'B', 'T', 'D'};
constexpr quint32 FormatVersion = 3;

class SnapshotWriter
{
public:
    void word(quint32 value) { words(&value, 1); }
    template<typename T>
    void array(const std::vector<T> &values)
    {
        words(values.data(), qsizetype(values.size() * sizeof(T) / 4));
    }
    void bytes(QByteArrayView data)
    {
        m_data.append(data);
        m_data.append(QByteArray((4 - data.size() % 4) % 4, '\0'));
    }
    QByteArray &data() { return m_data; }

private:
    void words(const void *source, qsizetype count)
    {
        // An empty array's data() may be null, and memcpy from null is undefined even for 0.
        if (count == 0) {
            return;
        }
        const qsizetype at = m_data.size();
        m_data.resize(at + count * 4);
        qToLittleEndian<quint32>(source, count, m_data.data() + at);
    }

    QByteArray m_data;
};

class SnapshotReader
{
public:
    explicit SnapshotReader(QByteArrayView data)
        : m_data(data)
    {
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_position == m_data.size(); }
    quint32 word()
    {
        quint32 value = 0;
        words(&value, 1);
        return value;
    }
    template<typename T>
    void array(std::vector<T> &values, quint32 count)
    {
        constexpr qsizetype perItem = sizeof(T) / 4;
        if (!m_ok || quint64(count) * perItem * 4 > quint64(m_data.size() - m_position)) {
            m_ok = false;
            return;
        }
        values.resize(count);
        words(values.data(), qsizetype(count) * perItem);
    }
    QByteArrayView bytes(quint32 size)
    {
        const quint64 padded = (quint64(size) + 3) / 4 * 4;
        if (!m_ok || padded > quint64(m_data.size() - m_position)) {
            m_ok = false;
            return {};
        }
        const QByteArrayView result = m_data.sliced(m_position, size);
        m_position += qsizetype(padded);
        return result;
    }

private:
    void words(void *target, qsizetype count)
    {
        if (!m_ok || count * 4 > m_data.size() - m_position) {
            m_ok = false;
            return;
        }
        if (count == 0) {
            return; // target may be an empty array's null data()
        }
        qFromLittleEndian<quint32>(m_data.data() + m_position, count, target);
        m_position += count * 4;
    }

    QByteArrayView m_data;
    qsizetype m_position = 0;
    bool m_ok = true;
};

bool validItem(const std::vector<AgentLog> &agents, ItemId id, quint32 length = 1)
{
    return id.agent < agents.size()
        && quint64(id.seq) + length <= agents[id.agent].insertCount();
}

bool validOrigin(const std::vector<AgentLog> &agents, ItemId id)
{
    return id.isNone() || validItem(agents, id);
}

QString checkLogs(const std::vector<AgentLog> &agents)
{
    for (const AgentLog &log : agents) {
        quint64 next = 0;
        for (const InsertRun &run : log.runs) {
            if (run.seq != next || run.length == 0 || !validOrigin(agents, run.left)
                || !validOrigin(agents, run.right)) {
                return u"bad insert run of agent %1"_s.arg(log.name.left(64));
            }
            next += run.length;
        }
        if (next != log.insertCount()) {
            return u"insert runs of agent %1 do not cover its text"_s.arg(log.name.left(64));
        }
        next = 0;
        for (const DeleteRun &run : log.deletes) {
            if (run.seq != next || run.length == 0 || run.reversed > 1
                || !validItem(agents, run.target, run.length)) {
                return u"bad delete run of agent %1"_s.arg(log.name.left(64));
            }
            next += run.length;
        }
        if (next != log.deleteCount) {
            return u"delete runs of agent %1 do not add up"_s.arg(log.name.left(64));
        }
    }
    return {};
}

/// Marks items seen; false when one was seen before.
bool markItems(std::vector<quint64> &bits, quint64 from, quint64 count)
{
    while (count > 0) {
        const quint64 bit = from % 64;
        const quint64 take = std::min<quint64>(64 - bit, count);
        const quint64 mask = (take == 64 ? ~quint64(0) : (quint64(1) << take) - 1) << bit;
        quint64 &word = bits[from / 64];
        if (word & mask) {
            return false;
        }
        word |= mask;
        from += take;
        count -= take;
    }
    return true;
}

QString checkSpans(const std::vector<AgentLog> &agents, const SpanList &list)
{
    // Every item must appear exactly once in the document order.
    std::vector<std::vector<quint64>> seen(agents.size());
    quint64 items = 0;
    for (size_t a = 0; a < agents.size(); ++a) {
        seen[a].resize((agents[a].insertCount() + 63) / 64);
        items += agents[a].insertCount();
    }
    bool valid = true;
    list.forEachSpan([&](const Span &span) {
        valid = valid && span.length() > 0
            && validItem(agents, {span.agent, span.seq}, span.length())
            && markItems(seen[span.agent], span.seq, span.length());
        items -= valid ? span.length() : 0;
    });
    if (!valid) {
        return u"bad span in the document order"_s;
    }
    return items == 0 ? QString() : u"the document order misses characters"_s;
}

QString checkHistory(const std::vector<AgentLog> &agents,
                     const std::vector<HistoryEntry> &history)
{
    std::vector<quint32> next(agents.size(), 0);
    for (const HistoryEntry &entry : history) {
        if (entry.agent >= agents.size() || entry.run != next[entry.agent]) {
            return u"bad history entry"_s;
        }
        ++next[entry.agent];
    }
    for (size_t a = 0; a < agents.size(); ++a) {
        if (next[a] != agents[a].runs.size()) {
            return u"history misses insert runs"_s;
        }
    }
    return {};
}

} // namespace

QByteArray TextDocument::save() const
{
    SnapshotWriter writer;
    writer.data().append(Magic, sizeof Magic);
    const Ops pending = d->pendingOps();
    const QByteArray pendingBytes = pending.isEmpty() ? QByteArray() : pending.toBinary();
    std::vector<Span> spans;
    spans.reserve(d->list.spanCount());
    d->list.forEachSpan([&spans](const Span &span) { spans.push_back(span); });

    for (const quint32 value : {FormatVersion, quint32(d->agents.size()), quint32(spans.size()),
                                quint32(d->history.size()), quint32(pendingBytes.size())}) {
        writer.word(value);
    }
    for (const AgentLog &log : d->agents) {
        const QByteArray name = log.name.toUtf8();
        for (const quint32 value : {quint32(name.size()), log.insertCount(),
                                    quint32(log.content.width()), quint32(log.runs.size()),
                                    quint32(log.deletes.size()), log.deleteCount}) {
            writer.word(value);
        }
        writer.bytes(name);
        writer.bytes(log.content.raw());
        writer.array(log.runs);
        writer.array(log.deletes);
    }
    writer.array(spans);
    writer.array(d->history);
    writer.bytes(pendingBytes);
    return writer.data();
}

std::optional<TextDocument> TextDocument::load(QByteArrayView data, const QString &agent,
                                               QString *error)
{
    auto failed = [error](const QString &reason) {
        if (error) {
            *error = reason;
        }
        return std::nullopt;
    };
    if (!data.startsWith(QByteArrayView(Magic, sizeof Magic))) {
        return failed(u"not a Firebreak text document"_s);
    }
    SnapshotReader reader(data.sliced(sizeof Magic));
    const quint32 format = reader.word();
    if (format != FormatVersion) {
        return failed(u"unsupported text document format %1"_s.arg(format));
    }
    const quint32 agentCount = reader.word();
    const quint32 spanCount = reader.word();
    const quint32 historyCount = reader.word();
    const quint32 pendingSize = reader.word();

    auto d = std::make_unique<TextDocumentPrivate>();
    for (quint32 a = 0; a < agentCount && reader.ok(); ++a) {
        quint32 header[6];
        for (quint32 &value : header) {
            value = reader.word();
        }
        AgentLog log;
        log.name = QString::fromUtf8(reader.bytes(header[0]));
        const QByteArrayView content = reader.bytes(header[1] * std::min(header[2], 4u));
        reader.array(log.runs, header[3]);
        reader.array(log.deletes, header[4]);
        log.deleteCount = header[5];
        if (log.name.isEmpty() || d->agentIndex.contains(log.name)) {
            return failed(u"bad or repeated agent name"_s);
        }
        if (reader.ok() && !log.content.assignRaw(int(header[2]), header[1], content)) {
            return failed(u"bad text of agent %1"_s.arg(log.name.left(64)));
        }
        d->agentIndex.insert(log.name, a);
        d->agents.push_back(std::move(log));
    }
    const QByteArrayView spans = reader.bytes(quint32(std::min<quint64>(
        quint64(spanCount) * sizeof(Span), std::numeric_limits<quint32>::max() - 3)));
    reader.array(d->history, historyCount);
    const QByteArrayView pendingBytes = reader.bytes(pendingSize);
    if (!reader.ok() || !reader.atEnd()) {
        return failed(u"truncated text document"_s);
    }

    d->list.assign(spans.data(), spanCount);
    QString problem = checkLogs(d->agents);
    if (problem.isEmpty()) {
        problem = checkSpans(d->agents, d->list);
    }
    if (problem.isEmpty()) {
        problem = checkHistory(d->agents, d->history);
    }
    if (!problem.isEmpty()) {
        return failed(problem);
    }
    std::optional<Ops> pending;
    if (!pendingBytes.isEmpty()) {
        pending = Ops::fromBinary(pendingBytes, error);
        if (!pending) {
            return std::nullopt;
        }
    }

    d->self = d->agentId(agent.isEmpty() ? newAgentName() : agent);
    TextDocument document(std::move(d));
    if (!pendingBytes.isEmpty()) {
        document.apply(*pending);
    }
    return document;
}

} // namespace Firebreak::Collab
