// masktag train: reading, tuning, training, holding out, writing the model.
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
            const double accuracy =
                cross_validate(records, folds, options, threads, features, fold_done).pooled.token_accuracy();
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
            line.update(
                fmt::format("masktag: train: solver iteration {}, risk gap {:.4f} (stops below {}), "
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
    note(
        fmt::format("trained on {} titles ({} tokens) in {:.2f} s: {} labels, {} of {} features kept, "
                    "{} solver iterations, temperature {:.3f}",
                    model.training.titles, model.training.tokens, seconds, model.num_labels(), summary.features_kept,
                    summary.features_seen, summary.iterations, summary.temperature));
    if (summary.iterations >= options.max_iterations)
        warn(fmt::format("the solver stopped at --max-iterations {} before reaching --epsilon {}",
                         options.max_iterations, options.epsilon));
    return model;
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
    const TrainOptions options = command.tune ? tune(records, given, command) : given;
    if (command.holdout <= 0) {
        save(train_and_report(records, options));
        note(fmt::format("wrote {}", command.output));
        return 0;
    }
    // Hold out round(share * n) titles, drawn by the same shuffle as --cv folds.
    const std::size_t held =
        static_cast<std::size_t>(std::llround(command.holdout * static_cast<double>(records.size())));
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
    const std::string report =
        fmt::format("held-out evaluation: {} of {} titles (seed {})\n", test_set.size(), records.size(), command.seed) +
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

}  // namespace masktag
