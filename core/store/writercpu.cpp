// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0

#include "writercpu.h"

#include <QLoggingCategory>
#include <QtGlobal>

#include <atomic>
#include <cstring>

#ifdef Q_OS_LINUX
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#endif

namespace Firebreak::WriterCpu {

Q_LOGGING_CATEGORY(lcCpu, "firebreak.cpu", QtWarningMsg)

namespace {

std::atomic<bool> s_leave = false;

#ifdef Q_OS_LINUX
// The CPUs the process may use but its last one; false with fewer than two.
bool helperCpus(cpu_set_t *cpus)
{
    CPU_ZERO(cpus);
    if (sched_getaffinity(getpid(), sizeof *cpus, cpus) != 0 || CPU_COUNT(cpus) < 2) {
        return false;
    }
    for (int cpu = CPU_SETSIZE - 1; cpu >= 0; --cpu) {
        if (CPU_ISSET(cpu, cpus)) {
            CPU_CLR(cpu, cpus);
            return true;
        }
    }
    return false;
}
#endif

} // namespace

void leaveLastCpu(bool leave)
{
    s_leave = leave;
}

void placeHelperThread(const char *name)
{
#ifdef Q_OS_LINUX
    if (name) {
        pthread_setname_np(pthread_self(), name);
    }
    if (!s_leave) {
        return;
    }
    cpu_set_t cpus;
    if (!helperCpus(&cpus)) {
        return;
    }
    if (const int error = pthread_setaffinity_np(pthread_self(), sizeof cpus, &cpus)) {
        qCWarning(lcCpu) << "cannot keep the" << (name ? name : "I/O")
                         << "thread off the writer's CPU:" << std::strerror(error);
    }
#else
    Q_UNUSED(name);
#endif
}

} // namespace Firebreak::WriterCpu
