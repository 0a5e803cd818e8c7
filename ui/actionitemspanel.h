// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace Firebreak {

class CommandSender;
class DesktopSession;

/**
 * The action items of one incident: what must get done after it, by whom and when, with their
 * status, overdue flag and tracker link. Items are created from the incident (the form) or
 * from the document (createFromText(), with the passage selected in the editor), and changed
 * by commands to the server (docs/postmortems.md).
 */
class ActionItemsPanel final : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        TitleColumn,
        OwnerColumn,
        DueColumn,
        PriorityColumn,
        StatusColumn,
        TrackerColumn
    };

    ActionItemsPanel(DesktopSession *desktop, const QString &incident, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    /// Fills the form with `text` (a passage of the document) as the title.
    void createFromText(const QString &text);
    /// Sends what the form says as a new action item.
    void create();
    /// Sets the status of the selected item.
    void setSelectedStatus(const QString &status);

private:
    void refresh();
    void showMessage(const QString &message);

    DesktopSession *m_desktop;
    QString m_incident;
    CommandSender *m_sender;
    QTableWidget *m_table;
    QLineEdit *m_title;
    QLineEdit *m_owner;
    QCheckBox *m_hasDue;
    QDateTimeEdit *m_due;
    QComboBox *m_priority;
    QLineEdit *m_tracker;
    QPushButton *m_add;
    QComboBox *m_status;
    QLabel *m_summary;
    QLabel *m_message;
    QString m_source;
};

} // namespace Firebreak
