// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "tararchive.h"

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

bool Writer::addFile(const QString &path, const QByteArray &bytes, qint64 modifiedSecs)
{
    const QByteArray name = path.toUtf8();
    if (!isSafePath(path) || name.size() > s_prefixSize + 1 + s_nameSize) {
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

    char header[s_block] = {};
    std::memcpy(header, rest.constData(), size_t(rest.size()));
    putOctal(header + s_mode, 8, 0644);
    putOctal(header + s_uid, 8, 0);
    putOctal(header + s_gid, 8, 0);
    putOctal(header + s_size, 12, bytes.size());
    putOctal(header + s_mtime, 12, qMax<qint64>(0, modifiedSecs));
    header[s_type] = '0';
    std::memcpy(header + s_magic, "ustar\0" "00", 8);
    std::memcpy(header + s_prefix, prefix.constData(), size_t(prefix.size()));
    const QByteArray checksum = QByteArray::number(checksumOf(header), 8).rightJustified(6, '0');
    std::memcpy(header + s_checksum, checksum.constData(), 6);
    header[s_checksum + 6] = '\0';
    header[s_checksum + 7] = ' ';

    m_archive.append(header, s_block);
    m_archive.append(bytes);
    const qsizetype padding = (s_block - bytes.size() % s_block) % s_block;
    m_archive.append(padding, '\0');
    return true;
}

QByteArray Writer::finish()
{
    m_archive.append(2 * s_block, '\0');
    return std::exchange(m_archive, QByteArray());
}

bool read(const QByteArray &archive, QList<Entry> *entries, QString *error)
{
    entries->clear();
    qsizetype at = 0;
    while (at + s_block <= archive.size()) {
        const char *header = archive.constData() + at;
        if (isZeroBlock(header)) {
            return true;
        }
        const qint64 stored = parseOctal(header + s_checksum, 8);
        if (stored != checksumOf(header)) {
            *error = u"the archive is damaged: bad header checksum at byte %1"_s.arg(at);
            return false;
        }
        const qint64 size = parseOctal(header + s_size, 12);
        const qsizetype dataStart = at + s_block;
        if (size < 0 || size > archive.size() - dataStart) {
            *error = u"the archive is cut short: an entry at byte %1 runs past its end"_s.arg(at);
            return false;
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
                *error = u"the archive holds an unsafe path: %1"_s.arg(path.left(120));
                return false;
            }
            entries->append({path, archive.mid(dataStart, size)});
        } else if (type != '5') {
            *error = u"the archive holds an entry that is not a file: %1"_s.arg(path.left(120));
            return false;
        }
        at = dataStart + (size + s_block - 1) / s_block * s_block;
    }
    *error = u"the archive is cut short: its end marker is missing"_s;
    return false;
}

} // namespace Firebreak::Tar
