#include "masktag/predictor.h"

#include <algorithm>

#include "masktag/fixed_labels.h"
#include "masktag/simd.h"

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
    if (!model.integral || model.key_scheme != KeyScheme::pieces) {
        extractor_.enable_memo(model.num_labels());
        return;
    }
    extractor_.enable_memo(model.num_labels(), FeatureExtractor::MemoKind::blocks);
    // The places and lexicon phrases a title can have are few: sum each one's weights now.
    const std::size_t L = model.num_labels();
    constexpr std::size_t kStarts = FeatureExtractor::kPlaceFromStart + 1, kEnds = FeatureExtractor::kPlaceFromEnd + 1;
    place_sums_.assign(kStarts * kEnds * L, 0);
    for (std::size_t start = 0; start < kStarts; ++start)
        for (std::size_t end = 0; end < kEnds; ++end)
            extractor_.place_feature_hashes(start, start + 1 + end, [&](std::uint64_t hash) {
                add_integer_row(hash, &place_sums_[(start * kEnds + end) * L]);
            });
    phrase_labels_ = model.lexicon.labels().size() + 1;
    phrase_sums_.assign(3 * phrase_labels_ * 3 * L, 0);
    for (const Role role : {Role::self, Role::previous, Role::next})
        for (std::uint16_t label = 1; label < phrase_labels_; ++label)
            for (std::uint8_t place = 0; place < 3; ++place)
                extractor_.phrase_feature_hashes(role, label, place, [&](std::uint64_t hash) {
                    add_integer_row(hash, &phrase_sums_[phrase_index(role, label, place)]);
                });
    // A token's joint place (4) and whether it repeats one before it (2): one row each.
    mark_sums_.assign(8 * L, 0);
    for (std::uint8_t repeat = 0; repeat < 2; ++repeat)
        for (std::uint8_t place = 0; place < 4; ++place) {
            std::int32_t* row = &mark_sums_[(repeat * 4 + place) * L];
            extractor_.joint_feature_hashes(place, [&](std::uint64_t hash) { add_integer_row(hash, row); });
            extractor_.repeat_feature_hashes(repeat != 0, [&](std::uint64_t hash) { add_integer_row(hash, row); });
        }
}

void Predictor::add_integer_row(std::uint64_t hash, std::int32_t* sum) const {
    const std::uint32_t row = model_.table.find(hash);
    if (row == FeatureTable::kUnknown) return;
    const std::size_t L = model_.num_labels();
    const std::int16_t* weights = &model_.integer_emissions[static_cast<std::size_t>(row) * L];
    for (std::size_t y = 0; y < L; ++y) sum[y] += weights[y];
}

const std::int16_t* Predictor::compound_row(std::size_t i) {
    const std::int16_t* row = nullptr;
    extractor_.compound_feature_hashes(i, [&](std::uint64_t hash) {
        const std::uint32_t found = model_.table.find(hash);
        if (found != FeatureTable::kUnknown)
            row = &model_.integer_emissions[static_cast<std::size_t>(found) * model_.num_labels()];
    });
    return row;
}

const std::int32_t* Predictor::place_sum(std::size_t i, std::size_t n) const {
    const std::size_t start = std::min(i, FeatureExtractor::kPlaceFromStart);
    const std::size_t end = std::min(n - 1 - i, FeatureExtractor::kPlaceFromEnd);
    return &place_sums_[(start * (FeatureExtractor::kPlaceFromEnd + 1) + end) * model_.num_labels()];
}

std::size_t Predictor::phrase_index(Role role, std::uint16_t label, std::uint8_t place) const {
    return ((static_cast<std::size_t>(role) * phrase_labels_ + label) * 3 + place) * model_.num_labels();
}

const std::int32_t* Predictor::word_sums(std::size_t k) {
    if (const std::int32_t* remembered = extractor_.remembered_blocks(k)) return remembered;
    const std::size_t L = model_.num_labels(), size = FeatureExtractor::kRoles * L;
    std::int32_t* sums = &word_sums_[k * size];
    std::fill(sums, sums + size, 0);
    for (std::size_t r = 0; r < FeatureExtractor::kRoles; ++r)
        extractor_.word_feature_hashes(static_cast<Role>(r), k,
                                       [&](std::uint64_t hash) { add_integer_row(hash, sums + r * L); });
    return sums;
}

// With integer weights every sum is exact, so a token's emission sums can be put together
// from parts in any order and still equal dlib's, bit for bit: each word's weights in each
// role (memoized by its text), its place's and its lexicon phrases' (summed at load).
void Predictor::predict_integral(std::string_view title, std::span<const Token> tokens,
                                 std::vector<unsigned long>& labels) {
    const std::size_t L = model_.num_labels(), n = tokens.size();
    extractor_.load(title, tokens);
    // Grown, never shrunk: every value a title uses is written before it is read, and the
    // sums go on as a span of the title's own size (a resize would zero what it adds).
    if (integer_sums_.size() < n * L) integer_sums_.resize(n * L);
    if (word_sums_.size() < n * FeatureExtractor::kRoles * L) word_sums_.resize(n * FeatureExtractor::kRoles * L);
    with_fixed_labels(L, [&](auto fixed) { add_up_integer_sums<decltype(fixed)::value>(n); });
    // Only now: a word remembered earlier could take the slot of a later one found there.
    for (std::size_t k = 0; k < n; ++k)
        if (extractor_.remembered_blocks(k) == nullptr)
            extractor_.remember_blocks(k, std::span<const std::int32_t>(&word_sums_[k * FeatureExtractor::kRoles * L],
                                                                        FeatureExtractor::kRoles * L));
    decoder_.decode_integral(std::span<const std::int32_t>(integer_sums_.data(), n * L), labels);
}

template <std::size_t kLabels>
void Predictor::add_up_integer_sums(std::size_t n) {
#if MASKTAG_HAVE_AVX2_PATH
    if (simd::use_avx2()) return add_up_integer_sums_avx2<kLabels>(n);
#endif
    add_up_integer_sums_with<kLabels>(n);
}

#if MASKTAG_HAVE_AVX2_PATH
// The same loops, which GCC vectorizes, in 8 integers at a time instead of 4.
template <std::size_t kLabels>
MASKTAG_AVX2 void Predictor::add_up_integer_sums_avx2(std::size_t n) {
    add_up_integer_sums_with<kLabels>(n);
}
#endif

// Inlined into its callers, always, so that the AVX2 one's loops become AVX2 code.
template <std::size_t kLabels>
[[gnu::always_inline]] inline void Predictor::add_up_integer_sums_with(std::size_t n) {
    const std::size_t L = kLabels != 0 ? kLabels : model_.num_labels();
    const auto role = [&](const std::int32_t* word, Role r) { return word + static_cast<std::size_t>(r) * L; };
    const auto phrase = [&](Role r, std::size_t k) {
        return &phrase_sums_[phrase_index(r, extractor_.phrase_label(k), extractor_.phrase_place(k))];
    };
    // Token i's sums gathered from its parts in a row of its own (on the stack when the
    // label count is fixed, so the adds are vectorized), then stored once. The words
    // i - 2 .. i + 2 around it (null past either end) are each looked up once, in order.
    const std::int32_t* around[5] = {nullptr, nullptr, nullptr, n > 0 ? word_sums(0) : nullptr,
                                     n > 1 ? word_sums(1) : nullptr};
    std::int32_t* sums = integer_sums_.data();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t w = 0; w + 1 < 5; ++w) around[w] = around[w + 1];
        around[4] = i + 2 < n ? word_sums(i + 2) : nullptr;
        std::int32_t fixed[kLabels != 0 ? kLabels : 1];
        std::int32_t* sum = kLabels != 0 ? fixed : sums + i * L;
        const std::int32_t* own = role(around[2], Role::self);
        for (std::size_t y = 0; y < L; ++y) sum[y] = own[y];
        const auto add = [&](const std::int32_t* from) {
            for (std::size_t y = 0; y < L; ++y) sum[y] += from[y];
        };
        // Token i - 1 is token i's previous token, token i + 1 its next, and so on.
        if (around[1] != nullptr) add(role(around[1], Role::previous));
        if (around[3] != nullptr) add(role(around[3], Role::next));
        if (around[0] != nullptr) add(role(around[0], Role::second_previous));
        if (around[4] != nullptr) add(role(around[4], Role::second_next));
        add(place_sum(i, n));
        add(phrase(Role::self, i));
        if (i >= 1) add(phrase(Role::previous, i - 1));
        if (i + 1 < n) add(phrase(Role::next, i + 1));
        add(&mark_sums_[(extractor_.repeats(i) * 4 + extractor_.joint_place(i)) * L]);
        // A compound's shapes vary with its pieces, too many to sum ahead: looked up here,
        // as a row pointer, so the row being summed stays in registers.
        if (const std::int16_t* compound = extractor_.joint_place(i) != 0 ? compound_row(i) : nullptr)
            for (std::size_t y = 0; y < L; ++y) sum[y] += compound[y];
        if constexpr (kLabels != 0) std::copy(fixed, fixed + kLabels, sums + i * L);
    }
}

// As featurize() then Decoder::decode(), with one difference in the work, not the result:
// the weights of a token's own features are summed first, in feature order, and kept in
// the extractor's memo, so a token seen before needs only its context features.
void Predictor::predict(std::string_view title, std::span<const Token> tokens, std::vector<unsigned long>& labels) {
    if (!place_sums_.empty()) return predict_integral(title, tokens, labels);
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
