// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/severity.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QTimer>

#include <array>

namespace Firebreak {

class DesktopSession;
struct IncidentRecord;

/**
 * The incidents of a DesktopSession, one row each in the order they were opened.
 *
 * Follows the session incrementally: an opened incident inserts a row at the end, an event on
 * an incident changes its row; only a reset of the session resets the model. Each event costs
 * one hash lookup, so the model stays fast with tens of thousands of incidents. The age column
 * is refreshed every `ageRefreshInterval()` ms. Sort with a QSortFilterProxyModel on SortRole.
 */
class IncidentListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentListModel)
public:
    enum Column { NumberColumn, TitleColumn, SeverityColumn, StatusColumn, AgeColumn,
                  ServiceColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        IncidentIdRole = Qt::UserRole + 1, ///< The incident's UUID (QString), every column.
        SortRole, ///< A value that sorts the column meaningfully (numbers, ranks, times).
        SearchTextRole, ///< Number, title, severity, status and service in one QString.
    };

    /// `session` must outlive the model.
    explicit IncidentListModel(const DesktopSession *session, QObject *parent = nullptr);
    ~IncidentListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The row of an incident (UUID), or -1.
    int rowOf(const QString &incidentId) const;
    /// The incident number of a row (12 for INC-12), without a lookup.
    int numberAt(int row) const { return m_numbers.at(row); }
    /// What SearchTextRole gives for a row; empty for an incident no longer known.
    QString searchText(int row) const;
    QString incidentIdAt(int row) const;

    int ageRefreshInterval() const { return m_ageTimer.interval(); }
    void setAgeRefreshInterval(int ms) { m_ageTimer.setInterval(ms); }

private:
    void rebuild();
    void onEventsApplied(const Firebreak::EventList &events);
    void insertIncidents(const QStringList &ids);
    void announceChangedRows(QList<int> rows);
    void refreshAges();

    QVariant displayData(const IncidentRecord &incident, int column) const;
    QVariant sortData(const IncidentRecord &incident, int column) const;
    QVariant foregroundData(const IncidentRecord &incident, int column) const;
    QIcon swatch(Severity severity) const;
    const QString &statusWord(IncidentStatus status) const;

    const DesktopSession *m_session;
    QStringList m_ids;
    QList<int> m_numbers; ///< the incident number of each row, for the default sort
    QHash<QString, int> m_rowById;
    QTimer m_ageTimer;
    mutable std::array<QIcon, 5> m_swatches;
    mutable std::array<QString, 7> m_statusWords;
};

} // namespace Firebreak
