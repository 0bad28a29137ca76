// SHA-256 compression with the x86 SHA extensions, for one stream or two interleaved.
// Ingest's InputDigests uses it to hash two input files on one core at almost twice the speed
// of one: a single stream waits on each round's latency, two streams fill those waits.
#ifndef CHASH_H
#define CHASH_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (with SSSE3 and SSE4.1); 0 elsewhere, including on
/// other architectures, where the functions below must not be called.
int chash_sha256_available(void);

/// Runs `blocks` 64-byte blocks of `p` through `state` (the eight working words, FIPS 180-4 order).
void chash_sha256_blocks(uint32_t state[8], const uint8_t *p, size_t blocks);

/// The same for two independent streams, `blocks` blocks each, interleaved round by round.
void chash_sha256_blocks2(uint32_t a[8], const uint8_t *pa, uint32_t b[8], const uint8_t *pb, size_t blocks);

#endif
