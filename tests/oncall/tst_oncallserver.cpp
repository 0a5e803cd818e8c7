// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Responders end to end with a real firebreak-server: people, a schedule and a policy made
// through the command API; an incident pages the person on call; pages go out through the
// outbox to a local receiver playing Slack and a signed webhook; acknowledging stops the walk;
// a SIGKILL while the receiver is down delays notifications, never drops or repeats them.
#include "httpreceiver.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Firebreak::Testing::HttpReceiver;
using Firebreak::Testing::ServerProcess;

namespace {

const QString s_signingKey = u"test-signing-key-0001"_s;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class OnCallServerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void setUpResponders();
    void incidentPagesThePersonOnCall();
    void acknowledgingStopsTheWalk();
    void whoIsOnCallAndCalendar();
    void crashDelaysButNeverDropsOrRepeats();
    void deadLettersCanBeRetried();
    void secretsStayOutOfTheStore();

private:
    ServerProcess::Reply command(const QJsonObject &command) const;
    QJsonArray timeline(const QString &incident) const;
    QStringList timelineTypes(const QString &incident) const;
    int pendingNotifications() const;

    ServerProcess m_server;
    HttpReceiver m_receiver;
};

void OnCallServerTest::initTestCase()
{
    QVERIFY(m_receiver.listen());
    qputenv("FIREBREAK_NOTIFY_RETRY_BASE_MS", "50");
    qputenv("FIREBREAK_NOTIFY_RETRY_MAX_MS", "200");
    qputenv("FIREBREAK_NOTIFY_TIMEOUT_MS", "500");
    qputenv("FIREBREAK_NOTIFY_MAX_ATTEMPTS", "50");
    qputenv("FIREBREAK_PUBLIC_URL", "https://firebreak.example.com");
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
}

void OnCallServerTest::cleanupTestCase()
{
    m_server.stop();
}

ServerProcess::Reply OnCallServerTest::command(const QJsonObject &command) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(command), m_server.adminToken());
}

QJsonArray OnCallServerTest::timeline(const QString &incident) const
{
    return m_server.request("GET", u"/api/v1/incidents/%1/timeline?limit=1000"_s.arg(incident),
                            {}, m_server.adminToken())
        .json()[u"events"_s]
        .toArray();
}

QStringList OnCallServerTest::timelineTypes(const QString &incident) const
{
    QStringList types;
    for (const QJsonValue &event : timeline(incident)) {
        types.append(event[u"type"_s].toString());
    }
    return types;
}

int OnCallServerTest::pendingNotifications() const
{
    return m_server.request("GET", u"/api/v1/notifications"_s, {}, m_server.adminToken())
        .json()[u"pending"_s]
        .toInt(-1);
}

void OnCallServerTest::setUpResponders()
{
    const QString yesterday = QDateTime::currentDateTimeUtc().addDays(-1).toString(
        u"yyyy-MM-ddT00:00"_s);
    const QList<QJsonObject> commands{
        {{u"type"_s, u"user.create"_s},
         {u"name"_s, u"alice"_s},
         {u"displayName"_s, u"Alice Ødegård"_s},
         {u"email"_s, u"alice@example.com"_s},
         {u"chat"_s, u"U024BE7LH"_s}},
        {{u"type"_s, u"user.create"_s}, {u"name"_s, u"bob"_s}},
        {{u"type"_s, u"team.create"_s},
         {u"name"_s, u"Payments"_s},
         {u"members"_s, QJsonArray{u"alice"_s, u"bob"_s}}},
        {{u"type"_s, u"service.assign_team"_s}, {u"service"_s, u"checkout"_s},
         {u"team"_s, u"Payments"_s}},
        {{u"type"_s, u"schedule.create"_s},
         {u"name"_s, u"Primary"_s},
         {u"timeZone"_s, u"Europe/Berlin"_s},
         {u"layers"_s, QJsonArray{QJsonObject{{u"users"_s, QJsonArray{u"alice"_s}},
                                              {u"rotation"_s, u"daily"_s},
                                              {u"start"_s, yesterday}}}}},
        {{u"type"_s, u"escalation_policy.create"_s},
         {u"name"_s, u"Payments"_s},
         {u"levels"_s,
          QJsonArray{QJsonObject{{u"timeoutMinutes"_s, 10},
                                 {u"targets"_s, QJsonArray{QJsonObject{
                                                    {u"type"_s, u"schedule"_s},
                                                    {u"id"_s, u"Primary"_s}}}}},
                     QJsonObject{{u"timeoutMinutes"_s, 10},
                                 {u"targets"_s, QJsonArray{QJsonObject{
                                                    {u"type"_s, u"user"_s},
                                                    {u"id"_s, u"bob"_s}}}}}}}},
        {{u"type"_s, u"service.set_escalation_policy"_s},
         {u"service"_s, u"checkout"_s},
         {u"policy"_s, u"Payments"_s}},
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"ops-slack"_s},
         {u"kind"_s, u"slack"_s},
         {u"secret"_s, m_receiver.url(u"/slack/T000/B000/XXXXSECRET"_s)}},
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"audit-hook"_s},
         {u"kind"_s, u"webhook"_s},
         {u"settings"_s, QJsonObject{{u"url"_s, m_receiver.url(u"/hook"_s)}}},
         {u"secret"_s, s_signingKey}},
    };
    for (const QJsonObject &c : commands) {
        const ServerProcess::Reply reply = command(c);
        QVERIFY2(reply.status == 200, reply.body.constData());
    }
    const QJsonObject users = m_server.request("GET", u"/api/v1/users"_s, {},
                                               m_server.adminToken())
                                  .json();
    QCOMPARE(users[u"users"_s].toArray().size(), 2);
    QCOMPARE(users[u"users"_s][0][u"displayName"_s].toString(), u"Alice Ødegård"_s);
    const QJsonObject channels = m_server.request("GET", u"/api/v1/channels"_s, {},
                                                  m_server.adminToken())
                                     .json();
    QCOMPARE(channels[u"channels"_s].toArray().size(), 2);
    QVERIFY(!QJsonDocument(channels).toJson().contains("XXXXSECRET"));
}

void OnCallServerTest::incidentPagesThePersonOnCall()
{
    // The first three deliveries fail. The count is shared, not a local taken by reference:
    // the receiver keeps this behaviour, and answers later deliveries with it, after this
    // function has returned.
    auto seen = std::make_shared<int>(0);
    m_receiver.setBehaviour([seen](const HttpReceiver::Request &) {
        return ++*seen <= 3 ? 500 : 200;
    });
    const QString title = u"Zahlungen – 決済 <!channel>"_s;
    const ServerProcess::Reply declared = command({{u"type"_s, u"incident.declare"_s},
                                                   {u"title"_s, title},
                                                   {u"severity"_s, u"P1"_s},
                                                   {u"service"_s, u"checkout"_s}});
    QVERIFY2(declared.status == 200, declared.body.constData());

    QTRY_VERIFY_WITH_TIMEOUT(timelineTypes(u"INC-1"_s).contains(u"page.sent"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pendingNotifications(), 0, 15000);
    const QStringList types = timelineTypes(u"INC-1"_s);
    QVERIFY2(types.contains(u"escalation.started"_s), qPrintable(types.join(u' ')));
    QVERIFY(types.contains(u"page.delivered"_s));
    QVERIFY(types.contains(u"page.failed"_s) || types.contains(u"notification.failed"_s));

    const QJsonObject paging = m_server.request("GET", u"/api/v1/incidents/INC-1/paging"_s, {},
                                                m_server.adminToken())
                                   .json();
    QCOMPARE(paging[u"pages"_s][0][u"user"_s].toString(), u"alice"_s);
    QVERIFY(paging[u"pages"_s][0][u"delivered"_s].toInt() >= 1);
    QVERIFY(paging[u"walk"_s][u"active"_s].toBool());

    // What the receiver accepted: each notification once, in the documented shapes.
    const QHash<QByteArray, int> accepted = m_receiver.acceptedByKey();
    for (int count : accepted) {
        QCOMPARE(count, 1);
    }
    bool sawSlackPage = false;
    for (const HttpReceiver::Request &request : m_receiver.requests()) {
        if (request.answered != 200) {
            continue;
        }
        if (request.path.startsWith("/slack/")) {
            const QJsonObject body = request.json();
            QVERIFY(body[u"blocks"_s].isArray());
            QVERIFY(!request.body.contains("<!channel>"));
            QVERIFY(request.body.contains("&lt;!channel&gt;"));
            QVERIFY(request.body.contains("決済"));
            sawSlackPage |= request.body.contains("<@U024BE7LH>");
        } else {
            QCOMPARE(request.path, QByteArray("/hook"));
            const QByteArray timestamp = request.header("X-Firebreak-Timestamp");
            const QByteArray mac = QMessageAuthenticationCode::hash(
                timestamp + '.' + request.body, s_signingKey.toUtf8(), QCryptographicHash::Sha256);
            QCOMPARE(request.header("X-Firebreak-Signature"), "v1=" + mac.toHex());
            QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 120);
        }
    }
    QVERIFY(sawSlackPage);
}

void OnCallServerTest::acknowledgingStopsTheWalk()
{
    const ServerProcess::Reply ack = command({{u"type"_s, u"incident.acknowledge"_s},
                                              {u"incident"_s, u"INC-1"_s}});
    QVERIFY2(ack.status == 200, ack.body.constData());
    QTRY_VERIFY_WITH_TIMEOUT(timelineTypes(u"INC-1"_s).contains(u"page.acknowledged"_s), 5000);
    for (const QJsonValue &event : timeline(u"INC-1"_s)) {
        if (event[u"type"_s] == u"escalation.stopped"_s) {
            QCOMPARE(event[u"data"_s][u"reason"_s].toString(), u"acknowledged"_s);
            QCOMPARE(event[u"data"_s][u"by"_s].toString(), u"user:admin"_s);
        }
    }
    const QJsonObject paging = m_server.request("GET", u"/api/v1/incidents/INC-1/paging"_s, {},
                                                m_server.adminToken())
                                   .json();
    QVERIFY(!paging[u"walk"_s][u"active"_s].toBool());
    QCOMPARE(paging[u"pages"_s][0][u"acknowledgedBy"_s].toString(), u"user:admin"_s);
}

void OnCallServerTest::whoIsOnCallAndCalendar()
{
    const QJsonObject oncall = m_server.request("GET", u"/api/v1/oncall"_s, {},
                                                m_server.adminToken())
                                   .json();
    QCOMPARE(oncall[u"oncall"_s][0][u"name"_s].toString(), u"Primary"_s);
    QCOMPARE(oncall[u"oncall"_s][0][u"now"_s][u"user"_s].toString(), u"alice"_s);
    QCOMPARE(oncall[u"oncall"_s][0][u"timeZone"_s].toString(), u"Europe/Berlin"_s);

    const QString schedule = oncall[u"oncall"_s][0][u"schedule"_s].toString();
    const ServerProcess::Reply shifts = m_server.request(
        "GET", u"/api/v1/schedules/%1/shifts"_s.arg(schedule), {}, m_server.adminToken());
    QCOMPARE(shifts.status, 200);
    QCOMPARE(shifts.json()[u"shifts"_s][0][u"user"_s].toString(), u"alice"_s);

    // Calendar applications send the token in the address.
    const ServerProcess::Reply ics = m_server.request(
        "GET", u"/api/v1/schedules/%1/calendar.ics?token=%2"_s.arg(schedule,
                                                                   m_server.adminToken()));
    QCOMPARE(ics.status, 200);
    QVERIFY(ics.body.startsWith("BEGIN:VCALENDAR\r\n"));
    QVERIFY(ics.body.contains("SUMMARY:On call: alice\r\n"));
    QCOMPARE(m_server.request("GET", u"/api/v1/schedules/%1/calendar.ics"_s.arg(schedule))
                 .status,
             401);
}

void OnCallServerTest::crashDelaysButNeverDropsOrRepeats()
{
    m_receiver.clear();
    m_receiver.setBehaviour([](const HttpReceiver::Request &) { return 503; });
    QCOMPARE(command({{u"type"_s, u"incident.declare"_s},
                      {u"title"_s, u"Second"_s},
                      {u"severity"_s, u"P2"_s},
                      {u"service"_s, u"checkout"_s}})
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(timelineTypes(u"INC-2"_s).contains(u"page.failed"_s), 10000);
    const int pending = pendingNotifications();
    QVERIFY(pending >= 2);

    m_server.kill(); // SIGKILL: no orderly shutdown
    // A delivery the dead server had already sent is still answered as the outage answers
    // (its connections close once the receiver has read it): accepting it now would count a
    // request that server never saw answered, which the restarted server rightly sends again.
    QTRY_COMPARE_WITH_TIMEOUT(m_receiver.openConnections(), qsizetype(0), 15000);
    m_receiver.setBehaviour([](const HttpReceiver::Request &) { return 200; });
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    QTRY_COMPARE_WITH_TIMEOUT(pendingNotifications(), 0, 15000);

    const QHash<QByteArray, int> accepted = m_receiver.acceptedByKey();
    QCOMPARE(accepted.size(), pending);
    for (int count : accepted) {
        QCOMPARE(count, 1);
    }
}

void OnCallServerTest::deadLettersCanBeRetried()
{
    QCOMPARE(command({{u"type"_s, u"channel.create"_s},
                      {u"name"_s, u"gone"_s},
                      {u"kind"_s, u"teams"_s},
                      {u"events"_s, QJsonArray{u"incident.resolved"_s}},
                      {u"secret"_s, m_receiver.url(u"/gone"_s)}})
                 .status,
             200);
    m_receiver.setBehaviour([](const HttpReceiver::Request &request) {
        return request.path == "/gone" ? 404 : 200;
    });
    QCOMPARE(command({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, u"INC-1"_s}}).status,
             200);
    QJsonArray dead;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(dead = m_server.request("GET", u"/api/v1/notifications/dead-letters"_s, {},
                                  m_server.adminToken())
                     .json()[u"notifications"_s]
                     .toArray())
             .isEmpty(),
        10000);
    QCOMPARE(dead.first()[u"lastError"_s].toString(), u"HTTP 404"_s);

    m_receiver.setBehaviour([](const HttpReceiver::Request &) { return 200; });
    const ServerProcess::Reply retry = command({{u"type"_s, u"notification.retry"_s},
                                                {u"notification"_s, dead.first()[u"id"_s]}});
    QVERIFY2(retry.status == 200, retry.body.constData());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.request("GET", u"/api/v1/notifications/dead-letters"_s, {},
                                              m_server.adminToken())
                                 .json()[u"notifications"_s]
                                 .toArray()
                                 .isEmpty(),
                             10000);
}

void OnCallServerTest::secretsStayOutOfTheStore()
{
    QByteArray bytes; // the database and its write-ahead log
    for (const QString &name : {u"/firebreak.sqlite"_s, u"/firebreak.sqlite-wal"_s}) {
        QFile file(m_server.dataDir() + name);
        if (file.open(QIODevice::ReadOnly)) {
            bytes += file.readAll();
        }
    }
    QVERIFY(bytes.contains("audit-hook"));
    QVERIFY(!bytes.contains("XXXXSECRET"));
    QVERIFY(!bytes.contains(s_signingKey.toUtf8()));
    QFile vault(m_server.dataDir() + u"/notify-secrets.json"_s);
    QVERIFY(vault.exists());
    QCOMPARE(vault.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QVERIFY(!m_server.standardError().contains(u"XXXXSECRET"_s));
    QVERIFY(!m_server.standardError().contains(s_signingKey));
}

QTEST_GUILESS_MAIN(OnCallServerTest)
#include "tst_oncallserver.moc"
