// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/severity.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QString>

#include <functional>

namespace Firebreak {

class Projection;
struct AlertRecord;

/// The words the desktop uses for incidents and their events, translated.
class IncidentText
{
    Q_DECLARE_TR_FUNCTIONS(IncidentText)
public:
    static QString status(IncidentStatus status);
    /// A role of incident command ("commander", "communications", "scribe", "responder") in
    /// the viewer's words; other names come back unchanged.
    static QString role(const QString &role);
    /// A target ("first_response", "resolution") in the viewer's words.
    static QString target(const QString &target);
    /// How long ago `thenMs` was, relative to `nowMs` (both ms since the epoch): "5 min".
    static QString age(qint64 thenMs, qint64 nowMs);
    /// Who did it, for people: "alice", "prometheus (integration)", "Firebreak".
    static QString actor(const QString &actor);
    /// What an event did: a one-line summary and an optional detail (instance, reason, note).
    struct EventText
    {
        QString summary;
        QString detail;
    };
    /// The projection gives the titles of alerts that later events name only by id; unknown
    /// event types get a generic line.
    static EventText describe(const Event &event, const Projection &projection);
    /// Finds an alert by id, or null: the projection's, or a worker thread's own record.
    using AlertLookup = std::function<const AlertRecord *(const QString &id)>;
    /// The same with alerts looked up by `alerts`; safe on any thread when `alerts` is.
    static EventText describe(const Event &event, const AlertLookup &alerts);
    /// A time in the viewer's time zone: the time of day, with the date when not today.
    static QString time(qint64 ms, const QDateTime &now = QDateTime::currentDateTime());
    /// Date and time with the time zone, in the viewer's time zone and locale.
    static QString fullTime(qint64 ms);

    /**
     * time() for many times in a row, with the same words: the viewer's UTC offset is looked up
     * once per quarter of an hour (every offset change falls on one) and each day's date words
     * once, rather than converting and formatting every time through the time zone and the
     * locale (that was a quarter of a timeline search's reading). For one thread at a time.
     */
    class TimeFormatter
    {
    public:
        explicit TimeFormatter(const QDateTime &now = QDateTime::currentDateTime());
        /// IncidentText::time(ms, now).
        QString time(qint64 ms);
        /// The viewer's date at `now`: times on it have no date.
        QDate today() const { return m_today; }

    private:
        /// Seconds east of UTC of the viewer's time zone at `ms`.
        int offsetAt(qint64 ms);

        QLocale m_locale;
        QDate m_today;
        /// The locale writes "HH:mm:ss" with ASCII digits: the clock is written here directly.
        bool m_asciiClock = false;
        QHash<qint64, int> m_offsets;   ///< by quarter of an hour since the epoch
        QHash<qint64, QString> m_dates; ///< by Julian day
    };
    /// A tooltip showing `text` as typed: tooltips take text that looks like markup as rich
    /// text, so such text comes back escaped (titles and names are never markup).
    static QString plainToolTip(const QString &text);

private:
    static EventText describeAlert(const Event &event, const QJsonObject &data,
                                   const AlertLookup &alerts);
    static EventText describeIncident(const Event &event, const QJsonObject &data);
    static EventText describeRole(const Event &event, const QJsonObject &data);
    static EventText describeCommand(const Event &event, const QJsonObject &data);
    static EventText describeEvidence(const QJsonObject &data);
    static EventText describeTask(const Event &event, const QJsonObject &data);
    static EventText describeMessage(const Event &event, const QJsonObject &data);
    /// Post-mortem follow-up: key moments, outside events, review, comments, action items.
    static EventText describeFollowUp(const Event &event, const QJsonObject &data);
    static EventText unknownEvent(const QString &type);
    /// A status name of the wire ("investigating") in the viewer's language.
    static QString statusWord(const QJsonValue &name);
    /// The non-empty parts joined with a middle dot.
    static QString joinDetails(const QStringList &parts);
};

} // namespace Firebreak
