// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "evidencestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Firebreak {

EvidenceStore::EvidenceStore(const QString &root)
    : m_root(root)
{
}

bool EvidenceStore::isValidDigest(const QString &sha256)
{
    static const QRegularExpression pattern(u"^[0-9a-f]{64}$"_s);
    return pattern.match(sha256).hasMatch();
}

QString EvidenceStore::pathFor(const QString &sha256) const
{
    return m_root + u'/' + sha256.left(2) + u'/' + sha256;
}

QString EvidenceStore::put(const QByteArray &bytes)
{
    const QString digest = QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    if (contains(digest)) {
        return digest;
    }
    const QString path = pathFor(digest);
    const QString folder = QFileInfo(path).absolutePath();
    const bool newFolder = !QFileInfo::exists(folder);
    if (!QDir().mkpath(folder)) {
        m_error = u"cannot create %1"_s.arg(folder);
        return QString();
    }
    // The file, and its temporary twin when it fails, are gone before the folder is removed.
    const bool ok = [this, &path, &bytes]() {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            m_error = u"cannot write %1: %2"_s.arg(path, file.errorString());
            return false;
        }
        // A short write sets no error of Qt's ("Unknown error"): the system's says why, such
        // as a full disk or a file-size limit.
        errno = 0;
        const qint64 written = file.write(bytes);
        if (written != bytes.size()) {
            const QString why = errno != 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                           : file.errorString();
            m_error = u"cannot write %1: %2 bytes of %3 written (%4)"_s.arg(path)
                          .arg(qMax<qint64>(written, 0))
                          .arg(bytes.size())
                          .arg(why);
            file.cancelWriting();
            return false;
        }
        errno = 0;
        if (!file.commit()) {
            m_error = u"cannot write %1: %2"_s.arg(
                path, errno != 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                 : file.errorString());
            return false;
        }
        return true;
    }();
    if (!ok) {
        if (newFolder) {
            QDir().rmdir(folder); // only if empty: another file may have arrived meanwhile
        }
        return QString();
    }
    return digest;
}

bool EvidenceStore::contains(const QString &sha256) const
{
    return isValidDigest(sha256) && QFile::exists(pathFor(sha256));
}

QByteArray EvidenceStore::read(const QString &sha256) const
{
    if (!isValidDigest(sha256)) {
        return QByteArray();
    }
    QFile file(pathFor(sha256));
    if (!file.open(QIODevice::ReadOnly)) {
        return QByteArray();
    }
    QByteArray bytes = file.readAll();
    if (bytes.isEmpty()) {
        bytes = QByteArray(""); // a stored empty file is not "absent"
    }
    const QString actual = QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    return actual == sha256 ? bytes : QByteArray();
}

} // namespace Firebreak
