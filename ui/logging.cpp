// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "logging.h"

Q_LOGGING_CATEGORY(lcUi, "firebreak.ui", QtWarningMsg)
