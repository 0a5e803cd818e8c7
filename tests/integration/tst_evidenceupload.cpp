// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// Evidence uploads against a real server: POST /api/v1/evidence has a limit of its own
// (--max-evidence-bytes, by default the desktop's EvidenceStore::MaxFileBytes), far above the
// general body limit, so a file of several MiB is stored and can be read back; a body over that
// limit is refused with 413 and the JSON error envelope before it is read, and every other
// route keeps --max-body-bytes.
#include "incidents/evidencestore.h"
#include "serverprocess.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>
#include <sys/socket.h>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_timeoutMs = 60000;
constexpr qint64 s_mebibyte = 1024 * 1024;

QByteArray randomBytes(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

struct RawReply
{
    int status = 0;
    QJsonObject json;
    QByteArray text;
};

/// Sends a request head (and `body`, if any) on a socket of its own and reads the answer.
RawReply rawRequest(quint16 port, const QByteArray &head, const QByteArray &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    RawReply reply;
    if (!socket.waitForConnected(s_timeoutMs)) {
        return reply;
    }
    socket.write(head + body);
    QDeadlineTimer deadline(s_timeoutMs);
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (!deadline.hasExpired()) {
        reply.text += socket.readAll();
        headEnd = reply.text.indexOf("\r\n\r\n");
        if (headEnd >= 0 && length < 0) {
            const QByteArray lower = reply.text.first(headEnd).toLower();
            const qsizetype at = lower.indexOf("content-length:");
            length = at < 0 ? 0 : lower.mid(at + 15, lower.indexOf('\r', at) - at - 15)
                                      .trimmed().toLongLong();
        }
        if (headEnd >= 0 && reply.text.size() - headEnd - 4 >= length) {
            break;
        }
        if (socket.state() != QAbstractSocket::ConnectedState && !socket.bytesAvailable()) {
            break;
        }
        socket.waitForReadyRead(100);
    }
    if (headEnd < 0) {
        return reply;
    }
    reply.status = reply.text.mid(9, 3).toInt();
    reply.json = QJsonDocument::fromJson(reply.text.mid(headEnd + 4)).object();
    return reply;
}

QByteArray uploadHead(qint64 length, const QString &token, bool expectContinue = false)
{
    QByteArray head = "POST /api/v1/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/octet-stream\r\nContent-Length: "
        + QByteArray::number(length) + "\r\n";
    if (expectContinue) {
        head += "Expect: 100-continue\r\n";
    }
    if (!token.isEmpty()) {
        head += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    }
    return head + "\r\n";
}

} // namespace

class TestEvidenceUpload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void severalMebibytesAreStored();
    void defaultLimitIsTheDesktops();
    void overTheLimitIsRefused();
    void otherRoutesKeepTheBodyLimit();
    void tokenCheckedFromTheHead_data();
    void tokenCheckedFromTheHead();
    void continueFollowsTheTokenCheck();
    void halfClosedUploadAnswered();
    void fileSizeLimitSaysWhyAndLeavesNothing();

private:
    ServerProcess m_default;
    ServerProcess m_limited;
    static constexpr qint64 s_limit = 8 * s_mebibyte;
};

void TestEvidenceUpload::initTestCase()
{
    QVERIFY2(m_default.start(), qPrintable(m_default.standardError()));
    QVERIFY2(m_limited.start({u"--max-evidence-bytes"_s, QString::number(s_limit)}),
             qPrintable(m_limited.standardError()));
}

void TestEvidenceUpload::cleanupTestCase()
{
    m_default.stop();
    m_limited.stop();
}

void TestEvidenceUpload::severalMebibytesAreStored()
{
    // Five times the general body limit (1 MiB), as the desktop's dialog sends it.
    const QByteArray file = randomBytes(5 * s_mebibyte);
    const QString sha256 = QString::fromLatin1(
        QCryptographicHash::hash(file, QCryptographicHash::Sha256).toHex());
    const auto stored = m_default.request("POST", u"/api/v1/evidence"_s, file,
                                          m_default.adminToken());
    QVERIFY2(stored.status == 201, stored.body.constData());
    QCOMPARE(stored.json()[u"sha256"_s].toString(), sha256);
    QCOMPARE(stored.json()[u"size"_s].toInteger(), file.size());

    // On disk by its content once answered, and read back whole.
    const QString path = QDir(m_default.dataDir())
                             .filePath(u"evidence/%1/%2"_s.arg(sha256.left(2), sha256));
    QCOMPARE(QFile(path).size(), file.size());
    const auto read = m_default.request("GET", u"/api/v1/evidence/"_s + sha256, {},
                                        m_default.adminToken());
    QCOMPARE(read.status, 200);
    QVERIFY(read.body == file);
}

void TestEvidenceUpload::defaultLimitIsTheDesktops()
{
    // Declared one byte over the desktop's limit: refused on the head alone, body unsent.
    const RawReply refused = rawRequest(
        m_default.port(), uploadHead(EvidenceStore::MaxFileBytes + 1, m_default.adminToken()));
    QVERIFY2(refused.status == 413, refused.text.constData());
    QCOMPARE(refused.json[u"error"_s][u"code"_s].toString(), u"payload_too_large"_s);
    QVERIFY2(refused.json[u"error"_s][u"message"_s].toString().contains(
                 QString::number(EvidenceStore::MaxFileBytes)),
             refused.text.constData());
}

void TestEvidenceUpload::overTheLimitIsRefused()
{
    // The whole body is sent, as a client that does not wait for an answer would.
    const QByteArray file = randomBytes(s_limit + 1);
    const RawReply refused = rawRequest(m_limited.port(),
                                        uploadHead(file.size(), m_limited.adminToken()), file);
    QVERIFY2(refused.status == 413, refused.text.left(300).constData());
    QCOMPARE(refused.json[u"error"_s][u"code"_s].toString(), u"payload_too_large"_s);
    // Size is checked before credentials (DESIGN.md).
    QCOMPARE(rawRequest(m_limited.port(), uploadHead(file.size(), {})).status, 413);

    // At the limit exactly, it is stored.
    const auto stored = m_limited.request("POST", u"/api/v1/evidence"_s, file.first(s_limit),
                                          m_limited.adminToken());
    QVERIFY2(stored.status == 201, stored.body.constData());
    QCOMPARE(stored.json()[u"size"_s].toInteger(), s_limit);
}

void TestEvidenceUpload::otherRoutesKeepTheBodyLimit()
{
    const QByteArray head = "POST /api/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(2 * s_mebibyte) + "\r\nAuthorization: Bearer "
        + m_default.adminToken().toUtf8() + "\r\n\r\n";
    const RawReply refused = rawRequest(m_default.port(), head);
    QVERIFY2(refused.status == 413, refused.text.constData());
    QCOMPARE(refused.json[u"error"_s][u"code"_s].toString(), u"payload_too_large"_s);
}

void TestEvidenceUpload::tokenCheckedFromTheHead_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("expectContinue");
    QTest::newRow("no token") << QString() << false;
    QTest::newRow("unknown token") << u"fbk_nope_upload"_s << false;
    QTest::newRow("unknown token, waiting for 100") << u"fbk_nope_upload"_s << true;
}

// An upload may be 64 MiB, kept in memory while it arrives: a token that may not upload is
// refused from the head, the body never sent here. Before, the server waited for the body
// (and answered 408 when it did not come).
void TestEvidenceUpload::tokenCheckedFromTheHead()
{
    QFETCH(QString, token);
    QFETCH(bool, expectContinue);
    const RawReply refused =
        rawRequest(m_default.port(), uploadHead(32 * s_mebibyte, token, expectContinue));
    QVERIFY2(refused.status == 401, refused.text.constData());
    QCOMPARE(refused.json[u"error"_s][u"code"_s].toString(), u"unauthorized"_s);
    QVERIFY2(refused.text.contains("\r\nConnection: close\r\n"), refused.text.constData());
}

// RFC 9110, 10.1.1: the 100 that lets the client send its body comes once the token passed.
void TestEvidenceUpload::continueFollowsTheTokenCheck()
{
    const QByteArray file = randomBytes(2 * s_mebibyte);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_default.port());
    QVERIFY(socket.waitForConnected(s_timeoutMs));
    socket.write(uploadHead(file.size(), m_default.adminToken(), true));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), s_timeoutMs);
    QVERIFY2(answer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), answer.constData());
    answer.clear();
    socket.write(file);
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\"sha256\""), s_timeoutMs);
    QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
}

// A client that ends its side after the body (shutdown(SHUT_WR)) while the token is being
// checked still gets its answer.
void TestEvidenceUpload::halfClosedUploadAnswered()
{
    const QByteArray file = randomBytes(64 * 1024);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_default.port());
    QVERIFY(socket.waitForConnected(s_timeoutMs));
    socket.write(uploadHead(file.size(), m_default.adminToken()) + file);
    QVERIFY(socket.waitForBytesWritten(s_timeoutMs));
    QCOMPARE(::shutdown(int(socket.socketDescriptor()), SHUT_WR), 0);
    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT((answer += socket.readAll(), socket.state()),
                              QAbstractSocket::UnconnectedState, s_timeoutMs);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
}

// An upload that cannot be written (here a file-size limit, as a full disk would) is refused
// 503; the log said "Unknown error" and an empty folder was left behind.
void TestEvidenceUpload::fileSizeLimitSaysWhyAndLeavesNothing()
{
    ServerProcess server;
    server.setResourceLimit(RLIMIT_FSIZE, 2 * s_mebibyte, 2 * s_mebibyte);
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QByteArray file = randomBytes(3 * s_mebibyte);
    const auto refused = server.request("POST", u"/api/v1/evidence"_s, file,
                                        server.adminToken());
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.json()[u"error"_s][u"code"_s].toString(), u"unavailable"_s);
    const QDir evidence(QDir(server.dataDir()).filePath(u"evidence"_s));
    const QStringList left = evidence.exists()
        ? evidence.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
        : QStringList();
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
    server.stop();
    const QString log = server.standardError();
    QVERIFY2(log.contains(u"cannot store an evidence file"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"Unknown error"_s), qPrintable(log));
    QVERIFY2(log.contains(u"too large"_s), qPrintable(log)); // EFBIG: "File too large"
}

QTEST_GUILESS_MAIN(TestEvidenceUpload)
#include "tst_evidenceupload.moc"
