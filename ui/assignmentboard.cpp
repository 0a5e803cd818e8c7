// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "assignmentboard.h"

#include "desktopsession.h"
#include "incidenttext.h"
#include "lazyrefresh.h"
#include "permissiongate.h"
#include "responderstate.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

#include <tuple>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// The command a board action sends, for PermissionGate.
constexpr char s_commandProperty[] = "firebreakCommand";

constexpr auto s_mimeType = "application/x-firebreak-task";

QString columnTitle(const QString &column)
{
    if (column == u"todo") {
        return AssignmentBoard::tr("To do");
    }
    if (column == u"doing") {
        return AssignmentBoard::tr("Doing");
    }
    if (column == u"blocked") {
        return AssignmentBoard::tr("Blocked");
    }
    return AssignmentBoard::tr("Done");
}

} // namespace

TaskColumnModel::TaskColumnModel(const ResponderState *state, const QString &column,
                                 QObject *parent)
    : QAbstractListModel(parent)
    , m_state(state)
    , m_column(column)
{
}

void TaskColumnModel::setIncident(const QString &incident)
{
    m_incident = incident;
    refresh();
}

void TaskColumnModel::refresh()
{
    beginResetModel();
    m_tasks.clear();
    const auto tasks = m_state->responders().board().column(m_incident, m_column);
    for (const OnCall::TaskRecord *task : tasks) {
        m_tasks.append(task->id);
    }
    endResetModel();
}

int TaskColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

QVariant TaskColumnModel::data(const QModelIndex &index, int role) const
{
    const OnCall::TaskRecord *task = m_state->responders().board().task(taskAt(index.row()));
    if (!task) {
        return {};
    }
    const QString due = task->due > 0
        ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(task->due), QLocale::ShortFormat)
        : QString();
    switch (role) {
    case Qt::DisplayRole: {
        QString text = task->title;
        if (!task->owner.isEmpty()) {
            text += u"\n"_s + tr("Owner: %1").arg(task->owner);
        }
        if (!due.isEmpty()) {
            text += u"\n"_s + tr("Due: %1").arg(due);
        }
        return text;
    }
    case Qt::ToolTipRole: {
        QStringList lines{task->title};
        for (const QJsonValue &link : task->links) {
            lines.append(link[u"url"_s].toString());
        }
        return IncidentText::plainToolTip(lines.join(u'\n'));
    }
    case Qt::AccessibleTextRole:
        return tr("%1, owner %2").arg(task->title, task->owner.isEmpty() ? tr("nobody")
                                                                          : task->owner);
    case TaskIdRole:
        return task->id;
    case OwnerRole:
        return task->owner;
    case DueRole:
        return task->due;
    default:
        return {};
    }
}

Qt::ItemFlags TaskColumnModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index) | Qt::ItemIsDropEnabled;
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base;
}

QStringList TaskColumnModel::mimeTypes() const
{
    return {QString::fromLatin1(s_mimeType)};
}

QMimeData *TaskColumnModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty()) {
        return nullptr;
    }
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(s_mimeType), taskAt(indexes.first().row()).toUtf8());
    return mime;
}

bool TaskColumnModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                      const QModelIndex &) const
{
    return data && data->hasFormat(QString::fromLatin1(s_mimeType));
}

bool TaskColumnModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                   int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent)) {
        return false;
    }
    const QString task = QString::fromUtf8(data->data(QString::fromLatin1(s_mimeType)));
    // Dropped on an item: before it; on empty space: at the end.
    int index = parent.isValid() ? parent.row() : row;
    if (index < 0) {
        index = int(m_tasks.size());
    }
    const int from = rowOf(task);
    if (from >= 0 && from < index) {
        --index; // the task leaves its old place first
    }
    Q_EMIT moveRequested(task, m_column, index);
    return true;
}

bool TaskColumnModel::removeRows(int, int, const QModelIndex &)
{
    return false; // the move event, not the view, takes the task out of its column
}

Qt::DropActions TaskColumnModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions TaskColumnModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

AssignmentBoard::AssignmentBoard(ResponderState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(u"assignmentBoard"_s);
    setAccessibleName(tr("Assignment board"));

    m_incidentBox = new QComboBox(this);
    m_incidentBox->setObjectName(u"boardIncident"_s);
    m_incidentBox->setAccessibleName(tr("Incident"));
    // Sized by a fixed length: fitting the widest of tens of thousands of incidents would lay
    // out every title's text each time the list changes.
    m_incidentBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_incidentBox->setMinimumContentsLength(24);
    m_title = new QLineEdit(this);
    m_title->setObjectName(u"newTaskTitle"_s);
    m_title->setPlaceholderText(tr("New task…"));
    m_title->setAccessibleName(tr("New task title"));
    m_owner = new QLineEdit(this);
    m_owner->setObjectName(u"newTaskOwner"_s);
    m_owner->setPlaceholderText(tr("Owner"));
    m_owner->setAccessibleName(tr("New task owner"));
    auto *add = new QPushButton(tr("&Add task"), this);
    add->setObjectName(u"addTaskButton"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Incident:"), this));
    top->addWidget(m_incidentBox, 2);
    top->addWidget(m_title, 3);
    top->addWidget(m_owner, 1);
    top->addWidget(add);

    auto *columns = new QHBoxLayout;
    for (const QString &column : OnCall::taskColumns()) {
        columns->addWidget(createColumn(column, columnTitle(column), this));
    }
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(columns, 1);

    connect(add, &QPushButton::clicked, this, &AssignmentBoard::addTask);
    connect(m_title, &QLineEdit::returnPressed, this, &AssignmentBoard::addTask);
    connect(m_incidentBox, &QComboBox::activated, this, [this](int index) {
        setIncident(m_incidentBox->itemData(index).toString());
    });
    auto *lazy = new LazyRefresh(this, [this]() { refresh(); });
    connect(m_state, &ResponderState::changed, lazy, &LazyRefresh::request);

    // A role that may not change tasks sees the board but moves, adds and deletes nothing.
    const auto gate = [this, add]() {
        const DesktopSession &session = *m_state->session();
        PermissionGate::apply(add, session, u"task.create"_s);
        m_title->setReadOnly(!session.mayRun(u"task.create"_s));
        m_owner->setReadOnly(!session.mayRun(u"task.create"_s));
        const bool mayMove = session.mayRun(u"task.move"_s);
        for (QListView *view : std::as_const(m_views)) {
            view->setDragDropMode(mayMove ? QAbstractItemView::DragDrop
                                          : QAbstractItemView::NoDragDrop);
            const QList<QAction *> actions = view->actions();
            for (QAction *action : actions) {
                PermissionGate::apply(action, session,
                                      action->property(s_commandProperty).toString());
            }
        }
    };
    connect(m_state->session(), &DesktopSession::permissionsChanged, this, gate);
    gate();
    refresh();
}

QWidget *AssignmentBoard::createColumn(const QString &column, const QString &title,
                                         QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *label = new QLabel(title, box);
    label->setTextFormat(Qt::PlainText);
    auto *view = new QListView(box);
    view->setObjectName(u"boardColumn_"_s + column);
    view->setAccessibleName(tr("%1 column").arg(title));
    label->setBuddy(view);
    auto *model = new TaskColumnModel(m_state, column, this);
    view->setModel(model);
    view->setDragEnabled(true);
    view->setAcceptDrops(true);
    view->setDropIndicatorShown(true);
    view->setDragDropMode(QAbstractItemView::DragDrop);
    view->setDefaultDropAction(Qt::MoveAction);
    view->setWordWrap(true);
    view->setSpacing(2);
    connect(model, &TaskColumnModel::moveRequested, this, &AssignmentBoard::requestMove);

    // Keyboard moves, active while the column has focus.
    const QList<std::tuple<QKeySequence, int, int, QString>> moves{
        {QKeySequence(Qt::CTRL | Qt::Key_Right), 1, 0, tr("Move to the next column")},
        {QKeySequence(Qt::CTRL | Qt::Key_Left), -1, 0, tr("Move to the previous column")},
        {QKeySequence(Qt::CTRL | Qt::Key_Up), 0, -1, tr("Move up")},
        {QKeySequence(Qt::CTRL | Qt::Key_Down), 0, 1, tr("Move down")}};
    for (const auto &[keys, columns, rows, text] : moves) {
        auto *action = new QAction(text, view);
        action->setProperty(s_commandProperty, u"task.move"_s);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, [this, column, columns = columns,
                                                    rows = rows]() {
            moveSelected(column, columns, rows);
        });
        view->addAction(action);
    }
    auto *remove = new QAction(tr("Delete task"), view);
    remove->setProperty(s_commandProperty, u"task.delete"_s);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, [this, view, model]() {
        const QString task = model->taskAt(view->currentIndex().row());
        if (!task.isEmpty()) {
            m_state->sendCommand({{u"type"_s, u"task.delete"_s}, {u"task"_s, task}},
                                 tr("Delete task"));
        }
    });
    view->addAction(remove);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(view);
    m_models.append(model);
    m_views.append(view);
    return box;
}

TaskColumnModel *AssignmentBoard::columnModel(const QString &column) const
{
    return m_models.value(OnCall::taskColumns().indexOf(column));
}

QListView *AssignmentBoard::columnView(const QString &column) const
{
    return m_views.value(OnCall::taskColumns().indexOf(column));
}

void AssignmentBoard::setIncident(const QString &incident)
{
    const IncidentRecord *record = m_state->projection().incident(incident);
    m_incident = record ? record->id : QString();
    for (TaskColumnModel *model : std::as_const(m_models)) {
        model->setIncident(m_incident);
    }
    m_incidentBox->setCurrentIndex(m_incidentBox->findData(m_incident));
}

void AssignmentBoard::refresh()
{
    refreshIncidents();
    // Keep the selection on the same task across the refresh.
    QHash<QString, QString> selected;
    for (qsizetype i = 0; i < m_views.size(); ++i) {
        const QModelIndex current = m_views.at(i)->currentIndex();
        if (current.isValid()) {
            selected.insert(m_models.at(i)->column(), m_models.at(i)->taskAt(current.row()));
        }
    }
    for (TaskColumnModel *model : std::as_const(m_models)) {
        model->setIncident(m_incident);
    }
    for (auto it = selected.cbegin(); it != selected.cend(); ++it) {
        const OnCall::TaskRecord *task = m_state->responders().board().task(it.value());
        if (!task) {
            continue;
        }
        TaskColumnModel *model = columnModel(task->column);
        columnView(task->column)->setCurrentIndex(model->index(model->rowOf(task->id)));
    }
}

void AssignmentBoard::refreshIncidents()
{
    m_incidentBox->clear();
    for (const IncidentRecord *incident : m_state->projection().incidents()) {
        if (incident->isOpen()) {
            m_incidentBox->addItem(u"%1 %2"_s.arg(incident->numberText(), incident->title),
                                   incident->id);
        }
    }
    if (m_incident.isEmpty() && m_incidentBox->count() > 0) {
        m_incident = m_incidentBox->itemData(0).toString();
    }
    m_incidentBox->setCurrentIndex(m_incidentBox->findData(m_incident));
}

void AssignmentBoard::addTask()
{
    const QString title = m_title->text().trimmed();
    if (title.isEmpty() || m_incident.isEmpty()) {
        return;
    }
    QJsonObject command{{u"type"_s, u"task.create"_s},
                        {u"incident"_s, m_incident},
                        {u"title"_s, title}};
    if (!m_owner->text().trimmed().isEmpty()) {
        command.insert(u"owner"_s, m_owner->text().trimmed());
    }
    m_state->sendCommand(command, tr("Add task \"%1\"").arg(title));
    m_title->clear();
}

void AssignmentBoard::requestMove(const QString &task, const QString &column, int index)
{
    m_state->sendCommand({{u"type"_s, u"task.move"_s},
                          {u"task"_s, task},
                          {u"column"_s, column},
                          {u"index"_s, index}},
                         tr("Move task"));
}

void AssignmentBoard::moveSelected(const QString &column, int columns, int rows)
{
    const QListView *view = columnView(column);
    const TaskColumnModel *model = columnModel(column);
    const QString task = model ? model->taskAt(view->currentIndex().row()) : QString();
    if (task.isEmpty()) {
        return;
    }
    const int target = int(OnCall::taskColumns().indexOf(column)) + columns;
    if (target < 0 || target >= OnCall::taskColumns().size()) {
        return;
    }
    const QString to = OnCall::taskColumns().at(target);
    const int index = columns != 0 ? columnModel(to)->rowCount()
                                   : qMax(0, view->currentIndex().row() + rows);
    if (columns == 0 && index >= model->rowCount()) {
        return;
    }
    requestMove(task, to, index);
}

} // namespace Firebreak
