// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "backup.h"

#include "store/anchorwriter.h"
#include "store/eventstore.h"
#include "store/migrations.h"
#include "store/tararchive.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Firebreak::Backup {

namespace {

const QString s_databaseName = u"firebreak.sqlite"_s;
std::atomic<int> s_connectionCounter{0};
/// Bytes moved at once between files and archives.
constexpr qint64 s_piece = 256 * 1024;
/// Rows copied at once from PostgreSQL (each page is one result held by the driver).
constexpr int s_page = 2000;
/// The manifest is the one entry read into memory.
constexpr qint64 s_maxManifestBytes = 64 * 1024 * 1024;
/// The server's secret files in its data folder (core/server: the key that seals integrations'
/// signing secrets, the notification channels' secrets), archived and restored where found.
const QStringList s_secretFiles{u"alert-secrets.key"_s, u"notify-secrets.json"_s};
/// Restored files and folders are their owner's alone: the store, evidence and secrets.
constexpr QFileDevice::Permissions s_fileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions s_folderMode = s_fileMode | QFileDevice::ExeOwner;
/// The mode of every entry in the archive, for whoever unpacks it with tar.
constexpr int s_archiveMode = 0600;

/// Makes `folder` and its missing parents below `root` (which exists), each with mode 0700.
bool makeFolders(const QString &root, const QString &folder)
{
    const QString relative = QDir(root).relativeFilePath(folder);
    if (relative == u"."_s || relative.isEmpty()) {
        return true;
    }
    QDir dir(root);
    for (const QString &part : relative.split(u'/', Qt::SkipEmptyParts)) {
        if (!dir.exists(part) && !dir.mkdir(part, s_folderMode)) {
            return false;
        }
        if (!dir.cd(part)) {
            return false;
        }
    }
    return true;
}

bool isCancelled(const Cancelled &cancelled, QString *error)
{
    if (cancelled && cancelled()) {
        *error = u"the backup was cancelled"_s;
        return true;
    }
    return false;
}

/// A named connection of this thread's own, removed when it goes.
class Connection
{
public:
    Connection(const QString &driver, const QString &file)
        : m_name(u"firebreak-backup-%1"_s.arg(++s_connectionCounter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
        db.setDatabaseName(file);
    }
    ~Connection()
    {
        database().close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(Connection)
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

// VACUUM INTO on a read-only connection of its own: a snapshot of what was committed.
bool snapshotSqlite(const QString &databasePath, const QString &target, QString *error)
{
    Connection connection(u"QSQLITE"_s, databasePath);
    QSqlDatabase db = connection.database();
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        *error = u"cannot open %1: %2"_s.arg(databasePath, db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    query.prepare(u"VACUUM INTO ?"_s);
    query.addBindValue(target);
    if (!query.exec()) {
        *error = u"cannot copy %1: %2"_s.arg(databasePath, query.lastError().text());
        return false;
    }
    return true;
}

/// One table copied page by page, in the order of `key`.
struct TableCopy
{
    QString table;
    QString key;
    QStringList columns;
};

bool copyTable(QSqlDatabase &from, QSqlDatabase &to, const TableCopy &copy, QString *error,
               const Cancelled &cancelled)
{
    const QString columns = copy.columns.join(u", "_s);
    QSqlQuery read(from);
    read.setForwardOnly(true);
    QSqlQuery write(to);
    const QString marks = QStringList(copy.columns.size(), u"?"_s).join(u", "_s);
    const QString insert = isPostgres(to) ? u"INSERT INTO"_s : u"INSERT OR REPLACE INTO"_s;
    if (!write.prepare(u"%1 %2 (%3) VALUES (%4)"_s.arg(insert, copy.table, columns, marks))) {
        *error = write.lastError().text();
        return false;
    }
    const int keyColumn = int(copy.columns.indexOf(copy.key));
    QVariant after;
    for (int rows = s_page; rows == s_page;) {
        if (isCancelled(cancelled, error)) {
            return false;
        }
        const QString where = after.isValid() ? u"WHERE %1 > ? "_s.arg(copy.key) : QString();
        read.prepare(u"SELECT %1 FROM %2 %3ORDER BY %4 LIMIT %5"_s.arg(columns, copy.table, where,
                                                                        copy.key)
                         .arg(s_page));
        if (after.isValid()) {
            read.addBindValue(after);
        }
        if (!read.exec()) {
            *error = u"cannot read %1: %2"_s.arg(copy.table, read.lastError().text());
            return false;
        }
        for (rows = 0; read.next(); ++rows) {
            for (int i = 0; i < copy.columns.size(); ++i) {
                write.bindValue(i, read.value(i));
            }
            if (!write.exec()) {
                *error = u"cannot copy %1: %2"_s.arg(copy.table, write.lastError().text());
                return false;
            }
            after = read.value(keyColumn);
        }
        read.finish();
    }
    return true;
}

/// The tables of a store's log, the same on both backends (core/store/migrations).
QList<TableCopy> logTables()
{
    return {{u"meta"_s, u"key"_s, {u"key"_s, u"value"_s}},
            {u"events"_s, u"seq"_s,
             {u"seq"_s, u"id"_s, u"type"_s, u"at"_s, u"actor"_s, u"incident"_s, u"data"_s,
              u"prev_hash"_s, u"hash"_s}},
            {u"commands"_s, u"id"_s,
             {u"id"_s, u"actor"_s, u"at"_s, u"status"_s, u"code"_s, u"message"_s,
              u"first_seq"_s, u"last_seq"_s}}};
}

// One REPEATABLE READ, READ ONLY transaction: every page sees the same committed log, while
// the replicas keep appending. The copy gets the schema a SQLite server would make.
bool snapshotPostgres(const QString &url, const QString &target, QString *error,
                      const Cancelled &cancelled)
{
    EventStore source;
    if (!source.openReadOnly(url)) {
        *error = source.errorString();
        return false;
    }
    QSqlDatabase from = source.database();
    QSqlQuery transaction(from);
    if (!transaction.exec(u"START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s)) {
        *error = u"cannot start a snapshot of %1: %2"_s.arg(EventStore::displayLocation(url),
                                                          transaction.lastError().text());
        return false;
    }

    bool ok = false;
    {
        Connection connection(u"QSQLITE"_s, target);
        QSqlDatabase to = connection.database();
        QSqlQuery pragma(to);
        if (!to.open() || !pragma.exec(u"PRAGMA journal_mode=OFF"_s)
            || !pragma.exec(u"PRAGMA synchronous=OFF"_s)) {
            *error = u"cannot create %1: %2"_s.arg(target, to.lastError().text());
        } else if (migrate(to, error) && to.transaction()) {
            ok = true;
            for (const TableCopy &table : logTables()) {
                ok = ok && copyTable(from, to, table, error, cancelled);
            }
            ok = ok && to.commit();
            if (!ok && error->isEmpty()) {
                *error = to.lastError().text();
            }
        }
        pragma.finish();
    }
    transaction.exec(u"ROLLBACK"_s);
    return ok;
}

/// Streams one file into the archive while hashing it; adds it to the manifest's `files`.
bool packFile(Tar::StreamWriter &tar, const QString &source, const QString &path,
              QJsonArray *files, QString *error, const Cancelled &cancelled)
{
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(source, file.errorString());
        return false;
    }
    const qint64 size = file.size();
    if (!tar.beginFile(path, size, QDateTime::currentSecsSinceEpoch(), s_archiveMode)) {
        *error = tar.errorString();
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray piece(s_piece, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        if (isCancelled(cancelled, error)) {
            return false;
        }
        const qint64 got = file.read(piece.data(), qMin(left, s_piece));
        if (got <= 0) {
            *error = u"cannot read %1: it changed while being packed"_s.arg(source);
            return false;
        }
        hash.addData(QByteArrayView(piece.constData(), got));
        if (!tar.write(piece.constData(), got)) {
            *error = tar.errorString();
            return false;
        }
        left -= got;
    }
    if (!tar.endFile()) {
        *error = tar.errorString();
        return false;
    }
    files->append(QJsonObject{{u"path"_s, path},
                              {u"size"_s, size},
                              {u"sha256"_s, QString::fromLatin1(hash.result().toHex())}});
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(s_fileMode)
        || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

/// Size and SHA-256 of a file as it came out of the archive.
struct Received
{
    qint64 size = 0;
    QString sha256;
};

/// Writes the archive's current file to `target` below `root` in pieces, hashing it on the way.
bool unpackFile(Tar::StreamReader &tar, const QString &root, const QString &target,
                Received *received, QString *error)
{
    if (!makeFolders(root, QFileInfo(target).absolutePath())) {
        *error = u"cannot create the folder of %1"_s.arg(target);
        return false;
    }
    QFile file(target);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, s_fileMode)) {
        *error = u"cannot write %1: %2"_s.arg(target, file.errorString());
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray piece(s_piece, Qt::Uninitialized);
    qint64 got = 0;
    while ((got = tar.read(piece.data(), piece.size())) > 0) {
        hash.addData(QByteArrayView(piece.constData(), got));
        if (file.write(piece.constData(), got) != got) {
            *error = u"cannot write %1: %2"_s.arg(target, file.errorString());
            return false;
        }
        received->size += got;
    }
    if (got < 0) {
        *error = tar.errorString();
        return false;
    }
    if (!file.flush()) {
        *error = u"cannot write %1: %2"_s.arg(target, file.errorString());
        return false;
    }
    received->sha256 = QString::fromLatin1(hash.result().toHex());
    return true;
}

/// Checks what was unpacked against the manifest.
bool checkAgainstManifest(const QJsonObject &manifest, const QHash<QString, Received> &files,
                          QString *error)
{
    const QString format = manifest.value(u"format"_s).toString();
    if (format != QLatin1String(Format) && format != QLatin1String(FormatV1)) {
        *error = u"this is not a Firebreak backup (no %1 of format %2)"_s.arg(
            QLatin1String(ManifestName), QLatin1String(Format));
        return false;
    }
    const QJsonArray listed = manifest.value(u"files"_s).toArray();
    if (listed.size() != files.size()) {
        *error = u"the archive holds %1 files but its manifest lists %2"_s.arg(files.size())
                     .arg(listed.size());
        return false;
    }
    for (const QJsonValue &value : listed) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(u"path"_s).toString();
        const auto found = files.constFind(path);
        if (found == files.cend()) {
            *error = u"%1 is listed in the manifest but missing"_s.arg(path.left(120));
            return false;
        }
        if (found->size != file.value(u"size"_s).toInteger()
            || found->sha256 != file.value(u"sha256"_s).toString()) {
            *error = u"%1 does not match its SHA-256 in the manifest"_s.arg(path);
            return false;
        }
    }
    if (!files.contains(s_databaseName)) {
        *error = u"the archive holds no %1"_s.arg(s_databaseName);
        return false;
    }
    return true;
}

/// Reads every entry: the manifest into memory, every other file into `dir`.
bool unpackAll(QIODevice *archive, const QDir &dir, QJsonObject *manifest,
               QHash<QString, Received> *files, QString *error)
{
    const QString manifestName = QString::fromLatin1(ManifestName);
    Tar::StreamReader tar(archive);
    bool sawManifest = false;
    for (;;) {
        const Tar::StreamReader::Next next = tar.next();
        if (next == Tar::StreamReader::Next::End) {
            break;
        }
        if (next == Tar::StreamReader::Next::Error) {
            *error = tar.errorString();
            return false;
        }
        const QString path = tar.path();
        if (files->contains(path) || (path == manifestName && sawManifest)) {
            *error = u"the archive holds %1 twice"_s.arg(path.left(120));
            return false;
        }
        if (path == manifestName) {
            sawManifest = true;
            if (tar.size() > s_maxManifestBytes) {
                *error = u"the archive's manifest is too large"_s;
                return false;
            }
            QByteArray bytes(tar.size(), Qt::Uninitialized);
            if (tar.read(bytes.data(), bytes.size()) != bytes.size()) {
                *error = tar.errorString();
                return false;
            }
            *manifest = QJsonDocument::fromJson(bytes).object();
            continue;
        }
        Received received;
        if (!unpackFile(tar, dir.absolutePath(), dir.absoluteFilePath(path), &received, error)) {
            return false;
        }
        files->insert(path, received);
    }
    return checkAgainstManifest(*manifest, *files, error);
}

/// Verifies the unpacked log against the manifest; fills the result's store id and events.
bool verifyRestored(const QDir &dir, const QJsonObject &manifest, const LogAnchor &anchor,
                    RestoreResult *result)
{
    EventStore store;
    if (!store.openReadOnly(dir.filePath(s_databaseName))) {
        result->error = store.errorString();
        return false;
    }
    if (store.storeId() != manifest.value(u"storeId"_s).toString()) {
        result->error = u"the store in the archive is not the one its manifest names"_s;
        return false;
    }
    const VerifyResult chain = store.verify(anchor);
    if (!chain.ok) {
        result->error = u"the restored log fails verification at seq %1: %2"_s
                            .arg(chain.firstBadSeq)
                            .arg(chain.reason);
        return false;
    }
    result->storeId = store.storeId();
    result->events = chain.checked;
    return true;
}

} // namespace

bool createArchive(const QString &location, const QString &evidenceRoot,
                   const QString &secretsFolder, const QString &workFolder, QIODevice *archive,
                   QString *error, const Cancelled &cancelled)
{
    QTemporaryDir work(QDir(workFolder).filePath(u".backup-XXXXXX"_s));
    if (!work.isValid()) {
        *error = u"cannot create a temporary folder in %1: %2"_s.arg(workFolder,
                                                                   work.errorString());
        return false;
    }
    const QString copyPath = work.filePath(s_databaseName);
    const bool copied = EventStore::isDatabaseUrl(location)
        ? snapshotPostgres(location, copyPath, error, cancelled)
        : snapshotSqlite(location, copyPath, error);
    if (!copied) {
        return false;
    }

    // The copy must be a sound log before anyone relies on it.
    QString storeId;
    LogAnchor head;
    {
        EventStore copy;
        if (!copy.openReadOnly(copyPath)) {
            *error = copy.errorString();
            return false;
        }
        const VerifyResult chain = copy.verify();
        if (!chain.ok) {
            *error = u"the store's hash chain is broken at seq %1: %2"_s.arg(chain.firstBadSeq)
                         .arg(chain.reason);
            return false;
        }
        storeId = copy.storeId();
        head = copy.anchor();
    }

    Tar::StreamWriter tar(archive);
    QJsonArray files;
    if (!packFile(tar, copyPath, s_databaseName, &files, error, cancelled)) {
        return false;
    }
    QFile::remove(copyPath); // packed: the space is needed no longer
    int evidenceFiles = 0;
    QDirIterator evidence(evidenceRoot, QDir::Files, QDirIterator::Subdirectories);
    while (evidence.hasNext()) {
        const QString path = evidence.next();
        const QString relative = QDir(evidenceRoot).relativeFilePath(path);
        if (relative.endsWith(u".tmp"_s)) {
            continue;
        }
        if (!packFile(tar, path, u"evidence/"_s + relative, &files, error, cancelled)) {
            return false;
        }
        ++evidenceFiles;
    }
    int secretFiles = 0;
    for (const QString &name : s_secretFiles) {
        const QString path = QDir(secretsFolder).filePath(name);
        if (!QFileInfo(path).isFile()) {
            continue;
        }
        if (!packFile(tar, path, name, &files, error, cancelled)) {
            return false;
        }
        ++secretFiles;
    }

    const QJsonObject manifest{{u"format"_s, QLatin1String(Format)},
                               {u"storeId"_s, storeId},
                               {u"head"_s, head.seq},
                               {u"headHash"_s, QString::fromLatin1(head.hash)},
                               {u"createdAt"_s, QDateTime::currentDateTimeUtc().toString(
                                                    Qt::ISODateWithMs)},
                               {u"evidenceFiles"_s, evidenceFiles},
                               {u"secretFiles"_s, secretFiles},
                               {u"files"_s, files}};
    const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
    if (!tar.beginFile(QString::fromLatin1(ManifestName), manifestBytes.size(),
                       QDateTime::currentSecsSinceEpoch(), s_archiveMode)
        || !tar.write(manifestBytes) || !tar.endFile() || !tar.finish()) {
        *error = tar.errorString();
        return false;
    }
    return true;
}

RestoreResult restoreArchive(QIODevice *archive, const QString &dataDir)
{
    RestoreResult result;
    QDir dir(dataDir);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        result.error = u"%1 is not empty; restore into a new folder"_s.arg(dataDir);
        return result;
    }
    const bool created = !dir.exists();
    if (created) {
        const QString absolute = dir.absolutePath();
        const QString parent = QFileInfo(absolute).absolutePath();
        if (!QDir().mkpath(parent) || !QDir(parent).mkdir(QFileInfo(absolute).fileName(),
                                                            s_folderMode)) {
            result.error = u"cannot create %1"_s.arg(dataDir);
            return result;
        }
    }
    // The folder will hold the store and the server's secrets: its owner's alone.
    if (!QFile::setPermissions(dataDir, s_folderMode)) {
        result.error = u"cannot restrict %1 to its owner"_s.arg(dataDir);
        if (created) {
            QDir(dataDir).removeRecursively();
        }
        return result;
    }
    auto cleanUp = [&]() {
        if (created) {
            QDir(dataDir).removeRecursively();
            return;
        }
        for (const QString &entry :
             dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            const QString path = dir.filePath(entry);
            QFileInfo(path).isDir() ? QDir(path).removeRecursively() : QFile::remove(path);
        }
    };

    // Files are unpacked as they come and checked once the manifest has been read.
    QJsonObject manifest;
    QHash<QString, Received> files;
    if (!unpackAll(archive, dir, &manifest, &files, &result.error)) {
        cleanUp();
        return result;
    }
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        result.evidenceFiles += it.key().startsWith(u"evidence/"_s) ? 1 : 0;
        result.secretFiles += s_secretFiles.contains(it.key()) ? 1 : 0;
    }

    // The restored log must reach the head the manifest names, with that hash.
    const LogAnchor anchor{manifest.value(u"head"_s).toInteger(),
                           manifest.value(u"headHash"_s).toString().toLatin1()};
    if (!verifyRestored(dir, manifest, anchor, &result)
        || !writeFile(dir.filePath(u"anchor.json"_s),
                      AnchorWriter::text(manifest.value(u"storeId"_s).toString(), anchor),
                      &result.error)) {
        cleanUp();
        return result;
    }
    result.head = anchor.seq;
    result.headHash = anchor.hash;
    result.ok = true;
    return result;
}

bool moveIntoPostgres(const QString &dataDir, const QString &url, const RestoreResult &restored,
                      QString *error)
{
    const QString sqlitePath = QDir(dataDir).filePath(s_databaseName);
    const QString where = EventStore::displayLocation(url);
    {
        // Opening makes the schema (and a store id of its own, replaced below).
        EventStore target;
        if (!target.open(url)) {
            *error = target.errorString();
            return false;
        }
        if (target.head() != 0) {
            *error = u"%1 already holds events; restore into an empty database"_s.arg(where);
            return false;
        }
        Connection connection(u"QSQLITE"_s, sqlitePath);
        QSqlDatabase from = connection.database();
        from.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlDatabase to = target.database();
        QSqlQuery query(to);
        bool ok = from.open() && to.transaction()
            && query.exec(u"SELECT seq FROM log_head WHERE id = 1 FOR UPDATE"_s)
            && query.exec(u"DELETE FROM meta"_s);
        if (!ok) {
            *error = u"cannot write %1: %2"_s.arg(where, from.isOpen() ? query.lastError().text()
                                                                      : from.lastError().text());
        }
        for (const TableCopy &table : logTables()) {
            ok = ok && copyTable(from, to, table, error, {});
        }
        if (ok) {
            query.prepare(u"UPDATE log_head SET seq = ?, hash = ? WHERE id = 1"_s);
            query.addBindValue(restored.head);
            query.addBindValue(QString::fromLatin1(restored.headHash));
            ok = query.exec() && to.commit();
            if (!ok) {
                *error = u"cannot write %1: %2"_s.arg(where, query.lastError().text());
            }
        }
        if (!ok) {
            to.rollback();
            return false;
        }
    }

    // What the database now holds must be the log that was backed up.
    {
        EventStore check;
        if (!check.openReadOnly(url)) {
            *error = check.errorString();
            return false;
        }
        const VerifyResult chain = check.verify({restored.head, restored.headHash});
        if (check.storeId() == restored.storeId && chain.ok) {
            QFile::remove(sqlitePath);
            return true;
        }
        *error = u"the log copied into %1 fails verification at seq %2: %3"_s.arg(where)
                     .arg(chain.firstBadSeq)
                     .arg(chain.ok ? u"another store id"_s : chain.reason);
    }

    // Not the log that was backed up: the database is emptied again.
    EventStore target;
    if (target.open(url)) {
        QSqlQuery query(target.database());
        for (const QString &statement :
             {u"DELETE FROM events"_s, u"DELETE FROM commands"_s, u"DELETE FROM meta"_s,
              u"UPDATE log_head SET seq = 0, hash = '' WHERE id = 1"_s}) {
            query.exec(statement);
        }
    }
    return false;
}


RestoreResult restoreArchive(const QByteArray &archive, const QString &dataDir)
{
    QBuffer buffer;
    buffer.setData(archive);
    buffer.open(QIODevice::ReadOnly);
    return restoreArchive(&buffer, dataDir);
}

} // namespace Firebreak::Backup
