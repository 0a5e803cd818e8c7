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
 * never half of one.
 */
struct Migration
{
    int version;
    QString description;
    std::function<bool(QSqlDatabase &db, QString *error)> apply;
};

/// The schema steps of the event store, in order. Each step's version is its index plus one.
const QList<Migration> &storeMigrations();

/// The schema version recorded in the database (0 for an empty file).
int schemaVersion(QSqlDatabase &db);

/**
 * Brings the database up to `target` (or the newest version when -1) by running each missing
 * step. Refuses a database newer than this program knows. Returns false and sets error on
 * failure; the failing step is rolled back.
 */
bool migrate(QSqlDatabase &db, QString *error, int target = -1);

} // namespace Firebreak
