// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Firebreak {

class Projection;

/**
 * Declares an incident by hand, without an alert: title, severity (with the organisation's
 * names and criteria where defined), service, impact and commander. command() is the
 * incident.declare command to send. Deletes itself when closed.
 */
class DeclareDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeclareDialog)
public:
    explicit DeclareDialog(const Projection &projection, QWidget *parent = nullptr);
    ~DeclareDialog() override;

    QJsonObject command() const;

private:
    void refresh();

    const Projection &m_projection;
    QLineEdit *m_title = nullptr;
    QComboBox *m_severity = nullptr;
    QLabel *m_severityHelp = nullptr;
    QComboBox *m_service = nullptr;
    QPlainTextEdit *m_impact = nullptr;
    QComboBox *m_commander = nullptr;
    QPushButton *m_declare = nullptr;
};

} // namespace Firebreak
