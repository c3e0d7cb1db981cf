// masktag: labels the parts of mask and respirator names. This file only wires the
// command line to the commands in lib/.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <algorithm>
#include <limits>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "masktag/commands.h"
#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/lambda_runtime.h"

namespace {

constexpr int kUsageError = 2;

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

// Option values CLI11's own checks let through (NaN passes a range check, strtoull reads
// "-1" as 2^64 - 1 and clamps larger numbers): each is a usage error.

// A finite number: not nan, inf, or out of double's range (1e400).
const CLI::Validator kFinite(
    [](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
            return "'" + text + "' is not a finite number";
        return {};
    },
    "FINITE");

// A number above 0, finite: "--c must be > 0 (got 0)", not a range up to DBL_MAX.
const CLI::Validator kPositive(
    [](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
            return "must be a finite number (got " + text + ")";
        if (!(value > 0)) return "must be > 0 (got " + text + ")";
        return {};
    },
    "POSITIVE");

// kPositive, or the word "auto".
const CLI::Validator kPositiveOrAuto(
    [](std::string& text) -> std::string {
        if (text == "auto") return {};
        std::string copy = text;
        return kPositive(copy).empty() ? std::string() : "must be > 0 or auto (got " + text + ")";
    },
    "POSITIVE|auto");

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The candidate nearest to `typed`, when it is near enough to be a typo; empty otherwise.
std::string nearest(std::string_view typed, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = edit_distance(typed, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

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

void add_labeled_input_options(CLI::App& command, std::vector<std::string>& inputs, LabeledInputArgs& args,
                               masktag::LabeledInputOptions& options, bool& strict) {
    command.add_option("inputs", inputs, "Labeled titles: files, or '-' for stdin (the default)");
    command.add_option("--format", args.format,
                       "Input format: auto (detect from the content), breathesafe (a JSON array of "
                       "{\"mask_name\", \"breakdown\"}), jsonl ({\"title\"} with \"labels\", \"breakdown\" or "
                       "\"components\", a line), csv / tsv (a title column and component columns named after "
                       "labels), conll (token<TAB>label lines, a blank line after each title)")
        ->check(CLI::IsMember({"auto", "breathesafe", "jsonl", "csv", "tsv", "conll"}))
        ->capture_default_str();
    command.add_option("--column", options.column, "CSV: the title column (default: title, mask_name, name or "
                                                   "unique_internal_model_code, any case)");
    command.add_option("--field", options.field,
                       "JSON: the member that holds the title (default: title, then mask_name, then name)");
    command.add_option("--prefix", options.prefix,
                       "The prefix of the columns or members predict added (labels, components, error), for "
                       "reading predict's output back (default: masktag_ where such names are present, else none)");
    command.add_option("--delimiter", args.delimiter,
                       "CSV: the field delimiter, one character or 'tab' (default: detected from the header line: ',', "
                       "tab or ';')");
    command.add_option("--other-label", options.other_label,
                       "Components: the label of tokens no component value covers")
        ->capture_default_str();
    command.add_option("--on-error", args.on_error,
                       "A malformed record (bad JSON, no title, invalid UTF-8, a broken CSV row): fail (stop, exit 1) "
                       "or skip (warn and go on)")
        ->check(CLI::IsMember({"fail", "skip"}))
        ->capture_default_str();
    command.add_flag("--strict", strict, "Fail (exit 1) when any record is skipped, label mismatches included");
}

// Ensures: one delimiter character from what the user typed ("tab" and "\t" are a tab).
// Throws masktag::Error for anything else.
char parse_delimiter(std::string text) {
    if (text == "tab" || text == "\\t") text = "\t";
    if (text.size() != 1 || text == "\"" || text == "\n" || text == "\r")
        throw masktag::Error("--delimiter takes one character other than a quote or a line end, or 'tab'");
    return text[0];
}

void apply_labeled_input_args(const LabeledInputArgs& args, masktag::LabeledInputOptions& options) {
    // --other-label becomes a label: the same rule as labels in the data (no tab, no line break).
    if (options.other_label.empty() || options.other_label.find_first_of("\t\r\n") != std::string::npos)
        throw masktag::Error("--other-label takes a non-empty label without a tab or a line break");
    options.format = masktag::parse_labeled_format(args.format);
    if (args.format == "tsv") options.delimiter = '\t';
    if (!args.delimiter.empty()) options.delimiter = parse_delimiter(args.delimiter);
    options.on_error = args.on_error == "skip" ? masktag::OnError::skip : masktag::OnError::fail;
}

// `c_text` receives --c as typed: a positive number, or "auto" where allow_auto.
void add_train_options(CLI::App& command, masktag::TrainOptions& options, std::string& features, std::string& c_text,
                       std::string& lexicon, std::string& gazetteer, bool allow_auto) {
    c_text = "10";
    auto* c = command.add_option("--c", c_text,
                                 allow_auto ? "SVM C: larger fits the training data harder; auto picks C and epsilon "
                                              "by cross-validation over a grid"
                                            : "SVM C: larger fits the training data harder");
    c->capture_default_str();
    if (allow_auto)
        c->check(kPositiveOrAuto);
    else
        c->check(kPositive);
    command.add_option("--epsilon", options.epsilon, "Solver stopping tolerance")
        ->check(kPositive)->capture_default_str();
    command.add_option("--max-iterations", options.max_iterations, "Solver iteration cap")
        ->transform(whole_number<unsigned>())->check(CLI::Range(1u, 1000000u))->capture_default_str();
    command.add_option("--threads", options.threads,
                       "Threads, 0 = all cores, at most 4 per core (results are the same for any number)")
        ->transform(whole_number<unsigned>())->capture_default_str();
    command.add_option("--min-feature-count", options.min_feature_count,
                       "Keep only features seen at least this many times")
        ->transform(whole_number<unsigned>())->check(CLI::Range(1u, 1000000u))->capture_default_str();
    command.add_option("--features", features,
                       "Feature groups, comma-separated: token, flags, affixes, position, context, shape, wide "
                       "(two tokens either side), lexicon (labels the --lexicon titles give words and phrases), "
                       "class (certification classes such as N95, KF94, FFP2 by pattern), joint (a token's place in a "
                       "hyphenated code such as TC-84A-1234)")
        ->capture_default_str();
    command.add_option("--lexicon", lexicon,
                       "Labeled titles (any input format) whose words and phrases, with their most frequent labels, "
                       "the lexicon features look up; the model keeps them. Default: the built-in model's lexicon, "
                       "built from masktag's own corpus. 'none': no lexicon")
        ->type_name("FILE");
    command.add_option("--min-weight", options.min_weight,
                       "Leave out features whose weights all stay below this share of the largest weight: a smaller "
                       "model")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str();
    command.add_option("--lexicon-folds", options.lexicon_folds,
                       "With --lexicon FILE: fit the weights on features whose lexicon leaves out the title's own "
                       "fold of this many, as unseen titles see it; 0 or 1: the whole lexicon")
        ->check(CLI::Range(0u, 100u))->capture_default_str();
    command.add_option("--lexicon-min-count", options.lexicon_min_count,
                       "Keep only lexicon words and phrases seen at least this many times; brands are always kept")
        ->check(CLI::Range(1u, 1000000u))->capture_default_str();
    command.add_option("--gazetteer", gazetteer,
                       "Maker names, one a line ('#' comments), added to the lexicon as brand phrases (with --lexicon "
                       "FILE or none), as data/brands.txt for the built-in model")
        ->type_name("FILE");
}

// Ensures: the groups named in the comma-separated `list`. Throws masktag::Error.
masktag::FeatureGroups parse_feature_groups(const std::string& list) {
    std::vector<std::string> names;
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) names.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    try {
        return masktag::FeatureGroups::from_names(names);
    } catch (const masktag::Error& e) {
        throw masktag::Error(std::string("--features: ") + e.what());
    }
}

// CLI11's message, with "--c: must be > 0" read as "--c must be > 0".
std::string usage_message(const CLI::ParseError& e) {
    std::string text = e.what();
    if (const std::size_t at = text.find(": must be "); at != std::string::npos && text.starts_with("--"))
        text.erase(at, 1);
    return text;
}

// "; did you mean '--format'?" for an unknown option near one of the command's (or the
// program's) options; empty otherwise.
std::string option_suggestion(CLI::App& app, const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr) return {};
    std::vector<std::string> options;
    const auto collect = [&](const CLI::App& command) {
        for (const CLI::Option* option : command.get_options()) {
            for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
            for (const std::string& name : option->get_snames()) options.push_back("-" + name);
        }
    };
    collect(app);
    for (const CLI::App* sub : app.get_subcommands()) collect(*sub);
    // The extra arguments are listed after the message's colon.
    const std::string text = e.what();
    std::size_t at = text.rfind(": ");
    if (at == std::string::npos) return {};
    for (std::size_t start = at + 2; start < text.size();) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        std::string word = text.substr(start, end - start);
        start = end + 1;
        if (!word.starts_with("-")) continue;
        word = word.substr(0, word.find('='));
        if (const std::string guess = nearest(word, options); !guess.empty())
            return "; did you mean '" + guess + "'?";
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    // Before anything is opened: a file must not become descriptor 2 (and get warnings).
    masktag::open_standard_descriptors();
    // A closed pipe must show up as EPIPE from write(), so we can stop quietly.
    std::signal(SIGPIPE, SIG_IGN);

    // Started as an AWS Lambda custom runtime's `bootstrap` (the zip scripts/package-lambda
    // makes): be the function, as `masktag lambda` is.
    if (argc == 1) {
        const char* slash = std::strrchr(argv[0], '/');
        if (std::strcmp(slash == nullptr ? argv[0] : slash + 1, "bootstrap") == 0) return masktag::run_lambda("");
    }
    masktag::remove_temporary_files_on_signals();

    CLI::App app(kDescription, "masktag");
    app.footer(kExamples);
    app.require_subcommand(1);
    app.set_version_flag("-V,--version", [] { return masktag::version_text(MASKTAG_VERSION); });
    // -q and -v are the whole program's, before or after the command's name.
    app.fallthrough();
    bool quiet = false, verbose = false;
    app.add_flag("-q,--quiet", quiet, "Errors only: no information, notes, warnings or progress on stderr");
    app.add_flag("-v,--verbose", verbose,
                 "Every record warning in full (by default the first 10, then a count of each kind)");

    masktag::TrainCommand train;
    LabeledInputArgs train_input;
    std::string train_features;
    for (const std::string& group : masktag::FeatureGroups{}.names())
        train_features += (train_features.empty() ? "" : ",") + group;
    CLI::App* train_cmd = app.add_subcommand("train", "Train a model from labeled titles");
    add_labeled_input_options(*train_cmd, train.inputs, train_input, train.input, train.strict);
    train_cmd->add_option("-o,--output", train.output, "Model file to write (atomically)")->required();
    std::string train_c, eval_c;
    add_train_options(*train_cmd, train.options, train_features, train_c, train.lexicon, train.gazetteer, true);
    train_cmd->add_option("--tune-folds", train.tune_folds, "Folds for --c auto")
        ->transform(whole_number<unsigned>())->check(CLI::Range(2u, 20u))->capture_default_str();
    train_cmd->add_option("--holdout", train.holdout,
                          "Hold out this share of the titles, print their scores, and save the model trained on the rest")
        ->check(kFinite & CLI::Range(0.0, 1.0));
    train_cmd->add_option("--seed", train.seed, "Seed for --holdout and --c auto")
        ->transform(whole_number<std::uint64_t>())->capture_default_str();
    train_cmd->add_flag("--refit", train.refit, "With --holdout: save a model retrained on every title instead");
    train_cmd->footer(
        "\nExamples:\n"
        "  masktag train data/corpus.jsonl -o my.model --c 10\n"
        "  masktag train data/corpus.jsonl -o my.model --c auto          pick C and epsilon by 3-fold CV\n"
        "  masktag train export.json -o new.model --holdout 0.2 --seed 42 --refit\n");

    masktag::EvalCommand eval;
    LabeledInputArgs eval_input;
    std::string eval_features = train_features;
    CLI::App* eval_cmd = app.add_subcommand("eval", "Score a model on labeled titles");
    add_labeled_input_options(*eval_cmd, eval.inputs, eval_input, eval.input, eval.strict);
    // -m twice compares two models; allow_extra_args(false): one file per -m, so the data
    // after it stays an input.
    std::vector<std::string> eval_models;
    std::string eval_against;
    CLI::Option* model_option =
        eval_cmd->add_option("-m,--model", eval_models,
                             "Model file (default: the model built into masktag); give it twice (-m A -m B) to score "
                             "both on the same titles, side by side")
            ->allow_extra_args(false)
            ->type_name("FILE");
    CLI::Option* against_option = eval_cmd->add_option(
        "--against", eval_against, "Score this model beside the -m one (or the built-in one): as -m A -m B")
        ->type_name("FILE");
    CLI::Option* max_drop_option = eval_cmd->add_option(
        "--max-drop", eval.max_drop,
        "With two models: exit with status 3 when the first's token accuracy is below the second's by more than this")
        ->check(kFinite & CLI::Range(0.0, 1.0));
    eval_cmd->add_flag("--json", eval.json, "Print the scores as one JSON object");
    eval_cmd->add_flag("--info", eval.info, "The same as 'masktag info' (with --json too)");
    eval_cmd->add_option("--report", eval.report,
                         "Also write an HTML report: one self-contained page (figures as inline SVG, no script, no "
                         "network) with the headline numbers, confusion heatmap, per-label bars, reliability "
                         "diagram and worst titles")
        ->type_name("FILE");
    eval_cmd->add_option("--report-json", eval.report_json, "Also write the report's data as one JSON object, for notebooks")
        ->type_name("FILE");
    eval_cmd->add_flag("--learning-curve", eval.learning_curve,
                       "With --cv or --folds and a report: also train on 10%, 20%, ..., 90% of each training fold "
                       "and draw accuracy against training size");
    CLI::Option* cv_option = eval_cmd->add_option(
        "--cv", eval.cv, "Cross-validate instead: train K models on K-1 folds, test each on its fold")
        ->transform(whole_number<unsigned>())->check(CLI::Range(2u, 1000u));
    eval_cmd->add_option("--seed", eval.seed, "Seed for the --cv folds and the --learning-curve subsets")
        ->transform(whole_number<std::uint64_t>())->capture_default_str();
    CLI::Option* folds_option = eval_cmd->add_option(
        "--folds", eval.folds_path,
        "Cross-validate on fixed folds: a JSON object whose \"folds\" lists 0-based record positions");
    cv_option->excludes(model_option);
    eval_cmd->add_flag("--baseline", eval.baseline,
                       "Also score the rule baseline (brand = first token, model = second, size = last if a size word, "
                       "else misc) on the same titles");
    eval_cmd->add_option("--errors", eval.errors, "List the N titles with the most wrong tokens, gold beside predicted")
        ->transform(whole_number<std::size_t>());
    eval_cmd->add_option("--min-accuracy", eval.min_accuracy,
                         "Exit with status 3 when token accuracy (pooled, with --cv) is below this")
        ->check(kFinite & CLI::Range(0.0, 1.0));
    folds_option->excludes(model_option);
    cv_option->excludes(against_option);
    folds_option->excludes(against_option);
    add_train_options(*eval_cmd, eval.options, eval_features, eval_c, eval.lexicon, eval.gazetteer, false);
    eval_cmd->footer(
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

    masktag::PredictCommand predict;
    std::string predict_format = "auto", output_format = "jsonl", on_error = "skip", delimiter;
    CLI::App* predict_cmd = app.add_subcommand("predict", "Label titles: one output record per input record");
    predict_cmd->add_option("inputs", predict.inputs, "Titles: files, or '-' for stdin (the default)");
    predict_cmd->add_option("-m,--model", predict.model, "Model file (default: the model built into masktag)");
    predict_cmd->add_option("--format", predict_format,
                            "Input format: auto (detect), text (a title a line), jsonl (an object a line), "
                            "json (one array of objects, as the breathesafe app exports), csv or tsv (a header "
                            "row, then a record a row; tsv is linear TSV)")
        ->check(CLI::IsMember({"auto", "text", "jsonl", "json", "csv", "tsv"}))
        ->capture_default_str();
    predict_cmd->add_option("--field", predict.input.field,
                            "JSON: the member that holds the title (default: the first of title, mask_name, name "
                            "that a record has)");
    predict_cmd->add_option("--column", predict.input.column,
                            "CSV: the title column (default: the first of title, mask_name, name, "
                            "unique_internal_model_code, any case; a header of one column is that column)");
    predict_cmd->add_option("--delimiter", delimiter,
                            "CSV: the field delimiter, one character or 'tab' (default: detected from the header "
                            "line: ',', tab or ';')");
    predict_cmd->add_flag("--no-header", predict.input.no_header,
                          "CSV: the first row is a record, not a header; columns are named column1, column2, ... "
                          "(title when there is one)");
    std::string predict_prefix;
    CLI::Option* prefix_option = predict_cmd->add_option(
        "--prefix", predict_prefix,
        "Start every column or member name masktag adds with this (default: none, or masktag_ when an added name "
        "is already an input name)");
    predict_cmd->add_option("--output-format", output_format,
                            "jsonl, csv, tsv (input columns + a column per label + error), conll (token<TAB>label), "
                            "breathesafe (the reference predictor's JSON)")
        ->check(CLI::IsMember({"jsonl", "csv", "tsv", "conll", "breathesafe"}))
        ->capture_default_str();
    predict_cmd->add_option("--on-error", on_error,
                            "A record that cannot be read: skip (write it with its error, go on, exit 4 at the end) "
                            "or fail (stop at once, exit 1)")
        ->check(CLI::IsMember({"skip", "fail"}))
        ->capture_default_str();
    predict_cmd->add_option("-o,--output", predict.output, "Write to this file (atomically) instead of stdout");
    predict_cmd->add_option("--threads", predict.threads,
                            "Label with this many threads, 0 = all cores, at most 4 per core (the output is "
                            "byte-identical for any number)")
        ->transform(whole_number<unsigned>())->capture_default_str();
    predict_cmd->add_flag("--details", predict.details,
                          "jsonl: add each token's marginal (\"marginals\") and the labeling's probability");
    predict_cmd->add_flag("--line-buffered", predict.line_buffered,
                          "Flush after every record, to keep masktag open as a coprocess (labels on one "
                          "thread, whatever --threads says)");
    predict_cmd->footer(
        "\nOutput, one record per input record, in input order (jsonl):\n"
        "  {\"title\":\"3M Aura 9205+ N95\",\"tokens\":[\"3M\",\"Aura\",\"9205+\",\"N95\"],\n"
        "   \"labels\":[\"brand\",\"model\",\"model\",\"filter_type\"],\n"
        "   \"components\":{\"brand\":\"3M\",\"model\":\"Aura 9205+\",\"filter_type\":\"N95\"}}\n"
        "Every input field is kept, in every output format. Names masktag adds never repeat an\n"
        "input's: when one would, all of them get the prefix masktag_ (or --prefix P).\n"
        "A record that cannot be labeled still gets its output record, carrying the error, and\n"
        "masktag exits with status 4 after writing all records (--on-error fail stops at the\n"
        "first, status 1). Status 1: the run failed; 2: a usage error.\n"
        "\nExamples:\n"
        "  echo \"3M Aura 9205+ N95\" | masktag predict\n"
        "  masktag predict -m my.model --field name products.jsonl -o labeled.jsonl\n"
        "  masktag predict products.csv --column product_name --output-format csv > labeled.csv\n");

    std::string info_model;
    bool info_json = false;
    CLI::App* info_cmd = app.add_subcommand("info", "Print a model's facts: labels, features, training, size and MD5");
    info_cmd->add_option("-m,--model", info_model, "Model file (default: the model built into masktag)");
    info_cmd->add_flag("--json", info_json, "One JSON object, for scripts");
    info_cmd->footer(
        "\nExamples:\n"
        "  masktag info                        the built-in model\n"
        "  masktag info -m my.model --json | jq .md5\n");

    std::string lambda_model;
    CLI::App* lambda_cmd = app.add_subcommand(
        "lambda", "Run as an AWS Lambda function: answer events from the Lambda Runtime API until stopped");
    lambda_cmd->add_option("-m,--model", lambda_model,
                           "Model file (default: $MASKTAG_MODEL, else masktag.model beside the executable, else the "
                           "model built into masktag)");
    lambda_cmd->footer(
        "\nThe custom runtime's loop (provided.al2023): GET the next event from the Runtime API at\n"
        "$AWS_LAMBDA_RUNTIME_API, answer it, repeat. Started as 'bootstrap' without arguments,\n"
        "masktag does this too: scripts/package-lambda zips it so.\n"
        "\nEvents, as the reference predictor's function took them:\n"
        "  {\"mask_name\": \"3M Aura 9205+ N95\"}\n"
        "  {\"mask_names\": [\"3M 1860s\", \"Honeywell H910\"]}\n"
        "  {\"body\": \"{\\\"mask_name\\\": \\\"3M Aura 9205+ N95\\\"}\"}     (API Gateway)\n"
        "Answers: {\"statusCode\": 200, \"headers\": {...}, \"body\": \"<JSON>\"}, the body the\n"
        "breathesafe prediction (predict --output-format breathesafe), {\"predictions\": [...]} for\n"
        "a batch; statusCode 400 and {\"error\": \"...\"} for a bad request. A model that cannot\n"
        "be loaded is reported to /runtime/init/error (exit status 1).\n"
        "\nExample:\n"
        "  scripts/package-lambda -m my.model -o masktag-lambda.zip\n");

    // `masktag help [command]`, and a mistyped command named with the nearest one, before
    // CLI11 would answer "A subcommand is required".
    std::vector<std::string> command_names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) command_names.push_back(sub->get_name());
    if (argc >= 2 && argv[1][0] != '-') {
        const std::string first = argv[1];
        const auto known = [&](const std::string& name) {
            return std::find(command_names.begin(), command_names.end(), name) != command_names.end();
        };
        if (first == "help") {
            if (argc == 2) {
                std::fputs(app.help().c_str(), stdout);
                return 0;
            }
            if (known(argv[2])) {  // as `masktag <command> --help`
                static char help_flag[] = "--help";
                char* help_argv[] = {argv[0], argv[2], help_flag, nullptr};
                try {
                    app.parse(3, help_argv);
                } catch (const CLI::ParseError& e) {
                    return app.exit(e);
                }
                return 0;
            }
        }
        const std::string typed = first == "help" ? argv[2] : first;
        if (!known(typed)) {
            const std::string guess = nearest(typed, command_names);
            std::string all;
            for (const auto& n : command_names) all += (all.empty() ? "" : ", ") + n;
            masktag::print_message(fmt::format("masktag: unknown command '{}'{} (commands: {}, help)\n", typed,
                                               guess.empty() ? "" : "; did you mean '" + guess + "'?", all));
            return kUsageError;
        }
    }

    // An unknown long option is named (with the nearest known one) before CLI11 would
    // report a missing required option instead.
    if (argc >= 2 && argv[1][0] != '-') {
        std::vector<std::string> known;
        const auto collect = [&](const CLI::App& command) {
            for (const CLI::Option* option : command.get_options())
                for (const std::string& name : option->get_lnames()) known.push_back("--" + name);
        };
        collect(app);
        collect(*app.get_subcommand(argv[1]));
        for (int i = 2; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--") break;
            if (!arg.starts_with("--")) continue;
            const std::string name = arg.substr(0, arg.find('='));
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            const std::string guess = nearest(name, known);
            masktag::print_message(fmt::format("masktag: {}: unknown option '{}'{} (run 'masktag {} --help')\n", argv[1],
                                               name, guess.empty() ? "" : "; did you mean '" + guess + "'?", argv[1]));
            return kUsageError;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        masktag::print_message(fmt::format("masktag: {}{} (run 'masktag --help' or 'masktag <command> --help')\n",
                                           usage_message(e), option_suggestion(app, e)));
        return kUsageError;
    }
    masktag::set_verbosity(quiet ? masktag::Verbosity::quiet
                                 : verbose ? masktag::Verbosity::verbose : masktag::Verbosity::normal);

    // Option text that parsed but means nothing (a bad --features list, --delimiter) is a
    // usage error too, found before any work starts.
    try {
        if (*train_cmd) {
            apply_labeled_input_args(train_input, train.input);
            train.options.groups = parse_feature_groups(train_features);
            train.tune = train_c == "auto";
            if (!train.tune) train.options.c = std::stod(train_c);
        } else if (*eval_cmd) {
            apply_labeled_input_args(eval_input, eval.input);
            eval.options.groups = parse_feature_groups(eval_features);
            eval.options.c = std::stod(eval_c);
            masktag::set_eval_models(eval, eval_models, eval_against, max_drop_option->count() > 0);
            masktag::check_eval_report_options(eval);
        } else if (*predict_cmd) {
            predict.input.format = masktag::parse_title_format(predict_format);
            if (predict_format == "tsv") predict.input.delimiter = '\t';
            if (!delimiter.empty()) predict.input.delimiter = parse_delimiter(delimiter);
            predict.output_format = masktag::parse_output_format(output_format);
            predict.on_error = on_error == "fail" ? masktag::OnError::fail : masktag::OnError::skip;
            if (*prefix_option) predict.prefix = predict_prefix;
            if (predict.input.no_header && predict_format != "auto" && predict_format != "csv" && predict_format != "tsv")
                throw masktag::Error("--no-header is for CSV input; --format " + predict_format + " has no header");
        }
    } catch (const masktag::Error& e) {
        masktag::print_message(fmt::format("masktag: {}\n", e.what()));
        return kUsageError;
    }

    try {
        if (*train_cmd) return masktag::run_train(train);
        if (*eval_cmd) return masktag::run_eval(eval);
        if (*info_cmd) return masktag::run_info(info_model, info_json);
        if (*lambda_cmd) return masktag::run_lambda(lambda_model);
        return masktag::run_predict(predict);
    } catch (const masktag::BrokenPipe&) {
        return 0;
    } catch (const std::bad_alloc&) {
        masktag::print_message(fmt::format("masktag: out of memory\n"));
        return 1;
    } catch (const std::exception& e) {
        masktag::print_message(fmt::format("masktag: {}\n", e.what()));
        return 1;
    }
}
