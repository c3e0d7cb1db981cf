#include "cli_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "masktag/error.h"

namespace masktag::cli {

namespace {

// Ensures: the number `text` spells whole, or nothing where it is not a finite one.
std::optional<double> finite_number(const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

const CLI::Validator kFinite(
    [](std::string& text) -> std::string {
        if (!finite_number(text)) return "'" + text + "' is not a finite number";
        return {};
    },
    "FINITE");

const CLI::Validator kPositive(
    [](std::string& text) -> std::string {
        const std::optional<double> value = finite_number(text);
        if (!value) return "must be a finite number (got " + text + ")";
        if (!(*value > 0)) return "must be > 0 (got " + text + ")";
        return {};
    },
    "POSITIVE");

const CLI::Validator kPositiveOrAuto(
    [](std::string& text) -> std::string {
        if (text == "auto") return {};
        std::string copy = text;
        return kPositive(copy).empty() ? std::string() : "must be > 0 or auto (got " + text + ")";
    },
    "POSITIVE|auto");

void add_labeled_input_options(CLI::App& command, std::vector<std::string>& inputs, LabeledInputArgs& args,
                               masktag::LabeledInputOptions& options, bool& strict) {
    command.add_option("inputs", inputs, "Labeled titles: files, or '-' for stdin (the default)");
    command
        .add_option("--format", args.format,
                    "Input format: auto (detect from the content), breathesafe (a JSON array of "
                    "{\"mask_name\", \"breakdown\"}), jsonl ({\"title\"} with \"labels\", \"breakdown\" or "
                    "\"components\", a line), csv / tsv (a title column and component columns named after "
                    "labels), conll (token<TAB>label lines, a blank line after each title)")
        ->check(CLI::IsMember({"auto", "breathesafe", "jsonl", "csv", "tsv", "conll"}))
        ->capture_default_str();
    command.add_option("--column", options.column,
                       "CSV: the title column (default: title, mask_name, name or "
                       "unique_internal_model_code, any case)");
    command.add_option("--field", options.field,
                       "JSON: the member that holds the title (default: title, then mask_name, then name)");
    command.add_option("--prefix", options.prefix,
                       "The prefix of the columns or members predict added (labels, components, error), for "
                       "reading predict's output back (default: masktag_ where such names are present, else none)");
    command.add_option("--delimiter", args.delimiter,
                       "CSV: the field delimiter, one character or 'tab' (default: detected from the header line: ',', "
                       "tab or ';')");
    command
        .add_option("--other-label", options.other_label, "Components: the label of tokens no component value covers")
        ->capture_default_str();
    command
        .add_option("--on-error", args.on_error,
                    "A malformed record (bad JSON, no title, invalid UTF-8, a broken CSV row): fail (stop, exit 1) "
                    "or skip (warn and go on)")
        ->check(CLI::IsMember({"fail", "skip"}))
        ->capture_default_str();
    command.add_flag("--strict", strict, "Fail (exit 1) when any record is skipped, label mismatches included");
}

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
        ->check(kPositive)
        ->capture_default_str();
    command.add_option("--max-iterations", options.max_iterations, "Solver iteration cap")
        ->transform(whole_number<unsigned>())
        ->check(CLI::Range(1u, 1000000u))
        ->capture_default_str();
    command
        .add_option("--threads", options.threads,
                    "Threads, 0 = all cores, at most 4 per core (results are the same for any number)")
        ->transform(whole_number<unsigned>())
        ->capture_default_str();
    command
        .add_option("--min-feature-count", options.min_feature_count,
                    "Keep only features seen at least this many times")
        ->transform(whole_number<unsigned>())
        ->check(CLI::Range(1u, 1000000u))
        ->capture_default_str();
    command
        .add_option("--features", features,
                    "Feature groups, comma-separated: token, flags, affixes, position, context, shape, wide "
                    "(two tokens either side), lexicon (labels the --lexicon titles give words and phrases), "
                    "class (certification classes such as N95, KF94, FFP2 by pattern), joint (a token's place in a "
                    "hyphenated code such as TC-84A-1234), repeat (the token repeats one of the two before it, as "
                    "the product's name repeats the maker's in Envo Envo Pro), compound (a hyphenated compound's "
                    "piece: its place with its shape and its joined piece's, so AB-123 reads as a code and "
                    "Kimberly-Clark as a name)")
        ->capture_default_str();
    command
        .add_option("--lexicon", lexicon,
                    "Labeled titles (any input format) whose words and phrases, with their most frequent labels, "
                    "the lexicon features look up; the model keeps them. Default: the built-in model's lexicon, "
                    "built from masktag's own corpus. 'none': no lexicon")
        ->type_name("FILE");
    command
        .add_option("--min-weight", options.min_weight,
                    "Leave out features whose weights all stay below this share of the largest weight: a smaller "
                    "model")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    command
        .add_option("--lexicon-folds", options.lexicon_folds,
                    "With --lexicon FILE: fit the weights on features whose lexicon leaves out the title's own "
                    "fold of this many, as unseen titles see it; 0 or 1: the whole lexicon")
        ->check(CLI::Range(0u, 100u))
        ->capture_default_str();
    command
        .add_option("--lexicon-fold-makers", options.lexicon_fold_makers,
                    "With lexicon folds: each fold also leaves out a K-th of the makers (the lexicon titles and "
                    "gazetteer names whose first brand word is the maker's), so that a title's own maker is unknown "
                    "to its lexicon one time in K, as a new maker's is; false: each fold leaves out only its own "
                    "titles")
        ->default_str("true");
    command
        .add_option("--lexicon-min-count", options.lexicon_min_count,
                    "Keep only lexicon words and phrases seen at least this many times; brands are always kept")
        ->check(CLI::Range(1u, 1000000u))
        ->capture_default_str();
    command
        .add_option("--gazetteer", gazetteer,
                    "Maker names, one a line ('#' comments), added to the lexicon as brand phrases (with --lexicon "
                    "FILE or none), as data/brands.txt for the built-in model")
        ->type_name("FILE");
}

std::string all_feature_groups() {
    std::string list;
    for (const std::string& group : masktag::FeatureGroups{}.names()) list += (list.empty() ? "" : ",") + group;
    return list;
}

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

}  // namespace masktag::cli
