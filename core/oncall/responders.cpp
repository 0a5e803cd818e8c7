// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "responders.h"

using namespace Qt::StringLiterals;

namespace Firebreak::OnCall {

namespace {

// Alerts are most of the log; skip parsing what none of the parts reads.
bool concernsResponders(const QString &type)
{
    static const QStringList prefixes{u"user."_s, u"team."_s, u"service."_s, u"schedule."_s,
                                      u"escalation"_s, u"page."_s, u"task."_s,
                                      u"incident.role_"_s, u"incident.acknowledged"_s,
                                      u"incident.reopened"_s};
    for (const QString &prefix : prefixes) {
        if (type.startsWith(prefix)) {
            return true;
        }
    }
    return false;
}

} // namespace

void Responders::apply(const Event &event)
{
    if (!event.isValid()) {
        clear();
        return;
    }
    m_lastSeq = qMax(m_lastSeq, event.seq);
    if (!concernsResponders(event.type)) {
        return;
    }
    const QJsonObject data = event.data();
    m_directory.apply(event, data);
    m_paging.apply(event, data);
    m_board.apply(event, data);
}

void Responders::clear()
{
    m_directory.clear();
    m_paging.clear();
    m_board.clear();
    m_lastSeq = 0;
}

} // namespace Firebreak::OnCall
