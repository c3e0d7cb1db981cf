// Labels the tokens of titles with a trained model.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <dlib/svm/sequence_labeler.h>

#include "masktag/features.h"
#include "masktag/model.h"

namespace masktag {

// Requires: `tokens` are tokens of `title`.
// Ensures: `sequence` holds, for each token, the ids of its features that `dictionary`
// knows, in extraction order; unknown features are left out.
void featurize(FeatureExtractor& extractor, const FeatureDictionary& dictionary, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence);

// Predicts label sequences with one model. Reuses its buffers between calls, so it is
// not thread-safe: use one Predictor per thread (they may share the Model).
class Predictor {
public:
    // Requires: `model` outlives this object.
    explicit Predictor(const Model& model);

    // Requires: `tokens` are tokens of `title`.
    // Ensures: `labels` holds one label index (into model.labels) per token: the
    // highest-scoring labeling under the model.
    void predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels);

private:
    const Model& model_;
    FeatureExtractor extractor_;
    FeatureSequence sequence_;
    dlib::sequence_labeler<ChainFeatures> labeler_;
};

}  // namespace masktag
