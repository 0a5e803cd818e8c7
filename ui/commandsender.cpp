// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "commandsender.h"

#include "desktopsession.h"
#include "sync/commandoutbox.h"

using namespace Qt::StringLiterals;

namespace Firebreak {

CommandSender::CommandSender(DesktopSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    Q_ASSERT(m_session);
}

CommandSender::~CommandSender() = default;

QString CommandSender::describe(const QString &type)
{
    static const QHash<QString, const char *> words{
        {u"postmortem.mark_moment"_s, QT_TR_NOOP("Mark a key moment")},
        {u"postmortem.unmark_moment"_s, QT_TR_NOOP("Unmark a key moment")},
        {u"postmortem.add_external_event"_s, QT_TR_NOOP("Add an outside event")},
        {u"postmortem.remove_external_event"_s, QT_TR_NOOP("Remove an outside event")},
        {u"postmortem.tag"_s, QT_TR_NOOP("Set root-cause tags")},
        {u"postmortem.comment"_s, QT_TR_NOOP("Comment on the post-mortem")},
        {u"postmortem.resolve_comment"_s, QT_TR_NOOP("Resolve a comment")},
        {u"postmortem.request_review"_s, QT_TR_NOOP("Request review of the post-mortem")},
        {u"postmortem.publish"_s, QT_TR_NOOP("Publish the post-mortem")},
        {u"postmortem.reopen"_s, QT_TR_NOOP("Reopen the post-mortem")},
        {u"action_item.create"_s, QT_TR_NOOP("Add an action item")},
        {u"action_item.update"_s, QT_TR_NOOP("Change an action item")},
    };
    const char *text = words.value(type);
    return text ? tr(text) : type;
}

QString CommandSender::send(const QJsonObject &command)
{
    return send(command, describe(command.value(u"type"_s).toString()),
                command.value(u"incident"_s).toString());
}

QString CommandSender::send(const QJsonObject &command, const QString &description,
                            const QString &incident)
{
    watchOutbox();
    const QString id = m_session->queueCommand(command, description, incident);
    if (id.isEmpty()) {
        Q_EMIT refused(tr("The command could not be kept for sending; see the message above."));
        return {};
    }
    m_sent.insert(id, command);
    return id;
}

void CommandSender::watchOutbox()
{
    // The outbox exists once the session is open, and is made anew if it opens again.
    CommandOutbox *outbox = m_session->outbox();
    if (!outbox || outbox == m_watched) {
        return;
    }
    m_watched = outbox;
    connect(outbox, &CommandOutbox::accepted, this, &CommandSender::onAccepted);
    connect(outbox, &CommandOutbox::refused, this, &CommandSender::onRefused);
}

void CommandSender::onAccepted(const OutboxEntry &entry, const QJsonObject &answer)
{
    const auto it = m_sent.constFind(entry.id);
    if (it == m_sent.cend()) {
        return;
    }
    const QJsonObject command = *it;
    m_sent.remove(entry.id);
    Q_EMIT accepted(entry.id, command, answer.value(u"events"_s).toArray());
}

void CommandSender::onRefused(const OutboxEntry &entry)
{
    if (m_sent.remove(entry.id) > 0) {
        Q_EMIT refused(entry.reason);
    }
}

} // namespace Firebreak
