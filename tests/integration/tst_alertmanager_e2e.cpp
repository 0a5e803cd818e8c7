// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// End to end: a real Prometheus Alertmanager posts its webhook to a real firebreak-server; the
// incident must show in the REST API and in a desktop sync client over the WebSocket, then
// resolve the same way.
#include "alertmanagerprocess.h"
#include "model/projection.h"
#include "serverprocess.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 60000;

} // namespace

class TestAlertmanagerEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void firingAlertBecomesLiveIncident();
    void resolvedAlertResolvesOnBothSides();

private:
    bool postToAlertmanager(const QJsonObject &endsAt);
    QJsonObject restIncident() const;

    ServerProcess m_server;
    AlertmanagerProcess m_alertmanager;
    QTemporaryDir m_amDir;
    std::unique_ptr<Replica> m_replica;
    std::unique_ptr<SyncClient> m_client;
    Projection m_clientView;
    qint64 m_firstArrival = 0;
    QString m_startsAt;
};

void TestAlertmanagerEndToEnd::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const QString key = m_server.createIntegration(u"alertmanager"_s, u"prometheus-prod"_s);
    QVERIFY(!key.isEmpty());

    // Alertmanager sends the key as a bearer token, as a real deployment would.
    QVERIFY2(m_alertmanager.start(m_server.url(), key, m_amDir.path(), s_timeoutMs),
             qPrintable(m_alertmanager.errorString()));

    // The desktop's sync client, with its own local replica.
    m_replica = std::make_unique<Replica>();
    QVERIFY(m_replica->open(m_amDir.filePath(u"replica.sqlite"_s)));
    m_client = std::make_unique<SyncClient>(m_replica.get());
    connect(m_client.get(), &SyncClient::eventsArrived, this, [this](const EventList &events) {
        for (const Event &event : events) {
            m_clientView.apply(event);
            if (event.type == u"alert.received" && m_firstArrival == 0) {
                m_firstArrival = QDateTime::currentMSecsSinceEpoch() - event.at;
            }
        }
    });
    m_client->connectToServer(m_server.url(), m_server.adminToken());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), SyncClient::State::Live, s_timeoutMs);
}

void TestAlertmanagerEndToEnd::cleanupTestCase()
{
    m_client.reset();
    m_alertmanager.stop();
    m_server.stop();
}

bool TestAlertmanagerEndToEnd::postToAlertmanager(const QJsonObject &extra)
{
    QJsonObject alert{
        {u"labels"_s, QJsonObject{{u"alertname"_s, u"CheckoutErrorRate"_s},
                                  {u"service"_s, u"checkout"_s},
                                  {u"severity"_s, u"critical"_s},
                                  {u"instance"_s, u"api-01"_s}}},
        {u"annotations"_s, QJsonObject{{u"summary"_s, u"5xx above 5% on checkout"_s}}},
        {u"startsAt"_s, m_startsAt},
        {u"generatorURL"_s, u"http://127.0.0.1/graph"_s},
    };
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        alert.insert(it.key(), it.value());
    }
    const QByteArray body = QJsonDocument(QJsonArray{alert}).toJson(QJsonDocument::Compact);
    return m_alertmanager.postAlerts(body) == 200;
}

QJsonObject TestAlertmanagerEndToEnd::restIncident() const
{
    const auto reply = m_server.request("GET", u"/api/v1/incidents"_s, {}, m_server.adminToken());
    return reply.json().value(u"incidents"_s).toArray().first().toObject();
}

void TestAlertmanagerEndToEnd::firingAlertBecomesLiveIncident()
{
    m_startsAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QVERIFY(postToAlertmanager({}));

    QTRY_VERIFY_WITH_TIMEOUT(!restIncident().isEmpty(), s_timeoutMs);
    const QJsonObject incident = restIncident();
    QCOMPARE(incident.value(u"number"_s).toString(), u"INC-1"_s);
    QCOMPARE(incident.value(u"title"_s).toString(),
             u"CheckoutErrorRate: 5xx above 5% on checkout"_s);
    QCOMPARE(incident.value(u"severity"_s).toString(), u"P1"_s);
    QCOMPARE(incident.value(u"status"_s).toString(), u"triggered"_s);
    QCOMPARE(incident.value(u"service"_s).toString(), u"checkout"_s);

    const auto alerts = m_server.request("GET", u"/api/v1/alerts"_s, {}, m_server.adminToken());
    const QJsonObject alert = alerts.json().value(u"alerts"_s).toArray().first().toObject();
    QCOMPARE(alert.value(u"status"_s).toString(), u"firing"_s);
    QCOMPARE(alert.value(u"sourceSeverity"_s).toString(), u"critical"_s);
    QCOMPARE(alert.value(u"incident"_s).toString(), incident.value(u"id"_s).toString());

    // The desktop's client got it over the WebSocket, without asking.
    QTRY_COMPARE_WITH_TIMEOUT(m_clientView.incidentCount(), 1, s_timeoutMs);
    const IncidentRecord *seen = m_clientView.incident(u"INC-1"_s);
    QVERIFY(seen);
    QCOMPARE(seen->severity, Severity::P1);
    QCOMPARE(seen->firingAlerts, 1);
    QVERIFY(m_replica->lastSeq() >= 3);
    qInfo("server receipt to client projection: %lld ms", m_firstArrival);
}

void TestAlertmanagerEndToEnd::resolvedAlertResolvesOnBothSides()
{
    const QString past = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
    QVERIFY(postToAlertmanager({{u"endsAt"_s, past}}));

    QTRY_VERIFY_WITH_TIMEOUT(restIncident().value(u"alertsResolved"_s).toBool(), s_timeoutMs);
    const QJsonObject incident = restIncident();
    QCOMPARE(incident.value(u"status"_s).toString(), u"triggered"_s); // a person resolves it
    const auto alerts = m_server.request("GET", u"/api/v1/alerts"_s, {}, m_server.adminToken());
    const QJsonObject alert = alerts.json().value(u"alerts"_s).toArray().first().toObject();
    QCOMPARE(alert.value(u"status"_s).toString(), u"resolved"_s);
    QVERIFY(!alert.value(u"endsAt"_s).isNull());

    const auto timeline = m_server.request("GET", u"/api/v1/incidents/INC-1/timeline"_s, {},
                                           m_server.adminToken());
    QStringList types;
    for (const QJsonValue &event : timeline.json().value(u"events"_s).toArray()) {
        types.append(event.toObject().value(u"type"_s).toString());
    }
    QVERIFY2(types.contains(u"alert.resolved"_s), qPrintable(types.join(u',')));
    QVERIFY(types.contains(u"incident.alerts_resolved"_s));

    QTRY_VERIFY_WITH_TIMEOUT(m_clientView.incident(u"INC-1"_s)->alertsAllResolved(), s_timeoutMs);
    QCOMPARE(m_clientView.incident(u"INC-1"_s)->status, IncidentStatus::Triggered);
}

QTEST_GUILESS_MAIN(TestAlertmanagerEndToEnd)
#include "tst_alertmanager_e2e.moc"
