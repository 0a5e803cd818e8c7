// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "server/httpserver.h"

#include <QHash>
#include <QLoggingCategory>
#include <QString>

#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

namespace Firebreak {

class Projection;
namespace Collab {
class FollowUp;
}

/// What /metrics reports besides the projection's own counts.
struct ServerCounters
{
    qint64 alertsAccepted = 0;
    qint64 webhooksAccepted = 0;
    qint64 requestsRejected = 0;
    QHash<QString, qint64> rejectedByCode;

    void reject(const QString &code)
    {
        ++requestsRejected;
        ++rejectedByCode[code];
    }

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
};

/// The follow-up figures of /metrics in the Prometheus text format (postmortemapi.cpp).
QByteArray followUpMetricsText(const Projection &projection, const Collab::FollowUp &followUp,
                               qint64 at);

/// Removes what a backup interrupted by a crash left in the data folder (adminapi.cpp).
void removeBackupLeftovers(const QString &dataDir);

} // namespace Firebreak
