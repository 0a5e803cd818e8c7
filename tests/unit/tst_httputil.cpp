// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "server/httputil.h"

#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTest>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

// The checks as they were, one scan each: the one-pass scan must agree with them on any input.
bool referenceWithinDepth(const QByteArray &body, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : body) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                return false;
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

bool referenceIsValidUtf8(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(body);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

qsizetype referenceLoneSurrogateEscape(const QByteArray &json)
{
    const auto unitAt = [&json](qsizetype at) -> int {
        if (at + 6 > json.size() || json.at(at) != '\\' || json.at(at + 1) != 'u') {
            return -1;
        }
        bool ok = false;
        const int unit = json.mid(at + 2, 4).toInt(&ok, 16);
        return ok ? unit : -1;
    };
    const auto isHigh = [](int unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
    const auto isLow = [](int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json.at(i) != '\\') {
            continue;
        }
        const int unit = unitAt(i);
        if (unit < 0) {
            ++i;
            continue;
        }
        if (isLow(unit) || (isHigh(unit) && !isLow(unitAt(i + 6)))) {
            return i;
        }
        i += isHigh(unit) ? 11 : 5;
    }
    return -1;
}

// Pieces of JSON and of broken JSON and UTF-8, so that random joins hit every rule.
// Where a string first holds a raw control character or a backslash that starts no JSON
// escape, written the plain way: one character at a time.
qsizetype referenceInvalidString(const QByteArray &json)
{
    const auto hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (!inString) {
            inString = c == '"';
            continue;
        }
        if (c == '"') {
            inString = false;
        } else if (c == '\\') {
            if (i + 1 == json.size()) {
                break; // the text ends inside the string: malformed, not judged here
            }
            const char letter = json.at(i + 1);
            if (letter == 'u') {
                for (qsizetype k = i + 2; k < i + 6; ++k) {
                    if (k >= json.size() || !hex(json.at(k))) {
                        return i;
                    }
                }
            } else if (!QByteArrayView("\"\\/bfnrt").contains(letter)) {
                return i;
            }
            ++i;
        } else if (uchar(c) < 0x20) {
            return i;
        }
    }
    return -1;
}

QByteArray randomBody(QRandomGenerator &random)
{
    static const QByteArray pieces[] = {"\t", "\n", "\\x41", "\\'", "\\u12", "\\/", "\\b",
                                        "\x1f", "\\U0041",
        "{", "}", "[", "]", "\"", "\\", "\\\\", "\\\"", "\\u", "\\ud83d", "\\ude00", "\\uDBFF",
        "\\udc00", "\\u00e9", "\\u+d80", "\\u 123", "\\u0x12", "\\ud800\\u", "d800", "a", "1",
        ":", ",", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x94\xa5", "\xef\xbf\xbe",
        "\xef\xbb\xbf", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5", "\x80", "\xc3",
        "\xe2\x82", "\xff", QByteArray(1, '\0')};
    QByteArray body;
    const int count = int(random.bounded(40));
    for (int i = 0; i < count; ++i) {
        body += pieces[random.bounded(int(std::size(pieces)))];
    }
    return body;
}

} // namespace

class TestHttpUtil : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithSeparateScans_data();
    void agreesWithSeparateScans();
    void agreesOnRandomBodies();
    void logThrottleHoldsBackAndSaysHowMany();
};

void TestHttpUtil::agreesWithSeparateScans_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("flat") << QByteArray(R"({"a":"b","c":[1,2]})");
    QTest::newRow("every escape")
        << QByteArray(R"({"a":"\" \\ \/ \b \f \n \r \t \u00e9 \uABCD"})");
    QTest::newRow("unknown escape") << QByteArray(R"({"a":"\x41"})");
    QTest::newRow("escaped apostrophe") << QByteArray(R"({"a":"\'"})");
    QTest::newRow("short unicode escape") << QByteArray(R"({"a":"\u12"})");
    QTest::newRow("raw tab in a string") << QByteArray("{\"a\":\"x\ty\"}");
    QTest::newRow("raw newline between values") << QByteArray("{\"a\":\n\"x\"}");
    QTest::newRow("brackets in strings") << QByteArray(R"({"a":"[[[[{{{{\"]]"})");
    QTest::newRow("deep") << QByteArray(70, '[') + QByteArray(70, ']');
    QTest::newRow("exactly deep enough") << QByteArray(64, '[') + QByteArray(64, ']');
    QTest::newRow("pair") << QByteArray(R"({"a":"\ud83d\ude00"})");
    QTest::newRow("high alone") << QByteArray(R"({"a":"\ud83d x"})");
    QTest::newRow("low alone") << QByteArray(R"({"a":"\ude00"})");
    QTest::newRow("escaped backslash before u") << QByteArray(R"({"a":"\\ud83d"})");
    QTest::newRow("lone and deep") << QByteArray(R"(["\ude00",)") + QByteArray(70, '[');
    QTest::newRow("deep then lone") << QByteArray(70, '[') + QByteArray(R"("\ude00")");
    QTest::newRow("high at the end") << QByteArray(R"("\ud83d)");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
    QTest::newRow("surrogate in UTF-8") << QByteArray("\"\xed\xa0\x80\"");
    QTest::newRow("noncharacter") << QByteArray("\"\xef\xbf\xbe\"");
    QTest::newRow("truncated") << QByteArray("\"\xe2\x82");
}

void TestHttpUtil::agreesWithSeparateScans()
{
    QFETCH(QByteArray, body);
    const Http::JsonTextScan scan = Http::scanJsonText(body, Http::MaxJsonDepth);
    QCOMPARE(scan.withinDepth, referenceWithinDepth(body, Http::MaxJsonDepth));
    QCOMPARE(scan.loneSurrogateAt, referenceLoneSurrogateEscape(body));
    if (scan.withinDepth || scan.loneSurrogateAt < 0) {
        QCOMPARE(scan.invalidStringAt, referenceInvalidString(body));
    }
    QCOMPARE(Http::withinDepth(body, Http::MaxJsonDepth), scan.withinDepth);
    QCOMPARE(Http::loneSurrogateEscape(body), scan.loneSurrogateAt);
    QCOMPARE(Http::isValidUtf8(body), referenceIsValidUtf8(body));
}

void TestHttpUtil::agreesOnRandomBodies()
{
    QRandomGenerator random(5122026);
    for (int i = 0; i < 100000; ++i) {
        const QByteArray body = randomBody(random);
        const int maxDepth = int(random.bounded(4));
        const Http::JsonTextScan scan = Http::scanJsonText(body, maxDepth);
        QCOMPARE(scan.withinDepth, referenceWithinDepth(body, maxDepth));
        QCOMPARE(scan.loneSurrogateAt, referenceLoneSurrogateEscape(body));
        if (scan.withinDepth || scan.loneSurrogateAt < 0) {
            QCOMPARE(scan.invalidStringAt, referenceInvalidString(body));
        }
        QCOMPARE(Http::isValidUtf8(body), referenceIsValidUtf8(body));
    }
}

void TestHttpUtil::logThrottleHoldsBackAndSaysHowMany()
{
    Http::LogThrottle throttle(3, 1000);
    qint64 heldBack = -1;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(throttle.admit(u"a"_s, 100 + i, &heldBack));
        QCOMPARE(heldBack, 0);
    }
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!throttle.admit(u"a"_s, 200 + i, &heldBack));
    }
    // Kinds are throttled apart.
    QVERIFY(throttle.admit(u"b"_s, 300, &heldBack));
    QCOMPARE(heldBack, 0);
    // The next window's first line says how many the last one held back, once.
    QVERIFY(throttle.admit(u"a"_s, 1100, &heldBack));
    QCOMPARE(heldBack, 5);
    QCOMPARE(Http::heldBackNote(heldBack), u" (5 more like it not logged)"_s);
    QVERIFY(throttle.admit(u"a"_s, 1101, &heldBack));
    QCOMPARE(heldBack, 0);
    QCOMPARE(Http::heldBackNote(0), QString());
    // A clock that steps back starts a new window rather than holding back for ever.
    QVERIFY(throttle.admit(u"a"_s, 1102, &heldBack));
    QVERIFY(!throttle.admit(u"a"_s, 1103, &heldBack));
    QVERIFY(throttle.admit(u"a"_s, 50, &heldBack));
    QCOMPARE(heldBack, 1);
}

QTEST_GUILESS_MAIN(TestHttpUtil)
#include "tst_httputil.moc"
