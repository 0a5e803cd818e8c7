// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>
#include <QScrollArea>

namespace Firebreak {

/// Puts a tall page (a form, a board) in a frameless scroll area, so that a dock holding it
/// can be made short without the main window growing.
inline QScrollArea *scrolledPage(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace Firebreak
