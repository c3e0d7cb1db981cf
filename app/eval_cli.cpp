// masktag eval: its options and their checks.
#include <string>
#include <vector>

#include "cli_options.h"
#include "command.h"
#include "masktag/commands.h"

namespace masktag::cli {
namespace {

class Eval final : public Command {
public:
    explicit Eval(CLI::App& app) : cli_(app.add_subcommand("eval", "Score a model on labeled titles")) {
        add_labeled_input_options(*cli_, command_.inputs, input_, command_.input, command_.strict);
        // -m twice compares two models; allow_extra_args(false): one file per -m, so the data
        // after it stays an input.
        CLI::Option* model_option =
            cli_->add_option("-m,--model", models_,
                             "Model file (default: the model built into masktag); give it twice (-m A -m B) to score "
                             "both on the same titles, side by side")
                ->allow_extra_args(false)
                ->type_name("FILE");
        CLI::Option* against_option =
            cli_->add_option("--against", against_,
                             "Score this model beside the -m one (or the built-in one): as -m A -m B")
                ->type_name("FILE");
        max_drop_ =
            cli_->add_option(
                    "--max-drop", command_.max_drop,
                    "With two models: exit with status 3 when the first's token accuracy is below the second's by more than this")
                ->check(kFinite & CLI::Range(0.0, 1.0));
        cli_->add_flag("--json", command_.json, "Print the scores as one JSON object");
        cli_->add_flag("--info", command_.info, "The same as 'masktag info' (with --json too)");
        cli_->add_option("--report", command_.report,
                         "Also write an HTML report: one self-contained page (figures as inline SVG, no script, no "
                         "network) with the headline numbers, confusion heatmap, per-label bars, reliability "
                         "diagram and worst titles")
            ->type_name("FILE");
        cli_->add_option("--report-json", command_.report_json,
                         "Also write the report's data as one JSON object, for notebooks")
            ->type_name("FILE");
        cli_->add_flag("--learning-curve", command_.learning_curve,
                       "With --cv or --folds and a report: also train on 10%, 20%, ..., 90% of each training fold "
                       "and draw accuracy against training size");
        CLI::Option* cv_option =
            cli_->add_option("--cv", command_.cv,
                             "Cross-validate instead: train K models on K-1 folds, test each on its fold")
                ->transform(whole_number<unsigned>())
                ->check(CLI::Range(2u, 1000u));
        cli_->add_option("--seed", command_.seed, "Seed for the --cv folds and the --learning-curve subsets")
            ->transform(whole_number<std::uint64_t>())
            ->capture_default_str();
        CLI::Option* folds_option = cli_->add_option(
            "--folds", command_.folds_path,
            "Cross-validate on fixed folds: a JSON object whose \"folds\" lists 0-based record positions");
        cv_option->excludes(model_option);
        cli_->add_flag("--baseline", command_.baseline,
                       "Also score the rule baseline (brand = first token, model = second, size = last if a size word, "
                       "else misc) on the same titles");
        cli_->add_option("--errors", command_.errors,
                         "List the N titles with the most wrong tokens, gold beside predicted")
            ->transform(whole_number<std::size_t>());
        cli_->add_option("--min-accuracy", command_.min_accuracy,
                         "Exit with status 3 when token accuracy (pooled, with --cv) is below this")
            ->check(kFinite & CLI::Range(0.0, 1.0));
        folds_option->excludes(model_option);
        cv_option->excludes(against_option);
        folds_option->excludes(against_option);
        add_train_options(*cli_, command_.options, features_, c_, command_.lexicon, command_.gazetteer, false);
        cli_->footer(
            "\nTraining options apply to --cv and --folds.\n"
            "\nExamples:\n"
            "  masktag eval -m my.model test.json --json\n"
            "  masktag eval --cv 5 --seed 7 data/corpus.jsonl\n"
            "  masktag eval --folds folds5.json training_data.json --threads 0 --baseline\n"
            "  masktag eval -m new.model holdout.jsonl --min-accuracy 0.9 || echo \"not shipping\"\n"
            "  masktag eval -m new.model -m current.model holdout.jsonl --max-drop 0   candidate vs current\n"
            "  masktag eval --cv 5 data/corpus.jsonl --report report.html --learning-curve\n"
            "\nExit status 3: token accuracy below --min-accuracy, or (two models) the first's below\n"
            "the second's by more than --max-drop.\n");
    }

    const CLI::App& cli() const override { return *cli_; }

    void resolve() override {
        apply_labeled_input_args(input_, command_.input);
        command_.options.groups = parse_feature_groups(features_);
        command_.options.c = std::stod(c_);
        command_.options.threads = threads_to_run(command_.options.threads);
        set_eval_models(command_, models_, against_, max_drop_->count() > 0);
        check_eval_report_options(command_);
    }

    int run() override { return run_eval(command_); }

private:
    CLI::App* cli_;
    EvalCommand command_;
    LabeledInputArgs input_;
    std::string features_ = all_feature_groups();
    std::string c_;
    std::vector<std::string> models_;
    std::string against_;
    CLI::Option* max_drop_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> add_eval_command(CLI::App& app) { return std::make_unique<Eval>(app); }

}  // namespace masktag::cli
