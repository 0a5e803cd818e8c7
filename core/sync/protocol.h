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
/**
 * {"type":"events","from":F,"through":T,"events":[...]}: the events a receiver may see among
 * sequence numbers F..T (there may be fewer than T-F+1 when some were not for it; a receiver's
 * next message then starts at T+1). Serialised once for all receivers of the same view.
 */
QByteArray eventsMessage(const EventList &events, qint64 from, qint64 through);

} // namespace Firebreak::Sync
