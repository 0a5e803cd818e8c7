// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QListView;

namespace Firebreak {

class ResponderState;

/**
 * One column of an incident's board as a list model. Tasks are dragged between columns as
 * "application/x-firebreak-task" (the task id); a drop asks for a `task.move` through
 * moveRequested() and the model changes only when the resulting event arrives.
 */
class TaskColumnModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { TaskIdRole = Qt::UserRole + 1, OwnerRole, DueRole };

    TaskColumnModel(const ResponderState *state, const QString &column, QObject *parent = nullptr);

    void setIncident(const QString &incident);
    QString column() const { return m_column; }
    QString taskAt(int row) const { return m_tasks.value(row); }
    int rowOf(const QString &task) const { return int(m_tasks.indexOf(task)); }
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;

Q_SIGNALS:
    void moveRequested(const QString &task, const QString &column, int index);

private:
    const ResponderState *m_state;
    QString m_column;
    QString m_incident;
    QStringList m_tasks;
};

/**
 * An incident's assignment board: tasks in columns (to do, doing, blocked, done) with owner,
 * due time and links; moved by drag and drop, or from the keyboard (Ctrl+Left/Right to
 * another column, Ctrl+Up/Down within one, Delete to remove); new tasks from the line at
 * the top. Every change is a command; the board shows what the log says.
 */
class AssignmentBoard final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignmentBoard)
public:
    explicit AssignmentBoard(ResponderState *state, QWidget *parent = nullptr);

    QString incident() const { return m_incident; }
    void setIncident(const QString &incident);
    TaskColumnModel *columnModel(const QString &column) const;
    QListView *columnView(const QString &column) const;

    /// Moves the selected task of `column` by `columns` columns and `rows` rows.
    void moveSelected(const QString &column, int columns, int rows);

private:
    void refresh();
    void refreshIncidents();
    void addTask();
    void requestMove(const QString &task, const QString &column, int index);
    QWidget *createColumn(const QString &column, const QString &title, QWidget *parent);

    ResponderState *m_state;
    QString m_incident;
    QComboBox *m_incidentBox = nullptr;
    QLineEdit *m_title = nullptr;
    QLineEdit *m_owner = nullptr;
    QList<TaskColumnModel *> m_models;
    QList<QListView *> m_views;
};

} // namespace Firebreak
