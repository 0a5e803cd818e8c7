// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "responderstate.h"

#include "desktopsession.h"
#include "logging.h"
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
    SyncClient *client = m_session->syncClient();
    if (client && client != m_connectedClient) {
        m_connectedClient = client;
        connect(client, &SyncClient::commandAnswered, this, &ResponderState::onCommandAnswered);
    }
    const QString id = client ? client->sendCommand(command) : QString();
    Q_EMIT commandSent(command);
    if (id.isEmpty()) {
        Q_EMIT commandRefused(tr("%1: the server is unreachable, so nothing was sent")
                                  .arg(description));
        return;
    }
    m_pending.insert(id, description);
}

void ResponderState::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend()) {
        return;
    }
    const QString description = *it;
    m_pending.erase(it);
    if (ok) {
        Q_EMIT commandSucceeded(description);
        return;
    }
    const QString reason = answer.value(u"error"_s).toObject().value(u"message"_s).toString();
    Q_EMIT commandRefused(tr("%1 failed: %2").arg(description, reason));
}

} // namespace Firebreak
