#include <catch2/catch.hpp>

#include "masktag/components.h"

using namespace masktag;
using S = std::vector<std::string>;

namespace {

// Aligns `values` to `title`; returns the labels, or "fail:<index>".
S align(const std::string& title, const std::vector<ComponentValue>& values) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    S labels;
    AlignmentFailure failure{};
    if (!align_components(title, tokens, values, "misc", labels, failure)) return {"fail:" + std::to_string(failure.value_index)};
    return labels;
}

}  // namespace

TEST_CASE("values match runs of tokens, ignoring case, and the rest is misc") {
    CHECK(align("3M Aura 9205+ N95", {{"brand", "3m"}, {"model", "AURA 9205+"}}) == S{"brand", "model", "model", "misc"});
    CHECK(align("Savewo 2-6 years", {{"size", "2-6 Years"}}) == S{"misc", "size", "size", "size"});
}

TEST_CASE("the first unused match wins, so a repeated word goes to successive values") {
    CHECK(align("Medium Medium nose", {{"size", "Medium"}, {"model", "Medium"}}) == S{"size", "model", "misc"});
    CHECK(align("N95 Mask N95", {{"filter_type", "N95"}}) == S{"filter_type", "misc", "misc"});
}

TEST_CASE("empty values are ignored, and a value not in the title fails with its index") {
    CHECK(align("Envo Small", {{"brand", ""}, {"size", " - "}}) == S{"misc", "misc"});
    CHECK(align("Envo Small", {{"brand", "Envo"}, {"size", "Large"}}) == S{"fail:1"});
    CHECK(align("Envo Small", {{"brand", "Envo"}, {"model", "Envo"}}) == S{"fail:1"});  // token already taken
    CHECK(align("Envo Small", {{"brand", "Envo Small Pro"}}) == S{"fail:0"});
}
