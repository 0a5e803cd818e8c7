// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The server's writer hands the ingestor's alert records to the projection directly
// (Projection::applyReceivedAlert) and writes the event data text directly; everyone else
// (a restart, the desktop, another replica) folds the stored text. These checks say whether
// the two agree, so every test that ingests through the direct path also proves it.

#include "events/jsontext.h"
#include "model/projection.h"

#include <QJsonDocument>
#include <QTest>

namespace FoldCheck {

/// Empty when folding `log` from its data text gives what `projection` holds; else the first
/// difference found.
inline QString differenceFromText(const Firebreak::Projection &projection,
                                  const Firebreak::EventList &log)
{
    using namespace Qt::StringLiterals;
    Firebreak::Projection fromText;
    for (Firebreak::Event event : log) {
        event.dataObject = QJsonObject();
        const QJsonObject parsed = QJsonDocument::fromJson(event.dataJson).object();
        if (Firebreak::JsonText::escapeLeadingMarks(
                QJsonDocument(parsed).toJson(QJsonDocument::Compact))
            != event.dataJson) {
            return u"event %1 (%2) is not written as QJsonDocument writes it: %3"_s
                .arg(event.seq).arg(event.type, QString::fromUtf8(event.dataJson));
        }
        fromText.apply(event);
    }
    const auto alerts = projection.alerts();
    const auto textAlerts = fromText.alerts();
    if (alerts.size() != textAlerts.size()) {
        return u"%1 alerts, %2 from the text"_s.arg(alerts.size()).arg(textAlerts.size());
    }
    const auto &state = projection.alertState();
    const auto &textState = fromText.alertState();
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        const Firebreak::AlertRecord &a = *alerts.at(i);
        const Firebreak::AlertRecord &b = *textAlerts.at(i);
        // toJson() shows no time at or below 0, so the times are compared as they are.
        if (a.toJson() != b.toJson() || a.receivedSeq != b.receivedSeq
            || a.groupScope != b.groupScope || a.startsAt != b.startsAt || a.endsAt != b.endsAt
            || a.receivedAt != b.receivedAt || a.acknowledgedAt != b.acknowledgedAt
            || a.labelsJson != b.labelsJson || a.annotationsJson != b.annotationsJson) {
            return u"alert %1 differs:\n%2\nfrom the text:\n%3"_s.arg(
                a.id, QString::fromUtf8(QJsonDocument(a.toJson()).toJson()),
                QString::fromUtf8(QJsonDocument(b.toJson()).toJson()));
        }
        if (state.transitions(a.integration, a.dedupKey)
                != textState.transitions(b.integration, b.dedupKey)
            || state.pendingAlerts(a.groupScope, a.groupKey)
                != textState.pendingAlerts(b.groupScope, b.groupKey)) {
            return u"the alert state of %1 differs"_s.arg(a.id);
        }
    }
    for (const Firebreak::Event &event : log) {
        const QString delivery = event.data().value(u"delivery"_s).toString();
        const QJsonObject alert = event.data().value(u"alert"_s).toObject();
        const QString integration = alert.value(u"integration"_s).toString();
        if (!delivery.isEmpty() && !integration.isEmpty()
            && state.deliverySeen(integration, delivery)
                != textState.deliverySeen(integration, delivery)) {
            return u"delivery %1 is seen differently"_s.arg(delivery);
        }
    }
    const auto incidents = projection.incidents();
    const auto textIncidents = fromText.incidents();
    for (qsizetype i = 0; i < incidents.size() && i < textIncidents.size(); ++i) {
        if (incidents.at(i)->toJson() != textIncidents.at(i)->toJson()
            || incidents.at(i)->alertKeys != textIncidents.at(i)->alertKeys) {
            return u"incident %1 differs"_s.arg(incidents.at(i)->numberText());
        }
        // Recurrence detection reads the keys instead of the alerts: they must agree.
        const Firebreak::IncidentRecord &incident = *incidents.at(i);
        if (incident.alertKeys.size() != incident.alertIds.size()) {
            return u"incident %1 has %2 alerts but %3 keys"_s.arg(incident.numberText())
                .arg(incident.alertIds.size()).arg(incident.alertKeys.size());
        }
        for (qsizetype k = 0; k < incident.alertIds.size(); ++k) {
            const Firebreak::AlertRecord *alert = projection.alert(incident.alertIds.at(k));
            if (!alert || alert->dedupKey != incident.alertKeys.at(k)) {
                return u"incident %1: key %2 is not its alert's"_s.arg(incident.numberText())
                    .arg(k);
            }
        }
    }
    if (incidents.size() != textIncidents.size() || projection.lastSeq() != fromText.lastSeq()) {
        return u"incident count or last sequence number differs"_s;
    }
    return {};
}

/// Records a test failure (without stopping the caller) when the folds differ.
inline bool verifySameFold(const Firebreak::Projection &projection,
                           const Firebreak::EventList &log, const char *file, int line)
{
    const QString difference = differenceFromText(projection, log);
    if (!difference.isEmpty()) {
        QTest::qFail(qPrintable(difference), file, line);
        return false;
    }
    return true;
}

} // namespace FoldCheck
