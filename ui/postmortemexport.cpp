// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemexport.h"

#include "collab/export.h"

#include <QDateTime>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace Firebreak {

PostMortemExport::PostMortemExport(const QString &markdown, const QString &title,
                                   const Collab::PostMortemRecord *record)
    : m_markdown(markdown)
    , m_title(title)
{
    if (record) {
        m_record = *record;
    }
}

QString PostMortemExport::resolve(const QString &link) const
{
    const auto time = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"HH:mm:ss 'UTC'"_s);
    };
    const QString id = link.section(u'/', 1);
    for (const Collab::KeyMoment &moment : m_record.moments) {
        if (link.startsWith(u"firebreak:event/") && moment.event == id) {
            return time(moment.at);
        }
    }
    for (const Collab::ExternalEvent &external : m_record.externalEvents) {
        if (link.startsWith(u"firebreak:external/") && external.id == id) {
            return time(external.at);
        }
    }
    return {};
}

QString PostMortemExport::html() const
{
    return Collab::postMortemHtml(m_markdown, m_title,
                                  [this](const QString &link) { return resolve(link); });
}

PostMortemExport::Format PostMortemExport::formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"pdf") {
        return Format::Pdf;
    }
    return suffix == u"html" || suffix == u"htm" ? Format::Html : Format::Markdown;
}

bool PostMortemExport::write(const QString &path, Format format)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = file.errorString();
        return false;
    }
    if (format == Format::Pdf) {
        QPdfWriter writer(&file);
        writer.setTitle(m_title);
        writer.setCreator(u"Firebreak"_s);
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter));
        QTextDocument document;
        document.setHtml(html());
        document.print(&writer);
    } else {
        file.write(format == Format::Html ? html().toUtf8() : m_markdown.toUtf8());
    }
    if (!file.commit()) {
        m_error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Firebreak
