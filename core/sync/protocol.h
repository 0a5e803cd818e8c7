// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QByteArray>

namespace Firebreak::Sync {

/// The sync protocol version sent in every hello; see docs/protocol.md.
constexpr int ProtocolVersion = 1;
/// Events sent per message while a client catches up.
constexpr int CatchUpPageSize = 500;

/**
 * One event as wire JSON, built without re-parsing its data: the stored data text is spliced
 * in as it is, so serialising costs one small object per event.
 */
QByteArray eventToWire(const Event &event);
/// {"type":"events","events":[...]} for a list of events, serialised once for all receivers.
QByteArray eventsMessage(const EventList &events);

} // namespace Firebreak::Sync
