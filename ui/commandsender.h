// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace Firebreak {

class CommandOutbox;
class DesktopSession;
struct OutboxEntry;

/**
 * Queues one view's commands through the session (DesktopSession::queueCommand()), so that
 * they survive outages and restarts like every command, and tells that view which of them the
 * server accepted, with the events they produced, or refused, with the reason. The session
 * itself also announces success and refusal messages. The session is not owned and must
 * outlive the sender.
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
     * that incident's timeline. Returns the command's id, or empty (and refused()) when it
     * could not be kept.
     */
    QString send(const QJsonObject &command, const QString &description,
                 const QString &incident = {});
    /// Queues `command` described by describe() and placed on the command's own incident.
    QString send(const QJsonObject &command);

    /// What a command of this type does, in the person's words ("Publish the post-mortem").
    static QString describe(const QString &type);

Q_SIGNALS:
    /// A command sent here was accepted; `events` are the events it produced (protocol JSON).
    void accepted(const QString &commandId, const QJsonObject &command, const QJsonArray &events);
    /// A command sent here was refused or could not be queued; `message` is ready to show.
    void refused(const QString &message);

private:
    void watchOutbox();
    void onAccepted(const Firebreak::OutboxEntry &entry, const QJsonObject &answer);
    void onRefused(const Firebreak::OutboxEntry &entry);

    DesktopSession *m_session;
    QHash<QString, QJsonObject> m_sent;
    QPointer<CommandOutbox> m_watched;
};

} // namespace Firebreak
