// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace Firebreak {

/**
 * One step of the schema, from `version - 1` to `version`. A step runs inside a transaction
 * together with the update of the stored version, so a crash leaves the old or the new schema,
 * never half of one. A step writes the SQL of the database it is given (SQLite or PostgreSQL);
 * both dialects share the version numbers.
 */
struct Migration
{
    int version;
    QString description;
    std::function<bool(QSqlDatabase &db, QString *error)> apply;
};

/// The schema steps of the event store, in order. Each step's version is its index plus one.
const QList<Migration> &storeMigrations();

/// True for a connection through Qt's PostgreSQL driver (QPSQL).
bool isPostgres(const QSqlDatabase &db);

/**
 * The schema version recorded in the database (0 for an empty one): `PRAGMA user_version` on
 * SQLite, the table `schema_version` on PostgreSQL.
 */
int schemaVersion(QSqlDatabase &db);

/**
 * Records `version` as the schema version, inside the caller's transaction. For tests and for
 * migrate(); never lowers a real store's version otherwise.
 */
bool setSchemaVersion(QSqlDatabase &db, int version, QString *error);

/**
 * Brings the database up to `target` (or the newest version when -1) by running each missing
 * step. Refuses a database newer than this program knows. Returns false and sets error on
 * failure; the failing step is rolled back. On PostgreSQL each step holds an advisory lock, so
 * replicas starting together migrate once.
 */
bool migrate(QSqlDatabase &db, QString *error, int target = -1);

} // namespace Firebreak
