// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "firstpaint.h"

#include <QCoreApplication>
#include <QEvent>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace Firebreak {

namespace {

/// Watches the application for the first paint of a widget of one window.
class FirstPaintWatcher final : public QObject
{
public:
    explicit FirstPaintWatcher(QWidget *window)
        : QObject(window)
        , m_window(window)
    {
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *widget = qobject_cast<QWidget *>(watched);
        if (event->type() != QEvent::Paint || !widget || widget->window() != m_window) {
            return false;
        }
        // The paint being delivered finishes first; the line follows right after it.
        QCoreApplication::instance()->removeEventFilter(this);
        QTimer::singleShot(0, this, [this] {
            std::fputs("firebreak: first paint\n", stdout);
            std::fflush(stdout);
            deleteLater();
        });
        return false;
    }

private:
    QPointer<QWidget> m_window;
};

} // namespace

void markFirstPaint(QWidget *window)
{
    if (!window || !qEnvironmentVariableIsSet("FIREBREAK_MARK_FIRST_PAINT")) {
        return;
    }
    QCoreApplication::instance()->installEventFilter(new FirstPaintWatcher(window));
}

} // namespace Firebreak
