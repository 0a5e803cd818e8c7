// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Backups of the store and evidence bundles of incidents: archives built off the event loop
// and sent once done.
#include "server.h"

#include "incidents/evidencebundle.h"
#include "incidents/evidencestore.h"
#include "server/httpserver.h"
#include "server/server_p.h"
#include "store/backup.h"

#include <QDateTime>
#include <QDir>
#include <QPointer>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Firebreak {

void Server::handleBackup(const HttpRequest &request, const HttpResponder &responder)
{
    if (!authorise(request, responder, Security::Permission::ManageConfiguration)) {
        return;
    }
    if (m_store.backend() != EventStore::Backend::SQLite) {
        responder.sendError(409, u"conflict"_s,
                            u"this server keeps its log in PostgreSQL; back it up with pg_dump"_s);
        return;
    }
    const QString database = QDir(m_options.dataDir).filePath(u"firebreak.sqlite"_s);
    const QString evidence = QDir(m_options.dataDir).filePath(u"evidence"_s);
    qCInfo(lcServer).noquote() << "backup of" << database << "for" << request.remote.toString();

    // VACUUM INTO reads a snapshot on a connection of its own; the writer keeps committing.
    QPointer<Server> self(this);
    QThreadPool::globalInstance()->start([self, database, evidence, responder]() {
        QByteArray archive;
        QString error;
        const bool made = Backup::createArchive(database, evidence, &archive, &error);
        QMetaObject::invokeMethod(self, [responder, made, archive, error]() {
            if (!made) {
                qCWarning(lcServer).noquote() << "backup failed:" << error;
                responder.sendError(503, u"unavailable"_s, u"the backup failed: "_s + error);
                return;
            }
            const QByteArray name = "firebreak-backup-"
                + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s).toLatin1()
                + ".tar";
            responder.send(200, archive, "application/x-tar",
                           {{"Content-Disposition", "attachment; filename=\"" + name + '"'}});
        }, Qt::QueuedConnection);
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
        const EventList page = m_store.readIncident(incident->id, after, 1000);
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
