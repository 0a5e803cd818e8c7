// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QColor>
#include <QIcon>

namespace Firebreak::IncidentStyle {

/// The colour that marks a severity in swatches and chips, the same in every palette.
QColor severityColor(Severity severity);
/// A shade of severityColor() that reads well as text on `background`, so that severity text
/// works in light and dark palettes.
QColor severityTextColor(Severity severity, const QColor &background);
/// A rounded square of severityColor(), sharp at high DPI and untinted when selected.
QIcon severitySwatch(Severity severity);

/// The colour of a status: red while triggered, blue while someone works on it, green when over.
QColor statusColor(IncidentStatus status);

/// A shade of `color` with a contrast of at least 4.5:1 on `background` where the hue allows.
QColor readableOn(const QColor &color, const QColor &background);
/// `color` laid over `background` at `amount` (0 to 1) opacity.
QColor tint(const QColor &color, const QColor &background, float amount);
/// Black or white, whichever reads better on `background`.
QColor textOn(const QColor &background);
/// WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white).
double contrast(const QColor &a, const QColor &b);

} // namespace Firebreak::IncidentStyle
