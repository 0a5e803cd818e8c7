// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QJsonArray>
#include <QObject>

class QAction;
class QMenu;
class QWidget;

namespace Firebreak {

class CommandSender;
class DesktopSession;
struct IncidentRecord;

/**
 * The quick actions on one incident, for the buttons, menus, shortcuts and command palette of
 * one window: acknowledge, escalate, change severity (Ctrl+1 to Ctrl+4), change status (only
 * the transitions the lifecycle allows are offered), assign a role, add a Markdown note, attach
 * evidence, and resolve.
 *
 * Each action is a command, queued through the session like every command (so it waits out an
 * outage) and checked by the server; the session announces what the server answered. Actions
 * that need a dialog open it window-modal on the host and queue when it is accepted. Actions
 * carry object names ("acknowledgeAction", "escalateAction", "severityP2Action",
 * "statusMonitoringAction", …) for tests.
 */
class IncidentActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentActions)
public:
    /// `host` parents the dialogs and receives the shortcuts; the session is not owned.
    IncidentActions(DesktopSession *session, QWidget *host);
    ~IncidentActions() override;

    /// The incident the actions work on (UUID); empty disables them.
    void setIncident(const QString &incidentId);
    QString incident() const { return m_incidentId; }

    /// The actions for a row of buttons, in order; null marks a gap between groups.
    QList<QAction *> quickActions() const;
    /// Every action a person can run by name (the command palette), submenus expanded.
    QList<QAction *> paletteActions() const;
    /// Adds the actions to an Incident menu.
    void addToMenu(QMenu *menu) const;

    QAction *acknowledgeAction() const { return m_acknowledge; }
    QAction *resolveAction() const { return m_resolve; }
    CommandSender *sender() const { return m_sender; }

    /// Enables what the incident's state allows (offline too); the status menu is rebuilt.
    void refresh();

Q_SIGNALS:
    /// Something failed before a command could be queued (an evidence upload); `message`
    /// holds the reason. Refusals by the server come from the session.
    void refused(const QString &message);

private:
    QAction *addAction(const char *objectName, const QString &text, const QKeySequence &keys,
                       const QString &toolTip);
    void createSeverityActions();
    void createStatusActions();
    const IncidentRecord *current() const;
    void popUpMenu(QAction *action, QMenu *menu);

    void acknowledge();
    void resolve();
    void escalate();
    void changeSeverity(Severity severity);
    void changeStatus(IncidentStatus status);
    void reopen();
    void assignRole();
    void addNote();
    void attachEvidence();
    void send(const QJsonObject &command, const QString &description);

    DesktopSession *m_session;
    QWidget *m_host;
    CommandSender *m_sender;
    QString m_incidentId;

    QAction *m_acknowledge = nullptr;
    QAction *m_escalate = nullptr;
    QAction *m_severity = nullptr;
    QMenu *m_severityMenu = nullptr;
    QList<QAction *> m_severityActions;
    QAction *m_status = nullptr;
    QMenu *m_statusMenu = nullptr;
    QList<QAction *> m_statusActions;
    QAction *m_reopen = nullptr;
    QAction *m_assignRole = nullptr;
    QAction *m_addNote = nullptr;
    QAction *m_attachEvidence = nullptr;
    QAction *m_resolve = nullptr;
};

} // namespace Firebreak
