// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/alertstate.h"
#include "model/severity.h"
#include "model/targets.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QJsonObject>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>

namespace Firebreak {

struct IntegrationRecord
{
    QString id;
    QString name;
    QString source;
    QByteArray keyHash;
    qint64 createdAt = 0;
};

/// An API token or a login session. Only the SHA-256 of the secret is kept.
struct TokenRecord
{
    QString id;
    QString user;
    /// Roles the token carries itself (the bootstrap administrator token); empty for tokens of
    /// accounts, which take the account's roles.
    QString role;
    QByteArray tokenHash;
    QString name;
    QString kind; ///< "api" or "session"
    /// Permission names the token is limited to; empty means all of its user's.
    QStringList scopes;
    qint64 expiresAt = 0; ///< 0: never
    bool revoked = false;

    bool isUsableAt(qint64 now) const { return !revoked && (expiresAt == 0 || now < expiresAt); }
};

/// A person who can sign in. passwordHash is an argon2id string (never a password).
struct AccountRecord
{
    QString id;
    QString name;
    QString displayName;
    QStringList roles;
    QByteArray passwordHash;
    bool disabled = false;
};

/// A role an organisation defined from permissions (see core/security/permissions.h).
struct CustomRoleRecord
{
    QString name;
    QString description;
    QStringList permissions;
};

/// One alert as the log describes it now. `endsAt` is 0 while the alert fires.
struct AlertRecord
{
    QString id;
    QString integration;
    QString source;
    QString dedupKey;
    QString status;
    Severity severity = Severity::P4;
    QString sourceSeverity;
    QString title;
    QString service;
    QString groupKey;
    QString incident;
    QString generatorUrl;
    /// Labels and annotations as compact JSON objects (the text the alert.received event holds
    /// for them): a QJsonObject of five labels takes about 620 bytes of memory, its text about
    /// 130, and every alert received stays in the projection (docs/performance.md, eighth
    /// pass). Parsed when asked for.
    QByteArray labelsJson;
    QByteArray annotationsJson;
    QJsonObject labels() const;
    QJsonObject annotations() const;
    void setLabels(const QJsonObject &labels);
    void setAnnotations(const QJsonObject &annotations);
    /// What labelsJson and annotationsJson hold for an object's compact text: the text, or
    /// nothing for an empty object ("{}").
    static QByteArray storedObjectText(const QByteArray &compact);
    /// Links for people as the compact JSON text of [{"href", "text"}] (empty for none), as
    /// the alert.received event holds them. Parsed when asked for.
    QByteArray linksJson;
    QJsonArray links() const;
    qint64 startsAt = 0;
    qint64 endsAt = 0;
    qint64 receivedAt = 0;
    qint64 updatedAt = 0;
    qint64 acknowledgedAt = 0;
    /// Sequence number of the alert.received event, which keeps the raw payload.
    qint64 receivedSeq = 0;
    /// The route that matched (empty: none), and what it set.
    QString route;
    QString team;
    QString escalation;
    /// Where the alert's incident is looked up: its integration, or a route that groups.
    QString groupScope;
    /// Why the alert opens no incident now: "silence", "maintenance", "threshold",
    /// "flapping", "route", or empty. Suppressed alerts are kept and listed all the same.
    QString suppressed;
    QString silence;

    QJsonObject toJson() const;
};

struct IncidentRecord
{
    QString id;
    int number = 0;
    QString title;
    Severity severity = Severity::P4;
    IncidentStatus status = IncidentStatus::Triggered;
    QString service;
    QString integration;
    QString groupKey;
    QString relatedIncident;
    QStringList alertIds;
    /// The dedup key of each of alertIds, in the same order: what recurrence detection reads,
    /// so that it needs no copy of the alerts themselves (FollowUp::recurrences).
    QStringList alertKeys;
    int firingAlerts = 0;
    int undeliveredAlerts = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 acknowledgedAt = 0;
    qint64 resolvedAt = 0;
    qint64 lastSeq = 0;

    // Set by people (incident command); see docs/incidents.md.
    QString impact;
    QString type;
    QString team;
    QString summary;
    QString declaredBy;
    QStringList components;
    /// Single-holder roles (commander, communications, scribe) → user.
    QMap<QString, QString> roles;
    QStringList responders;
    /// Milestones set explicitly (impact_started, detected, acknowledged, mitigated, resolved).
    QMap<QString, qint64> milestones;
    QStringList linkedIncidents;
    /// Stakeholders (user names) the incident is shared with.
    QStringList sharedWith;
    QString mergedInto;
    QStringList duplicates;
    int notes = 0;
    int evidence = 0;
    /// Target states already announced, as "first_response:at_risk", "resolution:breached", ...
    QSet<QString> targetStates;
    /// Earliest startsAt of the incident's alerts (0 when none).
    qint64 firstAlertStartsAt = 0;

    QString numberText() const { return QStringLiteral("INC-%1").arg(number); }
    /// A milestone as set, or derived: detected = opened; impact_started = first alert start or
    /// detected; acknowledged and resolved from the lifecycle. 0 when not reached.
    qint64 milestone(const QString &name) const;
    bool isOpen() const { return isOpenStatus(status); }
    /// True once the incident has alerts and none of them fires.
    bool alertsAllResolved() const { return !alertIds.isEmpty() && firingAlerts == 0; }
    QJsonObject toJson() const;
    QJsonObject rolesJson() const;
    QJsonObject milestonesJson() const;
};

/**
 * The alerts of a projection by id. Records live in a deque, which never moves them, and the
 * hash holds pointers: a large alert record is written once, never moved again as the table
 * grows (rehashing a QHash of records moved every record at each doubling, the largest cost
 * of ingestion's fold; docs/performance.md).
 */
class AlertTable
{
public:
    AlertTable() = default;
    AlertTable(const AlertTable &other) { *this = other; }
    AlertTable &operator=(const AlertTable &other);
    AlertTable(AlertTable &&other) noexcept = default;
    AlertTable &operator=(AlertTable &&other) noexcept = default;
    ~AlertTable() = default;

    AlertRecord *find(const QString &id)
    {
        return m_index.value(id);
    }
    const AlertRecord *find(const QString &id) const { return m_index.value(id); }
    /// Adds the record under `id`, or replaces the one already there (keeping its place).
    void insert(const QString &id, AlertRecord &&record);
    /// Every record, in the order first received.
    const std::deque<AlertRecord> &records() const { return m_records; }

private:
    std::deque<AlertRecord> m_records;
    QHash<HashedString, AlertRecord *> m_index;
};

/**
 * Current state folded from the event log: incidents, alerts, integrations and tokens.
 *
 * The server and the desktop fold the same events through the same code, so both always agree.
 * apply() must see events in sequence order; unknown event types are ignored so that older
 * clients survive newer servers.
 */
class Projection
{
public:
    void apply(const Event &event);
    /**
     * The same as apply() for an alert.received event whose data holds `record` and
     * `delivery`, without reading the data: for the ingestor, which wrote the data from that
     * record. The record's sequence number, incident and times are taken from the event.
     */
    void applyReceivedAlert(const Event &event, AlertRecord &&record, const QString &delivery);
    void clear();
    /**
     * A copy of everything but the alerts and the alert state (settings, routes and the
     * per-alert indexes), for reports on incidents computed off the event loop (/metrics).
     * Copying a projection of a million alerts held the event loop for over a second, and the
     * hash tables a copy shared were then copied whole by the next alert received.
     */
    std::shared_ptr<const Projection> copyWithoutAlerts();
    using Fold = std::function<void(const Projection &, const Event &)>;
    /// A capability's own fold over the same events (core/oncall, core/notify): called at the
    /// end of apply(), and with an invalid event by clear(), which keeps it. Replaces every
    /// fold added before; none by default.
    void setFold(Fold fold) { m_folds = {std::move(fold)}; }
    /// Adds a fold after those already set (core/collab's follow-up state).
    void addFold(Fold fold) { m_folds.append(std::move(fold)); }

    qint64 lastSeq() const { return m_lastSeq; }
    /// The sequence numbers of the events that name `incident`, in order: what the server
    /// reads an incident's timeline by (the log has no index on incidents, which cost every
    /// append more than this list costs memory; docs/performance.md).
    QList<qint64> incidentEventSeqs(const QString &incident) const
    {
        return m_incidentEvents.value(incident);
    }
    int nextIncidentNumber() const { return m_maxIncidentNumber + 1; }
    /// The newest sequence number of another store (its id) whose events were imported into
    /// this one (`store.import`, docs/desktop.md "Handing over"); 0 when none were.
    qint64 importedThrough(const QString &storeId) const
    {
        return m_importedThrough.value(storeId);
    }

    const IncidentRecord *incident(const QString &idOrNumber) const;
    const AlertRecord *alert(const QString &id) const;
    /// The newest alert of this integration with this dedup key, or null.
    const AlertRecord *latestAlert(const QString &integration, const QString &dedupKey) const;
    /// The open incident of this integration and group key, or null.
    const IncidentRecord *openIncidentForGroup(const QString &integration,
                                               const QString &groupKey) const;
    const IntegrationRecord *integrationByKeyHash(const QByteArray &keyHash) const;
    /// Every integration, by the hash of its key.
    const QHash<QByteArray, IntegrationRecord> &integrationsByKeyHash() const
    {
        return m_integrationsByKey;
    }
    /// Integration settings, routes, silences and the indexes of alert ingestion.
    const AlertState &alertState() const { return m_alertState; }
    /// The open incident of a group (scope: an integration id, or "route:ID" for a route
    /// that groups by labels), or null.
    const IncidentRecord *openIncidentInGroup(const QString &scope,
                                              const QString &groupKey) const;
    const TokenRecord *tokenByHash(const QByteArray &tokenHash) const;
    const TokenRecord *tokenById(const QString &id) const;
    QList<const TokenRecord *> tokens() const;
    const AccountRecord *account(const QString &name) const;
    QList<const AccountRecord *> accounts() const;
    const QHash<QString, CustomRoleRecord> &customRoles() const { return m_customRoles; }
    bool hasTokens() const { return !m_tokens.isEmpty(); }

    /// Incidents newest first.
    QList<const IncidentRecord *> incidents() const;
    /// Alerts newest first.
    QList<const AlertRecord *> alerts() const;
    int incidentCount() const { return int(m_incidents.size()); }

    const TargetPolicy &targets() const { return m_targets; }
    /// The organisation's words for a severity; empty fields when never defined.
    SeverityDefinition severityDefinition(Severity severity) const
    {
        return m_severityDefinitions.value(severity);
    }

private:
    void shareCommonStrings(AlertRecord *record) const;
    void applyIncidentOpened(const Event &event, const QJsonObject &data);
    void applyAlertReceived(const Event &event, const QJsonObject &data);
    /// `identity`: groupIndex() of the record's integration and dedup key.
    void addReceivedAlert(const Event &event, AlertRecord record, const HashedString &identity);
    void applyAlertChange(const Event &event, const QJsonObject &data);
    void applyIncidentChange(const Event &event, const QJsonObject &data);
    void applyStatusChange(IncidentRecord &incident, const Event &event, const QJsonObject &data);
    void applyPeopleChange(IncidentRecord &incident, const Event &event, const QJsonObject &data);
    void applyRelationChange(IncidentRecord &incident, const Event &event,
                             const QJsonObject &data);
    void reindexGroup(const IncidentRecord &incident);
    void applySecurityEvent(const Event &event, const QJsonObject &data);
    void recountFiring(IncidentRecord *incident);

    QHash<QString, IncidentRecord> m_incidents;
    QHash<int, QString> m_incidentByNumber;
    QHash<QString, QString> m_openIncidentByGroup;
    AlertTable m_alerts;
    AlertState m_alertState;
    QHash<HashedString, QString> m_latestAlertByKey;
    QHash<QByteArray, IntegrationRecord> m_integrationsByKey;
    QHash<QByteArray, TokenRecord> m_tokens;
    QHash<QString, QByteArray> m_tokenHashById;
    QHash<QString, AccountRecord> m_accounts;
    QHash<QString, CustomRoleRecord> m_customRoles;
    QList<QString> m_incidentOrder;
    TargetPolicy m_targets;
    QMap<Severity, SeverityDefinition> m_severityDefinitions;
    QHash<QString, qint64> m_importedThrough;
    qint64 m_lastSeq = 0;
    QHash<QString, QList<qint64>> m_incidentEvents;
    void noteIncidentEvent(const Event &event);
    int m_maxIncidentNumber = 0;
    QList<Fold> m_folds;
};

} // namespace Firebreak
