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

QString CommandSender::send(const QJsonObject &command, const QString &description,
                            const QString &incident)
{
    watchOutbox();
    const QString id = m_session->queueCommand(command, description, incident);
    if (!id.isEmpty()) {
        m_sent.insert(id);
    }
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
    connect(outbox, &CommandOutbox::refused, this,
            [this](const OutboxEntry &entry) { m_sent.remove(entry.id); });
}

void CommandSender::onAccepted(const OutboxEntry &entry, const QJsonObject &answer)
{
    if (m_sent.remove(entry.id)) {
        Q_EMIT accepted(entry.id, answer.value(u"events"_s).toArray());
    }
}

} // namespace Firebreak
