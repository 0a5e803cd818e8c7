// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "permissiongate.h"

#include "desktopsession.h"

#include <QAction>
#include <QVariant>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// The tips an object had before the gate added the missing permission to them.
constexpr char s_toolTipProperty[] = "firebreakPermissionToolTip";
constexpr char s_statusTipProperty[] = "firebreakPermissionStatusTip";
constexpr char s_missingProperty[] = "firebreakMissingPermission";

template<typename Object>
void setTips(Object *object, const QString &missing)
{
    // Views apply the gate on every refresh: the tips change only when the answer does.
    if (object->property(s_missingProperty).toString() == missing) {
        return;
    }
    if (!object->property(s_toolTipProperty).isValid()) {
        object->setProperty(s_toolTipProperty, object->toolTip());
        object->setProperty(s_statusTipProperty, object->statusTip());
    }
    object->setProperty(s_missingProperty, missing);
    const QString toolTip = object->property(s_toolTipProperty).toString();
    const QString statusTip = object->property(s_statusTipProperty).toString();
    if (missing.isEmpty()) {
        object->setToolTip(toolTip);
        object->setStatusTip(statusTip);
        return;
    }
    const QString reason = PermissionGate::missingText(missing);
    object->setToolTip(toolTip.isEmpty() ? reason : toolTip + u'\n' + reason);
    object->setStatusTip(reason);
}

} // namespace

bool PermissionGate::apply(QAction *action, const DesktopSession &session, const QString &type,
                           bool allowed)
{
    const QString missing = session.missingPermission(type);
    setTips(action, missing);
    action->setEnabled(allowed && missing.isEmpty());
    return missing.isEmpty();
}

bool PermissionGate::apply(QWidget *widget, const DesktopSession &session, const QString &type,
                           bool allowed)
{
    const QString missing = session.missingPermission(type);
    setTips(widget, missing);
    widget->setEnabled(allowed && missing.isEmpty());
    return missing.isEmpty();
}

QString PermissionGate::missingPermission(const QObject *object)
{
    return object->property(s_missingProperty).toString();
}

QString PermissionGate::missingText(const QString &permission)
{
    return tr("Your role lacks the permission “%1”.").arg(permission);
}

} // namespace Firebreak
