// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "actionitemspanel.h"

#include "collab/followup.h"
#include "commandsender.h"
#include "desktopsession.h"
#include "permissiongate.h"
#include "incidenttext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString statusText(const QString &status)
{
    if (status == u"in_progress") {
        return ActionItemsPanel::tr("in progress");
    }
    if (status == u"done") {
        return ActionItemsPanel::tr("done");
    }
    if (status == u"cancelled") {
        return ActionItemsPanel::tr("cancelled");
    }
    return ActionItemsPanel::tr("open");
}

QString priorityText(const QString &priority)
{
    if (priority == u"high") {
        return ActionItemsPanel::tr("high");
    }
    return priority == u"low" ? ActionItemsPanel::tr("low") : ActionItemsPanel::tr("medium");
}

} // namespace

ActionItemsPanel::ActionItemsPanel(DesktopSession *desktop, const QString &incident,
                                   QWidget *parent)
    : QWidget(parent)
    , m_desktop(desktop)
    , m_incident(incident)
    , m_sender(new CommandSender(desktop, this))
    , m_table(new QTableWidget(0, 6, this))
    , m_title(new QLineEdit(this))
    , m_owner(new QLineEdit(this))
    , m_hasDue(new QCheckBox(tr("Due"), this))
    , m_due(new QDateTimeEdit(QDateTime::currentDateTime().addDays(7), this))
    , m_priority(new QComboBox(this))
    , m_tracker(new QLineEdit(this))
    , m_add(new QPushButton(tr("Add action item"), this))
    , m_status(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_source(u"incident"_s)
{
    setObjectName(u"actionItemsPanel"_s);
    m_table->setObjectName(u"actionItemsTable"_s);
    m_table->setAccessibleName(tr("Action items"));
    m_table->setHorizontalHeaderLabels(
        {tr("Action"), tr("Owner"), tr("Due"), tr("Priority"), tr("Status"), tr("Tracker")});
    m_table->horizontalHeader()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_title->setObjectName(u"actionItemTitle"_s);
    m_owner->setObjectName(u"actionItemOwner"_s);
    m_owner->setPlaceholderText(tr("user name"));
    m_hasDue->setObjectName(u"actionItemHasDue"_s);
    m_hasDue->setChecked(true);
    m_due->setObjectName(u"actionItemDue"_s);
    m_due->setCalendarPopup(true);
    m_priority->setObjectName(u"actionItemPriority"_s);
    m_priority->addItem(tr("high"), u"high"_s);
    m_priority->addItem(tr("medium"), u"medium"_s);
    m_priority->addItem(tr("low"), u"low"_s);
    m_priority->setCurrentIndex(1);
    m_tracker->setObjectName(u"actionItemTracker"_s);
    m_tracker->setPlaceholderText(tr("https://tracker.example.com/ISSUE-1"));
    m_add->setObjectName(u"actionItemAdd"_s);
    m_status->setObjectName(u"actionItemStatus"_s);
    m_status->setAccessibleName(tr("Status of the selected action item"));
    for (const QString &status : {u"open"_s, u"in_progress"_s, u"done"_s, u"cancelled"_s}) {
        m_status->addItem(statusText(status), status);
    }
    m_summary->setObjectName(u"actionItemsSummary"_s);
    m_message->setObjectName(u"actionItemsMessage"_s);
    m_message->setTextFormat(Qt::PlainText); // server reasons quote what people typed
    m_message->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Action"), m_title);
    form->addRow(tr("Owner"), m_owner);
    auto *due = new QHBoxLayout;
    due->addWidget(m_hasDue);
    due->addWidget(m_due, 1);
    form->addRow(tr("Due date"), due);
    form->addRow(tr("Priority"), m_priority);
    form->addRow(tr("Tracker link"), m_tracker);
    auto *status = new QHBoxLayout;
    status->addWidget(new QLabel(tr("Set status:"), this));
    status->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(status);
    layout->addLayout(form);
    layout->addWidget(m_add);
    layout->addWidget(m_message);

    connect(m_add, &QPushButton::clicked, this, &ActionItemsPanel::create);
    connect(m_hasDue, &QCheckBox::toggled, m_due, &QWidget::setEnabled);
    connect(m_status, &QComboBox::activated, this, [this]() {
        setSelectedStatus(m_status->currentData().toString());
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        const QTableWidgetItem *item = row >= 0 ? m_table->item(row, StatusColumn) : nullptr;
        if (item) {
            m_status->setCurrentIndex(m_status->findData(item->data(Qt::UserRole)));
        }
    });
    connect(m_sender, &CommandSender::refused, this, &ActionItemsPanel::showMessage);
    connect(m_sender, &CommandSender::accepted, this,
            [this](const QString &, const QJsonObject &command) {
                if (command.value(u"type"_s).toString() == u"action_item.create") {
                    m_title->clear();
                    m_tracker->clear();
                    m_source = u"incident"_s;
                }
            });
    connect(desktop, &DesktopSession::eventsApplied, this, [this](const EventList &events) {
        if (std::any_of(events.cbegin(), events.cend(), [](const Event &event) {
                return event.type.startsWith(u"action_item.");
            })) {
            refresh();
        }
    });
    connect(desktop, &DesktopSession::projectionReset, this, &ActionItemsPanel::refresh);
    // A role that may not write post-mortems sees the action items but changes none.
    const auto gate = [this]() {
        PermissionGate::apply(m_add, *m_desktop, u"action_item.create"_s);
        PermissionGate::apply(m_status, *m_desktop, u"action_item.update"_s);
    };
    connect(desktop, &DesktopSession::permissionsChanged, this, gate);
    gate();
    refresh();
}

void ActionItemsPanel::refresh()
{
    const QString selected = m_table->currentRow() >= 0 && m_table->item(m_table->currentRow(), 0)
        ? m_table->item(m_table->currentRow(), 0)->data(Qt::UserRole).toString()
        : QString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<const Collab::ActionItem *> items = m_desktop->followUp().actionItems(m_incident);
    m_table->setRowCount(int(items.size()));
    int open = 0;
    int overdue = 0;
    for (int row = 0; row < items.size(); ++row) {
        const Collab::ActionItem &item = *items[row];
        open += item.isOpen() ? 1 : 0;
        overdue += item.isOverdueAt(now) ? 1 : 0;
        const QString due = item.dueAt > 0 ? IncidentText::fullTime(item.dueAt) : tr("none");
        const QStringList cells{item.title,
                                item.owner,
                                item.isOverdueAt(now) ? tr("%1 (overdue)").arg(due) : due,
                                priorityText(item.priority),
                                statusText(item.status),
                                item.tracker};
        for (int column = 0; column < cells.size(); ++column) {
            auto *cell = new QTableWidgetItem(cells[column]);
            if (item.isOverdueAt(now)) {
                cell->setForeground(QColor(0xc0, 0x20, 0x20));
            }
            m_table->setItem(row, column, cell);
        }
        m_table->item(row, TitleColumn)->setData(Qt::UserRole, item.id);
        m_table->item(row, StatusColumn)->setData(Qt::UserRole, item.status);
        m_table->item(row, TitleColumn)->setToolTip(item.source == u"document"
                                                        ? tr("Created from the document")
                                                        : tr("Created from the incident"));
        if (item.id == selected) {
            m_table->setCurrentCell(row, 0);
        }
    }
    m_summary->setText(tr("%n open", nullptr, open)
                       + (overdue > 0 ? tr(", %n overdue", nullptr, overdue) : QString()));
}

void ActionItemsPanel::showMessage(const QString &message)
{
    m_message->setText(message);
}

void ActionItemsPanel::createFromText(const QString &text)
{
    // A bullet or checkbox the passage starts with is not part of the action.
    QString title = text.simplified();
    static const QRegularExpression marker(u"^([-*+]\\s+)?(\\[[ xX]\\]\\s+)?"_s);
    title.remove(marker);
    m_title->setText(title.left(200));
    m_source = u"document"_s;
    m_owner->setFocus();
}

void ActionItemsPanel::create()
{
    QJsonObject command{{u"type"_s, u"action_item.create"_s},
                        {u"incident"_s, m_incident},
                        {u"title"_s, m_title->text().trimmed()},
                        {u"owner"_s, m_owner->text().trimmed()},
                        {u"priority"_s, m_priority->currentData().toString()},
                        {u"tracker"_s, m_tracker->text().trimmed()},
                        {u"source"_s, m_source}};
    if (m_hasDue->isChecked()) {
        command.insert(u"due"_s, isoFromMs(m_due->dateTime().toMSecsSinceEpoch()));
    }
    m_message->clear();
    m_sender->send(command);
}

void ActionItemsPanel::setSelectedStatus(const QString &status)
{
    const int row = m_table->currentRow();
    const QTableWidgetItem *item = row >= 0 ? m_table->item(row, TitleColumn) : nullptr;
    if (!item) {
        showMessage(tr("Select an action item first."));
        return;
    }
    m_message->clear();
    m_sender->send({{u"type"_s, u"action_item.update"_s},
                    {u"item"_s, item->data(Qt::UserRole).toString()},
                    {u"status"_s, status}});
}

} // namespace Firebreak
