// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLoggingCategory>

/// Developer diagnostics of the desktop ("firebreak.ui"), silent below Warning by default.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
