// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "declaredialog.h"

#include "incidentstyle.h"
#include "model/projection.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// Services and people the desktop has seen, for completion; any other may be typed.
void collectNames(const Projection &projection, QStringList *services, QStringList *people)
{
    const QList<const AccountRecord *> accounts = projection.accounts();
    for (const AccountRecord *account : accounts) {
        if (!account->disabled) {
            people->append(account->name);
        }
    }
    const QList<const IncidentRecord *> incidents = projection.incidents();
    for (const IncidentRecord *incident : incidents.mid(0, 2000)) {
        services->append(incident->service);
        people->append(incident->roles.value(u"commander"_s));
    }
    for (QStringList *list : {services, people}) {
        list->removeAll(QString());
        list->removeDuplicates();
        list->sort(Qt::CaseInsensitive);
    }
}

} // namespace

DeclareDialog::DeclareDialog(const Projection &projection, QWidget *parent)
    : QDialog(parent)
    , m_projection(projection)
{
    setObjectName(u"declareDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Declare an Incident"));
    resize(520, 360);
    QStringList services;
    QStringList people;
    collectNames(projection, &services, &people);

    m_title = new QLineEdit(this);
    m_title->setObjectName(u"declareTitleEdit"_s);
    m_title->setPlaceholderText(tr("What is wrong, in a few words"));
    m_severity = new QComboBox(this);
    m_severity->setObjectName(u"declareSeverityCombo"_s);
    for (int level = 1; level <= 4; ++level) {
        const auto severity = Severity(level);
        const SeverityDefinition definition = projection.severityDefinition(severity);
        const QString name = severityName(severity);
        m_severity->addItem(IncidentStyle::severitySwatch(severity),
                            definition.name.isEmpty() ? name
                                                      : u"%1 — %2"_s.arg(name, definition.name),
                            name);
    }
    m_severity->setCurrentIndex(2);
    m_severityHelp = new QLabel(this);
    m_severityHelp->setTextFormat(Qt::PlainText);
    m_severityHelp->setObjectName(u"declareSeverityHelpLabel"_s);
    m_severityHelp->setWordWrap(true);
    m_severityHelp->setForegroundRole(QPalette::PlaceholderText);

    m_service = new QComboBox(this);
    m_service->setObjectName(u"declareServiceCombo"_s);
    m_service->setEditable(true);
    m_service->addItems(services);
    m_service->setCurrentText(QString());
    m_impact = new QPlainTextEdit(this);
    m_impact->setObjectName(u"declareImpactEdit"_s);
    m_impact->setTabChangesFocus(true);
    m_impact->setPlaceholderText(tr("Who is affected and how: users, revenue, data"));
    m_commander = new QComboBox(this);
    m_commander->setObjectName(u"declareCommanderCombo"_s);
    m_commander->setEditable(true);
    m_commander->addItems(people);
    m_commander->setCurrentText(QString());

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("S&everity:"), m_severity);
    form->addRow(QString(), m_severityHelp);
    form->addRow(tr("Ser&vice:"), m_service);
    form->addRow(tr("&Impact:"), m_impact);
    form->addRow(tr("&Commander:"), m_commander);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_declare = buttons->addButton(tr("&Declare"), QDialogButtonBox::AcceptRole);
    m_declare->setObjectName(u"declareButton"_s);
    m_declare->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_title, &QLineEdit::textChanged, this, &DeclareDialog::refresh);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &DeclareDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    refresh();
    m_title->setFocus();
}

DeclareDialog::~DeclareDialog() = default;

QJsonObject DeclareDialog::command() const
{
    QJsonObject command{{u"type"_s, u"incident.declare"_s},
                        {u"title"_s, m_title->text().trimmed()},
                        {u"severity"_s, m_severity->currentData().toString()}};
    const QString service = m_service->currentText().trimmed();
    const QString impact = m_impact->toPlainText().trimmed();
    const QString commander = m_commander->currentText().trimmed();
    if (!service.isEmpty()) {
        command.insert(u"service"_s, service);
    }
    if (!impact.isEmpty()) {
        command.insert(u"impact"_s, impact);
    }
    if (!commander.isEmpty()) {
        command.insert(u"commander"_s, commander);
    }
    return command;
}

void DeclareDialog::refresh()
{
    m_declare->setEnabled(!m_title->text().trimmed().isEmpty());
    const Severity severity = severityFromName(m_severity->currentData().toString());
    const SeverityDefinition definition = m_projection.severityDefinition(severity);
    const QString help = QStringList{definition.description, definition.criteria}
                             .filter(QRegularExpression(u"\\S"_s))
                             .join(u" — "_s);
    m_severityHelp->setText(help);
    m_severityHelp->setVisible(!help.isEmpty());
}

} // namespace Firebreak
