#include "masktag/predictor.h"

namespace masktag {
namespace {

dlib::matrix<double, 0, 1> to_dlib(const std::vector<double>& weights) {
    dlib::matrix<double, 0, 1> w(static_cast<long>(weights.size()));
    for (std::size_t i = 0; i < weights.size(); ++i) w(static_cast<long>(i)) = weights[i];
    return w;
}

}  // namespace

void featurize(FeatureExtractor& extractor, const FeatureDictionary& dictionary, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence) {
    sequence.clear();
    extractor.load(title, tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        extractor.features(i, [&](std::string_view key) {
            const std::uint32_t id = dictionary.find(key);
            if (id != FeatureDictionary::kUnknown) sequence.ids.push_back(id);
        });
        sequence.starts.push_back(static_cast<std::uint32_t>(sequence.ids.size()));
    }
}

Predictor::Predictor(const Model& model)
    : model_(model),
      extractor_(model.groups),
      labeler_(to_dlib(model.weights), ChainFeatures(model.num_labels(), model.dictionary.size())) {}

void Predictor::predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels) {
    if (tokens.empty()) {
        labels.clear();
        return;
    }
    featurize(extractor_, model_.dictionary, title, tokens, sequence_);
    labeler_.label_sequence(sequence_, labels);
}

}  // namespace masktag
