// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "store/eventstore.h"

#include <QString>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace Firebreak {

/**
 * Keeps DATA_DIR/anchor.json (the head the verifier checks truncation against) on a thread of its
 * own. Writing it syncs a file and replacing it frees the old one's blocks, which on a filesystem
 * mounted with `discard` is another wait on the disk: about 30 ms each time (one measured at 32),
 * during which the writer's thread, which used to write it, committed nothing
 * (docs/performance.md, "Ingestion, thirteenth pass").
 *
 * post() only records the newest anchor and returns; the thread writes whatever is newest when it
 * gets to it, so an anchor never replaces a newer one. flush() waits until the newest posted
 * anchor is written (or has failed). The thread writes what is still waiting before it ends.
 */
class AnchorWriter
{
public:
    explicit AnchorWriter(const QString &path);
    ~AnchorWriter();
    Q_DISABLE_COPY_MOVE(AnchorWriter)

    /// Queues `anchor` of the store `storeId`; an anchor still waiting is replaced by it.
    void post(const QString &storeId, const LogAnchor &anchor);
    /// Waits until nothing posted is left unwritten; false when the last write failed.
    bool flush();
    /// The sequence number of the last anchor written, 0 before the first.
    qint64 writtenSeq() const;
    /// Why the last write failed (empty when it did not): the anchor on disk is then older
    /// than posted, and a log cut back to it would go unnoticed (/healthz says so).
    QString lastError() const;

    /// The file's text: `{"storeId","seq","hash"}` (docs/cli.md, "audit verify").
    static QByteArray text(const QString &storeId, const LogAnchor &anchor);

private:
    struct Pending
    {
        QString storeId;
        LogAnchor anchor;
    };

    void run();
    bool write(const Pending &pending, QString *error);

    const QString m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::optional<Pending> m_pending;
    bool m_writing = false;
    bool m_lastFailed = false;
    QString m_lastError;
    bool m_stopping = false;
    qint64 m_writtenSeq = 0;
    std::thread m_thread;
};

} // namespace Firebreak
