// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "lazyrefresh.h"

#include <QEvent>
#include <QWidget>

namespace Firebreak {

LazyRefresh::LazyRefresh(QWidget *widget, std::function<void()> refresh)
    : QObject(widget)
    , m_widget(widget)
    , m_refresh(std::move(refresh))
{
    m_widget->installEventFilter(this);
}

void LazyRefresh::request()
{
    if (m_widget->isVisible() || !m_widget->window()->isVisible()) {
        m_stale = false;
        m_refresh();
    } else {
        m_stale = true;
    }
}

bool LazyRefresh::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_widget && event->type() == QEvent::Show && m_stale) {
        m_stale = false;
        m_refresh();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace Firebreak
