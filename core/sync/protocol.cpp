// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "protocol.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Firebreak::Sync {

QByteArray eventToWire(const Event &event)
{
    QJsonObject head{
        {u"seq"_s, event.seq},
        {u"id"_s, event.id},
        {u"type"_s, event.type},
        {u"at"_s, isoFromMs(event.at)},
        {u"actor"_s, event.actor},
        {u"hash"_s, QString::fromLatin1(event.hash)},
    };
    head.insert(u"incident"_s, event.incident.isEmpty() ? QJsonValue() : QJsonValue(event.incident));
    QByteArray text = QJsonDocument(head).toJson(QJsonDocument::Compact);
    text.chop(1);
    text += ",\"data\":";
    text += event.dataJson.isEmpty() ? QByteArray("{}") : event.dataJson;
    text += '}';
    return text;
}

QByteArray eventsMessage(const EventList &events, qint64 from, qint64 through)
{
    QByteArray text = "{\"type\":\"events\",\"from\":" + QByteArray::number(from)
        + ",\"through\":" + QByteArray::number(through) + ",\"events\":[";
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (i > 0) {
            text += ',';
        }
        text += eventToWire(events.at(i));
    }
    text += "]}";
    return text;
}

} // namespace Firebreak::Sync
