// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <functional>

namespace Firebreak::Collab {

/// Turns a `firebreak:event/ID` or `firebreak:external/ID` link into words for readers
/// outside Firebreak ("10:02:13 UTC"), or an empty string to keep the link text alone.
using LinkResolver = std::function<QString(const QString &link)>;

/**
 * A post-mortem's Markdown as a standalone HTML page (UTF-8, with a small print style sheet).
 * It understands what the template and the editor produce: ATX headings, paragraphs, bullet
 * and numbered lists, tables, fenced code, block quotes, rules, and inline code, emphasis,
 * strong text and links. Every piece of text is escaped; raw HTML in the document is shown as
 * text, and only http, https and mailto links become links (firebreak: links go through
 * `resolve`, the others stay plain text).
 */
QString postMortemHtml(const QString &markdown, const QString &title,
                       const LinkResolver &resolve = {});

} // namespace Firebreak::Collab
