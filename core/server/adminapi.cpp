// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Backups of the store and evidence bundles of incidents: archives built off the event loop
// and sent once done (a backup from a file, in pieces).
#include "server.h"

#include "incidents/evidencebundle.h"
#include "incidents/evidencestore.h"
#include "server/httpserver.h"
#include "server/server_p.h"
#include "store/backup.h"
#include "store/eventstore.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTemporaryFile>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

/// Backups are made in the data folder (beside the store, on the same disk), in entries named
/// so: a temporary folder for the copy of the store, and the archive itself.
const QString s_backupPrefix = u".backup-"_s;

} // namespace

void removeBackupLeftovers(const QString &dataDir)
{
    const QDir dir(dataDir);
    const QStringList names = dir.entryList({s_backupPrefix + u'*'},
                                            QDir::AllEntries | QDir::Hidden | QDir::System);
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        qCInfo(lcServer).noquote() << "removing" << path << "left by an interrupted backup";
        QFileInfo(path).isDir() ? QDir(path).removeRecursively() : QFile::remove(path);
    }
}

void Server::handleBackup(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ManageConfiguration)) {
        return;
    }
    if (m_counters->backupsRunning > 0) {
        return responder.sendError(503, u"unavailable"_s,
                                   u"a backup is being made; try again later"_s,
                                   {{"Retry-After", "10"}});
    }
    const QString location = m_options.database.isEmpty()
        ? QDir(m_options.dataDir).filePath(u"firebreak.sqlite"_s)
        : m_options.database;
    const QString evidence = QDir(m_options.dataDir).filePath(u"evidence"_s);
    const QString work = m_options.dataDir;
    qCInfo(lcServer).noquote() << "backup of" << EventStore::displayLocation(location) << "for"
                               << request.remote.toString();

    // The copy is read on a connection of its own and written to a file beside the store; the
    // connection's I/O thread sends that file in pieces and removes it. Nothing of the size of
    // the store is held in memory.
    ++m_counters->backupsRunning;
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, location, evidence, work, responder]() {
        QTemporaryFile archive(QDir(work).filePath(s_backupPrefix + u"XXXXXX.tar"_s));
        QString error;
        bool made = archive.open();
        if (!made) {
            error = u"cannot create %1: %2"_s.arg(archive.fileTemplate(), archive.errorString());
        }
        const Backup::Cancelled clientLeft = [responder]() { return !responder.isConnected(); };
        made = made
            && Backup::createArchive(location, evidence, work, work, &archive, &error,
                                     clientLeft);
        if (made && !archive.flush()) {
            made = false;
            error = u"cannot write %1: %2"_s.arg(archive.fileName(), archive.errorString());
        }
        QMetaObject::invokeMethod(self, [self]() { --self->m_counters->backupsRunning; },
                                  Qt::QueuedConnection);
        if (!made) {
            qCWarning(lcServer).noquote() << "backup failed:" << error;
            responder.sendError(503, u"unavailable"_s, u"the backup failed: "_s + error);
            return;
        }
        const QByteArray name = "firebreak-backup-"
            + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s).toLatin1() + ".tar";
        const QString path = archive.fileName();
        archive.setAutoRemove(false);
        archive.close();
        responder.sendFile(200, path, "application/x-tar",
                           {{"Content-Disposition", "attachment; filename=\"" + name + '"'}},
                           true);
    });
}

void Server::handleEvidenceBundle(const HttpRequest &request, const HttpResponder &responder)
{
    Principal principal;
    if (!authorise(request, responder, Security::Permission::ReadAudit, &principal)) {
        return;
    }
    const IncidentRecord *incident = m_projection.incident(request.captures.value(0));
    if (!incident || !principal.canSee(*incident)) {
        return responder.sendError(404, u"not_found"_s,
                                   u"no incident "_s + request.captures.value(0).left(64));
    }

    EvidenceBundleSource source;
    source.incident = incident->toJson();
    source.storeId = m_store.storeId();
    source.headSeq = m_store.head();
    source.headHash = m_store.headHash();
    source.exportedBy = principal.actor();
    source.exportedAt = QDateTime::currentMSecsSinceEpoch();
    for (qint64 after = 0;;) {
        bool read = false;
        const EventList page = readIncidentEvents(incident->id, after, 1000, &read);
        if (!read) {
            return sendStoreUnreadable(responder);
        }
        source.events += page;
        if (page.size() < 1000) {
            break;
        }
        after = page.last().seq;
    }
    const QString evidenceRoot = QDir(m_options.dataDir).filePath(u"evidence"_s);
    source.readBlob = [evidenceRoot](const QString &sha256) {
        return EvidenceStore(evidenceRoot).read(sha256);
    };

    // Hashing and packing the attachments happens off the event loop.
    const QByteArray name = incident->toJson().value(u"number"_s).toString().toLatin1()
        + "-evidence.tar";
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, source, responder, name]() {
        const QByteArray bundle = buildEvidenceBundle(source);
        QMetaObject::invokeMethod(self, [responder, bundle, name]() {
            responder.send(200, bundle, "application/x-tar",
                           {{"Content-Disposition", "attachment; filename=\"" + name + '"'}});
        }, Qt::QueuedConnection);
    });
}

} // namespace Firebreak
