// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "textdocument.h"

#include "textdocument_p.h"

#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCollab, "firebreak.collab", QtWarningMsg)

namespace Firebreak::Collab {

using namespace Detail;

const InsertRun &AgentLog::runFor(quint32 seq) const
{
    const auto it = std::upper_bound(runs.begin(), runs.end(), seq,
                                     [](quint32 value, const InsertRun &run) {
                                         return value < run.seq;
                                     });
    Q_ASSERT(it != runs.begin());
    return *(it - 1);
}

quint32 appendCodePoints(QStringView text, std::vector<char32_t> &out)
{
    const size_t before = out.size();
    const QChar *chars = text.data();
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = chars[i].unicode();
        if (QChar::isHighSurrogate(unit) && i + 1 < size && chars[i + 1].isLowSurrogate()) {
            out.push_back(QChar::surrogateToUcs4(unit, chars[i + 1].unicode()));
            ++i;
        } else {
            out.push_back(unit);
        }
    }
    return quint32(out.size() - before);
}

TextDocumentPrivate::TextDocumentPrivate(const QString &agentName)
    : self(agentId(agentName.isEmpty() ? TextDocument::newAgentName() : agentName))
{
}

quint32 TextDocumentPrivate::agentId(const QString &name)
{
    const auto it = agentIndex.constFind(name);
    if (it != agentIndex.constEnd()) {
        return it.value();
    }
    const auto id = quint32(agents.size());
    agents.emplace_back();
    agents.back().name = name;
    agentIndex.insert(name, id);
    return id;
}

bool TextDocumentPrivate::resolve(const ItemRef &ref, ItemId *id) const
{
    if (ref.isNull()) {
        *id = {};
        return true;
    }
    const auto it = agentIndex.constFind(ref.agent);
    if (it == agentIndex.constEnd() || ref.seq >= agents[it.value()].insertCount()) {
        return false;
    }
    *id = {it.value(), ref.seq};
    return true;
}

ItemRef TextDocumentPrivate::refOf(ItemId id) const
{
    return id.isNone() ? ItemRef{} : ItemRef{agents[id.agent].name, id.seq};
}

Location TextDocumentPrivate::insertLocal(Location at, quint32 seq, quint32 count)
{
    // The new characters sit between the item before `at` (a tombstone, maybe) and `at`.
    ItemId left;
    Location before;
    if (list.previous(at, &before)) {
        left = list.itemAt(before);
    }
    const ItemId right = list.isEnd(at) ? ItemId{} : list.itemAt(at);
    appendRun(self, seq, count, left, right);
    recordInsert(seq, count);
    return list.insert(at, Span::make(self, seq, count, false));
}

void TextDocumentPrivate::appendRun(quint32 agent, quint32 seq, quint32 length, ItemId left,
                                    ItemId right)
{
    AgentLog &log = agents[agent];
    if (!log.runs.empty()) {
        InsertRun &last = log.runs.back();
        if (last.seq + last.length == seq && left == ItemId{agent, seq - 1}
            && last.right == right) {
            last.length += length;
            return;
        }
    }
    log.runs.push_back({seq, length, left, right});
    history.push_back({agent, quint32(log.runs.size() - 1)});
}

void TextDocumentPrivate::appendDelete(quint32 agent, ItemId target, quint32 length,
                                       bool reversed)
{
    AgentLog &log = agents[agent];
    const quint32 seq = log.deleteCount;
    log.deleteCount += length;
    if (!log.deletes.empty()) {
        DeleteRun &last = log.deletes.back();
        const bool sameTarget = last.target.agent == target.agent;
        if (sameTarget && !reversed && !last.reversed
            && last.target.seq + last.length == target.seq) {
            last.length += length;
            return;
        }
        // Backspacing: each deletion removes the character before the previous one.
        const bool single = length == 1 || reversed;
        if (sameTarget && single && (last.reversed || last.length == 1)
            && target.seq + length == last.target.seq) {
            last.reversed = 1;
            last.target.seq = target.seq;
            last.length += length;
            return;
        }
    }
    log.deletes.push_back({seq, length, target, reversed ? 1u : 0u});
}

TextDocument::TextDocument(const QString &agent)
    : d(std::make_unique<TextDocumentPrivate>(agent))
{
}

TextDocument::TextDocument(std::unique_ptr<TextDocumentPrivate> d)
    : d(std::move(d))
{
}

TextDocument::~TextDocument() = default;
TextDocument::TextDocument(TextDocument &&other) noexcept = default;
TextDocument &TextDocument::operator=(TextDocument &&other) noexcept = default;

QString TextDocument::newAgentName()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16)
        .rightJustified(16, u'0');
}

QString TextDocument::agent() const
{
    return d->agents[d->self].name;
}

QString TextDocument::text() const
{
    QString result;
    result.reserve(qsizetype(d->list.visibleLength()));
    d->list.forEachSpan([this, &result](const Span &span) {
        if (span.isDeleted()) {
            return;
        }
        d->agents[span.agent].content.appendTo(result, span.seq, span.length());
    });
    return result;
}

qsizetype TextDocument::length() const
{
    return qsizetype(d->list.visibleLength());
}

bool TextDocument::insert(qsizetype position, QStringView text)
{
    if (position < 0 || position > length()) {
        return false;
    }
    AgentLog &log = d->agents[d->self];
    const quint32 seq = log.insertCount();
    d->scratch.clear();
    const quint32 count = appendCodePoints(text, d->scratch);
    if (count > 0) {
        log.content.append(d->scratch.data(), count);
        d->insertLocal(d->list.visibleAt(quint64(position)), seq, count);
    }
    return true;
}

bool TextDocument::remove(qsizetype position, qsizetype count)
{
    if (position < 0 || count < 0 || position + count > length()) {
        return false;
    }
    auto remaining = quint32(count);
    while (remaining > 0) {
        const Location at = d->list.visibleAt(quint64(position));
        ItemId first;
        const quint32 deleted = d->list.markDeleted(at, remaining, &first);
        d->appendDelete(d->self, first, deleted, false);
        d->recordDelete(first, deleted);
        remaining -= deleted;
    }
    return true;
}

QString TextDocument::conflictWith(const Ops &ops) const
{
    std::vector<char32_t> text;
    for (const InsertOp &op : ops.inserts) {
        const auto found = d->agentIndex.constFind(op.agent);
        if (found == d->agentIndex.cend() || op.seq >= d->agents[*found].insertCount()) {
            continue;
        }
        const AgentLog &log = d->agents[*found];
        text.clear();
        appendCodePoints(op.text, text);
        const quint32 held = std::min<quint32>(log.insertCount() - op.seq, quint32(text.size()));
        for (quint32 i = 0; i < held; ++i) {
            if (log.content.at(op.seq + i) != text[i]) {
                return u"insert %1:%2 names characters received before with other text"_s
                    .arg(op.agent.left(64)).arg(op.seq + i);
            }
        }
    }
    // Deletion number k of a run removes its k-th target from the start, or from the end when
    // the run was typed backwards.
    const auto removedBy = [](quint32 runSeq, quint32 target, quint32 length, bool reversed,
                              quint32 k) {
        return reversed ? target + length - 1 - (k - runSeq) : target + (k - runSeq);
    };
    for (const DeleteOp &op : ops.deletes) {
        const auto found = d->agentIndex.constFind(op.agent);
        if (found == d->agentIndex.cend() || op.seq >= d->agents[*found].deleteCount) {
            continue;
        }
        const AgentLog &log = d->agents[*found];
        const quint32 end = std::min<quint32>(op.seq + op.length, log.deleteCount);
        for (quint32 k = op.seq; k < end; ++k) {
            const auto run = std::prev(std::upper_bound(
                log.deletes.cbegin(), log.deletes.cend(), k,
                [](quint32 seq, const DeleteRun &candidate) { return seq < candidate.seq; }));
            const bool sameAgent = d->agents[run->target.agent].name == op.target.agent;
            if (!sameAgent
                || removedBy(run->seq, run->target.seq, run->length, run->reversed != 0, k)
                    != removedBy(op.seq, op.target.seq, op.length, op.reversed, k)) {
                return u"deletion %1:%2 was received before for another character"_s
                    .arg(op.agent.left(64)).arg(k);
            }
        }
    }
    return {};
}

Version TextDocument::version() const
{
    Version version;
    for (const AgentLog &log : d->agents) {
        if (log.insertCount() > 0 || log.deleteCount > 0) {
            version.set(log.name, {log.insertCount(), log.deleteCount});
        }
    }
    return version;
}

Ops TextDocument::opsSince(const Version &version) const
{
    return d->opsSince(version);
}

ApplyResult TextDocument::apply(const Ops &ops)
{
    ApplyResult result;
    for (const InsertOp &op : ops.inserts) {
        d->offer(op, result);
    }
    for (const DeleteOp &op : ops.deletes) {
        d->offer(op, result);
    }
    result.pending = pendingCount();
    return result;
}

qsizetype TextDocument::pendingCount() const
{
    return d->pendingSize;
}

ItemRef TextDocument::anchorAt(qsizetype position) const
{
    if (position <= 0) {
        return {};
    }
    position = std::min(position, length());
    return d->refOf(d->list.itemAt(d->list.visibleAt(quint64(position - 1))));
}

qsizetype TextDocument::positionOf(const ItemRef &anchor) const
{
    ItemId id;
    if (!d->resolve(anchor, &id)) {
        return -1;
    }
    if (id.isNone()) {
        return 0;
    }
    const Location at = d->list.locate(id);
    const bool visible = !d->list.spanAt(at).isDeleted();
    return qsizetype(d->list.visibleBefore(at)) + (visible ? 1 : 0);
}

DocumentStats TextDocument::stats() const
{
    DocumentStats stats;
    stats.agents = d->agents.size();
    stats.spans = d->list.spanCount();
    stats.chunks = d->list.chunkCount();
    stats.memoryBytes = d->list.memoryUsage() + sizeof(TextDocumentPrivate)
        + d->history.capacity() * sizeof(HistoryEntry);
    for (const AgentLog &log : d->agents) {
        stats.items += log.insertCount();
        stats.insertRuns += log.runs.size();
        stats.deleteRuns += log.deletes.size();
        stats.memoryBytes += log.content.memoryUsage()
            + log.runs.capacity() * sizeof(InsertRun) + log.deletes.capacity() * sizeof(DeleteRun)
            + sizeof(AgentLog) + size_t(log.name.capacity()) * 2;
    }
    return stats;
}

} // namespace Firebreak::Collab
