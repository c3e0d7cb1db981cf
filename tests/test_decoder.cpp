#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include <dlib/svm/sequence_labeler.h>

#include "masktag/decoder.h"
#include "masktag/default_model.h"
#include "masktag/predictor.h"
#include "masktag/trainer.h"
#include "dlib_chain_features.h"
#include "random_model.h"
#include "test_support.h"

using namespace masktag;

namespace {

using test::random_model;
using test::RandomWeights;

// Up to 5 features a token.
FeatureSequence random_sequence(std::mt19937_64& rng, std::size_t features, std::size_t length) {
    return test::random_sequence(rng, features, length, 6);
}

Model random_model(std::mt19937_64& rng, std::size_t labels, std::size_t features, bool ties) {
    return random_model(rng, labels, features, ties ? RandomWeights::ties : RandomWeights::real);
}

std::vector<unsigned long> dlib_labels(const Model& model, const FeatureSequence& sequence) {
    dlib::matrix<double, 0, 1> w(static_cast<long>(model.weights.size()));
    for (std::size_t i = 0; i < model.weights.size(); ++i) w(static_cast<long>(i)) = model.weights[i];
    dlib::sequence_labeler<ChainFeatures> labeler(w, ChainFeatures(model.num_labels(), model.num_features()));
    return sequence.size() == 0 ? std::vector<unsigned long>{} : labeler(sequence);
}

// Scores a labeling the slow way, as the sum of its factors.
double path_score(const Model& model, const FeatureSequence& s, const std::vector<unsigned long>& y) {
    const std::size_t L = model.num_labels(), F = model.num_features();
    double total = 0;
    for (std::size_t t = 0; t < s.size(); ++t) {
        for (const std::uint32_t f : s[t]) total += model.weights[f * L + y[t]];
        if (t > 0) total += model.weights[F * L + y[t - 1] * L + y[t]];
        total += model.weights[F * L + L * L + y[t]];
    }
    return total;
}

}  // namespace

TEST_CASE("the decoder returns exactly dlib's labeling, ties included, on random models and titles") {
    std::mt19937_64 rng(12345);
    for (int trial = 0; trial < 3000; ++trial) {
        const std::size_t labels = 1 + rng() % 13, features = 1 + rng() % 40, length = rng() % 30;
        // Integer weights take the decoder's integer Viterbi (up to 12 labels).
        const Model model = random_model(rng, labels, features, static_cast<RandomWeights>(trial % 3));
        const FeatureSequence sequence = random_sequence(rng, features, length);
        Decoder decoder(model);
        std::vector<unsigned long> ours;
        decoder.decode(sequence, ours);
        const auto theirs = dlib_labels(model, sequence);
        INFO("trial " << trial << ", " << labels << " labels, " << length << " tokens");
        REQUIRE(ours == theirs);
    }
}

TEST_CASE("the decoder matches dlib on a trained model and real titles") {
    const auto records = test::read_records(test::source_path("tests/fixtures/small.jsonl"));
    const Model model = train(records, TrainOptions{});
    Decoder decoder(model);
    FeatureExtractor extractor(model.groups);
    FeatureSequence sequence;
    std::vector<unsigned long> ours;
    for (const auto& r : records) {
        featurize(extractor, model.table, r.title, r.tokens, sequence);
        decoder.decode(sequence, ours);
        CHECK(ours == dlib_labels(model, sequence));
    }
}

TEST_CASE("marginals and the labeling's probability agree with brute-force enumeration") {
    std::mt19937_64 rng(99);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t L = 1 + rng() % 4, n = 1 + rng() % 4, F = 1 + rng() % 10;
        Model model = random_model(rng, L, F, false);
        model.temperature = 0.5 + static_cast<double>(rng() % 30) / 10.0;
        const FeatureSequence s = random_sequence(rng, F, n);
        Decoder decoder(model);
        std::vector<unsigned long> best;
        decoder.decode(s, best);
        std::vector<double> marginals, top;
        const double probability = decoder.confidence(best, marginals, top);

        // Enumerate every labeling.
        std::vector<unsigned long> y(n, 0);
        std::vector<std::vector<double>> expected(n, std::vector<double>(L, 0.0));
        double z = 0, best_score = -1e300;
        std::vector<double> scores;
        std::vector<std::vector<unsigned long>> all;
        while (true) {
            const double score = path_score(model, s, y);
            scores.push_back(score);
            all.push_back(y);
            best_score = std::max(best_score, score);
            std::size_t i = 0;
            while (i < n && ++y[i] == L) y[i++] = 0;
            if (i == n) break;
        }
        for (std::size_t k = 0; k < all.size(); ++k) {
            const double p = std::exp((scores[k] - best_score) / model.temperature);
            z += p;
            for (std::size_t t = 0; t < n; ++t) expected[t][all[k][t]] += p;
        }
        INFO("trial " << trial);
        CHECK(path_score(model, s, best) == Approx(best_score));
        CHECK(probability == Approx(std::exp((path_score(model, s, best) - best_score) / model.temperature) / z));
        for (std::size_t t = 0; t < n; ++t) {
            double top_expected = 0;
            for (std::size_t l = 0; l < L; ++l) top_expected = std::max(top_expected, expected[t][l] / z);
            CHECK(marginals[t] == Approx(expected[t][best[t]] / z));
            CHECK(top[t] == Approx(top_expected));
        }
    }
}

TEST_CASE("an empty sequence decodes to nothing with full confidence") {
    std::mt19937_64 rng(1);
    const Model model = random_model(rng, 3, 4, false);
    Decoder decoder(model);
    std::vector<unsigned long> labels{1};
    decoder.decode(FeatureSequence{}, labels);
    CHECK(labels.empty());
    std::vector<double> m, top;
    CHECK(decoder.confidence(labels, m, top) == 1.0);
}

// The default model has integer weights (Model::integral), so the predictor puts each
// token's sums together from memoized parts; the same weights times 3 are not on a
// power-of-two grid, so it sums them in feature order, remembering only a token's own.
TEST_CASE("the predictor's memo and sum order change no labeling and no probability, bit for bit") {
    Model model = load_default_model();
    REQUIRE(model.integral);
    if (GENERATE(false, true)) {
        model.emission_scale *= 3;
        std::vector<double> weights = model.weights.to_vector();
        for (double& w : weights) w *= 3;
        model.weights = weights;
        model.index();
        REQUIRE_FALSE(model.integral);
    }
    // Titles that repeat words in new company, and a title with many repeats of one word,
    // so the memo hits, misses and overwrites slots; two passes of them are more than
    // the titles after which the memo moves to huge pages, so it is used after the move.
    std::vector<std::string> titles;
    for (const auto& r : test::read_records(test::source_path("data/corpus.jsonl"))) titles.push_back(r.title);
    titles.push_back("3M 3M 3M Aura aura AURA 9205+ 9205+ N95 n95 N95");
    titles.push_back("");
    Predictor predictor(model);
    Decoder decoder(model);
    FeatureExtractor extractor(model.groups, model.key_scheme, &model.lexicon);
    FeatureSequence sequence;
    std::vector<unsigned long> with_memo, without;
    std::vector<double> m1, b1, m2, b2, m3, b3;
    for (int pass = 0; pass < 2; ++pass) {
        for (const std::string& title : titles) {
            std::vector<Token> tokens;
            tokenize(title, tokens);
            predictor.predict(title, tokens, with_memo);
            const double p1 = predictor.confidence(with_memo, m1, b1);
            featurize(extractor, model.table, title, tokens, sequence);
            decoder.decode(sequence, without);
            const double p2 = decoder.confidence(without, m2, b2);
            INFO(title);
            REQUIRE(with_memo == without);
            REQUIRE(p1 == p2);
            REQUIRE(m1 == m2);
            REQUIRE(b1 == b2);
            // Without the probability (predict without --details): the same marginals.
            predictor.marginals(with_memo, m3, b3);
            REQUIRE(m3 == m1);
            REQUIRE(b3 == b1);
        }
    }
}
