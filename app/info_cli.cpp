// masktag info and masktag lambda: a model's facts, and the AWS Lambda function.
#include <string>

#include "command.h"
#include "masktag/commands.h"
#include "masktag/lambda_runtime.h"

namespace masktag::cli {
namespace {

class Info final : public Command {
public:
    explicit Info(CLI::App& app)
        : cli_(app.add_subcommand("info", "Print a model's facts: labels, features, training, size and MD5")) {
        cli_->add_option("-m,--model", model_, "Model file (default: the model built into masktag)");
        cli_->add_flag("--json", json_, "One JSON object, for scripts");
        cli_->footer(
            "\nExamples:\n"
            "  masktag info                        the built-in model\n"
            "  masktag info -m my.model --json | jq .md5\n");
    }

    const CLI::App& cli() const override { return *cli_; }
    int run() override { return run_info(model_, json_); }

private:
    CLI::App* cli_;
    std::string model_;
    bool json_ = false;
};

class Lambda final : public Command {
public:
    explicit Lambda(CLI::App& app)
        : cli_(app.add_subcommand(
              "lambda", "Run as an AWS Lambda function: answer events from the Lambda Runtime API until stopped")) {
        cli_->add_option("-m,--model", model_,
                         "Model file (default: $MASKTAG_MODEL, else masktag.model beside the executable, else the "
                         "model built into masktag)");
        cli_->footer(
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
    }

    const CLI::App& cli() const override { return *cli_; }
    int run() override { return run_lambda(model_); }

private:
    CLI::App* cli_;
    std::string model_;
};

}  // namespace

std::unique_ptr<Command> add_info_command(CLI::App& app) { return std::make_unique<Info>(app); }
std::unique_ptr<Command> add_lambda_command(CLI::App& app) { return std::make_unique<Lambda>(app); }

}  // namespace masktag::cli
