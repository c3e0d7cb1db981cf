// The trained sequence model and its file format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "masktag/feature_table.h"
#include "masktag/features.h"

namespace masktag {

// How a model was trained; stored in the model file for `masktag --version` style info.
struct TrainingInfo {
    double c = 0;
    double epsilon = 0;
    std::uint32_t max_iterations = 0;
    std::uint32_t titles = 0;
    std::uint64_t tokens = 0;
    // Format version 4 on (older files: 0, 0 and empty, "not recorded"):
    std::uint32_t min_feature_count = 0;
    double min_weight = 0;
    // Where the lexicon came from, by file name (no directory, so that the same files
    // give the same model from anywhere) and count: "5386 titles of corpus.jsonl and
    // 1397 names of brands.txt", "the built-in model's", "none".
    std::string lexicon_source;
};

// A first-order linear-chain model. Its weight vector has three blocks:
//   emissions    weights[f * L + y]            feature f of a token, label y of that token
//   transitions  weights[F * L + p * L + y]    label p of the previous token, label y
//   label prior  weights[F * L + L * L + y]    label y, for every token
// where F = feature_hashes.size() and L = labels.size(). One feature's per-label weights
// are contiguous, so scoring a token reads one row per feature. Feature f is the one
// whose key hashes to feature_hashes[f] under key_scheme (pieces for models masktag
// writes; concatenated for format 2 files, which still load and predict as they did). Emission weights are multiples
// of emission_scale (they are stored as 16-bit integers); the others are stored exactly.
struct Model {
    std::vector<std::string> labels;
    FeatureGroups groups;
    KeyScheme key_scheme = KeyScheme::pieces;
    Lexicon lexicon;  // what the lexicon group looks words up in
    Block<std::uint64_t> feature_hashes;
    Block<double> weights;
    double emission_scale = 1.0;
    double temperature = 1.0;  // divides scores before marginals are computed
    TrainingInfo training;
    std::uint32_t format_version = 4;  // of the file it was read from; serialize() writes 4
    FeatureTable table;                // feature hash -> row; built by index()
    // Set by index(): whether emission_scale is a power of two and every weight (the
    // transitions and prior too) a whole multiple of it, as the trainer makes them. Then
    // every sum of weights is exact, so its order does not matter, and integer_emissions
    // holds the emission block divided by emission_scale.
    bool integral = false;
    Block<std::int16_t> integer_emissions;

    std::size_t num_labels() const { return labels.size(); }
    std::size_t num_features() const { return feature_hashes.size(); }
    std::size_t num_weights() const {
        return num_features() * num_labels() + num_labels() * num_labels() + num_labels();
    }

    // Ensures: `table` finds every feature; `integral` and integer_emissions are set.
    // Throws Error when two features share a hash.
    void index();

    // Ensures: the model in masktag's binary format (see model.cpp for the layout).
    // Requires: every emission weight is a multiple of emission_scale no more than 32767
    // times it in size (as the trainer makes them).
    std::string serialize() const;
    // Ensures: the model `bytes` holds, indexed. Throws Error naming `source` when the
    // bytes are not a masktag model (wrong magic), a version this build cannot read,
    // truncated, corrupt (checksum mismatch) or inconsistent.
    static Model deserialize(std::string_view bytes, const std::string& source);

    // Writes the model to `path` atomically. Throws Error on failure.
    void save(const std::string& path) const;
    // Throws Error naming `path` when it cannot be read or is not a valid model.
    static Model load(const std::string& path);
};

// Ensures: the CRC-32 (IEEE 802.3, as zlib computes it) of `data`.
std::uint32_t crc32(std::string_view data);

}  // namespace masktag
