// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/textdocument.h"
#include "events/event.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Firebreak {

class SyncClient;

namespace Collab {

/// Someone else who has the document open, as their presence messages describe them.
struct Participant
{
    qint64 connection = 0;
    QString actor;   ///< `user:NAME`, set by the server
    QString name;    ///< the user name, after what they chose to be called when that differs
    ItemRef cursor;  ///< the character left of their caret (null: the start)
    ItemRef anchor;  ///< the other end of their selection; equals cursor when none
};

/**
 * One post-mortem document replicated over the desktop's sync connection (docs/protocol.md,
 * "Post-mortem documents"). Local edits apply at once and go to the server as
 * `postmortem.edit` commands, one in flight at a time (what is typed meanwhile goes in the
 * next); remote `postmortem.edited` events merge in whatever order they come. Offline edits
 * wait and are sent on reconnect; a command whose answer was lost is sent again (applying an
 * edit twice is harmless). The caret is shared as presence, and others' carets are kept as
 * anchors that follow concurrent edits.
 *
 * Depends on core/sync (a sibling capability) because it is the document's transport.
 */
class PostMortemSession final : public QObject
{
    Q_OBJECT
public:
    /// `client` is not owned and may go away first; `incident` is the incident's UUID.
    PostMortemSession(SyncClient *client, const QString &incident, QObject *parent = nullptr);
    ~PostMortemSession() override;

    QString incident() const { return m_incident; }
    const TextDocument &document() const { return m_document; }
    QString text() const { return m_document.text(); }

    /// Merges the post-mortem edits of this incident among `events` (the replica's history at
    /// start; later events arrive from the client by themselves).
    void applyEvents(const EventList &events);

    /// Local edits in code points; false when out of range.
    bool insert(qsizetype position, const QString &text);
    bool remove(qsizetype position, qsizetype count);
    /// Undo and redo of this session's own edits; return the visible changes.
    std::vector<TextChange> undo();
    std::vector<TextChange> redo();
    /// The next local edit starts a new undo step (edits within 500 ms are otherwise one).
    void stopUndoCapture() { m_document.stopUndoCapture(); }

    /// Shares the caret (`position`) and selection anchor as presence, at most every 50 ms.
    void setCursor(qsizetype position, qsizetype anchor);
    void setDisplayName(const QString &name);
    QList<Participant> participants() const;
    /// Where an anchor of a participant is in this replica's text, or -1.
    qsizetype positionOf(const ItemRef &anchor) const { return m_document.positionOf(anchor); }

    /// True while local edits wait for the server's acknowledgement.
    bool hasPendingEdits() const;

    /// The document, the session's agent, what the server acknowledged and the edit sent but
    /// not answered (with its command id), so that edits made offline survive a restart and an
    /// unanswered one goes again under its own id; restoreState() takes it back (false when
    /// unusable).
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    /// Edits of others changed the text; apply `changes` in order to follow it.
    void remoteChanged(const std::vector<Firebreak::Collab::TextChange> &changes);
    void participantsChanged();
    /// The server refused an edit for good (for instance no permission); the message says why.
    void editRefused(const QString &message);
    /// Every local edit so far is durable on the server.
    void editsAcknowledged();

private:
    void flush();
    void onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    void onConnectionChanged();
    void onPresence(const QJsonObject &message);
    void sendPresence();
    void afterLocalEdit();

    QPointer<SyncClient> m_client;
    QString m_incident;
    TextDocument m_document;
    AgentCounts m_acknowledged;
    AgentCounts m_sending;
    QString m_inFlight;
    QJsonObject m_unanswered; ///< the edit command sent and not answered yet, with its id
    int m_conflicts = 0;
    QTimer m_presenceTimer;
    QTimer m_retryTimer;
    QString m_displayName;
    ItemRef m_cursor;
    ItemRef m_anchor;
    QHash<qint64, Participant> m_participants;
};

} // namespace Collab
} // namespace Firebreak
