// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Firebreak {

class CommandSender;
class DesktopSession;

/**
 * The incident's timeline beside its post-mortem, for reconstructing what happened: every event
 * of the incident with the outside events the facilitator added, in time order. The facilitator
 * marks key moments and annotates them, adds outside events ("a customer reported it at
 * 10:02") and inserts the curated timeline into the document; its rows link back here by event
 * id (showLink()). Every change is a command to the server (docs/postmortems.md).
 */
class PostMortemTimeline final : public QWidget
{
    Q_OBJECT
public:
    /// Roles of the rows' first column.
    enum Role { SeqRole = Qt::UserRole, ExternalIdRole, EventIdRole, KeyMomentRole };

    PostMortemTimeline(DesktopSession *desktop, const QString &incident,
                       QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    /// Marks the selected event as a key moment with the annotation typed (or changes it).
    void markSelected();
    void unmarkSelected();
    /// Adds what the outside-event fields say.
    void addOutsideEvent();
    /// The curated timeline as Markdown with links to the events (empty when nothing is curated).
    QString curatedTimeline() const;
    /// Selects the row a `firebreak:event/ID` or `firebreak:external/ID` link names.
    bool showLink(const QString &link);

Q_SIGNALS:
    /// The facilitator asked to put the curated timeline into the document.
    void insertRequested(const QString &markdown);

private:
    void refresh();
    void onEventsApplied(const Firebreak::EventList &events);
    QTreeWidgetItem *selectedRow() const;
    void showMessage(const QString &message);

    DesktopSession *m_desktop;
    QString m_incident;
    CommandSender *m_sender;
    QTreeWidget *m_list;
    QLineEdit *m_note;
    QPushButton *m_mark;
    QPushButton *m_unmark;
    QCheckBox *m_keyOnly;
    QDateTimeEdit *m_outsideTime;
    QLineEdit *m_outsideText;
    QPushButton *m_addOutside;
    QPushButton *m_insert;
    QLabel *m_message;
};

} // namespace Firebreak
