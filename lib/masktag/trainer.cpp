#include "masktag/trainer.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "masktag/gazetteer.h"

#include <fmt/format.h>

#include "masktag/chain_svm.h"
#include "masktag/decoder.h"
#include "masktag/error.h"
#include "masktag/parallel_folds.h"
#include "masktag/predictor.h"
#include "masktag/thread_budget.h"

namespace masktag {
namespace {

// Ensures: the smallest power of two at least `step` (1 for a step of 0).
double power_of_two_scale(double step) {
    if (!(step > 0)) return 1.0;
    int exponent = 0;
    const double mantissa = std::frexp(step, &exponent);  // step = mantissa * 2^exponent
    return std::ldexp(1.0, mantissa == 0.5 ? exponent - 1 : exponent);
}

unsigned thread_count(unsigned requested) {
    if (requested != 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

// The extractors the weights are fitted with: one per lexicon fold. Record r takes
// extractor r mod K, whose lexicon leaves out r's fold (see TrainOptions::lexicon_folds),
// so the weights learn how far a lexicon helps on titles it does not hold, as every title
// predicted later is. One extractor over the whole lexicon when the folds are off.
class FoldExtractors {
    // Ensures: for each fold of `k`, the makers it leaves out (see
    // TrainOptions::lexicon_fold_makers): fold f those numbered f, f + k, ... in order of
    // first appearance in `records`; none without lexicon_fold_makers.
    static std::vector<std::unordered_set<std::string>> makers_of_folds(std::span<const LabeledRecord* const> records,
                                                                        std::size_t k, const TrainOptions& options) {
        std::vector<std::unordered_set<std::string>> folds(k);
        if (!options.lexicon_fold_makers) return folds;
        std::unordered_set<std::string> seen;
        for (const LabeledRecord* record : records) {
            std::string maker = maker_key(*record);
            if (maker.empty() || !seen.insert(maker).second) continue;
            folds[(seen.size() - 1) % k].insert(std::move(maker));
        }
        return folds;
    }

public:
    FoldExtractors(std::span<const LabeledRecord* const> records, const TrainOptions& options) {
        const bool folds = options.groups.lexicon && options.lexicon_source && options.lexicon_folds > 1 &&
                           records.size() >= options.lexicon_folds;
        const std::size_t k = folds ? options.lexicon_folds : 1;
        lexicons_.reserve(k);
        if (!folds) {
            lexicons_.push_back(options.lexicon);
        } else {
            const std::vector<std::unordered_set<std::string>> makers = makers_of_folds(records, k, options);
            for (std::size_t fold = 0; fold < k; ++fold) {
                std::vector<const LabeledRecord*> held_out;
                for (std::size_t r = fold; r < records.size(); r += k) held_out.push_back(records[r]);
                lexicons_.push_back(holding_out(options, held_out, makers[fold]).lexicon);
            }
        }
        groups_ = options.groups;
    }
    // Ensures: an extractor for each fold, for one thread: record r takes number r mod K.
    // They point into this object, which must outlive them.
    std::vector<FeatureExtractor> extractors() const {
        std::vector<FeatureExtractor> result;
        for (const Lexicon& lexicon : lexicons_) result.emplace_back(groups_, KeyScheme::pieces, &lexicon);
        return result;
    }

private:
    std::vector<Lexicon> lexicons_;
    FeatureGroups groups_;
};

}  // namespace

// Interns feature keys into ids 0.. in order of first occurrence, as FeatureDictionary
// does, but in one flat table probed by the key's 48-bit hash (which extraction computes
// anyway) and with the keys in one arena: no string is hashed again, no node allocated.
// Keys with one hash and different text still get different ids (compared byte by byte).
class KeyInterner {
public:
    std::uint32_t add(std::string_view key, std::uint64_t hash) {
        if ((hashes_.size() + 1) * 2 > slots_.size()) grow();
        for (std::size_t slot = mix_hash(hash) & mask_;; slot = (slot + 1) & mask_) {
            const std::uint32_t held = slots_[slot];
            if (held == 0) {
                const auto id = static_cast<std::uint32_t>(hashes_.size());
                slots_[slot] = id + 1;
                hashes_.push_back(hash);
                text_.append(key);
                ends_.push_back(text_.size());
                return id;
            }
            if (hashes_[held - 1] == hash && this->key(held - 1) == key) return held - 1;
        }
    }
    std::size_t size() const { return hashes_.size(); }
    std::uint64_t hash(std::uint32_t id) const { return hashes_[id]; }
    std::string_view key(std::uint32_t id) const {
        const std::size_t begin = id == 0 ? 0 : ends_[id - 1];
        return std::string_view(text_).substr(begin, ends_[id] - begin);
    }

private:
    void grow() {
        slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
        mask_ = slots_.size() - 1;
        for (std::uint32_t id = 0; id < hashes_.size(); ++id) {
            std::size_t slot = mix_hash(hashes_[id]) & mask_;
            while (slots_[slot] != 0) slot = (slot + 1) & mask_;
            slots_[slot] = id + 1;
        }
    }
    std::vector<std::uint32_t> slots_;  // id + 1, or 0 for an empty slot
    std::size_t mask_ = 0;
    std::vector<std::uint64_t> hashes_;
    std::string text_;               // every key, one after another
    std::vector<std::size_t> ends_;  // where each key ends in text_
};

// Every title's features, extracted once: ids into a dictionary of every feature seen,
// numbered in order of first occurrence, and how often each occurs.
class ExtractedFeatures {
public:
    KeyInterner dictionary;
    std::vector<std::uint32_t> counts;           // occurrences of each feature
    std::vector<std::uint32_t> ids;              // every token's feature ids, token by token
    std::vector<std::uint64_t> token_starts{0};  // token k's ids: ids[token_starts[k]] ..
    std::vector<std::uint64_t> title_tokens{0};  // record r's tokens: title_tokens[r] ..
    // Whether features depend only on the title (true without lexicon folds), so that
    // subsets can train from these features as from their own extraction.
    bool reusable = true;
};

namespace {

// Room for the most features a token can have (the templates give at most 40): pages
// never written cost no memory, and the arrays are never copied to grow or shrink.
constexpr std::size_t kMostFeaturesPerToken = 48;

// Ensures: `x` holds the features of records first .. last-1, numbered from 0 in order
// of first occurrence; record r extracted by extractors[r mod K].
void extract_range(std::span<const LabeledRecord* const> records, std::size_t first, std::size_t last,
                   std::vector<FeatureExtractor>& extractors, ExtractedFeatures& x) {
    std::size_t tokens = 0;
    for (std::size_t r = first; r < last; ++r) tokens += records[r]->tokens.size();
    x.ids.reserve(tokens * kMostFeaturesPerToken);
    x.token_starts.reserve(tokens + 1);
    x.title_tokens.reserve(last - first + 1);
    for (std::size_t r = first; r < last; ++r) {
        const LabeledRecord& record = *records[r];
        FeatureExtractor& extractor = extractors[r % extractors.size()];
        extractor.load(record.title, record.tokens);
        for (std::size_t i = 0; i < record.tokens.size(); ++i) {
            extractor.features(i, [&](std::string_view key, std::uint64_t hash) {
                const std::uint32_t id = x.dictionary.add(key, hash);
                if (id == x.counts.size()) x.counts.push_back(0);
                ++x.counts[id];
                x.ids.push_back(id);
            });
            x.token_starts.push_back(x.ids.size());
        }
        x.title_tokens.push_back(x.token_starts.size() - 1);
    }
}

// Ensures: `part`, the features of the records that follow x's, appended to x with its
// ids renumbered into x's dictionary; part's memory is released. Features new to x are
// numbered in part's order of first occurrence, which is theirs in the records: x ends
// up as one extraction of all the records would make it.
void append_part(ExtractedFeatures& x, ExtractedFeatures& part) {
    std::vector<std::uint32_t> renumbered(part.dictionary.size());
    for (std::uint32_t id = 0; id < renumbered.size(); ++id) {
        const std::uint32_t global = x.dictionary.add(part.dictionary.key(id), part.dictionary.hash(id));
        if (global == x.counts.size()) x.counts.push_back(0);
        x.counts[global] += part.counts[id];
        renumbered[id] = global;
    }
    const std::uint64_t ids_before = x.ids.size(), tokens_before = x.token_starts.size() - 1;
    for (const std::uint32_t id : part.ids) x.ids.push_back(renumbered[id]);
    for (std::size_t k = 1; k < part.token_starts.size(); ++k)
        x.token_starts.push_back(ids_before + part.token_starts[k]);
    for (std::size_t r = 1; r < part.title_tokens.size(); ++r)
        x.title_tokens.push_back(tokens_before + part.title_tokens[r]);
    part = ExtractedFeatures();
}

// Ensures: the features of `records` under `options`; record r extracted by fold
// extractor r mod K (see FoldExtractors). On more than one thread, parts of the records
// are extracted side by side, each into a dictionary of its own, then joined in order:
// the same result as on one.
ExtractedFeatures extract(std::span<const LabeledRecord* const> records, const TrainOptions& options,
                          unsigned threads = 1) {
    const FoldExtractors folds(records, options);
    ExtractedFeatures x;
    x.reusable = !(options.groups.lexicon && options.lexicon_source);
    // Below this many titles a part is not worth its thread and its join.
    constexpr std::size_t kTitlesPerPart = 1000;
    const std::size_t parts = std::min<std::size_t>(4 * std::max(1u, threads), records.size() / kTitlesPerPart);
    if (threads < 2 || parts < 2) {
        std::vector<FeatureExtractor> extractors = folds.extractors();
        extract_range(records, 0, records.size(), extractors, x);
        return x;
    }
    std::vector<ExtractedFeatures> extracted(parts);
    run_folds(parts, FoldPlan{threads, 1}, [&](std::size_t p) {
        std::vector<FeatureExtractor> extractors = folds.extractors();
        extract_range(records, records.size() * p / parts, records.size() * (p + 1) / parts, extractors, extracted[p]);
    });
    std::size_t tokens = 0;
    for (const LabeledRecord* record : records) tokens += record->tokens.size();
    x.ids.reserve(tokens * kMostFeaturesPerToken);
    x.token_starts.reserve(tokens + 1);
    x.title_tokens.reserve(records.size() + 1);
    for (ExtractedFeatures& part : extracted) append_part(x, part);
    return x;
}

// Labels, sorted by name; their ids are positions in that order.
std::map<std::string, unsigned long> label_ids_of(std::span<const LabeledRecord* const> records) {
    std::map<std::string, unsigned long> ids;
    for (const LabeledRecord* record : records)
        for (const std::string& label : record->labels) ids.emplace(label, 0);
    unsigned long next = 0;
    for (auto& [name, id] : ids) id = next++;
    return ids;
}

struct WeightFit {
    Model model;
    std::size_t features_seen = 0;
    unsigned iterations = 0;
};

// The training titles' features as the solver takes them: x's own arrays when every row
// and feature is used, else the rows' features renumbered from 0.
struct SubsetFeatures {
    bool same_ids = false;           // x's ids as they are
    std::vector<std::uint32_t> ids;  // renumbered ids, token by token
    std::vector<std::uint64_t> token_starts;
    std::vector<std::uint32_t> global;  // each renumbered id's id in x

    std::uint32_t global_id(std::uint32_t f) const { return same_ids ? f : global[f]; }
};

// Ensures: the features of rows `rows` of `x` (ascending) seen at least min_feature_count
// times in them, numbered in order of first occurrence, as an extraction of these records
// alone would number them; `data` points at them (ids, token_starts, features).
void select_features(const ExtractedFeatures& x, std::span<const std::size_t> rows, unsigned min_feature_count,
                     SubsetFeatures& subset, ChainData& data) {
    bool all_rows = rows.size() + 1 == x.title_tokens.size();
    for (std::size_t i = 0; all_rows && i < rows.size(); ++i) all_rows = rows[i] == i;
    subset.same_ids = all_rows && min_feature_count <= 1;
    if (subset.same_ids) {
        data.ids = x.ids;
        data.token_starts = x.token_starts;
        data.features = x.dictionary.size();
        return;
    }
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    std::vector<std::uint32_t> counts(all_rows ? 0 : x.dictionary.size(), 0);
    const std::vector<std::uint32_t>& count = all_rows ? x.counts : counts;
    if (!all_rows)
        for (const std::size_t r : rows)
            for (std::uint64_t i = x.token_starts[x.title_tokens[r]]; i < x.token_starts[x.title_tokens[r + 1]]; ++i)
                ++counts[x.ids[i]];
    std::vector<std::uint32_t> local(x.dictionary.size(), kNone);
    subset.token_starts.push_back(0);
    for (const std::size_t r : rows) {
        for (std::uint64_t k = x.title_tokens[r]; k < x.title_tokens[r + 1]; ++k) {
            for (std::uint64_t i = x.token_starts[k]; i < x.token_starts[k + 1]; ++i) {
                const std::uint32_t id = x.ids[i];
                if (count[id] < min_feature_count) continue;
                if (local[id] == kNone) {
                    local[id] = static_cast<std::uint32_t>(subset.global.size());
                    subset.global.push_back(id);
                }
                subset.ids.push_back(local[id]);
            }
            subset.token_starts.push_back(subset.ids.size());
        }
    }
    data.ids = subset.ids;
    data.token_starts = subset.token_starts;
    data.features = subset.global.size();
}

// Ensures: the model holds the rows of `solution` (F x L emissions, then transitions and
// prior) with a non-zero weight (one at least min_weight of the largest in magnitude),
// keyed by hash, and every weight rounded to 16-bit multiples of one power-of-two scale.
// Throws Error when two kept features share a hash.
void keep_weights(Model& model, const std::vector<double>& solution, std::size_t F, const SubsetFeatures& subset,
                  const KeyInterner& dictionary, double min_weight) {
    const std::size_t L = model.num_labels();
    std::map<std::uint64_t, std::uint32_t> hash_owner;
    const auto row_of = [&](std::uint32_t f) { return &solution[f * L]; };
    const auto row_largest = [&](std::uint32_t f) {
        double m = 0;
        for (std::size_t y = 0; y < L; ++y) m = std::max(m, std::abs(row_of(f)[y]));
        return m;
    };
    double largest = 0;
    for (std::uint32_t f = 0; f < F; ++f) largest = std::max(largest, row_largest(f));
    // A feature none of whose weights reaches min_weight of the largest changes few scores
    // and costs its bytes all the same.
    const double cut = min_weight * largest;
    std::vector<std::uint64_t> hashes;
    std::vector<double> weights;
    for (std::uint32_t f = 0; f < F; ++f) {
        const double* row = row_of(f);
        const double m = row_largest(f);
        if (m == 0.0 || m < cut) continue;
        const std::uint64_t hash = dictionary.hash(subset.global_id(f));
        const auto [owner, fresh] = hash_owner.emplace(hash, f);
        if (!fresh)
            throw Error("feature hash collision between '" +
                        std::string(dictionary.key(subset.global_id(owner->second))) + "' and '" +
                        std::string(dictionary.key(subset.global_id(f))) + "'; train with other --features");
        hashes.push_back(hash);
        weights.insert(weights.end(), row, row + L);
    }
    // 16-bit emission weights: the scale is the smallest power of two that fits the
    // largest in 32767 steps. Every weight, transitions and prior too, is rounded to a
    // whole number of steps, so every sum of weights is exact whatever its order: what
    // lets prediction reuse partial sums (Model::integral).
    weights.insert(weights.end(), solution.begin() + static_cast<std::ptrdiff_t>(F * L), solution.end());
    model.emission_scale = power_of_two_scale(largest / 32767.0);
    for (double& w : weights) w = static_cast<double>(std::llround(w / model.emission_scale)) * model.emission_scale;
    model.feature_hashes = std::move(hashes);
    model.weights = std::move(weights);
}

// Solves for the weights of `records`, whose features are rows `rows` of `x` (ascending)
// (see select_features and keep_weights for which features the model keeps), on up to
// options.threads threads: the calling one, and with a budget what it lends.
WeightFit fit_weights(std::span<const LabeledRecord* const> records, const ExtractedFeatures& x,
                      std::span<const std::size_t> rows, const TrainOptions& options, ThreadBudget* budget = nullptr) {
    WeightFit fit;
    Model& model = fit.model;
    model.groups = options.groups;
    if (options.groups.lexicon) model.lexicon = options.lexicon;
    const auto label_ids = label_ids_of(records);
    if (label_ids.size() > kMaxLabels)
        throw Error(
            fmt::format("the training data has {} different labels; masktag trains at most {} (the "
                        "model's work grows with the square of their number)",
                        label_ids.size(), kMaxLabels));
    for (const auto& [name, id] : label_ids) model.labels.push_back(name);

    ChainData data;
    SubsetFeatures subset;
    select_features(x, rows, options.min_feature_count, subset, data);
    std::uint64_t tokens = 0;
    for (std::size_t r = 0; r < records.size(); ++r) {
        for (const std::string& label : records[r]->labels)
            data.gold.push_back(static_cast<std::uint8_t>(label_ids.at(label)));
        tokens += records[r]->tokens.size();
        data.title_starts.push_back(static_cast<std::uint32_t>(data.gold.size()));
    }
    data.labels = model.num_labels();

    const ChainProblem problem(data, thread_count(options.threads), budget);
    SolverOptions solver{options.c, options.epsilon, options.max_iterations, nullptr};
    if (options.progress)
        solver.on_iteration = [&](const SolverStep& step) {
            options.progress({TrainStep::Stage::solving, step.iteration, step.risk_gap, 0});
        };
    const SolverResult solved = solve(problem, solver);
    fit.iterations = static_cast<unsigned>(solved.iterations);
    fit.features_seen = data.features;
    keep_weights(model, solved.w, data.features, subset, x.dictionary, options.min_weight);
    model.training = {options.c,
                      options.epsilon,
                      options.max_iterations,
                      static_cast<std::uint32_t>(records.size()),
                      tokens,
                      options.min_feature_count,
                      options.min_weight,
                      options.groups.lexicon ? options.lexicon_description : std::string()};
    model.index();
    return fit;
}

// The least solver tolerance of the calibration folds' models.
constexpr double kCalibrationEpsilon = 0.05;

// A held-out title for fitting the temperature: its emission sums under one fold's model.
struct HeldOut {
    std::size_t fold;
    std::vector<double> sums;
    std::vector<unsigned long> gold;
};

// Whether train() fits a temperature to `titles` titles (else it is 1.0).
bool calibrates(const TrainOptions& options, std::size_t titles) {
    return options.calibration_folds >= 2 && titles >= 2 * options.calibration_folds;
}

// Fits the temperature that maximizes the likelihood of held-out gold labels: K models
// each trained without every K-th title score those titles, and a golden-section search
// over log(temperature) finds the best one for their token marginals. With a budget, the
// fold models run on the calling thread and what the budget lends; without one, on
// options.threads threads.
double fit_temperature(std::span<const LabeledRecord* const> all_records, const ExtractedFeatures& x,
                       std::span<const std::size_t> all_rows, const TrainOptions& options,
                       ThreadBudget* budget = nullptr) {
    const std::size_t k = options.calibration_folds;
    if (!calibrates(options, all_records.size())) return 1.0;
    // One temperature needs few titles to fit: on large data, every n-th title, at most
    // kCalibrationTitles, keeps calibration from tripling the training time.
    constexpr std::size_t kCalibrationTitles = 3000;
    std::vector<const LabeledRecord*> records;
    std::vector<std::size_t> rows;
    const std::size_t step = (all_records.size() + kCalibrationTitles - 1) / kCalibrationTitles;
    for (std::size_t r = 0; r < all_records.size(); r += step) {
        records.push_back(all_records[r]);
        rows.push_back(all_rows[r]);
    }
    TrainOptions fold_options = options;
    fold_options.calibration_folds = 0;
    fold_options.progress = nullptr;  // the fold models are trained side by side
    // The fold models only tell how sure a model of this data is on titles it has not
    // seen: solved to a looser tolerance they cost a third less, and the temperature
    // comes out within 0.01 (a hair higher, calibration error as good or better on the
    // reference data and the built-in model's).
    fold_options.epsilon = std::max(options.epsilon, kCalibrationEpsilon);
    FoldPlan plan = plan_folds(k, records.size(), thread_count(options.threads));
    // With a budget, folds go side by side only on threads spare now, and every fold's
    // steps borrow what is spare when they run.
    std::optional<ThreadLease> side_by_side;
    if (budget != nullptr) {
        side_by_side.emplace(budget, plan.side_by_side);
        plan = {side_by_side->threads(), thread_count(options.threads)};
    }
    fold_options.threads = plan.threads_per_fold;
    std::vector<Model> models(k);
    // Fold f's model: trained without every k-th title from the f-th on.
    const auto train_fold = [&](std::size_t f) {
        std::vector<const LabeledRecord*> train_set, held_out;
        std::vector<std::size_t> train_rows;
        for (std::size_t r = 0; r < records.size(); ++r) {
            if (r % k != f) {
                train_set.push_back(records[r]);
                train_rows.push_back(rows[r]);
            } else {
                held_out.push_back(records[r]);
            }
        }
        if (x.reusable) {
            models[f] = fit_weights(train_set, x, train_rows, fold_options, budget).model;
        } else {
            const TrainOptions held = holding_out(fold_options, held_out);
            const ExtractedFeatures fold_x = extract(train_set, held);
            std::vector<std::size_t> all(train_set.size());
            for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
            models[f] = fit_weights(train_set, fold_x, all, held, budget).model;
        }
    };
    run_folds(k, plan, train_fold);

    std::vector<Decoder> decoders;
    for (const Model& model : models) decoders.emplace_back(model);
    std::vector<HeldOut> held_out;
    FeatureSequence sequence;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const Model& model = models[r % k];
        HeldOut h{r % k, {}, {}};
        bool known = true;
        for (const std::string& label : records[r]->labels) {
            const auto it = std::find(model.labels.begin(), model.labels.end(), label);
            known &= it != model.labels.end();
            h.gold.push_back(static_cast<unsigned long>(it - model.labels.begin()));
        }
        if (!known) continue;  // a label the fold's model never saw: it says nothing of calibration
        FeatureExtractor extractor(model.groups, model.key_scheme, &model.lexicon);
        featurize(extractor, model.table, records[r]->title, records[r]->tokens, sequence);
        decoders[r % k].emission_sums(sequence, h.sums);
        held_out.push_back(std::move(h));
    }
    const auto log_likelihood = [&](double log_temperature) {
        double sum = 0;
        for (const HeldOut& h : held_out)
            sum += decoders[h.fold].token_log_likelihood(h.sums, h.gold, std::exp(log_temperature));
        return sum;
    };
    double lo = std::log(0.02), hi = std::log(50.0);
    const double ratio = (std::sqrt(5.0) - 1) / 2;
    double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
    double fa = log_likelihood(a), fb = log_likelihood(b);
    for (int i = 0; i < 40; ++i) {
        if (fa > fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - ratio * (hi - lo);
            fa = log_likelihood(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + ratio * (hi - lo);
            fb = log_likelihood(b);
        }
    }
    return std::exp((lo + hi) / 2);
}

// The weights and the temperature. On two threads or more they are fitted side by side,
// each on a thread of its own, sharing the rest; the first done lends its thread to the
// other. (The temperature's fold models are a third or more of the work: one after the
// other, the threads would idle through the small steps of the small fold models.)
WeightFit fit_model(std::span<const LabeledRecord* const> records, const ExtractedFeatures& x,
                    std::span<const std::size_t> rows, const TrainOptions& options) {
    const auto report_calibration = [&] {
        if (options.progress && calibrates(options, records.size()))
            options.progress({TrainStep::Stage::calibrating, 0, 0, options.calibration_folds});
    };
    const unsigned threads = thread_count(options.threads);
    if (threads < 2 || !calibrates(options, records.size())) {
        WeightFit fit = fit_weights(records, x, rows, options);
        report_calibration();
        fit.model.temperature = fit_temperature(records, x, rows, options);
        return fit;
    }
    ThreadBudget budget(threads - 2);
    // Waits for the temperature even when the weights throw: the future's destructor joins.
    std::future<double> temperature = std::async(std::launch::async, [&] {
        const double fitted = fit_temperature(records, x, rows, options, &budget);
        budget.give(1);
        return fitted;
    });
    WeightFit fit = fit_weights(records, x, rows, options, &budget);
    budget.give(1);
    report_calibration();
    fit.model.temperature = temperature.get();
    return fit;
}

}  // namespace

std::string maker_key(const LabeledRecord& record) {
    for (std::size_t i = 0; i < record.tokens.size(); ++i) {
        if (record.labels[i] != "brand") continue;
        const std::string_view token = record.tokens[i].text(record.title);
        std::string key;
        for (const char c : token) {
            if (c >= 'A' && c <= 'Z')
                key += static_cast<char>(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80)
                key += c;
        }
        return key.empty() ? std::string(token) : key;
    }
    return {};
}

TrainOptions holding_out(const TrainOptions& options, std::span<const LabeledRecord* const> held_out,
                         const std::unordered_set<std::string>& makers) {
    if (!options.lexicon_source || (held_out.empty() && makers.empty())) return options;
    std::unordered_set<std::string_view> titles;
    for (const LabeledRecord* record : held_out) titles.insert(record->title);
    auto kept = std::make_shared<std::vector<LabeledRecord>>();
    for (const LabeledRecord& record : *options.lexicon_source)
        if ((makers.empty() || !makers.count(maker_key(record))) && !titles.count(record.title) &&
            !names_a_run_of(record, "brand", held_out))
            kept->push_back(record);
    TrainOptions result = options;
    result.lexicon = Lexicon::build(*kept, options.lexicon_min_count);
    result.lexicon_source = std::move(kept);
    return result;
}

std::shared_ptr<const ExtractedFeatures> extract_features(const std::vector<LabeledRecord>& records,
                                                          const TrainOptions& options) {
    if (options.groups.lexicon && options.lexicon_source) return nullptr;
    std::vector<const LabeledRecord*> pointers;
    for (const LabeledRecord& record : records) pointers.push_back(&record);
    return std::make_shared<const ExtractedFeatures>(extract(pointers, options, thread_count(options.threads)));
}

Model train(const std::vector<LabeledRecord>& records, std::span<const std::size_t> subset,
            const ExtractedFeatures& features, const TrainOptions& options, TrainSummary* summary) {
    std::vector<const LabeledRecord*> pointers;
    for (const std::size_t r : subset) pointers.push_back(&records[r]);
    WeightFit fit = fit_model(pointers, features, subset, options);
    if (summary != nullptr)
        *summary = {fit.features_seen, fit.model.num_features(), fit.iterations, fit.model.temperature};
    return std::move(fit.model);
}

Model train(const std::vector<LabeledRecord>& records, const TrainOptions& options, TrainSummary* summary) {
    std::vector<const LabeledRecord*> pointers;
    for (const LabeledRecord& record : records) pointers.push_back(&record);
    std::vector<std::size_t> rows(records.size());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    const ExtractedFeatures features = extract(pointers, options, thread_count(options.threads));
    WeightFit fit = fit_model(pointers, features, rows, options);
    if (summary != nullptr)
        *summary = {fit.features_seen, fit.model.num_features(), fit.iterations, fit.model.temperature};
    return std::move(fit.model);
}

}  // namespace masktag
