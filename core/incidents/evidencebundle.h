// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace Firebreak {

/// What goes into an incident's evidence bundle.
struct EvidenceBundleSource
{
    /// The incident as the REST API shows it (IncidentRecord::toJson()).
    QJsonObject incident;
    /// Every event of the incident, in sequence order, as stored (hashes included).
    EventList events;
    QString storeId;
    /// The log's head when the bundle was made.
    qint64 headSeq = 0;
    QByteArray headHash;
    QString exportedBy;
    qint64 exportedAt = 0;
    /// The bytes of an uploaded file by SHA-256, or a null array when it is gone.
    std::function<QByteArray(const QString &sha256)> readBlob;
};

/**
 * An incident's evidence for compliance, as a tar archive (docs/security.md, Evidence
 * bundles): `incident.json`, `timeline.json` (every event with seq, time, actor, type, data,
 * hash and the previous hash), `messages.json` (notes and notifications), `attachments/SHA256`
 * (uploaded files and log excerpts, named by their SHA-256), `manifest.json` (the store id and
 * head, each attachment's name and kind, each file's size and SHA-256) and `SHA256SUMS` (every
 * other file in `sha256sum -c` format, the manifest included).
 */
QByteArray buildEvidenceBundle(const EvidenceBundleSource &source);

/// What verifyEvidenceBundle() found.
struct EvidenceBundleCheck
{
    bool ok = false;
    QString error;
    QString incidentNumber;
    int files = 0;
    int attachments = 0;
    int events = 0;
};

/**
 * Checks a bundle against its manifest and SHA256SUMS: every listed file present with its
 * size and SHA-256, nothing unlisted, every attachment's bytes hashing to its name.
 */
EvidenceBundleCheck verifyEvidenceBundle(const QByteArray &archive);

} // namespace Firebreak
