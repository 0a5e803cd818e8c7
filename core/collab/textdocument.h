// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/ops.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>
#include <vector>

namespace Firebreak::Collab {

class TextDocumentPrivate;

/// What TextDocument::apply() did with a batch of remote operations.
struct ApplyResult
{
    /// Characters inserted or deleted by this call, including buffered ones it released.
    qsizetype applied = 0;
    /// Runs still waiting for operations they depend on.
    qsizetype pending = 0;
    /// Malformed runs, dropped (see the firebreak.collab log).
    qsizetype rejected = 0;
    /// The visible effect, in order: apply these to a copy of text() to follow along.
    std::vector<TextChange> changes;
};

/// Sizes of a document's internal structures, for tests and benchmarks.
struct DocumentStats
{
    quint64 agents = 0;
    quint64 items = 0;
    quint64 spans = 0;
    quint64 chunks = 0;
    quint64 insertRuns = 0;
    quint64 deleteRuns = 0;
    quint64 memoryBytes = 0;
};

/**
 * A plain text edited by several people at once: a sequence CRDT (docs/collab.md).
 *
 * Each replica edits under its own agent name, which must be unique to one editing session.
 * Local edits take effect at once; opsSince() exports them, and apply() merges operations from
 * other replicas in any order, any number of times: replicas that hold the same operations hold
 * the same text. Positions and lengths count Unicode code points.
 *
 * Undo and redo, when enabled, revert this replica's own edits only and are themselves new
 * edits that replicate like any other. Not thread-safe; cheap to move, not copyable.
 */
class TextDocument
{
public:
    /// A document for `agent`; an empty name picks a fresh random one.
    explicit TextDocument(const QString &agent = {});
    ~TextDocument();
    TextDocument(TextDocument &&other) noexcept;
    TextDocument &operator=(TextDocument &&other) noexcept;
    TextDocument(const TextDocument &) = delete;
    TextDocument &operator=(const TextDocument &) = delete;

    /// A random agent name (16 hexadecimal digits), unique in practice.
    static QString newAgentName();

    QString agent() const;
    QString text() const;
    /// Visible length in code points.
    qsizetype length() const;

    /// Inserts `text` before the code point at `position`; false when out of range.
    bool insert(qsizetype position, QStringView text);
    /// Deletes `count` code points from `position`; false when out of range.
    bool remove(qsizetype position, qsizetype count);

    Version version() const;
    /// Everything held that `version` lacks, inserts in an order that respects dependencies.
    Ops opsSince(const Version &version) const;
    /**
     * Merges remote operations. Operations already held are skipped; those whose dependencies
     * are missing wait in a buffer until the dependencies arrive.
     */
    ApplyResult apply(const Ops &ops);
    qsizetype pendingCount() const;
    /**
     * Where operations name ids this document holds with other content: an insert whose held
     * characters are other text, a deletion whose held number removed another character. The
     * reason, or empty when they agree (a repeat is no conflict). apply() would skip such
     * operations as held, so a sender re-using ids would lose its text without a word.
     */
    QString conflictWith(const Ops &ops) const;

    /// Undo tracking is off until enabled (it costs a little memory per edit).
    void setUndoEnabled(bool enabled);
    bool isUndoEnabled() const;
    /// Local edits closer together than this many milliseconds undo as one step (default 500).
    void setUndoCaptureInterval(int milliseconds);
    /// The next local edit starts a new undo step.
    void stopUndoCapture();
    bool canUndo() const;
    bool canRedo() const;
    /// Reverts this replica's latest undo step; returns the visible changes it made.
    std::vector<TextChange> undo();
    std::vector<TextChange> redo();

    /**
     * A position that follows concurrent edits: the character left of `position`, or a null
     * reference at the start. positionOf() turns it back into a position on any replica that
     * holds that character; it returns -1 when the character is unknown there.
     */
    ItemRef anchorAt(qsizetype position) const;
    qsizetype positionOf(const ItemRef &anchor) const;

    /**
     * The whole state in a binary form (docs/collab.md): the flattened text with tombstones and
     * the operation logs needed to merge and export, not a replay of history. load() is a few
     * copies and checks; an invalid or truncated input gives nullopt and a reason in `error`.
     */
    QByteArray save() const;
    static std::optional<TextDocument> load(QByteArrayView data, const QString &agent = {},
                                            QString *error = nullptr);

    DocumentStats stats() const;

private:
    explicit TextDocument(std::unique_ptr<TextDocumentPrivate> d);
    std::unique_ptr<TextDocumentPrivate> d;
};

} // namespace Firebreak::Collab
