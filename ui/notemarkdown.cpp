// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "notemarkdown.h"

#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak::NoteMarkdown {

void render(QTextDocument *document, const QString &markdown)
{
    const auto features = QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                          | QTextDocument::MarkdownNoHTML);
    document->setMarkdown(markdown, features);
}

QString toHtml(const QString &markdown)
{
    QTextDocument document;
    render(&document, markdown);
    return document.toHtml();
}

bool isSafeLink(const QString &url)
{
    const QString scheme = QUrl(url).scheme().toLower();
    return scheme == u"http" || scheme == u"https" || scheme == u"mailto";
}

bool isPlainText(const QString &markdown)
{
    if (markdown.isEmpty() || !markdown.at(0).isLetter() || markdown != markdown.simplified()) {
        return false; // lists, headings, code blocks and line breaks start here
    }
    if (markdown.contains(u"://") || markdown.contains(u"www.", Qt::CaseInsensitive)) {
        return false; // autolinks
    }
    static const QString s_plainPunctuation = u" .,;:'\"?%/()$-+"_s;
    return std::all_of(markdown.cbegin(), markdown.cend(), [](QChar c) {
        return c.isLetterOrNumber() || s_plainPunctuation.contains(c);
    });
}

} // namespace Firebreak::NoteMarkdown
