// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Accounts, sessions, tokens and roles against a real server: every built-in role runs every
// kind of command (denials checked as much as grants), stakeholders see only what is shared
// with them (REST and sync), revoked, expired, scoped or throttled credentials are refused, and
// roles, tasks and action items go only to people the server knows once it has accounts.
#include "model/projection.h"
#include "serverprocess.h"
#include "sync/syncclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString s_password = u"correct horse battery"_s;
const QStringList s_roles{u"viewer"_s,         u"stakeholder"_s,      u"responder"_s,
                          u"commander"_s,      u"communications"_s,   u"runbook_operator"_s,
                          u"administrator"_s};

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// An event of another store, as a hand-over sends it (docs/desktop.md, "Handing over").
QJsonObject foreignEvent(qint64 seq, const QString &type, const QString &incident,
                         const QJsonObject &data = {})
{
    return {{u"seq"_s, seq},
            {u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {u"type"_s, type},
            {u"at"_s, u"2026-01-02T03:04:05.000Z"_s},
            {u"actor"_s, u"user:admin"_s},
            {u"incident"_s, incident},
            {u"hash"_s, u"00"_s},
            {u"data"_s, data}};
}

QJsonObject storeImport(const QString &source, const QJsonArray &events)
{
    return {{u"type"_s, u"store.import"_s}, {u"source"_s, source}, {u"events"_s, events}};
}

} // namespace

class TestAuthorisation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void commandMatrix_data();
    void commandMatrix();
    void queriesByRole_data();
    void queriesByRole();
    void stakeholderSeesOnlySharedIncidents();
    void scopedTokens();
    void scopedTokensMakeNoMightierTokens();
    void storeImportTouchesOnlyImportedIncidents();
    void workGoesOnlyToKnownPeople_data();
    void workGoesOnlyToKnownPeople();
    void withoutAccountsAnyNameIsTaken();
    void qtDebugLoggingShowsNoSecrets();
    void revokedAndLoggedOutTokensStop();
    void disabledAccountsStop();
    void loginIsThrottled();
    void passwordsAreStoredAsArgon2id(); // stops the server: last

private:
    ServerProcess::Reply command(const QString &token, const QJsonObject &body) const;
    QString login(const QString &user, const QString &password = s_password) const;
    QString declare(const QString &title);

    ServerProcess m_server;
    QHash<QString, QString> m_tokens; // role → session token of an account with that role
};

void TestAuthorisation::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    for (const QString &role : s_roles) {
        const auto created = command(m_server.adminToken(),
                                     {{u"type"_s, u"account.create"_s},
                                      {u"name"_s, QString(role + u".user"_s)},
                                      {u"roles"_s, QJsonArray{role}},
                                      {u"password"_s, s_password}});
        QVERIFY2(created.status == 200, created.body.constData());
        QVERIFY(!created.body.contains("argon2")); // the hash never comes back
        const QString token = login(role + u".user"_s);
        QVERIFY2(!token.isEmpty(), qPrintable(role));
        m_tokens.insert(role, token);
    }
    QVERIFY(!declare(u"Checkout down"_s).isEmpty());
}

void TestAuthorisation::cleanupTestCase()
{
    m_server.stop();
}

ServerProcess::Reply TestAuthorisation::command(const QString &token,
                                                const QJsonObject &body) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(body), token);
}

QString TestAuthorisation::login(const QString &user, const QString &password) const
{
    const auto reply = m_server.request(
        "POST", u"/api/v1/sessions"_s, json({{u"user"_s, user}, {u"password"_s, password}}));
    return reply.status == 201 ? reply.json().value(u"token"_s).toString() : QString();
}

QString TestAuthorisation::declare(const QString &title)
{
    const auto reply = command(m_server.adminToken(), {{u"type"_s, u"incident.declare"_s},
                                                       {u"title"_s, title},
                                                       {u"severity"_s, u"P2"_s}});
    const QJsonArray events = reply.json().value(u"events"_s).toArray();
    return events.isEmpty() ? QString() : events.first()[u"incident"_s].toString();
}

void TestAuthorisation::commandMatrix_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QStringList>("allowed");
    const QStringList responders{u"responder"_s, u"commander"_s, u"administrator"_s};
    const QStringList commanders{u"commander"_s, u"administrator"_s};
    const QJsonObject incident{{u"incident"_s, u"INC-1"_s}};
    auto with = [&incident](QJsonObject body) {
        for (auto it = incident.begin(); it != incident.end(); ++it) {
            body.insert(it.key(), it.value());
        }
        return body;
    };
    QTest::newRow("declare") << QJsonObject{{u"type"_s, u"incident.declare"_s},
                                            {u"title"_s, u"x"_s}, {u"severity"_s, u"P4"_s}}
                             << responders;
    QTest::newRow("note") << with({{u"type"_s, u"incident.add_note"_s}, {u"text"_s, u"hi"_s}})
                          << responders + QStringList{u"communications"_s};
    QTest::newRow("milestone") << with({{u"type"_s, u"incident.set_milestone"_s},
                                        {u"milestone"_s, u"detected"_s},
                                        {u"at"_s, u"2026-01-01T00:00:00Z"_s}})
                               << responders;
    QTest::newRow("severity") << with({{u"type"_s, u"incident.change_severity"_s},
                                       {u"severity"_s, u"P9"_s}})
                              << commanders;
    QTest::newRow("assign role") << with({{u"type"_s, u"incident.assign_role"_s},
                                          {u"role"_s, u"scribe"_s}, {u"user"_s, u"bob"_s}})
                                 << commanders;
    QTest::newRow("targets") << QJsonObject{{u"type"_s, u"config.set_targets"_s},
                                            {u"targets"_s, QJsonObject()}}
                             << QStringList{u"administrator"_s};
    QTest::newRow("account") << QJsonObject{{u"type"_s, u"account.disable"_s},
                                            {u"name"_s, u"nobody"_s}}
                             << QStringList{u"administrator"_s};
}

void TestAuthorisation::commandMatrix()
{
    QFETCH(QJsonObject, body);
    QFETCH(QStringList, allowed);
    for (const QString &role : s_roles) {
        const auto reply = command(m_tokens.value(role), body);
        const QString code = reply.json()[u"error"_s][u"code"_s].toString();
        if (allowed.contains(role)) {
            QVERIFY2(reply.status != 403 && reply.status != 401,
                     qPrintable(role + u": "_s + QString::fromUtf8(reply.body)));
        } else {
            // Stakeholders cannot see INC-1 at all: to them it does not exist.
            QVERIFY2(reply.status == 403 || (role == u"stakeholder" && reply.status == 404),
                     qPrintable(role + u" was not refused: "_s + QString::fromUtf8(reply.body)));
            QVERIFY(code == u"forbidden" || code == u"not_found");
        }
    }
}

void TestAuthorisation::queriesByRole_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("allowed");
    const QStringList readers{u"viewer"_s,         u"responder"_s, u"commander"_s,
                              u"communications"_s, u"runbook_operator"_s, u"administrator"_s};
    QTest::newRow("alerts") << u"/api/v1/alerts"_s << readers;
    QTest::newRow("metrics report") << u"/api/v1/metrics"_s << readers;
    QTest::newRow("integrations") << u"/api/v1/integrations"_s
                                  << QStringList{u"administrator"_s};
    QTest::newRow("accounts") << u"/api/v1/accounts"_s << QStringList{u"administrator"_s};
    QTest::newRow("audit") << u"/api/v1/audit/verify"_s << QStringList{u"administrator"_s};
    QTest::newRow("incident list") << u"/api/v1/incidents"_s << s_roles;
}

void TestAuthorisation::queriesByRole()
{
    QFETCH(QString, path);
    QFETCH(QStringList, allowed);
    for (const QString &role : s_roles) {
        const int status = m_server.request("GET", path, {}, m_tokens.value(role)).status;
        QCOMPARE(status == 200, allowed.contains(role));
        if (!allowed.contains(role)) {
            QCOMPARE(status, 403);
        }
    }
    QCOMPARE(m_server.request("GET", path).status, 401);
}

void TestAuthorisation::stakeholderSeesOnlySharedIncidents()
{
    const QString stakeholder = m_tokens.value(u"stakeholder"_s);
    const QString shared = declare(u"Payments slow"_s);
    const QString hidden = declare(u"Internal tooling broken"_s);

    // A live sync client of the stakeholder, to see what it is sent.
    Projection seen;
    QStringList typesSeen;
    SyncClient client(nullptr);
    connect(&client, &SyncClient::eventsArrived, this, [&](const EventList &events) {
        for (const Event &event : events) {
            seen.apply(event);
            typesSeen.append(event.type);
        }
    });
    client.connectToServer(m_server.url(), stakeholder);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), SyncClient::State::Live, 20000);
    QCOMPARE(seen.incidentCount(), 0);

    QCOMPARE(command(m_tokens.value(u"commander"_s), {{u"type"_s, u"incident.share"_s},
                                                      {u"incident"_s, shared},
                                                      {u"user"_s, u"stakeholder.user"_s}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(seen.incidentCount(), 1, 20000);
    QVERIFY(seen.incident(shared));
    QVERIFY(!seen.incident(hidden));
    for (const QString &type : std::as_const(typesSeen)) {
        QVERIFY2(!type.startsWith(u"token.") && !type.startsWith(u"account."), qPrintable(type));
    }

    const QJsonArray listed = m_server.request("GET", u"/api/v1/incidents"_s, {}, stakeholder)
                                  .json()[u"incidents"_s].toArray();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first()[u"id"_s].toString(), shared);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/"_s + hidden, {}, stakeholder).status,
             404);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/"_s + hidden + u"/timeline"_s, {},
                              stakeholder)
                 .status,
             404);
    QCOMPARE(command(stakeholder, {{u"type"_s, u"incident.add_note"_s},
                                   {u"incident"_s, shared},
                                   {u"text"_s, u"hello"_s}})
                 .status,
             403);

    // An overdue action item on the shared incident: its reminder names the owner's e-mail,
    // which is the directory's, not the stakeholder's to read (over sync or REST).
    const QString admin = m_server.adminToken();
    QCOMPARE(command(admin, {{u"type"_s, u"user.create"_s},
                             {u"name"_s, u"dora"_s},
                             {u"displayName"_s, u"Dora"_s},
                             {u"email"_s, u"dora@example.test"_s}})
                 .status,
             200);
    QCOMPARE(command(admin, {{u"type"_s, u"action_item.create"_s},
                             {u"incident"_s, shared},
                             {u"title"_s, u"Add a payments latency alert"_s},
                             {u"owner"_s, u"dora"_s},
                             {u"due"_s, isoFromMs(QDateTime::currentMSecsSinceEpoch() - 60000)},
                             {u"priority"_s, u"high"_s},
                             {u"source"_s, u"incident"_s}})
                 .status,
             200);
    const QString timelinePath = u"/api/v1/incidents/"_s + shared + u"/timeline?limit=1000"_s;
    QTRY_VERIFY_WITH_TIMEOUT(m_server.request("GET", timelinePath, {}, admin)
                                 .body.contains("action_item.flagged_overdue"),
                             20000);
    QVERIFY(m_server.request("GET", timelinePath, {}, admin).body.contains("dora@example.test"));
    const auto theirs = m_server.request("GET", timelinePath, {}, stakeholder);
    QCOMPARE(theirs.status, 200);
    QVERIFY(theirs.body.contains("action_item.created"));
    QVERIFY2(!theirs.body.contains("dora@example.test"), theirs.body.constData());
    // Sync has delivered everything up to the reminder by now; none of it names the address.
    const qint64 head = m_server.request("GET", u"/healthz"_s).json()[u"head"_s].toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(client.lastSeq() >= head, 20000);
    QVERIFY(typesSeen.contains(u"action_item.created"_s));
    QVERIFY(!typesSeen.contains(u"action_item.flagged_overdue"_s));
    QVERIFY(!typesSeen.contains(u"action_item.reminded"_s));
}

void TestAuthorisation::scopedTokens()
{
    const QString responder = m_tokens.value(u"responder"_s);
    const auto created = m_server.request(
        "POST", u"/api/v1/tokens"_s,
        json({{u"name"_s, u"dashboard"_s}, {u"scopes"_s, QJsonArray{u"incidents.read"_s}},
              {u"expiresInDays"_s, 7}}),
        responder);
    QCOMPARE(created.status, 201);
    const QString scoped = created.json()[u"token"_s].toString();
    QVERIFY(!created.json()[u"expiresAt"_s].toString().isEmpty());
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, scoped).status, 200);
    QCOMPARE(command(scoped, {{u"type"_s, u"incident.add_note"_s}, {u"incident"_s, u"INC-1"_s},
                              {u"text"_s, u"x"_s}})
                 .status,
             403);
    // A token cannot carry more than its owner has.
    QCOMPARE(m_server.request("POST", u"/api/v1/tokens"_s,
                              json({{u"name"_s, u"greedy"_s},
                                    {u"scopes"_s, QJsonArray{u"accounts.manage"_s}}}),
                              responder)
                 .status,
             403);
    QCOMPARE(m_server.request("POST", u"/api/v1/tokens"_s,
                              json({{u"name"_s, u"odd"_s}, {u"scopes"_s, 5}}), responder)
                 .status,
             400);
    // Fields of the wrong type say so, rather than "unknown command type \"\"" or
    // "no incident \"\"".
    const auto typeNumber = m_server.request("POST", u"/api/v1/commands"_s,
                                             json({{u"type"_s, 1}}), responder);
    QCOMPARE(typeNumber.status, 400);
    QVERIFY2(typeNumber.body.contains("type must be a string"), typeNumber.body.constData());
    const auto incidentNumber = m_server.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.note"_s}, {u"incident"_s, 1}, {u"text"_s, u"x"_s}}),
        responder);
    QCOMPARE(incidentNumber.status, 400);
    QVERIFY2(incidentNumber.body.contains("incident must be a string"),
             incidentNumber.body.constData());
    // A permission that does not exist is a bad request that says so, not "you lack it"; a
    // name too long says that, not that it is missing.
    const auto bogus = m_server.request(
        "POST", u"/api/v1/tokens"_s,
        json({{u"name"_s, u"bogus"_s}, {u"scopes"_s, QJsonArray{u"bogus.perm"_s}}}), responder);
    QCOMPARE(bogus.status, 400);
    QVERIFY2(bogus.body.contains("is no permission"), bogus.body.constData());
    const auto longName = m_server.request(
        "POST", u"/api/v1/tokens"_s, json({{u"name"_s, QString(1000, u'n')}}), responder);
    QCOMPARE(longName.status, 400);
    QVERIFY2(longName.body.contains("at most 100 characters"), longName.body.constData());
    // A lifetime is a whole number of days: anything else is refused, not taken as 90.
    for (const QJsonValue &days : {QJsonValue(u"1"_s), QJsonValue(1.5), QJsonValue(),
                                   QJsonValue(0), QJsonValue(367), QJsonValue(true)}) {
        const auto refused = m_server.request(
            "POST", u"/api/v1/tokens"_s,
            json({{u"name"_s, u"lifetime"_s}, {u"expiresInDays"_s, days}}), responder);
        QVERIFY2(refused.status == 400, refused.body.constData());
        QVERIFY(refused.json()[u"error"_s][u"message"_s].toString().contains(
            u"expiresInDays"_s));
    }
    const auto defaulted = m_server.request("POST", u"/api/v1/tokens"_s,
                                            json({{u"name"_s, u"default lifetime"_s}}),
                                            responder);
    QCOMPARE(defaulted.status, 201);
    const QDateTime expires = QDateTime::fromString(
        defaulted.json()[u"expiresAt"_s].toString(), Qt::ISODateWithMs);
    QVERIFY(expires.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().daysTo(expires) - 90) <= 1);
}

void TestAuthorisation::scopedTokensMakeNoMightierTokens()
{
    const QString responder = m_tokens.value(u"responder"_s);
    const auto parent = m_server.request(
        "POST", u"/api/v1/tokens"_s,
        json({{u"name"_s, u"read-only"_s}, {u"scopes"_s, QJsonArray{u"incidents.read"_s}},
              {u"expiresInDays"_s, 1}}),
        responder);
    QCOMPARE(parent.status, 201);
    const QString scoped = parent.json()[u"token"_s].toString();
    const qint64 parentExpiry = QDateTime::fromString(parent.json()[u"expiresAt"_s].toString(),
                                                      Qt::ISODateWithMs)
                                    .toMSecsSinceEpoch();
    QVERIFY(parentExpiry > 0);

    // Wider scopes are refused; no scopes means the parent's scopes, not all of the owner's.
    QCOMPARE(m_server.request("POST", u"/api/v1/tokens"_s,
                              json({{u"name"_s, u"wider"_s},
                                    {u"scopes"_s, QJsonArray{u"incidents.note"_s}}}),
                              scoped)
                 .status,
             403);
    for (const QJsonObject &request :
         {QJsonObject{{u"name"_s, u"child"_s}},
          QJsonObject{{u"name"_s, u"child"_s}, {u"scopes"_s, QJsonArray()}},
          QJsonObject{{u"name"_s, u"child"_s}, {u"expiresInDays"_s, 300}}}) {
        const auto child = m_server.request("POST", u"/api/v1/tokens"_s, json(request), scoped);
        QCOMPARE(child.status, 201);
        QCOMPARE(child.json()[u"scopes"_s].toArray(), QJsonArray{u"incidents.read"_s});
        const qint64 expiry = QDateTime::fromString(child.json()[u"expiresAt"_s].toString(),
                                                    Qt::ISODateWithMs)
                                  .toMSecsSinceEpoch();
        QVERIFY2(expiry > 0 && expiry <= parentExpiry, child.body.constData());
        const QString token = child.json()[u"token"_s].toString();
        QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, token).status, 200);
        QCOMPARE(command(token, {{u"type"_s, u"incident.add_note"_s},
                                 {u"incident"_s, u"INC-1"_s},
                                 {u"text"_s, u"x"_s}})
                     .status,
                 403);
    }

    // A session (a password login) still makes tokens that outlive it, with all the owner's
    // permissions when no scopes are asked.
    const auto unscoped = m_server.request(
        "POST", u"/api/v1/tokens"_s, json({{u"name"_s, u"cli"_s}, {u"expiresInDays"_s, 30}}),
        responder);
    QCOMPARE(unscoped.status, 201);
    QVERIFY(unscoped.json()[u"scopes"_s].toArray().isEmpty());
    QVERIFY(QDateTime::fromString(unscoped.json()[u"expiresAt"_s].toString(), Qt::ISODateWithMs)
            > QDateTime::currentDateTimeUtc().addDays(29));
}

void TestAuthorisation::storeImportTouchesOnlyImportedIncidents()
{
    const QString admin = m_server.adminToken();
    const QString live = declare(u"Live incident"_s);
    QVERIFY(!live.isEmpty());
    const QString livePath = u"/api/v1/incidents/"_s + live;
    const auto status = [&] {
        return m_server.request("GET", livePath, {}, admin).json()[u"status"_s].toString();
    };
    const QString before = status();
    const QString source = QUuid::createUuid().toString(QUuid::WithoutBraces);

    // Someone who may change settings but not incidents cannot write incident history.
    QCOMPARE(command(admin, {{u"type"_s, u"role.define"_s}, {u"name"_s, u"settings_admin"_s},
                             {u"permissions"_s, QJsonArray{u"configuration.manage"_s,
                                                           u"incidents.read"_s}}})
                 .status,
             200);
    QCOMPARE(command(admin, {{u"type"_s, u"account.create"_s}, {u"name"_s, u"settings.user"_s},
                             {u"roles"_s, QJsonArray{u"settings_admin"_s}},
                             {u"password"_s, s_password}})
                 .status,
             200);
    const QString settings = login(u"settings.user"_s);
    QVERIFY(!settings.isEmpty());
    const QString ownIncident = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto refused = command(settings, storeImport(source, {foreignEvent(
                                         1, u"incident.opened"_s, ownIncident,
                                         {{u"title"_s, u"x"_s}, {u"severity"_s, u"P3"_s},
                                          {u"number"_s, 1}})}));
    QCOMPARE(refused.status, 403);
    QVERIFY2(refused.body.contains("event 1 (incident.opened) needs the permission"
                                   " incidents.declare"),
             refused.body.constData());
    refused = command(settings, storeImport(source, {foreignEvent(
                                    1, u"incident.resolved"_s, live, {{u"note"_s, u"forged"_s}})}));
    QCOMPARE(refused.status, 403);
    QVERIFY2(refused.body.contains("incidents.update"), refused.body.constData());

    // Not even an administrator adds imported events to an incident that began here.
    for (const QString &type : {u"incident.resolved"_s, u"incident.shared"_s}) {
        refused = command(admin, storeImport(source, {foreignEvent(
                                     7, type, live, {{u"user"_s, u"stakeholder.user"_s}})}));
        QCOMPARE(refused.status, 403);
        const QByteArray expected = "event 7 (" + type.toUtf8() + ") is not imported";
        QVERIFY2(refused.body.contains(expected), refused.body.constData());
    }
    QCOMPARE(status(), before);

    // What a hand-over sends works: an incident opened by the import and its history.
    const QString imported = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto accepted = command(
        admin, storeImport(source, {foreignEvent(1, u"incident.opened"_s, imported,
                                                 {{u"title"_s, u"Imported"_s},
                                                  {u"severity"_s, u"P3"_s},
                                                  {u"number"_s, 1}}),
                                    foreignEvent(2, u"incident.note_added"_s, imported,
                                                 {{u"text"_s, u"from the laptop"_s}})}));
    QVERIFY2(accepted.status == 200, accepted.body.constData());
    const auto resolved = command(admin, storeImport(source, {foreignEvent(
                                             3, u"incident.resolved"_s, imported)}));
    QVERIFY2(resolved.status == 200, resolved.body.constData());
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents/"_s + imported, {}, admin)
                 .json()[u"status"_s].toString(),
             u"resolved"_s);

    // Another source store may not change it, nor may an import tie it to a live incident.
    refused = command(admin, storeImport(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                         {foreignEvent(1, u"incident.reopened"_s, imported)}));
    QCOMPARE(refused.status, 403);
    refused = command(admin, storeImport(source, {foreignEvent(4, u"incident.linked"_s, imported,
                                                               {{u"related"_s, live}})}));
    QCOMPARE(refused.status, 403);
    QVERIFY2(refused.body.contains("event 4 (incident.linked)"), refused.body.constData());
}

void TestAuthorisation::revokedAndLoggedOutTokensStop()
{
    const QString session = login(u"viewer.user"_s);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, session).status, 200);
    QCOMPARE(m_server.request("DELETE", u"/api/v1/sessions/current"_s, {}, session).status, 204);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, session).status, 401);

    const QString other = login(u"viewer.user"_s);
    const QJsonArray tokens = m_server.request("GET", u"/api/v1/tokens"_s, {}, other)
                                  .json()[u"tokens"_s].toArray();
    int revoked = 0;
    for (const QJsonValue &token : tokens) {
        if (token[u"revoked"_s].toBool()) {
            continue;
        }
        const QString id = token[u"id"_s].toString();
        QCOMPARE(m_server.request("DELETE", u"/api/v1/tokens/"_s + id, {},
                                  m_server.adminToken())
                     .status,
                 204);
        ++revoked;
    }
    QCOMPARE(revoked, 2); // the session of initTestCase and this one
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, other).status, 401);
    QCOMPARE(m_server.request("GET", u"/api/v1/incidents"_s, {}, m_tokens.value(u"viewer"_s))
                 .status,
             401);
}

void TestAuthorisation::disabledAccountsStop()
{
    const QString token = login(u"runbook_operator.user"_s);
    QCOMPARE(m_server.request("GET", u"/api/v1/alerts"_s, {}, token).status, 200);
    QCOMPARE(command(m_server.adminToken(), {{u"type"_s, u"account.disable"_s},
                                             {u"name"_s, u"runbook_operator.user"_s}})
                 .status,
             200);
    QCOMPARE(m_server.request("GET", u"/api/v1/alerts"_s, {}, token).status, 401);
    QVERIFY(login(u"runbook_operator.user"_s).isEmpty());
}

void TestAuthorisation::loginIsThrottled()
{
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(m_server.request("POST", u"/api/v1/sessions"_s,
                                  json({{u"user"_s, u"communications.user"_s},
                                        {u"password"_s, u"wrong password!"_s}}))
                     .status,
                 401);
    }
    // Now even the right password waits.
    const auto throttled = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, u"communications.user"_s}, {u"password"_s, s_password}}));
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.json()[u"error"_s][u"code"_s].toString(), u"rate_limited"_s);
    QVERIFY(!login(u"commander.user"_s).isEmpty()); // other accounts are not affected
}

void TestAuthorisation::passwordsAreStoredAsArgon2id()
{
    QCOMPARE(command(m_server.adminToken(), {{u"type"_s, u"account.create"_s},
                                             {u"name"_s, u"short"_s},
                                             {u"roles"_s, QJsonArray{u"viewer"_s}},
                                             {u"password"_s, u"short"_s}})
                 .status,
             400);
    m_server.stop();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"inspect"_s);
        db.setDatabaseName(m_server.dataDir() + u"/firebreak.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(u"SELECT data FROM events WHERE type = 'account.created'"_s, db);
        int accounts = 0;
        while (query.next()) {
            const QString data = query.value(0).toString();
            QVERIFY(data.contains(u"$argon2id$"_s));
            QVERIFY(!data.contains(s_password));
            ++accounts;
        }
        QCOMPARE(accounts, int(s_roles.size()) + 1); // and storeImport...()'s settings.user
    }
    QSqlDatabase::removeDatabase(u"inspect"_s);
    QVERIFY(!m_server.standardError().contains(s_password));
}

void TestAuthorisation::workGoesOnlyToKnownPeople_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("personField");
    QTest::newRow("incident role") << QJsonObject{{u"type"_s, u"incident.assign_role"_s},
                                                  {u"role"_s, u"scribe"_s}}
                                   << u"user"_s;
    QTest::newRow("responder") << QJsonObject{{u"type"_s, u"incident.assign_role"_s},
                                              {u"role"_s, u"responder"_s}}
                               << u"user"_s;
    QTest::newRow("commander at declaration")
        << QJsonObject{{u"type"_s, u"incident.declare"_s}, {u"title"_s, u"Queue stuck"_s},
                       {u"severity"_s, u"P3"_s}}
        << u"commander"_s;
    QTest::newRow("task") << QJsonObject{{u"type"_s, u"task.create"_s},
                                         {u"title"_s, u"Drain the queue"_s}}
                          << u"owner"_s;
    QTest::newRow("action item") << QJsonObject{{u"type"_s, u"action_item.create"_s},
                                                {u"title"_s, u"Alert on queue depth"_s},
                                                {u"priority"_s, u"medium"_s},
                                                {u"source"_s, u"incident"_s}}
                                 << u"owner"_s;
}

void TestAuthorisation::workGoesOnlyToKnownPeople()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, personField);
    const QString admin = m_server.adminToken();
    const QString incident = declare(u"Queue stuck"_s);
    if (body[u"type"_s].toString() != u"incident.declare") {
        body.insert(u"incident"_s, incident);
    }
    // Someone on the on-call directory, who may have no account.
    const auto pageable = command(admin, {{u"type"_s, u"user.create"_s},
                                          {u"name"_s, u"erin"_s},
                                          {u"displayName"_s, u"Erin"_s},
                                          {u"email"_s, u"erin@example.test"_s}});
    QVERIFY2(pageable.status == 200 || pageable.status == 409, pageable.body.constData());

    // A name nobody has, such as a typo, is refused and named in the reason.
    body.insert(personField, u"comander.user"_s);
    const auto refused = command(admin, body);
    QVERIFY2(refused.status == 404, refused.body.constData());
    QCOMPARE(refused.json()[u"error"_s][u"code"_s].toString(), u"not_found"_s);
    QVERIFY2(refused.json()[u"error"_s][u"message"_s].toString().contains(u"comander.user"_s),
             refused.body.constData());

    // An account, and an on-call user, are taken.
    body.insert(personField, u"commander.user"_s);
    const auto toAccount = command(admin, body);
    QVERIFY2(toAccount.status == 200, toAccount.body.constData());
    if (body[u"type"_s].toString() != u"incident.declare") {
        body.insert(u"incident"_s, declare(u"Queue stuck again"_s));
    }
    body.insert(personField, u"erin"_s);
    const auto toOnCallUser = command(admin, body);
    QVERIFY2(toOnCallUser.status == 200, toOnCallUser.body.constData());
}

void TestAuthorisation::withoutAccountsAnyNameIsTaken()
{
    // A server with only its bootstrap token knows nobody by name: alert-driven setups and
    // scripts name people as they are, and nothing is refused for it.
    ServerProcess fresh;
    QVERIFY2(fresh.start(), qPrintable(fresh.standardError()));
    const auto declared = fresh.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.declare"_s}, {u"title"_s, u"Disk full"_s},
              {u"severity"_s, u"P2"_s}, {u"commander"_s, u"someone.external"_s}}),
        fresh.adminToken());
    QVERIFY2(declared.status == 200, declared.body.constData());
    const QString incident = declared.json()[u"events"_s][0][u"incident"_s].toString();
    const auto assigned = fresh.request(
        "POST", u"/api/v1/commands"_s,
        json({{u"type"_s, u"incident.assign_role"_s}, {u"incident"_s, incident},
              {u"role"_s, u"scribe"_s}, {u"user"_s, u"another.person"_s}}),
        fresh.adminToken());
    QVERIFY2(assigned.status == 200, assigned.body.constData());
}

void TestAuthorisation::qtDebugLoggingShowsNoSecrets()
{
    // Someone chasing a problem turns on every debug category, Qt's own included: Qt's HTTP
    // server would then print each request's headers and target, credentials and all.
    const QByteArray rules = qgetenv("QT_LOGGING_RULES");
    qputenv("QT_LOGGING_RULES", "*.debug=true");
    ServerProcess fresh;
    const bool started = fresh.start();
    qputenv("QT_LOGGING_RULES", rules);
    QVERIFY2(started, qPrintable(fresh.standardError()));
    const QString secretKey = u"0123456789abcdef-not-a-real-key"_s;
    QCOMPARE(fresh.request("GET", u"/api/v1/incidents"_s, {}, fresh.adminToken()).status, 200);
    QCOMPARE(fresh.request("GET", u"/api/v1/incidents?token="_s + secretKey).status, 401);
    QCOMPARE(fresh.request("POST", u"/api/v1/alerts/generic?key="_s + secretKey,
                           json({{u"title"_s, u"t"_s}}))
                 .status,
             401);
    fresh.stop();
    const QString log = fresh.standardError();
    QVERIFY2(!log.contains(fresh.adminToken()), "the admin token is in the log");
    QVERIFY2(!log.contains(secretKey), "a token or key from the query is in the log");
}

QTEST_GUILESS_MAIN(TestAuthorisation)
#include "tst_authorisation.moc"
