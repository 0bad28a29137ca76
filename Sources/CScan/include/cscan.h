// Byte classes of 64 bytes at a time for the CSV scanner (Ingest's CSVFastPath.swift).
// Everything is `static inline` so that Swift inlines it into the scanning loop.
#ifndef CSCAN_H
#define CSCAN_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i of each mask describes byte p[i].
typedef struct {
    /// Commas, line feeds and quotes: where a simple record's field may end (or stop being simple).
    uint64_t stops;
    /// Bytes >= 0x80.
    uint64_t highs;
} cscan_masks;

/// Plain C, for targets without SSE2 (correct, not fast); always built, so tests compare it
/// with the vector version on machines that have one.
static inline cscan_masks cscan_classify64_portable(const uint8_t *p) {
    cscan_masks m = {0, 0};
    for (int i = 0; i < 64; i++) {
        uint8_t c = p[i];
        if (c == ',' || c == '\n' || c == '"') m.stops |= (uint64_t)1 << i;
        if (c >= 0x80) m.highs |= (uint64_t)1 << i;
    }
    return m;
}

#if defined(__SSE2__)

static inline void cscan_classify16(const uint8_t *p, int shift, cscan_masks *m) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m->stops |= (uint64_t)(uint32_t)_mm_movemask_epi8(stops) << shift;
    // movemask takes each byte's top bit: exactly the bytes >= 0x80.
    m->highs |= (uint64_t)(uint32_t)_mm_movemask_epi8(v) << shift;
}

/// Classifies p[0 ..< 64]; all 64 bytes must be readable.
static inline cscan_masks cscan_classify64(const uint8_t *p) {
    cscan_masks m = {0, 0};
    cscan_classify16(p, 0, &m);
    cscan_classify16(p + 16, 16, &m);
    cscan_classify16(p + 32, 32, &m);
    cscan_classify16(p + 48, 48, &m);
    return m;
}

#else

/// Classifies p[0 ..< 64]; all 64 bytes must be readable.
static inline cscan_masks cscan_classify64(const uint8_t *p) { return cscan_classify64_portable(p); }

#endif

#endif
