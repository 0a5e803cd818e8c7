// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "events/sha256.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace Firebreak;

namespace {

QByteArray digestOf(const QList<QByteArray> &pieces)
{
    Sha256 hash;
    for (const QByteArray &piece : pieces) {
        hash.add(piece);
    }
    const auto digest = hash.finish();
    return QByteArray(reinterpret_cast<const char *>(digest.data()), qsizetype(digest.size()));
}

} // namespace

class TestSha256 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qInfo() << "SHA extensions used:" << Sha256::usesShaExtensions(); }
    void cleanup() { Sha256::forcePortable(false); }
    void knownAnswers_data();
    void knownAnswers();
    void agreesWithQtForEveryLengthAndSplit_data();
    void agreesWithQtForEveryLengthAndSplit();
};

void TestSha256::knownAnswers_data()
{
    QTest::addColumn<bool>("portable");
    QTest::newRow("SHA extensions where present") << false;
    QTest::newRow("portable") << true;
}

// FIPS 180-2's examples.
void TestSha256::knownAnswers()
{
    QFETCH(bool, portable);
    Sha256::forcePortable(portable);
    QCOMPARE(digestOf({}).toHex(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(digestOf({"abc"}).toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    // Null pieces (no data pointer at all) before, inside and after the text add nothing.
    QCOMPARE(digestOf({QByteArray(), "ab", QByteArray(), "c", QByteArray()}).toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(digestOf({"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"}).toHex(),
             QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    QCOMPARE(digestOf({QByteArray(1000000, 'a')}).toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestSha256::agreesWithQtForEveryLengthAndSplit_data()
{
    knownAnswers_data();
}

// Every length around the block and padding boundaries, fed whole and in random pieces.
void TestSha256::agreesWithQtForEveryLengthAndSplit()
{
    QFETCH(bool, portable);
    Sha256::forcePortable(portable);
    QRandomGenerator random(1812);
    for (int length = 0; length <= 1100; ++length) {
        QByteArray data(length, Qt::Uninitialized);
        for (char &byte : data) {
            byte = char(random.bounded(256));
        }
        const QByteArray expected = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
        QCOMPARE(digestOf({data}), expected);
        QList<QByteArray> pieces;
        for (qsizetype at = 0; at < length;) {
            const qsizetype take = qMin<qsizetype>(length - at, random.bounded(130));
            pieces.append(data.mid(at, take));
            at += take;
        }
        QCOMPARE(digestOf(pieces), expected);
    }
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
