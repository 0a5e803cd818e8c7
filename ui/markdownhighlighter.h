// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace Firebreak {

/**
 * A small Markdown highlighter for post-mortems, used when KSyntaxHighlighting is not
 * available: headings, emphasis, inline and fenced code, lists, quotes and links, in colours
 * taken from the palette so that light and dark themes both work.
 */
class MarkdownHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit MarkdownHighlighter(QTextDocument *document);

    /// Picks the colours again, for instance after the palette changed.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule
    {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    enum BlockState { Normal = -1, InFence = 1 };

    QRegularExpression m_headingPattern{QStringLiteral("^#{1,6}\\s")};
    std::vector<Rule> m_rules;
    QTextCharFormat m_heading;
    QTextCharFormat m_code;
};

} // namespace Firebreak
