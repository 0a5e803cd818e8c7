// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The timeline's search on long timelines: the text read ahead and kept (the corpus), what it
// finds against the rows' own search text, entries that arrive during and after a search, and a
// replica that starts over. Real replica files, offscreen.
#include "desktopsession.h"
#include "incidenttext.h"
#include "sampleevents.h"
#include "sync/replica.h"
#include "sync/syncclient.h"
#include "timelinefilter.h"
#include "timelinemodel.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::SampleEvents;

namespace {

constexpr int s_timeoutMs = 30'000;

/// The entries of a long incident "a" in turn: alerts, notes (some not ASCII), status and
/// role changes, alerts resolved (named by id only) and post-mortem edits (no row).
EventList longIncident(SampleEvents *events, int count, int first = 0)
{
    EventList stored;
    const QStringList notes{u"Checked shard %1: p99 latency back to normal."_s,
                            u"Résumé  of the CACHE purge, shard %1"_s,
                            u"Straße %1 ist wieder erreichbar — ÉCHEC évité"_s,
                            u"  spaces\tand\nlines   around %1  "_s};
    for (int i = first; i < first + count; ++i) {
        switch (i % 6) {
        case 0:
            stored.append(events->alertReceived(u"a"_s, u"alert-%1"_s.arg(i),
                                                u"HighErrorRate on api-%1"_s.arg(i % 17),
                                                u"api-%1"_s.arg(i % 17)));
            break;
        case 1:
            stored.append(events->next(u"incident.note_added"_s, u"a"_s,
                                       {{u"text"_s, notes.at(i / 6 % 4).arg(i)}},
                                       i % 12 == 1 ? u"user:alice"_s : u"user:Zoë"_s));
            break;
        case 2:
            stored.append(events->next(u"incident.status_changed"_s, u"a"_s,
                                       {{u"from"_s, u"investigating"_s},
                                        {u"to"_s, u"identified"_s}},
                                       u"user:bob"_s));
            break;
        case 3:
            stored.append(events->next(u"alert.resolved"_s, u"a"_s,
                                       {{u"alert"_s, u"alert-%1"_s.arg(i - 3)}}));
            break;
        case 4:
            stored.append(events->next(u"incident.role_assigned"_s, u"a"_s,
                                       {{u"role"_s, u"responder"_s},
                                        {u"user"_s, u"dave%1"_s.arg(i % 13)}},
                                       u"user:carol"_s));
            break;
        default:
            stored.append(events->next(u"postmortem.edited"_s, u"a"_s, {{u"ops"_s, i}}));
        }
    }
    return stored;
}

/// The sequence numbers of the rows the filter shows.
QList<qint64> shown(const TimelineFilter &filter)
{
    QList<qint64> seqs;
    for (int row = 0; row < filter.rowCount(); ++row) {
        seqs.append(filter.index(row, 0).data(TimelineModel::SequenceRole).toLongLong());
    }
    return seqs;
}

/// The rows whose own search text (what they show, who, the note, the time) holds every word,
/// row by row on this thread: what a search must find.
QList<qint64> expected(const TimelineModel &model, const QString &text)
{
    const QStringList words = TimelineFilter::folded(text).split(u' ', Qt::SkipEmptyParts);
    QList<qint64> seqs;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString line = TimelineFilter::folded(model.searchText(row));
        if (std::all_of(words.cbegin(), words.cend(),
                        [&line](const QString &word) { return line.contains(word); })) {
            seqs.append(model.index(row).data(TimelineModel::SequenceRole).toLongLong());
        }
    }
    return seqs;
}

} // namespace

class TestTimelineFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void formatsTimesAsIncidentText();
    void findsExactlyTheMatchingRows_data();
    void findsExactlyTheMatchingRows();
    void readsLongTimelinesAhead();
    void matchesEntriesArrivingDuringAndAfterASearch();
    void startsOverWhenTheReplicaIsReset();

private:
    QString replicaPath() const { return m_dir->filePath(u"replica.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestTimelineFilter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    auto *english = new QTranslator(this);
    QVERIFY(english->load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(english);
}

void TestTimelineFilter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestTimelineFilter::formatsTimesAsIncidentText()
{
    // Every quarter of an hour and odd seconds over two days around a change of the clocks in
    // a zone with daylight saving time, and in one with a half-hour offset.
    const QByteArray previous = qgetenv("TZ");
    for (const char *zone : {"Europe/Berlin", "Asia/Kolkata", "America/St_Johns"}) {
        qputenv("TZ", zone);
        tzset();
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(
            QDateTime(QDate(2026, 3, 29), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
        IncidentText::TimeFormatter formatter(now);
        const qint64 start =
            QDateTime(QDate(2026, 3, 28), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        for (qint64 at = start; at < start + 2 * 24 * 3600 * 1000LL; at += 15 * 60 * 1000 + 7001) {
            QCOMPARE(formatter.time(at), IncidentText::time(at, now));
        }
        QCOMPARE(formatter.today(), now.toLocalTime().date());
    }
    if (previous.isNull()) {
        qunsetenv("TZ");
    } else {
        qputenv("TZ", previous);
    }
    tzset();
}

void TestTimelineFilter::findsExactlyTheMatchingRows_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("one word") << u"shard"_s;
    QTest::newRow("two words, any order, any case") << u"NORMAL shard"_s;
    QTest::newRow("accents and case folded") << u"resume cache"_s;
    QTest::newRow("typed with accents") << u"ÉCHEC Évité"_s;
    QTest::newRow("not ASCII") << u"straße erreichbar"_s;
    QTest::newRow("white space in the note") << u"spaces and lines around"_s;
    QTest::newRow("actor") << u"zoe"_s;
    QTest::newRow("alert named by id only") << u"resolved api-3"_s;
    QTest::newRow("instance") << u"api-11"_s;
    QTest::newRow("time of day") << u"12:3"_s;
    QTest::newRow("a word in the middle of another") << u"ard"_s;
    QTest::newRow("nothing") << u"zebra"_s;
}

void TestTimelineFilter::findsExactlyTheMatchingRows()
{
    QFETCH(QString, text);
    // A long incident over two days: yesterday's times carry their date.
    SampleEvents events;
    const qint64 yesterday = QDateTime::currentMSecsSinceEpoch() - 26 * 3600 * 1000LL;
    EventList stored{events.opened(u"a"_s, 1, u"Checkout down"_s, u"P1"_s)};
    for (int i = 0; i < TimelineFilter::s_prebuildRows + 400; ++i) {
        events.setTime(yesterday + i * 61'000LL);
        stored.append(longIncident(&events, 1, i));
    }
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    TimelineFilter filter;
    filter.setSourceModel(&model);
    QVERIFY(model.rowCount() > TimelineFilter::s_prebuildRows);

    QSignalSpy answered(&filter, &TimelineFilter::searchFinished);
    filter.setSearchText(text);
    QVERIFY(filter.isSearching());
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, s_timeoutMs);
    QVERIFY(!filter.isSearching());
    QCOMPARE(shown(filter), expected(model, text));
    if (text != u"zebra") {
        QVERIFY(filter.rowCount() > 0);
    }
}

void TestTimelineFilter::readsLongTimelinesAhead()
{
    SampleEvents events;
    EventList stored{events.opened(u"a"_s, 1, u"Checkout down"_s, u"P1"_s),
                     events.opened(u"b"_s, 2, u"Short one"_s)};
    stored.append(longIncident(&events, TimelineFilter::s_prebuildRows + 600));
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    TimelineFilter filter;
    filter.setSourceModel(&model);

    // Shown for a moment, the long timeline has its text read without a search.
    model.setIncident(u"a"_s);
    QVERIFY(!filter.hasCorpus());
    QVERIFY(!filter.isSearching());
    QTRY_VERIFY_WITH_TIMEOUT(filter.hasCorpus(), s_timeoutMs);
    QCOMPARE(filter.lastJobStats().entries, model.rowCount());
    QCOMPARE(filter.lastJobStats().entriesRead, model.rowCount());

    // The search then only matches: nothing is read again.
    QSignalSpy answered(&filter, &TimelineFilter::searchFinished);
    filter.setSearchText(u"shard normal"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, s_timeoutMs);
    QCOMPARE(filter.lastJobStats().entriesRead, 0);
    QCOMPARE(shown(filter), expected(model, u"shard normal"_s));
    QVERIFY(filter.rowCount() > 0);

    // Another incident: what was read is dropped, and a short timeline is searched directly.
    filter.setSearchText(QString());
    model.setIncident(u"b"_s);
    QVERIFY(!filter.hasCorpus());
    filter.setSearchText(u"short"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, s_timeoutMs);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.lastJobStats().entriesRead, 1);

    // Searching while the text is being read ahead waits for it rather than reading twice.
    filter.setSearchText(QString());
    model.setIncident(u"a"_s);
    QTRY_VERIFY_WITH_TIMEOUT(filter.hasCorpus(), s_timeoutMs);
    model.setIncident(u"b"_s);
    model.setIncident(u"a"_s);
    filter.setSearchText(u"api-5"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 3, s_timeoutMs);
    QCOMPARE(shown(filter), expected(model, u"api-5"_s));
    QVERIFY(filter.rowCount() > 0);
}

void TestTimelineFilter::matchesEntriesArrivingDuringAndAfterASearch()
{
    SampleEvents events;
    EventList stored{events.opened(u"a"_s, 1, u"Checkout down"_s, u"P1"_s)};
    stored.append(longIncident(&events, TimelineFilter::s_prebuildRows + 100));
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    TimelineFilter filter;
    filter.setSourceModel(&model);
    QSignalSpy answered(&filter, &TimelineFilter::searchFinished);

    // Entries arrive while the first search reads the incident.
    const auto arrive = [&](int count, int first) {
        const EventList more = longIncident(&events, count, first);
        QVERIFY(Testing::storeEvents(replicaPath(), more));
        session.applyEvents(more);
    };
    filter.setSearchText(u"shard"_s);
    QVERIFY(filter.isSearching());
    arrive(30, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, s_timeoutMs);
    QCOMPARE(shown(filter), expected(model, u"shard"_s));
    const qsizetype read = filter.lastJobStats().entries;

    // And after it answered: matched as they come.
    const int before = filter.rowCount();
    arrive(24, 20'000);
    QCOMPARE(shown(filter), expected(model, u"shard"_s));
    QVERIFY(filter.rowCount() > before);

    // The next search reads only what came since, and finds in both.
    arrive(3 * TimelineModel::s_pageSize, 30'000);
    filter.setSearchText(u"shard 3"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, s_timeoutMs);
    QCOMPARE(shown(filter), expected(model, u"shard 3"_s));
    QCOMPARE(filter.lastJobStats().entries, model.rowCount());
    QCOMPARE(filter.lastJobStats().entriesRead, model.rowCount() - read);
    const QList<qint64> found = shown(filter);
    QVERIFY(std::any_of(found.cbegin(), found.cend(),
                        [&events](qint64 seq) { return seq > events.lastSeq() - 100; }));

    // Clearing the search shows every entry again.
    filter.setSearchText(QString());
    QCOMPARE(filter.rowCount(), model.rowCount());
}

void TestTimelineFilter::startsOverWhenTheReplicaIsReset()
{
    SampleEvents events;
    EventList stored{events.opened(u"a"_s, 1, u"Checkout down"_s, u"P1"_s)};
    stored.append(longIncident(&events, TimelineFilter::s_prebuildRows + 100));
    QVERIFY(Testing::storeEvents(replicaPath(), stored));
    DesktopSession session;
    QVERIFY(session.open(replicaPath()));
    TimelineModel model(&session);
    model.setIncident(u"a"_s);
    TimelineFilter filter;
    filter.setSourceModel(&model);
    QSignalSpy answered(&filter, &TimelineFilter::searchFinished);
    filter.setSearchText(u"shard"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, s_timeoutMs);
    QVERIFY(filter.rowCount() > 0);

    // The server's store changed, as the sync client meets it: the replica is emptied and
    // filled again (the same incident id, other words), then the session starts over. A
    // search is under way meanwhile.
    filter.setSearchText(u"shard normal"_s);
    SampleEvents fresh;
    EventList again{fresh.opened(u"a"_s, 1, u"Checkout down again"_s, u"P1"_s)};
    for (int i = 0; i < TimelineFilter::s_prebuildRows + 50; ++i) {
        again.append(fresh.next(u"incident.note_added"_s, u"a"_s,
                                {{u"text"_s, u"Shard %1 normal after the failover"_s.arg(i)}},
                                u"user:erin"_s));
    }
    {
        Replica replica;
        QVERIFY(replica.open(replicaPath()));
        QVERIFY(replica.reset(u"another-store"_s));
        QVERIFY(replica.append(again));
    }
    Q_EMIT session.syncClient()->resynchronising();
    QCOMPARE(model.rowCount(), 0);
    session.applyEvents(again);
    model.setIncident(u"a"_s);
    QCOMPARE(model.rowCount(), again.size());

    // Only the new words: nothing of the old log is found.
    QTRY_VERIFY_WITH_TIMEOUT(!filter.isSearching() && answered.size() >= 2, s_timeoutMs);
    QCOMPARE(shown(filter), expected(model, u"shard normal"_s));
    QCOMPARE(filter.rowCount(), again.size() - 1);
    filter.setSearchText(u"erin failover"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!filter.isSearching(), s_timeoutMs);
    QCOMPARE(filter.rowCount(), again.size() - 1);
    filter.setSearchText(u"alice"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!filter.isSearching(), s_timeoutMs);
    QCOMPARE(filter.rowCount(), 0);
}

QTEST_MAIN(TestTimelineFilter)
#include "tst_timelinefilter.moc"
