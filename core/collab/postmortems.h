// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/textdocument.h"
#include "events/event.h"

#include <QHash>
#include <QJsonObject>

#include <functional>
#include <memory>

namespace Firebreak::Collab {

namespace PostMortem {
/// The command a client sends with its edits: {type, incident, ops}.
inline constexpr QStringView EditCommand = u"postmortem.edit";
/// The event it becomes: data {ops}, with the incident and the actor of the command.
inline constexpr QStringView EditedEvent = u"postmortem.edited";
/// At most this many characters inserted plus deleted in one command.
inline constexpr qsizetype MaxOperationsPerEdit = 200000;
/// A post-mortem's visible text is at most this many characters (code points): 1 MiB of
/// characters. An edit that would grow it past this is refused (413).
inline constexpr qsizetype MaxDocumentLength = 1024 * 1024;
} // namespace PostMortem

/// A checked edit command: its event, or why it was refused (HTTP status, code, message).
struct PostMortemEdit
{
    bool ok = false;
    int status = 400;
    QString code;
    QString message;
    Event event;
};

/**
 * The server's copy of every post-mortem document: one TextDocument per incident, folded from
 * `postmortem.edited` events, and the user each editing agent belongs to (an agent is bound to
 * the first user who edits under it; nobody else may use it).
 *
 * A document is read from the log the first time it is needed, through the loader, then kept
 * current with every committed batch. Not thread-safe: the server's thread only.
 */
class PostMortemDocuments
{
public:
    /// Returns every event of one incident (the caller filters nothing).
    using Loader = std::function<EventList(const QString &incident)>;

    explicit PostMortemDocuments(Loader loader);
    ~PostMortemDocuments();

    /// Folds committed events; all but `postmortem.edited` are ignored.
    void apply(const EventList &events);
    /// Checks an edit of `incident`'s post-mortem by `actor` and builds its event.
    PostMortemEdit decideEdit(const QJsonObject &command, const QString &incident,
                              const QString &actor);
    /// The incident's document (empty when nobody wrote yet).
    const TextDocument &document(const QString &incident);
    /// When each event of the incident happened (by event id), post-mortem edits left out.
    QHash<QString, qint64> eventTimes(const QString &incident);
    /// Documents read so far.
    qsizetype loadedCount() const { return m_documents.size(); }

private:
    struct Document;
    Document &load(const QString &incident);
    static void fold(Document &document, const Event &event);

    Loader m_loader;
    QHash<QString, std::shared_ptr<Document>> m_documents;
};

} // namespace Firebreak::Collab
