// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCache>
#include <QStyledItemDelegate>

class QTextDocument;

namespace Firebreak {

/**
 * Paints a TimelineModel row as a timeline entry: the time, a dot on a rail coloured by the
 * kind of event, a severity chip where the entry names one, what happened and, below it, who
 * did it and the detail. A note's detail line is its Markdown rendered (raw HTML off), as far
 * as the line holds.
 */
class TimelineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The colour of the dot of an event type.
    static QColor markerColor(const QString &type);

private:
    int timeColumnWidth(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    static QString secondLineText(const QModelIndex &index);
    /// Draws a severity chip at `x`; returns its width (0 when the entry has no severity).
    int paintSeverity(QPainter *painter, const QStyleOptionViewItem &option, int x,
                      const QRect &line, const QModelIndex &index) const;
    void paintNote(QPainter *painter, const QStyleOptionViewItem &option, const QRect &line,
                   const QModelIndex &index, const QColor &color) const;
    /// The rendered note of an entry, kept for the rows that scroll past again.
    QTextDocument *noteDocument(const QModelIndex &index, const QFont &font) const;

    mutable QCache<size_t, QTextDocument> m_notes{256};
    void paintMarker(QPainter *painter, const QStyleOptionViewItem &option, int x, int centreY,
                     const QModelIndex &index) const;
};

} // namespace Firebreak
