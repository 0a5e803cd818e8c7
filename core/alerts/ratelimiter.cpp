// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "ratelimiter.h"

#include <cmath>

namespace Firebreak {

bool RateLimiter::take(const QString &key, const Limit &limit, qint64 nowMs,
                       int *retryAfterSeconds)
{
    if (limit.requests <= 0) {
        return true;
    }
    const double perMs = limit.requests / (limit.perSeconds * 1000.0);
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        it = m_buckets.insert(key, {limit.requests, nowMs});
    }
    Bucket &bucket = *it;
    const qint64 elapsed = qMax<qint64>(0, nowMs - bucket.updatedAt);
    bucket.tokens = qMin(limit.requests, bucket.tokens + double(elapsed) * perMs);
    bucket.updatedAt = nowMs;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return true;
    }
    *retryAfterSeconds = qMax(1, int(std::ceil((1.0 - bucket.tokens) / perMs / 1000.0)));
    return false;
}

void RateLimiter::forget(const QString &key)
{
    std::lock_guard lock(m_mutex);
    m_buckets.remove(key);
}

} // namespace Firebreak
