// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "deadletterview.h"

#include "desktopsession.h"
#include "lazyrefresh.h"
#include "permissiongate.h"
#include "responderstate.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

DeadLetterView::DeadLetterView(ResponderState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setObjectName(u"deadLetterView"_s);
    setAccessibleName(tr("Undelivered notifications"));
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"deadLetterList"_s);
    m_list->setAccessibleName(tr("Undelivered notifications"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Channel"), tr("About"), tr("Last error"), tr("Attempts"),
                             tr("Given up")});
    m_retry = new QPushButton(tr("&Retry"), this);
    m_retry->setObjectName(u"retryDeadLetter"_s);
    m_retry->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Notifications that could not be delivered. Fix the "
                                    "channel, then retry."), this));
    layout->addWidget(m_list, 1);
    layout->addWidget(m_retry, 0, Qt::AlignRight);

    connect(m_retry, &QPushButton::clicked, this, &DeadLetterView::retrySelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        PermissionGate::apply(m_retry, *m_state->session(), u"notification.retry"_s,
                              item != nullptr);
    });
    connect(m_state->session(), &DesktopSession::permissionsChanged, this,
            &DeadLetterView::refresh);
    auto *lazy = new LazyRefresh(this, [this]() { refresh(); });
    connect(m_state, &ResponderState::changed, lazy, &LazyRefresh::request);
    refresh();
}

void DeadLetterView::refresh()
{
    const QString selected = m_list->currentItem()
        ? m_list->currentItem()->data(0, Qt::UserRole).toString()
        : QString();
    m_list->clear();
    const Notify::Outbox &outbox = m_state->outbox();
    for (const Notify::NotificationRecord *record : outbox.deadLetters()) {
        const Notify::ChannelRecord *channel = outbox.channel(record->channel);
        auto *item = new QTreeWidgetItem(
            m_list, {channel ? u"%1 (%2)"_s.arg(channel->name, channel->kind) : record->kind,
                     record->message.headline(), record->lastError,
                     QString::number(record->attempts),
                     QLocale().toString(QDateTime::fromMSecsSinceEpoch(record->finishedAt),
                                        QLocale::ShortFormat)});
        item->setData(0, Qt::UserRole, record->id);
        if (record->id == selected) {
            m_list->setCurrentItem(item);
        }
    }
    m_list->header()->resizeSections(QHeaderView::ResizeToContents);
    PermissionGate::apply(m_retry, *m_state->session(), u"notification.retry"_s,
                          m_list->currentItem() != nullptr);
}

void DeadLetterView::retrySelected()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item) {
        return;
    }
    m_state->sendCommand({{u"type"_s, u"notification.retry"_s},
                          {u"notification"_s, item->data(0, Qt::UserRole).toString()}},
                         tr("Retry notification"));
}

} // namespace Firebreak
