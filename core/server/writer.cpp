// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "writer.h"

#include "store/commandlog.h"

#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWriter, "firebreak.store.writer", QtWarningMsg)

namespace Firebreak {

namespace {
constexpr std::size_t s_maxBatch = 4096;
}

bool Writer::Context::emitEvent(Event &event)
{
    if (!m_writer.m_store.append(event)) {
        m_writer.m_storeFailed = true;
        return false;
    }
    m_writer.m_projection.apply(event);
    m_events.append(event);
    return true;
}

bool Writer::Context::emitReceivedAlert(Event &event, AlertRecord &&record,
                                        const QString &delivery)
{
    if (!m_writer.m_store.append(event)) {
        m_writer.m_storeFailed = true;
        return false;
    }
    m_writer.m_projection.applyReceivedAlert(event, std::move(record), delivery);
    m_events.append(event);
    return true;
}

Writer::Writer(EventStore &store, Projection &projection, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_projection(projection)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &Writer::flush);
}

void Writer::submit(Job job, Done done)
{
    enqueue({std::move(job), std::move(done), {}, {}});
}

void Writer::submitCommand(const QString &commandId, const QString &actor, Job job, Done done)
{
    enqueue({std::move(job), std::move(done), commandId, actor});
}

void Writer::enqueue(Pending pending)
{
    m_queue.push_back(std::move(pending));
    // A job submitted from a committed() slot during a flush waits for the next batch.
    if (m_queue.size() >= s_maxBatch && !m_flushing) {
        flush();
    } else if (!m_timer.isActive()) {
        m_timer.start();
    }
}

void Writer::flush()
{
    m_timer.stop();
    if (m_queue.empty()) {
        return;
    }
    std::vector<Pending> batch;
    batch.swap(m_queue);

    std::vector<JobOutcome> outcomes;
    outcomes.reserve(batch.size());
    EventList all;
    EventList elsewhere;
    m_flushing = true;
    m_storeFailed = !m_store.begin(&elsewhere);
    applyCommittedElsewhere(elsewhere);
    if (!m_storeFailed && m_projectionStale) {
        m_storeFailed = !rebuildProjection();
    }

    QHash<QString, std::size_t> seen;
    std::vector<Duplicate> duplicates;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (m_storeFailed) {
            break;
        }
        EventList produced;
        JobOutcome outcome;
        if (batch[i].commandId.isEmpty()) {
            Context context(*this, produced);
            outcome = batch[i].job(context);
        } else {
            outcome = runCommandJob(i, batch, seen, duplicates, produced);
        }
        outcome.events = produced;
        all += produced;
        outcomes.push_back(std::move(outcome));
    }

    const bool stored = !m_storeFailed && m_store.commit();
    m_flushing = false;
    if (!stored) {
        // A full disk fails every batch: say so once, then at most every ten seconds with the
        // count, rather than a line per request.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_failure = m_store.errorString();
        if (m_failingSince == 0) {
            m_failingSince = now;
        }
        if (m_lastFailureLog == 0 || now - m_lastFailureLog >= 10000) {
            qCWarning(lcWriter).noquote()
                << "batch of" << batch.size() << "requests not stored:" << m_failure
                << (m_failuresUnlogged > 0
                        ? u"(and %1 batches more since the last message)"_s.arg(
                              m_failuresUnlogged)
                        : QString());
            m_lastFailureLog = now;
            m_failuresUnlogged = 0;
        } else {
            ++m_failuresUnlogged;
        }
        m_store.rollback();
        rebuildProjection();
        const JobOutcome failed = JobOutcome::refused(
            503, u"unavailable"_s, u"the event store could not commit; nothing was stored"_s);
        for (Pending &pending : batch) {
            pending.done(failed);
        }
        return;
    }

    ++m_commits;
    if (m_failingSince != 0) {
        qCWarning(lcWriter).noquote() << "batches are stored again after"
                                      << (QDateTime::currentMSecsSinceEpoch() - m_failingSince)
                                      << "ms of failures;" << m_failuresUnlogged
                                      << "failed batches were not logged one by one";
        m_failure.clear();
        m_failingSince = 0;
        m_failuresUnlogged = 0;
        m_lastFailureLog = 0;
    }
    sealEvents(all, outcomes);
    completeDuplicates(duplicates, outcomes);
    if (!all.isEmpty()) {
        Q_EMIT committed(all);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(outcomes[i]);
    }
}

JobOutcome Writer::runCommandJob(std::size_t index, const std::vector<Pending> &batch,
                                 QHash<QString, std::size_t> &seen,
                                 std::vector<Duplicate> &duplicates, EventList &produced)
{
    const Pending &pending = batch[index];
    const JobOutcome foreign = JobOutcome::refused(
        409, u"conflict"_s,
        u"the command id %1 was already used by someone else"_s.arg(pending.commandId));

    // Sent twice within one batch: the second gets the first's answer once it is known.
    if (const auto it = seen.constFind(pending.commandId); it != seen.cend()) {
        if (pending.actor != batch[*it].actor) {
            return foreign;
        }
        JobOutcome repeat;
        repeat.duplicate = true;
        duplicates.push_back({index, *it, 0, 0, true});
        return repeat;
    }

    // Decided in an earlier batch (perhaps before a restart, perhaps by another replica).
    CommandLog log(m_store.database());
    bool readable = true;
    const std::optional<DecidedCommand> decided = log.find(pending.commandId, &readable);
    if (!readable) {
        m_storeFailed = true;
        return JobOutcome::refused(503, u"unavailable"_s, u"the event store could not be read"_s);
    }
    if (decided) {
        if (decided->actor != pending.actor) {
            return foreign;
        }
        JobOutcome repeat = decided->accepted()
            ? JobOutcome()
            : JobOutcome::refused(decided->status, decided->code, decided->message);
        repeat.duplicate = true;
        duplicates.push_back({index, 0, decided->firstSeq, decided->lastSeq, false});
        return repeat;
    }

    // The first time: run it and record the decision with its events. Temporary failures
    // (5xx, 429) are not decisions; a retry runs again.
    Context context(*this, produced);
    JobOutcome outcome = pending.job(context);
    if (m_storeFailed || (!outcome.ok && (outcome.status >= 500 || outcome.status == 429))) {
        return outcome;
    }
    const DecidedCommand record{pending.actor,
                                outcome.ok ? 200 : outcome.status,
                                outcome.code,
                                outcome.message,
                                produced.isEmpty() ? 0 : produced.first().seq,
                                produced.isEmpty() ? 0 : produced.last().seq};
    if (!m_store.recordCommand(pending.commandId, record, QDateTime::currentMSecsSinceEpoch())) {
        qCWarning(lcWriter).noquote() << "cannot record command" << pending.commandId << ":"
                                      << m_store.errorString();
        m_storeFailed = true;
    }
    seen.insert(pending.commandId, index);
    return outcome;
}

// Runs after the commit: answers and fan-out carry each event's place in the hash chain,
// which the store computes while the batch is written (EventStore::lastCommit).
void Writer::sealEvents(EventList &all, std::vector<JobOutcome> &outcomes) const
{
    const CommittedBatch &batch = m_store.lastCommit();
    for (Event &event : all) {
        batch.seal(event);
    }
    for (JobOutcome &outcome : outcomes) {
        for (Event &event : outcome.events) {
            batch.seal(event);
        }
    }
}

// Runs after the commit: a repeat's answer carries the events of the first run.
void Writer::completeDuplicates(const std::vector<Duplicate> &duplicates,
                                std::vector<JobOutcome> &outcomes)
{
    for (const Duplicate &duplicate : duplicates) {
        JobOutcome &outcome = outcomes[duplicate.index];
        if (!outcome.duplicate) {
            continue;
        }
        if (duplicate.inBatch) {
            outcome = outcomes[duplicate.firstIndex];
            outcome.duplicate = true;
        } else if (duplicate.firstSeq > 0) {
            const qint64 count = duplicate.lastSeq - duplicate.firstSeq + 1;
            outcome.events = m_store.readAfter(duplicate.firstSeq - 1,
                                               int(qMin<qint64>(count, 10000)));
        }
    }
}

void Writer::catchUp()
{
    if (m_flushing) {
        return;
    }
    constexpr int pageSize = 5000;
    for (;;) {
        const EventList page = m_store.catchUp(pageSize);
        applyCommittedElsewhere(page);
        if (page.size() < pageSize) {
            return;
        }
    }
}

void Writer::applyCommittedElsewhere(const EventList &events)
{
    if (events.isEmpty()) {
        return;
    }
    for (const Event &event : events) {
        m_projection.apply(event);
    }
    Q_EMIT committed(events);
}

// A page is read before the projection is cleared: with the database out of reach the last
// state stays in place, marked stale, and the next batch that can begin rebuilds it.
bool Writer::rebuildProjection()
{
    constexpr int pageSize = 5000;
    bool ok = true;
    EventList page = m_store.readAfter(0, pageSize, &ok);
    m_projectionStale = true;
    if (!ok) {
        qCWarning(lcWriter) << "cannot rebuild the projection now; will retry";
        return false;
    }
    m_projection.clear();
    for (;;) {
        for (const Event &event : std::as_const(page)) {
            m_projection.apply(event);
        }
        if (page.size() < pageSize) {
            m_projectionStale = false;
            return true;
        }
        page = m_store.readAfter(page.last().seq, pageSize, &ok);
        if (!ok) {
            return false;
        }
    }
}

} // namespace Firebreak
