// masktag's commands as the command line declares them: each command's options, the
// checks of their text after parsing, and its run, in one place (one file a command).
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

namespace masktag::cli {

class Command {
public:
    virtual ~Command() = default;
    // The CLI11 subcommand: true after parsing when it is the one given.
    virtual const CLI::App& cli() const = 0;
    // Ensures: option text that parsed but means nothing (a bad --features list, a bad
    // --delimiter) throws masktag::Error: a usage error, found before any work starts.
    virtual void resolve() {}
    // Ensures: the command's exit status. Throws what the command's run_* throws.
    virtual int run() = 0;
};

// Each ensures: the command and its options added to `app` as a subcommand. The commands
// keep references into the returned object: it must outlive the parse.
std::unique_ptr<Command> add_train_command(CLI::App& app);
std::unique_ptr<Command> add_eval_command(CLI::App& app);
std::unique_ptr<Command> add_predict_command(CLI::App& app);
std::unique_ptr<Command> add_info_command(CLI::App& app);
std::unique_ptr<Command> add_lambda_command(CLI::App& app);

}  // namespace masktag::cli
