// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentfiltermodel.h"

#include "incidentlistmodel.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

IncidentFilterModel::IncidentFilterModel(IncidentListModel *incidents, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_incidents(incidents)
{
    setObjectName(u"incidentFilterModel"_s);
    setSourceModel(incidents);
    setSortRole(IncidentListModel::SortRole);
}

IncidentFilterModel::~IncidentFilterModel() = default;

void IncidentFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text) {
        return;
    }
    m_text = trimmed;
    // One pass and one layout change: QSortFilterProxyModel's incremental refilter would
    // announce every run of removed or returning rows on its own.
    invalidate();
}

bool IncidentFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty() || sourceParent.isValid()) {
        return true;
    }
    return m_incidents->searchText(sourceRow).contains(m_text, Qt::CaseInsensitive);
}

bool IncidentFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == IncidentListModel::NumberColumn
        && right.column() == IncidentListModel::NumberColumn) {
        return m_incidents->numberAt(left.row()) < m_incidents->numberAt(right.row());
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace Firebreak
