// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "textdocument_p.h"

#include <algorithm>
#include <limits>

namespace Firebreak::Collab {

using namespace Detail;

namespace {

constexpr quint32 MaxRunLength = 1u << 24;
constexpr OrderKey StartKey{0, 0, 0};
constexpr OrderKey EndKey{std::numeric_limits<quint32>::max(), std::numeric_limits<quint32>::max(),
                          std::numeric_limits<quint32>::max()};

} // namespace

void TextDocumentPrivate::offer(const InsertOp &op, ApplyResult &result)
{
    ready.inserts.push_back(op);
    drainReady(result);
}

void TextDocumentPrivate::offer(const DeleteOp &op, ApplyResult &result)
{
    ready.deletes.push_back(op);
    drainReady(result);
}

void TextDocumentPrivate::drainReady(ApplyResult &result)
{
    // Applying an operation may wake buffered ones (wake() moves them here).
    while (!ready.inserts.empty() || !ready.deletes.empty()) {
        WaitKey missing;
        Outcome outcome;
        if (!ready.inserts.empty()) {
            const InsertOp op = std::move(ready.inserts.back());
            ready.inserts.pop_back();
            outcome = applyInsert(op, result, &missing);
            if (outcome == Outcome::Missing) {
                pending[missing].inserts.push_back(op);
            }
        } else {
            const DeleteOp op = std::move(ready.deletes.back());
            ready.deletes.pop_back();
            outcome = applyDelete(op, result, &missing);
            if (outcome == Outcome::Missing) {
                pending[missing].deletes.push_back(op);
            }
        }
        pendingSize += outcome == Outcome::Missing ? 1 : 0;
        result.rejected += outcome == Outcome::Rejected ? 1 : 0;
    }
}

void TextDocumentPrivate::wake(WaitKey from, quint32 count)
{
    // Everything waiting for one of `count` numbers from `from` may go now.
    auto it = pending.lower_bound(from);
    while (it != pending.end() && it->first.agent == from.agent
           && it->first.isDelete == from.isDelete && it->first.seq - from.seq < count) {
        Waiting &waiting = it->second;
        pendingSize -= qsizetype(waiting.inserts.size() + waiting.deletes.size());
        ready.inserts.insert(ready.inserts.end(), waiting.inserts.begin(), waiting.inserts.end());
        ready.deletes.insert(ready.deletes.end(), waiting.deletes.begin(), waiting.deletes.end());
        it = pending.erase(it);
    }
}

Ops TextDocumentPrivate::pendingOps() const
{
    Ops ops;
    for (const auto &[key, waiting] : pending) {
        ops.inserts.insert(ops.inserts.end(), waiting.inserts.begin(), waiting.inserts.end());
        ops.deletes.insert(ops.deletes.end(), waiting.deletes.begin(), waiting.deletes.end());
    }
    return ops;
}

TextDocumentPrivate::Outcome TextDocumentPrivate::applyInsert(const InsertOp &op,
                                                              ApplyResult &result,
                                                              WaitKey *missing)
{
    std::vector<char32_t> chars;
    const quint32 length = appendCodePoints(op.text, chars);
    if (op.agent.isEmpty() || length == 0 || length > MaxRunLength
        || quint64(op.seq) + length > std::numeric_limits<quint32>::max()) {
        qCWarning(lcCollab) << "dropping a malformed insert of agent" << op.agent.left(64);
        return Outcome::Rejected;
    }
    const quint32 agent = agentId(op.agent);
    const quint32 have = agents[agent].insertCount();
    if (op.seq + length <= have) {
        return Outcome::Duplicate;
    }
    if (op.seq > have) {
        *missing = {agent, false, op.seq - 1};
        return Outcome::Missing;
    }
    if (agent == self) {
        qCWarning(lcCollab) << "dropping an insert made under this replica's own agent name"
                            << op.agent.left(64);
        return Outcome::Rejected;
    }

    // Part of the run may be known already: what remains starts after the last known item.
    const quint32 skip = have - op.seq;
    ItemId left{agent, have - 1};
    ItemId right;
    if (skip == 0 && !resolve(op.left, &left)) {
        *missing = {agentId(op.left.agent), false, op.left.seq};
        return Outcome::Missing;
    }
    if (!resolve(op.right, &right)) {
        *missing = {agentId(op.right.agent), false, op.right.seq};
        return Outcome::Missing;
    }
    AgentLog &log = agents[agent];
    log.content.append(chars.data() + skip, length - skip);
    appendRun(agent, have, length - skip, left, right);
    const Location at = integrate(agent, have, length - skip, left, right);

    const QString inserted = skip == 0
        ? op.text
        : QString::fromUcs4(chars.data() + skip, qsizetype(length - skip));
    result.changes.push_back({qsizetype(list.visibleBefore(at)), 0, inserted});
    result.applied += length - skip;
    wake({agent, false, have}, length - skip);
    return Outcome::Applied;
}

TextDocumentPrivate::Outcome TextDocumentPrivate::applyDelete(const DeleteOp &op,
                                                              ApplyResult &result,
                                                              WaitKey *missing)
{
    if (op.agent.isEmpty() || op.target.isNull() || op.length == 0
        || op.length > MaxRunLength
        || quint64(op.seq) + op.length > std::numeric_limits<quint32>::max()
        || quint64(op.target.seq) + op.length > std::numeric_limits<quint32>::max()) {
        qCWarning(lcCollab) << "dropping a malformed delete of agent" << op.agent.left(64);
        return Outcome::Rejected;
    }
    const quint32 agent = agentId(op.agent);
    const quint32 have = agents[agent].deleteCount;
    if (op.seq + op.length <= have) {
        return Outcome::Duplicate;
    }
    if (op.seq > have) {
        *missing = {agent, true, op.seq - 1};
        return Outcome::Missing;
    }

    // Skip the deletions already known; a reversed run removes its highest targets first.
    const quint32 skip = have - op.seq;
    const quint32 length = op.length - skip;
    ItemId target;
    const ItemRef first{op.target.agent, op.target.seq + (op.reversed ? 0 : skip)};
    if (!resolve({first.agent, first.seq + length - 1}, &target)) {
        *missing = {agentId(first.agent), false, first.seq + length - 1};
        return Outcome::Missing;
    }
    target.seq = first.seq;
    if (agent == self) {
        qCWarning(lcCollab) << "dropping a delete made under this replica's own agent name";
        return Outcome::Rejected;
    }

    IdRange range{target.agent, target.seq, length};
    while (range.length > 0) {
        const Location at = list.locate({range.agent, range.seq});
        const Span span = list.spanAt(at);
        const quint32 count = std::min(range.length, span.length() - at.offset);
        if (!span.isDeleted()) {
            const auto position = qsizetype(list.visibleBefore(at));
            ItemId deleted;
            list.markDeleted(at, count, &deleted);
            result.changes.push_back({position, qsizetype(count), {}});
        }
        range.seq += count;
        range.length -= count;
    }
    appendDelete(agent, target, length, op.reversed);
    result.applied += length;
    wake({agent, true, have}, length);
    return Outcome::Applied;
}

OrderKey TextDocumentPrivate::keyOfItem(ItemId id, OrderKey none)
{
    return id.isNone() ? none : list.keyOf(list.locate(id));
}

Location TextDocumentPrivate::integrate(quint32 agent, quint32 seq, quint32 length, ItemId left,
                                        ItemId right)
{
    // Scan the items between the origins for the place of the new run (the FugueMax rule,
    // docs/collab.md): concurrent inserts at one place never interleave, and ties between
    // siblings go by agent name.
    const OrderKey leftKey = keyOfItem(left, StartKey);
    const OrderKey rightKey = keyOfItem(right, EndKey);
    Location cursor = left.isNone() ? list.begin() : list.next(list.locate(left));
    Location destination = cursor;
    bool scanning = false;
    while (true) {
        if (!scanning) {
            destination = cursor;
        }
        if (list.isEnd(cursor) || list.keyOf(cursor) == rightKey) {
            break;
        }
        const ItemId other = list.itemAt(cursor);
        const InsertRun &run = agents[other.agent].runFor(other.seq);
        const bool chained = other.seq > run.seq;
        const OrderKey otherLeft = chained ? keyOfItem({other.agent, other.seq - 1}, StartKey)
                                           : keyOfItem(run.left, StartKey);
        if (otherLeft < leftKey) {
            break;
        }
        if (otherLeft == leftKey) {
            const OrderKey otherRight = keyOfItem(run.right, EndKey);
            if (otherRight == rightKey) {
                if (agents[agent].name < agents[other.agent].name) {
                    break;
                }
                scanning = false;
            } else {
                scanning = otherRight < rightKey;
            }
        }

        // The rest of this run inside the span hangs off the item just scanned: skip it.
        const Span &span = list.spanAt(cursor);
        quint32 skip = std::min(span.length() - cursor.offset - 1,
                                run.seq + run.length - 1 - other.seq);
        if (right.agent == other.agent && right.seq > other.seq && right.seq <= other.seq + skip) {
            skip = right.seq - other.seq - 1;
        }
        cursor = list.advanceInSpan(cursor, 1 + skip);
    }
    return list.insert(destination, Span::make(agent, seq, length, false));
}

Ops TextDocumentPrivate::opsSince(const Version &version) const
{
    Ops ops;
    std::vector<quint32> from(agents.size());
    std::vector<quint32> fromDeletes(agents.size());
    qsizetype agentsWithInserts = 0;
    quint32 onlyAgent = 0;
    for (quint32 a = 0; a < agents.size(); ++a) {
        const AgentCounts counts = version.counts(agents[a].name);
        from[a] = counts.inserts;
        fromDeletes[a] = counts.deletes;
        if (from[a] < agents[a].insertCount()) {
            ++agentsWithInserts;
            onlyAgent = a;
        }
    }

    auto emitRun = [&](quint32 a, const InsertRun &run) {
        const quint32 end = run.seq + run.length;
        if (end <= from[a]) {
            return;
        }
        const quint32 start = std::max(run.seq, from[a]);
        const ItemId left = start > run.seq ? ItemId{a, start - 1} : run.left;
        ops.inserts.push_back({agents[a].name, start, refOf(left), refOf(run.right),
                               agents[a].content.toString(start, end - start)});
    };
    if (agentsWithInserts == 1) {
        const AgentLog &log = agents[onlyAgent];
        auto it = std::upper_bound(log.runs.begin(), log.runs.end(), from[onlyAgent],
                                   [](quint32 value, const InsertRun &run) {
                                       return value < run.seq;
                                   });
        for (it = it == log.runs.begin() ? it : it - 1; it != log.runs.end(); ++it) {
            emitRun(onlyAgent, *it);
        }
    } else if (agentsWithInserts > 1) {
        for (const HistoryEntry &entry : history) {
            emitRun(entry.agent, agents[entry.agent].runs[entry.run]);
        }
    }

    for (quint32 a = 0; a < agents.size(); ++a) {
        const std::vector<DeleteRun> &runs = agents[a].deletes;
        auto it = std::upper_bound(runs.begin(), runs.end(), fromDeletes[a],
                                   [](quint32 value, const DeleteRun &run) {
                                       return value < run.seq;
                                   });
        for (it = it == runs.begin() ? it : it - 1; it != runs.end(); ++it) {
            const DeleteRun &run = *it;
            if (run.seq + run.length <= fromDeletes[a]) {
                continue;
            }
            const quint32 skip = fromDeletes[a] > run.seq ? fromDeletes[a] - run.seq : 0;
            const quint32 targetSeq = run.target.seq + (run.reversed ? 0 : skip);
            ops.deletes.push_back({agents[a].name, run.seq + skip,
                                   refOf({run.target.agent, targetSeq}), run.length - skip,
                                   run.reversed != 0});
        }
    }
    return ops;
}

} // namespace Firebreak::Collab
