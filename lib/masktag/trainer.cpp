#include "masktag/trainer.h"

#include <algorithm>
#include <map>
#include <thread>

#include <dlib/svm/structural_svm_sequence_labeling_problem.h>
#include <dlib/optimization/optimization_oca.h>
#include <dlib/threads.h>

#include "masktag/predictor.h"

namespace masktag {
namespace {

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

// Counts how often each feature occurs, to apply the min_feature_count cut-off. The
// dictionary's ids follow first occurrence, so the result does not depend on hashing.
FeatureDictionary build_dictionary(const std::vector<LabeledRecord>& records, const TrainOptions& options) {
    FeatureDictionary all;
    std::vector<std::uint32_t> counts;
    FeatureExtractor extractor(options.groups);
    for (const LabeledRecord& record : records) {
        extractor.load(record.title, record.tokens);
        for (std::size_t i = 0; i < record.tokens.size(); ++i) {
            extractor.features(i, [&](std::string_view key) {
                const std::uint32_t id = all.add(key);
                if (id == counts.size()) counts.push_back(0);
                ++counts[id];
            });
        }
    }
    if (options.min_feature_count <= 1) return all;
    FeatureDictionary kept;
    for (std::uint32_t id = 0; id < all.size(); ++id)
        if (counts[id] >= options.min_feature_count) kept.add(all.key(id));
    return kept;
}

// Drops the features whose every emission weight is zero: they cannot change a score.
void prune_zero_features(Model& model) {
    const std::size_t labels = model.num_labels();
    const std::size_t features = model.dictionary.size();
    FeatureDictionary kept;
    std::vector<double> weights;
    for (std::uint32_t f = 0; f < features; ++f) {
        const auto row = model.weights.begin() + static_cast<std::ptrdiff_t>(f * labels);
        if (std::all_of(row, row + static_cast<std::ptrdiff_t>(labels), [](double v) { return v == 0.0; })) continue;
        kept.add(model.dictionary.key(f));
        weights.insert(weights.end(), row, row + static_cast<std::ptrdiff_t>(labels));
    }
    weights.insert(weights.end(), model.weights.begin() + static_cast<std::ptrdiff_t>(features * labels),
                   model.weights.end());
    model.dictionary = std::move(kept);
    model.weights = std::move(weights);
}

}  // namespace

Model train(const std::vector<LabeledRecord>& records, const TrainOptions& options, TrainSummary* summary) {
    Model model;
    model.groups = options.groups;
    std::map<std::string, unsigned long> label_ids;
    for (const LabeledRecord& record : records)
        for (const std::string& label : record.labels) label_ids.emplace(label, 0);
    for (auto& [name, id] : label_ids) {
        id = model.labels.size();
        model.labels.push_back(name);
    }

    model.dictionary = build_dictionary(records, options);
    std::vector<FeatureSequence> samples(records.size());
    std::vector<std::vector<unsigned long>> targets(records.size());
    FeatureExtractor extractor(options.groups);
    std::uint64_t tokens = 0;
    for (std::size_t r = 0; r < records.size(); ++r) {
        featurize(extractor, model.dictionary, records[r].title, records[r].tokens, samples[r]);
        for (const std::string& label : records[r].labels) targets[r].push_back(label_ids.at(label));
        tokens += records[r].tokens.size();
    }

    const ChainFeatures chain(model.num_labels(), model.dictionary.size());
    DeterministicProblem problem(samples, targets, chain, thread_count(options.threads));
    problem.set_c(options.c);
    problem.set_epsilon(options.epsilon);
    problem.set_max_iterations(options.max_iterations);
    dlib::matrix<double, 0, 1> weights;
    dlib::oca solver;
    solver(problem, weights, 0);

    model.weights.assign(weights.begin(), weights.end());
    model.training = {options.c, options.epsilon, options.max_iterations, static_cast<std::uint32_t>(records.size()),
                      tokens};
    const std::size_t features_seen = model.dictionary.size();
    prune_zero_features(model);
    if (summary != nullptr) *summary = {features_seen, model.dictionary.size(), static_cast<unsigned>(problem.iterations())};
    return model;
}

}  // namespace masktag
