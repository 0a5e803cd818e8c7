// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "backup.h"

#include "store/eventstore.h"
#include "store/tararchive.h"

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
std::atomic<int> s_snapshotCounter{0};

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// VACUUM INTO on a read-only connection of its own: a snapshot of what was committed.
bool snapshot(const QString &databasePath, const QString &target, QString *error)
{
    const QString name = u"firebreak-backup-%1"_s.arg(++s_snapshotCounter);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            *error = u"cannot open %1: %2"_s.arg(databasePath, db.lastError().text());
        } else {
            QSqlQuery query(db);
            query.prepare(u"VACUUM INTO ?"_s);
            query.addBindValue(target);
            ok = query.exec();
            if (!ok) {
                *error = u"cannot copy %1: %2"_s.arg(databasePath, query.lastError().text());
            }
            query.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

struct Packer
{
    Tar::Writer tar;
    QJsonArray files;

    bool add(const QString &path, const QByteArray &bytes)
    {
        files.append(QJsonObject{{u"path"_s, path},
                                 {u"size"_s, bytes.size()},
                                 {u"sha256"_s, sha256Hex(bytes)}});
        return tar.addFile(path, bytes, QDateTime::currentSecsSinceEpoch());
    }
};

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = u"cannot create the folder of %1"_s.arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

/// Checks the archive's files against its manifest; fills `manifest` and `files` by path.
bool checkAgainstManifest(const QList<Tar::Entry> &entries, QJsonObject *manifest,
                          QHash<QString, QByteArray> *files, QString *error)
{
    for (const Tar::Entry &entry : entries) {
        if (files->contains(entry.path)) {
            *error = u"the archive holds %1 twice"_s.arg(entry.path);
            return false;
        }
        files->insert(entry.path, entry.bytes);
    }
    const QJsonDocument document = QJsonDocument::fromJson(files->take(
        QString::fromLatin1(ManifestName)));
    *manifest = document.object();
    if (manifest->value(u"format"_s).toString() != QLatin1String(Format)) {
        *error = u"this is not a Firebreak backup (no %1 of format %2)"_s.arg(
            QLatin1String(ManifestName), QLatin1String(Format));
        return false;
    }
    const QJsonArray listed = manifest->value(u"files"_s).toArray();
    if (listed.size() != files->size()) {
        *error = u"the archive holds %1 files but its manifest lists %2"_s.arg(files->size())
                     .arg(listed.size());
        return false;
    }
    for (const QJsonValue &value : listed) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(u"path"_s).toString();
        const auto found = files->constFind(path);
        if (found == files->cend()) {
            *error = u"%1 is listed in the manifest but missing"_s.arg(path.left(120));
            return false;
        }
        if (found->size() != file.value(u"size"_s).toInteger()
            || sha256Hex(*found) != file.value(u"sha256"_s).toString()) {
            *error = u"%1 does not match its SHA-256 in the manifest"_s.arg(path);
            return false;
        }
    }
    if (!files->contains(s_databaseName)) {
        *error = u"the archive holds no %1"_s.arg(s_databaseName);
        return false;
    }
    return true;
}

} // namespace

bool createArchive(const QString &databasePath, const QString &evidenceRoot, QByteArray *archive,
                   QString *error)
{
    QTemporaryDir work;
    const QString copyPath = work.filePath(s_databaseName);
    if (!work.isValid() || !snapshot(databasePath, copyPath, error)) {
        if (!work.isValid()) {
            *error = u"cannot create a temporary folder: %1"_s.arg(work.errorString());
        }
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

    Packer packer;
    QFile database(copyPath);
    if (!database.open(QIODevice::ReadOnly) || !packer.add(s_databaseName, database.readAll())) {
        *error = u"cannot read the copy of the store: %1"_s.arg(database.errorString());
        return false;
    }
    int evidenceFiles = 0;
    QDirIterator evidence(evidenceRoot, QDir::Files, QDirIterator::Subdirectories);
    while (evidence.hasNext()) {
        QFile file(evidence.next());
        const QString relative = QDir(evidenceRoot).relativeFilePath(file.fileName());
        if (relative.endsWith(u".tmp"_s) || !file.open(QIODevice::ReadOnly)) {
            continue;
        }
        if (!packer.add(u"evidence/"_s + relative, file.readAll())) {
            *error = u"cannot pack evidence file %1"_s.arg(relative);
            return false;
        }
        ++evidenceFiles;
    }

    const QJsonObject manifest{{u"format"_s, QLatin1String(Format)},
                               {u"storeId"_s, storeId},
                               {u"head"_s, head.seq},
                               {u"headHash"_s, QString::fromLatin1(head.hash)},
                               {u"createdAt"_s, QDateTime::currentDateTimeUtc().toString(
                                                    Qt::ISODateWithMs)},
                               {u"evidenceFiles"_s, evidenceFiles},
                               {u"files"_s, packer.files}};
    packer.tar.addFile(QString::fromLatin1(ManifestName),
                       QJsonDocument(manifest).toJson(QJsonDocument::Indented));
    *archive = packer.tar.finish();
    return true;
}

RestoreResult restoreArchive(const QByteArray &archive, const QString &dataDir)
{
    RestoreResult result;
    QList<Tar::Entry> entries;
    QJsonObject manifest;
    QHash<QString, QByteArray> files;
    if (!Tar::read(archive, &entries, &result.error)
        || !checkAgainstManifest(entries, &manifest, &files, &result.error)) {
        return result;
    }
    entries.clear();

    QDir dir(dataDir);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        result.error = u"%1 is not empty; restore into a new folder"_s.arg(dataDir);
        return result;
    }
    const bool created = !dir.exists();
    if (!QDir().mkpath(dataDir)) {
        result.error = u"cannot create %1"_s.arg(dataDir);
        return result;
    }
    auto cleanUp = [&]() {
        if (created) {
            QDir(dataDir).removeRecursively();
        } else {
            for (const QString &entry :
                 dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
                const QString path = dir.filePath(entry);
                QFileInfo(path).isDir() ? QDir(path).removeRecursively() : QFile::remove(path);
            }
        }
    };
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (!writeFile(dir.filePath(it.key()), it.value(), &result.error)) {
            cleanUp();
            return result;
        }
        result.evidenceFiles += it.key().startsWith(u"evidence/"_s) ? 1 : 0;
    }

    // The restored log must reach the head the manifest names, with that hash.
    const LogAnchor anchor{manifest.value(u"head"_s).toInteger(),
                           manifest.value(u"headHash"_s).toString().toLatin1()};
    {
        EventStore store;
        VerifyResult chain;
        if (!store.openReadOnly(dir.filePath(s_databaseName))) {
            result.error = store.errorString();
        } else if (store.storeId() != manifest.value(u"storeId"_s).toString()) {
            result.error = u"the store in the archive is not the one its manifest names"_s;
        } else if (chain = store.verify(anchor); !chain.ok) {
            result.error = u"the restored log fails verification at seq %1: %2"_s
                               .arg(chain.firstBadSeq)
                               .arg(chain.reason);
        } else {
            result.storeId = store.storeId();
            result.events = chain.checked;
        }
    }
    const QJsonObject anchorJson{{u"storeId"_s, result.storeId},
                                 {u"seq"_s, anchor.seq},
                                 {u"hash"_s, QString::fromLatin1(anchor.hash)}};
    if (result.storeId.isEmpty()
        || !writeFile(dir.filePath(u"anchor.json"_s),
                      QJsonDocument(anchorJson).toJson(QJsonDocument::Compact), &result.error)) {
        cleanUp();
        return result;
    }
    result.head = anchor.seq;
    result.headHash = anchor.hash;
    result.ok = true;
    return result;
}

} // namespace Firebreak::Backup
