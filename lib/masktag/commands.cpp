#include "masktag/commands.h"

#include "masktag/gazetteer.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <optional>
#include <set>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "masktag/baseline.h"
#include "masktag/comparison.h"
#include "masktag/cross_validation.h"
#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/gazetteer.h"
#include "masktag/evaluation.h"
#include "masktag/io.h"
#include "masktag/messages.h"
#include "masktag/learning_curve.h"
#include "masktag/model.h"
#include "masktag/output_names.h"
#include "masktag/prediction_output.h"
#include "masktag/progress.h"
#include "masktag/record_labeler.h"
#include "masktag/report.h"
#include "masktag/title_reader.h"
#include "masktag/predictor.h"

namespace masktag {
namespace {

std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& inputs) {
    return inputs.empty() ? std::vector<std::string>{"-"} : inputs;
}

// Reads all labeled inputs; says on stderr what was skipped and what was used.
std::vector<LabeledRecord> read_all_labeled(const std::vector<std::string>& inputs,
                                            const LabeledInputOptions& options, bool strict) {
    std::vector<LabeledRecord> records;
    LabeledReadResult total;
    RecordWarnings skipped;
    const WarningSink sink = [&](const std::string& message) { skipped.add(message); };
    for (const std::string& path : inputs_or_stdin(inputs)) {
        const LabeledReadResult result = read_labeled(path, options, records, sink, total.used + total.skipped);
        total.used += result.used;
        total.skipped += result.skipped;
    }
    skipped.finish();
    note(fmt::format("read {} labeled titles, skipped {}", total.used, total.skipped));
    if (strict && total.skipped > 0)
        throw Error(fmt::format("{} records skipped and --strict is set", total.skipped));
    if (records.empty()) throw Error("no usable labeled titles in the input");
    return records;
}

// Throws Error when the output (the file `output`, or standard output when it is empty)
// is the very file one of `inputs` (files read, the model included) is: `predict f >> f` would read its own output until
// the disk is full, and `train f -o f` would replace the data with the model. Only
// regular files are compared (device and inode): /dev/null in and out is no harm.
void refuse_output_that_is_an_input(const std::vector<std::string>& inputs, const std::string& output) {
    const std::optional<FileId> out = output.empty() ? regular_file_id(STDOUT_FILENO) : regular_file_id(output);
    if (!out) return;
    for (const std::string& path : inputs_or_stdin(inputs))
        if (regular_file_id(path) == out)
            throw Error(fmt::format("the output ({}) is the same file as the input {}: masktag would read what it "
                                    "writes; write the output to another file",
                                    output.empty() ? "<stdout>" : output, input_name(path)));
}

// The model at `path`, or the embedded default model when `path` is empty.
Model load_model(const std::string& path) { return path.empty() ? load_default_model() : Model::load(path); }

}  // namespace

std::string version_text(const std::string& version) {
    const std::string_view bytes = default_model_bytes();
    const Model model = load_default_model();
    return fmt::format("masktag {}\ndefault model: md5 {}, {} bytes, trained on {} titles ({} tokens), C {}, epsilon {}",
                       version, md5_hex(bytes), bytes.size(), model.training.titles, model.training.tokens,
                       model.training.c, model.training.epsilon);
}


unsigned threads_to_run(unsigned requested) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (requested == 0) return cores;
    const unsigned cap = kMaxThreadsPerCore * cores;
    if (requested <= cap) return requested;
    warn(fmt::format("--threads {} is more than {} per core ({} cores here): using {}", requested, kMaxThreadsPerCore,
                     cores, cap));
    return cap;
}

namespace {

// The C and epsilon values `train --c auto` tries.
constexpr double kGridC[] = {1, 3, 10, 30, 100};
constexpr double kGridEpsilon[] = {0.1, 0.01};

// Picks C and epsilon for `base` by cross-validation over the grid, with the command's
// folds and seed; prints the grid on stderr.
TrainOptions tune(const std::vector<LabeledRecord>& records, const TrainOptions& base, const TrainCommand& command) {
    if (records.size() < 2 * command.tune_folds)
        throw Error(fmt::format("--c auto needs at least {} titles", 2 * command.tune_folds));
    const Folds folds = make_folds(records, command.tune_folds, command.seed);
    const unsigned threads = base.threads;  // already resolved by run_train
    // Extracted once for every grid point and fold, where their features are the same.
    const auto features = extract_features(records, base);
    TrainOptions best = base;
    double best_accuracy = -1;
    inform(fmt::format("masktag: tuning by {}-fold cross-validation (seed {})\n       C  epsilon  token accuracy\n",
               command.tune_folds, command.seed));
    const std::size_t points = std::size(kGridC) * std::size(kGridEpsilon);
    std::size_t point = 0;
    TerminalProgress line;
    for (const double c : kGridC) {
        for (const double epsilon : kGridEpsilon) {
            TrainOptions options = base;
            options.c = c;
            options.epsilon = epsilon;
            options.calibration_folds = 0;  // calibration does not change the labels
            ++point;
            const auto fold_done = [&](std::size_t done, std::size_t folds) {
                line.update(fmt::format("masktag: tuning: grid point {} of {} (C {}, epsilon {}), fold {} of {} "
                                        "done, {:.1f} s elapsed",
                                        point, points, c, epsilon, done, folds, line.elapsed()),
                            true);
            };
            const double accuracy = cross_validate(records, folds, options, threads, features, fold_done).pooled.token_accuracy();
            line.finish();  // the grid's row below starts a line of its own
            inform(fmt::format("  {:>6}  {:>7}  {:.4f}\n", c, epsilon, accuracy));
            if (accuracy > best_accuracy) {  // ties keep the earlier, smaller C
                best_accuracy = accuracy;
                best.c = c;
                best.epsilon = epsilon;
            }
        }
    }
    note(fmt::format("chose C {} and epsilon {} ({:.4f})", best.c, best.epsilon, best_accuracy));
    return best;
}

// Ensures: what train() shows on a terminal as it solves and calibrates.
std::function<void(const TrainStep&)> training_progress(TerminalProgress& line, const TrainOptions& options) {
    return [&line, epsilon = options.epsilon](const TrainStep& step) {
        if (step.stage == TrainStep::Stage::calibrating)
            line.update(fmt::format("masktag: train: fitting the confidences' temperature on {} fold models, "
                                    "{:.1f} s elapsed",
                                    step.folds, line.elapsed()),
                        true);
        else
            line.update(fmt::format("masktag: train: solver iteration {}, risk gap {:.4f} (stops below {}), "
                                    "{:.1f} s elapsed",
                                    step.iteration, step.risk_gap, epsilon, line.elapsed()));
    };
}

Model train_and_report(const std::vector<LabeledRecord>& records, TrainOptions options) {
    const auto start = std::chrono::steady_clock::now();
    TrainSummary summary;
    TerminalProgress line;
    options.progress = training_progress(line, options);
    Model model = train(records, options, &summary);
    line.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    note(fmt::format("trained on {} titles ({} tokens) in {:.2f} s: {} labels, {} of {} features kept, "
               "{} solver iterations, temperature {:.3f}",
               model.training.titles, model.training.tokens, seconds, model.num_labels(), summary.features_kept,
               summary.features_seen, summary.iterations, summary.temperature));
    if (summary.iterations >= options.max_iterations)
        warn(fmt::format("the solver stopped at --max-iterations {} before reaching --epsilon {}", options.max_iterations,
                         options.epsilon));
    return model;
}

// The last part of a path: what a model records of the files it was trained from.
std::string file_name(const std::string& path) {
    if (path == "-") return "<stdin>";
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Ensures: `options` with the lexicon that `source` names (see TrainCommand::lexicon) and
// the names of `gazetteer` (when not empty), when its feature groups use one.
TrainOptions with_lexicon(TrainOptions options, const std::string& source, const std::string& gazetteer) {
    if (!options.groups.lexicon) return options;
    if (source.empty() && !gazetteer.empty())
        throw Error("--gazetteer adds to a lexicon built here: give --lexicon FILE (or --lexicon none for the "
                    "gazetteer alone); the built-in model's lexicon cannot be rebuilt");
    if (source.empty()) {
        const Model built_in = load_default_model();
        options.lexicon = built_in.lexicon;
        options.lexicon_description = "the built-in model's (" + built_in.training.lexicon_source + ")";
        return options;
    }
    std::vector<LabeledRecord> records;
    std::string what;
    if (source != "none") {
        const LabeledReadResult read = read_labeled(source, LabeledInputOptions{}, records,
                                                    [&](const std::string& message) { warn("lexicon: " + message); });
        what = fmt::format("{} titles of {}", read.used, file_name(source));
    }
    if (!gazetteer.empty()) {
        std::vector<LabeledRecord> names = read_gazetteer(gazetteer, "brand");
        what += fmt::format("{}{} names of {}", what.empty() ? "" : " and ", names.size(), file_name(gazetteer));
        records.insert(records.end(), std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()));
    }
    if (records.empty()) {
        options.lexicon_description = "none";
        return options;
    }
    options.lexicon = Lexicon::build(records, options.lexicon_min_count);
    options.lexicon_description = what;
    note(fmt::format("lexicon of {} entries from {}", options.lexicon.entries().size(), what));
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(std::move(records));
    return options;
}

}  // namespace

int run_train(const TrainCommand& command) {
    // The lexicon file is read too; its titles are worth as much as the data's.
    std::vector<std::string> read = inputs_or_stdin(command.inputs);
    if (!command.lexicon.empty() && command.lexicon != "none") read.push_back(command.lexicon);
    if (!command.gazetteer.empty()) read.push_back(command.gazetteer);
    refuse_output_that_is_an_input(read, command.output);
    // The output file is opened (as a temporary beside it) before any work: a missing or
    // unwritable directory fails now, not after minutes of training.
    AtomicFile output(command.output);
    const auto save = [&](const Model& model) {
        const std::string bytes = model.serialize();
        write_or_throw(output.stream(), bytes, command.output);
        output.commit();
    };
    const auto records = read_all_labeled(command.inputs, command.input, command.strict);
    TrainOptions given = with_lexicon(command.options, command.lexicon, command.gazetteer);
    given.threads = threads_to_run(given.threads);
    const TrainOptions options = command.tune ? tune(records, given, command) : given;
    if (command.holdout <= 0) {
        save(train_and_report(records, options));
        note(fmt::format("wrote {}", command.output));
        return 0;
    }
    // Hold out round(share * n) titles, drawn by the same shuffle as --cv folds.
    const std::size_t held = static_cast<std::size_t>(std::llround(command.holdout * static_cast<double>(records.size())));
    if (held == 0 || held >= records.size())
        throw Error(fmt::format("--holdout {} of {} titles leaves nothing to hold out or nothing to train on",
                                command.holdout, records.size()));
    const Folds shuffled = make_folds(records, 1, command.seed);
    const std::set<std::size_t> held_positions(shuffled.test_positions[0].begin(),
                                               shuffled.test_positions[0].begin() + static_cast<std::ptrdiff_t>(held));
    std::vector<LabeledRecord> train_set, test_set;
    for (const auto& r : records) (held_positions.count(r.position) ? test_set : train_set).push_back(r);
    std::vector<const LabeledRecord*> held_out;
    for (const LabeledRecord& r : test_set) held_out.push_back(&r);
    const Model model = train_and_report(train_set, holding_out(options, held_out));
    const std::string report = fmt::format("held-out evaluation: {} of {} titles (seed {})\n", test_set.size(),
                                           records.size(), command.seed) +
                               format_report(evaluate(model, test_set));
    write_or_throw(stdout, report, "<stdout>");
    flush_or_throw(stdout, "<stdout>");
    if (command.refit) {
        save(train_and_report(records, options));
        note(fmt::format("wrote {} (refit on all {} titles)", command.output, records.size()));
    } else {
        save(model);
        note(fmt::format("wrote {} (trained without the held-out titles)", command.output));
    }
    return 0;
}

namespace {

// A model that knows none of the data's labels scores 0 on it: most likely the wrong
// model (or data labeled by another scheme), which a bare 0.0000 would not say.
void warn_if_no_label_shared(const Model& model, const std::set<std::string_view>& gold_labels) {
    for (const std::string& label : model.labels)
        if (gold_labels.count(label) > 0) return;
    const auto join = [](const auto& labels) {
        std::string out;
        for (const auto& l : labels) out += (out.empty() ? "" : ", ") + std::string(l);
        return out;
    };
    warn(fmt::format("the model's labels ({}) share none with the data's ({}): every token counts as wrong; is it the "
                     "right model?",
                     join(model.labels), join(gold_labels)));
}

Evaluation evaluate_baseline(const std::vector<TitleOutcome>& outcomes) {
    Scorer scorer;
    for (const TitleOutcome& o : outcomes) {
        std::vector<std::string_view> tokens;
        for (const Token& t : o.record->tokens) tokens.push_back(t.text(o.record->title));
        scorer.add(o.record->labels, baseline_labels(tokens));
    }
    return scorer.result();
}

// The `count` titles with the most wrong tokens (ties in input order), gold and
// predicted side by side.
std::string format_errors(const std::vector<TitleOutcome>& outcomes, std::size_t count, bool json) {
    std::vector<std::pair<std::size_t, std::size_t>> wrong;  // (wrong tokens, index)
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        std::size_t n = 0;
        for (std::size_t t = 0; t < outcomes[i].predicted.size(); ++t)
            n += outcomes[i].predicted[t] != outcomes[i].record->labels[t];
        if (n > 0) wrong.emplace_back(n, i);
    }
    std::stable_sort(wrong.begin(), wrong.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (wrong.size() > count) wrong.resize(count);
    std::string out = json ? "[" : fmt::format("\nworst titles ({} shown): token, gold, predicted\n", wrong.size());
    for (std::size_t k = 0; k < wrong.size(); ++k) {
        const TitleOutcome& o = outcomes[wrong[k].second];
        const LabeledRecord& r = *o.record;
        if (json) {
            if (k > 0) out += ',';
            out += "{\"title\":";
            json::append_string(out, r.title);
            out += ",\"source\":";
            json::append_string(out, r.source);
            out += fmt::format(",\"wrong\":{},\"tokens\":", wrong[k].first);
            append_tokens(out, r.title, r.tokens);
            out += ",\"gold\":";
            json::append_string_array(out, r.labels);
            out += ",\"predicted\":";
            json::append_string_array(out, o.predicted);
            out += '}';
            continue;
        }
        out += fmt::format("\n{} ({}): {} of {} tokens wrong\n", r.title, r.source, wrong[k].first, r.tokens.size());
        for (std::size_t t = 0; t < r.tokens.size(); ++t)
            out += fmt::format("  {:<20} {:<12} {:<12}{}\n", r.tokens[t].text(r.title), r.labels[t], o.predicted[t],
                               r.labels[t] == o.predicted[t] ? "" : "  *");
    }
    if (json) out += ']';
    return out;
}

// Writes the report and returns the exit status: kBelowMinimum under --min-accuracy.
int finish_eval(const EvalCommand& command, const std::string& report, const Evaluation& scored) {
    write_or_throw(stdout, report, "<stdout>");
    flush_or_throw(stdout, "<stdout>");
    if (command.min_accuracy >= 0 && scored.token_accuracy() < command.min_accuracy) {
        say(fmt::format("token accuracy {:.4f} is below --min-accuracy {}", scored.token_accuracy(),
                   command.min_accuracy));
        return kBelowMinimum;
    }
    return 0;
}

bool wants_report(const EvalCommand& command) { return !command.report.empty() || !command.report_json.empty(); }

// A report's frame, what was run on which data; the caller adds the models.
EvalReport report_frame(const EvalCommand& command, std::string method, const Evaluation& scored) {
    EvalReport report;
    report.method = std::move(method);
    for (const std::string& path : inputs_or_stdin(command.inputs))
        report.data += (report.data.empty() ? "" : ", ") + input_name(path);
    report.titles = scored.titles;
    report.tokens = scored.tokens;
    return report;
}

// Throws Error, before any work, when a report would be written over a file eval reads.
void refuse_report_over_input(const EvalCommand& command) {
    std::vector<std::string> read = inputs_or_stdin(command.inputs);
    for (const std::string& path : {command.model, command.against, command.folds_path})
        if (!path.empty()) read.push_back(path);
    for (const std::string& report : {command.report, command.report_json})
        if (!report.empty()) refuse_output_that_is_an_input(read, report);
}

int run_cross_validation(const EvalCommand& command) {
    const auto records = read_all_labeled(command.inputs, command.input, command.strict);
    if (command.folds_path.empty() && command.cv > records.size())
        throw Error(fmt::format("--cv {} needs at least {} titles; there are {}", command.cv, command.cv, records.size()));
    const Folds folds = command.folds_path.empty() ? make_folds(records, command.cv, command.seed)
                                                   : read_folds(command.folds_path, records);
    if (command.cv > 0 && folds.test_positions.size() != command.cv)
        throw Error(fmt::format("--cv {} but the folds file has {} folds", command.cv, folds.test_positions.size()),
                    command.folds_path);
    TerminalProgress line;
    const auto progress = [&](std::size_t done, std::size_t total) {
        const double elapsed = line.elapsed();
        line.update(fmt::format("masktag: fold {} of {} done, {:.1f} s elapsed, about {:.1f} s to go", done, total,
                                elapsed, elapsed / static_cast<double>(done) * static_cast<double>(total - done)),
                    true);
        if (done == total) line.finish();
    };
    TrainOptions options = with_lexicon(command.options, command.lexicon, command.gazetteer);
    options.threads = threads_to_run(options.threads);
    const CrossValidation cv = cross_validate(records, folds, options, options.threads, progress);
    // A folds file whose folds are all empty tests nothing: no accuracy to report or to
    // hold against --min-accuracy.
    if (cv.pooled.titles == 0) throw Error("every fold is empty: no title was tested", input_name(command.folds_path));

    const std::string method = fmt::format("{}-fold cross-validation{}", cv.folds.size(),
                                           command.folds_path.empty() ? fmt::format(" (seed {})", command.seed)
                                                                      : " (folds from " + input_name(command.folds_path) + ")");
    if (wants_report(command)) {
        EvalReport report = report_frame(command, method, cv.pooled);
        report.models.push_back(report_model("models trained by " + method, "", {}, cv.pooled, cv.outcomes));
        if (command.learning_curve) {
            TerminalProgress curve_line;  // its own clock: the time to go is the curve's
            const auto curve_progress = [&](std::size_t done, std::size_t total) {
                const double elapsed = curve_line.elapsed();
                curve_line.update(fmt::format("masktag: learning curve, fold {} of {} done, about {:.1f} s to go", done,
                                              total, elapsed / static_cast<double>(done) * static_cast<double>(total - done)),
                                  true);
                if (done == total) curve_line.finish();
            };
            report.learning_curve =
                learning_curve(records, folds, options, options.threads, command.seed, cv, curve_progress);
        }
        write_report(report, command.report, command.report_json);
    }
    std::string out;
    if (command.json) {
        out += "{\"folds\":[";
        for (std::size_t f = 0; f < cv.folds.size(); ++f) {
            if (f > 0) out += ',';
            out += format_json(cv.folds[f]);
        }
        out += fmt::format("],\"never_tested\":{},\"pooled\":{}", cv.never_tested, format_json(cv.pooled));
        if (command.baseline) out += ",\"baseline\":" + format_json(evaluate_baseline(cv.outcomes));
        if (command.errors > 0) out += ",\"errors\":" + format_errors(cv.outcomes, command.errors, true);
        out += "}\n";
    } else {
        out += method + "\n";
        for (std::size_t f = 0; f < cv.folds.size(); ++f) {
            // An accuracy of an empty fold would read 0.0000, as if every token were wrong.
            if (cv.folds[f].titles == 0) {
                out += fmt::format("fold {}  empty: no titles to test\n", f);
                continue;
            }
            out += fmt::format("fold {}  token accuracy {:.4f} ({} of {} tokens), title accuracy {:.4f}\n", f,
                               cv.folds[f].token_accuracy(), cv.folds[f].tokens_correct, cv.folds[f].tokens,
                               cv.folds[f].title_accuracy());
        }
        if (cv.never_tested > 0) out += fmt::format("{} records are in no fold: always trained on, never tested\n", cv.never_tested);
        out += "\npooled over all folds\n" + format_report(cv.pooled);
        if (command.baseline) out += "\nbaseline (rules), pooled over the same titles\n" + format_report(evaluate_baseline(cv.outcomes));
        if (command.errors > 0) out += format_errors(cv.outcomes, command.errors, false);
    }
    return finish_eval(command, out, cv.pooled);
}

// The gold labels of `records`. Throws Error when there are more than kMaxLabels: as in
// train, 10,000 gold labels made a confusion matrix of 10^8 cells (1.7 GB, 90 s).
std::set<std::string_view> gold_labels_within_limit(const std::vector<LabeledRecord>& records) {
    std::set<std::string_view> gold_labels;
    for (const LabeledRecord& record : records) gold_labels.insert(record.labels.begin(), record.labels.end());
    if (gold_labels.size() > kMaxLabels)
        throw Error(fmt::format("the evaluation data has {} different labels; masktag evaluates at most {} (the "
                                "confusion matrix grows with the square of their number)",
                                gold_labels.size(), kMaxLabels));
    return gold_labels;
}

// A model with the name and MD5 a report shows: the file's path and the MD5 of its bytes
// (what md5sum prints), or the built-in model's. The bytes are read once, so the MD5 is
// of the very model scored even when a retraining job renames a new file into place.
struct LoadedModel {
    std::string name;
    std::string md5;
    Model model;
};

LoadedModel load_named_model(const std::string& path) {
    if (path.empty()) return {std::string(kDefaultModelName), md5_hex(default_model_bytes()), load_default_model()};
    const std::string bytes = read_whole_file(path, "model file");
    return {path, md5_hex(bytes), Model::deserialize(bytes, input_name(path))};
}

// `eval -m A -m B`: both models on the same titles, side by side; kBelowMinimum when A's
// token accuracy is below --min-accuracy or below B's by more than --max-drop.
int run_comparison(const EvalCommand& command) {
    const LoadedModel a = load_named_model(command.model);
    const LoadedModel b = load_named_model(command.against);
    const auto records = read_all_labeled(command.inputs, command.input, command.strict);
    const std::set<std::string_view> gold_labels = gold_labels_within_limit(records);
    warn_if_no_label_shared(a.model, gold_labels);
    warn_if_no_label_shared(b.model, gold_labels);
    std::vector<TitleOutcome> outcomes_a, outcomes_b;
    const bool with_report = wants_report(command);
    const ScoredModel scored_a{a.name, a.md5, evaluate(a.model, records, with_report ? &outcomes_a : nullptr)};
    const ScoredModel scored_b{b.name, b.md5, evaluate(b.model, records, with_report ? &outcomes_b : nullptr)};
    if (with_report) {
        EvalReport r = report_frame(command, "two models scored on the same titles (A - B is the difference)",
                                    scored_a.evaluation);
        r.models.push_back(report_model(a.name, a.md5, a.model.labels, scored_a.evaluation, outcomes_a));
        r.models.push_back(report_model(b.name, b.md5, b.model.labels, scored_b.evaluation, outcomes_b));
        write_report(r, command.report, command.report_json);
    }
    const std::string report = command.json ? format_comparison_json(scored_a, scored_b) + "\n"
                                            : format_comparison(scored_a, scored_b);
    const int status = finish_eval(command, report, scored_a.evaluation);
    if (status != 0) return status;
    const double drop = -token_accuracy_difference(scored_a.evaluation, scored_b.evaluation);
    if (command.max_drop >= 0 && drop > command.max_drop) {
        say(fmt::format("model A ({}) has token accuracy {:.4f}, {:.4f} below model B ({}) at {:.4f}: "
                                  "more than --max-drop {}",
                                  a.name, scored_a.evaluation.token_accuracy(), drop, b.name,
                                  scored_b.evaluation.token_accuracy(), command.max_drop));
        return kBelowMinimum;
    }
    return 0;
}

}  // namespace

void set_eval_models(EvalCommand& command, const std::vector<std::string>& models, const std::string& against,
                     bool max_drop_given) {
    if (models.size() + (against.empty() ? 0 : 1) > 2)
        throw Error("eval compares at most two models: give -m twice, or -m and --against");
    if (!models.empty()) command.model = models[0];
    command.against = models.size() == 2 ? models[1] : against;
    if (models.size() == 2 && command.against.empty()) throw Error("the second -m names no file");
    if (command.against.empty()) {
        if (max_drop_given) throw Error("--max-drop compares two models: give -m twice (-m A -m B)");
        return;
    }
    if (command.info) throw Error("--info describes one model: give -m once");
    if (command.baseline || command.errors > 0)
        throw Error("--baseline and --errors report on one model: run eval with each -m on its own for them");
}

void check_eval_report_options(const EvalCommand& command) {
    const bool report = !command.report.empty() || !command.report_json.empty();
    if (command.learning_curve && command.cv == 0 && command.folds_path.empty())
        throw Error("--learning-curve trains on parts of the training folds: give --cv K or --folds FILE with it");
    if (command.learning_curve && !report)
        throw Error("--learning-curve is drawn in the report: give --report FILE.html or --report-json FILE.json");
    if (!command.report.empty() && command.report == command.report_json)
        throw Error("--report and --report-json name the same file: give each its own");
    if (report && command.info) throw Error("--info prints a model's facts, not a report: drop --report");
    // stdout has the text report already; a page mixed into it would serve neither.
    if (command.report == "-" || command.report_json == "-")
        throw Error("the report goes to a file, not to stdout (which has the text report): give a file name");
}

int run_info(const std::string& model_path, bool json) {
    // The file's own bytes, which md5sum would read; the built-in model's as embedded.
    const std::string bytes = model_path.empty() ? std::string(default_model_bytes()) : read_whole_file(model_path, "model file");
    const Model model = Model::deserialize(bytes, model_path.empty() ? std::string(kDefaultModelName) : input_name(model_path));
    const std::string name = model_path.empty() ? std::string(kDefaultModelName) : model_path;
    const TrainingInfo& t = model.training;
    // Files before format version 4 did not record these.
    const bool recorded = model.format_version >= 4;
    const std::string lexicon =
        !model.groups.lexicon ? "not used (no lexicon feature group)"
                              : fmt::format("{} entries, from {}", model.lexicon.entries().size(),
                                            recorded && !t.lexicon_source.empty() ? t.lexicon_source : "(not recorded)");
    std::string out;
    if (json) {
        out += "{\"model\":";
        json::append_string(out, name);
        out += fmt::format(",\"size\":{},\"md5\":\"{}\",\"format_version\":{},\"labels\":", bytes.size(), md5_hex(bytes),
                           model.format_version);
        json::append_string_array(out, model.labels);
        out += ",\"feature_groups\":";
        json::append_string_array(out, model.groups.names());
        out += fmt::format(",\"lexicon_entries\":{},\"lexicon_source\":", model.lexicon.entries().size());
        if (model.groups.lexicon && recorded && !t.lexicon_source.empty())
            json::append_string(out, t.lexicon_source);
        else
            out += "null";
        out += fmt::format(",\"features\":{},\"trained_on\":{{\"titles\":{},\"tokens\":{}}},"
                           "\"c\":{},\"epsilon\":{},\"max_iterations\":{},\"min_feature_count\":{},"
                           "\"min_weight\":{},\"temperature\":{:.4f}}}\n",
                           model.num_features(), t.titles, t.tokens, t.c, t.epsilon, t.max_iterations,
                           recorded ? std::to_string(t.min_feature_count) : "null",
                           recorded ? fmt::format("{}", t.min_weight) : "null", model.temperature);
    } else {
        std::string labels;
        for (const auto& l : model.labels) labels += (labels.empty() ? "" : ", ") + l;
        std::string groups;
        for (const auto& g : model.groups.names()) groups += (groups.empty() ? "" : ", ") + g;
        out = fmt::format("model: {}\nsize: {} bytes, md5 {}\nformat version: {}\nlabels: {}\nfeature groups: {}\n"
                          "lexicon: {}\nfeatures: {}\n"
                          "trained on: {} titles ({} tokens)\nC: {}\nepsilon: {}\nmax iterations: {}\n"
                          "min feature count: {}\nmin weight: {}\ntemperature: {:.4f}\n",
                          name, bytes.size(), md5_hex(bytes), model.format_version, labels, groups,
                          lexicon, model.num_features(), t.titles, t.tokens,
                          t.c, t.epsilon, t.max_iterations,
                          recorded ? std::to_string(t.min_feature_count) : "(not recorded)",
                          recorded ? fmt::format("{}", t.min_weight) : "(not recorded)", model.temperature);
    }
    write_or_throw(stdout, out, "<stdout>");
    flush_or_throw(stdout, "<stdout>");
    return 0;
}

int run_eval(const EvalCommand& command) {
    if (command.info) return run_info(command.model, command.json);
    refuse_report_over_input(command);
    if (command.cv > 0 || !command.folds_path.empty()) return run_cross_validation(command);
    if (!command.against.empty()) return run_comparison(command);
    const LoadedModel loaded = load_named_model(command.model);
    const Model& model = loaded.model;
    const auto records = read_all_labeled(command.inputs, command.input, command.strict);
    warn_if_no_label_shared(model, gold_labels_within_limit(records));
    std::vector<TitleOutcome> outcomes;
    const Evaluation evaluation = evaluate(model, records, &outcomes);
    if (wants_report(command)) {
        EvalReport report = report_frame(command, "evaluation of one model", evaluation);
        report.models.push_back(report_model(loaded.name, loaded.md5, model.labels, evaluation, outcomes));
        write_report(report, command.report, command.report_json);
    }
    std::string report;
    // The report names the model it scored: a file of reports says which model each is.
    if (command.json) {
        report = "{\"model\":";
        json::append_string(report, loaded.name);
        report += ",\"md5\":\"" + loaded.md5 + "\",";
        report += format_json(evaluation).substr(1);
        report.pop_back();  // reopen the object for the optional members
        if (command.baseline) report += ",\"baseline\":" + format_json(evaluate_baseline(outcomes));
        if (command.errors > 0) report += ",\"errors\":" + format_errors(outcomes, command.errors, true);
        report += "}\n";
    } else {
        report = fmt::format("model: {} (md5 {})\n", loaded.name, loaded.md5) + format_report(evaluation);
        if (command.baseline) report += "\nbaseline (rules)\n" + format_report(evaluate_baseline(outcomes));
        if (command.errors > 0) report += format_errors(outcomes, command.errors, false);
    }
    return finish_eval(command, report, evaluation);
}

namespace {

std::string prefixed_list(const std::vector<std::string>& names, const std::string& prefix) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + prefix + n;
    return out;
}

}  // namespace

namespace {

// predict's progress on a terminal: records, records a second, and how much of the input
// is read when its size is known (see TerminalProgress for when it shows).
class PredictProgress {
public:
    void input(std::FILE* stream) {
        stream_ = stream;
        struct stat info;
        size_ = fstat(fileno(stream), &info) == 0 && S_ISREG(info.st_mode) ? info.st_size : -1;
    }
    void written(std::size_t records) {
        records_ += records;
        std::string read;
        if (size_ > 0)
            if (const long at = std::ftell(stream_); at >= 0)
                read = fmt::format(", {:.1f} of {:.1f} MB read", at / 1e6, static_cast<double>(size_) / 1e6);
        line_.update(fmt::format("masktag: predict: {} records, {:.0f} a second{}", records_,
                                 static_cast<double>(records_) / line_.elapsed(), read));
    }
    void finish() { line_.finish(); }

private:
    TerminalProgress line_;
    std::FILE* stream_ = nullptr;
    long long size_ = -1;
    std::size_t records_ = 0;
};

}  // namespace

int run_predict(const PredictCommand& command) {
    // The model is an input too: `predict -m my.model ... -o my.model` would replace it.
    std::vector<std::string> read = inputs_or_stdin(command.inputs);
    if (!command.model.empty()) read.push_back(command.model);
    refuse_output_that_is_an_input(read, command.output);
    const Model model = load_model(command.model);
    // Threads take records in chunks of 1,024: a coprocess sending one title at a time
    // would wait for an answer that waits for the chunk to fill. Line-buffered is one thread.
    const unsigned threads = command.line_buffered ? 1 : threads_to_run(command.threads);
    const std::vector<std::string> added = added_names(command.output_format, model.labels, command.details);
    const bool table_output = command.output_format == OutputFormat::csv || command.output_format == OutputFormat::tsv;
    std::vector<std::unique_ptr<RecordLabeler>> labelers;  // made once the first input's names are known
    std::optional<OutputNaming> naming;
    std::optional<AtomicFile> file;
    if (!command.output.empty()) file.emplace(command.output);
    std::FILE* out = file ? file->stream() : stdout;
    const std::string out_name = file ? command.output : "<stdout>";
    const auto write = [&](std::string_view text) {
        write_or_throw(out, text, out_name);
        if (command.line_buffered) flush_or_throw(out, out_name);
    };
    std::size_t errors = 0;
    PredictProgress progress;
    RecordWarnings record_warnings;
    const auto failed = [&](const RecordFailure& failure) {
        if (command.on_error == OnError::fail) throw Error(failure.message, failure.place);
        ++errors;
        progress.finish();  // a warning starts on a line of its own
        record_warnings.add(fmt::format("{} ({})", failure.message, failure.place));
        return true;
    };

    std::optional<std::vector<std::string>> header;  // the columns of the first input
    std::string buffer;
    for (const std::string& path : inputs_or_stdin(command.inputs)) {
        InputFile input(path);
        TitleInputOptions input_options = command.input;
        input_options.look_ahead_for_columns = table_output;  // CSV columns are fixed by one record
        TitleReader reader(input.stream(), input.name(), input_options);
        reader.start();
        for (const std::string& text : reader.notes()) note(fmt::format("note: {}", text));
        if (header && reader.columns() != *header && table_output)
            throw Error("the columns differ from the first input's, and CSV output has one header", input.name());
        try {
            const OutputNaming chosen =
                choose_output_naming(carried_names(reader, command.input, command.output_format), added,
                                     naming ? std::optional<std::string>(naming->prefix) : command.prefix, table_output);
            if (!naming) {
                naming = chosen;
                if (!command.prefix && !chosen.collisions.empty())
                    note(fmt::format("note: the input already has {}: masktag's own names get the prefix '{}' ({}); "
                        "choose it with --prefix",
                        prefixed_list(chosen.collisions, ""), chosen.prefix, prefixed_list(added, chosen.prefix)));
                for (unsigned t = 0; t < threads; ++t)
                    labelers.push_back(std::make_unique<RecordLabeler>(model, command.output_format, command.details,
                                                                       naming->prefix));
            }
        } catch (const Error& e) {
            throw Error(e.what(), input.name());
        }
        reader.restrict_members(member_rules(command.output_format, added, naming->prefix));
        for (auto& labeler : labelers) labeler->start_input(reader.columns(), buffer);
        if (!header) {
            header = reader.columns();
            write(buffer);
        }
        progress.input(input.stream());
        label_records(reader, input.name(), threads, labelers, write, failed,
                      [&](std::size_t records) { progress.written(records); });
    }
    progress.finish();
    if (file)
        file->commit();
    else
        flush_or_throw(stdout, out_name);
    record_warnings.finish();
    if (errors > 0) {
        note(fmt::format("{} records could not be labeled; each has its error in the output "
                                  "(exit status {})",
                                  errors, kSomeRecordsFailed));
        return kSomeRecordsFailed;
    }
    return 0;
}

}  // namespace masktag
