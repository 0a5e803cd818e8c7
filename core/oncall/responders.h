// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "oncall/directory.h"
#include "oncall/escalation.h"
#include "oncall/taskboard.h"

namespace Firebreak::OnCall {

/**
 * The responders' state folded from the event log: the directory (people, teams, services,
 * schedules, policies), paging (escalation walks and pages) and the assignment boards.
 *
 * The server folds it alongside the main projection (Projection::setFold), so that commands
 * decided in one batch see each other; the desktop folds it from the events it holds.
 */
class Responders
{
public:
    /// Folds one event in sequence order; an invalid event starts over.
    void apply(const Event &event);
    void clear();

    const Directory &directory() const { return m_directory; }
    const Paging &paging() const { return m_paging; }
    const TaskBoard &board() const { return m_board; }
    qint64 lastSeq() const { return m_lastSeq; }

private:
    Directory m_directory;
    Paging m_paging;
    TaskBoard m_board;
    qint64 m_lastSeq = 0;
};

} // namespace Firebreak::OnCall
