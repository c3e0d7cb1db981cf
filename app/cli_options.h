// The options several commands share, CLI11's validators for masktag's numbers, and the
// checks of option text that CLI11 cannot make.
#pragma once

#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "masktag/labeled_data.h"
#include "masktag/trainer.h"

namespace masktag::cli {

// The exit status of every usage error.
constexpr int kUsageError = 2;

// Option values CLI11's own checks let through (NaN passes a range check, strtoull reads
// "-1" as 2^64 - 1 and clamps larger numbers): each is a usage error.
// A finite number: not nan, inf, or out of double's range (1e400).
extern const CLI::Validator kFinite;
// A number above 0, finite: "--c must be > 0 (got 0)", not a range up to DBL_MAX.
extern const CLI::Validator kPositive;
// kPositive, or the word "auto".
extern const CLI::Validator kPositiveOrAuto;

// A whole number in decimal digits from 0 to the largest T: no sign, no fraction, not out
// of range. It rewrites the text without leading zeros, so CLI11 does not read "010" as
// octal: add it with transform(), as check() hands validators a copy.
template <typename T>
CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            T value{};
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || error != std::errc() ||
                end != text.data() + text.size())
                return fmt::format("'{}' is not a whole number from 0 to {}", text, std::numeric_limits<T>::max());
            text = std::to_string(value);
            return {};
        },
        "", "WHOLE");  // no description: the option's type name (UINT) says it
}

// Labeled input options as typed, turned into LabeledInputOptions after parsing.
struct LabeledInputArgs {
    std::string format = "auto";
    std::string delimiter;
    std::string on_error = "fail";
};

// Ensures: the options of a command that reads labeled titles (train, eval) on `command`.
void add_labeled_input_options(CLI::App& command, std::vector<std::string>& inputs, LabeledInputArgs& args,
                               masktag::LabeledInputOptions& options, bool& strict);

// Ensures: one delimiter character from what the user typed ("tab" and "\t" are a tab).
// Throws masktag::Error for anything else.
char parse_delimiter(std::string text);

// Ensures: `args` in `options`. Throws masktag::Error for a bad --other-label or --delimiter.
void apply_labeled_input_args(const LabeledInputArgs& args, masktag::LabeledInputOptions& options);

// Ensures: the training options (train's, and eval's for --cv) on `command`. `c_text`
// receives --c as typed: a positive number, or "auto" where allow_auto.
void add_train_options(CLI::App& command, masktag::TrainOptions& options, std::string& features, std::string& c_text,
                       std::string& lexicon, std::string& gazetteer, bool allow_auto);

// Ensures: every feature group's name, comma-separated: --features' default.
std::string all_feature_groups();

// Ensures: the groups named in the comma-separated `list`. Throws masktag::Error.
masktag::FeatureGroups parse_feature_groups(const std::string& list);

}  // namespace masktag::cli
