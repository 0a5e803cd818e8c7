// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "timelinedelegate.h"

#include "incidentstyle.h"
#include "notemarkdown.h"
#include "timelinemodel.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_padding = 6;
constexpr int s_markerSide = 10;

QFont smallerFont(const QFont &font)
{
    QFont smaller = font;
    smaller.setPointSizeF(font.pointSizeF() * 0.9);
    return smaller;
}

} // namespace

QColor TimelineDelegate::markerColor(const QString &type)
{
    if (type == u"incident.opened" || type == u"incident.severity_changed") {
        return QColor(0xd3, 0x2f, 0x2f);
    }
    if (type == u"alert.received" || type == u"alert.refired" || type == u"alert.updated") {
        return QColor(0xef, 0x6c, 0x00);
    }
    if (type == u"incident.alerts_truncated") {
        return QColor(0xf9, 0xa8, 0x25);
    }
    if (type == u"incident.acknowledged" || type == u"incident.status_changed") {
        return QColor(0x1e, 0x88, 0xe5);
    }
    if (type == u"incident.role_assigned" || type == u"incident.role_unassigned") {
        return QColor(0x8e, 0x24, 0xaa);
    }
    if (type == u"incident.note_added" || type == u"incident.evidence_attached") {
        return QColor(0x00, 0x89, 0x7b);
    }
    if (type == u"incident.target_breached") {
        return QColor(0xd3, 0x2f, 0x2f);
    }
    if (type == u"incident.target_at_risk") {
        return QColor(0xf9, 0xa8, 0x25);
    }
    if (type == u"incident.reopened") {
        return QColor(0xd3, 0x2f, 0x2f);
    }
    if (type == u"alert.resolved" || type == u"incident.alerts_resolved"
        || type == u"incident.resolved" || type == u"incident.closed") {
        return QColor(0x2e, 0x7d, 0x32);
    }
    return QColor(0x90, 0x90, 0x90);
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    Q_UNUSED(index)
    // No width of its own: the list stretches each row across its viewport and paint() elides
    // to it, so a long entry never adds a sideways scroll bar.
    const int lines = option.fontMetrics.height() + QFontMetrics(smallerFont(option.font)).height();
    return QSize(0, lines + 3 * s_padding);
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    // The background, selection and focus as the style draws them, without the text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText
                                                      : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.65f);

    const QRect cell = option.rect.adjusted(s_padding, s_padding, -s_padding, -s_padding);
    const int timeWidth = timeColumnWidth(option, index);
    const int lineHeight = option.fontMetrics.height();
    const QRect firstLine(cell.left(), cell.top(), cell.width(), lineHeight);

    painter->save();
    painter->setPen(muted);
    painter->drawText(firstLine.adjusted(0, 0, timeWidth - cell.width(), 0),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      index.data(TimelineModel::TimeRole).toString());

    const int markerX = cell.left() + timeWidth + 2 * s_padding;
    paintMarker(painter, option, markerX, firstLine.center().y(), index);

    const int textLeft = markerX + s_markerSide + 2 * s_padding;
    const int chip = paintSeverity(painter, option, textLeft, firstLine, index);
    const int summaryLeft = textLeft + (chip > 0 ? chip + s_padding : 0);
    const QRect summary(summaryLeft, firstLine.top(), cell.right() - summaryLeft, lineHeight);
    // A queued command is not in the log yet: it reads as provisional.
    const bool queued = index.data(TimelineModel::QueueStateRole).toInt()
        != TimelineModel::Stored;
    if (queued) {
        QFont italic = option.font;
        italic.setItalic(true);
        painter->setFont(italic);
    }
    painter->setPen(text);
    painter->drawText(summary, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(
                          index.data(TimelineModel::DescriptionRole).toString(), Qt::ElideRight,
                          summary.width()));

    const QFont small = smallerFont(option.font);
    painter->setFont(small);
    painter->setPen(muted);
    const QRect secondLine(textLeft, summary.bottom() + s_padding / 2, cell.right() - textLeft,
                           QFontMetrics(small).height());
    if (!index.data(TimelineModel::MarkdownRole).toString().isEmpty()) {
        paintNote(painter, option, secondLine, index, muted);
    } else {
        painter->drawText(secondLine, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(small).elidedText(secondLineText(index), Qt::ElideRight,
                                                         secondLine.width()));
    }
    painter->restore();
}

int TimelineDelegate::paintSeverity(QPainter *painter, const QStyleOptionViewItem &option, int x,
                                    const QRect &line, const QModelIndex &index) const
{
    const auto severity = Severity(index.data(TimelineModel::SeverityRole).toInt());
    if (severity == Severity::Unknown) {
        return 0;
    }
    const QString name = severityName(severity);
    QFont bold = smallerFont(option.font);
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const QRect chip(x, line.top() + 1, metrics.horizontalAdvance(name) + 8, line.height() - 2);
    const QColor color = IncidentStyle::severityColor(severity);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(chip, 3, 3);
    painter->setFont(bold);
    painter->setPen(IncidentStyle::textOn(color));
    painter->drawText(chip, Qt::AlignCenter, name);
    painter->restore();
    return chip.width();
}

void TimelineDelegate::paintNote(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QRect &line, const QModelIndex &index,
                                 const QColor &color) const
{
    // Who wrote it, then the note itself with its emphasis, code and links, clipped to the line.
    const QFont small = smallerFont(option.font);
    const QString actor = index.data(TimelineModel::ActorRole).toString() + u"  ·  "_s;
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, actor);
    const int noteLeft = line.left() + QFontMetrics(small).horizontalAdvance(actor);
    const QRect noteRect(noteLeft, line.top(), line.right() - noteLeft, line.height());
    if (noteRect.width() <= 0) {
        return;
    }

    // Most notes are plain sentences: drawn as text, with no document to build.
    const QString markdown = index.data(TimelineModel::MarkdownRole).toString();
    if (NoteMarkdown::isPlainText(markdown)) {
        painter->drawText(noteRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(small).elidedText(markdown, Qt::ElideRight,
                                                         noteRect.width()));
        return;
    }
    QTextDocument *document = noteDocument(index, small);
    if (document->textWidth() != noteRect.width()) {
        document->setTextWidth(noteRect.width());
    }
    painter->save();
    painter->translate(noteRect.topLeft());
    painter->setClipRect(QRect(QPoint(0, 0), noteRect.size()));
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
    context.palette.setColor(QPalette::Text, color);
    context.clip = QRect(QPoint(0, 0), noteRect.size());
    document->documentLayout()->draw(painter, context);
    painter->restore();
}

QTextDocument *TimelineDelegate::noteDocument(const QModelIndex &index, const QFont &font) const
{
    // Parsing Markdown on every frame would cost a scroll its smoothness.
    // Keyed by the text too: after a resynchronisation a sequence number names another event.
    const QString markdown = index.data(TimelineModel::MarkdownRole).toString();
    const auto seq = size_t(index.data(TimelineModel::SequenceRole).toLongLong());
    const size_t key = qHash(markdown, seq);
    QTextDocument *document = m_notes.object(key);
    if (document && document->defaultFont() == font) {
        return document;
    }
    document = new QTextDocument;
    document->setDefaultFont(font);
    document->setDocumentMargin(0);
    NoteMarkdown::render(document, markdown);
    m_notes.insert(key, document);
    return document;
}

QString TimelineDelegate::secondLineText(const QModelIndex &index)
{
    const QString actor = index.data(TimelineModel::ActorRole).toString();
    const QString detail = index.data(TimelineModel::DetailRole).toString();
    return detail.isEmpty() ? actor : actor + u"  ·  "_s + detail;
}

int TimelineDelegate::timeColumnWidth(const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const
{
    // Rows are in time order, so the first one carries a date whenever any row does.
    const QModelIndex first = index.siblingAtRow(0);
    const QFontMetrics &metrics = option.fontMetrics;
    return qMax(metrics.horizontalAdvance(first.data(TimelineModel::TimeRole).toString()),
                metrics.horizontalAdvance(index.data(TimelineModel::TimeRole).toString()));
}

void TimelineDelegate::paintMarker(QPainter *painter, const QStyleOptionViewItem &option, int x,
                                   int centreY, const QModelIndex &index) const
{
    // A thin rail joins the dots, so that the entries read as one line of time.
    const qreal railX = x + s_markerSide / 2.0;
    const bool first = index.row() == 0;
    const bool last = index.row() == index.model()->rowCount() - 1;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(option.palette.color(QPalette::Mid), 2));
    painter->drawLine(QPointF(railX, first ? centreY : option.rect.top()),
                      QPointF(railX, last ? centreY : option.rect.bottom() + 1));

    // Queued commands get a hollow dot: grey while waiting, red once refused.
    const int queueState = index.data(TimelineModel::QueueStateRole).toInt();
    if (queueState != TimelineModel::Stored) {
        const QColor ring = queueState == TimelineModel::Refused ? QColor(0xd3, 0x2f, 0x2f)
                                                                 : QColor(0x90, 0x90, 0x90);
        painter->setPen(QPen(ring, 2));
        painter->setBrush(option.palette.color(QPalette::Base));
        painter->drawEllipse(
            QRectF(x + 1, centreY - s_markerSide / 2.0 + 1, s_markerSide - 2, s_markerSide - 2));
        return;
    }
    const QColor color = markerColor(index.data(TimelineModel::TypeRole).toString());
    painter->setPen(QPen(color.darker(125), 1));
    painter->setBrush(color);
    painter->drawEllipse(QRectF(x, centreY - s_markerSide / 2.0, s_markerSide, s_markerSide));
}

} // namespace Firebreak
