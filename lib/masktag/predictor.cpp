#include "masktag/predictor.h"

namespace masktag {

void featurize(FeatureExtractor& extractor, const FeatureTable& table, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence) {
    sequence.clear();
    extractor.load(title, tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        extractor.feature_hashes(i, [&](std::uint64_t hash) {
            const std::uint32_t row = table.find(hash);
            if (row != FeatureTable::kUnknown) sequence.ids.push_back(row);
        });
        sequence.starts.push_back(static_cast<std::uint32_t>(sequence.ids.size()));
    }
}

void featurize(FeatureExtractor& extractor, const FeatureDictionary& dictionary, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence) {
    sequence.clear();
    extractor.load(title, tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        extractor.features(i, [&](std::string_view key, std::uint64_t) {
            const std::uint32_t id = dictionary.find(key);
            if (id != FeatureDictionary::kUnknown) sequence.ids.push_back(id);
        });
        sequence.starts.push_back(static_cast<std::uint32_t>(sequence.ids.size()));
    }
}

Predictor::Predictor(const Model& model)
    : model_(model), extractor_(model.groups, model.key_scheme, &model.lexicon), decoder_(model) {}

void Predictor::predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels) {
    featurize(extractor_, model_.table, title, tokens, sequence_);
    decoder_.decode(sequence_, labels);
}

double mean_confidence(std::span<const double> best_marginals) {
    if (best_marginals.empty()) return 1.0;
    double sum = 0;
    for (const double m : best_marginals) sum += m;
    return sum / static_cast<double>(best_marginals.size());
}

}  // namespace masktag
