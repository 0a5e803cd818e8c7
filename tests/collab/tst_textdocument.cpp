// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "collab/textdocument.h"

#include <QJsonDocument>
#include <QTest>

using namespace Firebreak::Collab;
using namespace Qt::StringLiterals;

namespace {

/// Sends everything `from` has that `to` lacks.
ApplyResult sync(const TextDocument &from, TextDocument &to)
{
    return to.apply(from.opsSince(to.version()));
}

void syncBoth(TextDocument &a, TextDocument &b)
{
    sync(a, b);
    sync(b, a);
}

QString applyChanges(QString text, const std::vector<TextChange> &changes)
{
    // Changes count code points; the test texts are in the Basic Multilingual Plane.
    for (const TextChange &change : changes) {
        text.replace(change.position, change.removed, change.inserted);
    }
    return text;
}

} // namespace

class TestTextDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void editsLocally();
    void rejectsOutOfRange();
    void countsCodePoints();
    void storesEveryCharacterWidth();
    void mergesConcurrentEdits();
    void concurrentRunsDoNotInterleave_data();
    void concurrentRunsDoNotInterleave();
    void concurrentDeletesOfOneRange();
    void appliesDuplicatesOnce();
    void buffersOutOfOrderOperations();
    void reportsRemoteChanges();
    void exportsSinceVersion();
    void dropsOperationsUnderOwnAgent();
    void opsRoundTripAsJsonAndBinary();
    void rejectsMalformedOps_data();
    void rejectsMalformedOps();
    void versionJson();
    void savesAndLoads();
    void loadedDocumentKeepsMerging();
    void refusesCorruptSnapshots();
    void anchorsFollowConcurrentEdits();
    void undoRevertsOwnEditsOnly();
    void undoRestoresDeletedText();
    void redoReappliesUndoneEdits();
    void undoGroupsByCapture();
    void undoConvergesAcrossReplicas();
    void newEditClearsRedo();
    void undoDisabledByDefault();
    void manyChunks();
};

void TestTextDocument::editsLocally()
{
    TextDocument document(u"alice"_s);
    QCOMPARE(document.agent(), u"alice"_s);
    QVERIFY(document.insert(0, u"Hello world"_s));
    QVERIFY(document.insert(5, u","_s));
    QVERIFY(document.remove(6, 6));
    QVERIFY(document.insert(6, u" there"_s));
    QCOMPARE(document.text(), u"Hello, there"_s);
    QCOMPARE(document.length(), 12);
    QVERIFY(document.remove(0, document.length()));
    QCOMPARE(document.text(), QString());
    QVERIFY(document.insert(0, u"again"_s));
    QCOMPARE(document.text(), u"again"_s);
}

void TestTextDocument::rejectsOutOfRange()
{
    TextDocument document(u"alice"_s);
    QVERIFY(document.insert(0, u"abc"_s));
    QVERIFY(!document.insert(4, u"x"_s));
    QVERIFY(!document.insert(-1, u"x"_s));
    QVERIFY(!document.remove(2, 2));
    QVERIFY(!document.remove(-1, 1));
    QVERIFY(document.remove(3, 0));
    QCOMPARE(document.text(), u"abc"_s);
}

void TestTextDocument::countsCodePoints()
{
    TextDocument document(u"alice"_s);
    const QString smile = QString::fromUcs4(U"\U0001F600", 1);
    QVERIFY(document.insert(0, QString(u"a"_s + smile + u"b"_s)));
    QCOMPARE(document.length(), 3);
    QVERIFY(document.insert(2, smile));
    QCOMPARE(document.text(), u"a"_s + smile + smile + u"b"_s);
    QVERIFY(document.remove(1, 1));
    QCOMPARE(document.text(), u"a"_s + smile + u"b"_s);

    TextDocument copy(u"bob"_s);
    sync(document, copy);
    QCOMPARE(copy.text(), document.text());
}

void TestTextDocument::storesEveryCharacterWidth()
{
    // Characters are kept one byte wide until a wider one arrives, then widened once.
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    const QString fire = QString::fromUcs4(U"\U0001F525", 1);
    const QStringList steps{u"plain café "_s, u"✓ checked "_s, fire + u" hot"_s};
    QString expected;
    for (const QString &step : steps) {
        a.insert(a.length(), step);
        expected += step;
        sync(a, b);
        QCOMPARE(a.text(), expected);
        QCOMPARE(b.text(), expected);
        std::optional<TextDocument> loaded = TextDocument::load(a.save());
        QVERIFY(loaded);
        QCOMPARE(loaded->text(), expected);
    }
    QVERIFY(a.remove(0, 6));
    a.undo();
    QCOMPARE(b.apply(a.opsSince(b.version())).pending, 0);
    QCOMPARE(b.text(), a.text());
}

void TestTextDocument::mergesConcurrentEdits()
{
    TextDocument alice(u"alice"_s);
    TextDocument bob(u"bob"_s);
    alice.insert(0, u"The incident started at 10:00."_s);
    sync(alice, bob);

    alice.insert(24, u"about "_s);
    bob.remove(24, 5);
    bob.insert(24, u"09:58"_s);
    alice.insert(0, u"Summary: "_s);
    syncBoth(alice, bob);

    QCOMPARE(alice.text(), bob.text());
    QCOMPARE(alice.text(), u"Summary: The incident started at about 09:58."_s);
    QCOMPARE(alice.version(), bob.version());
}

void TestTextDocument::concurrentRunsDoNotInterleave_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addRow("alice before bob") << u"alice"_s << u"bob"_s;
    QTest::addRow("bob before alice") << u"bob"_s << u"alice"_s;
}

void TestTextDocument::concurrentRunsDoNotInterleave()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    TextDocument a(first);
    TextDocument b(second);
    a.insert(0, u"[]"_s);
    sync(a, b);

    // Each types a word one key at a time at the same place.
    for (const QChar c : u"fire"_s) {
        a.insert(a.length() - 1, QString(c));
    }
    for (const QChar c : u"break"_s) {
        b.insert(b.length() - 1, QString(c));
    }
    syncBoth(a, b);
    QCOMPARE(a.text(), b.text());
    QVERIFY2(a.text() == u"[firebreak]"_s || a.text() == u"[breakfire]"_s, qPrintable(a.text()));
}

void TestTextDocument::concurrentDeletesOfOneRange()
{
    TextDocument a(u"a"_s);
    TextDocument b(u"b"_s);
    a.insert(0, u"0123456789"_s);
    sync(a, b);
    a.remove(2, 5);
    b.remove(4, 5);
    syncBoth(a, b);
    QCOMPARE(a.text(), u"019"_s);
    QCOMPARE(b.text(), u"019"_s);
}

void TestTextDocument::appliesDuplicatesOnce()
{
    TextDocument a(u"a"_s);
    TextDocument b(u"b"_s);
    a.insert(0, u"hello"_s);
    a.remove(1, 2);
    const Ops ops = a.opsSince({});
    QCOMPARE(b.apply(ops).applied, 7);
    QCOMPARE(b.apply(ops).applied, 0);

    // An overlapping batch applies only what is new.
    a.insert(3, u"!"_s);
    Ops more = a.opsSince({});
    QCOMPARE(b.apply(more).applied, 1);
    QCOMPARE(b.text(), u"hlo!"_s);
}

void TestTextDocument::buffersOutOfOrderOperations()
{
    TextDocument a(u"a"_s);
    TextDocument b(u"b"_s);
    std::vector<Ops> batches;
    Version version;
    for (const QString &word : {u"alpha "_s, u"beta "_s, u"gamma"_s}) {
        a.insert(a.length(), word);
        batches.push_back(a.opsSince(version));
        version = a.version();
    }
    a.remove(0, 2);
    batches.push_back(a.opsSince(version));

    QCOMPARE(b.apply(batches[3]).pending, 1);
    QCOMPARE(b.apply(batches[2]).pending, 2);
    QCOMPARE(b.apply(batches[1]).pending, 3);
    QCOMPARE(b.text(), QString());
    const ApplyResult result = b.apply(batches[0]);
    QCOMPARE(result.pending, 0);
    QCOMPARE(b.text(), a.text());
    QCOMPARE(b.text(), u"pha beta gamma"_s);
}

void TestTextDocument::reportsRemoteChanges()
{
    TextDocument a(u"a"_s);
    TextDocument b(u"b"_s);
    a.insert(0, u"one two three"_s);
    sync(a, b);
    QString mirror = b.text();

    a.remove(4, 4);
    a.insert(0, u"zero "_s);
    a.insert(a.length(), u" four"_s);
    const ApplyResult result = sync(a, b);
    mirror = applyChanges(mirror, result.changes);
    QCOMPARE(mirror, a.text());
    QCOMPARE(b.text(), a.text());
}

void TestTextDocument::exportsSinceVersion()
{
    TextDocument a(u"a"_s);
    TextDocument b(u"b"_s);
    a.insert(0, u"abc"_s);
    sync(a, b);
    const Version shared = a.version();
    QVERIFY(a.opsSince(shared).isEmpty());

    a.insert(3, u"def"_s);
    b.insert(0, u"xyz"_s);
    const Ops fromA = a.opsSince(shared);
    QCOMPARE(fromA.inserts.size(), size_t(1));
    QCOMPARE(fromA.inserts[0].text, u"def"_s);
    QCOMPARE(fromA.inserts[0].seq, 3u);

    syncBoth(a, b);
    QCOMPARE(a.text(), u"xyzabcdef"_s);
    QVERIFY(a.version().includes(shared));
    QVERIFY(!shared.includes(a.version()));
}

void TestTextDocument::dropsOperationsUnderOwnAgent()
{
    TextDocument a(u"same"_s);
    TextDocument impostor(u"same"_s);
    a.insert(0, u"mine"_s);
    impostor.insert(0, u"a much longer text"_s);
    const ApplyResult result = a.apply(impostor.opsSince({}));
    QCOMPARE(result.rejected, 1);
    QCOMPARE(a.text(), u"mine"_s);
}

void TestTextDocument::opsRoundTripAsJsonAndBinary()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.insert(0, QString(u"Root cause: é ✓ "_s + QString::fromUcs4(U"\U0001F525", 1)));
    sync(a, b);
    b.insert(3, u"xx"_s);
    b.remove(0, 2);
    a.remove(5, 1);
    syncBoth(a, b);
    const Ops ops = b.opsSince({});
    QVERIFY(!ops.deletes.empty());

    const QByteArray json = QJsonDocument(ops.toJson()).toJson(QJsonDocument::Compact);
    const std::optional<Ops> fromJson = Ops::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(fromJson);
    const std::optional<Ops> fromBinary = Ops::fromBinary(ops.toBinary());
    QVERIFY(fromBinary);
    QCOMPARE(fromBinary->operationCount(), ops.operationCount());
    QVERIFY(ops.toBinary().size() < json.size());

    for (const Ops &decoded : {*fromJson, *fromBinary}) {
        TextDocument c(u"carol"_s);
        QCOMPARE(c.apply(decoded).pending, 0);
        QCOMPARE(c.text(), b.text());
    }
}

void TestTextDocument::rejectsMalformedOps_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("insert without agent") << QByteArray(R"({"inserts":[{"seq":0,"text":"a"}]})");
    QTest::addRow("insert with empty text")
        << QByteArray(R"({"inserts":[{"agent":"a","seq":0,"text":""}]})");
    QTest::addRow("negative seq")
        << QByteArray(R"({"inserts":[{"agent":"a","seq":-1,"text":"a"}]})");
    QTest::addRow("fractional seq")
        << QByteArray(R"({"inserts":[{"agent":"a","seq":1.5,"text":"a"}]})");
    QTest::addRow("bad origin")
        << QByteArray(R"({"inserts":[{"agent":"a","seq":0,"text":"a","left":["b"]}]})");
    QTest::addRow("delete without target")
        << QByteArray(R"({"deletes":[{"agent":"a","seq":0,"length":1}]})");
    QTest::addRow("delete of nothing")
        << QByteArray(R"({"deletes":[{"agent":"a","seq":0,"length":0,"target":["b",0]}]})");
}

void TestTextDocument::rejectsMalformedOps()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!Ops::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QVERIFY(!error.isEmpty());

    // Truncations of a valid binary batch never decode.
    TextDocument a(u"a"_s);
    a.insert(0, u"some text"_s);
    a.remove(2, 3);
    const QByteArray binary = a.opsSince({}).toBinary();
    for (qsizetype size = 0; size < binary.size(); ++size) {
        QVERIFY(!Ops::fromBinary(binary.first(size)));
    }
}

void TestTextDocument::versionJson()
{
    Version version;
    version.set(u"alice"_s, {12, 3});
    version.set(u"bob"_s, {0, 1});
    const std::optional<Version> back = Version::fromJson(version.toJson());
    QVERIFY(back);
    QCOMPARE(*back, version);
    QVERIFY(!Version::fromJson(QJsonObject{{u"x"_s, 3}}));
}

void TestTextDocument::savesAndLoads()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.insert(0, u"Impact: 40 % of checkouts failed for 23 minutes."_s);
    sync(a, b);
    b.remove(8, 4);
    b.insert(8, u"all"_s);
    syncBoth(a, b);

    // A batch that cannot apply yet is kept too.
    a.insert(0, u"## "_s);
    const Ops late = a.opsSince(b.version());
    TextDocument d(u"dave"_s);
    d.apply(late);
    QCOMPARE(d.pendingCount(), 1);

    for (TextDocument *document : {&a, &d}) {
        QString error;
        std::optional<TextDocument> loaded = TextDocument::load(document->save(), {}, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->text(), document->text());
        QCOMPARE(loaded->version(), document->version());
        QCOMPARE(loaded->pendingCount(), document->pendingCount());
        QVERIFY(loaded->agent() != document->agent());
    }
}

void TestTextDocument::loadedDocumentKeepsMerging()
{
    TextDocument a(u"alice"_s);
    a.insert(0, u"Timeline"_s);
    std::optional<TextDocument> reopened = TextDocument::load(a.save(), u"alice-2"_s);
    QVERIFY(reopened);
    TextDocument b(u"bob"_s);
    sync(a, b);

    reopened->insert(8, u" of events"_s);
    b.insert(0, u"## "_s);
    syncBoth(*reopened, b);
    QCOMPARE(reopened->text(), u"## Timeline of events"_s);
    QCOMPARE(b.text(), reopened->text());

    // The same agent may carry on after a reload, numbering after its earlier edits.
    std::optional<TextDocument> same = TextDocument::load(a.save(), u"alice"_s);
    QVERIFY(same);
    same->insert(0, u">"_s);
    sync(*same, b);
    QCOMPARE(b.text(), u">## Timeline of events"_s);
}

void TestTextDocument::refusesCorruptSnapshots()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.insert(0, u"Five whys: why did the deploy fail?"_s);
    sync(a, b);
    b.remove(0, 5);
    syncBoth(a, b);
    const QByteArray snapshot = a.save();

    QString error;
    QVERIFY(!TextDocument::load(QByteArray("nonsense"), {}, &error));
    QVERIFY(!error.isEmpty());
    for (qsizetype size = 0; size < snapshot.size(); size += 3) {
        QVERIFY(!TextDocument::load(snapshot.first(size)));
    }
    // Flipped bytes are caught by the checks or give a document that still works.
    for (qsizetype i = 4; i < snapshot.size(); ++i) {
        QByteArray damaged = snapshot;
        damaged[i] = char(damaged[i] ^ 0x41);
        std::optional<TextDocument> loaded = TextDocument::load(damaged);
        if (loaded) {
            loaded->insert(0, u"x"_s);
            loaded->remove(0, 1);
            TextDocument c(u"carol"_s);
            c.apply(loaded->opsSince({}));
        }
    }
}

void TestTextDocument::anchorsFollowConcurrentEdits()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.insert(0, u"Lessons learned"_s);
    sync(a, b);

    const ItemRef cursor = b.anchorAt(7); // after "Lessons"
    QCOMPARE(b.positionOf(cursor), 7);
    QCOMPARE(a.positionOf(cursor), 7);
    QCOMPARE(a.positionOf(ItemRef{}), 0);
    QCOMPARE(a.positionOf(ItemRef{u"nobody"_s, 0}), -1);

    a.insert(0, u"## "_s);
    QCOMPARE(a.positionOf(cursor), 10);
    a.remove(3, 7); // the anchor character goes
    QCOMPARE(a.positionOf(cursor), 3);
}

void TestTextDocument::undoRevertsOwnEditsOnly()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.setUndoEnabled(true);
    a.insert(0, u"alpha"_s);
    a.stopUndoCapture();
    sync(a, b);
    b.insert(5, u" beta"_s);
    sync(b, a);
    a.insert(0, u"gamma "_s);
    QCOMPARE(a.text(), u"gamma alpha beta"_s);

    QVERIFY(a.canUndo());
    const std::vector<TextChange> changes = a.undo();
    QCOMPARE(applyChanges(u"gamma alpha beta"_s, changes), a.text());
    QCOMPARE(a.text(), u"alpha beta"_s);
    a.undo();
    QCOMPARE(a.text(), u" beta"_s);
    QVERIFY(!a.canUndo());
    QVERIFY(a.undo().empty());

    sync(a, b);
    QCOMPARE(b.text(), u" beta"_s);
}

void TestTextDocument::undoRestoresDeletedText()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.setUndoEnabled(true);
    b.insert(0, u"What went well: paging worked."_s);
    sync(b, a);

    a.remove(15, 15);
    QCOMPARE(a.text(), u"What went well:"_s);
    a.stopUndoCapture();
    sync(a, b);
    b.insert(0, u"- "_s);
    b.insert(b.length(), u" (draft)"_s);
    sync(b, a);

    const std::vector<TextChange> changes = a.undo();
    QCOMPARE(a.text(), u"- What went well: paging worked. (draft)"_s);
    QCOMPARE(applyChanges(u"- What went well: (draft)"_s, changes), a.text());
    syncBoth(a, b);
    QCOMPARE(b.text(), a.text());
}

void TestTextDocument::redoReappliesUndoneEdits()
{
    TextDocument a(u"alice"_s);
    a.setUndoEnabled(true);
    a.insert(0, u"one"_s);
    a.stopUndoCapture();
    a.insert(3, u" two"_s);
    a.stopUndoCapture();
    a.remove(0, 4);
    QCOMPARE(a.text(), u"two"_s);

    a.undo();
    QCOMPARE(a.text(), u"one two"_s);
    a.undo();
    QCOMPARE(a.text(), u"one"_s);
    QVERIFY(a.canRedo());
    a.redo();
    QCOMPARE(a.text(), u"one two"_s);
    a.redo();
    QCOMPARE(a.text(), u"two"_s);
    QVERIFY(!a.canRedo());

    // And back again through restored characters.
    a.undo();
    a.undo();
    a.undo();
    QCOMPARE(a.text(), QString());
    a.redo();
    a.redo();
    QCOMPARE(a.text(), u"one two"_s);

    TextDocument b(u"bob"_s);
    sync(a, b);
    QCOMPARE(b.text(), a.text());
}

void TestTextDocument::undoGroupsByCapture()
{
    TextDocument a(u"alice"_s);
    a.setUndoEnabled(true);
    a.setUndoCaptureInterval(60 * 60 * 1000);
    for (const QChar c : u"typed quickly"_s) {
        a.insert(a.length(), QString(c));
    }
    a.remove(a.length() - 1, 1);
    a.undo();
    QCOMPARE(a.text(), QString());

    a.setUndoCaptureInterval(-1); // every edit is its own step
    a.insert(0, u"a"_s);
    a.insert(1, u"b"_s);
    a.undo();
    QCOMPARE(a.text(), u"a"_s);
}

void TestTextDocument::undoConvergesAcrossReplicas()
{
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    a.setUndoEnabled(true);
    b.setUndoEnabled(true);
    a.insert(0, u"Action items: "_s);
    a.stopUndoCapture();
    sync(a, b);

    // Concurrent edits, each undone before they meet.
    a.insert(14, u"rotate keys"_s);
    b.remove(0, 6);
    b.insert(0, u"Follow-up"_s);
    a.undo();
    b.undo();
    syncBoth(a, b);
    QCOMPARE(a.text(), b.text());
    QCOMPARE(a.text(), u"Action items: "_s);
    a.redo();
    b.redo();
    syncBoth(a, b);
    QCOMPARE(a.text(), b.text());
    QCOMPARE(a.text(), u"Follow-up items: rotate keys"_s);
}

void TestTextDocument::newEditClearsRedo()
{
    TextDocument a(u"alice"_s);
    a.setUndoEnabled(true);
    a.insert(0, u"x"_s);
    a.undo();
    QVERIFY(a.canRedo());
    a.insert(0, u"y"_s);
    QVERIFY(!a.canRedo());
}

void TestTextDocument::undoDisabledByDefault()
{
    TextDocument a(u"alice"_s);
    QVERIFY(!a.isUndoEnabled());
    a.insert(0, u"x"_s);
    QVERIFY(!a.canUndo());
    QVERIFY(a.undo().empty());
}

void TestTextDocument::manyChunks()
{
    // Enough scattered edits to split chunks many times, from several agents.
    TextDocument a(u"alice"_s);
    TextDocument b(u"bob"_s);
    quint32 state = 7;
    auto next = [&state](quint32 bound) {
        state = state * 1103515245u + 12345u;
        return (state >> 8) % bound;
    };
    for (int i = 0; i < 20000; ++i) {
        TextDocument &editor = i % 3 == 0 ? b : a;
        const auto length = quint32(editor.length());
        if (length > 10 && next(4) == 0) {
            const quint32 position = next(length - 5);
            editor.remove(position, 1 + next(4));
        } else {
            editor.insert(next(length + 1), QString(QChar(u'a' + char16_t(next(26)))));
        }
        if (i % 50 == 0) {
            syncBoth(a, b);
            QCOMPARE(a.text(), b.text());
        }
    }
    syncBoth(a, b);
    QCOMPARE(a.text(), b.text());
    QVERIFY(a.stats().chunks > 10);
    std::optional<TextDocument> loaded = TextDocument::load(a.save());
    QVERIFY(loaded);
    QCOMPARE(loaded->text(), a.text());
}

QTEST_GUILESS_MAIN(TestTextDocument)
#include "tst_textdocument.moc"
