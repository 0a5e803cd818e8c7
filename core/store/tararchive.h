// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Firebreak::Tar {

/// One regular file of an archive.
struct Entry
{
    QString path;
    QByteArray bytes;
};

/**
 * Builds a POSIX ustar archive in memory, as `tar` reads it: regular files only, mode 0644,
 * owner 0, paths of relative, slash-separated UTF-8 names (up to 255 bytes).
 */
class Writer
{
public:
    /// Adds a file; false when the path is unsafe (see isSafePath()) or too long.
    bool addFile(const QString &path, const QByteArray &bytes, qint64 modifiedSecs = 0);
    /// The archive with its two closing zero blocks; the writer starts over.
    QByteArray finish();

private:
    QByteArray m_archive;
};

/**
 * Reads a ustar (or plain old tar) archive held in memory: its regular files in order;
 * directories are skipped. False with `error` set on a bad checksum, a size beyond the end,
 * an unsafe path or another kind of entry (links, devices).
 */
bool read(const QByteArray &archive, QList<Entry> *entries, QString *error);

/// A relative path without "..", "." or empty parts, backslashes or NUL bytes.
bool isSafePath(const QString &path);

} // namespace Firebreak::Tar
