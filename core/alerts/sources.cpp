// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "sources.h"

#include "alerts/alertmanager.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Firebreak::AlertSources {

namespace {

const QList<std::pair<QString, Normaliser>> &registry()
{
    static const QList<std::pair<QString, Normaliser>> sources{
        {u"alertmanager"_s, &Alertmanager::normalise},
    };
    return sources;
}

} // namespace

QStringList supported()
{
    QStringList names;
    for (const auto &source : registry()) {
        names.append(source.first);
    }
    return names;
}

Normaliser normaliser(const QString &source)
{
    for (const auto &entry : registry()) {
        if (entry.first == source) {
            return entry.second;
        }
    }
    return nullptr;
}

} // namespace Firebreak::AlertSources
