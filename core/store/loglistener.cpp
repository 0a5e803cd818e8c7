// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "loglistener.h"

#include "eventstore.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcListener, "firebreak.store.listener", QtWarningMsg)

namespace Firebreak {

namespace {
std::atomic<int> s_listenerCounter{0};
}

LogListener::LogListener(QObject *parent)
    : QObject(parent)
    , m_connectionName(u"firebreak-listener-%1"_s.arg(++s_listenerCounter))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(0);
    connect(&m_coalesce, &QTimer::timeout, this, &LogListener::announce);
    connect(&m_poll, &QTimer::timeout, this, &LogListener::poll);
}

LogListener::~LogListener()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool LogListener::start(const EventStore &store, int pollMs)
{
    if (store.backend() != EventStore::Backend::PostgreSQL) {
        return true;
    }
    m_db = QSqlDatabase::cloneDatabase(store.database(), m_connectionName);
    m_latest = m_announced = store.head();
    if (!connectAndListen()) {
        return false;
    }
    m_poll.start(pollMs);
    return true;
}

bool LogListener::connectAndListen()
{
    m_db.close();
    if (!m_db.open()) {
        m_error = u"cannot open a listening connection: "_s + m_db.lastError().text().trimmed();
        return false;
    }
    QSqlDriver *driver = m_db.driver();
    if (!driver->subscribeToNotification(EventStore::notificationChannel())) {
        m_error = u"cannot LISTEN: "_s + driver->lastError().text();
        return false;
    }
    connect(driver, &QSqlDriver::notification, this, &LogListener::onNotification,
            Qt::UniqueConnection);
    return true;
}

void LogListener::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                  const QVariant &payload)
{
    if (name != EventStore::notificationChannel()) {
        return;
    }
    m_latest = qMax(m_latest, payload.toString().toLongLong());
    if (m_latest > m_announced && !m_coalesce.isActive()) {
        m_coalesce.start();
    }
}

void LogListener::poll()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT seq FROM log_head WHERE id = 1"_s) || !query.next()) {
        qCWarning(lcListener).noquote() << "lost the listening connection ("
                                        << query.lastError().text().trimmed()
                                        << "); reconnecting";
        if (!connectAndListen()) {
            qCWarning(lcListener).noquote() << m_error;
        }
        return;
    }
    // Said even when nothing seems new, in case the receiver missed an earlier signal.
    m_latest = qMax(m_latest, query.value(0).toLongLong());
    m_announced = m_latest;
    Q_EMIT headAdvanced(m_latest);
}

void LogListener::announce()
{
    if (m_latest > m_announced) {
        m_announced = m_latest;
        Q_EMIT headAdvanced(m_latest);
    }
}

} // namespace Firebreak
