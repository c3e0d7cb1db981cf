#include "masktag/predictor.h"

namespace masktag {
namespace {

// Ensures: the rows of the features whose hashes are `hashes` and that `table` knows,
// appended to `ids` in order.
void append_known_rows(const FeatureTable& table, std::span<const std::uint64_t> hashes,
                       std::vector<std::uint32_t>& ids) {
    // Unknown features are common and unpredictable: skip them without a branch.
    std::size_t end = ids.size();
    ids.resize(end + hashes.size());
    for (const std::uint64_t hash : hashes) {
        const std::uint32_t row = table.find(hash);
        ids[end] = row;
        end += row != FeatureTable::kUnknown;
    }
    ids.resize(end);
}

}  // namespace

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
        append_known_rows(table, hashes, sequence.ids);
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
    std::vector<std::uint64_t>& hashes = sequence_.scratch;
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
        hashes.clear();
        extractor_.context_feature_hashes(i, [&](std::uint64_t hash) {
            table.prefetch(hash);
            hashes.push_back(hash);
        });
        append_known_rows(table, hashes, sequence_.ids);
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
