// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "timelinemodel.h"

#include "desktopsession.h"
#include "incidenttext.h"
#include "sync/commandoutbox.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Firebreak {

TimelineModel::TimelineModel(const DesktopSession *session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    Q_ASSERT(m_session);
    connect(m_session, &DesktopSession::eventsApplied, this, &TimelineModel::onEventsApplied);
    connect(m_session, &DesktopSession::projectionReset, this,
            &TimelineModel::onProjectionReset);
    connect(m_session, &DesktopSession::queueChanged, this, &TimelineModel::onQueueChanged);
    // A zero timer runs once the events waiting (input, paint) are handled: idle time.
    m_readAheadTimer = new QTimer(this);
    m_readAheadTimer->setSingleShot(true);
    m_readAheadTimer->setInterval(0);
    connect(m_readAheadTimer, &QTimer::timeout, this, &TimelineModel::readAhead);
}

TimelineModel::~TimelineModel() = default;

void TimelineModel::setIncident(const QString &incidentId)
{
    beginResetModel();
    m_incidentId = incidentId;
    m_index = incidentId.isEmpty() ? nullptr : m_session->timelineIndex(incidentId);
    m_count = m_index ? int(m_index->size()) : 0;
    m_pages.clear();
    m_live.clear();
    m_recentRow = -1;
    m_previousRow = -1;
    m_readAheadTimer->stop();
    m_queued = queuedRows();
    endResetModel();
}

void TimelineModel::readAhead()
{
    const int row = m_recentRow;
    if (row < 0 || row >= m_count) {
        return;
    }
    const int step = m_previousRow >= 0 ? row - m_previousRow : 0;
    m_previousRow = row;
    QList<int> wanted;
    const auto want = [this, &wanted](qint64 at) {
        if (at < 0 || at >= m_count) {
            return;
        }
        const int page = int(at / s_pageSize);
        if (!wanted.contains(page) && !m_pages.contains(page)) {
            wanted.append(page);
        }
    };
    // Next to what is shown, then where the next frames go at the same speed.
    want(row + s_pageSize);
    want(row - s_pageSize);
    if (step != 0) {
        for (const qint64 at : {qint64(row) + step, qint64(row) + step + s_pageSize,
                                qint64(row) + step - s_pageSize, qint64(row) + 2LL * step}) {
            want(at);
        }
    }
    for (const int page : std::as_const(wanted).first(qMin(wanted.size(), s_readAheadPages))) {
        loadPage(page);
        ++m_pageReads.ahead;
    }
}

void TimelineModel::onProjectionReset()
{
    // After a resynchronisation the incident may be gone or may not have arrived yet.
    setIncident(m_session->projection().incident(m_incidentId) ? m_incidentId : QString());
}

void TimelineModel::onEventsApplied(const EventList &events)
{
    if (m_incidentId.isEmpty()) {
        return;
    }
    const bool touches = std::any_of(events.cbegin(), events.cend(), [this](const Event &e) {
        return e.incident == m_incidentId;
    });
    if (!touches) {
        return;
    }
    if (!m_index) {
        m_index = m_session->timelineIndex(m_incidentId); // its first event
    }
    const int count = m_index ? int(m_index->size()) : 0;
    if (count <= m_count) {
        return;
    }
    // Formatted now, while they are at hand: the live end is what people look at.
    for (const Event &event : events) {
        if (event.incident == m_incidentId && event.type != s_postMortemEdited) {
            m_live.insert(event.seq, makeRow(event));
        }
    }
    while (m_live.size() > s_liveRows) {
        m_live.erase(m_live.begin());
    }
    // The queued rows follow the stored ones: the new rows go in between.
    beginInsertRows({}, m_count, count - 1);
    m_count = count;
    endInsertRows();
}

QList<TimelineModel::Row> TimelineModel::queuedRows() const
{
    QList<Row> rows;
    const QList<OutboxEntry> entries = m_session->queuedCommands(m_incidentId);
    for (const OutboxEntry &entry : entries) {
        Row row;
        row.at = entry.queuedAt;
        row.type = entry.command.value(u"type"_s).toString();
        row.actor = tr("you");
        row.description = entry.description;
        row.queueState = entry.isPending() ? Waiting : Refused;
        row.kind = OtherKind;
        row.detail = entry.isPending() ? tr("waiting to be sent")
                                       : tr("refused by the server: %1").arg(entry.reason);
        rows.append(row);
    }
    return rows;
}

// The queued rows are few: they are replaced as a whole.
void TimelineModel::onQueueChanged()
{
    if (m_incidentId.isEmpty()) {
        return;
    }
    const int first = m_count;
    if (!m_queued.isEmpty()) {
        beginRemoveRows({}, first, first + int(m_queued.size()) - 1);
        m_queued.clear();
        endRemoveRows();
    }
    QList<Row> fresh = queuedRows();
    if (!fresh.isEmpty()) {
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_queued = std::move(fresh);
        endInsertRows();
    }
}

TimelineModel::Entry TimelineModel::entry(int row) const
{
    if (row >= m_count) {
        return {0, OtherKind, m_queued.at(row - m_count).queueState};
    }
    const TimelineEntry &stored = m_index->at(row);
    return {stored.seq, stored.kind, Stored};
}

const TimelineModel::Row &TimelineModel::rowAt(int row) const
{
    if (row >= m_count) {
        return m_queued.at(row - m_count);
    }
    const int page = row / s_pageSize;
    const int offset = row % s_pageSize;
    const QList<Row> *rows = m_pages.object(page);
    if (!rows || offset >= rows->size()) {
        rows = loadPage(page); // new, or the last page grew since
        ++m_pageReads.onDemand;
    }
    m_recentRow = row;
    if (!m_readAheadTimer->isActive()) {
        m_readAheadTimer->start();
    }
    return rows->at(offset);
}

QList<TimelineModel::Row> *TimelineModel::loadPage(int page) const
{
    const int first = page * s_pageSize;
    const int last = qMin(m_count, first + s_pageSize) - 1;
    const EventList events = m_session->timeline(m_incidentId, m_index->at(first).seq,
                                                 m_index->at(last).seq);
    auto *rows = new QList<Row>;
    rows->reserve(last - first + 1);
    auto event = events.cbegin();
    for (int row = first; row <= last; ++row) {
        const TimelineEntry &stored = m_index->at(row);
        while (event != events.cend() && event->seq < stored.seq) {
            ++event;
        }
        if (event != events.cend() && event->seq == stored.seq) {
            rows->append(makeRow(*event));
            continue;
        }
        if (const auto live = m_live.constFind(stored.seq); live != m_live.cend()) {
            rows->append(*live);
            continue;
        }
        // Folded but not readable: the replica was changed under the session.
        Row missing;
        missing.seq = stored.seq;
        missing.at = stored.at;
        missing.kind = Kind(stored.kind);
        missing.description = tr("Event %1 cannot be read from the local copy").arg(stored.seq);
        rows->append(missing);
    }
    m_pages.insert(page, rows);
    return rows;
}

TimelineModel::Kind TimelineModel::kindOf(const QString &type)
{
    static const QHash<QString, Kind> incidentKinds{
        {u"incident.opened"_s, StatusKind},
        {u"incident.acknowledged"_s, StatusKind},
        {u"incident.status_changed"_s, StatusKind},
        {u"incident.resolved"_s, StatusKind},
        {u"incident.closed"_s, StatusKind},
        {u"incident.reopened"_s, StatusKind},
        {u"incident.alerts_resolved"_s, AlertKind},
        {u"incident.alerts_truncated"_s, AlertKind},
        {u"incident.severity_changed"_s, SeverityKind},
        {u"incident.note_added"_s, NoteKind},
        {u"incident.role_assigned"_s, RoleKind},
        {u"incident.role_unassigned"_s, RoleKind},
        {u"incident.evidence_attached"_s, EvidenceKind},
    };
    if (type.startsWith(u"alert.")) {
        return AlertKind;
    }
    if (type.startsWith(u"task.")) {
        return TaskKind;
    }
    if (type.startsWith(u"page.") || type.startsWith(u"escalation.")
        || type.startsWith(u"notification.") || type.startsWith(u"message.")) {
        return MessageKind;
    }
    return incidentKinds.value(type, OtherKind);
}

Severity TimelineModel::severityOf(const Event &event, const QJsonObject &data)
{
    if (event.type == u"incident.opened") {
        return severityFromName(data.value(u"severity"_s).toString());
    }
    if (event.type == u"incident.severity_changed") {
        return severityFromName(data.value(u"to"_s).toString());
    }
    if (event.type == u"alert.received" || event.type == u"alert.refired") {
        return severityFromName(data.value(u"alert"_s).toObject().value(u"severity"_s).toString());
    }
    return Severity::Unknown;
}

TimelineModel::Row TimelineModel::makeRow(const Event &event) const
{
    const QJsonObject data = event.data();
    const IncidentText::EventText text = IncidentText::describe(event, m_session->projection());
    const bool note = event.type == u"incident.note_added";
    return Row{event.seq,
               event.at,
               event.type,
               IncidentText::actor(event.actor),
               text.summary,
               text.detail,
               Stored,
               note ? data.value(u"text"_s).toString() : QString(),
               kindOf(event.type),
               severityOf(event, data)};
}

QString TimelineModel::toolTip(const Row &row) const
{
    QStringList lines{row.description};
    if (!row.detail.isEmpty()) {
        lines.append(row.detail);
    }
    if (row.queueState != Stored) {
        lines.append(tr("queued at %1").arg(IncidentText::fullTime(row.at)));
        return lines.join(u'\n');
    }
    lines.append(tr("%1, by %2 (event %3)")
                     .arg(IncidentText::fullTime(row.at), row.actor)
                     .arg(row.seq));
    return lines.join(u'\n');
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count + int(m_queued.size());
}

QString TimelineModel::searchText(int row) const
{
    const Row &entry = rowAt(row);
    return QStringList{entry.description, entry.detail, entry.actor, entry.markdown,
                       IncidentText::time(entry.at)}
        .join(u'\n');
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    // What the index knows is answered without reading the row.
    if (index.row() < m_count) {
        const TimelineEntry &stored = m_index->at(index.row());
        switch (role) {
        case TimeRole:
            return IncidentText::time(stored.at);
        case SequenceRole:
            return stored.seq;
        case TimestampRole:
            return stored.at;
        case QueueStateRole:
            return int(Stored);
        case KindRole:
            return stored.kind;
        default:
            break;
        }
    }
    const Row &row = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return row.detail.isEmpty()
            ? tr("%1  %2 — %3").arg(IncidentText::time(row.at), row.description, row.actor)
            : tr("%1  %2 (%3) — %4")
                  .arg(IncidentText::time(row.at), row.description, row.detail, row.actor);
    case Qt::ToolTipRole:
        return IncidentText::plainToolTip(toolTip(row));
    case TimeRole:
        return IncidentText::time(row.at);
    case DescriptionRole:
        return row.description;
    case DetailRole:
        return row.detail;
    case ActorRole:
        return row.actor;
    case TypeRole:
        return row.type;
    case SequenceRole:
        return row.seq;
    case TimestampRole:
        return row.at;
    case QueueStateRole:
        return int(row.queueState);
    case KindRole:
        return int(row.kind);
    case SeverityRole:
        return int(row.severity);
    case MarkdownRole:
        return row.markdown;
    case SearchTextRole:
        return QStringList{row.description, row.detail, row.actor, row.markdown}.join(u'\n');
    }
    return {};
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TimeRole, "time");
    names.insert(DescriptionRole, "description");
    names.insert(DetailRole, "detail");
    names.insert(ActorRole, "actor");
    names.insert(TypeRole, "type");
    names.insert(SequenceRole, "sequence");
    names.insert(TimestampRole, "timestamp");
    names.insert(QueueStateRole, "queueState");
    names.insert(KindRole, "kind");
    names.insert(SeverityRole, "severity");
    names.insert(MarkdownRole, "markdown");
    return names;
}

} // namespace Firebreak
