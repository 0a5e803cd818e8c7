// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "notify/outbox.h"
#include "oncall/responders.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace Firebreak {

class DesktopSession;
class CommandOutbox;
struct OutboxEntry;

/**
 * The desktop's copy of the responders' state (people, schedules, pages, boards) and of the
 * outbox, folded from the same events as the session's projection: from the local replica
 * when the session resets, then event by event. Also sends the responders' commands and
 * reports their answers. Lives on the GUI thread; the session must outlive it.
 */
class ResponderState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponderState)
public:
    explicit ResponderState(DesktopSession *session, QObject *parent = nullptr);
    ~ResponderState() override;

    const DesktopSession *session() const { return m_session; }
    const Projection &projection() const;
    const OnCall::Responders &responders() const { return m_responders; }
    const Notify::Outbox &outbox() const { return m_outbox; }

    /// The person this desktop belongs to (a user name), for "my pages"; empty: everyone's.
    QString currentUser() const { return m_currentUser; }
    void setCurrentUser(const QString &user) { m_currentUser = user; }

    /// Sends a command (docs/api.md) through the session's queue (DesktopSession::queueCommand):
    /// kept on disk, sent when connected, replayed after an outage. `description` ("Task
    /// moved") is what commandSucceeded() says once the server accepted it.
    void sendCommand(const QJsonObject &command, const QString &description);

    /// Folds events (also used by tests, which have no server).
    void apply(const Firebreak::EventList &events);
    /// Folds everything again from the session's local replica.
    void reload();

Q_SIGNALS:
    /// The state changed; `events` are the new ones (empty after a reload).
    void changed(const Firebreak::EventList &events);
    /// A command was queued (and goes out when connected); for tests and logs.
    void commandSent(const QJsonObject &command);
    void commandSucceeded(const QString &message);
    void commandRefused(const QString &message);

private:
    void watchQueue();
    void onCommandAccepted(const Firebreak::OutboxEntry &entry);
    void onCommandRefused(const Firebreak::OutboxEntry &entry);

    DesktopSession *m_session;
    OnCall::Responders m_responders;
    Notify::Outbox m_outbox;
    QString m_currentUser;
    QPointer<CommandOutbox> m_watchedQueue;
    QHash<QString, QString> m_pending;
};

} // namespace Firebreak
