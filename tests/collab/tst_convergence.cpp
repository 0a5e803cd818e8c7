// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "collab/textdocument.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <string>

using namespace Firebreak::Collab;
using namespace Qt::StringLiterals;

namespace {

/// How a simulated run delivers operations.
struct Scenario
{
    int replicas = 3;
    int seeds = 400;
    int steps = 120;
    bool chaotic = false;  // relay entries arrive out of order and repeated
    bool peerToPeer = false; // replicas also sync directly by version
    bool undo = false;
};

struct Replica
{
    explicit Replica(const QString &agent)
        : document(agent)
    {
    }
    TextDocument document;
    std::u32string mirror; // follows the document through the changes it reports
    bool online = true;
    AgentCounts published;
    std::vector<bool> received;
    size_t receivedPrefix = 0;
};

std::u32string codePoints(const QString &text)
{
    const QList<uint> ucs4 = text.toUcs4();
    return std::u32string(ucs4.begin(), ucs4.end());
}

QString fromCodePoints(const std::u32string &text)
{
    return QString::fromUcs4(text.data(), qsizetype(text.size()));
}

void applyChanges(std::u32string &mirror, const std::vector<TextChange> &changes)
{
    for (const TextChange &change : changes) {
        mirror.replace(size_t(change.position), size_t(change.removed),
                       codePoints(change.inserted));
    }
}

/// One randomised run: replicas edit, go offline, come back, relay and sync; all must agree.
class Simulation
{
public:
    Simulation(const Scenario &scenario, quint32 seed)
        : m_scenario(scenario)
        , m_random(seed)
    {
        for (int i = 0; i < scenario.replicas; ++i) {
            m_replicas.emplace_back(u"replica-%1-%2"_s.arg(i).arg(seed % 7));
            m_replicas.back().document.setUndoEnabled(scenario.undo);
            m_replicas.back().document.setUndoCaptureInterval(-1);
        }
    }

    /// Empty when every check held, else what went wrong and at which step.
    QString run()
    {
        for (m_step = 0; m_step < m_scenario.steps && m_error.isEmpty(); ++m_step) {
            step();
        }
        if (m_error.isEmpty()) {
            finish();
        }
        return m_error;
    }

private:
    void step()
    {
        Replica &replica = m_replicas[m_random.bounded(qsizetype(m_replicas.size()))];
        const int roll = int(m_random.bounded(100));
        if (roll < 45) {
            edit(replica);
        } else if (roll < 52) {
            undoOrRedo(replica);
        } else if (roll < 67) {
            publish(replica);
        } else if (roll < 87) {
            deliver(replica);
        } else if (roll < 93) {
            toggleOnline(replica);
        } else {
            peerSync(replica);
        }
    }

    QString randomText()
    {
        static const std::u32string alphabet = U"abcdefghij é\n\U0001F525";
        std::u32string text;
        const int length = 1 + int(m_random.bounded(5));
        for (int i = 0; i < length; ++i) {
            text += alphabet[size_t(m_random.bounded(qsizetype(alphabet.size())))];
        }
        return fromCodePoints(text);
    }

    void edit(Replica &replica)
    {
        TextDocument &document = replica.document;
        const qsizetype length = document.length();
        if (length > 0 && m_random.bounded(3) == 0) {
            const qsizetype position = m_random.bounded(length);
            const qsizetype count = 1 + m_random.bounded(std::min<qsizetype>(4, length - position));
            check(document.remove(position, count), u"remove refused"_s);
            replica.mirror.erase(size_t(position), size_t(count));
        } else {
            const qsizetype position = m_random.bounded(length + 1);
            const QString text = randomText();
            check(document.insert(position, text), u"insert refused"_s);
            replica.mirror.insert(size_t(position), codePoints(text));
        }
        if (m_random.bounded(4) == 0) {
            document.stopUndoCapture();
        }
        compareMirror(replica);
    }

    void undoOrRedo(Replica &replica)
    {
        TextDocument &document = replica.document;
        const bool redo = m_random.bounded(3) == 0;
        applyChanges(replica.mirror, redo ? document.redo() : document.undo());
        compareMirror(replica);
    }

    void publish(Replica &replica)
    {
        if (!replica.online) {
            return;
        }
        // Only the replica's own work goes to the relay, as the desktop client does.
        Version since = replica.document.version();
        since.set(replica.document.agent(), replica.published);
        const Ops ops = replica.document.opsSince(since);
        if (!ops.isEmpty()) {
            m_relay.push_back(ops);
        }
        replica.published = replica.document.version().counts(replica.document.agent());
    }

    void deliver(Replica &replica)
    {
        if (!replica.online) {
            return;
        }
        replica.received.resize(m_relay.size(), false);
        std::vector<size_t> candidates;
        for (size_t i = replica.receivedPrefix; i < m_relay.size(); ++i) {
            if (!replica.received[i] || (m_scenario.chaotic && m_random.bounded(8) == 0)) {
                candidates.push_back(i);
            }
        }
        if (m_scenario.chaotic) {
            std::shuffle(candidates.begin(), candidates.end(), m_random);
            candidates.resize(std::min<size_t>(candidates.size(), 1 + m_random.bounded(4)));
        }
        for (const size_t i : candidates) {
            receive(replica, i);
        }
    }

    void receive(Replica &replica, size_t entry)
    {
        const ApplyResult result = replica.document.apply(m_relay[entry]);
        applyChanges(replica.mirror, result.changes);
        compareMirror(replica);
        replica.received[entry] = true;
        while (replica.receivedPrefix < replica.received.size()
               && replica.received[replica.receivedPrefix]) {
            ++replica.receivedPrefix;
        }
    }

    void toggleOnline(Replica &replica)
    {
        replica.online = !replica.online;
    }

    void peerSync(Replica &replica)
    {
        if (!m_scenario.peerToPeer) {
            return;
        }
        Replica &other = m_replicas[m_random.bounded(qsizetype(m_replicas.size()))];
        const ApplyResult result = other.document.apply(
            replica.document.opsSince(other.document.version()));
        applyChanges(other.mirror, result.changes);
        compareMirror(other);
    }

    void finish()
    {
        // Everyone comes back, publishes and catches up, in order.
        for (Replica &replica : m_replicas) {
            replica.online = true;
            publish(replica);
        }
        for (Replica &replica : m_replicas) {
            replica.received.resize(m_relay.size(), false);
            for (size_t i = 0; i < m_relay.size(); ++i) {
                if (!replica.received[i]) {
                    receive(replica, i);
                }
            }
        }
        const Replica &first = m_replicas.front();
        for (const Replica &replica : m_replicas) {
            check(replica.document.pendingCount() == 0, u"operations left pending"_s);
            check(replica.document.version() == first.document.version(), u"versions differ"_s);
            check(replica.document.text() == first.document.text(),
                  u"texts differ: \"%1\" vs \"%2\""_s.arg(replica.document.text(),
                                                         first.document.text()));
        }
        checkLateJoiner(first);
    }

    void checkLateJoiner(const Replica &reference)
    {
        // A replica that gets the relay backwards, and one loaded from a snapshot, agree too.
        TextDocument joiner(u"joiner"_s);
        for (auto it = m_relay.rbegin(); it != m_relay.rend(); ++it) {
            joiner.apply(*it);
        }
        check(joiner.text() == reference.document.text(), u"late joiner differs"_s);
        std::optional<TextDocument> loaded = TextDocument::load(reference.document.save());
        check(loaded && loaded->text() == reference.document.text(), u"snapshot differs"_s);
    }

    void compareMirror(const Replica &replica)
    {
        check(fromCodePoints(replica.mirror) == replica.document.text(),
              u"reported changes do not match the text of %1"_s.arg(replica.document.agent()));
    }

    void check(bool condition, const QString &what)
    {
        if (!condition && m_error.isEmpty()) {
            m_error = u"step %1: %2"_s.arg(m_step).arg(what);
        }
    }

    Scenario m_scenario;
    QRandomGenerator m_random;
    std::vector<Replica> m_replicas;
    std::vector<Ops> m_relay;
    int m_step = 0;
    QString m_error;
};

} // namespace

Q_DECLARE_METATYPE(Scenario)

class TestConvergence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void randomInterleavingsConverge_data();
    void randomInterleavingsConverge();
};

void TestConvergence::randomInterleavingsConverge_data()
{
    // FIREBREAK_COLLAB_SEED reruns one seed; FIREBREAK_COLLAB_SEEDS changes how many.
    const int seeds = qEnvironmentVariableIntValue("FIREBREAK_COLLAB_SEEDS");
    QTest::addColumn<Scenario>("scenario");
    auto add = [seeds](const char *name, Scenario scenario) {
        scenario.seeds = seeds > 0 ? seeds : scenario.seeds;
        QTest::newRow(name) << scenario;
    };
    add("3 replicas, relay in order", {3, 400, 120, false, false, false});
    add("3 replicas, relay out of order", {3, 400, 120, true, false, false});
    add("4 replicas, out of order, undo", {4, 400, 150, true, false, true});
    add("5 replicas, out of order, peer sync", {5, 400, 150, true, true, false});
    add("5 replicas, everything", {5, 400, 200, true, true, true});
    // Fewer, longer runs: documents big enough to split chunks many times.
    add("3 replicas, long documents", {3, 12, 6000, true, true, true});
}

void TestConvergence::randomInterleavingsConverge()
{
    QFETCH(Scenario, scenario);
    bool singleSeed = false;
    const auto onlySeed = quint32(qEnvironmentVariableIntValue("FIREBREAK_COLLAB_SEED",
                                                               &singleSeed));
    for (int i = 0; i < scenario.seeds; ++i) {
        const quint32 seed = singleSeed ? onlySeed : quint32(1000 + i);
        const QString error = Simulation(scenario, seed).run();
        QVERIFY2(error.isEmpty(),
                 qPrintable(u"seed %1 (rerun with FIREBREAK_COLLAB_SEED=%1): %2"_s.arg(seed).arg(
                     error)));
        if (singleSeed) {
            break;
        }
    }
}

QTEST_GUILESS_MAIN(TestConvergence)
#include "tst_convergence.moc"
