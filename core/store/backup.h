// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace Firebreak::Backup {

/// The name of the manifest inside a backup archive, and its format tag. Version 2 added the
/// server's secret files; archives of version 1 (without them) still restore.
inline constexpr char ManifestName[] = "manifest.json";
inline constexpr char Format[] = "firebreak-backup-v2";
inline constexpr char FormatV1[] = "firebreak-backup-v1";

/// Asked between pieces of work; true stops the work (the client left).
using Cancelled = std::function<bool()>;

/**
 * Writes a consistent copy of a live store as a tar archive to `archive` (docs/architecture.md,
 * Backup): `firebreak.sqlite`, the evidence files under `evidence/`, the server's secret files
 * found in `secretsFolder` (`alert-secrets.key`, `notify-secrets.json`: without them signed
 * integrations and notification channels stop working), and `manifest.json` naming the store
 * id, the head sequence number and hash, and each file's size and SHA-256. The archive holds
 * secrets and must be kept like them.
 *
 * `location` is a SQLite file or a postgresql:// URL (EventStore::open()). A SQLite store is
 * copied by `VACUUM INTO` on a read-only connection of its own; a PostgreSQL store is read in
 * one REPEATABLE READ, READ ONLY transaction into a new SQLite file of the same schema. Either
 * way the server keeps committing meanwhile and the copy holds exactly the batches committed
 * when it began. The copy is made in a temporary folder inside `workFolder` (removed again)
 * and its hash chain is verified before it is packed.
 *
 * Memory stays bounded: files go to the archive in pieces, rows are copied in pages. Blocking;
 * meant for a worker thread. False with `error` set on failure, after which the device holds
 * a partial archive that the caller discards.
 */
bool createArchive(const QString &location, const QString &evidenceRoot,
                   const QString &secretsFolder, const QString &workFolder, QIODevice *archive,
                   QString *error, const Cancelled &cancelled = {});

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
    /// The server's secret files restored (none from an archive of format version 1).
    int secretFiles = 0;
};

/**
 * Unpacks a backup read from `archive` (from its current position, in pieces) into `dataDir`,
 * which must be empty or not exist yet. The folder and every folder and file written are its
 * owner's alone (modes 0700 and 0600): the store and the server's secrets. Every file is
 * checked against the manifest (nothing missing, nothing extra, sizes and SHA-256 equal; an
 * archive of format version 1 has no secret files), the restored log's hash chain is verified
 * up to the manifest's head, and `anchor.json` is written for that head, so
 * `firebreak-server --data DIR` and `firebreak-cli audit verify --data DIR` work on the result
 * at once. On failure nothing usable is left behind: the files written are removed.
 */
RestoreResult restoreArchive(QIODevice *archive, const QString &dataDir);
/// The same for an archive held in memory (fuzzing, small tests).
RestoreResult restoreArchive(const QByteArray &archive, const QString &dataDir);

/**
 * Moves the log that restoreArchive() left in `dataDir` into an empty PostgreSQL database
 * (`url`, as EventStore::open() takes it), so that `firebreak-server --database URL --data DIR`
 * serves the restored store: the schema is made if needed, `meta`, `events` and `commands` are
 * copied page by page in one transaction with the head row set to the backed-up head, and the
 * chain is verified in the database before `firebreak.sqlite` is removed from `dataDir` (its
 * evidence files and anchor stay). Refused when the database already holds events. On
 * failure the transaction is rolled back and `error` says why; `dataDir` is left as it was.
 */
bool moveIntoPostgres(const QString &dataDir, const QString &url, const RestoreResult &restored,
                      QString *error);

} // namespace Firebreak::Backup
