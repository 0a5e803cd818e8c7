// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

namespace Firebreak {

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
};

} // namespace Firebreak
