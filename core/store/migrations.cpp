// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "migrations.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// Any constant will do: it only has to be the same in every replica.
constexpr auto s_migrationLockKey = "7305545622561510433";

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            *error = query.lastError().text() + u" in: "_s + statement;
            return false;
        }
    }
    return true;
}

// The hash chain is computed over the exact data text, so data stays TEXT (never JSONB, which
// would reformat it). On PostgreSQL, log_head is the row every append locks: it serialises the
// replicas' batches and holds the sequence number and hash the next event links to.
bool createLog(QSqlDatabase &db, QString *error)
{
    const bool postgres = isPostgres(db);
    const QString integer = postgres ? u"BIGINT"_s : u"INTEGER"_s;
    QStringList statements{
        u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
        u"CREATE TABLE events ("
        "  seq %1 PRIMARY KEY,"
        "  id TEXT NOT NULL UNIQUE,"
        "  type TEXT NOT NULL,"
        "  at %1 NOT NULL,"
        "  actor TEXT NOT NULL,"
        "  incident TEXT NOT NULL DEFAULT '',"
        "  data TEXT NOT NULL,"
        "  prev_hash TEXT NOT NULL,"
        "  hash TEXT NOT NULL)"_s.arg(integer),
    };
    if (postgres) {
        statements << u"CREATE TABLE log_head (id INTEGER PRIMARY KEY CHECK (id = 1),"
                      " seq BIGINT NOT NULL, hash TEXT NOT NULL)"_s
                   << u"INSERT INTO log_head (id, seq, hash) VALUES (1, 0, '')"_s;
    }
    return execAll(db, statements, error);
}

// Timelines read one incident's events in order; without this index that is a full scan.
bool indexTimelines(QSqlDatabase &db, QString *error)
{
    return execAll(db,
                   {
                       u"CREATE INDEX events_by_incident ON events (incident, seq)"
                       " WHERE incident <> ''"_s,
                   },
                   error);
}

// Timelines are read by the sequence numbers the projection keeps per incident
// (Projection::incidentEventSeqs): the index cost every append a page write per incident the
// batch touched, most of a small batch's log writes (docs/performance.md).
bool dropTimelineIndex(QSqlDatabase &db, QString *error)
{
    return execAll(db, {u"DROP INDEX IF EXISTS events_by_incident"_s}, error);
}

// Commands carry an id the client chose, so that a retry (a desktop replaying its queue after
// an outage, an answer lost with the connection) is answered from here instead of being run
// twice. Written in the batch that holds the command's events.
bool recordCommands(QSqlDatabase &db, QString *error)
{
    const QString integer = isPostgres(db) ? u"BIGINT"_s : u"INTEGER"_s;
    return execAll(db,
                   {
                       u"CREATE TABLE commands ("
                       "  id TEXT PRIMARY KEY,"
                       "  actor TEXT NOT NULL,"
                       "  at %1 NOT NULL,"
                       "  status INTEGER NOT NULL,"
                       "  code TEXT NOT NULL DEFAULT '',"
                       "  message TEXT NOT NULL DEFAULT '',"
                       "  first_seq %1 NOT NULL DEFAULT 0,"
                       "  last_seq %1 NOT NULL DEFAULT 0)"_s.arg(integer),
                   },
                   error);
}

// A step creates this table on PostgreSQL if it is not there yet (SQLite has user_version).
bool ensureVersionTable(QSqlDatabase &db, QString *error)
{
    if (!isPostgres(db)) {
        return true;
    }
    QSqlQuery exists(u"SELECT to_regclass('schema_version') IS NOT NULL"_s, db);
    if (exists.next() && exists.value(0).toBool()) {
        return true;
    }
    return execAll(db, {u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s}, error);
}

bool runStep(QSqlDatabase &db, const Migration &step, QString *error)
{
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QString stepError;
    bool ok = ensureVersionTable(db, &stepError);
    const bool needed = ok && schemaVersion(db) < step.version;
    if (needed) {
        ok = step.apply(db, &stepError) && setSchemaVersion(db, step.version, &stepError);
    }
    if (!ok || !db.commit()) {
        const QString cause = stepError.isEmpty() ? db.lastError().text() : stepError;
        db.rollback();
        *error = u"schema step %1 (%2) failed: %3"_s.arg(step.version).arg(step.description,
                                                                             cause);
        return false;
    }
    return true;
}

} // namespace

const QList<Migration> &storeMigrations()
{
    static const QList<Migration> migrations{
        {1, u"event log and store metadata"_s, createLog},
        {2, u"index events by incident for timelines"_s, indexTimelines},
        {3, u"decided commands by client command id"_s, recordCommands},
        {4, u"timelines read through the projection, without the incident index"_s,
         dropTimelineIndex},
    };
    return migrations;
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL";
}

int schemaVersion(QSqlDatabase &db)
{
    if (!isPostgres(db)) {
        QSqlQuery query(u"PRAGMA user_version"_s, db);
        return query.next() ? query.value(0).toInt() : 0;
    }
    QSqlQuery query(db);
    if (!query.exec(u"SELECT to_regclass('schema_version') IS NOT NULL"_s) || !query.next()
        || !query.value(0).toBool()) {
        return 0;
    }
    query.exec(u"SELECT max(version) FROM schema_version"_s);
    return query.next() ? query.value(0).toInt() : 0;
}

bool setSchemaVersion(QSqlDatabase &db, int version, QString *error)
{
    const QStringList statements = isPostgres(db)
        ? QStringList{u"DELETE FROM schema_version"_s,
                      u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(version)}
        : QStringList{u"PRAGMA user_version = %1"_s.arg(version)};
    return execAll(db, statements, error);
}

bool migrate(QSqlDatabase &db, QString *error, int target)
{
    const QList<Migration> &steps = storeMigrations();
    if (target < 0) {
        target = int(steps.size());
    }
    const int current = schemaVersion(db);
    if (current > int(steps.size())) {
        *error = u"the store has schema version %1, newer than this program's %2"_s.arg(current)
                     .arg(steps.size());
        return false;
    }

    // Replicas starting together take turns; each step's transaction begins after the lock
    // is held, so it sees what the replica before it did.
    const bool postgres = isPostgres(db);
    if (postgres && !execAll(db, {u"SELECT pg_advisory_lock(%1)"_s.arg(
                                      QLatin1StringView(s_migrationLockKey))},
                             error)) {
        return false;
    }
    bool ok = true;
    for (const Migration &step : steps) {
        if (step.version > current && step.version <= target) {
            ok = runStep(db, step, error);
        }
        if (!ok) {
            break;
        }
    }
    if (postgres) {
        QSqlQuery(db).exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(
            QLatin1StringView(s_migrationLockKey)));
    }
    return ok;
}

} // namespace Firebreak
