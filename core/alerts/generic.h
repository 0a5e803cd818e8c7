// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"

namespace Firebreak::Generic {

/**
 * Normalises a JSON body through the field mapping of the integration's configuration
 * (`mapping`: dotted paths for title, dedupKey, status, severity, labels, service,
 * description, startsAt, endsAt, links, and optionally alerts for a list of alerts per body;
 * `statusValues`: the words meaning firing, acknowledged and resolved). Without a mapping the
 * documented default contract applies (title, dedup_key, status, severity, labels, message,
 * occurred_at, links). A PagerDuty Events API v2 event is accepted too. Details in
 * docs/alerts.md.
 */
bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error);

/// Checks a generic integration's `mapping` and `statusValues`; false with the reason.
bool validateConfig(const QJsonObject &config, QString *error);

/// The value at a dotted path ("labels.host", "alerts.0.title"); undefined when absent.
QJsonValue valueAt(const QJsonValue &root, const QString &path);

} // namespace Firebreak::Generic
