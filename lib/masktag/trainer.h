// Trains a Model from labeled titles with dlib's structural SVM.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "masktag/labeled_data.h"
#include "masktag/model.h"

namespace masktag {

// A step of training, for progress.
struct TrainStep {
    enum class Stage { solving, calibrating } stage = Stage::solving;
    unsigned long iteration = 0;  // solving: iterations so far
    double risk_gap = 0;          // solving: down to the epsilon the solver stops at
    unsigned folds = 0;           // calibrating: the fold models being trained
};

struct TrainOptions {
    double c = 10;                   // SVM regularization: larger fits the data harder
    double epsilon = 0.01;           // stopping tolerance of the cutting-plane solver
    unsigned max_iterations = 1000;  // solver iteration cap
    unsigned threads = 1;            // 0 = all cores
    unsigned min_feature_count = 1;  // keep features seen at least this often
    unsigned calibration_folds = 3;  // folds that fit the temperature; 0 or 1: none (1.0)
    FeatureGroups groups;
    Lexicon lexicon;  // for the lexicon group; stored in the model
    // The titles `lexicon` was built from, when they are known (train --lexicon FILE): a
    // fold that holds titles out rebuilds the lexicon without them (see holding_out).
    // Shared, since options are copied for every fold and the file may be large.
    std::shared_ptr<const std::vector<LabeledRecord>> lexicon_source;
    // Where lexicon_source is known: the weights are fitted on features whose lexicon
    // leaves out the title's own fold of this many (title i in fold i mod K, as
    // holding_out makes it), so they learn what the lexicon is worth on titles it does not
    // hold; 0 or 1: every title sees the whole lexicon. The model keeps the whole lexicon.
    unsigned lexicon_folds = 5;
    // With lexicon folds: fold k also leaves out every K-th maker (the k-th, numbered in
    // order of first appearance; a maker is a maker_key), that is every lexicon record
    // whose maker_key it is: titles and gazetteer names. A title's own maker is then
    // unknown to its lexicon one time in K, as a new maker's is. Without it, a maker's
    // other titles tell its own title who the maker is, and the weights learn little of
    // titles whose maker the lexicon does not know.
    bool lexicon_fold_makers = true;
    // Words and phrases the lexicon keeps: those seen at least this often, and brands
    // (see Lexicon::build). Used wherever the lexicon is built from lexicon_source.
    unsigned lexicon_min_count = 1;
    // Where `lexicon` came from, for the model's TrainingInfo::lexicon_source.
    std::string lexicon_description;
    // Features whose weights all stay below this share of the largest emission weight (in
    // magnitude) are left out of the model: a smaller model; 0 keeps every non-zero one.
    double min_weight = 0;
    // Called on train()'s thread as the model train() returns is solved (after each solver
    // iteration) and as its temperature is fitted, when set: progress for a terminal. Not
    // called for the models of calibration or cross-validation folds.
    std::function<void(const TrainStep&)> progress;
};

// Ensures: `options` for a model that must not know `held_out` in advance. Where
// options.lexicon_source is known, its records whose title text is exactly one of
// `held_out`'s are dropped from it, and so are its names alone (gazetteer lines, titles
// that are only a brand) that are a brand run of a held-out title, so the held-out
// makers are unknown; so are its records whose maker_key is one of `makers` (lexicon
// folds that leave out makers); the lexicon is rebuilt from the rest. Otherwise `options`
// as they are. Without this, a lexicon built from the training data itself
// tells calibration folds, cross-validation folds and --holdout the labels of the very
// titles they are scored on.
TrainOptions holding_out(const TrainOptions& options, std::span<const LabeledRecord* const> held_out,
                         const std::unordered_set<std::string>& makers = {});

// Ensures: the key lexicon folds know a title's maker by: the first token of its first
// run of brand tokens, ASCII letters lower-cased and other ASCII punctuation dropped (a
// token of punctuation alone stays as it is); empty when no token is labelled brand.
// "Moldex" and "Moldex Metric", "Dr. Puri" and "DR Puri" have one key: the lexicon keeps
// single words, so a variant that shares the first word would still tell who the maker is.
std::string maker_key(const LabeledRecord& record);

// What training did, for the train command's summary.
struct TrainSummary {
    std::size_t features_seen = 0;  // distinct features in the training data
    std::size_t features_kept = 0;  // features with a non-zero weight in the model
    unsigned iterations = 0;        // solver iterations run
    double temperature = 1.0;       // fitted on held-out folds
};

// The most different labels train() accepts: decoding costs the square of their number.
inline constexpr std::size_t kMaxLabels = 256;

// Requires:
//   - `records` is non-empty
//   - each record has one label per token
//   - options.c > 0, options.epsilon > 0, options.max_iterations > 0
// Ensures:
//   - the model's labels are the sorted set of the records' label names
//   - it holds the features seen at least min_feature_count times that got a non-zero
//     weight (with min_weight > 0: one of at least min_weight times the largest in magnitude)
//   - its weights are rounded to 16-bit multiples of one power-of-two scale
//   - its temperature is fitted on calibration_folds held-out folds: title i held out by
//     fold i mod K; on more than 3,000 titles, every n-th title only, at most 3,000; each
//     fold's lexicon as holding_out makes it; each fold's model solved to an epsilon of at
//     least 0.05
//   - the same records and options give the same model, bit for bit, whatever
//     options.threads is
// Throws Error:
//   - when the records have more than kMaxLabels different labels
//   - when two kept feature keys share a 48-bit hash (astronomically unlikely)
Model train(const std::vector<LabeledRecord>& records, const TrainOptions& options, TrainSummary* summary = nullptr);

// The features of a set of records, extracted once, so that models trained on subsets of
// them (cross-validation folds, grid points, calibration folds) do not extract them again.
class ExtractedFeatures;
// Ensures: the features of `records` under `options` (groups and lexicon), or nullptr
// when they cannot be shared between subsets: where options.lexicon_source is known, a
// subset's lexicon is rebuilt without the titles it holds out (see holding_out).
std::shared_ptr<const ExtractedFeatures> extract_features(const std::vector<LabeledRecord>& records,
                                                          const TrainOptions& options);
// Requires: `features` is extract_features(records, o) for options `o` that differ from
// `options` at most in c, epsilon, max_iterations, threads, min_feature_count,
// calibration_folds and min_weight; `subset` holds ascending indices of `records`.
// Ensures: the model train() makes of the records `subset` names, bit for bit.
Model train(const std::vector<LabeledRecord>& records, std::span<const std::size_t> subset,
            const ExtractedFeatures& features, const TrainOptions& options, TrainSummary* summary = nullptr);

}  // namespace masktag
