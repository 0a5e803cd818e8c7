// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The responders' desktop views, offscreen: the assignment board moved by keyboard and by
// drag and drop, the resource tracker and its chart, the on-call calendar, undelivered
// notifications and the page notifier. A RespondersRoom plays the server: it decides the
// commands the views send and the resulting events are applied to the session.
#include "assignmentboard.h"
#include "deadletterview.h"
#include "desktopsession.h"
#include "mainwindow.h"
#include "notify/notifycommands.h"
#include "oncallcalendar.h"
#include "pagenotifier.h"
#include "resourcetracker.h"
#include "respondersdock.h"
#include "respondersroom.h"
#include "responderstate.h"
#include "workloadchart.h"

#include <QAction>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Firebreak;
using Firebreak::Testing::RespondersRoom;

class RespondersUiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void boardShowsTasksInColumns();
    void keyboardMovesTasks();
    void dragAndDropMovesTasks();
    void addsTasks();
    void trackerShowsWorkloadAndOverload();
    void calendarShowsWhoIsOnCall();
    void deadLettersCanBeRetried();
    void pagesNotifyThePersonOnCall();
    void mainWindowHasTheDock();

private:
    /// Decides a command as the server would and applies its events to the session.
    CommandDecision serve(const QJsonObject &command);
    /// Serves the last command a view sent.
    CommandDecision serveLastSent();
    QString task(const QString &title) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<RespondersDock> m_dock;
    std::unique_ptr<QSignalSpy> m_sent;
    std::unique_ptr<RespondersRoom> m_room;
    QString m_incident;
};

void RespondersUiTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void RespondersUiTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir->filePath(u"replica.sqlite"_s)));
    m_dock = std::make_unique<RespondersDock>(m_session.get());
    m_dock->state()->setCurrentUser(u"alice"_s);
    m_sent = std::make_unique<QSignalSpy>(m_dock->state(), &ResponderState::commandSent);
    m_room = std::make_unique<RespondersRoom>();
    for (const QString &name : {u"alice"_s, u"carol"_s, u"dave"_s}) {
        QVERIFY(serve({{u"type"_s, u"user.create"_s}, {u"name"_s, name}}).ok);
    }
    const CommandDecision declared = serve({{u"type"_s, u"incident.declare"_s},
                                            {u"title"_s, u"Checkout fails"_s},
                                            {u"severity"_s, u"P1"_s},
                                            {u"service"_s, u"checkout"_s}});
    m_incident = declared.events.first().incident;
    for (const auto &[title, owner] : {std::pair{u"Page the database team"_s, u"carol"_s},
                                       std::pair{u"Roll back 2.3"_s, u"dave"_s}}) {
        QVERIFY(serve({{u"type"_s, u"task.create"_s},
                       {u"incident"_s, m_incident},
                       {u"title"_s, title},
                       {u"owner"_s, owner}})
                    .ok);
    }
    m_dock->board()->setIncident(m_incident);
}

void RespondersUiTest::cleanup()
{
    m_sent.reset();
    m_dock.reset();
    m_session.reset();
    m_room.reset();
}

CommandDecision RespondersUiTest::serve(const QJsonObject &command)
{
    const qsizetype before = m_room->log.size();
    CommandDecision decision = m_room->run(command, u"user:alice"_s);
    m_session->applyEvents(m_room->log.mid(before));
    return decision;
}

CommandDecision RespondersUiTest::serveLastSent()
{
    if (m_sent->isEmpty()) {
        return CommandDecision::refuse(400, u"none"_s, u"nothing was sent"_s);
    }
    return serve(m_sent->last().at(0).toJsonObject());
}

QString RespondersUiTest::task(const QString &title) const
{
    for (const auto *record : m_room->responders.board().tasks(m_incident)) {
        if (record->title == title) {
            return record->id;
        }
    }
    return {};
}

void RespondersUiTest::boardShowsTasksInColumns()
{
    AssignmentBoard *board = m_dock->board();
    QCOMPARE(board->incident(), m_incident);
    TaskColumnModel *todo = board->columnModel(u"todo"_s);
    QCOMPARE(todo->rowCount(), 2);
    const QString first = todo->index(0).data().toString();
    QVERIFY(first.startsWith(u"Page the database team"_s));
    QVERIFY(first.contains(u"carol"_s));
    QCOMPARE(board->columnModel(u"doing"_s)->rowCount(), 0);
    QVERIFY(board->findChild<QListView *>(u"boardColumn_blocked"_s));
}

void RespondersUiTest::keyboardMovesTasks()
{
    AssignmentBoard *board = m_dock->board();
    m_dock->show();
    m_dock->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_dock.get()));
    QListView *todo = board->columnView(u"todo"_s);
    todo->setFocus();
    todo->setCurrentIndex(board->columnModel(u"todo"_s)->index(0));

    // Ctrl+Right: to the next column.
    QTest::keyClick(todo, Qt::Key_Right, Qt::ControlModifier);
    QCOMPARE(m_sent->size(), 1);
    const QJsonObject move = m_sent->last().at(0).toJsonObject();
    QCOMPARE(move[u"type"_s].toString(), u"task.move"_s);
    QCOMPARE(move[u"column"_s].toString(), u"doing"_s);
    QCOMPARE(move[u"task"_s].toString(), task(u"Page the database team"_s));
    QVERIFY(serveLastSent().ok);
    QCOMPARE(board->columnModel(u"doing"_s)->rowCount(), 1);
    QCOMPARE(board->columnModel(u"todo"_s)->rowCount(), 1);

    // Ctrl+Down reorders within a column.
    QVERIFY(serve({{u"type"_s, u"task.create"_s},
                   {u"incident"_s, m_incident},
                   {u"title"_s, u"Post an update"_s}})
                .ok);
    todo->setCurrentIndex(board->columnModel(u"todo"_s)->index(0));
    QTest::keyClick(todo, Qt::Key_Down, Qt::ControlModifier);
    QVERIFY(serveLastSent().ok);
    QCOMPARE(board->columnModel(u"todo"_s)->taskAt(1), task(u"Roll back 2.3"_s));
    // The moved task stays selected.
    QCOMPARE(board->columnModel(u"todo"_s)->taskAt(todo->currentIndex().row()),
             task(u"Roll back 2.3"_s));

    // Delete removes it.
    QTest::keyClick(todo, Qt::Key_Delete);
    QCOMPARE(m_sent->last().at(0).toJsonObject()[u"type"_s].toString(), u"task.delete"_s);
    QVERIFY(serveLastSent().ok);
    QCOMPARE(board->columnModel(u"todo"_s)->rowCount(), 1);
}

void RespondersUiTest::dragAndDropMovesTasks()
{
    AssignmentBoard *board = m_dock->board();
    TaskColumnModel *todo = board->columnModel(u"todo"_s);
    TaskColumnModel *blocked = board->columnModel(u"blocked"_s);

    // What a view does on a drop: mime data from the source, dropMimeData on the target.
    std::unique_ptr<QMimeData> mime(todo->mimeData({todo->index(1)}));
    QVERIFY(blocked->canDropMimeData(mime.get(), Qt::MoveAction, -1, 0, {}));
    QVERIFY(blocked->dropMimeData(mime.get(), Qt::MoveAction, -1, 0, {}));
    const QJsonObject move = m_sent->last().at(0).toJsonObject();
    QCOMPARE(move[u"column"_s].toString(), u"blocked"_s);
    QCOMPARE(move[u"index"_s].toInt(), 0);
    QVERIFY(serveLastSent().ok);
    QCOMPARE(blocked->rowCount(), 1);
    QCOMPARE(blocked->taskAt(0), task(u"Roll back 2.3"_s));
    QVERIFY(!blocked->removeRows(0, 1)); // the view never removes by itself

    // Dropped onto the first task of "to do": placed before it.
    std::unique_ptr<QMimeData> back(blocked->mimeData({blocked->index(0)}));
    QVERIFY(todo->dropMimeData(back.get(), Qt::MoveAction, -1, 0, todo->index(0)));
    QCOMPARE(m_sent->last().at(0).toJsonObject()[u"index"_s].toInt(), 0);
    QVERIFY(serveLastSent().ok);
    QCOMPARE(todo->taskAt(0), task(u"Roll back 2.3"_s));

    // Other data is refused.
    QMimeData text;
    text.setText(u"hello"_s);
    QVERIFY(!todo->canDropMimeData(&text, Qt::MoveAction, -1, 0, {}));
}

void RespondersUiTest::addsTasks()
{
    AssignmentBoard *board = m_dock->board();
    auto *title = board->findChild<QLineEdit *>(u"newTaskTitle"_s);
    auto *owner = board->findChild<QLineEdit *>(u"newTaskOwner"_s);
    QTest::keyClicks(owner, u"dave"_s);
    title->setText(u"Write the status update – 状態"_s); // keyClicks types Latin-1 only
    QTest::keyClick(title, Qt::Key_Return);
    const QJsonObject create = m_sent->last().at(0).toJsonObject();
    QCOMPARE(create[u"type"_s].toString(), u"task.create"_s);
    QCOMPARE(create[u"incident"_s].toString(), m_incident);
    QCOMPARE(create[u"owner"_s].toString(), u"dave"_s);
    QVERIFY(serveLastSent().ok);
    QCOMPARE(board->columnModel(u"todo"_s)->rowCount(), 3);
    QVERIFY(title->text().isEmpty());
}

void RespondersUiTest::trackerShowsWorkloadAndOverload()
{
    QVERIFY(serve({{u"type"_s, u"incident.assign_role"_s},
                   {u"incident"_s, m_incident},
                   {u"role"_s, u"commander"_s},
                   {u"user"_s, u"carol"_s}})
                .ok);
    for (int i = 0; i < 6; ++i) {
        QVERIFY(serve({{u"type"_s, u"task.create"_s},
                       {u"incident"_s, m_incident},
                       {u"title"_s, u"Check shard %1"_s.arg(i)},
                       {u"owner"_s, u"dave"_s}})
                    .ok);
    }
    ResourceTracker *tracker = m_dock->tracker();
    tracker->refresh(m_room->now + 90 * 60 * 1000);
    QTableWidget *table = tracker->table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), u"dave"_s); // the most loaded first
    QCOMPARE(table->item(0, 2)->text(), u"7"_s);
    QVERIFY(table->item(0, 5)->text().contains(u"overloaded"_s));
    QCOMPARE(table->item(1, 0)->text(), u"carol"_s);
    QCOMPARE(table->item(1, 1)->text(), u"INC-1 commander"_s);
    QCOMPARE(table->item(1, 4)->text(), u"1 h 30 min"_s);
    QCOMPARE(tracker->chart()->people(), (QStringList{u"dave"_s, u"carol"_s}));
}

void RespondersUiTest::calendarShowsWhoIsOnCall()
{
    QVERIFY(serve({{u"type"_s, u"schedule.create"_s},
                   {u"name"_s, u"Primary"_s},
                   {u"timeZone"_s, u"Europe/Berlin"_s},
                   {u"layers"_s, QJsonArray{QJsonObject{
                                     {u"users"_s, QJsonArray{u"alice"_s, u"carol"_s}},
                                     {u"rotation"_s, u"weekly"_s},
                                     {u"start"_s, u"2026-11-30T09:00"_s}}}}})
                .ok);
    OnCallCalendar *calendar = m_dock->calendar();
    calendar->setDate(QDate(2026, 12, 4));
    calendar->refresh(m_room->now); // 2026-12-04: alice's week
    QVERIFY2(calendar->nowText().contains(u"alice"_s), qPrintable(calendar->nowText()));
    QVERIFY(calendar->nowText().contains(u"carol"_s)); // next
    QVERIFY(calendar->shiftList()->count() >= 1);
    QVERIFY(calendar->shiftList()->item(0)->text().contains(u"alice"_s));
}

void RespondersUiTest::deadLettersCanBeRetried()
{
    const CommandContext context{u"user:admin"_s, m_room->now, {}};
    const CommandDecision channel = Notify::decideNotifyCommand(
        m_dock->state()->outbox(),
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"ops"_s},
         {u"kind"_s, u"slack"_s},
         {u"secret"_s, u"https://hooks.slack.example/services/x"_s}},
        context);
    QVERIFY(channel.ok);
    m_room->apply(channel.events);
    m_session->applyEvents(m_room->log.mid(m_room->log.size() - 1));
    serve({{u"type"_s, u"incident.declare"_s},
           {u"title"_s, u"Second"_s},
           {u"severity"_s, u"P2"_s}});
    const Notify::Outbox &outbox = m_dock->state()->outbox();
    QCOMPARE(outbox.pendingCount(), 1);
    const QString id = outbox.recent(1).first()->id;

    Event failed = makeEvent(u"notification.failed"_s, u"system"_s, QString(),
                             {{u"notification"_s, id},
                              {u"attempt"_s, 8},
                              {u"error"_s, u"HTTP 404"_s},
                              {u"deadLetter"_s, true}});
    m_room->apply({failed});
    m_session->applyEvents({m_room->log.last()});

    DeadLetterView *view = m_dock->deadLetters();
    QCOMPARE(view->list()->topLevelItemCount(), 1);
    QCOMPARE(view->list()->topLevelItem(0)->text(2), u"HTTP 404"_s);
    view->list()->setCurrentItem(view->list()->topLevelItem(0));
    auto *retry = view->findChild<QPushButton *>(u"retryDeadLetter"_s);
    QVERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    const QJsonObject command = m_sent->last().at(0).toJsonObject();
    QCOMPARE(command[u"type"_s].toString(), u"notification.retry"_s);
    QCOMPARE(command[u"notification"_s].toString(), id);
}

void RespondersUiTest::pagesNotifyThePersonOnCall()
{
    PageNotifier *notifier = m_dock->notifier();
    QSignalSpy paged(notifier, &PageNotifier::paged);
    QVERIFY(serve({{u"type"_s, u"escalation_policy.create"_s},
                   {u"name"_s, u"Checkout"_s},
                   {u"levels"_s, QJsonArray{QJsonObject{
                                     {u"targets"_s, QJsonArray{QJsonObject{
                                                        {u"type"_s, u"user"_s},
                                                        {u"id"_s, u"alice"_s}}}}}}}})
                .ok);
    QVERIFY(serve({{u"type"_s, u"escalation.start"_s},
                   {u"incident"_s, m_incident},
                   {u"policy"_s, u"Checkout"_s}})
                .ok);
    QCOMPARE(paged.size(), 1);
    QCOMPARE(notifier->lastIncident(), m_incident);
    QVERIFY(notifier->lastTitle().contains(u"INC-1"_s));
    QVERIFY(notifier->lastMessage().contains(u"Checkout fails"_s));
    QVERIFY(notifier->menu()->findChild<QAction *>(u"acknowledgePage_INC-1"_s));

    // Clicking the notification acknowledges; offline, the command waits in the queue.
    QSignalSpy queued(m_session.get(), &DesktopSession::commandQueued);
    notifier->acknowledgeLast();
    QCOMPARE(queued.size(), 1);
    QVERIFY(queued.first().at(1).toString().contains(u"INC-1"_s));

    // A page for someone else does not notify alice.
    m_dock->state()->setCurrentUser(u"carol"_s);
    const CommandDecision again = serve({{u"type"_s, u"incident.declare"_s},
                                         {u"title"_s, u"Third"_s},
                                         {u"severity"_s, u"P3"_s}});
    QVERIFY(serve({{u"type"_s, u"escalation.start"_s},
                   {u"incident"_s, again.events.first().incident},
                   {u"policy"_s, u"Checkout"_s}})
                .ok);
    QCOMPARE(paged.size(), 1);
}

void RespondersUiTest::mainWindowHasTheDock()
{
    MainWindow window(m_session.get());
    window.show();
    auto *dock = window.findChild<RespondersDock *>(u"respondersDock"_s);
    QVERIFY(dock);
    QVERIFY(dock->findChild<AssignmentBoard *>(u"assignmentBoard"_s));
    QVERIFY(dock->findChild<ResourceTracker *>(u"resourceTracker"_s));
}

QTEST_MAIN(RespondersUiTest)
#include "tst_respondersui.moc"
