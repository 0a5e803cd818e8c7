// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "timelinefilter.h"

#include "incidenttext.h"
#include "logging.h"
#include "model/projection.h"
#include "sync/replica.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QPromise>
#include <QScopedValueRollback>
#include <QThreadPool>

#include <algorithm>
#include <ctime>
#include <functional>
#include <numeric>

using namespace Qt::StringLiterals;

namespace Firebreak {

/// What the desktop says of an alert that later events name by id only.
struct AlertWords
{
    QString title;
    QString instance;
};

/**
 * The folded search text of an incident's entries up to `through`, one line each, as UTF-8:
 * half the memory of UTF-16, and a UTF-8 word is found in UTF-8 text exactly where the same
 * word is found in the same text as UTF-16 (a character's bytes never start inside another's).
 */
struct TimelineFilter::Corpus
{
    QString incident;
    qint64 through = 0;
    /// The viewer's date when it was read: times on it were worded without a date.
    QDate today;
    QList<qint64> seqs;
    QList<qsizetype> starts; ///< where each entry's line starts in `text`
    QByteArray text;         ///< the lines, each ending in '\n'
    /// The alerts seen so far, by id: later events name them by id only.
    QHash<QString, AlertWords> alerts;
};

/// What a job found: the corpus it read and, for a search, the sequence numbers matching
/// `words` among the corpus's entries.
struct TimelineFilter::Answer
{
    int generation = 0;
    bool searched = false;
    QStringList words;
    std::shared_ptr<const Corpus> corpus;
    QList<qint64> matches; ///< ascending
    TimelineFilter::JobStats stats;
};

namespace {

using AnswerPointer = std::shared_ptr<const TimelineFilter::Answer>;
using CorpusPointer = std::shared_ptr<const TimelineFilter::Corpus>;

/// Where a job runs: everything it needs is copied in, so it touches no GUI object.
struct SearchJob
{
    QString replicaPath;
    QString incident;
    qint64 through = 0;
    bool search = false;
    QStringList words;
    int generation = 0;
    /// What earlier jobs read of the incident: only later events are read.
    CorpusPointer base;
    std::shared_ptr<std::atomic_bool> cancel;
};

} // namespace

TimelineFilter::TimelineFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setObjectName(u"timelineFilter"_s);
    // Rows only ever arrive at the end: keep the source order, never sort.
    setDynamicSortFilter(true);
    m_prebuildTimer = new QTimer(this);
    m_prebuildTimer->setSingleShot(true);
    m_prebuildTimer->setInterval(s_prebuildDelayMs);
    connect(m_prebuildTimer, &QTimer::timeout, this, &TimelineFilter::prebuild);
}

TimelineFilter::~TimelineFilter()
{
    if (m_cancel) {
        *m_cancel = true;
    }
}

void TimelineFilter::setSourceModel(QAbstractItemModel *model)
{
    Q_ASSERT_X(!model || qobject_cast<TimelineModel *>(model), "TimelineFilter",
               "filters a TimelineModel only");
    if (m_timeline) {
        disconnect(m_timeline, nullptr, this, nullptr);
    }
    forgetSearch();
    m_timeline = qobject_cast<TimelineModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
    if (m_timeline) {
        // Another incident: what was read for the last one is no use.
        connect(m_timeline, &QAbstractItemModel::modelAboutToBeReset, this,
                &TimelineFilter::forgetSearch);
        connect(m_timeline, &QAbstractItemModel::modelReset, this, [this]() {
            if (!m_words.isEmpty()) {
                startSearch();
            } else if (m_timeline->rowCount() >= s_prebuildRows) {
                m_prebuildTimer->start();
            }
        });
    }
}

void TimelineFilter::setKinds(TimelineModel::Kinds kinds)
{
    if (kinds == m_kinds) {
        return;
    }
    m_kinds = kinds;
    refilter();
}

void TimelineFilter::setSearchText(const QString &text)
{
    if (text == m_searchText) {
        return;
    }
    m_searchText = text;
    const QStringList words = folded(text).split(u' ', Qt::SkipEmptyParts);
    if (words == m_words) {
        return;
    }
    m_words = words;
    if (m_words.isEmpty()) {
        m_searching = false;
        refilter();
        return;
    }
    startSearch();
}

bool TimelineFilter::isFiltering() const
{
    return m_kinds != TimelineModel::Kinds(TimelineModel::AllKinds) || !m_words.isEmpty();
}

void TimelineFilter::refilter()
{
    // One pass and one layout change: refiltering row by row would announce every run of
    // removed or returning rows on its own (a kind shown every fourth row is 25,000 runs in a
    // timeline of 100,000), each costing the view an update.
    const QScopedValueRollback refiltering(m_refiltering, true);
    invalidate();
}

void TimelineFilter::forgetSearch()
{
    if (m_cancel) {
        *m_cancel = true;
    }
    m_cancel.reset();
    m_corpus.reset();
    m_answer.reset();
    m_searching = false;
    m_jobRunning = false;
    m_prebuildTimer->stop();
    ++m_generation;
}

namespace {

/// The calling thread's CPU time (0 where the system does not tell).
double threadCpuMs()
{
#ifdef CLOCK_THREAD_CPUTIME_ID
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
#else
    return 0;
#endif
}

bool isAscii(QStringView text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

/**
 * Writes one entry's line: its parts joined by spaces and folded as TimelineFilter::folded()
 * folds them, in one pass for the (usual) ASCII parts: ASCII has no accents and folds to
 * lower case, and its white space is 0x09 to 0x0d and the space. Other parts go through
 * folded(), which works character by character too, so folding each part on its own and
 * joining them gives the line folded() gives.
 */
class LineWriter
{
public:
    explicit LineWriter(QByteArray *text)
        : m_text(text)
    {
    }
    void add(QStringView part)
    {
        m_space = true; // between parts
        if (!isAscii(part)) {
            const QString words = TimelineFilter::folded(part.toString());
            if (!words.isEmpty()) {
                if (!m_empty) {
                    m_text->append(' ');
                }
                m_text->append(words.toUtf8());
                m_empty = false;
            }
            return;
        }
        // Written in place: at most a space and one byte per character.
        const qsizetype start = m_text->size();
        m_text->resize(start + part.size() + 1);
        char *const begin = m_text->data() + start;
        char *out = begin;
        for (const QChar c : part) {
            const char16_t u = c.unicode();
            if (u == u' ' || (u >= 0x09 && u <= 0x0d)) {
                m_space = true;
                continue;
            }
            if (m_space && !m_empty) {
                *out++ = ' ';
            }
            m_space = false;
            m_empty = false;
            *out++ = char(u >= u'A' && u <= u'Z' ? u + (u'a' - u'A') : u);
        }
        m_text->resize(start + (out - begin));
    }
    void end() { m_text->append('\n'); }

private:
    QByteArray *m_text;
    bool m_space = false;
    bool m_empty = true;
};

/// Later events name an alert by id; the event that brought it has its title and labels.
void rememberAlert(const Event &event, QHash<QString, AlertWords> *alerts)
{
    if (!event.type.startsWith(u"alert.")) {
        return;
    }
    const QJsonObject alert = event.data().value(u"alert"_s).toObject();
    const QString id = alert.value(u"id"_s).toString();
    if (id.isEmpty()) {
        return;
    }
    (*alerts)[id] = AlertWords{alert.value(u"title"_s).toString(),
                               alert.value(u"labels"_s)
                                   .toObject()
                                   .value(u"instance"_s)
                                   .toString()};
}

/**
 * Reads the incident's entries after the base corpus (all of them without one) and words
 * them as the timeline does: one JSON parse per event, times through a TimeFormatter, text
 * folded straight into UTF-8.
 */
CorpusPointer readCorpus(const SearchJob &job)
{
    IncidentText::TimeFormatter times;
    // Past midnight, times of the day before carry their date: all is read again.
    const bool extend = job.base && job.base->today == times.today();
    auto corpus = extend ? std::make_shared<TimelineFilter::Corpus>(*job.base)
                         : std::make_shared<TimelineFilter::Corpus>();
    const qint64 after = corpus->through;
    corpus->incident = job.incident;
    corpus->through = job.through;
    corpus->today = times.today();
    AlertRecord known; // what the lookup hands out, one at a time
    const IncidentText::AlertLookup lookup = [&corpus, &known](const QString &id)
        -> const AlertRecord * {
        const auto found = corpus->alerts.constFind(id);
        if (found == corpus->alerts.cend()) {
            return nullptr;
        }
        known.id = id;
        known.title = found->title;
        known.setLabels(found->instance.isNull()
                            ? QJsonObject()
                            : QJsonObject{{u"instance"_s, found->instance}});
        return &known;
    };
    QString error;
    const bool read = Replica::visitIncident(
        job.replicaPath, job.incident, after, job.through,
        [&](const Event &stored) {
            if (*job.cancel) {
                return false;
            }
            Event event = stored;
            event.dataObject = event.data(); // parsed once for everything below
            rememberAlert(event, &corpus->alerts);
            if (event.type == TimelineModel::s_postMortemEdited) {
                return true;
            }
            corpus->seqs.append(event.seq);
            corpus->starts.append(corpus->text.size());
            const IncidentText::EventText text = IncidentText::describe(event, lookup);
            LineWriter line(&corpus->text);
            line.add(text.summary);
            line.add(text.detail);
            line.add(IncidentText::actor(event.actor));
            if (event.type == u"incident.note_added") {
                line.add(event.dataObject.value(u"text"_s).toString());
            }
            line.add(times.time(event.at));
            line.end();
            return true;
        },
        &error);
    if (!read) {
        qCWarning(lcUi).noquote() << "cannot search the timeline of" << job.incident << ":"
                                  << error;
    }
    return corpus;
}

/// The entries whose line holds every word: each word is looked for only in the lines that
/// held the words before it, the rarest first.
QList<qint64> matching(const TimelineFilter::Corpus &corpus, const QStringList &words,
                       const std::atomic_bool &cancel)
{
    const qsizetype lines = corpus.seqs.size();
    const QByteArrayView text(corpus.text);
    QList<qsizetype> candidates(lines);
    std::iota(candidates.begin(), candidates.end(), qsizetype(0));
    QList<QByteArray> needles;
    for (const QString &word : words) {
        needles.append(word.toUtf8());
    }
    // Longer words are rarer: they leave fewer lines for the others.
    std::sort(needles.begin(), needles.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    for (const QByteArray &needle : std::as_const(needles)) {
        qsizetype kept = 0;
        for (const qsizetype line : std::as_const(candidates)) {
            if (cancel) {
                return {};
            }
            const qsizetype start = corpus.starts.at(line);
            const qsizetype end = line + 1 < lines ? corpus.starts.at(line + 1) : text.size();
            if (text.sliced(start, end - start).contains(needle)) {
                candidates[kept++] = line;
            }
        }
        candidates.resize(kept);
    }
    QList<qint64> matches;
    matches.reserve(candidates.size());
    for (const qsizetype line : std::as_const(candidates)) {
        matches.append(corpus.seqs.at(line));
    }
    return matches;
}

} // namespace

void TimelineFilter::startSearch()
{
    if (!m_timeline || m_words.isEmpty()) {
        return;
    }
    if (m_timeline->incident().isEmpty()) {
        m_searching = false;
        refilter();
        return;
    }
    m_searching = true;
    // One job at a time; the words typed meanwhile are searched when it is done.
    if (!m_jobRunning) {
        startJob(true);
    }
}

void TimelineFilter::prebuild()
{
    if (m_timeline && !m_jobRunning && !m_corpus && !m_timeline->incident().isEmpty()) {
        startJob(false);
    }
}

void TimelineFilter::startJob(bool search)
{
    SearchJob job;
    job.replicaPath = m_timeline->session()->replicaPath();
    job.incident = m_timeline->incident();
    job.through = m_timeline->lastSequence();
    job.search = search;
    job.words = m_words;
    job.generation = m_generation;
    job.cancel = std::make_shared<std::atomic_bool>(false);
    // What was read before is kept, and only the entries since are read, unless the day
    // changed: times of the day before now carry their date.
    job.base = m_corpus;
    if (job.base
        && (job.base->today != QDate::currentDate() || job.base->incident != job.incident)) {
        job.base.reset();
    }
    m_cancel = job.cancel;
    m_jobRunning = true;
    m_prebuildTimer->stop();

    auto promise = std::make_shared<QPromise<AnswerPointer>>();
    auto *watcher = new QFutureWatcher<AnswerPointer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher]() {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0) {
            onJobDone(watcher->result());
        }
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, job]() {
        promise->start();
        auto answer = std::make_shared<Answer>();
        answer->generation = job.generation;
        answer->searched = job.search;
        answer->words = job.words;
        QElapsedTimer timer;
        timer.start();
        const double cpu = threadCpuMs();
        const qsizetype before = job.base ? job.base->seqs.size() : 0;
        answer->corpus = job.base && job.base->through >= job.through ? job.base
                                                                      : readCorpus(job);
        answer->stats.entries = answer->corpus->seqs.size();
        answer->stats.entriesRead = answer->corpus == job.base
            ? 0
            : answer->stats.entries
                - (job.base && answer->corpus->today == job.base->today ? before : 0);
        answer->stats.readMs = double(timer.nsecsElapsed()) / 1e6;
        answer->stats.readCpuMs = threadCpuMs() - cpu;
        if (job.search) {
            timer.restart();
            answer->matches = matching(*answer->corpus, job.words, *job.cancel);
            answer->stats.matchMs = double(timer.nsecsElapsed()) / 1e6;
        }
        qCDebug(lcUi).nospace() << "timeline of " << job.incident << ": "
                                << answer->stats.entriesRead << " entries read in "
                                << answer->stats.readMs << " ms (CPU "
                                << answer->stats.readCpuMs << " ms), "
                                << answer->matches.size() << " matches in "
                                << answer->stats.matchMs << " ms";
        if (!*job.cancel) {
            promise->addResult(AnswerPointer(std::move(answer)));
        }
        promise->finish();
    });
}

void TimelineFilter::onJobDone(const AnswerPointer &answer)
{
    if (answer->generation != m_generation) {
        return; // for an incident no longer shown
    }
    m_jobRunning = false;
    m_cancel.reset();
    m_corpus = answer->corpus;
    m_lastJobStats = answer->stats;
    if (!m_searching) {
        return; // read ahead, or nothing to search for any more
    }
    if (!answer->searched || answer->words != m_words) {
        startJob(true); // asked for while reading ahead, or typed on meanwhile: quick now
        return;
    }
    m_searching = false;
    m_answer = answer;
    refilter();
    Q_EMIT searchFinished();
}

bool TimelineFilter::matchesWords(int sourceRow, const QStringList &words) const
{
    const QString text = folded(m_timeline->searchText(sourceRow));
    return std::all_of(words.cbegin(), words.cend(),
                       [&text](const QString &word) { return text.contains(word); });
}

bool TimelineFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering() || !m_timeline || sourceParent.isValid()) {
        return true;
    }
    const TimelineModel::Entry entry = m_timeline->entry(sourceRow);
    // What the person queued stays in view whatever the filter: it is not in the log yet.
    if (entry.queueState != TimelineModel::Stored) {
        return true;
    }
    if (!m_kinds.testFlag(TimelineModel::Kind(entry.kind))) {
        return false;
    }
    if (m_words.isEmpty()) {
        return true;
    }
    if (!m_answer) {
        return false; // the first search has not answered yet
    }
    if (entry.seq <= m_answer->corpus->through) {
        return std::binary_search(m_answer->matches.cbegin(), m_answer->matches.cend(),
                                  entry.seq);
    }
    // Arrived after the search read the incident: matched here with the answer's words.
    return matchesWords(sourceRow, m_answer->words);
}

QString TimelineFilter::folded(const QString &text)
{
    // "Résumé" matches "resume": drop the accents after decomposing, then fold the case.
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString plain;
    plain.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing) {
            plain.append(c);
        }
    }
    return plain.toCaseFolded().simplified();
}

} // namespace Firebreak
