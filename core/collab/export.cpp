// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "export.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak::Collab {

namespace {

const char16_t *const s_style = u"body{font-family:sans-serif;max-width:50em;margin:2em auto;"
                                u"line-height:1.45}table{border-collapse:collapse}"
                                u"td,th{border:1px solid #999;padding:.2em .5em;text-align:left}"
                                u"pre{background:#f4f4f4;padding:.5em}";

QString escaped(QStringView text)
{
    return text.toString().toHtmlEscaped();
}

/// Inline Markdown: code spans, links, strong and emphasis; all text escaped. A link's target
/// may hold balanced parentheses, one level deep, as CommonMark allows (Foo_(bar)).
QString inlineHtml(const QString &text, const LinkResolver &resolve)
{
    static const QRegularExpression token(
        u"`([^`]+)`|\\[([^\\]]*)\\]\\(((?:[^()\\s]|\\([^()\\s]*\\))+)\\)|\\*\\*([^*]+)\\*\\*"
        u"|\\*([^*]+)\\*|_([^_]+)_"_s);
    QString html;
    qsizetype from = 0;
    auto it = token.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        html += escaped(QStringView(text).sliced(from, match.capturedStart() - from));
        from = match.capturedEnd();
        if (match.hasCaptured(1)) {
            html += u"<code>"_s + escaped(match.captured(1)) + u"</code>"_s;
        } else if (match.hasCaptured(3)) {
            const QString label = inlineHtml(match.captured(2), resolve);
            const QString target = match.captured(3);
            const QUrl url(target, QUrl::StrictMode);
            const QString scheme = url.scheme();
            if (scheme == u"firebreak") {
                const QString resolved = resolve ? resolve(target) : QString();
                html += resolved.isEmpty() ? label
                                           : label + u" <small>("_s + escaped(resolved)
                                                 + u")</small>"_s;
            } else if (url.isValid()
                       && (scheme == u"http" || scheme == u"https" || scheme == u"mailto")) {
                html += u"<a href=\""_s + escaped(url.toString(QUrl::FullyEncoded)) + u"\">"_s
                    + label + u"</a>"_s;
            } else {
                html += label;
            }
        } else if (match.hasCaptured(4)) {
            html += u"<strong>"_s + inlineHtml(match.captured(4), resolve) + u"</strong>"_s;
        } else {
            const QString inner = match.hasCaptured(5) ? match.captured(5) : match.captured(6);
            html += u"<em>"_s + inlineHtml(inner, resolve) + u"</em>"_s;
        }
    }
    html += escaped(QStringView(text).sliced(from));
    return html;
}

QStringList tableCells(const QString &line)
{
    QString row = line.trimmed();
    if (row.startsWith(u'|')) {
        row.remove(0, 1);
    }
    if (row.endsWith(u'|') && !row.endsWith(u"\\|")) {
        row.chop(1);
    }
    // Split on pipes that are not escaped.
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (row[i] == u'\\' && i + 1 < row.size() && row[i + 1] == u'|') {
            cell += u'|';
            ++i;
        } else if (row[i] == u'|') {
            cells.append(cell.trimmed());
            cell.clear();
        } else {
            cell += row[i];
        }
    }
    cells.append(cell.trimmed());
    return cells;
}

bool isTableRule(const QString &line)
{
    static const QRegularExpression rule(
        u"^\\s*\\|?(\\s*:?-{3,}:?\\s*\\|)*\\s*:?-{3,}:?\\s*\\|?\\s*$"_s);
    return rule.match(line).hasMatch();
}

/// Block structure, one line at a time.
class Renderer
{
public:
    explicit Renderer(const LinkResolver &resolve)
        : m_resolve(resolve)
    {
    }

    QString render(const QStringList &lines);

private:
    void closeBlocks();
    void paragraphLine(const QString &line);
    bool listLine(const QString &line);
    void table(const QStringList &lines, qsizetype *index);

    const LinkResolver &m_resolve;
    QString m_html;
    QStringList m_paragraph;
    QString m_list; ///< "ul", "ol" or empty
};

void Renderer::closeBlocks()
{
    if (!m_paragraph.isEmpty()) {
        m_html += u"<p>"_s + inlineHtml(m_paragraph.join(u' '), m_resolve) + u"</p>\n"_s;
        m_paragraph.clear();
    }
    if (!m_list.isEmpty()) {
        m_html += u"</"_s + m_list + u">\n"_s;
        m_list.clear();
    }
}

bool Renderer::listLine(const QString &line)
{
    static const QRegularExpression bullet(u"^\\s*[-*+]\\s+(.*)$"_s);
    static const QRegularExpression number(u"^\\s*\\d+[.)]\\s+(.*)$"_s);
    QRegularExpressionMatch match = bullet.match(line);
    QString kind = u"ul"_s;
    if (!match.hasMatch()) {
        match = number.match(line);
        kind = u"ol"_s;
    }
    if (!match.hasMatch()) {
        return false;
    }
    if (m_list != kind) {
        closeBlocks();
        m_list = kind;
        m_html += u"<"_s + kind + u">\n"_s;
    }
    m_html += u"<li>"_s + inlineHtml(match.captured(1), m_resolve) + u"</li>\n"_s;
    return true;
}

void Renderer::table(const QStringList &lines, qsizetype *index)
{
    closeBlocks();
    m_html += u"<table>\n<tr>"_s;
    for (const QString &cell : tableCells(lines[*index])) {
        m_html += u"<th>"_s + inlineHtml(cell, m_resolve) + u"</th>"_s;
    }
    m_html += u"</tr>\n"_s;
    *index += 2;
    for (; *index < lines.size() && lines[*index].trimmed().startsWith(u'|'); ++*index) {
        m_html += u"<tr>"_s;
        for (const QString &cell : tableCells(lines[*index])) {
            m_html += u"<td>"_s + inlineHtml(cell, m_resolve) + u"</td>"_s;
        }
        m_html += u"</tr>\n"_s;
    }
    --*index;
    m_html += u"</table>\n"_s;
}

QString Renderer::render(const QStringList &lines)
{
    static const QRegularExpression heading(u"^(#{1,6})\\s+(.*?)\\s*#*\\s*$"_s);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u"```"_s)) {
            closeBlocks();
            QStringList code;
            for (++i; i < lines.size() && !lines[i].trimmed().startsWith(u"```"_s); ++i) {
                code.append(lines[i]);
            }
            m_html += u"<pre><code>"_s + escaped(code.join(u'\n')) + u"</code></pre>\n"_s;
        } else if (trimmed.isEmpty()) {
            closeBlocks();
        } else if (const auto match = heading.match(line); match.hasMatch()) {
            closeBlocks();
            const QString level = QString::number(match.captured(1).size());
            m_html += u"<h"_s + level + u'>' + inlineHtml(match.captured(2), m_resolve) + u"</h"_s
                + level + u">\n"_s;
        } else if (trimmed == u"---" || trimmed == u"***") {
            closeBlocks();
            m_html += u"<hr>\n"_s;
        } else if (trimmed.startsWith(u'|') && i + 1 < lines.size() && isTableRule(lines[i + 1])) {
            table(lines, &i);
        } else if (trimmed.startsWith(u'>')) {
            closeBlocks();
            m_html += u"<blockquote>"_s + inlineHtml(trimmed.mid(1).trimmed(), m_resolve)
                + u"</blockquote>\n"_s;
        } else if (!listLine(line)) {
            if (!m_list.isEmpty()) {
                closeBlocks();
            }
            m_paragraph.append(trimmed);
        }
    }
    closeBlocks();
    return m_html;
}

/// The text without C0 control characters (NUL included), which have no place in HTML: tabs and
/// line ends stay, a carriage return becomes a line end, the rest are dropped.
QString withoutControls(const QString &text)
{
    QString clean;
    clean.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c == u'\r') {
            if (i + 1 >= text.size() || text[i + 1] != u'\n') {
                clean += u'\n';
            }
        } else if (c >= 0x20 || c == u'\t' || c == u'\n') {
            clean += QChar(c);
        }
    }
    return clean;
}

} // namespace

QString postMortemHtml(const QString &markdown, const QString &title,
                       const LinkResolver &resolve)
{
    QString text = withoutControls(markdown);
    Renderer renderer(resolve);
    return u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"_s
        + escaped(withoutControls(title))
        + u"</title><style>"_s + QString::fromUtf16(s_style) + u"</style></head><body>\n"_s
        + renderer.render(text.split(u'\n')) + u"</body></html>\n"_s;
}

} // namespace Firebreak::Collab
