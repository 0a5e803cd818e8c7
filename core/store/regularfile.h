// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <QString>

class QFile;

namespace Firebreak {

/**
 * Why `path` cannot be read as a regular file (empty when it can be tried): a folder, a named
 * pipe, socket or device, or a symbolic link to nothing (dangling, or a loop). The files of a
 * data folder are opened this way: opening a named pipe blocks the thread until something
 * writes to it, and the server's thread never reached its event loop, so it hung at start and
 * SIGTERM did nothing.
 */
QString notARegularFile(const QString &path);

/// Whether anything is at `path`, a dangling or looping symbolic link included (which
/// QFile::exists() calls absent): such a path is to be opened with openRegularFile().
bool pathTaken(const QString &path);

/// Opens `file` for reading if its path names a regular file; otherwise false with why.
bool openRegularFile(QFile &file, QString *why);

} // namespace Firebreak
