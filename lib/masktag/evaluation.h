// Scores predicted labels against gold labels, and reports the scores.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace masktag {

struct LabelScore {
    std::string label;
    std::size_t true_positives = 0;
    std::size_t false_positives = 0;
    std::size_t false_negatives = 0;

    std::size_t support() const { return true_positives + false_negatives; }
    double precision() const;  // 0 when nothing was predicted with this label
    double recall() const;     // 0 when the label never occurs in the gold data
    double f1() const;
};

// Token confidences in 10 equal-width bins, for the expected calibration error.
struct CalibrationBins {
    static constexpr std::size_t kBins = 10;
    std::size_t count[kBins] = {};
    double confidence[kBins] = {};  // sum of the confidences in the bin
    std::size_t correct[kBins] = {};

    // Ensures: Σ_b (n_b / N) |accuracy_b - mean confidence_b|; 0 without tokens.
    double expected_calibration_error() const;
    std::size_t total() const;
};

struct Evaluation {
    std::size_t titles = 0;
    std::size_t titles_correct = 0;
    std::size_t tokens = 0;
    std::size_t tokens_correct = 0;
    std::vector<LabelScore> labels;  // sorted by label name
    CalibrationBins calibration;     // empty unless confidences were given
    // Component (span) scores: a component is a maximal run of tokens with one label; a
    // predicted one counts as right when a gold one has the same tokens and label (as
    // seqeval scores entities). Sorted by label name; `components_overall` is micro-averaged.
    std::vector<LabelScore> components;
    LabelScore components_overall{"all"};
    // Token counts by (gold label, predicted label).
    std::map<std::pair<std::string, std::string>, std::size_t> confusion;

    // Token accuracy, as sklearn-crfsuite's flat_accuracy_score; 0 for no tokens.
    double token_accuracy() const;
    // The share of titles whose every token is labeled right; 0 for no titles.
    double title_accuracy() const;
};

// Accumulates scores title by title.
class Scorer {
public:
    // Requires: gold.size() == predicted.size().
    void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
    // Requires: confidences[i] is the model's probability that predicted[i] is right.
    // Ensures: the tokens count toward the calibration bins too.
    void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted,
             const std::vector<double>& confidences);
    const Evaluation& result() const { return evaluation_; }

private:
    static LabelScore& score(std::vector<LabelScore>& scores, const std::string& label);
    Evaluation evaluation_;
};

// Ensures: a human-readable report: token and title accuracy, calibration, one row per
// label, component scores, and the confusion matrix.
std::string format_report(const Evaluation& evaluation);
// Ensures: the same content as one JSON object (no trailing newline). Schema:
// {"titles":N,"titles_correct":N,"title_accuracy":X|null,"tokens":N,"tokens_correct":N,
//  "token_accuracy":X|null,"expected_calibration_error":X|null,"labels":{"<label>":
//  {"precision":X,"recall":X,"f1":X,"support":N,"predicted":N}, ...},
//  "components":{"all":{...},"<label>":{...}, ...} (same fields, counting components),
//  "confusion":{"<gold label>":{"<predicted label>":N, ...}, ...}}. An accuracy of
// nothing (no titles, no tokens: an empty fold) is null.
std::string format_json(const Evaluation& evaluation);

}  // namespace masktag
