// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace Firebreak {

struct HttpRequest;

/// Small checks shared by the HTTP handlers.
namespace Http {

/// Bodies nested deeper than this are refused before parsing.
constexpr int MaxJsonDepth = 64;

/// What scanJsonText() finds in a JSON text: withinDepth() and loneSurrogateEscape() at once.
struct JsonTextScan
{
    bool withinDepth = true;
    qsizetype loneSurrogateAt = -1;
};

/// True when no object or array in the JSON text nests deeper than maxDepth (a byte scan that
/// builds nothing, so absurd input costs nothing).
bool withinDepth(const QByteArray &body, int maxDepth);
/// True for valid UTF-8 (what QStringDecoder decodes without error), built nothing.
bool isValidUtf8(const QByteArray &body);

/// Whether the first character after any white space opens a JSON object or array: a body that
/// does not is no JSON object whatever follows (`null`, a number, a string), which is the
/// clearer thing to say about it than where Qt's parser stopped.
bool opensJsonContainer(QByteArrayView body);
/// The offset of the first `\uXXXX` escape in the JSON text that names half of a UTF-16
/// surrogate pair without the other half, or -1. Such a string is no Unicode text: kept, it
/// would be written out again as invalid UTF-8 and break every strict JSON reader.
qsizetype loneSurrogateEscape(const QByteArray &json);
/// withinDepth() and loneSurrogateEscape() in one pass over the text, for the webhook bodies
/// that need both.
JsonTextScan scanJsonText(const QByteArray &json, int maxDepth);
/// The token of an `Authorization: Bearer TOKEN` header, or empty.
QByteArray bearerToken(const HttpRequest &request);
/// The `limit` query item (default 100, 1 to 1000); ok is false when it is out of range.
int listLimit(const HttpRequest &request, bool *ok);

} // namespace Http
} // namespace Firebreak
