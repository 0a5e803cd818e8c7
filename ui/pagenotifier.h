// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QObject>
#include <QPointer>

class QMenu;
class QSystemTrayIcon;

namespace Firebreak {

class DesktopSession;
class ResponderState;

/**
 * Tells the person on call they are paged: a system tray notification for each new page of
 * theirs (everyone's when the desktop does not know its user), and a tray menu with
 * "Acknowledge INC-n" for every open page. Tray messages carry no buttons in Qt, so clicking
 * the notification itself acknowledges (it says so); where there is no system tray, pages
 * still show in the board and the incident list.
 */
class PageNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageNotifier)
public:
    PageNotifier(ResponderState *state, DesktopSession *session, QObject *parent = nullptr);
    ~PageNotifier() override;

    /// The last notification: its title and message (for tests and the status bar).
    QString lastTitle() const { return m_lastTitle; }
    QString lastMessage() const { return m_lastMessage; }
    /// The incident the last notification was about.
    QString lastIncident() const { return m_lastIncident; }
    QMenu *menu() const { return m_menu; }
    /// What clicking the last notification does: acknowledges its incident.
    void acknowledgeLast();

Q_SIGNALS:
    void paged(const QString &incident, const QString &title, const QString &message);

private:
    void onChanged(const Firebreak::EventList &events);
    void rebuildMenu();

    ResponderState *m_state;
    QPointer<DesktopSession> m_session;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QString m_lastTitle;
    QString m_lastMessage;
    QString m_lastIncident;
};

} // namespace Firebreak
