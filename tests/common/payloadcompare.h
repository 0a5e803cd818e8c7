// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Field-by-field comparison of two normalised payloads, for the tests and fuzz targets that
// hold a fast reader to the full one. NormalisedAlert::raw is left out: the fast reader keeps
// only its text (rawJson), which is compared.

#include "alerts/normalisedalert.h"

#include <QJsonDocument>

namespace Firebreak::Testing {

/// Empty when the payloads are the same; else the first field that differs, with both values.
inline QString payloadDifference(const NormalisedPayload &a, const NormalisedPayload &b)
{
    using namespace Qt::StringLiterals;
    const auto text = [](const auto &value) -> QString {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, QString>) {
            return value;
        } else if constexpr (std::is_same_v<T, QByteArray>) {
            return QString::fromUtf8(value);
        } else if constexpr (std::is_same_v<T, QJsonObject>) {
            return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
        } else if constexpr (std::is_same_v<T, QJsonArray>) {
            return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
        } else if constexpr (std::is_same_v<T, QUrl>) {
            return value.toString();
        } else {
            return QString::number(qint64(value));
        }
    };
    QString difference;
    const auto check = [&](const QString &name, const auto &x, const auto &y) {
        if (difference.isEmpty() && !(x == y)) {
            difference = u"%1: \"%2\" != \"%3\""_s.arg(name, text(x), text(y));
        }
    };
    check(u"source"_s, a.source, b.source);
    check(u"groupKey"_s, a.groupKey, b.groupKey);
    check(u"deliveryId"_s, a.deliveryId, b.deliveryId);
    check(u"truncatedAlerts"_s, a.truncatedAlerts, b.truncatedAlerts);
    check(u"ignored"_s, a.ignored, b.ignored);
    check(u"subscribeUrl"_s, a.subscribeUrl, b.subscribeUrl);
    check(u"topic"_s, a.topic, b.topic);
    check(u"alerts"_s, a.alerts.size(), b.alerts.size());
    for (qsizetype i = 0; difference.isEmpty() && i < a.alerts.size(); ++i) {
        const NormalisedAlert &x = a.alerts.at(i);
        const NormalisedAlert &y = b.alerts.at(i);
        const QString at = u"alerts[%1]."_s.arg(i);
        check(at + u"dedupKey"_s, x.dedupKey, y.dedupKey);
        check(at + u"status"_s, int(x.status), int(y.status));
        check(at + u"severity"_s, int(x.severity), int(y.severity));
        check(at + u"sourceSeverity"_s, x.sourceSeverity, y.sourceSeverity);
        check(at + u"title"_s, x.title, y.title);
        check(at + u"service"_s, x.service, y.service);
        check(at + u"generatorUrl"_s, x.generatorUrl, y.generatorUrl);
        check(at + u"groupKey"_s, x.groupKey, y.groupKey);
        // As texts: QJsonObject's == can call objects with the same members different (a
        // string Qt's parser read from a byte order mark and text against the same text).
        check(at + u"labels"_s, text(x.labelsObject()), text(y.labelsObject()));
        check(at + u"annotations"_s, text(x.annotationsObject()), text(y.annotationsObject()));
        check(at + u"links"_s, x.links.toArray(), y.links.toArray());
        check(at + u"startsAt"_s, x.startsAt, y.startsAt);
        check(at + u"endsAt"_s, x.endsAt, y.endsAt);
        check(at + u"rawJson"_s, x.rawJson, y.rawJson);
        check(at + u"labelsJson"_s, x.labelsJson, y.labelsJson);
        check(at + u"annotationsJson"_s, x.annotationsJson, y.annotationsJson);
        check(at + u"linksJson"_s, x.linksJson, y.linksJson);
    }
    return difference;
}

} // namespace Firebreak::Testing
