// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "evidencestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

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
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        m_error = u"cannot create %1"_s.arg(QFileInfo(path).absolutePath());
        return QString();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_error = u"cannot write %1: %2"_s.arg(path, file.errorString());
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
