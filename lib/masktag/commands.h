// The train, eval and predict commands, independent of how their options are parsed.
// Each returns the process exit status: 0 ok, 1 data or runtime error (see also
// kBelowMinimum and kSomeRecordsFailed). Results go to
// stdout (or the output file), messages to stderr (dropped when stderr cannot be
// written). predict and train throw Error, before reading anything, when their output
// (the -o file, or predict's stdout) is the same regular file as one of their inputs.
// Thread counts arrive resolved: the command line puts --threads through threads_to_run
// once, as it parses (where 0 is all cores).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "masktag/labeled_data.h"
#include "masktag/messages.h"
#include "masktag/prediction_output.h"
#include "masktag/title_reader.h"
#include "masktag/trainer.h"

namespace masktag {

struct TrainCommand {
    std::vector<std::string> inputs;  // "-" is standard input; none means "-"
    LabeledInputOptions input;
    std::string output;  // model path
    TrainOptions options;
    // Labeled titles the lexicon group's lexicon is built from; empty: the lexicon of the
    // default model (built from data/corpus.jsonl); "none": no lexicon.
    std::string lexicon;
    // Maker names, one a line, added to the lexicon as brand phrases; empty: none.
    std::string gazetteer;
    bool strict = false;  // any skipped record is an error
    // Tuning: pick C and epsilon from a grid by `tune_folds`-fold cross-validation.
    bool tune = false;
    unsigned tune_folds = 3;
    // Holdout: train on all but this share of the titles (drawn with `seed`), report the
    // held-out part's scores on stdout, save that model, or with `refit` one trained on all.
    double holdout = 0;
    std::uint64_t seed = 1;
    bool refit = false;
};
int run_train(const TrainCommand& command);

struct EvalCommand {
    std::vector<std::string> inputs;
    LabeledInputOptions input;
    std::string model;  // empty: the embedded default model
    bool json = false;
    bool strict = false;
    // Cross-validation instead of scoring a model: `cv` folds made with `seed`, or the
    // folds of `folds_path`; models are trained with `options` (options.threads folds
    // train at once).
    unsigned cv = 0;
    std::uint64_t seed = 1;
    std::string folds_path;
    TrainOptions options;
    std::string lexicon;       // as TrainCommand::lexicon
    std::string gazetteer;     // as TrainCommand::gazetteer
    bool info = false;         // print the model's facts instead of evaluating
    bool baseline = false;     // score the rule baseline beside the model
    std::size_t errors = 0;    // list this many worst titles
    double min_accuracy = -1;  // exit with kBelowMinimum when token accuracy is lower
    // A second model (`eval -m A -m B`): both scored on the same titles, side by side with
    // the differences (first minus second); `model` is the first. Empty: one model.
    std::string against;
    // With `against`: exit with kBelowMinimum when the first model's token accuracy is
    // below the second's by more than this (0: the first may not be worse at all, as a
    // retraining job's candidate against the current model). Negative: no limit.
    double max_drop = -1;
    // The evaluation report (issue 21): a self-contained HTML page (report_html.h) and the
    // same data as JSON (report.h), each written atomically before the text report;
    // empty: not written. `learning_curve` (with cv or folds_path) adds the scores of
    // models trained on 10%, ..., 90% of each training fold (learning_curve.h).
    std::string report;
    std::string report_json;
    bool learning_curve = false;
};

// The exit status of eval when token accuracy is below --min-accuracy, or the first
// model's drops below the second's by more than --max-drop.
inline constexpr int kBelowMinimum = 3;
int run_eval(const EvalCommand& command);

// `masktag info`: the facts of the model at `model_path` (empty: the built-in one) on
// stdout: name, size and MD5 of its bytes, format version, labels, feature groups,
// lexicon entries, features, what it was trained on and with; one JSON object with `json`.
int run_info(const std::string& model_path, bool json);

// Ensures: command.model and command.against from the -m values typed (one or two) and
// --against; command.max_drop applies only when there are two models.
// Throws Error (a usage error) for combinations that mean nothing: three models, --max-drop
// with one, --info, --baseline or --errors with two.
void set_eval_models(EvalCommand& command, const std::vector<std::string>& models, const std::string& against,
                     bool max_drop_given);

// Throws Error (a usage error) when the report options mean nothing: --learning-curve
// without --cv or --folds (it trains on parts of the training folds) or without a report
// to draw it in, --report and --report-json naming one file, a report with --info, or a
// report to "-" (stdout has the text report).
void check_eval_report_options(const EvalCommand& command);

struct PredictCommand {
    std::vector<std::string> inputs;
    TitleInputOptions input;
    std::string model;  // empty: the embedded default model
    OutputFormat output_format = OutputFormat::jsonl;
    std::string output;          // empty: stdout
    bool line_buffered = false;  // flush each record; labels on one thread
    bool details = false;        // per-token marginals and the labeling's probability
    unsigned threads = 1;        // as threads_to_run resolved it; the output is the same for any number
    OnError on_error = OnError::skip;
    // What every name predict adds (columns, members) starts with; none given: "" unless
    // an added name is an input name, then kDefaultPrefix (see choose_output_naming).
    std::optional<std::string> prefix;
};
// The exit status of predict when some records could not be labeled: every record was
// written, those with their error (1 means the run failed and the output is not whole).
inline constexpr int kSomeRecordsFailed = 4;
int run_predict(const PredictCommand& command);

// Ensures: what `masktag --version` prints: the version, and the embedded default
// model's MD5 (as md5sum prints it for models/default.model), size and training data.
std::string version_text(const std::string& version);

// The most threads a command runs per core: more only cost memory and time.
inline constexpr unsigned kMaxThreadsPerCore = 4;

// Ensures: the threads to run for --threads `requested`: all cores for 0; otherwise
// `requested`, but at most kMaxThreadsPerCore times the cores, with a warning when that
// cuts it. Before the cap, `--threads 100000` took a minute and 5.7 GB, then aborted.
unsigned threads_to_run(unsigned requested);

}  // namespace masktag
