// What eval's report shows (`masktag eval --report FILE.html --report-json FILE.json`):
// the data of the HTML page (report_html.h) and of its JSON twin for notebooks, built
// from the scores and outcomes eval computes anyway.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "masktag/cross_validation.h"
#include "masktag/evaluation.h"

namespace masktag {

// A title the model got wrong, token by token, for a reviewer to see the error.
struct WorstTitle {
    std::string title;
    std::string source;     // file:line
    double confidence = 0;  // the title's, as predict prints it
    std::vector<std::string> tokens, gold, predicted;
};

// The most wrong titles a report lists: the page stays small for any amount of data
// (10,000 titles make a page of well under 500 KB).
inline constexpr std::size_t kReportWorstTitles = 25;

// Ensures: up to `count` titles with at least one wrong token, the lowest confidence
// first (ties in outcome order): the errors the model was surest of come last, the ones
// it doubted first, so a reviewer reads where a threshold would catch them.
std::vector<WorstTitle> worst_titles(const std::vector<TitleOutcome>& outcomes, std::size_t count = kReportWorstTitles);

// One model's part of a report.
struct ReportModel {
    std::string name;  // its file's path, kDefaultModelName, or how cross-validation made it
    std::string md5;   // of the file's bytes; empty under cross-validation (a model per fold)
    // The model's labels in its own order, then any gold label it lacks: the rows and
    // columns of the confusion heatmap.
    std::vector<std::string> labels;
    Evaluation evaluation;
    std::vector<WorstTitle> worst;
};

// Ensures: `model_labels` followed by the labels of `evaluation` (gold or predicted) that
// are not among them, in name order; every label the confusion matrix names is there.
std::vector<std::string> report_labels(const std::vector<std::string>& model_labels, const Evaluation& evaluation);

// Ensures: the part of a report for a model named `name` (md5: empty for cross-validation)
// with labels `model_labels` that scored `evaluation` with `outcomes`: its labels by
// report_labels, its worst titles by worst_titles.
ReportModel report_model(std::string name, std::string md5, const std::vector<std::string>& model_labels,
                         const Evaluation& evaluation, const std::vector<TitleOutcome>& outcomes);

// Pooled cross-validation scores with each fold's model trained on a share of its fold.
struct LearningPoint {
    unsigned percent = 0;            // of each training fold
    std::size_t trained_titles = 0;  // summed over the folds
    std::size_t folds = 0;
    Evaluation pooled;
};

struct EvalReport {
    std::string method;  // what was run: "evaluation", "5-fold cross-validation (seed 7)", ...
    std::string data;    // the input files' names, comma-separated
    std::size_t titles = 0;
    std::size_t tokens = 0;
    std::vector<ReportModel> models;            // one, or two compared (first minus second)
    std::vector<LearningPoint> learning_curve;  // empty unless asked for, ascending percent
};

// Ensures: the report as one JSON object (no trailing newline), numbers as eval --json
// writes them, the same bytes for the same report:
// {"method":"...","data":"...","titles":N,"tokens":N,"models":[{"model":"...","md5":"...",
//  "labels":[...],"report":<format_json>,"reliability":[{"from":X,"to":X,"tokens":N,
//  "confidence":X|null,"accuracy":X|null}, ...] (the 10 calibration bins: mean confidence and
//  share right, null when empty),"worst_titles":[{"title":"...","source":"...",
//  "confidence":X,"tokens":[...],"gold":[...],"predicted":[...]}, ...]}, ...],
//  "difference":{"token_accuracy":X,"title_accuracy":X,"components_f1":X,
//  "expected_calibration_error":X|null} (two models only, first minus second),
//  "learning_curve":[{"percent":N,"trained_titles":N,"folds":N,"token_accuracy":X,
//  "title_accuracy":X,"components_f1":X}, ...]}.
std::string report_json(const EvalReport& report);

// Ensures: the page of report_html.h at `html_path` and report_json at `json_path` (each
// only when not empty), each written atomically (AtomicFile): a reader never sees half a
// report, and a failed run leaves an earlier report as it was. Throws Error naming the
// file when it cannot be written.
void write_report(const EvalReport& report, const std::string& html_path, const std::string& json_path);

}  // namespace masktag
