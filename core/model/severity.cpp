// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "severity.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {
constexpr std::array s_statusNames{
    u"triggered", u"acknowledged", u"investigating", u"identified",
    u"monitoring", u"resolved", u"closed",
};
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::P1:
        return u"P1"_s;
    case Severity::P2:
        return u"P2"_s;
    case Severity::P3:
        return u"P3"_s;
    case Severity::P4:
        return u"P4"_s;
    case Severity::Unknown:
        break;
    }
    return QString();
}

Severity severityFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    if (upper == u"P1") {
        return Severity::P1;
    }
    if (upper == u"P2") {
        return Severity::P2;
    }
    if (upper == u"P3") {
        return Severity::P3;
    }
    if (upper == u"P4") {
        return Severity::P4;
    }
    return Severity::Unknown;
}

bool moreSevere(Severity a, Severity b)
{
    if (a == Severity::Unknown) {
        return false;
    }
    return b == Severity::Unknown || int(a) < int(b);
}

QString statusName(IncidentStatus status)
{
    return QString::fromUtf16(s_statusNames.at(std::size_t(status)));
}

bool statusFromName(const QString &name, IncidentStatus *status)
{
    for (std::size_t i = 0; i < s_statusNames.size(); ++i) {
        if (name == QStringView(s_statusNames.at(i))) {
            *status = IncidentStatus(i);
            return true;
        }
    }
    return false;
}

bool isOpenStatus(IncidentStatus status)
{
    return status != IncidentStatus::Resolved && status != IncidentStatus::Closed;
}

} // namespace Firebreak
