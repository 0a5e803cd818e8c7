// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace Firebreak {

/**
 * Files attached to incidents, stored by content: each blob lives at
 * `ROOT/ab/abcdef…` named by the lowercase hex SHA-256 of its bytes, so the same file is kept
 * once and its name proves its content. Writes are atomic and synced before put() returns.
 */
class EvidenceStore
{
public:
    explicit EvidenceStore(const QString &root);

    /// The largest evidence file: the server's default `--max-evidence-bytes` and the limit
    /// of the desktop's evidence dialog (64 MiB).
    static constexpr qint64 MaxFileBytes = 64 * 1024 * 1024;

    /// Stores the bytes; returns their SHA-256, or empty with errorString() set.
    QString put(const QByteArray &bytes);
    bool contains(const QString &sha256) const;
    /// The bytes, or a null QByteArray when absent or when they no longer match their name.
    QByteArray read(const QString &sha256) const;
    QString errorString() const { return m_error; }

    static bool isValidDigest(const QString &sha256);

private:
    QString pathFor(const QString &sha256) const;

    QString m_root;
    QString m_error;
};

} // namespace Firebreak
