// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "writer.h"

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
    m_queue.push_back({std::move(job), std::move(done)});
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

    for (Pending &pending : batch) {
        if (m_storeFailed) {
            break;
        }
        EventList produced;
        Context context(*this, produced);
        JobOutcome outcome = pending.job(context);
        outcome.events = produced;
        all += produced;
        outcomes.push_back(std::move(outcome));
    }

    const bool stored = !m_storeFailed && m_store.commit();
    m_flushing = false;
    if (!stored) {
        qCWarning(lcWriter).noquote() << "batch of" << batch.size()
                                      << "requests not stored:" << m_store.errorString();
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
    if (!all.isEmpty()) {
        Q_EMIT committed(all);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(outcomes[i]);
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
