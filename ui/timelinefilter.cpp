// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "timelinefilter.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

TimelineFilter::TimelineFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setObjectName(u"timelineFilter"_s);
    // Rows only ever arrive at the end: keep the source order, never sort.
    setDynamicSortFilter(true);
}

TimelineFilter::~TimelineFilter() = default;

void TimelineFilter::setKinds(TimelineModel::Kinds kinds)
{
    if (kinds == m_kinds) {
        return;
    }
    m_kinds = kinds;
    invalidateRowsFilter();
}

void TimelineFilter::setSearchText(const QString &text)
{
    if (text == m_searchText) {
        return;
    }
    m_searchText = text;
    m_words = folded(text).split(u' ', Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

bool TimelineFilter::isFiltering() const
{
    return m_kinds != TimelineModel::Kinds(TimelineModel::AllKinds) || !m_words.isEmpty();
}

bool TimelineFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering()) {
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    // What the person queued stays in view whatever the filter: it is not in the log yet.
    if (index.data(TimelineModel::QueueStateRole).toInt() != TimelineModel::Stored) {
        return true;
    }
    const auto kind = TimelineModel::Kind(index.data(TimelineModel::KindRole).toInt());
    if (!m_kinds.testFlag(kind)) {
        return false;
    }
    if (m_words.isEmpty()) {
        return true;
    }
    const QString text = folded(index.data(TimelineModel::SearchTextRole).toString()
                                + u'\n' + index.data(TimelineModel::TimeRole).toString());
    return std::all_of(m_words.cbegin(), m_words.cend(),
                       [&text](const QString &word) { return text.contains(word); });
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
