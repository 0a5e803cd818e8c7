// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

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

/**
 * Writes a ustar archive (the format of Writer) to a device as it goes, so that an archive
 * larger than memory can be made: each file's header announces its size, then its bytes
 * follow in pieces of any size. Not thread-safe; the device must stay open.
 */
class StreamWriter
{
public:
    explicit StreamWriter(QIODevice *device) : m_device(device) {}

    /// Starts a file of `size` bytes and permission bits `mode` (0600 for a backup, whose files
    /// hold secrets); false when the path is unsafe or too long, the previous file is not
    /// complete, or the device fails.
    bool beginFile(const QString &path, qint64 size, qint64 modifiedSecs = 0, int mode = 0644);
    /// Adds bytes of the current file; false when more than announced or the device fails.
    bool write(const char *data, qint64 size);
    bool write(const QByteArray &bytes) { return write(bytes.constData(), bytes.size()); }
    /// Pads the current file; false when fewer bytes came than its header announced.
    bool endFile();
    /// Writes the two closing zero blocks.
    bool finish();
    QString errorString() const { return m_error; }

private:
    bool put(const char *data, qint64 size);

    QIODevice *m_device;
    qint64 m_remaining = 0;
    qint64 m_written = 0;
    bool m_inFile = false;
    QString m_error;
};

/**
 * Reads a ustar (or plain old tar) archive from a device, one file at a time, in pieces: the
 * streaming form of read(), with the same checks and messages. A short read of the device
 * counts as the end of its data (a file, a buffer), so a truncated archive is "cut short".
 */
class StreamReader
{
public:
    explicit StreamReader(QIODevice *device) : m_device(device) {}

    enum class Next { File, End, Error };
    /// Moves past the rest of the current file to the next regular file (directories are
    /// skipped); End at the archive's end marker, Error with errorString() otherwise.
    Next next();
    /// The current file's path and size.
    QString path() const { return m_path; }
    qint64 size() const { return m_size; }
    /// Up to `maxSize` bytes of the current file; 0 at its end, -1 when the archive is cut
    /// short (errorString() says so).
    qint64 read(char *data, qint64 maxSize);
    QString errorString() const { return m_error; }

private:
    bool readFully(char *data, qint64 size);
    bool skip(qint64 size);

    QIODevice *m_device;
    QString m_path;
    qint64 m_size = 0;
    qint64 m_remaining = 0;
    qint64 m_padding = 0;
    qint64 m_offset = 0;
    QString m_error;
};

/// A relative path without "..", "." or empty parts, backslashes or NUL bytes.
bool isSafePath(const QString &path);

} // namespace Firebreak::Tar
