// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

class QWidget;

namespace Firebreak {

/**
 * For the start-up benchmark (tests/bench): when the environment variable
 * FIREBREAK_MARK_FIRST_PAINT is set, writes the line "firebreak: first paint" to standard
 * output, flushed, once `window` has painted for the first time. Does nothing otherwise.
 */
void markFirstPaint(QWidget *window);

} // namespace Firebreak
