// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace Firebreak {

class RestClient;

/**
 * Hands a local-mode store over to a team server: reads the incident events of the local
 * SQLite store and sends them as `store.import` commands (core/incidents/storeimport.h), one
 * page at a time, each page under a command id derived from the store id and its last
 * sequence number. Files attached as evidence go first, from the store's `evidence` folder to
 * `POST /api/v1/evidence`, before the page that names them. Safe to run again after an
 * interruption or a success: the server skips what it imported before.
 *
 * A job: start() once, then exactly one finished(). Lives on the thread that created it.
 */
class Handover final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Handover)
public:
    explicit Handover(QObject *parent = nullptr);
    ~Handover() override;

    /// `localStore` is the local server's SQLite file (it may be in use); `server` the team
    /// server's base URL and `token` an administrator's API token there.
    void start(const QString &localStore, const QUrl &server, const QString &token);

    /// Events the team server newly took (not counting pages it had taken before), and events
    /// to send in all.
    qint64 importedEvents() const { return m_imported; }
    qint64 totalEvents() const { return m_events.size(); }
    /// The local store's id (the `source` the team server records).
    QString sourceStore() const { return m_storeId; }
    /// After a failure: whether it was the team server being out of reach (not a refusal).
    bool serverUnreachable() const { return m_unreachable; }

Q_SIGNALS:
    void progressed(qint64 sent, qint64 total);
    /// The end: `ok`, or a message for people saying what went wrong.
    void finished(bool ok, const QString &message);

private:
    bool readLocalStore(const QString &path, QString *error);
    void sendNextPage();
    qsizetype pageEnd() const;
    /// Uploads the next evidence file the page [m_next, end) names; false when none is left.
    bool uploadEvidence(qsizetype end);
    void finish(bool ok, const QString &message);

    std::unique_ptr<RestClient> m_client;
    EventList m_events;
    QString m_storeId;
    QString m_evidenceRoot;
    QSet<QString> m_uploaded;
    QStringList m_missingFiles;
    qsizetype m_next = 0;
    qint64 m_imported = 0;
    bool m_finished = false;
    bool m_unreachable = false;
};

} // namespace Firebreak
