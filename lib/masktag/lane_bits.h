// Which lanes of a vector comparison came out true, as the bits of a number: integer
// Viterbi's backtrack asks it once per token and vector.
#pragma once

#include <cstdint>

#include "masktag/simd.h"

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace masktag::lanes {

// Four 32-bit integers (SSE2 on x86-64, NEON on ARM), eight (AVX2).
using Int32x4 = std::int32_t __attribute__((vector_size(16)));
using Int32x8 = std::int32_t __attribute__((vector_size(32)));

// Requires: every lane of `mask` is 0 or all ones, as a comparison gives them.
// Ensures: bit i set exactly where lane i is all ones; no other bits.
// The portable way: each lane's bit, halves folded onto each other. (Eights by reference:
// a 32-byte vector passed by value draws GCC's note on the AVX ABI.)
[[gnu::always_inline]] inline unsigned lane_bits_portable(Int32x4 mask) {
    Int32x4 v = mask & Int32x4{1, 2, 4, 8};
    v |= __builtin_shufflevector(v, v, 2, 3, 0, 1);
    v |= __builtin_shufflevector(v, v, 1, 0, 3, 2);
    return static_cast<unsigned>(v[0]);
}
[[gnu::always_inline]] inline unsigned lane_bits_portable(const Int32x8& mask) {
    Int32x8 v = mask & Int32x8{1, 2, 4, 8, 16, 32, 64, 128};
    v |= __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
    v |= __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
    v |= __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6);
    return static_cast<unsigned>(v[0]);
}

// The same, in one instruction where the CPU has it (movmskps gathers each lane's top
// bit, which a lane of all ones has and a lane of 0 has not): a quarter of the steps.
[[gnu::always_inline]] inline unsigned lane_bits(Int32x4 mask) {
#if defined(__SSE2__)
    return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(reinterpret_cast<__m128i>(mask))));
#else
    return lane_bits_portable(mask);
#endif
}
// Requires besides: called from AVX2 code (a MASKTAG_AVX2 function) where there is any.
// Not always_inline: GCC refuses that for AVX2 code inside a template written for both
// widths; inlined all the same once that template is inlined into its AVX2 caller.
#if MASKTAG_HAVE_AVX2_PATH
MASKTAG_AVX2 inline unsigned lane_bits(const Int32x8& mask) {
    return static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(reinterpret_cast<__m256i>(mask))));
}
#else
[[gnu::always_inline]] inline unsigned lane_bits(const Int32x8& mask) { return lane_bits_portable(mask); }
#endif

}  // namespace masktag::lanes
