// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QString>

namespace Firebreak::Notify {

/**
 * The secrets of notification channels (webhook URLs, routing keys, signing keys, SMTP
 * passwords), kept out of the event log, which every desktop replicates: a JSON file readable
 * by its owner only (mode 0600), replaced atomically on each change. Secrets never go to logs.
 */
class SecretVault
{
public:
    /// Reads the file at `path` if it exists; false with errorString() when it is unreadable.
    bool open(const QString &path);
    QString errorString() const { return m_error; }

    QString secret(const QString &channel) const { return m_secrets.value(channel); }
    bool contains(const QString &channel) const { return m_secrets.contains(channel); }
    /// Stores (or with an empty secret, forgets) a channel's secret; false when not saved.
    bool put(const QString &channel, const QString &secret);

private:
    bool save();

    QString m_path;
    QString m_error;
    QHash<QString, QString> m_secrets;
};

} // namespace Firebreak::Notify
