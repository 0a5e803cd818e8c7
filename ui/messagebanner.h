// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;

namespace Firebreak {

/**
 * A quiet red band that says why something did not happen (a command the server refused, with
 * its reason) until it is dismissed or the next command succeeds. Object names: "messageBanner",
 * "messageLabel", "dismissMessageButton".
 */
class MessageBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)
public:
    explicit MessageBanner(QWidget *parent = nullptr);
    ~MessageBanner() override;

    void showMessage(const QString &message);
    QString message() const;

Q_SIGNALS:
    void dismissed();

private:
    QLabel *m_text = nullptr;
};

} // namespace Firebreak
