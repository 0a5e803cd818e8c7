// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QUrl>

namespace Firebreak {

/**
 * Remembers the server the desktop last used: the URL in QSettings, the token in the system
 * keychain when Firebreak was built with QtKeychain, otherwise in QSettings (with a warning).
 * The token is never logged.
 */
class CredentialStore
{
public:
    struct Credentials
    {
        QUrl server;
        QString token;
        bool isValid() const { return server.isValid() && !token.isEmpty(); }
    };

    /// True when tokens go to the system keychain rather than the settings file.
    static bool usesKeychain();
    /// What was kept; invalid when nothing (or only part) was. Blocks while the keychain
    /// answers, at most a few seconds.
    static Credentials load();
    /// The team server used last (kept once a connection to it went live), without its token
    /// and without asking the keychain; empty when none was.
    static QUrl lastServer();
    /// Keeps the server and its token for the next start.
    static void save(const Credentials &credentials);
};

} // namespace Firebreak
