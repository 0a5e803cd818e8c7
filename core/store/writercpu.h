// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0

#pragma once

namespace Firebreak::WriterCpu {

/**
 * Where firebreak-server's helper threads run. With leaveLastCpu(true) (Linux, two CPUs or
 * more), the threads that help the writer (HTTP I/O, the SQLite append and checkpoint threads,
 * the anchor file's) stay off the last CPU the process may use, which the writer's thread then
 * has without them. Left to itself, the scheduler kept waking the writer on the CPU of the
 * thread that had just woken it, and the append thread on the writer's, each queued behind
 * the other while another CPU idled (docs/performance.md, "Ingestion, thirteenth pass").
 * Off unless turned on; in-process servers (tests, the desktop's local mode) leave it off.
 */
void leaveLastCpu(bool leave);

/// Called by a helper thread as it starts, with its name (at most 15 bytes, shown by ps and
/// profilers; nullptr keeps the name it has): moves it off the writer's CPU when
/// leaveLastCpu(true) was called before. The CPUs are those the process's main thread may use.
void placeHelperThread(const char *name);

} // namespace Firebreak::WriterCpu
