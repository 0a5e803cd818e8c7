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
    /// Reads every event of one incident (the caller filters nothing); false when the log
    /// cannot be read now.
    using Loader = std::function<bool(const QString &incident, EventList *events)>;

    explicit PostMortemDocuments(Loader loader);
    ~PostMortemDocuments();

    /// Folds committed events; all but `postmortem.edited` are ignored.
    void apply(const EventList &events);
    /// Checks an edit of `incident`'s post-mortem by `actor` and builds its event (503 when
    /// the document cannot be read from the log now).
    PostMortemEdit decideEdit(const QJsonObject &command, const QString &incident,
                              const QString &actor);
    /**
     * Whether the incident's document is held, read from the log first if need be. False when
     * the log cannot be read now: nothing is kept, and the next call reads again. (An empty
     * document kept then would be taken for the real one, and every edit built on the real
     * one refused, until the server restarted.)
     */
    bool ensureLoaded(const QString &incident);
    /// The incident's document (empty when nobody wrote yet, or when ensureLoaded() is false).
    const TextDocument &document(const QString &incident);
    /// When each event of the incident happened (by event id), post-mortem edits left out
    /// (empty when ensureLoaded() is false).
    QHash<QString, qint64> eventTimes(const QString &incident);
    /// Documents read so far.
    qsizetype loadedCount() const { return m_documents.size(); }

private:
    struct Document;
    /// The incident's document, read from the log if need be; null when it cannot be.
    Document *load(const QString &incident);
    static void fold(Document &document, const Event &event);

    Loader m_loader;
    QHash<QString, std::shared_ptr<Document>> m_documents;
};

} // namespace Firebreak::Collab
