// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCoreApplication>
#include <QString>

class QAction;
class QObject;
class QWidget;

namespace Firebreak {

class DesktopSession;

/**
 * Offers an action only when the session's role allows the command it sends
 * (DesktopSession::mayRun()). A refused action is disabled (so its shortcut does nothing and
 * the command palette leaves it out) and its tool tip and status tip name the missing
 * permission; the tips come back when the permission does. Callers apply it again on
 * DesktopSession::permissionsChanged(). The server still decides every command.
 */
class PermissionGate
{
    Q_DECLARE_TR_FUNCTIONS(Firebreak::PermissionGate)
public:
    /// Enables `action` when `allowed` (what else it needs, such as the incident's state) and
    /// the session may run `type`. Returns whether the permission is there.
    static bool apply(QAction *action, const DesktopSession &session, const QString &type,
                      bool allowed = true);
    /// The same for a button or another widget.
    static bool apply(QWidget *widget, const DesktopSession &session, const QString &type,
                      bool allowed = true);
    /// The permission the gate last found missing for `object` (an action or widget), or empty.
    static QString missingPermission(const QObject *object);
    /// "Your role lacks the permission “incidents.acknowledge”.", for tips and messages.
    static QString missingText(const QString &permission);
};

} // namespace Firebreak
