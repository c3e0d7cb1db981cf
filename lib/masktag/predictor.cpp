#include "masktag/predictor.h"

namespace masktag {

void featurize(FeatureExtractor& extractor, const FeatureTable& table, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence) {
    sequence.clear();
    extractor.load(title, tokens);
    std::vector<std::uint64_t>& hashes = sequence.scratch;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        // Two passes: hash and prefetch every feature of the token, then look them up.
        hashes.clear();
        extractor.feature_hashes(i, [&](std::uint64_t hash) {
            table.prefetch(hash);
            hashes.push_back(hash);
        });
        // Unknown features are common and unpredictable: skip them without a branch.
        std::size_t end = sequence.ids.size();
        sequence.ids.resize(end + hashes.size());
        for (const std::uint64_t hash : hashes) {
            const std::uint32_t row = table.find(hash);
            sequence.ids[end] = row;
            end += row != FeatureTable::kUnknown;
        }
        sequence.ids.resize(end);
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
