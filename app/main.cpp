// masktag: labels the parts of mask and respirator names. This file only dispatches: each
// command's options are in its own file (train_cli.cpp, eval_cli.cpp, predict_cli.cpp,
// info_cli.cpp), its work in lib/.
#include <csignal>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli_options.h"
#include "command.h"
#include "masktag/commands.h"
#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/messages.h"
#include "masktag/lambda_runtime.h"
#include "suggestions.h"

namespace {

using namespace masktag::cli;

const char* const kDescription =
    "masktag splits mask and respirator names into labeled parts (brand, model, size,\n"
    "filter_type, color, style, strap, valved, misc) with a structural-SVM sequence model.\n";

const char* const kExamples = R"(
Examples:
  masktag train data/corpus.jsonl -o my.model          train a model from labeled titles
  masktag eval -m my.model test.json                    score it on other labeled titles
  echo "3M Aura 9205+ N95" | masktag predict           label with the built-in model
  masktag predict -m my.model titles.txt > labeled.jsonl
  scripts/package-lambda -o masktag-lambda.zip         deploy to AWS Lambda (masktag lambda --help)

Inputs are files, or '-' (or nothing) for standard input. Results go to stdout, messages
to stderr. Exit status: 0 ok, 1 data or runtime error, 2 usage error, 3 eval below
--min-accuracy, 4 predict wrote every record but some carry an error.

On a terminal, work that runs over a second (train, --c auto, --cv, predict) shows its
progress on stderr; never in a pipe or a file, nor with -q. MASKTAG_PROGRESS_DELAY=SECONDS
sets that second (0: from the start).
)";

// Started as an AWS Lambda custom runtime's `bootstrap` without arguments (the zip
// scripts/package-lambda makes): be the function, as `masktag lambda` is.
bool started_as_bootstrap(int argc, char** argv) {
    if (argc != 1) return false;
    const char* slash = std::strrchr(argv[0], '/');
    return std::strcmp(slash == nullptr ? argv[0] : slash + 1, "bootstrap") == 0;
}

// Ensures: the program's own options (-V, -q, -v) and help on `app`.
void add_program_options(CLI::App& app, bool& quiet, bool& verbose) {
    app.footer(kExamples);
    app.require_subcommand(1);
    app.set_version_flag("-V,--version", [] { return masktag::version_text(MASKTAG_VERSION); });
    // -q and -v are the whole program's, before or after the command's name.
    app.fallthrough();
    app.add_flag("-q,--quiet", quiet, "Errors only: no information, notes, warnings or progress on stderr");
    app.add_flag("-v,--verbose", verbose,
                 "Every record warning in full (by default the first 10, then a count of each kind)");
}

// Ensures: messages as -q and -v ask (-q wins).
void set_verbosity(bool quiet, bool verbose) {
    masktag::set_verbosity(quiet     ? masktag::Verbosity::quiet
                           : verbose ? masktag::Verbosity::verbose
                                     : masktag::Verbosity::normal);
}

// Ensures: the exit status of a command line CLI11 refuses (help and the version are
// printed, status 0), or nothing when it parsed.
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
        return std::nullopt;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        masktag::say(fmt::format("{}{} (run 'masktag --help' or 'masktag <command> --help')", usage_message(e),
                                 option_suggestion(app, e)));
        return kUsageError;
    }
}

// Ensures: the command's exit status: its checks of option text first (a usage error),
// then its run, with every error it throws said on stderr (quiet on a broken pipe).
int resolve_and_run(Command& command) {
    try {
        command.resolve();
    } catch (const masktag::Error& e) {
        masktag::say(e.what());
        return kUsageError;
    }
    try {
        return command.run();
    } catch (const masktag::BrokenPipe&) {
        return 0;
    } catch (const std::bad_alloc&) {
        masktag::say("out of memory");
        return 1;
    } catch (const std::exception& e) {
        masktag::say(e.what());
        return 1;
    }
}

using AddCommand = std::unique_ptr<Command> (*)(CLI::App&);

// The commands, in the order --help lists them.
constexpr std::pair<const char*, AddCommand> kCommands[] = {{"train", add_train_command},
                                                            {"eval", add_eval_command},
                                                            {"predict", add_predict_command},
                                                            {"info", add_info_command},
                                                            {"lambda", add_lambda_command}};

// Ensures: how the command line `argv[1]` names, with only that command's options built,
// runs: its exit status; or nothing where the line does not parse cleanly so (help, the
// version, a usage error), for the whole program to answer it as it always does. Building
// every command's options costs more than a short predict's work: a quarter of its start.
std::optional<int> run_named_command(AddCommand add, int argc, char** argv) {
    CLI::App app(kDescription, "masktag");
    bool quiet = false, verbose = false;
    add_program_options(app, quiet, verbose);
    const std::unique_ptr<Command> command = add(app);
    // Its answer only looks at the program's and this command's options: the same either way.
    if (const auto status = refuse_unknown_option(app, argc, argv)) return *status;
    try {
        app.parse(argc, argv);
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    set_verbosity(quiet, verbose);
    return resolve_and_run(*command);
}

}  // namespace

int main(int argc, char** argv) {
    // Before anything is opened: a file must not become descriptor 2 (and get warnings).
    masktag::open_standard_descriptors();
    // A closed pipe must show up as EPIPE from write(), so we can stop quietly.
    std::signal(SIGPIPE, SIG_IGN);
    if (started_as_bootstrap(argc, argv)) return masktag::run_lambda("");
    masktag::remove_temporary_files_on_signals();
    if (argc >= 2)
        for (const auto& [name, add] : kCommands)
            if (std::strcmp(argv[1], name) == 0)
                if (const auto status = run_named_command(add, argc, argv)) return *status;

    CLI::App app(kDescription, "masktag");
    bool quiet = false, verbose = false;
    add_program_options(app, quiet, verbose);
    std::vector<std::unique_ptr<Command>> commands;
    for (const auto& [name, add] : kCommands) commands.push_back(add(app));

    if (const auto status = answer_help_or_unknown_command(app, argc, argv)) return *status;
    if (const auto status = refuse_unknown_option(app, argc, argv)) return *status;
    if (const auto status = parse(app, argc, argv)) return *status;
    set_verbosity(quiet, verbose);
    for (const auto& command : commands)
        if (command->cli()) return resolve_and_run(*command);
    return kUsageError;  // require_subcommand(1): not reached
}
