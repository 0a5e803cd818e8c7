// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The outbox against a local HTTP receiver that fails, times out and recovers: nothing lost,
// nothing accepted twice, also across a crash (the dispatcher and its fold thrown away and
// rebuilt from the log, as a restarted server does).
#include "httpreceiver.h"
#include "incidents/incidentcommands.h"
#include "notify/dispatcher.h"
#include "notify/notifycommands.h"
#include "notify/payloads.h"
#include "notify/secretvault.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using namespace Firebreak::Notify;
using Firebreak::Testing::HttpReceiver;

namespace {

/// The projection with the outbox folded alongside; events get sequence numbers and a log.
struct NotifyRoom
{
    Projection projection;
    Outbox outbox;
    EventList log;
    qint64 seq = 0;

    NotifyRoom()
    {
        projection.setFold([this](const Projection &p, const Event &e) { outbox.apply(p, e); });
    }

    void apply(EventList events)
    {
        for (Event &event : events) {
            event.seq = ++seq;
            projection.apply(event);
            log.append(event);
        }
    }

    CommandDecision run(const QJsonObject &command)
    {
        const CommandContext context{u"user:admin"_s, QDateTime::currentMSecsSinceEpoch(), {}};
        const QString type = command[u"type"_s].toString();
        CommandDecision decision = isNotifyCommand(type)
            ? decideNotifyCommand(outbox, command, context)
            : decideCommand(projection, command, context);
        apply(decision.events);
        return decision;
    }

    QString channel(const QString &name, const QString &kind, const QJsonObject &settings,
                    const QString &secret)
    {
        const CommandDecision decision = run({{u"type"_s, u"channel.create"_s},
                                              {u"name"_s, name},
                                              {u"kind"_s, kind},
                                              {u"settings"_s, settings},
                                              {u"secret"_s, secret}});
        return decision.ok ? decision.events.first().data()[u"id"_s].toString() : QString();
    }

    void declare(int count)
    {
        for (int i = 0; i < count; ++i) {
            run({{u"type"_s, u"incident.declare"_s},
                 {u"title"_s, u"Checkout fails – %1 💳"_s.arg(i)},
                 {u"severity"_s, u"P2"_s},
                 {u"service"_s, u"checkout"_s}});
        }
    }

    int count(const QString &type) const
    {
        return int(std::count_if(log.cbegin(), log.cend(),
                                 [&type](const Event &e) { return e.type == type; }));
    }
};

/// Runs a dispatcher whose "commit" appends to the room a moment later, as the writer does.
std::unique_ptr<Dispatcher> dispatcher(NotifyRoom &room, const SecretVault &vault,
                                       int maxAttempts = 30, int timeoutMs = 300,
                                       int maxInFlight = 8)
{
    auto result = std::make_unique<Dispatcher>(
        room.outbox, vault, [&room](Event event, std::function<void()> recorded) {
            QTimer::singleShot(1, [&room, event, recorded]() {
                room.apply({event});
                recorded();
            });
        });
    DispatchOptions options;
    options.baseDelayMs = 40;
    options.maxDelayMs = 200;
    options.timeoutMs = timeoutMs;
    options.maxAttempts = maxAttempts;
    options.maxInFlight = maxInFlight;
    result->setOptions(options);
    result->start();
    return result;
}

} // namespace

class OutboxTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void queuesWithItsCause();
    void backoffGrowsWithJitter();
    void failsTimesOutAndRecovers();
    void survivesACrash();
    void deadLettersAndRetry();
    void secretsStayOutOfTheLog();
    void redirectsAreNotFollowed();
    void aHungChannelHoldsBackNoOther();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HttpReceiver> m_receiver;
    SecretVault m_vault;
};

void OutboxTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_vault.open(m_dir->filePath(u"secrets.json"_s)));
    m_receiver = std::make_unique<HttpReceiver>();
    QVERIFY(m_receiver->listen());
}

void OutboxTest::queuesWithItsCause()
{
    NotifyRoom room;
    room.declare(1); // before any channel: nothing to send
    QCOMPARE(room.outbox.pendingCount(), 0);

    const QString slack = room.channel(u"ops"_s, u"slack"_s, {}, m_receiver->url(u"/slack"_s));
    QVERIFY(!slack.isEmpty());
    room.declare(2);
    QCOMPARE(room.outbox.pendingCount(), 2);

    // The same log folded again gives the same notifications, with the same ids.
    NotifyRoom replay;
    replay.apply(room.log);
    QCOMPARE(replay.outbox.pendingCount(), 2);
    const auto due = room.outbox.due(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(replay.outbox.notification(due.first()->id));
    QCOMPARE(due.first()->message.number, u"INC-2"_s);

    // Filters: a channel for P1 only takes no P2 incident.
    QVERIFY(room.run({{u"type"_s, u"channel.update"_s},
                      {u"channel"_s, u"ops"_s},
                      {u"minSeverity"_s, u"P1"_s}})
                .ok);
    room.declare(1);
    QCOMPARE(room.outbox.pendingCount(), 2);
}

void OutboxTest::backoffGrowsWithJitter()
{
    DispatchOptions options;
    options.baseDelayMs = 1000;
    options.maxDelayMs = 60000;
    QCOMPARE(Dispatcher::backoff(options, 1, 0.0), 500);
    QCOMPARE(Dispatcher::backoff(options, 1, 1.0), 1000);
    QCOMPARE(Dispatcher::backoff(options, 3, 0.5), 3000); // 4 s: 2 s fixed + half of 2 s
    QCOMPARE(Dispatcher::backoff(options, 20, 1.0), 60000); // capped
    QCOMPARE(Dispatcher::backoff(options, 20, 0.0), 30000);
}

void OutboxTest::failsTimesOutAndRecovers()
{
    NotifyRoom room;
    const QString slack = room.channel(u"ops"_s, u"slack"_s, {}, m_receiver->url(u"/slack"_s));
    QVERIFY(m_vault.put(slack, m_receiver->url(u"/slack"_s)));
    const QString hook = room.channel(u"hook"_s, u"webhook"_s,
                                      {{u"url"_s, m_receiver->url(u"/hook"_s)}},
                                      u"test-signing-key-0001"_s);
    QVERIFY(m_vault.put(hook, u"test-signing-key-0001"_s));
    room.declare(3);
    QCOMPARE(room.outbox.pendingCount(), 6);

    // Five server errors, then three requests left hanging past the timeout, then success.
    // The count is shared: the receiver may answer with this behaviour after this returns.
    auto seen = std::make_shared<int>(0);
    m_receiver->setBehaviour([seen](const HttpReceiver::Request &) {
        ++*seen;
        return *seen <= 5 ? 500 : *seen <= 8 ? 0 : 200;
    });
    auto running = dispatcher(room, m_vault);
    QTRY_COMPARE_WITH_TIMEOUT(room.outbox.pendingCount(), 0, 20000);

    const QHash<QByteArray, int> accepted = m_receiver->acceptedByKey();
    QCOMPARE(accepted.size(), 6);
    for (auto it = accepted.cbegin(); it != accepted.cend(); ++it) {
        QCOMPARE(it.value(), 1); // nothing accepted twice
        QVERIFY(room.outbox.notification(QString::fromLatin1(it.key())));
    }
    QCOMPARE(room.count(u"notification.delivered"_s), 6);
    QVERIFY(room.count(u"notification.failed"_s) >= 8);
    for (const Event &event : std::as_const(room.log)) {
        if (event.type == u"notification.failed") {
            QVERIFY(msFromIso(event.data()[u"retryAt"_s].toString()) > 0);
            QVERIFY(!event.incident.isEmpty()); // on the incident's timeline
        }
    }

    // Retries of one notification carry the same key and the same body.
    const QByteArray firstKey = m_receiver->requests().first().header("Idempotency-Key");
    QByteArray body;
    for (const HttpReceiver::Request &request : m_receiver->requests()) {
        if (request.header("Idempotency-Key") == firstKey) {
            QVERIFY(body.isEmpty() || request.body == body);
            body = request.body;
        }
        if (request.path == "/hook") {
            const QByteArray timestamp = request.header("X-Firebreak-Timestamp");
            const QByteArray expected = webhookSignature(request.body,
                                                         "test-signing-key-0001",
                                                         timestamp.toLongLong())
                                            .at(1)
                                            .second;
            QCOMPARE(request.header("X-Firebreak-Signature"), expected);
        }
    }
}

void OutboxTest::survivesACrash()
{
    NotifyRoom room;
    const QString slack = room.channel(u"ops"_s, u"slack"_s, {}, m_receiver->url(u"/slack"_s));
    QVERIFY(m_vault.put(slack, m_receiver->url(u"/slack"_s)));
    room.declare(4);

    // The endpoint is down; some failures are recorded, then the process dies.
    m_receiver->setBehaviour([](const HttpReceiver::Request &) { return 503; });
    auto first = dispatcher(room, m_vault);
    QTRY_VERIFY_WITH_TIMEOUT(room.count(u"notification.failed"_s) >= 4, 10000);
    first.reset();
    QCOMPARE(m_receiver->acceptedByKey().size(), 0);

    // A restart folds the durable log into a fresh outbox and dispatcher.
    NotifyRoom restarted;
    restarted.apply(room.log);
    QCOMPARE(restarted.outbox.pendingCount(), 4);
    // The endpoint comes back at another path (the webhook URL is the channel's secret, read
    // at each delivery). A request the dead dispatcher had already sent can still reach this
    // receiver, which runs on this thread, after this point: it goes to the old path and is
    // refused like the others, so "accepted once" counts only the restarted dispatcher's
    // deliveries, whatever the timing (a slow sanitizer build saw one accepted twice).
    QVERIFY(m_vault.put(slack, m_receiver->url(u"/slack-restarted"_s)));
    m_receiver->setBehaviour([](const HttpReceiver::Request &request) {
        return request.path == "/slack-restarted" ? 200 : 503;
    });
    auto second = dispatcher(restarted, m_vault);
    QTRY_COMPARE_WITH_TIMEOUT(restarted.outbox.pendingCount(), 0, 10000);

    const QHash<QByteArray, int> accepted = m_receiver->acceptedByKey();
    QCOMPARE(accepted.size(), 4);
    for (int count : accepted) {
        QCOMPARE(count, 1);
    }
    // Delivered stays delivered: a third start sends nothing more.
    NotifyRoom again;
    again.apply(restarted.log);
    auto third = dispatcher(again, m_vault);
    QTest::qWait(300);
    QCOMPARE(m_receiver->acceptedByKey().size(), 4);
    QCOMPARE(again.outbox.pendingCount(), 0);
}

void OutboxTest::deadLettersAndRetry()
{
    NotifyRoom room;
    const QString teams = room.channel(u"teams"_s, u"teams"_s, {}, m_receiver->url(u"/teams"_s));
    QVERIFY(m_vault.put(teams, m_receiver->url(u"/teams"_s)));
    const QString orphan = room.channel(u"nosecret"_s, u"pagerduty"_s,
                                        {{u"url"_s, m_receiver->url(u"/pd"_s)}}, u"key"_s);
    QVERIFY(!orphan.isEmpty()); // its key never reached the vault
    room.declare(1);

    // 404: the webhook is gone; no point in retrying. A channel without its secret neither.
    m_receiver->setBehaviour([](const HttpReceiver::Request &) { return 404; });
    auto running = dispatcher(room, m_vault, 3);
    QTRY_COMPARE_WITH_TIMEOUT(room.outbox.deadLetters().size(), 2, 10000);
    QCOMPARE(m_receiver->requests().size(), 1);
    const NotificationRecord *dead = room.outbox.deadLetters().first();
    QVERIFY(!dead->lastError.isEmpty());

    // Once the endpoint is fixed, a retry from the dead-letter list delivers it.
    m_receiver->setBehaviour([](const HttpReceiver::Request &) { return 200; });
    const NotificationRecord *teamsLetter = room.outbox.deadLetters().first()->kind == u"teams"
        ? room.outbox.deadLetters().first()
        : room.outbox.deadLetters().last();
    const QString id = teamsLetter->id;
    QVERIFY(room.run({{u"type"_s, u"notification.retry"_s}, {u"notification"_s, id}}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(room.outbox.notification(id)->status,
                              NotificationRecord::Status::Delivered, 10000);
    QCOMPARE(room.outbox.deadLetters().size(), 1);
    QCOMPARE(room.run({{u"type"_s, u"notification.retry"_s}, {u"notification"_s, id}}).status,
             409);
}

void OutboxTest::secretsStayOutOfTheLog()
{
    NotifyRoom room;
    const QString secretUrl = u"https://hooks.slack.example/services/T000/B000/XXXXSECRET"_s;
    const QString slack = room.channel(u"ops"_s, u"slack"_s, {}, secretUrl);
    QVERIFY(!slack.isEmpty());
    for (const Event &event : std::as_const(room.log)) {
        QVERIFY(!event.dataJson.contains("XXXXSECRET"));
    }
    QCOMPARE(room.outbox.channel(slack)->secretHint, u"https://hooks.slack.example/…"_s);

    // Plain http only to this machine; a Slack channel needs its URL.
    QCOMPARE(room.run({{u"type"_s, u"channel.create"_s},
                       {u"name"_s, u"x"_s},
                       {u"kind"_s, u"slack"_s},
                       {u"secret"_s, u"http://hooks.example/x"_s}})
                 .status,
             400);
    QCOMPARE(room.run({{u"type"_s, u"channel.create"_s}, {u"name"_s, u"y"_s},
                       {u"kind"_s, u"slack"_s}})
                 .status,
             400);
}

// A webhook answered with a redirect did not get its body (a POST redirected becomes a GET):
// the notification fails at once, saying so, and the redirect is not followed.
void OutboxTest::redirectsAreNotFollowed()
{
    NotifyRoom room;
    const QString hook = room.channel(u"moved"_s, u"webhook"_s,
                                      {{u"url"_s, m_receiver->url(u"/hook"_s)}},
                                      u"a-signing-secret-of-20+"_s);
    QVERIFY(!hook.isEmpty());
    QVERIFY(m_vault.put(hook, u"a-signing-secret-of-20+"_s));
    m_receiver->setBehaviour([](const HttpReceiver::Request &request) {
        return request.path == "/hook" ? 302 : 200;
    });
    room.declare(1);
    auto running = dispatcher(room, m_vault);
    QTRY_COMPARE_WITH_TIMEOUT(room.count(u"notification.failed"_s), 1, 10000);
    QTest::qWait(200);
    QCOMPARE(room.count(u"notification.delivered"_s), 0);
    QCOMPARE(room.count(u"notification.failed"_s), 1);
    const QJsonObject failed = room.log.last().data();
    QVERIFY(failed[u"deadLetter"_s].toBool());
    QVERIFY2(failed[u"error"_s].toString().contains(u"HTTP 302, a redirect"_s),
             qPrintable(failed[u"error"_s].toString()));
    for (const HttpReceiver::Request &request : m_receiver->requests()) {
        QCOMPARE(request.path, QByteArray("/hook"));
    }
}

// Four channels' endpoints never answer; another channel's, on the same host and port, answers
// at once: its notifications all go out while the others' attempts wait for their (long)
// timeout, neither behind them in the dispatcher nor in a shared pool of connections.
void OutboxTest::aHungChannelHoldsBackNoOther()
{
    NotifyRoom room;
    for (const QString &name : {u"hung1"_s, u"hung2"_s, u"hung3"_s, u"hung4"_s}) {
        const QString url = m_receiver->url(u"/hung/"_s + name);
        const QString hung = room.channel(name, u"slack"_s, {}, url);
        QVERIFY(m_vault.put(hung, url));
    }
    const QString fine = room.channel(u"fine"_s, u"slack"_s, {}, m_receiver->url(u"/fine"_s));
    QVERIFY(m_vault.put(fine, m_receiver->url(u"/fine"_s)));
    m_receiver->setBehaviour([](const HttpReceiver::Request &request) {
        return request.path.startsWith("/hung") ? 0 : 200;
    });
    room.declare(6);
    auto running = dispatcher(room, m_vault, 30, 120000, 64);
    const auto deliveredTo = [&room](const QString &channel) {
        return std::count_if(room.log.cbegin(), room.log.cend(), [&channel](const Event &e) {
            return e.type == u"notification.delivered" && e.data()[u"channel"_s] == channel;
        });
    };
    QTRY_COMPARE_WITH_TIMEOUT(deliveredTo(fine), 6, 30000);
    QCOMPARE(room.count(u"notification.delivered"_s), 6);
    QCOMPARE(room.count(u"notification.failed"_s), 0);
    // Each hung channel holds its two attempts, no more.
    QCOMPARE(running->inFlight(), 4 * running->options().maxInFlightPerChannel);
}

QTEST_GUILESS_MAIN(OutboxTest)
#include "tst_outbox.moc"
