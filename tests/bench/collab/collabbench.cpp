// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The text engine's side of tests/bench/collab/run.sh:
//
//   firebreak-bench-collab convert TRACE.json.gz TRACE.bin
//       writes the trace in the compact form that both contenders read (yjs-replay.js reads it
//       too), so that neither process holds a parsed JSON tree while it is measured
//   firebreak-bench-collab replay TRACE.bin [SNAPSHOT]
//       replays every patch as local edits, checks the final text, optionally saves the
//       document, and prints one JSON line: replay time, resident memory before and after,
//       peak RSS, the engine's own size
//   firebreak-bench-collab load SNAPSHOT [REPEATS]
//       loads a saved document REPEATS times and prints the median and fastest load times
//
// Compact trace: "FBTR", then little-endian u32 fields: version (1), transaction count, end
// content byte length, the end content (UTF-8), then per transaction its patch count and per
// patch position, deleted count, inserted byte length and the inserted UTF-8 bytes.

#include "collab/textdocument.h"
#include "editingtrace.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Firebreak::Collab;
using namespace Firebreak::Testing;
using namespace Qt::StringLiterals;

namespace {

struct CompactPatch
{
    quint32 position = 0;
    quint32 deleted = 0;
    qsizetype textOffset = 0;
    qsizetype textLength = 0;
};

/// The whole trace with every inserted text in one string, so replay allocates nothing.
struct CompactTrace
{
    QString endContent;
    QString texts;
    std::vector<CompactPatch> patches;
};

qint64 currentRssKiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * (sysconf(_SC_PAGESIZE) / 1024);
}

qint64 peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void appendWord(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

void appendText(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    appendWord(out, quint32(utf8.size()));
    out.append(utf8);
}

int convert(const QString &from, const QString &to)
{
    const EditingTrace trace = readEditingTrace(from);
    if (!trace.isValid()) {
        std::fprintf(stderr, "%s\n", qPrintable(trace.error));
        return 1;
    }
    QByteArray out("FBTR");
    appendWord(out, 1);
    appendWord(out, quint32(trace.transactions.size()));
    appendText(out, trace.endContent);
    for (const TraceTransaction &transaction : trace.transactions) {
        appendWord(out, quint32(transaction.patches.size()));
        for (const TracePatch &patch : transaction.patches) {
            appendWord(out, patch.position);
            appendWord(out, patch.deleted);
            appendText(out, patch.inserted);
        }
    }
    QFile file(to);
    if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(to));
        return 1;
    }
    return 0;
}

/// Reads what convert() wrote; bounds are checked, an empty endContent means failure.
class CompactReader
{
public:
    explicit CompactReader(QByteArray data)
        : m_data(std::move(data))
    {
    }
    bool ok() const { return m_ok; }
    quint32 word()
    {
        if (m_at + 4 > m_data.size()) {
            m_ok = false;
            return 0;
        }
        m_at += 4;
        return qFromLittleEndian<quint32>(m_data.constData() + m_at - 4);
    }
    QByteArrayView bytes()
    {
        const quint32 size = word();
        if (!m_ok || m_at + size > m_data.size()) {
            m_ok = false;
            return {};
        }
        m_at += size;
        return QByteArrayView(m_data).sliced(m_at - size, size);
    }

private:
    QByteArray m_data;
    qsizetype m_at = 4;
    bool m_ok = true;
};

CompactTrace readCompact(const QString &path)
{
    CompactTrace trace;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return trace;
    }
    CompactReader reader(file.readAll());
    const quint32 version = reader.word();
    const quint32 transactions = reader.word();
    trace.endContent = QString::fromUtf8(reader.bytes());
    for (quint32 t = 0; t < transactions && reader.ok() && version == 1; ++t) {
        const quint32 patches = reader.word();
        for (quint32 p = 0; p < patches && reader.ok(); ++p) {
            CompactPatch patch{reader.word(), reader.word(), trace.texts.size(), 0};
            trace.texts.append(QString::fromUtf8(reader.bytes()));
            patch.textLength = trace.texts.size() - patch.textOffset;
            trace.patches.push_back(patch);
        }
    }
    if (!reader.ok() || version != 1) {
        trace.endContent.clear();
    }
    return trace;
}

bool replayPatches(TextDocument &document, const CompactTrace &trace)
{
    const QStringView texts(trace.texts);
    for (const CompactPatch &patch : trace.patches) {
        if ((patch.deleted > 0 && !document.remove(patch.position, patch.deleted))
            || (patch.textLength > 0
                && !document.insert(patch.position,
                                    texts.sliced(patch.textOffset, patch.textLength)))) {
            return false;
        }
    }
    return true;
}

void printJson(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
}

int replay(const QString &tracePath, const QString &snapshotPath)
{
    const CompactTrace trace = readCompact(tracePath);
    if (trace.endContent.isEmpty()) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(tracePath));
        return 1;
    }
    const qint64 rssBefore = currentRssKiB();

    TextDocument document(u"bench"_s);
    QElapsedTimer timer;
    timer.start();
    const bool replayed = replayPatches(document, trace);
    const qint64 elapsedNs = timer.nsecsElapsed();
    const qint64 rssAfter = currentRssKiB();

    const bool correct = replayed && document.text() == trace.endContent;
    if (!snapshotPath.isEmpty()) {
        QFile file(snapshotPath);
        const QByteArray snapshot = document.save();
        if (!file.open(QIODevice::WriteOnly) || file.write(snapshot) != snapshot.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(snapshotPath));
            return 1;
        }
    }
    const DocumentStats stats = document.stats();
    printJson({{u"contender"_s, u"firebreak"_s},
               {u"patches"_s, qint64(trace.patches.size())},
               {u"replayMs"_s, double(elapsedNs) / 1e6},
               {u"rssBeforeKiB"_s, rssBefore},
               {u"rssAfterKiB"_s, rssAfter},
               {u"peakRssKiB"_s, peakRssKiB()},
               {u"engineKiB"_s, qint64(stats.memoryBytes / 1024)},
               {u"spans"_s, qint64(stats.spans)},
               {u"correct"_s, correct}});
    return correct ? 0 : 1;
}

int load(const QString &snapshotPath, int repeats)
{
    QFile file(snapshotPath);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(snapshotPath));
        return 1;
    }
    const QByteArray snapshot = file.readAll();
    std::vector<qint64> times;
    qsizetype length = -1;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        std::optional<TextDocument> document = TextDocument::load(snapshot);
        times.push_back(timer.nsecsElapsed());
        if (!document) {
            return 1;
        }
        length = document->length();
    }
    const qint64 firstNs = times.front();
    std::sort(times.begin(), times.end());
    printJson({{u"contender"_s, u"firebreak"_s},
               {u"snapshotBytes"_s, qint64(snapshot.size())},
               {u"loadFirstMs"_s, double(firstNs) / 1e6},
               {u"loadMedianMs"_s, double(times[times.size() / 2]) / 1e6},
               {u"loadFastestMs"_s, double(times.front()) / 1e6},
               {u"length"_s, qint64(length)}});
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == u"convert") {
        return convert(args[2], args[3]);
    }
    if ((args.size() == 3 || args.size() == 4) && args[1] == u"replay") {
        return replay(args[2], args.value(3));
    }
    if ((args.size() == 3 || args.size() == 4) && args[1] == u"load") {
        return load(args[2], args.size() == 4 ? args[3].toInt() : 101);
    }
    std::fprintf(stderr, "usage: firebreak-bench-collab convert TRACE.json.gz TRACE.bin\n"
                         "       firebreak-bench-collab replay TRACE.bin [SNAPSHOT]\n"
                         "       firebreak-bench-collab load SNAPSHOT [REPEATS]\n");
    return 2;
}
