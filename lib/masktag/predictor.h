// Labels the tokens of titles with a trained model.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "masktag/decoder.h"
#include "masktag/feature_table.h"
#include "masktag/features.h"
#include "masktag/model.h"

namespace masktag {

// Requires: `tokens` are tokens of `title`.
// Ensures: `sequence` holds, for each token, the rows of its features that `table`
// knows, in extraction order; unknown features are left out. The prediction path: feature
// keys are hashed from their pieces, never built.
void featurize(FeatureExtractor& extractor, const FeatureTable& table, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence);

// The same with a dictionary of feature keys, as training uses.
void featurize(FeatureExtractor& extractor, const FeatureDictionary& dictionary, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence);

// Predicts label sequences with one model. Reuses its buffers between calls, so it is
// not thread-safe: use one Predictor per thread (they may share the Model).
class Predictor {
public:
    // Requires: `model` is indexed and outlives this object.
    explicit Predictor(const Model& model);

    // Requires: `tokens` are tokens of `title`.
    // Ensures: `labels` holds one label index (into model.labels) per token: the
    // highest-scoring labeling under the model.
    void predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels);

    // Requires: predict() was just called and gave `labels`.
    // Ensures: see Decoder::confidence.
    double confidence(std::span<const unsigned long> labels, std::vector<double>& marginals,
                      std::vector<double>& best_marginals) {
        return decoder_.confidence(labels, marginals, best_marginals);
    }
    // The same without the probability (see Decoder::marginals).
    void marginals(std::span<const unsigned long> labels, std::vector<double>& marginals,
                   std::vector<double>& best_marginals) {
        decoder_.marginals(labels, marginals, best_marginals);
    }

private:
    using Role = FeatureExtractor::Role;
    // The path for a model with integer weights (Model::integral): the same result.
    void predict_integral(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels);
    // Requires: integer_sums_ has n x L values.
    // Ensures: integer_sums_ holds each token's emission sums, in units
    // of the scale, from its words' role sums and its place and phrase sums.
    template <std::size_t kLabels>
    void add_up_integer_sums(std::size_t n);
    // The same in AVX2 (simd.h), and the code both run; integer sums are exact, so equal.
    template <std::size_t kLabels>
    void add_up_integer_sums_avx2(std::size_t n);
    template <std::size_t kLabels>
    void add_up_integer_sums_with(std::size_t n);
    // Adds the integer emission row of the feature with this hash, if the model has it.
    void add_integer_row(std::uint64_t hash, std::int32_t* sum) const;
    // Integer weight sums (L each) of place i of n, and of token k's word in every role
    // (kRoles x L, role-major); where in phrase_sums_ a lexicon phrase's are.
    const std::int32_t* place_sum(std::size_t i, std::size_t n) const;
    const std::int32_t* word_sums(std::size_t k);
    // The integer emission row of token i's compound feature (compound_feature_hashes), or
    // nullptr outside a compound or where the model lacks it.
    const std::int16_t* compound_row(std::size_t i);
    std::size_t phrase_index(Role role, std::uint16_t label, std::uint8_t place) const;

    const Model& model_;
    FeatureExtractor extractor_;
    FeatureSequence sequence_;        // each token's context features
    std::vector<double> token_sums_;  // each token's own features' weight sums, tokens x L
    Decoder decoder_;
    // Integer path only (all empty otherwise).
    std::vector<std::int32_t> place_sums_;    // (kPlaceFromStart + 1) x (kPlaceFromEnd + 1) x L
    std::size_t phrase_labels_ = 0;           // lexicon labels + 1 (label 0: no phrase)
    std::vector<std::int32_t> phrase_sums_;   // 3 roles x phrase_labels_ x 3 places x L
    std::vector<std::int32_t> mark_sums_;     // (repeats or not) x 4 joint places (none, B, I, E) x L
    std::vector<std::int32_t> word_sums_;     // tokens x kRoles x L, for words the memo lacks
    std::vector<std::int32_t> integer_sums_;  // tokens x L
};

// Ensures: the reference predictor's confidence: the mean over tokens of each token's
// highest marginal; 1 for a title without tokens.
double mean_confidence(std::span<const double> best_marginals);

}  // namespace masktag
