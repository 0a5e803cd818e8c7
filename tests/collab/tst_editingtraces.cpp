// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "collab/textdocument.h"
#include "editingtrace.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace Firebreak::Collab;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QString tracePath(const QString &name)
{
    return QStringLiteral(FIREBREAK_TEST_DATA) + u"/editing-traces/"_s + name + u".json.gz"_s;
}

bool applyPatches(TextDocument &document, const TraceTransaction &transaction)
{
    for (const TracePatch &patch : transaction.patches) {
        if ((patch.deleted > 0 && !document.remove(patch.position, patch.deleted))
            || (!patch.inserted.isEmpty() && !document.insert(patch.position, patch.inserted))) {
            return false;
        }
    }
    return true;
}

/// The newest transaction of each agent that `parents` include, by vector clock.
std::vector<int> mergedClock(const std::vector<std::vector<int>> &clocks,
                             const std::vector<int> &parents, int agents)
{
    std::vector<int> clock(size_t(agents), -1);
    for (const int parent : parents) {
        for (int a = 0; a < agents; ++a) {
            clock[size_t(a)] = std::max(clock[size_t(a)], clocks[size_t(parent)][size_t(a)]);
        }
    }
    return clock;
}

} // namespace

class TestEditingTraces : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sequentialTraceEndsAtItsText();
    void sequentialTraceReplaysRemotely();
    void storedSequentialTraceLoads();
    void concurrentTraceConverges();

private:
    EditingTrace m_paper;
    EditingTrace m_friends;
    QByteArray m_paperSnapshot;
};

void TestEditingTraces::initTestCase()
{
    m_paper = readEditingTrace(tracePath(u"automerge-paper"_s));
    QVERIFY2(m_paper.isValid(), qPrintable(m_paper.error));
    QCOMPARE(m_paper.patchCount(), 259778);
    m_friends = readEditingTrace(tracePath(u"friendsforever"_s));
    QVERIFY2(m_friends.isValid(), qPrintable(m_friends.error));
}

void TestEditingTraces::sequentialTraceEndsAtItsText()
{
    TextDocument document(u"kleppmann"_s);
    QElapsedTimer timer;
    timer.start();
    for (const TraceTransaction &transaction : m_paper.transactions) {
        QVERIFY(applyPatches(document, transaction));
    }
    const qint64 elapsedMs = timer.elapsed();
    QCOMPARE(document.text(), m_paper.endContent);
    QCOMPARE(document.length(), m_paper.endContent.size());

    const DocumentStats stats = document.stats();
    qInfo("automerge-paper: %lld ms, %llu spans in %llu chunks, %llu insert runs, "
          "%llu delete runs, %llu KiB",
          elapsedMs, stats.spans, stats.chunks, stats.insertRuns, stats.deleteRuns,
          stats.memoryBytes / 1024);
    m_paperSnapshot = document.save();
}

void TestEditingTraces::sequentialTraceReplaysRemotely()
{
    TextDocument author(u"kleppmann"_s);
    for (const TraceTransaction &transaction : m_paper.transactions) {
        QVERIFY(applyPatches(author, transaction));
    }

    // All of it as one batch, through the binary form.
    const std::optional<Ops> ops = Ops::fromBinary(author.opsSince({}).toBinary());
    QVERIFY(ops);
    TextDocument reader(u"reader"_s);
    const ApplyResult result = reader.apply(*ops);
    QCOMPARE(result.pending, 0);
    QCOMPARE(result.rejected, 0);
    QCOMPARE(reader.text(), m_paper.endContent);
    QCOMPARE(reader.version(), author.version());
}

void TestEditingTraces::storedSequentialTraceLoads()
{
    QVERIFY(!m_paperSnapshot.isEmpty());
    QElapsedTimer timer;
    timer.start();
    QString error;
    std::optional<TextDocument> loaded = TextDocument::load(m_paperSnapshot, u"next"_s, &error);
    const qint64 loadNs = timer.nsecsElapsed();
    QVERIFY2(loaded, qPrintable(error));
    qInfo("automerge-paper snapshot: %lld bytes, loaded in %.3f ms", qint64(m_paperSnapshot.size()),
          double(loadNs) / 1e6);
    QCOMPARE(loaded->text(), m_paper.endContent);

    // The loaded document merges and edits like the original.
    QVERIFY(loaded->insert(0, u"# "_s));
    TextDocument other(u"other"_s);
    other.apply(loaded->opsSince({}));
    QCOMPARE(other.text(), u"# "_s + m_paper.endContent);
}

void TestEditingTraces::concurrentTraceConverges()
{
    const std::vector<TraceTransaction> &transactions = m_friends.transactions;
    int agents = 0;
    for (const TraceTransaction &transaction : transactions) {
        agents = std::max(agents, transaction.agent + 1);
    }
    QCOMPARE(agents, 2);

    // One replica per agent; before each transaction it catches up with exactly what the
    // transaction's parents had seen of the other agent (each agent's own chain is linear).
    std::vector<TextDocument> replicas;
    for (int a = 0; a < agents; ++a) {
        replicas.emplace_back(u"agent-%1"_s.arg(a));
    }
    std::vector<std::vector<int>> clocks;
    std::vector<Ops> produced(transactions.size());
    const auto agentCount = size_t(agents);
    std::vector<std::vector<int>> byAgent(agentCount);
    std::vector<std::vector<size_t>> delivered(agentCount, std::vector<size_t>(agentCount));
    for (size_t i = 0; i < transactions.size(); ++i) {
        const TraceTransaction &transaction = transactions[i];
        const auto agent = size_t(transaction.agent);
        std::vector<int> clock = mergedClock(clocks, transaction.parents, agents);
        TextDocument &replica = replicas[agent];
        for (size_t other = 0; other < agentCount; ++other) {
            size_t &next = delivered[agent][other];
            while (other != agent && next < byAgent[other].size()
                   && byAgent[other][next] <= clock[other]) {
                const ApplyResult result = replica.apply(produced[size_t(byAgent[other][next])]);
                QCOMPARE(result.pending, 0);
                ++next;
            }
        }
        const Version before = replica.version();
        QVERIFY2(applyPatches(replica, transaction), qPrintable(u"transaction %1"_s.arg(i)));
        produced[i] = replica.opsSince(before);
        clock[agent] = int(i);
        clocks.push_back(clock);
        byAgent[agent].push_back(int(i));
    }

    // Everyone gets everything; so does a newcomer that receives it all in reverse.
    TextDocument newcomer(u"newcomer"_s);
    for (size_t i = transactions.size(); i-- > 0;) {
        newcomer.apply(produced[i]);
    }
    for (TextDocument &replica : replicas) {
        for (const Ops &ops : produced) {
            replica.apply(ops);
        }
        QCOMPARE(replica.pendingCount(), 0);
        QCOMPARE(replica.text(), m_friends.endContent);
    }
    QCOMPARE(newcomer.pendingCount(), 0);
    QCOMPARE(newcomer.text(), m_friends.endContent);
}

QTEST_GUILESS_MAIN(TestEditingTraces)
#include "tst_editingtraces.moc"
