// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "replica.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

std::atomic<int> s_replicaCounter{0};

Event eventAt(const QSqlQuery &query)
{
    Event event;
    event.seq = query.value(0).toLongLong();
    event.id = query.value(1).toString();
    event.type = query.value(2).toString();
    event.at = query.value(3).toLongLong();
    event.actor = query.value(4).toString();
    event.incident = query.value(5).toString();
    // Stored as the bytes they arrived in (older replicas: as text; both read the same).
    event.dataJson = query.value(6).toByteArray();
    event.hash = query.value(7).toByteArray();
    return event;
}

// Rows per INSERT statement: one statement step for many events. Catching up is mostly this
// insert on the client (docs/performance.md, "Catching up"), and Qt's positional binding costs
// more per parameter than SQLite's work on the row, so the short fields go into the statement as
// quoted literals and only each event's data is bound (as bytes, kept as they arrived).
constexpr qsizetype s_rowsPerInsert = 64;

void appendLiteral(QString *sql, const QString &text)
{
    // An SQL string literal: quotes doubled, nothing else is special to SQLite.
    sql->append(u'\'');
    for (const QChar c : text) {
        if (c == u'\'') {
            sql->append(u'\'');
        }
        sql->append(c);
    }
    sql->append(u'\'');
}

bool literalSafe(const Event &event)
{
    for (const QString *text : {&event.id, &event.type, &event.actor, &event.incident}) {
        if (text->contains(QChar(0))) {
            return false;
        }
    }
    return !event.hash.contains('\0');
}

QString insertStatement(const EventList &events, qsizetype start, qsizetype rows)
{
    QString sql = u"INSERT OR IGNORE INTO events (seq, id, type, at, actor, incident, data, hash)"
                  " VALUES "_s;
    sql.reserve(sql.size() + rows * 200);
    for (qsizetype row = start; row < start + rows; ++row) {
        const Event &event = events.at(row);
        sql += row == start ? u"("_s : u",("_s;
        sql += QString::number(event.seq) + u',';
        appendLiteral(&sql, event.id);
        sql += u',';
        appendLiteral(&sql, event.type);
        sql += u',' + QString::number(event.at) + u',';
        appendLiteral(&sql, event.actor);
        sql += u',';
        appendLiteral(&sql, event.incident);
        sql += u",?,"_s;
        appendLiteral(&sql, QString::fromLatin1(event.hash));
        sql += u')';
    }
    return sql;
}

EventList readEvents(QSqlQuery &query)
{
    EventList events;
    while (query.next()) {
        events.append(eventAt(query));
    }
    return events;
}

} // namespace

Replica::Replica()
    : m_connectionName(u"firebreak-replica-%1"_s.arg(++s_replicaCounter))
{
}

Replica::~Replica()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Replica::open(const QString &path)
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        m_error = m_db.lastError().text();
        return false;
    }
    QSqlQuery query(m_db);
    for (const QString &statement :
         {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s,
          u"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
          u"CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT, type TEXT,"
          " at INTEGER, actor TEXT, incident TEXT, data TEXT, hash TEXT)"_s,
          u"CREATE INDEX IF NOT EXISTS events_by_incident ON events (incident, seq)"_s}) {
        if (!query.exec(statement)) {
            m_error = query.lastError().text();
            return false;
        }
    }
    query.exec(u"SELECT value FROM meta WHERE key = 'store_id'"_s);
    if (query.next()) {
        m_storeId = query.value(0).toString();
    }
    query.exec(u"SELECT MAX(seq) FROM events"_s);
    if (query.next()) {
        m_lastSeq = query.value(0).toLongLong();
    }
    query.exec(u"SELECT value FROM meta WHERE key = 'last_seq'"_s);
    if (query.next()) {
        m_lastSeq = qMax(m_lastSeq, query.value(0).toLongLong());
    }
    return true;
}

bool Replica::append(const EventList &events, qint64 through)
{
    if (through == 0 && !events.isEmpty()) {
        through = events.last().seq;
    }
    if (through <= m_lastSeq) {
        return true;
    }
    if (!m_db.transaction()) {
        m_error = m_db.lastError().text();
        return false;
    }
    QSqlQuery insert(m_db);
    for (qsizetype start = 0; start < events.size();) {
        qsizetype rows = 0;
        while (rows < s_rowsPerInsert && start + rows < events.size()
               && literalSafe(events.at(start + rows))) {
            ++rows;
        }
        if (rows > 0) {
            insert.prepare(insertStatement(events, start, rows));
            for (qsizetype row = 0; row < rows; ++row) {
                insert.bindValue(int(row), events.at(start + row).dataJson);
            }
        } else {
            // A field with a NUL character cannot be a literal; bind that event's fields.
            const Event &event = events.at(start);
            rows = 1;
            insert.prepare(u"INSERT OR IGNORE INTO events (seq, id, type, at, actor, incident,"
                           " data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
            insert.bindValue(0, event.seq);
            insert.bindValue(1, event.id);
            insert.bindValue(2, event.type);
            insert.bindValue(3, event.at);
            insert.bindValue(4, event.actor);
            insert.bindValue(5, event.incident);
            insert.bindValue(6, event.dataJson);
            insert.bindValue(7, event.hash);
        }
        if (!insert.exec()) {
            m_error = insert.lastError().text();
            m_db.rollback();
            return false;
        }
        start += rows;
    }
    QSqlQuery cursor(m_db);
    cursor.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)"_s);
    cursor.addBindValue(QString::number(through));
    if (!cursor.exec()) {
        m_error = cursor.lastError().text();
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        m_error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    m_lastSeq = through;
    return true;
}

bool Replica::reset(const QString &storeId)
{
    QSqlQuery query(m_db);
    m_db.transaction();
    query.exec(u"DELETE FROM events"_s);
    query.exec(u"DELETE FROM meta WHERE key = 'last_seq'"_s);
    query.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('store_id', ?)"_s);
    query.addBindValue(storeId);
    query.exec();
    if (!m_db.commit()) {
        m_error = m_db.lastError().text();
        return false;
    }
    m_storeId = storeId;
    m_lastSeq = 0;
    return true;
}

QString Replica::value(const QString &key) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    query.addBindValue(QString(u"desktop."_s + key));
    return query.exec() && query.next() ? query.value(0).toString() : QString();
}

bool Replica::setValue(const QString &key, const QString &value)
{
    // Prefixed, so that nothing kept here can overwrite the replica's own bookkeeping.
    QSqlQuery query(m_db);
    query.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
    query.addBindValue(QString(u"desktop."_s + key));
    // A null string would be bound as NULL, which the column refuses: kept as empty.
    query.addBindValue(value.isNull() ? u""_s : value);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

EventList Replica::readAll() const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.exec(u"SELECT seq, id, type, at, actor, incident, data, hash FROM events ORDER BY seq"_s);
    return readEvents(query);
}

bool Replica::visitAll(const std::function<bool(const Event &)> &visit) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT seq, id, type, at, actor, incident, data, hash FROM events"
                    " ORDER BY seq"_s)) {
        return false;
    }
    while (query.next()) {
        if (!visit(eventAt(query))) {
            break;
        }
    }
    return true;
}

EventList Replica::readIncident(const QString &incidentId) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT seq, id, type, at, actor, incident, data, hash FROM events"
                  " WHERE incident = ? ORDER BY seq"_s);
    query.addBindValue(incidentId);
    query.exec();
    return readEvents(query);
}

EventList Replica::readIncident(const QString &incidentId, qint64 first, qint64 last,
                                const QString &skipped) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT seq, id, type, at, actor, incident, data, hash FROM events"
                  " WHERE incident = ? AND seq BETWEEN ? AND ? AND type <> ? ORDER BY seq"_s);
    query.addBindValue(incidentId);
    query.addBindValue(first);
    query.addBindValue(last);
    query.addBindValue(skipped.isNull() ? u""_s : skipped);
    query.exec();
    return readEvents(query);
}

bool Replica::visitIncident(const QString &path, const QString &incidentId, qint64 after,
                            qint64 through, const std::function<bool(const Event &)> &visit,
                            QString *error)
{
    const QString name = u"firebreak-replica-reader-%1"_s.arg(++s_replicaCounter);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            query.prepare(u"SELECT seq, type, at, actor, data FROM events"
                          " WHERE incident = ? AND seq > ? AND seq <= ? ORDER BY seq"_s);
            query.addBindValue(incidentId);
            query.addBindValue(after);
            query.addBindValue(through);
            ok = query.exec();
            Event event;
            event.incident = incidentId;
            while (ok && query.next()) {
                event.seq = query.value(0).toLongLong();
                event.type = query.value(1).toString();
                event.at = query.value(2).toLongLong();
                event.actor = query.value(3).toString();
                event.dataJson = query.value(4).toByteArray();
                if (!visit(event)) {
                    break;
                }
            }
            if (!ok && error) {
                *error = query.lastError().text();
            }
        } else if (error) {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace Firebreak
