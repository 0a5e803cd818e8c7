// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Firebreak {

/**
 * One immutable entry of the event log.
 *
 * `seq`, `prevHash` and `hash` are assigned by the store when the event is appended; before
 * that they are 0 and empty. `at` is milliseconds since the Unix epoch, UTC. `incident` is the
 * UUID of the incident the event belongs to, or empty. `data` is kept as the exact compact JSON
 * text that was hashed, so that verification never depends on re-serialisation.
 */
struct Event
{
    qint64 seq = 0;
    QString id;
    QString type;
    qint64 at = 0;
    QString actor;
    QString incident;
    QByteArray dataJson;
    QByteArray prevHash;
    QByteArray hash;
    /// The object setData() serialised into dataJson, kept so that data() need not parse the
    /// text again (every event is applied to the projection right after it is made). Empty
    /// for events read from a store or the wire, and for the ingestor's alert.received events
    /// (their text is written directly and the projection is given their record instead);
    /// whoever changes dataJson by hand clears it.
    QJsonObject dataObject;

    /// The data as an object: dataObject when set, else dataJson parsed.
    QJsonObject data() const;
    void setData(const QJsonObject &object);

    /// The wire and REST form: {seq, id, type, at (ISO 8601), actor, incident, data, hash}.
    QJsonObject toJson() const;
    static Event fromJson(const QJsonObject &object);

    /**
     * The bytes hashed for this event, documented in docs/architecture.md: a fixed prefix, the
     * store id, then each field on its own line, then the data JSON text exactly as stored.
     */
    QByteArray canonicalForm(const QString &storeId) const;
    /// SHA-256 of prevHash (hex) and the canonical form, as lowercase hex.
    QByteArray computeHash(const QString &storeId) const;

    bool isValid() const { return !type.isEmpty(); }
};

using EventList = QList<Event>;

/// A fresh event with a new UUID, the current time and the given fields.
Event makeEvent(const QString &type, const QString &actor, const QString &incident,
                const QJsonObject &data);

/// Milliseconds since the epoch as ISO 8601 UTC with milliseconds ("2026-12-04T10:00:00.000Z").
QString isoFromMs(qint64 ms);
/// Parses RFC 3339 / ISO 8601 with any fraction length and offset; -1 when invalid.
qint64 msFromIso(const QString &text);
QString newUuid();
/**
 * A UUID of version 7 (RFC 9562) for an event: the current time in milliseconds in its first
 * 48 bits, then random bits. Ids made later sort later, so the store's unique index on event
 * ids grows at its end instead of touching a random page with every append.
 */
QString newEventId();

/// Text from outside made safe to print on one line of a log or a terminal: control
/// characters (C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional
/// controls become \xNN or \uNNNN, so the text cannot forge lines, send escape sequences or
/// reorder what is shown.
QString printableText(QStringView text);

} // namespace Firebreak
