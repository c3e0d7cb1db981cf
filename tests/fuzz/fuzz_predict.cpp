// predict end to end on arbitrary bytes: the first byte picks the input format, the rest
// is the input. Every record comes out as a labeled record or an error record, and in the
// JSON shapes (jsonl, breathesafe) every output line is strict JSON: one value, valid
// UTF-8, no \u escape of a lone surrogate (issue 15: members with invalid UTF-8 were
// copied into the output raw), and no object with a key twice (issue 16: the output's
// names are chosen apart from the input's, as run_predict chooses them).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/json.h"
#include "masktag/output_names.h"
#include "masktag/record_labeler.h"
#include "masktag/title_reader.h"
#include "masktag/tokenizer.h"

namespace {

// Whether every string under `value` (keys included) decodes to Unicode scalar values.
bool strings_decode(const masktag::json::Value& value, std::string& scratch) {
    using masktag::json::Kind;
    if (value.kind() == Kind::string) return value.decode_string(scratch);
    if (value.kind() != Kind::array && value.kind() != Kind::object) return true;
    for (masktag::json::Value child = value.first(); child.valid(); child = child.next())
        if (!strings_decode(child, scratch)) return false;
    return true;
}

// Whether the top-level object `value` names no member twice.
bool unique_keys(const masktag::json::Value& value) {
    if (value.kind() != masktag::json::Kind::object) return true;
    std::vector<std::string> keys;
    std::string key;
    for (masktag::json::Value k = value.first(); k.valid(); k = k.next().next()) {
        k.decode_string(key);
        for (const std::string& seen : keys)
            if (seen == key) return false;
        keys.push_back(key);
    }
    return true;
}

// Whether `line` (its newline removed) is what a strict JSON parser accepts.
bool strict_json(std::string_view line) {
    static masktag::json::Document document;
    static std::string scratch;
    masktag::json::ParseError error;
    return masktag::find_invalid_utf8(line) == line.size() && document.parse(line, error) &&
           strings_decode(document.root(), scratch) && unique_keys(document.root());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const masktag::Model model = masktag::load_default_model();
    if (size == 0) return 0;
    using masktag::TitleFormat;
    constexpr TitleFormat kFormats[] = {TitleFormat::detect, TitleFormat::text, TitleFormat::jsonl, TitleFormat::csv};
    // (TitleFormat::json, the array, is reached by detection: a '[' first.)
    constexpr masktag::OutputFormat kOutputs[] = {masktag::OutputFormat::jsonl, masktag::OutputFormat::csv,
                                                  masktag::OutputFormat::conll, masktag::OutputFormat::breathesafe};
    masktag::TitleInputOptions options;
    options.format = kFormats[data[0] % 4];
    std::FILE* stream = fmemopen(const_cast<std::uint8_t*>(data + 1), size - 1, "rb");
    if (stream == nullptr) return 0;
    try {
        masktag::TitleReader reader(stream, "fuzz", options);
        reader.start();
        // One labeler per output shape and prefix, kept between inputs: making one (its
        // token memo included) would cost more than labeling a short input.
        static std::vector<std::unique_ptr<masktag::RecordLabeler>> labelers;
        if (labelers.empty())
            for (const std::string prefix : {"", "masktag_"})
                for (const bool details : {false, true})
                    for (const auto output : kOutputs)
                        labelers.push_back(std::make_unique<masktag::RecordLabeler>(model, output, details, prefix));
        const auto output = kOutputs[(data[0] / 4) % 4];
        const bool details = (data[0] & 0x80) != 0;
        const bool json = output == masktag::OutputFormat::jsonl || output == masktag::OutputFormat::breathesafe;
        // As run_predict: names apart from the input's (an input that repeats a name, or
        // has every prefix taken, is refused whole: an Error), rules for JSON records.
        const auto added = masktag::added_names(output, model.labels, details);
        const masktag::OutputNaming naming =
            masktag::choose_output_naming(masktag::carried_names(reader, options, output), added, std::nullopt);
        reader.restrict_members(masktag::member_rules(output, added, naming.prefix));
        masktag::RecordLabeler& labeler =
            *labelers[(data[0] / 4) % 4 + (details ? 4 : 0) + (naming.prefix.empty() ? 0 : 8)];
        std::string out;
        labeler.start_input(reader.columns(), out);
        masktag::TitleRecord record;
        while (reader.next(record)) {
            labeler.label(record, out);
            if (json &&
                (out.empty() || out.back() != '\n' || !strict_json(std::string_view(out).substr(0, out.size() - 1))))
                __builtin_trap();
        }
    } catch (const masktag::Error&) {
    }
    std::fclose(stream);
    return 0;
}
