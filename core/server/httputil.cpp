// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "httputil.h"

#include "server/httpserver.h"

#include <QDateTime>

#include <algorithm>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak::Http {

constexpr int s_defaultLimit = 100;
constexpr int s_maxLimit = 1000;

namespace {

bool isHighSurrogate(int unit)
{
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool isLowSurrogate(int unit)
{
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// The UTF-16 unit of the `\uXXXX` escape at `at` (a backslash), or -1 when there is none there.
int escapedUnitAt(QByteArrayView json, qsizetype at)
{
    if (at + 6 > json.size() || json.at(at) != '\\' || json.at(at + 1) != 'u') {
        return -1;
    }
    bool ok = false;
    const int unit = json.sliced(at + 2, 4).toInt(&ok, 16);
    return ok ? unit : -1;
}

// Where the surrogate check goes on after the backslash at `at`; -1 when the escape there
// names half of a surrogate pair alone.
qsizetype afterBackslash(QByteArrayView json, qsizetype at)
{
    const int unit = escapedUnitAt(json, at);
    if (unit < 0) {
        return at + 2; // an escaped character such as \\ or \": skip it
    }
    if (isLowSurrogate(unit)
        || (isHighSurrogate(unit) && !isLowSurrogate(escapedUnitAt(json, at + 6)))) {
        return -1;
    }
    return at + (isHighSurrogate(unit) ? 12 : 6);
}

// Whether the character at `at`, after a backslash in a string, starts an escape JSON knows.
bool validEscape(QByteArrayView json, qsizetype at)
{
    const char letter = json.at(at);
    if (letter != 'u') {
        return std::strchr("\"\\/bfnrt", letter) != nullptr && letter != '\0';
    }
    if (at + 5 > json.size()) {
        return false;
    }
    const QByteArrayView digits = json.sliced(at + 1, 4);
    return std::all_of(digits.begin(), digits.end(), [](char d) {
        return (d >= '0' && d <= '9') || (d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F');
    });
}

} // namespace

QString JsonTextScan::problem(int maxDepth) const
{
    if (!withinDepth) {
        return u"the JSON is nested deeper than %1 levels"_s.arg(maxDepth);
    }
    if (loneSurrogateAt >= 0) {
        return u"the JSON escapes half of a UTF-16 surrogate pair at offset %1, which is no"
               " Unicode character"_s.arg(loneSurrogateAt);
    }
    if (invalidStringAt >= 0) {
        return u"the JSON has a string with a raw control character or an unknown escape at"
               " offset %1 (RFC 8259 allows neither)"_s.arg(invalidStringAt);
    }
    return QString();
}

// One pass for two checks with their own rules: the depth follows strings and their escapes
// as JSON does; the surrogate check reads every backslash it reaches, in a string or not.
// Inside a string only a quote or a backslash matters to either, so those runs are skipped.
JsonTextScan scanJsonText(const QByteArray &json, int maxDepth)
{
    JsonTextScan scan;
    const char *const data = json.constData();
    const qsizetype size = json.size();
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    qsizetype nextBackslash = 0;
    for (qsizetype i = 0; i < size; ++i) {
        if (inString && !escaped) {
            while (i < size && data[i] != '"' && data[i] != '\\' && uchar(data[i]) >= 0x20) {
                ++i;
            }
            if (i == size) {
                break;
            }
        }
        const char c = data[i];
        if (inString && scan.invalidStringAt < 0
            && (escaped ? !validEscape(json, i) : uchar(c) < 0x20)) {
            scan.invalidStringAt = escaped ? i - 1 : i;
        }
        if (c == '\\' && i >= nextBackslash && scan.loneSurrogateAt < 0) {
            nextBackslash = afterBackslash(json, i);
            if (nextBackslash < 0) {
                scan.loneSurrogateAt = i;
                if (!scan.withinDepth) {
                    break;
                }
            }
        }

        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth && scan.withinDepth) {
                scan.withinDepth = false;
                if (scan.loneSurrogateAt >= 0) {
                    break;
                }
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return scan;
}

bool withinDepth(const QByteArray &body, int maxDepth)
{
    return scanJsonText(body, maxDepth).withinDepth;
}

bool isValidUtf8(const QByteArray &body)
{
    return QByteArrayView(body).isValidUtf8();
}

qsizetype loneSurrogateEscape(const QByteArray &json)
{
    return scanJsonText(json, std::numeric_limits<int>::max()).loneSurrogateAt;
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.size() > 7 && header.left(7).toLower() == "bearer ") {
        return header.mid(7).trimmed();
    }
    return {};
}

int listLimit(const HttpRequest &request, bool *ok)
{
    *ok = true;
    const QString text = request.query.queryItemValue(u"limit"_s, QUrl::FullyDecoded);
    if (text.isEmpty()) {
        return s_defaultLimit;
    }
    const int limit = text.toInt(ok);
    *ok = *ok && limit >= 1 && limit <= s_maxLimit;
    return limit;
}

bool opensJsonContainer(QByteArrayView body)
{
    for (const char c : body) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return c == '{' || c == '[';
        }
    }
    return false;
}

bool LogThrottle::admit(const QString &kind, qint64 nowMs, qint64 *heldBack)
{
    std::lock_guard lock(m_mutex);
    Window &window = m_windows[kind];
    *heldBack = 0;
    if (nowMs - window.start >= m_windowMs || nowMs < window.start) {
        window.start = nowMs;
        window.written = 0;
    }
    if (window.written >= m_burst) {
        ++window.heldBack;
        return false;
    }
    ++window.written;
    *heldBack = std::exchange(window.heldBack, 0);
    return true;
}

bool LogThrottle::admitNow(const QString &kind, QString *note)
{
    qint64 heldBack = 0;
    const bool admitted = admit(kind, QDateTime::currentMSecsSinceEpoch(), &heldBack);
    *note = heldBackNote(heldBack);
    return admitted;
}

QString heldBackNote(qint64 heldBack)
{
    return heldBack > 0 ? u" (%1 more like it not logged)"_s.arg(heldBack) : QString();
}

} // namespace Firebreak::Http
