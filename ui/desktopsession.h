// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/followup.h"
#include "events/event.h"
#include "model/projection.h"
#include "sync/syncclient.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace Firebreak {

class CommandOutbox;
class Replica;
class Server;
struct OutboxEntry;

/// Where one event of an incident's timeline is, enough to count, date and filter it without
/// reading it from the replica.
struct TimelineEntry
{
    qint64 seq = 0;
    qint64 at = 0; ///< ms since the epoch, UTC
    int kind = 0;  ///< a TimelineModel::Kind
};
/// An incident's timeline entries in sequence order; it only ever grows at the end.
using TimelineIndex = QList<TimelineEntry>;

/**
 * The desktop's view of one server: a local replica of the event log, the sync client that
 * keeps it current and the projection folded from it.
 *
 * open() folds what the replica already holds, so the window shows the last known state before
 * (or without) any server. Events that arrive later are folded and announced by eventsApplied();
 * a change of the server's store clears everything and announces projectionReset(). Lives on the
 * GUI thread.
 *
 * While the sync client catches up, pages of events arrive back to back: they are folded at
 * once but announced together, at most every catchUpAnnounceInterval() ms and when the state
 * changes (so once Live, every view has heard of every event). Views then pay their per-batch
 * work once per announcement rather than once per page of 500 events.
 */
class DesktopSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopSession)
public:
    explicit DesktopSession(QObject *parent = nullptr);
    ~DesktopSession() override;

    /// The replica file used when open() gets no path: in the application's local data folder.
    static QString defaultReplicaPath();

    /// Opens (or creates) the replica at `path` and folds its events; false with errorString().
    bool open(const QString &path = {});
    QString errorString() const { return m_error; }
    QString replicaPath() const { return m_replicaPath; }

    /// Starts syncing with `server` (http://host:port); reconnects by itself until stop().
    /// Leaves local mode first, if it was on.
    void connectToServer(const QUrl &server, const QString &token);
    /// Which certificates an https:// server may present; applies from the next connection.
    void setTlsTrust(const TlsTrust &trust) { m_trust = trust; }
    const TlsTrust &tlsTrust() const { return m_trust; }
    void stop();

    /// Where local mode keeps its store when startLocalMode() gets no folder.
    static QString defaultLocalDataDir();
    /**
     * Local mode (DESIGN.md): runs the server core in-process on `dataDir` (its own SQLite
     * store, created on first use) listening on 127.0.0.1 only, and syncs with it like with any
     * server, with the administrator token it generated there. False with errorString().
     */
    bool startLocalMode(const QString &dataDir = {});
    bool isLocalMode() const { return m_localServer != nullptr; }
    /// The local store's folder while in local mode, else empty.
    QString localDataDir() const { return m_localDataDir; }
    /// The local store's SQLite file while in local mode, else empty (for a hand-over).
    QString localStorePath() const;

    /// The server in use, or the one asked for when not connected.
    QUrl server() const;
    /// The API token given with the server, for REST requests (evidence uploads); never logged.
    QString token() const { return m_token; }
    SyncClient::State connectionState() const;
    /// The reason of the last connection failure, in the network layer's words; may be empty.
    QString connectionError() const;
    /// Why the local copy could not store the last events received (disk full, …), or empty.
    QString localCopyError() const;

    const Projection &projection() const { return m_projection; }
    /// Post-mortem reviews, curated timelines, comments and action items, folded alongside.
    const Collab::FollowUp &followUp() const { return m_followUp; }
    /// The events of one incident held locally, in order.
    EventList timeline(const QString &incidentId) const;
    /**
     * The timeline of one incident as the session folded it: every event but post-mortem
     * edits (shown in the post-mortem instead), 24 bytes each. The session appends to it in
     * place before eventsApplied() and replaces it after a reset; null for an unknown incident.
     */
    std::shared_ptr<const TimelineIndex> timelineIndex(const QString &incidentId) const;
    /// The timeline events of one incident from sequence number `first` to `last`, in order.
    EventList timeline(const QString &incidentId, qint64 first, qint64 last) const;
    /// Every event held locally, in order (empty before open()).
    EventList events() const;
    /// Hands every event held locally to `visit` in order until it returns false, without
    /// holding them all at once.
    void visitEvents(const std::function<bool(const Event &)> &visit) const;

    /// Asks the server to acknowledge or resolve an incident (UUID or INC-n). The command is
    /// queued durably first (commandQueued()), sent when connected, and answered by
    /// commandSucceeded() or commandRefused(); offline it waits in the queue.
    void acknowledge(const QString &incident);
    void resolve(const QString &incident);
    /// Queues a note on an incident's timeline (Markdown).
    void addNote(const QString &incident, const QString &text);
    /// Queues a status change (`investigating`, `identified`, … as in docs/incidents.md).
    void setStatus(const QString &incident, const QString &status);
    /// Queues a severity change (`P1` … `P4`).
    void changeSeverity(const QString &incident, const QString &severity);
    /**
     * Queues any command of DESIGN.md: stored durably before this returns, sent when the
     * connection is live, replayed after an outage or a restart until the server decides it.
     * `description` is what the person did, for the timeline and messages; `incident` (UUID,
     * may be empty) places it on that incident's timeline. Returns the command id, or empty
     * when it could not be stored (commandRefused() then says so).
     */
    QString queueCommand(const QJsonObject &command, const QString &description,
                         const QString &incident = {});
    /// Commands waiting for the server or refused by it (null before open()).
    CommandOutbox *outbox() const { return m_outbox.get(); }
    /// The queued and refused commands of one incident, oldest first.
    QList<OutboxEntry> queuedCommands(const QString &incident) const;
    /// Forgets every refused command (their reasons were shown).
    void dismissRefusedCommands();
    /// The connection, for commands other views send (null before open()).
    SyncClient *syncClient() const { return m_sync.get(); }

    /**
     * Whether this session may run a command of `type` (`incident.acknowledge`, …), by the
     * permissions the server last gave it (docs/permissions.md): kept in the local copy, so
     * they hold offline and across restarts until the server says otherwise. True while they
     * are unknown (never connected, or a server that does not say). Views disable what this
     * refuses; the server still decides every command.
     */
    bool mayRun(const QString &type) const { return missingPermission(type).isEmpty(); }
    /// The name of the permission a command of `type` needs and this session lacks, or empty.
    QString missingPermission(const QString &type) const;
    /// Whether the server said what this session may do (now or on an earlier connection).
    bool knowsPermissions() const { return m_permissionsKnown; }
    /// The names of the permissions the server gave, sorted; empty while unknown.
    QStringList permissions() const { return m_permissions; }

    /// Folds events already stored in the replica and announces them (while catching up,
    /// together with the next announcement). Connected to the sync client; tests call it
    /// directly.
    void applyEvents(const Firebreak::EventList &events);
    /// How long events folded while catching up may wait to be announced, in ms.
    int catchUpAnnounceInterval() const { return m_announceTimer.interval(); }
    void setCatchUpAnnounceInterval(int ms) { m_announceTimer.setInterval(ms); }

Q_SIGNALS:
    /// Events were folded into the projection, in sequence order.
    void eventsApplied(const Firebreak::EventList &events);
    /// The projection was rebuilt or cleared: models must start over.
    void projectionReset();
    void connectionStateChanged(Firebreak::SyncClient::State state);
    /// A command was accepted; `message` is ready to show ("INC-3 acknowledged").
    void commandSucceeded(const QString &message);
    /// A command was refused or could not be queued; `message` is ready to show.
    void commandRefused(const QString &message);
    /// Events could not be kept in the local copy; the session retries (localCopyError()).
    void localCopyFailed(const QString &error);
    /// A command was stored in the queue; `description` is what the person did.
    void commandQueued(const QString &id, const QString &description);
    /// The queue changed: counts or entries to show again.
    void queueChanged();
    /// What the session may do changed (mayRun()): actions to enable or disable again.
    void permissionsChanged();

private:
    void queueIncidentCommand(QJsonObject command, const QString &incident,
                              const QString &description);
    void onCommandAccepted(const Firebreak::OutboxEntry &entry);
    void onCommandRefusedByServer(const Firebreak::OutboxEntry &entry);
    void onResynchronising();
    void onStateChanged(Firebreak::SyncClient::State state);
    void onPermissionsReceived();
    void loadPermissions();
    void foldReplica();
    void fold(const Firebreak::Event &event);
    void announcePending();

    std::unique_ptr<Replica> m_replica;
    std::unique_ptr<SyncClient> m_sync;
    std::unique_ptr<CommandOutbox> m_outbox;
    std::unique_ptr<Server> m_localServer;
    QString m_localDataDir;
    Projection m_projection;
    Collab::FollowUp m_followUp;
    QHash<QString, std::shared_ptr<TimelineIndex>> m_timelines;
    EventList m_unannounced; ///< folded while catching up, not yet announced
    QTimer m_announceTimer;
    QUrl m_server;
    TlsTrust m_trust;
    QString m_token;
    QString m_replicaPath;
    QString m_error;
    QStringList m_permissions;
    bool m_permissionsKnown = false;
};

} // namespace Firebreak
