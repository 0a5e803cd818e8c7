// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace Firebreak {

class CommandOutbox;
class DesktopSession;
struct OutboxEntry;

/**
 * Queues the dashboard's commands through the session (DesktopSession::queueCommand()), so that
 * they survive outages and restarts like every command, and tells which of them the server
 * accepted, with the events it produced. The session itself announces success and refusal
 * messages. The session is not owned and must outlive the sender.
 */
class CommandSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandSender)
public:
    explicit CommandSender(DesktopSession *session, QObject *parent = nullptr);
    ~CommandSender() override;

    /**
     * Queues `command`. `description` says what the person did ("Escalate INC-3"), for the
     * timeline's waiting row and the messages; `incident` (UUID, may be empty) places it on
     * that incident's timeline. Returns the command's id, or empty when it could not be kept.
     */
    QString send(const QJsonObject &command, const QString &description,
                 const QString &incident = {});

Q_SIGNALS:
    /// A command sent here was accepted; `events` are the events it produced (protocol JSON).
    void accepted(const QString &commandId, const QJsonArray &events);

private:
    void watchOutbox();
    void onAccepted(const Firebreak::OutboxEntry &entry, const QJsonObject &answer);

    DesktopSession *m_session;
    QSet<QString> m_sent;
    QPointer<CommandOutbox> m_watched;
};

} // namespace Firebreak
