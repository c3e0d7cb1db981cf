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
    extractor.features(i, [&](std::string_view key, std::uint64_t) { keys.emplace(key); });
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
    CHECK(utf8_suffix("\xC3\xA4"
                      "b",
                      1) == "b");
}

TEST_CASE("feature groups switch templates off and round-trip through their names") {
    FeatureGroups only_token = FeatureGroups::none();
    only_token.token = true;
    CHECK(features_of("3M Aura", 1, only_token) == std::set<std::string>{"w=aura"});
    const FeatureGroups all;
    CHECK(FeatureGroups::from_names(all.names()) == all);
    CHECK(FeatureGroups::from_names(only_token.names()) == only_token);
    const std::vector<std::string> bad{"token", "bogus"};
    CHECK_THROWS_WITH(FeatureGroups::from_names(bad), Catch::Contains("bogus"));
}

TEST_CASE("the dictionary interns keys in first-seen order") {
    FeatureDictionary d;
    CHECK(d.add("w=3m", 7) == 0);
    CHECK(d.add("w=aura", 8) == 1);
    CHECK(d.add("w=3m", 7) == 0);
    CHECK(d.hash(1) == 8);
    CHECK(d.find("w=aura") == 1);
    CHECK(d.find("w=nope") == FeatureDictionary::kUnknown);
    CHECK(d.key(1) == "w=aura");
}

TEST_CASE("the wide group sees two tokens either side and the neighbours' shapes") {
    const auto f = features_of("3M Aura 9205+ N95", 1);
    for (const char* key : {"+2w=n95", "-1sh=9A", "+1sh=9+"}) CHECK(has(f, key));
    CHECK(std::none_of(f.begin(), f.end(), [](const std::string& k) { return k.starts_with("-2w="); }));
    CHECK(has(features_of("3M Aura 9205+ N95", 2), "-2w=3m"));
}

TEST_CASE("both key schemes hash each key the way models store it") {
    for (const std::string title : {"3M Aura 9205+ N95", "DRÄGER X-plore 1720", "a", "Honeywell RU8800 Medium/Large"}) {
        std::vector<Token> tokens;
        tokenize(title, tokens);
        for (const KeyScheme scheme : {KeyScheme::concatenated, KeyScheme::pieces}) {
            FeatureExtractor extractor(FeatureGroups{}, scheme);
            extractor.load(title, tokens);
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                std::vector<std::uint64_t> expected, actual;
                extractor.features(i, [&](std::string_view key, std::uint64_t pieces_hash) {
                    expected.push_back(scheme == KeyScheme::pieces ? pieces_hash : feature_hash(key));
                    if (scheme == KeyScheme::pieces) CHECK(pieces_hash <= kPieceKeyMask);
                });
                extractor.feature_hashes(i, [&](std::uint64_t hash) { actual.push_back(hash); });
                CHECK(actual == expected);
                CHECK(std::set<std::uint64_t>(actual.begin(), actual.end()).size() == actual.size());
            }
        }
    }
}

TEST_CASE("piece hashes read every byte, in order, at any length") {
    std::set<std::uint64_t> seen;
    std::string text;
    for (int n = 0; n < 40; ++n) {
        CHECK(seen.insert(piece_hash(text)).second);
        text += static_cast<char>('a' + n % 26);
    }
    CHECK(piece_hash("abcdefghi") != piece_hash("abcdefghj"));
    CHECK(piece_hash("ab") != piece_hash("ba"));
    CHECK(combine_hash(1, 2) != combine_hash(2, 1));
    static_assert(piece_hash("w=") == FeaturePrefix("w=").piece_hash);
    CHECK(piece_hash(std::string("0123456789abcdef")) == FeaturePrefix("0123456789abcdef").piece_hash);
}
