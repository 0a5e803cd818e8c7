// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "events/event.h"
#include "events/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

// What QJsonDocument writes for a string: the one-element array's text without its brackets.
QByteArray qtText(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray ourText(const QString &text)
{
    QByteArray out;
    JsonText::appendString(out, text);
    return out;
}

// writeString() into a buffer of exactly the size it may need, guarded on both sides: it must
// write what appendString() writes and never pass its bound.
QByteArray ourWrittenText(const QString &text)
{
    const qsizetype bound = JsonText::maxStringBytes(text.size());
    QByteArray buffer(bound + 16, '\xa5');
    char *const start = buffer.data() + 8;
    char *const end = JsonText::writeString(start, text);
    if (end - start > bound) {
        qWarning() << "writeString wrote" << end - start << "bytes, more than its bound" << bound;
        return QByteArray();
    }
    for (qsizetype i = 0; i < 8; ++i) {
        if (buffer.at(i) != '\xa5' || buffer.at(buffer.size() - 1 - i) != '\xa5') {
            qWarning() << "writeString wrote outside its buffer";
            return QByteArray();
        }
    }
    return QByteArray(start, end - start);
}

// Characters from every class the writer treats differently, surrogates alone and in pairs.
QString randomText(QRandomGenerator &random)
{
    static const char16_t pool[] = {u'a',    u'Z',    u'0',    u' ',    u'"',    u'\\',
                                    u'/',    u'\b',   u'\f',   u'\n',   u'\r',   u'\t',
                                    0x01,    0x1f,    0x7f,    0x80,    0xe9,    0x7ff,
                                    0x800,   0x20ac,  0x2028,  0xfeff,  0xfffd,  0xffff,
                                    0xd83d,  0xde00,  0xdbff,  0xdc00,  0xd800,  0xdfff};
    QString text;
    const int length = int(random.bounded(24));
    for (int i = 0; i < length; ++i) {
        text += QChar(pool[random.bounded(int(std::size(pool)))]);
    }
    return text;
}

} // namespace

class TestJsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesStringsAsQtDoes_data();
    void writesStringsAsQtDoes();
    void writesRandomStringsAsQtDoes();
    void writesTimesAsQtDoes();
};

void TestJsonText::writesStringsAsQtDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain") << u"HighLatency"_s;
    QTest::newRow("quotes and backslashes") << u"say \"hi\" \\ there /"_s;
    QTest::newRow("controls") << u"\b\f\n\r\t\x01\x1f\x7f"_s;
    QTest::newRow("accents and euro") << u"Ünïcödé €"_s;
    QTest::newRow("emoji pair") << u"fire 🔥 and 😀"_s;
    QTest::newRow("line separator") << QString(QChar(0x2028));
    QTest::newRow("lone high surrogate at the end") << QString(QChar(0xd83d));
    QTest::newRow("lone low surrogate") << QString(QChar(0xde00)) + u"x"_s;
    QTest::newRow("high surrogate before a letter") << QString(QChar(0xd83d)) + u"x"_s;
    QTest::newRow("only escapes, the worst case") << QString(12, QChar(0x01)) + QChar(0xdc00);
    QTest::newRow("two high surrogates") << QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde00);
}

void TestJsonText::writesStringsAsQtDoes()
{
    QFETCH(QString, text);
    QCOMPARE(ourText(text), qtText(text));
    QCOMPARE(ourWrittenText(text), qtText(text));
}

void TestJsonText::writesRandomStringsAsQtDoes()
{
    QRandomGenerator random(20261204);
    for (int i = 0; i < 20000; ++i) {
        const QString text = randomText(random);
        QCOMPARE(ourText(text), qtText(text));
        QCOMPARE(ourWrittenText(text), qtText(text));
    }
}

// isoFromMs has its own writer for the common years; it must agree with QDateTime's.
void TestJsonText::writesTimesAsQtDoes()
{
    QRandomGenerator random(4122026);
    const QList<qint64> fixed{0, 1, 999, 1000, 86399999, 951782400000, 4107542400000,
                              253402300799999, 253402300800000, -1, -86400000, -62135596800000};
    QList<qint64> times = fixed;
    for (int i = 0; i < 100000; ++i) {
        times.append(qint64(random.bounded(260000000000000.0)) - 1000000000000);
    }
    for (const qint64 ms : std::as_const(times)) {
        const QString qt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        QCOMPARE(isoFromMs(ms), qt);
    }
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
