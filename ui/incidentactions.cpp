// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentactions.h"

#include "actionicons.h"
#include "assignroledialog.h"
#include "commandsender.h"
#include "desktopsession.h"
#include "evidencedialog.h"
#include "incidents/lifecycle.h"
#include "incidenttext.h"
#include "notedialog.h"
#include "permissiongate.h"

#include <QAction>
#include <QMenu>
#include <QToolButton>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr IncidentStatus s_statusChoices[] = {
    IncidentStatus::Acknowledged, IncidentStatus::Investigating, IncidentStatus::Identified,
    IncidentStatus::Monitoring,   IncidentStatus::Resolved,      IncidentStatus::Closed,
};

} // namespace

IncidentActions::IncidentActions(DesktopSession *session, QWidget *host)
    : QObject(host)
    , m_session(session)
    , m_host(host)
    , m_sender(new CommandSender(session, this))
{
    Q_ASSERT(m_session && m_host);
    setObjectName(u"incidentActions"_s);

    m_acknowledge = addAction("acknowledgeAction", tr("&Acknowledge"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
                              tr("Acknowledge the incident: you are on it (Ctrl+Shift+A)"));
    m_acknowledge->setIcon(ActionIcons::acknowledge());
    connect(m_acknowledge, &QAction::triggered, this, &IncidentActions::acknowledge);

    m_escalate = addAction("escalateAction", tr("&Escalate"), QKeySequence(Qt::CTRL | Qt::Key_E),
                           tr("Page the on-call people of the service's escalation policy"
                              " (Ctrl+E)"));
    connect(m_escalate, &QAction::triggered, this, &IncidentActions::escalate);

    createSeverityActions();
    createStatusActions();

    m_assignRole = addAction("assignRoleAction", tr("Assign R&ole…"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                             tr("Make someone commander, communications lead, scribe or"
                                " responder (Ctrl+Shift+R)"));
    connect(m_assignRole, &QAction::triggered, this, &IncidentActions::assignRole);

    m_addNote = addAction("addNoteAction", tr("Add &Note…"),
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                          tr("Write a note in Markdown on the timeline (Ctrl+Shift+N)"));
    connect(m_addNote, &QAction::triggered, this, &IncidentActions::addNote);

    m_attachEvidence = addAction("attachEvidenceAction", tr("Attach E&vidence…"),
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                                 tr("Attach a file, a log excerpt or a link (Ctrl+Shift+E)"));
    connect(m_attachEvidence, &QAction::triggered, this, &IncidentActions::attachEvidence);

    m_resolve = addAction("resolveAction", tr("&Resolve"), QKeySequence(Qt::CTRL | Qt::Key_R),
                          tr("Resolve the incident (Ctrl+R)"));
    m_resolve->setIcon(ActionIcons::resolve());
    connect(m_resolve, &QAction::triggered, this, &IncidentActions::resolve);

    connect(m_session, &DesktopSession::eventsApplied, this, &IncidentActions::refresh);
    connect(m_session, &DesktopSession::projectionReset, this, &IncidentActions::refresh);
    connect(m_session, &DesktopSession::permissionsChanged, this, &IncidentActions::refresh);
    refresh();
}

IncidentActions::~IncidentActions() = default;

QAction *IncidentActions::addAction(const char *objectName, const QString &text,
                                    const QKeySequence &keys, const QString &toolTip)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    action->setToolTip(toolTip);
    if (!keys.isEmpty()) {
        action->setShortcut(keys);
        m_host->addAction(action);
    }
    return action;
}

void IncidentActions::createSeverityActions()
{
    m_severity = addAction("changeSeverityAction", tr("Change &Severity"), {},
                           tr("Raise or lower the severity (Ctrl+1 to Ctrl+4)"));
    m_severityMenu = new QMenu(tr("Change &Severity"), m_host);
    m_severityMenu->setObjectName(u"severityMenu"_s);
    m_severity->setMenu(m_severityMenu);
    const Qt::Key keys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4};
    for (int level = 1; level <= 4; ++level) {
        const auto severity = Severity(level);
        const QString name = severityName(severity);
        QAction *action = addAction(qPrintable(u"severity%1Action"_s.arg(name)),
                                    tr("Severity %1").arg(name),
                                    QKeySequence(Qt::CTRL | keys[level - 1]), QString());
        action->setCheckable(true);
        action->setData(level);
        connect(action, &QAction::triggered, this,
                [this, severity]() { changeSeverity(severity); });
        m_severityMenu->addAction(action);
        m_severityActions.append(action);
    }
}

void IncidentActions::createStatusActions()
{
    m_status = addAction("changeStatusAction", tr("Change S&tatus"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                         tr("Move the incident along its lifecycle (Ctrl+Shift+S)"));
    m_statusMenu = new QMenu(tr("Change S&tatus"), m_host);
    m_statusMenu->setObjectName(u"statusMenu"_s);
    m_status->setMenu(m_statusMenu);
    connect(m_status, &QAction::triggered, this,
            [this]() { popUpMenu(m_status, m_statusMenu); });
    for (const IncidentStatus status : s_statusChoices) {
        QString name = statusName(status);
        name[0] = name.at(0).toUpper();
        QAction *action = addAction(qPrintable(u"status%1Action"_s.arg(name)),
                                    IncidentText::status(status), {}, QString());
        connect(action, &QAction::triggered, this, [this, status]() { changeStatus(status); });
        m_statusMenu->addAction(action);
        m_statusActions.append(action);
    }
    m_statusMenu->addSeparator();
    m_reopen = addAction("reopenAction", tr("Reopen"), {},
                         tr("Work on a resolved or closed incident again"));
    connect(m_reopen, &QAction::triggered, this, &IncidentActions::reopen);
    m_statusMenu->addAction(m_reopen);
}

QList<QAction *> IncidentActions::quickActions() const
{
    return {m_acknowledge, m_escalate, nullptr,   m_severity,       m_status,
            m_assignRole,  nullptr,    m_addNote, m_attachEvidence, nullptr,
            m_resolve};
}

QList<QAction *> IncidentActions::paletteActions() const
{
    QList<QAction *> actions{m_acknowledge, m_escalate};
    actions += m_severityActions;
    actions += m_statusActions;
    actions += {m_reopen, m_assignRole, m_addNote, m_attachEvidence, m_resolve};
    return actions;
}

void IncidentActions::addToMenu(QMenu *menu) const
{
    const QList<QAction *> actions = quickActions();
    for (QAction *action : actions) {
        if (action) {
            menu->addAction(action);
        } else {
            menu->addSeparator();
        }
    }
}

void IncidentActions::setIncident(const QString &incidentId)
{
    m_incidentId = incidentId;
    refresh();
}

const IncidentRecord *IncidentActions::current() const
{
    return m_incidentId.isEmpty() ? nullptr : m_session->projection().incident(m_incidentId);
}

void IncidentActions::refresh()
{
    // Offline too: commands wait in the session's queue until the server is back. What the
    // role lacks is disabled, with the missing permission in the tips (PermissionGate).
    const IncidentRecord *incident = current();
    const bool live = incident != nullptr;
    const bool open = live && incident->isOpen();
    const bool triggered = live && incident->status == IncidentStatus::Triggered;
    const DesktopSession &session = *m_session;
    PermissionGate::apply(m_acknowledge, session, u"incident.acknowledge"_s, triggered);
    PermissionGate::apply(m_escalate, session, u"escalation.start"_s, triggered);
    PermissionGate::apply(m_resolve, session, u"incident.resolve"_s, open);
    const bool mayChangeSeverity = PermissionGate::apply(
        m_severity, session, u"incident.change_severity"_s, open);
    for (QAction *action : std::as_const(m_severityActions)) {
        const bool same = incident && int(incident->severity) == action->data().toInt();
        PermissionGate::apply(action, session, u"incident.change_severity"_s,
                              mayChangeSeverity && open && !same);
        action->setChecked(same);
    }

    // Only the moves the lifecycle allows are offered.
    bool anyStatus = false;
    for (int i = 0; i < m_statusActions.size(); ++i) {
        QString reason;
        const bool allowed = incident
            && Lifecycle::canTransition(incident->status, s_statusChoices[i], &reason);
        m_statusActions[i]->setVisible(allowed);
        PermissionGate::apply(m_statusActions[i], session, u"incident.set_status"_s,
                              live && allowed);
        anyStatus = anyStatus || allowed;
    }
    QString reason;
    const bool reopenable = incident && Lifecycle::canReopen(incident->status, &reason);
    m_reopen->setVisible(reopenable);
    PermissionGate::apply(m_reopen, session, u"incident.reopen"_s, live && reopenable);
    PermissionGate::apply(m_status, session, u"incident.set_status"_s,
                          live && (anyStatus || reopenable));

    PermissionGate::apply(m_assignRole, session, u"incident.assign_role"_s, live);
    PermissionGate::apply(m_addNote, session, u"incident.add_note"_s, live);
    PermissionGate::apply(m_attachEvidence, session, u"incident.attach_evidence"_s, live);
}

void IncidentActions::popUpMenu(QAction *action, QMenu *menu)
{
    // Under its button when one shows it, else near the top of the window.
    const QList<QToolButton *> buttons = m_host->findChildren<QToolButton *>();
    for (QToolButton *button : buttons) {
        if (button->defaultAction() == action && button->isVisible()) {
            menu->popup(button->mapToGlobal(QPoint(0, button->height())));
            return;
        }
    }
    menu->popup(m_host->mapToGlobal(QPoint(m_host->width() / 3, m_host->height() / 5)));
}

void IncidentActions::send(const QJsonObject &command, const QString &description)
{
    m_sender->send(command, description, command.value(u"incident"_s).toString());
}

void IncidentActions::acknowledge()
{
    if (const IncidentRecord *incident = current()) {
        m_session->acknowledge(incident->id);
    }
}

void IncidentActions::resolve()
{
    if (const IncidentRecord *incident = current()) {
        m_session->resolve(incident->id);
    }
}

void IncidentActions::escalate()
{
    if (const IncidentRecord *incident = current()) {
        send({{u"type"_s, u"escalation.start"_s}, {u"incident"_s, incident->id}},
             tr("Escalate %1").arg(incident->numberText()));
    }
}

void IncidentActions::changeSeverity(Severity severity)
{
    const IncidentRecord *incident = current();
    if (!incident || incident->severity == severity) {
        refresh();
        return;
    }
    m_session->changeSeverity(incident->id, severityName(severity));
}

void IncidentActions::changeStatus(IncidentStatus status)
{
    if (const IncidentRecord *incident = current()) {
        m_session->setStatus(incident->id, statusName(status));
    }
}

void IncidentActions::reopen()
{
    if (const IncidentRecord *incident = current()) {
        send({{u"type"_s, u"incident.reopen"_s}, {u"incident"_s, incident->id}},
             tr("Reopen %1").arg(incident->numberText()));
    }
}

void IncidentActions::assignRole()
{
    const IncidentRecord *incident = current();
    if (!incident) {
        return;
    }
    auto *dialog = new AssignRoleDialog(m_session->projection(), *incident, m_host);
    const QString id = incident->id;
    const QString number = incident->numberText();
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, number]() {
        const QString role = dialog->role();
        const QString user = dialog->user();
        const bool remove = dialog->isRemoval();
        send({{u"type"_s, remove ? u"incident.unassign_role"_s : u"incident.assign_role"_s},
              {u"incident"_s, id},
              {u"role"_s, role},
              {u"user"_s, user}},
             remove ? tr("Remove %1 as %2 of %3").arg(user, IncidentText::role(role), number)
                    : tr("Make %1 %2 of %3").arg(user, IncidentText::role(role), number));
    });
    dialog->open();
}

void IncidentActions::addNote()
{
    const IncidentRecord *incident = current();
    if (!incident) {
        return;
    }
    auto *dialog = new NoteDialog(*incident, m_host);
    const QString id = incident->id;
    const QString number = incident->numberText();
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, number]() {
        send({{u"type"_s, u"incident.add_note"_s},
              {u"incident"_s, id},
              {u"text"_s, dialog->text()},
              {u"summary"_s, dialog->isSummary()}},
             dialog->isSummary() ? tr("New summary of %1").arg(number)
                                 : tr("Note on %1").arg(number));
    });
    dialog->open();
}

void IncidentActions::attachEvidence()
{
    const IncidentRecord *incident = current();
    if (!incident) {
        return;
    }
    auto *dialog = new EvidenceDialog(m_session, *incident, m_host);
    const QString number = incident->numberText();
    connect(dialog, &EvidenceDialog::evidenceReady, this,
            [this, number](const QJsonObject &command) {
                send(command, tr("Attach “%1” to %2")
                                  .arg(command.value(u"name"_s).toString(), number));
            });
    connect(dialog, &EvidenceDialog::uploadFailed, this, &IncidentActions::refused);
    dialog->open();
}

} // namespace Firebreak
