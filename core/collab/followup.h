// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/ops.h"
#include "events/event.h"
#include "model/projection.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QStringList>

namespace Firebreak::Collab {

/// The organisation's rules for post-mortems (`postmortem.configure`).
struct PostMortemSettings
{
    /// From resolution to published, for incidents of `completionSeverities`.
    int completionHours = 48;
    QStringList completionSeverities{QStringLiteral("P1"), QStringLiteral("P2")};
    /// An incident repeats an earlier one opened at most this long before it.
    int repeatWindowDays = 30;
    /// An action item's owner is reminded this long before its due date.
    int reminderLeadHours = 24;
    /// Each owner of open action items gets a digest this often.
    int digestIntervalHours = 24;

    QJsonObject toJson() const;
    /// Reads what `object` sets over the current values; false with a reason when invalid.
    bool update(const QJsonObject &object, QString *error);
    qint64 completionMs() const { return qint64(completionHours) * 3600 * 1000; }
    qint64 repeatWindowMs() const { return qint64(repeatWindowDays) * 24 * 3600 * 1000; }
};

/// An event of the incident that the facilitator marked as a key moment.
struct KeyMoment
{
    QString event; ///< the event's id
    qint64 seq = 0;
    qint64 at = 0;
    QString type;
    QString title; ///< what happened, in words, captured when marked
    QString note;  ///< the facilitator's annotation
    QString markedBy;
};

/// Something that happened outside Firebreak ("a customer reported it at 10:02").
struct ExternalEvent
{
    QString id;
    qint64 at = 0;
    QString text;
    QString addedBy;
};

/**
 * A comment on a passage. The passage is named by the engine's ids of its first and last
 * characters, so it is found again after any concurrent edits: from positionOf(first) - 1 to
 * positionOf(last) (docs/postmortems.md).
 */
struct PostMortemComment
{
    QString id;
    ItemRef first;
    ItemRef last;
    QString quote;
    QString text;
    QString author;
    qint64 at = 0;
    bool resolved = false;
    QString resolvedBy;
};

enum class ReviewState { Draft, InReview, Published };
QString reviewStateName(ReviewState state);

/// What the log says about one incident's post-mortem besides its text.
struct PostMortemRecord
{
    QString incident;
    ReviewState state = ReviewState::Draft;
    qint64 reviewRequestedAt = 0;
    qint64 publishedAt = 0;
    QList<KeyMoment> moments; ///< in time order
    QList<ExternalEvent> externalEvents;
    QList<PostMortemComment> comments;
    QStringList rootCauseTags;
    bool deadlineMissed = false;

    const KeyMoment *moment(qint64 seq) const;
    const PostMortemComment *comment(const QString &id) const;
    int openComments() const;
};

/// A follow-up task that must actually get done after the incident.
struct ActionItem
{
    QString id;
    QString incident;
    QString title;
    QString owner; ///< a user name
    qint64 dueAt = 0; ///< 0: no due date
    QString priority; ///< high, medium, low
    QString status;   ///< open, in_progress, done, cancelled
    QString tracker;  ///< link to an external tracker, or empty
    QString source;   ///< document or incident
    QString createdBy;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 closedAt = 0;
    qint64 remindedAt = 0;
    qint64 flaggedOverdueAt = 0;

    bool isOpen() const { return status == u"open" || status == u"in_progress"; }
    bool isOverdueAt(qint64 now) const { return isOpen() && dueAt > 0 && now >= dueAt; }
    QJsonObject toJson(qint64 now) const;
};

/// Why an incident counts as a repeat, and of which one.
struct Recurrence
{
    QString earlier; ///< the earlier incident's id
    QString reason;  ///< fingerprint, service or root_cause
    QString key;     ///< the shared fingerprint, service or tag
};

/**
 * Post-mortems beyond their text, folded from the log next to the projection: the
 * organisation's template and settings, review state, key moments and outside events of the
 * timeline, comments, root-cause tags and action items (docs/postmortems.md). The server folds
 * it to decide commands and to run the follow-up clock; the desktop folds the same events to
 * show them. Not thread-safe.
 */
class FollowUp
{
public:
    /// Folds one event; `projection` already includes it. An invalid event starts over.
    void apply(const Projection &projection, const Event &event);
    void clear() { *this = FollowUp(); }

    const PostMortemSettings &settings() const { return m_settings; }
    /// The organisation's template, or empty when it never set one.
    QString templateText() const { return m_template; }
    const PostMortemRecord *postMortem(const QString &incident) const;
    QList<const PostMortemRecord *> postMortems() const;
    const ActionItem *actionItem(const QString &id) const;
    /// The incident's action items (every one when `incident` is empty), oldest first.
    QList<const ActionItem *> actionItems(const QString &incident = {}) const;
    /// When the owner last got a digest, or 0.
    qint64 lastDigestAt(const QString &owner) const { return m_lastDigest.value(owner); }

    /// When the incident's post-mortem is due to be published, or 0 when no clock runs for it
    /// (severity not covered, or not resolved yet).
    qint64 completionDueAt(const IncidentRecord &incident) const;
    /// Repeats among the incidents: each incident that repeats an earlier one within the
    /// window, by shared alert fingerprint, service or root-cause tag (latest earlier one).
    QHash<QString, Recurrence> recurrences(const Projection &projection) const;

private:
    void applyPostMortemEvent(const Event &event, const QJsonObject &data);
    void applyActionItemEvent(const Event &event, const QJsonObject &data);

    PostMortemSettings m_settings;
    QString m_template;
    QHash<QString, PostMortemRecord> m_postMortems;
    QHash<QString, ActionItem> m_actionItems;
    QStringList m_actionItemOrder;
    QHash<QString, qint64> m_lastDigest;
};

/**
 * The curated timeline as Markdown: the key moments and outside events in time order (UTC), each
 * linked to what it stands for (`firebreak:event/ID`, `firebreak:external/ID`) so that the
 * document stays tied to the events.
 */
QString curatedTimelineMarkdown(const PostMortemRecord &record);

/// What the follow-up clock owes at `now`: reminders, overdue flags, digests and missed
/// post-mortem deadlines, as system events to append. `emailOf` gives a user's address.
EventList dueFollowUpEvents(const Projection &projection, const FollowUp &followUp,
                            const std::function<QString(const QString &user)> &emailOf,
                            qint64 now);

/// Post-mortem and follow-up figures: the completion clock, action items and recurrence.
QJsonObject followUpMetrics(const Projection &projection, const FollowUp &followUp, qint64 now);

} // namespace Firebreak::Collab
