// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "connectdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect to a Firebreak Server"));

    auto *intro = new QLabel(tr("Firebreak keeps a local copy of what the server shares, so"
                                " you can still read incidents when it is unreachable."),
                             this);
    intro->setWordWrap(true);

    m_server = new QLineEdit(this);
    m_server->setObjectName(u"serverEdit"_s);
    m_server->setPlaceholderText(tr("https://firebreak.example.com"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("API token"));
    m_hint = new QLabel(this);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setObjectName(u"connectHintLabel"_s);
    m_hint->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Token:"), m_token);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_server, &QLineEdit::textChanged, this, &ConnectDialog::updateAcceptable);
    connect(m_token, &QLineEdit::textChanged, this, &ConnectDialog::updateAcceptable);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);
    setMinimumWidth(460);
    updateAcceptable();
}

ConnectDialog::~ConnectDialog() = default;

QUrl ConnectDialog::server() const
{
    return QUrl::fromUserInput(m_server->text().trimmed());
}

void ConnectDialog::setServer(const QUrl &server)
{
    m_server->setText(server.toString());
}

QString ConnectDialog::token() const
{
    return m_token->text().trimmed();
}

bool ConnectDialog::isUsableServer(const QUrl &server)
{
    return server.isValid() && !server.host().isEmpty()
        && (server.scheme() == u"http" || server.scheme() == u"https");
}

void ConnectDialog::updateAcceptable()
{
    const bool serverOk = isUsableServer(server());
    const bool tokenOk = !token().isEmpty();
    if (!serverOk && !m_server->text().trimmed().isEmpty()) {
        m_hint->setText(tr("The server address must start with http:// or https://."));
    } else {
        m_hint->clear();
    }
    m_hint->setVisible(!m_hint->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(serverOk && tokenOk);
}

} // namespace Firebreak
