// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>

#include <array>
#include <cstdint>
#include <memory>

namespace Firebreak {

/**
 * SHA-256 fed in pieces, for the event hash chain: the x86 SHA extensions when the processor
 * has them (several times faster than portable code, and every append and every verification
 * hashes a whole event), libsodium's portable SHA-256 otherwise. Both give the same digest;
 * tst_sha256 compares them with libsodium and with known answers.
 */
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Q_DISABLE_COPY_MOVE(Sha256)
    void add(QByteArrayView data);
    /// The digest (32 bytes); the object is spent afterwards.
    std::array<unsigned char, 32> finish();

    /// True when this processor has the SHA extensions and they are used.
    static bool usesShaExtensions();
    /// Uses the portable code even where the extensions exist (for tests).
    static void forcePortable(bool portable);

private:
    void compress(const unsigned char *blocks, std::size_t count);

    /// With the extensions: the eight words, the partial block and the length so far.
    std::array<std::uint32_t, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
    bool m_extensions = false;
    /// Without them: libsodium's state.
    struct Portable;
    std::unique_ptr<Portable> m_portable;
};

} // namespace Firebreak
