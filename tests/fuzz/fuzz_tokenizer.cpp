// The tokenizer, the feature extractor (keys and hashes under both schemes, with the
// default model's lexicon) and the JSON string writer on arbitrary bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "masktag/default_model.h"
#include "masktag/features.h"
#include "masktag/json.h"
#include "masktag/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const masktag::Model model = masktag::load_default_model();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string out;
    masktag::json::append_string(out, text);
    if (masktag::find_invalid_utf8(text) != text.size()) return 0;  // readers reject invalid UTF-8 first
    std::vector<masktag::Token> tokens;
    masktag::tokenize(text, tokens);
    for (const masktag::Token& t : tokens)
        if (t.text(text).empty()) __builtin_trap();
    for (const auto scheme : {masktag::KeyScheme::pieces, masktag::KeyScheme::concatenated}) {
        masktag::FeatureExtractor extractor(masktag::FeatureGroups{}, scheme, &model.lexicon);
        extractor.load(text, tokens);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::size_t keys = 0, hashes = 0;
            extractor.features(i, [&](std::string_view, std::uint64_t) { ++keys; });
            extractor.feature_hashes(i, [&](std::uint64_t) { ++hashes; });
            if (keys != hashes) __builtin_trap();
        }
    }
    return 0;
}
