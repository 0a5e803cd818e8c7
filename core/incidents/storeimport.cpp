// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "storeimport.h"

#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Firebreak::StoreImport {

namespace {

CommandDecision badRequest(const QString &message)
{
    return CommandDecision::refuse(400, u"bad_request"_s, message);
}

// Numbers of incidents named by UUID elsewhere in an event (merges name both sides).
void renumberReferences(QJsonObject &data, const Projection &projection,
                        const QHash<QString, int> &numbers)
{
    for (const auto &[idKey, numberKey] : {std::pair{u"into"_s, u"intoNumber"_s},
                                           std::pair{u"from"_s, u"fromNumber"_s}}) {
        if (!data.contains(numberKey)) {
            continue;
        }
        const QString id = data.value(idKey).toString();
        if (numbers.contains(id)) {
            data.insert(numberKey, u"INC-%1"_s.arg(numbers.value(id)));
        } else if (const IncidentRecord *incident = projection.incident(id)) {
            data.insert(numberKey, incident->numberText());
        }
    }
}

// Whether `incidentId` began by an import from `source`: in this command (`opened`) or an
// earlier one. Incidents of this store, or of another source, are not the import's to change.
bool isImportedIncident(const ImportedIncidents &imported, const QString &source,
                        const QHash<QString, int> &opened, const QString &incidentId)
{
    return opened.contains(incidentId) || imported.value(incidentId) == source;
}

// The other incident a link or merge names, when it is not one this import opened; empty
// otherwise (other events have no second incident).
QString foreignReference(const ImportedIncidents &imported, const QString &source,
                         const QHash<QString, int> &opened, const Event &event,
                         const QJsonObject &data)
{
    static const QHash<QString, QString> keys{{u"incident.linked"_s, u"related"_s},
                                              {u"incident.merged"_s, u"into"_s},
                                              {u"incident.duplicate_merged"_s, u"from"_s}};
    const QString key = keys.value(event.type);
    const QString id = key.isEmpty() ? QString() : data.value(key).toString();
    return id.isEmpty() || isImportedIncident(imported, source, opened, id) ? QString() : id;
}

CommandDecision notImported(const Event &event, const QString &why)
{
    return CommandDecision::refuse(
        403, u"forbidden"_s,
        u"event %1 (%2) is not imported: %3; store.import only adds to incidents it opened"
        " from the same store"_s.arg(event.seq).arg(event.type.left(64), why));
}

} // namespace

bool isImportable(const Event &event)
{
    return !event.incident.isEmpty()
        && (event.type.startsWith(u"incident.") || event.type == u"postmortem.edited");
}

void followImports(const Event &event, ImportedIncidents *incidents)
{
    if (event.type.isEmpty()) {
        incidents->clear();
        return;
    }
    if (event.type != u"incident.opened") {
        return;
    }
    const QJsonValue imported = event.data().value(u"imported"_s);
    if (imported.isObject()) {
        incidents->insert(event.incident, imported[u"store"_s].toString());
    }
}

CommandDecision decide(const Projection &projection, const ImportedIncidents &importedIncidents,
                       const QJsonObject &command, const CommandContext &context)
{
    const QString source = command.value(u"source"_s).toString();
    const QJsonArray events = command.value(u"events"_s).toArray();
    if (source.isEmpty() || events.isEmpty() || events.size() > MaxEventsPerCommand) {
        return badRequest(u"store.import needs source (a store id) and 1 to %1 events"_s
                              .arg(MaxEventsPerCommand));
    }

    CommandDecision decision;
    QHash<QString, int> numbers; // incidents opened by this command: UUID → number here
    qint64 previousSeq = projection.importedThrough(source);
    const qint64 skipThrough = previousSeq;
    for (const QJsonValue &value : events) {
        const Event original = Event::fromJson(value.toObject());
        if (original.seq <= skipThrough) {
            continue; // imported before
        }
        if (original.seq <= previousSeq) {
            return badRequest(u"events must be in increasing sequence order"_s);
        }
        previousSeq = original.seq;
        if (!isImportable(original)) {
            return badRequest(u"event %1 (%2) is not imported: only incident events and"
                              " post-mortem edits are"_s.arg(original.seq).arg(original.type));
        }

        QJsonObject data = original.data();
        QJsonObject imported{{u"store"_s, source},
                             {u"seq"_s, original.seq},
                             {u"id"_s, original.id},
                             {u"actor"_s, original.actor},
                             {u"hash"_s, QString::fromLatin1(original.hash)}};
        if (original.type == u"incident.opened") {
            if (projection.incident(original.incident) || numbers.contains(original.incident)) {
                return CommandDecision::refuse(409, u"conflict"_s,
                                               u"incident %1 exists here already"_s.arg(
                                                   original.incident));
            }
            const int number = projection.nextIncidentNumber() + int(numbers.size());
            imported.insert(u"number"_s, data.value(u"number"_s));
            data.insert(u"number"_s, number);
            numbers.insert(original.incident, number);
        } else if (!isImportedIncident(importedIncidents, source, numbers,
                                       original.incident)) {
            return notImported(original, u"incident %1 was not imported from %2"_s.arg(
                                             original.incident.left(64), source.left(64)));
        }
        if (const QString other = foreignReference(importedIncidents, source, numbers,
                                                   original, data);
            !other.isEmpty()) {
            return notImported(original, u"it names incident %1, which was not imported"
                                         " from %2"_s.arg(other.left(64), source.left(64)));
        }
        renumberReferences(data, projection, numbers);
        data.insert(u"imported"_s, imported);

        Event event = makeEvent(original.type, context.actor, original.incident, data);
        event.at = original.at;
        decision.events.append(event);
    }
    return decision;
}

} // namespace Firebreak::StoreImport
