// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "tls.h"

#include <QFile>
#include <QSslKey>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

bool readFile(const QString &path, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    *bytes = file.readAll();
    return true;
}

bool readCertificates(const QString &path, QList<QSslCertificate> *certificates, QString *error)
{
    QByteArray pem;
    if (!readFile(path, &pem, error)) {
        return false;
    }
    *certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates->isEmpty()) {
        *error = u"%1 holds no PEM certificate"_s.arg(path);
        return false;
    }
    return true;
}

QSslKey readKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) {
            return key;
        }
    }
    return {};
}

/// What to tell people for the first error, and what would resolve it.
QString describeError(const QSslError &error)
{
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return u"the server's certificate has expired (%1)"_s.arg(
            error.certificate().expiryDate().toString(Qt::ISODate));
    case QSslError::CertificateNotYetValid:
        return u"the server's certificate is not valid yet"_s;
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
        return u"the server's certificate is self-signed and not trusted; trust it with a CA"
               " file or pin it"_s;
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return u"the server's certificate was issued by a CA that is not trusted; give its"
               " CA file"_s;
    case QSslError::HostNameMismatch:
        return u"the server's certificate is for another host (%1)"_s.arg(
            error.certificate().subjectInfo(QSslCertificate::CommonName).join(u", "_s));
    case QSslError::CertificateRevoked:
        return u"the server's certificate has been revoked"_s;
    default:
        return u"the server's certificate was refused: %1"_s.arg(error.errorString());
    }
}

} // namespace

bool loadServerTls(const QString &certificateFile, const QString &keyFile,
                   QSslConfiguration *configuration, QString *error)
{
    QList<QSslCertificate> chain;
    QByteArray keyPem;
    if (!readCertificates(certificateFile, &chain, error) || !readFile(keyFile, &keyPem, error)) {
        return false;
    }
    const QSslKey key = readKey(keyPem);
    if (key.isNull()) {
        *error = u"%1 holds no unencrypted PEM private key"_s.arg(keyFile);
        return false;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    *configuration = tls;
    return true;
}

bool TlsTrust::load(const QString &caFile, const QString &pinnedCertificateFile)
{
    m_extraCas.clear();
    m_pinned = QSslCertificate();
    if (!caFile.isEmpty() && !readCertificates(caFile, &m_extraCas, &m_error)) {
        return false;
    }
    if (!pinnedCertificateFile.isEmpty()) {
        QList<QSslCertificate> pinned;
        if (!readCertificates(pinnedCertificateFile, &pinned, &m_error)) {
            return false;
        }
        m_pinned = pinned.first();
    }
    return true;
}

QSslConfiguration TlsTrust::configuration() const
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_pinned.isNull()) {
        // Only the pinned certificate anchors trust: no system CA can vouch for another one.
        tls.setCaCertificates({m_pinned});
    } else if (!m_extraCas.isEmpty()) {
        tls.setCaCertificates(QSslConfiguration::systemCaCertificates() + m_extraCas);
    }
    return tls;
}

QList<QSslError> TlsTrust::expectedErrors() const
{
    if (m_pinned.isNull()) {
        return {};
    }
    // The pinned certificate is the trust anchor, so its lack of a trusted issuer is expected;
    // each error is bound to that certificate, so another one still fails.
    return {QSslError(QSslError::SelfSignedCertificate, m_pinned),
            QSslError(QSslError::UnableToGetLocalIssuerCertificate, m_pinned),
            QSslError(QSslError::UnableToVerifyFirstCertificate, m_pinned),
            QSslError(QSslError::CertificateUntrusted, m_pinned)};
}

QList<QSslError> TlsTrust::unexpected(const QList<QSslError> &errors) const
{
    const QList<QSslError> expected = expectedErrors();
    QList<QSslError> remaining;
    for (const QSslError &error : errors) {
        if (!expected.contains(error)) {
            remaining.append(error);
        }
    }
    return remaining;
}

QString TlsTrust::describe(const QList<QSslError> &errors)
{
    if (errors.isEmpty()) {
        return u"the TLS handshake with the server failed"_s;
    }
    // Expiry and name say more than "untrusted", which often comes with them.
    for (const QSslError::SslError preferred :
         {QSslError::CertificateExpired, QSslError::CertificateNotYetValid,
          QSslError::HostNameMismatch, QSslError::CertificateRevoked}) {
        for (const QSslError &error : errors) {
            if (error.error() == preferred) {
                return describeError(error);
            }
        }
    }
    return describeError(errors.first());
}

} // namespace Firebreak
