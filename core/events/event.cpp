// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "event.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUuid>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace Firebreak {

QJsonObject Event::data() const
{
    return QJsonDocument::fromJson(dataJson).object();
}

void Event::setData(const QJsonObject &object)
{
    dataJson = QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject Event::toJson() const
{
    QJsonObject object{
        {u"seq"_s, seq},
        {u"id"_s, id},
        {u"type"_s, type},
        {u"at"_s, isoFromMs(at)},
        {u"actor"_s, actor},
        {u"data"_s, data()},
        {u"hash"_s, QString::fromLatin1(hash)},
    };
    object.insert(u"incident"_s, incident.isEmpty() ? QJsonValue() : QJsonValue(incident));
    return object;
}

Event Event::fromJson(const QJsonObject &object)
{
    Event event;
    event.seq = object.value(u"seq"_s).toInteger();
    event.id = object.value(u"id"_s).toString();
    event.type = object.value(u"type"_s).toString();
    event.at = msFromIso(object.value(u"at"_s).toString());
    event.actor = object.value(u"actor"_s).toString();
    event.incident = object.value(u"incident"_s).toString();
    event.setData(object.value(u"data"_s).toObject());
    event.hash = object.value(u"hash"_s).toString().toLatin1();
    return event;
}

QByteArray Event::canonicalForm(const QString &storeId) const
{
    QByteArray form;
    form.reserve(160 + dataJson.size());
    form += "firebreak-event-v1\n";
    form += storeId.toUtf8() + '\n';
    form += QByteArray::number(seq) + '\n';
    form += prevHash + '\n';
    form += id.toUtf8() + '\n';
    form += type.toUtf8() + '\n';
    form += QByteArray::number(at) + '\n';
    form += actor.toUtf8() + '\n';
    form += incident.toUtf8() + '\n';
    form += dataJson;
    return form;
}

// The same SHA-256 as QCryptographicHash, from libsodium: more than twice as fast here, and
// every append and every verification hashes (docs/performance.md).
QByteArray Event::computeHash(const QString &storeId) const
{
    static const bool ready = sodium_init() >= 0;
    Q_ASSERT(ready);
    const QByteArray form = canonicalForm(storeId);
    QByteArray digest(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    crypto_hash_sha256(reinterpret_cast<unsigned char *>(digest.data()),
                       reinterpret_cast<const unsigned char *>(form.constData()),
                       quint64(form.size()));
    return digest.toHex();
}

Event makeEvent(const QString &type, const QString &actor, const QString &incident,
                const QJsonObject &data)
{
    Event event;
    event.id = newUuid();
    event.type = type;
    event.at = QDateTime::currentMSecsSinceEpoch();
    event.actor = actor;
    event.incident = incident;
    event.setData(data);
    return event;
}

QString isoFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

qint64 msFromIso(const QString &text)
{
    // Qt parses at most millisecond fractions; RFC 3339 allows any length (Go sends nanoseconds).
    static const QRegularExpression fraction(u"(\\.\\d{1,3})\\d*"_s);
    QString trimmed = text.trimmed();
    trimmed.replace(fraction, u"\\1"_s);
    // "+0000" offsets (CloudWatch) are not ISO 8601 extended format; add the colon.
    static const QRegularExpression compactOffset(u"([+-]\\d{2})(\\d{2})$"_s);
    if (trimmed.size() > 19) {
        trimmed.replace(compactOffset, u"\\1:\\2"_s);
    }
    const QDateTime parsed = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        return -1;
    }
    return parsed.toMSecsSinceEpoch();
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Firebreak
