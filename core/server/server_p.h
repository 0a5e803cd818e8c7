// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "server/httpserver.h"
#include "server/httputil.h"

#include <QHash>
#include <QLoggingCategory>
#include <QString>

#include <atomic>
#include <mutex>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

namespace Firebreak {

class Projection;
namespace Collab {
class FollowUp;
}

/// What /metrics reports besides the projection's own counts. The acceptance and refusal
/// counts may change on any thread (webhooks are checked on the HTTP I/O threads); the rest
/// belongs to the server's thread.
struct ServerCounters
{
    std::atomic<qint64> alertsAccepted{0};
    std::atomic<qint64> webhooksAccepted{0};

    void reject(const QString &code)
    {
        std::lock_guard lock(m_rejectedMutex);
        ++m_rejectedByCode[code];
    }
    /// Refused requests by error code.
    QHash<QString, qint64> rejectedByCode() const
    {
        std::lock_guard lock(m_rejectedMutex);
        return m_rejectedByCode;
    }

    /// Handler-level refusals (401, 403, 400, failed logins, refused sync connections): a few
    /// log lines per kind and window, like the I/O threads' refusals.
    Http::LogThrottle refusalLog;

    /// Failed logins per "user@address": after 5 failures, each attempt waits 2^(n-5) seconds
    /// (at most 15 minutes) before a password is even checked.
    struct LoginFailures
    {
        int count = 0;
        qint64 blockedUntil = 0;
    };
    QHash<QString, LoginFailures> loginFailures;

    /// What store.import opened (StoreImport::followImports), kept by a projection fold.
    QHash<QString, QString> importedIncidents;

    /// Backups being made (adminapi.cpp); one at a time.
    int backupsRunning = 0;
    /// Scrapes of /metrics waiting for the one being computed (server.cpp).
    std::vector<HttpResponder> metricsWaiting;

private:
    mutable std::mutex m_rejectedMutex;
    QHash<QString, qint64> m_rejectedByCode;
};

/// The follow-up figures of /metrics in the Prometheus text format (postmortemapi.cpp).
QByteArray followUpMetricsText(const Projection &projection, const Collab::FollowUp &followUp,
                               qint64 at);

/// Removes what a backup interrupted by a crash left in the data folder (adminapi.cpp).
void removeBackupLeftovers(const QString &dataDir);

} // namespace Firebreak
