// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "secretvault.h"

#include "store/regularfile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Firebreak::Notify {

bool SecretVault::open(const QString &path)
{
    m_path = path;
    m_secrets.clear();
    QFile file(path);
    if (!pathTaken(path)) {
        return true;
    }
    if (QString why; !openRegularFile(file, &why)) {
        m_error = u"cannot read %1 (%2)"_s.arg(path, why);
        return false;
    }
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        m_secrets.insert(it.key(), it.value().toString());
    }
    return true;
}

bool SecretVault::put(const QString &channel, const QString &secret)
{
    const QHash<QString, QString> before = m_secrets;
    if (secret.isEmpty()) {
        m_secrets.remove(channel);
    } else {
        m_secrets.insert(channel, secret);
    }
    if (!save()) {
        m_secrets = before;
        return false;
    }
    return true;
}

bool SecretVault::save()
{
    QJsonObject object;
    for (auto it = m_secrets.cbegin(); it != m_secrets.cend(); ++it) {
        object.insert(it.key(), it.value());
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
        || file.write(QJsonDocument(object).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        m_error = u"cannot write %1: %2"_s.arg(m_path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Firebreak::Notify
