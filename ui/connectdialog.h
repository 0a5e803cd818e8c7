// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Firebreak {

/// Asks for the server to connect to and the API token to use.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)
public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    ~ConnectDialog() override;

    QUrl server() const;
    void setServer(const QUrl &server);
    QString token() const;

    /// True for an absolute http or https URL with a host, which is what the desktop can use.
    static bool isUsableServer(const QUrl &server);

private:
    void updateAcceptable();

    QLineEdit *m_server = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_hint = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Firebreak
