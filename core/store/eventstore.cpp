// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "eventstore.h"

#include "migrations.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "firebreak.store", QtWarningMsg)

namespace Firebreak {

namespace {
std::atomic<int> s_connectionCounter{0};
constexpr auto s_columns = "seq, id, type, at, actor, incident, data, prev_hash, hash";
}

EventStore::EventStore()
    : m_connectionName(u"firebreak-store-%1"_s.arg(++s_connectionCounter))
{
}

EventStore::~EventStore()
{
    close();
}

void EventStore::close()
{
    m_insert.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool EventStore::open(const QString &path, Durability durability, int schemaTarget)
{
    m_readOnly = false;
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(path, m_db.lastError().text());
        return false;
    }

    QSqlQuery pragma(m_db);
    const QString synchronous = durability == Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    for (const QString &statement : {u"PRAGMA journal_mode=WAL"_s,
                                     QString(u"PRAGMA synchronous="_s + synchronous),
                                     u"PRAGMA busy_timeout=5000"_s}) {
        if (!pragma.exec(statement)) {
            m_error = u"%1 on %2: %3"_s.arg(statement, path, pragma.lastError().text());
            return false;
        }
    }

    if (!migrate(m_db, &m_error, schemaTarget)) {
        m_error = path + u": "_s + m_error;
        return false;
    }
    return loadMeta();
}

bool EventStore::openReadOnly(const QString &path)
{
    m_readOnly = true;
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
    if (!m_db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(path, m_db.lastError().text());
        return false;
    }
    QSqlQuery pragma(m_db);
    if (!pragma.exec(u"PRAGMA busy_timeout=5000"_s)) {
        m_error = u"cannot read %1: %2"_s.arg(path, pragma.lastError().text());
        return false;
    }
    return checkReadableSchema(path) && loadMeta();
}

// A read-only store cannot be migrated: it must already have a schema this program knows.
bool EventStore::checkReadableSchema(const QString &path)
{
    const int version = schemaVersion(m_db);
    const int newest = int(storeMigrations().size());
    if (version < 1 || version > newest) {
        m_error = version < 1 ? u"%1 is not a Firebreak store"_s.arg(path)
                              : u"%1 has schema version %2, newer than this program's %3"_s
                                    .arg(path).arg(version).arg(newest);
        return false;
    }
    return true;
}

bool EventStore::loadMeta()
{
    QSqlQuery query(m_db);
    query.exec(u"SELECT value FROM meta WHERE key = 'store_id'"_s);
    if (query.next()) {
        m_storeId = query.value(0).toString();
    } else if (m_readOnly) {
        m_error = u"the store has no id"_s;
        return false;
    } else {
        m_storeId = newUuid();
        query.prepare(u"INSERT INTO meta (key, value) VALUES ('store_id', ?)"_s);
        query.addBindValue(m_storeId);
        if (!query.exec()) {
            m_error = query.lastError().text();
            return false;
        }
    }

    query.exec(u"SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"_s);
    if (query.next()) {
        m_head = query.value(0).toLongLong();
        m_headHash = query.value(1).toByteArray();
    }
    m_committedHead = m_head;
    m_committedHeadHash = m_headHash;

    m_insert.emplace(m_db);
    m_insert->prepare(u"INSERT INTO events (%1) VALUES (?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, '{}'), COALESCE(?, ''), ?)"_s.arg(
        QLatin1StringView(s_columns)));
    return true;
}

bool EventStore::begin()
{
    if (!m_db.transaction()) {
        m_error = m_db.lastError().text();
        return false;
    }
    return true;
}

bool EventStore::commit()
{
    if (!m_db.commit()) {
        m_error = m_db.lastError().text();
        qCWarning(lcStore) << "commit failed:" << m_error;
        return false;
    }
    m_committedHead = m_head;
    m_committedHeadHash = m_headHash;
    return true;
}

void EventStore::rollback()
{
    m_db.rollback();
    m_head = m_committedHead;
    m_headHash = m_committedHeadHash;
}

bool EventStore::append(Event &event)
{
    event.seq = m_head + 1;
    event.prevHash = m_headHash;
    event.hash = event.computeHash(m_storeId);

    QSqlQuery &insert = *m_insert;
    insert.bindValue(0, event.seq);
    insert.bindValue(1, event.id);
    insert.bindValue(2, event.type);
    insert.bindValue(3, event.at);
    insert.bindValue(4, event.actor);
    insert.bindValue(5, event.incident);
    insert.bindValue(6, QString::fromUtf8(event.dataJson));
    insert.bindValue(7, QString::fromLatin1(event.prevHash));
    insert.bindValue(8, QString::fromLatin1(event.hash));
    if (!insert.exec()) {
        m_error = insert.lastError().text();
        qCWarning(lcStore) << "append of" << event.type << "failed:" << m_error;
        return false;
    }
    m_head = event.seq;
    m_headHash = event.hash;
    return true;
}

EventList EventStore::readEvents(QSqlQuery &query) const
{
    EventList events;
    query.setForwardOnly(true);
    if (!query.exec()) {
        qCWarning(lcStore) << "read failed:" << query.lastError().text();
        return events;
    }
    while (query.next()) {
        Event event;
        event.seq = query.value(0).toLongLong();
        event.id = query.value(1).toString();
        event.type = query.value(2).toString();
        event.at = query.value(3).toLongLong();
        event.actor = query.value(4).toString();
        event.incident = query.value(5).toString();
        event.dataJson = query.value(6).toString().toUtf8();
        event.prevHash = query.value(7).toString().toLatin1();
        event.hash = query.value(8).toString().toLatin1();
        events.append(std::move(event));
    }
    return events;
}

EventList EventStore::readAfter(qint64 after, int limit) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT %1 FROM events WHERE seq > ? ORDER BY seq LIMIT ?"_s.arg(
        QLatin1StringView(s_columns)));
    query.addBindValue(after);
    query.addBindValue(limit);
    return readEvents(query);
}

EventList EventStore::readIncident(const QString &incident, qint64 after, int limit) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT %1 FROM events WHERE incident = ? AND incident <> '' AND seq > ?"
                  " ORDER BY seq LIMIT ?"_s.arg(QLatin1StringView(s_columns)));
    query.addBindValue(incident);
    query.addBindValue(after);
    query.addBindValue(limit);
    return readEvents(query);
}

VerifyResult EventStore::verify(const LogAnchor &anchor) const
{
    VerifyResult result;
    QByteArray previousHash;
    QByteArray anchorSeen;
    qint64 expectedSeq = 1;

    auto fail = [&result](qint64 seq, const QString &reason) {
        result.ok = false;
        result.firstBadSeq = seq;
        result.reason = reason;
        return result;
    };

    constexpr int pageSize = 5000;
    for (qint64 after = 0;;) {
        const EventList page = readAfter(after, pageSize);
        for (const Event &event : page) {
            if (event.seq != expectedSeq) {
                return fail(expectedSeq, u"event %1 is missing (next present is %2)"_s
                                             .arg(expectedSeq).arg(event.seq));
            }
            if (event.prevHash != previousHash) {
                return fail(event.seq, u"event %1 does not link to its predecessor"_s
                                           .arg(event.seq));
            }
            if (event.computeHash(m_storeId) != event.hash) {
                return fail(event.seq, u"event %1 was altered: its content does not match its"
                                       " hash"_s.arg(event.seq));
            }
            if (event.seq == anchor.seq) {
                anchorSeen = event.hash;
            }
            previousHash = event.hash;
            ++expectedSeq;
            ++result.checked;
        }
        if (page.size() < pageSize) {
            break;
        }
        after = page.last().seq;
    }

    if (anchor.isValid()) {
        if (result.checked < anchor.seq) {
            return fail(result.checked + 1, u"the log ends at %1 but was anchored at %2: it was"
                                            " truncated"_s.arg(result.checked).arg(anchor.seq));
        }
        if (anchorSeen != anchor.hash) {
            return fail(anchor.seq, u"event %1 differs from the anchored head"_s.arg(anchor.seq));
        }
    }
    return result;
}

} // namespace Firebreak
