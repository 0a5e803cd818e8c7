// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

#include "logging.h"

#include <QSettings>

#ifdef FIREBREAK_HAVE_KEYCHAIN
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>
#endif

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr auto s_serverKey = "connection/server";
constexpr auto s_tokenKey = "connection/token";

#ifdef FIREBREAK_HAVE_KEYCHAIN
constexpr auto s_keychainService = "Firebreak";

// The keychain entry is named after the server, so that each server keeps its own token.
QString keychainKey(const QUrl &server)
{
    return u"token:"_s + server.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

QString readKeychainToken(const QUrl &server)
{
    QKeychain::ReadPasswordJob job(QString::fromLatin1(s_keychainService));
    job.setAutoDelete(false);
    job.setKey(keychainKey(server));
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() != QKeychain::NoError) {
        qCWarning(lcUi).noquote() << "cannot read the token for" << server.toDisplayString()
                                  << "from the keychain:" << job.errorString();
        return {};
    }
    return job.textData();
}

void writeKeychainToken(const QUrl &server, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(s_keychainService));
    job->setKey(keychainKey(server));
    job->setTextData(token);
    QObject::connect(job, &QKeychain::Job::finished, job, [server](QKeychain::Job *done) {
        if (done->error() != QKeychain::NoError) {
            qCWarning(lcUi).noquote() << "cannot keep the token for" << server.toDisplayString()
                                      << "in the keychain:" << done->errorString();
        }
    });
    job->start();
}
#endif

} // namespace

bool CredentialStore::usesKeychain()
{
#ifdef FIREBREAK_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

CredentialStore::Credentials CredentialStore::load()
{
    const QSettings settings;
    Credentials credentials;
    credentials.server = QUrl(settings.value(QLatin1StringView(s_serverKey)).toString());
    if (!credentials.server.isValid() || credentials.server.isEmpty()) {
        return {};
    }
#ifdef FIREBREAK_HAVE_KEYCHAIN
    credentials.token = readKeychainToken(credentials.server);
#else
    credentials.token = settings.value(QLatin1StringView(s_tokenKey)).toString();
#endif
    return credentials;
}

QUrl CredentialStore::lastServer()
{
    const QUrl server(QSettings().value(QLatin1StringView(s_serverKey)).toString());
    return server.isValid() ? server : QUrl();
}

void CredentialStore::save(const Credentials &credentials)
{
    QSettings settings;
    settings.setValue(QLatin1StringView(s_serverKey), credentials.server.toString());
#ifdef FIREBREAK_HAVE_KEYCHAIN
    settings.remove(QLatin1StringView(s_tokenKey));
    writeKeychainToken(credentials.server, credentials.token);
#else
    qCWarning(lcUi) << "built without QtKeychain: the token is kept in plain text in"
                    << settings.fileName();
    settings.setValue(QLatin1StringView(s_tokenKey), credentials.token);
#endif
}

} // namespace Firebreak
