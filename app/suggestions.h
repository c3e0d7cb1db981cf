// Answers to what a person mistypes: the nearest command or option, `masktag help
// [command]`, and CLI11's messages in plain words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace masktag::cli {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, when it is near enough to be a typo; empty otherwise.
std::string nearest(std::string_view typed, const std::vector<std::string>& candidates);

// CLI11's message, with "--c: must be > 0" read as "--c must be > 0".
std::string usage_message(const CLI::ParseError& e);

// "; did you mean '--format'?" for an unknown option near one of the command's (or the
// program's) options; empty otherwise.
std::string option_suggestion(CLI::App& app, const CLI::ParseError& e);

// Requires: `app` has all its subcommands.
// Ensures: the exit status, when the command line is `help [command]` (the help is
// printed) or names an unknown command (the nearest one is suggested on stderr); else
// nothing, and the command line is for CLI11 to parse. Run before CLI11 would answer "A
// subcommand is required".
std::optional<int> answer_help_or_unknown_command(CLI::App& app, int argc, char** argv);

// Ensures: kUsageError, with the nearest known option on stderr, when the command's
// arguments hold an unknown long option; else nothing. Run before CLI11 would report a
// missing required option instead.
std::optional<int> refuse_unknown_option(CLI::App& app, int argc, char** argv);

}  // namespace masktag::cli
