// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle.h"

using namespace Qt::StringLiterals;

namespace Firebreak::Lifecycle {

bool canTransition(IncidentStatus from, IncidentStatus to, QString *reason)
{
    using S = IncidentStatus;
    if (from == to) {
        *reason = u"%1 is already "_s + statusName(to);
        return false;
    }
    if (to == S::Triggered) {
        *reason = u"%1 cannot go back to triggered"_s;
        return false;
    }
    if (from == S::Closed) {
        *reason = u"%1 is closed; reopen it first"_s;
        return false;
    }
    if (from == S::Resolved && to != S::Closed) {
        *reason = u"%1 is resolved; reopen it first"_s;
        return false;
    }
    if (to == S::Closed && from != S::Resolved) {
        *reason = u"only a resolved incident can be closed (%1 is "_s + statusName(from) + u")"_s;
        return false;
    }
    if (to == S::Acknowledged && from != S::Triggered) {
        *reason = u"only a triggered incident can be acknowledged (%1 is "_s + statusName(from)
            + u")"_s;
        return false;
    }
    return true;
}

bool canReopen(IncidentStatus from, QString *reason)
{
    if (isOpenStatus(from)) {
        *reason = u"%1 is still open ("_s + statusName(from) + u")"_s;
        return false;
    }
    return true;
}

} // namespace Firebreak::Lifecycle
