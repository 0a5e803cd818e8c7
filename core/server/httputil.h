// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <mutex>

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
    /// Where a string holds what JSON does not allow in one (RFC 8259, 7): a raw control
    /// character (below U+0020) or a backslash that starts no escape (`\x`, `\'`, a `\u`
    /// without four hex digits). Qt's parser takes those; Firebreak refuses them.
    qsizetype invalidStringAt = -1;

    /// The first of the problems above as a sentence, or empty when there is none (the depth
    /// first, with `maxDepth` its limit).
    QString problem(int maxDepth) const;
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

/**
 * Lets the first `burst` log lines of each kind through in every window of `windowMs`, and
 * counts the rest: a flood of refused requests costs a few lines per window, not one line (and
 * its disk) per request, while the counters still count every one. Safe from any thread.
 */
class LogThrottle
{
public:
    explicit LogThrottle(int burst = 20, qint64 windowMs = 10000)
        : m_burst(burst)
        , m_windowMs(windowMs)
    {
    }

    /**
     * Whether a line of `kind` may be written at `nowMs`. The first line let through in a new
     * window gets, in `*heldBack`, how many lines of its kind the windows before held back
     * (else 0), for the line to say so.
     */
    bool admit(const QString &kind, qint64 nowMs, qint64 *heldBack);
    /// admit() now; `*note` gets what the line ends with (heldBackNote(), or empty).
    bool admitNow(const QString &kind, QString *note);

private:
    struct Window
    {
        qint64 start = 0;
        int written = 0;
        qint64 heldBack = 0;
    };
    const int m_burst;
    const qint64 m_windowMs;
    std::mutex m_mutex;
    QHash<QString, Window> m_windows;
};

/// " (N more like it not logged)" when N > 0, for a line LogThrottle::admit() let through.
QString heldBackNote(qint64 heldBack);

} // namespace Http
} // namespace Firebreak
