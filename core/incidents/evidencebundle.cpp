// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "evidencebundle.h"

#include "store/tararchive.h"
#include "sync/protocol.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr char s_format[] = "firebreak-evidence-bundle-v1";
const QString s_manifest = u"manifest.json"_s;
const QString s_sums = u"SHA256SUMS"_s;

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

bool isMessage(const Event &event)
{
    return event.type == u"incident.note_added" || event.type.startsWith(u"notification.")
        || event.type.startsWith(u"page.");
}

/// Events as a JSON array text with each event's data spliced in exactly as it was hashed.
QByteArray eventsText(const EventList &events, bool (*keep)(const Event &))
{
    QByteArray text = "[";
    bool first = true;
    for (const Event &event : events) {
        if (keep && !keep(event)) {
            continue;
        }
        QByteArray wire = Sync::eventToWire(event);
        // The previous hash lets a reader recompute each event's hash (docs/architecture.md).
        wire.insert(1, QByteArray("\"prevHash\":\"" + event.prevHash + "\","));
        text += (first ? "\n" : ",\n") + wire;
        first = false;
    }
    return text + "\n]\n";
}

} // namespace

QByteArray buildEvidenceBundle(const EvidenceBundleSource &source)
{
    QList<QPair<QString, QByteArray>> files;
    files.append({u"incident.json"_s, QJsonDocument(source.incident).toJson()});
    files.append({u"timeline.json"_s, eventsText(source.events, nullptr)});
    files.append({u"messages.json"_s, eventsText(source.events, &isMessage)});

    // Uploaded files and log excerpts, once each, named by their SHA-256.
    QJsonArray attachments;
    QSet<QString> packed;
    for (const Event &event : source.events) {
        if (event.type != u"incident.evidence_attached") {
            continue;
        }
        const QJsonObject data = event.data();
        const QString kind = data.value(u"kind"_s).toString();
        const QString sha256 = data.value(u"sha256"_s).toString();
        QJsonObject attachment{{u"seq"_s, event.seq},
                               {u"kind"_s, kind},
                               {u"name"_s, data.value(u"name"_s)},
                               {u"attachedAt"_s, isoFromMs(event.at)},
                               {u"attachedBy"_s, event.actor}};
        QByteArray bytes;
        if (kind == u"log") {
            bytes = data.value(u"text"_s).toString().toUtf8();
        } else if (kind == u"file" && source.readBlob) {
            bytes = source.readBlob(sha256);
        } else {
            attachment.insert(u"url"_s, data.value(u"url"_s));
        }
        if (!sha256.isEmpty()) {
            attachment.insert(u"sha256"_s, sha256);
            const bool present = !bytes.isNull() && sha256Hex(bytes) == sha256;
            attachment.insert(u"path"_s, present ? QJsonValue(u"attachments/"_s + sha256)
                                                 : QJsonValue());
            if (present && !packed.contains(sha256)) {
                packed.insert(sha256);
                files.append({u"attachments/"_s + sha256, bytes});
            }
        }
        attachments.append(attachment);
    }

    QJsonArray listed;
    for (const auto &[path, bytes] : std::as_const(files)) {
        listed.append(QJsonObject{{u"path"_s, path},
                                  {u"size"_s, bytes.size()},
                                  {u"sha256"_s, sha256Hex(bytes)}});
    }
    const QJsonObject manifest{
        {u"format"_s, QLatin1String(s_format)},
        {u"incident"_s, QJsonObject{{u"id"_s, source.incident.value(u"id"_s)},
                                    {u"number"_s, source.incident.value(u"number"_s)}}},
        {u"storeId"_s, source.storeId},
        {u"head"_s, QJsonObject{{u"seq"_s, source.headSeq},
                                {u"hash"_s, QString::fromLatin1(source.headHash)}}},
        {u"events"_s, source.events.size()},
        {u"exportedBy"_s, source.exportedBy},
        {u"exportedAt"_s, isoFromMs(source.exportedAt)},
        {u"attachments"_s, attachments},
        {u"files"_s, listed}};
    files.append({s_manifest, QJsonDocument(manifest).toJson()});

    QByteArray sums;
    for (const auto &[path, bytes] : std::as_const(files)) {
        sums += sha256Hex(bytes).toLatin1() + "  " + path.toUtf8() + '\n';
    }
    files.append({s_sums, sums});

    Tar::Writer tar;
    const QString folder = source.incident.value(u"number"_s).toString() + u"-evidence/"_s;
    for (const auto &[path, bytes] : std::as_const(files)) {
        tar.addFile(folder + path, bytes, source.exportedAt / 1000);
    }
    return tar.finish();
}

namespace {

/// Checks SHA256SUMS: one line per file other than itself, each hash right.
bool checkSums(const QHash<QString, QByteArray> &files, QString *error)
{
    const QList<QByteArray> lines = files.value(s_sums).split('\n');
    QSet<QString> covered;
    for (const QByteArray &line : lines) {
        if (line.isEmpty()) {
            continue;
        }
        const QString path = QString::fromUtf8(line.mid(66));
        if (line.size() < 67 || line.mid(64, 2) != "  " || !files.contains(path)) {
            *error = u"SHA256SUMS names a missing file or is malformed: %1"_s.arg(
                QString::fromUtf8(line.left(120)));
            return false;
        }
        if (sha256Hex(files.value(path)).toLatin1() != line.left(64)) {
            *error = u"%1 does not match its SHA-256 in SHA256SUMS"_s.arg(path);
            return false;
        }
        covered.insert(path);
    }
    if (covered.size() != files.size() - 1) {
        *error = u"SHA256SUMS does not cover every file of the bundle"_s;
        return false;
    }
    return true;
}

} // namespace

EvidenceBundleCheck verifyEvidenceBundle(const QByteArray &archive)
{
    EvidenceBundleCheck check;
    QList<Tar::Entry> entries;
    if (!Tar::read(archive, &entries, &check.error)) {
        return check;
    }
    // Every file sits in one folder, INC-n-evidence/.
    QHash<QString, QByteArray> files;
    QString folder;
    for (const Tar::Entry &entry : std::as_const(entries)) {
        const qsizetype slash = entry.path.indexOf(u'/');
        const QString top = entry.path.left(slash);
        if (slash <= 0 || (!folder.isEmpty() && top != folder) || files.contains(entry.path)) {
            check.error = u"unexpected file in the bundle: %1"_s.arg(entry.path.left(120));
            return check;
        }
        folder = top;
        files.insert(entry.path.mid(slash + 1), entry.bytes);
    }
    if (!files.contains(s_manifest) || !files.contains(s_sums)) {
        check.error = u"the bundle has no manifest.json or SHA256SUMS"_s;
        return check;
    }
    if (!checkSums(files, &check.error)) {
        return check;
    }

    const QJsonObject manifest = QJsonDocument::fromJson(files.value(s_manifest)).object();
    if (manifest.value(u"format"_s).toString() != QLatin1String(s_format)) {
        check.error = u"this is not a Firebreak evidence bundle"_s;
        return check;
    }
    const QJsonArray listed = manifest.value(u"files"_s).toArray();
    if (listed.size() != files.size() - 2) {
        check.error = u"the manifest lists %1 files, the bundle holds %2"_s.arg(listed.size())
                          .arg(files.size() - 2);
        return check;
    }
    for (const QJsonValue &value : listed) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(u"path"_s).toString();
        const QByteArray bytes = files.value(path);
        if (!files.contains(path) || bytes.size() != file.value(u"size"_s).toInteger()
            || sha256Hex(bytes) != file.value(u"sha256"_s).toString()) {
            check.error = u"%1 is missing or does not match the manifest"_s.arg(path.left(120));
            return check;
        }
        if (path.startsWith(u"attachments/"_s)) {
            if (sha256Hex(bytes) != path.mid(12)) {
                check.error = u"%1 does not hash to its name"_s.arg(path);
                return check;
            }
            ++check.attachments;
        }
    }
    check.files = int(files.size());
    check.events = manifest.value(u"events"_s).toInt();
    check.incidentNumber = manifest.value(u"incident"_s).toObject().value(u"number"_s).toString();
    check.ok = true;
    return check;
}

} // namespace Firebreak
