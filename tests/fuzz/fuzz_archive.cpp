// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target of the archives firebreak-cli reads from files and servers: each input is
// read as a tar archive, checked as an evidence bundle, and restored as a backup into a fresh
// folder (which is removed again).
#include "incidents/evidencebundle.h"
#include "store/backup.h"
#include "store/tararchive.h"

#include <QDir>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

using namespace Firebreak;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray archive(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<Tar::Entry> entries;
    QString error;
    if (Tar::read(archive, &entries, &error)) {
        // Whatever was read writes back and reads again the same.
        Tar::Writer writer;
        bool written = true;
        for (const Tar::Entry &entry : std::as_const(entries)) {
            written = writer.addFile(entry.path, entry.bytes) && written;
        }
        QList<Tar::Entry> again;
        if (written
            && (!Tar::read(writer.finish(), &again, &error) || again.size() != entries.size())) {
            qFatal("fuzz_archive: an archive written from a read one does not read back");
        }
    }
    verifyEvidenceBundle(archive);

    static QTemporaryDir scratch;
    const QString target = QDir(scratch.path()).filePath(u"restore"_s);
    Backup::restoreArchive(archive, target);
    QDir(target).removeRecursively();
    return 0;
}
