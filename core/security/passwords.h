// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace Firebreak::Security {

/**
 * Password hashing with argon2id (libsodium's crypto_pwhash_str, interactive limits: 2 passes,
 * 64 MiB). The result is the self-describing `$argon2id$v=19$m=…` string, salted at random.
 * Slow by design (tens of milliseconds): call it off the server's event loop. Empty on failure.
 */
QByteArray hashPassword(const QString &password);
/// Constant-time check of a password against a hash made by hashPassword().
bool verifyPassword(const QByteArray &hash, const QString &password);

/// Passwords must be 12 to 1024 characters; returns a message when not.
QString passwordProblem(const QString &password);

} // namespace Firebreak::Security
