// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "assignroledialog.h"

#include "incidenttext.h"
#include "model/projection.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QStringList knownPeople(const Projection &projection, const IncidentRecord &incident)
{
    QStringList people;
    const QList<const AccountRecord *> accounts = projection.accounts();
    for (const AccountRecord *account : accounts) {
        if (!account->disabled) {
            people.append(account->name);
        }
    }
    people += incident.roles.values();
    people += incident.responders;
    people.removeAll(QString());
    people.removeDuplicates();
    people.sort(Qt::CaseInsensitive);
    return people;
}

} // namespace

AssignRoleDialog::AssignRoleDialog(const Projection &projection, const IncidentRecord &incident,
                                   QWidget *parent)
    : QDialog(parent)
    , m_roles(incident.roles)
    , m_responders(incident.responders)
{
    setObjectName(u"assignRoleDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Assign a Role — %1").arg(incident.numberText()));

    m_role = new QComboBox(this);
    m_role->setObjectName(u"roleCombo"_s);
    for (const QString &role : {u"commander"_s, u"communications"_s, u"scribe"_s,
                                u"responder"_s}) {
        m_role->addItem(IncidentText::role(role), role);
    }
    m_user = new QComboBox(this);
    m_user->setObjectName(u"roleUserCombo"_s);
    m_user->setEditable(true);
    m_user->addItems(knownPeople(projection, incident));
    m_user->setCurrentText(QString());
    m_user->lineEdit()->setPlaceholderText(tr("User name"));
    m_holder = new QLabel(this);
    m_holder->setTextFormat(Qt::PlainText);
    m_holder->setObjectName(u"roleHolderLabel"_s);
    m_holder->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Person:"), m_user);
    form->addRow(QString(), m_holder);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_assign = buttons->addButton(tr("&Assign"), QDialogButtonBox::AcceptRole);
    m_assign->setObjectName(u"assignButton"_s);
    m_assign->setDefault(true);
    m_remove = buttons->addButton(tr("Re&move"), QDialogButtonBox::DestructiveRole);
    m_remove->setObjectName(u"removeFromRoleButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_remove, &QPushButton::clicked, this, [this]() {
        m_removal = true;
        accept();
    });
    connect(m_role, &QComboBox::currentIndexChanged, this, &AssignRoleDialog::refresh);
    connect(m_user, &QComboBox::currentTextChanged, this, &AssignRoleDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    refresh();
    m_user->setFocus();
}

AssignRoleDialog::~AssignRoleDialog() = default;

QString AssignRoleDialog::role() const
{
    return m_role->currentData().toString();
}

QString AssignRoleDialog::user() const
{
    return m_user->currentText().trimmed();
}

void AssignRoleDialog::refresh()
{
    const QString role = this->role();
    const QString holder = role == u"responder" ? m_responders.join(u", "_s) : m_roles.value(role);
    m_holder->setText(holder.isEmpty() ? tr("Nobody holds this role yet.")
                                       : tr("Held now by %1.").arg(holder));
    const bool holds = role == u"responder" ? m_responders.contains(user())
                                            : m_roles.value(role) == user();
    m_assign->setEnabled(!user().isEmpty() && !holds);
    m_remove->setEnabled(!user().isEmpty() && holds);
}

} // namespace Firebreak
