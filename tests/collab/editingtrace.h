// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace Firebreak::Testing {

/// One edit of a trace: delete `deleted` code points at `position`, then insert `inserted`.
struct TracePatch
{
    quint32 position = 0;
    quint32 deleted = 0;
    QString inserted;
};

/// A transaction of a trace; `parents` index earlier transactions (concurrent traces only).
struct TraceTransaction
{
    int agent = 0;
    std::vector<int> parents;
    std::vector<TracePatch> patches;
};

/// An editing trace of Joseph Gentle's collection (tests/data/editing-traces/README.md).
struct EditingTrace
{
    QString startContent;
    QString endContent;
    std::vector<TraceTransaction> transactions;
    QString error;

    bool isValid() const { return error.isEmpty(); }
    qsizetype patchCount() const;
};

/// Inflates gzip data (RFC 1952) with zlib; empty with `error` set when it is not gzip.
QByteArray gunzip(const QByteArray &data, QString *error);
/// Reads a `.json.gz` trace; check isValid().
EditingTrace readEditingTrace(const QString &path);

} // namespace Firebreak::Testing
