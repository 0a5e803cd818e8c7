// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

#include <QStringList>

namespace Firebreak::AlertSources {

/// Reads one webhook body of a source; false with a message naming the field on bad input.
using Normaliser = bool (*)(const QJsonObject &root, NormalisedPayload *payload, QString *error);

/// The sources `POST /api/v1/alerts/{source}` accepts and integrations can be created for.
QStringList supported();
/// The normaliser of a source, or null when the source is unknown.
Normaliser normaliser(const QString &source);

} // namespace Firebreak::AlertSources
