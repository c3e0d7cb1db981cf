// A model compiled into the binary as ready-made tables: the built-in model starts
// without being parsed, checked or indexed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "masktag/feature_table.h"
#include "masktag/lexicon.h"
#include "masktag/model.h"

namespace masktag {

// Everything a loaded Model holds, as constant data: the names and numbers, and the
// arrays that loading a model file builds (its weights, its integer emissions, its
// feature table's slots, its lexicon's entries and slots). Made by model_image_source()
// at build time, so a process that uses it only reads the pages it touches.
struct ModelImage {
    std::span<const std::string_view> labels;
    std::span<const std::string_view> groups;  // the enabled feature groups' names
    bool pieces;                               // KeyScheme::pieces, else concatenated
    std::span<const std::string_view> lexicon_labels;
    std::span<const Lexicon::Entry> lexicon_entries;
    std::span<const Lexicon::Entry> lexicon_slots;
    double c, epsilon;
    std::uint32_t max_iterations, titles;
    std::uint64_t tokens;
    std::uint32_t min_feature_count;
    double min_weight;
    std::string_view lexicon_source;
    std::uint32_t format_version;
    double emission_scale, temperature;
    std::span<const std::uint64_t> feature_hashes;
    std::span<const double> weights;
    std::span<const FeatureTable::Slot> feature_slots;
    bool feature_slots_mixed;
    bool integral;
    std::span<const std::int16_t> integer_emissions;
};

// Requires: `image` came from model_image_source() and lives as long as the program.
// Ensures: the model it holds, equal to the model it was made from (Model::deserialize's,
// indexed), its arrays viewing the image's: nothing is copied but the names and numbers.
Model model_from_image(const ModelImage& image);

// Ensures: C++ source that defines `extern const masktag::ModelImage <variable>` (in
// namespace masktag) holding `model`, exactly: weights as hexadecimal floating literals,
// the tables slot by slot. `origin` names what it was made from, for its header comment.
std::string model_image_source(const Model& model, std::string_view variable, std::string_view origin);

}  // namespace masktag
