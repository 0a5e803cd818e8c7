// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Post-mortem follow-up through a real firebreak-server: the organisation's template and who
// may change it, review and publishing by role, key moments and outside events, Markdown and
// HTML export, action items with e-mail reminders through a real SMTP server (Debian's
// python3-aiosmtpd), overdue flags by the server's own clock, and the figures on the REST
// API and /metrics.
#include "collab/ops.h"
#include "events/event.h"
#include "collab/textdocument.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString oncallData(const QString &name)
{
    return QStringLiteral(FIREBREAK_TEST_DATA "/oncall/") + name;
}

QString python()
{
    if (QFile::exists(u"/usr/bin/python3"_s)) {
        return u"/usr/bin/python3"_s;
    }
    return QStandardPaths::findExecutable(u"python3"_s);
}

/// Every message aiosmtpd's Maildir holds, decoded enough to search (soft breaks joined).
QString mailbox(const QString &maildir)
{
    QString all;
    for (const QString &folder : {u"new"_s, u"cur"_s}) {
        const QDir dir(maildir + u'/' + folder);
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly)) {
                QByteArray text = file.readAll();
                text.replace("=\r\n", "").replace("=\n", "");
                all += QString::fromUtf8(text) + u"\n----\n"_s;
            }
        }
    }
    return all;
}

} // namespace

class TestFollowUpServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void templateIsTheOrganisations();
    void reviewAndPublishingGoByRole();
    void curatedTimelineAndExports();
    void actionItemsRemindByEmail();
    void overdueItemsShowOnIncidentAndMetrics();
    void repeatsAreMeasured();
    void listsPageAndCheckFilters();
    void longDocumentsRenderOffTheEventLoop();
    void stakeholdersSeeNoUnsharedRepeat();

private:
    ServerProcess::Reply command(const QJsonObject &command, const QString &user = u"admin"_s);
    QString declare(const QString &title, const QString &severity, const QString &service);
    QJsonObject postMortem(const QString &incident);
    QString login(const QString &user);

    ServerProcess m_server;
    QProcess m_smtp;
    QTemporaryDir m_dir;
    quint16 m_smtpPort = 0;
    QHash<QString, QString> m_tokens;
};

void TestFollowUpServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    m_tokens.insert(u"admin"_s, m_server.adminToken());
    const QList<std::pair<QString, QString>> people{{u"rita"_s, u"responder"_s},
                                                    {u"carl"_s, u"commander"_s}};
    for (const auto &[user, role] : people) {
        const auto created = command({{u"type"_s, u"account.create"_s},
                                      {u"name"_s, user},
                                      {u"roles"_s, QJsonArray{role}},
                                      {u"password"_s, u"correct horse battery"_s}});
        QVERIFY2(created.status == 200, created.body.constData());
        m_tokens.insert(user, login(user));
        QVERIFY(!m_tokens.value(user).isEmpty());
    }

    // A real SMTP server for the reminders, and the person in the directory.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_smtpPort = probe.serverPort();
    probe.close();
    m_smtp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_smtp.start(python(), {QStringLiteral(FIREBREAK_ONCALL_SOURCE "/smtpserver.py"),
                            QString::number(m_smtpPort), m_dir.filePath(u"maildir"_s),
                            oncallData(u"smtp-test-cert.pem"_s),
                            oncallData(u"smtp-test-key.pem"_s), u"pager"_s, u"s3cret"_s});
    QVERIFY(m_smtp.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_smtp.canReadLine() || m_smtp.state() == QProcess::NotRunning,
                             15000);
    QVERIFY(m_smtp.readLine().startsWith("ready"));
    QCOMPARE(command({{u"type"_s, u"user.create"_s},
                      {u"name"_s, u"rita"_s},
                      {u"email"_s, u"rita@example.com"_s}})
                 .status,
             200);
    const auto channel = command(
        {{u"type"_s, u"channel.create"_s},
         {u"name"_s, u"mail"_s},
         {u"kind"_s, u"email"_s},
         {u"secret"_s, u"s3cret"_s},
         {u"settings"_s, QJsonObject{{u"host"_s, u"127.0.0.1"_s},
                                     {u"port"_s, m_smtpPort},
                                     {u"security"_s, u"starttls"_s},
                                     {u"username"_s, u"pager"_s},
                                     {u"from"_s, u"firebreak@example.com"_s},
                                     {u"caFile"_s, oncallData(u"smtp-test-cert.pem"_s)}}}});
    QVERIFY2(channel.status == 200, channel.body.constData());
}

void TestFollowUpServer::cleanupTestCase()
{
    m_smtp.closeWriteChannel();
    m_smtp.waitForFinished(10000);
    m_server.stop();
}

QString TestFollowUpServer::login(const QString &user)
{
    const auto reply = m_server.request(
        "POST", u"/api/v1/sessions"_s,
        json({{u"user"_s, user}, {u"password"_s, u"correct horse battery"_s}}));
    return reply.status == 201 ? reply.json().value(u"token"_s).toString() : QString();
}

ServerProcess::Reply TestFollowUpServer::command(const QJsonObject &command, const QString &user)
{
    return m_server.request("POST", u"/api/v1/commands"_s, json(command), m_tokens.value(user));
}

QString TestFollowUpServer::declare(const QString &title, const QString &severity,
                                    const QString &service)
{
    const auto reply = command({{u"type"_s, u"incident.declare"_s},
                                {u"title"_s, title},
                                {u"severity"_s, severity},
                                {u"service"_s, service}});
    return reply.json().value(u"events"_s).toArray().first()[u"incident"_s].toString();
}

QJsonObject TestFollowUpServer::postMortem(const QString &incident)
{
    return m_server
        .request("GET", u"/api/v1/incidents/%1/postmortem"_s.arg(incident), {},
                 m_tokens.value(u"rita"_s))
        .json();
}

void TestFollowUpServer::templateIsTheOrganisations()
{
    auto reply = m_server.request("GET", u"/api/v1/postmortem-template"_s, {},
                                  m_tokens.value(u"rita"_s));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json()[u"text"_s].toString().contains(u"### Five whys"_s));
    QCOMPARE(reply.json()[u"custom"_s].toBool(), false);
    QCOMPARE(reply.json()[u"settings"_s].toObject()[u"completionHours"_s].toInt(), 48);

    const QJsonObject set{{u"type"_s, u"postmortem.set_template"_s},
                          {u"text"_s, u"# {{title}}\n\n## Customer impact\n"_s}};
    QCOMPARE(command(set, u"rita"_s).status, 403);
    QCOMPARE(command(set, u"carl"_s).status, 403);
    QCOMPARE(command(set).status, 200);
    QCOMPARE(command({{u"type"_s, u"postmortem.configure"_s}, {u"completionHours"_s, 0}}).status,
             400);
    reply = m_server.request("GET", u"/api/v1/postmortem-template"_s, {},
                             m_tokens.value(u"rita"_s));
    QCOMPARE(reply.json()[u"text"_s].toString(), u"# {{title}}\n\n## Customer impact\n"_s);
    QCOMPARE(reply.json()[u"custom"_s].toBool(), true);
}

void TestFollowUpServer::reviewAndPublishingGoByRole()
{
    const QString incident = declare(u"Checkout fails"_s, u"P1"_s, u"checkout"_s);
    QCOMPARE(command({{u"type"_s, u"incident.resolve"_s}, {u"incident"_s, incident}}).status, 200);
    QJsonObject pm = postMortem(incident);
    QCOMPARE(pm[u"state"_s].toString(), u"draft"_s);
    QVERIFY(!pm[u"dueAt"_s].toString().isEmpty()); // P1: the 48-hour clock runs

    const QJsonObject review{{u"type"_s, u"postmortem.request_review"_s},
                             {u"incident"_s, incident}};
    const QJsonObject publish{{u"type"_s, u"postmortem.publish"_s}, {u"incident"_s, incident}};
    QCOMPARE(command(review, u"rita"_s).status, 200);
    QCOMPARE(command(publish, u"rita"_s).status, 403); // publishing is the commander's
    const auto published = command(publish, u"carl"_s);
    QVERIFY2(published.status == 200, published.body.constData());
    pm = postMortem(incident);
    QCOMPARE(pm[u"state"_s].toString(), u"published"_s);
    QCOMPARE(pm[u"overdue"_s].toBool(), false);

    // A published post-mortem takes no edits until reopened.
    Collab::TextDocument document;
    document.insert(0, u"late words"_s);
    const QJsonObject edit{{u"type"_s, u"postmortem.edit"_s},
                           {u"incident"_s, incident},
                           {u"ops"_s, document.opsSince({}).toJson()}};
    QCOMPARE(command(edit, u"rita"_s).status, 409);
    QCOMPARE(command({{u"type"_s, u"postmortem.reopen"_s}, {u"incident"_s, incident}}, u"rita"_s)
                 .status,
             200);
    QCOMPARE(command(edit, u"rita"_s).status, 200);

    const QJsonObject shown = m_server
                                  .request("GET", u"/api/v1/incidents/%1"_s.arg(incident), {},
                                           m_tokens.value(u"rita"_s))
                                  .json();
    QCOMPARE(shown[u"postmortem"_s].toObject()[u"state"_s].toString(), u"draft"_s);
}

void TestFollowUpServer::curatedTimelineAndExports()
{
    const QString incident = declare(u"Search <b>empty</b>"_s, u"P2"_s, u"search"_s);
    QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                      {u"incident"_s, incident},
                      {u"text"_s, u"Rolled back the index"_s}},
                     u"rita"_s)
                 .status,
             200);
    const QJsonArray events = m_server
                                  .request("GET", u"/api/v1/incidents/%1/timeline"_s.arg(incident),
                                           {}, m_tokens.value(u"rita"_s))
                                  .json()[u"events"_s]
                                  .toArray();
    qint64 noteSeq = 0;
    QString noteId;
    for (const QJsonValue &event : events) {
        if (event[u"type"_s].toString() == u"incident.note_added") {
            noteSeq = event[u"seq"_s].toInteger();
            noteId = event[u"id"_s].toString();
        }
    }
    QVERIFY2(noteSeq > 0, "the note is on the timeline");
    QCOMPARE(command({{u"type"_s, u"postmortem.mark_moment"_s},
                      {u"incident"_s, incident},
                      {u"seq"_s, noteSeq},
                      {u"note"_s, u"this fixed it"_s}},
                     u"rita"_s)
                 .status,
             200);
    QCOMPARE(command({{u"type"_s, u"postmortem.add_external_event"_s},
                      {u"incident"_s, incident},
                      {u"at"_s, u"2026-12-04T10:02:00Z"_s},
                      {u"text"_s, u"A customer reported it"_s}},
                     u"rita"_s)
                 .status,
             200);
    const auto viewer = command({{u"type"_s, u"postmortem.mark_moment"_s},
                                 {u"incident"_s, incident},
                                 {u"seq"_s, 1}},
                                u"rita"_s);
    QCOMPARE(viewer.status, 404); // an event of another incident

    QJsonObject pm = postMortem(incident);
    QCOMPARE(pm[u"moments"_s].toArray().size(), 1);
    QCOMPARE(pm[u"moments"_s].toArray().first()[u"event"_s].toString(), noteId);
    const QString outsideId = pm[u"externalEvents"_s].toArray().first()[u"id"_s].toString();

    // The document links to the events by id; the HTML export resolves the links to times.
    const QString text = u"# Post-mortem <script>alert(1)</script>\n\n| time | event |\n"
                         "|---|---|\n| 10:02 | [A customer reported it](firebreak:external/%1) |\n"
                         "| later | [Rolled back](firebreak:event/%2) |\n"_s.arg(outsideId, noteId);
    Collab::TextDocument document;
    document.insert(0, text);
    QCOMPARE(command({{u"type"_s, u"postmortem.edit"_s},
                      {u"incident"_s, incident},
                      {u"ops"_s, document.opsSince({}).toJson()}},
                     u"rita"_s)
                 .status,
             200);
    const QString path = u"/api/v1/incidents/%1/postmortem?format="_s.arg(incident);
    auto reply = m_server.request("GET", path + u"markdown"_s, {}, m_tokens.value(u"rita"_s));
    QCOMPARE(QString::fromUtf8(reply.body), text);
    reply = m_server.request("GET", path + u"html"_s, {}, m_tokens.value(u"rita"_s));
    QCOMPARE(reply.status, 200);
    const QString html = QString::fromUtf8(reply.body);
    QVERIFY(!html.contains(u"<script>"_s));
    QVERIFY(html.contains(u"&lt;script&gt;"_s));
    QVERIFY(html.contains(u"Search &lt;b&gt;empty&lt;/b&gt;"_s));
    QVERIFY2(html.contains(u"A customer reported it <small>(2026-12-04 10:02:00 UTC)</small>"_s),
             qPrintable(html));
    // Any event of the incident shows its time, key moment or not; other incidents' do not.
    QString declaredId;
    qint64 declaredAt = 0;
    for (const QJsonValue &event : events) {
        if (event[u"type"_s].toString() == u"incident.opened") {
            declaredId = event[u"id"_s].toString();
            declaredAt = msFromIso(event[u"at"_s].toString());
        }
    }
    QVERIFY(!declaredId.isEmpty());
    const Collab::Version before = document.version();
    document.insert(document.length(),
                    u"\nOpened: [declared](firebreak:event/%1)\n"_s.arg(declaredId));
    QCOMPARE(command({{u"type"_s, u"postmortem.edit"_s},
                      {u"incident"_s, incident},
                      {u"ops"_s, document.opsSince(before).toJson()}},
                     u"rita"_s)
                 .status,
             200);
    reply = m_server.request("GET", path + u"html"_s, {}, m_tokens.value(u"rita"_s));
    const QString declared
        = QDateTime::fromMSecsSinceEpoch(declaredAt, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    QVERIFY2(QString::fromUtf8(reply.body).contains(u"declared <small>(%1 UTC)</small>"_s.arg(
                 declared)),
             reply.body.constData());
    QCOMPARE(m_server.request("GET", path + u"pdf"_s, {}, m_tokens.value(u"rita"_s)).status, 400);
}

void TestFollowUpServer::actionItemsRemindByEmail()
{
    const QString incident = declare(u"Payments slow"_s, u"P3"_s, u"payments"_s);
    const QString due = isoFromMs(QDateTime::currentMSecsSinceEpoch() + 3600 * 1000);
    const auto created = command({{u"type"_s, u"action_item.create"_s},
                                  {u"incident"_s, incident},
                                  {u"title"_s, u"Add a payments latency alert"_s},
                                  {u"owner"_s, u"rita"_s},
                                  {u"due"_s, due},
                                  {u"priority"_s, u"high"_s},
                                  {u"tracker"_s, u"https://tracker.example.com/PAY-7"_s},
                                  {u"source"_s, u"document"_s}},
                                 u"rita"_s);
    QVERIFY2(created.status == 200, created.body.constData());

    // Due within the reminder lead (24 h): the server's clock reminds the owner by e-mail.
    QTRY_VERIFY_WITH_TIMEOUT(mailbox(m_dir.filePath(u"maildir"_s))
                                 .contains(u"Add a payments latency alert"_s),
                             20000);
    const QString mail = mailbox(m_dir.filePath(u"maildir"_s));
    QVERIFY(mail.contains(u"To: rita@example.com"_s));
    QVERIFY(mail.contains(u"https://tracker.example.com/PAY-7"_s));
    const QString itemsPath = u"/api/v1/incidents/%1/action-items"_s.arg(incident);
    const QJsonArray items = m_server.request("GET", itemsPath, {}, m_tokens.value(u"rita"_s))
                                 .json()[u"actionItems"_s]
                                 .toArray();
    QCOMPARE(items.size(), 1);
    QVERIFY(!items.first()[u"remindedAt"_s].toString().isEmpty());
    QCOMPARE(items.first()[u"source"_s].toString(), u"document"_s);
}

void TestFollowUpServer::overdueItemsShowOnIncidentAndMetrics()
{
    const QString incident = declare(u"Login loops"_s, u"P2"_s, u"login"_s);
    const auto created = command({{u"type"_s, u"action_item.create"_s},
                                  {u"incident"_s, incident},
                                  {u"title"_s, u"Fix the session cookie"_s},
                                  {u"owner"_s, u"carl"_s},
                                  {u"due"_s, u"2026-01-01T00:00:00Z"_s}},
                                 u"rita"_s);
    QVERIFY2(created.status == 200, created.body.constData());
    const QString id = created.json()[u"events"_s].toArray().first()[u"data"_s][u"id"_s].toString();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_server
            .request("GET", u"/api/v1/incidents/%1/timeline"_s.arg(incident), {},
                     m_tokens.value(u"rita"_s))
            .body.contains("action_item.flagged_overdue"),
        10000);

    const QJsonObject shown = m_server
                                  .request("GET", u"/api/v1/incidents/%1"_s.arg(incident), {},
                                           m_tokens.value(u"rita"_s))
                                  .json()[u"postmortem"_s]
                                  .toObject();
    QCOMPARE(shown[u"actionItems"_s].toObject()[u"open"_s].toInt(), 1);
    QCOMPARE(shown[u"actionItems"_s].toObject()[u"overdue"_s].toInt(), 1);
    const QString overduePath = u"/api/v1/action-items?overdue=true&owner=carl"_s;
    const QJsonArray overdue = m_server.request("GET", overduePath, {}, m_tokens.value(u"rita"_s))
                                   .json()[u"actionItems"_s]
                                   .toArray();
    QCOMPARE(overdue.size(), 1);
    QCOMPARE(overdue.first()[u"id"_s].toString(), id);
    QString metrics = QString::fromUtf8(m_server.request("GET", u"/metrics"_s).body);
    QVERIFY2(metrics.contains(u"\nfirebreak_action_items_overdue 1\n"_s), qPrintable(metrics));

    QCOMPARE(command({{u"type"_s, u"action_item.update"_s},
                      {u"item"_s, id},
                      {u"status"_s, u"done"_s}},
                     u"rita"_s)
                 .status,
             200);
    metrics = QString::fromUtf8(m_server.request("GET", u"/metrics"_s).body);
    QVERIFY(metrics.contains(u"\nfirebreak_action_items_overdue 0\n"_s));
    QVERIFY(metrics.contains(u"firebreak_action_items{status=\"done\"} 1\n"_s));
}

void TestFollowUpServer::repeatsAreMeasured()
{
    const QString first = declare(u"Cache stampede"_s, u"P3"_s, u"catalogue"_s);
    const QString again = declare(u"Cache stampede again"_s, u"P3"_s, u"catalogue"_s);
    const QJsonObject repeat = postMortem(again)[u"repeatOf"_s].toObject();
    QCOMPARE(repeat[u"incident"_s].toString(), first);
    QCOMPARE(repeat[u"reason"_s].toString(), u"service"_s);
    QVERIFY(postMortem(first)[u"repeatOf"_s].isNull());

    const QJsonObject metrics = m_server
                                    .request("GET", u"/api/v1/postmortems/metrics"_s, {},
                                             m_tokens.value(u"rita"_s))
                                    .json();
    const QJsonObject recurrence = metrics[u"recurrence"_s].toObject();
    QVERIFY(recurrence[u"repeats"_s].toInt() >= 1);
    QCOMPARE(recurrence[u"rate"_s].toDouble(),
             double(recurrence[u"repeats"_s].toInt()) / recurrence[u"incidents"_s].toInt());
    QCOMPARE(metrics[u"completion"_s].toObject()[u"hours"_s].toInt(), 48);
    const QString text = QString::fromUtf8(m_server.request("GET", u"/metrics"_s).body);
    QVERIFY(text.contains(u"# TYPE firebreak_incident_recurrence_ratio gauge"_s));
    QVERIFY(text.contains(u"firebreak_postmortem_completion{outcome=\"pending\"}"_s));

    const QJsonArray list = m_server
                                .request("GET", u"/api/v1/postmortems"_s, {},
                                         m_tokens.value(u"rita"_s))
                                .json()[u"postmortems"_s]
                                .toArray();
    QVERIFY(!list.isEmpty());
    QVERIFY(!list.first().toObject().contains(u"text"_s));
}

// The follow-up lists page like every list, and refuse limits and filters they cannot read.
void TestFollowUpServer::listsPageAndCheckFilters()
{
    const QString incident = declare(u"Checkout timeouts"_s, u"P2"_s, u"checkout"_s);
    // Items go to people the server knows (an on-call user here, with an @ in the name).
    QCOMPARE(command({{u"type"_s, u"user.create"_s}, {u"name"_s, u"ann@corp"_s}}).status, 200);
    QStringList created;
    for (int i = 0; i < 3; ++i) {
        const auto reply = command({{u"type"_s, u"action_item.create"_s},
                                    {u"incident"_s, incident},
                                    {u"title"_s, u"Follow-up %1"_s.arg(i)},
                                    {u"owner"_s, u"ann@corp"_s}},
                                   u"rita"_s);
        QVERIFY2(reply.status == 200, reply.body.constData());
        created.append(reply.json()[u"events"_s][0][u"data"_s][u"id"_s].toString());
    }
    const QString token = m_tokens.value(u"rita"_s);

    // Two pages of ann@corp's items (the @ percent-encoded), then no further page.
    QStringList seen;
    QString cursor;
    int pages = 0;
    do {
        const auto page = m_server.request(
            "GET", u"/api/v1/action-items?owner=ann%40corp&limit=2"_s
                       + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor),
            {}, token);
        QCOMPARE(page.status, 200);
        const QJsonArray items = page.json()[u"actionItems"_s].toArray();
        QVERIFY(items.size() <= 2);
        for (const QJsonValue &item : items) {
            seen.append(item[u"id"_s].toString());
        }
        cursor = page.json()[u"next"_s].toString();
        ++pages;
    } while (!cursor.isEmpty() && pages < 10);
    QCOMPARE(seen, created);
    QCOMPARE(pages, 2);

    const QJsonArray all = m_server.request("GET", u"/api/v1/postmortems?limit=1000"_s, {}, token)
                               .json()[u"postmortems"_s]
                               .toArray();
    QVERIFY(!all.isEmpty());
    const auto first = m_server.request("GET", u"/api/v1/postmortems?limit=1"_s, {}, token);
    QCOMPARE(first.json()[u"postmortems"_s].toArray().size(), 1);
    QCOMPARE(first.json()[u"next"_s].isNull(), all.size() == 1);

    for (const QString &path :
         {u"/api/v1/action-items?limit=0"_s, u"/api/v1/action-items?limit=abc"_s,
          u"/api/v1/action-items?limit=1001"_s, u"/api/v1/action-items?status=bogus"_s,
          u"/api/v1/action-items?overdue=maybe"_s, u"/api/v1/action-items?cursor=nonexistent"_s,
          u"/api/v1/postmortems?limit=0"_s, u"/api/v1/postmortems?limit=abc"_s}) {
        QVERIFY2(m_server.request("GET", path, {}, token).status == 400, qPrintable(path));
    }
    QCOMPARE(m_server.request("GET", u"/api/v1/action-items?status=open&overdue=false"_s, {},
                              token)
                 .status,
             200);
}

void TestFollowUpServer::longDocumentsRenderOffTheEventLoop()
{
    const QString incident = declare(u"Long story"_s, u"P3"_s, u"archive"_s);
    // A document of links and tables near the size cap, sent in edits of 100,000 characters.
    Collab::TextDocument document;
    Collab::Version sent;
    QString block;
    while (block.size() < 100000) {
        block += u"| 10:02 | [**step** _%1_](https://example.com/%1) `code` |\n"_s.arg(
            block.size());
    }
    block = block.left(100000);
    document.insert(0, u"| time | step |\n|---|---|\n"_s);
    while (document.length() + block.size() <= 1024 * 1024) {
        document.insert(document.length(), block);
        const auto reply = command({{u"type"_s, u"postmortem.edit"_s},
                                    {u"incident"_s, incident},
                                    {u"ops"_s, document.opsSince(sent).toJson()}},
                                   u"rita"_s);
        QVERIFY2(reply.status == 200, reply.body.constData());
        sent = document.version();
    }
    // Past the cap: refused with a clear error, nothing stored.
    document.insert(document.length(), block);
    const auto tooLong = command({{u"type"_s, u"postmortem.edit"_s},
                                  {u"incident"_s, incident},
                                  {u"ops"_s, document.opsSince(sent).toJson()}},
                                 u"rita"_s);
    QCOMPARE(tooLong.status, 413);
    QCOMPARE(tooLong.json()[u"error"_s][u"code"_s].toString(), u"payload_too_large"_s);
    QVERIFY(tooLong.json()[u"error"_s][u"message"_s].toString().contains(u"1048576"_s));

    // An HTML export is asked for first, over a plain socket so that the whole request is with
    // the server before anything else; /healthz, asked next, must be answered before the export,
    // which renders on a worker thread while the server goes on answering.
    QTcpSocket exportSocket;
    exportSocket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(exportSocket.waitForConnected(30000));
    exportSocket.write("GET /api/v1/incidents/" + incident.toUtf8()
                       + "/postmortem?format=html HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer "
                       + m_tokens.value(u"rita"_s).toUtf8() + "\r\nConnection: close\r\n\r\n");
    QVERIFY(exportSocket.waitForBytesWritten(30000));
    const auto health = m_server.request("GET", u"/healthz"_s);
    QVERIFY(health.status > 0);
    QCoreApplication::processEvents();
    QCOMPARE(exportSocket.bytesAvailable(), 0); // not answered yet: still rendering
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += exportSocket.readAll(),
                              exportSocket.state() == QAbstractSocket::UnconnectedState
                                  || answer.contains("</html>")),
                             120000);
    answer += exportSocket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(200).constData());
    QVERIFY(answer.contains("<td><a href=\"https://example.com/0\"><strong>step</strong>"));
}

void TestFollowUpServer::stakeholdersSeeNoUnsharedRepeat()
{
    const auto created = command({{u"type"_s, u"account.create"_s},
                                  {u"name"_s, u"sam"_s},
                                  {u"roles"_s, QJsonArray{u"stakeholder"_s}},
                                  {u"password"_s, u"correct horse battery"_s}});
    QVERIFY2(created.status == 200, created.body.constData());
    m_tokens.insert(u"sam"_s, login(u"sam"_s));
    const QString hidden = declare(u"Billing down"_s, u"P2"_s, u"billing"_s);
    const QString shared = declare(u"Billing down again"_s, u"P2"_s, u"billing"_s);
    QCOMPARE(command({{u"type"_s, u"incident.share"_s},
                      {u"incident"_s, shared},
                      {u"user"_s, u"sam"_s}})
                 .status,
             200);
    QCOMPARE(postMortem(shared)[u"repeatOf"_s][u"incident"_s].toString(), hidden);
    const auto reply = m_server.request(
        "GET", u"/api/v1/incidents/%1/postmortem"_s.arg(shared), {}, m_tokens.value(u"sam"_s));
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.json()[u"repeatOf"_s].isNull(), reply.body.constData());
    QVERIFY(!reply.body.contains(hidden.toUtf8()));
    // Once that one is shared too, the stakeholder sees the link.
    QCOMPARE(command({{u"type"_s, u"incident.share"_s},
                      {u"incident"_s, hidden},
                      {u"user"_s, u"sam"_s}})
                 .status,
             200);
    QCOMPARE(m_server
                 .request("GET", u"/api/v1/incidents/%1/postmortem"_s.arg(shared), {},
                          m_tokens.value(u"sam"_s))
                 .json()[u"repeatOf"_s][u"incident"_s]
                 .toString(),
             hidden);
}

QTEST_GUILESS_MAIN(TestFollowUpServer)
#include "tst_followup_server.moc"
