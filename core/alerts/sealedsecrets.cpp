// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "sealedsecrets.h"

#include "store/regularfile.h"

#include <QFile>
#include <QSaveFile>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Firebreak {

bool SealedSecrets::open(const QString &keyPath, QString *error)
{
    if (sodium_init() < 0) {
        *error = u"libsodium cannot initialise"_s;
        return false;
    }
    QFile existing(keyPath);
    if (pathTaken(keyPath)) {
        if (QString why; !openRegularFile(existing, &why)) {
            *error = u"cannot read %1 (%2)"_s.arg(keyPath, why);
            return false;
        }
        m_key = QByteArray::fromBase64(existing.readAll().trimmed());
        if (m_key.size() != crypto_secretbox_KEYBYTES) {
            *error = u"%1 holds no secret key"_s.arg(keyPath);
            m_key.clear();
            return false;
        }
        return true;
    }

    QByteArray key(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
    crypto_secretbox_keygen(reinterpret_cast<unsigned char *>(key.data()));
    QSaveFile file(keyPath);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
        || file.write(key.toBase64() + '\n') < 0 || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(keyPath, file.errorString());
        return false;
    }
    m_key = key;
    return true;
}

QString SealedSecrets::seal(const QByteArray &plain) const
{
    QByteArray out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(),
                   Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char *>(plain.constData()),
                          quint64(plain.size()), nonce,
                          reinterpret_cast<const unsigned char *>(m_key.constData()));
    return QString::fromLatin1(out.toBase64());
}

bool SealedSecrets::unseal(const QString &sealed, QByteArray *plain) const
{
    const QByteArray in = QByteArray::fromBase64(sealed.toLatin1());
    const qsizetype overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (!isOpen() || in.size() < overhead) {
        return false;
    }
    plain->resize(in.size() - overhead);
    const auto *nonce = reinterpret_cast<const unsigned char *>(in.constData());
    return crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(plain->data()),
                                      nonce + crypto_secretbox_NONCEBYTES,
                                      quint64(in.size() - crypto_secretbox_NONCEBYTES), nonce,
                                      reinterpret_cast<const unsigned char *>(m_key.constData()))
        == 0;
}

} // namespace Firebreak
