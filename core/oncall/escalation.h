// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"
#include "oncall/directory.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace Firebreak::OnCall {

/// One page: a person asked to respond to an incident, and what became of it.
struct PageRecord
{
    QString id;
    QString incident;
    QString user;
    int level = 0;
    int cycle = 0;
    qint64 sentAt = 0;
    int delivered = 0;
    int failed = 0;
    qint64 acknowledgedAt = 0;
    QString acknowledgedBy;

    QJsonObject toJson() const;
};

/**
 * An incident's walk through an escalation policy. `level` and `cycle` are where it stands
 * (0-based; cycle 0 is the first pass), `levelAt` when that level was reached. A walk that is
 * not active has stopped: `outcome` says why ("acknowledged", "resolved", "exhausted", …).
 */
struct WalkRecord
{
    QString incident;
    QString policy;
    int level = 0;
    int cycle = 0;
    qint64 startedAt = 0;
    qint64 levelAt = 0;
    bool active = false;
    QString outcome;
    QStringList pages;

    QJsonObject toJson() const;
};

/**
 * Walks and pages, folded from `escalation.*` and `page.*` events, plus who acknowledged each
 * incident (from `incident.acknowledged`), so that pages can be marked acknowledged.
 */
class Paging
{
public:
    void apply(const Event &event, const QJsonObject &data);
    void clear() { *this = Paging(); }

    const WalkRecord *walk(const QString &incident) const;
    const PageRecord *page(const QString &id) const;
    QList<const WalkRecord *> activeWalks() const;
    /// Pages of one incident, oldest first.
    QList<const PageRecord *> pages(const QString &incident) const;
    /// Pages not yet acknowledged that ask `user` to respond, oldest first.
    QList<const PageRecord *> openPagesFor(const QString &user) const;
    /// Who acknowledged the incident (an actor such as `user:alice`), or empty.
    QString acknowledgedBy(const QString &incident) const { return m_ackBy.value(incident); }

private:
    QHash<QString, WalkRecord> m_walks;
    QHash<QString, PageRecord> m_pages;
    QHash<QString, QString> m_ackBy;
    QStringList m_pageOrder;
};

/**
 * The escalation events due at `now`, as a pure function of the log's state and the clock:
 *  - a triggered incident whose service (or team) has a policy and no walk yet starts one:
 *    `escalation.started`, then `escalation.level_reached` and a `page.sent` per person;
 *  - an active walk whose level timed out moves on (or repeats, or ends with
 *    `escalation.exhausted` after the last repeat);
 *  - an active walk of an incident no longer triggered stops (`escalation.stopped`), and each
 *    open page of it is marked `page.acknowledged` when someone acknowledged the incident.
 * The server calls it every second and after commits; tests call it with their own clock.
 * Page ids are derived from the walk, so calling twice before applying yields the same ids.
 */
EventList dueEscalationEvents(const Projection &projection, const Directory &directory,
                              const Paging &paging, qint64 now);

/// The events that start walking `policy` for `incident` at `now` (also used by the
/// `escalation.start` command); empty when the policy has no level.
EventList startWalkEvents(const IncidentRecord &incident, const EscalationPolicy &policy,
                          const Directory &directory, const QString &actor, qint64 now);

} // namespace Firebreak::OnCall
