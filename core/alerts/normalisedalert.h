// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alerts/linklist.h"
#include "alerts/stringmap.h"
#include "model/severity.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Firebreak {

/// Where an alert stands at its source.
enum class AlertStatus { Firing, Acknowledged, Resolved };

/// "firing", "acknowledged" or "resolved".
QString alertStatusName(AlertStatus status);

/// One alert of any source in Firebreak's own terms. Times in ms since the epoch; endsAt 0
/// while the alert fires.
struct NormalisedAlert
{
    QString dedupKey;
    AlertStatus status = AlertStatus::Firing;
    Severity severity = Severity::P4;
    /// The source's own word for the severity ("critical", "P2", "high"), kept for display and
    /// for an integration's severity map.
    QString sourceSeverity;
    QString title;
    QString service;
    QString generatorUrl;
    /// The source's own grouping hint for this alert; empty means the delivery's groupKey.
    QString groupKey;
    /// Alertmanager's fast reader leaves these two empty and keeps only labelsJson and
    /// annotationsJson: read them through labelsObject() and annotationsObject().
    StringMap labels;
    StringMap annotations;
    /// Links for people: [{"href": URL, "text": label}].
    LinkList links;
    qint64 startsAt = 0;
    qint64 endsAt = 0;
    /// The source's JSON for this alert, kept as evidence.
    QJsonObject raw;
    /// `raw` as compact JSON text when it was serialised ahead (off the writer's thread, see
    /// AlertService); empty means the ingestor serialises it.
    QByteArray rawJson;
    /// `labels`, `annotations` and `links` as compact JSON text, likewise (serialiseAhead()).
    QByteArray labelsJson;
    QByteArray annotationsJson;
    QByteArray linksJson;

    bool isFiring() const { return status == AlertStatus::Firing; }
    /// Serialises raw, labels, annotations and links into their text fields: done on the
    /// server's parser threads so that the writer's thread only splices the texts.
    void serialiseAhead();
    /// The same with raw's text given (a fast reader's, which keeps no raw object).
    void serialiseAhead(const QByteArray &rawText);
    /// labels and annotations as compact JSON text: the text serialised ahead, or written now.
    QByteArray labelsText() const;
    QByteArray annotationsText() const;
    /// labels and annotations as objects: the maps', or read from the texts when only those
    /// were kept.
    QJsonObject labelsObject() const;
    QJsonObject annotationsObject() const;
};

/// One delivery (webhook body) from a source.
struct NormalisedPayload
{
    QString source;
    QString groupKey;
    /// The identity of this delivery, the same on every retry of it (PagerDuty X-Webhook-Id,
    /// SNS MessageId, …); empty when the source has none.
    QString deliveryId;
    int truncatedAlerts = 0;
    QList<NormalisedAlert> alerts;
    /// Set when a well-formed delivery carries nothing to ingest, saying why (an event type
    /// Firebreak does not read, a state that is no alert).
    QString ignored;
    /// An AWS SNS subscription handshake: the URL to confirm, and the topic.
    QUrl subscribeUrl;
    QString topic;
};

/**
 * What a normaliser reads of one webhook request: the raw bytes (signatures are computed over
 * them), the body as JSON (form-encoded bodies become an object of strings), the headers and
 * the integration's configuration.
 */
struct AlertDelivery
{
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;
    QJsonObject config;

    /// The value of a header (case-insensitive name), or empty.
    QByteArray header(const QByteArray &name) const;
};

} // namespace Firebreak
