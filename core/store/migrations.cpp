// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

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

bool createLog(QSqlDatabase &db, QString *error)
{
    return execAll(db,
                   {
                       u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
                       u"CREATE TABLE events ("
                       "  seq INTEGER PRIMARY KEY,"
                       "  id TEXT NOT NULL UNIQUE,"
                       "  type TEXT NOT NULL,"
                       "  at INTEGER NOT NULL,"
                       "  actor TEXT NOT NULL,"
                       "  incident TEXT NOT NULL DEFAULT '',"
                       "  data TEXT NOT NULL,"
                       "  prev_hash TEXT NOT NULL,"
                       "  hash TEXT NOT NULL)"_s,
                   },
                   error);
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

} // namespace

const QList<Migration> &storeMigrations()
{
    static const QList<Migration> migrations{
        {1, u"event log and store metadata"_s, createLog},
        {2, u"index events by incident for timelines"_s, indexTimelines},
    };
    return migrations;
}

int schemaVersion(QSqlDatabase &db)
{
    QSqlQuery query(u"PRAGMA user_version"_s, db);
    return query.next() ? query.value(0).toInt() : 0;
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

    for (const Migration &step : steps) {
        if (step.version <= current || step.version > target) {
            continue;
        }
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        QString stepError;
        QSqlQuery setVersion(db);
        const bool ok = step.apply(db, &stepError)
            && setVersion.exec(u"PRAGMA user_version = %1"_s.arg(step.version));
        if (!ok || !db.commit()) {
            db.rollback();
            *error = u"schema step %1 (%2) failed: %3"_s.arg(step.version)
                         .arg(step.description, stepError.isEmpty()
                                  ? setVersion.lastError().text() : stepError);
            return false;
        }
    }
    return true;
}

} // namespace Firebreak
