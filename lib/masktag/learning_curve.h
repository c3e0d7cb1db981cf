// "Would more annotation help?": cross-validation with each fold's model trained on a
// growing share of its training titles (`masktag eval --cv K --learning-curve`).
#pragma once

#include <cstdint>
#include <vector>

#include "masktag/cross_validation.h"
#include "masktag/report.h"

namespace masktag {

// Requires: as cross_validate; `full` is cross_validate's result on the same records,
// folds and options (the 100% point, not trained again).
// Ensures: a point for 10%, 20%, ..., 100% of each training fold, in that order: the
// pooled scores of cross_validate with TrainingShare{percent, seed} (10% to 90%) and
// `full`. Each share's titles are within the next's. The same for any `parallel_folds`.
std::vector<LearningPoint> learning_curve(const std::vector<LabeledRecord>& records, const Folds& folds,
                                          const TrainOptions& options, unsigned parallel_folds, std::uint64_t seed,
                                          const CrossValidation& full, const FoldProgress& progress = nullptr);

}  // namespace masktag
