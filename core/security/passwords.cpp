// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "passwords.h"

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Firebreak::Security {

namespace {

bool ready()
{
    static const bool initialised = sodium_init() >= 0;
    return initialised;
}

} // namespace

QByteArray hashPassword(const QString &password)
{
    if (!ready()) {
        return {};
    }
    const QByteArray utf8 = password.toUtf8();
    QByteArray hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str_alg(hash.data(), utf8.constData(), quint64(utf8.size()),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return {};
    }
    hash.truncate(qsizetype(qstrlen(hash.constData())));
    return hash;
}

bool verifyPassword(const QByteArray &hash, const QString &password)
{
    if (!ready() || !hash.startsWith("$argon2id$")) {
        return false;
    }
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(hash.constData(), utf8.constData(), quint64(utf8.size()))
        == 0;
}

QString passwordProblem(const QString &password)
{
    if (password.size() < 12) {
        return u"a password needs at least 12 characters"_s;
    }
    if (password.size() > 1024) {
        return u"a password may have at most 1024 characters"_s;
    }
    return QString();
}

} // namespace Firebreak::Security
