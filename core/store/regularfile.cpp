// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "regularfile.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Firebreak {

QString notARegularFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink() && !info.exists()) {
        return u"it is a symbolic link to nothing (dangling, or a loop)"_s;
    }
    if (!info.exists()) {
        return u"it does not exist"_s;
    }
    if (info.isDir()) {
        return u"it is a folder"_s;
    }
    if (!info.isFile()) {
        return u"it is not a regular file (a named pipe, a socket or a device)"_s;
    }
    return {};
}

bool pathTaken(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

bool openRegularFile(QFile &file, QString *why)
{
    *why = notARegularFile(file.fileName());
    if (!why->isEmpty()) {
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *why = file.errorString();
        return false;
    }
    return true;
}

} // namespace Firebreak
