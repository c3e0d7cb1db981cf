// K-fold cross-validation: train on K-1 folds, test on the held-out one, for every fold.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "masktag/evaluation.h"
#include "masktag/labeled_data.h"
#include "masktag/model.h"
#include "masktag/trainer.h"

namespace masktag {

// Which records each fold tests, as LabeledRecord::position values.
struct Folds {
    std::vector<std::vector<std::size_t>> test_positions;
};

// Requires: k >= 2 and k <= records.size().
// Ensures: the records' positions shuffled with `seed` and cut into k folds whose sizes
// differ by at most one. The same records, k and seed give the same folds on any machine.
Folds make_folds(const std::vector<LabeledRecord>& records, unsigned k, std::uint64_t seed);

// Ensures: the folds of a JSON file {"folds": [[position, ...], ...]} (other members are
// ignored). Throws Error naming the file when it is malformed, has fewer than 2 folds,
// names a position twice, or names a position no usable record has (a skipped record's
// position included).
Folds read_folds(const std::string& path, const std::vector<LabeledRecord>& records);

// One tested title and what was predicted for it.
struct TitleOutcome {
    const LabeledRecord* record;
    std::vector<std::string> predicted;
    // Each token's probability that its predicted label is right, and the title's
    // confidence as predict prints it (the mean of each token's highest marginal): the
    // report ranks wrong titles by it.
    std::vector<double> token_confidences;
    double confidence = 0;
};

// Ensures: the scores of `model` on `records`; with `outcomes`, each record's prediction
// too, in record order.
Evaluation evaluate(const Model& model, const std::vector<LabeledRecord>& records,
                    std::vector<TitleOutcome>* outcomes = nullptr);

struct CrossValidation {
    std::vector<Evaluation> folds;       // one per fold, in fold order
    Evaluation pooled;                   // every fold's test predictions scored together
    std::size_t never_tested = 0;        // records in no fold: always trained on, never tested
    std::vector<TitleOutcome> outcomes;  // every tested title, fold by fold (records outlive it)
    std::size_t trained_titles = 0;      // the titles each fold's model trained on, summed over the folds
};

// What share of each fold's training records trains its model (`eval --learning-curve`).
// Below 100 percent, the training records are shuffled with `seed` (the same order for
// every percent, so a smaller share's records are within a larger one's) and the first
// ceil(percent / 100 x count) of them, at least one, train the model.
struct TrainingShare {
    unsigned percent = 100;
    std::uint64_t seed = 1;
};

// Called after each fold finishes, with the number of folds done so far.
using FoldProgress = std::function<void(std::size_t done, std::size_t total)>;

// Requires: every fold position belongs to a record of `records`, which outlive the result.
// Ensures: for each fold, a model trained with `options` on all records not in that fold,
// scored on the fold, with `parallel_folds` threads: on small data that many folds train
// at once (each single-threaded then), on large data (1,500 titles or more, fewer
// threads than folds) one after another on every thread; the result is the same for any
// value. With `share`, each fold's model trains on that share of its training records only.
CrossValidation cross_validate(const std::vector<LabeledRecord>& records, const Folds& folds,
                               const TrainOptions& options, unsigned parallel_folds,
                               const FoldProgress& progress = nullptr, const TrainingShare& share = {});

// Requires: as above; `features` is extract_features(records, o) for options `o` that
// differ from `options` at most where trainer.h's subset train() allows (c, epsilon, ...).
// Ensures: as above, without extracting the features again: cross-validations of the same
// records with other solver options (train --c auto's grid, the learning curve's shares)
// share one extraction.
CrossValidation cross_validate(const std::vector<LabeledRecord>& records, const Folds& folds,
                               const TrainOptions& options, unsigned parallel_folds,
                               const std::shared_ptr<const ExtractedFeatures>& features,
                               const FoldProgress& progress = nullptr, const TrainingShare& share = {});

}  // namespace masktag
