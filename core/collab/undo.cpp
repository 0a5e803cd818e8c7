// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "textdocument_p.h"

#include <algorithm>
#include <chrono>

namespace Firebreak::Collab {

using namespace Detail;

namespace {

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

UndoGroup &openGroup(UndoState &state)
{
    const qint64 now = nowMs();
    if (state.undoStack.empty() || state.stopped
        || now - state.undoStack.back().lastEditMs > state.captureMs) {
        state.undoStack.emplace_back();
    }
    state.stopped = false;
    state.redoStack.clear();
    state.undoStack.back().lastEditMs = now;
    return state.undoStack.back();
}

/// The parts of `range` outside `sorted` (ranges ordered by agent and seq, not overlapping).
std::vector<IdRange> subtract(IdRange range, const std::vector<IdRange> &sorted)
{
    std::vector<IdRange> parts;
    auto it = std::lower_bound(sorted.begin(), sorted.end(), range,
                               [](const IdRange &a, const IdRange &b) {
                                   return std::pair(a.agent, a.seq + a.length)
                                       <= std::pair(b.agent, b.seq);
                               });
    for (; it != sorted.end() && it->agent == range.agent && range.length > 0; ++it) {
        if (it->seq >= range.seq + range.length) {
            break;
        }
        if (it->seq > range.seq) {
            parts.push_back({range.agent, range.seq, it->seq - range.seq});
        }
        const quint32 end = std::max(range.seq, std::min(range.seq + range.length,
                                                         it->seq + it->length));
        range.length -= end - range.seq;
        range.seq = end;
    }
    if (range.length > 0) {
        parts.push_back(range);
    }
    return parts;
}

} // namespace

void Detail::appendRange(std::vector<IdRange> &ranges, IdRange range)
{
    if (!ranges.empty()) {
        IdRange &last = ranges.back();
        if (last.agent == range.agent && last.seq + last.length == range.seq) {
            last.length += range.length;
            return;
        }
    }
    ranges.push_back(range);
}

void TextDocumentPrivate::recordInsert(quint32 seq, quint32 length)
{
    if (undo.enabled && !undo.replaying) {
        appendRange(openGroup(undo).inserted, {self, seq, length});
    }
}

void TextDocumentPrivate::recordDelete(ItemId first, quint32 length)
{
    if (undo.enabled && !undo.replaying) {
        appendRange(openGroup(undo).deleted, {first.agent, first.seq, length});
    }
}

std::vector<TextChange> TextDocumentPrivate::replayUndo(std::vector<UndoGroup> &from,
                                                        std::vector<UndoGroup> &to)
{
    // Steps whose effect others already erased do nothing: go on to the next one.
    std::vector<TextChange> changes;
    undo.replaying = true;
    while (changes.empty() && !from.empty()) {
        const UndoGroup group = std::move(from.back());
        from.pop_back();

        UndoGroup inverse;
        std::vector<IdRange> pieces;
        for (auto it = group.inserted.rbegin(); it != group.inserted.rend(); ++it) {
            resolveRestored(*it, pieces);
        }
        for (const IdRange &piece : pieces) {
            deleteItems(piece, [&](ItemId first, quint32 count, quint64 position) {
                appendRange(inverse.deleted, {first.agent, first.seq, count});
                changes.push_back({qsizetype(position), qsizetype(count), {}});
            });
        }
        // Characters the step both typed and deleted stay deleted.
        std::vector<IdRange> typed = std::move(pieces);
        std::sort(typed.begin(), typed.end(), [](const IdRange &a, const IdRange &b) {
            return std::pair(a.agent, a.seq) < std::pair(b.agent, b.seq);
        });
        pieces.clear();
        for (const IdRange &range : group.deleted) {
            resolveRestored(range, pieces);
        }
        for (const IdRange &piece : pieces) {
            for (const IdRange &part : subtract(piece, typed)) {
                restore(part, inverse, changes);
            }
        }
        if (!inverse.inserted.empty() || !inverse.deleted.empty()) {
            to.push_back(std::move(inverse));
        }
    }
    undo.replaying = false;
    undo.stopped = true;
    return changes;
}

void TextDocumentPrivate::resolveRestored(IdRange range, std::vector<IdRange> &out) const
{
    // Follows restorations: a character brought back by undo lives on under a new id.
    while (range.length > 0) {
        const auto next = undo.restored.upper_bound({range.agent, range.seq});
        if (next != undo.restored.begin()) {
            const auto &[key, value] = *std::prev(next);
            const auto &[length, newSeq] = value;
            if (key.first == range.agent && range.seq < key.second + length) {
                const quint32 offset = range.seq - key.second;
                const quint32 count = std::min(range.length, length - offset);
                resolveRestored({self, newSeq + offset, count}, out);
                range.seq += count;
                range.length -= count;
                continue;
            }
        }
        quint32 count = range.length;
        if (next != undo.restored.end() && next->first.first == range.agent
            && next->first.second < range.seq + range.length) {
            count = next->first.second - range.seq;
        }
        appendRange(out, {range.agent, range.seq, count});
        range.seq += count;
        range.length -= count;
    }
}

void TextDocumentPrivate::restore(IdRange range, UndoGroup &inverse,
                                  std::vector<TextChange> &changes)
{
    // Each deleted piece comes back as new characters of this agent, right after its
    // tombstones, so it reappears where it was.
    while (range.length > 0) {
        const Location at = list.locate({range.agent, range.seq});
        const Span span = list.spanAt(at);
        const quint32 count = std::min(range.length, span.length() - at.offset);
        if (span.isDeleted()) {
            const std::vector<char32_t> chars = agents[range.agent].content.copy(range.seq, count);
            AgentLog &own = agents[self];
            const quint32 seq = own.insertCount();
            own.content.append(chars.data(), count);

            const Location landed = insertLocal(list.advanceInSpan(at, count), seq, count);
            changes.push_back({qsizetype(list.visibleBefore(landed)), 0,
                               QString::fromUcs4(chars.data(), qsizetype(count))});
            appendRange(inverse.inserted, {self, seq, count});
            undo.restored[{range.agent, range.seq}] = {count, seq};
        }
        range.seq += count;
        range.length -= count;
    }
}

void TextDocument::setUndoEnabled(bool enabled)
{
    d->undo.enabled = enabled;
    if (!enabled) {
        d->undo.undoStack.clear();
        d->undo.redoStack.clear();
    }
}

bool TextDocument::isUndoEnabled() const
{
    return d->undo.enabled;
}

void TextDocument::setUndoCaptureInterval(int milliseconds)
{
    d->undo.captureMs = milliseconds;
}

void TextDocument::stopUndoCapture()
{
    d->undo.stopped = true;
}

bool TextDocument::canUndo() const
{
    return !d->undo.undoStack.empty();
}

bool TextDocument::canRedo() const
{
    return !d->undo.redoStack.empty();
}

std::vector<TextChange> TextDocument::undo()
{
    return d->replayUndo(d->undo.undoStack, d->undo.redoStack);
}

std::vector<TextChange> TextDocument::redo()
{
    return d->replayUndo(d->undo.redoStack, d->undo.undoStack);
}

} // namespace Firebreak::Collab
