// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "handover.h"

#include "client/restclient.h"
#include "incidents/evidencestore.h"
#include "incidents/storeimport.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// A page stays well below the server's default body limit of 1 MiB.
constexpr qsizetype s_pageBytes = 512 * 1024;

} // namespace

Handover::Handover(QObject *parent)
    : QObject(parent)
    , m_client(std::make_unique<RestClient>())
{
}

Handover::~Handover() = default;

void Handover::start(const QString &localStore, const QUrl &server, const QString &token)
{
    m_client->setBaseUrl(server);
    m_client->setToken(token);
    QString error;
    if (!readLocalStore(localStore, &error)) {
        // Finish from the event loop, as a job always does.
        QTimer::singleShot(0, this, [this, error]() { finish(false, error); });
        return;
    }
    QTimer::singleShot(0, this, &Handover::sendNextPage);
}

bool Handover::readLocalStore(const QString &path, QString *error)
{
    EventStore store;
    if (!store.openReadOnly(path)) {
        *error = tr("Cannot read the local data %1: %2").arg(path, store.errorString());
        return false;
    }
    m_storeId = store.storeId();
    m_evidenceRoot = QFileInfo(path).dir().filePath(u"evidence"_s);
    constexpr int pageSize = 5000;
    qint64 after = 0;
    for (;;) {
        bool ok = true;
        const EventList page = store.readAfter(after, pageSize, &ok);
        if (!ok) {
            *error = tr("Cannot read the local data %1: %2").arg(path, store.errorString());
            return false;
        }
        for (const Event &event : page) {
            if (StoreImport::isImportable(event)) {
                m_events.append(event);
            }
        }
        if (page.size() < pageSize) {
            return true;
        }
        after = page.last().seq;
    }
}

qsizetype Handover::pageEnd() const
{
    qsizetype bytes = 0;
    qsizetype end = m_next;
    while (end < m_events.size() && end - m_next < StoreImport::MaxEventsPerCommand) {
        const qsizetype size = QJsonDocument(m_events.at(end).toJson())
                                   .toJson(QJsonDocument::Compact).size();
        if (end > m_next && bytes + size > s_pageBytes) {
            break;
        }
        bytes += size;
        ++end;
    }
    return end;
}

bool Handover::uploadEvidence(qsizetype end)
{
    for (qsizetype i = m_next; i < end; ++i) {
        const Event &event = m_events.at(i);
        const QJsonObject data = event.type == u"incident.evidence_attached" ? event.data()
                                                                             : QJsonObject();
        const QString sha256 = data.value(u"sha256"_s).toString();
        if (data.value(u"kind"_s).toString() != u"file" || sha256.isEmpty()
            || m_uploaded.contains(sha256)) {
            continue;
        }
        m_uploaded.insert(sha256);
        const QByteArray bytes = EvidenceStore(m_evidenceRoot).read(sha256);
        if (bytes.isNull()) {
            m_missingFiles.append(data.value(u"name"_s).toString());
            continue;
        }
        RestRequest upload{QByteArrayLiteral("POST"), u"/api/v1/evidence"_s, {}, bytes};
        m_client->send(upload, this, [this, name = data.value(u"name"_s).toString()](
                                         const RestReply &reply) {
            if (!reply.isSuccess()) {
                m_missingFiles.append(name);
            }
            sendNextPage();
        });
        return true;
    }
    return false;
}

void Handover::sendNextPage()
{
    if (m_next >= m_events.size()) {
        const QString done = tr("%n event(s) handed over.", nullptr, int(m_imported));
        finish(true, m_missingFiles.isEmpty()
                         ? done
                         : done + u' '
                             + tr("These evidence files could not be copied and stay on this"
                                  " computer: %1").arg(m_missingFiles.join(u", "_s)));
        return;
    }
    const qsizetype end = pageEnd();
    // The files a page names go first: the team server shows an entry only with its file.
    if (uploadEvidence(end)) {
        return;
    }
    QJsonArray page;
    for (qsizetype i = m_next; i < end; ++i) {
        page.append(m_events.at(i).toJson());
    }
    const qint64 lastSeq = m_events.at(end - 1).seq;
    const QJsonObject command{
        {u"type"_s, StoreImport::Command.toString()},
        {u"commandId"_s, u"handover:%1:%2"_s.arg(m_storeId).arg(lastSeq)},
        {u"source"_s, m_storeId},
        {u"events"_s, page},
    };
    m_client->send(RestRequest::post(u"/api/v1/commands"_s, command), this,
                   [this, end](const RestReply &reply) {
                       if (!reply.isSuccess()) {
                           m_unreachable = !reply.reachedServer();
                           finish(false, reply.reachedServer()
                                             ? tr("The team server refused the hand-over: %1")
                                                   .arg(reply.errorMessage())
                                             : tr("The team server is unreachable: %1")
                                                   .arg(reply.failureText));
                           return;
                       }
                       // A page sent before is answered again with what it copied then.
                       const QJsonObject answer = reply.json();
                       if (!answer.value(u"duplicate"_s).toBool()) {
                           m_imported += answer.value(u"events"_s).toArray().size();
                       }
                       m_next = end;
                       Q_EMIT progressed(m_next, m_events.size());
                       sendNextPage();
                   });
}

void Handover::finish(bool ok, const QString &message)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    Q_EMIT finished(ok, message);
}

} // namespace Firebreak
