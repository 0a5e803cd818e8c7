// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentstyle.h"

#include <QPainter>
#include <QPixmap>

#include <cmath>

namespace Firebreak::IncidentStyle {

namespace {

double channel(double value)
{
    return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF());
}

QPixmap swatchPixmap(const QColor &color, int side)
{
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    const qreal margin = side / 8.0;
    const QRectF square = QRectF(pixmap.rect()).adjusted(margin, margin, -margin, -margin);
    painter.drawRoundedRect(square, side / 5.0, side / 5.0);
    return pixmap;
}

} // namespace

QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::P1:
        return QColor(0xd3, 0x2f, 0x2f);
    case Severity::P2:
        return QColor(0xef, 0x6c, 0x00);
    case Severity::P3:
        return QColor(0xf9, 0xa8, 0x25);
    case Severity::P4:
        return QColor(0x1e, 0x88, 0xe5);
    case Severity::Unknown:
        break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QColor severityTextColor(Severity severity, const QColor &background)
{
    return readableOn(severityColor(severity), background);
}

QIcon severitySwatch(Severity severity)
{
    QIcon icon;
    for (const int side : {16, 32, 48}) {
        const QPixmap pixmap = swatchPixmap(severityColor(severity), side);
        icon.addPixmap(pixmap, QIcon::Normal);
        icon.addPixmap(pixmap, QIcon::Selected);
    }
    return icon;
}

QColor statusColor(IncidentStatus status)
{
    switch (status) {
    case IncidentStatus::Triggered:
        return QColor(0xd3, 0x2f, 0x2f);
    case IncidentStatus::Acknowledged:
    case IncidentStatus::Investigating:
        return QColor(0x1e, 0x88, 0xe5);
    case IncidentStatus::Identified:
    case IncidentStatus::Monitoring:
        return QColor(0x8e, 0x24, 0xaa);
    case IncidentStatus::Resolved:
        return QColor(0x2e, 0x7d, 0x32);
    case IncidentStatus::Closed:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor readableOn(const QColor &color, const QColor &background)
{
    // Walk the lightness away from the background until the text stands out.
    const bool darkBackground = luminance(background) < 0.18;
    QColor shade = color.toHsl();
    for (int step = 0; step < 25 && contrast(shade, background) < 4.5; ++step) {
        const float lightness = shade.lightnessF() + (darkBackground ? 0.04f : -0.04f);
        shade.setHslF(shade.hslHueF(), shade.hslSaturationF(), qBound(0.0f, lightness, 1.0f));
    }
    return shade.toRgb();
}

QColor tint(const QColor &color, const QColor &background, float amount)
{
    const auto mix = [amount](float under, float over) { return under + (over - under) * amount; };
    return QColor::fromRgbF(mix(background.redF(), color.redF()),
                            mix(background.greenF(), color.greenF()),
                            mix(background.blueF(), color.blueF()));
}

QColor textOn(const QColor &background)
{
    const QColor white(Qt::white);
    const QColor black(0x20, 0x20, 0x20);
    return contrast(white, background) >= contrast(black, background) ? white : black;
}

} // namespace Firebreak::IncidentStyle
