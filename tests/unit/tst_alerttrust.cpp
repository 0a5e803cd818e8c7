// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// What lets a webhook in: signatures of PagerDuty, Sentry and generic senders, rate limits,
// sealed signing secrets, and the SNS confirmation allow-list against a local receiver.
#include "alerts/ratelimiter.h"
#include "alerts/sealedsecrets.h"
#include "alerts/signatures.h"
#include "alerts/snsconfirmer.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

using AlertSources::SignatureScheme;

const QByteArray s_body = R"({"event":{"id":"e1","event_type":"incident.triggered"}})";
const qint64 s_now = 1733306400000; // 2024-12-04T10:00:00Z

AlertDelivery delivery(const QList<QPair<QByteArray, QByteArray>> &headers,
                       const QByteArray &body = s_body)
{
    AlertDelivery d;
    d.body = body;
    d.headers = headers;
    return d;
}

/// A one-shot HTTP receiver on 127.0.0.1 that records the request line and answers `status`.
class Receiver : public QObject
{
public:
    explicit Receiver(int status)
        : m_status(status)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket]() {
                m_request += socket->readAll();
                if (!m_request.contains("\r\n\r\n")) {
                    return;
                }
                const QByteArray answer = m_status == 200 ? "<ConfirmSubscriptionResponse/>"
                                                          : "no";
                socket->write("HTTP/1.1 " + QByteArray::number(m_status)
                              + " X\r\nContent-Length: " + QByteArray::number(answer.size())
                              + "\r\nConnection: close\r\n\r\n" + answer);
                socket->disconnectFromHost();
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray request() const { return m_request; }

private:
    QTcpServer m_server;
    QByteArray m_request;
    int m_status;
};

} // namespace

class TestAlertTrust : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signatures_data();
    void signatures();
    void genericSignature();
    void rateLimits();
    void sealedSecrets();
    void snsAllowList_data();
    void snsAllowList();
    void snsConfirmsAgainstLocalReceiver();
    void snsReportsFailure();
};

void TestAlertTrust::signatures_data()
{
    QTest::addColumn<SignatureScheme>("scheme");
    QTest::addColumn<QList<QByteArray>>("secrets");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("mentions");

    const QByteArray right = Signatures::hmacSha256Hex("current-secret", s_body);
    const QByteArray old = Signatures::hmacSha256Hex("previous-secret", s_body);
    const QList<QByteArray> both{"current-secret", "previous-secret"};
    QTest::newRow("pagerduty valid") << SignatureScheme::PagerDuty << both
                                     << "X-PagerDuty-Signature"_ba << "v1=" + right << true
                                     << QString();
    QTest::newRow("pagerduty several during rotation")
        << SignatureScheme::PagerDuty << QList<QByteArray>{"previous-secret"}
        << "X-PagerDuty-Signature"_ba << "v1=" + right + ",v1=" + old << true << QString();
    QTest::newRow("pagerduty upper-case hex")
        << SignatureScheme::PagerDuty << both << "X-PagerDuty-Signature"_ba
        << "v1=" + right.toUpper() << true << QString();
    QTest::newRow("pagerduty wrong")
        << SignatureScheme::PagerDuty << both << "X-PagerDuty-Signature"_ba
        << "v1=" + Signatures::hmacSha256Hex("other", s_body) << false
        << u"X-PagerDuty-Signature"_s;
    QTest::newRow("pagerduty missing") << SignatureScheme::PagerDuty << both << "X-Other"_ba
                                       << "x"_ba << false << u"required"_s;
    QTest::newRow("pagerduty unknown version only")
        << SignatureScheme::PagerDuty << both << "X-PagerDuty-Signature"_ba << "v2=" + right
        << false << u"required"_s;
    QTest::newRow("sentry valid") << SignatureScheme::Sentry << both
                                  << "Sentry-Hook-Signature"_ba << right << true << QString();
    QTest::newRow("sentry wrong") << SignatureScheme::Sentry << both
                                  << "Sentry-Hook-Signature"_ba << "00"_ba << false
                                  << u"Sentry-Hook-Signature"_s;
    QTest::newRow("no scheme") << SignatureScheme::None << both << "X"_ba << "x"_ba << true
                               << QString();
}

void TestAlertTrust::signatures()
{
    QFETCH(SignatureScheme, scheme);
    QFETCH(QList<QByteArray>, secrets);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(bool, valid);
    QFETCH(QString, mentions);
    QString reason;
    QCOMPARE(Signatures::verify(scheme, delivery({{headerName, headerValue}}), secrets, s_now, 300,
                                &reason),
             valid);
    QVERIFY2(reason.contains(mentions), qPrintable(reason));
    for (const QByteArray &secret : std::as_const(secrets)) {
        QVERIFY(!reason.contains(QString::fromLatin1(secret)));
    }
}

void TestAlertTrust::genericSignature()
{
    const QList<QByteArray> secrets{"generic-secret"};
    QString reason;
    const auto signedNow = Signatures::genericHeaders("generic-secret", s_body, s_now);
    QVERIFY(Signatures::verify(SignatureScheme::Generic, delivery(signedNow), secrets, s_now, 300,
                               &reason));
    // Replayed ten minutes later: outside the tolerance.
    QVERIFY(!Signatures::verify(SignatureScheme::Generic, delivery(signedNow), secrets,
                                s_now + 600000, 300, &reason));
    QVERIFY(reason.contains(u"X-Firebreak-Timestamp"_s));
    // The same headers over another body.
    QVERIFY(!Signatures::verify(SignatureScheme::Generic, delivery(signedNow, "{}"), secrets,
                                s_now, 300, &reason));
    QVERIFY(reason.contains(u"does not match"_s));
    QVERIFY(!Signatures::verify(SignatureScheme::Generic, delivery({}), secrets, s_now, 300,
                                &reason));
    QVERIFY(reason.contains(u"required"_s));
}

void TestAlertTrust::rateLimits()
{
    RateLimiter limiter;
    const RateLimiter::Limit limit{3, 60}; // 3 a minute, bursts of 3
    int retryAfter = 0;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(limiter.take(u"int-1"_s, limit, s_now, &retryAfter));
    }
    QVERIFY(!limiter.take(u"int-1"_s, limit, s_now, &retryAfter));
    QCOMPARE(retryAfter, 20);
    QVERIFY(limiter.take(u"int-2"_s, limit, s_now, &retryAfter)); // buckets are per integration
    QVERIFY(limiter.take(u"int-1"_s, limit, s_now + 20000, &retryAfter));
    QVERIFY(!limiter.take(u"int-1"_s, limit, s_now + 20000, &retryAfter));
    QVERIFY(limiter.take(u"int-1"_s, {0, 60}, s_now, &retryAfter)); // 0: unlimited
}

void TestAlertTrust::sealedSecrets()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"secret.key"_s);
    SealedSecrets box;
    QString error;
    QVERIFY2(box.open(path, &error), qPrintable(error));
    const QFile::Permissions others = QFile::ReadGroup | QFile::ReadOther;
    QCOMPARE(QFile::permissions(path) & others, QFile::Permissions());
    const QString sealed = box.seal("whsec-ABCDEF");
    QVERIFY(!sealed.contains(u"whsec"_s));
    QVERIFY(box.seal("whsec-ABCDEF") != sealed); // a fresh nonce each time

    SealedSecrets reopened;
    QVERIFY(reopened.open(path, &error));
    QByteArray plain;
    QVERIFY(reopened.unseal(sealed, &plain));
    QCOMPARE(plain, "whsec-ABCDEF"_ba);

    QString tampered = sealed;
    const qsizetype middle = tampered.size() / 2;
    tampered[middle] = tampered.at(middle) == u'A' ? u'B' : u'A';
    QVERIFY(!reopened.unseal(tampered, &plain));
    SealedSecrets other;
    QVERIFY(other.open(dir.filePath(u"other.key"_s), &error));
    QVERIFY(!other.unseal(sealed, &plain));
}

void TestAlertTrust::snsAllowList_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");

    const QString topic = u"arn:aws:sns:eu-west-1:123456789012:alarms"_s;
    const QString query = u"?Action=ConfirmSubscription&TopicArn="_s + topic + u"&Token=t"_s;
    QTest::newRow("aws default") << QStringList() << u"https://sns.eu-west-1.amazonaws.com/"_s
                                                         + query
                                 << true;
    QTest::newRow("plain http refused by default")
        << QStringList() << u"http://sns.eu-west-1.amazonaws.com/"_s + query << false;
    QTest::newRow("lookalike host")
        << QStringList() << u"https://sns.eu-west-1.amazonaws.com.evil.example/"_s + query
        << false;
    QTest::newRow("two labels for one star")
        << QStringList() << u"https://sns.a.b.amazonaws.com/"_s + query << false;
    QTest::newRow("other port") << QStringList()
                                << u"https://sns.eu-west-1.amazonaws.com:8443/"_s + query << false;
    QTest::newRow("user info") << QStringList()
                               << u"https://x@sns.eu-west-1.amazonaws.com/"_s + query << false;
    QTest::newRow("metadata service")
        << QStringList() << u"http://169.254.169.254/latest/meta-data/"_s << false;
    QTest::newRow("another action")
        << QStringList()
        << u"https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&TopicArn="_s + topic
        << false;
    QTest::newRow("another topic")
        << QStringList()
        << u"https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:x"_s
        << false;
    // From a breaker: a parameter twice leaves the receiving end to choose.
    QTest::newRow("the action twice")
        << QStringList()
        << u"https://sns.eu-west-1.amazonaws.com/"_s + query + u"&Action=Unsubscribe"_s
        << false;
    QTest::newRow("the topic twice")
        << QStringList()
        << u"https://sns.eu-west-1.amazonaws.com/"_s + query + u"&TopicArn=arn:x"_s << false;
    QTest::newRow("local receiver for tests") << QStringList{u"http://127.0.0.1:*"_s}
                                              << u"http://127.0.0.1:4567/"_s + query << true;
    QTest::newRow("local receiver not allowed by default")
        << QStringList() << u"http://127.0.0.1:4567/"_s + query << false;
}

void TestAlertTrust::snsAllowList()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    SnsConfirmer confirmer(patterns);
    QString reason;
    QCOMPARE(confirmer.isAllowed(QUrl(url), u"arn:aws:sns:eu-west-1:123456789012:alarms"_s,
                                 &reason),
             allowed);
    QCOMPARE(reason.isEmpty(), allowed);
}

void TestAlertTrust::snsConfirmsAgainstLocalReceiver()
{
    Receiver receiver(200);
    SnsConfirmer confirmer({u"http://127.0.0.1:*"_s});
    bool done = false;
    bool ok = false;
    confirmer.confirm(QUrl(u"http://127.0.0.1:%1/?Action=ConfirmSubscription&Token=abc"_s.arg(
                          receiver.port())),
                      [&](bool success, const QString &) {
                          done = true;
                          ok = success;
                      });
    QTRY_VERIFY(done);
    QVERIFY(ok);
    QVERIFY(receiver.request().startsWith("GET /?Action=ConfirmSubscription&Token=abc"));
}

void TestAlertTrust::snsReportsFailure()
{
    Receiver receiver(302); // a redirect is never followed
    SnsConfirmer confirmer({u"http://127.0.0.1:*"_s});
    bool done = false;
    QString message;
    confirmer.confirm(QUrl(u"http://127.0.0.1:%1/"_s.arg(receiver.port())),
                      [&](bool success, const QString &why) {
                          done = true;
                          message = success ? QString() : why;
                      });
    QTRY_VERIFY(done);
    QVERIFY(message.contains(u"302"_s));
}

QTEST_GUILESS_MAIN(TestAlertTrust)
#include "tst_alerttrust.moc"
