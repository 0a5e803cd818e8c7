// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QPushButton;

namespace Firebreak {

class Projection;
struct IncidentRecord;

/**
 * Chooses a role of incident command and a person for it: Assign hands the role over (the
 * previous holder is recorded by the server), Remove takes it from that person. People known
 * to the desktop are offered; any name may be typed. Deletes itself when closed.
 */
class AssignRoleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignRoleDialog)
public:
    AssignRoleDialog(const Projection &projection, const IncidentRecord &incident,
                     QWidget *parent = nullptr);
    ~AssignRoleDialog() override;

    /// "commander", "communications", "scribe" or "responder".
    QString role() const;
    QString user() const;
    /// True when the person chose Remove rather than Assign.
    bool isRemoval() const { return m_removal; }

private:
    void refresh();

    QStringList m_holders;
    QComboBox *m_role = nullptr;
    QComboBox *m_user = nullptr;
    QLabel *m_holder = nullptr;
    QPushButton *m_assign = nullptr;
    QPushButton *m_remove = nullptr;
    QMap<QString, QString> m_roles;
    QStringList m_responders;
    bool m_removal = false;
};

} // namespace Firebreak
