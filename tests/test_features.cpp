#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "masktag/error.h"
#include "masktag/features.h"

using namespace masktag;

namespace {

std::set<std::string> features_of(std::string_view title, std::size_t i, FeatureGroups groups = {}) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    FeatureExtractor extractor(groups);
    extractor.load(title, tokens);
    std::set<std::string> keys;
    extractor.features(i, [&](std::string_view key) { keys.emplace(key); });
    return keys;
}

bool has(const std::set<std::string>& keys, const std::string& key) { return keys.count(key) == 1; }

}  // namespace

TEST_CASE("the reference feature set for a middle token") {
    const auto f = features_of("3M Aura 9205+ N95", 1);
    for (const char* key : {"w=aura", "title", "hasalpha", "len=4", "p2=au", "p3=aur", "s2=ra", "s3=ura", "idx=1",
                            "-1w=3m", "-1upper", "-1title", "+1w=9205+", "sh=Aa", "ridx=2"})
        CHECK(has(f, key));
    for (const char* key : {"upper", "digit", "hasdigit", "first", "last", "BOS", "EOS", "+1upper"})
        CHECK_FALSE(has(f, key));
}

TEST_CASE("flags follow Python's isupper, istitle and isdigit") {
    CHECK(has(features_of("3M", 0), "upper"));
    CHECK(has(features_of("3M", 0), "title"));  // '3' is uncased, then an upper-case letter
    CHECK(has(features_of("N95", 0), "title"));
    CHECK_FALSE(has(features_of("KN95", 0), "title"));
    CHECK_FALSE(has(features_of("9205+", 0), "upper"));
    CHECK(has(features_of("46827", 0), "digit"));
    CHECK_FALSE(has(features_of("2.5", 0), "digit"));
    CHECK(has(features_of("Medium/Large", 0), "hasslash"));
    CHECK(has(features_of("Medium/Large", 0), "title"));  // 'L' follows the uncased '/'
    CHECK_FALSE(has(features_of("McDonald", 0), "title"));
}

TEST_CASE("first and last tokens see BOS and EOS") {
    const auto first = features_of("Envo Small", 0);
    CHECK(has(first, "first"));
    CHECK(has(first, "BOS"));
    CHECK(has(first, "+1w=small"));
    const auto last = features_of("Envo Small", 1);
    CHECK(has(last, "last"));
    CHECK(has(last, "EOS"));
    CHECK(has(last, "ridx=0"));
}

TEST_CASE("lowercasing and affixes work on code points, Latin-1 letters included") {
    const auto f = features_of("DRÄGER", 0);
    CHECK(has(f, "w=dr\xC3\xA4ger"));
    CHECK(has(f, "p3=dr\xC3\xA4"));
    CHECK(has(f, "len=6"));
    CHECK(has(f, "upper"));
    const auto tm = features_of("AURA\xE2\x84\xA2", 0);  // AURA™
    CHECK(has(tm, "s2=a\xE2\x84\xA2"));
    CHECK(has(tm, "len=5"));
    CHECK(utf8_prefix("ab", 3) == "ab");
    CHECK(utf8_suffix("\xC3\xA4" "b", 1) == "b");
}

TEST_CASE("feature groups switch templates off and round-trip through their names") {
    FeatureGroups only_token{true, false, false, false, false, false};
    CHECK(features_of("3M Aura", 1, only_token) == std::set<std::string>{"w=aura"});
    const FeatureGroups all;
    CHECK(FeatureGroups::from_names(all.names()) == all);
    CHECK(FeatureGroups::from_names(only_token.names()) == only_token);
    const std::vector<std::string> bad{"token", "bogus"};
    CHECK_THROWS_WITH(FeatureGroups::from_names(bad), Catch::Contains("bogus"));
}

TEST_CASE("the dictionary interns keys in first-seen order") {
    FeatureDictionary d;
    CHECK(d.add("w=3m") == 0);
    CHECK(d.add("w=aura") == 1);
    CHECK(d.add("w=3m") == 0);
    CHECK(d.find("w=aura") == 1);
    CHECK(d.find("w=nope") == FeatureDictionary::kUnknown);
    CHECK(d.key(1) == "w=aura");
}
