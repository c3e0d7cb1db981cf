#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "masktag/decoder.h"
#include "masktag/default_model.h"
#include "masktag/lane_bits.h"
#include "masktag/predictor.h"
#include "masktag/simd.h"
#include "random_model.h"
#include "test_support.h"

using namespace masktag;

namespace {

// Which path simd::use_avx2() takes while it lives; the automatic choice afterwards.
class Path {
public:
    explicit Path(bool baseline) { simd::force_baseline(baseline); }
    ~Path() { simd::force_baseline(false); }
    Path(const Path&) = delete;
    Path& operator=(const Path&) = delete;
};

// Which loops run forward-backward and pick each token's marginals while it lives: the
// scalar ones for any label count, or (afterwards) the vector ones for the fixed counts.
class ScalarForwardBackward {
public:
    ScalarForwardBackward() { simd::force_scalar_forward_backward(true); }
    ~ScalarForwardBackward() { simd::force_scalar_forward_backward(false); }
    ScalarForwardBackward(const ScalarForwardBackward&) = delete;
    ScalarForwardBackward& operator=(const ScalarForwardBackward&) = delete;
};

// Equal bit for bit: doubles compared as bytes, so -0.0 differs from 0.0 and NaN from NaN
// only when their bits do.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Weights in [-4, 4] for the integral ones; up to 7 features a token.
Model random_model(std::mt19937_64& rng, std::size_t labels, std::size_t features, bool integral) {
    return test::random_model(rng, labels, features,
                              integral ? test::RandomWeights::integral : test::RandomWeights::real, 4);
}

FeatureSequence random_sequence(std::mt19937_64& rng, std::size_t features, std::size_t length) {
    return test::random_sequence(rng, features, length, 8);
}

// All that a decoder gives for one sequence on one path.
struct Decoded {
    std::vector<unsigned long> labels;
    std::vector<double> marginals, best_marginals, quick_marginals, quick_best;
    double probability = 0, log_likelihood = 0, cold_log_likelihood = 0;
};

Decoded decode(const Model& model, const FeatureSequence& s, bool baseline) {
    const Path path(baseline);
    Decoder decoder(model);
    Decoded out;
    decoder.decode(s, out.labels);
    out.probability = decoder.confidence(out.labels, out.marginals, out.best_marginals);
    decoder.marginals(out.labels, out.quick_marginals, out.quick_best);
    // Training's temperature fit: a usual temperature, and a cold one whose scores fall
    // below exp_nonpositive's floor.
    out.log_likelihood = decoder.token_log_likelihood(s, out.labels, 1.7);
    out.cold_log_likelihood = decoder.token_log_likelihood(s, out.labels, 0.003);
    return out;
}

void check_same(const Decoded& a, const Decoded& b) {
    CHECK(a.labels == b.labels);
    CHECK(same_bits(a.marginals, b.marginals));
    CHECK(same_bits(a.best_marginals, b.best_marginals));
    CHECK(same_bits(a.quick_marginals, b.quick_marginals));
    CHECK(same_bits(a.quick_best, b.quick_best));
    CHECK(same_bits(a.probability, b.probability));
    CHECK(same_bits(a.log_likelihood, b.log_likelihood));
    CHECK(same_bits(a.cold_log_likelihood, b.cold_log_likelihood));
}

// Catch2 2 has no SKIP: a warning says why there is nothing to compare.
bool have_two_paths() {
    if (simd::use_avx2()) return true;
    WARN("no AVX2 on this CPU (or MASKTAG_SIMD=sse2): only the baseline path runs, nothing to compare");
    return false;
}

}  // namespace

// The AVX2 kernels (simd.h) must give every output the SSE2 ones give, bit for bit: each
// label count the decoder fixes at compile time (2 to 12), padding lanes included, real and
// integer weights, long titles.
TEST_CASE("the AVX2 and baseline paths decode and give marginals identical bit for bit, on random models") {
    if (!have_two_paths()) return;
    std::mt19937_64 rng(2024);
    for (int trial = 0; trial < 1500; ++trial) {
        const std::size_t labels = 2 + rng() % 12, features = 1 + rng() % 50, length = 1 + rng() % 40;
        const bool integral = rng() % 2 == 0;
        Model model = random_model(rng, labels, features, integral);
        model.temperature = 0.25 + static_cast<double>(rng() % 40) / 10.0;
        const FeatureSequence s = random_sequence(rng, features, length);
        INFO("trial " << trial << ", " << labels << " labels, " << length << " tokens");
        check_same(decode(model, s, false), decode(model, s, true));
    }
}

// The vector kernels of forward-backward (unary rows, their exponentials gathered across
// tokens, the recursions) and of picking each token's marginals must give what the scalar
// loops give, bit for bit, on both paths: every label count (past 12 too, where the rows
// are not padded), real and integer weights, cold temperatures whose marginals underflow.
TEST_CASE("the vector forward-backward and marginals equal the scalar loops bit for bit") {
    std::mt19937_64 rng(99);
    for (int trial = 0; trial < 1000; ++trial) {
        const std::size_t labels = 2 + rng() % 15, features = 1 + rng() % 50, length = 1 + rng() % 40;
        Model model = random_model(rng, labels, features, rng() % 2 == 0);
        model.temperature = trial % 5 == 0 ? 0.003 : 0.25 + static_cast<double>(rng() % 40) / 10.0;
        const FeatureSequence s = random_sequence(rng, features, length);
        for (const bool baseline : {false, true}) {
            INFO("trial " << trial << ", " << labels << " labels, " << length << " tokens, baseline " << baseline);
            const Decoded vectors = decode(model, s, baseline);
            const ScalarForwardBackward scalar;
            check_same(vectors, decode(model, s, baseline));
        }
    }
}

TEST_CASE("the AVX2 and baseline paths decode integer sums identically, at the bounds of integer Viterbi") {
    if (!have_two_paths()) return;
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 500; ++trial) {
        const std::size_t labels = 2 + rng() % 11, length = 1 + rng() % 60;
        const Model model = random_model(rng, labels, 3, true);
        // Sums near the limit, or few values so that ties are common.
        const auto limit = static_cast<std::int64_t>(Decoder::kIntegerEmissionLimit) - 1;
        std::vector<std::int32_t> sums(labels * length);
        for (std::int32_t& s : sums)
            s = static_cast<std::int32_t>(trial % 2 == 0 ? static_cast<std::int64_t>(rng() % (2 * limit + 1)) - limit
                                                         : static_cast<std::int64_t>(rng() % 3) - 1);
        std::vector<unsigned long> avx2, baseline;
        Decoder fast(model), slow(model);
        fast.decode_integral(sums, avx2);
        {
            const Path path(true);
            slow.decode_integral(sums, baseline);
        }
        INFO("trial " << trial);
        CHECK(avx2 == baseline);
    }
}

// The predictor's own paths (integer sums from memoized parts) on the built-in model.
TEST_CASE("the AVX2 and baseline paths predict identically with the built-in model") {
    if (!have_two_paths()) return;
    const Model model = load_default_model();
    std::vector<std::string> titles;
    for (const auto& r : test::read_records(test::source_path("data/corpus.jsonl"))) titles.push_back(r.title);
    titles.push_back("3M 3M 3M Aura aura AURA 9205+ 9205+ N95 n95 N95");
    titles.push_back("");
    Predictor fast(model), slow(model);
    std::vector<Token> tokens;
    std::vector<unsigned long> l1, l2;
    std::vector<double> m1, b1, m2, b2;
    for (const std::string& title : titles) {
        tokenize(title, tokens);
        fast.predict(title, tokens, l1);
        const double p1 = fast.confidence(l1, m1, b1);
        double p2 = 0;
        {
            const Path path(true);
            slow.predict(title, tokens, l2);
            p2 = slow.confidence(l2, m2, b2);
        }
        INFO(title);
        CHECK(l1 == l2);
        CHECK(same_bits(m1, m2));
        CHECK(same_bits(b1, b2));
        CHECK(same_bits(p1, p2));
    }
}

#if MASKTAG_HAVE_AVX2_PATH
namespace {
// lane_bits of eights, as the AVX2 Viterbi calls it: from AVX2 code.
MASKTAG_AVX2 unsigned avx2_lane_bits(const lanes::Int32x8& mask) { return lanes::lane_bits(mask); }
}  // namespace
#endif

// Viterbi's backtrack reads which lanes matched with movmskps where the CPU has it: the
// same bits as the portable fold, for every mask of four and of eight lanes.
TEST_CASE("lane_bits gives each true lane's bit, as the portable fold does") {
    for (unsigned bits = 0; bits < 16; ++bits) {
        lanes::Int32x4 mask{};
        for (int lane = 0; lane < 4; ++lane) mask[lane] = (bits >> lane & 1) != 0 ? -1 : 0;
        INFO(bits);
        CHECK(lanes::lane_bits(mask) == bits);
        CHECK(lanes::lane_bits_portable(mask) == bits);
    }
    for (unsigned bits = 0; bits < 256; ++bits) {
        lanes::Int32x8 mask{};
        for (int lane = 0; lane < 8; ++lane) mask[lane] = (bits >> lane & 1) != 0 ? -1 : 0;
        INFO(bits);
        CHECK(lanes::lane_bits_portable(mask) == bits);
#if MASKTAG_HAVE_AVX2_PATH
        if (simd::use_avx2()) CHECK(avx2_lane_bits(mask) == bits);
#else
        CHECK(lanes::lane_bits(mask) == bits);
#endif
    }
}
