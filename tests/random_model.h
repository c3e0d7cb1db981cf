// Random models and feature sequences, for the decoder's tests (test_decoder.cpp,
// test_simd.cpp): one recipe, so both exercise the same kinds of weights.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "masktag/features.h"
#include "masktag/model.h"

namespace masktag::test {

// real: numbers in [-3, 3); ties: whole numbers in [-spread, spread] times 0.5, few values,
// so scores tie often; integral: the same whole numbers times a random power-of-two
// scale, as the trainer makes weights, which take the decoder's integer Viterbi.
enum class RandomWeights { real, ties, integral };

// Ensures: a model of `labels` labels and `features` features (hashes f * 7919 + 1) with
// random weights of `kind`, indexed; an integral one has Model::integral.
inline Model random_model(std::mt19937_64& rng, std::size_t labels, std::size_t features, RandomWeights kind,
                          int spread = 2) {
    Model model;
    for (std::size_t y = 0; y < labels; ++y) model.labels.push_back("l" + std::to_string(y));
    std::vector<std::uint64_t> hashes;
    for (std::size_t f = 0; f < features; ++f) hashes.push_back(f * 7919 + 1);
    model.feature_hashes = hashes;
    std::vector<double> weights(model.num_weights());
    std::uniform_real_distribution<double> real(-3, 3);
    if (kind == RandomWeights::integral) model.emission_scale = std::ldexp(1.0, -static_cast<int>(rng() % 8));
    const auto whole = [&] { return static_cast<double>(static_cast<int>(rng() % (2 * spread + 1)) - spread); };
    for (double& w : weights)
        w = kind == RandomWeights::real   ? real(rng)
            : kind == RandomWeights::ties ? whole() * 0.5
                                          : whole() * model.emission_scale;
    model.weights = weights;
    model.index();
    if (kind == RandomWeights::integral) REQUIRE(model.integral);
    return model;
}

// Ensures: `length` tokens, each with fewer than `most_per_token` feature ids below `features`.
inline FeatureSequence random_sequence(std::mt19937_64& rng, std::size_t features, std::size_t length,
                                       std::size_t most_per_token) {
    FeatureSequence s;
    for (std::size_t t = 0; t < length; ++t) {
        const std::size_t count = rng() % most_per_token;
        for (std::size_t k = 0; k < count; ++k) s.ids.push_back(static_cast<std::uint32_t>(rng() % features));
        s.starts.push_back(static_cast<std::uint32_t>(s.ids.size()));
    }
    return s;
}

}  // namespace masktag::test
