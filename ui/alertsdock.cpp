// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertsdock.h"

#include "alertsview.h"
#include "routeseditor.h"
#include "scrolledpage.h"
#include "silencesview.h"

#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace Firebreak {

AlertsDock::AlertsDock(DesktopSession *session, QWidget *parent)
    : QDockWidget(tr("Alerts"), parent)
    , m_tabs(new QTabWidget(this))
    , m_alerts(new AlertsView(session, m_tabs))
    , m_routes(new RoutesEditor(session, m_tabs))
    , m_silences(new SilencesView(session, m_tabs))
{
    setObjectName(u"alertsDock"_s);
    m_tabs->setObjectName(u"alertsTabs"_s);
    m_tabs->addTab(m_alerts, tr("A&lerts"));
    m_tabs->addTab(scrolledPage(m_routes, m_tabs), tr("R&outes"));
    m_tabs->addTab(scrolledPage(m_silences, m_tabs), tr("S&ilences"));
    setWidget(m_tabs);
    connect(m_alerts, &AlertsView::incidentActivated, this, &AlertsDock::incidentActivated);
}

AlertsDock::~AlertsDock() = default;

} // namespace Firebreak
