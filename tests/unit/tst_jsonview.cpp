// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "events/jsontext.h"
#include "events/jsonview.h"
#include "events/viewjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

constexpr int s_depth = 64;

// The view's value as a QJsonValue, to hold against Qt's parser.
QJsonValue toJson(const JsonView &view, int index)
{
    return ViewValue(&view, index).toJsonValue();
}

// Random text: ASCII, the characters JSON escapes, Latin-1, CJK, and (unescaped in UTF-8)
// characters beyond the BMP, which the view takes when they are not written as \u escapes.
QString randomText(QRandomGenerator &random)
{
    static const QString pieces[] = {u"a"_s,  u"Z"_s,  u" "_s,  u"\""_s, u"\\"_s,  u"/"_s,
                                     u"\n"_s, u"\t"_s, u"\b"_s, u"\f"_s, u"\r"_s,  u"\x01"_s,
                                     u"\x1f"_s, u"\x7f"_s, u"é"_s, u"ß"_s, u"漢"_s, u"😀"_s,
                                     u"\u2028"_s, u"\u00a0"_s, u"{"_s, u"]"_s, u":"_s, u","_s};
    QString text;
    const int length = random.bounded(12);
    for (int i = 0; i < length; ++i) {
        text += pieces[random.bounded(int(std::size(pieces)))];
    }
    return text;
}

QJsonValue randomValue(QRandomGenerator &random, int depth)
{
    switch (random.bounded(depth > 4 ? 5 : 7)) {
    case 0:
        return QJsonValue(QJsonValue::Null);
    case 1:
        return random.bounded(2) == 1;
    case 2:
        return qint64(random.bounded(2000000)) - 1000000;
    case 3:
        return qint64(random.generate64() % 999999999999999ULL)
            * (random.bounded(2) == 1 ? 1 : -1);
    case 4:
        return randomText(random);
    case 5: {
        QJsonObject object;
        const int members = random.bounded(6);
        for (int i = 0; i < members; ++i) {
            object.insert(u"k"_s + QString::number(random.bounded(100)),
                          randomValue(random, depth + 1));
        }
        return object;
    }
    default: {
        QJsonArray array;
        const int items = random.bounded(6);
        for (int i = 0; i < items; ++i) {
            array.append(randomValue(random, depth + 1));
        }
        return array;
    }
    }
}

QByteArray qtString(const QString &text);

// Whether every object in the value at `index` names each key once.
bool everyKeyOnce(const JsonView &view, int index)
{
    const bool object = view.isObject(index);
    if (!object && !view.isArray(index)) {
        return true;
    }
    if (object && !view.keysDistinct(index)) {
        return false;
    }
    int at = JsonView::first(index);
    for (quint32 i = 0; i < view.node(index).count; ++i) {
        const int value = object ? at + 1 : at;
        if (!everyKeyOnce(view, value)) {
            return false;
        }
        at = object ? view.nextKey(at) : view.nextItem(at);
    }
    return true;
}

// `value` as JSON text with each object's members in a random order; now and then a member
// given twice, a key that is not ASCII, or a zero written "-0".
QByteArray shuffledText(const QJsonValue &value, QRandomGenerator &random)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QList<QByteArray> members;
        for (auto it = object.begin(); it != object.end(); ++it) {
            members.append(qtString(it.key()) + ':' + shuffledText(it.value(), random));
        }
        if (!members.isEmpty() && random.bounded(40) == 0) {
            members.append(members.at(random.bounded(int(members.size()))));
        }
        if (random.bounded(40) == 0) {
            members.append("\"k\xc3\xa9\":1");
        }
        std::shuffle(members.begin(), members.end(), random);
        return '{' + members.join(',') + '}';
    }
    if (value.isArray()) {
        QList<QByteArray> items;
        for (const QJsonValue &item : value.toArray()) {
            items.append(shuffledText(item, random));
        }
        return '[' + items.join(',') + ']';
    }
    if (value.isDouble() && value.toInteger() == 0 && random.bounded(2) == 0) {
        return "-0";
    }
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
}

QByteArray qtString(const QString &text)
{
    // With JsonText's one departure from Qt's text: a leading U+FEFF written as \ufeff.
    const QByteArray array = JsonText::escapeLeadingMarks(
        QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    return array.mid(1, array.size() - 2);
}

} // namespace

class TestJsonView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void takesWhatItShould_data();
    void takesWhatItShould();
    void nodesSayWhereValuesSit();
    void stringsDecodeAndWriteAsQt_data();
    void stringsDecodeAndWriteAsQt();
    void lastDuplicateKeyCounts();
    void randomDocumentsReadAsQtReadsThem();
    void randomDocumentsWriteAsJsonTextWrites();
    void anyNumberReadsAndWritesAsQt();
    void depthLimit();
    void everyPlaceInAStringIsLookedAt();
    void randomlyEscapedStringsReadAndWriteAsQt();
};

void TestJsonView::takesWhatItShould_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("taken");

    QTest::newRow("object") << QByteArray(R"({"a":"b","c":[1,-2,true,false,null]})") << true;
    QTest::newRow("white space") << QByteArray(" \r\n\t{ \"a\" : [ ] , \"b\" : { } }\n ") << true;
    QTest::newRow("bare string") << QByteArray(R"("x")") << true;
    QTest::newRow("15 digits") << QByteArray("[999999999999999,-999999999999999,0]") << true;
    QTest::newRow("escapes") << QByteArray(R"(["\"\\\/\b\f\n\r\t\u00e9\u0000"])") << true;
    QTest::newRow("UTF-8 kept") << QByteArray("[\"Z\xc3\xbcrich \xf0\x9f\x98\x80\"]") << true;

    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("only space") << QByteArray("  ") << false;
    QTest::newRow("16 digits") << QByteArray("[1234567890123456]") << false;
    QTest::newRow("fraction") << QByteArray("[1.5]") << false;
    QTest::newRow("exponent") << QByteArray("[1e3]") << false;
    QTest::newRow("leading zero") << QByteArray("[01]") << false;
    QTest::newRow("lone minus") << QByteArray("[-]") << false;
    QTest::newRow("plus") << QByteArray("[+1]") << false;
    QTest::newRow("escaped key") << QByteArray(R"({"\u0061":1})") << false;
    QTest::newRow("surrogate pair") << QByteArray(R"(["\ud83d\ude00"])") << false;
    QTest::newRow("lone surrogate") << QByteArray(R"(["\ud800"])") << false;
    QTest::newRow("bad escape") << QByteArray(R"(["\x41"])") << false;
    QTest::newRow("short unicode escape") << QByteArray(R"(["\u12"])") << false;
    QTest::newRow("raw newline") << QByteArray("[\"a\nb\"]") << false;
    QTest::newRow("raw NUL") << QByteArray("[\"a\0b\"]", 7) << false;
    QTest::newRow("unterminated string") << QByteArray(R"(["abc)") << false;
    QTest::newRow("unterminated object") << QByteArray(R"({"a":1)") << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << false;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("single quotes") << QByteArray("{'a':1}") << false;
    QTest::newRow("garbage after") << QByteArray("{} x") << false;
    QTest::newRow("two values") << QByteArray("{}{}") << false;
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{}") << false;
    QTest::newRow("bad literal") << QByteArray("[tru]") << false;
    QTest::newRow("capital literal") << QByteArray("[True]") << false;
}

void TestJsonView::takesWhatItShould()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, taken);
    JsonView view;
    QCOMPARE(view.parse(text, s_depth), taken);
    if (taken) {
        // Whatever it takes, Qt reads too, as the same value.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(QJsonValue(QJsonArray{toJson(view, 0)}), QJsonValue(document.array()));
    }
}

void TestJsonView::nodesSayWhereValuesSit()
{
    const QByteArray text = R"({"alerts":[{"a":"x"},{"b":"y"}],"n":42,"s":"t\"u"})";
    JsonView view;
    QVERIFY(view.parse(text, s_depth));
    QVERIFY(view.isObject(0));
    QCOMPARE(view.node(0).count, 3u);
    QCOMPARE(view.text(0), QByteArrayView(text));

    const int alerts = view.member(0, "alerts");
    QVERIFY(view.isArray(alerts));
    QCOMPARE(view.node(alerts).count, 2u);
    QCOMPARE(view.text(alerts), QByteArrayView(R"([{"a":"x"},{"b":"y"}])"));
    const int second = view.nextItem(JsonView::first(alerts));
    QCOMPARE(view.text(second), QByteArrayView(R"({"b":"y"})"));
    QCOMPARE(view.string(view.member(second, "b")), u"y"_s);
    QCOMPARE(view.member(second, "a"), -1);

    bool ok = false;
    QCOMPARE(view.integer(view.member(0, "n"), &ok), 42);
    QVERIFY(ok);
    view.integer(view.member(0, "s"), &ok);
    QVERIFY(!ok);
    const int s = view.member(0, "s");
    QVERIFY(view.node(s).escaped);
    QCOMPARE(view.text(s), QByteArrayView(R"(t\"u)"));
    QCOMPARE(view.string(s), u"t\"u"_s);
    QCOMPARE(view.member(0, "missing"), -1);
    QVERIFY(view.keysDistinct(0));
}

void TestJsonView::stringsDecodeAndWriteAsQt_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QByteArray(R"("hello")");
    QTest::newRow("empty") << QByteArray(R"("")");
    QTest::newRow("quote and backslash") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("solidus escaped") << QByteArray(R"("a\/b")");
    QTest::newRow("controls") << QByteArray(R"("\b\f\n\r\t\u0001\u001f\u0000")");
    QTest::newRow("escaped non-ASCII") << QByteArray(R"("\u00e9\u6f22\u2028\uFFFF")");
    QTest::newRow("escaped ASCII") << QByteArray(R"("\u0041\u007f")");
    QTest::newRow("raw UTF-8") << QByteArray("\"\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80 \x7f\"");
    QTest::newRow("escape at the ends") << QByteArray(R"("\nmiddle\n")");
    // U+FEFF is text inside a string: QString::fromUtf8 alone drops it where it starts a piece.
    QTest::newRow("byte order mark first") << QByteArray("\"\xef\xbb\xbf" "abc\"");
    QTest::newRow("two byte order marks") << QByteArray("\"\xef\xbb\xbf\xef\xbb\xbf" "a\"");
    QTest::newRow("byte order mark after an escape")
        << QByteArray("\"a\\n\xef\xbb\xbf" "b\\t\xef\xbb\xbf\"");
    QTest::newRow("byte order mark alone") << QByteArray("\"\xef\xbb\xbf\"");
    // With an escape anywhere in the string Qt decodes it character by character and keeps
    // even a raw mark that starts it.
    QTest::newRow("byte order mark first, an escape later")
        << QByteArray("\"\xef\xbb\xbf" "a\\n\"");
    QTest::newRow("escaped byte order mark") << QByteArray(R"("\ufeffa\uFEFF")");
}

void TestJsonView::stringsDecodeAndWriteAsQt()
{
    QFETCH(QByteArray, json);
    JsonView view;
    QVERIFY(view.parse(json, s_depth));
    const QString qt = QJsonDocument::fromJson("[" + json + "]").array().first().toString();
    QCOMPARE(view.string(0), qt);
    QByteArray written;
    view.appendString(written, 0);
    QCOMPARE(written, qtString(qt));
}

void TestJsonView::lastDuplicateKeyCounts()
{
    const QByteArray text = R"({"a":"first","b":"x","a":"last"})";
    JsonView view;
    QVERIFY(view.parse(text, s_depth));
    QVERIFY(!view.keysDistinct(0));
    QCOMPARE(view.string(view.member(0, "a")), u"last"_s);
    QCOMPARE(QJsonDocument::fromJson(text).object().value(u"a"_s).toString(), u"last"_s);

    // Many keys, one repeated far apart.
    QByteArray many = "{";
    for (int i = 0; i < 50000; ++i) {
        many += "\"k" + QByteArray::number(i) + "\":1,";
    }
    QByteArray distinct = many;
    distinct.back() = '}';
    QVERIFY(view.parse(distinct, s_depth));
    QVERIFY(view.keysDistinct(0));
    const QByteArray repeated = many + "\"k7\":2}";
    QVERIFY(view.parse(repeated, s_depth));
    QVERIFY(!view.keysDistinct(0));
}

void TestJsonView::randomDocumentsReadAsQtReadsThem()
{
    QRandomGenerator random(20261205);
    int taken = 0;
    for (int round = 0; round < 3000; ++round) {
        QJsonObject object;
        const int members = 1 + random.bounded(6);
        for (int i = 0; i < members; ++i) {
            object.insert(u"key"_s + QString::number(random.bounded(50)), randomValue(random, 0));
        }
        const QByteArray text = QJsonDocument(object).toJson(
            round % 2 == 0 ? QJsonDocument::Compact : QJsonDocument::Indented);
        JsonView view;
        if (!view.parse(text, s_depth)) {
            // Only what it declines on purpose: Qt's writer escapes no surrogate and writes
            // no number this view refuses, so every such text is taken.
            QFAIL(qPrintable(u"declined: "_s + QString::fromUtf8(text)));
        }
        ++taken;
        QCOMPARE(QJsonValue(toJson(view, 0)), QJsonValue(QJsonDocument::fromJson(text).object()));
    }
    QCOMPARE(taken, 3000);
}

// appendCompact() writes what JsonText::compact() writes for Qt's reading of the text, or
// declines an object with a key given twice or a key that is not ASCII.
void TestJsonView::randomDocumentsWriteAsJsonTextWrites()
{
    QRandomGenerator random(20261208);
    int written = 0;
    for (int round = 0; round < 3000; ++round) {
        QJsonObject object;
        const int members = 1 + random.bounded(6);
        for (int i = 0; i < members; ++i) {
            object.insert(u"key"_s + QString::number(random.bounded(50)), randomValue(random, 0));
        }
        const QByteArray text = shuffledText(object, random);
        JsonView view;
        QVERIFY2(view.parse(text, s_depth), text.constData());
        QByteArray compact;
        if (!view.appendCompact(compact, 0)) {
            QVERIFY2(text.contains("\"k\xc3\xa9\"") || !everyKeyOnce(view, 0), text.constData());
            continue;
        }
        ++written;
        QCOMPARE(compact, JsonText::compact(QJsonDocument::fromJson(text).object()));
    }
    QVERIFY(written > 2000);
}

// With Numbers::Any, every JSON number whose value is finite reads as Qt reads it (an integer
// that fits qint64 stays one, the rest are doubles) and is written as JsonText writes Qt's.
void TestJsonView::anyNumberReadsAndWritesAsQt()
{
    QList<QByteArray> numbers{"0", "-0", "0.0", "-0.0", "3.0", "1e15", "1E+2", "2e-3",
                              "9223372036854775807", "-9223372036854775808",
                              "9223372036854775808", "-9223372036854775809",
                              "123456789012345678901234567890", "4.9e-324",
                              "1.7976931348623157e308",
                              "0.1", "1715682031.402", "91.8", "1715682031550000000"};
    QRandomGenerator random(20261210);
    const auto digits = [&random](int most) {
        QByteArray text = QByteArray::number(1 + random.bounded(9));
        for (int n = int(random.bounded(most)); n > 0; --n) {
            text += char('0' + random.bounded(10));
        }
        return text;
    };
    for (int i = 0; i < 3000; ++i) {
        QByteArray number = random.bounded(3) == 0 ? "-" : "";
        number += random.bounded(8) == 0 ? "0" : digits(21);
        if (random.bounded(2) == 1) {
            number += '.' + digits(12);
        }
        if (random.bounded(3) == 0) {
            number += random.bounded(2) == 1 ? "e-" : "E";
            number += QByteArray::number(random.bounded(40));
        }
        numbers.append(number);
    }
    for (const QByteArray &number : std::as_const(numbers)) {
        const QByteArray text = "{\"n\":[" + number + "]}";
        const QJsonObject qt = QJsonDocument::fromJson(text).object();
        QVERIFY2(!qt.isEmpty(), text.constData());
        JsonView view;
        QVERIFY(!view.parse(text, s_depth) || number.size() <= 16);
        QVERIFY2(view.parse(text, s_depth, JsonView::Numbers::Any), text.constData());
        QByteArray compact;
        QVERIFY(view.appendCompact(compact, 0));
        QCOMPARE(compact, JsonText::compact(qt));
        const QJsonValue read = ViewValue(&view, 0).toJsonValue();
        QCOMPARE(read.toObject().value(u"n"_s).toArray().at(0).toVariant(),
                 qt.value(u"n"_s).toArray().at(0).toVariant());
    }
    // Out of a double's range: declined, for Qt's parser to read or refuse.
    JsonView view;
    QVERIFY(!view.parse("[1e400]", s_depth, JsonView::Numbers::Any));
    QVERIFY(!view.parse("[-1e400]", s_depth, JsonView::Numbers::Any));
    QVERIFY(!view.parse("[1.]", s_depth, JsonView::Numbers::Any));
    QVERIFY(!view.parse("[1e]", s_depth, JsonView::Numbers::Any));
    QVERIFY(!view.parse("[.5]", s_depth, JsonView::Numbers::Any));
    QVERIFY(!view.parse("[01]", s_depth, JsonView::Numbers::Any));
}

void TestJsonView::depthLimit()
{
    const auto nested = [](int depth) {
        return QByteArray(QByteArray(depth, '[') + QByteArray(depth, ']'));
    };
    JsonView view;
    QVERIFY(view.parse(nested(10), 11));
    QVERIFY(!view.parse(nested(11), 11));
    QVERIFY(!view.parse(nested(100000), s_depth));
    QVERIFY(view.parse(nested(s_depth - 1), s_depth));
}

// Strings written with every kind of escape, in any mix with raw characters: decoded and
// written again exactly as Qt decodes and writes them (escapes are decoded in one pass to UTF-8,
// and rewritten without decoding to a QString).
void TestJsonView::randomlyEscapedStringsReadAndWriteAsQt()
{
    const QList<char16_t> characters{u'a', u'Z', u' ', u'"', u'\\', u'/', u'\n', u'\t',
                                     u'\b', u'\f', u'\r', 0x00, 0x01, 0x1f, 0x7f, 0xe9,
                                     0x6f22, 0x2028, 0xfeff, 0xfffe, 0xffff, 0x7ff, 0x800};
    const auto shortEscape = [](char16_t c) -> const char * {
        switch (c) {
        case u'"':
            return "\\\"";
        case u'\\':
            return "\\\\";
        case u'/':
            return "\\/";
        case u'\b':
            return "\\b";
        case u'\f':
            return "\\f";
        case u'\n':
            return "\\n";
        case u'\r':
            return "\\r";
        case u'\t':
            return "\\t";
        default:
            return nullptr;
        }
    };
    QRandomGenerator random(20261206);
    JsonView view;
    for (int round = 0; round < 20000; ++round) {
        QByteArray json = "\"";
        for (int n = int(random.bounded(10)); n > 0; --n) {
            const char16_t c = characters.at(random.bounded(int(characters.size())));
            const bool rawAllowed = c >= 0x20 && c != u'"' && c != u'\\';
            const int way = int(random.bounded(3));
            if (rawAllowed && way == 0) {
                json += QString(QChar(c)).toUtf8();
            } else if (shortEscape(c) && way == 1) {
                json += shortEscape(c);
            } else {
                QByteArray hex = QByteArray::number(c, 16).rightJustified(4, '0');
                json += "\\u" + (random.bounded(2) == 1 ? hex.toUpper() : hex);
            }
        }
        if (random.bounded(4) == 0) {
            json.insert(1, "\xef\xbb\xbf"); // a raw byte order mark first
        }
        json += '"';
        QVERIFY2(view.parse(json, s_depth), json.constData());
        const QString qt = QJsonDocument::fromJson("[" + json + "]").array().first().toString();
        QVERIFY2(view.string(0) == qt, json.toHex().constData());
        QCOMPARE(view.utf8(0), qt.toUtf8());
        QByteArray written = "x";
        view.appendString(written, 0);
        QCOMPARE(written, "x" + qtString(qt));
    }
}

void TestJsonView::everyPlaceInAStringIsLookedAt()
{
    // Strings are skipped eight bytes at a time: a quote, backslash or control character must
    // be seen wherever it falls in such a word, and at every distance from the text's end.
    const auto quote = [](const QByteArray &content) {
        QByteArray text = content;
        return text.prepend('"').append('"');
    };
    JsonView view;
    for (int length = 0; length < 20; ++length) {
        for (int at = 0; at < length; ++at) {
            QByteArray text(length, 'a');
            text[at] = '\x01';
            const QByteArray control = quote(text);
            QVERIFY2(!view.parse(control, s_depth), text.toHex().constData());
            text[at] = '\x7f';
            const QByteArray del = quote(text);
            QVERIFY(view.parse(del, s_depth));
            QCOMPARE(view.text(0).size(), length);

            QByteArray content(length, 'b');
            content.insert(at, "\\\"");
            const QByteArray escaped = quote(content);
            QVERIFY(view.parse(escaped, s_depth));
            QVERIFY(view.node(0).escaped);
            QCOMPARE(view.string(0), QString(length, u'b').insert(at, u'"'));

            // An unescaped quote ends the string where it stands.
            QByteArray cut(length, 'c');
            cut[at] = '"';
            const QByteArray inArray = "[" + quote(cut) + "]";
            QVERIFY(!view.parse(inArray, s_depth));
            const QByteArray shortened = quote(cut.left(at));
            QVERIFY(view.parse(shortened, s_depth));
            QCOMPARE(view.text(0).size(), at);
        }
    }
}

QTEST_GUILESS_MAIN(TestJsonView)
#include "tst_jsonview.moc"
