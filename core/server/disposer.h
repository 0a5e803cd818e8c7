// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace Firebreak {

/**
 * Destroys values on a thread of its own, a batch at a time.
 *
 * A webhook of 64 alerts leaves, once its batch has committed, some hundreds of strings, JSON
 * objects and lists to free, made on the I/O thread that parsed it; freeing them on the
 * writer's thread took about a tenth of its time during an alert storm (docs/performance.md).
 * The writer hands them over here instead: a lock and a move each. The thread wakes when the
 * first value arrives, then waits up to `linger` for a batch to fill before it destroys what
 * has come, so that a storm costs a wake-up or two per batch and a quiet server holds nothing
 * long (a few webhooks of a megabyte each once stayed in memory until enough others came).
 * The destructor destroys whatever is left after the thread has stopped.
 */
template<typename T>
class Disposer
{
public:
    explicit Disposer(std::size_t batch = 64,
                      std::chrono::milliseconds linger = std::chrono::milliseconds(100))
        : m_batch(batch)
        , m_linger(linger)
    {
        m_waiting.reserve(batch);
        m_thread = std::thread([this]() { run(); });
    }
    ~Disposer()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    Disposer(const Disposer &) = delete;
    Disposer &operator=(const Disposer &) = delete;

    void dispose(T &&value)
    {
        bool wake = false;
        {
            std::lock_guard lock(m_mutex);
            m_waiting.push_back(std::move(value));
            wake = m_idle && (m_waiting.size() == 1 || m_waiting.size() >= m_batch);
        }
        if (wake) {
            m_wake.notify_one();
        }
    }

private:
    void run()
    {
        std::vector<T> taken;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_idle = true;
                m_wake.wait(lock, [this]() { return m_stopping || !m_waiting.empty(); });
                m_wake.wait_for(lock, m_linger, [this]() {
                    return m_stopping || m_waiting.size() >= m_batch;
                });
                if (m_stopping) {
                    return;
                }
                m_idle = false;
                taken.swap(m_waiting);
                m_waiting.reserve(m_batch);
            }
            taken.clear(); // the work: destroying them, outside the lock
        }
    }

    const std::size_t m_batch;
    const std::chrono::milliseconds m_linger;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<T> m_waiting;
    bool m_idle = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace Firebreak
