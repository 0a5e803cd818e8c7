// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "sha256.h"

#include <QtGlobal>

#include <sodium.h>

#include <atomic>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FIREBREAK_SHA_EXTENSIONS 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace Firebreak {

namespace {

constexpr std::array<std::uint32_t, 8> s_initial{0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                                 0xa54ff53a, 0x510e527f, 0x9b05688c,
                                                 0x1f83d9ab, 0x5be0cd19};

std::atomic<bool> s_forcePortable{false};

#ifdef FIREBREAK_SHA_EXTENSIONS

alignas(16) constexpr std::uint32_t s_roundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

bool processorHasShaExtensions()
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        return false;
    }
    const bool sha = (b >> 29) & 1;
    if (!__get_cpuid(1, &a, &b, &c, &d)) {
        return false;
    }
    const bool ssse3 = (c >> 9) & 1;
    const bool sse41 = (c >> 19) & 1;
    return sha && ssse3 && sse41;
}

// Two SHA-256 rounds per SHA256RNDS2: `abef` holds a, b, e, f (high to low dwords), `cdgh`
// holds c, d, g, h; after two rounds the old a, b, e, f are the new c, d, g, h.
__attribute__((target("sha,ssse3,sse4.1"))) void compressWithExtensions(
    std::uint32_t *state, const unsigned char *blocks, std::size_t count)
{
    const __m128i byteSwap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i abef = _mm_set_epi32(int(state[0]), int(state[1]), int(state[4]), int(state[5]));
    __m128i cdgh = _mm_set_epi32(int(state[2]), int(state[3]), int(state[6]), int(state[7]));

    for (std::size_t block = 0; block < count; ++block) {
        const unsigned char *data = blocks + 64 * block;
        const __m128i savedAbef = abef;
        const __m128i savedCdgh = cdgh;

        // The message schedule, four words per vector, the first in the low dword.
        __m128i words[16];
        for (int i = 0; i < 4; ++i) {
            const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i));
            words[i] = _mm_shuffle_epi8(raw, byteSwap);
        }
        for (int i = 4; i < 16; ++i) {
            __m128i next = _mm_sha256msg1_epu32(words[i - 4], words[i - 3]);
            next = _mm_add_epi32(next, _mm_alignr_epi8(words[i - 1], words[i - 2], 4));
            words[i] = _mm_sha256msg2_epu32(next, words[i - 1]);
        }

        for (int i = 0; i < 16; ++i) {
            const __m128i constants
                = _mm_load_si128(reinterpret_cast<const __m128i *>(s_roundConstants + 4 * i));
            __m128i scheduled = _mm_add_epi32(words[i], constants);
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, scheduled);
            scheduled = _mm_shuffle_epi32(scheduled, 0x0e);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, scheduled);
        }

        abef = _mm_add_epi32(abef, savedAbef);
        cdgh = _mm_add_epi32(cdgh, savedCdgh);
    }

    alignas(16) std::uint32_t out[8];
    _mm_store_si128(reinterpret_cast<__m128i *>(out), abef);     // f, e, b, a
    _mm_store_si128(reinterpret_cast<__m128i *>(out + 4), cdgh); // h, g, d, c
    state[0] = out[3];
    state[1] = out[2];
    state[4] = out[1];
    state[5] = out[0];
    state[2] = out[7];
    state[3] = out[6];
    state[6] = out[5];
    state[7] = out[4];
}

#endif

bool extensionsAvailable()
{
#ifdef FIREBREAK_SHA_EXTENSIONS
    static const bool available = processorHasShaExtensions();
    return available;
#else
    return false;
#endif
}

} // namespace

struct Sha256::Portable
{
    crypto_hash_sha256_state state;
};

Sha256::Sha256()
    : m_extensions(usesShaExtensions())
{
    if (m_extensions) {
        m_state = s_initial;
    } else {
        static const bool ready = sodium_init() >= 0;
        Q_ASSERT(ready);
        m_portable = std::make_unique<Portable>();
        crypto_hash_sha256_init(&m_portable->state);
    }
}

Sha256::~Sha256() = default;

bool Sha256::usesShaExtensions()
{
    return extensionsAvailable() && !s_forcePortable.load(std::memory_order_relaxed);
}

void Sha256::forcePortable(bool portable)
{
    s_forcePortable.store(portable, std::memory_order_relaxed);
}

void Sha256::add(QByteArrayView data)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.data());
    std::size_t size = std::size_t(data.size());
    // An empty view may have a null data(): memcpy from null is undefined even for 0 bytes.
    if (size == 0) {
        return;
    }
    if (!m_extensions) {
        crypto_hash_sha256_update(&m_portable->state, bytes, size);
        return;
    }
    m_length += size;
    if (m_buffered > 0) {
        const std::size_t take = std::min(size, m_buffer.size() - m_buffered);
        std::memcpy(m_buffer.data() + m_buffered, bytes, take);
        m_buffered += take;
        bytes += take;
        size -= take;
        if (m_buffered < m_buffer.size()) {
            return;
        }
        compress(m_buffer.data(), 1);
        m_buffered = 0;
    }
    const std::size_t whole = size / 64;
    if (whole > 0) {
        compress(bytes, whole);
    }
    std::memcpy(m_buffer.data(), bytes + 64 * whole, size - 64 * whole);
    m_buffered = size - 64 * whole;
}

std::array<unsigned char, 32> Sha256::finish()
{
    std::array<unsigned char, 32> digest;
    if (!m_extensions) {
        crypto_hash_sha256_final(&m_portable->state, digest.data());
        return digest;
    }

    // 0x80, zeros to 56 bytes past a block boundary, then the length in bits, big-endian.
    const std::uint64_t bits = m_length * 8;
    unsigned char tail[72] = {0x80};
    const std::size_t padding = (m_buffered < 56 ? 56 : 120) - m_buffered;
    for (int i = 0; i < 8; ++i) {
        tail[padding + std::size_t(i)] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    }
    add(QByteArrayView(reinterpret_cast<const char *>(tail), qsizetype(padding + 8)));
    for (std::size_t i = 0; i < 8; ++i) {
        digest[4 * i] = static_cast<unsigned char>(m_state[i] >> 24);
        digest[4 * i + 1] = static_cast<unsigned char>(m_state[i] >> 16);
        digest[4 * i + 2] = static_cast<unsigned char>(m_state[i] >> 8);
        digest[4 * i + 3] = static_cast<unsigned char>(m_state[i]);
    }
    return digest;
}

void Sha256::compress(const unsigned char *blocks, std::size_t count)
{
#ifdef FIREBREAK_SHA_EXTENSIONS
    compressWithExtensions(m_state.data(), blocks, count);
#else
    Q_UNUSED(blocks);
    Q_UNUSED(count);
    Q_UNREACHABLE();
#endif
}

} // namespace Firebreak
