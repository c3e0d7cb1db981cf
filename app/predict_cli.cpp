// masktag predict: its options and their checks.
#include <string>

#include "cli_options.h"
#include "command.h"
#include "masktag/commands.h"
#include "masktag/error.h"

namespace masktag::cli {
namespace {

class Predict final : public Command {
public:
    explicit Predict(CLI::App& app)
        : cli_(app.add_subcommand("predict", "Label titles: one output record per input record")) {
        cli_->add_option("inputs", command_.inputs, "Titles: files, or '-' for stdin (the default)");
        cli_->add_option("-m,--model", command_.model, "Model file (default: the model built into masktag)");
        cli_->add_option("--format", format_,
                         "Input format: auto (detect), text (a title a line), jsonl (an object a line), "
                         "json (one array of objects, as the breathesafe app exports), csv or tsv (a header "
                         "row, then a record a row; tsv is linear TSV)")
            ->check(CLI::IsMember({"auto", "text", "jsonl", "json", "csv", "tsv"}))
            ->capture_default_str();
        cli_->add_option("--field", command_.input.field,
                         "JSON: the member that holds the title (default: the first of title, mask_name, name "
                         "that a record has)");
        cli_->add_option("--column", command_.input.column,
                         "CSV: the title column (default: the first of title, mask_name, name, "
                         "unique_internal_model_code, any case; a header of one column is that column)");
        cli_->add_option("--delimiter", delimiter_,
                         "CSV: the field delimiter, one character or 'tab' (default: detected from the header "
                         "line: ',', tab or ';')");
        cli_->add_flag("--no-header", command_.input.no_header,
                       "CSV: the first row is a record, not a header; columns are named column1, column2, ... "
                       "(title when there is one)");
        prefix_option_ = cli_->add_option(
            "--prefix", prefix_,
            "Start every column or member name masktag adds with this (default: none, or masktag_ when an added name "
            "is already an input name)");
        cli_->add_option("--output-format", output_format_,
                         "jsonl, csv, tsv (input columns + a column per label + error), conll (token<TAB>label), "
                         "breathesafe (the reference predictor's JSON)")
            ->check(CLI::IsMember({"jsonl", "csv", "tsv", "conll", "breathesafe"}))
            ->capture_default_str();
        cli_->add_option("--on-error", on_error_,
                         "A record that cannot be read: skip (write it with its error, go on, exit 4 at the end) "
                         "or fail (stop at once, exit 1)")
            ->check(CLI::IsMember({"skip", "fail"}))
            ->capture_default_str();
        cli_->add_option("-o,--output", command_.output, "Write to this file (atomically) instead of stdout");
        cli_->add_option("--threads", command_.threads,
                         "Label with this many threads, 0 = all cores, at most 4 per core (the output is "
                         "byte-identical for any number)")
            ->transform(whole_number<unsigned>())
            ->capture_default_str();
        cli_->add_flag("--details", command_.details,
                       "jsonl: add each token's marginal (\"marginals\") and the labeling's probability");
        cli_->add_flag("--line-buffered", command_.line_buffered,
                       "Flush after every record, to keep masktag open as a coprocess (labels on one "
                       "thread, whatever --threads says)");
        cli_->footer(
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
    }

    const CLI::App& cli() const override { return *cli_; }

    void resolve() override {
        command_.input.format = parse_title_format(format_);
        if (format_ == "tsv") command_.input.delimiter = '\t';
        if (!delimiter_.empty()) command_.input.delimiter = parse_delimiter(delimiter_);
        command_.output_format = parse_output_format(output_format_);
        command_.threads = threads_to_run(command_.threads);
        command_.on_error = on_error_ == "fail" ? OnError::fail : OnError::skip;
        if (*prefix_option_) command_.prefix = prefix_;
        if (command_.input.no_header && format_ != "auto" && format_ != "csv" && format_ != "tsv")
            throw Error("--no-header is for CSV input; --format " + format_ + " has no header");
    }

    int run() override { return run_predict(command_); }

private:
    CLI::App* cli_;
    PredictCommand command_;
    std::string format_ = "auto", output_format_ = "jsonl", on_error_ = "skip", delimiter_, prefix_;
    CLI::Option* prefix_option_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> add_predict_command(CLI::App& app) { return std::make_unique<Predict>(app); }

}  // namespace masktag::cli
