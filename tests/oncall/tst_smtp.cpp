// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// E-mail: RFC 2047 subjects, quoted-printable bodies, and delivery through a real SMTP server
// (Debian's python3-aiosmtpd, started here on 127.0.0.1) with STARTTLS and AUTH PLAIN.
#include "incidents/incidentcommands.h"
#include "notify/dispatcher.h"
#include "notify/email.h"
#include "notify/notifycommands.h"
#include "notify/secretvault.h"
#include "notify/smtpclient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using namespace Firebreak::Notify;

namespace {

const QString s_subject = u"[P1] INC-7 opened: Zahlungen – 決済エラー 💳 bei Ødegård & Co"_s;

QString testData(const QString &name)
{
    return QStringLiteral(FIREBREAK_TEST_DATA "/oncall/") + name;
}

/// Debian's Python, which has python3-aiosmtpd; another python3 on PATH may not.
QString python()
{
    if (QFile::exists(u"/usr/bin/python3"_s)) {
        return u"/usr/bin/python3"_s;
    }
    return QStandardPaths::findExecutable(u"python3"_s);
}

QByteArray decodeQuotedPrintable(const QByteArray &text)
{
    QByteArray out;
    QByteArray joined = text;
    joined.replace("=\r\n", "");
    for (qsizetype i = 0; i < joined.size(); ++i) {
        if (joined.at(i) == '=' && i + 2 < joined.size()) {
            out.append(char(joined.mid(i + 1, 2).toInt(nullptr, 16)));
            i += 2;
        } else {
            out.append(joined.at(i));
        }
    }
    return out;
}

QString decodeEncodedWords(const QByteArray &header)
{
    static const QRegularExpression word(u"=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?="_s);
    QByteArray utf8;
    auto it = word.globalMatch(QString::fromLatin1(header));
    while (it.hasNext()) {
        utf8 += QByteArray::fromBase64(it.next().captured(1).toLatin1());
    }
    return QString::fromUtf8(utf8);
}

/// The messages aiosmtpd's Mailbox handler wrote (Maildir "new" and "cur").
QList<QByteArray> maildirMessages(const QString &maildir)
{
    QList<QByteArray> messages;
    for (const QString &folder : {u"new"_s, u"cur"_s}) {
        const QDir dir(maildir + u'/' + folder);
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly)) {
                messages.append(file.readAll());
            }
        }
    }
    return messages;
}

QByteArray headerOf(const QByteArray &message, const QByteArray &name)
{
    QByteArray normalised = message;
    normalised.replace("\r\n", "\n");
    const qsizetype end = normalised.indexOf("\n\n");
    QByteArray value;
    bool inside = false;
    for (const QByteArray &line : normalised.left(end).split('\n')) {
        if (inside && (line.startsWith(' ') || line.startsWith('\t'))) {
            value += line;
            continue;
        }
        const QByteArray prefix = name.toLower() + ':';
        inside = line.toLower().startsWith(prefix);
        if (inside) {
            value = line.mid(name.size() + 1).trimmed();
        }
    }
    return value;
}

} // namespace

class SmtpTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void encodesSubjects_data();
    void encodesSubjects();
    void quotedPrintableBodies();
    void deliversThroughRealServer();
    void refusesWrongPassword();
    void refusesClearTextWhereTlsIsRequired();
    void dispatcherEmailsThePagedPerson();

private:
    SmtpSettings settings() const;

    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
};

void SmtpTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString interpreter = python();
    QVERIFY2(!interpreter.isEmpty(), "python3 with aiosmtpd is needed (packaging/install-deps.sh "
                                     "--tests installs python3-aiosmtpd)");
    QTcpServer probe; // a free port for aiosmtpd, which needs one up front
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_port = probe.serverPort();
    probe.close();

    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(interpreter, {QStringLiteral(FIREBREAK_ONCALL_SOURCE "/smtpserver.py"),
                                 QString::number(m_port), m_dir.filePath(u"maildir"_s),
                                 testData(u"smtp-test-cert.pem"_s),
                                 testData(u"smtp-test-key.pem"_s), u"pager"_s,
                                 u"s3cret-Pässwort"_s});
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine()
                                 || m_server.state() == QProcess::NotRunning, 15000);
    const QByteArray ready = m_server.readLine();
    QVERIFY2(ready.startsWith("ready"), ready.constData());
}

void SmtpTest::cleanupTestCase()
{
    m_server.closeWriteChannel();
    if (!m_server.waitForFinished(5000)) {
        m_server.kill();
        m_server.waitForFinished();
    }
}

SmtpSettings SmtpTest::settings() const
{
    SmtpSettings smtp;
    smtp.host = u"127.0.0.1"_s;
    smtp.port = m_port;
    smtp.security = u"starttls"_s;
    smtp.username = u"pager"_s;
    smtp.password = u"s3cret-Pässwort"_s;
    smtp.caCertificates = QSslCertificate::fromPath(testData(u"smtp-test-cert.pem"_s));
    smtp.timeoutMs = 10000;
    return smtp;
}

void SmtpTest::encodesSubjects_data()
{
    QTest::addColumn<QString>("subject");
    QTest::newRow("ascii stays readable") << u"[P2] INC-3 resolved: Checkout"_s;
    QTest::newRow("umlauts, CJK and emoji") << s_subject;
    QTest::newRow("long, with many multi-byte characters") << QString(80, QChar(0x6c7a));
}

void SmtpTest::encodesSubjects()
{
    QFETCH(QString, subject);
    const QByteArray encoded = encodeHeaderWord(subject);
    for (const QByteArray &line : encoded.split('\n')) {
        QVERIFY2(line.trimmed().size() <= 75, line.constData()); // RFC 2047 §2
    }
    const bool ascii = QString::fromLatin1(subject.toLatin1()) == subject
        && !subject.contains(QChar(0x6c7a));
    QCOMPARE(ascii ? QString::fromLatin1(encoded) : decodeEncodedWords(encoded), subject);
    QVERIFY(!encodeHeaderWord(u"evil\r\nBcc: x@example.com"_s).contains("\r\nBcc"));
}

void SmtpTest::quotedPrintableBodies()
{
    QCOMPARE(quotedPrintable(u"Grüße"_s), QByteArray("Gr=C3=BC=C3=9Fe\r\n"));
    QCOMPARE(quotedPrintable(u"a = b "_s), QByteArray("a =3D b=20\r\n"));
    const QByteArray longLine = quotedPrintable(QString(200, u'x'));
    for (const QByteArray &line : longLine.split('\n')) {
        QVERIFY(line.size() <= 77); // 76 plus the CR
    }
    QCOMPARE(decodeQuotedPrintable(longLine).trimmed(), QByteArray(200, 'x'));
    QCOMPARE(decodeQuotedPrintable(quotedPrintable(s_subject)).trimmed(), s_subject.toUtf8());
}

void SmtpTest::deliversThroughRealServer()
{
    EmailMessage email{u"firebreak@example.com"_s,
                       u"Firebreak Pager"_s,
                       {u"alice@example.com"_s, u"bob@example.com"_s},
                       s_subject,
                       u"Paged.\n.this line starts with a dot\n..and this with two\nEnde – 終"_s,
                       u"n-1@firebreak.test"_s,
                       msFromIso(u"2026-12-04T10:00:00Z"_s)};
    SmtpClient client;
    QSignalSpy finished(&client, &SmtpClient::finished);
    client.send(settings(), email.from, email.to, composeEmail(email));
    QVERIFY(finished.wait(15000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()
                                                          + client.transcript().join(u'\n')));
    QVERIFY(client.transcript().contains(u"C: STARTTLS"_s));
    QVERIFY(client.transcript().contains(u"C: AUTH PLAIN (credentials redacted)"_s));
    QVERIFY(!client.transcript().join(u'\n').contains(u"s3cret"_s));

    QTRY_COMPARE(maildirMessages(m_dir.filePath(u"maildir"_s)).size(), 1);
    const QByteArray received = maildirMessages(m_dir.filePath(u"maildir"_s)).first();
    QCOMPARE(decodeEncodedWords(headerOf(received, "Subject")), s_subject);
    QCOMPARE(headerOf(received, "Message-ID"), QByteArray("<n-1@firebreak.test>"));
    QCOMPARE(headerOf(received, "Date"), QByteArray("Fri, 04 Dec 2026 10:00:00 +0000"));
    QCOMPARE(headerOf(received, "To"), QByteArray("alice@example.com, bob@example.com"));
    QVERIFY(headerOf(received, "From").endsWith("<firebreak@example.com>"));

    // Dot-stuffing was undone by the server: the body arrives as written.
    QByteArray body = received.mid(received.indexOf("\n\n") + 2);
    body.replace("\r\n", "\n");
    const QString text = QString::fromUtf8(decodeQuotedPrintable(body.replace("\n", "\r\n")));
    QVERIFY2(text.contains(u"\r\n.this line starts with a dot\r\n..and this with two\r\n"_s),
             qPrintable(text));
    QVERIFY(text.contains(u"Ende – 終"_s));
}

void SmtpTest::refusesWrongPassword()
{
    SmtpSettings wrong = settings();
    wrong.password = u"not-it"_s;
    SmtpClient client;
    QSignalSpy finished(&client, &SmtpClient::finished);
    client.send(wrong, u"firebreak@example.com"_s, {u"alice@example.com"_s}, "Subject: x\r\n\r\nx");
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(finished.first().at(2).toBool(),
             qPrintable(finished.first().at(1).toString() + client.transcript().join(u'\n')));
    QVERIFY(finished.first().at(1).toString().contains(u"535"_s));
    QVERIFY(!finished.first().at(1).toString().contains(u"not-it"_s));
}

void SmtpTest::refusesClearTextWhereTlsIsRequired()
{
    SmtpSettings clear = settings();
    clear.security = u"none"_s;
    SmtpClient client;
    QSignalSpy finished(&client, &SmtpClient::finished);
    client.send(clear, u"firebreak@example.com"_s, {u"alice@example.com"_s}, "Subject: x\r\n\r\nx");
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.first().at(0).toBool(), false);
}

void SmtpTest::dispatcherEmailsThePagedPerson()
{
    Projection projection;
    Outbox outbox;
    projection.setFold([&outbox](const Projection &p, const Event &e) { outbox.apply(p, e); });
    qint64 seq = 0;
    auto apply = [&projection, &seq](EventList events) {
        for (Event &event : events) {
            event.seq = ++seq;
            projection.apply(event);
        }
    };
    const CommandContext context{u"user:admin"_s, QDateTime::currentMSecsSinceEpoch(), {}};
    const QJsonObject channel{{u"type"_s, u"channel.create"_s},
                              {u"name"_s, u"mail"_s},
                              {u"kind"_s, u"email"_s},
                              {u"secret"_s, u"s3cret-Pässwort"_s},
                              {u"settings"_s,
                               QJsonObject{{u"host"_s, u"127.0.0.1"_s},
                                           {u"port"_s, m_port},
                                           {u"security"_s, u"starttls"_s},
                                           {u"username"_s, u"pager"_s},
                                           {u"from"_s, u"pager@example.com"_s},
                                           {u"caFile"_s, testData(u"smtp-test-cert.pem"_s)}}}};
    const CommandDecision created = decideNotifyCommand(outbox, channel, context);
    QVERIFY2(created.ok, qPrintable(created.message));
    apply(created.events);
    SecretVault vault;
    QVERIFY(vault.open(m_dir.filePath(u"secrets.json"_s)));
    QVERIFY(vault.put(created.events.first().data()[u"id"_s].toString(), u"s3cret-Pässwort"_s));
    QCOMPARE(QFile(m_dir.filePath(u"secrets.json"_s)).permissions()
                 & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());

    const CommandDecision declared = decideCommand(projection,
                                                   {{u"type"_s, u"incident.declare"_s},
                                                    {u"title"_s, u"Zahlungen – 決済エラー"_s},
                                                    {u"severity"_s, u"P1"_s}},
                                                   context);
    apply(declared.events);
    Event page = makeEvent(u"page.sent"_s, u"system"_s, declared.events.first().incident,
                           {{u"page"_s, u"p-1"_s},
                            {u"user"_s, u"alice"_s},
                            {u"displayName"_s, u"Alice Ødegård"_s},
                            {u"email"_s, u"alice@example.com"_s}});
    apply({page});
    QCOMPARE(outbox.pendingCount(), 1);

    const QList<QByteArray> before = maildirMessages(m_dir.filePath(u"maildir"_s));
    Dispatcher dispatcher(outbox, vault, [&apply](Event event, std::function<void()> recorded) {
        apply({event});
        recorded();
    });
    dispatcher.start();
    QTRY_COMPARE_WITH_TIMEOUT(outbox.pendingCount(), 0, 15000);
    QCOMPARE(outbox.recent(1).first()->status, NotificationRecord::Status::Delivered);
    QTRY_COMPARE(maildirMessages(m_dir.filePath(u"maildir"_s)).size(), before.size() + 1);
    // Maildir names do not sort by arrival within a second: take the one that is new.
    QByteArray received;
    for (const QByteArray &message : maildirMessages(m_dir.filePath(u"maildir"_s))) {
        if (!before.contains(message)) {
            received = message;
        }
    }
    QCOMPARE(headerOf(received, "To"), QByteArray("alice@example.com"));
    QVERIFY(decodeEncodedWords(headerOf(received, "Subject"))
                .contains(u"paging Alice Ødegård: Zahlungen – 決済エラー"_s));
}

QTEST_GUILESS_MAIN(SmtpTest)
#include "tst_smtp.moc"
