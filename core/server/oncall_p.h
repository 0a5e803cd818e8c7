// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/dispatcher.h"
#include "notify/outbox.h"
#include "notify/secretvault.h"
#include "oncall/responders.h"

#include <QTimer>

#include <memory>

namespace Firebreak {

/// The server's responders and notifications: their folds, the secret vault, the dispatcher
/// and the escalation clock (core/server/oncallapi.cpp).
struct OnCallService
{
    OnCall::Responders responders;
    Notify::Outbox outbox;
    Notify::SecretVault vault;
    std::unique_ptr<Notify::Dispatcher> dispatcher;
    QTimer escalationTimer;
    QTimer escalationSoon;
};

} // namespace Firebreak
