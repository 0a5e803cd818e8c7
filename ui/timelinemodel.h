// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "desktopsession.h"
#include "events/event.h"
#include "model/severity.h"

#include <QAbstractListModel>
#include <QCache>
#include <QTimer>

namespace Firebreak {

/**
 * The timeline of one incident: its events in sequence order, one line each.
 *
 * setIncident() costs no more for 100,000 events than for ten: the row count comes from the
 * session's TimelineIndex, and rows are read from the replica and formatted in pages of
 * s_pageSize only when a view asks for their text (a few pages are kept). The sequence number,
 * time and kind of any row are answered from the index without reading it. Events that arrive
 * later for the incident are appended as rows; after them come the commands queued for the
 * incident that the server has not accepted yet (waiting or refused, QueueStateRole).
 * DisplayRole is the whole entry ("10:02:11  Acknowledged — alice"); the other roles give its
 * parts for a delegate. Times are in the viewer's time zone.
 */
class TimelineModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)
public:
    enum Role {
        TimeRole = Qt::UserRole + 1, ///< Local time of day (QString); with the date if not today.
        DescriptionRole,             ///< What happened, one line (QString).
        DetailRole,                  ///< Instance, reason or note; may be empty (QString).
        ActorRole,                   ///< Who did it, for people (QString).
        TypeRole,                    ///< The event type, "incident.acknowledged" (QString).
        SequenceRole,                ///< The event's sequence number (qint64).
        TimestampRole,               ///< When, ms since the epoch UTC (qint64).
        QueueStateRole,              ///< QueueState: a stored event or a queued command (int).
        KindRole,                    ///< What sort of entry it is (int, a Kind).
        SeverityRole,                ///< The severity it names, or Unknown (int, a Severity).
        MarkdownRole,                ///< A note's whole Markdown text; empty otherwise.
        SearchTextRole,              ///< Everything searchable of the entry, one QString.
    };
    /// Rows after the events show the incident's queued commands (CommandOutbox).
    enum QueueState { Stored = 0, Waiting, Refused };

    /// The sorts of entries, for filtering: one bit each.
    enum Kind {
        AlertKind = 0x1,     ///< alert.*
        StatusKind = 0x2,    ///< opened, acknowledged, status changed, resolved, closed, reopened
        SeverityKind = 0x4,  ///< incident.severity_changed
        NoteKind = 0x8,      ///< incident.note_added
        RoleKind = 0x10,     ///< incident.role_assigned and _unassigned
        TaskKind = 0x20,     ///< task.*
        MessageKind = 0x40,  ///< pages, escalations and notifications sent about the incident
        EvidenceKind = 0x80, ///< incident.evidence_attached
        OtherKind = 0x100,   ///< targets, milestones, links, merges and the rest
        AllKinds = 0x1ff,
    };
    Q_DECLARE_FLAGS(Kinds, Kind)
    Q_FLAG(Kinds)

    /// The kind of an event type ("incident.note_added" is NoteKind).
    static Kind kindOf(const QString &type);
    /// Post-mortem edits are many small events: the post-mortem shows them, not the timeline.
    static constexpr QStringView s_postMortemEdited = u"postmortem.edited";
    /// Rows read and formatted at a time.
    static constexpr int s_pageSize = 64;

    /// What a filter needs of a row without reading it.
    struct Entry
    {
        qint64 seq = 0;
        int kind = OtherKind;
        QueueState queueState = Stored;
    };
    Entry entry(int row) const;

    /// `session` must outlive the model.
    explicit TimelineModel(const DesktopSession *session, QObject *parent = nullptr);
    ~TimelineModel() override;

    /// Shows the timeline of an incident (UUID); empty clears the model.
    void setIncident(const QString &incidentId);
    QString incident() const { return m_incidentId; }
    const DesktopSession *session() const { return m_session; }
    /// The sequence number of the last stored row; 0 when there is none.
    qint64 lastSequence() const { return m_count > 0 ? m_index->at(m_count - 1).seq : 0; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The text searched in a row: what it says, who did it, the note, and its time.
    QString searchText(int row) const;

    /// Pages read from the replica: while a view asked for a row (during its paint), and
    /// ahead of it, when the event loop is idle.
    struct PageReads
    {
        qint64 onDemand = 0;
        qint64 ahead = 0;
    };
    PageReads pageReads() const { return m_pageReads; }
    /// Pages read ahead at most per pass of the event loop.
    static constexpr int s_readAheadPages = 6;

private:
    struct Row
    {
        qint64 seq = 0;
        qint64 at = 0;
        QString type;
        QString actor;
        QString description;
        QString detail;
        QueueState queueState = Stored;
        QString markdown;
        Kind kind = OtherKind;
        Severity severity = Severity::Unknown;
    };

    static Severity severityOf(const Event &event, const QJsonObject &data);

    Row makeRow(const Event &event) const;
    QList<Row> queuedRows() const;
    void onQueueChanged();
    const Row &rowAt(int row) const;
    /// Reads and formats the rows of one page; rows whose event cannot be read say so.
    QList<Row> *loadPage(int page) const;
    QString toolTip(const Row &row) const;
    void onEventsApplied(const Firebreak::EventList &events);
    void onProjectionReset();
    /// Reads the pages next to the last row asked for, and those the way the view is going
    /// (a dragged slider jumps many rows a frame), so that the next frame finds them read.
    void readAhead();

    const DesktopSession *m_session;
    QString m_incidentId;
    /// The session's index of the incident's events (shared, appended to by the session).
    std::shared_ptr<const TimelineIndex> m_index;
    /// The stored rows shown: the index may run ahead until eventsApplied() arrives.
    int m_count = 0;
    /// Formatted pages by page number.
    mutable QCache<int, QList<Row>> m_pages{32};
    /// The last row a view asked for, and where it was at the last reading ahead.
    mutable int m_recentRow = -1;
    int m_previousRow = -1;
    QTimer *m_readAheadTimer = nullptr;
    mutable PageReads m_pageReads;
    /// The rows that arrived live, formatted from the events as they came, newest last.
    QMap<qint64, Row> m_live;
    static constexpr int s_liveRows = 4 * s_pageSize;
    QList<Row> m_queued;
};

} // namespace Firebreak

Q_DECLARE_OPERATORS_FOR_FLAGS(Firebreak::TimelineModel::Kinds)
