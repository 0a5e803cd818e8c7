// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTimer>

namespace Firebreak {

class EventStore;

/**
 * Hears about commits that other replicas make to a shared PostgreSQL event log.
 *
 * It LISTENs on its own connection (a copy of the store's settings) to the notification each
 * committed batch sends with its new head sequence number. Notifications arriving together are
 * merged into one headAdvanced(); a slow poll of the head row covers notifications lost with a
 * broken connection, which it then reopens. Lives on the thread that started it.
 */
class LogListener final : public QObject
{
    Q_OBJECT
public:
    explicit LogListener(QObject *parent = nullptr);
    ~LogListener() override;
    Q_DISABLE_COPY_MOVE(LogListener)

    /// Starts listening for `store`'s log; `pollMs` is the fallback poll's period.
    bool start(const EventStore &store, int pollMs = 1000);
    QString errorString() const { return m_error; }

Q_SIGNALS:
    /// The log's head is now at least `seq` (possibly a commit of this very replica).
    void headAdvanced(qint64 seq);

private:
    bool connectAndListen();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void poll();
    void announce();

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_error;
    QTimer m_coalesce;
    QTimer m_poll;
    qint64 m_latest = 0;
    qint64 m_announced = 0;
};

} // namespace Firebreak
