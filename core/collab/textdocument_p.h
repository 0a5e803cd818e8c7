// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/charstore.h"
#include "collab/spanlist.h"
#include "collab/textdocument.h"

#include <QHash>
#include <QLoggingCategory>

#include <map>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcCollab)

namespace Firebreak::Collab {

namespace Detail {

/// Inserts `seq` … `seq + length - 1` of one agent: the first between `left` and `right`,
/// each following one right after its predecessor. Stored as is in snapshots (6 × u32).
struct InsertRun
{
    quint32 seq = 0;
    quint32 length = 0;
    ItemId left;
    ItemId right;
};

/// Deletes `seq` … of one agent, removing `target` … `target + length - 1` (5 × u32).
struct DeleteRun
{
    quint32 seq = 0;
    quint32 length = 0;
    ItemId target;
    quint32 reversed = 0;
};

/// An insert run in the order it was first integrated: exports replay this order.
struct HistoryEntry
{
    quint32 agent = 0;
    quint32 run = 0;
};

/// Everything known about one agent: the characters it typed and its operation logs.
struct AgentLog
{
    QString name;
    CharStore content; // indexed by insert seq, deleted characters included
    std::vector<InsertRun> runs;   // contiguous, covering every insert seq
    std::vector<DeleteRun> deletes; // contiguous, covering every delete seq
    quint32 deleteCount = 0;

    quint32 insertCount() const { return content.size(); }
    const InsertRun &runFor(quint32 seq) const;
};

/// Ids seq … seq + length - 1 of one agent.
struct IdRange
{
    quint32 agent = 0;
    quint32 seq = 0;
    quint32 length = 0;
};

struct UndoGroup
{
    std::vector<IdRange> inserted;
    std::vector<IdRange> deleted;
    qint64 lastEditMs = 0;
};

struct UndoState
{
    bool enabled = false;
    bool stopped = false;
    bool replaying = false;
    int captureMs = 500;
    std::vector<UndoGroup> undoStack;
    std::vector<UndoGroup> redoStack;
    /// Restored characters: (agent, first seq) of a restored range -> (length, own new seq).
    std::map<std::pair<quint32, quint32>, std::pair<quint32, quint32>> restored;
};

void appendRange(std::vector<IdRange> &ranges, IdRange range);

/// What a buffered operation waits for: an agent's insert (item) or delete with this number.
struct WaitKey
{
    quint32 agent = 0;
    bool isDelete = false;
    quint32 seq = 0;
    friend auto operator<=>(const WaitKey &, const WaitKey &) = default;
};

struct Waiting
{
    std::vector<InsertOp> inserts;
    std::vector<DeleteOp> deletes;
};

} // namespace Detail

class TextDocumentPrivate
{
public:
    using Location = Detail::Location;
    using ItemId = Detail::ItemId;

    enum class Outcome { Applied, Duplicate, Missing, Rejected };

    /// No agents at all; load() fills it.
    TextDocumentPrivate() = default;
    explicit TextDocumentPrivate(const QString &agentName);

    quint32 agentId(const QString &name);
    bool resolve(const ItemRef &ref, ItemId *id) const;
    ItemRef refOf(ItemId id) const;

    // Local editing (textdocument.cpp).
    /// Links this agent's characters seq … seq + count - 1, already in its content log, at `at`.
    Location insertLocal(Location at, quint32 seq, quint32 count);
    void appendRun(quint32 agent, quint32 seq, quint32 length, ItemId left, ItemId right);
    void appendDelete(quint32 agent, ItemId target, quint32 length, bool reversed);
    /// Deletes the visible ones of the given items as this agent; calls `deleted(first, k,
    /// position)` for each piece removed.
    template<typename Deleted>
    void deleteItems(Detail::IdRange range, Deleted deleted);

    // Remote operations (remote.cpp).
    Outcome applyInsert(const InsertOp &op, ApplyResult &result, Detail::WaitKey *missing);
    Outcome applyDelete(const DeleteOp &op, ApplyResult &result, Detail::WaitKey *missing);
    /// Applies or parks an operation, then retries whatever its application released.
    void offer(const InsertOp &op, ApplyResult &result);
    void offer(const DeleteOp &op, ApplyResult &result);
    void drainReady(ApplyResult &result);
    void wake(Detail::WaitKey from, quint32 count);
    Ops pendingOps() const;
    Location integrate(quint32 agent, quint32 seq, quint32 length, ItemId left, ItemId right);
    Detail::OrderKey keyOfItem(ItemId id, Detail::OrderKey none);
    Ops opsSince(const Version &version) const;

    // Undo (undo.cpp).
    void recordInsert(quint32 seq, quint32 length);
    void recordDelete(ItemId first, quint32 length);
    std::vector<TextChange> replayUndo(std::vector<Detail::UndoGroup> &from,
                                       std::vector<Detail::UndoGroup> &to);
    void resolveRestored(Detail::IdRange range, std::vector<Detail::IdRange> &out) const;
    void restore(Detail::IdRange range, Detail::UndoGroup &inverse,
                 std::vector<TextChange> &changes);

    std::vector<Detail::AgentLog> agents;
    QHash<QString, quint32> agentIndex;
    quint32 self = 0;
    Detail::SpanList list;
    std::vector<Detail::HistoryEntry> history;
    /// Operations waiting for a missing dependency, by the dependency they wait for.
    std::map<Detail::WaitKey, Detail::Waiting> pending;
    qsizetype pendingSize = 0;
    Detail::Waiting ready;
    Detail::UndoState undo;
    std::vector<char32_t> scratch; // decoded text of the edit at hand
};

template<typename Deleted>
void TextDocumentPrivate::deleteItems(Detail::IdRange range, Deleted deleted)
{
    while (range.length > 0) {
        const Location at = list.locate({range.agent, range.seq});
        const Detail::Span span = list.spanAt(at);
        const quint32 count = std::min(range.length, span.length() - at.offset);
        if (!span.isDeleted()) {
            const quint64 position = list.visibleBefore(at);
            ItemId first;
            list.markDeleted(at, count, &first);
            appendDelete(self, first, count, false);
            deleted(first, count, position);
        }
        range.seq += count;
        range.length -= count;
    }
}

/// Appends the code points of `text` to `out`; returns how many.
quint32 appendCodePoints(QStringView text, std::vector<char32_t> &out);

} // namespace Firebreak::Collab
