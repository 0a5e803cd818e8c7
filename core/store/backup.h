// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace Firebreak::Backup {

/// The name of the manifest inside a backup archive, and its format tag.
inline constexpr char ManifestName[] = "manifest.json";
inline constexpr char Format[] = "firebreak-backup-v1";

/**
 * A consistent copy of a live SQLite store as a tar archive (docs/architecture.md, Backup):
 * `firebreak.sqlite` made by `VACUUM INTO` on a read-only connection of its own (so the server
 * keeps committing meanwhile and the copy holds exactly the batches committed when it began),
 * the evidence files under `evidence/`, and `manifest.json` naming the store id, the head
 * sequence number and hash, and each file's size and SHA-256. The copy's hash chain is
 * verified before it is packed. Blocking; meant for a worker thread. The archive is built in
 * memory, so a store must fit in memory twice.
 */
bool createArchive(const QString &databasePath, const QString &evidenceRoot, QByteArray *archive,
                   QString *error);

/// What restoreArchive() did.
struct RestoreResult
{
    bool ok = false;
    QString error;
    QString storeId;
    qint64 head = 0;
    QByteArray headHash;
    /// Events whose chain was verified.
    qint64 events = 0;
    int evidenceFiles = 0;
};

/**
 * Unpacks a backup into `dataDir`, which must be empty or not exist yet: every file is checked
 * against the manifest (nothing missing, nothing extra, sizes and SHA-256 equal), the restored
 * log's hash chain is verified up to the manifest's head, and `anchor.json` is written for that
 * head, so `firebreak-server --data DIR` and `firebreak-cli audit verify --data DIR` work on
 * the result at once. On failure nothing usable is left behind: the files written are removed.
 */
RestoreResult restoreArchive(const QByteArray &archive, const QString &dataDir);

} // namespace Firebreak::Backup
