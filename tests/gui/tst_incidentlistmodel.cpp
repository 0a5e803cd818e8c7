// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"
#include "incidentfiltermodel.h"
#include "incidentlistmodel.h"
#include "sampleevents.h"
#include "incidentstyle.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QIcon>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::SampleEvents;

class TestIncidentListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsIncidentColumns_data();
    void showsIncidentColumns();
    void showsSeverityAsColour();
    void severityTextIsReadable_data();
    void severityTextIsReadable();
    void readableInDarkPalette();
    void showsLastKnownStateFromReplica();
    void updatesIncrementally();
    void refreshesAges();
    void sortsByMeaning();
    void filtersByTextKeepingTheSort();
    void staysFastWithManyIncidents();

private:
    QString replicaPath() const { return m_dir->filePath(u"replica.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestIncidentListModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestIncidentListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestIncidentListModel::showsIncidentColumns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    QTest::newRow("number") << int(IncidentListModel::NumberColumn) << u"INC-7"_s;
    QTest::newRow("title") << int(IncidentListModel::TitleColumn) << u"Checkout errors"_s;
    QTest::newRow("severity") << int(IncidentListModel::SeverityColumn) << u"P1"_s;
    QTest::newRow("status") << int(IncidentListModel::StatusColumn) << u"Triggered"_s;
    QTest::newRow("age") << int(IncidentListModel::AgeColumn) << u"5 min"_s;
    QTest::newRow("service") << int(IncidentListModel::ServiceColumn) << u"checkout"_s;
}

void TestIncidentListModel::showsIncidentColumns()
{
    QFETCH(int, column);
    QFETCH(QString, text);

    SampleEvents events;
    events.setTime(QDateTime::currentMSecsSinceEpoch() - 5 * 60 * 1000 - 10 * 1000);
    QVERIFY(Testing::storeEvents(replicaPath(),
                                 {events.opened(u"i-7"_s, 7, u"Checkout errors"_s, u"P1"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    const IncidentListModel model(&session);

    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(IncidentListModel::ColumnCount));
    QCOMPARE(model.index(0, column).data().toString(), text);
    QCOMPARE(model.index(0, column).data(IncidentListModel::IncidentIdRole).toString(),
             u"i-7"_s);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestIncidentListModel::showsSeverityAsColour()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 1, u"A"_s, u"P1"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    const IncidentListModel model(&session);

    const QModelIndex severity = model.index(0, IncidentListModel::SeverityColumn);
    const QIcon swatch = severity.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!swatch.isNull());
    const QImage image = swatch.pixmap(16, 16).toImage();
    QCOMPARE(image.pixelColor(8, 8), IncidentStyle::severityColor(Severity::P1));
    QVERIFY(severity.data(Qt::ForegroundRole).value<QColor>().isValid());
}

void TestIncidentListModel::severityTextIsReadable_data()
{
    QTest::addColumn<int>("severity");
    QTest::addColumn<QColor>("background");

    const QList<QPair<const char *, QColor>> palettes{{"light", QColor(Qt::white)},
                                                     {"dark", QColor(0x1e, 0x1e, 0x1e)},
                                                     {"grey", QColor(0xef, 0xef, 0xef)}};
    for (const auto &[name, background] : palettes) {
        for (int severity = 1; severity <= 4; ++severity) {
            QTest::addRow("P%d on %s", severity, name) << severity << background;
        }
    }
}

void TestIncidentListModel::severityTextIsReadable()
{
    QFETCH(int, severity);
    QFETCH(QColor, background);

    const QColor text = IncidentStyle::severityTextColor(Severity(severity), background);
    QVERIFY2(IncidentStyle::contrast(text, background) >= 4.5,
             qPrintable(u"%1 on %2"_s.arg(text.name(), background.name())));
}

void TestIncidentListModel::readableInDarkPalette()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 1, u"A"_s, u"P1"_s),
                                                 events.opened(u"b"_s, 2, u"B"_s, u"P4"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    const IncidentListModel model(&session);

    const QPalette light = QGuiApplication::palette();
    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    QGuiApplication::setPalette(dark);
    for (int row = 0; row < model.rowCount(); ++row) {
        for (const int column : {IncidentListModel::SeverityColumn,
                                 IncidentListModel::StatusColumn}) {
            const QColor text = model.index(row, column).data(Qt::ForegroundRole).value<QColor>();
            QVERIFY(IncidentStyle::contrast(text, dark.color(QPalette::Base)) >= 4.5);
        }
    }
    QGuiApplication::setPalette(light);
}

void TestIncidentListModel::showsLastKnownStateFromReplica()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(), {events.opened(u"a"_s, 1, u"First"_s), events.opened(u"b"_s, 2, u"Second"_s),
                        events.next(u"incident.acknowledged"_s, u"a"_s, {}, u"user:alice"_s)}));

    // No server at all: what the replica holds is shown at once.
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    const IncidentListModel model(&session);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(model.rowOf(u"a"_s), IncidentListModel::StatusColumn).data().toString(),
             u"Acknowledged"_s);
    QCOMPARE(session.connectionState(), SyncClient::State::Idle);
}

void TestIncidentListModel::updatesIncrementally()
{
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    IncidentListModel model(&session);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    SampleEvents events;
    session.applyEvents({events.opened(u"a"_s, 1, u"First"_s),
                         events.alertReceived(u"a"_s, u"alert-1"_s, u"Errors"_s),
                         events.opened(u"b"_s, 2, u"Second"_s)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);

    session.applyEvents({events.next(u"incident.acknowledged"_s, u"b"_s, {}, u"user:alice"_s)});
    QCOMPARE(changed.size(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    QCOMPARE(topLeft.row(), model.rowOf(u"b"_s));
    QCOMPARE(model.index(topLeft.row(), IncidentListModel::StatusColumn).data().toString(),
             u"Acknowledged"_s);

    // Events that name no incident, or one never opened, change nothing.
    session.applyEvents({events.next(u"integration.created"_s, {}, {})});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
}

void TestIncidentListModel::refreshesAges()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 1, u"A"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    IncidentListModel model(&session);
    model.setAgeRefreshInterval(50);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QTRY_VERIFY(!changed.isEmpty());
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.column(), int(IncidentListModel::AgeColumn));
    QCOMPARE(bottomRight.column(), int(IncidentListModel::AgeColumn));
}

void TestIncidentListModel::sortsByMeaning()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 9, u"A"_s, u"P3"_s),
                                                 events.opened(u"b"_s, 10, u"B"_s, u"P1"_s),
                                                 events.opened(u"c"_s, 11, u"C"_s, u"P2"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    IncidentListModel model(&session);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(IncidentListModel::SortRole);

    // Numbers sort as numbers (INC-9 before INC-10), severities by rank.
    proxy.sort(IncidentListModel::NumberColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"INC-9"_s);
    QCOMPARE(proxy.index(2, 0).data().toString(), u"INC-11"_s);
    proxy.sort(IncidentListModel::SeverityColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"INC-10"_s);
    QCOMPARE(proxy.index(1, 0).data().toString(), u"INC-11"_s);
}

void TestIncidentListModel::filtersByTextKeepingTheSort()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(), {events.opened(u"a"_s, 9, u"Checkout down"_s, u"P3"_s, u"web"_s),
                        events.opened(u"b"_s, 10, u"Search slow"_s, u"P1"_s, u"web"_s),
                        events.opened(u"c"_s, 11, u"Checkout errors"_s, u"P2"_s, u"web"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    IncidentListModel model(&session);
    IncidentFilterModel filter(&model);
    filter.sort(IncidentListModel::NumberColumn, Qt::DescendingOrder);
    QCOMPARE(filter.rowCount(), 3);
    QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
    QSignalSpy layout(&filter, &QAbstractItemModel::layoutChanged);

    // Any case, in the title, number, severity, status or service; one layout change each.
    filter.setFilterText(u"CHECKOUT"_s);
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.index(0, 0).data().toString(), u"INC-11"_s);
    QCOMPARE(filter.index(1, 0).data().toString(), u"INC-9"_s);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(layout.size(), 1);
    filter.setFilterText(u"p1"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data().toString(), u"INC-10"_s);
    filter.setFilterText(u"inc-1"_s);
    QCOMPARE(filter.rowCount(), 2);
    filter.setFilterText(QString());
    QCOMPARE(filter.rowCount(), 3);
    QCOMPARE(filter.index(0, 0).data().toString(), u"INC-11"_s);

    // New incidents go through the same filter.
    filter.setFilterText(u"checkout"_s);
    session.applyEvents({events.opened(u"d"_s, 12, u"Search down"_s, u"P2"_s, u"web"_s),
                         events.opened(u"e"_s, 13, u"Checkout slow"_s, u"P2"_s, u"web"_s)});
    QCOMPARE(filter.rowCount(), 3);
    QCOMPARE(filter.index(0, 0).data().toString(), u"INC-13"_s);
}

void TestIncidentListModel::staysFastWithManyIncidents()
{
    constexpr int incidents = 50000;
    SampleEvents events;
    EventList opened;
    opened.reserve(incidents);
    for (int number = 1; number <= incidents; ++number) {
        opened.append(events.opened(u"i%1"_s.arg(number), number, u"Incident %1"_s.arg(number),
                                    u"P%1"_s.arg(number % 4 + 1)));
    }
    QVERIFY(Testing::storeEvents(replicaPath(), opened));

    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    IncidentListModel model(&session);
    QCOMPARE(model.rowCount(), incidents);

    // A sorted, visible view, as in the window: every event goes through the proxy too.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(IncidentListModel::SortRole);
    proxy.sort(IncidentListModel::NumberColumn, Qt::DescendingOrder);
    QTableView view;
    view.setModel(&proxy);
    view.resize(1000, 600);
    view.show();
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 2000; ++i) {
        const QString incident = u"i%1"_s.arg((i * 7919) % incidents + 1);
        session.applyEvents({i % 10 == 0
                                 ? events.opened(u"new%1"_s.arg(i), incidents + i + 1, u"New"_s)
                                 : events.next(u"incident.acknowledged"_s, incident, {})});
    }
    QCoreApplication::processEvents();
    const qint64 elapsed = timer.elapsed();
    qInfo() << "2000 single events on" << incidents << "incidents:" << elapsed << "ms";

    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), incidents + 200);
    QVERIFY2(elapsed < 10000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
}

QTEST_MAIN(TestIncidentListModel)
#include "tst_incidentlistmodel.moc"
