// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace Firebreak {

/**
 * Defers a view's rebuild while nobody can see it: a dock tabbed behind another, a tab not in
 * front. request() rebuilds at once when the widget is visible, or when it is not in a shown
 * window at all (a widget on its own, as in tests); otherwise it only notes that the view is
 * stale and rebuilds once when the widget is shown. A catch-up of many events then costs a
 * hidden view nothing, and a visible one what it costs to look at.
 */
class LazyRefresh final : public QObject
{
public:
    /// `refresh` rebuilds `widget`'s contents; the helper lives as long as the widget.
    LazyRefresh(QWidget *widget, std::function<void()> refresh);

    void request();
    bool isStale() const { return m_stale; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_widget;
    std::function<void()> m_refresh;
    bool m_stale = false;
};

} // namespace Firebreak
