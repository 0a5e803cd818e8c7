// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "pagenotifier.h"

#include "desktopsession.h"
#include "responderstate.h"

#include <QApplication>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace Firebreak {

PageNotifier::PageNotifier(ResponderState *state, DesktopSession *session, QObject *parent)
    : QObject(parent)
    , m_state(state)
    , m_session(session)
    , m_menu(new QMenu)
{
    m_menu->setObjectName(u"pageMenu"_s);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setIcon(qApp->style()->standardIcon(QStyle::SP_MessageBoxWarning));
        m_tray->setToolTip(tr("Firebreak: no open pages"));
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &PageNotifier::acknowledgeLast);
        m_tray->show();
    }
    connect(m_state, &ResponderState::changed, this, &PageNotifier::onChanged);
    rebuildMenu();
}

PageNotifier::~PageNotifier()
{
    delete m_menu;
}

void PageNotifier::onChanged(const EventList &events)
{
    const QString me = m_state->currentUser();
    for (const Event &event : events) {
        if (event.type != u"page.sent") {
            continue;
        }
        const QJsonObject data = event.data();
        const QString user = data[u"user"_s].toString();
        if (!me.isEmpty() && user != me) {
            continue;
        }
        m_lastIncident = event.incident;
        m_lastTitle = tr("Paged: %1 %2").arg(data[u"number"_s].toString(),
                                             data[u"severity"_s].toString());
        m_lastMessage = me.isEmpty()
            ? tr("%1 is asked to respond to \"%2\". Click to acknowledge.")
                  .arg(user, data[u"title"_s].toString())
            : tr("You are asked to respond to \"%1\". Click to acknowledge.")
                  .arg(data[u"title"_s].toString());
        if (m_tray) {
            m_tray->showMessage(m_lastTitle, m_lastMessage, QSystemTrayIcon::Critical, 60 * 1000);
        }
        Q_EMIT paged(m_lastIncident, m_lastTitle, m_lastMessage);
    }
    rebuildMenu();
}

void PageNotifier::acknowledgeLast()
{
    if (m_session && !m_lastIncident.isEmpty()) {
        m_session->acknowledge(m_lastIncident);
    }
}

void PageNotifier::rebuildMenu()
{
    m_menu->clear();
    const QString me = m_state->currentUser();
    QStringList incidents;
    const OnCall::Paging &paging = m_state->responders().paging();
    for (const OnCall::WalkRecord *walk : paging.activeWalks()) {
        for (const OnCall::PageRecord *page : paging.pages(walk->incident)) {
            if (page->acknowledgedAt == 0 && (me.isEmpty() || page->user == me)
                && !incidents.contains(page->incident)) {
                incidents.append(page->incident);
            }
        }
    }
    for (const QString &incident : std::as_const(incidents)) {
        const IncidentRecord *record = m_state->projection().incident(incident);
        const QString number = record ? record->numberText() : incident;
        QAction *action = m_menu->addAction(tr("Acknowledge %1").arg(number));
        action->setObjectName(u"acknowledgePage_"_s + number);
        connect(action, &QAction::triggered, this, [this, incident]() {
            if (m_session) {
                m_session->acknowledge(incident);
            }
        });
    }
    if (incidents.isEmpty()) {
        m_menu->addAction(tr("No open pages"))->setEnabled(false);
    }
    if (m_tray) {
        m_tray->setToolTip(incidents.isEmpty()
                               ? tr("Firebreak: no open pages")
                               : tr("Firebreak: %n open page(s)", nullptr,
                                    int(incidents.size())));
    }
}

} // namespace Firebreak
