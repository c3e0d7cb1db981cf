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

std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& inputs) {
    return inputs.empty() ? std::vector<std::string>{"-"} : inputs;
}

std::vector<LabeledRecord> read_all_labeled(const std::vector<std::string>& inputs, const LabeledInputOptions& options,
                                            bool strict) {
    std::vector<LabeledRecord> records;
    LabeledReadResult total;
    RecordWarnings skipped;
    const WarningSink sink = [&](const std::string& message) { skipped.add(message); };
    for (const std::string& path : inputs_or_stdin(inputs)) {
        const LabeledReadResult result = read_labeled(path, options, records, sink, total.used + total.skipped);
        total.used += result.used;
        total.skipped += result.skipped;
    }
    skipped.finish();
    note(fmt::format("read {} labeled titles, skipped {}", total.used, total.skipped));
    if (strict && total.skipped > 0) throw Error(fmt::format("{} records skipped and --strict is set", total.skipped));
    if (records.empty()) throw Error("no usable labeled titles in the input");
    return records;
}

void refuse_output_that_is_an_input(const std::vector<std::string>& inputs, const std::string& output) {
    const std::optional<FileId> out = output.empty() ? regular_file_id(STDOUT_FILENO) : regular_file_id(output);
    if (!out) return;
    for (const std::string& path : inputs_or_stdin(inputs))
        if (regular_file_id(path) == out)
            throw Error(
                fmt::format("the output ({}) is the same file as the input {}: masktag would read what it "
                            "writes; write the output to another file",
                            output.empty() ? "<stdout>" : output, input_name(path)));
}

Model load_model(const std::string& path) { return path.empty() ? load_default_model() : Model::load(path); }

namespace {

// The last part of a path: what a model records of the files it was trained from.
std::string file_name(const std::string& path) {
    if (path == "-") return "<stdin>";
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

TrainOptions with_lexicon(TrainOptions options, const std::string& source, const std::string& gazetteer) {
    if (!options.groups.lexicon) return options;
    if (source.empty() && !gazetteer.empty())
        throw Error(
            "--gazetteer adds to a lexicon built here: give --lexicon FILE (or --lexicon none for the "
            "gazetteer alone); the built-in model's lexicon cannot be rebuilt");
    if (source.empty()) {
        const Model built_in = load_default_model();
        options.lexicon = built_in.lexicon;
        options.lexicon_description = "the built-in model's (" + built_in.training.lexicon_source + ")";
        return options;
    }
    std::vector<LabeledRecord> records;
    std::string what;
    if (source != "none") {
        const LabeledReadResult read = read_labeled(source, LabeledInputOptions{}, records,
                                                    [&](const std::string& message) { warn("lexicon: " + message); });
        what = fmt::format("{} titles of {}", read.used, file_name(source));
    }
    if (!gazetteer.empty()) {
        std::vector<LabeledRecord> names = read_gazetteer(gazetteer, "brand");
        what += fmt::format("{}{} names of {}", what.empty() ? "" : " and ", names.size(), file_name(gazetteer));
        records.insert(records.end(), std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()));
    }
    if (records.empty()) {
        options.lexicon_description = "none";
        return options;
    }
    options.lexicon = Lexicon::build(records, options.lexicon_min_count);
    options.lexicon_description = what;
    note(fmt::format("lexicon of {} entries from {}", options.lexicon.entries().size(), what));
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(std::move(records));
    return options;
}

std::string version_text(const std::string& version) {
    const std::string_view bytes = default_model_bytes();
    const Model model = load_default_model();
    return fmt::format(
        "masktag {}\ndefault model: md5 {}, {} bytes, trained on {} titles ({} tokens), C {}, epsilon {}", version,
        md5_hex(bytes), bytes.size(), model.training.titles, model.training.tokens, model.training.c,
        model.training.epsilon);
}

unsigned threads_to_run(unsigned requested) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (requested == 0) return cores;
    const unsigned cap = kMaxThreadsPerCore * cores;
    if (requested <= cap) return requested;
    warn(fmt::format("--threads {} is more than {} per core ({} cores here): using {}", requested, kMaxThreadsPerCore,
                     cores, cap));
    return cap;
}
}  // namespace masktag
