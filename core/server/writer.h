// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"
#include "store/eventstore.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <vector>

namespace Firebreak {

/// How a job ended: ok, or refused with an HTTP-style status and an error code of DESIGN.md.
struct JobOutcome
{
    bool ok = true;
    int status = 200;
    QString code;
    QString message;
    EventList events;
    /// The command was decided before (same command id): this is that first answer again.
    bool duplicate = false;

    static JobOutcome refused(int status, const QString &code, const QString &message)
    {
        return {false, status, code, message, {}, false};
    }
};

/**
 * The single writer of the event log, with group commit.
 *
 * Jobs submitted during one pass of the event loop run together in one transaction: each job
 * reads the projection and emits events through its context; when the transaction has
 * committed, every job's callback runs with the events it produced, and committed() carries
 * the whole batch for fan-out. If the commit fails, every job of the batch is answered as
 * unavailable and the projection is rebuilt from the log. Callbacks therefore always describe
 * durable state.
 *
 * On SQLite the store hashes and inserts the batch's events on its append thread while the jobs
 * run here (EventStore::append only queues them); flush() waits for that thread's commit before
 * it answers or returns, and completes the answered and announced events with their hashes
 * (EventStore::lastCommit), so nothing of an uncommitted batch is ever visible outside flush().
 *
 * With a store shared by several replicas (PostgreSQL), each batch starts by taking the log's
 * head lock and applying what the other replicas committed, so jobs decide on current state;
 * those events are announced by committed() before the batch's own. catchUp() does the same
 * between batches, when LogListener reports a commit elsewhere.
 */
class Writer final : public QObject
{
    Q_OBJECT
public:
    class Context
    {
    public:
        /// Appends and applies; false when the store failed (the batch will be rolled back).
        bool emitEvent(Event &event);
        /// The same for an alert.received event whose data holds `record` and `delivery`
        /// (see Projection::applyReceivedAlert).
        bool emitReceivedAlert(Event &event, AlertRecord &&record, const QString &delivery);
        const Projection &projection() const { return m_writer.m_projection; }

    private:
        friend class Writer;
        Context(Writer &writer, EventList &events)
            : m_writer(writer)
            , m_events(events)
        {
        }
        Writer &m_writer;
        EventList &m_events;
    };

    using Job = std::function<JobOutcome(Context &)>;
    using Done = std::function<void(const JobOutcome &)>;

    Writer(EventStore &store, Projection &projection, QObject *parent = nullptr);

    void submit(Job job, Done done);
    /**
     * Submits a client's command that carries a command id (docs/protocol.md). The first time
     * the id is seen the job runs and its decision (accepted with its events, or refused) is
     * recorded in the same transaction; later submissions of the id by the same actor get that
     * decision again with `duplicate` set, and run nothing. Another actor's reuse of the id is
     * refused (409).
     */
    void submitCommand(const QString &commandId, const QString &actor, Job job, Done done);
    /// Runs the queued jobs now (also called by the zero-timer).
    void flush();
    /// Rebuilds the projection by folding the whole log; false when the log cannot be read
    /// (the projection is then rebuilt at the start of the next batch).
    bool rebuildProjection();
    /// Applies and announces the events other replicas committed (nothing on SQLite).
    void catchUp();

    qint64 commitCount() const { return m_commits; }
    /// Why the last batch could not be stored, while no later batch has been (empty when the
    /// last batch was stored), and since when (ms since the epoch) batches fail.
    QString storeFailure() const { return m_failure; }
    qint64 storeFailingSince() const { return m_failingSince; }

Q_SIGNALS:
    void committed(const Firebreak::EventList &events);

private:
    struct Pending
    {
        Job job;
        Done done;
        QString commandId;
        QString actor;
    };
    struct Duplicate
    {
        std::size_t index = 0;        ///< the job in the batch that is a repeat
        std::size_t firstIndex = 0;   ///< the same command earlier in this batch, or
        qint64 firstSeq = 0;          ///< its events' range in the log (decided earlier)
        qint64 lastSeq = 0;
        bool inBatch = false;
    };

    void enqueue(Pending pending);
    JobOutcome runCommandJob(std::size_t index, const std::vector<Pending> &batch,
                             QHash<QString, std::size_t> &seen,
                             std::vector<Duplicate> &duplicates, EventList &produced);
    void sealEvents(EventList &all, std::vector<JobOutcome> &outcomes) const;
    void completeDuplicates(const std::vector<Duplicate> &duplicates,
                            std::vector<JobOutcome> &outcomes);
    void applyCommittedElsewhere(const EventList &events);

    EventStore &m_store;
    Projection &m_projection;
    std::vector<Pending> m_queue;
    QTimer m_timer;
    qint64 m_commits = 0;
    bool m_storeFailed = false;
    bool m_flushing = false;
    bool m_projectionStale = false;
    QString m_failure;
    qint64 m_failingSince = 0;
    qint64 m_failuresUnlogged = 0;
    qint64 m_lastFailureLog = 0;
};

} // namespace Firebreak
