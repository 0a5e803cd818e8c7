// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortems.h"

#include "textdocument_p.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

/// The server's own replica edits nothing, but its agent name is taken.
constexpr QStringView ServerAgent = u"firebreak-server";

} // namespace

struct PostMortemDocuments::Document
{
    TextDocument text{ServerAgent.toString()};
    QHash<QString, QString> owners; // agent -> actor
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

    // Only the user who first wrote under an agent name may use it again.
    const Document &document = load(incident);
    for (const QString &agent : agentsOf(*ops)) {
        const QString owner = document.owners.value(agent);
        if (agent.size() > MaxAgentLength || agent == ServerAgent
            || (!owner.isEmpty() && owner != actor)) {
            return refuse(403, u"forbidden"_s,
                          u"the editing session %1 belongs to someone else"_s.arg(agent.left(64)));
        }
    }

    PostMortemEdit edit;
    edit.ok = true;
    edit.status = 200;
    edit.event = makeEvent(PostMortem::EditedEvent.toString(), actor, incident,
                           {{u"ops"_s, ops->toJson()}});
    return edit;
}

const TextDocument &PostMortemDocuments::document(const QString &incident)
{
    return load(incident).text;
}

PostMortemDocuments::Document &PostMortemDocuments::load(const QString &incident)
{
    if (const auto it = m_documents.constFind(incident); it != m_documents.constEnd()) {
        return **it;
    }
    auto document = std::make_shared<Document>();
    if (m_loader) {
        for (const Event &event : m_loader(incident)) {
            if (event.type == PostMortem::EditedEvent) {
                fold(*document, event);
            }
        }
    }
    m_documents.insert(incident, document);
    return *document;
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
}

} // namespace Firebreak::Collab
