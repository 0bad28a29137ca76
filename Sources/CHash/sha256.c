// SHA-256 (FIPS 180-4) block compression with SHA-NI. State is kept the way the instructions
// want it: ABEF and CDGH in two registers. Each SHA256RNDS2 does two rounds and must wait for
// the one before it, so one stream leaves the unit idle most of the time; the two-stream
// version issues both streams' rounds side by side and the CPU overlaps them.
#include "chash.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int chash_sha256_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#define STEP SHA_TARGET __attribute__((always_inline)) static inline

/// One stream's registers while a block is compressed: the state, the state the block started
/// from, and the last sixteen message words (four per register, oldest first by `g & 3`).
typedef struct {
    __m128i abef, cdgh, abef0, cdgh0;
    __m128i w[4];
} lane;

STEP lane lane_load(const uint32_t *s) {
    __m128i badc = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s), 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(s + 4)), 0x1B);
    lane l;
    l.abef = _mm_alignr_epi8(badc, hgfe, 8);
    l.cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);
    return l;
}

STEP void lane_store(const lane *l, uint32_t *s) {
    __m128i abef = _mm_shuffle_epi32(l->abef, 0x1B);
    __m128i cdgh = _mm_shuffle_epi32(l->cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)s, _mm_blend_epi16(abef, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)(s + 4), _mm_alignr_epi8(cdgh, abef, 8));
}

/// Starts a block: message words in big-endian order, the starting state kept for the end.
STEP void lane_begin(lane *l, const uint8_t *p) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    for (int i = 0; i < 4; i++) l->w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
    l->abef0 = l->abef;
    l->cdgh0 = l->cdgh;
}

/// Rounds 4g to 4g+3; from g = 4 on, the four message words they need are made first from the
/// sixteen before them (W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]).
STEP void lane_rounds(lane *l, int g) {
    if (g >= 4) {
        __m128i w16 = l->w[g & 3], w12 = l->w[(g + 1) & 3], w8 = l->w[(g + 2) & 3], w4 = l->w[(g + 3) & 3];
        __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(w16, w12), _mm_alignr_epi8(w4, w8, 4));
        l->w[g & 3] = _mm_sha256msg2_epu32(partial, w4);
    }
    __m128i wk = _mm_add_epi32(l->w[g & 3], _mm_loadu_si128((const __m128i *)(K + 4 * g)));
    // Each call returns the new ABEF; the old ABEF becomes the new CDGH.
    __m128i abef = _mm_sha256rnds2_epu32(l->cdgh, l->abef, wk);
    l->cdgh = _mm_sha256rnds2_epu32(l->abef, abef, _mm_shuffle_epi32(wk, 0x0E));
    l->abef = l->cdgh;
    l->cdgh = abef;
}

STEP void lane_finish(lane *l) {
    l->abef = _mm_add_epi32(l->abef, l->abef0);
    l->cdgh = _mm_add_epi32(l->cdgh, l->cdgh0);
}

SHA_TARGET void chash_sha256_blocks(uint32_t state[8], const uint8_t *p, size_t blocks) {
    lane l = lane_load(state);
    for (; blocks > 0; blocks--, p += 64) {
        lane_begin(&l, p);
        _Pragma("clang loop unroll(full)")
        for (int g = 0; g < 16; g++) lane_rounds(&l, g);
        lane_finish(&l);
    }
    lane_store(&l, state);
}

SHA_TARGET void chash_sha256_blocks2(uint32_t a[8], const uint8_t *pa, uint32_t b[8], const uint8_t *pb, size_t blocks) {
    lane la = lane_load(a), lb = lane_load(b);
    for (; blocks > 0; blocks--, pa += 64, pb += 64) {
        lane_begin(&la, pa);
        lane_begin(&lb, pb);
        _Pragma("clang loop unroll(full)")
        for (int g = 0; g < 16; g++) {
            lane_rounds(&la, g);
            lane_rounds(&lb, g);
        }
        lane_finish(&la);
        lane_finish(&lb);
    }
    lane_store(&la, a);
    lane_store(&lb, b);
}

#else

int chash_sha256_available(void) { return 0; }
void chash_sha256_blocks(uint32_t state[8], const uint8_t *p, size_t blocks) { (void)state; (void)p; (void)blocks; }
void chash_sha256_blocks2(uint32_t a[8], const uint8_t *pa, uint32_t b[8], const uint8_t *pb, size_t blocks) {
    (void)a; (void)pa; (void)b; (void)pb; (void)blocks;
}

#endif
