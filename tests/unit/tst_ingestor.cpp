// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alerts/alertmanager.h"
#include "alerts/ingestor.h"
#include "alerts/sources.h"
#include "events/jsontext.h"
#include "foldcheck.h"
#include "server/httputil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

/// An in-memory log: assigns sequence numbers and folds into a projection, like the writer.
struct Harness
{
    Projection projection;
    EventList log;
    IntegrationRecord integration{u"int-1"_s, u"prod-am"_s, u"alertmanager"_s, "hash", 0};

    /// When true, each alert's raw JSON, labels and annotations are serialised ahead, as the
    /// server's parsers do.
    bool rawAhead = false;
    /// When true, webhooks are read by Alertmanager's fast reader, as the server reads them:
    /// alerts then carry their labels and annotations as text only.
    bool fastReader = false;
    QString deliveryId;

    EventList deliver(const QJsonArray &alerts, const QString &groupKey = u"g1"_s,
                      int truncated = 0, const IntegrationRecord *other = nullptr)
    {
        const QJsonObject root{{u"version"_s, u"4"_s},
                               {u"groupKey"_s, groupKey},
                               {u"truncatedAlerts"_s, truncated},
                               {u"alerts"_s, alerts}};
        NormalisedPayload payload;
        QString error;
        if (fastReader) {
            // As a sender writing U+FEFF as an escape sends it (Qt's writer would not).
            const QByteArray body = JsonText::escapeLeadingMarks(
                QJsonDocument(root).toJson(QJsonDocument::Compact));
            if (!AlertSources::normaliseFast(u"alertmanager"_s, body, Http::MaxJsonDepth, {},
                                             &payload)) {
                qWarning() << "the fast reader declined the webhook";
                return {};
            }
        } else if (!Alertmanager::normalise(root, &payload, &error)) {
            qWarning() << error;
            return {};
        }
        for (NormalisedAlert &alert : payload.alerts) {
            if (rawAhead) {
                alert.serialiseAhead();
            }
        }
        payload.deliveryId = deliveryId;
        const qsizetype before = log.size();
        AlertIngestor ingestor(projection, [this](Event &event) {
            event.seq = log.size() + 1;
            projection.apply(event);
            log.append(event);
            return true;
        });
        // Alerts received go to the projection as records, as the server's writer does.
        ingestor.setReceivedEmitter(
            [this](Event &event, AlertRecord &&record, const QString &delivery) {
                event.seq = log.size() + 1;
                projection.applyReceivedAlert(event, std::move(record), delivery);
                log.append(event);
                return true;
            });
        ingestor.ingest(other ? *other : integration, payload);
        FoldCheck::verifySameFold(projection, log, __FILE__, __LINE__);
        return log.mid(before);
    }

    void resolveIncident(const QString &id)
    {
        Event event = makeEvent(u"incident.resolved"_s, u"user:alice"_s, id, {});
        event.seq = log.size() + 1;
        projection.apply(event);
        log.append(event);
    }
};

QJsonObject firing(const QString &fingerprint, const QString &severity = u"warning"_s,
                   const QString &summary = u"it broke"_s,
                   const QString &startsAt = u"2026-12-04T10:00:00Z"_s)
{
    return {{u"status"_s, u"firing"_s},
            {u"fingerprint"_s, fingerprint},
            {u"labels"_s, QJsonObject{{u"alertname"_s, u"HighLatency"_s},
                                      {u"severity"_s, severity},
                                      {u"service"_s, u"search"_s},
                                      {u"fp"_s, fingerprint}}},
            {u"annotations"_s, QJsonObject{{u"summary"_s, summary}}},
            {u"startsAt"_s, startsAt},
            {u"endsAt"_s, u"0001-01-01T00:00:00Z"_s}};
}

QJsonObject resolved(const QString &fingerprint)
{
    QJsonObject alert = firing(fingerprint);
    alert.insert(u"status"_s, u"resolved"_s);
    alert.insert(u"endsAt"_s, u"2026-12-04T10:30:00Z"_s);
    return alert;
}

QStringList types(const EventList &events)
{
    QStringList list;
    for (const Event &event : events) {
        list.append(event.type);
    }
    return list;
}

} // namespace

class TestIngestor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firingOpensIncident();
    void sameGroupJoins();
    void copyWithoutAlertsKeepsTheOriginal();
    void otherIntegrationSeparate();
    void repeatsNeverDuplicate();
    void changedAnnotationsUpdate_data();
    void changedAnnotationsUpdate();
    void leadingMarkSurvivesARebuild_data();
    void leadingMarkSurvivesARebuild();
    void severityRaisedNeverLowered();
    void allResolvedKeepsIncidentOpen();
    void resolveTwiceIsIdempotent();
    void refireWhileOpen();
    void firingAfterResolveOpensLinkedIncident();
    void stillFiringRepeatAfterResolveOpensNothing();
    void resolveNeverSeenOpensNothing();
    void truncatedBodyNeverResolves();
    void rawSerialisedAheadGivesTheSameText_data();
    void rawSerialisedAheadGivesTheSameText();
};

void TestIngestor::firingOpensIncident()
{
    Harness h;
    const EventList events = h.deliver({firing(u"a"_s, u"critical"_s)});
    QCOMPARE(types(events), (QStringList{u"incident.opened"_s, u"alert.received"_s}));
    QCOMPARE(h.projection.incidentCount(), 1);
    const IncidentRecord *incident = h.projection.incidents().first();
    QCOMPARE(incident->numberText(), u"INC-1"_s);
    QCOMPARE(incident->severity, Severity::P1);
    QCOMPARE(incident->title, u"HighLatency: it broke"_s);
    QCOMPARE(incident->service, u"search"_s);
    QCOMPARE(incident->status, IncidentStatus::Triggered);
    QCOMPARE(events.at(1).incident, incident->id);
    QCOMPARE(events.at(0).actor, u"integration:prod-am"_s);
    QVERIFY(events.at(1).data().value(u"raw"_s).toObject().contains(u"labels"_s));
}

void TestIngestor::sameGroupJoins()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    const EventList events = h.deliver({firing(u"b"_s)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QCOMPARE(h.projection.incidentCount(), 1);
    QCOMPARE(h.projection.incidents().first()->alertIds.size(), 2);

    h.deliver({firing(u"c"_s)}, u"another-group"_s);
    QCOMPARE(h.projection.incidentCount(), 2);
}

// /metrics folds a copy of the projection without its alerts: the copy has the incidents and
// their alerts' keys, and the original, which gave its alerts up for the copy, has them back.
void TestIngestor::copyWithoutAlertsKeepsTheOriginal()
{
    Harness h;
    h.deliver({firing(u"a"_s), firing(u"b"_s)});
    h.deliver({firing(u"c"_s)}, u"another-group"_s);
    const std::shared_ptr<const Projection> copy = h.projection.copyWithoutAlerts();

    QCOMPARE(copy->incidentCount(), 2);
    QVERIFY(copy->alerts().isEmpty());
    QCOMPARE(h.projection.alerts().size(), 3);
    for (const IncidentRecord *incident : copy->incidents()) {
        QCOMPARE(incident->alertKeys.size(), incident->alertIds.size());
        for (qsizetype i = 0; i < incident->alertIds.size(); ++i) {
            const AlertRecord *alert = h.projection.alert(incident->alertIds.at(i));
            QVERIFY(alert);
            QCOMPARE(incident->alertKeys.at(i), alert->dedupKey);
        }
    }
    const AlertRecord *a = h.projection.latestAlert(h.integration.id, h.projection.alerts()
                                                                          .last()
                                                                          ->dedupKey);
    QVERIFY(a);
    QVERIFY(!h.projection.alertState().transitions(h.integration.id, a->dedupKey).isEmpty());

    // The original goes on as before: a repeat is still a repeat, a new alert joins.
    QVERIFY(h.deliver({firing(u"a"_s)}).isEmpty());
    h.deliver({firing(u"d"_s)});
    QCOMPARE(h.projection.alerts().size(), 4);
    QCOMPARE(copy->incidents().last()->alertIds.size() + copy->incidents().first()->alertIds.size(),
             3);
}

void TestIngestor::otherIntegrationSeparate()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    const IntegrationRecord staging{u"int-2"_s, u"staging-am"_s, u"alertmanager"_s, "h2", 0};
    h.deliver({firing(u"a"_s)}, u"g1"_s, 0, &staging);
    QCOMPARE(h.projection.incidentCount(), 2);
}

void TestIngestor::repeatsNeverDuplicate()
{
    Harness h;
    h.deliver({firing(u"a"_s), firing(u"b"_s)});
    const qsizetype size = h.log.size();
    QVERIFY(h.deliver({firing(u"a"_s), firing(u"b"_s)}).isEmpty());
    QVERIFY(h.deliver({firing(u"b"_s)}).isEmpty());
    QCOMPARE(h.log.size(), size);
    QCOMPARE(h.projection.alerts().size(), 2);
}

void TestIngestor::changedAnnotationsUpdate_data()
{
    QTest::addColumn<bool>("fastReader");
    QTest::newRow("full reader") << false;
    QTest::newRow("fast reader") << true;
}

void TestIngestor::changedAnnotationsUpdate()
{
    QFETCH(bool, fastReader);
    Harness h;
    h.fastReader = fastReader;
    QCOMPARE(types(h.deliver({firing(u"a"_s)})),
             (QStringList{u"incident.opened"_s, u"alert.received"_s}));
    const EventList events = h.deliver({firing(u"a"_s, u"warning"_s, u"now worse"_s)});
    QCOMPARE(types(events), QStringList{u"alert.updated"_s});
    const QJsonObject data = events.first().data();
    QCOMPARE(data.value(u"changed"_s).toArray(), QJsonArray{u"summary"_s});
    QCOMPARE(data.value(u"annotations"_s).toObject(),
             (QJsonObject{{u"summary"_s, u"now worse"_s}}));
    QCOMPARE(data.value(u"previousAnnotations"_s).toObject().value(u"summary"_s).toString(),
             u"it broke"_s);
    const AlertRecord *alert = h.projection.alerts().first();
    QCOMPARE(alert->annotations().value(u"summary"_s).toString(), u"now worse"_s);
    QCOMPARE(alert->title, u"HighLatency: now worse"_s);
    QVERIFY(!events.first().incident.isEmpty());
}

void TestIngestor::leadingMarkSurvivesARebuild_data()
{
    changedAnnotationsUpdate_data();
}

// A dedup key, title or label that starts with U+FEFF is the same alert after the projection
// is rebuilt from the log (each delivery checks the rebuilt projection against the live one):
// the stored text escapes the mark, which Qt's parser would drop from a plain string.
void TestIngestor::leadingMarkSurvivesARebuild()
{
    QFETCH(bool, fastReader);
    Harness h;
    h.fastReader = fastReader;
    const QString key = QString(QChar(0xfeff)) + u"a"_s;
    const QJsonObject alert = firing(key, u"warning"_s, key);
    QCOMPARE(types(h.deliver({alert})), (QStringList{u"incident.opened"_s, u"alert.received"_s}));
    QVERIFY(h.deliver({alert}).isEmpty());
    QCOMPARE(h.projection.alerts().size(), 1);
    QCOMPARE(h.projection.alerts().first()->dedupKey, key);
    QCOMPARE(h.projection.alerts().first()->title, QString(u"HighLatency: "_s + key));
}

void TestIngestor::severityRaisedNeverLowered()
{
    Harness h;
    h.deliver({firing(u"a"_s, u"warning"_s)});
    EventList events = h.deliver({firing(u"b"_s, u"critical"_s)});
    QCOMPARE(types(events), (QStringList{u"alert.received"_s, u"incident.severity_changed"_s}));
    QCOMPARE(events.last().data().value(u"from"_s).toString(), u"P3"_s);
    QCOMPARE(events.last().data().value(u"to"_s).toString(), u"P1"_s);
    QCOMPARE(h.projection.incidents().first()->severity, Severity::P1);

    events = h.deliver({firing(u"c"_s, u"info"_s)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QCOMPARE(h.projection.incidents().first()->severity, Severity::P1);
}

void TestIngestor::allResolvedKeepsIncidentOpen()
{
    Harness h;
    h.deliver({firing(u"a"_s), firing(u"b"_s)});
    EventList events = h.deliver({resolved(u"a"_s)});
    QCOMPARE(types(events), QStringList{u"alert.resolved"_s});
    QVERIFY(!h.projection.incidents().first()->alertsAllResolved());

    events = h.deliver({resolved(u"b"_s)});
    QCOMPARE(types(events), (QStringList{u"alert.resolved"_s, u"incident.alerts_resolved"_s}));
    const IncidentRecord *incident = h.projection.incidents().first();
    QVERIFY(incident->alertsAllResolved());
    QCOMPARE(incident->status, IncidentStatus::Triggered);
    QVERIFY(incident->isOpen());
    const AlertRecord *alert = h.projection.latestAlert(u"int-1"_s, u"a"_s);
    QCOMPARE(alert->status, u"resolved"_s);
    QCOMPARE(alert->endsAt, msFromIso(u"2026-12-04T10:30:00Z"_s));
}

void TestIngestor::resolveTwiceIsIdempotent()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    h.deliver({resolved(u"a"_s)});
    QVERIFY(h.deliver({resolved(u"a"_s)}).isEmpty());
}

void TestIngestor::refireWhileOpen()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    h.deliver({resolved(u"a"_s)});
    const EventList events = h.deliver({firing(u"a"_s, u"warning"_s, u"it broke"_s,
                                               u"2026-12-04T11:00:00Z"_s)});
    QCOMPARE(types(events), QStringList{u"alert.refired"_s});
    QCOMPARE(h.projection.incidentCount(), 1);
    QCOMPARE(h.projection.incidents().first()->firingAlerts, 1);
    QVERIFY(!h.projection.incidents().first()->alertsAllResolved());
}

void TestIngestor::firingAfterResolveOpensLinkedIncident()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    h.deliver({resolved(u"a"_s)});
    const QString first = h.projection.incidents().first()->id;
    h.resolveIncident(first);

    const EventList events = h.deliver({firing(u"a"_s, u"warning"_s, u"again"_s,
                                               u"2026-12-04T12:00:00Z"_s)});
    QCOMPARE(types(events), (QStringList{u"incident.opened"_s, u"alert.received"_s}));
    QCOMPARE(h.projection.incidentCount(), 2);
    const IncidentRecord *second = h.projection.incidents().first();
    QCOMPARE(second->numberText(), u"INC-2"_s);
    QCOMPARE(second->relatedIncident, first);
    QCOMPARE(events.first().data().value(u"relatedIncident"_s).toString(), first);
    // The earlier alert record is kept; the new episode is a new alert.
    QCOMPARE(h.projection.alerts().size(), 2);
}

void TestIngestor::stillFiringRepeatAfterResolveOpensNothing()
{
    Harness h;
    h.deliver({firing(u"a"_s)});
    h.resolveIncident(h.projection.incidents().first()->id);
    // Alertmanager repeats a still-firing alert with the same startsAt: same episode.
    QVERIFY(h.deliver({firing(u"a"_s)}).isEmpty());
    QCOMPARE(h.projection.incidentCount(), 1);
}

void TestIngestor::resolveNeverSeenOpensNothing()
{
    Harness h;
    const EventList events = h.deliver({resolved(u"ghost"_s)});
    QCOMPARE(types(events), QStringList{u"alert.received"_s});
    QVERIFY(events.first().incident.isEmpty());
    QCOMPARE(h.projection.incidentCount(), 0);
    const AlertRecord *alert = h.projection.alerts().first();
    QCOMPARE(alert->status, u"resolved"_s);
    QVERIFY(alert->incident.isEmpty());
    QVERIFY(h.deliver({resolved(u"ghost"_s)}).isEmpty());
}

void TestIngestor::truncatedBodyNeverResolves()
{
    Harness h;
    h.deliver({firing(u"a"_s), firing(u"b"_s), firing(u"c"_s)});
    // Only "a" arrives; 2 were cut by max_alerts. b and c must stay firing.
    const EventList events = h.deliver({firing(u"a"_s)}, u"g1"_s, 2);
    QCOMPARE(types(events), QStringList{u"incident.alerts_truncated"_s});
    QCOMPARE(events.first().data().value(u"count"_s).toInt(), 2);
    const IncidentRecord *incident = h.projection.incidents().first();
    QCOMPARE(incident->undeliveredAlerts, 2);
    QCOMPARE(incident->firingAlerts, 3);
    QCOMPARE(h.projection.latestAlert(u"int-1"_s, u"b"_s)->status, u"firing"_s);
}


void TestIngestor::rawSerialisedAheadGivesTheSameText_data()
{
    QTest::addColumn<QString>("delivery");
    QTest::newRow("without a delivery id") << QString();
    QTest::newRow("with a delivery id") << u"delivery-7"_s;
}

// The server serialises raw payloads on its parser threads and splices the text in; the
// stored text must be exactly what serialising the whole data object gives, and the object
// handed to the projection must be that data.
void TestIngestor::rawSerialisedAheadGivesTheSameText()
{
    QFETCH(QString, delivery);
    Harness h;
    h.rawAhead = true;
    h.deliveryId = delivery;
    QJsonObject odd = firing(u"b"_s, u"critical"_s, u"Ünïcödé \"quoted\" \\ /\n\t\x01 😀"_s);
    odd.insert(u"extra"_s, QJsonObject{{u"n"_s, 1.5}, {u"big"_s, 12345678901LL},
                                       {u"list"_s, QJsonArray{true, QJsonValue(), u"z"_s}}});
    // Unpaired surrogates (valid as JSON escapes), a pair, no start time, and a resolve never
    // seen firing.
    QJsonObject lone = firing(QString(QChar(0xd83d)) + u"c"_s, u"error"_s,
                              QString(u"half "_s + QChar(0xd83d) + QChar(0xde00) + u" pair"_s));
    lone.remove(u"startsAt"_s);
    QJsonObject labels = lone.value(u"labels"_s).toObject();
    labels.insert(QString(QChar(0xdc00)), QString(QChar(0xd800)));
    lone.insert(u"labels"_s, labels);
    QJsonObject late = resolved(u"d"_s);
    late.insert(u"startsAt"_s, u"1970-01-01T00:00:00.001Z"_s);
    const EventList events = h.deliver({firing(u"a"_s), odd, lone, late});
    QCOMPARE(types(events), (QStringList{u"incident.opened"_s, u"alert.received"_s,
                                         u"alert.received"_s, u"incident.severity_changed"_s,
                                         u"alert.received"_s, u"alert.received"_s}));
    for (const Event &event : events) {
        const QJsonObject parsed = QJsonDocument::fromJson(event.dataJson).object();
        QVERIFY(!parsed.isEmpty());
        const QByteArray qt = QJsonDocument(parsed).toJson(QJsonDocument::Compact);
        QCOMPARE(event.dataJson, JsonText::escapeLeadingMarks(qt));
        QCOMPARE(event.data(), parsed);
    }
    const QJsonObject data = events.at(2).data();
    QCOMPARE(data.value(u"raw"_s).toObject(), odd);
    QCOMPARE(data.value(u"delivery"_s).toString(), delivery);
    QCOMPARE(data.value(u"alert"_s).toObject().value(u"dedupKey"_s).toString(), u"b"_s);
    QCOMPARE(h.projection.alerts().size(), 4);
}

QTEST_GUILESS_MAIN(TestIngestor)
#include "tst_ingestor.moc"
