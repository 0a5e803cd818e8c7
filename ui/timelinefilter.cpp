// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "timelinefilter.h"

#include "incidenttext.h"
#include "logging.h"
#include "sync/replica.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QPromise>
#include <QScopedValueRollback>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Firebreak {

/// The folded search text of an incident's entries up to `through`, one line each.
struct TimelineFilter::Corpus
{
    QString incident;
    qint64 through = 0;
    QList<qint64> seqs;
    QList<qsizetype> starts; ///< where each entry's line starts in `text`
    QString text;
};

/// What a search found: the sequence numbers matching `words` among the corpus's entries.
struct TimelineFilter::Answer
{
    int generation = 0;
    QStringList words;
    std::shared_ptr<const Corpus> corpus;
    QList<qint64> matches; ///< ascending
};

namespace {

using AnswerPointer = std::shared_ptr<const TimelineFilter::Answer>;

/// Where a search runs: everything it needs is copied in, so it touches no GUI object.
struct SearchJob
{
    QString replicaPath;
    QString incident;
    qint64 through = 0;
    QStringList words;
    int generation = 0;
    std::shared_ptr<std::atomic_bool> cancel;
};

} // namespace

TimelineFilter::TimelineFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setObjectName(u"timelineFilter"_s);
    // Rows only ever arrive at the end: keep the source order, never sort.
    setDynamicSortFilter(true);
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
    ++m_generation;
}

namespace {

/// The line searched for one event: the same words the timeline shows for it.
QString searchLine(const Event &event, const QHash<QString, AlertRecord> &alerts)
{
    const auto lookup = [&alerts](const QString &id) {
        const auto found = alerts.constFind(id);
        return found == alerts.cend() ? nullptr : &found.value();
    };
    const IncidentText::EventText text = IncidentText::describe(event, lookup);
    const QString note = event.type == u"incident.note_added"
        ? event.data().value(u"text"_s).toString()
        : QString();
    return TimelineFilter::folded(QStringList{text.summary, text.detail,
                                              IncidentText::actor(event.actor), note,
                                              IncidentText::time(event.at)}
                                      .join(u' '));
}

/// Later events name an alert by id; the event that brought it has its title and labels.
void rememberAlert(const Event &event, QHash<QString, AlertRecord> *alerts)
{
    if (!event.type.startsWith(u"alert.")) {
        return;
    }
    const QJsonObject alert = event.data().value(u"alert"_s).toObject();
    const QString id = alert.value(u"id"_s).toString();
    if (id.isEmpty()) {
        return;
    }
    AlertRecord &record = (*alerts)[id];
    record.id = id;
    record.title = alert.value(u"title"_s).toString();
    record.labels = alert.value(u"labels"_s).toObject();
}

std::shared_ptr<const TimelineFilter::Corpus> readCorpus(const SearchJob &job)
{
    auto corpus = std::make_shared<TimelineFilter::Corpus>();
    corpus->incident = job.incident;
    corpus->through = job.through;
    QHash<QString, AlertRecord> alerts;
    QString error;
    const bool read = Replica::visitIncident(
        job.replicaPath, job.incident, job.through,
        [&](const Event &event) {
            if (*job.cancel) {
                return false;
            }
            rememberAlert(event, &alerts);
            if (event.type == TimelineModel::s_postMortemEdited) {
                return true;
            }
            corpus->seqs.append(event.seq);
            corpus->starts.append(corpus->text.size());
            corpus->text += searchLine(event, alerts) + u'\n';
            return true;
        },
        &error);
    if (!read) {
        qCWarning(lcUi).noquote() << "cannot search the timeline of" << job.incident << ":"
                                  << error;
    }
    return corpus;
}

QList<qint64> matching(const TimelineFilter::Corpus &corpus, const QStringList &words,
                       const std::atomic_bool &cancel)
{
    QList<qint64> matches;
    const QStringView text(corpus.text);
    for (qsizetype i = 0; i < corpus.seqs.size() && !cancel; ++i) {
        const qsizetype start = corpus.starts.at(i);
        const qsizetype end = i + 1 < corpus.starts.size() ? corpus.starts.at(i + 1)
                                                           : corpus.text.size();
        const QStringView line = text.sliced(start, end - start);
        const bool all = std::all_of(words.cbegin(), words.cend(), [line](const QString &word) {
            return line.contains(word);
        });
        if (all) {
            matches.append(corpus.seqs.at(i));
        }
    }
    return matches;
}

} // namespace

void TimelineFilter::startSearch()
{
    // One search at a time; the words typed meanwhile are searched when it answers.
    if (m_searching || !m_timeline) {
        return;
    }
    const QString incident = m_timeline->incident();
    if (incident.isEmpty()) {
        refilter();
        return;
    }
    SearchJob job;
    job.replicaPath = m_timeline->session()->replicaPath();
    job.incident = incident;
    job.through = m_timeline->lastSequence();
    job.words = m_words;
    job.generation = m_generation;
    job.cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = job.cancel;
    m_searching = true;

    // A corpus that misses more than a few pages of new entries is read again.
    std::shared_ptr<const Corpus> corpus = m_corpus;
    if (corpus && job.through - corpus->through > 2 * TimelineModel::s_pageSize) {
        corpus.reset();
    }
    auto promise = std::make_shared<QPromise<AnswerPointer>>();
    auto *watcher = new QFutureWatcher<AnswerPointer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher]() {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0) {
            onSearchAnswered(watcher->result());
        }
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, job, corpus]() {
        promise->start();
        auto answer = std::make_shared<Answer>();
        answer->generation = job.generation;
        answer->words = job.words;
        answer->corpus = corpus ? corpus : readCorpus(job);
        answer->matches = matching(*answer->corpus, job.words, *job.cancel);
        if (!*job.cancel) {
            promise->addResult(AnswerPointer(std::move(answer)));
        }
        promise->finish();
    });
}

void TimelineFilter::onSearchAnswered(const AnswerPointer &answer)
{
    if (answer->generation != m_generation) {
        return; // for an incident no longer shown
    }
    m_searching = false;
    m_cancel.reset();
    m_corpus = answer->corpus;
    if (m_words.isEmpty()) {
        return;
    }
    if (answer->words != m_words) {
        startSearch(); // typed on meanwhile: quick now that the text is read
        return;
    }
    m_answer = answer;
    refilter();
    Q_EMIT searchFinished();
}

bool TimelineFilter::matchesWords(int sourceRow) const
{
    const QString text = folded(m_timeline->searchText(sourceRow));
    return std::all_of(m_words.cbegin(), m_words.cend(),
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
    return matchesWords(sourceRow); // arrived after the search read the incident
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
