// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemsession.h"

#include "collab/postmortems.h"
#include "collab/textdocument_p.h"
#include "sync/syncclient.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

constexpr int PresenceIntervalMs = 50;
constexpr int RetryIntervalMs = 1000;
constexpr int MaxConflictRetries = 5;
// 2 adds the edit sent and not answered yet, with its command id; 1 is still read.
constexpr quint32 StateFormat = 2;
constexpr quint32 FirstStateFormat = 1;

} // namespace

PostMortemSession::PostMortemSession(SyncClient *client, const QString &incident,
                                     QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_incident(incident)
{
    m_document.setUndoEnabled(true);
    m_presenceTimer.setSingleShot(true);
    m_presenceTimer.setInterval(PresenceIntervalMs);
    connect(&m_presenceTimer, &QTimer::timeout, this, &PostMortemSession::sendPresence);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(RetryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &PostMortemSession::flush);

    if (!client) {
        return;
    }
    connect(client, &SyncClient::eventsArrived, this, &PostMortemSession::applyEvents);
    connect(client, &SyncClient::commandAnswered, this, &PostMortemSession::onCommandAnswered);
    connect(client, &SyncClient::stateChanged, this, &PostMortemSession::onConnectionChanged);
    connect(client, &SyncClient::presenceReceived, this, &PostMortemSession::onPresence);
    if (client->state() == SyncClient::State::Live) {
        QTimer::singleShot(0, this, &PostMortemSession::sendPresence);
    }
}

PostMortemSession::~PostMortemSession()
{
    // Leave the document: the others stop showing this caret.
    if (m_client) {
        m_client->sendMessage({{u"type"_s, u"presence"_s}, {u"incident"_s, m_incident}});
    }
}

void PostMortemSession::applyEvents(const EventList &events)
{
    std::vector<TextChange> changes;
    for (const Event &event : events) {
        if (event.type != PostMortem::EditedEvent || event.incident != m_incident) {
            continue;
        }
        const std::optional<Ops> ops = Ops::fromJson(event.data().value(u"ops"_s).toObject());
        if (!ops) {
            continue;
        }
        ApplyResult result = m_document.apply(*ops);
        changes.insert(changes.end(), result.changes.begin(), result.changes.end());
    }
    if (!changes.empty()) {
        Q_EMIT remoteChanged(changes);
    }
}

bool PostMortemSession::insert(qsizetype position, const QString &text)
{
    if (!m_document.insert(position, text)) {
        return false;
    }
    afterLocalEdit();
    return true;
}

bool PostMortemSession::remove(qsizetype position, qsizetype count)
{
    if (!m_document.remove(position, count)) {
        return false;
    }
    afterLocalEdit();
    return true;
}

std::vector<TextChange> PostMortemSession::undo()
{
    std::vector<TextChange> changes = m_document.undo();
    afterLocalEdit();
    return changes;
}

std::vector<TextChange> PostMortemSession::redo()
{
    std::vector<TextChange> changes = m_document.redo();
    afterLocalEdit();
    return changes;
}

void PostMortemSession::afterLocalEdit()
{
    flush();
    if (!m_presenceTimer.isActive()) {
        m_presenceTimer.start();
    }
}

void PostMortemSession::flush()
{
    if (!m_inFlight.isEmpty() || !m_client) {
        return;
    }
    if (m_unanswered.isEmpty()) {
        // Everything of others is known to the server already; send what it lacks of ours.
        Version since = m_document.version();
        since.set(m_document.agent(), m_acknowledged);
        const Ops ops = m_document.opsSince(since);
        if (ops.isEmpty()) {
            return;
        }
        // The command id makes a resend of an edit whose answer was lost a duplicate, not a
        // second event.
        m_unanswered = {{u"type"_s, PostMortem::EditCommand.toString()},
                        {u"incident"_s, m_incident},
                        {u"ops"_s, ops.toJson()},
                        {u"commandId"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}};
        m_sending = m_document.version().counts(m_document.agent());
    }
    QJsonObject command = m_unanswered;
    const QString id = command.take(u"commandId"_s).toString();
    m_inFlight = m_client->sendCommand(command, id);
}

void PostMortemSession::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    if (id.isEmpty() || id != m_inFlight) {
        return;
    }
    m_inFlight.clear();
    m_unanswered = {};
    const QJsonObject error = answer.value(u"error"_s).toObject();
    const int status = answer.value(u"status"_s).toInt(ok ? 200 : 400);
    if (!ok && (status >= 500 || status == 429)) {
        m_retryTimer.start();
        return;
    }
    // A server that has not caught up with what this edit builds on (another replica wrote
    // it) answers 409; it is sent again, a few times, before it counts as refused.
    if (!ok && status == 409 && ++m_conflicts <= MaxConflictRetries) {
        m_retryTimer.start();
        return;
    }
    m_conflicts = 0;
    // A refusal for good is not retried: it would be refused again.
    m_acknowledged = m_sending;
    if (!ok) {
        qCWarning(lcCollab).noquote() << "the server refused a post-mortem edit:"
                                      << error.value(u"message"_s).toString();
        Q_EMIT editRefused(error.value(u"message"_s).toString());
    }
    flush();
    if (!hasPendingEdits()) {
        Q_EMIT editsAcknowledged();
    }
}

void PostMortemSession::onConnectionChanged()
{
    if (!m_client) {
        return;
    }
    const SyncClient::State state = m_client->state();
    if (state != SyncClient::State::Live && state != SyncClient::State::CatchingUp) {
        // An answer still owed will not come on a new connection: the same command (same id)
        // goes again then.
        m_inFlight.clear();
        m_participants.clear();
        Q_EMIT participantsChanged();
        return;
    }
    if (state == SyncClient::State::Live) {
        flush();
        sendPresence();
    }
}

bool PostMortemSession::hasPendingEdits() const
{
    return !m_inFlight.isEmpty() || !m_unanswered.isEmpty()
        || m_document.version().counts(m_document.agent()) != m_acknowledged;
}

void PostMortemSession::setCursor(qsizetype position, qsizetype anchor)
{
    const ItemRef cursor = m_document.anchorAt(position);
    const ItemRef selection = m_document.anchorAt(anchor);
    if (cursor == m_cursor && selection == m_anchor) {
        return;
    }
    m_cursor = cursor;
    m_anchor = selection;
    if (!m_presenceTimer.isActive()) {
        m_presenceTimer.start();
    }
}

void PostMortemSession::setDisplayName(const QString &name)
{
    m_displayName = name.left(80);
    sendPresence();
}

void PostMortemSession::sendPresence()
{
    if (!m_client) {
        return;
    }
    QJsonObject state{{u"session"_s, m_document.agent()},
                      {u"cursor"_s, m_cursor.toJson()},
                      {u"anchor"_s, m_anchor.toJson()}};
    if (!m_displayName.isEmpty()) {
        state.insert(u"name"_s, m_displayName);
    }
    m_client->sendMessage(
        {{u"type"_s, u"presence"_s}, {u"incident"_s, m_incident}, {u"state"_s, state}});
}

void PostMortemSession::onPresence(const QJsonObject &message)
{
    if (message.value(u"incident"_s).toString() != m_incident) {
        return;
    }
    const qint64 connection = message.value(u"connection"_s).toInteger();
    const QJsonObject state = message.value(u"state"_s).toObject();
    if (state.isEmpty()) {
        m_participants.remove(connection);
        Q_EMIT participantsChanged();
        return;
    }
    Participant participant;
    participant.connection = connection;
    participant.actor = message.value(u"actor"_s).toString();
    const QString user = participant.actor.startsWith(u"user:"_s) ? participant.actor.mid(5)
                                                                    : participant.actor;
    // The name a client chose for itself is shown with the account the server vouches for, so
    // nobody can pass for someone else.
    const QString chosen = state.value(u"name"_s).toString().simplified().left(40);
    if (chosen.isEmpty()) {
        participant.name = user;
    } else if (chosen.compare(user, Qt::CaseInsensitive) == 0) {
        participant.name = chosen;
    } else {
        participant.name = u"%1 (%2)"_s.arg(chosen, user);
    }
    if (!ItemRef::fromJson(state.value(u"cursor"_s), &participant.cursor)
        || !ItemRef::fromJson(state.value(u"anchor"_s), &participant.anchor)) {
        return;
    }
    m_participants.insert(connection, participant);
    Q_EMIT participantsChanged();
}

QList<Participant> PostMortemSession::participants() const
{
    QList<Participant> list = m_participants.values();
    std::sort(list.begin(), list.end(), [](const Participant &a, const Participant &b) {
        return a.connection < b.connection;
    });
    return list;
}

QByteArray PostMortemSession::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << StateFormat << m_incident << m_document.agent() << m_acknowledged.inserts
        << m_acknowledged.deletes << m_document.save();
    // An edit whose answer is owed goes again under its own id after a restart, so that the
    // server answers it as a duplicate instead of storing it a second time.
    out << QJsonDocument(m_unanswered).toJson(QJsonDocument::Compact) << m_sending.inserts
        << m_sending.deletes;
    return state;
}

bool PostMortemSession::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 format = 0;
    QString incident;
    QString agent;
    AgentCounts acknowledged;
    QByteArray snapshot;
    in >> format >> incident >> agent >> acknowledged.inserts >> acknowledged.deletes >> snapshot;
    QByteArray unanswered;
    AgentCounts sending;
    if (format == StateFormat) {
        in >> unanswered >> sending.inserts >> sending.deletes;
    }
    if (in.status() != QDataStream::Ok || (format != StateFormat && format != FirstStateFormat)
        || incident != m_incident) {
        return false;
    }
    // The same agent carries on: its unacknowledged edits go out under their own ids.
    std::optional<TextDocument> document = TextDocument::load(snapshot, agent);
    if (!document) {
        return false;
    }
    m_document = std::move(*document);
    m_document.setUndoEnabled(true);
    m_acknowledged = acknowledged;
    m_inFlight.clear();
    m_unanswered = QJsonDocument::fromJson(unanswered).object();
    m_sending = m_unanswered.isEmpty() ? AgentCounts() : sending;
    flush();
    return true;
}

} // namespace Firebreak::Collab
