// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace Firebreak::Collab {

/**
 * One inserted character, named across replicas: the agent (one editing session) that typed it
 * and its insert sequence number within that agent. A null reference (empty agent) stands for
 * the start or the end of the document, depending on where it is used.
 */
struct ItemRef
{
    QString agent;
    quint32 seq = 0;

    bool isNull() const { return agent.isEmpty(); }
    friend bool operator==(const ItemRef &, const ItemRef &) = default;

    /// `["agent", seq]`, or JSON null for a null reference.
    QJsonValue toJson() const;
    /// Returns false when `value` is neither null nor a valid reference.
    static bool fromJson(const QJsonValue &value, ItemRef *ref);
};

/**
 * A run of characters typed by one agent: the items `seq` … `seq + length - 1`, where the first
 * sits between `left` and `right` and each following one directly after its predecessor.
 * `text` is UTF-16; the run's length counts code points.
 */
struct InsertOp
{
    QString agent;
    quint32 seq = 0;
    ItemRef left;
    ItemRef right;
    QString text;
};

/**
 * A run of deletions made by one agent, numbered by its own delete counter: deletions `seq` …
 * `seq + length - 1` remove the items `target.seq` … `target.seq + length - 1` of
 * `target.agent` (in that order, or from the last to the first when `reversed`: backspacing).
 */
struct DeleteOp
{
    QString agent;
    quint32 seq = 0;
    ItemRef target;
    quint32 length = 0;
    bool reversed = false;
};

/**
 * A batch of operations, in an order where every insert comes after the inserts it depends on.
 * Applying a batch twice, or batches out of order, is harmless (see TextDocument::apply).
 */
struct Ops
{
    std::vector<InsertOp> inserts;
    std::vector<DeleteOp> deletes;

    bool isEmpty() const { return inserts.empty() && deletes.empty(); }
    /// Number of characters inserted plus characters deleted.
    qsizetype operationCount() const;
    void append(const Ops &other);

    /// `{"inserts": [...], "deletes": [...]}`, as documented in docs/collab.md.
    QJsonObject toJson() const;
    static std::optional<Ops> fromJson(const QJsonObject &object, QString *error = nullptr);

    /// A compact binary form (varints, one table of agent names), documented in docs/collab.md.
    QByteArray toBinary() const;
    static std::optional<Ops> fromBinary(QByteArrayView data, QString *error = nullptr);
};

/// How much of each agent's work a replica holds: its insert and delete counters.
struct AgentCounts
{
    quint32 inserts = 0;
    quint32 deletes = 0;
    friend bool operator==(const AgentCounts &, const AgentCounts &) = default;
};

/**
 * A version vector: for each agent, how many of its inserts and deletes are included. Agents
 * not listed count as zero.
 */
class Version
{
public:
    AgentCounts counts(const QString &agent) const { return m_counts.value(agent); }
    void set(const QString &agent, AgentCounts counts);
    /// True when this version holds everything `other` holds.
    bool includes(const Version &other) const;
    /// Componentwise maximum.
    void merge(const Version &other);
    const QHash<QString, AgentCounts> &agents() const { return m_counts; }

    friend bool operator==(const Version &, const Version &) = default;

    /// `{"agent": [inserts, deletes], ...}`.
    QJsonObject toJson() const;
    static std::optional<Version> fromJson(const QJsonObject &object);

private:
    QHash<QString, AgentCounts> m_counts;
};

/// A change to the visible text, in code points: remove `removed` at `position`, then insert.
struct TextChange
{
    qsizetype position = 0;
    qsizetype removed = 0;
    QString inserted;
    friend bool operator==(const TextChange &, const TextChange &) = default;
};

} // namespace Firebreak::Collab
