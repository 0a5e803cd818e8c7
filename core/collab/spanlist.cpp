// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "spanlist.h"

#include <QtEndian>

#include <algorithm>
#include <bit>

namespace Firebreak::Collab::Detail {

namespace {

bool canAppend(const Span &before, const Span &after)
{
    return before.agent == after.agent && before.seq + before.length() == after.seq
        && before.isDeleted() == after.isDeleted()
        && quint64(before.length()) + after.length() < Span::DeletedBit;
}

} // namespace

SpanList::SpanList()
{
    m_chunks.emplace_back();
    m_order = {0};
    m_rank = {0};
    rebuildTree();
}

quint64 SpanList::spanCount() const
{
    quint64 count = 0;
    for (const quint32 chunk : m_order) {
        count += m_chunks[chunk].count;
    }
    return count;
}

quint64 SpanList::memoryUsage() const
{
    quint64 bytes = m_chunks.capacity() * sizeof(Chunk)
        + (m_order.capacity() + m_rank.capacity()) * sizeof(quint32)
        + m_tree.capacity() * sizeof(quint64);
    for (const auto &table : m_chunkOf) {
        bytes += table.capacity() * sizeof(quint32) + sizeof(table);
    }
    return bytes;
}

Location SpanList::begin() const
{
    return normalised({m_order.front(), 0, 0});
}

Location SpanList::end() const
{
    const quint32 last = m_order.back();
    return {last, m_chunks[last].count, 0};
}

bool SpanList::isEnd(const Location &location) const
{
    return location.index >= m_chunks[location.chunk].count;
}

Location SpanList::normalised(Location location) const
{
    while (true) {
        const Chunk &chunk = m_chunks[location.chunk];
        if (location.index < chunk.count) {
            if (location.offset < chunk.spans[location.index].length()) {
                return location;
            }
            location = {location.chunk, location.index + 1, 0};
            continue;
        }
        const quint32 rank = m_rank[location.chunk];
        if (rank + 1 >= m_order.size()) {
            return end();
        }
        location = {m_order[rank + 1], 0, 0};
    }
}

Location SpanList::next(const Location &location) const
{
    return advanceInSpan(location, 1);
}

Location SpanList::advanceInSpan(const Location &location, quint32 count) const
{
    return normalised({location.chunk, location.index, location.offset + count});
}

bool SpanList::previous(const Location &location, Location *result) const
{
    if (location.offset > 0) {
        *result = {location.chunk, location.index, location.offset - 1};
        return true;
    }
    quint32 chunk = location.chunk;
    quint32 index = location.index;
    while (index == 0) {
        const quint32 rank = m_rank[chunk];
        if (rank == 0) {
            return false;
        }
        chunk = m_order[rank - 1];
        index = m_chunks[chunk].count;
    }
    const Span &span = m_chunks[chunk].spans[index - 1];
    *result = {chunk, index - 1, span.length() - 1};
    return true;
}

const Span &SpanList::spanAt(const Location &location) const
{
    return m_chunks[location.chunk].spans[location.index];
}

ItemId SpanList::itemAt(const Location &location) const
{
    const Span &span = spanAt(location);
    return {span.agent, span.seq + location.offset};
}

OrderKey SpanList::keyOf(const Location &location) const
{
    // Rank 0 is left free for "before the first item".
    return {m_rank[location.chunk] + 1, location.index, location.offset};
}

quint64 SpanList::visibleBefore(const Location &location) const
{
    const Chunk &chunk = m_chunks[location.chunk];
    quint64 count = prefix(m_rank[location.chunk]);
    for (quint32 i = 0; i < location.index && i < chunk.count; ++i) {
        count += chunk.spans[i].visible();
    }
    if (location.index < chunk.count && !chunk.spans[location.index].isDeleted()) {
        count += location.offset;
    }
    return count;
}

Location SpanList::visibleAt(quint64 position) const
{
    if (position >= m_visibleTotal) {
        return end();
    }

    // Descend the Fenwick tree to the chunk holding the position.
    const quint32 size = quint32(m_order.size());
    quint32 rank = 0;
    quint64 remaining = position;
    for (quint32 step = std::bit_floor(size); step > 0; step >>= 1) {
        if (rank + step <= size && m_tree[rank + step] <= remaining) {
            rank += step;
            remaining -= m_tree[rank];
        }
    }

    const quint32 chunkId = m_order[rank];
    const Chunk &chunk = m_chunks[chunkId];
    for (quint32 i = 0; i < chunk.count; ++i) {
        const quint32 visible = chunk.spans[i].visible();
        if (remaining < visible) {
            return {chunkId, i, quint32(remaining)};
        }
        remaining -= visible;
    }
    Q_ASSERT_X(false, "SpanList::visibleAt", "visible counts out of step");
    return end();
}

Location SpanList::locate(ItemId id)
{
    ensureIndex();
    Q_ASSERT(id.agent < m_chunkOf.size() && id.seq < m_chunkOf[id.agent].size());
    const quint32 chunkId = m_chunkOf[id.agent][id.seq];
    const Chunk &chunk = m_chunks[chunkId];
    for (quint32 i = 0; i < chunk.count; ++i) {
        const Span &span = chunk.spans[i];
        if (span.agent == id.agent && id.seq >= span.seq && id.seq - span.seq < span.length()) {
            return {chunkId, i, id.seq - span.seq};
        }
    }
    Q_ASSERT_X(false, "SpanList::locate", "item not in its indexed chunk");
    return end();
}

Location SpanList::insert(Location at, Span span)
{
    // Typing: the new items continue the span just before them.
    if (at.offset == 0 && at.index > 0) {
        Span &before = m_chunks[at.chunk].spans[at.index - 1];
        if (canAppend(before, span)) {
            const quint32 offset = before.length();
            before.setLength(offset + span.length());
            addVisible(at.chunk, span.visible());
            indexSpan(span, at.chunk);
            return {at.chunk, at.index - 1, offset};
        }
    }

    ensureRoom(at, 2);
    if (at.offset > 0) {
        const Span whole = spanAt(at);
        const Span pieces[] = {Span::make(whole.agent, whole.seq, at.offset, whole.isDeleted()),
                               Span::make(whole.agent, whole.seq + at.offset,
                                          whole.length() - at.offset, whole.isDeleted())};
        splice(at, 1, pieces, 2);
        at = {at.chunk, at.index + 1, 0};
    }
    splice(at, 0, &span, 1);
    addVisible(at.chunk, span.visible());
    indexSpan(span, at.chunk);
    return {at.chunk, at.index, 0};
}

quint32 SpanList::markDeleted(Location at, quint32 maxCount, ItemId *first)
{
    const Span whole = spanAt(at);
    Q_ASSERT(!whole.isDeleted());
    const quint32 count = std::min(maxCount, whole.length() - at.offset);
    *first = {whole.agent, whole.seq + at.offset};

    Span pieces[3];
    quint32 pieceCount = 0;
    if (at.offset > 0) {
        pieces[pieceCount++] = Span::make(whole.agent, whole.seq, at.offset, false);
    }
    const quint32 deletedIndex = pieceCount;
    pieces[pieceCount++] = Span::make(whole.agent, whole.seq + at.offset, count, true);
    const quint32 rest = whole.length() - at.offset - count;
    if (rest > 0) {
        pieces[pieceCount++] = Span::make(whole.agent, whole.seq + at.offset + count, rest, false);
    }

    ensureRoom(at, pieceCount - 1);
    splice(at, 1, pieces, pieceCount);
    addVisible(at.chunk, -qint64(count));
    mergeAround(at.chunk, at.index + deletedIndex);
    return count;
}

void SpanList::assign(const char *littleEndianSpans, quint32 count)
{
    m_chunks.clear();
    m_order.clear();
    m_chunkOf.clear();
    const quint32 chunkCount = std::max(1u, (count + BuildFill - 1) / BuildFill);
    m_chunks.resize(chunkCount);
    m_visibleTotal = 0;
    for (quint32 i = 0; i < chunkCount; ++i) {
        Chunk &chunk = m_chunks[i];
        chunk.count = std::min(BuildFill, count - std::min(count, i * BuildFill));
        qFromLittleEndian<quint32>(littleEndianSpans + size_t(i) * BuildFill * sizeof(Span),
                                   chunk.count * 3, chunk.spans.data());
        for (quint32 s = 0; s < chunk.count; ++s) {
            chunk.visible += chunk.spans[s].visible();
        }
        m_visibleTotal += chunk.visible;
        m_order.push_back(i);
    }
    m_rank = m_order;
    rebuildTree();
    m_indexed = false;
}

void SpanList::ensureRoom(Location &at, quint32 needed)
{
    if (m_chunks[at.chunk].count + needed > Capacity) {
        splitChunk(at.chunk, at);
    }
}

void SpanList::splitChunk(quint32 chunkId, Location &at)
{
    // The half holding fewer items gets the new chunk id, so fewer index entries change.
    const quint32 half = m_chunks[chunkId].count / 2;
    quint64 lowerItems = 0;
    quint64 upperItems = 0;
    for (quint32 i = 0; i < m_chunks[chunkId].count; ++i) {
        (i < half ? lowerItems : upperItems) += m_chunks[chunkId].spans[i].length();
    }
    const bool moveUpper = upperItems <= lowerItems;
    const auto newId = quint32(m_chunks.size());
    m_chunks.emplace_back();
    Chunk &source = m_chunks[chunkId];
    Chunk &target = m_chunks[newId];
    const quint32 rank = m_rank[chunkId];

    if (moveUpper) {
        std::copy(source.spans.begin() + half, source.spans.begin() + source.count,
                  target.spans.begin());
        target.count = source.count - half;
        source.count = half;
        m_order.insert(m_order.begin() + rank + 1, newId);
        if (at.chunk == chunkId && at.index >= half) {
            at = {newId, at.index - half, at.offset};
        }
    } else {
        std::copy(source.spans.begin(), source.spans.begin() + half, target.spans.begin());
        std::copy(source.spans.begin() + half, source.spans.begin() + source.count,
                  source.spans.begin());
        target.count = half;
        source.count -= half;
        m_order.insert(m_order.begin() + rank, newId);
        if (at.chunk == chunkId) {
            at = at.index < half ? Location{newId, at.index, at.offset}
                                 : Location{chunkId, at.index - half, at.offset};
        }
    }

    for (Chunk *chunk : {&source, &target}) {
        chunk->visible = 0;
        for (quint32 i = 0; i < chunk->count; ++i) {
            chunk->visible += chunk->spans[i].visible();
        }
    }
    for (quint32 i = 0; i < target.count; ++i) {
        indexSpan(target.spans[i], newId);
    }
    m_rank.push_back(0);
    rebuildRanks(rank);
    rebuildTree();
}

void SpanList::splice(Location at, quint32 removed, const Span *pieces, quint32 count)
{
    Chunk &chunk = m_chunks[at.chunk];
    Q_ASSERT(chunk.count - removed + count <= Capacity);
    auto *spans = chunk.spans.data();
    const quint32 tail = chunk.count - at.index - removed;
    std::copy_backward(spans + at.index + removed, spans + at.index + removed + tail,
                       spans + at.index + count + tail);
    std::copy(pieces, pieces + count, spans + at.index);
    chunk.count = chunk.count - removed + count;
}

void SpanList::mergeAround(quint32 chunkId, quint32 index)
{
    Chunk &chunk = m_chunks[chunkId];
    auto removeAt = [&chunk](quint32 i) {
        std::copy(chunk.spans.begin() + i + 1, chunk.spans.begin() + chunk.count,
                  chunk.spans.begin() + i);
        --chunk.count;
    };
    if (index + 1 < chunk.count && canAppend(chunk.spans[index], chunk.spans[index + 1])) {
        Span &span = chunk.spans[index];
        span.setLength(span.length() + chunk.spans[index + 1].length());
        removeAt(index + 1);
    }
    if (index > 0 && canAppend(chunk.spans[index - 1], chunk.spans[index])) {
        Span &span = chunk.spans[index - 1];
        span.setLength(span.length() + chunk.spans[index].length());
        removeAt(index);
    }
}

void SpanList::addVisible(quint32 chunkId, qint64 delta)
{
    m_chunks[chunkId].visible = quint32(qint64(m_chunks[chunkId].visible) + delta);
    m_visibleTotal = quint64(qint64(m_visibleTotal) + delta);
    const auto size = quint32(m_order.size());
    for (quint32 i = m_rank[chunkId] + 1; i <= size; i += i & (~i + 1)) {
        m_tree[i] = quint64(qint64(m_tree[i]) + delta);
    }
}

void SpanList::rebuildRanks(quint32 fromRank)
{
    for (auto rank = quint32(fromRank); rank < m_order.size(); ++rank) {
        m_rank[m_order[rank]] = rank;
    }
}

void SpanList::rebuildTree()
{
    const auto size = quint32(m_order.size());
    m_tree.assign(size + 1, 0);
    for (quint32 i = 1; i <= size; ++i) {
        m_tree[i] += m_chunks[m_order[i - 1]].visible;
        const quint32 parent = i + (i & (~i + 1));
        if (parent <= size) {
            m_tree[parent] += m_tree[i];
        }
    }
}

quint64 SpanList::prefix(quint32 rank) const
{
    quint64 sum = 0;
    for (quint32 i = rank; i > 0; i -= i & (~i + 1)) {
        sum += m_tree[i];
    }
    return sum;
}

void SpanList::ensureIndex()
{
    if (m_indexed) {
        return;
    }
    m_indexed = true;
    for (const quint32 chunk : m_order) {
        for (quint32 i = 0; i < m_chunks[chunk].count; ++i) {
            indexSpan(m_chunks[chunk].spans[i], chunk);
        }
    }
}

void SpanList::indexSpan(const Span &span, quint32 chunk)
{
    if (!m_indexed) {
        return;
    }
    if (span.agent >= m_chunkOf.size()) {
        m_chunkOf.resize(span.agent + 1);
    }
    std::vector<quint32> &table = m_chunkOf[span.agent];
    const quint64 end = quint64(span.seq) + span.length();
    if (table.size() < end) {
        table.resize(end);
    }
    std::fill(table.begin() + span.seq, table.begin() + qsizetype(end), chunk);
}

} // namespace Firebreak::Collab::Detail
