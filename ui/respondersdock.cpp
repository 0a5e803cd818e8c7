// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "respondersdock.h"

#include "assignmentboard.h"
#include "deadletterview.h"
#include "oncallcalendar.h"
#include "pagenotifier.h"
#include "resourcetracker.h"
#include "responderstate.h"
#include "scrolledpage.h"

#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

RespondersDock::RespondersDock(DesktopSession *session, QWidget *parent)
    : QDockWidget(tr("Responders"), parent)
    , m_state(new ResponderState(session, this))
{
    setObjectName(u"respondersDock"_s);
    setAccessibleName(tr("Responders"));
    m_board = new AssignmentBoard(m_state, this);
    m_tracker = new ResourceTracker(m_state, this);
    m_calendar = new OnCallCalendar(m_state, this);
    m_deadLetters = new DeadLetterView(m_state, this);
    m_notifier = new PageNotifier(m_state, session, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"respondersTabs"_s);
    m_tabs->addTab(scrolledPage(m_board, m_tabs), tr("&Board"));
    m_tabs->addTab(scrolledPage(m_tracker, m_tabs), tr("&Tracker"));
    m_tabs->addTab(scrolledPage(m_calendar, m_tabs), tr("On &call"));
    m_tabs->addTab(scrolledPage(m_deadLetters, m_tabs), tr("&Undelivered"));
    m_message = new QLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(u"respondersMessage"_s);
    m_message->setWordWrap(true);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    setWidget(content);

    connect(m_state, &ResponderState::commandSucceeded, m_message, &QLabel::setText);
    connect(m_state, &ResponderState::commandRefused, m_message, &QLabel::setText);
    connect(m_notifier, &PageNotifier::paged, this,
            [this](const QString &, const QString &title, const QString &message) {
                m_message->setText(title + u": "_s + message);
            });
}

RespondersDock::~RespondersDock() = default;

} // namespace Firebreak
