#include "masktag/simd.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace masktag::simd {
namespace {

bool cpu_and_environment_allow_avx2() {
#if MASKTAG_HAVE_AVX2_PATH
    // In a static binary nothing has run the CPU probe before main: run it here.
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2")) return false;
    const char* choice = std::getenv("MASKTAG_SIMD");
    return choice == nullptr || std::strcmp(choice, "sse2") != 0;
#else
    return false;
#endif
}

std::atomic<bool> forced_baseline{false};
std::atomic<bool> forced_scalar_forward_backward{false};

}  // namespace

bool use_avx2() {
    // Decided once (a thread-safe static), then one load and a test per call.
    static const bool allowed = cpu_and_environment_allow_avx2();
    return allowed && !forced_baseline.load(std::memory_order_relaxed);
}

void force_baseline(bool baseline) { forced_baseline.store(baseline, std::memory_order_relaxed); }

bool scalar_forward_backward() { return forced_scalar_forward_backward.load(std::memory_order_relaxed); }

void force_scalar_forward_backward(bool scalar) {
    forced_scalar_forward_backward.store(scalar, std::memory_order_relaxed);
}

}  // namespace masktag::simd
