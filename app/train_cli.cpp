// masktag train: its options and their checks.
#include <string>

#include "cli_options.h"
#include "command.h"
#include "masktag/commands.h"

namespace masktag::cli {
namespace {

class Train final : public Command {
public:
    explicit Train(CLI::App& app) : cli_(app.add_subcommand("train", "Train a model from labeled titles")) {
        add_labeled_input_options(*cli_, command_.inputs, input_, command_.input, command_.strict);
        cli_->add_option("-o,--output", command_.output, "Model file to write (atomically)")->required();
        add_train_options(*cli_, command_.options, features_, c_, command_.lexicon, command_.gazetteer, true);
        cli_->add_option("--tune-folds", command_.tune_folds, "Folds for --c auto")
            ->transform(whole_number<unsigned>())
            ->check(CLI::Range(2u, 20u))
            ->capture_default_str();
        cli_->add_option(
                "--holdout", command_.holdout,
                "Hold out this share of the titles, print their scores, and save the model trained on the rest")
            ->check(kFinite & CLI::Range(0.0, 1.0));
        cli_->add_option("--seed", command_.seed, "Seed for --holdout and --c auto")
            ->transform(whole_number<std::uint64_t>())
            ->capture_default_str();
        cli_->add_flag("--refit", command_.refit, "With --holdout: save a model retrained on every title instead");
        cli_->footer(
            "\nExamples:\n"
            "  masktag train data/corpus.jsonl -o my.model --c 10\n"
            "  masktag train data/corpus.jsonl -o my.model --c auto          pick C and epsilon by 3-fold CV\n"
            "  masktag train export.json -o new.model --holdout 0.2 --seed 42 --refit\n");
    }

    const CLI::App& cli() const override { return *cli_; }

    void resolve() override {
        apply_labeled_input_args(input_, command_.input);
        command_.options.groups = parse_feature_groups(features_);
        command_.options.threads = threads_to_run(command_.options.threads);
        command_.tune = c_ == "auto";
        if (!command_.tune) command_.options.c = std::stod(c_);
    }

    int run() override { return run_train(command_); }

private:
    CLI::App* cli_;
    TrainCommand command_;
    LabeledInputArgs input_;
    std::string features_ = all_feature_groups();
    std::string c_;
};

}  // namespace

std::unique_ptr<Command> add_train_command(CLI::App& app) { return std::make_unique<Train>(app); }

}  // namespace masktag::cli
