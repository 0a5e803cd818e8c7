// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "commandoutbox.h"

#include "events/event.h"
#include "sync/syncclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOutbox, "firebreak.sync.outbox", QtWarningMsg)

namespace Firebreak {

namespace {

std::atomic<int> s_outboxCounter{0};
constexpr int s_retryIntervalMs = 2000;

bool isTemporary(int status)
{
    return status >= 500 || status == 429 || status == 401 || status == 0;
}

} // namespace

CommandOutbox::CommandOutbox(SyncClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_connectionName(u"firebreak-outbox-%1"_s.arg(++s_outboxCounter))
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(s_retryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &CommandOutbox::sendPending);
    m_forgetTimer.setSingleShot(true);
    m_forgetTimer.setInterval(0);
    connect(&m_forgetTimer, &QTimer::timeout, this, &CommandOutbox::forgetAccepted);
    if (client) {
        connect(client, &SyncClient::stateChanged, this, &CommandOutbox::onStateChanged);
        connect(client, &SyncClient::commandAnswered, this, &CommandOutbox::onCommandAnswered);
    }
}

CommandOutbox::~CommandOutbox()
{
    if (!m_accepted.isEmpty()) {
        forgetAccepted();
    }
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool CommandOutbox::open(const QString &path)
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        m_error = m_db.lastError().text();
        return false;
    }
    // FULL: a queued command is what a person did; it must outlast even a power cut.
    QSqlQuery query(m_db);
    for (const QString &statement :
         {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s,
          u"CREATE TABLE IF NOT EXISTS outbox (position INTEGER PRIMARY KEY AUTOINCREMENT,"
          " id TEXT NOT NULL UNIQUE, command TEXT NOT NULL, description TEXT NOT NULL,"
          " incident TEXT NOT NULL, queued_at INTEGER NOT NULL, refused INTEGER NOT NULL"
          " DEFAULT 0, status INTEGER NOT NULL DEFAULT 0, code TEXT NOT NULL DEFAULT '',"
          " reason TEXT NOT NULL DEFAULT '')"_s}) {
        if (!query.exec(statement)) {
            m_error = query.lastError().text();
            return false;
        }
    }
    if (!load()) {
        return false;
    }
    // A restart while connected: what was left goes out once the connection is live.
    if (m_client && m_client->state() == SyncClient::State::Live) {
        sendPending();
    }
    return true;
}

bool CommandOutbox::load()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // The command as its stored bytes: read as text, SQLite would turn a U+FFFE or U+FFFF the
    // person typed into U+FFFD on the way.
    if (!query.exec(u"SELECT id, CAST(command AS BLOB), description, incident, queued_at,"
                    " refused, status, code, reason FROM outbox ORDER BY position"_s)) {
        m_error = query.lastError().text();
        return false;
    }
    m_entries.clear();
    while (query.next()) {
        OutboxEntry entry;
        entry.id = query.value(0).toString();
        entry.command = QJsonDocument::fromJson(query.value(1).toByteArray()).object();
        entry.description = query.value(2).toString();
        entry.incident = query.value(3).toString();
        entry.queuedAt = query.value(4).toLongLong();
        entry.state = query.value(5).toBool() ? OutboxEntry::State::Refused
                                              : OutboxEntry::State::Pending;
        entry.status = query.value(6).toInt();
        entry.code = query.value(7).toString();
        entry.reason = query.value(8).toString();
        m_entries.append(entry);
    }
    return true;
}

QString CommandOutbox::enqueue(const QJsonObject &command, const QString &description,
                               const QString &incident)
{
    OutboxEntry entry;
    entry.id = newUuid();
    entry.command = command;
    entry.command.remove(u"commandId"_s);
    entry.description = description;
    entry.incident = incident;
    entry.queuedAt = QDateTime::currentMSecsSinceEpoch();

    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO outbox (id, command, description, incident, queued_at)"
                   " VALUES (?, ?, ?, ?, ?)"_s);
    insert.addBindValue(entry.id);
    insert.addBindValue(
        QString::fromUtf8(QJsonDocument(entry.command).toJson(QJsonDocument::Compact)));
    insert.addBindValue(description.isNull() ? u""_s : description);
    insert.addBindValue(incident.isNull() ? u""_s : incident);
    insert.addBindValue(entry.queuedAt);
    if (!m_db.isOpen() || !insert.exec()) {
        m_error = m_db.isOpen() ? insert.lastError().text() : u"the queue is not open"_s;
        qCWarning(lcOutbox).noquote() << "cannot queue" << command.value(u"type"_s).toString()
                                      << ":" << m_error;
        return {};
    }
    m_entries.append(entry);
    Q_EMIT changed();
    if (m_client && m_client->state() == SyncClient::State::Live) {
        send(entry);
    }
    return entry.id;
}

bool CommandOutbox::dismiss(const QString &id)
{
    const qsizetype index = indexOf(id);
    if (index < 0 || m_entries.at(index).isPending()) {
        return false;
    }
    if (!remove(id)) {
        return false;
    }
    Q_EMIT changed();
    return true;
}

QList<OutboxEntry> CommandOutbox::entriesOf(const QString &incident) const
{
    QList<OutboxEntry> found;
    for (const OutboxEntry &entry : m_entries) {
        if (!incident.isEmpty() && entry.incident == incident) {
            found.append(entry);
        }
    }
    return found;
}

int CommandOutbox::pendingCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(),
                             [](const OutboxEntry &entry) { return entry.isPending(); }));
}

int CommandOutbox::refusedCount() const
{
    return int(m_entries.size()) - pendingCount();
}

void CommandOutbox::sendPending()
{
    if (!m_client || m_client->state() != SyncClient::State::Live) {
        return;
    }
    // In queue order: the server runs one connection's commands in the order they arrive.
    for (const OutboxEntry &entry : std::as_const(m_entries)) {
        if (entry.isPending() && !m_inFlight.contains(entry.id)) {
            send(entry);
        }
    }
}

void CommandOutbox::send(const OutboxEntry &entry)
{
    if (m_client->sendCommand(entry.command, entry.id).isEmpty()) {
        return;
    }
    m_inFlight.insert(entry.id);
}

void CommandOutbox::onStateChanged()
{
    const SyncClient::State state = m_client->state();
    if (state == SyncClient::State::Live) {
        sendPending();
    } else if (state != SyncClient::State::CatchingUp) {
        // Answers owed on a dropped connection never come: send those again next time.
        m_inFlight.clear();
    }
}

void CommandOutbox::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    if (!m_inFlight.remove(id)) {
        return;
    }
    const qsizetype index = indexOf(id);
    if (index < 0) {
        return;
    }
    OutboxEntry entry = m_entries.at(index);
    if (ok) {
        // Forgetting needs no fsync of its own: a row that outlives a crash is sent again and
        // answered as a duplicate. Accepted rows go in one transaction per event-loop pass.
        m_entries.removeAt(index);
        m_accepted.append(id);
        if (!m_forgetTimer.isActive()) {
            m_forgetTimer.start();
        }
        Q_EMIT changed();
        Q_EMIT accepted(entry, answer);
        return;
    }

    const QJsonObject error = answer.value(u"error"_s).toObject();
    entry.status = answer.value(u"status"_s).toInt();
    if (isTemporary(entry.status)) {
        qCInfo(lcOutbox).noquote() << "command" << id << "not decided now ("
                                   << error.value(u"message"_s).toString() << "); retrying";
        m_retryTimer.start();
        return;
    }
    entry.code = error.value(u"code"_s).toString();
    entry.reason = error.value(u"message"_s).toString();
    entry.state = OutboxEntry::State::Refused;
    if (!markRefused(entry)) {
        return;
    }
    m_entries[index] = entry;
    Q_EMIT changed();
    Q_EMIT refused(entry);
}

void CommandOutbox::forgetAccepted()
{
    const QStringList ids = std::exchange(m_accepted, {});
    m_db.transaction();
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM outbox WHERE id = ?"_s);
    for (const QString &id : ids) {
        query.addBindValue(id);
        query.exec();
    }
    if (!m_db.commit()) {
        qCWarning(lcOutbox).noquote() << "cannot forget accepted commands (they will be sent"
                                         " again and answered as duplicates):"
                                      << m_db.lastError().text();
        m_db.rollback();
    }
}

qsizetype CommandOutbox::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id) {
            return i;
        }
    }
    return -1;
}

bool CommandOutbox::remove(const QString &id)
{
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM outbox WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        m_error = query.lastError().text();
        qCWarning(lcOutbox).noquote() << "cannot update the queue:" << m_error;
        return false;
    }
    m_entries.removeAt(indexOf(id));
    return true;
}

bool CommandOutbox::markRefused(OutboxEntry &entry)
{
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE outbox SET refused = 1, status = ?, code = ?, reason = ?"
                  " WHERE id = ?"_s);
    query.addBindValue(entry.status);
    query.addBindValue(entry.code.isNull() ? u""_s : entry.code);
    query.addBindValue(entry.reason.isNull() ? u""_s : entry.reason);
    query.addBindValue(entry.id);
    if (!query.exec()) {
        m_error = query.lastError().text();
        qCWarning(lcOutbox).noquote() << "cannot update the queue:" << m_error;
        return false;
    }
    return true;
}

} // namespace Firebreak
