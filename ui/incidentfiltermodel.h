// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSortFilterProxyModel>

namespace Firebreak {

class IncidentListModel;

/**
 * Sorts an IncidentListModel by meaning (SortRole: INC-9 before INC-10, P1 before P2) and
 * filters it by a text found in a row's number, title, severity, status or service, ignoring
 * case.
 *
 * Built for tens of thousands of incidents: a new filter text re-maps the rows in one pass and
 * announces one layout change, rather than a removal or insertion per run of rows (which costs
 * a view one update per run, tens of thousands per keystroke); the default sort by number
 * compares the model's numbers directly.
 */
class IncidentFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentFilterModel)
public:
    explicit IncidentFilterModel(IncidentListModel *incidents, QObject *parent = nullptr);
    ~IncidentFilterModel() override;

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    IncidentListModel *m_incidents;
    QString m_text;
};

} // namespace Firebreak
