#include "masktag/decoder.h"

#include <cassert>
#include <algorithm>
#include <bit>
#include <cstring>
#include <cmath>
#include <limits>
#include <span>
#include <type_traits>

#include "masktag/fixed_labels.h"
#include "masktag/lane_bits.h"
#include "masktag/simd.h"

namespace masktag {
namespace {

// Two doubles at a time (SSE2 on x86-64, NEON on ARM), four with AVX2 (see simd.h), and
// their bits. Code written for any of them makes the same IEEE operations lane by lane.
using Pair = double __attribute__((vector_size(16)));
using PairBits = std::int64_t __attribute__((vector_size(16)));
using Quad = double __attribute__((vector_size(32)));
using QuadBits = std::int64_t __attribute__((vector_size(32)));
template <typename Vec>
struct Lanes;
template <>
struct Lanes<Pair> {
    using Bits = PairBits;
};
template <>
struct Lanes<Quad> {
    using Bits = QuadBits;
};

// The vector code below is inlined into the function that calls it, always: into a
// MASKTAG_AVX2 function it becomes AVX2 code, and a copy of its own would be compiled
// for the baseline. So no 32-byte vector crosses a call, and GCC's warning that passing
// one without AVX enabled changes the ABI does not apply.
#define MASKTAG_INLINE [[gnu::always_inline]] inline
#pragma GCC diagnostic ignored "-Wpsabi"

// exp(x) for x <= 0, as forward-backward needs it (scores minus their maximum), for K
// vectors at once, in place: within one unit in the last place of std::exp, with no call
// and no branch, the K vectors' steps interleaved (each step waits on the one before).
// Below -700 it gives e^-700 (1e-304, nothing next to the 1 every token has) rather than
// a subnormal or 0.
template <typename Vec, std::size_t K>
MASKTAG_INLINE void exp_nonpositive(Vec (&x)[K]) {
    using Bits = typename Lanes<Vec>::Bits;
    constexpr double kLog2e = 1.4426950408889634;
    constexpr double kLn2High = 0.6931471803691238, kLn2Low = 1.9082149292705877e-10;
    constexpr double kRound = 0x1.8p52;  // adding it rounds to an integer, kept in the low bits
    // Taylor series to r^13 / 13!: the remainder is below 2e-16 of the result.
    constexpr double kTerms[] = {1.0 / 6227020800.0,
                                 1.0 / 479001600.0,
                                 1.0 / 39916800.0,
                                 1.0 / 3628800.0,
                                 1.0 / 362880.0,
                                 1.0 / 40320.0,
                                 1.0 / 5040.0,
                                 1.0 / 720.0,
                                 1.0 / 120.0,
                                 1.0 / 24.0,
                                 1.0 / 6.0,
                                 0.5,
                                 1.0,
                                 1.0};
    const Vec floor = Vec{} - 700.0;
    Vec shifted[K], r[K], p[K];
    for (std::size_t k = 0; k < K; ++k) {
        x[k] = x[k] < floor ? floor : x[k];
        shifted[k] = x[k] * kLog2e + kRound;
        const Vec n = shifted[k] - kRound;           // round(x / ln 2)
        r[k] = (x[k] - n * kLn2High) - n * kLn2Low;  // |r| <= ln(2) / 2
        p[k] = Vec{} + kTerms[0];
    }
    for (std::size_t term = 1; term < std::size(kTerms); ++term)
        for (std::size_t k = 0; k < K; ++k) p[k] = p[k] * r[k] + kTerms[term];
    for (std::size_t k = 0; k < K; ++k) {
        // 2^n from n's bits in `shifted`: n + 1023 into the exponent field.
        const Bits bits = (std::bit_cast<Bits>(shifted[k]) - std::bit_cast<std::int64_t>(kRound) + 1023) << 52;
        x[k] = p[k] * std::bit_cast<Vec>(bits);
    }
}

double exp_nonpositive(double x) {
    Pair pair[1] = {Pair{x, x}};
    exp_nonpositive(pair);
    return pair[0][0];
}

// A vector from memory that need not be aligned.
template <typename Vec>
MASKTAG_INLINE Vec load(const void* at) {
    Vec out;
    std::memcpy(&out, at, sizeof out);
    return out;
}

// Each token's marginal of its label and its highest marginal, from forward-backward's
// rows of `stride` values (a whole number of vectors: padding lanes hold 0, or NaN where
// the token's real lanes have NaN or infinity too), as Decoder::pick_marginals finds them:
// the highest is the largest product that is not NaN, or 0; which lane or vector it is
// in does not matter, as no product is -0.0.
template <typename Vec>
MASKTAG_INLINE void pick_marginals_lanes(const double* alpha, const double* beta, std::size_t tokens,
                                         std::size_t stride, std::span<const unsigned long> labels, double* marginals,
                                         double* best_marginals) {
    constexpr std::size_t kLanes = sizeof(Vec) / sizeof(double);
    for (std::size_t t = 0; t < tokens; ++t) {
        const double* a = alpha + t * stride;
        const double* b = beta + t * stride;
        Vec top{};
        for (std::size_t k = 0; k < stride; k += kLanes) {
            const Vec product = load<Vec>(a + k) * load<Vec>(b + k);
            top = top < product ? product : top;  // std::max(top, product), lane by lane
        }
        double best = top[0];
        for (std::size_t lane = 1; lane < kLanes; ++lane) best = std::max(best, top[lane]);
        marginals[t] = a[labels[t]] * b[labels[t]];
        best_marginals[t] = best;
    }
}

void pick_marginals_pairs(const double* alpha, const double* beta, std::size_t tokens, std::size_t stride,
                          std::span<const unsigned long> labels, double* marginals, double* best_marginals) {
    pick_marginals_lanes<Pair>(alpha, beta, tokens, stride, labels, marginals, best_marginals);
}

#if MASKTAG_HAVE_AVX2_PATH
MASKTAG_AVX2 void pick_marginals_quads(const double* alpha, const double* beta, std::size_t tokens, std::size_t stride,
                                       std::span<const unsigned long> labels, double* marginals,
                                       double* best_marginals) {
    pick_marginals_lanes<Quad>(alpha, beta, tokens, stride, labels, marginals, best_marginals);
}
#endif

// Ensures: out[j] = sums[j] * scale for j < count. The same loop for the baseline and,
// four values a step instead of two, for AVX2: the same conversions and products.
// (The scale as a parameter: a store to `out` cannot change it, so the loop vectorizes.)
MASKTAG_INLINE void scale_sums_with(const std::int32_t* sums, std::size_t count, double scale, double* out) {
    for (std::size_t j = 0; j < count; ++j) out[j] = static_cast<double>(sums[j]) * scale;
}

#if MASKTAG_HAVE_AVX2_PATH
MASKTAG_AVX2 void scale_sums_avx2(const std::int32_t* sums, std::size_t count, double scale, double* out) {
    scale_sums_with(sums, count, scale, out);
}
#endif

void scale_sums(const std::int32_t* sums, std::size_t count, double scale, double* out) {
#if MASKTAG_HAVE_AVX2_PATH
    if (simd::use_avx2()) return scale_sums_avx2(sums, count, scale, out);
#endif
    scale_sums_with(sums, count, scale, out);
}

}  // namespace

Decoder::Decoder(const Model& model)
    : model_(model),
      labels_(model.num_labels()),
      transition_(model.weights.data() + model.num_features() * model.num_labels()),
      prior_(transition_ + model.num_labels() * model.num_labels()) {
    // Rows padded to an even length, for Viterbi two labels at a time.
    const std::size_t L = labels_, stride = L + L % 2;
    padded_transition_.assign(L * stride, 0.0);
    padded_prior_.assign(stride, 0.0);
    for (std::size_t p = 0; p < L; ++p)
        std::copy(transition_ + p * L, transition_ + (p + 1) * L, &padded_transition_[p * stride]);
    std::copy(prior_, prior_ + L, padded_prior_.data());
    make_integer_steps();
}

void Decoder::make_integer_steps() {
    const std::size_t L = labels_, stride = integer_stride(L);
    if (!model_.integral || stride == 0) return;
    const double inverse = 1.0 / model_.emission_scale;  // exact: a power of two
    integer_prior_.assign(stride, 0);
    integer_steps_.assign(L * stride, 0);
    for (std::size_t y = 0; y < L; ++y) integer_prior_[y] = static_cast<std::int32_t>(prior_[y] * inverse);
    for (std::size_t p = 0; p < L; ++p) {
        for (std::size_t y = 0; y < L; ++y) {
            const double step = (transition_[p * L + y] + prior_[y]) * inverse;
            if (std::abs(step) >= kIntegerStepLimit) {  // the bound that keeps Viterbi in 32 bits
                integer_steps_.clear();
                return;
            }
            integer_steps_[p * stride + y] = static_cast<std::int32_t>(step);
        }
    }
    // The same steps by label: row y holds every previous label's step into y.
    integer_steps_into_.assign(L * stride, 0);
    for (std::size_t p = 0; p < L; ++p)
        for (std::size_t y = 0; y < L; ++y) integer_steps_into_[y * stride + p] = integer_steps_[p * stride + y];
}

void Decoder::score(const FeatureSequence& sequence, const double* start) {
    with_fixed_labels(labels_, [&](auto fixed) { score_for<decltype(fixed)::value>(sequence, start); });
}

template <std::size_t kLabels>
void Decoder::score_for(const FeatureSequence& sequence, const double* start) {
    const std::size_t L = kLabels != 0 ? kLabels : labels_;
    tokens_ = sequence.size();
    if (start != nullptr)
        emission_.assign(start, start + tokens_ * L);
    else
        emission_.assign(tokens_ * L, 0.0);
    const double* w = model_.weights.data();
    for (std::size_t t = 0; t < tokens_; ++t) {
        double* e = &emission_[t * L];
        // One contiguous row per feature, added in feature order: the same sums as dlib's.
        for (const std::uint32_t f : sequence[t]) {
            const double* row = w + static_cast<std::size_t>(f) * L;
            for (std::size_t y = 0; y < L; ++y) e[y] += row[y];
        }
    }
}

double Decoder::factor(std::size_t t, std::size_t p, std::size_t y) const {
    // dlib adds the transition, then the prior; the first token has no transition.
    const double e = emission_[t * labels_ + y];
    return t == 0 ? e + prior_[y] : (e + transition_[p * labels_ + y]) + prior_[y];
}

void Decoder::decode(const FeatureSequence& sequence, std::vector<unsigned long>& labels) {
    score(sequence, nullptr);
    viterbi(integer_emissions(), labels);
}

void Decoder::decode(const FeatureSequence& sequence, std::span<const double> start,
                     std::vector<unsigned long>& labels) {
    score(sequence, start.data());
    viterbi(integer_emissions(), labels);
}

void Decoder::decode_integral(std::span<const std::int32_t> sums, std::vector<unsigned long>& labels) {
    tokens_ = labels_ == 0 ? 0 : sums.size() / labels_;
    emission_.resize(sums.size());
    scale_sums(sums.data(), sums.size(), model_.emission_scale, emission_.data());
    viterbi(integer_steps_.empty() ? nullptr : sums.data(), labels);
}

const std::int32_t* Decoder::integer_emissions() {
    if (integer_steps_.empty()) return nullptr;
    // Emission sums of integer weights are whole multiples of the scale: exactly.
    const double inverse = 1.0 / model_.emission_scale;
    bool bounded = true;
    for (const double e : emission_) bounded &= std::abs(e) * inverse < kIntegerEmissionLimit;
    if (!bounded) return nullptr;
    integer_scratch_.resize(emission_.size());
    for (std::size_t j = 0; j < emission_.size(); ++j)
        integer_scratch_[j] = static_cast<std::int32_t>(emission_[j] * inverse);
    return integer_scratch_.data();
}

void Decoder::viterbi(const std::int32_t* integer_sums, std::vector<unsigned long>& labels) {
    with_fixed_labels(labels_, [&](auto fixed) { viterbi_for<decltype(fixed)::value>(integer_sums, labels); });
}

// Pairs make the same IEEE additions and comparisons as the scalar loop, lane by lane,
// so the results are identical.

template <std::size_t kLabels>
void Decoder::viterbi_rows_fixed() {
    static constexpr std::size_t kPairs = (kLabels + 1) / 2;
    const double* prior = padded_prior_.data();
    const double* transition = padded_transition_.data();  // row p starts at p * 2 * kPairs
    for (std::size_t t = 1; t < tokens_; ++t) {
        // This token's emission row, padded to whole pairs; the padding lanes compute
        // nothing that is read.
        double padded[2 * kPairs] = {};
        std::copy(&emission_[t * kLabels], &emission_[t * kLabels] + kLabels, padded);
        Pair e[kPairs];
        for (std::size_t k = 0; k < kPairs; ++k) e[k] = load<Pair>(padded + 2 * k);
        const double* previous = &best_[(t - 1) * kLabels];
        Pair best[kPairs], back[kPairs];
        for (std::size_t k = 0; k < kPairs; ++k) {
            best[k] = Pair{} - std::numeric_limits<double>::infinity();
            back[k] = Pair{};
        }
        // Each label y sees the previous labels p in ascending order, as in dlib.
        for (std::size_t p = 0; p < kLabels; ++p) {
            const Pair path = Pair{} + previous[p];
            const Pair label = Pair{} + static_cast<double>(p);
            for (std::size_t k = 0; k < kPairs; ++k) {
                // The factor as dlib sums it, then the path so far; strictly greater wins.
                const Pair value =
                    ((e[k] + load<Pair>(transition + (p * kPairs + k) * 2)) + load<Pair>(prior + 2 * k)) + path;
                const auto better = value > best[k];
                back[k] = better ? label : back[k];
                best[k] = better ? value : best[k];
            }
        }
        for (std::size_t y = 0; y < kLabels; ++y) {
            best_[t * kLabels + y] = best[y / 2][y % 2];
            back_[t * kLabels + y] = static_cast<unsigned>(back[y / 2][y % 2]);
        }
    }
}

// Four 32-bit integers at a time (SSE2 on x86-64, NEON on ARM), eight with AVX2.
using lanes::Int32x4;
using lanes::Int32x8;
using lanes::lane_bits;

// The highest lane of a vector: halves folded onto each other.
MASKTAG_INLINE std::int32_t highest_lane(Int32x4 v) {
    v = v > __builtin_shufflevector(v, v, 2, 3, 0, 1) ? v : __builtin_shufflevector(v, v, 2, 3, 0, 1);
    v = v > __builtin_shufflevector(v, v, 1, 0, 3, 2) ? v : __builtin_shufflevector(v, v, 1, 0, 3, 2);
    return v[0];
}
// (Eights by reference: a 32-byte vector passed by value draws GCC's note on the AVX ABI.)
MASKTAG_INLINE std::int32_t highest_lane(const Int32x8& v) {
    const Int32x8 halves = __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
    const Int32x8 high = v > halves ? v : halves;
    return highest_lane(Int32x4{high[0], high[1], high[2], high[3]});
}

// With integer weights, scores are whole multiples of the scale: Viterbi on the integers
// makes the same comparisons as on the doubles, exactly, so it finds dlib's labeling, ties
// included; and exactly the same whatever the vectors' width. Each token's scores are
// shifted so their highest is 0, which changes no comparison and keeps every score within
// 32 bits however long the title: a score then lies within 2 * (kIntegerStepLimit +
// kIntegerEmissionLimit) of 0.
template <typename Ints, std::size_t kLabels>
MASKTAG_INLINE void Decoder::viterbi_integral_lanes(const std::int32_t* sums, std::vector<unsigned long>& labels) {
    static constexpr std::size_t kLanes = sizeof(Ints) / sizeof(std::int32_t);
    static constexpr std::size_t kVecs = (kLabels + kLanes - 1) / kLanes, S = kLanes * kVecs;
    static constexpr std::size_t G = integer_stride(kLabels);
    const std::int32_t* steps = integer_steps_.data();  // row p starts at p * G
    // Each token's best path scores, shifted by their highest (`tops`); rows of S, whose
    // padding lanes are never read.
    integer_rows_.resize(tokens_ * S);
    integer_tops_.resize(tokens_);
    std::int32_t* rows = integer_rows_.data();
    // Lanes past the labels, in the last vector: left out of a row's highest.
    Ints padding{};
    for (std::size_t i = kLabels - (kVecs - 1) * kLanes; i < kLanes; ++i) padding[i] = -1;
    const Ints lowest = Ints{} + std::numeric_limits<std::int32_t>::min();
    const auto shift = [&](Ints(&row)[kVecs], std::size_t t) {
        Ints high = padding != 0 ? lowest : row[kVecs - 1];
        for (std::size_t k = 0; k + 1 < kVecs; ++k) high = row[k] > high ? row[k] : high;
        const std::int32_t top = highest_lane(high);
        for (std::size_t k = 0; k < kVecs; ++k) row[k] -= top;
        // A vector at a time: copied whole, the row went through the stack and back.
        for (std::size_t k = 0; k < kVecs; ++k) std::memcpy(rows + t * S + kLanes * k, &row[k], sizeof row[k]);
        integer_tops_[t] = top;
    };
    {
        std::int32_t first[S] = {};
        for (std::size_t y = 0; y < kLabels; ++y) first[y] = sums[y] + integer_prior_[y];
        Ints row[kVecs];
        std::memcpy(row, first, sizeof row);
        shift(row, 0);
    }
    for (std::size_t t = 1; t < tokens_; ++t) {
        const std::int32_t* previous = rows + (t - 1) * S;
        std::int32_t padded[S] = {};
        std::copy(sums + t * kLabels, sums + (t + 1) * kLabels, padded);
        Ints best[kVecs];
        for (std::size_t k = 0; k < kVecs; ++k) best[k] = load<Ints>(steps + kLanes * k) + previous[0];
        // Only the best scores here; backtracking finds which previous label gave each.
        // The emission is the same for every previous label: added once, after the
        // maximum, which integers (unlike doubles) allow exactly.
        for (std::size_t p = 1; p < kLabels; ++p)
            for (std::size_t k = 0; k < kVecs; ++k) {
                const Ints value = load<Ints>(steps + p * G + kLanes * k) + previous[p];
                best[k] = value > best[k] ? value : best[k];
            }
        for (std::size_t k = 0; k < kVecs; ++k) best[k] += load<Ints>(padded + kLanes * k);
        shift(best, t);
    }
    // The last label with the highest score, then for each token the lowest previous
    // label that reaches the chosen label's score: the one dlib's strictly-greater scan
    // keeps.
    const std::size_t n = tokens_;
    const std::int32_t* into = integer_steps_into_.data();  // row y: the steps into label y
    unsigned long state = 0;
    for (std::size_t y = 1; y < kLabels; ++y)
        if (rows[(n - 1) * S + y] > rows[(n - 1) * S + state]) state = y;
    for (std::size_t t = n - 1; t > 0; --t) {
        labels[t] = state;
        const std::int32_t target = rows[t * S + state] + integer_tops_[t] - sums[t * kLabels + state];
        const std::int32_t* previous = rows + (t - 1) * S;
        std::uint64_t reaching = 0;  // bit p: label p reaches it
        for (std::size_t k = 0; k < kVecs; ++k) {
            const Ints reaches =
                load<Ints>(previous + kLanes * k) + load<Ints>(into + state * G + kLanes * k) == target;
            reaching |= static_cast<std::uint64_t>(lane_bits(reaches)) << (kLanes * k);
        }
        // Padding lanes may reach it by chance: only labels count.
        reaching &= (std::uint64_t{1} << kLabels) - 1;
        state = static_cast<unsigned long>(std::countr_zero(reaching));
    }
    labels[0] = state;
}

template <std::size_t kLabels>
void Decoder::viterbi_integral(const std::int32_t* sums, std::vector<unsigned long>& labels) {
#if MASKTAG_HAVE_AVX2_PATH
    if (simd::use_avx2()) return viterbi_integral_octs<kLabels>(sums, labels);
#endif
    viterbi_integral_lanes<Int32x4, kLabels>(sums, labels);
}

#if MASKTAG_HAVE_AVX2_PATH
template <std::size_t kLabels>
MASKTAG_AVX2 void Decoder::viterbi_integral_octs(const std::int32_t* sums, std::vector<unsigned long>& labels) {
    viterbi_integral_lanes<Int32x8, kLabels>(sums, labels);
}
#endif

template <std::size_t kLabels>
void Decoder::viterbi_for(const std::int32_t* integer_sums, std::vector<unsigned long>& labels) {
    const std::size_t L = kLabels != 0 ? kLabels : labels_, n = tokens_;
    labels.resize(n);
    if (n == 0) return;
    if constexpr (kLabels != 0) {
        if (integer_sums != nullptr) {
            viterbi_integral<kLabels>(integer_sums, labels);
            return;
        }
    }
    best_.resize(n * L);
    back_.resize(n * L);
    for (std::size_t y = 0; y < L; ++y) best_[y] = factor(0, 0, y);
    if constexpr (kLabels != 0) {
        viterbi_rows_fixed<kLabels>();
    } else {
        for (std::size_t t = 1; t < n; ++t) {
            const double* e = &emission_[t * L];
            const double* previous = &best_[(t - 1) * L];
            for (std::size_t y = 0; y < L; ++y) {
                double best = -std::numeric_limits<double>::infinity();
                unsigned back = 0;
                for (std::size_t p = 0; p < L; ++p) {
                    // The factor as dlib sums it, then the path so far.
                    const double value = ((e[y] + transition_[p * L + y]) + prior_[y]) + previous[p];
                    if (value > best) {  // strictly greater: the lowest label wins ties, as in dlib
                        best = value;
                        back = static_cast<unsigned>(p);
                    }
                }
                best_[t * L + y] = best;
                back_[t * L + y] = back;
            }
        }
    }
    backtrack(labels);
}

void Decoder::backtrack(std::vector<unsigned long>& labels) const {
    const std::size_t L = labels_, n = tokens_;
    unsigned long state = 0;
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t y = 0; y < L; ++y) {
        if (best_[(n - 1) * L + y] > best) {
            best = best_[(n - 1) * L + y];
            state = y;
        }
    }
    for (std::size_t t = n; t-- > 0;) {
        labels[t] = state;
        state = back_[t * L + state];
    }
}

void Decoder::forward_backward(double temperature, bool partition) {
    make_gates(temperature);
    if (simd::scalar_forward_backward()) return forward_backward_for<0>(temperature, partition);  // tests
    with_fixed_labels(labels_, [&](auto fixed) {
        if constexpr (decltype(fixed)::value == 0)
            forward_backward_for<0>(temperature, partition);
#if MASKTAG_HAVE_AVX2_PATH
        else if (simd::use_avx2())
            forward_backward_quads<decltype(fixed)::value>(temperature, partition);
#endif
        else
            forward_backward_pairs<decltype(fixed)::value>(temperature, partition);
    });
}

// The rows only grow: every row a title uses is written before it is read, so the sizes
// need not match the title, and most titles then cost no resize (nor its zeroing).
void Decoder::start_forward_backward(std::size_t stride) {
    stride_ = stride;
    const auto at_least = [](std::vector<double>& rows, std::size_t size) {
        if (rows.size() < size) rows.resize(size);
    };
    at_least(unary_, tokens_ * stride);
    at_least(scale_, tokens_);
    at_least(alpha_, tokens_ * stride);
    at_least(beta_, tokens_ * stride);
    log_partition_ = 0;
}

void Decoder::make_gates(double temperature) {
    if (gates_temperature_ == temperature) return;
    const std::size_t L = labels_, stride = gate_stride(L);
    const double inverse = 1.0 / temperature;
    gates_.resize(L * L);
    const double top = *std::max_element(transition_, transition_ + L * L);
    for (std::size_t i = 0; i < L * L; ++i) gates_[i] = std::exp((transition_[i] - top) * inverse);
    gates_shift_ = top * inverse;
    gates_temperature_ = temperature;
    // Padded with zeros, which add nothing, to whole quads (which are whole pairs too): row p
    // is gates[p][.], column row y gates[.][y].
    gate_rows_.assign(L * stride, 0.0);
    gate_columns_.assign(L * stride, 0.0);
    for (std::size_t p = 0; p < L; ++p) {
        for (std::size_t y = 0; y < L; ++y) {
            gate_rows_[p * stride + y] = gates_[p * L + y];
            gate_columns_[y * stride + p] = gates_[p * L + y];
        }
    }
}

// The same sums as forward_backward_for, in the same order lane by lane, a vector of
// labels at a time; rows are padded to whole vectors, the padding lanes kept at zero.
template <typename Vec, std::size_t kLabels>
MASKTAG_INLINE void Decoder::forward_backward_lanes(double temperature, bool partition) {
    static constexpr std::size_t kLanes = sizeof(Vec) / sizeof(double), kVecs = (kLabels + kLanes - 1) / kLanes;
    static constexpr std::size_t S = kLanes * kVecs, G = gate_stride(kLabels);
    const std::size_t n = tokens_;
    const double inverse = 1.0 / temperature;
    start_forward_backward(S);
    const double* rows = gate_rows_.data();
    const double* columns = gate_columns_.data();
    // First every token's unary row, which depends on its emissions alone: the exponentials
    // of its scores less their highest (`tops`, kept in row_scratch_ for the partition
    // function). A row's whole vectors are taken per token; the labels past them (kLeft
    // of them, fewer than a vector) are gathered from all tokens into whole vectors,
    // so that 9 labels cost 2.25 quads of exponentials a token, not 3. Each value goes
    // through the same operations, lane by lane, wherever it sits.
    static constexpr std::size_t kWhole = kLabels / kLanes, kLeft = kLabels % kLanes;
    row_scratch_.resize(n);
    double* tops = row_scratch_.data();
    double* left = beta_.data();  // the gathered scores, until the backward pass writes beta_
    for (std::size_t t = 0; t < n; ++t) {
        // Scores a vector at a time where whole, and their highest: the largest of them, in
        // any order (the only other answer, -0.0 for 0.0, gives the same exponentials and
        // partition function).
        double scores[S];
        const double* emission = &emission_[t * kLabels];
        Vec highest = Vec{} - std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < kWhole; ++k) {
            const Vec score = load<Vec>(emission + kLanes * k) + load<Vec>(prior_ + kLanes * k);
            std::memcpy(scores + kLanes * k, &score, sizeof score);
            highest = highest < score ? score : highest;
        }
        double top = highest[0];
        for (std::size_t lane = 1; lane < kLanes; ++lane) top = std::max(top, highest[lane]);
        for (std::size_t y = kWhole * kLanes; y < kLabels; ++y) {
            scores[y] = emission[y] + prior_[y];
            top = std::max(top, scores[y]);
        }
        tops[t] = top;
        double* unary = &unary_[t * S];
        if constexpr (kWhole > 0) {
            Vec u[kWhole];
            for (std::size_t k = 0; k < kWhole; ++k) u[k] = (load<Vec>(scores + kLanes * k) - top) * inverse;
            exp_nonpositive(u);
            std::memcpy(unary, u, sizeof u);
        }
        for (std::size_t y = kWhole * kLanes; y < kLabels; ++y)
            left[t * kLeft + y - kWhole * kLanes] = (scores[y] - top) * inverse;
        for (std::size_t y = kLabels; y < S; ++y) unary[y] = 0.0;  // padding lanes: 0, which adds nothing
    }
    if constexpr (kLeft > 0) {
        const std::size_t count = n * kLeft;
        for (std::size_t at = count; at % kLanes != 0; ++at) left[at] = 0.0;  // whole vectors (room: see above)
        for (std::size_t at = 0; at < count; at += kLanes) {
            Vec x[1] = {load<Vec>(left + at)};
            exp_nonpositive(x);
            std::memcpy(left + at, x, sizeof x);
        }
        for (std::size_t t = 0; t < n; ++t)
            std::copy(left + t * kLeft, left + (t + 1) * kLeft, &unary_[t * S + kWhole * kLanes]);
    }
    for (std::size_t t = 0; t < n; ++t) {
        Vec u[kVecs], into[kVecs], a[kVecs];
        std::memcpy(u, &unary_[t * S], sizeof u);
        if (t == 0) {
            for (std::size_t k = 0; k < kVecs; ++k) into[k] = Vec{} + 1.0;
        } else {
            const double* previous = &alpha_[(t - 1) * S];
            for (std::size_t k = 0; k < kVecs; ++k) into[k] = Vec{};
            for (std::size_t p = 0; p < kLabels; ++p)
                for (std::size_t k = 0; k < kVecs; ++k) into[k] += previous[p] * load<Vec>(rows + p * G + kLanes * k);
        }
        double sum = 0;
        for (std::size_t k = 0; k < kVecs; ++k) a[k] = u[k] * into[k];
        for (std::size_t y = 0; y < kLabels; ++y) sum += a[y / kLanes][y % kLanes];
        const double normalizer = 1.0 / sum;
        for (std::size_t k = 0; k < kVecs; ++k) a[k] *= normalizer;
        std::memcpy(&alpha_[t * S], a, sizeof a);
        scale_[t] = sum;
        if (partition) log_partition_ += std::log(sum) + tops[t] * inverse + (t > 0 ? gates_shift_ : 0.0);
    }
    for (std::size_t y = 0; y < S; ++y) beta_[(n - 1) * S + y] = 1.0;
    for (std::size_t t = n - 1; t-- > 0;) {
        const double normalizer = 1.0 / scale_[t + 1];
        double v[S];
        for (std::size_t k = 0; k < kVecs; ++k) {
            const Vec value =
                load<Vec>(&unary_[(t + 1) * S + kLanes * k]) * load<Vec>(&beta_[(t + 1) * S + kLanes * k]) * normalizer;
            std::memcpy(v + kLanes * k, &value, sizeof value);
        }
        Vec b[kVecs];
        for (std::size_t k = 0; k < kVecs; ++k) b[k] = Vec{};
        for (std::size_t y = 0; y < kLabels; ++y)
            for (std::size_t k = 0; k < kVecs; ++k) b[k] += load<Vec>(columns + y * G + kLanes * k) * v[y];
        std::memcpy(&beta_[t * S], b, sizeof b);
    }
}

template <std::size_t kLabels>
void Decoder::forward_backward_pairs(double temperature, bool partition) {
    forward_backward_lanes<Pair, kLabels>(temperature, partition);
}

#if MASKTAG_HAVE_AVX2_PATH
template <std::size_t kLabels>
MASKTAG_AVX2 void Decoder::forward_backward_quads(double temperature, bool partition) {
    forward_backward_lanes<Quad, kLabels>(temperature, partition);
}
#endif

template <std::size_t kLabels>
void Decoder::forward_backward_for(double temperature, bool partition) {
    // Scaled forward-backward in probability space. A factor's exponent splits into
    // emission + prior (per token and label) and transition (per label pair), so only L
    // exponentials are taken per token; the transitions' table is made once per temperature.
    const std::size_t L = kLabels != 0 ? kLabels : labels_, n = tokens_;
    const double inverse = 1.0 / temperature;
    const double* prior = prior_;
    start_forward_backward(L);
    // Scratch rows on the stack when L is fixed, else in a member (allocated once).
    double into_fixed[kLabels != 0 ? kLabels : 1], v_fixed[kLabels != 0 ? kLabels : 1];
    row_scratch_.resize(2 * L);
    double* into = kLabels != 0 ? into_fixed : row_scratch_.data();
    double* v = kLabels != 0 ? v_fixed : row_scratch_.data() + L;
    for (std::size_t t = 0; t < n; ++t) {
        double* u = &unary_[t * L];
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t y = 0; y < L; ++y) top = std::max(top, emission_[t * L + y] + prior[y]);
        for (std::size_t y = 0; y < L; ++y) u[y] = exp_nonpositive((emission_[t * L + y] + prior[y] - top) * inverse);
        double* a = &alpha_[t * L];
        if (t == 0) {
            for (std::size_t y = 0; y < L; ++y) into[y] = 1.0;
        } else {
            // Row by row over the previous labels: contiguous, so the loop vectorizes.
            const double* previous = &alpha_[(t - 1) * L];
            for (std::size_t y = 0; y < L; ++y) into[y] = 0;
            for (std::size_t p = 0; p < L; ++p)
                for (std::size_t y = 0; y < L; ++y) into[y] += previous[p] * gates_[p * L + y];
        }
        double sum = 0;
        for (std::size_t y = 0; y < L; ++y) {
            a[y] = u[y] * into[y];
            sum += a[y];
        }
        const double normalizer = 1.0 / sum;
        for (std::size_t y = 0; y < L; ++y) a[y] *= normalizer;
        scale_[t] = sum;
        if (partition) log_partition_ += std::log(sum) + top * inverse + (t > 0 ? gates_shift_ : 0.0);
    }
    for (std::size_t y = 0; y < L; ++y) beta_[(n - 1) * L + y] = 1.0;
    for (std::size_t t = n - 1; t-- > 0;) {
        const double* u = &unary_[(t + 1) * L];
        const double* next = &beta_[(t + 1) * L];
        const double normalizer = 1.0 / scale_[t + 1];
        for (std::size_t y = 0; y < L; ++y) v[y] = u[y] * next[y] * normalizer;
        for (std::size_t p = 0; p < L; ++p) {
            double sum = 0;
            for (std::size_t y = 0; y < L; ++y) sum += gates_[p * L + y] * v[y];
            beta_[t * L + p] = sum;
        }
    }
}

double Decoder::marginal(std::size_t t, std::size_t y) const {
    return alpha_[t * stride_ + y] * beta_[t * stride_ + y];
}

double Decoder::confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                           std::vector<double>& best_marginals) {
    return confidence(labels, marginals, best_marginals, true);
}

void Decoder::marginals(std::span<const unsigned long> labels, std::vector<double>& marginals,
                        std::vector<double>& best_marginals) {
    confidence(labels, marginals, best_marginals, false);
}

template <std::size_t kLabels>
void Decoder::pick_marginals(std::span<const unsigned long> labels, std::vector<double>& marginals,
                             std::vector<double>& best_marginals) const {
    const std::size_t L = kLabels != 0 ? kLabels : labels_, S = stride_;
    for (std::size_t t = 0; t < tokens_; ++t) {
        const double* a = &alpha_[t * S];
        const double* b = &beta_[t * S];
        double top = 0;
        for (std::size_t y = 0; y < L; ++y) top = std::max(top, a[y] * b[y]);
        marginals[t] = a[labels[t]] * b[labels[t]];  // marginal(t, labels[t])
        best_marginals[t] = top;
    }
}

double Decoder::confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                           std::vector<double>& best_marginals, bool probability) {
    const std::size_t n = tokens_;
    assert(labels.size() == n);  // Requires: decode() was just called for this sequence
    marginals.resize(n);
    best_marginals.resize(n);
    if (n == 0) return 1.0;
    forward_backward(model_.temperature, probability);
    // Rows of whole vectors, as the fixed label counts' forward-backward leaves them, are
    // read a vector at a time; the scalar loop is for the rest (and for tests).
    const auto pick_in = [&](auto lanes, std::size_t width) {
        if (stride_ % width != 0 || simd::scalar_forward_backward()) return false;
        lanes(alpha_.data(), beta_.data(), n, stride_, labels, marginals.data(), best_marginals.data());
        return true;
    };
    bool picked = false;
#if MASKTAG_HAVE_AVX2_PATH
    if (simd::use_avx2()) picked = pick_in(pick_marginals_quads, 4);
#endif
    if (!picked && !pick_in(pick_marginals_pairs, 2))
        with_fixed_labels(
            labels_, [&](auto fixed) { pick_marginals<decltype(fixed)::value>(labels, marginals, best_marginals); });
    if (!probability) return 0;
    double path = 0;
    for (std::size_t t = 0; t < n; ++t) path += factor(t, t == 0 ? 0 : labels[t - 1], labels[t]);
    return std::exp(path / model_.temperature - log_partition_);
}

void Decoder::emission_sums(const FeatureSequence& sequence, std::vector<double>& sums) {
    score(sequence, nullptr);
    sums.assign(emission_.begin(), emission_.begin() + static_cast<std::ptrdiff_t>(tokens_ * labels_));
}

double Decoder::token_log_likelihood(std::span<const double> sums, std::span<const unsigned long> gold,
                                     double temperature) {
    tokens_ = sums.size() / labels_;
    emission_.assign(sums.begin(), sums.end());
    return scored_log_likelihood(gold, temperature);
}

double Decoder::token_log_likelihood(const FeatureSequence& sequence, std::span<const unsigned long> gold,
                                     double temperature) {
    score(sequence, nullptr);
    return scored_log_likelihood(gold, temperature);
}

double Decoder::scored_log_likelihood(std::span<const unsigned long> gold, double temperature) {
    if (tokens_ == 0) return 0;
    forward_backward(temperature, false);
    double sum = 0;
    for (std::size_t t = 0; t < tokens_; ++t) sum += std::log(std::max(marginal(t, gold[t]), 1e-300));
    return sum;
}

}  // namespace masktag
