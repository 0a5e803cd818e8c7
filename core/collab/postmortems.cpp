// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortems.h"

#include "textdocument_p.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

/// The server's own replica edits nothing, but its agent name is taken.
constexpr QStringView ServerAgent = u"firebreak-server";

} // namespace

struct PostMortemDocuments::Document
{
    TextDocument text{ServerAgent.toString()};
    /// What the server holds once the edits it accepted are committed: the text's version plus
    /// the edits decided but not committed yet (the next edit of the same person may build on
    /// them before their batch is written).
    Version decided;
    QHash<QString, QString> owners; // agent -> actor
    QHash<QString, qint64> eventTimes; // event id -> at, for links in exports
};

namespace {

constexpr qsizetype MaxAgentLength = 64;

PostMortemEdit refuse(int status, const QString &code, const QString &message)
{
    PostMortemEdit edit;
    edit.status = status;
    edit.code = code;
    edit.message = message;
    return edit;
}

QStringList agentsOf(const Ops &ops)
{
    QStringList agents;
    for (const InsertOp &op : ops.inserts) {
        agents.append(op.agent);
    }
    for (const DeleteOp &op : ops.deletes) {
        agents.append(op.agent);
    }
    agents.removeDuplicates();
    return agents;
}

qsizetype codePoints(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text[i].isLowSurrogate() && i > 0 && text[i - 1].isHighSurrogate())) {
            ++count;
        }
    }
    return count;
}

/**
 * Why a batch can never apply, or empty. Only what is wrong whatever else the document holds is
 * refused: an insert run anchored on one of its own characters, and two inserts in one edit that
 * name the same characters (the engine would keep one and drop the other). Dependencies on
 * operations not seen yet are not refused: the engine waits for them (docs/collab.md).
 */
// An agent names one editing session: at most 64 characters, none of them a control character
// (the desktop's are 16 hex digits).
QString agentProblem(const QString &agent)
{
    if (agent.size() > MaxAgentLength) {
        return u"agent names are at most %1 characters"_s.arg(MaxAgentLength);
    }
    const bool control = std::any_of(agent.cbegin(), agent.cend(), [](QChar c) {
        return c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0);
    });
    return control ? u"agent names hold no control characters"_s : QString();
}

QString malformedReason(const Ops &ops)
{
    for (const InsertOp &op : ops.inserts) {
        if (const QString problem = agentProblem(op.agent); !problem.isEmpty()) {
            return problem;
        }
    }
    for (const DeleteOp &op : ops.deletes) {
        if (const QString problem = agentProblem(op.agent); !problem.isEmpty()) {
            return problem;
        }
    }
    QHash<QString, QList<std::pair<quint32, quint32>>> ranges; // agent -> [first, end)
    for (const InsertOp &op : ops.inserts) {
        const qsizetype length = codePoints(op.text);
        if (length <= 0) {
            return u"an insert holds no text"_s;
        }
        const quint64 end = quint64(op.seq) + quint64(length);
        if (end > std::numeric_limits<quint32>::max()) {
            return u"insert %1:%2 runs past the largest sequence number"_s.arg(op.agent.left(64))
                .arg(op.seq);
        }
        auto inside = [&op, end](const ItemRef &ref) {
            return !ref.isNull() && ref.agent == op.agent && ref.seq >= op.seq && ref.seq < end;
        };
        if (inside(op.left) || inside(op.right)) {
            return u"insert %1:%2 is anchored on its own characters"_s.arg(op.agent.left(64))
                .arg(op.seq);
        }
        auto &taken = ranges[op.agent];
        for (const auto &[first, last] : std::as_const(taken)) {
            if (op.seq < last && end > first) {
                return u"two inserts of this edit name character %1:%2"_s.arg(op.agent.left(64))
                    .arg(std::max(op.seq, first));
            }
        }
        taken.append({op.seq, quint32(end)});
    }
    return {};
}

// Names the first thing the edit needs that neither `held` nor the edit itself has, or returns
// an empty string. Runs are checked in the edit's order, each counting the ones before it, so
// that on success `held` has grown by everything the edit adds.
QString missingDependency(Version &held, const Ops &ops)
{
    auto holds = [&held](const ItemRef &ref) {
        return ref.isNull() || ref.seq < held.counts(ref.agent).inserts;
    };
    for (const InsertOp &op : ops.inserts) {
        AgentCounts counts = held.counts(op.agent);
        if (op.seq > counts.inserts) {
            return u"insert %1:%2 follows characters of %1 from %3 on that the server has not"
                   " received"_s.arg(op.agent.left(64)).arg(op.seq).arg(counts.inserts);
        }
        for (const ItemRef *origin : {&op.left, &op.right}) {
            if (!holds(*origin)) {
                return u"insert %1:%2 is placed next to character %3:%4, which the server has"
                       " not received"_s.arg(op.agent.left(64)).arg(op.seq)
                    .arg(origin->agent.left(64)).arg(origin->seq);
            }
        }
        counts.inserts = std::max(counts.inserts, quint32(op.seq + codePoints(op.text)));
        held.set(op.agent, counts);
    }
    for (const DeleteOp &op : ops.deletes) {
        AgentCounts counts = held.counts(op.agent);
        if (op.seq > counts.deletes) {
            return u"deletion %1:%2 follows deletions of %1 from %3 on that the server has not"
                   " received"_s.arg(op.agent.left(64)).arg(op.seq).arg(counts.deletes);
        }
        const quint64 end = quint64(op.target.seq) + op.length;
        if (op.length > 0 && (op.target.isNull() || end > held.counts(op.target.agent).inserts)) {
            return u"deletion %1:%2 removes characters of %3 up to %4 that the server has not"
                   " received"_s.arg(op.agent.left(64)).arg(op.seq)
                .arg(op.target.agent.left(64)).arg(end - 1);
        }
        counts.deletes = std::max(counts.deletes, quint32(op.seq + op.length));
        held.set(op.agent, counts);
    }
    return {};
}

} // namespace

PostMortemDocuments::PostMortemDocuments(Loader loader)
    : m_loader(std::move(loader))
{
}

PostMortemDocuments::~PostMortemDocuments() = default;

void PostMortemDocuments::apply(const EventList &events)
{
    for (const Event &event : events) {
        if (event.type != PostMortem::EditedEvent) {
            continue;
        }
        // Documents not read yet will be read from the log, this event included.
        const auto it = m_documents.constFind(event.incident);
        if (it != m_documents.constEnd()) {
            fold(**it, event);
        }
    }
    for (const Event &event : events) {
        if (event.type == PostMortem::EditedEvent || event.incident.isEmpty()) {
            continue;
        }
        const auto it = m_documents.constFind(event.incident);
        if (it != m_documents.constEnd()) {
            (*it)->eventTimes.insert(event.id, event.at);
        }
    }
}

PostMortemEdit PostMortemDocuments::decideEdit(const QJsonObject &command,
                                               const QString &incident, const QString &actor)
{
    QString error;
    const std::optional<Ops> ops = Ops::fromJson(command.value(u"ops"_s).toObject(), &error);
    if (!ops || ops->isEmpty()) {
        return refuse(400, u"bad_request"_s,
                      ops ? u"the edit holds no operations"_s : u"ops: "_s + error);
    }
    if (ops->operationCount() > PostMortem::MaxOperationsPerEdit) {
        return refuse(413, u"payload_too_large"_s,
                      u"at most %1 characters per edit"_s.arg(PostMortem::MaxOperationsPerEdit));
    }

    // Operations that could never apply are refused here rather than left waiting forever.
    if (const QString malformed = malformedReason(*ops); !malformed.isEmpty()) {
        return refuse(400, u"bad_request"_s, u"ops: "_s + malformed);
    }

    Document *const held = load(incident);
    if (!held) {
        return refuse(503, u"unavailable"_s,
                      u"the post-mortem cannot be read from the event store now; send the edit"
                      " again shortly"_s);
    }
    Document &document = *held;

    // Everything an edit builds on must be held already: nothing waits on the server, so text
    // can neither slip past the size cap while waiting nor sit in every client's buffer for
    // ever. A client that meets this after a fail-over sends its edit again a little later.
    Version decided = document.decided;
    if (const QString missing = missingDependency(decided, *ops); !missing.isEmpty()) {
        return refuse(409, u"conflict"_s, u"ops: "_s + missing);
    }
    // A repeat of what is held is fine (a resend after a lost answer); the same ids with other
    // content would be dropped as held, the sender told its edit was taken.
    if (const QString conflict = document.text.conflictWith(*ops); !conflict.isEmpty()) {
        return refuse(409, u"conflict"_s, u"ops: "_s + conflict);
    }

    // The text's size is capped; deleting is always allowed.
    qsizetype inserted = 0;
    for (const InsertOp &op : ops->inserts) {
        inserted += codePoints(op.text);
    }
    qsizetype deleted = 0;
    for (const DeleteOp &op : ops->deletes) {
        deleted += op.length;
    }
    if (inserted > deleted
        && document.text.length() + inserted - deleted > PostMortem::MaxDocumentLength) {
        return refuse(413, u"payload_too_large"_s,
                      u"a post-mortem holds at most %1 characters; this one has %2 and the edit"
                      " would add %3"_s.arg(PostMortem::MaxDocumentLength)
                          .arg(document.text.length())
                          .arg(inserted - deleted));
    }
    // Only the user who first wrote under an agent name may use it again.
    for (const QString &agent : agentsOf(*ops)) {
        const QString owner = document.owners.value(agent);
        if (agent.size() > MaxAgentLength || agent == ServerAgent
            || (!owner.isEmpty() && owner != actor)) {
            return refuse(403, u"forbidden"_s,
                          u"the editing session %1 belongs to someone else"_s.arg(agent.left(64)));
        }
    }

    for (const QString &agent : agentsOf(*ops)) {
        if (!document.owners.contains(agent)) {
            document.owners.insert(agent, actor);
        }
    }
    document.decided = std::move(decided);

    PostMortemEdit edit;
    edit.ok = true;
    edit.status = 200;
    edit.event = makeEvent(PostMortem::EditedEvent.toString(), actor, incident,
                           {{u"ops"_s, ops->toJson()}});
    return edit;
}

QHash<QString, qint64> PostMortemDocuments::eventTimes(const QString &incident)
{
    const Document *document = load(incident);
    return document ? document->eventTimes : QHash<QString, qint64>();
}

bool PostMortemDocuments::ensureLoaded(const QString &incident)
{
    return load(incident) != nullptr;
}

const TextDocument &PostMortemDocuments::document(const QString &incident)
{
    static const TextDocument unreadable;
    const Document *document = load(incident);
    return document ? document->text : unreadable;
}

PostMortemDocuments::Document *PostMortemDocuments::load(const QString &incident)
{
    if (const auto it = m_documents.constFind(incident); it != m_documents.constEnd()) {
        return it->get();
    }
    auto document = std::make_shared<Document>();
    if (m_loader) {
        EventList events;
        if (!m_loader(incident, &events)) {
            return nullptr;
        }
        for (const Event &event : std::as_const(events)) {
            if (event.type == PostMortem::EditedEvent) {
                fold(*document, event);
            } else {
                document->eventTimes.insert(event.id, event.at);
            }
        }
    }
    m_documents.insert(incident, document);
    return document.get();
}

void PostMortemDocuments::fold(Document &document, const Event &event)
{
    const std::optional<Ops> ops = Ops::fromJson(event.data().value(u"ops"_s).toObject());
    if (!ops) {
        qCWarning(lcCollab) << "event" << event.seq << "holds no valid post-mortem edit";
        return;
    }
    for (const QString &agent : agentsOf(*ops)) {
        if (!document.owners.contains(agent)) {
            document.owners.insert(agent, event.actor);
        }
    }
    document.text.apply(*ops);
    document.decided.merge(document.text.version());
}

} // namespace Firebreak::Collab
