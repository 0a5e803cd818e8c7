// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "events/event.h"
#include "events/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

// What QJsonDocument writes, with the one departure JsonText makes from it (a string that
// starts with U+FEFF starts with the escape \ufeff, see JsonText::escapeLeadingMarks).
QByteArray qtCompact(const QJsonObject &object)
{
    return JsonText::escapeLeadingMarks(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray qtCompact(const QJsonArray &array)
{
    return JsonText::escapeLeadingMarks(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// The same for a value: the one-element array's text without its brackets.
QByteArray qtText(const QJsonValue &value)
{
    const QByteArray array = qtCompact(QJsonArray{value});
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

// Numbers of every kind Qt's writer tells apart: integers near the qint64 limits, doubles
// that are integral, tiny, huge, negative zero, subnormal, infinite, NaN, and random bits.
QJsonValue randomNumber(QRandomGenerator &random)
{
    static const double doubles[] = {0.0, -0.0, 0.1, 0.5, -1.5, 3.0, 1e15, 1e16, 1e17, 1e21,
                                     1e22, 123456789.125, 1e-7, 5e-324, 2.2250738585072014e-308,
                                     1.7976931348623157e308, 9007199254740993.0, 1e300, -1e-300,
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(),
                                     std::numeric_limits<double>::quiet_NaN()};
    static const qint64 integers[] = {0, 1, -1, 42, 999999999999999, 1000000000000000,
                                      9007199254740993, std::numeric_limits<qint64>::max(),
                                      std::numeric_limits<qint64>::min()};
    switch (random.bounded(5)) {
    case 0:
        return doubles[random.bounded(int(std::size(doubles)))];
    case 1:
        return integers[random.bounded(int(std::size(integers)))];
    case 2:
        return qint64(random.generate64());
    case 3:
        return int(random.generate());
    default: {
        const quint64 bits = random.generate64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    }
}

QJsonValue randomValue(QRandomGenerator &random, int depth)
{
    switch (random.bounded(depth < 4 ? 8 : 5)) {
    case 0:
        return randomText(random);
    case 1:
        return randomNumber(random);
    case 2:
        return random.bounded(2) == 0;
    case 3:
        return QJsonValue::Null;
    case 4:
        return QJsonValue::Undefined;
    case 5: {
        QJsonArray array;
        for (int i = int(random.bounded(5)); i > 0; --i) {
            array.append(randomValue(random, depth + 1));
        }
        return array;
    }
    default: {
        QJsonObject object;
        for (int i = int(random.bounded(6)); i > 0; --i) {
            object.insert(randomText(random), randomValue(random, depth + 1));
        }
        return object;
    }
    }
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
    void writesParsedTextAsQtDoes_data();
    void writesParsedTextAsQtDoes();
    void writesRandomValuesAsQtDoes();
    void compactReusesNoText();
    void leadingMarksEscaped_data();
    void leadingMarksEscaped();
    void findsMembersInTheText();
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

void TestJsonText::writesParsedTextAsQtDoes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("empty array") << QByteArray("[]");
    QTest::newRow("empty containers nested") << QByteArray(R"({"a":{},"b":[],"c":[{},[]]})");
    QTest::newRow("keys out of order") << QByteArray(R"({"z":1,"a":2,"é":3,"A":4,"":5})");
    QTest::newRow("integers") << QByteArray("[0,-0,7,-7,9007199254740993,9223372036854775807,"
                                            "-9223372036854775808]");
    QTest::newRow("integers past qint64")
        << QByteArray("[9223372036854775808,-9223372036854775809,1e300]");
    QTest::newRow("integral doubles") << QByteArray("[3.0,1e15,1E16,1e21,1e22,-0.0,100e-2]");
    QTest::newRow("fractions") << QByteArray("[0.1,0.30000000000000004,1e-7,5e-324,2.5e-5]");
    QTest::newRow("literals") << QByteArray("[true,false,null]");
    QTest::newRow("escapes")
        << QByteArray(R"({"k\\\"\u0001":"\\\/\b\f\n\r\t\u2028\ud83d\ude00 \u00e9"})");
    QTest::newRow("alert") << QByteArray(
        R"({"status":"firing","labels":{"alertname":"Disk","severity":"critical"},)"
        R"("annotations":{"summary":"Ünïcödé 🔥"},"startsAt":"2026-12-05T09:00:00Z",)"
        R"("generatorURL":"http://x.invalid/graph?g0.expr=up%3D%3D0","value":12.75})");
}

void TestJsonText::writesParsedTextAsQtDoes()
{
    QFETCH(QByteArray, json);
    const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]");
    QVERIFY(document.isArray());
    const QJsonValue value = document.array().at(0);
    QByteArray ours;
    JsonText::appendValue(ours, value);
    QCOMPARE(ours, qtText(value));
    if (value.isObject()) {
        QCOMPARE(JsonText::compact(value.toObject()), qtText(value));
    } else {
        QCOMPARE(JsonText::compact(value.toArray()), qtText(value));
    }
}

void TestJsonText::writesRandomValuesAsQtDoes()
{
    QRandomGenerator random(5122026);
    for (int i = 0; i < 20000; ++i) {
        QJsonObject object;
        for (int n = int(random.bounded(6)); n > 0; --n) {
            object.insert(randomText(random), randomValue(random, 0));
        }
        QCOMPARE(JsonText::compact(object), qtCompact(object));

        QJsonArray array;
        for (int n = int(random.bounded(6)); n > 0; --n) {
            array.append(randomValue(random, 0));
        }
        QCOMPARE(JsonText::compact(array), qtCompact(array));

        // The same values again after Qt's parser, which stores numbers its own way (integers
        // as integers, anything with a point or an exponent as a double).
        const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
        const QJsonObject parsed = QJsonDocument::fromJson(text).object();
        QCOMPARE(JsonText::compact(parsed), qtCompact(parsed));
    }
}

void TestJsonText::leadingMarksEscaped_data()
{
    QTest::addColumn<QByteArray>("qt");
    QTest::addColumn<QByteArray>("escaped");
    const QByteArray mark("\xef\xbb\xbf");
    QTest::newRow("none") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"a":"b"})");
    QTest::newRow("value") << QByteArray("{\"a\":\"" + mark + "b\"}")
                           << QByteArray(R"({"a":"\ufeffb"})");
    QTest::newRow("key and value, twice") << QByteArray("{\"" + mark + "k\":\"" + mark + mark
                                                        + "\"}")
                                          << QByteArray("{\"\\ufeffk\":\"\\ufeff" + mark
                                                        + "\"}");
    QTest::newRow("inside a string") << QByteArray("[\"a" + mark + "\"]")
                                     << QByteArray("[\"a" + mark + "\"]");
    QTest::newRow("after an escaped quote") << QByteArray("[\"\\\"" + mark + "\"]")
                                            << QByteArray("[\"\\\"" + mark + "\"]");
    QTest::newRow("after an escaped backslash")
        << QByteArray("[\"\\\\\",\"" + mark + "x\"]") << QByteArray(R"(["\\","\ufeffx"])");
}

void TestJsonText::leadingMarksEscaped()
{
    QFETCH(QByteArray, qt);
    QFETCH(QByteArray, escaped);
    QCOMPARE(JsonText::escapeLeadingMarks(qt), escaped);
    // Both read as the same document but for the marks Qt's parser drops from the plain text.
    const QJsonDocument read = QJsonDocument::fromJson(escaped);
    QVERIFY(!read.isNull());
    QCOMPARE(JsonText::escapeLeadingMarks(read.toJson(QJsonDocument::Compact)), escaped);

    // What JsonText writes reads back as it was: Qt's parser keeps an escaped mark.
    const QString mark(QChar(0xfeff));
    const QJsonObject object{{QString(mark + u"k"_s), QString(mark + mark + u"v"_s)},
                             {u"a"_s, QJsonArray{mark, QString(u"x"_s + mark)}}};
    const QJsonObject back = QJsonDocument::fromJson(JsonText::compact(object)).object();
    QCOMPARE(back.value(QString(mark + u"k"_s)).toString(), QString(mark + mark + u"v"_s));
    QCOMPARE(back.value(u"a"_s).toArray().first().toString(), mark);
}

// compact() writes into a buffer kept per thread: each text returned must be its own.
void TestJsonText::compactReusesNoText()
{
    const QByteArray first = JsonText::compact(QJsonObject{{u"a"_s, u"first text"_s}});
    const QByteArray second = JsonText::compact(QJsonArray{1, 2});
    QCOMPARE(first, QByteArray(R"({"a":"first text"})"));
    QCOMPARE(second, QByteArray("[1,2]"));

    // A text larger than the buffer kept, then a small one again.
    const QString large(2 * 1024 * 1024, u'x');
    const QJsonArray largeArray{large};
    QCOMPARE(JsonText::compact(largeArray), qtCompact(largeArray));
    QCOMPARE(JsonText::compact(QJsonArray{3}), QByteArray("[3]"));
}

void TestJsonText::findsMembersInTheText()
{
    QRandomGenerator random(6122026);
    for (int i = 0; i < 5000; ++i) {
        QJsonObject object;
        for (int n = int(random.bounded(5)); n > 0; --n) {
            object.insert(randomText(random), randomValue(random, 1));
        }
        if (random.bounded(2) == 0) {
            object.insert(u"labels"_s, randomValue(random, 1));
        }
        object.insert(u"annotations"_s, randomValue(random, 1));
        std::array<JsonText::MemberSpan, 3> members{JsonText::MemberSpan{"labels"_L1},
                                                    JsonText::MemberSpan{"annotations"_L1},
                                                    JsonText::MemberSpan{"absent"_L1}};
        const QByteArray text = JsonText::compact(object, members);
        QCOMPARE(text, qtCompact(object));
        for (const JsonText::MemberSpan &member : members) {
            const QJsonValue value = object.value(member.key);
            if (value.isUndefined()) {
                QCOMPARE(member.begin, -1);
                continue;
            }
            QCOMPARE(text.sliced(member.begin, member.end - member.begin), qtText(value));
        }
    }
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
