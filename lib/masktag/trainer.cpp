#include "masktag/trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <map>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "masktag/gazetteer.h"

#include <dlib/svm/structural_svm_sequence_labeling_problem.h>
#include <dlib/optimization/optimization_oca.h>
#include <dlib/threads.h>
#include <fmt/format.h>

#include "masktag/decoder.h"
#include "masktag/error.h"
#include "masktag/predictor.h"

namespace masktag {
namespace {

// Ensures: the smallest power of two at least `step` (1 for a step of 0).
double power_of_two_scale(double step) {
    if (!(step > 0)) return 1.0;
    int exponent = 0;
    const double mantissa = std::frexp(step, &exponent);  // step = mantissa * 2^exponent
    return std::ldexp(1.0, mantissa == 0.5 ? exponent - 1 : exponent);
}

using Problem = dlib::structural_svm_sequence_labeling_problem<ChainFeatures>;

// dlib's threaded problem adds the per-sample subgradients together in whatever order
// its threads finish, so with more than one thread the floating-point sums, and so the
// model, differ from run to run. This problem computes the samples in parallel but adds
// them in sample order, which gives the same bits for any number of threads.
class DeterministicProblem : public Problem {
public:
    DeterministicProblem(const std::vector<FeatureSequence>& samples,
                         const std::vector<std::vector<unsigned long>>& labels, const ChainFeatures& features,
                         unsigned threads)
        : Problem(samples, labels, features, 0), num_samples_(static_cast<long>(samples.size())), pool_(threads) {}

    // Solver iterations so far: each one asks the oracle about every sample once.
    unsigned long iterations() const { return iterations_; }

private:
    void call_separation_oracle_on_all_samples(const matrix_type& w, matrix_type& subgradient,
                                               scalar_type& total_loss) const override {
        ++iterations_;
        const long n = num_samples_;
        losses_.resize(n);
        psis_.resize(n);
        dlib::parallel_for(pool_, 0, n, [&](long i) { separation_oracle_cached(i, w, losses_[i], psis_[i]); });
        for (long i = 0; i < n; ++i) {
            total_loss += losses_[i];
            dlib::add_to(subgradient, psis_[i]);
        }
    }

    const long num_samples_;
    mutable dlib::thread_pool pool_;
    mutable std::vector<scalar_type> losses_;
    mutable std::vector<feature_vector_type> psis_;
    mutable unsigned long iterations_ = 0;
};

unsigned thread_count(unsigned requested) {
    if (requested != 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

// The extractors the weights are fitted with: one per lexicon fold. Record r takes
// extractor r mod K, whose lexicon leaves out r's fold (see TrainOptions::lexicon_folds),
// so the weights learn how far a lexicon helps on titles it does not hold, as every title
// predicted later is. One extractor over the whole lexicon when the folds are off.
class FoldExtractors {
public:
    FoldExtractors(const std::vector<LabeledRecord>& records, const TrainOptions& options) {
        const bool folds = options.groups.lexicon && options.lexicon_source && options.lexicon_folds > 1 &&
                           records.size() >= options.lexicon_folds;
        const std::size_t k = folds ? options.lexicon_folds : 1;
        lexicons_.reserve(k);
        for (std::size_t fold = 0; fold < k; ++fold) {
            if (!folds) {
                lexicons_.push_back(options.lexicon);
                break;
            }
            std::vector<const LabeledRecord*> held_out;
            for (std::size_t r = fold; r < records.size(); r += k) held_out.push_back(&records[r]);
            lexicons_.push_back(holding_out(options, held_out).lexicon);
        }
        for (const Lexicon& lexicon : lexicons_) extractors_.emplace_back(options.groups, KeyScheme::pieces, &lexicon);
    }
    FeatureExtractor& operator[](std::size_t r) { return extractors_[r % extractors_.size()]; }

private:
    std::vector<Lexicon> lexicons_;  // reserved up front: the extractors point into it
    std::vector<FeatureExtractor> extractors_;
};

// Counts how often each feature occurs, to apply the min_feature_count cut-off. The
// dictionary's ids follow first occurrence, so the result does not depend on hashing.
FeatureDictionary build_dictionary(const std::vector<LabeledRecord>& records, const TrainOptions& options,
                                   FoldExtractors& extractors) {
    FeatureDictionary all;
    std::vector<std::uint32_t> counts;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const LabeledRecord& record = records[r];
        FeatureExtractor& extractor = extractors[r];
        extractor.load(record.title, record.tokens);
        for (std::size_t i = 0; i < record.tokens.size(); ++i) {
            extractor.features(i, [&](std::string_view key, std::uint64_t hash) {
                const std::uint32_t id = all.add(key, hash);
                if (id == counts.size()) counts.push_back(0);
                ++counts[id];
            });
        }
    }
    if (options.min_feature_count <= 1) return all;
    FeatureDictionary kept;
    for (std::uint32_t id = 0; id < all.size(); ++id)
        if (counts[id] >= options.min_feature_count) kept.add(all.key(id), all.hash(id));
    return kept;
}

// Labels, sorted by name; their ids are positions in that order.
std::map<std::string, unsigned long> label_ids_of(const std::vector<LabeledRecord>& records) {
    std::map<std::string, unsigned long> ids;
    for (const LabeledRecord& record : records)
        for (const std::string& label : record.labels) ids.emplace(label, 0);
    unsigned long next = 0;
    for (auto& [name, id] : ids) id = next++;
    return ids;
}

struct WeightFit {
    Model model;
    std::size_t features_seen = 0;
    unsigned iterations = 0;
};

// Solves for the weights; the model keeps the features with a non-zero weight, keyed by
// hash, with emission weights rounded to 16-bit multiples of one scale.
WeightFit fit_weights(const std::vector<LabeledRecord>& records, const TrainOptions& options) {
    WeightFit fit;
    Model& model = fit.model;
    model.groups = options.groups;
    if (options.groups.lexicon) model.lexicon = options.lexicon;
    const auto label_ids = label_ids_of(records);
    if (label_ids.size() > kMaxLabels)
        throw Error(fmt::format("the training data has {} different labels; masktag trains at most {} (the "
                                "model's work grows with the square of their number)",
                                label_ids.size(), kMaxLabels));
    for (const auto& [name, id] : label_ids) model.labels.push_back(name);

    FoldExtractors extractors(records, options);
    const FeatureDictionary dictionary = build_dictionary(records, options, extractors);
    std::vector<FeatureSequence> samples(records.size());
    std::vector<std::vector<unsigned long>> targets(records.size());
    std::uint64_t tokens = 0;
    for (std::size_t r = 0; r < records.size(); ++r) {
        featurize(extractors[r], dictionary, records[r].title, records[r].tokens, samples[r]);
        for (const std::string& label : records[r].labels) targets[r].push_back(label_ids.at(label));
        tokens += records[r].tokens.size();
    }

    const std::size_t L = model.num_labels(), F = dictionary.size();
    const ChainFeatures chain(L, F);
    DeterministicProblem problem(samples, targets, chain, thread_count(options.threads));
    problem.set_c(options.c);
    // dlib keeps up to 5 separation-oracle results per title by default: 2.5 GB on 100,000
    // titles. One per title halves that, trains faster, and cross-validates as well.
    problem.set_max_cache_size(1);
    problem.set_epsilon(options.epsilon);
    problem.set_max_iterations(options.max_iterations);
    dlib::matrix<double, 0, 1> solution;
    dlib::oca solver;
    solver(problem, solution, 0);
    fit.iterations = static_cast<unsigned>(problem.iterations());
    fit.features_seen = F;

    // Keep the rows with a non-zero weight: the others cannot change a score.
    std::map<std::uint64_t, std::uint32_t> hash_owner;
    const auto row_of = [&](std::uint32_t f) { return &solution(static_cast<long>(f * L)); };
    const auto row_largest = [&](std::uint32_t f) {
        double m = 0;
        for (std::size_t y = 0; y < L; ++y) m = std::max(m, std::abs(row_of(f)[y]));
        return m;
    };
    double largest = 0;
    for (std::uint32_t f = 0; f < F; ++f) largest = std::max(largest, row_largest(f));
    // A feature none of whose weights reaches min_weight of the largest changes few scores
    // and costs its bytes all the same.
    const double cut = options.min_weight * largest;
    for (std::uint32_t f = 0; f < F; ++f) {
        const double* row = row_of(f);
        const double m = row_largest(f);
        if (m == 0.0 || m < cut) continue;
        const std::uint64_t hash = dictionary.hash(f);
        const auto [owner, fresh] = hash_owner.emplace(hash, f);
        if (!fresh)
            throw Error("feature hash collision between '" + dictionary.key(owner->second) + "' and '" +
                        dictionary.key(f) + "'; train with other --features");
        model.feature_hashes.push_back(hash);
        model.weights.insert(model.weights.end(), row, row + L);
    }
    // 16-bit emission weights: the scale is the smallest power of two that fits the
    // largest in 32767 steps. Every weight, transitions and prior too, is rounded to a
    // whole number of steps, so every sum of weights is exact whatever its order: what
    // lets prediction reuse partial sums (Model::integral).
    for (std::size_t i = F * L; i < static_cast<std::size_t>(solution.size()); ++i) model.weights.push_back(solution(static_cast<long>(i)));
    model.emission_scale = power_of_two_scale(largest / 32767.0);
    for (double& w : model.weights) w = static_cast<double>(std::llround(w / model.emission_scale)) * model.emission_scale;
    model.training = {options.c, options.epsilon, options.max_iterations, static_cast<std::uint32_t>(records.size()),
                      tokens};
    model.index();
    return fit;
}

// A held-out title for fitting the temperature: its features under one fold's model.
struct HeldOut {
    std::size_t fold;
    FeatureSequence sequence;
    std::vector<unsigned long> gold;
};

// Fits the temperature that maximizes the likelihood of held-out gold labels: K models
// each trained without every K-th title score those titles, and a golden-section search
// over log(temperature) finds the best one for their token marginals.
double fit_temperature(const std::vector<LabeledRecord>& all_records, const TrainOptions& options) {
    const std::size_t k = options.calibration_folds;
    if (k < 2 || all_records.size() < 2 * k) return 1.0;
    // One temperature needs few titles to fit: on large data, every n-th title, at most
    // kCalibrationTitles, keeps calibration from tripling the training time.
    constexpr std::size_t kCalibrationTitles = 3000;
    std::vector<LabeledRecord> sample;
    const std::size_t step = (all_records.size() + kCalibrationTitles - 1) / kCalibrationTitles;
    for (std::size_t r = 0; r < all_records.size(); r += step) sample.push_back(all_records[r]);
    const std::vector<LabeledRecord>& records = step == 1 ? all_records : sample;
    TrainOptions fold_options = options;
    fold_options.calibration_folds = 0;
    const unsigned workers = std::min<unsigned>(thread_count(options.threads), static_cast<unsigned>(k));
    if (workers > 1) fold_options.threads = 1;
    std::vector<Model> models(k);
    std::vector<std::thread> threads;
    std::exception_ptr failure;
    std::mutex failure_mutex;
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t f; (f = next++) < k;) {
            try {
                std::vector<LabeledRecord> train_set;
                std::vector<const LabeledRecord*> held_out;
                for (std::size_t r = 0; r < records.size(); ++r) {
                    if (r % k != f)
                        train_set.push_back(records[r]);
                    else
                        held_out.push_back(&records[r]);
                }
                models[f] = fit_weights(train_set, holding_out(fold_options, held_out)).model;
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);

    std::vector<HeldOut> held_out;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const Model& model = models[r % k];
        HeldOut h{r % k, {}, {}};
        bool known = true;
        for (const std::string& label : records[r].labels) {
            const auto it = std::find(model.labels.begin(), model.labels.end(), label);
            known &= it != model.labels.end();
            h.gold.push_back(static_cast<unsigned long>(it - model.labels.begin()));
        }
        if (!known) continue;  // a label the fold's model never saw: it says nothing of calibration
        FeatureExtractor extractor(model.groups, model.key_scheme, &model.lexicon);
        featurize(extractor, model.table, records[r].title, records[r].tokens, h.sequence);
        held_out.push_back(std::move(h));
    }
    std::vector<Decoder> decoders;
    for (const Model& model : models) decoders.emplace_back(model);
    const auto log_likelihood = [&](double log_temperature) {
        double sum = 0;
        for (const HeldOut& h : held_out)
            sum += decoders[h.fold].token_log_likelihood(h.sequence, h.gold, std::exp(log_temperature));
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

}  // namespace

TrainOptions holding_out(const TrainOptions& options, std::span<const LabeledRecord* const> held_out) {
    if (!options.lexicon_source || held_out.empty()) return options;
    std::unordered_set<std::string_view> titles;
    for (const LabeledRecord* record : held_out) titles.insert(record->title);
    auto kept = std::make_shared<std::vector<LabeledRecord>>();
    for (const LabeledRecord& record : *options.lexicon_source)
        if (!titles.count(record.title) && !names_a_run_of(record, "brand", held_out)) kept->push_back(record);
    TrainOptions result = options;
    result.lexicon = Lexicon::build(*kept, options.lexicon_min_count);
    result.lexicon_source = std::move(kept);
    return result;
}

Model train(const std::vector<LabeledRecord>& records, const TrainOptions& options, TrainSummary* summary) {
    WeightFit fit = fit_weights(records, options);
    fit.model.temperature = fit_temperature(records, options);
    if (summary != nullptr)
        *summary = {fit.features_seen, fit.model.num_features(), fit.iterations, fit.model.temperature};
    return std::move(fit.model);
}

}  // namespace masktag
