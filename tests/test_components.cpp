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
    if (!align_components(title, tokens, values, "misc", labels, failure))
        return {(failure.gave_up ? "gave up:" : "fail:") + std::to_string(failure.value_index)};
    return labels;
}

}  // namespace

TEST_CASE("values match runs of tokens, ignoring case, and the rest is misc") {
    CHECK(align("3M Aura 9205+ N95", {{"brand", "3m"}, {"model", "AURA 9205+"}}) ==
          S{"brand", "model", "model", "misc"});
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

TEST_CASE("longer values are matched first so a short one does not take a token inside them") {
    // filter_type comes first in column order, but "N95" inside the model is the model's.
    CHECK(align("Kingfa KF-N95-C N95 Cup", {{"brand", "Kingfa"}, {"filter_type", "N95"}, {"model", "KF-N95-C"}}) ==
          S{"brand", "model", "model", "model", "filter_type", "misc"});
    CHECK(align("Accumed AF-P100 Disposable P100 Mask", {{"filter_type", "P100"}, {"model", "AF-P100"}}) ==
          S{"misc", "model", "model", "misc", "filter_type", "misc"});
}

TEST_CASE("a value of several runs joined by spaces matches them in order") {
    // As predict writes misc for "Respirator" and "20 per Box".
    CHECK(align("3M Respirator 8210 20 per Box",
                {{"brand", "3M"}, {"misc", "Respirator 20 per Box"}, {"model", "8210"}}) ==
          S{"brand", "misc", "model", "misc", "misc", "misc"});
    CHECK(align("3M Respirator 8210", {{"misc", "8210 Respirator"}}) == S{"fail:0"});  // out of order
}

TEST_CASE("a value of several runs whose token a shorter value took still finds its place, and the rest still fit") {
    // As predict writes it: the model runs "16-N95-MD" and "TC 84A-5595"; the filter_type's
    // "N95" first took the one inside the model's first run, though another stands free.
    CHECK(align("McKesson 16-N95-MD N95 NIOSH TC 84A-5595",
                {{"brand", "McKesson"}, {"filter_type", "N95"}, {"model", "16-N95-MD TC 84A-5595"}}) ==
          S{"brand", "model", "model", "model", "filter_type", "misc", "model", "model", "model"});
    // Every placement tried: no second free "N95" for the filter_type here.
    CHECK(align("Acme 16-N95-MD NIOSH TC", {{"filter_type", "N95"}, {"model", "16-N95-MD TC"}}) == S{"fail:0"});
}

TEST_CASE("a value of several runs that needs a token the first choice gave away is searched into place") {
    // As predict writes it: the maker's name opens the model code too. Matched first in runs,
    // the model takes the maker's "AOK"; the search moves it to the code's own.
    CHECK(align("AOK Tooling AOK-N95-8510 N95 NIOSH Approved TC-84A-8027 20/Box",
                {{"brand", "AOK Tooling"},
                 {"filter_type", "N95"},
                 {"misc", "NIOSH Approved 20/Box"},
                 {"model", "AOK-N95-8510 TC-84A-8027"}}) == S{"brand", "brand", "model", "model", "model",
                                                              "filter_type", "misc", "misc", "model", "model", "model",
                                                              "misc"});
    // Two values of several runs that fit only one way together.
    CHECK(align("a b a c b c", {{"model", "a b c"}, {"size", "a b c"}}) ==
          S{"model", "model", "size", "model", "size", "size"});
}

TEST_CASE("the search names the value that found no place, and gives up on a title of many equal tokens") {
    // Each value fits alone; together only if the brand's "Acme" is not the model's.
    CHECK(align("Acme A-1 Acme", {{"brand", "Acme A"}, {"model", "Acme 1 Acme"}}) == S{"fail:0"});
    // A value not in the title even alone is named at once, without a search.
    std::string many;
    for (int i = 0; i < 60; ++i) many += "x ";
    CHECK(align(many, {{"model", "x x"}, {"brand", "x y"}}) == S{"fail:1"});
    // 30 and 31 of 60 equal tokens: each fits alone, both never, and the ways to try them
    // number about C(60, 30); the search stops at its bound.
    std::string thirty, thirty_one = "x ";
    for (int i = 0; i < 30; ++i) thirty += "x ";
    thirty_one += thirty;
    const S result = align(many, {{"model", thirty}, {"size", thirty_one}});
    REQUIRE(result.size() == 1);
    CHECK(result[0].rfind("gave up:", 0) == 0);
}
