// masktag eval: one model, two side by side, or cross-validation; reports.
#include "masktag/commands.h"

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
#include "masktag/command_support.h"

namespace masktag {

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
    warn(
        fmt::format("the model's labels ({}) share none with the data's ({}): every token counts as wrong; is it the "
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
        throw Error(
            fmt::format("--cv {} needs at least {} titles; there are {}", command.cv, command.cv, records.size()));
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
    const CrossValidation cv = cross_validate(records, folds, options, options.threads, progress);
    // A folds file whose folds are all empty tests nothing: no accuracy to report or to
    // hold against --min-accuracy.
    if (cv.pooled.titles == 0) throw Error("every fold is empty: no title was tested", input_name(command.folds_path));

    const std::string method =
        fmt::format("{}-fold cross-validation{}", cv.folds.size(),
                    command.folds_path.empty() ? fmt::format(" (seed {})", command.seed)
                                               : " (folds from " + input_name(command.folds_path) + ")");
    if (wants_report(command)) {
        EvalReport report = report_frame(command, method, cv.pooled);
        report.models.push_back(report_model("models trained by " + method, "", {}, cv.pooled, cv.outcomes));
        if (command.learning_curve) {
            TerminalProgress curve_line;  // its own clock: the time to go is the curve's
            const auto curve_progress = [&](std::size_t done, std::size_t total) {
                const double elapsed = curve_line.elapsed();
                curve_line.update(
                    fmt::format("masktag: learning curve, fold {} of {} done, about {:.1f} s to go", done, total,
                                elapsed / static_cast<double>(done) * static_cast<double>(total - done)),
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
        if (cv.never_tested > 0)
            out += fmt::format("{} records are in no fold: always trained on, never tested\n", cv.never_tested);
        out += "\npooled over all folds\n" + format_report(cv.pooled);
        if (command.baseline)
            out += "\nbaseline (rules), pooled over the same titles\n" + format_report(evaluate_baseline(cv.outcomes));
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
        throw Error(
            fmt::format("the evaluation data has {} different labels; masktag evaluates at most {} (the "
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
    const std::string report =
        command.json ? format_comparison_json(scored_a, scored_b) + "\n" : format_comparison(scored_a, scored_b);
    const int status = finish_eval(command, report, scored_a.evaluation);
    if (status != 0) return status;
    const double drop = -token_accuracy_difference(scored_a.evaluation, scored_b.evaluation);
    if (command.max_drop >= 0 && drop > command.max_drop) {
        say(
            fmt::format("model A ({}) has token accuracy {:.4f}, {:.4f} below model B ({}) at {:.4f}: "
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

}  // namespace masktag
