// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collab/followup.h"

#include <QString>

namespace Firebreak {

/**
 * Writes a post-mortem out for readers outside Firebreak: Markdown as written, a standalone
 * HTML page (Collab::postMortemHtml, everything escaped) or a PDF (that HTML laid out by
 * QTextDocument on A4 pages through QPdfWriter). Links into the incident's timeline
 * (`firebreak:event/ID`) are resolved to their times from the post-mortem's record. Needs a
 * QGuiApplication for PDF (fonts).
 */
class PostMortemExport
{
public:
    enum class Format { Markdown, Html, Pdf };

    PostMortemExport(const QString &markdown, const QString &title,
                     const Collab::PostMortemRecord *record = nullptr);

    QString html() const;
    /// Writes the file; false with errorString() when it cannot be written.
    bool write(const QString &path, Format format);
    QString errorString() const { return m_error; }
    /// The format a file name asks for (by its suffix), Markdown when unknown.
    static Format formatFor(const QString &path);

private:
    QString resolve(const QString &link) const;

    QString m_markdown;
    QString m_title;
    Collab::PostMortemRecord m_record;
    QString m_error;
};

} // namespace Firebreak
