// masktag predict: records in, labeled records out, in order.
#include "masktag/commands.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <optional>
#include <set>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "masktag/baseline.h"
#include "masktag/comparison.h"
#include "masktag/cross_validation.h"
#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/gazetteer.h"
#include "masktag/evaluation.h"
#include "masktag/io.h"
#include "masktag/messages.h"
#include "masktag/learning_curve.h"
#include "masktag/model.h"
#include "masktag/output_names.h"
#include "masktag/prediction_output.h"
#include "masktag/progress.h"
#include "masktag/record_labeler.h"
#include "masktag/report.h"
#include "masktag/title_reader.h"
#include "masktag/predictor.h"
#include "masktag/command_support.h"

namespace masktag {

namespace {

std::string prefixed_list(const std::vector<std::string>& names, const std::string& prefix) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + prefix + n;
    return out;
}

}  // namespace

namespace {

// predict's progress on a terminal: records, records a second, and how much of the input
// is read when its size is known (see TerminalProgress for when it shows).
class PredictProgress {
public:
    void input(std::FILE* stream) {
        stream_ = stream;
        struct stat info;
        size_ = fstat(fileno(stream), &info) == 0 && S_ISREG(info.st_mode) ? info.st_size : -1;
    }
    void written(std::size_t records) {
        records_ += records;
        if (!line_.due()) return;  // per record: nothing to build in a pipe or between updates
        std::string read;
        if (size_ > 0)
            if (const long at = std::ftell(stream_); at >= 0)
                read = fmt::format(", {:.1f} of {:.1f} MB read", at / 1e6, static_cast<double>(size_) / 1e6);
        line_.update(fmt::format("masktag: predict: {} records, {:.0f} a second{}", records_,
                                 static_cast<double>(records_) / line_.elapsed(), read));
    }
    void finish() { line_.finish(); }

private:
    TerminalProgress line_;
    std::FILE* stream_ = nullptr;
    long long size_ = -1;
    std::size_t records_ = 0;
};

}  // namespace

int run_predict(const PredictCommand& command) {
    // The model is an input too: `predict -m my.model ... -o my.model` would replace it.
    std::vector<std::string> read = inputs_or_stdin(command.inputs);
    if (!command.model.empty()) read.push_back(command.model);
    refuse_output_that_is_an_input(read, command.output);
    const Model model = load_model(command.model);
    // Threads take records in chunks of 1,024: a coprocess sending one title at a time
    // would wait for an answer that waits for the chunk to fill. Line-buffered is one thread.
    const unsigned threads = command.line_buffered ? 1 : std::max(1u, command.threads);
    const std::vector<std::string> added = added_names(command.output_format, model.labels, command.details);
    const bool table_output = command.output_format == OutputFormat::csv || command.output_format == OutputFormat::tsv;
    std::vector<std::unique_ptr<RecordLabeler>> labelers;  // made once the first input's names are known
    std::optional<OutputNaming> naming;
    std::optional<AtomicFile> file;
    if (!command.output.empty()) file.emplace(command.output);
    std::FILE* out = file ? file->stream() : stdout;
    const std::string out_name = file ? command.output : "<stdout>";
    // One thread's records go out 64 KiB at a time (a write call per 4 KiB was a tenth of a
    // 1M-title run): not for --line-buffered, which flushes each, nor a terminal, where each
    // line shows as it is labeled.
    const std::size_t batch_bytes = command.line_buffered || isatty(fileno(out)) ? 0 : 64 * 1024;
    const auto write = [&](std::string_view text) {
        write_or_throw(out, text, out_name);
        if (command.line_buffered) flush_or_throw(out, out_name);
    };
    std::size_t errors = 0;
    PredictProgress progress;
    RecordWarnings record_warnings;
    const auto failed = [&](const RecordFailure& failure) {
        if (command.on_error == OnError::fail) throw Error(failure.message, failure.place);
        ++errors;
        progress.finish();  // a warning starts on a line of its own
        record_warnings.add(fmt::format("{} ({})", failure.message, failure.place));
        return true;
    };

    std::optional<std::vector<std::string>> header;  // the columns of the first input
    std::string buffer;
    for (const std::string& path : inputs_or_stdin(command.inputs)) {
        InputFile input(path);
        TitleInputOptions input_options = command.input;
        input_options.look_ahead_for_columns = table_output;  // CSV columns are fixed by one record
        TitleReader reader(input.stream(), input.name(), input_options);
        reader.start();
        for (const std::string& text : reader.notes()) note(fmt::format("note: {}", text));
        if (header && reader.columns() != *header && table_output)
            throw Error("the columns differ from the first input's, and CSV output has one header", input.name());
        try {
            const OutputNaming chosen = choose_output_naming(
                carried_names(reader, command.input, command.output_format), added,
                naming ? std::optional<std::string>(naming->prefix) : command.prefix, table_output);
            if (!naming) {
                naming = chosen;
                if (!command.prefix && !chosen.collisions.empty())
                    note(fmt::format(
                        "note: the input already has {}: masktag's own names get the prefix '{}' ({}); "
                        "choose it with --prefix",
                        prefixed_list(chosen.collisions, ""), chosen.prefix, prefixed_list(added, chosen.prefix)));
                for (unsigned t = 0; t < threads; ++t)
                    labelers.push_back(
                        std::make_unique<RecordLabeler>(model, command.output_format, command.details, naming->prefix));
            }
        } catch (const Error& e) {
            throw Error(e.what(), input.name());
        }
        reader.restrict_members(member_rules(command.output_format, added, naming->prefix));
        for (auto& labeler : labelers) labeler->start_input(reader.columns(), buffer);
        if (!header) {
            header = reader.columns();
            write(buffer);
        }
        progress.input(input.stream());
        label_records(
            reader, input.name(), threads, labelers, write, failed,
            [&](std::size_t records) { progress.written(records); }, batch_bytes);
    }
    progress.finish();
    if (file)
        file->commit();
    else
        flush_or_throw(stdout, out_name);
    record_warnings.finish();
    if (errors > 0) {
        note(
            fmt::format("{} records could not be labeled; each has its error in the output "
                        "(exit status {})",
                        errors, kSomeRecordsFailed));
        return kSomeRecordsFailed;
    }
    return 0;
}

}  // namespace masktag
