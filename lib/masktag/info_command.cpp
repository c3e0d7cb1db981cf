// masktag info: a model's facts.
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

int run_info(const std::string& model_path, bool json) {
    // The file's own bytes, which md5sum would read; the built-in model's as embedded.
    const std::string bytes =
        model_path.empty() ? std::string(default_model_bytes()) : read_whole_file(model_path, "model file");
    const Model model =
        Model::deserialize(bytes, model_path.empty() ? std::string(kDefaultModelName) : input_name(model_path));
    const std::string name = model_path.empty() ? std::string(kDefaultModelName) : model_path;
    const TrainingInfo& t = model.training;
    // Files before format version 4 did not record these.
    const bool recorded = model.format_version >= 4;
    const std::string lexicon =
        !model.groups.lexicon
            ? "not used (no lexicon feature group)"
            : fmt::format("{} entries, from {}", model.lexicon.entries().size(),
                          recorded && !t.lexicon_source.empty() ? t.lexicon_source : "(not recorded)");
    std::string out;
    if (json) {
        out += "{\"model\":";
        json::append_string(out, name);
        out += fmt::format(",\"size\":{},\"md5\":\"{}\",\"format_version\":{},\"labels\":", bytes.size(),
                           md5_hex(bytes), model.format_version);
        json::append_string_array(out, model.labels);
        out += ",\"feature_groups\":";
        json::append_string_array(out, model.groups.names());
        out += fmt::format(",\"lexicon_entries\":{},\"lexicon_source\":", model.lexicon.entries().size());
        if (model.groups.lexicon && recorded && !t.lexicon_source.empty())
            json::append_string(out, t.lexicon_source);
        else
            out += "null";
        out += fmt::format(
            ",\"features\":{},\"trained_on\":{{\"titles\":{},\"tokens\":{}}},"
            "\"c\":{},\"epsilon\":{},\"max_iterations\":{},\"min_feature_count\":{},"
            "\"min_weight\":{},\"temperature\":{:.4f}}}\n",
            model.num_features(), t.titles, t.tokens, t.c, t.epsilon, t.max_iterations,
            recorded ? std::to_string(t.min_feature_count) : "null",
            recorded ? fmt::format("{}", t.min_weight) : "null", model.temperature);
    } else {
        std::string labels;
        for (const auto& l : model.labels) labels += (labels.empty() ? "" : ", ") + l;
        std::string groups;
        for (const auto& g : model.groups.names()) groups += (groups.empty() ? "" : ", ") + g;
        out = fmt::format(
            "model: {}\nsize: {} bytes, md5 {}\nformat version: {}\nlabels: {}\nfeature groups: {}\n"
            "lexicon: {}\nfeatures: {}\n"
            "trained on: {} titles ({} tokens)\nC: {}\nepsilon: {}\nmax iterations: {}\n"
            "min feature count: {}\nmin weight: {}\ntemperature: {:.4f}\n",
            name, bytes.size(), md5_hex(bytes), model.format_version, labels, groups, lexicon, model.num_features(),
            t.titles, t.tokens, t.c, t.epsilon, t.max_iterations,
            recorded ? std::to_string(t.min_feature_count) : "(not recorded)",
            recorded ? fmt::format("{}", t.min_weight) : "(not recorded)", model.temperature);
    }
    write_or_throw(stdout, out, "<stdout>");
    flush_or_throw(stdout, "<stdout>");
    return 0;
}

}  // namespace masktag
