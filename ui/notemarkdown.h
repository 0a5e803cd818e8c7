// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QTextDocument;

namespace Firebreak::NoteMarkdown {

/// Fills `document` from a note's Markdown (GitHub dialect) with raw HTML switched off, so that
/// a note's `<tags>` show as typed and never as markup.
void render(QTextDocument *document, const QString &markdown);
/// The same as HTML for a rich-text label: every character of the note escaped.
QString toHtml(const QString &markdown);
/// Whether a link in a note may be opened: http, https and mailto only.
bool isSafeLink(const QString &url);
/// Whether a note reads the same rendered as typed: one line of words and plain punctuation,
/// nothing Markdown would turn into emphasis, code, a link, a list or a heading. Conservative:
/// false only costs a rendering.
bool isPlainText(const QString &markdown);

} // namespace Firebreak::NoteMarkdown
