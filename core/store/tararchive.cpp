// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "tararchive.h"

#include <QBuffer>

#include <cstring>

using namespace Qt::StringLiterals;

namespace Firebreak::Tar {

namespace {

constexpr int s_block = 512;
constexpr int s_nameSize = 100;
constexpr int s_prefixSize = 155;

// Offsets of the ustar header fields.
constexpr int s_mode = 100;
constexpr int s_uid = 108;
constexpr int s_gid = 116;
constexpr int s_size = 124;
constexpr int s_mtime = 136;
constexpr int s_checksum = 148;
constexpr int s_type = 156;
constexpr int s_magic = 257;
constexpr int s_prefix = 345;

void putOctal(char *field, int width, qint64 value)
{
    // width - 1 digits and a NUL, as GNU and BSD tar write them.
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(field, digits.constData(), size_t(width - 1));
    field[width - 1] = '\0';
}

qint64 checksumOf(const char *header)
{
    qint64 sum = 0;
    for (int i = 0; i < s_block; ++i) {
        const bool inField = i >= s_checksum && i < s_checksum + 8;
        sum += inField ? ' ' : static_cast<unsigned char>(header[i]);
    }
    return sum;
}

/// An octal field; -1 when it holds anything but spaces, NULs and octal digits.
qint64 parseOctal(const char *field, int width)
{
    qint64 value = 0;
    bool digits = false;
    for (int i = 0; i < width; ++i) {
        const char c = field[i];
        if (c >= '0' && c <= '7') {
            if (value > (qint64(1) << 58)) {
                return -1;
            }
            value = value * 8 + (c - '0');
            digits = true;
        } else if (c == '\0' || c == ' ') {
            if (digits) {
                break;
            }
        } else {
            return -1;
        }
    }
    return value;
}

QByteArray fieldText(const char *field, int width)
{
    const void *end = std::memchr(field, '\0', size_t(width));
    return QByteArray(field, end ? static_cast<const char *>(end) - field : width);
}

bool isZeroBlock(const char *block)
{
    for (int i = 0; i < s_block; ++i) {
        if (block[i] != '\0') {
            return false;
        }
    }
    return true;
}

} // namespace

bool isSafePath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(u'\\')
        || path.contains(QChar(0))) {
        return false;
    }
    const QStringList parts = path.split(u'/');
    for (const QString &part : parts) {
        if (part.isEmpty() || part == u"." || part == u"..") {
            return false;
        }
    }
    return true;
}

namespace {

/// A ustar header for a regular file; false when the path is unsafe or too long.
bool makeHeader(const QString &path, qint64 size, qint64 modifiedSecs, char *header,
                int mode = 0644)
{
    const QByteArray name = path.toUtf8();
    if (!isSafePath(path) || name.size() > s_prefixSize + 1 + s_nameSize || size < 0) {
        return false;
    }
    // A long path is split at a slash into the prefix and name fields.
    QByteArray prefix;
    QByteArray rest = name;
    if (name.size() > s_nameSize) {
        const qsizetype slash = name.lastIndexOf('/', s_prefixSize);
        if (slash <= 0 || name.size() - slash - 1 > s_nameSize) {
            return false;
        }
        prefix = name.left(slash);
        rest = name.mid(slash + 1);
    }

    std::memset(header, 0, s_block);
    std::memcpy(header, rest.constData(), size_t(rest.size()));
    putOctal(header + s_mode, 8, mode);
    putOctal(header + s_uid, 8, 0);
    putOctal(header + s_gid, 8, 0);
    putOctal(header + s_size, 12, size);
    putOctal(header + s_mtime, 12, qMax<qint64>(0, modifiedSecs));
    header[s_type] = '0';
    std::memcpy(header + s_magic, "ustar\0" "00", 8);
    std::memcpy(header + s_prefix, prefix.constData(), size_t(prefix.size()));
    const QByteArray checksum = QByteArray::number(checksumOf(header), 8).rightJustified(6, '0');
    std::memcpy(header + s_checksum, checksum.constData(), 6);
    header[s_checksum + 6] = '\0';
    header[s_checksum + 7] = ' ';
    return true;
}

qint64 paddingOf(qint64 size)
{
    return (s_block - size % s_block) % s_block;
}

} // namespace

bool Writer::addFile(const QString &path, const QByteArray &bytes, qint64 modifiedSecs)
{
    char header[s_block];
    if (!makeHeader(path, bytes.size(), modifiedSecs, header)) {
        return false;
    }
    m_archive.append(header, s_block);
    m_archive.append(bytes);
    m_archive.append(paddingOf(bytes.size()), '\0');
    return true;
}

QByteArray Writer::finish()
{
    m_archive.append(2 * s_block, '\0');
    return std::exchange(m_archive, QByteArray());
}

bool StreamWriter::put(const char *data, qint64 size)
{
    if (m_device->write(data, size) != size) {
        m_error = u"cannot write the archive: %1"_s.arg(m_device->errorString());
        return false;
    }
    m_written += size;
    return true;
}

bool StreamWriter::beginFile(const QString &path, qint64 size, qint64 modifiedSecs, int mode)
{
    char header[s_block];
    if (m_inFile) {
        m_error = u"the archive's previous file is not complete"_s;
        return false;
    }
    if (!makeHeader(path, size, modifiedSecs, header, mode)) {
        m_error = u"cannot store %1 in a tar archive"_s.arg(path.left(120));
        return false;
    }
    m_inFile = true;
    m_remaining = size;
    return put(header, s_block);
}

bool StreamWriter::write(const char *data, qint64 size)
{
    if (!m_inFile || size > m_remaining) {
        m_error = u"more bytes than the archive's file header announced"_s;
        return false;
    }
    m_remaining -= size;
    return put(data, size);
}

bool StreamWriter::endFile()
{
    if (!m_inFile || m_remaining != 0) {
        m_error = u"fewer bytes than the archive's file header announced"_s;
        return false;
    }
    m_inFile = false;
    const char zeros[s_block] = {};
    return put(zeros, paddingOf(m_written));
}

bool StreamWriter::finish()
{
    if (m_inFile) {
        m_error = u"the archive's last file is not complete"_s;
        return false;
    }
    const char zeros[2 * s_block] = {};
    return put(zeros, sizeof zeros);
}

bool StreamReader::readFully(char *data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const qint64 got = m_device->read(data + done, size - done);
        if (got <= 0) {
            return false;
        }
        done += got;
    }
    m_offset += size;
    return true;
}

bool StreamReader::skip(qint64 size)
{
    char sink[16384];
    while (size > 0) {
        const qint64 piece = qMin<qint64>(size, sizeof sink);
        if (!readFully(sink, piece)) {
            return false;
        }
        size -= piece;
    }
    return true;
}

StreamReader::Next StreamReader::next()
{
    if (!m_error.isEmpty()) {
        return Next::Error;
    }
    const qint64 entryStart = m_offset;
    if (!skip(m_remaining + m_padding)) {
        m_error = u"the archive is cut short: an entry at byte %1 runs past its end"_s.arg(
            entryStart - s_block);
        return Next::Error;
    }
    m_remaining = 0;
    m_padding = 0;
    for (;;) {
        const qint64 at = m_offset;
        char header[s_block];
        if (!readFully(header, s_block)) {
            m_error = u"the archive is cut short: its end marker is missing"_s;
            return Next::Error;
        }
        if (isZeroBlock(header)) {
            return Next::End;
        }
        const qint64 stored = parseOctal(header + s_checksum, 8);
        if (stored != checksumOf(header)) {
            m_error = u"the archive is damaged: bad header checksum at byte %1"_s.arg(at);
            return Next::Error;
        }
        const qint64 size = parseOctal(header + s_size, 12);
        if (size < 0) {
            m_error = u"the archive is damaged: bad size at byte %1"_s.arg(at);
            return Next::Error;
        }
        QByteArray name = fieldText(header, s_nameSize);
        if (std::memcmp(header + s_magic, "ustar", 5) == 0) {
            const QByteArray prefix = fieldText(header + s_prefix, s_prefixSize);
            if (!prefix.isEmpty()) {
                name = prefix + '/' + name;
            }
        }
        const char type = header[s_type];
        const QString path = QString::fromUtf8(name);
        if (type == '0' || type == '\0') {
            if (!isSafePath(path)) {
                m_error = u"the archive holds an unsafe path: %1"_s.arg(path.left(120));
                return Next::Error;
            }
            m_path = path;
            m_size = size;
            m_remaining = size;
            m_padding = paddingOf(size);
            return Next::File;
        }
        if (type != '5') {
            m_error = u"the archive holds an entry that is not a file: %1"_s.arg(path.left(120));
            return Next::Error;
        }
        if (!skip(size + paddingOf(size))) {
            m_error = u"the archive is cut short: an entry at byte %1 runs past its end"_s.arg(at);
            return Next::Error;
        }
    }
}

qint64 StreamReader::read(char *data, qint64 maxSize)
{
    const qint64 piece = qMin(maxSize, m_remaining);
    if (piece <= 0) {
        return 0;
    }
    const qint64 got = m_device->read(data, piece);
    if (got <= 0) {
        m_error = u"the archive is cut short: %1 runs past its end"_s.arg(m_path.left(120));
        return -1;
    }
    m_offset += got;
    m_remaining -= got;
    return got;
}

bool read(const QByteArray &archive, QList<Entry> *entries, QString *error)
{
    entries->clear();
    QBuffer buffer;
    buffer.setData(archive);
    buffer.open(QIODevice::ReadOnly);
    StreamReader reader(&buffer);
    for (;;) {
        switch (reader.next()) {
        case StreamReader::Next::End:
            return true;
        case StreamReader::Next::Error:
            *error = reader.errorString();
            return false;
        case StreamReader::Next::File:
            break;
        }
        // The size is checked against what is left before anything is allocated.
        if (reader.size() > buffer.size() - buffer.pos()) {
            *error = u"the archive is cut short: an entry at byte %1 runs past its end"_s.arg(
                buffer.pos() - s_block);
            return false;
        }
        QByteArray bytes(reader.size(), Qt::Uninitialized);
        if (reader.read(bytes.data(), bytes.size()) != bytes.size()) {
            *error = reader.errorString();
            return false;
        }
        entries->append({reader.path(), bytes});
    }
}

} // namespace Firebreak::Tar
