// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSqlDatabase>
#include <QTimer>

namespace Firebreak {

class SyncClient;

/// A command the desktop queued: waiting for the server, or refused by it.
struct OutboxEntry
{
    enum class State { Pending, Refused };

    /// The command id (a UUID): the protocol message id and the server's deduplication key.
    QString id;
    /// The command as DESIGN.md describes it, without `commandId`.
    QJsonObject command;
    /// What the person did, in the words of the view that queued it ("Acknowledge INC-3").
    QString description;
    /// The incident it concerns (UUID), or empty.
    QString incident;
    /// When it was queued, ms since the epoch UTC.
    qint64 queuedAt = 0;
    State state = State::Pending;
    /// For a refused command: the HTTP-style status, error code and the server's reason.
    int status = 0;
    QString code;
    QString reason;

    bool isPending() const { return state == State::Pending; }
};

/**
 * The desktop's durable queue of commands not yet accepted by the server (DESIGN.md, "Offline
 * first"), kept in a table of the local copy's SQLite file.
 *
 * enqueue() commits the command to disk (synchronous=FULL) before it returns, so what the UI
 * then shows as pending survives a crash of the desktop. While the sync client is live every
 * pending command is sent, in the order queued, with its id as `commandId`; the server decides
 * each id once and answers a repeat with the first decision, so sending again after a lost
 * answer, a dropped connection or a restart never applies a command twice. An accepted command
 * leaves the queue (its row is deleted in one transaction with the others accepted in the same
 * pass of the event loop: a row that outlives a crash is only sent again, and answered as a
 * duplicate); a refused one stays, with the server's reason, until dismissed; a
 * temporary failure (5xx, 429, an invalid token) leaves it pending and it is tried again.
 * Lives on the GUI thread.
 */
class CommandOutbox final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandOutbox)
public:
    /// `client` is not owned and may be null (nothing is sent then).
    explicit CommandOutbox(SyncClient *client, QObject *parent = nullptr);
    ~CommandOutbox() override;

    /// Opens (or creates) the queue in the SQLite file at `path`; false with errorString().
    bool open(const QString &path);
    QString errorString() const { return m_error; }

    /**
     * Stores the command durably, then sends it if connected. Returns its id, or an empty
     * string when it could not be stored (errorString() says why; nothing was queued).
     */
    QString enqueue(const QJsonObject &command, const QString &description,
                    const QString &incident = {});
    /// Forgets a refused command (the person has seen why); false when there is no such one.
    bool dismiss(const QString &id);

    /// Every queued command, oldest first.
    QList<OutboxEntry> entries() const { return m_entries; }
    /// The queued commands of one incident, oldest first.
    QList<OutboxEntry> entriesOf(const QString &incident) const;
    int pendingCount() const;
    int refusedCount() const;

Q_SIGNALS:
    /// The queue changed (queued, accepted, refused or dismissed).
    void changed();
    /// The server accepted a queued command; `answer` is its result message.
    void accepted(const Firebreak::OutboxEntry &entry, const QJsonObject &answer);
    /// The server refused a queued command for good; the entry holds the reason.
    void refused(const Firebreak::OutboxEntry &entry);

private:
    bool load();
    void sendPending();
    void send(const OutboxEntry &entry);
    void onStateChanged();
    void onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    qsizetype indexOf(const QString &id) const;
    bool remove(const QString &id);
    bool markRefused(OutboxEntry &entry);
    void forgetAccepted();

    QPointer<SyncClient> m_client;
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_error;
    QList<OutboxEntry> m_entries;
    QSet<QString> m_inFlight;
    QStringList m_accepted; ///< accepted, still to be deleted on disk
    QTimer m_retryTimer;
    QTimer m_forgetTimer;
};

} // namespace Firebreak
