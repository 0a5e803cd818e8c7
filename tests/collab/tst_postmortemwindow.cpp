// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's post-mortem window against a real firebreak-server: the organisation's
// template, reconstructing the timeline (key moments, annotations, outside events, the curated
// timeline inserted into the text and its links followed back), action items from the
// document, comments that keep their passage through edits, review to published, the
// dashboard's completion clock, and export to Markdown, HTML and PDF (the PDF's pages read
// back with poppler's pdfinfo, pdftotext and pdftoppm).
#include "actionitemspanel.h"
#include "collab/postmortemsession.h"
#include "desktopsession.h"
#include "postmortemdashboard.h"
#include "postmortemeditor.h"
#include "postmortemreview.h"
#include "postmortemtimeline.h"
#include "postmortemwindow.h"
#include "serverprocess.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <optional>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Runs a poppler tool; its standard output, or nothing when it failed.
std::optional<QByteArray> poppler(const QString &tool, const QStringList &arguments)
{
    QProcess process;
    process.start(tool, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

} // namespace

class TestPostMortemWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void startsFromTheOrganisationsTemplate();
    void reconstructsTheTimeline();
    void createsActionItemsFromTheDocument();
    void commentsFollowTheirPassage();
    void exportsMarkdownHtmlAndPdf();
    void reviewsAndPublishesOnTheClock();

private:
    ServerProcess::Reply command(const QJsonObject &command) const;

    ServerProcess m_server;
    QTemporaryDir m_dir;
    QString m_incident;
    QString m_noteId;
    std::unique_ptr<QWidget> m_main;
    std::unique_ptr<DesktopSession> m_desktop;
    PostMortemWindow *m_window = nullptr;
};

ServerProcess::Reply TestPostMortemWindow::command(const QJsonObject &command) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(command), m_server.adminToken());
}

void TestPostMortemWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    QCOMPARE(command({{u"type"_s, u"account.create"_s},
                      {u"name"_s, u"fran"_s},
                      {u"roles"_s, QJsonArray{u"commander"_s}},
                      {u"password"_s, u"correct horse battery"_s}})
                 .status,
             200);
    QCOMPARE(command({{u"type"_s, u"postmortem.set_template"_s},
                      {u"text"_s, u"# {{number}}: {{title}}\n\n## Customer impact\n\n"
                                  "## Timeline\n\n## Action items\n"_s}})
                 .status,
             200);
    const auto declared = command({{u"type"_s, u"incident.declare"_s},
                                   {u"title"_s, u"Checkout down"_s},
                                   {u"severity"_s, u"P1"_s},
                                   {u"service"_s, u"checkout"_s}});
    m_incident = declared.json()[u"events"_s].toArray().first()[u"incident"_s].toString();
    const auto note = command({{u"type"_s, u"incident.add_note"_s},
                               {u"incident"_s, m_incident},
                               {u"text"_s, u"Rolled back release <b>412</b>"_s}});
    m_noteId = note.json()[u"events"_s].toArray().first()[u"id"_s].toString();
    QVERIFY(!m_noteId.isEmpty());
    QCOMPARE(command({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, m_incident}}).status,
             200);

    const auto login = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, u"fran"_s}, {u"password"_s, u"correct horse battery"_s}}));
    QCOMPARE(login.status, 201);
    m_desktop = std::make_unique<DesktopSession>();
    QVERIFY(m_desktop->open(m_dir.filePath(u"replica.sqlite"_s)));
    m_desktop->connectToServer(m_server.url(), login.json()[u"token"_s].toString());
    QTRY_VERIFY_WITH_TIMEOUT(m_desktop->projection().incident(m_incident)
                                 && m_desktop->projection().incident(m_incident)->resolvedAt > 0,
                             15000);
    QTRY_COMPARE(m_desktop->connectionState(), SyncClient::State::Live);

    m_main = std::make_unique<QWidget>();
    const IncidentRecord *record = m_desktop->projection().incident(m_incident);
    m_window = PostMortemWindow::open(m_desktop.get(), *record, m_main.get());
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestPostMortemWindow::cleanupTestCase()
{
    m_main.reset();
    m_desktop.reset();
    m_server.stop();
}

void TestPostMortemWindow::startsFromTheOrganisationsTemplate()
{
    auto *button = m_window->findChild<QPushButton *>(u"postMortemTemplateButton"_s);
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    const QString text = m_window->session()->text();
    QVERIFY2(text.startsWith(u"# INC-1: Checkout down\n\n## Customer impact\n"_s),
             qPrintable(text));
    QTRY_VERIFY(!m_window->session()->hasPendingEdits());
}

void TestPostMortemWindow::reconstructsTheTimeline()
{
    PostMortemTimeline *timeline = m_window->timeline();
    QTreeWidget *list = timeline->list();
    QTreeWidgetItem *noteRow = nullptr;
    for (int row = 0; row < list->topLevelItemCount(); ++row) {
        if (list->topLevelItem(row)->data(0, PostMortemTimeline::EventIdRole) == m_noteId) {
            noteRow = list->topLevelItem(row);
        }
    }
    QVERIFY(noteRow);
    // The event's own words reach the tooltip as plain text, never as markup.
    const QString tip = noteRow->toolTip(1);
    QVERIFY2(tip.contains(u"release &lt;b&gt;412&lt;/b&gt;"_s), qPrintable(tip));
    QVERIFY(!tip.contains(u"<b>"_s));
    list->setCurrentItem(noteRow);
    auto *note = timeline->findChild<QLineEdit *>(u"postMortemMomentNote"_s);
    note->setText(u"The rollback fixed it"_s);
    QTest::mouseClick(timeline->findChild<QPushButton *>(u"postMortemMarkMoment"_s),
                      Qt::LeftButton);
    QTRY_VERIFY(m_desktop->followUp().postMortem(m_incident)
                && m_desktop->followUp().postMortem(m_incident)->moments.size() == 1);
    QTRY_VERIFY(list->currentItem()
                && list->currentItem()->data(0, PostMortemTimeline::KeyMomentRole).toBool());
    QCOMPARE(list->currentItem()->text(2), u"The rollback fixed it"_s);

    // Something that happened outside Firebreak, before the incident was declared.
    auto *when = timeline->findChild<QDateTimeEdit *>(u"postMortemOutsideTime"_s);
    when->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
    timeline->findChild<QLineEdit *>(u"postMortemOutsideText"_s)
        ->setText(u"A customer reported it"_s);
    QTest::mouseClick(timeline->findChild<QPushButton *>(u"postMortemAddOutside"_s),
                      Qt::LeftButton);
    QTRY_COMPARE(m_desktop->followUp().postMortem(m_incident)->externalEvents.size(), 1);
    QTRY_VERIFY(list->topLevelItem(0)->text(1) == u"A customer reported it"_s);

    // The curated timeline goes into the text at the caret, linked to the events.
    m_window->editor()->textEdit()->moveCursor(QTextCursor::End);
    QTest::mouseClick(timeline->findChild<QPushButton *>(u"postMortemInsertTimeline"_s),
                      Qt::LeftButton);
    const QString text = m_window->session()->text();
    QVERIFY2(text.contains(u"firebreak:event/"_s + m_noteId), qPrintable(text));
    QVERIFY(text.contains(u"The rollback fixed it"_s));
    QVERIFY(text.indexOf(u"A customer reported it"_s) < text.indexOf(u"firebreak:event/"_s));

    // Ctrl+click on a link in the text finds its event on the timeline.
    list->setCurrentItem(list->topLevelItem(0));
    PostMortemTextEdit *edit = m_window->editor()->textEdit();
    QTextCursor cursor(edit->document());
    cursor.setPosition(int(edit->toPlainText().indexOf(u"firebreak:event/"_s) + 3));
    const QPoint point = edit->cursorRect(cursor).center();
    QCOMPARE(edit->linkAt(point), u"firebreak:event/"_s + m_noteId);
    QTest::mouseClick(edit->viewport(), Qt::LeftButton, Qt::ControlModifier, point);
    QTRY_COMPARE(list->currentItem()->data(0, PostMortemTimeline::EventIdRole).toString(),
                 m_noteId);
    QTRY_VERIFY(!m_window->session()->hasPendingEdits());
}

void TestPostMortemWindow::createsActionItemsFromTheDocument()
{
    PostMortemEditor *editor = m_window->editor();
    editor->textEdit()->moveCursor(QTextCursor::End);
    editor->insertAtCursor(u"\n- [ ] Add a canary stage to checkout deploys\n"_s);
    const QString text = m_window->session()->text();
    const qsizetype start = text.indexOf(u"- [ ] Add a canary"_s);
    editor->selectRange(start, text.indexOf(u'\n', start));
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"postMortemActionFromSelection"_s),
                      Qt::LeftButton);

    ActionItemsPanel *panel = m_window->actionItems();
    QCOMPARE(panel->findChild<QLineEdit *>(u"actionItemTitle"_s)->text(),
             u"Add a canary stage to checkout deploys"_s);
    panel->findChild<QLineEdit *>(u"actionItemOwner"_s)->setText(u"fran"_s);
    panel->findChild<QLineEdit *>(u"actionItemTracker"_s)
        ->setText(u"https://tracker.example.com/CHK-9"_s);
    QTest::mouseClick(panel->findChild<QPushButton *>(u"actionItemAdd"_s), Qt::LeftButton);
    QTRY_COMPARE(panel->table()->rowCount(), 1);
    QCOMPARE(panel->table()->item(0, ActionItemsPanel::OwnerColumn)->text(), u"fran"_s);
    QCOMPARE(m_desktop->followUp().actionItems(m_incident).first()->source, u"document"_s);

    // A refused item says why.
    panel->findChild<QLineEdit *>(u"actionItemTitle"_s)->setText(u"Bad owner"_s);
    panel->findChild<QLineEdit *>(u"actionItemOwner"_s)->setText(u"not a user name"_s);
    QTest::mouseClick(panel->findChild<QPushButton *>(u"actionItemAdd"_s), Qt::LeftButton);
    QTRY_VERIFY(panel->findChild<QLabel *>(u"actionItemsMessage"_s)->text().contains(u"owner"_s));

    panel->table()->setCurrentCell(0, 0);
    panel->setSelectedStatus(u"in_progress"_s);
    QTRY_COMPARE(m_desktop->followUp().actionItems(m_incident).first()->status,
                 u"in_progress"_s);
    QTRY_COMPARE(panel->table()->item(0, ActionItemsPanel::StatusColumn)->text(),
                 u"in progress"_s);
}

void TestPostMortemWindow::commentsFollowTheirPassage()
{
    PostMortemEditor *editor = m_window->editor();
    PostMortemReview *review = m_window->review();
    const QString passage = u"Customer impact"_s;
    const qsizetype start = m_window->session()->text().indexOf(passage);
    editor->selectRange(start, start + passage.size());
    review->findChild<QLineEdit *>(u"postMortemCommentText"_s)->setText(u"Numbers, please"_s);
    QTest::mouseClick(review->findChild<QPushButton *>(u"postMortemComment"_s), Qt::LeftButton);
    QTRY_COMPARE(review->comments()->count(), 1);

    // More text goes in before it: the comment keeps its words.
    editor->textEdit()->moveCursor(QTextCursor::Start);
    editor->insertAtCursor(u"Reviewed by the team.\n"_s);
    QVERIFY(review->showComment(0));
    QCOMPARE(editor->textEdit()->textCursor().selectedText(), passage);

    review->comments()->setCurrentRow(0);
    review->resolveSelectedComment();
    QTRY_COMPARE(m_desktop->followUp().postMortem(m_incident)->openComments(), 0);
    QTRY_VERIFY(!m_window->session()->hasPendingEdits());
}

void TestPostMortemWindow::reviewsAndPublishesOnTheClock()
{
    PostMortemReview *review = m_window->review();
    auto *state = review->findChild<QLabel *>(u"postMortemState"_s);
    auto *clock = review->findChild<QLabel *>(u"postMortemClock"_s);
    QVERIFY2(clock->text().startsWith(u"Due in"_s), qPrintable(clock->text()));

    PostMortemDashboard dashboard(m_desktop.get());
    QCOMPARE(dashboard.table()->rowCount(), 1);
    QVERIFY(dashboard.table()
                ->item(0, PostMortemDashboard::ClockColumn)
                ->text()
                .endsWith(u"left"_s));
    // Two days later the clock has run out.
    dashboard.setClock([]() { return QDateTime::currentMSecsSinceEpoch() + 49LL * 3600 * 1000; });
    QVERIFY(dashboard.table()->item(0, PostMortemDashboard::ClockColumn)
                ->text()
                .startsWith(u"overdue by"_s));
    QVERIFY2(dashboard.summary()->text().contains(u"1 overdue"_s),
             qPrintable(dashboard.summary()->text()));
    dashboard.setClock([]() { return QDateTime::currentMSecsSinceEpoch(); });

    QTest::mouseClick(review->findChild<QPushButton *>(u"postMortemRequestReview"_s),
                      Qt::LeftButton);
    QTRY_COMPARE(state->text(), u"State: In review"_s);
    QTest::mouseClick(review->findChild<QPushButton *>(u"postMortemPublish"_s), Qt::LeftButton);
    QTRY_COMPARE(state->text(), u"State: Published"_s);
    QCOMPARE(clock->text(), u"Published in time"_s);
    QTRY_COMPARE(dashboard.table()->item(0, PostMortemDashboard::ClockColumn)->text(),
                 u"published in time"_s);
    QVERIFY(dashboard.summary()->text().contains(u"1 in time"_s));
    QVERIFY(dashboard.table()->item(0, PostMortemDashboard::ActionItemsColumn)
                ->text()
                .startsWith(u"1 open"_s));
}

void TestPostMortemWindow::exportsMarkdownHtmlAndPdf()
{
    const QString markdown = m_dir.filePath(u"pm.md"_s);
    const QString html = m_dir.filePath(u"pm.html"_s);
    const QString pdf = m_dir.filePath(u"pm.pdf"_s);
    QVERIFY(m_window->exportTo(markdown));
    QVERIFY(m_window->exportTo(html));
    QFile file(markdown);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), m_window->session()->text());
    QFile page(html);
    QVERIFY(page.open(QIODevice::ReadOnly));
    const QString htmlText = QString::fromUtf8(page.readAll());
    QVERIFY(htmlText.contains(u"<h2>Customer impact</h2>"_s));
    QVERIFY(htmlText.contains(u"<th>time (UTC)</th>"_s));

    // Long enough for several pages; each page is read back from the PDF.
    QStringList lessons;
    for (int i = 1; i <= 120; ++i) {
        lessons.append(u"- Lesson %1: keep the rollback button close."_s.arg(i));
    }
    m_window->editor()->textEdit()->moveCursor(QTextCursor::End);
    m_window->editor()->insertAtCursor(u"\n## Lessons\n\n"_s + lessons.join(u'\n') + u'\n');
    QTRY_VERIFY(!m_window->session()->hasPendingEdits());
    QVERIFY(m_window->exportTo(pdf));
    const QByteArray info = poppler(u"pdfinfo"_s, {pdf}).value_or(QByteArray());
    QVERIFY2(!info.isEmpty(), "pdfinfo (poppler-utils, packaging/install-deps.sh --tests)");
    const QRegularExpression pagesLine(u"Pages:\\s+(\\d+)"_s);
    const int pages = pagesLine.match(QString::fromUtf8(info)).captured(1).toInt();
    QVERIFY2(pages >= 2, info.constData());
    const QString first = QString::fromUtf8(
        poppler(u"pdftotext"_s, {u"-f"_s, u"1"_s, u"-l"_s, u"1"_s, pdf, u"-"_s})
            .value_or(QByteArray()));
    QVERIFY2(first.contains(u"INC-1: Checkout down"_s), qPrintable(first));
    QVERIFY(first.contains(u"A customer reported it"_s));
    const QString last = QString::fromUtf8(poppler(
        u"pdftotext"_s, {u"-f"_s, QString::number(pages), u"-l"_s, QString::number(pages), pdf,
                         u"-"_s}).value_or(QByteArray()));
    QVERIFY2(last.contains(u"Lesson 120: keep the rollback button close."_s), qPrintable(last));
    QVERIFY(!last.contains(u"INC-1: Checkout down"_s));

    // The first page rendered to pixels is not blank.
    QVERIFY(poppler(u"pdftoppm"_s, {u"-f"_s, u"1"_s, u"-l"_s, u"1"_s, u"-r"_s, u"40"_s,
                                    u"-png"_s, pdf, m_dir.filePath(u"page"_s)}));
    QImage image;
    const QStringList rendered = QDir(m_dir.path()).entryList({u"page*.png"_s});
    QVERIFY(!rendered.isEmpty());
    QVERIFY(image.load(m_dir.filePath(rendered.first())));
    int dark = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        }
    }
    QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
}

QTEST_MAIN(TestPostMortemWindow)
#include "tst_postmortemwindow.moc"
