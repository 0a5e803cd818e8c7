// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

namespace Firebreak {

class DesktopSession;
struct AlertRecord;

/**
 * The alerts of a DesktopSession, suppressed ones included, one row each in the order they
 * were received. Follows the session incrementally: alert.received appends a row, any other
 * alert event changes its row, a reset of the session resets the model. Suppressed alerts read
 * in the palette's placeholder colour and say why in the Suppressed column.
 */
class AlertListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertListModel)
public:
    enum Column { ReceivedColumn, StatusColumn, SeverityColumn, SourceColumn, TitleColumn,
                  ServiceColumn, TeamColumn, RouteColumn, SuppressedColumn, IncidentColumn,
                  ColumnCount };
    Q_ENUM(Column)

    enum Role {
        AlertIdRole = Qt::UserRole + 1, ///< The alert's UUID (QString), every column.
        SortRole,       ///< A value that sorts the column meaningfully.
        SearchTextRole, ///< Title, source, service, team, labels and dedup key in one QString.
        StatusRole,     ///< "firing", "acknowledged" or "resolved".
        SourceRole,     ///< The source name.
        SuppressedRole, ///< The suppression reason, or empty.
    };

    /// `session` must outlive the model.
    explicit AlertListModel(const DesktopSession *session, QObject *parent = nullptr);
    ~AlertListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int rowOf(const QString &alertId) const { return m_rowById.value(alertId, -1); }
    QString alertIdAt(int row) const { return m_ids.value(row); }
    /// The words shown for a suppression reason ("silenced", "flapping", …).
    static QString suppressionText(const QString &reason);

private:
    void rebuild();
    void onEventsApplied(const Firebreak::EventList &events);
    QVariant displayData(const AlertRecord &alert, int column) const;
    QVariant sortData(const AlertRecord &alert, int column) const;
    const QString &searchText(int row, const AlertRecord &alert) const;

    const DesktopSession *m_session;
    QStringList m_ids;
    QHash<QString, int> m_rowById;
    /// Each row's search text, written the first time the filter asks and dropped when an
    /// alert event changes the row (only those change what it holds): reading every row's
    /// labels JSON and joining its words on every keystroke made the filter slow.
    mutable std::vector<std::optional<QString>> m_searchTexts;
};

/**
 * Filters an AlertListModel by text (any part of SearchTextRole, case-insensitive), status,
 * source and suppression (all, active only, suppressed only); sorts on SortRole.
 */
class AlertFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertFilterModel)
public:
    enum class Suppression { All, ActiveOnly, SuppressedOnly };

    explicit AlertFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    /// Empty: any status.
    void setStatus(const QString &status);
    /// Empty: any source.
    void setSource(const QString &source);
    void setSuppression(Suppression suppression);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_status;
    QString m_sourceName;
    Suppression m_suppression = Suppression::All;
};

} // namespace Firebreak
