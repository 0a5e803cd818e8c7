// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <array>
#include <compare>
#include <vector>

namespace Firebreak::Collab::Detail {

inline constexpr quint32 NoAgent = 0xffffffffu;

/// An item (one character) by its agent's index in the document and its insert number.
struct ItemId
{
    quint32 agent = NoAgent;
    quint32 seq = 0;

    bool isNone() const { return agent == NoAgent; }
    friend bool operator==(const ItemId &, const ItemId &) = default;
};

/**
 * Items of one agent with consecutive insert numbers, adjacent in document order and all
 * visible or all deleted (tombstones). The top bit of `lengthAndFlag` marks deletion.
 */
struct Span
{
    quint32 agent = 0;
    quint32 seq = 0;
    quint32 lengthAndFlag = 0;

    static constexpr quint32 DeletedBit = 0x80000000u;

    quint32 length() const { return lengthAndFlag & ~DeletedBit; }
    bool isDeleted() const { return lengthAndFlag & DeletedBit; }
    quint32 visible() const { return isDeleted() ? 0 : length(); }
    void setLength(quint32 length) { lengthAndFlag = (lengthAndFlag & DeletedBit) | length; }
    static Span make(quint32 agent, quint32 seq, quint32 length, bool deleted)
    {
        return {agent, seq, length | (deleted ? DeletedBit : 0u)};
    }
};

/// An item's place: chunk id, span index inside the chunk and offset inside the span.
struct Location
{
    quint32 chunk = 0;
    quint32 index = 0;
    quint32 offset = 0;
    friend bool operator==(const Location &, const Location &) = default;
};

/// Comparable document order of locations, valid until the list changes.
struct OrderKey
{
    quint32 rank = 0;
    quint32 index = 0;
    quint32 offset = 0;
    friend auto operator<=>(const OrderKey &, const OrderKey &) = default;
};

/**
 * The document order of every item ever inserted, tombstones included, run-length compressed
 * into spans. Spans live in fixed-capacity chunks; a Fenwick tree over the chunks' visible
 * counts finds a visible position in O(log chunks), and an optional per-agent table maps each
 * item to its chunk so that remote operations find items by id. The table is built lazily on
 * the first lookup after a load, then kept current.
 *
 * A location that names an item is normalised: its index is below its chunk's span count. The
 * one exception is end(), just after the last item.
 */
class SpanList
{
public:
    static constexpr quint32 Capacity = 64;
    /// Chunks are filled to this many spans when built from a flat list (load).
    static constexpr quint32 BuildFill = 48;

    SpanList();

    quint64 visibleLength() const { return m_visibleTotal; }
    quint64 spanCount() const;
    quint32 chunkCount() const { return quint32(m_order.size()); }
    quint64 memoryUsage() const;

    Location begin() const;
    Location end() const;
    bool isEnd(const Location &location) const;
    Location next(const Location &location) const;
    /// The item before `location`, or false at the start of the document.
    bool previous(const Location &location, Location *result) const;
    /// Moves `location` forward by `count` items inside its span (count must fit), normalised.
    Location advanceInSpan(const Location &location, quint32 count) const;

    const Span &spanAt(const Location &location) const;
    ItemId itemAt(const Location &location) const;
    OrderKey keyOf(const Location &location) const;
    /// Visible items before `location`.
    quint64 visibleBefore(const Location &location) const;
    /// The visible item with this visible index, or end() when `position` is the length.
    Location visibleAt(quint64 position) const;
    /// The item with this id; it must exist.
    Location locate(ItemId id);

    /// Inserts new items (ids never seen before) at `at`; returns where they landed.
    Location insert(Location at, Span span);
    /**
     * Deletes up to `maxCount` visible items of the span at `at`, starting at its offset. Returns
     * how many were deleted and their first id in `first`.
     */
    quint32 markDeleted(Location at, quint32 maxCount, ItemId *first);

    /// Visits every span in document order: `visit(const Span &)`.
    template<typename Visit>
    void forEachSpan(Visit visit) const
    {
        for (const quint32 chunk : m_order) {
            const Chunk &c = m_chunks[chunk];
            for (quint32 i = 0; i < c.count; ++i) {
                visit(c.spans[i]);
            }
        }
    }
    /// Replaces the content with `count` spans stored as little-endian words (3 per span), in
    /// document order; ids are not checked here.
    void assign(const char *littleEndianSpans, quint32 count);

private:
    struct Chunk
    {
        quint32 count = 0;
        quint32 visible = 0;
        std::array<Span, Capacity> spans;
    };

    Location normalised(Location location) const;
    void ensureRoom(Location &at, quint32 needed);
    void splitChunk(quint32 chunk, Location &at);
    /// Replaces `removed` spans at `at.index` of its chunk with `count` pieces.
    void splice(Location at, quint32 removed, const Span *pieces, quint32 count);
    void mergeAround(quint32 chunk, quint32 index);
    void addVisible(quint32 chunk, qint64 delta);

    void rebuildRanks(quint32 fromRank);
    void rebuildTree();
    quint64 prefix(quint32 rank) const;

    void ensureIndex();
    void indexSpan(const Span &span, quint32 chunk);

    std::vector<Chunk> m_chunks;
    std::vector<quint32> m_order; // chunk ids in document order
    std::vector<quint32> m_rank;  // chunk id -> position in m_order
    std::vector<quint64> m_tree;  // Fenwick tree of visible counts by rank, 1-based
    std::vector<std::vector<quint32>> m_chunkOf; // agent -> item seq -> chunk id
    quint64 m_visibleTotal = 0;
    bool m_indexed = true;
};

} // namespace Firebreak::Collab::Detail
