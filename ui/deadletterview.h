// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace Firebreak {

class ResponderState;

/**
 * The notifications that could not be delivered (the outbox's dead letters): channel, what
 * it was about, the last error and attempts, with a Retry that sends `notification.retry`.
 */
class DeadLetterView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterView)
public:
    explicit DeadLetterView(ResponderState *state, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    void refresh();
    /// Asks for another round for the selected dead letter.
    void retrySelected();

private:
    ResponderState *m_state;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_retry = nullptr;
};

} // namespace Firebreak
