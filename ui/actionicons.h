// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>

namespace Firebreak::ActionIcons {

/// Icons drawn in code, so that they need neither an icon theme nor the SVG plugin.
QIcon acknowledge();
QIcon resolve();
QIcon connect();

} // namespace Firebreak::ActionIcons
