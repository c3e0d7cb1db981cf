#include "masktag/predictor.h"

namespace masktag {
namespace {

// Requires: features(visit) calls visit(hash) for each feature hash of one token.
// Ensures: the rows of those features that `table` knows appended to `ids`, in order.
template <typename Features>
void append_known_rows(const FeatureTable& table, std::vector<std::uint32_t>& ids, Features&& features) {
    features([&](std::uint64_t hash) {
        const std::uint32_t row = table.find(hash);
        if (row != FeatureTable::kUnknown) ids.push_back(row);
    });
}

}  // namespace

void featurize(FeatureExtractor& extractor, const FeatureTable& table, std::string_view title,
               std::span<const Token> tokens, FeatureSequence& sequence) {
    sequence.clear();
    extractor.load(title, tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        append_known_rows(table, sequence.ids, [&](auto visit) { extractor.feature_hashes(i, visit); });
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
    : model_(model), extractor_(model.groups, model.key_scheme, &model.lexicon), decoder_(model) {
    extractor_.enable_memo(model.num_labels());
}

// As featurize() then Decoder::decode(), with one difference in the work, not the result:
// the weights of a token's own features are summed first, in feature order, and kept in
// the extractor's memo, so a token seen before needs only its context features.
void Predictor::predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels) {
    const std::size_t L = model_.num_labels(), n = tokens.size();
    const FeatureTable& table = model_.table;
    extractor_.load(title, tokens);
    sequence_.clear();
    token_sums_.assign(n * L, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        double* sum = &token_sums_[i * L];
        if (const double* remembered = extractor_.remembered_sum(i)) {
            std::copy(remembered, remembered + L, sum);
        } else {
            extractor_.token_feature_hashes(i, [&](std::uint64_t hash) {
                const std::uint32_t row = table.find(hash);
                if (row == FeatureTable::kUnknown) return;
                const double* weights = &model_.weights[static_cast<std::size_t>(row) * L];
                for (std::size_t y = 0; y < L; ++y) sum[y] += weights[y];
            });
            extractor_.remember(i, std::span<const double>(sum, L));
        }
        append_known_rows(table, sequence_.ids, [&](auto visit) { extractor_.context_feature_hashes(i, visit); });
        sequence_.starts.push_back(static_cast<std::uint32_t>(sequence_.ids.size()));
    }
    decoder_.decode(sequence_, token_sums_, labels);
}

double mean_confidence(std::span<const double> best_marginals) {
    if (best_marginals.empty()) return 1.0;
    double sum = 0;
    for (const double m : best_marginals) sum += m;
    return sum / static_cast<double>(best_marginals.size());
}

}  // namespace masktag
