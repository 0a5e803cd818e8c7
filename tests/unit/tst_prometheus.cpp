// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The incident figures on /metrics: parsed back with a strict reader of the Prometheus text
// format, checked against a history worked out by hand, and read from a real server.
#include "incidentroom.h"
#include "incidents/metrics.h"
#include "serverprocess.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Firebreak;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_minute = 60'000;
constexpr qint64 s_hour = 60 * s_minute;
constexpr qint64 s_day = 24 * s_hour;

struct Sample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

/// What a scraper sees: families with their type and help, and the samples in order.
struct Exposition
{
    QMap<QString, QString> types;
    QSet<QString> helps;
    QList<Sample> samples;
    QString error;

    /// The one sample of `name` whose labels include all of `match`; NaN when none or many.
    double value(const QString &name, const QMap<QString, QString> &match) const
    {
        QList<double> found;
        for (const Sample &sample : samples) {
            bool all = sample.name == name;
            for (auto it = match.cbegin(); all && it != match.cend(); ++it) {
                all = sample.labels.value(it.key(), u"\x01"_s) == it.value();
            }
            if (all) {
                found.append(sample.value);
            }
        }
        return found.size() == 1 ? found.first() : qQNaN();
    }
};

/// The family a sample belongs to: histogram and summary samples carry a suffix.
QString familyOf(const QString &sample, const QMap<QString, QString> &types)
{
    for (const QString &suffix : {u"_bucket"_s, u"_sum"_s, u"_count"_s}) {
        const QString base = sample.chopped(sample.endsWith(suffix) ? suffix.size() : 0);
        if (sample.endsWith(suffix) && types.contains(base)
            && (types.value(base) == u"histogram" || types.value(base) == u"summary")) {
            return base;
        }
    }
    return sample;
}

/// The character at `pos`, or a null one past the end.
QChar charAt(const QString &text, qsizetype pos)
{
    return pos >= 0 && pos < text.size() ? text.at(pos) : QChar();
}

/// Reads `{a="x",b="y\"z"}` from `line` at `*pos`, unescaping values; false on any fault.
bool readLabels(const QString &line, qsizetype *pos, QMap<QString, QString> *labels)
{
    static const QRegularExpression labelName(u"\\G([a-zA-Z_][a-zA-Z0-9_]*)=\""_s);
    ++*pos; // '{'
    while (*pos < line.size() && line.at(*pos) != u'}') {
        const QRegularExpressionMatch match = labelName.match(line, *pos);
        if (!match.hasMatch()) {
            return false;
        }
        *pos = match.capturedEnd();
        QString value;
        for (;; ++*pos) {
            if (*pos >= line.size()) {
                return false;
            }
            const QChar c = line.at(*pos);
            if (c == u'"') {
                break;
            }
            if (c == u'\\') {
                const QChar next = charAt(line, ++*pos);
                if (next == u'n') {
                    value += u'\n';
                } else if (next == u'\\' || next == u'"') {
                    value += next;
                } else {
                    return false;
                }
            } else {
                value += c;
            }
        }
        if (labels->contains(match.captured(1))) {
            return false;
        }
        labels->insert(match.captured(1), value);
        ++*pos; // closing quote
        if (charAt(line, *pos) == u',') {
            ++*pos;
        }
    }
    ++*pos; // '}'
    return *pos <= line.size();
}

/**
 * A strict reader of the text format: every family has one HELP and one TYPE before its
 * samples, samples of a family are contiguous, names and labels are well formed, values parse.
 */
Exposition parse(const QByteArray &text)
{
    static const QRegularExpression comment(u"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$"_s);
    static const QRegularExpression sampleName(u"^[a-zA-Z_:][a-zA-Z0-9_:]*"_s);
    Exposition exposition;
    QSet<QString> finished;
    QString current;
    auto fail = [&exposition](const QString &why, const QString &line) {
        exposition.error = why + u": "_s + line;
        return exposition;
    };
    for (const QString &line : QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u'#')) {
            const QRegularExpressionMatch match = comment.match(line);
            if (!match.hasMatch()) {
                return fail(u"bad comment"_s, line);
            }
            const QString family = match.captured(2);
            if (match.captured(1) == u"HELP") {
                if (exposition.helps.contains(family)) {
                    return fail(u"second HELP"_s, line);
                }
                exposition.helps.insert(family);
            } else {
                static const QStringList types{u"counter"_s, u"gauge"_s, u"histogram"_s,
                                               u"summary"_s, u"untyped"_s};
                if (exposition.types.contains(family) || !types.contains(match.captured(3))) {
                    return fail(u"second or unknown TYPE"_s, line);
                }
                exposition.types.insert(family, match.captured(3));
            }
            continue;
        }
        const QRegularExpressionMatch name = sampleName.match(line);
        if (!name.hasMatch()) {
            return fail(u"bad sample name"_s, line);
        }
        Sample sample;
        sample.name = name.captured();
        qsizetype pos = name.capturedEnd();
        if (charAt(line, pos) == u'{' && !readLabels(line, &pos, &sample.labels)) {
            return fail(u"bad labels"_s, line);
        }
        bool ok = false;
        const QString value = line.mid(pos).trimmed();
        sample.value = value == u"+Inf" ? qInf() : value.toDouble(&ok);
        if (charAt(line, pos) != u' ' || (!ok && value != u"+Inf")) {
            return fail(u"bad value"_s, line);
        }
        const QString family = familyOf(sample.name, exposition.types);
        if (!exposition.types.contains(family) || !exposition.helps.contains(family)) {
            return fail(u"sample before its HELP and TYPE"_s, line);
        }
        if (family != current) {
            if (finished.contains(family)) {
                return fail(u"family split"_s, line);
            }
            finished.insert(current);
            current = family;
        }
        exposition.samples.append(sample);
    }
    return exposition;
}

/// Histograms: buckets rise with `le`, end at +Inf, and +Inf equals _count.
QString checkHistograms(const Exposition &exposition)
{
    for (auto it = exposition.types.cbegin(); it != exposition.types.cend(); ++it) {
        if (it.value() != u"histogram") {
            continue;
        }
        QMap<QString, QList<std::pair<double, double>>> series; // labels without le → buckets
        QMap<QString, double> counts;
        for (const Sample &sample : exposition.samples) {
            QMap<QString, QString> labels = sample.labels;
            const QString le = labels.take(u"le"_s);
            QStringList key;
            for (auto label = labels.cbegin(); label != labels.cend(); ++label) {
                key.append(label.key() + u'=' + label.value());
            }
            if (sample.name == it.key() + u"_bucket") {
                const double bound = le == u"+Inf" ? qInf() : le.toDouble();
                series[key.join(u',')].append({bound, sample.value});
            } else if (sample.name == it.key() + u"_count") {
                counts.insert(key.join(u','), sample.value);
            }
        }
        for (auto s = series.cbegin(); s != series.cend(); ++s) {
            for (qsizetype i = 1; i < s->size(); ++i) {
                if (s->at(i).first <= s->at(i - 1).first || s->at(i).second < s->at(i - 1).second) {
                    return it.key() + u" buckets do not rise: "_s + s.key();
                }
            }
            if (!qIsInf(s->last().first) || s->last().second != counts.value(s.key(), -1)) {
                return it.key() + u" +Inf is not the count: "_s + s.key();
            }
        }
    }
    return {};
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readerRefusesBrokenText_data();
    void readerRefusesBrokenText();
    void knownHistory();
    void labelsAreEscaped_data();
    void labelsAreEscaped();
    void realServerExposition();
};

// The reader is only worth something if it refuses what a scraper would refuse.
void TestPrometheus::readerRefusesBrokenText_data()
{
    QTest::addColumn<QByteArray>("text");

    const QByteArray head = "# HELP a_total A.\n# TYPE a_total counter\n";
    QTest::newRow("no TYPE") << QByteArray("# HELP a_total A.\na_total 1\n");
    QTest::newRow("unknown type") << QByteArray("# HELP a A.\n# TYPE a meter\na 1\n");
    QTest::newRow("unescaped quote") << head + "a_total{x=\"a\"b\"} 1\n";
    QTest::newRow("bad escape") << head + "a_total{x=\"a\\tb\"} 1\n";
    QTest::newRow("unclosed labels") << head + "a_total{x=\"a\" 1\n";
    QTest::newRow("label twice") << head + "a_total{x=\"a\",x=\"b\"} 1\n";
    QTest::newRow("no value") << head + "a_total{x=\"a\"}\n";
    QTest::newRow("family split")
        << head + "a_total 1\n# HELP b B.\n# TYPE b gauge\nb 1\na_total 2\n";
}

void TestPrometheus::readerRefusesBrokenText()
{
    QFETCH(QByteArray, text);
    QVERIFY(!parse(text).error.isEmpty());
}

void TestPrometheus::knownHistory()
{
    Room room;
    // A: P1, team discovery. Impact 5 min before detection, ack +10 min, monitoring +30 min,
    //    resolved +60 min: first response and resolution met.
    const QString a = room.declare(u"P1"_s, {{u"team"_s, u"discovery"_s}});
    QVERIFY(room.at(s_t0, u"incident.set_milestone"_s, a,
                    {{u"milestone"_s, u"impact_started"_s},
                     {u"at"_s, isoFromMs(s_t0 - 5 * s_minute)}}));
    QVERIFY(room.at(s_t0 + 10 * s_minute, u"incident.acknowledge"_s, a));
    QVERIFY(room.at(s_t0 + 30 * s_minute, u"incident.set_status"_s, a,
                    {{u"status"_s, u"monitoring"_s}}));
    QVERIFY(room.at(s_t0 + 60 * s_minute, u"incident.resolve"_s, a));
    // B: P1 a day later. Ack +20 min (missed), resolved +3 h (missed).
    const qint64 b0 = s_t0 + s_day;
    room.now = b0;
    const QString b = room.declare(u"P1"_s);
    QVERIFY(room.at(b0 + 20 * s_minute, u"incident.acknowledge"_s, b));
    QVERIFY(room.at(b0 + 3 * s_hour, u"incident.resolve"_s, b));
    // C: P2 booking, open, never acknowledged; D merged into C and left out.
    const qint64 c0 = s_t0 + 2 * s_day;
    room.now = c0;
    const QString c = room.declare(u"P2"_s, {{u"service"_s, u"booking"_s}});
    const QString d = room.declare(u"P2"_s, {{u"service"_s, u"booking"_s}});
    QVERIFY(room.at(c0, u"incident.merge"_s, d, {{u"into"_s, c}}));

    const Exposition e = parse(prometheusIncidentMetrics(room.projection, c0 + s_hour));
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(checkHistograms(e), QString());
    QVERIFY(!checkHistograms(parse("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                                   "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"))
                 .isEmpty());
    QCOMPARE(e.types.value(u"firebreak_incident_time_to_acknowledge_seconds"_s),
             u"histogram"_s);

    // Acknowledge, P1: 600 s and 1200 s.
    const QString ack = u"firebreak_incident_time_to_acknowledge_seconds"_s;
    QCOMPARE(e.value(ack + u"_bucket"_s, {{u"severity"_s, u"P1"_s}, {u"le"_s, u"300"_s}}), 0.0);
    QCOMPARE(e.value(ack + u"_bucket"_s, {{u"severity"_s, u"P1"_s}, {u"le"_s, u"600"_s}}), 1.0);
    QCOMPARE(e.value(ack + u"_bucket"_s, {{u"severity"_s, u"P1"_s}, {u"le"_s, u"900"_s}}), 1.0);
    QCOMPARE(e.value(ack + u"_bucket"_s, {{u"severity"_s, u"P1"_s}, {u"le"_s, u"1800"_s}}), 2.0);
    QCOMPARE(e.value(ack + u"_sum"_s, {{u"severity"_s, u"P1"_s}}), 1800.0);
    QCOMPARE(e.value(ack + u"_count"_s, {{u"severity"_s, u"P1"_s}}), 2.0);
    QCOMPARE(e.value(ack + u"_count"_s, {{u"severity"_s, u"P2"_s}}), 0.0);
    // Detect: A 300 s, B and C 0 s; resolve, P1: 3,600 s + 10,800 s.
    QCOMPARE(e.value(u"firebreak_incident_time_to_detect_seconds_sum"_s,
                     {{u"severity"_s, u"P1"_s}}), 300.0);
    QCOMPARE(e.value(u"firebreak_incident_time_to_detect_seconds_count"_s,
                     {{u"severity"_s, u"P2"_s}}), 1.0);
    QCOMPARE(e.value(u"firebreak_incident_time_to_resolve_seconds_sum"_s,
                     {{u"severity"_s, u"P1"_s}}), 14400.0);
    QCOMPARE(e.value(u"firebreak_incident_time_to_mitigate_seconds_bucket"_s,
                     {{u"severity"_s, u"P1"_s}, {u"le"_s, u"1800"_s}}), 1.0);

    // Targets: P1 first response A met, B missed; P2 C breached (1 h > 15 min), resolution
    // pending (1 h of 8 h).
    const QString targets = u"firebreak_incident_targets"_s;
    QCOMPARE(e.value(targets, {{u"severity"_s, u"P1"_s}, {u"target"_s, u"first_response"_s},
                               {u"outcome"_s, u"met"_s}}), 1.0);
    QCOMPARE(e.value(targets, {{u"severity"_s, u"P1"_s}, {u"target"_s, u"first_response"_s},
                               {u"outcome"_s, u"missed"_s}}), 1.0);
    QCOMPARE(e.value(targets, {{u"severity"_s, u"P2"_s}, {u"target"_s, u"first_response"_s},
                               {u"outcome"_s, u"missed"_s}}), 1.0);
    QCOMPARE(e.value(targets, {{u"severity"_s, u"P2"_s}, {u"target"_s, u"resolution"_s},
                               {u"outcome"_s, u"pending"_s}}), 1.0);
    QCOMPARE(e.value(u"firebreak_incident_target_compliance_ratio"_s,
                     {{u"severity"_s, u"P1"_s}, {u"target"_s, u"resolution"_s}}), 0.5);
    QCOMPARE(e.value(u"firebreak_incident_target_compliance_ratio"_s,
                     {{u"severity"_s, u"P2"_s}, {u"target"_s, u"first_response"_s}}), 0.0);
    // Nothing came due for P2 resolution: no ratio at all.
    QVERIFY(qIsNaN(e.value(u"firebreak_incident_target_compliance_ratio"_s,
                           {{u"severity"_s, u"P2"_s}, {u"target"_s, u"resolution"_s}})));

    // Counts: A and B closed P1 (search; teams discovery and none), C open; D left out.
    const QString recorded = u"firebreak_incidents_recorded"_s;
    QCOMPARE(e.value(recorded, {{u"severity"_s, u"P1"_s}, {u"team"_s, u"discovery"_s},
                                {u"state"_s, u"closed"_s}}), 1.0);
    QCOMPARE(e.value(recorded, {{u"severity"_s, u"P2"_s}, {u"service"_s, u"booking"_s},
                                {u"team"_s, u"(none)"_s}, {u"state"_s, u"open"_s}}), 1.0);
    double total = 0;
    for (const Sample &sample : e.samples) {
        total += sample.name == recorded ? sample.value : 0;
    }
    QCOMPARE(total, 3.0);
}

void TestPrometheus::labelsAreEscaped_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("plain") << u"checkout"_s << "checkout"_ba;
    QTest::newRow("quote") << u"say \"hi\""_s << "say \\\"hi\\\""_ba;
    QTest::newRow("backslash") << u"C:\\temp"_s << "C:\\\\temp"_ba;
    QTest::newRow("newline") << u"two\nlines"_s << "two\\nlines"_ba;
    QTest::newRow("all, and UTF-8") << u"a\\\"\n€ }{,"_s << "a\\\\\\\"\\n\xe2\x82\xac }{,"_ba;
}

void TestPrometheus::labelsAreEscaped()
{
    QFETCH(QString, service);
    QFETCH(QByteArray, escaped);

    QCOMPARE(prometheusLabelValue(service), escaped);

    // And a reader gets the name back from the whole exposition.
    Room room;
    room.declare(u"P3"_s, {{u"service"_s, service}});
    const Exposition e = parse(prometheusIncidentMetrics(room.projection, s_t0));
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.value(u"firebreak_incidents_recorded"_s, {{u"service"_s, service}}), 1.0);
}

// The whole of a real server's /metrics, after real alerts and commands, parses.
void TestPrometheus::realServerExposition()
{
    ServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.standardError()));
    const QString key = server.createIntegration(u"alertmanager"_s, u"prom"_s);
    QCOMPARE(server.request("POST", u"/api/v1/alerts/alertmanager"_s,
                            testData(u"alerts/alertmanager-firing.json"_s), key)
                 .status,
             202);
    const QJsonObject ack{{u"type"_s, u"incident.acknowledge"_s}, {u"incident"_s, u"INC-1"_s}};
    QCOMPARE(server.request("POST", u"/api/v1/commands"_s, QJsonDocument(ack).toJson(),
                            server.adminToken())
                 .status,
             200);

    const ServerProcess::Reply reply = server.request("GET", u"/metrics"_s);
    QCOMPARE(reply.status, 200);
    const Exposition e = parse(reply.body);
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(checkHistograms(e), QString());
    QCOMPARE(e.value(u"firebreak_incidents_total"_s, {}), 1.0);
    QCOMPARE(e.value(u"firebreak_incident_time_to_acknowledge_seconds_count"_s,
                     {{u"severity"_s, u"P1"_s}}), 1.0);
    QCOMPARE(e.value(u"firebreak_incidents_recorded"_s,
                     {{u"service"_s, u"checkout"_s}, {u"state"_s, u"open"_s}}), 1.0);
    QCOMPARE(e.value(u"firebreak_incident_targets"_s,
                     {{u"severity"_s, u"P1"_s}, {u"target"_s, u"first_response"_s},
                      {u"outcome"_s, u"met"_s}}), 1.0);
    server.stop();
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
