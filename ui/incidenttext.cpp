// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidenttext.h"

#include "model/projection.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace Firebreak {

QString IncidentText::status(IncidentStatus status)
{
    switch (status) {
    case IncidentStatus::Triggered:
        return tr("Triggered");
    case IncidentStatus::Acknowledged:
        return tr("Acknowledged");
    case IncidentStatus::Investigating:
        return tr("Investigating");
    case IncidentStatus::Identified:
        return tr("Identified");
    case IncidentStatus::Monitoring:
        return tr("Monitoring");
    case IncidentStatus::Resolved:
        return tr("Resolved");
    case IncidentStatus::Closed:
        return tr("Closed");
    }
    return QString();
}

QString IncidentText::role(const QString &role)
{
    if (role == u"commander") {
        return tr("Incident commander");
    }
    if (role == u"communications") {
        return tr("Communications lead");
    }
    if (role == u"scribe") {
        return tr("Scribe");
    }
    if (role == u"responder") {
        return tr("Responder");
    }
    return role;
}

QString IncidentText::target(const QString &target)
{
    if (target == u"first_response") {
        return tr("First response");
    }
    if (target == u"resolution") {
        return tr("Resolution");
    }
    return target;
}

QString IncidentText::age(qint64 thenMs, qint64 nowMs)
{
    const qint64 minutes = qMax<qint64>(0, nowMs - thenMs) / 60000;
    if (minutes < 1) {
        return tr("just now");
    }
    if (minutes < 60) {
        return tr("%1 min").arg(minutes);
    }
    if (minutes < 24 * 60) {
        return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    }
    return tr("%1 d %2 h").arg(minutes / (24 * 60)).arg(minutes / 60 % 24);
}

QString IncidentText::actor(const QString &actor)
{
    if (actor.startsWith(u"user:")) {
        return actor.mid(5);
    }
    if (actor.startsWith(u"integration:")) {
        return tr("%1 (integration)").arg(actor.mid(12));
    }
    if (actor == u"system" || actor.isEmpty()) {
        return tr("Firebreak");
    }
    return actor;
}

QString IncidentText::time(qint64 ms, const QDateTime &now)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const QLocale locale;
    const QString timeOfDay = locale.toString(local.time(), u"HH:mm:ss"_s);
    if (local.date() == now.toLocalTime().date()) {
        return timeOfDay;
    }
    return locale.toString(local.date(), QLocale::ShortFormat) + u' ' + timeOfDay;
}

IncidentText::TimeFormatter::TimeFormatter(const QDateTime &now)
    : m_today(now.toLocalTime().date())
{
    const auto clock = [this](int h, int m, int s) {
        return m_locale.toString(QTime(h, m, s), u"HH:mm:ss"_s);
    };
    m_asciiClock = clock(1, 2, 3) == u"01:02:03" && clock(23, 59, 58) == u"23:59:58";
}

int IncidentText::TimeFormatter::offsetAt(qint64 ms)
{
    constexpr qint64 quarter = 15 * 60 * 1000;
    const qint64 slot = ms >= 0 ? ms / quarter : (ms - quarter + 1) / quarter;
    if (const auto known = m_offsets.constFind(slot); known != m_offsets.cend()) {
        return *known;
    }
    const auto offset = [](qint64 at) {
        return QDateTime::fromMSecsSinceEpoch(at).toLocalTime().offsetFromUtc();
    };
    const int first = offset(slot * quarter);
    if (first != offset(slot * quarter + quarter - 1)) {
        return offset(ms); // a change inside the quarter (no zone has one): exact, not kept
    }
    m_offsets.insert(slot, first);
    return first;
}

QString IncidentText::TimeFormatter::time(qint64 ms)
{
    // The viewer's wall clock as a UTC date and time: no time zone to consult again.
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms + qint64(offsetAt(ms)) * 1000,
                                                           Qt::UTC);
    const QTime clock = local.time();
    QString timeOfDay;
    if (m_asciiClock) {
        const char16_t text[8] = {char16_t(u'0' + clock.hour() / 10),
                                  char16_t(u'0' + clock.hour() % 10),
                                  u':',
                                  char16_t(u'0' + clock.minute() / 10),
                                  char16_t(u'0' + clock.minute() % 10),
                                  u':',
                                  char16_t(u'0' + clock.second() / 10),
                                  char16_t(u'0' + clock.second() % 10)};
        timeOfDay = QString(reinterpret_cast<const QChar *>(text), 8);
    } else {
        timeOfDay = m_locale.toString(clock, u"HH:mm:ss"_s);
    }
    const QDate date = local.date();
    if (date == m_today) {
        return timeOfDay;
    }
    auto words = m_dates.find(date.toJulianDay());
    if (words == m_dates.end()) {
        words = m_dates.insert(date.toJulianDay(), m_locale.toString(date, QLocale::ShortFormat));
    }
    return *words + u' ' + timeOfDay;
}

QString IncidentText::fullTime(qint64 ms)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    return QLocale().toString(local, QLocale::LongFormat);
}

QString IncidentText::plainToolTip(const QString &text)
{
    return Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal)
                                     : text;
}

IncidentText::EventText IncidentText::describe(const Event &event,
                                              const Projection &projection)
{
    return describe(event, [&projection](const QString &id) { return projection.alert(id); });
}

IncidentText::EventText IncidentText::describe(const Event &event, const AlertLookup &alerts)
{
    const QJsonObject data = event.data();
    if (event.type.startsWith(u"alert.")) {
        return describeAlert(event, data, alerts);
    }
    if (event.type.startsWith(u"incident.")) {
        return describeIncident(event, data);
    }
    if (event.type.startsWith(u"task.")) {
        return describeTask(event, data);
    }
    if (event.type.startsWith(u"page.") || event.type.startsWith(u"escalation.")) {
        return describeMessage(event, data);
    }
    if (event.type.startsWith(u"postmortem.") || event.type.startsWith(u"action_item.")) {
        return describeFollowUp(event, data);
    }
    return unknownEvent(event.type);
}

IncidentText::EventText IncidentText::describeFollowUp(const Event &event,
                                                       const QJsonObject &data)
{
    const QString &type = event.type;
    const QString title = data.value(u"title"_s).toString();
    const QString text = data.value(u"text"_s).toString();
    if (type == u"postmortem.moment_marked") {
        return {tr("Key moment marked: %1").arg(title), data.value(u"note"_s).toString()};
    }
    if (type == u"postmortem.moment_unmarked") {
        return {tr("Key moment unmarked"), QString()};
    }
    if (type == u"postmortem.external_event_added") {
        const qint64 at = msFromIso(data[u"at"_s].toString());
        return {tr("Outside event added: %1").arg(text), fullTime(at)};
    }
    if (type == u"postmortem.external_event_removed") {
        return {tr("Outside event removed"), QString()};
    }
    if (type == u"postmortem.commented") {
        return {tr("Comment on the post-mortem: %1").arg(text), data[u"quote"_s].toString()};
    }
    if (type == u"postmortem.review_requested") {
        return {tr("Post-mortem review requested"), QString()};
    }
    if (type == u"postmortem.published") {
        return {tr("Post-mortem published"), QString()};
    }
    if (type == u"postmortem.reopened") {
        return {tr("Post-mortem reopened"), QString()};
    }
    if (type == u"postmortem.deadline_missed") {
        return {tr("Post-mortem overdue"), QString()};
    }
    if (type == u"action_item.created") {
        return {tr("Action item: %1").arg(title), data[u"owner"_s].toString()};
    }
    if (type == u"action_item.reminded") {
        return {tr("Action item due soon"), data[u"owner"_s].toString()};
    }
    if (type == u"action_item.flagged_overdue") {
        return {tr("Action item overdue"), data[u"owner"_s].toString()};
    }
    return unknownEvent(type);
}

IncidentText::EventText IncidentText::unknownEvent(const QString &type)
{
    // "runbook.step_run" reads as "Runbook step run": better than nothing, though untranslated.
    QString words = type;
    words.replace(u'.', u' ').replace(u'_', u' ');
    if (!words.isEmpty()) {
        words[0] = words.at(0).toUpper();
    }
    return {words, tr("%1: this version of Firebreak does not describe it yet").arg(type)};
}

IncidentText::EventText IncidentText::describeAlert(const Event &event, const QJsonObject &data,
                                                    const AlertLookup &alerts)
{
    // Later events name the alert by id only; the projection knows its title and labels.
    QJsonObject alert = data.value(u"alert"_s).toObject();
    if (const AlertRecord *known = alerts(data.value(u"alert"_s).toString())) {
        alert = {{u"title"_s, known->title}, {u"labels"_s, known->labels()}};
    }
    QString title = alert.value(u"title"_s).toString();
    if (title.isEmpty()) {
        title = data.value(u"title"_s).toString();
    }
    const QString instance = alert.value(u"labels"_s).toObject().value(u"instance"_s).toString();

    const QString &type = event.type;
    if (type == u"alert.received") {
        return {tr("Alert received: %1").arg(title), instance};
    }
    if (type == u"alert.updated") {
        QStringList changed;
        for (const QJsonValue &key : data.value(u"changed"_s).toArray()) {
            changed.append(key.toString());
        }
        return {tr("Alert updated: %1").arg(title),
                joinDetails({instance, changed.isEmpty()
                                           ? QString()
                                           : tr("changed: %1").arg(changed.join(u", "_s))})};
    }
    if (type == u"alert.resolved") {
        return {tr("Alert resolved: %1").arg(title), instance};
    }
    if (type == u"alert.refired") {
        return {tr("Alert fired again: %1").arg(title), instance};
    }
    return {tr("Alert changed (%1)").arg(type), instance};
}

IncidentText::EventText IncidentText::describeIncident(const Event &event,
                                                       const QJsonObject &data)
{
    const QString &type = event.type;
    const QString note = data.value(u"note"_s).toString().simplified();
    if (type == u"incident.opened") {
        const QString service = data.value(u"service"_s).toString();
        return {tr("Incident opened: %1").arg(data.value(u"title"_s).toString()),
                joinDetails({tr("severity %1").arg(data.value(u"severity"_s).toString()),
                             service.isEmpty() ? QString() : tr("service %1").arg(service)})};
    }
    if (type == u"incident.severity_changed") {
        return {tr("Severity changed from %1 to %2")
                    .arg(data.value(u"from"_s).toString(), data.value(u"to"_s).toString()),
                data.value(u"reason"_s).toString()};
    }
    if (type == u"incident.alerts_resolved") {
        return {tr("All %n alert(s) resolved", nullptr, data.value(u"alerts"_s).toInt()), {}};
    }
    if (type == u"incident.alerts_truncated") {
        return {tr("%n alert(s) not delivered", nullptr, data.value(u"count"_s).toInt()),
                tr("The source shortened its message: these alerts are unknown, not resolved.")};
    }
    if (type == u"incident.acknowledged") {
        return {tr("Acknowledged"), note};
    }
    if (type == u"incident.resolved") {
        return {tr("Resolved"), note};
    }
    if (type == u"incident.closed") {
        return {tr("Closed"), note};
    }
    if (type == u"incident.status_changed") {
        return {tr("Status changed from %1 to %2")
                    .arg(statusWord(data.value(u"from"_s)), statusWord(data.value(u"to"_s))),
                note};
    }
    if (type == u"incident.reopened") {
        return {tr("Reopened"), data.value(u"reason"_s).toString().simplified()};
    }
    if (type == u"incident.note_added") {
        return {data.value(u"summary"_s).toBool() ? tr("Summary updated") : tr("Note added"),
                data.value(u"text"_s).toString().simplified()};
    }
    if (type == u"incident.role_assigned" || type == u"incident.role_unassigned") {
        return describeRole(event, data);
    }
    if (type == u"incident.evidence_attached") {
        return describeEvidence(data);
    }
    return describeCommand(event, data);
}

IncidentText::EventText IncidentText::describeCommand(const Event &event,
                                                      const QJsonObject &data)
{
    const QString &type = event.type;
    const QString target = IncidentText::target(data.value(u"target"_s).toString());
    if (type == u"incident.target_at_risk") {
        return {tr("%1 target at risk").arg(target), data.value(u"deadline"_s).toString()};
    }
    if (type == u"incident.target_breached") {
        return {tr("%1 target breached").arg(target), data.value(u"deadline"_s).toString()};
    }
    if (type == u"incident.milestone_set") {
        return {tr("Milestone %1 set").arg(data.value(u"milestone"_s).toString()),
                data.value(u"at"_s).toString()};
    }
    if (type == u"incident.updated") {
        return {tr("Details changed"),
                data.value(u"changes"_s).toObject().keys().join(u", "_s)};
    }
    if (type == u"incident.linked") {
        return {tr("Linked to a related incident"), {}};
    }
    if (type == u"incident.merged") {
        return {tr("Merged into another incident as a duplicate"), {}};
    }
    if (type == u"incident.duplicate_merged") {
        return {tr("A duplicate incident was merged into this one"), {}};
    }
    if (type == u"incident.shared" || type == u"incident.unshared") {
        const QString user = data.value(u"user"_s).toString();
        return {type == u"incident.shared" ? tr("Shared with %1").arg(user)
                                           : tr("No longer shared with %1").arg(user),
                {}};
    }
    return unknownEvent(type);
}

IncidentText::EventText IncidentText::describeEvidence(const QJsonObject &data)
{
    const QString kind = data.value(u"kind"_s).toString();
    const QString name = data.value(u"name"_s).toString();
    const QString sha256 = data.value(u"sha256"_s).toString().left(12);
    if (kind == u"link") {
        return {tr("Link attached: %1").arg(name), data.value(u"url"_s).toString()};
    }
    if (kind == u"log") {
        return {tr("Log excerpt attached: %1").arg(name),
                joinDetails({tr("SHA-256 %1…").arg(sha256),
                             data.value(u"text"_s).toString().simplified().left(200)})};
    }
    const qint64 size = data.value(u"size"_s).toInteger();
    return {tr("File attached: %1").arg(name),
            joinDetails({QLocale().formattedDataSize(size), tr("SHA-256 %1…").arg(sha256)})};
}

IncidentText::EventText IncidentText::describeTask(const Event &event, const QJsonObject &data)
{
    const QString title = data.value(u"title"_s).toString();
    if (event.type == u"task.created") {
        return {tr("Task added: %1").arg(title), data.value(u"owner"_s).toString()};
    }
    if (event.type == u"task.moved") {
        return {tr("Task moved: %1").arg(title),
                tr("%1 → %2").arg(data.value(u"from"_s).toString(),
                                  data.value(u"to"_s).toString())};
    }
    if (event.type == u"task.updated") {
        return {tr("Task changed: %1").arg(title), {}};
    }
    if (event.type == u"task.deleted") {
        return {tr("Task removed: %1").arg(title), {}};
    }
    return unknownEvent(event.type);
}

IncidentText::EventText IncidentText::describeMessage(const Event &event,
                                                      const QJsonObject &data)
{
    const QString &type = event.type;
    const QString user = data.value(u"user"_s).toString();
    if (type == u"escalation.started") {
        return {tr("Escalation started: %1").arg(data.value(u"policyName"_s).toString()), {}};
    }
    if (type == u"escalation.level_reached") {
        QStringList users;
        for (const QJsonValue &name : data.value(u"users"_s).toArray()) {
            users.append(name.toString());
        }
        return {tr("Escalated to level %1").arg(data.value(u"level"_s).toInt() + 1),
                users.join(u", "_s)};
    }
    if (type == u"escalation.stopped") {
        return {tr("Escalation stopped"), data.value(u"reason"_s).toString()};
    }
    if (type == u"escalation.exhausted") {
        return {tr("Escalation ran out of levels: nobody acknowledged"), {}};
    }
    if (type == u"page.sent") {
        return {tr("Paged %1").arg(user), {}};
    }
    if (type == u"page.delivered") {
        return {tr("Page to %1 delivered").arg(user), data.value(u"channel"_s).toString()};
    }
    if (type == u"page.failed") {
        return {tr("Page to %1 failed").arg(user), data.value(u"error"_s).toString()};
    }
    if (type == u"page.acknowledged") {
        return {tr("Page to %1 acknowledged").arg(user), {}};
    }
    return unknownEvent(type);
}

IncidentText::EventText IncidentText::describeRole(const Event &event, const QJsonObject &data)
{
    const QString role = data.value(u"role"_s).toString();
    const QString user = data.value(u"user"_s).toString();
    QString roleName = role;
    if (role == u"commander") {
        roleName = tr("incident commander");
    } else if (role == u"communications") {
        roleName = tr("communications lead");
    } else if (role == u"scribe") {
        roleName = tr("scribe");
    } else if (role == u"responder") {
        roleName = tr("a responder");
    }
    if (event.type == u"incident.role_unassigned") {
        return {tr("%1 is no longer %2").arg(user, roleName), {}};
    }
    const QString previous = data.value(u"previous"_s).toString();
    return {tr("%1 is now %2").arg(user, roleName),
            previous.isEmpty() ? QString() : tr("taking over from %1").arg(previous)};
}

QString IncidentText::statusWord(const QJsonValue &name)
{
    IncidentStatus status{};
    return statusFromName(name.toString(), &status) ? IncidentText::status(status)
                                                    : name.toString();
}

QString IncidentText::joinDetails(const QStringList &parts)
{
    QStringList present;
    for (const QString &part : parts) {
        if (!part.isEmpty()) {
            present.append(part);
        }
    }
    return present.join(u" · "_s);
}

} // namespace Firebreak
