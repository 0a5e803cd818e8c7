// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Finding 24 of the fourth test round against the real server: a reader's regular expression
// in the routes dry run must neither stall the server nor run without bound, and the heavy
// reads (dry run, noise report, /metrics) are computed off the event loop, so /healthz keeps
// answering. /metrics can be put behind a token of its own.
#include "serverprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString s_password = u"correct horse battery"_s;
// 100 costly routes × 1,000 alerts are 100,000 matches that each run to the match budget:
// far more than a fast machine does within the dry run's 3-second budget (60 alerts, 6,000
// matches, sometimes finished in time on a quiet machine and failed the test).
constexpr int s_alerts = 1000;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject titleMatcher(const QString &op, const QString &regex)
{
    return {{u"field"_s, u"title"_s}, {u"op"_s, op}, {u"value"_s, regex}};
}

QString errorMessage(const ServerProcess::Reply &reply)
{
    return reply.json().value(u"error"_s).toObject().value(u"message"_s).toString();
}

} // namespace

class TestHeavyReads : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void backtrackingPatternsAreRefused_data();
    void backtrackingPatternsAreRefused();
    void dryRunIsBoundedAndOffTheEventLoop();
    void noiseReportFromTheLog();
    void metricsScrapesAtOnce();
    void metricsToken();

private:
    QNetworkReply *post(QNetworkAccessManager &manager, const QString &path,
                        const QJsonObject &body, const QString &token) const;

    ServerProcess m_server;
    QString m_viewer;
};

void TestHeavyReads::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const QString admin = m_server.adminToken();
    const auto account = m_server.request("POST", u"/api/v1/commands"_s,
                                          json({{u"type"_s, u"account.create"_s},
                                                {u"name"_s, u"vera"_s},
                                                {u"roles"_s, QJsonArray{u"viewer"_s}},
                                                {u"password"_s, s_password}}),
                                          admin);
    QVERIFY2(account.status == 200, account.body.constData());
    const auto session = m_server.request(
        "POST", u"/api/v1/sessions"_s, json({{u"user"_s, u"vera"_s}, {u"password"_s, s_password}}));
    QVERIFY2(session.status == 201, session.body.constData());
    m_viewer = session.json().value(u"token"_s).toString();

    const auto integration = m_server.request(
        "POST", u"/api/v1/integrations"_s,
        json({{u"source"_s, u"generic"_s},
              {u"name"_s, u"monitoring"_s},
              {u"config"_s, QJsonObject{{u"mapping"_s, QJsonObject{{u"alerts"_s, u"items"_s}}}}}}),
        admin);
    QVERIFY2(integration.status == 201, integration.body.constData());
    const QString key = integration.json().value(u"key"_s).toString();
    // Titles of the documented maximum length, as any monitoring source may send.
    // In requests of 200, each well under the 1 MiB body limit.
    for (int first = 0; first < s_alerts; first += 200) {
        QJsonArray items;
        for (int i = first; i < first + 200; ++i) {
            items.append(QJsonObject{{u"title"_s, QString(1024, u'T')},
                                     {u"dedup_key"_s, u"long-%1"_s.arg(i)},
                                     {u"severity"_s, u"warning"_s}});
        }
        const auto accepted = m_server.request("POST", u"/api/v1/alerts/generic"_s,
                                               json({{u"items"_s, items}}), key);
        QVERIFY2(accepted.status == 202, accepted.body.constData());
    }
}

void TestHeavyReads::cleanupTestCase()
{
    m_server.stop();
}

QNetworkReply *TestHeavyReads::post(QNetworkAccessManager &manager, const QString &path,
                                    const QJsonObject &body, const QString &token) const
{
    QNetworkRequest request(m_server.url().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setTransferTimeout(120000);
    return manager.post(request, json(body));
}

void TestHeavyReads::backtrackingPatternsAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("asViewer");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("mentions");

    const auto route = [](const QString &regex) {
        return QJsonObject{{u"name"_s, u"redos"_s},
                           {u"matchers"_s, QJsonArray{titleMatcher(u"=~"_s, regex)}},
                           {u"set"_s, QJsonObject{{u"severity"_s, u"P1"_s}}}};
    };
    const QString nested = u"matchers[0]: value: a group repeated by *, + or {n,m} must not"_s;
    // The tester's request: a viewer's dry run against 1,024-character titles.
    QTest::newRow("dry run (.|..)*\\d")
        << u"/api/v1/routes/dry-run"_s << true
        << QJsonObject{{u"routes"_s, QJsonArray{route(u"(.|..)*\\d"_s)}}, {u"limit"_s, 1000}}
        << u"routes[0]: "_s + nested;
    QTest::newRow("dry run (?:(?:.)*)*\\d")
        << u"/api/v1/routes/dry-run"_s << true
        << QJsonObject{{u"routes"_s, QJsonArray{route(u"(?:(?:.)*)*\\d"_s)}}} << nested;
    QTest::newRow("dry run back-reference")
        << u"/api/v1/routes/dry-run"_s << true
        << QJsonObject{{u"routes"_s, QJsonArray{route(u"(T+)\\1"_s)}}} << u"back-references"_s;
    QTest::newRow("dry run with too many routes")
        << u"/api/v1/routes/dry-run"_s << true
        << QJsonObject{{u"routes"_s, QJsonArray::fromVariantList(QVariantList(
                                         101, route(u"T.*"_s).toVariantMap()))}}
        << u"at most 100 routes"_s;
    QTest::newRow("saved route") << u"/api/v1/routes"_s << false << route(u"(T+)+x"_s)
                                 << u"route: "_s + nested;
    QTest::newRow("silence")
        << u"/api/v1/silences"_s << false
        << QJsonObject{{u"matchers"_s, QJsonArray{titleMatcher(u"!~"_s, u"(a|aa)*b"_s)}},
                       {u"endsAt"_s, QDateTime::currentDateTimeUtc().addDays(1).toString(
                                         Qt::ISODate)}}
        << u"silence: "_s + nested;
}

void TestHeavyReads::backtrackingPatternsAreRefused()
{
    QFETCH(QString, path);
    QFETCH(bool, asViewer);
    QFETCH(QJsonObject, body);
    QFETCH(QString, mentions);
    const auto reply = m_server.request("POST", path, json(body),
                                        asViewer ? m_viewer : m_server.adminToken());
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"bad_request"_s);
    QVERIFY2(errorMessage(reply).contains(mentions), qPrintable(errorMessage(reply)));
    // Nothing was saved.
    QCOMPARE(m_server.request("GET", u"/api/v1/routes"_s, {}, m_viewer)
                 .json().value(u"routes"_s).toArray().size(),
             0);
}

void TestHeavyReads::dryRunIsBoundedAndOffTheEventLoop()
{
    // Allowed by the pattern rule but still costly on long titles (polynomial backtracking):
    // each match ends at the match budget, and the request at the dry run's time budget.
    QJsonArray routes;
    for (int i = 0; i < 100; ++i) {
        routes.append(QJsonObject{{u"name"_s, u"costly %1"_s.arg(i)},
                                  {u"matchers"_s, QJsonArray{titleMatcher(u"=~"_s,
                                                                          u".*.*.*.*\\d"_s)}}});
    }
    const QJsonObject body{{u"routes"_s, routes}, {u"limit"_s, 1000}};
    QNetworkAccessManager manager;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 3; ++i) {
        replies.append(post(manager, u"/api/v1/routes/dry-run"_s, body, m_viewer));
    }
    const auto pending = [&replies]() {
        return std::any_of(replies.cbegin(), replies.cend(),
                           [](const QNetworkReply *reply) { return !reply->isFinished(); });
    };
    // The server keeps answering while the dry runs are computed.
    int healthyWhilePending = 0;
    while (pending()) {
        const auto health = m_server.request("GET", u"/healthz"_s);
        QCOMPARE(health.status, 200);
        healthyWhilePending += pending();
        if (healthyWhilePending >= 3) {
            break;
        }
    }
    QVERIFY2(healthyWhilePending >= 3, "/healthz waited for the dry runs");
    QTRY_VERIFY_WITH_TIMEOUT(!pending(), 120000);

    // Two run at once; the third was turned away, for now.
    int computed = 0;
    int busy = 0;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status == 503) {
            ++busy;
            QCOMPARE(reply->rawHeader("Retry-After"), "1"_ba);
            continue;
        }
        QCOMPARE(status, 200);
        ++computed;
        const QJsonObject summary
            = QJsonDocument::fromJson(answer).object().value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"complete"_s).toBool(true), false);
        QVERIFY(summary.value(u"alerts"_s).toInt() < s_alerts);
    }
    QCOMPARE(computed, 2);
    QCOMPARE(busy, 1);
    qDeleteAll(replies);

    // A cheap dry run still places every alert, and now there is room again.
    const auto quick = m_server.request(
        "POST", u"/api/v1/routes/dry-run"_s,
        json({{u"routes"_s, QJsonArray{QJsonObject{
                                {u"name"_s, u"long titles"_s},
                                {u"matchers"_s, QJsonArray{titleMatcher(u"=~"_s, u"T+"_s)}},
                                {u"set"_s, QJsonObject{{u"severity"_s, u"P1"_s}}}}}},
              {u"limit"_s, s_alerts}}),
        m_viewer);
    QCOMPARE(quick.status, 200);
    const QJsonObject summary = quick.json().value(u"summary"_s).toObject();
    QCOMPARE(summary.value(u"complete"_s).toBool(), true);
    QCOMPARE(summary.value(u"alerts"_s).toInt(), s_alerts);
    QCOMPARE(summary.value(u"changed"_s).toInt(), s_alerts);
}

void TestHeavyReads::noiseReportFromTheLog()
{
    const auto reply = m_server.request(
        "GET", u"/api/v1/alerts/noise?since=1970-01-02T00:00:00Z&until=2100-01-01T00:00:00Z"_s, {},
        m_viewer);
    QCOMPARE(reply.status, 200);
    const QJsonArray sources = reply.json().value(u"sources"_s).toArray();
    QCOMPARE(sources.size(), 1);
    QCOMPARE(sources.first().toObject().value(u"source"_s).toString(), u"generic"_s);
    QCOMPARE(sources.first().toObject().value(u"alerts"_s).toInt(), s_alerts);
    QCOMPARE(sources.first().toObject().value(u"incidents"_s).toInt(), s_alerts);
}


void TestHeavyReads::metricsScrapesAtOnce()
{
    // Scrapes at once, and a /healthz among them: every one answered, with the same figures.
    QNetworkAccessManager manager;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i) {
        QUrl url = m_server.url();
        url.setPath(u"/metrics"_s);
        replies.append(manager.get(QNetworkRequest(url)));
    }
    QCOMPARE(m_server.request("GET", u"/healthz"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](const QNetworkReply *reply) {
                                             return reply->isFinished();
                                         }),
                             60000);
    QByteArray first;
    for (QNetworkReply *reply : std::as_const(replies)) {
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QByteArray text = reply->readAll();
        QVERIFY(text.contains("\nfirebreak_incidents_total %1\n"_ba.replace(
            "%1", QByteArray::number(s_alerts))));
        QVERIFY(text.contains("firebreak_incident_time_to_resolve_seconds_bucket"));
        QVERIFY(text.contains("firebreak_postmortems{state=\"draft\"}"));
        if (first.isEmpty()) {
            first = text;
        }
        QCOMPARE(text, first);
    }
    qDeleteAll(replies);
}

void TestHeavyReads::metricsToken()
{
    ServerProcess guarded;
    QVERIFY2(guarded.start({u"--metrics-token"_s, u"scrape-secret"_s}),
             qPrintable(guarded.standardError()));
    const auto anonymous = guarded.request("GET", u"/metrics"_s);
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"unauthorized"_s);
    QCOMPARE(guarded.request("GET", u"/metrics"_s, {}, u"not-the-secret"_s).status, 401);
    // The administrator's token is no metrics token either: the two are kept apart.
    QCOMPARE(guarded.request("GET", u"/metrics"_s, {}, guarded.adminToken()).status, 401);
    const auto scraped = guarded.request("GET", u"/metrics"_s, {}, u"scrape-secret"_s);
    QCOMPARE(scraped.status, 200);
    QVERIFY(scraped.body.contains("firebreak_log_head "));
    QCOMPARE(guarded.request("GET", u"/healthz"_s).status, 200);
    // The token never shows in what the server logs.
    guarded.stop();
    QVERIFY(!guarded.standardError().contains(u"scrape-secret"_s));
}

QTEST_GUILESS_MAIN(TestHeavyReads)
#include "tst_heavyreads.moc"
