// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Command ids against the real firebreak-server: a command sent again under its id is
// answered with the first decision and applied once, across batches, connections and
// restarts (docs/protocol.md, "Command ids").
#include "postgresprocess.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 20000;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QList<qint64> seqsOf(const QJsonObject &answer)
{
    QList<qint64> seqs;
    const QJsonArray events = answer.value(u"events"_s).toArray();
    for (const QJsonValue &event : events) {
        seqs.append(event.toObject().value(u"seq"_s).toInteger());
    }
    return seqs;
}

} // namespace

class TestCommandIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void acceptedCommandRunsOnce();
    void refusalIsRememberedToo();
    void badCommandIdsAreRefused_data();
    void badCommandIdsAreRefused();
    void anotherUsersIdIsRefused();
    void repeatAfterLosingTheRole();
    void repeatsInOneBatchRunOnce();
    void survivesRestart();
    void repeatOnAnotherReplica();

private:
    ServerProcess::Reply command(const QJsonObject &body, const QString &token = {}) const;
    int countEvents(const QString &incident, const QString &type) const;

    PostgresProcess m_postgres;
    QString m_database; // empty: SQLite in the server's data folder
    ServerProcess m_server;
    QString m_incident;
    QJsonObject m_declare;
    QList<qint64> m_declaredSeqs;
};

// FIREBREAK_TEST_STORE=postgresql runs the same tests on a throwaway PostgreSQL 15.
void TestCommandIds::initTestCase()
{
    QStringList arguments;
    if (qEnvironmentVariable("FIREBREAK_TEST_STORE") == u"postgresql") {
        QVERIFY2(m_postgres.start({u"fsync=off"_s}), qPrintable(m_postgres.errorString()));
        m_database = m_postgres.createDatabase();
        QVERIFY2(!m_database.isEmpty(), qPrintable(m_postgres.errorString()));
        arguments = {u"--database"_s, m_database};
    }
    QVERIFY2(m_server.start(arguments), qPrintable(m_server.standardError()));
}

void TestCommandIds::cleanupTestCase()
{
    m_server.stop();
    m_postgres.stop();
}

ServerProcess::Reply TestCommandIds::command(const QJsonObject &body, const QString &token) const
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(body),
                            token.isEmpty() ? m_server.adminToken() : token);
}

int TestCommandIds::countEvents(const QString &incident, const QString &type) const
{
    const auto reply = m_server.request("GET", u"/api/v1/incidents/%1/timeline?limit=1000"_s
                                                   .arg(incident),
                                        {}, m_server.adminToken());
    const QJsonArray events = reply.json().value(u"events"_s).toArray();
    return int(std::count_if(events.cbegin(), events.cend(), [&type](const QJsonValue &event) {
        return event.toObject().value(u"type"_s).toString() == type;
    }));
}

void TestCommandIds::acceptedCommandRunsOnce()
{
    m_declare = {{u"type"_s, u"incident.declare"_s},
                 {u"title"_s, u"Checkout down"_s},
                 {u"severity"_s, u"P2"_s},
                 {u"commandId"_s, u"0b9e7c54-3a55-4f7a-9d0e-6c1f2a8b5d10"_s}};
    const auto first = command(m_declare);
    QCOMPARE(first.status, 200);
    QVERIFY(!first.json().value(u"duplicate"_s).toBool());
    m_declaredSeqs = seqsOf(first.json());
    QVERIFY(!m_declaredSeqs.isEmpty());
    m_incident = first.json().value(u"events"_s).toArray().first().toObject()
                     .value(u"incident"_s).toString();

    // The answer was "lost": the same command under the same id comes again.
    const auto again = command(m_declare);
    QCOMPARE(again.status, 200);
    QVERIFY(again.json().value(u"duplicate"_s).toBool());
    QCOMPARE(seqsOf(again.json()), m_declaredSeqs);

    const auto list = m_server.request("GET", u"/api/v1/incidents"_s, {}, m_server.adminToken());
    QCOMPARE(list.json().value(u"incidents"_s).toArray().size(), 1);
}

void TestCommandIds::refusalIsRememberedToo()
{
    const QJsonObject acknowledge{{u"type"_s, u"incident.acknowledge"_s},
                                  {u"incident"_s, m_incident},
                                  {u"commandId"_s, u"ack-1"_s}};
    QCOMPARE(command(acknowledge).status, 200);
    QJsonObject second = acknowledge;
    second.insert(u"commandId"_s, u"ack-2"_s);
    const auto refused = command(second);
    QCOMPARE(refused.status, 409);
    const QString reason = refused.json().value(u"error"_s).toObject().value(u"message"_s)
                               .toString();
    QVERIFY2(reason.contains(u"acknowledged"_s), qPrintable(reason));

    // The same refused command again gets the same answer; nothing runs.
    const auto repeated = command(second);
    QCOMPARE(repeated.status, 409);
    QCOMPARE(repeated.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
             reason);
    QCOMPARE(countEvents(m_incident, u"incident.acknowledged"_s), 1);
}

void TestCommandIds::badCommandIdsAreRefused_data()
{
    QTest::addColumn<QJsonValue>("commandId");
    QTest::newRow("empty") << QJsonValue(u""_s);
    QTest::newRow("space") << QJsonValue(u"two words"_s);
    QTest::newRow("too long") << QJsonValue(QString(101, u'a'));
    QTest::newRow("not a string") << QJsonValue(42);
    QTest::newRow("non-ASCII") << QJsonValue(u"café"_s);
}

void TestCommandIds::badCommandIdsAreRefused()
{
    QFETCH(QJsonValue, commandId);
    const auto reply = command({{u"type"_s, u"incident.add_note"_s},
                                {u"incident"_s, m_incident},
                                {u"text"_s, u"hello"_s},
                                {u"commandId"_s, commandId}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"bad_request"_s);
    QCOMPARE(countEvents(m_incident, u"incident.note_added"_s), 0);
}

void TestCommandIds::anotherUsersIdIsRefused()
{
    QCOMPARE(command({{u"type"_s, u"account.create"_s},
                      {u"name"_s, u"bob"_s},
                      {u"roles"_s, QJsonArray{u"responder"_s}},
                      {u"password"_s, u"correct horse battery staple"_s}})
                 .status,
             200);
    const auto session = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, u"bob"_s}, {u"password"_s, u"correct horse battery staple"_s}}));
    QCOMPARE(session.status, 201);
    const QString bob = session.json().value(u"token"_s).toString();

    const QJsonObject note{{u"type"_s, u"incident.add_note"_s},
                           {u"incident"_s, m_incident},
                           {u"text"_s, u"admin's note"_s},
                           {u"commandId"_s, u"note-1"_s}};
    QCOMPARE(command(note).status, 200);
    // bob reusing admin's id does not get admin's answer, nor run anything.
    QJsonObject bobs = note;
    bobs.insert(u"text"_s, u"bob's note"_s);
    const auto reply = command(bobs, bob);
    QCOMPARE(reply.status, 409);
    QVERIFY(reply.json().value(u"error"_s).toObject().value(u"message"_s).toString()
                .contains(u"someone else"_s));
    QCOMPARE(countEvents(m_incident, u"incident.note_added"_s), 1);
}

// A command decided while the person had the right is answered as then: a queue replayed after
// a role change does not turn a done note into a refusal.
void TestCommandIds::repeatAfterLosingTheRole()
{
    const auto session = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, u"bob"_s}, {u"password"_s, u"correct horse battery staple"_s}}));
    QCOMPARE(session.status, 201);
    const QString bob = session.json().value(u"token"_s).toString();
    const QJsonObject note{{u"type"_s, u"incident.add_note"_s},
                           {u"incident"_s, m_incident},
                           {u"text"_s, u"bob was here"_s},
                           {u"commandId"_s, u"bob-note"_s}};
    QCOMPARE(command(note, bob).status, 200);
    QCOMPARE(command({{u"type"_s, u"account.set_roles"_s},
                      {u"name"_s, u"bob"_s},
                      {u"roles"_s, QJsonArray{u"viewer"_s}}})
                 .status,
             200);

    const auto repeated = command(note, bob);
    QCOMPARE(repeated.status, 200);
    QVERIFY(repeated.json().value(u"duplicate"_s).toBool());
    // A new note is refused now, as it should be.
    QJsonObject fresh = note;
    fresh.insert(u"commandId"_s, u"bob-note-2"_s);
    QCOMPARE(command(fresh, bob).status, 403);
    QCOMPARE(countEvents(m_incident, u"incident.note_added"_s), 2);
}

// Two copies sent back to back over sync land in one batch; the second waits for the first.
void TestCommandIds::repeatsInOneBatchRunOnce()
{
    QWebSocket socket;
    QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/sync"_s.arg(m_server.port())));
    request.setRawHeader("Authorization", "Bearer " + m_server.adminToken().toUtf8());
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(request);
    QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 1, s_timeoutMs); // hello

    const QJsonObject note{{u"type"_s, u"incident.add_note"_s},
                           {u"incident"_s, m_incident},
                           {u"text"_s, u"sent twice"_s},
                           {u"commandId"_s, u"note-twice"_s}};
    for (const char *id : {"a", "b"}) {
        socket.sendTextMessage(QString::fromUtf8(json({{u"type"_s, u"command"_s},
                                                       {u"id"_s, QString::fromLatin1(id)},
                                                       {u"command"_s, note}})));
    }
    QHash<QString, QJsonObject> results;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&]() {
            for (const QList<QVariant> &message : std::as_const(messages)) {
                const QJsonObject object = QJsonDocument::fromJson(
                                               message.first().toString().toUtf8()).object();
                if (object.value(u"type"_s) == u"result"_s) {
                    results.insert(object.value(u"id"_s).toString(), object);
                }
            }
            return results.size() == 2;
        }(),
        s_timeoutMs);
    QVERIFY(results.value(u"a"_s).value(u"ok"_s).toBool());
    QVERIFY(!results.value(u"a"_s).value(u"duplicate"_s).toBool());
    QVERIFY(results.value(u"b"_s).value(u"ok"_s).toBool());
    QVERIFY(results.value(u"b"_s).value(u"duplicate"_s).toBool());
    QCOMPARE(seqsOf(results.value(u"b"_s)), seqsOf(results.value(u"a"_s)));
    QCOMPARE(countEvents(m_incident, u"incident.note_added"_s), 3); // admin's, bob's, this one
}

// Decisions are kept in the store: a restart forgets none of them.
void TestCommandIds::survivesRestart()
{
    m_server.stop();
    QVERIFY2(m_server.start(m_database.isEmpty() ? QStringList()
                                                 : QStringList{u"--database"_s, m_database}),
             qPrintable(m_server.standardError()));
    const auto again = command(m_declare);
    QCOMPARE(again.status, 200);
    QVERIFY(again.json().value(u"duplicate"_s).toBool());
    QCOMPARE(seqsOf(again.json()), m_declaredSeqs);
    const auto list = m_server.request("GET", u"/api/v1/incidents"_s, {}, m_server.adminToken());
    QCOMPARE(list.json().value(u"incidents"_s).toArray().size(), 1);
}

// Replicas of one PostgreSQL database share the decisions: a repeat sent to another replica
// is answered, not run again.
void TestCommandIds::repeatOnAnotherReplica()
{
    if (m_database.isEmpty()) {
        QSKIP("one store per server on SQLite; runs as tst_commandids_postgresql");
    }
    ServerProcess other;
    QVERIFY2(other.start({u"--database"_s, m_database}), qPrintable(other.standardError()));
    const QJsonObject note{{u"type"_s, u"incident.add_note"_s},
                           {u"incident"_s, m_incident},
                           {u"text"_s, u"failed over"_s},
                           {u"commandId"_s, u"note-failover"_s}};
    const auto first = command(note);
    QCOMPARE(first.status, 200);
    const auto again = other.request("POST", u"/api/v1/commands"_s, json(note),
                                     other.adminToken());
    QCOMPARE(again.status, 200);
    QVERIFY(again.json().value(u"duplicate"_s).toBool());
    QCOMPARE(seqsOf(again.json()), seqsOf(first.json()));
    other.stop();
}

QTEST_GUILESS_MAIN(TestCommandIds)
#include "tst_commandids.moc"
