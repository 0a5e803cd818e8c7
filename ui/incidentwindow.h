// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>

namespace Firebreak {

class CommandPalette;
class DesktopSession;
class IncidentActions;
class IncidentView;
class MessageBanner;

/**
 * One incident in a window of its own, as live as the main window: its header, quick actions
 * (buttons, an Incident menu, the same shortcuts) and timeline, and a command palette (Ctrl+K)
 * whose incidents open here. Made by the main window's Open in New Window; deletes itself when
 * closed. The session is not owned.
 */
class IncidentWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentWindow)
public:
    IncidentWindow(DesktopSession *session, const QString &incidentId, QWidget *parent = nullptr);
    ~IncidentWindow() override;

    IncidentView *view() const { return m_view; }
    IncidentActions *actions() const { return m_actions; }
    void setIncident(const QString &incidentId);

private:
    void refreshTitle();

    DesktopSession *m_session;
    IncidentView *m_view = nullptr;
    IncidentActions *m_actions = nullptr;
    MessageBanner *m_message = nullptr;
    CommandPalette *m_palette = nullptr;
};

} // namespace Firebreak
