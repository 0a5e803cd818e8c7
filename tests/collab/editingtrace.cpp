// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "editingtrace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace Firebreak::Testing {

namespace {

TraceTransaction readTransaction(const QJsonObject &object)
{
    TraceTransaction transaction;
    transaction.agent = object.value(u"agent"_s).toInt();
    const QJsonArray parents = object.value(u"parents"_s).toArray();
    for (const QJsonValue &parent : parents) {
        transaction.parents.push_back(parent.toInt());
    }
    const QJsonArray patches = object.value(u"patches"_s).toArray();
    for (const QJsonValue &value : patches) {
        const QJsonArray patch = value.toArray();
        transaction.patches.push_back({quint32(patch.at(0).toInteger()),
                                       quint32(patch.at(1).toInteger()), patch.at(2).toString()});
    }
    return transaction;
}

} // namespace

qsizetype EditingTrace::patchCount() const
{
    qsizetype count = 0;
    for (const TraceTransaction &transaction : transactions) {
        count += qsizetype(transaction.patches.size());
    }
    return count;
}

QByteArray gunzip(const QByteArray &data, QString *error)
{
    z_stream stream{};
    // 16 + MAX_WBITS: expect a gzip header and trailer.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        *error = u"zlib refused to start"_s;
        return {};
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray output;
    int status = Z_OK;
    while (status == Z_OK) {
        const qsizetype at = output.size();
        output.resize(at + 1024 * 1024);
        stream.next_out = reinterpret_cast<Bytef *>(output.data() + at);
        stream.avail_out = 1024 * 1024;
        status = inflate(&stream, Z_NO_FLUSH);
        output.resize(output.size() - qsizetype(stream.avail_out));
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        *error = u"not valid gzip data (zlib status %1)"_s.arg(status);
        return {};
    }
    return output;
}

EditingTrace readEditingTrace(const QString &path)
{
    EditingTrace trace;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        trace.error = u"cannot open %1: %2"_s.arg(path, file.errorString());
        return trace;
    }
    const QByteArray json = gunzip(file.readAll(), &trace.error);
    if (!trace.isValid()) {
        return trace;
    }
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        trace.error = u"%1: %2"_s.arg(path, parseError.errorString());
        return trace;
    }
    trace.startContent = root.value(u"startContent"_s).toString();
    trace.endContent = root.value(u"endContent"_s).toString();
    const QJsonArray transactions = root.value(u"txns"_s).toArray();
    trace.transactions.reserve(size_t(transactions.size()));
    for (const QJsonValue &value : transactions) {
        trace.transactions.push_back(readTransaction(value.toObject()));
    }
    return trace;
}

} // namespace Firebreak::Testing
