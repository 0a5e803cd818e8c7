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
