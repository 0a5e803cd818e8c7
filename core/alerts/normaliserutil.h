// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/normalisedalert.h"
#include "events/viewjson.h"

#include <QStringList>

/// Small readers shared by the normalisers. Errors name the field as "where.key".
namespace Firebreak::AlertFields {

/// Longest title kept; longer ones are cut with an ellipsis.
constexpr int MaxTitleLength = 1024;
/// Longest dedup key accepted (PagerDuty's limit, generous for the others).
constexpr int MaxDedupKeyLength = 512;

/// A JSON value as label text: strings as they are, numbers and booleans written out, arrays
/// of scalars joined with ",", objects and nested arrays as compact JSON; null is empty.
QString text(const QJsonValue &value);
QString text(const ViewValue &value);
/// Every value of an object as label text.
StringMap stringMap(const QJsonObject &object);
StringMap stringMap(const ViewObject &object);

/// The object under key, or an empty one when absent or null; false when it is another type.
/// (Object: QJsonObject, or ViewObject for the fast readers.)
template<typename Object>
bool optionalObject(const Object &parent, const QString &key, Object *out, QString *error,
                    const QString &where)
{
    const auto value = parent.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = {};
        return true;
    }
    if (!value.isObject()) {
        *error = QStringLiteral("%1.%2 must be an object").arg(where, key);
        return false;
    }
    *out = value.toObject();
    return true;
}

/// The string under key, or empty when absent or null; false when it is not a string.
template<typename Object>
bool optionalString(const Object &parent, const QString &key, QString *out, QString *error,
                    const QString &where)
{
    const auto value = parent.value(key);
    if (value.isUndefined() || value.isNull()) {
        out->clear();
        return true;
    }
    if (!value.isString()) {
        *error = QStringLiteral("%1.%2 must be a string").arg(where, key);
        return false;
    }
    *out = value.toString();
    return true;
}

/**
 * A time in ms since the epoch from an ISO 8601 / RFC 3339 string, or from epoch seconds,
 * milliseconds, microseconds or nanoseconds (number or numeric string, told apart by size).
 * Absent, null, empty and Go's zero time give 0; unreadable text gives -1.
 */
qint64 timeFrom(const QJsonValue &value);
qint64 timeFrom(const ViewValue &value);

/// timeFrom() with an error naming the field when the value is unreadable.
template<typename Object>
bool readTime(const Object &parent, const QString &key, qint64 *out, QString *error,
              const QString &where)
{
    const auto value = parent.value(key);
    *out = timeFrom(value);
    if (*out >= 0) {
        return true;
    }
    *error = QStringLiteral("%1.%2 is not a time (ISO 8601 or epoch): %3")
                 .arg(where, key, text(value).left(40));
    return false;
}

/// True for a template variable a tool left unsubstituted ("$ALERT_ID", "{{ .x }}").
bool isPlaceholder(const QString &text);
/// The text, or empty when it is a placeholder.
QString substituted(const QString &text);

/// True when href (already trimmed) is an absolute http(s) URL with a host and without a user
/// name or password, as QUrl's strict parsing reads it: what addLink() keeps.
bool isWebLink(const QString &href);
/**
 * The quick part of isWebLink(): true only for the plain shape nearly every link has
 * (lower-case http or https, a host name of letters, digits and inner hyphens, an optional
 * port, then only characters that need no escaping or valid %XX escapes), which QUrl accepts
 * too; false means "ask QUrl", not "invalid". Public for its test.
 */
bool isPlainWebLink(QStringView href);
/// Appends {"href", "text"} when href is an http(s) URL; anything else is left out.
void addLink(LinkList *links, const QString &href, const QString &text);
/// Cuts text longer than max characters, ending it with "…" (never inside a surrogate pair).
QString shortened(const QString &text, int max = MaxTitleLength);
/// An alert's title as every source gives it: `text` without the white space around it, else
/// `fallback` (trimmed too; may be empty), cut by shortened().
QString trimmedTitle(const QString &text, const QString &fallback = QString());
/// A dedup key cut to max characters: its start, "…" and fingerprint() of the whole key, so
/// keys that differ only past the cut stay different alerts.
QString shortenedKey(const QString &text, int max = MaxDedupKeyLength);
/// The first 16 hex digits of SHA-256 over the parts, each ended by a NUL.
QString fingerprint(const QStringList &parts);

/**
 * The common severity vocabulary: critical, fatal, emergency, sev1, p1 → P1; error, major,
 * high, sev2, p2 → P2; warning, medium, moderate, minor, sev3, p3 → P3; info, low, notice,
 * debug, sev4, sev5, p4, p5 → P4 (case-insensitive). Unknown for any other word.
 */
Severity severityFromWord(const QString &word);

} // namespace Firebreak::AlertFields
