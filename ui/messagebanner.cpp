// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "messagebanner.h"

#include <QBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Firebreak {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"messageBanner"_s);
    setStyleSheet(u"#messageBanner { background: #fdecea; border: 1px solid #f5c2c0;"
                  " border-radius: 4px; } #messageBanner QLabel { color: #611a15; }"
                  " #messageBanner QToolButton { color: #611a15; border: none; }"_s);
    m_text = new QLabel(this);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setObjectName(u"messageLabel"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(this);
    dismiss->setObjectName(u"dismissMessageButton"_s);
    dismiss->setText(u"✕"_s);
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAccessibleName(tr("Dismiss the message"));
    connect(dismiss, &QToolButton::clicked, this, [this]() {
        hide();
        Q_EMIT dismissed();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(dismiss, 0, Qt::AlignTop);
    hide();
}

MessageBanner::~MessageBanner() = default;

void MessageBanner::showMessage(const QString &message)
{
    m_text->setText(message);
    show();
}

QString MessageBanner::message() const
{
    return m_text->text();
}

} // namespace Firebreak
