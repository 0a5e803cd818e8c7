// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"
#include "incidenttext.h"
#include "notemarkdown.h"
#include "sampleevents.h"
#include "timelinefilter.h"
#include "timelinemodel.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::SampleEvents;

class TestTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void describesEvents_data();
    void describesEvents();
    void showsEventsOfOneIncidentInOrder();
    void appendsLiveEvents();
    void clearsWithoutIncident();
    void leavesOutPostMortemEdits();
    void showsTimesInViewersTimeZone();
    void sortsEventsIntoKinds_data();
    void sortsEventsIntoKinds();
    void filtersByKindAndWords();
    void readsLongTimelinesInPages();
    void readsPagesAheadWhenIdle();
    void tellsPlainNotesFromMarkdown_data();
    void tellsPlainNotesFromMarkdown();

private:
    QString replicaPath() const { return m_dir->filePath(u"replica.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestTimelineModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // English is the source language; its catalogue holds the plural forms.
    auto *english = new QTranslator(this);
    QVERIFY(english->load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(english);
}

void TestTimelineModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestTimelineModel::describesEvents_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("detail");

    const QJsonObject alert{{u"alert"_s, u"alert-1"_s}};
    QTest::newRow("opened") << u"incident.opened"_s
                            << QJsonObject{{u"title"_s, u"Disk full"_s}, {u"severity"_s, u"P2"_s}}
                            << u"system"_s << u"Incident opened: Disk full"_s
                            << u"severity P2"_s;
    QTest::newRow("alert received")
        << u"alert.received"_s
        << QJsonObject{{u"alert"_s, QJsonObject{{u"id"_s, u"alert-2"_s},
                                                {u"title"_s, u"Latency high"_s},
                                                {u"labels"_s, QJsonObject{{u"instance"_s,
                                                                           u"api-02"_s}}}}}}
        << u"integration:prometheus"_s << u"Alert received: Latency high"_s << u"api-02"_s;
    QTest::newRow("alert updated")
        << u"alert.updated"_s
        << QJsonObject{{u"alert"_s, u"alert-1"_s},
                       {u"changed"_s, QJsonArray{u"description"_s}}}
        << u"integration:prometheus"_s << u"Alert updated: Errors"_s
        << u"api-01 · changed: description"_s;
    QTest::newRow("alert resolved") << u"alert.resolved"_s << alert << u"system"_s
                                    << u"Alert resolved: Errors"_s << u"api-01"_s;
    QTest::newRow("alert refired") << u"alert.refired"_s << alert << u"system"_s
                                   << u"Alert fired again: Errors"_s << u"api-01"_s;
    QTest::newRow("severity changed")
        << u"incident.severity_changed"_s
        << QJsonObject{{u"from"_s, u"P3"_s}, {u"to"_s, u"P1"_s},
                       {u"reason"_s, u"alert joined: Errors"_s}}
        << u"system"_s << u"Severity changed from P3 to P1"_s << u"alert joined: Errors"_s;
    QTest::newRow("alerts resolved") << u"incident.alerts_resolved"_s
                                     << QJsonObject{{u"alerts"_s, 2}} << u"system"_s
                                     << u"All 2 alerts resolved"_s << QString();
    QTest::newRow("one alert resolved") << u"incident.alerts_resolved"_s
                                        << QJsonObject{{u"alerts"_s, 1}} << u"system"_s
                                        << u"The only alert resolved"_s << QString();
    QTest::newRow("alerts truncated")
        << u"incident.alerts_truncated"_s << QJsonObject{{u"count"_s, 3}} << u"system"_s
        << u"3 alerts not delivered"_s
        << u"The source shortened its message: these alerts are unknown, not resolved."_s;
    QTest::newRow("acknowledged") << u"incident.acknowledged"_s
                                  << QJsonObject{{u"note"_s, u"on it"_s}} << u"user:alice"_s
                                  << u"Acknowledged"_s << u"on it"_s;
    QTest::newRow("resolved") << u"incident.resolved"_s << QJsonObject{} << u"user:bob"_s
                              << u"Resolved"_s << QString();
    QTest::newRow("closed") << u"incident.closed"_s << QJsonObject{} << u"user:bob"_s
                            << u"Closed"_s << QString();
    QTest::newRow("status changed")
        << u"incident.status_changed"_s
        << QJsonObject{{u"from"_s, u"investigating"_s}, {u"to"_s, u"monitoring"_s},
                       {u"note"_s, u"fix deployed"_s}}
        << u"user:bob"_s << u"Status changed from Investigating to Monitoring"_s
        << u"fix deployed"_s;
    QTest::newRow("reopened") << u"incident.reopened"_s
                              << QJsonObject{{u"reason"_s, u"errors are back"_s}}
                              << u"user:bob"_s << u"Reopened"_s << u"errors are back"_s;
    QTest::newRow("note") << u"incident.note_added"_s
                          << QJsonObject{{u"text"_s, u"Rolled back\nrelease 4.2"_s}}
                          << u"user:bob"_s << u"Note added"_s << u"Rolled back release 4.2"_s;
    QTest::newRow("role handed over")
        << u"incident.role_assigned"_s
        << QJsonObject{{u"role"_s, u"commander"_s}, {u"user"_s, u"carol"_s},
                       {u"previous"_s, u"alice"_s}}
        << u"user:alice"_s << u"carol is now incident commander"_s
        << u"taking over from alice"_s;
    QTest::newRow("role given up")
        << u"incident.role_unassigned"_s
        << QJsonObject{{u"role"_s, u"responder"_s}, {u"user"_s, u"dave"_s}} << u"user:dave"_s
        << u"dave is no longer a responder"_s << QString();
    QTest::newRow("unknown") << u"runbook.step_run"_s << QJsonObject{} << u"user:bob"_s
                             << u"Runbook step run"_s
                             << u"runbook.step_run: this version of Firebreak does not describe"
                                u" it yet"_s;
}

void TestTimelineModel::describesEvents()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, data);
    QFETCH(QString, actor);
    QFETCH(QString, summary);
    QFETCH(QString, detail);

    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(), {events.opened(u"i"_s, 1, u"Errors"_s),
                        events.alertReceived(u"i"_s, u"alert-1"_s, u"Errors"_s, u"api-01"_s),
                        events.next(type, u"i"_s, data, actor)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"i"_s);

    QCOMPARE(model.rowCount(), 3);
    const QModelIndex last = model.index(2);
    QCOMPARE(last.data(TimelineModel::DescriptionRole).toString(), summary);
    QCOMPARE(last.data(TimelineModel::DetailRole).toString(), detail);
    QCOMPARE(last.data(TimelineModel::TypeRole).toString(), type);
    QCOMPARE(last.data(TimelineModel::ActorRole).toString(), IncidentText::actor(actor));
    const QString line = last.data().toString();
    QVERIFY2(line.contains(summary) && line.contains(detail)
                 && line.contains(IncidentText::actor(actor)),
             qPrintable(line));
}

void TestTimelineModel::showsEventsOfOneIncidentInOrder()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(), {events.opened(u"a"_s, 1, u"A"_s), events.opened(u"b"_s, 2, u"B"_s),
                        events.alertReceived(u"a"_s, u"alert-1"_s, u"Errors"_s),
                        events.next(u"incident.acknowledged"_s, u"a"_s, {}, u"user:alice"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0).data(TimelineModel::TypeRole).toString(), u"incident.opened"_s);
    QCOMPARE(model.index(1).data(TimelineModel::TypeRole).toString(), u"alert.received"_s);
    QCOMPARE(model.index(2).data(TimelineModel::TypeRole).toString(),
             u"incident.acknowledged"_s);
    QCOMPARE(model.index(2).data(TimelineModel::ActorRole).toString(), u"alice"_s);
    QCOMPARE(model.index(2).data(TimelineModel::SequenceRole).toLongLong(), 4);
}

void TestTimelineModel::appendsLiveEvents()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 1, u"A"_s),
                                                 events.opened(u"b"_s, 2, u"B"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    session.applyEvents({events.next(u"incident.acknowledged"_s, u"b"_s, {}),
                         events.next(u"incident.acknowledged"_s, u"a"_s, {}, u"user:alice"_s)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(TimelineModel::DescriptionRole).toString(), u"Acknowledged"_s);
    QCOMPARE(reset.size(), 0);
}

void TestTimelineModel::leavesOutPostMortemEdits()
{
    // Post-mortem edits are many small events; the post-mortem shows them, not the timeline.
    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(), {events.opened(u"a"_s, 1, u"A"_s),
                        events.next(u"postmortem.edited"_s, u"a"_s, {{u"ops"_s, QJsonObject()}})}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    QCOMPARE(model.rowCount(), 1);
    session.applyEvents({events.next(u"postmortem.edited"_s, u"a"_s, {{u"ops"_s, QJsonObject()}}),
                         events.next(u"incident.acknowledged"_s, u"a"_s, {})});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(TimelineModel::TypeRole).toString(),
             u"incident.acknowledged"_s);
}

void TestTimelineModel::clearsWithoutIncident()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(replicaPath(), {events.opened(u"a"_s, 1, u"A"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    QCOMPARE(model.rowCount(), 1);
    model.setIncident({});
    QCOMPARE(model.rowCount(), 0);
    session.applyEvents({events.next(u"incident.acknowledged"_s, u"a"_s, {})});
    QCOMPARE(model.rowCount(), 0);
}

void TestTimelineModel::showsTimesInViewersTimeZone()
{
    // 10:00 UTC is 15:30 in India, which has no daylight saving time.
    const QByteArray previous = qgetenv("TZ");
    qputenv("TZ", "Asia/Kolkata");
    tzset();
    const qint64 at = QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch();
    const QDateTime sameDay = QDateTime::fromMSecsSinceEpoch(at + 60 * 1000);
    const QString time = IncidentText::time(at, sameDay);
    const QString dated = IncidentText::time(at, sameDay.addDays(3));
    if (previous.isNull()) {
        qunsetenv("TZ");
    } else {
        qputenv("TZ", previous);
    }
    tzset();

    QCOMPARE(time, u"15:30:00"_s);
    QVERIFY(dated.endsWith(u" 15:30:00"_s));
    QVERIFY(dated.size() > time.size());
}

void TestTimelineModel::sortsEventsIntoKinds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("kind");

    QTest::newRow("alert") << u"alert.received"_s << int(TimelineModel::AlertKind);
    QTest::newRow("alerts resolved") << u"incident.alerts_resolved"_s
                                     << int(TimelineModel::AlertKind);
    QTest::newRow("opened") << u"incident.opened"_s << int(TimelineModel::StatusKind);
    QTest::newRow("status") << u"incident.status_changed"_s << int(TimelineModel::StatusKind);
    QTest::newRow("reopened") << u"incident.reopened"_s << int(TimelineModel::StatusKind);
    QTest::newRow("severity") << u"incident.severity_changed"_s
                              << int(TimelineModel::SeverityKind);
    QTest::newRow("note") << u"incident.note_added"_s << int(TimelineModel::NoteKind);
    QTest::newRow("role") << u"incident.role_unassigned"_s << int(TimelineModel::RoleKind);
    QTest::newRow("task") << u"task.moved"_s << int(TimelineModel::TaskKind);
    QTest::newRow("page") << u"page.sent"_s << int(TimelineModel::MessageKind);
    QTest::newRow("escalation") << u"escalation.level_reached"_s
                                << int(TimelineModel::MessageKind);
    QTest::newRow("evidence") << u"incident.evidence_attached"_s
                              << int(TimelineModel::EvidenceKind);
    QTest::newRow("target") << u"incident.target_breached"_s << int(TimelineModel::OtherKind);
    QTest::newRow("unknown") << u"runbook.step_run"_s << int(TimelineModel::OtherKind);
}

void TestTimelineModel::sortsEventsIntoKinds()
{
    QFETCH(QString, type);
    QFETCH(int, kind);
    QCOMPARE(int(TimelineModel::kindOf(type)), kind);
}

void TestTimelineModel::filtersByKindAndWords()
{
    SampleEvents events;
    QVERIFY(Testing::storeEvents(
        replicaPath(),
        {events.opened(u"a"_s, 1, u"Checkout down"_s, u"P1"_s),
         events.alertReceived(u"a"_s, u"alert-1"_s, u"Errors"_s, u"api-01"_s),
         events.next(u"incident.note_added"_s, u"a"_s,
                     {{u"text"_s, u"Résumé of the **cache** purge"_s}}, u"user:alice"_s),
         events.next(u"incident.severity_changed"_s, u"a"_s,
                     {{u"from"_s, u"P1"_s}, {u"to"_s, u"P2"_s}}, u"user:bob"_s)}));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    TimelineFilter filter;
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), 4);
    QVERIFY(!filter.isFiltering());
    QCOMPARE(model.index(0).data(TimelineModel::SeverityRole).toInt(), int(Severity::P1));
    QCOMPARE(model.index(3).data(TimelineModel::SeverityRole).toInt(), int(Severity::P2));
    QCOMPARE(model.index(2).data(TimelineModel::SeverityRole).toInt(), int(Severity::Unknown));

    filter.setKinds(TimelineModel::NoteKind | TimelineModel::SeverityKind);
    QCOMPARE(filter.rowCount(), 2);
    // Accents and case do not matter, every word must appear, the actor counts. The search
    // runs on a worker thread and answers through searchFinished().
    QSignalSpy answered(&filter, &TimelineFilter::searchFinished);
    filter.setSearchText(u"  RESUME   alice "_s);
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(TimelineModel::TypeRole).toString(),
             u"incident.note_added"_s);
    filter.setSearchText(u"resume bob"_s);
    QTRY_COMPARE(answered.size(), 2);
    QCOMPARE(filter.rowCount(), 0);
    // Alert titles named by id only, and the time of day, are searched too.
    filter.setKinds(TimelineModel::AllKinds);
    filter.setSearchText(u"errors api-01"_s);
    QTRY_COMPARE(answered.size(), 3);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(TimelineModel::TypeRole).toString(), u"alert.received"_s);

    // Live events go through the same filter, searched here as they arrive.
    filter.setSearchText(u"later"_s);
    QTRY_COMPARE(answered.size(), 4);
    QCOMPARE(filter.rowCount(), 0);
    session.applyEvents({events.next(u"incident.note_added"_s, u"a"_s, {{u"text"_s, u"Later"_s}}),
                         events.next(u"incident.acknowledged"_s, u"a"_s, {})});
    QCOMPARE(filter.rowCount(), 1);
    filter.setSearchText(QString());
    filter.setKinds(TimelineModel::NoteKind | TimelineModel::SeverityKind);
    QCOMPARE(filter.rowCount(), 3);
    filter.setKinds(TimelineModel::AllKinds);
    QCOMPARE(filter.rowCount(), 6);
}

void TestTimelineModel::readsLongTimelinesInPages()
{
    // More rows than a few pages, with a post-mortem edit among them that takes no row.
    SampleEvents events;
    EventList stored{events.opened(u"a"_s, 1, u"A"_s), events.opened(u"b"_s, 2, u"B"_s)};
    const int notes = 5 * TimelineModel::s_pageSize + 7;
    for (int i = 0; i < notes; ++i) {
        stored.append(events.next(u"incident.note_added"_s, u"a"_s,
                                  {{u"text"_s, u"Note %1"_s.arg(i)}}, u"user:alice"_s));
        if (i == 100) {
            stored.append(events.next(u"postmortem.edited"_s, u"a"_s, {{u"ops"_s, QJsonObject()}}));
        }
    }
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    QCOMPARE(model.rowCount(), notes + 1);

    // Any row, in any order, is the right event.
    for (const int row : {notes, 1, 3 * TimelineModel::s_pageSize, 101, 102, notes - 1}) {
        QCOMPARE(model.index(row).data(TimelineModel::MarkdownRole).toString(),
                 u"Note %1"_s.arg(row - 1));
    }
    QCOMPARE(model.index(0).data(TimelineModel::TypeRole).toString(), u"incident.opened"_s);
    // Live rows land on the last, partly read page.
    session.applyEvents({events.next(u"incident.note_added"_s, u"a"_s, {{u"text"_s, u"Last"_s}})});
    QCOMPARE(model.rowCount(), notes + 2);
    QCOMPARE(model.index(notes + 1).data(TimelineModel::MarkdownRole).toString(), u"Last"_s);
    QCOMPARE(model.index(notes).data(TimelineModel::MarkdownRole).toString(),
             u"Note %1"_s.arg(notes - 1));
}

void TestTimelineModel::readsPagesAheadWhenIdle()
{
    SampleEvents events;
    EventList stored{events.opened(u"a"_s, 1, u"A"_s)};
    const int notes = 40 * TimelineModel::s_pageSize;
    for (int i = 0; i < notes; ++i) {
        stored.append(events.next(u"incident.note_added"_s, u"a"_s,
                                  {{u"text"_s, u"Note %1"_s.arg(i)}}, u"user:alice"_s));
    }
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    const auto text = [&model](int row) {
        return model.index(row).data(TimelineModel::MarkdownRole).toString();
    };

    // A row shown: its page is read at once, the pages around it once the loop is idle.
    const int first = 10 * TimelineModel::s_pageSize + 5;
    QCOMPARE(text(first), u"Note %1"_s.arg(first - 1));
    QCOMPARE(model.pageReads().onDemand, 1);
    QTRY_COMPARE(model.pageReads().ahead, 2);
    QCOMPARE(text(first + TimelineModel::s_pageSize), u"Note %1"_s.arg(first + 63));
    QCOMPARE(text(first - TimelineModel::s_pageSize), u"Note %1"_s.arg(first - 65));
    QCOMPARE(model.pageReads().onDemand, 1);

    // A slider dragged by a steady step a frame: the next frames find their rows read.
    const int step = 3 * TimelineModel::s_pageSize + 17;
    int row = first;
    for (int frame = 0; frame < 6; ++frame) {
        row += step;
        const qint64 before = model.pageReads().onDemand;
        const qint64 ahead = model.pageReads().ahead;
        QCOMPARE(text(row), u"Note %1"_s.arg(row - 1));
        if (frame > 0) {
            QCOMPARE(model.pageReads().onDemand, before); // read ahead of this frame
        }
        QTRY_VERIFY(model.pageReads().ahead > ahead); // between frames
    }
    // Rows read ahead are the same as rows read on demand.
    TimelineModel direct(&session);
    direct.setIncident(u"a"_s);
    for (const int at : {row, row - step, first + TimelineModel::s_pageSize}) {
        QCOMPARE(text(at), direct.index(at).data(TimelineModel::MarkdownRole).toString());
        QCOMPARE(model.index(at).data().toString(), direct.index(at).data().toString());
    }
}

void TestTimelineModel::tellsPlainNotesFromMarkdown_data()
{
    QTest::addColumn<QString>("note");
    QTest::addColumn<bool>("plain");

    QTest::newRow("sentence") << u"Checked shard 7: p99 latency back to normal."_s << true;
    QTest::newRow("accents") << u"Résumé (draft) sent to 3 teams"_s << true;
    QTest::newRow("emphasis") << u"Rolled **back**"_s << false;
    QTest::newRow("underscore") << u"see my_var"_s << false;
    QTest::newRow("code") << u"ran `kubectl`"_s << false;
    QTest::newRow("link") << u"see [the graph](http://x)"_s << false;
    QTest::newRow("autolink") << u"see http://example.com"_s << false;
    QTest::newRow("www") << u"see www.example.com"_s << false;
    QTest::newRow("list") << u"- one"_s << false;
    QTest::newRow("numbered") << u"1. one"_s << false;
    QTest::newRow("heading") << u"# Title"_s << false;
    QTest::newRow("html") << u"a <b>tag</b>"_s << false;
    QTest::newRow("entity") << u"a &amp; b"_s << false;
    QTest::newRow("two lines") << u"one\ntwo"_s << false;
    QTest::newRow("double space") << u"one  two"_s << false;
    QTest::newRow("email") << u"ask bob@example.com"_s << false;
}

void TestTimelineModel::tellsPlainNotesFromMarkdown()
{
    QFETCH(QString, note);
    QFETCH(bool, plain);
    QCOMPARE(NoteMarkdown::isPlainText(note), plain);
}

QTEST_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
