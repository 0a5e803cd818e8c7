// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The desktop's speed goals of issue 3, measured side by side in one run:
//
//   firebreak-bench-desktop [--events N] [--incidents N] [--rounds N] [--frames N]
//   firebreak-bench-desktop --first-paint FIREBREAK_BINARY [--rounds N]
//   firebreak-bench-desktop --minimal-window
//   firebreak-bench-desktop --catchup FIREBREAK_SERVER_BINARY [--catchup-events N] [--rounds N]
//
// 1. Timeline: the real main window (MainWindow, DesktopSession on a replica file) opens an
//    incident with N events (default 100,000) in the tab in front, timed twice: the whole
//    incident pane (list selection, header, tab, timeline) and the timeline alone (its model
//    takes the incident, the view goes to the end and paints). Against it, a bare QListView
//    with uniform item sizes gets a QStringListModel holding the same rows (the timeline's own
//    display texts), goes to the end and paints. Rounds alternate. Then scroll frames of both:
//    single steps, pages, random jumps and a drag of the slider through the whole range, each
//    a scroll plus a synchronous repaint, timed by the wall clock and the thread's CPU time.
//    Then a kind filter and search keystrokes on the big timeline.
// 2. Incident list: the same window holds M incidents (default 50,000); building the window
//    (models and first paint), scroll frames of the table and a filter keystroke are timed.
// 3. Memory: resident set (VmRSS) and its peak (VmHWM) with all of it loaded.
// 4. --first-paint: process start to first painted window of the firebreak binary (with
//    FIREBREAK_MARK_FIRST_PAINT) and of this program's --minimal-window, alternating.
//
// 5. --catchup: a firebreak-server started on 127.0.0.1 with a store of N events (default
//    100,000) across N/3 incidents with an alert each; in alternating rounds the headless
//    client (SyncClient + Replica + Projection, as firebreak-bench-fanout catchup-client) and
//    the real MainWindow (DesktopSession, every model and dock, shown) each catch up from an
//    empty replica until Live; wall time and this process's CPU time, and whether the window
//    shows every incident and alert.
//
// tests/bench/desktop.sh builds and runs it; docs/performance.md has the method and figures.
#include "desktopsession.h"
#include "firstpaint.h"
#include "incidentview.h"
#include "mainwindow.h"
#include "model/projection.h"
#include "store/eventstore.h"
#include "sync/replica.h"
#include "sync/syncclient.h"
#include "timelinedelegate.h"
#include "timelinefilter.h"
#include "timelinemodel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QStringListModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

// Under callgrind (--collect-atstart=no), FIREBREAK_BENCH_PROFILE=pane or =timeline collects
// only the timed opening of the whole incident pane or of the timeline alone.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define FIREBREAK_PROFILE(part)                                                                   \
    do {                                                                                         \
        if (qgetenv("FIREBREAK_BENCH_PROFILE") == part) {                                        \
            CALLGRIND_TOGGLE_COLLECT;                                                            \
        }                                                                                        \
    } while (false)
#else
#define FIREBREAK_PROFILE(part)                                                                   \
    do {                                                                                         \
    } while (false)
#endif

#include <unistd.h>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

struct Options
{
    int events = 100'000;
    int incidents = 50'000;
    int rounds = 5;
    int frames = 300;
    QString firstPaintBinary;
    bool minimalWindow = false;
    QString catchupServer;
    int catchupEvents = 100'000;
};

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

struct Stats
{
    double median = 0;
    double p99 = 0;
    double max = 0;
    double min = 0;
};

Stats statsOf(QList<double> values)
{
    Stats stats;
    if (values.isEmpty()) {
        return stats;
    }
    std::sort(values.begin(), values.end());
    stats.median = values.at(values.size() / 2);
    stats.p99 = values.at(qMin(values.size() - 1, qsizetype(double(values.size()) * 0.99)));
    stats.max = values.last();
    stats.min = values.first();
    return stats;
}

void print(const char *format, auto... values)
{
    std::printf(format, values...);
    std::fflush(stdout);
}

/// Resident memory of this process in MB: now (VmRSS) or its peak (VmHWM).
double residentMb(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':'))) {
            return line.mid(field.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return -1;
}

/// Runs queued work (layouts, deferred updates) so that timing starts from a quiet state.
void settle()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

// ---- The replica --------------------------------------------------------------------------

Event numbered(Event event, qint64 *seq, qint64 at)
{
    event.seq = ++*seq;
    event.at = at;
    return event;
}

/**
 * One incident with `events` events (alerts, notes, status changes, role changes) and
 * `incidents` further incidents of a few events each, written as the sync client would.
 */
bool writeReplica(const QString &path, const Options &options, QString *bigIncident)
{
    Replica replica;
    if (!replica.open(path)) {
        return false;
    }
    qint64 seq = 0;
    qint64 at = QDateTime::currentMSecsSinceEpoch() - 30LL * 24 * 3600 * 1000;
    EventList batch;
    auto flush = [&replica, &batch](bool force) {
        if (batch.size() >= 5000 || (force && !batch.isEmpty())) {
            const bool ok = replica.append(batch);
            batch.clear();
            return ok;
        }
        return true;
    };

    *bigIncident = QUuid::createUuid().toString(QUuid::WithoutBraces);
    batch.append(numbered(makeEvent(u"incident.opened"_s, u"integration:prometheus"_s,
                                    *bigIncident,
                                    {{u"number"_s, 1},
                                     {u"title"_s, u"Checkout 5xx above 5% in eu-west"_s},
                                     {u"severity"_s, u"P1"_s},
                                     {u"service"_s, u"checkout"_s}}),
                          &seq, at));
    const QStringList statuses{u"investigating"_s, u"identified"_s, u"monitoring"_s};
    for (int i = 1; i < options.events; ++i) {
        at += 250;
        Event event;
        switch (i % 4) {
        case 0:
            event = makeEvent(u"alert.received"_s, u"integration:prometheus"_s, *bigIncident,
                              {{u"alert"_s,
                                QJsonObject{{u"id"_s, u"alert-%1"_s.arg(i)},
                                            {u"status"_s, u"firing"_s},
                                            {u"severity"_s, u"P1"_s},
                                            {u"title"_s, u"HighErrorRate on api-%1"_s.arg(i % 97)},
                                            {u"labels"_s,
                                             QJsonObject{{u"alertname"_s, u"HighErrorRate"_s},
                                                         {u"instance"_s, u"api-%1"_s.arg(i % 97)},
                                                         {u"job"_s, u"api"_s},
                                                         {u"region"_s, u"eu-west-1"_s},
                                                         {u"service"_s, u"checkout"_s},
                                                         {u"severity"_s, u"critical"_s}}}}}});
            break;
        case 1:
            event = makeEvent(u"incident.note_added"_s, u"user:alice"_s, *bigIncident,
                              {{u"text"_s,
                                u"Checked shard %1: p99 latency back to normal."_s.arg(i)},
                               {u"summary"_s, false}});
            break;
        case 2: {
            const QString from = statuses.at((i / 4) % 3);
            const QString to = statuses.at((i / 4 + 1) % 3);
            event = makeEvent(u"incident.status_changed"_s, u"user:bob"_s, *bigIncident,
                              {{u"from"_s, from}, {u"to"_s, to}});
            break;
        }
        default:
            event = makeEvent(u"incident.role_assigned"_s, u"user:carol"_s, *bigIncident,
                              {{u"role"_s, u"responder"_s}, {u"user"_s, u"dave%1"_s.arg(i % 13)}});
        }
        batch.append(numbered(event, &seq, at));
        if (!flush(false)) {
            return false;
        }
    }

    const QStringList services{u"checkout"_s, u"search"_s, u"booking"_s, u"payments"_s,
                               u"identity"_s, u"notifications"_s};
    for (int i = 0; i < options.incidents; ++i) {
        at += 1000;
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        batch.append(numbered(
            makeEvent(u"incident.opened"_s, u"integration:prometheus"_s, id,
                      {{u"number"_s, i + 2},
                       {u"title"_s, u"Alert group %1 on %2"_s.arg(i).arg(services.at(i % 6))},
                       {u"severity"_s, u"P%1"_s.arg(1 + i % 4)},
                       {u"service"_s, services.at(i % 6)}}),
            &seq, at));
        if (i % 3 == 0) {
            batch.append(numbered(makeEvent(u"incident.acknowledged"_s, u"user:alice"_s, id,
                                            {{u"from"_s, u"triggered"_s},
                                             {u"to"_s, u"acknowledged"_s}}),
                                  &seq, at + 500));
        }
        if (!flush(false)) {
            return false;
        }
    }
    return flush(true);
}

// ---- Scroll frames ------------------------------------------------------------------------

/// CPU time of the calling thread in ms: unlike the wall clock, it leaves out the time the
/// thread waited for a core, which on a loaded machine is most of a slow frame.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

/// Each frame: a scroll and a synchronous paint of the viewport, timed by the wall clock and
/// by the thread's CPU time.
struct Frames
{
    QList<double> wall;
    QList<double> cpu;
    /// Per pattern (steps, pages, jumps, drag): frames that read from the replica file.
    QList<qint64> framesReading;
};

/**
 * Scrolls by single steps, pages, random jumps, and a drag of the scroll bar's slider from the
 * top to the bottom of the whole range in `frames` steps (each frame shows rows never seen).
 * Between frames the event loop runs once, untimed, as it does between a display's frames.
 * `reads`, when given, counts the replica pages read so far on demand: a frame that reads one
 * is counted in framesReading.
 */
Frames scrollFrames(QAbstractScrollArea *view, int frames,
                    const std::function<qint64()> &reads = {})
{
    QScrollBar *bar = view->verticalScrollBar();
    Frames times;
    qint64 reading = 0;
    auto frame = [&](auto scroll) {
        const qint64 readBefore = reads ? reads() : 0;
        QElapsedTimer timer;
        const double cpu = threadCpuMs();
        timer.start();
        scroll();
        view->viewport()->repaint();
        times.wall.append(msSince(timer));
        times.cpu.append(threadCpuMs() - cpu);
        if (reads && reads() > readBefore) {
            ++reading;
        }
        QCoreApplication::processEvents();
    };
    const auto pattern = [&]() {
        if (reads) {
            times.framesReading.append(reading);
        }
        reading = 0;
    };
    bar->setValue(0);
    settle();
    for (int i = 0; i < frames; ++i) {
        frame([bar] { bar->triggerAction(QAbstractSlider::SliderSingleStepAdd); });
    }
    pattern();
    for (int i = 0; i < frames; ++i) {
        frame([bar] { bar->triggerAction(QAbstractSlider::SliderPageStepAdd); });
    }
    pattern();
    QRandomGenerator random(42);
    for (int i = 0; i < frames; ++i) {
        const int to = random.bounded(bar->maximum() + 1);
        frame([bar, to] { bar->setValue(to); });
    }
    pattern();
    bar->setValue(0);
    settle();
    for (int i = 1; i <= frames; ++i) {
        const int to = int(qint64(bar->maximum()) * i / frames);
        frame([bar, to] {
            bar->setSliderPosition(to);
            bar->triggerAction(QAbstractSlider::SliderMove);
        });
    }
    pattern();
    return times;
}

// Types each text into `filter` as one keystroke and repaints `view`: wall and CPU time of each.
void typeInto(QLineEdit *filter, QAbstractItemView *view, const QStringList &texts)
{
    QList<double> keystrokes;
    QList<double> keystrokesCpu;
    for (const QString &text : texts) {
        QElapsedTimer keystroke;
        const double cpu = threadCpuMs();
        keystroke.start();
        filter->setText(text);
        view->viewport()->repaint();
        keystrokes.append(msSince(keystroke));
        keystrokesCpu.append(threadCpuMs() - cpu);
    }
    print("  filter keystroke (filter + repaint):  worst %.1f ms, median %.1f ms;"
          " CPU worst %.1f ms, median %.1f ms\n",
          statsOf(keystrokes).max, statsOf(keystrokes).median, statsOf(keystrokesCpu).max,
          statsOf(keystrokesCpu).median);
}

void printFrames(const char *what, const Frames &frames)
{
    const Stats wall = statsOf(frames.wall);
    const Stats cpu = statsOf(frames.cpu);
    const auto over = std::count_if(frames.wall.cbegin(), frames.wall.cend(),
                                    [](double ms) { return ms > 8.0; });
    const auto cpuOver = std::count_if(frames.cpu.cbegin(), frames.cpu.cend(),
                                       [](double ms) { return ms > 8.0; });
    print("  %-28s %4lld frames: wall median %6.2f ms, p99 %6.2f, worst %6.2f, over 8 ms: %lld\n",
          what, qint64(frames.wall.size()), wall.median, wall.p99, wall.max, qint64(over));
    print("  %-28s %4s         CPU  median %6.2f ms, p99 %6.2f, worst %6.2f, over 8 ms: %lld\n",
          "", "", cpu.median, cpu.p99, cpu.max, qint64(cpuOver));
    if (!frames.framesReading.isEmpty()) {
        print("  %-28s %4s         frames reading the replica: steps %lld, pages %lld,"
              " jumps %lld, slider drag %lld\n",
              "", "", frames.framesReading.value(0), frames.framesReading.value(1),
              frames.framesReading.value(2), frames.framesReading.value(3));
    }
}

// ---- The benchmarks -----------------------------------------------------------------------

template<typename T>
T *findNamed(QWidget *window, const QString &name)
{
    T *found = window->findChild<T *>(name);
    Q_ASSERT_X(found, "findNamed", "the main window names its views");
    return found;
}

int runWindowBenchmarks(const Options &options)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"replica.sqlite"_s);
    QString big;
    print("Writing a replica: one incident of %d events, %d incidents more...\n",
          options.events, options.incidents);
    QElapsedTimer timer;
    timer.start();
    if (!writeReplica(path, options, &big)) {
        std::fprintf(stderr, "cannot write the replica at %s\n", qPrintable(path));
        return 1;
    }
    print("  written in %.0f ms\n\n", msSince(timer));

    // Start-up with all of it: fold the replica, build the window, paint it.
    const double rssBefore = residentMb("VmRSS");
    timer.restart();
    DesktopSession session;
    if (!session.open(path)) {
        std::fprintf(stderr, "cannot open the replica: %s\n", qPrintable(session.errorString()));
        return 1;
    }
    const double foldMs = msSince(timer);
    timer.restart();
    MainWindow window(&session);
    window.resize(1280, 800);
    window.show();
    settle();
    window.repaint();
    const double windowMs = msSince(timer);
    print("Incident list (%d incidents)\n", session.projection().incidentCount());
    print("  fold the replica into the projection: %8.1f ms\n", foldMs);
    print("  build and paint the main window:      %8.1f ms\n", windowMs);

    auto *table = findNamed<QTableView>(&window, u"incidentTable"_s);
    printFrames("incident table scroll", scrollFrames(table, options.frames));
    typeInto(findNamed<QLineEdit>(&window, u"incidentFilter"_s), table,
             {u"s"_s, u"se"_s, u"sea"_s, u"sear"_s, u"search"_s, u""_s});
    print("\n");

    // The alerts view's filter asks every alert row for its search text (labels included).
    auto *alerts = findNamed<QTableView>(&window, u"alertsTable"_s);
    print("Alerts view (%d alerts)\n", alerts->model()->rowCount());
    typeInto(findNamed<QLineEdit>(&window, u"alertsFilter"_s), alerts,
             {u"i"_s, u"in"_s, u"instance=api-4"_s, u"instance=api-42"_s, u"api-96"_s, u""_s});
    print("\n");

    // The timeline: open the big incident (from a small one) against a bare list view. The
    // views are those of the tab in front: each open incident tab has its own "timelineView".
    const QString small = session.projection().incident(u"INC-2"_s)->id;
    window.selectIncident(small);
    settle();
    IncidentView *incidentView = window.currentView();
    QListView *timeline = incidentView->timelineView();
    Q_ASSERT(window.incidentViews().size() == 1 && timeline->isVisible());
    QListView bare;
    bare.setUniformItemSizes(true);
    bare.resize(timeline->size());
    bare.show();
    QStringListModel rows;
    QList<double> windowOpen;
    QList<double> timelineOpen;
    QList<double> bareOpen;
    QList<double> bareUnlaidOpen;
    QList<double> timelineOpenCpu;
    QList<double> bareOpenCpu;
    int bareUnlaidRange = -1;
    QList<double> firstOpen;
    double residentAfterOpen = 0;
    double peakAfterOpen = 0;
    for (int round = 0; round < options.rounds; ++round) {
        // The whole incident pane: list selection, header, quick actions, tab, timeline.
        window.selectIncident(small);
        settle();
        timer.restart();
        FIREBREAK_PROFILE("pane");
        window.selectIncident(big);
        QCoreApplication::sendPostedEvents();
        timeline->viewport()->repaint();
        FIREBREAK_PROFILE("pane");
        windowOpen.append(msSince(timer));
        Q_ASSERT(window.currentView() == incidentView && incidentView->incident() == big);

        // The timeline alone: its model takes the incident, the view follows the end, paints.
        incidentView->timeline()->setIncident(small);
        settle();
        double cpu = threadCpuMs();
        timer.restart();
        FIREBREAK_PROFILE("timeline");
        incidentView->timeline()->setIncident(big);
        QCoreApplication::sendPostedEvents();
        timeline->viewport()->repaint();
        FIREBREAK_PROFILE("timeline");
        timelineOpen.append(msSince(timer));
        timelineOpenCpu.append(threadCpuMs() - cpu);

        if (rows.rowCount() == 0) {
            // Memory of the desktop itself, before the baseline's copy of the rows.
            residentAfterOpen = residentMb("VmRSS");
            peakAfterOpen = residentMb("VmHWM");
            QStringList texts;
            texts.reserve(timeline->model()->rowCount());
            for (int row = 0; row < timeline->model()->rowCount(); ++row) {
                texts.append(timeline->model()->index(row, 0).data().toString());
            }
            rows.setStringList(texts);
        }
        // The same for the bare view: it gets the rows, goes to the end, paints.
        bare.setModel(nullptr);
        settle();
        cpu = threadCpuMs();
        timer.restart();
        bare.setModel(&rows);
        bare.scrollToBottom();
        QCoreApplication::sendPostedEvents();
        bare.viewport()->repaint();
        bareOpen.append(msSince(timer));
        bareOpenCpu.append(threadCpuMs() - cpu);

        // The earlier method, without going to the end: the view lays its rows out later, on
        // a pass of the event loop this timing does not wait for (its scroll range still 0).
        bare.setModel(nullptr);
        settle();
        timer.restart();
        bare.setModel(&rows);
        QCoreApplication::sendPostedEvents();
        bare.viewport()->repaint();
        bareUnlaidOpen.append(msSince(timer));
        bareUnlaidRange = bare.verticalScrollBar()->maximum();
        settle();
    }
    // A timeline never shown before in this process: no page of it read yet.
    {
        TimelineModel cold(&session);
        TimelineFilter filter;
        filter.setSourceModel(&cold);
        QListView view;
        view.setUniformItemSizes(true);
        view.setItemDelegate(new TimelineDelegate(&view));
        view.resize(timeline->size());
        view.show();
        settle();
        timer.restart();
        cold.setIncident(big);
        view.setModel(&filter);
        view.scrollToBottom();
        QCoreApplication::sendPostedEvents();
        view.viewport()->repaint();
        firstOpen.append(msSince(timer));
    }

    const Stats ours = statsOf(timelineOpen);
    const Stats pane = statsOf(windowOpen);
    const Stats theirs = statsOf(bareOpen);
    print("Timeline (%d events)\n", timeline->model()->rowCount());
    print("  open, Firebreak timeline alone:   median %8.2f ms (min %.2f, max %.2f)\n",
          ours.median, ours.min, ours.max);
    print("  open, whole incident pane:        median %8.2f ms (min %.2f, max %.2f)\n",
          pane.median, pane.min, pane.max);
    print("  open, bare QListView:             median %8.2f ms (min %.2f, max %.2f)\n",
          theirs.median, theirs.min, theirs.max);
    print("  open, bare QListView, earlier method (no scroll to the end): median %.2f ms, scroll"
          " range when painted %d (0: not laid out yet)\n",
          statsOf(bareUnlaidOpen).median, bareUnlaidRange);
    print("  CPU time of opening: timeline alone median %.2f ms, bare QListView %.2f ms,"
          " ratio %.1f\n",
          statsOf(timelineOpenCpu).median, statsOf(bareOpenCpu).median,
          statsOf(timelineOpenCpu).median / qMax(0.001, statsOf(bareOpenCpu).median));
    print("  ratio: timeline %.1f, whole pane %.1f (goal: at most 2)\n",
          ours.median / qMax(0.001, theirs.median), pane.median / qMax(0.001, theirs.median));
    print("  first open of a timeline in a fresh model and view: %.2f ms\n", firstOpen.first());
    TimelineModel *timelineModel = incidentView->timeline();
    printFrames("Firebreak timeline scroll",
                scrollFrames(timeline, options.frames,
                             [timelineModel]() { return timelineModel->pageReads().onDemand; }));
    print("  %-28s %4s         pages read ahead in idle time: %lld\n", "", "",
          timelineModel->pageReads().ahead);
    printFrames("bare QListView scroll", scrollFrames(&bare, options.frames));

    // Filters on the big timeline: a kind, then a search (read on a worker thread).
    auto *timelineFilter = incidentView->timelineFilter();
    timer.restart();
    timelineFilter->setKinds(TimelineModel::NoteKind);
    timeline->viewport()->repaint();
    const double kindMs = msSince(timer);
    const int notes = timelineFilter->rowCount();
    timelineFilter->setKinds(TimelineModel::AllKinds);
    settle();
    QList<double> searchKeystrokes;
    QList<double> answers;
    TimelineFilter::JobStats firstStats;
    const bool readAheadBefore = timelineFilter->hasCorpus();
    for (const QString &text : {u"s"_s, u"sh"_s, u"shard"_s, u"shard 4"_s, u"shard 42"_s}) {
        QElapsedTimer keystroke;
        keystroke.start();
        timelineFilter->setSearchText(text);
        timeline->viewport()->repaint();
        searchKeystrokes.append(msSince(keystroke));
        while (timelineFilter->isSearching()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        }
        timeline->viewport()->repaint();
        answers.append(msSince(keystroke));
        if (answers.size() == 1) {
            firstStats = timelineFilter->lastJobStats();
        }
    }
    print("  kind filter (notes only, %d rows) + repaint: %.1f ms\n", notes, kindMs);
    print("  search keystroke on the GUI thread: worst %.2f ms; answered after: first %.0f ms"
          " (%s), then median %.0f ms (%d rows match \"shard 42\")\n",
          statsOf(searchKeystrokes).max, answers.first(),
          readAheadBefore ? "read ahead before" : "reads the incident",
          statsOf(answers.mid(1)).median, timelineFilter->rowCount());
    print("  first search, its last job on the worker: %lld entries read and worded in %.0f ms"
          " (CPU %.0f ms), matched in %.0f ms\n",
          qint64(firstStats.entriesRead), firstStats.readMs, firstStats.readCpuMs,
          firstStats.matchMs);
    timelineFilter->setSearchText(QString());
    settle();

    // The first search of a timeline just opened, before its text is read ahead, and of one
    // shown long enough for that (both in a fresh model and filter, as a new tab has).
    for (const bool readAhead : {false, true}) {
        TimelineModel fresh(&session);
        TimelineFilter filter;
        filter.setSourceModel(&fresh);
        fresh.setIncident(big);
        if (readAhead) {
            QElapsedTimer ahead;
            ahead.start();
            while (!filter.hasCorpus()) {
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            }
            const TimelineFilter::JobStats stats = filter.lastJobStats();
            print("  read ahead after opening: ready %.0f ms after opening (%lld entries in"
                  " %.0f ms, CPU %.0f ms)\n",
                  msSince(ahead), qint64(stats.entriesRead), stats.readMs, stats.readCpuMs);
        }
        timer.restart();
        filter.setSearchText(u"shard 42"_s);
        while (filter.isSearching()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        }
        const TimelineFilter::JobStats stats = filter.lastJobStats();
        print("  first search \"shard 42\" %s: answered after %.0f ms (%lld entries read in"
              " %.0f ms, CPU %.0f ms; matched in %.1f ms; %d rows)\n",
              readAhead ? "once read ahead" : "right after opening", msSince(timer),
              qint64(stats.entriesRead), stats.readMs, stats.readCpuMs, stats.matchMs,
              filter.rowCount());
    }

    print("\nMemory of the desktop with all of it loaded and the big timeline open: %.0f MB"
          " resident, peak %.0f MB (%.0f MB before the session; goal: under 300 MB)\n",
          residentAfterOpen, peakAfterOpen, rssBefore);
    print("  with the bare view's copy of the rows too: %.0f MB resident\n",
          residentMb("VmRSS"));
    return 0;
}

/// Start to first paint of a program that prints "firebreak: first paint"; -1 on failure.
double firstPaintMs(const QString &program, const QStringList &arguments,
                    const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    double elapsed = -1;
    while (process.waitForReadyRead(30000)) {
        if (process.readAll().contains("firebreak: first paint")) {
            elapsed = msSince(timer);
            break;
        }
    }
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
    }
    return elapsed;
}

int runFirstPaint(const Options &options)
{
    QTemporaryDir dir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FIREBREAK_MARK_FIRST_PAINT"_s, u"1"_s);
    // Settings, keychain fallback and data of the run stay in the temporary folder.
    environment.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    environment.insert(u"XDG_CACHE_HOME"_s, dir.filePath(u"cache"_s));
    const QStringList firebreakArguments{u"--server"_s, u"http://127.0.0.1:1"_s, u"--token"_s,
                                         u"bench"_s, u"--local-copy"_s,
                                         dir.filePath(u"replica.sqlite"_s)};
    const QString self = QCoreApplication::applicationFilePath();

    QList<double> firebreak;
    QList<double> minimal;
    // One start each to warm the page cache, then alternating rounds.
    firstPaintMs(options.firstPaintBinary, firebreakArguments, environment);
    firstPaintMs(self, {u"--minimal-window"_s}, environment);
    for (int round = 0; round < options.rounds; ++round) {
        firebreak.append(firstPaintMs(options.firstPaintBinary, firebreakArguments, environment));
        minimal.append(firstPaintMs(self, {u"--minimal-window"_s}, environment));
    }
    if (firebreak.contains(-1) || minimal.contains(-1)) {
        std::fprintf(stderr, "a program did not report its first paint\n");
        return 1;
    }
    const Stats ours = statsOf(firebreak);
    const Stats theirs = statsOf(minimal);
    print("First paint from process start (%s, %d rounds)\n",
          qPrintable(qEnvironmentVariable("QT_QPA_PLATFORM", u"xcb"_s)), options.rounds);
    print("  firebreak:         median %6.1f ms (min %.1f, max %.1f; goal: under 400 ms)\n",
          ours.median, ours.min, ours.max);
    print("  minimal Qt window: median %6.1f ms (min %.1f, max %.1f)\n", theirs.median,
          theirs.min, theirs.max);
    print("  ratio: %.1f (goal: at most 4)\n", ours.median / qMax(0.001, theirs.median));
    return 0;
}

int runMinimalWindow()
{
    QWidget window;
    window.setWindowTitle(u"Minimal"_s);
    auto *label = new QLabel(u"A minimal Qt window"_s, &window);
    label->move(20, 20);
    window.resize(1280, 800);
    window.show();
    markFirstPaint(&window);
    return QApplication::exec();
}

// ---- Catching up: the real window against the headless client -----------------------------

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    return file.open(QIODevice::ReadOnly)
        ? QString::fromLatin1(file.readAll()).section(u' ', 0, 2)
        : u"unknown"_s;
}

double processCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

/// CPU time (user + system) of another process in ms, from /proc/PID/stat.
double otherProcessCpuMs(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    // The fields after the command name (which may hold spaces) in parentheses.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13) {
        return -1;
    }
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) * 1000.0 / ticks;
}

struct CatchupStore
{
    qint64 events = 0;
    int incidents = 0;
    int alerts = 0;
};

/**
 * A server store of about `events` events written as the server writes them: incidents opened
 * by an integration, each with its alert; every second one acknowledged, every third with a
 * note, every fourth resolved (people's commands, so the audit log has rows too).
 */
bool writeServerStore(const QString &path, int events, CatchupStore *written)
{
    EventStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path),
                     qPrintable(store.errorString()));
        return false;
    }
    const QStringList services{u"checkout"_s, u"search"_s, u"booking"_s, u"payments"_s,
                               u"identity"_s, u"notifications"_s};
    qint64 at = QDateTime::currentMSecsSinceEpoch() - 20LL * 24 * 3600 * 1000;
    int inBatch = 0;
    bool ok = store.begin();
    auto append = [&](Event event) {
        event.at = at;
        ok = ok && store.append(event);
        ++written->events;
        if (ok && ++inBatch == 5000) {
            ok = store.commit() && store.begin();
            inBatch = 0;
        }
    };
    for (int i = 0; ok && written->events < events; ++i) {
        at += 1000;
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString service = services.at(i % 6);
        const QString severity = u"P%1"_s.arg(1 + i % 4);
        const QString title = u"High error rate on %1-%2"_s.arg(service).arg(i % 211);
        append(makeEvent(u"incident.opened"_s, u"integration:prometheus"_s, id,
                         {{u"number"_s, i + 1},
                          {u"title"_s, title},
                          {u"severity"_s, severity},
                          {u"service"_s, service}}));
        append(makeEvent(
            u"alert.received"_s, u"integration:prometheus"_s, id,
            {{u"alert"_s,
              QJsonObject{{u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                          {u"integration"_s, u"prometheus"_s},
                          {u"source"_s, u"prometheus"_s},
                          {u"dedupKey"_s, u"bench-%1"_s.arg(i)},
                          {u"status"_s, u"firing"_s},
                          {u"severity"_s, severity},
                          {u"title"_s, title},
                          {u"service"_s, service},
                          {u"startsAt"_s, isoFromMs(at)},
                          {u"labels"_s, QJsonObject{{u"alertname"_s, u"HighErrorRate"_s},
                                                    {u"instance"_s,
                                                     u"%1-%2"_s.arg(service).arg(i % 211)}}}}}}));
        ++written->incidents;
        ++written->alerts;
        if (i % 2 == 0) {
            at += 200;
            append(makeEvent(u"incident.acknowledged"_s, u"user:alice"_s, id,
                             {{u"from"_s, u"triggered"_s}, {u"to"_s, u"acknowledged"_s}}));
        }
        if (i % 3 == 0) {
            at += 200;
            append(makeEvent(u"incident.note_added"_s, u"user:bob"_s, id,
                             {{u"text"_s, u"Rolled back %1 on shard %2."_s.arg(service).arg(i)},
                              {u"summary"_s, false}}));
        }
        if (i % 4 == 0) {
            at += 200;
            append(makeEvent(u"incident.resolved"_s, u"user:carol"_s, id, {}));
        }
    }
    ok = ok && store.commit();
    if (!ok) {
        std::fprintf(stderr, "cannot write the store: %s\n", qPrintable(store.errorString()));
    }
    return ok;
}

struct CatchupResult
{
    double wallMs = 0;
    double cpuMs = 0;
    double serverCpuMs = 0;
    qint64 events = 0;
    qint64 incidents = 0;
    qint64 alerts = -1;
    double rssMb = 0;
    bool ok = false;
};

/// Waits in an event loop until `done` is set; false after `timeoutMs`.
bool waitFor(const bool &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return done;
}

/// What firebreak-bench-fanout catchup-client does: SyncClient, Replica and Projection only.
CatchupResult catchUpHeadless(const QUrl &server, const QString &token, qint64 serverPid)
{
    CatchupResult result;
    QTemporaryDir dir;
    Replica replica;
    if (!dir.isValid() || !replica.open(dir.filePath(u"replica.sqlite"_s))) {
        return result;
    }
    Projection projection;
    SyncClient client(&replica);
    bool synced = false;
    QObject::connect(&client, &SyncClient::eventsArrived, [&](const EventList &batch) {
        for (const Event &event : batch) {
            projection.apply(event);
        }
        result.events += batch.size();
    });
    QObject::connect(&client, &SyncClient::synced, [&synced]() { synced = true; });
    const double serverCpu = otherProcessCpuMs(serverPid);
    const double cpu = processCpuMs();
    QElapsedTimer timer;
    timer.start();
    client.connectToServer(server, token);
    result.ok = waitFor(synced, 600'000);
    result.wallMs = msSince(timer);
    result.cpuMs = processCpuMs() - cpu;
    result.serverCpuMs = otherProcessCpuMs(serverPid) - serverCpu;
    result.incidents = projection.incidents().size();
    result.alerts = projection.alerts().size();
    result.rssMb = residentMb("VmRSS");
    client.stop();
    return result;
}

/// The real window: DesktopSession on a new replica, MainWindow with its models and docks,
/// shown; done when the session says Live and the window has painted what it holds.
CatchupResult catchUpWindow(const QUrl &server, const QString &token, qint64 serverPid)
{
    CatchupResult result;
    QTemporaryDir dir;
    DesktopSession session;
    if (!dir.isValid() || !session.open(dir.filePath(u"replica.sqlite"_s))) {
        return result;
    }
    MainWindow window(&session);
    window.show();
    settle();
    bool live = false;
    qint64 lastSeq = 0;
    bool inOrder = true;
    QObject::connect(&session, &DesktopSession::eventsApplied,
                     [&result, &lastSeq, &inOrder](const EventList &events) {
                         for (const Event &event : events) {
                             inOrder = inOrder && event.seq > lastSeq;
                             lastSeq = event.seq;
                         }
                         result.events += events.size();
                     });
    QObject::connect(&session, &DesktopSession::connectionStateChanged,
                     [&live](SyncClient::State state) {
                         live = live || state == SyncClient::State::Live;
                     });
    const double serverCpu = otherProcessCpuMs(serverPid);
    const double cpu = processCpuMs();
    QElapsedTimer timer;
    timer.start();
    session.connectToServer(server, token);
    result.ok = waitFor(live, 600'000);
    settle();
    window.repaint();
    result.wallMs = msSince(timer);
    result.cpuMs = processCpuMs() - cpu;
    result.serverCpuMs = otherProcessCpuMs(serverPid) - serverCpu;
    result.incidents = findNamed<QTableView>(&window, u"incidentTable"_s)->model()->rowCount();
    if (auto *alerts = window.findChild<QTableView *>(u"alertsTable"_s)) {
        result.alerts = alerts->model()->rowCount();
    }
    result.rssMb = residentMb("VmRSS");
    result.ok = result.ok && inOrder;
    session.stop();
    window.hide();
    return result;
}

int runCatchup(const Options &options)
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"server"_s);
    QDir().mkpath(dataDir);
    print("Writing a server store of %d events...\n", options.catchupEvents);
    QElapsedTimer timer;
    timer.start();
    CatchupStore store;
    if (!writeServerStore(QDir(dataDir).filePath(u"firebreak.sqlite"_s), options.catchupEvents,
                          &store)) {
        return 1;
    }
    print("  %lld events, %d incidents, %d alerts in %.0f ms\n", qint64(store.events),
          store.incidents, store.alerts, msSince(timer));

    const QString token = u"bench-catchup-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
    QProcess server;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.setStandardErrorFile(dir.filePath(u"server.err"_s));
    server.start(options.catchupServer, {u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, dataDir,
                                         u"--admin-token"_s, token});
    QUrl url;
    QByteArray output;
    timer.restart();
    while (url.isEmpty() && timer.elapsed() < 300'000 && server.state() != QProcess::NotRunning) {
        server.waitForReadyRead(200);
        output += server.readAllStandardOutput();
        const qsizetype at = output.indexOf("listening on ");
        const qsizetype end = output.indexOf('\n', at);
        if (at >= 0 && end > at) {
            url = QUrl(QString::fromUtf8(output.mid(at + 13, end - at - 13)).trimmed());
        }
    }
    if (url.isEmpty()) {
        std::fprintf(stderr, "the server did not start (see %s)\n",
                     qPrintable(dir.filePath(u"server.err"_s)));
        dir.setAutoRemove(false);
        return 1;
    }
    print("Server %s ready after %.0f ms (load %s)\n\n", qPrintable(url.toString()),
          msSince(timer), qPrintable(loadAverage()));

    // The server appends events of its own after a start (response targets of the old
    // incidents running out): one unmeasured catch-up lets it finish those first.
    const CatchupResult warmUp = catchUpHeadless(url, token, server.processId());
    print("warm-up: %lld events after the server's own (%.0f ms)\n", warmUp.events, warmUp.wallMs);
    QList<double> headlessWall, headlessCpu, windowWall, windowCpu;
    bool allOk = true;
    auto report = [&allOk, &store](const char *what, const CatchupResult &r) {
        const bool complete = r.ok && r.incidents == store.incidents
            && (r.alerts < 0 || r.alerts == store.alerts);
        allOk = allOk && complete;
        print("  %-8s %7.0f ms wall %7.0f ms CPU (server %6.0f ms)  %lld events, %lld incidents,"
              " %lld alerts shown, RSS %.0f MB%s\n",
              what, r.wallMs, r.cpuMs, r.serverCpuMs, r.events, r.incidents, r.alerts, r.rssMb,
              complete ? "" : "  INCOMPLETE");
    };
    for (int round = 1; round <= options.rounds; ++round) {
        print("round %d (load %s)\n", round, qPrintable(loadAverage()));
        const CatchupResult headless = catchUpHeadless(url, token, server.processId());
        report("headless", headless);
        headlessWall.append(headless.wallMs);
        headlessCpu.append(headless.cpuMs);
        const CatchupResult shown = catchUpWindow(url, token, server.processId());
        report("window", shown);
        windowWall.append(shown.wallMs);
        windowCpu.append(shown.cpuMs);
    }
    const Stats hw = statsOf(headlessWall), hc = statsOf(headlessCpu);
    const Stats ww = statsOf(windowWall), wc = statsOf(windowCpu);
    print("\nCatching up %lld events, medians of %d: headless %.0f ms wall / %.0f ms CPU; "
          "window %.0f ms wall / %.0f ms CPU; window / headless CPU %.2f; load %s\n",
          qint64(store.events), options.rounds, hw.median, hc.median, ww.median, wc.median,
          hc.median > 0 ? wc.median / hc.median : 0.0, qPrintable(loadAverage()));
    server.terminate();
    server.waitForFinished(30'000);
    return allOk ? 0 : 1;
}

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QString value = arguments.value(i + 1);
        if (argument == u"--events") {
            options.events = value.toInt();
            ++i;
        } else if (argument == u"--incidents") {
            options.incidents = value.toInt();
            ++i;
        } else if (argument == u"--rounds") {
            options.rounds = value.toInt();
            ++i;
        } else if (argument == u"--frames") {
            options.frames = value.toInt();
            ++i;
        } else if (argument == u"--first-paint") {
            options.firstPaintBinary = value;
            ++i;
        } else if (argument == u"--catchup") {
            options.catchupServer = value;
            ++i;
        } else if (argument == u"--catchup-events") {
            options.catchupEvents = value.toInt();
            ++i;
        } else if (argument == u"--minimal-window") {
            options.minimalWindow = true;
        }
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const Options options = parseOptions(QCoreApplication::arguments());
    if (options.minimalWindow) {
        return runMinimalWindow();
    }
    if (!options.firstPaintBinary.isEmpty()) {
        return runFirstPaint(options);
    }
    if (!options.catchupServer.isEmpty()) {
        return runCatchup(options);
    }
    return runWindowBenchmarks(options);
}
