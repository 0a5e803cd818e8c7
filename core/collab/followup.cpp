// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "followup.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

constexpr qint64 s_hourMs = 3600 * 1000;

QJsonValue optionalTime(qint64 ms)
{
    return ms > 0 ? QJsonValue(isoFromMs(ms)) : QJsonValue();
}

bool readHours(const QJsonObject &object, const QString &key, int low, int high, int *value,
               QString *error)
{
    if (!object.contains(key)) {
        return true;
    }
    if (!object.value(key).isDouble()) {
        *error = u"%1 must be a whole number from %2 to %3"_s.arg(key).arg(low).arg(high);
        return false;
    }
    const double number = object.value(key).toDouble(-1);
    if (number < low || number > high || number != int(number)) {
        *error = u"%1 must be a whole number from %2 to %3"_s.arg(key).arg(low).arg(high);
        return false;
    }
    *value = int(number);
    return true;
}

QString utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString userOf(const QString &actor)
{
    return actor.startsWith(u"user:") ? actor.mid(5) : actor;
}

} // namespace

QJsonObject PostMortemSettings::toJson() const
{
    return {{u"completionHours"_s, completionHours},
            {u"completionSeverities"_s, QJsonArray::fromStringList(completionSeverities)},
            {u"repeatWindowDays"_s, repeatWindowDays},
            {u"reminderLeadHours"_s, reminderLeadHours},
            {u"digestIntervalHours"_s, digestIntervalHours}};
}

bool PostMortemSettings::update(const QJsonObject &object, QString *error)
{
    PostMortemSettings next = *this;
    if (!readHours(object, u"completionHours"_s, 1, 24 * 90, &next.completionHours, error)
        || !readHours(object, u"repeatWindowDays"_s, 1, 3650, &next.repeatWindowDays, error)
        || !readHours(object, u"reminderLeadHours"_s, 1, 24 * 60, &next.reminderLeadHours, error)
        || !readHours(object, u"digestIntervalHours"_s, 1, 24 * 31, &next.digestIntervalHours,
                      error)) {
        return false;
    }
    if (object.contains(u"completionSeverities"_s)) {
        // Severities are named P1 to P4; "p2" means P2. Anything else is refused rather than
        // stored where it would never match.
        static const QStringList names{u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s};
        const QJsonValue list = object.value(u"completionSeverities"_s);
        if (!list.isArray()) {
            *error = u"completionSeverities must be a list of severities from P1 to P4"_s;
            return false;
        }
        next.completionSeverities.clear();
        for (const QJsonValue &value : list.toArray()) {
            const QString name = value.toString().trimmed().toUpper();
            if (!value.isString() || !names.contains(name)) {
                *error = u"completionSeverities lists severities from P1 to P4"_s;
                return false;
            }
            next.completionSeverities.append(name);
        }
        next.completionSeverities.removeDuplicates();
    }
    *this = next;
    return true;
}

QString reviewStateName(ReviewState state)
{
    switch (state) {
    case ReviewState::Draft:
        return u"draft"_s;
    case ReviewState::InReview:
        return u"in_review"_s;
    case ReviewState::Published:
        return u"published"_s;
    }
    return {};
}

const KeyMoment *PostMortemRecord::moment(qint64 seq) const
{
    for (const KeyMoment &moment : moments) {
        if (moment.seq == seq) {
            return &moment;
        }
    }
    return nullptr;
}

const PostMortemComment *PostMortemRecord::comment(const QString &id) const
{
    for (const PostMortemComment &comment : comments) {
        if (comment.id == id) {
            return &comment;
        }
    }
    return nullptr;
}

int PostMortemRecord::openComments() const
{
    return int(std::count_if(comments.cbegin(), comments.cend(),
                             [](const PostMortemComment &c) { return !c.resolved; }));
}

QJsonObject ActionItem::toJson(qint64 now) const
{
    return {{u"id"_s, id},
            {u"incident"_s, incident},
            {u"title"_s, title},
            {u"owner"_s, owner},
            {u"due"_s, optionalTime(dueAt)},
            {u"priority"_s, priority},
            {u"status"_s, status},
            {u"tracker"_s, tracker.isEmpty() ? QJsonValue() : QJsonValue(tracker)},
            {u"source"_s, source},
            {u"createdBy"_s, createdBy},
            {u"createdAt"_s, isoFromMs(createdAt)},
            {u"updatedAt"_s, isoFromMs(updatedAt)},
            {u"closedAt"_s, optionalTime(closedAt)},
            {u"remindedAt"_s, optionalTime(remindedAt)},
            {u"overdue"_s, isOverdueAt(now)}};
}

void FollowUp::apply(const Projection &, const Event &event)
{
    if (!event.isValid()) {
        clear();
        return;
    }
    const QString &type = event.type;
    if (type == u"postmortem.edited") {
        // Text makes a post-mortem (a draft until someone asks for review).
        if (!event.incident.isEmpty()) {
            m_postMortems[event.incident].incident = event.incident;
        }
    } else if (type.startsWith(u"postmortem.")) {
        applyPostMortemEvent(event, event.data());
    } else if (type.startsWith(u"action_item.")) {
        applyActionItemEvent(event, event.data());
        // So do action items.
        if (type == u"action_item.created" && !event.incident.isEmpty()) {
            m_postMortems[event.incident].incident = event.incident;
        }
    }
}

void FollowUp::applyPostMortemEvent(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"postmortem.template_set") {
        m_template = data[u"text"_s].toString();
        return;
    }
    if (type == u"postmortem.settings_changed") {
        QString ignored;
        m_settings = PostMortemSettings();
        m_settings.update(data[u"settings"_s].toObject(), &ignored);
        return;
    }
    if (event.incident.isEmpty()) {
        return;
    }
    PostMortemRecord &record = m_postMortems[event.incident];
    record.incident = event.incident;
    if (type == u"postmortem.moment_marked") {
        const qint64 seq = data[u"seq"_s].toInteger();
        record.moments.removeIf([seq](const KeyMoment &m) { return m.seq == seq; });
        KeyMoment moment{data[u"event"_s].toString(), seq,
                         msFromIso(data[u"at"_s].toString()), data[u"type"_s].toString(),
                         data[u"title"_s].toString(), data[u"note"_s].toString(),
                         userOf(event.actor)};
        const auto at = std::upper_bound(record.moments.begin(), record.moments.end(), moment,
                                         [](const KeyMoment &a, const KeyMoment &b) {
                                             return a.at < b.at || (a.at == b.at && a.seq < b.seq);
                                         });
        record.moments.insert(at, moment);
    } else if (type == u"postmortem.moment_unmarked") {
        const qint64 seq = data[u"seq"_s].toInteger();
        record.moments.removeIf([seq](const KeyMoment &m) { return m.seq == seq; });
    } else if (type == u"postmortem.external_event_added") {
        record.externalEvents.append({data[u"id"_s].toString(),
                                      msFromIso(data[u"at"_s].toString()),
                                      data[u"text"_s].toString(), userOf(event.actor)});
        std::stable_sort(record.externalEvents.begin(), record.externalEvents.end(),
                         [](const ExternalEvent &a, const ExternalEvent &b) {
                             return a.at < b.at;
                         });
    } else if (type == u"postmortem.external_event_removed") {
        const QString id = data[u"id"_s].toString();
        record.externalEvents.removeIf([&id](const ExternalEvent &e) { return e.id == id; });
    } else if (type == u"postmortem.tagged") {
        record.rootCauseTags = data[u"tags"_s].toVariant().toStringList();
    } else if (type == u"postmortem.commented") {
        PostMortemComment comment;
        comment.id = data[u"id"_s].toString();
        ItemRef::fromJson(data[u"first"_s], &comment.first);
        ItemRef::fromJson(data[u"last"_s], &comment.last);
        comment.quote = data[u"quote"_s].toString();
        comment.text = data[u"text"_s].toString();
        comment.author = userOf(event.actor);
        comment.at = event.at;
        record.comments.append(comment);
    } else if (type == u"postmortem.comment_resolved") {
        for (PostMortemComment &comment : record.comments) {
            if (comment.id == data[u"id"_s].toString()) {
                comment.resolved = true;
                comment.resolvedBy = userOf(event.actor);
            }
        }
    } else if (type == u"postmortem.review_requested") {
        record.state = ReviewState::InReview;
        record.reviewRequestedAt = event.at;
    } else if (type == u"postmortem.published") {
        record.state = ReviewState::Published;
        record.publishedAt = event.at;
    } else if (type == u"postmortem.reopened") {
        record.state = ReviewState::Draft;
    } else if (type == u"postmortem.deadline_missed") {
        record.deadlineMissed = true;
    }
}

void FollowUp::applyActionItemEvent(const Event &event, const QJsonObject &data)
{
    const QString &type = event.type;
    if (type == u"action_item.digest_compiled") {
        m_lastDigest.insert(data[u"owner"_s].toString(), event.at);
        return;
    }
    const QString id = data[u"id"_s].toString();
    if (type == u"action_item.created") {
        ActionItem item;
        item.id = id;
        item.incident = event.incident;
        item.createdBy = userOf(event.actor);
        item.createdAt = event.at;
        item.source = data[u"source"_s].toString();
        item.status = u"open"_s;
        m_actionItemOrder.append(id);
        m_actionItems.insert(id, item);
        // The first digest of a new owner comes one interval after their first item.
        const QString owner = data[u"owner"_s].toString();
        if (!m_lastDigest.contains(owner)) {
            m_lastDigest.insert(owner, event.at);
        }
    }
    const auto it = m_actionItems.find(id);
    if (it == m_actionItems.end()) {
        return;
    }
    ActionItem &item = *it;
    if (type == u"action_item.reminded") {
        item.remindedAt = event.at;
        return;
    }
    if (type == u"action_item.flagged_overdue") {
        item.flaggedOverdueAt = event.at;
        return;
    }
    const bool wasOpen = item.isOpen();
    const qint64 oldDue = item.dueAt;
    for (const QString &key : data.keys()) {
        const QJsonValue value = data.value(key);
        if (key == u"title") {
            item.title = value.toString();
        } else if (key == u"owner") {
            item.owner = value.toString();
        } else if (key == u"due") {
            item.dueAt = value.isNull() ? 0 : msFromIso(value.toString());
        } else if (key == u"priority") {
            item.priority = value.toString();
        } else if (key == u"status") {
            item.status = value.toString();
        } else if (key == u"tracker") {
            item.tracker = value.toString();
        }
    }
    item.updatedAt = event.at;
    if (wasOpen && !item.isOpen()) {
        item.closedAt = event.at;
    } else if (item.isOpen()) {
        item.closedAt = 0;
    }
    // A new due date gets its own reminder and flag; reopening an item does not: both are
    // announced once per due date.
    if (item.dueAt != oldDue) {
        item.remindedAt = 0;
        item.flaggedOverdueAt = 0;
    }
}

const PostMortemRecord *FollowUp::postMortem(const QString &incident) const
{
    const auto it = m_postMortems.constFind(incident);
    return it == m_postMortems.cend() ? nullptr : &*it;
}

QList<const PostMortemRecord *> FollowUp::postMortems() const
{
    QList<const PostMortemRecord *> list;
    for (const PostMortemRecord &record : m_postMortems) {
        list.append(&record);
    }
    return list;
}

const ActionItem *FollowUp::actionItem(const QString &id) const
{
    const auto it = m_actionItems.constFind(id);
    return it == m_actionItems.cend() ? nullptr : &*it;
}

QList<const ActionItem *> FollowUp::actionItems(const QString &incident) const
{
    QList<const ActionItem *> list;
    for (const QString &id : m_actionItemOrder) {
        const ActionItem *item = actionItem(id);
        if (incident.isEmpty() || item->incident == incident) {
            list.append(item);
        }
    }
    return list;
}

qint64 FollowUp::completionDueAt(const IncidentRecord &incident) const
{
    const qint64 resolved = incident.resolvedAt;
    if (resolved <= 0 || !incident.mergedInto.isEmpty()
        || !m_settings.completionSeverities.contains(severityName(incident.severity))) {
        return 0;
    }
    return resolved + m_settings.completionMs();
}

QHash<QString, Recurrence> FollowUp::recurrences(const Projection &projection) const
{
    // Incidents oldest first, and per key the incidents that carry it, in the same order.
    QList<const IncidentRecord *> incidents = projection.incidents();
    std::reverse(incidents.begin(), incidents.end());
    QHash<QString, QList<const IncidentRecord *>> byKey;
    auto keysOf = [&](const IncidentRecord &incident) {
        QList<std::pair<QString, QString>> keys;
        for (const QString &dedupKey : incident.alertKeys) {
            keys.append({u"fingerprint"_s, dedupKey});
        }
        if (!incident.service.isEmpty()) {
            keys.append({u"service"_s, incident.service});
        }
        if (const PostMortemRecord *record = postMortem(incident.id)) {
            for (const QString &tag : record->rootCauseTags) {
                keys.append({u"root_cause"_s, tag});
            }
        }
        return keys;
    };

    QHash<QString, Recurrence> found;
    const qint64 window = m_settings.repeatWindowMs();
    for (const IncidentRecord *incident : std::as_const(incidents)) {
        if (!incident->mergedInto.isEmpty()) {
            continue;
        }
        const auto keys = keysOf(*incident);
        const IncidentRecord *best = nullptr;
        Recurrence recurrence;
        for (const auto &[reason, key] : keys) {
            const QString index = reason + u'\x1f' + key;
            const auto &earlier = byKey[index];
            if (!earlier.isEmpty() && earlier.last() != incident
                && incident->createdAt - earlier.last()->createdAt <= window
                && (!best || earlier.last()->createdAt > best->createdAt)) {
                best = earlier.last();
                recurrence = {best->id, reason, key};
            }
        }
        for (const auto &[reason, key] : keys) {
            auto &list = byKey[reason + u'\x1f' + key];
            if (list.isEmpty() || list.last() != incident) {
                list.append(incident);
            }
        }
        if (best) {
            found.insert(incident->id, recurrence);
        }
    }
    return found;
}

QString curatedTimelineMarkdown(const PostMortemRecord &record)
{
    struct Row
    {
        qint64 at;
        QString text;
    };
    QList<Row> rows;
    auto cell = [](QString text) {
        return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ').simplified();
    };
    for (const KeyMoment &moment : record.moments) {
        QString text = u"[%1](firebreak:event/%2)"_s.arg(cell(moment.title).replace(u']', u')'),
                                                         moment.event);
        if (!moment.note.isEmpty()) {
            text += u" — "_s + cell(moment.note);
        }
        rows.append({moment.at, text});
    }
    for (const ExternalEvent &external : record.externalEvents) {
        rows.append({external.at, u"[%1](firebreak:external/%2) (outside Firebreak)"_s.arg(
                                      cell(external.text).replace(u']', u')'), external.id)});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return a.at < b.at; });
    QString markdown = u"| time (UTC) | event |\n|---|---|\n"_s;
    for (const Row &row : std::as_const(rows)) {
        markdown += u"| "_s + utcTime(row.at) + u" | "_s + row.text + u" |\n"_s;
    }
    return markdown;
}

namespace {

Event systemEvent(const QString &type, const QString &incident, const QJsonObject &data,
                  qint64 now)
{
    Event event = makeEvent(type, u"system"_s, incident, data);
    event.at = now;
    return event;
}

QString itemLine(const ActionItem &item, const Projection &projection, qint64 now)
{
    const IncidentRecord *incident = projection.incident(item.incident);
    QString line = u"- [%1] %2 (%3"_s.arg(item.priority, item.title,
                                          incident ? incident->numberText() : item.incident);
    if (item.dueAt > 0) {
        line += u", due %1 UTC"_s.arg(utcTime(item.dueAt));
    }
    if (item.isOverdueAt(now)) {
        line += u", OVERDUE"_s;
    }
    line += u')';
    if (!item.tracker.isEmpty()) {
        line += u" "_s + item.tracker;
    }
    return line;
}

} // namespace

EventList dueFollowUpEvents(const Projection &projection, const FollowUp &followUp,
                            const std::function<QString(const QString &)> &emailOf, qint64 now)
{
    EventList due;
    const PostMortemSettings &settings = followUp.settings();
    const qint64 lead = qint64(settings.reminderLeadHours) * s_hourMs;
    QHash<QString, QList<const ActionItem *>> openByOwner;

    for (const ActionItem *item : followUp.actionItems()) {
        if (!item->isOpen()) {
            continue;
        }
        openByOwner[item->owner].append(item);
        if (item->dueAt <= 0) {
            continue;
        }
        const QString email = emailOf ? emailOf(item->owner) : QString();
        const QString line = itemLine(*item, projection, now);
        QJsonObject data{{u"id"_s, item->id}, {u"owner"_s, item->owner}, {u"email"_s, email}};
        if (now >= item->dueAt && item->flaggedOverdueAt == 0) {
            data.insert(u"subject"_s, QString(u"Overdue action item: "_s + item->title));
            data.insert(u"text"_s, QString(u"This action item is past its due date:\n\n"_s + line));
            due.append(systemEvent(u"action_item.flagged_overdue"_s, item->incident, data, now));
        } else if (now < item->dueAt && now >= item->dueAt - lead && item->remindedAt == 0) {
            data.insert(u"subject"_s, QString(u"Action item due soon: "_s + item->title));
            data.insert(u"text"_s, QString(u"This action item is due soon:\n\n"_s + line));
            due.append(systemEvent(u"action_item.reminded"_s, item->incident, data, now));
        }
    }

    // One digest per owner and interval, listing everything still open.
    const qint64 interval = qint64(settings.digestIntervalHours) * s_hourMs;
    for (auto it = openByOwner.cbegin(); it != openByOwner.cend(); ++it) {
        if (it.key().isEmpty() || now < followUp.lastDigestAt(it.key()) + interval) {
            continue;
        }
        QStringList lines;
        QJsonArray ids;
        int overdue = 0;
        for (const ActionItem *item : it.value()) {
            lines.append(itemLine(*item, projection, now));
            ids.append(item->id);
            overdue += item->isOverdueAt(now) ? 1 : 0;
        }
        const QString subject = u"Your open action items: %1 (%2 overdue)"_s.arg(lines.size())
                                    .arg(overdue);
        due.append(systemEvent(u"action_item.digest_compiled"_s, QString(),
                               {{u"owner"_s, it.key()},
                                {u"email"_s, emailOf ? emailOf(it.key()) : QString()},
                                {u"items"_s, ids},
                                {u"subject"_s, subject},
                                {u"text"_s, lines.join(u'\n')}},
                               now));
    }

    // Post-mortems of major incidents not published in time.
    for (const IncidentRecord *incident : projection.incidents()) {
        const qint64 dueAt = followUp.completionDueAt(*incident);
        const PostMortemRecord *record = followUp.postMortem(incident->id);
        if (dueAt <= 0 || now < dueAt
            || (record && (record->deadlineMissed || record->state == ReviewState::Published))) {
            continue;
        }
        due.append(systemEvent(u"postmortem.deadline_missed"_s, incident->id,
                               {{u"dueAt"_s, isoFromMs(dueAt)},
                                {u"subject"_s, u"Post-mortem of %1 is overdue"_s.arg(
                                                   incident->numberText())}},
                               now));
    }
    return due;
}

QJsonObject followUpMetrics(const Projection &projection, const FollowUp &followUp, qint64 now)
{
    int onTime = 0;
    int late = 0;
    int pending = 0;
    int overdue = 0;
    QHash<QString, int> states;
    for (const IncidentRecord *incident : projection.incidents()) {
        const PostMortemRecord *record = followUp.postMortem(incident->id);
        if (record) {
            ++states[reviewStateName(record->state)];
        }
        const qint64 dueAt = followUp.completionDueAt(*incident);
        if (dueAt <= 0) {
            continue;
        }
        const qint64 published = record ? record->publishedAt : 0;
        if (record && record->state == ReviewState::Published) {
            ++(published <= dueAt ? onTime : late);
        } else {
            ++(now >= dueAt ? overdue : pending);
        }
    }

    QHash<QString, int> byStatus;
    int itemsOverdue = 0;
    for (const ActionItem *item : followUp.actionItems()) {
        ++byStatus[item->status];
        itemsOverdue += item->isOverdueAt(now) ? 1 : 0;
    }

    const QHash<QString, Recurrence> repeats = followUp.recurrences(projection);
    int counted = 0;
    for (const IncidentRecord *incident : projection.incidents()) {
        counted += incident->mergedInto.isEmpty() ? 1 : 0;
    }
    const double finished = onTime + late;
    return {
        {u"postmortems"_s,
         QJsonObject{{u"draft"_s, states.value(u"draft"_s)},
                     {u"inReview"_s, states.value(u"in_review"_s)},
                     {u"published"_s, states.value(u"published"_s)}}},
        {u"completion"_s,
         QJsonObject{{u"hours"_s, followUp.settings().completionHours},
                     {u"severities"_s,
                      QJsonArray::fromStringList(followUp.settings().completionSeverities)},
                     {u"onTime"_s, onTime},
                     {u"late"_s, late},
                     {u"pending"_s, pending},
                     {u"overdue"_s, overdue},
                     {u"onTimeShare"_s, finished > 0 ? QJsonValue(onTime / finished)
                                                     : QJsonValue()}}},
        {u"actionItems"_s,
         QJsonObject{{u"open"_s, byStatus.value(u"open"_s)},
                     {u"inProgress"_s, byStatus.value(u"in_progress"_s)},
                     {u"done"_s, byStatus.value(u"done"_s)},
                     {u"cancelled"_s, byStatus.value(u"cancelled"_s)},
                     {u"overdue"_s, itemsOverdue}}},
        {u"recurrence"_s,
         QJsonObject{{u"windowDays"_s, followUp.settings().repeatWindowDays},
                     {u"incidents"_s, counted},
                     {u"repeats"_s, int(repeats.size())},
                     {u"rate"_s, counted > 0 ? double(repeats.size()) / counted : 0.0}}}};
}

} // namespace Firebreak::Collab
