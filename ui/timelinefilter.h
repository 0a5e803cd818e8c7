// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timelinemodel.h"

#include <QSortFilterProxyModel>

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
 * a connection of its own, and keeps their folded text for the next keystrokes; until it
 * answers (searchFinished()), the previous answer stays applied, or nothing matches. Entries
 * that arrive after the worker read the incident are matched here, as they come.
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

    /// Folds text for matching: accents dropped, case folded, white space simplified.
    static QString folded(const QString &text);

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
    void onSearchAnswered(const std::shared_ptr<const Answer> &answer);
    bool matchesWords(int sourceRow) const;
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
    bool m_searching = false;
    bool m_refiltering = false;
};

} // namespace Firebreak
