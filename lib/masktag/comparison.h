// Two models scored on the same labeled titles, side by side (`masktag eval -m A -m B`):
// what a retraining job needs to decide whether a candidate may replace the current model.
#pragma once

#include <string>

#include "masktag/evaluation.h"

namespace masktag {

// One model's scores, named as a person checks which file it was.
struct ScoredModel {
    std::string name;  // the model file's path, or kDefaultModelName
    std::string md5;   // of the file's bytes, as md5sum prints it
    Evaluation evaluation;
};

// Ensures: a's token accuracy minus b's, computed from the correct-token counts over one
// denominator, so equal counts give exactly 0 and a --max-drop threshold compares
// exactly; 0 without tokens.
// Requires: a and b scored the same titles (a.tokens == b.tokens).
double token_accuracy_difference(const Evaluation& a, const Evaluation& b);

// Ensures: a human-readable table: both models by name and MD5, then token accuracy (and
// counts), title accuracy, calibration error, component F1 and each label's F1, one
// column per model and one for the difference (first minus second).
std::string format_comparison(const ScoredModel& a, const ScoredModel& b);

// Ensures: the same as one JSON object (no trailing newline):
// {"titles":N,"tokens":N,"models":[{"model":"PATH","md5":"HEX","report":<format_json>},
// {...}],"difference":{"token_accuracy":X,"tokens_correct":N,"title_accuracy":X,
// "titles_correct":N,"expected_calibration_error":X|null,"components_f1":X,
// "labels":{"<label>":X, ...}}}, every difference first minus second, labels' by F1.
std::string format_comparison_json(const ScoredModel& a, const ScoredModel& b);

}  // namespace masktag
