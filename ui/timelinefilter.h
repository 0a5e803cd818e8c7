// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timelinemodel.h"

#include <QSortFilterProxyModel>
#include <QTimer>

#include <atomic>
#include <memory>

namespace Firebreak {

/**
 * Narrows a TimelineModel to some kinds of entries and to those holding a text (case- and
 * accent-insensitive words, all of which must appear). Commands still queued always pass. With
 * every kind and no text it lets everything through without looking at the rows, so a long
 * timeline costs nothing to filter; kinds come from the session's index, never from reading
 * rows.
 *
 * A search reads and words the incident's events on a worker thread, from the replica file on
 * a connection of its own, and keeps their folded text (the corpus) for the next keystrokes;
 * until it answers (searchFinished()), the previous answer stays applied, or nothing matches.
 * Entries that arrive after the worker read the incident are matched here, as they come, and
 * a later search reads only them to add to the corpus. A timeline of s_prebuildRows entries or
 * more has its corpus read ahead shortly after it is shown, so that even the first search only
 * matches.
 */
class TimelineFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineFilter)
public:
    explicit TimelineFilter(QObject *parent = nullptr);
    ~TimelineFilter() override;

    /// Only a TimelineModel.
    void setSourceModel(QAbstractItemModel *model) override;

    TimelineModel::Kinds kinds() const { return m_kinds; }
    void setKinds(TimelineModel::Kinds kinds);
    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    /// True unless every kind is shown and there is no search text.
    bool isFiltering() const;
    /// True while a search runs on the worker thread.
    bool isSearching() const { return m_searching; }
    /// True while rows come and go because the filter changed, not because entries arrived.
    bool isRefiltering() const { return m_refiltering; }

    /// True once the incident's text is read and kept (ahead, or by a search).
    bool hasCorpus() const { return m_corpus != nullptr; }

    /// Folds text for matching: accents dropped, case folded, white space simplified.
    static QString folded(const QString &text);
    /// Timelines this long have their text read ahead, before anyone searches.
    static constexpr int s_prebuildRows = 2000;
    /// How long a timeline is shown before its text is read ahead (ms): opening comes first.
    static constexpr int s_prebuildDelayMs = 300;

    /// What the last job on the worker did, for benchmarks and the debug log.
    struct JobStats
    {
        qsizetype entriesRead = 0; ///< entries read from the replica and worded
        qsizetype entries = 0;     ///< entries in the corpus
        double readMs = 0;         ///< reading and wording, wall clock
        double readCpuMs = 0;      ///< the same in the worker thread's CPU time
        double matchMs = 0;        ///< matching the words
    };
    JobStats lastJobStats() const { return m_lastJobStats; }

    struct Corpus; ///< what a search read (internal)
    struct Answer; ///< what a search found (internal)

Q_SIGNALS:
    /// A search answered and the rows it matched are shown.
    void searchFinished();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();
    void startSearch();
    /// Reads (or completes) the corpus on the worker, then matches `m_words` if `search`.
    void startJob(bool search);
    void prebuild();
    void onJobDone(const std::shared_ptr<const Answer> &answer);
    bool matchesWords(int sourceRow, const QStringList &words) const;
    void forgetSearch();

    TimelineModel *m_timeline = nullptr;
    TimelineModel::Kinds m_kinds = TimelineModel::AllKinds;
    QString m_searchText;
    QStringList m_words;
    /// The folded text of the incident's entries, read by the last search.
    std::shared_ptr<const Corpus> m_corpus;
    std::shared_ptr<const Answer> m_answer;
    std::shared_ptr<std::atomic_bool> m_cancel;
    int m_generation = 0;
    /// A search was asked for and has not answered yet.
    bool m_searching = false;
    /// A job (reading ahead or searching) runs on the worker.
    bool m_jobRunning = false;
    QTimer *m_prebuildTimer = nullptr;
    JobStats m_lastJobStats;
    bool m_refiltering = false;
};

} // namespace Firebreak
