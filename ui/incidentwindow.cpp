// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentwindow.h"

#include "commandpalette.h"
#include "desktopsession.h"
#include "incidentactions.h"
#include "incidentview.h"
#include "messagebanner.h"

#include <QAction>
#include <QMenuBar>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

IncidentWindow::IncidentWindow(DesktopSession *session, const QString &incidentId,
                               QWidget *parent)
    : QMainWindow(parent, Qt::Window)
    , m_session(session)
{
    setObjectName(u"incidentWindow"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    m_actions = new IncidentActions(m_session, this);
    m_view = new IncidentView(m_session, this);
    m_view->setQuickActions(m_actions->quickActions());
    CommandPalette::keepShortcutFrom(m_view);
    m_message = new MessageBanner(this);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    setCentralWidget(central);

    m_palette = new CommandPalette(m_session, this);
    auto *find = new QAction(tr("Command &Palette…"), this);
    find->setObjectName(u"commandPaletteAction"_s);
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(find, &QAction::triggered, this, [this]() {
        m_palette->setActions(m_actions->paletteActions());
        m_palette->popUp();
    });
    connect(m_palette, &CommandPalette::incidentChosen, this, &IncidentWindow::setIncident);
    auto *close = new QAction(tr("&Close Window"), this);
    close->setObjectName(u"closeWindowAction"_s);
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);

    QMenu *menu = menuBar()->addMenu(tr("&Incident"));
    menu->setObjectName(u"incidentMenu"_s);
    menu->addAction(find);
    menu->addSeparator();
    m_actions->addToMenu(menu);
    menu->addSeparator();
    menu->addAction(close);

    connect(m_actions, &IncidentActions::refused, m_message, &MessageBanner::showMessage);
    connect(m_session, &DesktopSession::commandRefused, m_message, &MessageBanner::showMessage);
    connect(m_session, &DesktopSession::commandSucceeded, this, [this](const QString &message) {
        statusBar()->showMessage(message, 5000);
    });
    connect(m_view, &IncidentView::incidentUpdated, this, &IncidentWindow::refreshTitle);
    setIncident(incidentId);
    resize(760, 720);
}

IncidentWindow::~IncidentWindow() = default;

void IncidentWindow::setIncident(const QString &incidentId)
{
    m_view->setIncident(incidentId);
    m_actions->setIncident(incidentId);
    refreshTitle();
}

void IncidentWindow::refreshTitle()
{
    const IncidentRecord *incident = m_session->projection().incident(m_view->incident());
    setWindowTitle(incident ? tr("%1 — %2").arg(incident->numberText(), incident->title)
                            : tr("Firebreak"));
}

} // namespace Firebreak
