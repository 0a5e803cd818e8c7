// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QString>

namespace Firebreak {

/**
 * A string key that carries its hash, for the projection's large indexes (alerts by id, the
 * latest alert and the transitions of each alert identity), which grow by one entry per alert
 * received.
 *
 * A QHash keeps no hashes: every time it doubles it hashes each string key again, and every
 * probe of an occupied bucket compares the strings themselves. With hundreds of thousands of
 * alerts a doubling stopped ingestion for a third of a second, and rehashing took about a tenth
 * of the writer's time (docs/performance.md). Here a doubling only moves keys, and a probe
 * compares the strings only when the hashes are equal. The hash is QHash's own, with the
 * process's random seed, so keys chosen by a sender cannot be made to collide on purpose.
 *
 * Made implicitly from a QString, so that a lookup reads like one with a QString key.
 */
class HashedString
{
public:
    HashedString() = default;
    HashedString(const QString &text) // NOLINT(google-explicit-constructor): see above
        : m_text(text)
        , m_hash(qHash(text, QHashSeed::globalSeed()))
    {
    }

    bool isEmpty() const { return m_text.isEmpty(); }

    friend bool operator==(const HashedString &a, const HashedString &b) noexcept
    {
        return a.m_hash == b.m_hash && a.m_text == b.m_text;
    }
    friend size_t qHash(const HashedString &key, size_t = 0) noexcept { return key.m_hash; }

private:
    QString m_text;
    size_t m_hash = 0;
};

} // namespace Firebreak
