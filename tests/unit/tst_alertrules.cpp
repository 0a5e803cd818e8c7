// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Routing, grouping, thresholds, flapping, silences, acknowledgements and auto-resolve, with a
// clock the test controls; the configuration commands and the noise report.
#include "alerts/alertcommands.h"
#include "alerts/ingestor.h"
#include "alerts/noisereport.h"
#include "alerts/routing.h"
#include "alerts/sources.h"
#include "foldcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_minute = 60 * 1000;

/// An in-memory log with a clock: folds events into a projection like the writer does.
struct Room
{
    Projection projection;
    EventList log;
    qint64 now = msFromIso(u"2026-12-04T10:00:00Z"_s);
    IntegrationRecord prod{u"int-prod"_s, u"prod"_s, u"generic"_s, "h1", 0};
    IntegrationRecord staging{u"int-staging"_s, u"staging"_s, u"datadog"_s, "h2", 0};

    Room()
    {
        for (const IntegrationRecord *integration : {&prod, &staging}) {
            append(makeEvent(u"integration.created"_s, u"user:admin"_s, QString(),
                             {{u"id"_s, integration->id},
                              {u"name"_s, integration->name},
                              {u"source"_s, integration->source},
                              {u"keyHash"_s, QString::fromLatin1(integration->keyHash)}}));
        }
    }

    void append(Event event)
    {
        event.seq = log.size() + 1;
        if (event.at == 0 || event.at > now) {
            event.at = now;
        }
        projection.apply(event);
        log.append(event);
    }

    AlertCommandResult command(const QJsonObject &command)
    {
        AlertCommands commands(projection, u"user:alice"_s, now,
                               [](const QString &source, QJsonObject *config, QString *error) {
                                   return AlertSources::validateConfig(source, *config, error);
                               });
        AlertCommandResult result = commands.decide(command);
        for (Event &event : result.events) {
            append(event);
        }
        return result;
    }

    QString addRoute(const QJsonObject &route)
    {
        const AlertCommandResult result = command({{u"type"_s, u"route.create"_s},
                                                   {u"route"_s, route}});
        if (!result.ok) {
            qWarning() << result.message;
            return {};
        }
        return result.events.first().data().value(u"route"_s).toObject().value(u"id"_s).toString();
    }

    QString addSilence(const QJsonObject &silence)
    {
        const AlertCommandResult result = command({{u"type"_s, u"silence.create"_s},
                                                   {u"silence"_s, silence}});
        return result.ok ? result.events.first().data().value(u"silence"_s).toObject()
                               .value(u"id"_s).toString()
                         : QString();
    }

    EventList deliver(const QList<NormalisedAlert> &alerts, const QString &deliveryId = {},
                      const IntegrationRecord *integration = nullptr, bool *duplicate = nullptr)
    {
        NormalisedPayload payload;
        payload.source = (integration ? integration : &prod)->source;
        payload.deliveryId = deliveryId;
        payload.groupKey = u"g"_s; // one source group, like an Alertmanager receiver
        payload.alerts = alerts;
        const qsizetype before = log.size();
        AlertIngestor ingestor(projection, [this](Event &event) {
            append(event);
            return true;
        }, [this]() { return now; });
        // Alerts received go to the projection as records, as the server's writer does.
        ingestor.setReceivedEmitter(
            [this](Event &event, AlertRecord &&record, const QString &delivery) {
                event.seq = log.size() + 1;
                projection.applyReceivedAlert(event, std::move(record), delivery);
                log.append(event);
                return true;
            });
        ingestor.ingest(integration ? *integration : prod, payload);
        FoldCheck::verifySameFold(projection, log, __FILE__, __LINE__);
        if (duplicate) {
            *duplicate = ingestor.wasDuplicate();
        }
        return log.mid(before);
    }

    void advance(int minutes) { now += minutes * s_minute; }
    const IncidentRecord *newestIncident() const
    {
        return projection.incidents().isEmpty() ? nullptr : projection.incidents().first();
    }
    const AlertRecord *alert(const QString &key, const IntegrationRecord *integration = nullptr)
    {
        return projection.latestAlert((integration ? integration : &prod)->id, key);
    }
};

NormalisedAlert alert(const QString &key, AlertStatus status = AlertStatus::Firing,
                      const QJsonObject &labels = {}, Severity severity = Severity::P3,
                      qint64 startsAt = 0, qint64 endsAt = 0)
{
    NormalisedAlert a;
    a.dedupKey = key;
    a.status = status;
    a.severity = severity;
    a.title = u"Alert "_s + key;
    a.labels = StringMap::fromObject(labels);
    a.labels.insert(u"alertname"_s, a.title);
    a.service = labels.value(u"service"_s).toString();
    a.startsAt = startsAt;
    a.endsAt = endsAt;
    a.raw = QJsonObject{{u"key"_s, key}};
    return a;
}

NormalisedAlert resolved(const QString &key, const QJsonObject &labels = {})
{
    return alert(key, AlertStatus::Resolved, labels);
}

QStringList types(const EventList &events)
{
    QStringList list;
    for (const Event &event : events) {
        list.append(event.type);
    }
    return list;
}

QJsonObject matcher(const QString &label, const QString &op, const QString &value)
{
    return {{u"label"_s, label}, {u"op"_s, op}, {u"value"_s, value}};
}

QJsonObject fieldMatcher(const QString &field, const QString &op, const QString &value)
{
    return {{u"field"_s, field}, {u"op"_s, op}, {u"value"_s, value}};
}

} // namespace

class TestAlertRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void routing_data();
    void routing();
    void disabledAndOrderedRoutes();
    void groupingByLabelsAcrossIntegrations();
    void groupWindowStartsANewIncident();
    void thresholdOpensAfterEnoughAlerts();
    void thresholdWindowSlides();
    void thresholdRepeatCountsOnce();
    void flappingIsSuppressedThenCalms();
    void flappingAfterIncidentClosedOpensNothing();
    void silences_data();
    void silences();
    void alertFiringAfterSilenceEndsJoinsAnIncident();
    void suppressingRouteKeepsAlerts();
    void sourceAcknowledgement();
    void acknowledgementNotFollowedWhenRouteSaysNo();
    void autoResolve();
    void autoResolveSkippedForFlappingAlert();
    void deliveryRetriesNeverDuplicate();
    void resolveBeforeTrigger();
    void staleResolveOfEarlierEpisode();
    void commandsRefuse_data();
    void commandsRefuse();
    void routeUpdateAndDelete();
    void silenceExpiry();
    void integrationConfigure();
    void dryRun();
    void noiseReport();
    void matchers_data();
    void matchers();
    void matcherText_data();
    void matcherText();
    void patternRule_data();
    void patternRule();
    void matchBudgetBoundsBacktracking();
    void routeSavedBeforeThePatternRuleStillLoads();
};

void TestAlertRules::routing_data()
{
    QTest::addColumn<QJsonObject>("labels");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("team");
    QTest::addColumn<Severity>("severity");

    QTest::newRow("label equal") << QJsonObject{{u"service"_s, u"checkout"_s}}
                                 << u"checkout"_s << u"checkout"_s << u"payments"_s
                                 << Severity::P2;
    QTest::newRow("regex on label")
        << QJsonObject{{u"host"_s, u"db-03"_s}} << u"databases"_s << u"postgres"_s << u"dba"_s
        << Severity::P1;
    QTest::newRow("negative matcher excludes")
        << QJsonObject{{u"host"_s, u"db-03"_s}, {u"env"_s, u"test"_s}} << u"catch-all"_s
        << QString() << u"sre"_s << Severity::P3;
    QTest::newRow("field matcher on source")
        << QJsonObject{{u"host"_s, u"web-1"_s}} << u"catch-all"_s << QString() << u"sre"_s
        << Severity::P3;
}

void TestAlertRules::routing()
{
    QFETCH(QJsonObject, labels);
    QFETCH(QString, route);
    QFETCH(QString, service);
    QFETCH(QString, team);
    QFETCH(Severity, severity);

    Room room;
    room.addRoute({{u"name"_s, u"checkout"_s}, {u"position"_s, 1},
                   {u"matchers"_s, QJsonArray{matcher(u"service"_s, u"="_s, u"checkout"_s)}},
                   {u"set"_s, QJsonObject{{u"team"_s, u"payments"_s}, {u"severity"_s, u"P2"_s},
                                          {u"escalation"_s, u"payments-primary"_s}}}});
    room.addRoute({{u"name"_s, u"databases"_s}, {u"position"_s, 2},
                   {u"matchers"_s, QJsonArray{matcher(u"host"_s, u"=~"_s, u"db-\\d+"_s),
                                              matcher(u"env"_s, u"!="_s, u"test"_s)}},
                   {u"set"_s, QJsonObject{{u"service"_s, u"postgres"_s}, {u"team"_s, u"dba"_s},
                                          {u"severity"_s, u"P1"_s}}}});
    room.addRoute({{u"name"_s, u"catch-all"_s}, {u"position"_s, 99},
                   {u"matchers"_s, QJsonArray{fieldMatcher(u"source"_s, u"="_s, u"generic"_s)}},
                   {u"set"_s, QJsonObject{{u"team"_s, u"sre"_s}}}});

    room.deliver({alert(u"a"_s, AlertStatus::Firing, labels)});
    const AlertRecord *record = room.alert(u"a"_s);
    QVERIFY(record);
    const RouteRecord *matched = room.projection.alertState().route(record->route);
    QVERIFY(matched);
    QCOMPARE(matched->name, route);
    QCOMPARE(record->service, service);
    QCOMPARE(record->team, team);
    QCOMPARE(record->severity, severity);
    const IncidentRecord *incident = room.newestIncident();
    QCOMPARE(incident->team, team);
    QCOMPARE(incident->severity, severity);
    QCOMPARE(room.projection.alertState().incidentRoute(incident->id), record->route);
}

void TestAlertRules::disabledAndOrderedRoutes()
{
    Room room;
    room.addRoute({{u"name"_s, u"second"_s}, {u"position"_s, 2},
                   {u"set"_s, QJsonObject{{u"team"_s, u"b"_s}}}});
    room.addRoute({{u"name"_s, u"first but off"_s}, {u"position"_s, 1}, {u"enabled"_s, false},
                   {u"set"_s, QJsonObject{{u"team"_s, u"a"_s}}}});
    const QList<const RouteRecord *> routes = room.projection.alertState().routes();
    QCOMPARE(routes.size(), 2);
    QCOMPARE(routes.first()->name, u"first but off"_s);
    room.deliver({alert(u"a"_s)});
    QCOMPARE(room.alert(u"a"_s)->team, u"b"_s);
}

void TestAlertRules::groupingByLabelsAcrossIntegrations()
{
    Room room;
    room.addRoute({{u"name"_s, u"by service"_s}, {u"groupBy"_s, QJsonArray{u"service"_s}}});
    room.deliver({alert(u"a"_s, AlertStatus::Firing, {{u"service"_s, u"api"_s}})});
    room.deliver({alert(u"b"_s, AlertStatus::Firing, {{u"service"_s, u"api"_s}})}, {},
                 &room.staging);
    room.deliver({alert(u"c"_s, AlertStatus::Firing, {{u"service"_s, u"web"_s}})});
    QCOMPARE(room.projection.incidentCount(), 2);
    const AlertRecord *a = room.alert(u"a"_s);
    const AlertRecord *b = room.alert(u"b"_s, &room.staging);
    QCOMPARE(a->incident, b->incident);
    QVERIFY(a->groupScope.startsWith(u"route:"_s));
    QCOMPARE(a->groupKey, u"service=\"api\""_s);
    QVERIFY(room.alert(u"c"_s)->incident != a->incident);
}

void TestAlertRules::groupWindowStartsANewIncident()
{
    Room room;
    room.addRoute({{u"name"_s, u"windowed"_s},
                   {u"groupBy"_s, QJsonArray{u"service"_s}},
                   {u"groupWindowMinutes"_s, 30}});
    const QJsonObject api{{u"service"_s, u"api"_s}};
    room.deliver({alert(u"a"_s, AlertStatus::Firing, api)});
    room.advance(20);
    room.deliver({alert(u"b"_s, AlertStatus::Firing, api)});
    QCOMPARE(room.projection.incidentCount(), 1);
    room.advance(20); // 40 minutes after the incident opened
    room.deliver({alert(u"c"_s, AlertStatus::Firing, api)});
    QCOMPARE(room.projection.incidentCount(), 2);
    QVERIFY(room.alert(u"c"_s)->incident != room.alert(u"a"_s)->incident);
}

void TestAlertRules::thresholdOpensAfterEnoughAlerts()
{
    Room room;
    room.addRoute({{u"name"_s, u"three in ten"_s},
                   {u"groupBy"_s, QJsonArray{u"service"_s}},
                   {u"threshold"_s, QJsonObject{{u"alerts"_s, 3}, {u"minutes"_s, 10}}}});
    const QJsonObject api{{u"service"_s, u"api"_s}};
    EventList events = room.deliver({alert(u"a"_s, AlertStatus::Firing, api)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QCOMPARE(room.alert(u"a"_s)->suppressed, u"threshold"_s);
    room.advance(2);
    room.deliver({alert(u"b"_s, AlertStatus::Firing, api, Severity::P1)});
    QCOMPARE(room.projection.incidentCount(), 0);
    QCOMPARE(room.projection.alerts().size(), 2); // kept and visible while waiting

    room.advance(2);
    events = room.deliver({alert(u"c"_s, AlertStatus::Firing, api)});
    QCOMPARE(types(events),
             (QStringList{u"incident.opened"_s, u"alert.received"_s, u"alert.attached"_s,
                          u"alert.attached"_s, u"incident.severity_changed"_s}));
    const IncidentRecord *incident = room.newestIncident();
    QCOMPARE(incident->alertIds.size(), 3);
    QCOMPARE(incident->firingAlerts, 3);
    QCOMPARE(incident->severity, Severity::P1);
    QVERIFY(room.alert(u"a"_s)->suppressed.isEmpty());
    QCOMPARE(room.alert(u"a"_s)->incident, incident->id);

    // The group now has an open incident: the next alert joins at once.
    events = room.deliver({alert(u"d"_s, AlertStatus::Firing, api)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QCOMPARE(room.alert(u"d"_s)->incident, incident->id);
}

void TestAlertRules::thresholdWindowSlides()
{
    Room room;
    room.addRoute({{u"name"_s, u"two in five"_s},
                   {u"threshold"_s, QJsonObject{{u"alerts"_s, 2}, {u"minutes"_s, 5}}},
                   {u"groupBy"_s, QJsonArray{u"alertname"_s}}});
    NormalisedAlert first = alert(u"a"_s);
    first.labels.insert(u"alertname"_s, u"Disk"_s);
    NormalisedAlert second = alert(u"b"_s);
    second.labels.insert(u"alertname"_s, u"Disk"_s);
    NormalisedAlert third = alert(u"c"_s);
    third.labels.insert(u"alertname"_s, u"Disk"_s);

    room.deliver({first});
    room.advance(6); // the first one left the window
    room.deliver({second});
    QCOMPARE(room.projection.incidentCount(), 0);
    room.advance(1);
    room.deliver({third});
    QCOMPARE(room.projection.incidentCount(), 1);
    QCOMPARE(room.newestIncident()->alertIds.size(), 2);
    QCOMPARE(room.alert(u"a"_s)->suppressed, u"threshold"_s); // still kept, never attached
}

void TestAlertRules::thresholdRepeatCountsOnce()
{
    Room room;
    room.addRoute({{u"name"_s, u"two"_s},
                   {u"threshold"_s, QJsonObject{{u"alerts"_s, 2}, {u"minutes"_s, 10}}}});
    room.deliver({alert(u"a"_s)});
    QVERIFY(room.deliver({alert(u"a"_s)}).isEmpty());
    QVERIFY(room.deliver({alert(u"a"_s)}).isEmpty());
    QCOMPARE(room.projection.incidentCount(), 0);
}

void TestAlertRules::flappingIsSuppressedThenCalms()
{
    Room room;
    room.addRoute({{u"name"_s, u"flappy"_s},
                   {u"autoResolve"_s, true},
                   {u"flapping"_s, QJsonObject{{u"transitions"_s, 4}, {u"minutes"_s, 30}}}});
    room.deliver({alert(u"x"_s), alert(u"steady"_s)});
    room.advance(1);
    room.deliver({resolved(u"x"_s)});
    room.advance(1);
    EventList events = room.deliver({alert(u"x"_s, AlertStatus::Firing, {}, Severity::P1)});
    QCOMPARE(types(events), (QStringList{u"alert.refired"_s, u"incident.severity_changed"_s}));
    room.advance(1);
    room.deliver({resolved(u"x"_s)});
    room.advance(1);
    // The fifth transition within 30 minutes: flapping, muted, no severity change.
    events = room.deliver({alert(u"x"_s, AlertStatus::Firing, {}, Severity::P1)});
    QCOMPARE(types(events), (QStringList{u"alert.refired"_s, u"alert.suppressed"_s}));
    QCOMPARE(events.last().data().value(u"reason"_s).toString(), u"flapping"_s);
    QCOMPARE(room.alert(u"x"_s)->suppressed, u"flapping"_s);

    // Quiet for longer than the window: the next refire unmutes it.
    room.advance(1);
    room.deliver({resolved(u"x"_s)});
    room.advance(40);
    events = room.deliver({alert(u"x"_s)});
    QCOMPARE(types(events), (QStringList{u"alert.refired"_s, u"alert.unsuppressed"_s}));
    QVERIFY(room.alert(u"x"_s)->suppressed.isEmpty());
    QCOMPARE(room.projection.incidentCount(), 1);
}

void TestAlertRules::flappingAfterIncidentClosedOpensNothing()
{
    Room room;
    room.addRoute({{u"name"_s, u"flappy"_s},
                   {u"flapping"_s, QJsonObject{{u"transitions"_s, 3}, {u"minutes"_s, 30}}}});
    room.deliver({alert(u"x"_s)});
    room.deliver({resolved(u"x"_s)});
    room.append(makeEvent(u"incident.resolved"_s, u"user:alice"_s, room.newestIncident()->id, {}));
    // A third transition within the window, after a person resolved the incident.
    const EventList events = room.deliver({alert(u"x"_s)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QCOMPARE(room.alert(u"x"_s)->suppressed, u"flapping"_s);
    QCOMPARE(room.projection.incidentCount(), 1);
}

void TestAlertRules::silences_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("startsInMinutes");
    QTest::addColumn<int>("endsInMinutes");
    QTest::addColumn<bool>("expireFirst");
    QTest::addColumn<QString>("suppressed");

    QTest::newRow("active silence") << u"silence"_s << 0 << 60 << false << u"silence"_s;
    QTest::newRow("maintenance window") << u"maintenance"_s << 0 << 60 << false
                                        << u"maintenance"_s;
    QTest::newRow("pending window") << u"maintenance"_s << 30 << 60 << false << QString();
    QTest::newRow("expired early") << u"silence"_s << 0 << 60 << true << QString();
}

void TestAlertRules::silences()
{
    QFETCH(QString, kind);
    QFETCH(int, startsInMinutes);
    QFETCH(int, endsInMinutes);
    QFETCH(bool, expireFirst);
    QFETCH(QString, suppressed);

    Room room;
    const QString id = room.addSilence(
        {{u"kind"_s, kind},
         {u"matchers"_s, QJsonArray{matcher(u"env"_s, u"="_s, u"prod"_s)}},
         {u"startsAt"_s, isoFromMs(room.now + startsInMinutes * s_minute)},
         {u"endsAt"_s, isoFromMs(room.now + endsInMinutes * s_minute)},
         {u"comment"_s, u"deploy"_s}});
    QVERIFY(!id.isEmpty());
    if (expireFirst) {
        QVERIFY(room.command({{u"type"_s, u"silence.expire"_s}, {u"silence"_s, id}}).ok);
    }
    room.deliver({alert(u"a"_s, AlertStatus::Firing, {{u"env"_s, u"prod"_s}}),
                  alert(u"b"_s, AlertStatus::Firing, {{u"env"_s, u"dev"_s}})});
    const AlertRecord *a = room.alert(u"a"_s);
    QCOMPARE(a->suppressed, suppressed);
    QCOMPARE(a->incident.isEmpty(), !suppressed.isEmpty());
    QCOMPARE(a->silence, suppressed.isEmpty() ? QString() : id);
    QVERIFY(!room.alert(u"b"_s)->incident.isEmpty());
}

void TestAlertRules::alertFiringAfterSilenceEndsJoinsAnIncident()
{
    Room room;
    room.addSilence({{u"matchers"_s, QJsonArray{matcher(u"env"_s, u"="_s, u"prod"_s)}},
                     {u"endsAt"_s, isoFromMs(room.now + 10 * s_minute)}});
    const QJsonObject prod{{u"env"_s, u"prod"_s}};
    room.deliver({alert(u"a"_s, AlertStatus::Firing, prod)});
    QVERIFY(room.deliver({alert(u"a"_s, AlertStatus::Firing, prod)}).isEmpty());
    room.advance(11);
    const EventList events = room.deliver({alert(u"a"_s, AlertStatus::Firing, prod)});
    QCOMPARE(types(events), (QStringList{u"incident.opened"_s, u"alert.attached"_s}));
    QCOMPARE(events.last().data().value(u"reason"_s).toString(), u"silence_ended"_s);
    QCOMPARE(room.alert(u"a"_s)->incident, room.newestIncident()->id);
    QCOMPARE(room.newestIncident()->firingAlerts, 1);
}

void TestAlertRules::suppressingRouteKeepsAlerts()
{
    Room room;
    room.addRoute({{u"name"_s, u"info only"_s},
                   {u"matchers"_s, QJsonArray{fieldMatcher(u"severity"_s, u"="_s, u"P4"_s)}},
                   {u"suppress"_s, true}});
    room.deliver({alert(u"i"_s, AlertStatus::Firing, {}, Severity::P4)});
    QCOMPARE(room.projection.incidentCount(), 0);
    QCOMPARE(room.alert(u"i"_s)->suppressed, u"route"_s);
    QCOMPARE(room.alert(u"i"_s)->toJson().value(u"suppressed"_s).toString(), u"route"_s);
}

void TestAlertRules::sourceAcknowledgement()
{
    Room room;
    room.deliver({alert(u"a"_s), alert(u"b"_s)});
    EventList events = room.deliver({alert(u"a"_s, AlertStatus::Acknowledged)});
    QCOMPARE(types(events), QStringList{u"alert.acknowledged"_s});
    QCOMPARE(room.alert(u"a"_s)->status, u"acknowledged"_s);
    QVERIFY(room.deliver({alert(u"a"_s, AlertStatus::Acknowledged)}).isEmpty());

    events = room.deliver({alert(u"b"_s, AlertStatus::Acknowledged)});
    QCOMPARE(types(events), (QStringList{u"alert.acknowledged"_s, u"incident.acknowledged"_s}));
    QCOMPARE(events.last().actor, u"integration:prod"_s);
    QCOMPARE(room.newestIncident()->status, IncidentStatus::Acknowledged);
    QCOMPARE(room.newestIncident()->firingAlerts, 2); // acknowledged alerts still count

    events = room.deliver({alert(u"a"_s)});
    QCOMPARE(types(events), QStringList{u"alert.unacknowledged"_s});
    QVERIFY(room.deliver({alert(u"ghost"_s, AlertStatus::Acknowledged)}).isEmpty());
}

void TestAlertRules::acknowledgementNotFollowedWhenRouteSaysNo()
{
    Room room;
    room.addRoute({{u"name"_s, u"own ack"_s}, {u"followSourceAcknowledgement"_s, false}});
    room.deliver({alert(u"a"_s)});
    const EventList events = room.deliver({alert(u"a"_s, AlertStatus::Acknowledged)});
    QCOMPARE(types(events), QStringList{u"alert.acknowledged"_s});
    QCOMPARE(room.newestIncident()->status, IncidentStatus::Triggered);
}

void TestAlertRules::autoResolve()
{
    Room room;
    room.addRoute({{u"name"_s, u"self-healing"_s},
                   {u"matchers"_s, QJsonArray{matcher(u"auto"_s, u"="_s, u"yes"_s)}},
                   {u"autoResolve"_s, true}});
    const QJsonObject yes{{u"auto"_s, u"yes"_s}};
    room.deliver({alert(u"a"_s, AlertStatus::Firing, yes),
                  alert(u"b"_s, AlertStatus::Firing, yes)});
    EventList events = room.deliver({resolved(u"a"_s, yes)});
    QCOMPARE(types(events), QStringList{u"alert.resolved"_s});
    events = room.deliver({resolved(u"b"_s, yes)});
    QCOMPARE(types(events), (QStringList{u"alert.resolved"_s, u"incident.alerts_resolved"_s,
                                         u"incident.resolved"_s}));
    QVERIFY(events.last().data().value(u"automatic"_s).toBool());
    QCOMPARE(room.newestIncident()->status, IncidentStatus::Resolved);

    // Without a route saying so, the incident stays open.
    room.deliver({alert(u"c"_s)});
    events = room.deliver({resolved(u"c"_s)});
    QCOMPARE(types(events), (QStringList{u"alert.resolved"_s, u"incident.alerts_resolved"_s}));
    QVERIFY(room.newestIncident()->isOpen());
}

void TestAlertRules::autoResolveSkippedForFlappingAlert()
{
    Room room;
    room.addRoute({{u"name"_s, u"auto"_s},
                   {u"autoResolve"_s, true},
                   {u"flapping"_s, QJsonObject{{u"transitions"_s, 3}, {u"minutes"_s, 30}}}});
    room.deliver({alert(u"x"_s), alert(u"steady"_s)});
    room.deliver({resolved(u"x"_s)});
    room.deliver({alert(u"x"_s)});
    QCOMPARE(room.alert(u"x"_s)->suppressed, u"flapping"_s);
    room.deliver({resolved(u"steady"_s)});
    // The last alert to resolve flaps: the incident stays open rather than churn.
    const EventList events = room.deliver({resolved(u"x"_s)});
    QCOMPARE(types(events), (QStringList{u"alert.resolved"_s, u"incident.alerts_resolved"_s}));
    QVERIFY(room.newestIncident()->isOpen());

    // After a person resolves it, the flapping alert's next firing opens nothing.
    room.append(makeEvent(u"incident.resolved"_s, u"user:alice"_s, room.newestIncident()->id, {}));
    QCOMPARE(types(room.deliver({alert(u"x"_s)})), QStringList{u"alert.received"_s});
    QCOMPARE(room.alert(u"x"_s)->suppressed, u"flapping"_s);
    QCOMPARE(room.projection.incidentCount(), 1);
}

void TestAlertRules::deliveryRetriesNeverDuplicate()
{
    Room room;
    bool duplicate = false;
    room.deliver({alert(u"a"_s)}, u"delivery-1"_s, nullptr, &duplicate);
    QVERIFY(!duplicate);
    room.deliver({resolved(u"a"_s)}, u"delivery-2"_s);
    // PagerDuty retries delivery-1 after delivery-2 went through: nothing changes.
    const EventList events = room.deliver({alert(u"a"_s)}, u"delivery-1"_s, nullptr, &duplicate);
    QVERIFY(duplicate);
    QVERIFY(events.isEmpty());
    QCOMPARE(room.alert(u"a"_s)->status, u"resolved"_s);
    QVERIFY(room.projection.alertState().deliverySeen(room.prod.id, u"delivery-2"_s));
    QVERIFY(!room.projection.alertState().deliverySeen(room.staging.id, u"delivery-2"_s));
    for (const Event &event : std::as_const(room.log)) {
        if (event.type == u"alert.received") {
            QCOMPARE(event.data().value(u"delivery"_s).toString(), u"delivery-1"_s);
        }
    }
}

void TestAlertRules::resolveBeforeTrigger()
{
    Room room;
    const qint64 start = room.now - 10 * s_minute;
    EventList events = room.deliver(
        {alert(u"a"_s, AlertStatus::Resolved, {}, Severity::P3, start, room.now)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    // The trigger arrives late: same episode, already over.
    events = room.deliver({alert(u"a"_s, AlertStatus::Firing, {}, Severity::P3, start)});
    QVERIFY(events.isEmpty());
    QCOMPARE(room.projection.incidentCount(), 0);
    // A later episode opens an incident.
    room.advance(5);
    events = room.deliver({alert(u"a"_s, AlertStatus::Firing, {}, Severity::P3, room.now)});
    QCOMPARE(types(events), (QStringList{u"incident.opened"_s, u"alert.received"_s}));
}

void TestAlertRules::staleResolveOfEarlierEpisode()
{
    Room room;
    const qint64 first = room.now;
    room.deliver({alert(u"a"_s, AlertStatus::Firing, {}, Severity::P3, first)});
    room.deliver({alert(u"a"_s, AlertStatus::Resolved, {}, Severity::P3, first, first + s_minute)});
    room.advance(10);
    room.deliver({alert(u"a"_s, AlertStatus::Firing, {}, Severity::P3, room.now)});
    // A retry of the first episode's resolve must not end the second.
    QVERIFY(room.deliver({alert(u"a"_s, AlertStatus::Resolved, {}, Severity::P3, first,
                                first + s_minute)})
                .isEmpty());
    QCOMPARE(room.alert(u"a"_s)->status, u"firing"_s);
    // Resolved twice: nothing the second time.
    room.deliver({resolved(u"a"_s)});
    QVERIFY(room.deliver({resolved(u"a"_s)}).isEmpty());
}

void TestAlertRules::commandsRefuse_data()
{
    QTest::addColumn<QJsonObject>("command");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("route without name")
        << QJsonObject{{u"type"_s, u"route.create"_s}, {u"route"_s, QJsonObject()}} << 400
        << u"name"_s;
    QTest::newRow("route with a bad regex")
        << QJsonObject{{u"type"_s, u"route.create"_s},
                       {u"route"_s, QJsonObject{{u"name"_s, u"r"_s},
                                                {u"matchers"_s,
                                                 QJsonArray{matcher(u"a"_s, u"=~"_s, u"("_s)}}}}}
        << 400 << u"regular expression"_s;
    QTest::newRow("route with an unknown op")
        << QJsonObject{{u"type"_s, u"route.create"_s},
                       {u"route"_s, QJsonObject{{u"name"_s, u"r"_s},
                                                {u"matchers"_s,
                                                 QJsonArray{matcher(u"a"_s, u"~~"_s, u"x"_s)}}}}}
        << 400 << u"op"_s;
    QTest::newRow("route severity")
        << QJsonObject{{u"type"_s, u"route.create"_s},
                       {u"route"_s, QJsonObject{{u"name"_s, u"r"_s},
                                                {u"set"_s, QJsonObject{{u"severity"_s, u"P7"_s}}}}}}
        << 400 << u"severity"_s;
    QTest::newRow("threshold out of range")
        << QJsonObject{{u"type"_s, u"route.create"_s},
                       {u"route"_s, QJsonObject{{u"name"_s, u"r"_s},
                                                {u"threshold"_s, QJsonObject{{u"alerts"_s, -2}}}}}}
        << 400 << u"threshold.alerts"_s;
    QTest::newRow("update of an unknown route")
        << QJsonObject{{u"type"_s, u"route.update"_s}, {u"route"_s, u"nope"_s},
                       {u"changes"_s, QJsonObject{{u"name"_s, u"x"_s}}}}
        << 404 << u"nope"_s;
    QTest::newRow("route with a nested quantifier")
        << QJsonObject{{u"type"_s, u"route.create"_s},
                       {u"route"_s, QJsonObject{{u"name"_s, u"r"_s},
                                                {u"matchers"_s,
                                                 QJsonArray{fieldMatcher(u"title"_s, u"=~"_s,
                                                                         u"(.|..)*\\d"_s)}}}}}
        << 400 << u"matchers[0]: value: a group repeated"_s;
    QTest::newRow("silence with a nested quantifier")
        << QJsonObject{{u"type"_s, u"silence.create"_s},
                       {u"silence"_s, QJsonObject{{u"endsAt"_s, u"2026-12-04T12:00:00Z"_s},
                                                  {u"matchers"_s,
                                                   QJsonArray{matcher(u"host"_s, u"!~"_s,
                                                                      u"(db-\\d+)+x"_s)}}}}}
        << 400 << u"a group repeated"_s;
    QTest::newRow("silence without matchers")
        << QJsonObject{{u"type"_s, u"silence.create"_s},
                       {u"silence"_s, QJsonObject{{u"endsAt"_s, u"2026-12-04T12:00:00Z"_s}}}}
        << 400 << u"matchers"_s;
    QTest::newRow("silence already over")
        << QJsonObject{{u"type"_s, u"silence.create"_s},
                       {u"silence"_s,
                        QJsonObject{{u"matchers"_s, QJsonArray{matcher(u"a"_s, u"="_s, u"b"_s)}},
                                    {u"startsAt"_s, u"2026-12-04T08:00:00Z"_s},
                                    {u"endsAt"_s, u"2026-12-04T09:00:00Z"_s}}}}
        << 400 << u"past"_s;
    QTest::newRow("silence kind")
        << QJsonObject{{u"type"_s, u"silence.create"_s},
                       {u"silence"_s,
                        QJsonObject{{u"kind"_s, u"nap"_s},
                                    {u"matchers"_s, QJsonArray{matcher(u"a"_s, u"="_s, u"b"_s)}},
                                    {u"endsAt"_s, u"2026-12-04T12:00:00Z"_s}}}}
        << 400 << u"kind"_s;
    QTest::newRow("expire an unknown silence")
        << QJsonObject{{u"type"_s, u"silence.expire"_s}, {u"silence"_s, u"nope"_s}} << 404
        << u"silence"_s;
    QTest::newRow("configure an unknown integration")
        << QJsonObject{{u"type"_s, u"integration.configure"_s}, {u"integration"_s, u"x"_s},
                       {u"config"_s, QJsonObject()}}
        << 404 << u"integration"_s;
    QTest::newRow("configure with a bad setting")
        << QJsonObject{{u"type"_s, u"integration.configure"_s}, {u"integration"_s, u"int-prod"_s},
                       {u"config"_s, QJsonObject{{u"colour"_s, 1}}}}
        << 400 << u"colour"_s;
    QTest::newRow("unknown type") << QJsonObject{{u"type"_s, u"route.explode"_s}} << 400
                                  << u"route.create"_s;
}

void TestAlertRules::commandsRefuse()
{
    QFETCH(QJsonObject, command);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    Room room;
    const qsizetype before = room.log.size();
    const AlertCommandResult result = room.command(command);
    QVERIFY(!result.ok);
    QCOMPARE(result.status, status);
    QVERIFY2(result.message.contains(mentions), qPrintable(result.message));
    QCOMPARE(room.log.size(), before);
}

void TestAlertRules::routeUpdateAndDelete()
{
    Room room;
    const QString id = room.addRoute({{u"name"_s, u"r"_s}, {u"set"_s,
                                       QJsonObject{{u"team"_s, u"a"_s}}}});
    AlertCommandResult result = room.command(
        {{u"type"_s, u"route.update"_s},
         {u"route"_s, id},
         {u"changes"_s, QJsonObject{{u"autoResolve"_s, true}, {u"name"_s, u"renamed"_s}}}});
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.events.first().type, u"route.updated"_s);
    const RouteRecord *route = room.projection.alertState().route(id);
    QCOMPARE(route->name, u"renamed"_s);
    QVERIFY(route->autoResolve);
    QCOMPARE(route->team, u"a"_s); // untouched settings stay
    result = room.command({{u"type"_s, u"route.delete"_s}, {u"route"_s, id}});
    QVERIFY(result.ok);
    QVERIFY(!room.projection.alertState().route(id));
    QCOMPARE(result.events.first().actor, u"user:alice"_s);
}

void TestAlertRules::silenceExpiry()
{
    Room room;
    const QString id = room.addSilence(
        {{u"matchers"_s, QJsonArray{matcher(u"env"_s, u"="_s, u"prod"_s)}},
         {u"endsAt"_s, isoFromMs(room.now + 5 * s_minute)}});
    const SilenceRecord *silence = room.projection.alertState().silence(id);
    QCOMPARE(silence->state(room.now), u"active"_s);
    QCOMPARE(silence->createdBy, u"user:alice"_s);
    room.advance(6);
    QCOMPARE(silence->state(room.now), u"expired"_s);
    const AlertCommandResult again = room.command({{u"type"_s, u"silence.expire"_s},
                                                   {u"silence"_s, id}});
    QCOMPARE(again.status, 409);
}

void TestAlertRules::integrationConfigure()
{
    Room room;
    AlertCommandResult result = room.command(
        {{u"type"_s, u"integration.configure"_s},
         {u"integration"_s, room.prod.id},
         {u"config"_s, QJsonObject{{u"severityMap"_s, QJsonObject{{u"high"_s, u"P1"_s}}},
                                   {u"rateLimit"_s, QJsonObject{{u"requests"_s, 10}}}}}});
    QVERIFY2(result.ok, qPrintable(result.message));
    const IntegrationSettings *settings = room.projection.alertState().integration(room.prod.id);
    QCOMPARE(settings->config.value(u"rateLimit"_s).toObject().value(u"requests"_s).toInt(), 10);
    // null removes one setting; the others stay.
    result = room.command({{u"type"_s, u"integration.configure"_s},
                           {u"integration"_s, room.prod.id},
                           {u"config"_s, QJsonObject{{u"rateLimit"_s, QJsonValue()}}}});
    QVERIFY(result.ok);
    QVERIFY(!settings->config.contains(u"rateLimit"_s));
    QVERIFY(settings->config.contains(u"severityMap"_s));
}

void TestAlertRules::dryRun()
{
    Room room;
    room.deliver({alert(u"a"_s, AlertStatus::Firing, {{u"service"_s, u"api"_s}}),
                  alert(u"b"_s, AlertStatus::Firing, {{u"service"_s, u"web"_s}})});
    RouteRecord candidate;
    QString error;
    QVERIFY(RouteRecord::fromJson(
        {{u"id"_s, u"draft"_s},
         {u"name"_s, u"api pages payments"_s},
         {u"matchers"_s, QJsonArray{matcher(u"service"_s, u"="_s, u"api"_s)}},
         {u"set"_s, QJsonObject{{u"team"_s, u"payments"_s}}}},
        &candidate, &error));
    const QJsonObject report = Routing::dryRun(room.projection, {candidate}, 100, room.now);
    const QJsonObject summary = report.value(u"summary"_s).toObject();
    QCOMPARE(summary.value(u"alerts"_s).toInt(), 2);
    QCOMPARE(summary.value(u"changed"_s).toInt(), 1);
    QCOMPARE(summary.value(u"unrouted"_s).toInt(), 1);
    const QJsonArray alerts = report.value(u"alerts"_s).toArray();
    bool sawApi = false;
    for (const QJsonValue &value : alerts) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"title"_s).toString() == u"Alert a") {
            sawApi = true;
            QVERIFY(entry.value(u"changed"_s).toBool());
            QCOMPARE(entry.value(u"proposed"_s).toObject().value(u"team"_s).toString(),
                     u"payments"_s);
        }
    }
    QVERIFY(sawApi);
    QCOMPARE(room.projection.alertState().routes().size(), 0); // nothing was saved
}

void TestAlertRules::noiseReport()
{
    Room room;
    const qint64 start = room.now;
    const QString noisy = room.addRoute({{u"name"_s, u"noisy disk"_s},
                                         {u"matchers"_s,
                                          QJsonArray{matcher(u"kind"_s, u"="_s, u"disk"_s)}},
                                         {u"autoResolve"_s, true}});
    room.addRoute({{u"name"_s, u"quiet"_s},
                   {u"matchers"_s, QJsonArray{matcher(u"kind"_s, u"="_s, u"cpu"_s)}}});
    const QJsonObject disk{{u"kind"_s, u"disk"_s}};
    for (int i = 0; i < 4; ++i) {
        const QString key = u"disk-%1"_s.arg(i);
        room.deliver({alert(key, AlertStatus::Firing, disk)});
        room.advance(1);
        room.deliver({resolved(key, disk)});
        room.advance(1);
    }
    // CPU incidents acknowledged and resolved by a person with nothing done in between.
    const QJsonObject cpu{{u"kind"_s, u"cpu"_s}};
    for (int i = 0; i < 3; ++i) {
        room.deliver({alert(u"cpu-%1"_s.arg(i), AlertStatus::Firing, cpu)});
        const QString incident = room.newestIncident()->id;
        room.append(makeEvent(u"incident.acknowledged"_s, u"user:bob"_s, incident, {}));
        room.append(makeEvent(u"incident.resolved"_s, u"user:bob"_s, incident, {}));
        room.advance(1);
    }
    NoiseReport report(start, room.now);
    for (const Event &event : std::as_const(room.log)) {
        report.add(event);
    }
    const QJsonObject json = report.toJson(room.projection.alertState());
    const QJsonArray tuning = json.value(u"worthTuning"_s).toArray();
    QStringList named;
    for (const QJsonValue &entry : tuning) {
        named.append(entry.toObject().value(u"name"_s).toString());
    }
    QVERIFY2(named.contains(u"noisy disk"_s), qPrintable(named.join(u", "_s)));
    QVERIFY2(named.contains(u"quiet"_s), qPrintable(named.join(u", "_s)));
    for (const QJsonValue &entry : json.value(u"routes"_s).toArray()) {
        const QJsonObject route = entry.toObject();
        if (route.value(u"route"_s).toString() == noisy) {
            QCOMPARE(route.value(u"alerts"_s).toInt(), 4);
            QCOMPARE(route.value(u"incidents"_s).toInt(), 4);
            QCOMPARE(route.value(u"autoResolvedShare"_s).toDouble(), 1.0);
            QCOMPARE(route.value(u"alertsPerIncident"_s).toDouble(), 1.0);
        } else if (route.value(u"name"_s).toString() == u"quiet") {
            QCOMPARE(route.value(u"acknowledgedWithoutActionShare"_s).toDouble(), 1.0);
        }
    }
    const QJsonArray sources = json.value(u"sources"_s).toArray();
    QCOMPARE(sources.size(), 1);
    QCOMPARE(sources.first().toObject().value(u"alerts"_s).toInt(), 7);
}

void TestAlertRules::matchers_data()
{
    QTest::addColumn<QJsonObject>("matcher");
    QTest::addColumn<bool>("matches");
    QTest::newRow("equal") << matcher(u"env"_s, u"="_s, u"prod"_s) << true;
    QTest::newRow("not equal") << matcher(u"env"_s, u"!="_s, u"prod"_s) << false;
    QTest::newRow("regex anchored") << matcher(u"env"_s, u"=~"_s, u"pro"_s) << false;
    QTest::newRow("regex") << matcher(u"env"_s, u"=~"_s, u"pr.d|staging"_s) << true;
    QTest::newRow("not regex") << matcher(u"env"_s, u"!~"_s, u"dev.*"_s) << true;
    QTest::newRow("missing label is empty") << matcher(u"zone"_s, u"="_s, u""_s) << true;
    QTest::newRow("severity field") << fieldMatcher(u"severity"_s, u"=~"_s, u"P[12]"_s) << true;
    QTest::newRow("title field") << fieldMatcher(u"title"_s, u"=~"_s, u".*disk.*"_s) << true;
    QTest::newRow("unicode value") << matcher(u"team"_s, u"="_s, u"Zürich 🚒"_s) << true;
}

void TestAlertRules::matchers()
{
    QFETCH(QJsonObject, matcher);
    QFETCH(bool, matches);
    LabelMatcher parsed;
    QString error;
    QVERIFY2(LabelMatcher::fromJson(matcher, &parsed, &error), qPrintable(error));
    const QJsonObject labels{{u"env"_s, u"prod"_s}, {u"team"_s, u"Zürich 🚒"_s}};
    // The labels as an alert keeps them (compact text), and a text JsonView leaves to Qt's
    // parser (a key written with an escape).
    const QList<QByteArray> texts{QJsonDocument(labels).toJson(QJsonDocument::Compact),
                                  R"({"\u0065nv":"prod","t\u0065am":"Zürich 🚒"})"_ba};
    for (const QByteArray &text : texts) {
        const MatchSubject subject{u"generic"_s, u"prod"_s, u"api"_s, Severity::P2,
                                   u"the disk is full"_s, text};
        QCOMPARE(parsed.matches(subject), matches);
    }
    QCOMPARE(parsed.toJson(), matcher);
}

void TestAlertRules::matcherText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonObject>("json");

    QTest::newRow("equal") << u"env=prod"_s << matcher(u"env"_s, u"="_s, u"prod"_s);
    QTest::newRow("spaces around") << u"  env = prod "_s << matcher(u"env"_s, u"="_s, u"prod"_s);
    QTest::newRow("regex") << u"host=~db-\\d+"_s << matcher(u"host"_s, u"=~"_s, u"db-\\d+"_s);
    QTest::newRow("not regex with a pipe")
        << u"env!~dev|test"_s << matcher(u"env"_s, u"!~"_s, u"dev|test"_s);
    QTest::newRow("not equal") << u"team!=sre"_s << matcher(u"team"_s, u"!="_s, u"sre"_s);
    QTest::newRow("field") << u"@source=datadog"_s
                           << fieldMatcher(u"source"_s, u"="_s, u"datadog"_s);
    QTest::newRow("empty value") << u"zone="_s << matcher(u"zone"_s, u"="_s, QString());
    QTest::newRow("no operator") << u"just words"_s << QJsonObject();
    QTest::newRow("unknown field") << u"@colour=red"_s << QJsonObject();
    QTest::newRow("bad regex") << u"a=~("_s << QJsonObject();
}

void TestAlertRules::matcherText()
{
    QFETCH(QString, text);
    QFETCH(QJsonObject, json);
    QString error;
    const QJsonObject parsed = LabelMatcher::jsonFromText(text, &error);
    QCOMPARE(parsed, json);
    QCOMPARE(error.isEmpty(), !json.isEmpty());
    if (!json.isEmpty()) {
        LabelMatcher matcher;
        QVERIFY(LabelMatcher::fromJson(parsed, &matcher, &error));
        QCOMPARE(LabelMatcher::jsonFromText(matcher.toText(), &error), json);
    }
}

void TestAlertRules::patternRule_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("refusal");

    // Shapes people write for labels and titles stay allowed.
    for (const QString &pattern :
         {u"dev|test"_s, u"db-\\d+"_s, u".*disk.*full.*"_s, u"(?i).*error.*"_s,
          u"(prod|staging)-eu"_s, u"(checkout|payments)?"_s, u"[a-z]+(-[0-9]{1,3})?"_s,
          u"(?:ab){2,5}"_s, u"(foo){3}"_s, u"[(+*]+"_s, u"\\Q(a+)+\\E"_s,
          u"(?<host>web)-\\d+"_s, u"\\x{41}+"_s, u"(?=.*a).*b"_s, u"a{2}"_s,
          u"((ab)c)+"_s, u"(?#note)x+"_s}) {
        QTest::newRow(qPrintable(u"allowed "_s + pattern)) << pattern << QString();
    }
    const QString nested = u"a group repeated"_s;
    QTest::newRow("dot or two dots, repeated") << u"(.|..)*\\d"_s << nested;
    QTest::newRow("star of star") << u"(?:(?:.)*)*\\d"_s << nested;
    QTest::newRow("plus of plus") << u"(a+)+b"_s << nested;
    QTest::newRow("counted repeat of a quantifier") << u"(a*){2,}"_s << nested;
    QTest::newRow("repeat of an alternation") << u"(a|ab)*c"_s << nested;
    QTest::newRow("deeper nesting") << u"((a+)b)+"_s << nested;
    QTest::newRow("lazy outer") << u"(x+x+)+?y"_s << nested;
    QTest::newRow("inside a lookahead") << u"(?=(a+)+)b"_s << nested;
    QTest::newRow("back-reference") << u"(a)\\1"_s << u"back-references"_s;
    QTest::newRow("named back-reference") << u"(?<n>a)\\k<n>"_s << u"back-references"_s;
    QTest::newRow("recursion") << u"a(?R)?b"_s << u"recursion"_s;
    QTest::newRow("subroutine") << u"(a)(?1)"_s << u"recursion"_s;
    QTest::newRow("verb") << u"(*LIMIT_MATCH=99999999)a"_s << u"(*VERB)"_s;
    QTest::newRow("too long") << QString(LabelMatcher::s_maxPatternLength + 1, u'a')
                              << u"at most 512"_s;
}

void TestAlertRules::patternRule()
{
    QFETCH(QString, pattern);
    QFETCH(QString, refusal);
    QString error;
    const bool allowed = LabelMatcher::checkPattern(pattern, &error);
    QVERIFY2(allowed == refusal.isEmpty(), qPrintable(error));
    QVERIFY2(error.contains(refusal), qPrintable(error));
    // The text form of the desktop's routes editor applies the same rule.
    const QJsonObject parsed = LabelMatcher::jsonFromText(u"@title=~"_s + pattern, &error);
    QCOMPARE(parsed.isEmpty(), !refusal.isEmpty());
}

void TestAlertRules::matchBudgetBoundsBacktracking()
{
    // A pattern that backtracks exponentially, as routes saved before the rule may hold: the
    // budget ends the match, and the matcher holds neither as =~ nor as !~.
    const MatchSubject subject{u"generic"_s, u"prod"_s, u"api"_s, Severity::P2,
                               QString(1024, u'T'), {}};
    for (const QString &op : {u"=~"_s, u"!~"_s}) {
        LabelMatcher matcher;
        QString error;
        QVERIFY2(LabelMatcher::fromJson(fieldMatcher(u"title"_s, op, u"(.|..)*\\d"_s), &matcher,
                                        &error),
                 qPrintable(error));
        QVERIFY(!matcher.matches(subject));
    }
    // The budget never cuts a match short that a sane pattern needs.
    LabelMatcher sane;
    QString error;
    QVERIFY(LabelMatcher::fromJson(fieldMatcher(u"title"_s, u"=~"_s, u"T*.*T+"_s), &sane,
                                   &error));
    QVERIFY(sane.matches(subject));
    QVERIFY(LabelMatcher::fromJson(fieldMatcher(u"title"_s, u"!~"_s, u".*disk.*full.*"_s), &sane,
                                   &error));
    QVERIFY(sane.matches(subject));
}

void TestAlertRules::routeSavedBeforeThePatternRuleStillLoads()
{
    // A route.created event written before the rule existed is folded as before, and its
    // other fields can still be changed; only new matchers are held to the rule.
    Room room;
    room.append(makeEvent(u"route.created"_s, u"user:admin"_s, QString(),
                          {{u"route"_s, QJsonObject{{u"id"_s, u"legacy"_s},
                                                    {u"name"_s, u"legacy"_s},
                                                    {u"matchers"_s,
                                                     QJsonArray{matcher(u"host"_s, u"=~"_s,
                                                                        u"(db|web)+-1"_s)}},
                                                    {u"set"_s, QJsonObject{{u"team"_s,
                                                                            u"dba"_s}}}}}}));
    const RouteRecord *route = room.projection.alertState().route(u"legacy"_s);
    QVERIFY(route);
    QVERIFY(route->matchers.first().matches(
        MatchSubject{u"generic"_s, u"prod"_s, QString(), Severity::P3, u"t"_s,
                     R"({"host":"dbweb-1"})"_ba}));
    const AlertCommandResult renamed = room.command(
        {{u"type"_s, u"route.update"_s}, {u"route"_s, u"legacy"_s},
         {u"changes"_s, QJsonObject{{u"name"_s, u"renamed"_s}}}});
    QVERIFY2(renamed.ok, qPrintable(renamed.message));
    QCOMPARE(room.projection.alertState().route(u"legacy"_s)->name, u"renamed"_s);
    const AlertCommandResult rematched = room.command(
        {{u"type"_s, u"route.update"_s}, {u"route"_s, u"legacy"_s},
         {u"changes"_s, QJsonObject{{u"matchers"_s, QJsonArray{matcher(u"host"_s, u"=~"_s,
                                                                       u"(db|web)+-2"_s)}}}}});
    QVERIFY(!rematched.ok);
    QCOMPARE(rematched.status, 400);
    QVERIFY2(rematched.message.contains(u"a group repeated"_s), qPrintable(rematched.message));
}

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
