// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "actionicons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace Firebreak::ActionIcons {

namespace {

using Drawing = std::function<void(QPainter &, qreal side)>;

// Draws at several sizes; the disabled mode is derived by QIcon as usual.
QIcon drawn(const Drawing &draw)
{
    QIcon icon;
    for (const int side : {16, 22, 32, 48, 64}) {
        QPixmap pixmap(side, side);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        draw(painter, side);
        icon.addPixmap(pixmap);
    }
    return icon;
}

void drawCheck(QPainter &painter, qreal side, const QColor &color)
{
    QPainterPath check;
    check.moveTo(side * 0.30, side * 0.52);
    check.lineTo(side * 0.45, side * 0.67);
    check.lineTo(side * 0.72, side * 0.36);
    painter.setPen(QPen(color, side * 0.11, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(check);
}

} // namespace

QIcon acknowledge()
{
    // An outlined ring: someone has it in hand, it is not over.
    return drawn([](QPainter &painter, qreal side) {
        const QColor blue(0x1e, 0x88, 0xe5);
        painter.setPen(QPen(blue, side * 0.09));
        painter.setBrush(Qt::NoBrush);
        const qreal margin = side * 0.1;
        painter.drawEllipse(QRectF(margin, margin, side - 2 * margin, side - 2 * margin));
        drawCheck(painter, side, blue);
    });
}

QIcon resolve()
{
    // A filled disc: done.
    return drawn([](QPainter &painter, qreal side) {
        const QColor green(0x2e, 0x7d, 0x32);
        painter.setPen(Qt::NoPen);
        painter.setBrush(green);
        const qreal margin = side * 0.06;
        painter.drawEllipse(QRectF(margin, margin, side - 2 * margin, side - 2 * margin));
        drawCheck(painter, side, Qt::white);
    });
}

QIcon connect()
{
    // Two linked nodes.
    return drawn([](QPainter &painter, qreal side) {
        const QColor grey(0x60, 0x6a, 0x74);
        painter.setPen(QPen(grey, side * 0.09, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(side * 0.3, side * 0.7), QPointF(side * 0.7, side * 0.3));
        painter.setPen(Qt::NoPen);
        painter.setBrush(grey);
        const qreal radius = side * 0.16;
        painter.drawEllipse(QPointF(side * 0.27, side * 0.73), radius, radius);
        painter.drawEllipse(QPointF(side * 0.73, side * 0.27), radius, radius);
    });
}

} // namespace Firebreak::ActionIcons
