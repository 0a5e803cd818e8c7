// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QString>

#include <mutex>

namespace Firebreak {

/**
 * Token buckets, one per key (an integration id): `requests` per `perSeconds` sustained, with
 * bursts up to `requests`. In memory only: a restart refills every bucket. Times in ms.
 * Thread-safe: the HTTP I/O threads take tokens concurrently.
 */
class RateLimiter
{
public:
    struct Limit
    {
        /// 0 means unlimited.
        double requests = 0;
        double perSeconds = 60;
    };

    /// Takes one token; false, with the whole seconds to wait, when the bucket is empty.
    bool take(const QString &key, const Limit &limit, qint64 nowMs, int *retryAfterSeconds);
    void forget(const QString &key);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedAt = 0;
    };
    std::mutex m_mutex;
    QHash<QString, Bucket> m_buckets;
};

} // namespace Firebreak
