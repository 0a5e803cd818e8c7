// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "httputil.h"

#include "server/httpserver.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Firebreak::Http {

constexpr int s_defaultLimit = 100;
constexpr int s_maxLimit = 1000;

bool withinDepth(const QByteArray &body, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : body) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                return false;
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

bool isValidUtf8(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(body);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

qsizetype loneSurrogateEscape(const QByteArray &json)
{
    // The UTF-16 unit of the escape at `at` (a backslash), or -1 when there is none there.
    const auto unitAt = [&json](qsizetype at) -> int {
        if (at + 6 > json.size() || json.at(at) != '\\' || json.at(at + 1) != 'u') {
            return -1;
        }
        bool ok = false;
        const int unit = json.mid(at + 2, 4).toInt(&ok, 16);
        return ok ? unit : -1;
    };
    const auto isHigh = [](int unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
    const auto isLow = [](int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json.at(i) != '\\') {
            continue;
        }
        const int unit = unitAt(i);
        if (unit < 0) {
            ++i; // an escaped character such as \\ or \": skip it
            continue;
        }
        if (isLow(unit) || (isHigh(unit) && !isLow(unitAt(i + 6)))) {
            return i;
        }
        i += isHigh(unit) ? 11 : 5;
    }
    return -1;
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


} // namespace Firebreak::Http
