// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace Firebreak {

/**
 * Seals secrets that must enter the event log but must not be readable there: the signing
 * secrets of integrations (the log is synchronised to every desktop). XSalsa20-Poly1305
 * (libsodium secretbox) under a server key kept beside the store in a file of mode 0600;
 * replicas sharing a database need the same key file.
 */
class SealedSecrets
{
public:
    /// Reads the key file, creating it with a fresh random key when it does not exist.
    bool open(const QString &keyPath, QString *error);
    bool isOpen() const { return m_key.size() > 0; }

    /// Base64 of nonce and ciphertext.
    QString seal(const QByteArray &plain) const;
    /// False when the text was not sealed with this key or was altered.
    bool unseal(const QString &sealed, QByteArray *plain) const;

private:
    QByteArray m_key;
};

} // namespace Firebreak
