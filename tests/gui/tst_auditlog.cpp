// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's audit log: what people did, with when, who and from where, taken from the
// events the desktop holds, newest first, filtered by text and by person; and its place in the
// main window's View menu.
#include "auditlog.h"
#include "desktopsession.h"
#include "mainwindow.h"
#include "sampleevents.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

class TestAuditLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsCommandsNewestFirst();
    void filtersByTextAndPerson();
    void followsNewEvents();
    void reloadsFromTheLocalCopy();
    void isInTheViewMenu();

private:
    QString cell(const QAbstractItemModel &model, int row, int column) const
    {
        return model.index(row, column).data().toString();
    }
    void applySample();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopSession> m_session;
    SampleEvents m_events;
};

void TestAuditLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir->filePath(u"replica.sqlite"_s)));
    m_events = SampleEvents();
    m_events.setTime(1764842400000); // 2025-12-04T10:00:00Z
}

void TestAuditLog::cleanup()
{
    m_session.reset();
    m_dir.reset();
}

void TestAuditLog::applySample()
{
    m_session->applyEvents(
        {m_events.opened(u"i-1"_s, 1, u"Checkout errors"_s),
         m_events.next(u"incident.note_added"_s, u"i-1"_s,
                       {{u"text"_s, u"Rolled back"_s}, {u"origin"_s, u"rest 127.0.0.1"_s}},
                       u"user:alice"_s),
         m_events.next(u"incident.acknowledged"_s, u"i-1"_s, {{u"origin"_s, u"sync 10.0.0.7"_s}},
                       u"user:bob"_s),
         m_events.next(u"escalation.started"_s, u"i-1"_s, {}, u"system"_s),
         m_events.next(u"team.created"_s, QString(), {{u"name"_s, u"payments"_s}},
                       u"user:alice"_s)});
}

void TestAuditLog::listsCommandsNewestFirst()
{
    AuditLogModel model(m_session.get());
    applySample();

    // People's commands only: not the integration's alert, not the system's escalation.
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, 0, AuditLogModel::Action), u"team.created"_s);
    QCOMPARE(cell(model, 0, AuditLogModel::Incident), QString());
    QCOMPARE(cell(model, 0, AuditLogModel::Origin), u"not recorded"_s);
    QCOMPARE(cell(model, 1, AuditLogModel::Actor), u"bob"_s);
    QCOMPARE(cell(model, 1, AuditLogModel::Origin), u"sync 10.0.0.7"_s);
    QCOMPARE(cell(model, 1, AuditLogModel::Incident), u"INC-1"_s);
    QCOMPARE(cell(model, 2, AuditLogModel::Actor), u"alice"_s);
    QCOMPARE(cell(model, 2, AuditLogModel::Origin), u"rest 127.0.0.1"_s);
    QCOMPARE(cell(model, 2, AuditLogModel::Action), u"incident.note_added"_s);
    QCOMPARE(model.index(2, AuditLogModel::Sequence).data().toLongLong(), 2);
    QCOMPARE(model.index(2, AuditLogModel::Time).data(Qt::ToolTipRole).toString(),
             u"2025-12-04T10:00:00.000Z"_s);
    QCOMPARE(model.actors(), QStringList({u"alice"_s, u"bob"_s}));
}

void TestAuditLog::filtersByTextAndPerson()
{
    AuditLogDock dock(m_session.get());
    applySample();
    auto *table = dock.findChild<QTableView *>(u"auditTable"_s);
    auto *text = dock.findChild<QLineEdit *>(u"auditFilter"_s);
    auto *actor = dock.findChild<QComboBox *>(u"auditActor"_s);
    QVERIFY(table && text && actor);
    QCOMPARE(table->model()->rowCount(), 3);

    QTest::keyClicks(text, u"inc-1"_s);
    QCOMPARE(table->model()->rowCount(), 2);
    text->clear();
    QTest::keyClicks(text, u"10.0.0.7"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(cell(*table->model(), 0, AuditLogModel::Actor), u"bob"_s);
    text->clear();

    QCOMPARE(actor->count(), 3); // everyone, alice, bob
    actor->setCurrentIndex(actor->findData(u"alice"_s));
    QCOMPARE(table->model()->rowCount(), 2);
    QTest::keyClicks(text, u"team"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    actor->setCurrentIndex(0);
    text->clear();
    QCOMPARE(table->model()->rowCount(), 3);
}

void TestAuditLog::followsNewEvents()
{
    AuditLogDock dock(m_session.get());
    applySample();
    auto *actor = dock.findChild<QComboBox *>(u"auditActor"_s);
    m_session->applyEvents({m_events.next(u"incident.resolved"_s, u"i-1"_s,
                                          {{u"origin"_s, u"rest 192.0.2.4"_s}}, u"user:carol"_s)});
    QCOMPARE(dock.model()->rowCount(), 4);
    QCOMPARE(cell(*dock.model(), 0, AuditLogModel::Actor), u"carol"_s);
    QVERIFY(actor->findData(u"carol"_s) > 0);
}

void TestAuditLog::reloadsFromTheLocalCopy()
{
    // What the replica holds is shown at once, before any server.
    {
        Replica replica;
        QVERIFY(replica.open(m_dir->filePath(u"kept.sqlite"_s)));
        QVERIFY(replica.reset(u"store-1"_s));
        QVERIFY(replica.append({m_events.opened(u"i-1"_s, 1, u"Checkout errors"_s),
                                m_events.next(u"incident.acknowledged"_s, u"i-1"_s,
                                              {{u"origin"_s, u"sync 10.0.0.7"_s}},
                                              u"user:bob"_s)}));
    }
    DesktopSession session;
    QVERIFY(session.open(m_dir->filePath(u"kept.sqlite"_s)));
    AuditLogModel model(&session);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, AuditLogModel::Origin), u"sync 10.0.0.7"_s);
    QCOMPARE(cell(model, 0, AuditLogModel::Incident), u"INC-1"_s);
}

void TestAuditLog::isInTheViewMenu()
{
    MainWindow window(m_session.get());
    auto *dock = window.findChild<AuditLogDock *>(u"auditLogDock"_s);
    QVERIFY(dock);
    QVERIFY(dock->isHidden());
    auto *view = window.findChild<QMenu *>(u"viewMenu"_s);
    QVERIFY(view);
    QVERIFY(view->actions().contains(dock->toggleViewAction()));
    window.show();
    dock->toggleViewAction()->trigger();
    QVERIFY(dock->isVisible());
}

QTEST_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
