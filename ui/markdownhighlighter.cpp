// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "markdownhighlighter.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QTextCharFormat colored(const QColor &color, QFont::Weight weight = QFont::Normal,
                        bool italic = false)
{
    QTextCharFormat format;
    format.setForeground(color);
    format.setFontWeight(weight);
    format.setFontItalic(italic);
    return format;
}

} // namespace

MarkdownHighlighter::MarkdownHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

void MarkdownHighlighter::setPalette(const QPalette &palette)
{
    const QColor accent = palette.color(QPalette::Link);
    const QColor muted = palette.color(QPalette::PlaceholderText);
    const QColor text = palette.color(QPalette::Text);

    m_heading = colored(accent, QFont::Bold);
    m_code = colored(text);
    m_code.setFontFamilies({QFontDatabase::systemFont(QFontDatabase::FixedFont).family()});
    m_code.setBackground(palette.color(QPalette::AlternateBase));

    // List markers, quotes, strong, emphasis, links, inline code; later rules win.
    m_rules.clear();
    m_rules.push_back({QRegularExpression(u"^\\s*([-*+]|\\d+[.)])\\s"_s),
                       colored(accent, QFont::Bold)});
    m_rules.push_back({QRegularExpression(u"^\\s*>.*$"_s), colored(muted, QFont::Normal, true)});
    m_rules.push_back({QRegularExpression(u"(\\*\\*|__)(?=\\S).+?(?<=\\S)\\1"_s),
                       colored(text, QFont::Bold)});
    m_rules.push_back(
        {QRegularExpression(u"(?<![*\\w])([*_])(?=\\S)[^*_]+?(?<=\\S)\\1(?![*\\w])"_s),
         colored(text, QFont::Normal, true)});
    m_rules.push_back({QRegularExpression(u"\\[[^\\]]+\\]\\([^)]+\\)"_s), colored(accent)});
    m_rules.push_back({QRegularExpression(u"`[^`]+`"_s), m_code});
    rehighlight();
}

void MarkdownHighlighter::highlightBlock(const QString &text)
{
    // Fenced code blocks span lines: the block state says whether this line is inside one.
    const bool fence = text.trimmed().startsWith(u"```"_s);
    const bool inFence = previousBlockState() == InFence;
    if (inFence || fence) {
        setFormat(0, int(text.size()), m_code);
        setCurrentBlockState(inFence != fence ? InFence : Normal);
        return;
    }
    setCurrentBlockState(Normal);

    if (m_headingPattern.match(text).hasMatch()) {
        setFormat(0, int(text.size()), m_heading);
        return;
    }
    for (const Rule &rule : m_rules) {
        for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            setFormat(int(match.capturedStart()), int(match.capturedLength()), rule.format);
        }
    }
}

} // namespace Firebreak
