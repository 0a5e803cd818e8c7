// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Firebreak {

/// One alert of any source in Firebreak's own terms. Times in ms since the epoch; endsAt 0
/// while the alert fires.
struct NormalisedAlert
{
    QString dedupKey;
    bool firing = true;
    Severity severity = Severity::P4;
    QString sourceSeverity;
    QString title;
    QString service;
    QString generatorUrl;
    QJsonObject labels;
    QJsonObject annotations;
    qint64 startsAt = 0;
    qint64 endsAt = 0;
    QJsonObject raw;
};

/// One delivery (webhook body) from a source.
struct NormalisedPayload
{
    QString source;
    QString groupKey;
    int truncatedAlerts = 0;
    QList<NormalisedAlert> alerts;
};

} // namespace Firebreak
