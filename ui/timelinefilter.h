// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timelinemodel.h"

#include <QSortFilterProxyModel>

namespace Firebreak {

/**
 * Narrows a TimelineModel to some kinds of entries and to those holding a text (case- and
 * accent-insensitive words, all of which must appear). Commands still queued always pass. With
 * every kind and no text it lets everything through without looking at the rows, so a long
 * timeline costs nothing to filter.
 */
class TimelineFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineFilter)
public:
    explicit TimelineFilter(QObject *parent = nullptr);
    ~TimelineFilter() override;

    TimelineModel::Kinds kinds() const { return m_kinds; }
    void setKinds(TimelineModel::Kinds kinds);
    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    /// True unless every kind is shown and there is no search text.
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    static QString folded(const QString &text);

    TimelineModel::Kinds m_kinds = TimelineModel::AllKinds;
    QString m_searchText;
    QStringList m_words;
};

} // namespace Firebreak
