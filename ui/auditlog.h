// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QAbstractTableModel>
#include <QDockWidget>
#include <QSortFilterProxyModel>

class QComboBox;
class QLineEdit;
class QTableView;

namespace Firebreak {

class DesktopSession;

/**
 * What people did, from the event log the desktop holds: one row per event a person's command
 * produced (actor `user:NAME`), newest first, with its time, actor, origin (where the command
 * came from: "rest ADDRESS" or "sync ADDRESS", as the server recorded it), action, incident and
 * sequence number. Follows the session: events applied are added, a reset reloads.
 */
class AuditLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogModel)
public:
    enum Column { Time, Actor, Origin, Action, Incident, Sequence, ColumnCount };

    explicit AuditLogModel(DesktopSession *session, QObject *parent = nullptr);
    ~AuditLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Every actor of the rows, sorted.
    QStringList actors() const;

Q_SIGNALS:
    void actorsChanged();

private:
    struct Row
    {
        qint64 seq = 0;
        qint64 at = 0;
        QString actor;
        QString origin;
        QString type;
        QString incident;
    };

    void reload();
    void addEvents(const Firebreak::EventList &events);
    static bool isCommand(const Event &event);
    static Row rowOf(const Event &event);
    QString incidentText(const QString &incident) const;

    DesktopSession *m_session;
    /// Oldest first; shown newest first.
    QList<Row> m_rows;
    QStringList m_actors;
};

/// Rows whose actor is the chosen one (all when empty) and which hold the text anywhere.
class AuditLogFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogFilter)
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setActor(const QString &actor);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_actor;
    QString m_text;
};

/// The audit log as a dock of the main window: a filter line, an actor choice and the table.
class AuditLogDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogDock)
public:
    explicit AuditLogDock(DesktopSession *session, QWidget *parent = nullptr);
    ~AuditLogDock() override;

    AuditLogModel *model() const { return m_model; }
    AuditLogFilter *filter() const { return m_filter; }

private:
    void refreshActors();

    AuditLogModel *m_model;
    AuditLogFilter *m_filter;
    QLineEdit *m_text = nullptr;
    QComboBox *m_actor = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace Firebreak
