// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The post-mortem editor widget on its own: typing reaches the shared document, others' edits
// come in without moving the caret, undo takes back only one's own typing, the template and
// the Markdown highlighting. Sessions are relayed by hand here; tst_postmortemdesktops runs
// two editors through a real server.
#include "collab/postmortems.h"
#include "collab/postmortemsession.h"
#include "desktopsession.h"
#include "model/projection.h"
#include "postmortemeditor.h"
#include "postmortemwindow.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Firebreak;
using namespace Firebreak::Collab;
using namespace Qt::StringLiterals;

namespace {

const QString s_incident = u"5d0e7c1a-0000-4000-8000-000000000001"_s;

/// Hands `to` what `from` has that `to` lacks, as the server's event would.
void relay(const PostMortemSession &from, PostMortemSession &to)
{
    const Ops ops = from.document().opsSince(to.document().version());
    if (!ops.isEmpty()) {
        to.applyEvents({makeEvent(PostMortem::EditedEvent.toString(), u"user:someone"_s,
                                  s_incident, {{u"ops"_s, ops.toJson()}})});
    }
}

QString widgetText(const PostMortemEditor &editor)
{
    return editor.textEdit()->toPlainText();
}

} // namespace

class TestPostMortemEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void typingReachesTheDocument();
    void remoteEditsKeepTheCaret();
    void typingGoesWhereTheCaretIs();
    void undoTakesBackOwnTypingOnly();
    void pasteAndDeleteAcrossLines();
    void charactersOutsideTheBasicPlane();
    void templateStartsAnEmptyDocument();
    void highlightsMarkdown();
    void oneWindowPerIncident();
    void unsentEditsSurviveARestart();

private:
    std::unique_ptr<PostMortemSession> m_mine;
    std::unique_ptr<PostMortemSession> m_theirs;
    std::unique_ptr<PostMortemEditor> m_editor;
};

void TestPostMortemEditor::init()
{
    m_mine = std::make_unique<PostMortemSession>(nullptr, s_incident);
    m_theirs = std::make_unique<PostMortemSession>(nullptr, s_incident);
    m_editor = std::make_unique<PostMortemEditor>(m_mine.get());
    m_editor->resize(600, 400);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestPostMortemEditor::cleanup()
{
    m_editor.reset();
    m_mine.reset();
    m_theirs.reset();
}

void TestPostMortemEditor::typingReachesTheDocument()
{
    QTest::keyClicks(m_editor->textEdit(), u"## Summary"_s);
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Return);
    QTest::keyClicks(m_editor->textEdit(), u"Checkout was down."_s);
    QCOMPARE(m_mine->text(), u"## Summary\nCheckout was down."_s);

    QTest::keyClick(m_editor->textEdit(), Qt::Key_Backspace);
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Home);
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Delete);
    QCOMPARE(m_mine->text(), u"## Summary\nheckout was down"_s);

    relay(*m_mine, *m_theirs);
    QCOMPARE(m_theirs->text(), m_mine->text());
}

void TestPostMortemEditor::remoteEditsKeepTheCaret()
{
    QTest::keyClicks(m_editor->textEdit(), u"impact"_s);
    relay(*m_mine, *m_theirs);
    QCOMPARE(m_editor->textEdit()->textCursor().position(), 6);

    // They add a heading before and a note after; my caret stays after "impact".
    m_theirs->insert(0, u"## "_s);
    m_theirs->insert(m_theirs->document().length(), u": 23 minutes"_s);
    relay(*m_theirs, *m_mine);
    QCOMPARE(widgetText(*m_editor), u"## impact: 23 minutes"_s);
    QCOMPARE(m_editor->textEdit()->textCursor().position(), 9);

    QTest::keyClick(m_editor->textEdit(), '!');
    QCOMPARE(m_mine->text(), u"## impact!: 23 minutes"_s);
}

void TestPostMortemEditor::typingGoesWhereTheCaretIs()
{
    QTest::keyClicks(m_editor->textEdit(), u"Alpha"_s);
    relay(*m_mine, *m_theirs);

    // "A" typed before "Alpha" is a new character in front of the old "A", not after it, and
    // backspacing the second of "pp" removes that one: what the other person does to the
    // neighbouring text then leaves mine alone.
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Home);
    QTest::keyClicks(m_editor->textEdit(), u"A "_s);
    QCOMPARE(m_mine->text(), u"A Alpha"_s);
    m_theirs->remove(0, 5); // they delete the word "Alpha" they saw
    relay(*m_theirs, *m_mine);
    relay(*m_mine, *m_theirs);
    QCOMPARE(m_mine->text(), u"A "_s);
    QCOMPARE(m_theirs->text(), m_mine->text());

    QTest::keyClicks(m_editor->textEdit(), u"pp"_s);
    relay(*m_mine, *m_theirs);
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Backspace);
    m_theirs->insert(4, u"!"_s); // after the second "p", which I am deleting
    relay(*m_mine, *m_theirs);
    relay(*m_theirs, *m_mine);
    QCOMPARE(m_mine->text(), u"A p!"_s);
    QCOMPARE(m_theirs->text(), m_mine->text());
}

void TestPostMortemEditor::undoTakesBackOwnTypingOnly()
{
    QTest::keyClicks(m_editor->textEdit(), u"Lessons"_s);
    relay(*m_mine, *m_theirs);
    m_theirs->insert(7, u" learned"_s);
    relay(*m_theirs, *m_mine);
    m_mine->stopUndoCapture();
    QTest::keyClick(m_editor->textEdit(), Qt::Key_End);
    QTest::keyClicks(m_editor->textEdit(), u" today"_s);
    QCOMPARE(widgetText(*m_editor), u"Lessons learned today"_s);

    QTest::keyClick(m_editor->textEdit(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(widgetText(*m_editor), u"Lessons learned"_s);
    QTest::keyClick(m_editor->textEdit(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(widgetText(*m_editor), u" learned"_s);
    QCOMPARE(m_mine->text(), widgetText(*m_editor));
    m_editor->redo();
    QCOMPARE(widgetText(*m_editor), u"Lessons learned"_s);

    relay(*m_mine, *m_theirs);
    QCOMPARE(m_theirs->text(), u"Lessons learned"_s);
}

void TestPostMortemEditor::pasteAndDeleteAcrossLines()
{
    m_editor->textEdit()->insertPlainText(u"one\ntwo\nthree\n"_s);
    QCOMPARE(m_mine->text(), u"one\ntwo\nthree\n"_s);

    QTextCursor cursor = m_editor->textEdit()->textCursor();
    cursor.setPosition(2);
    cursor.setPosition(9, QTextCursor::KeepAnchor);
    m_editor->textEdit()->setTextCursor(cursor);
    m_editor->textEdit()->insertPlainText(u"NE\nTH"_s);
    QCOMPARE(m_mine->text(), u"onNE\nTHhree\n"_s);
    QCOMPARE(widgetText(*m_editor), m_mine->text());
}

void TestPostMortemEditor::charactersOutsideTheBasicPlane()
{
    const QString fire = QString::fromUcs4(U"\U0001F525", 1);
    m_editor->textEdit()->insertPlainText(fire + u"hot"_s);
    QCOMPARE(m_mine->document().length(), 4);
    relay(*m_mine, *m_theirs);

    // They insert after the flame: positions count code points, the widget UTF-16 units.
    m_theirs->insert(1, u" very "_s);
    relay(*m_theirs, *m_mine);
    QCOMPARE(widgetText(*m_editor), fire + u" very hot"_s);
    QCOMPARE(m_mine->text(), widgetText(*m_editor));
}

void TestPostMortemEditor::templateStartsAnEmptyDocument()
{
    auto *button = m_editor->findChild<QPushButton *>(u"postMortemTemplateButton"_s);
    QVERIFY(button);
    QVERIFY(button->isVisible());
    m_editor->setTemplateValues({{u"title"_s, u"Checkout down"_s}, {u"number"_s, u"INC-7"_s}});
    QTest::mouseClick(button, Qt::LeftButton);

    const QString text = m_mine->text();
    QVERIFY(text.startsWith(u"# Post-mortem: Checkout down\n"_s));
    for (const QString &section : {u"## Summary"_s, u"## Impact"_s, u"## Timeline"_s,
                                   u"### Five whys"_s, u"### Contributing factors"_s,
                                   u"## What went well"_s, u"## What went badly"_s,
                                   u"## Lessons"_s, u"## Action items"_s}) {
        QVERIFY2(text.contains(section), qPrintable(section));
    }
    QCOMPARE(widgetText(*m_editor), text);
    QVERIFY(!button->isVisible());

    // Once someone wrote, the template does not go in again.
    m_editor->insertTemplate();
    QCOMPARE(m_mine->text(), text);
}

void TestPostMortemEditor::highlightsMarkdown()
{
    m_editor->textEdit()->insertPlainText(u"## Root cause\nplain text\n"_s);
    QTRY_VERIFY(!m_editor->textEdit()->document()->firstBlock().layout()->formats().isEmpty());
    const QTextLayout::FormatRange heading
        = m_editor->textEdit()->document()->firstBlock().layout()->formats().first();
    QCOMPARE(heading.start, 0);
    QCOMPARE(heading.format.fontWeight(), int(QFont::Bold));
    QVERIFY(m_editor->textEdit()->document()->firstBlock().next().layout()->formats().isEmpty());
}

void TestPostMortemEditor::oneWindowPerIncident()
{
    QTemporaryDir dir;
    DesktopSession desktop;
    QVERIFY2(desktop.open(dir.filePath(u"replica.sqlite"_s)), qPrintable(desktop.errorString()));
    IncidentRecord incident;
    incident.id = s_incident;
    incident.number = 7;
    incident.title = u"Checkout down"_s;
    QWidget main;

    PostMortemWindow *window = PostMortemWindow::open(&desktop, incident, &main);
    QVERIFY(window->isVisible());
    QVERIFY(window->windowTitle().contains(u"INC-7"_s));
    QCOMPARE(PostMortemWindow::open(&desktop, incident, &main), window);
    window->editor()->insertTemplate();
    QVERIFY(window->session()->text().startsWith(u"# Post-mortem: Checkout down"_s));
    QVERIFY(window->session()->text().contains(u"INC-7 · severity P4"_s));
    window->close();
    QTRY_VERIFY(!main.findChild<PostMortemWindow *>());
}

void TestPostMortemEditor::unsentEditsSurviveARestart()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    IncidentRecord incident;
    incident.id = u"5d0e7c1a-0000-4000-8000-00000000beef"_s;
    incident.number = 8;
    const QString kept = QDir(QStandardPaths::writableLocation(
                                  QStandardPaths::AppLocalDataLocation))
                             .filePath(u"postmortems/%1.state"_s.arg(incident.id));
    QFile::remove(kept);

    // Typed with no server, then the desktop quits.
    {
        DesktopSession desktop;
        QVERIFY(desktop.open(dir.filePath(u"replica.sqlite"_s)));
        QWidget main;
        PostMortemWindow *window = PostMortemWindow::open(&desktop, incident, &main);
        QTest::keyClicks(window->editor()->textEdit(), u"typed on a train"_s);
        QVERIFY(window->session()->hasPendingEdits());
    }
    QVERIFY(QFile::exists(kept));

    DesktopSession desktop;
    QVERIFY(desktop.open(dir.filePath(u"replica.sqlite"_s)));
    QWidget main;
    PostMortemWindow *window = PostMortemWindow::open(&desktop, incident, &main);
    QCOMPARE(window->session()->text(), u"typed on a train"_s);
    QCOMPARE(window->editor()->textEdit()->toPlainText(), u"typed on a train"_s);
    QVERIFY(window->session()->hasPendingEdits());
    QFile::remove(kept);
}

QTEST_MAIN(TestPostMortemEditor)
#include "tst_postmortemeditor.moc"
