#include "masktag/model_image.h"

#include <fmt/format.h>

namespace masktag {
namespace {

std::vector<std::string> strings(std::span<const std::string_view> views) {
    return std::vector<std::string>(views.begin(), views.end());
}

// A string as a C++ string_view of a literal, byte for byte, its length given (a NUL
// byte would end it otherwise): quotes, backslashes and every byte outside printable
// ASCII as three-digit octal escapes (which, unlike \x, end where they should).
std::string literal(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7F || c == '"' || c == '\\' || c == '?')
            fmt::format_to(std::back_inserter(out), "\\{:03o}", byte);
        else
            out += c;
    }
    return fmt::format("std::string_view({}\", {})", out, text.size());
}

// Appends `const <type> <name>[] = {...};`, `per_line` items to a line, each written by
// `item`. An empty array gets one placeholder element and a span of none (C++ has no
// zero-length arrays): `name` then names an empty span instead.
template <typename Items, typename Item>
void append_array(std::string& out, std::string_view type, std::string_view name, const Items& items,
                  std::size_t per_line, Item&& item) {
    fmt::format_to(std::back_inserter(out), "const {} {}[] = {{", type, name);
    std::size_t i = 0;
    for (const auto& value : items) {
        out += i % per_line == 0 ? "\n    " : " ";
        item(out, value);
        out += ',';
        ++i;
    }
    if (i == 0) out += "{}";
    out += "\n};\n";
}

std::string span_of(std::string_view name, std::size_t size) {
    return size == 0 ? std::string("{}") : fmt::format("std::span({}, {})", name, size);
}

void append_names(std::string& out, std::string_view name, const std::vector<std::string>& names) {
    append_array(out, "std::string_view", name, names, 8,
                 [](std::string& o, const std::string& n) { o += literal(n); });
}

void append_slots(std::string& out, std::string_view name, const Block<FeatureTable::Slot>& slots) {
    append_array(out, "FeatureTable::Slot", name, slots, 4, [](std::string& o, const FeatureTable::Slot& s) {
        fmt::format_to(std::back_inserter(o), "{{0x{:x}u, {}u}}", s.hash, s.row);
    });
}

void append_entries(std::string& out, std::string_view name, const Block<Lexicon::Entry>& entries) {
    append_array(out, "Lexicon::Entry", name, entries, 4, [](std::string& o, const Lexicon::Entry& e) {
        fmt::format_to(std::back_inserter(o), "{{0x{:x}u, {}, {}, {}}}", e.key, e.word_label, e.phrase_label,
                       e.longest_phrase);
    });
}

// A double exactly: hexadecimal floating literals round-trip every finite value.
std::string exact(double value) { return fmt::format("{:a}", value); }

}  // namespace

Model model_from_image(const ModelImage& image) {
    Model model;
    model.labels = strings(image.labels);
    model.groups = FeatureGroups::from_names(strings(image.groups));
    model.key_scheme = image.pieces ? KeyScheme::pieces : KeyScheme::concatenated;
    model.lexicon =
        Lexicon::from_image(strings(image.lexicon_labels), Block<Lexicon::Entry>::view(image.lexicon_entries),
                            Block<Lexicon::Entry>::view(image.lexicon_slots));
    model.training.c = image.c;
    model.training.epsilon = image.epsilon;
    model.training.max_iterations = image.max_iterations;
    model.training.titles = image.titles;
    model.training.tokens = image.tokens;
    model.training.min_feature_count = image.min_feature_count;
    model.training.min_weight = image.min_weight;
    model.training.lexicon_source = std::string(image.lexicon_source);
    model.format_version = image.format_version;
    model.emission_scale = image.emission_scale;
    model.temperature = image.temperature;
    model.feature_hashes = Block<std::uint64_t>::view(image.feature_hashes);
    model.weights = Block<double>::view(image.weights);
    model.table =
        FeatureTable::from_slots(Block<FeatureTable::Slot>::view(image.feature_slots), image.feature_slots_mixed);
    model.integral = image.integral;
    model.integer_emissions = Block<std::int16_t>::view(image.integer_emissions);
    return model;
}

std::string model_image_source(const Model& model, std::string_view variable, std::string_view origin) {
    std::string out = fmt::format(
        "// Made by masktag_model_image from {} at build time: do not edit.\n"
        "#include \"masktag/model_image.h\"\n\nnamespace masktag {{\nnamespace {{\n\n",
        origin);
    const std::vector<std::string> groups = model.groups.names();
    append_names(out, "kLabels", model.labels);
    append_names(out, "kGroups", groups);
    append_names(out, "kLexiconLabels", model.lexicon.labels());
    const auto& entries = model.lexicon.entries();
    append_entries(out, "kLexiconEntries", entries);
    append_entries(out, "kLexiconSlots", model.lexicon.slots());
    append_array(out, "std::uint64_t", "kFeatureHashes", model.feature_hashes, 4,
                 [](std::string& o, std::uint64_t h) { fmt::format_to(std::back_inserter(o), "0x{:x}u", h); });
    append_array(out, "double", "kWeights", model.weights, 6, [](std::string& o, double w) { o += exact(w); });
    append_slots(out, "kFeatureSlots", model.table.slots());
    append_array(out, "std::int16_t", "kIntegerEmissions", model.integer_emissions, 16,
                 [](std::string& o, std::int16_t q) { o += std::to_string(q); });
    const auto flag = [](bool b) { return b ? "true" : "false"; };
    const TrainingInfo& t = model.training;
    fmt::format_to(
        std::back_inserter(out),
        "\n}}  // namespace\n\nextern const ModelImage {} = {{\n"
        "    .labels = {},\n    .groups = {},\n    .pieces = {},\n"
        "    .lexicon_labels = {},\n    .lexicon_entries = {},\n    .lexicon_slots = {},\n"
        "    .c = {},\n    .epsilon = {},\n    .max_iterations = {}u,\n    .titles = {}u,\n"
        "    .tokens = {}u,\n    .min_feature_count = {}u,\n    .min_weight = {},\n"
        "    .lexicon_source = {},\n    .format_version = {}u,\n"
        "    .emission_scale = {},\n    .temperature = {},\n"
        "    .feature_hashes = {},\n    .weights = {},\n"
        "    .feature_slots = {},\n    .feature_slots_mixed = {},\n"
        "    .integral = {},\n    .integer_emissions = {},\n}};\n\n}}  // namespace masktag\n",
        variable, span_of("kLabels", model.labels.size()), span_of("kGroups", groups.size()),
        flag(model.key_scheme == KeyScheme::pieces), span_of("kLexiconLabels", model.lexicon.labels().size()),
        span_of("kLexiconEntries", entries.size()), span_of("kLexiconSlots", model.lexicon.slots().size()), exact(t.c),
        exact(t.epsilon), t.max_iterations, t.titles, t.tokens, t.min_feature_count, exact(t.min_weight),
        literal(t.lexicon_source), model.format_version, exact(model.emission_scale), exact(model.temperature),
        span_of("kFeatureHashes", model.feature_hashes.size()), span_of("kWeights", model.weights.size()),
        span_of("kFeatureSlots", model.table.slots().size()), flag(model.table.mixed()), flag(model.integral),
        span_of("kIntegerEmissions", model.integer_emissions.size()));
    return out;
}

}  // namespace masktag
