// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Firebreak::Security {

/// What a person or token may do. The server checks one of these on every command, query and
/// subscription; docs/permissions.md is generated from this table.
enum class Permission {
    ReadIncidents,       ///< every incident, its timeline and alerts
    ReadSharedIncidents, ///< only incidents shared with the person (stakeholders)
    ReadAlerts,
    DeclareIncident,
    AcknowledgeIncident,
    AddNote,
    UpdateIncident,  ///< status, milestones, evidence, tasks
    CommandIncident, ///< severity, roles, merge, link, share
    PublishStatus,
    ExecuteRunbooks,
    EditPostmortems,
    ManageOnCall,
    ManageIntegrations, ///< integration keys, routes, silences
    ManageConfiguration,
    ManageAccounts,
    ReadAudit,
};

QString permissionName(Permission permission);
std::optional<Permission> permissionFromName(const QString &name);
QList<Permission> allPermissions();
QString permissionDescription(Permission permission);

struct RoleDefinition
{
    QString name;
    QString description;
    QSet<Permission> permissions;
};

/// viewer, stakeholder, responder, commander, communications, runbook_operator, administrator.
const QList<RoleDefinition> &builtInRoles();
std::optional<RoleDefinition> builtInRole(const QString &name);

/// The union of the roles' permissions; custom roles (by name) are looked up in `custom`.
QSet<Permission> permissionsOf(const QStringList &roles,
                               const QHash<QString, RoleDefinition> &custom = {});

/**
 * The permission a command type needs. Types no rule names need ManageConfiguration, so a
 * new command is administrator-only until someone decides otherwise.
 */
Permission permissionForCommand(const QString &type);

/**
 * What importing an event of `type` with `store.import` needs besides the command's own
 * ManageConfiguration: the permission of the command that makes such events (an imported
 * `incident.resolved` needs what `incident.resolve` needs). Events the server makes itself
 * (targets, alert counts) need nothing more; types no rule names need every permission
 * (an administrator).
 */
QSet<Permission> permissionsForImportedEvent(const QString &type);

/// The permission and role tables as Markdown, for docs/permissions.md.
QString permissionTableMarkdown();

} // namespace Firebreak::Security
