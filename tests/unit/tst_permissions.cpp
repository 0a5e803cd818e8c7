// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The role-by-command matrix, every cell checked (denials as much as grants), and the
// permission table in docs/ kept equal to the code (FIREBREAK_UPDATE_DOCS=1 rewrites it).
#include "incidents/incidentcommands.h"
#include "security/permissions.h"

#include <QFile>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Security;
using namespace Qt::StringLiterals;

namespace {

// Which roles may run each command: written out by hand, not derived from the code.
const QList<std::pair<QString, QStringList>> &expectedMatrix()
{
    const QStringList responders{u"responder"_s, u"commander"_s, u"administrator"_s};
    const QStringList commanders{u"commander"_s, u"administrator"_s};
    const QStringList admins{u"administrator"_s};
    static const QList<std::pair<QString, QStringList>> matrix{
        {u"incident.declare"_s, responders},
        {u"incident.acknowledge"_s, responders},
        {u"incident.add_note"_s, responders + QStringList{u"communications"_s}},
        {u"incident.set_status"_s, responders},
        {u"incident.resolve"_s, responders},
        {u"incident.close"_s, responders},
        {u"incident.reopen"_s, responders},
        {u"incident.set_milestone"_s, responders},
        {u"incident.attach_evidence"_s, responders},
        {u"incident.update"_s, responders},
        {u"incident.change_severity"_s, commanders},
        {u"incident.assign_role"_s, commanders},
        {u"incident.unassign_role"_s, commanders},
        {u"incident.merge"_s, commanders},
        {u"incident.link"_s, commanders},
        {u"incident.share"_s, commanders},
        {u"incident.unshare"_s, commanders},
        {u"status.publish"_s, {u"commander"_s, u"communications"_s, u"administrator"_s}},
        {u"runbook.run_step"_s, {u"runbook_operator"_s, u"administrator"_s}},
        {u"postmortem.edit"_s, responders},
        {u"schedule.create"_s, admins},
        {u"escalation_policy.create"_s, admins},
        {u"channel.create"_s, admins},
        {u"notification.retry"_s, admins},
        {u"route.create"_s, admins},
        {u"silence.create"_s, admins},
        {u"account.create"_s, admins},
        {u"role.define"_s, admins},
        {u"config.set_targets"_s, admins},
        {u"something.new"_s, admins},
    };
    return matrix;
}

} // namespace

class TestPermissions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matrix_data();
    void matrix();
    void everyKnownCommandIsCovered();
    void rolesOnlyReadWhatTheyShould();
    void customRoles();
    void onCallConfigurationIsNotAdministratorOnly();
    void documentationMatchesCode();
};

void TestPermissions::matrix_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("allowed");
    for (const auto &[command, allowedRoles] : expectedMatrix()) {
        for (const RoleDefinition &role : builtInRoles()) {
            QTest::addRow("%s by %s", qPrintable(command), qPrintable(role.name))
                << command << role.name << allowedRoles.contains(role.name);
        }
    }
}

void TestPermissions::matrix()
{
    QFETCH(QString, command);
    QFETCH(QString, role);
    QFETCH(bool, allowed);
    const QSet<Permission> permissions = permissionsOf({role});
    QCOMPARE(permissions.contains(permissionForCommand(command)), allowed);
}

void TestPermissions::everyKnownCommandIsCovered()
{
    QStringList listed;
    for (const auto &entry : expectedMatrix()) {
        listed.append(entry.first);
    }
    for (const QString &type : knownCommandTypes()) {
        if (type.startsWith(u"config.")) {
            QCOMPARE(permissionForCommand(type), Permission::ManageConfiguration);
            continue;
        }
        QVERIFY2(listed.contains(type), qPrintable(type + u" is missing from the matrix"_s));
    }
}

void TestPermissions::rolesOnlyReadWhatTheyShould()
{
    QVERIFY(!permissionsOf({u"stakeholder"_s}).contains(Permission::ReadIncidents));
    QVERIFY(permissionsOf({u"stakeholder"_s}).contains(Permission::ReadSharedIncidents));
    QVERIFY(!permissionsOf({u"viewer"_s}).contains(Permission::ManageAccounts));
    QVERIFY(!permissionsOf({u"commander"_s}).contains(Permission::ReadAudit));
    QVERIFY(permissionsOf({u"administrator"_s}).contains(Permission::ReadAudit));
    QVERIFY(permissionsOf({u"no-such-role"_s}).isEmpty());
    QCOMPARE(permissionsOf({u"viewer"_s, u"runbook_operator"_s}),
             permissionsOf({u"runbook_operator"_s}));
}

void TestPermissions::customRoles()
{
    const QHash<QString, RoleDefinition> custom{
        {u"scribe"_s, {u"scribe"_s, QString(), {Permission::ReadIncidents, Permission::AddNote}}}};
    const QSet<Permission> permissions = permissionsOf({u"scribe"_s}, custom);
    QVERIFY(permissions.contains(permissionForCommand(u"incident.add_note"_s)));
    QVERIFY(!permissions.contains(permissionForCommand(u"incident.resolve"_s)));
}

void TestPermissions::onCallConfigurationIsNotAdministratorOnly()
{
    // Escalation policies and notifications belong with schedules; channels carry webhook
    // secrets like integrations. None of them should fall through to ManageConfiguration.
    QCOMPARE(permissionForCommand(u"escalation_policy.create"_s), Permission::ManageOnCall);
    QCOMPARE(permissionForCommand(u"escalation_policy.update"_s), Permission::ManageOnCall);
    QCOMPARE(permissionForCommand(u"notification.retry"_s), Permission::ManageOnCall);
    QCOMPARE(permissionForCommand(u"channel.create"_s), Permission::ManageIntegrations);
    QCOMPARE(permissionForCommand(u"channel.delete"_s), Permission::ManageIntegrations);
}

void TestPermissions::documentationMatchesCode()
{
    const QString path = QStringLiteral(FIREBREAK_SOURCE_DIR "/docs/permissions.md");
    const QByteArray header = "# Permissions and roles\n\n"
                              "Generated from core/security/permissions.cpp by tst_permissions "
                              "(run it with FIREBREAK_UPDATE_DOCS=1 to rewrite this file).\n\n";
    const QByteArray expected = header + permissionTableMarkdown().toUtf8();
    if (qEnvironmentVariableIsSet("FIREBREAK_UPDATE_DOCS")) {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(expected);
    }
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QCOMPARE(QString::fromUtf8(file.readAll()), QString::fromUtf8(expected));
}

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
