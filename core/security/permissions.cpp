// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "permissions.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Firebreak::Security {

namespace {

using P = Permission;

struct PermissionInfo
{
    Permission permission;
    const char16_t *name;
    const char16_t *description;
};

constexpr std::array s_permissions{
    PermissionInfo{P::ReadIncidents, u"incidents.read", u"See every incident, its timeline"},
    PermissionInfo{P::ReadSharedIncidents, u"incidents.read_shared",
                   u"See only the incidents shared with you"},
    PermissionInfo{P::ReadAlerts, u"alerts.read", u"See alerts"},
    PermissionInfo{P::DeclareIncident, u"incidents.declare", u"Declare an incident by hand"},
    PermissionInfo{P::AcknowledgeIncident, u"incidents.acknowledge", u"Acknowledge a page"},
    PermissionInfo{P::AddNote, u"incidents.note", u"Add notes to an incident"},
    PermissionInfo{P::UpdateIncident, u"incidents.update",
                   u"Change status, milestones, evidence and tasks"},
    PermissionInfo{P::CommandIncident, u"incidents.command",
                   u"Change severity, assign roles, merge, link and share"},
    PermissionInfo{P::PublishStatus, u"status.publish", u"Publish status updates"},
    PermissionInfo{P::ExecuteRunbooks, u"runbooks.execute", u"Run runbook steps"},
    PermissionInfo{P::EditPostmortems, u"postmortems.edit", u"Write post-mortems"},
    PermissionInfo{P::ManageOnCall, u"oncall.manage",
                   u"Edit people, teams, schedules and escalation policies"},
    PermissionInfo{P::ManageIntegrations, u"integrations.manage",
                   u"Create integration keys, routes and silences"},
    PermissionInfo{P::ManageConfiguration, u"configuration.manage",
                   u"Change targets, severities and other settings"},
    PermissionInfo{P::ManageAccounts, u"accounts.manage",
                   u"Create accounts, give roles, define roles"},
    PermissionInfo{P::ReadAudit, u"audit.read", u"Read and verify the audit trail"},
};

QSet<Permission> viewer()
{
    return {P::ReadIncidents, P::ReadAlerts};
}

QSet<Permission> responder()
{
    return viewer() + QSet<Permission>{P::DeclareIncident, P::AcknowledgeIncident, P::AddNote,
                                       P::UpdateIncident, P::EditPostmortems};
}

// Explicit rules first, then prefixes; the first match wins.
const QList<std::pair<QString, Permission>> &commandRules()
{
    static const QList<std::pair<QString, Permission>> rules{
        {u"incident.declare"_s, P::DeclareIncident},
        {u"incident.acknowledge"_s, P::AcknowledgeIncident},
        {u"incident.add_note"_s, P::AddNote},
        {u"incident.set_status"_s, P::UpdateIncident},
        {u"incident.resolve"_s, P::UpdateIncident},
        {u"incident.close"_s, P::UpdateIncident},
        {u"incident.reopen"_s, P::UpdateIncident},
        {u"incident.set_milestone"_s, P::UpdateIncident},
        {u"incident.attach_evidence"_s, P::UpdateIncident},
        {u"incident.update"_s, P::UpdateIncident},
        {u"incident.change_severity"_s, P::CommandIncident},
        {u"incident.assign_role"_s, P::CommandIncident},
        {u"incident.unassign_role"_s, P::CommandIncident},
        {u"incident.merge"_s, P::CommandIncident},
        {u"incident.link"_s, P::CommandIncident},
        {u"incident.share"_s, P::CommandIncident},
        {u"incident.unshare"_s, P::CommandIncident},
        {u"task."_s, P::UpdateIncident},
        {u"status."_s, P::PublishStatus},
        {u"runbook."_s, P::ExecuteRunbooks},
        {u"postmortem.set_template"_s, P::ManageConfiguration},
        {u"postmortem.configure"_s, P::ManageConfiguration},
        {u"postmortem.publish"_s, P::CommandIncident},
        {u"postmortem."_s, P::EditPostmortems},
        {u"document."_s, P::EditPostmortems},
        {u"action_item."_s, P::EditPostmortems},
        {u"user."_s, P::ManageOnCall},
        {u"team."_s, P::ManageOnCall},
        {u"service."_s, P::ManageOnCall},
        {u"schedule."_s, P::ManageOnCall},
        {u"escalation."_s, P::ManageOnCall},
        {u"escalation_policy."_s, P::ManageOnCall},
        {u"notification."_s, P::ManageOnCall},
        {u"channel."_s, P::ManageIntegrations},
        {u"route."_s, P::ManageIntegrations},
        {u"silence."_s, P::ManageIntegrations},
        {u"maintenance."_s, P::ManageIntegrations},
        {u"integration."_s, P::ManageIntegrations},
        {u"account."_s, P::ManageAccounts},
        {u"role."_s, P::ManageAccounts},
        {u"config."_s, P::ManageConfiguration},
    };
    return rules;
}

// Event types store.import copies (incident history, post-mortem edits) and the command each
// comes from; an empty set for events only the server makes.
const QList<std::pair<QString, QSet<Permission>>> &importRules()
{
    static const QList<std::pair<QString, QSet<Permission>>> rules{
        {u"incident.opened"_s, {P::DeclareIncident}},
        {u"incident.acknowledged"_s, {P::AcknowledgeIncident}},
        {u"incident.note_added"_s, {P::AddNote}},
        {u"incident.status_changed"_s, {P::UpdateIncident}},
        {u"incident.resolved"_s, {P::UpdateIncident}},
        {u"incident.closed"_s, {P::UpdateIncident}},
        {u"incident.reopened"_s, {P::UpdateIncident}},
        {u"incident.milestone_set"_s, {P::UpdateIncident}},
        {u"incident.evidence_attached"_s, {P::UpdateIncident}},
        {u"incident.updated"_s, {P::UpdateIncident}},
        {u"incident.severity_changed"_s, {P::CommandIncident}},
        {u"incident.role_assigned"_s, {P::CommandIncident}},
        {u"incident.role_unassigned"_s, {P::CommandIncident}},
        {u"incident.merged"_s, {P::CommandIncident}},
        {u"incident.duplicate_merged"_s, {P::CommandIncident}},
        {u"incident.linked"_s, {P::CommandIncident}},
        {u"incident.shared"_s, {P::CommandIncident}},
        {u"incident.unshared"_s, {P::CommandIncident}},
        {u"postmortem.edited"_s, {P::EditPostmortems}},
        {u"incident.alerts_resolved"_s, {}},
        {u"incident.alerts_truncated"_s, {}},
        {u"incident.target_at_risk"_s, {}},
        {u"incident.target_breached"_s, {}},
    };
    return rules;
}

} // namespace

QString permissionName(Permission permission)
{
    for (const PermissionInfo &info : s_permissions) {
        if (info.permission == permission) {
            return QString::fromUtf16(info.name);
        }
    }
    return QString();
}

QString permissionDescription(Permission permission)
{
    for (const PermissionInfo &info : s_permissions) {
        if (info.permission == permission) {
            return QString::fromUtf16(info.description);
        }
    }
    return QString();
}

std::optional<Permission> permissionFromName(const QString &name)
{
    for (const PermissionInfo &info : s_permissions) {
        if (name == QStringView(info.name)) {
            return info.permission;
        }
    }
    return std::nullopt;
}

QList<Permission> allPermissions()
{
    QList<Permission> list;
    for (const PermissionInfo &info : s_permissions) {
        list.append(info.permission);
    }
    return list;
}

const QList<RoleDefinition> &builtInRoles()
{
    static const QList<Permission> everything = allPermissions();
    static const QList<RoleDefinition> roles{
        {u"viewer"_s, u"Follows incidents and alerts, changes nothing"_s, viewer()},
        {u"stakeholder"_s, u"Sees only the incidents shared with them"_s,
         {P::ReadSharedIncidents}},
        {u"responder"_s, u"Works incidents: acknowledges, updates, writes notes"_s, responder()},
        {u"commander"_s, u"Leads incidents: severity, roles, merges, sharing"_s,
         responder() + QSet<Permission>{P::CommandIncident, P::PublishStatus}},
        {u"communications"_s, u"Keeps stakeholders informed"_s,
         viewer() + QSet<Permission>{P::AddNote, P::PublishStatus}},
        {u"runbook_operator"_s, u"Runs runbook steps"_s,
         viewer() + QSet<Permission>{P::ExecuteRunbooks}},
        {u"administrator"_s, u"Everything, including accounts and configuration"_s,
         QSet<Permission>(everything.cbegin(), everything.cend())},
    };
    return roles;
}

std::optional<RoleDefinition> builtInRole(const QString &name)
{
    for (const RoleDefinition &role : builtInRoles()) {
        if (role.name == name) {
            return role;
        }
    }
    return std::nullopt;
}

QSet<Permission> permissionsOf(const QStringList &roles,
                               const QHash<QString, RoleDefinition> &custom)
{
    QSet<Permission> permissions;
    for (const QString &name : roles) {
        if (const auto role = builtInRole(name)) {
            permissions += role->permissions;
        } else if (const auto it = custom.constFind(name); it != custom.cend()) {
            permissions += it->permissions;
        }
    }
    return permissions;
}

Permission permissionForCommand(const QString &type)
{
    for (const auto &[rule, permission] : commandRules()) {
        if (rule.endsWith(u'.') ? type.startsWith(rule) : type == rule) {
            return permission;
        }
    }
    return P::ManageConfiguration;
}

QSet<Permission> permissionsForImportedEvent(const QString &type)
{
    for (const auto &[rule, permissions] : importRules()) {
        if (rule == type) {
            return permissions;
        }
    }
    const QList<Permission> everything = allPermissions();
    return QSet<Permission>(everything.cbegin(), everything.cend());
}

QString permissionTableMarkdown()
{
    QString text = u"| permission | meaning |"_s;
    for (const RoleDefinition &role : builtInRoles()) {
        text += u' ' + role.name + u" |"_s;
    }
    text += u"\n|---|---|"_s + QString(u"---|"_s).repeated(builtInRoles().size()) + u'\n';
    for (const PermissionInfo &info : s_permissions) {
        text += u"| `"_s + QString::fromUtf16(info.name) + u"` | "_s
            + QString::fromUtf16(info.description) + u" |"_s;
        for (const RoleDefinition &role : builtInRoles()) {
            text += role.permissions.contains(info.permission) ? u" ✓ |"_s : u"  |"_s;
        }
        text += u'\n';
    }
    text += u"\n| command | permission needed |\n|---|---|\n"_s;
    for (const auto &[rule, permission] : commandRules()) {
        text += u"| `"_s + rule + (rule.endsWith(u'.') ? u"*"_s : QString()) + u"` | `"_s
            + permissionName(permission) + u"` |\n"_s;
    }
    text += u"| anything else | `configuration.manage` |\n"_s;

    text += u"\n`store.import` needs `configuration.manage` and, for each event it copies,\n"
            "the permission of the command that makes such events:\n\n"
            "| imported event | permission needed |\n|---|---|\n"_s;
    for (const auto &[rule, permissions] : importRules()) {
        text += u"| `"_s + rule + u"` | "_s;
        for (const Permission permission : permissions) {
            text += u'`' + permissionName(permission) + u'`';
        }
        text += (permissions.isEmpty() ? u"— (made by the server) |\n"_s : u" |\n"_s);
    }
    text += u"| anything else | every permission (an administrator) |\n"_s;
    return text;
}

} // namespace Firebreak::Security
