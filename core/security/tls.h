// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

namespace Firebreak {

/**
 * The server's TLS identity: a PEM certificate (the server's first, then any intermediates)
 * and its PEM private key (RSA or EC, unencrypted). Returns false with `error` set when a file
 * cannot be read or holds no certificate or key (a key of another certificate makes every
 * handshake fail).
 */
bool loadServerTls(const QString &certificateFile, const QString &keyFile,
                   QSslConfiguration *configuration, QString *error);

/**
 * How a client (desktop, CLI) decides whether to trust a server's certificate.
 *
 * By default: the system's CA certificates, the peer verified and its name matched, as Qt
 * does. A CA file (PEM, one or more certificates) is trusted in addition to the system's, for
 * servers with certificates of a private CA. A pinned certificate (PEM) replaces all of them:
 * only a server presenting exactly that certificate is accepted, even when it is self-signed,
 * and never when it has expired or names another host.
 */
class TlsTrust
{
public:
    /// Reads the files (either may be empty); false with errorString() when one is unusable.
    bool load(const QString &caFile, const QString &pinnedCertificateFile);
    QString errorString() const { return m_error; }

    bool hasPinnedCertificate() const { return !m_pinned.isNull(); }
    /// The configuration for a socket or request: which CAs to trust.
    QSslConfiguration configuration() const;
    /**
     * Errors to pass to ignoreSslErrors() before the handshake: the pinned certificate's own
     * lack of an issuer. Empty without a pin.
     */
    QList<QSslError> expectedErrors() const;

    /// The errors that are not expected ones: what actually refuses the certificate.
    QList<QSslError> unexpected(const QList<QSslError> &errors) const;

    /// A message for people about why a handshake failed, naming the first problem and what
    /// to do about it.
    static QString describe(const QList<QSslError> &errors);

private:
    QList<QSslCertificate> m_extraCas;
    QSslCertificate m_pinned;
    QString m_error;
};

} // namespace Firebreak
