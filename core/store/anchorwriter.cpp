// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0

#include "anchorwriter.h"

#include "store/writercpu.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Firebreak {

Q_LOGGING_CATEGORY(lcAnchor, "firebreak.store.anchor", QtWarningMsg)

AnchorWriter::AnchorWriter(const QString &path)
    : m_path(path)
    , m_thread([this]() { run(); })
{
}

AnchorWriter::~AnchorWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void AnchorWriter::post(const QString &storeId, const LogAnchor &anchor)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = Pending{storeId, anchor};
    }
    m_wake.notify_one();
}

bool AnchorWriter::flush()
{
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this]() { return !m_pending && !m_writing; });
    return !m_lastFailed;
}

qint64 AnchorWriter::writtenSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_writtenSeq;
}

QString AnchorWriter::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

QByteArray AnchorWriter::text(const QString &storeId, const LogAnchor &anchor)
{
    const QJsonObject object{{u"storeId"_s, storeId},
                             {u"seq"_s, anchor.seq},
                             {u"hash"_s, QString::fromLatin1(anchor.hash)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void AnchorWriter::run()
{
    WriterCpu::placeHelperThread("fb-anchor");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this]() { return m_pending || m_stopping; });
        if (!m_pending) {
            return; // stopping, and everything posted is written
        }
        const Pending pending = std::move(*m_pending);
        m_pending.reset();
        m_writing = true;
        lock.unlock();
        QString error;
        const bool ok = write(pending, &error);
        lock.lock();
        // Retried at every commit a second apart while it fails: said once, and its end.
        if (!ok && error != m_lastError) {
            qCWarning(lcAnchor).noquote() << error;
        } else if (ok && !m_lastError.isEmpty()) {
            qCWarning(lcAnchor).noquote() << "the log's anchor is written again, up to seq"
                                          << pending.anchor.seq;
        }
        m_writing = false;
        m_lastFailed = !ok;
        m_lastError = error;
        if (ok) {
            m_writtenSeq = pending.anchor.seq;
        }
        m_done.notify_all();
    }
}

bool AnchorWriter::write(const Pending &pending, QString *error)
{
    QSaveFile file(m_path);
    const QByteArray bytes = text(pending.storeId, pending.anchor);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"cannot write the log's anchor %1: %2"_s.arg(m_path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Firebreak
