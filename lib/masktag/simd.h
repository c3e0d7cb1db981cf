// Which vector instructions the hot loops use (Decoder's forward-backward and integer
// Viterbi, Predictor's integer sums): the binary is built for baseline x86-64 (SSE2), and
// AVX2 versions of those loops are chosen at run time on a CPU that has it. Both versions
// make the same IEEE operations in the same order lane by lane (no FMA), or exact integer
// ones, so every output is the same bit for bit whichever runs.
#pragma once

// AVX2 code in a binary built without -mavx2: on a function, `MASKTAG_AVX2 void f();`.
// Only x86-64 with GCC or Clang has it; elsewhere the baseline versions are all there is.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MASKTAG_HAVE_AVX2_PATH 1
#define MASKTAG_AVX2 __attribute__((target("avx2")))
#else
#define MASKTAG_HAVE_AVX2_PATH 0
#define MASKTAG_AVX2
#endif

namespace masktag::simd {

// Ensures: true when the AVX2 versions should run: the CPU has AVX2, the environment
// variable MASKTAG_SIMD is not "sse2" (read once, at the first call), and
// force_baseline(true) is not in force.
bool use_avx2();

// For tests, which compare the two paths: true makes use_avx2() false until it is
// called again with false. Not for use while other threads decode.
void force_baseline(bool baseline);

// Ensures: true while force_scalar_forward_backward(true) is in force: the decoder then
// runs forward-backward, and picks each token's marginals, with its scalar loops for a
// label count known only at run time, not the vector ones for the counts it fixes. For
// tests, which compare the two; not for use while other threads decode.
bool scalar_forward_backward();
void force_scalar_forward_backward(bool scalar);

}  // namespace masktag::simd
