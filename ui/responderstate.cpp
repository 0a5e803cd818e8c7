// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "responderstate.h"

#include "desktopsession.h"
#include "logging.h"
#include "sync/commandoutbox.h"
#include "sync/replica.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

ResponderState::ResponderState(DesktopSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_currentUser(qEnvironmentVariable("FIREBREAK_USER"))
{
    Q_ASSERT(m_session);
    connect(m_session, &DesktopSession::eventsApplied, this, &ResponderState::apply);
    connect(m_session, &DesktopSession::projectionReset, this, &ResponderState::reload);
    reload();
}

ResponderState::~ResponderState() = default;

const Projection &ResponderState::projection() const
{
    return m_session->projection();
}

void ResponderState::apply(const EventList &events)
{
    for (const Event &event : events) {
        m_responders.apply(event);
        m_outbox.apply(m_session->projection(), event);
    }
    Q_EMIT changed(events);
}

void ResponderState::reload()
{
    m_responders.clear();
    m_outbox.clear();
    const QString path = m_session->replicaPath();
    if (!path.isEmpty()) {
        // A second, reading connection to the session's replica (SQLite in WAL mode).
        Replica replica;
        if (replica.open(path)) {
            const EventList events = replica.readAll();
            for (const Event &event : events) {
                m_responders.apply(event);
                m_outbox.apply(m_session->projection(), event);
            }
        } else {
            qCWarning(lcUi).noquote() << "cannot read" << path << ":" << replica.errorString();
        }
    }
    Q_EMIT changed({});
}

void ResponderState::sendCommand(const QJsonObject &command, const QString &description)
{
    watchQueue();
    Q_EMIT commandSent(command);
    const IncidentRecord *incident = m_session->projection().incident(
        command.value(u"incident"_s).toString());
    const QString id = m_session->queueCommand(command, description,
                                               incident ? incident->id : QString());
    if (!id.isEmpty()) {
        m_pending.insert(id, description);
    }
}

// The queue exists once the session is open; it answers for commands queued before a restart
// too, but only this run's are this view's to report.
void ResponderState::watchQueue()
{
    CommandOutbox *queue = m_session->outbox();
    if (!queue || queue == m_watchedQueue) {
        return;
    }
    m_watchedQueue = queue;
    connect(queue, &CommandOutbox::accepted, this, &ResponderState::onCommandAccepted);
    connect(queue, &CommandOutbox::refused, this, &ResponderState::onCommandRefused);
}

void ResponderState::onCommandAccepted(const OutboxEntry &entry)
{
    const auto it = m_pending.constFind(entry.id);
    if (it == m_pending.cend()) {
        return;
    }
    const QString description = *it;
    m_pending.erase(it);
    Q_EMIT commandSucceeded(description);
}

void ResponderState::onCommandRefused(const OutboxEntry &entry)
{
    const QString description = m_pending.take(entry.id);
    if (!description.isEmpty()) {
        Q_EMIT commandRefused(tr("%1 failed: %2").arg(description, entry.reason));
    }
}

} // namespace Firebreak
