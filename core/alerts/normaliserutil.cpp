// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "normaliserutil.h"

#include "events/event.h"
#include "events/jsontext.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QUrl>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Firebreak {

QString alertStatusName(AlertStatus status)
{
    switch (status) {
    case AlertStatus::Firing:
        return u"firing"_s;
    case AlertStatus::Acknowledged:
        return u"acknowledged"_s;
    case AlertStatus::Resolved:
        return u"resolved"_s;
    }
    return QString();
}

void NormalisedAlert::serialiseAhead()
{
    serialiseAhead(JsonText::compact(raw));
}

void NormalisedAlert::serialiseAhead(const QByteArray &rawText)
{
    rawJson = rawText;
    labelsJson = labelsText();
    annotationsJson = annotationsText();
    linksJson = links.isEmpty() ? QByteArray() : links.toJson();
}

QByteArray NormalisedAlert::labelsText() const
{
    return labelsJson.isEmpty() ? labels.toJson() : labelsJson;
}

QByteArray NormalisedAlert::annotationsText() const
{
    return annotationsJson.isEmpty() ? annotations.toJson() : annotationsJson;
}

QJsonObject NormalisedAlert::labelsObject() const
{
    return labels.isEmpty() && !labelsJson.isEmpty() ? QJsonDocument::fromJson(labelsJson).object()
                                                     : labels.toObject();
}

QJsonObject NormalisedAlert::annotationsObject() const
{
    return annotations.isEmpty() && !annotationsJson.isEmpty()
        ? QJsonDocument::fromJson(annotationsJson).object()
        : annotations.toObject();
}

QByteArray AlertDelivery::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0) {
            return pair.second;
        }
    }
    return {};
}

namespace AlertFields {

namespace {

QString scalarText(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isBool()) {
        return value.toBool() ? u"true"_s : u"false"_s;
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::trunc(number) && std::abs(number) < 1e15) {
            return QString::number(qint64(number));
        }
        return QString::number(number, 'g', 15);
    }
    return QString();
}

// Epoch seconds, ms, µs or ns, told apart by magnitude (seconds reach 1e11 in the year 5138).
qint64 epochMs(double value)
{
    if (!std::isfinite(value) || value <= 0) {
        return value == 0 ? 0 : -1;
    }
    if (value < 1e11) {
        return qint64(value * 1000.0);
    }
    if (value < 1e14) {
        return qint64(value);
    }
    if (value < 1e17) {
        return qint64(value / 1000.0);
    }
    return value < 1e20 ? qint64(value / 1e6) : -1;
}

} // namespace

QString text(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList parts;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (item.isArray() || item.isObject()) {
                return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
            }
            parts.append(scalarText(item));
        }
        return parts.join(u',');
    }
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return scalarText(value);
}

StringMap stringMap(const QJsonObject &object)
{
    return StringMap::fromObject(object);
}

qint64 timeFrom(const QJsonValue &value)
{
    if (value.isDouble()) {
        return epochMs(value.toDouble());
    }
    if (!value.isString()) {
        return value.isUndefined() || value.isNull() ? 0 : -1;
    }
    const QString text = value.toString().trimmed();
    if (text.isEmpty() || isPlaceholder(text) || text.startsWith(u"0001-")) {
        return 0;
    }
    // A number has no colon; a date and time always has one (and is read without trying).
    if (!text.contains(u':')) {
        bool numeric = false;
        const double number = text.toDouble(&numeric);
        if (numeric) {
            return epochMs(number);
        }
    }
    return msFromIso(text);
}

QString text(const ViewValue &value)
{
    return value.isString() ? value.toString() : text(value.toJsonValue());
}

StringMap stringMap(const ViewObject &object)
{
    StringMap map;
    object.forEach([&map](const QString &key, const ViewValue &value) {
        map.insert(key, text(value));
    });
    return map;
}

qint64 timeFrom(const ViewValue &value)
{
    return timeFrom(value.toJsonValue());
}

bool isPlaceholder(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() > 1 && trimmed.startsWith(u'$') && trimmed.at(1).isUpper()) {
        return true;
    }
    return trimmed.startsWith(u"{{") && trimmed.endsWith(u"}}");
}

QString substituted(const QString &text)
{
    return isPlaceholder(text) ? QString() : text;
}

namespace {

bool isAsciiDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isAsciiAlphanumeric(char16_t c)
{
    return isAsciiDigit(c) || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isHexDigit(char16_t c)
{
    return isAsciiDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// RFC 3986's unreserved characters, sub-delimiters, ':', '@', '/' and '?' besides letters and
// digits: what a path, query or fragment holds without escaping.
bool isPlainUrlCharacter(char16_t c)
{
    return isAsciiAlphanumeric(c) || QStringView(u"-._~!$&'()*+,;=:@/?").contains(QChar(c));
}

// The host name at href[at..] (labels of 1 to 63 letters, digits and inner hyphens, no
// punycode, the last one not all digits, which QUrl would read as an address): the position
// after it, or -1.
qsizetype plainHostEnd(QStringView href, qsizetype at)
{
    const qsizetype start = at;
    qsizetype labelStart = at;
    bool allDigits = true;
    for (;; ++at) {
        const char16_t c = at < href.size() ? href[at].unicode() : u'/';
        if (c == u'.' || c == u'/' || c == u':' || c == u'?' || c == u'#') {
            const qsizetype length = at - labelStart;
            if (length == 0 || length > 63 || href[labelStart] == u'-' || href[at - 1] == u'-'
                || (length >= 4
                    && href.mid(labelStart, 4).compare(u"xn--", Qt::CaseInsensitive) == 0)) {
                return -1;
            }
            if (c != u'.') {
                return allDigits || at - start > 253 ? -1 : at;
            }
            labelStart = at + 1;
            allDigits = true;
        } else if (isAsciiAlphanumeric(c) || c == u'-') {
            allDigits = allDigits && isAsciiDigit(c);
        } else {
            return -1;
        }
    }
}

} // namespace

bool isPlainWebLink(QStringView href)
{
    qsizetype at = href.startsWith(u"https://") ? 8 : href.startsWith(u"http://") ? 7 : 0;
    if (at == 0 || (at = plainHostEnd(href, at)) < 0) {
        return false;
    }
    const qsizetype size = href.size();
    if (at < size && href[at] == u':') {
        int port = 0;
        const qsizetype digitsStart = ++at;
        for (; at < size && isAsciiDigit(href[at].unicode()) && at - digitsStart < 5; ++at) {
            port = port * 10 + (href[at].unicode() - u'0');
        }
        if (at == digitsStart || port > 65535
            || (at < size && !QStringView(u"/?#").contains(href[at]))) {
            return false;
        }
    }
    bool inFragment = false;
    for (; at < size; ++at) {
        const char16_t c = href[at].unicode();
        if (isPlainUrlCharacter(c)) {
            continue;
        }
        if (c == u'%' && at + 2 < size && isHexDigit(href[at + 1].unicode())
            && isHexDigit(href[at + 2].unicode())) {
            at += 2;
        } else if (c == u'#' && !inFragment) {
            inFragment = true;
        } else {
            return false;
        }
    }
    return true;
}

bool isWebLink(const QString &href)
{
    if (isPlainWebLink(href)) {
        return true;
    }
    // A link with a user name or password in it would show them to everyone who sees the
    // alert: left out.
    const QUrl url(href, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http")
        && !url.host().isEmpty() && url.userInfo().isEmpty();
}

void addLink(LinkList *links, const QString &href, const QString &text)
{
    if (href.isEmpty()) {
        return;
    }
    // The alerts of a delivery mostly carry the same link (one rule, one generator URL): the
    // last one checked on this thread is not checked again.
    thread_local QString lastHref;
    thread_local QString lastTrimmed;
    thread_local bool lastValid = false;
    if (href != lastHref || lastHref.isEmpty()) {
        lastTrimmed = href.trimmed();
        lastValid = isWebLink(lastTrimmed);
        lastHref = href;
    }
    if (lastValid) {
        links->append(lastTrimmed, text);
    }
}

namespace {

// The first `count` UTF-16 units of text, one fewer when the cut would split a surrogate pair.
QStringView wholeCharacters(const QString &text, qsizetype count)
{
    if (count > 0 && count < text.size() && text.at(count - 1).isHighSurrogate()) {
        --count;
    }
    return QStringView(text).left(qMax<qsizetype>(0, count));
}

} // namespace

QString shortened(const QString &text, int max)
{
    if (text.size() <= max) {
        return text;
    }
    return wholeCharacters(text, max - 1) + QChar(0x2026);
}

QString trimmedTitle(const QString &text, const QString &fallback)
{
    const QString trimmed = text.trimmed();
    return shortened(trimmed.isEmpty() ? fallback.trimmed() : trimmed);
}

QString shortenedKey(const QString &text, int max)
{
    if (text.size() <= max) {
        return text;
    }
    const QString tail = fingerprint({text});
    return wholeCharacters(text, max - 1 - tail.size()) + QChar(0x2026) + tail;
}

QString fingerprint(const QStringList &parts)
{
    QByteArray input;
    for (const QString &part : parts) {
        input += part.toUtf8() + '\0';
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex().left(16));
}

Severity severityFromWord(const QString &word)
{
    static const QHash<QString, Severity> vocabulary{
        {u"critical"_s, Severity::P1}, {u"crit"_s, Severity::P1},
        {u"fatal"_s, Severity::P1},    {u"emergency"_s, Severity::P1},
        {u"disaster"_s, Severity::P1}, {u"sev1"_s, Severity::P1},
        {u"sev-1"_s, Severity::P1},    {u"p1"_s, Severity::P1},
        {u"error"_s, Severity::P2},    {u"err"_s, Severity::P2},
        {u"major"_s, Severity::P2},    {u"high"_s, Severity::P2},
        {u"sev2"_s, Severity::P2},     {u"sev-2"_s, Severity::P2},
        {u"p2"_s, Severity::P2},       {u"warning"_s, Severity::P3},
        {u"warn"_s, Severity::P3},     {u"medium"_s, Severity::P3},
        {u"moderate"_s, Severity::P3}, {u"minor"_s, Severity::P3},
        {u"average"_s, Severity::P3},  {u"sev3"_s, Severity::P3},
        {u"sev-3"_s, Severity::P3},    {u"p3"_s, Severity::P3},
        {u"info"_s, Severity::P4},     {u"informational"_s, Severity::P4},
        {u"low"_s, Severity::P4},      {u"notice"_s, Severity::P4},
        {u"debug"_s, Severity::P4},    {u"sev4"_s, Severity::P4},
        {u"sev-4"_s, Severity::P4},    {u"sev5"_s, Severity::P4},
        {u"p4"_s, Severity::P4},       {u"p5"_s, Severity::P4},
    };
    return vocabulary.value(word.trimmed().toLower(), Severity::Unknown);
}

} // namespace AlertFields
} // namespace Firebreak
