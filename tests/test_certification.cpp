#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "masktag/certification.h"
#include "masktag/features.h"
#include "masktag/gazetteer.h"
#include "masktag/trainer.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string_view class_of(std::string_view lower) { return certification_class_name(certification_class(lower)); }

std::set<std::string> keys_of(std::string_view title, std::size_t i) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    FeatureExtractor extractor(FeatureGroups{});
    extractor.load(title, tokens);
    std::set<std::string> keys;
    extractor.features(i, [&](std::string_view key, std::uint64_t) { keys.emplace(key); });
    return keys;
}

}  // namespace

TEST_CASE("certification classes are recognized by pattern") {
    CHECK(class_of("n95") == "niosh");
    CHECK(class_of("p100") == "niosh");
    CHECK(class_of("r99") == "niosh");
    CHECK(class_of("kn95") == "gb");
    CHECK(class_of("kp100") == "gb");
    CHECK(class_of("kf94") == "kf");
    CHECK(class_of("kf80") == "kf");
    CHECK(class_of("ffp2") == "ffp");
    CHECK(class_of("p3") == "ffp");
    CHECK(class_of("niosh") == "standard");
    CHECK(class_of("en149") == "standard");
    CHECK(class_of("gb2626") == "standard");
    CHECK(class_of("ce0194") == "standard");
    CHECK(class_of("ov/ag/p100") == "combined");
    CHECK(class_of("n95/kn95") == "combined");
}

TEST_CASE("symbols after a class are ignored") {
    CHECK(class_of("n95®") == "niosh");
    CHECK(class_of("kf94™") == "kf");
    CHECK(class_of("ffp2*") == "ffp");
}

TEST_CASE("model codes, even with a class inside, are no class") {
    for (const char* code : {"ab123", "xyz12c", "k99", "dc365n95hc", "n95x", "kn9", "9500", "ffp4", "p4", "n94", "kf95",
                             "h910", "ce01", "", "n", "/", "a/b"})
        CHECK(class_of(code) == "none");
}

TEST_CASE("the class feature names the token's class and its neighbours'") {
    // Tokens: Acme AB 123 KF94 Mask.
    CHECK(keys_of("Acme AB-123 KF94 Mask", 4).count("-1cls=kf") == 1);
    CHECK(keys_of("Acme AB-123 KF94 Mask", 3).count("cls=kf") == 1);
    CHECK(keys_of("Acme AB-123 KF94 Mask", 2).count("+1cls=kf") == 1);
    for (std::size_t i : {1u, 2u})
        for (const std::string& key : keys_of("Acme AB-123 KF94 Mask", i)) CHECK(key.rfind("cls=", 0) != 0);
}

TEST_CASE("joint places mark the pieces of a hyphenated code, not words around a spaced dash") {
    CHECK(keys_of("Acme TC-84A-6973 N95", 1).count("joint=B") == 1);
    CHECK(keys_of("Acme TC-84A-6973 N95", 2).count("joint=I") == 1);
    CHECK(keys_of("Acme TC-84A-6973 N95", 3).count("joint=E") == 1);
    for (std::size_t i : {0u, 4u})
        for (const std::string& key : keys_of("Acme TC-84A-6973 N95", i)) CHECK(key.rfind("joint=", 0) != 0);
    for (std::size_t i : {0u, 1u})
        for (const std::string& key : keys_of("Acme - N95", i)) CHECK(key.rfind("joint=", 0) != 0);
}

TEST_CASE("a token that repeats one of the two before it, case aside, has the repeat feature") {
    const auto repeats = [](std::string_view title, std::size_t i) { return keys_of(title, i).count("repeat") == 1; };
    CHECK(repeats("Envo Envo Pro", 1));
    CHECK(repeats("envo ENVO Pro", 1));
    CHECK(repeats("Elastomask Pro Elastomask Pro Small", 2));
    CHECK(repeats("Elastomask Pro Elastomask Pro Small", 3));
    CHECK_FALSE(repeats("Envo Envo Pro", 0));
    CHECK_FALSE(repeats("Envo Envo Pro", 2));
    CHECK_FALSE(repeats("Acme N95 X1 Mask N95", 4));  // three tokens back: too far
    CHECK_FALSE(repeats("Envoy Envo Pro", 1));
    FeatureGroups without;
    without.repeat = false;
    std::vector<Token> tokens;
    tokenize("Envo Envo Pro", tokens);
    FeatureExtractor extractor(without);
    extractor.load("Envo Envo Pro", tokens);
    CHECK_FALSE(extractor.repeats(1));
    extractor.features(1, [](std::string_view key, std::uint64_t) { CHECK(key != "repeat"); });
}

TEST_CASE("a piece of a hyphenated compound has its place, its shape and its joined piece's shape") {
    CHECK(keys_of("Zorblax AB-123 Mask", 1).count("compound=B A 9") == 1);
    CHECK(keys_of("Zorblax AB-123 Mask", 2).count("compound=E 9 A") == 1);
    CHECK(keys_of("Kimberly-Clark N95", 0).count("compound=B Aa Aa") == 1);
    CHECK(keys_of("Acme TC-84A-6973", 2).count("compound=I 9A 9") == 1);
    for (std::size_t i : {0u, 3u})
        for (const std::string& key : keys_of("Zorblax AB-123 Mask", i)) CHECK(key.rfind("compound=", 0) != 0);
    for (const std::string& key : keys_of("Acme - N95", 1)) CHECK(key.rfind("compound=", 0) != 0);
}

TEST_CASE("a remembered token repeats as its first sighting did, so the memo changes nothing") {
    FeatureExtractor extractor(FeatureGroups{});
    extractor.enable_memo(9, FeatureExtractor::MemoKind::blocks);
    std::vector<Token> tokens;
    for (int round = 0; round < 2; ++round) {
        const std::string_view title = "Gill Gill Pro Gill";
        tokenize(title, tokens);
        extractor.load(title, tokens);
        CHECK_FALSE(extractor.repeats(0));
        CHECK(extractor.repeats(1));
        CHECK_FALSE(extractor.repeats(2));
        CHECK(extractor.repeats(3));
        const std::int32_t blocks[FeatureExtractor::kRoles * 9] = {};
        for (std::size_t k = 0; k < tokens.size(); ++k)
            if (extractor.remembered_blocks(k) == nullptr) extractor.remember_blocks(k, blocks);
    }
}

TEST_CASE("a model names the class, joint, repeat and compound groups, and an old model's names leave them off") {
    const std::vector<std::string> old = {"token", "lexicon"};
    const FeatureGroups groups = FeatureGroups::from_names(old);
    CHECK_FALSE(groups.certification);
    CHECK_FALSE(groups.joint);
    CHECK_FALSE(groups.repeat);
    CHECK_FALSE(groups.compound);
    CHECK(FeatureGroups::none().names().empty());  // every group, the newest too
    const auto names = FeatureGroups{}.names();
    CHECK(names.back() == "compound");
    CHECK(names[names.size() - 2] == "repeat");
    CHECK(names[names.size() - 3] == "joint");
    CHECK(names[names.size() - 4] == "class");
}

TEST_CASE("a gazetteer reads one name a line, all brand, skipping comments and blank lines") {
    const TempFile file("brands.txt");
    const std::string& path = file.path();
    write_file(path, "# makers\n\nAcme Safety Co.\n  Dräger  \r\nKimberly-Clark\n");
    const auto names = read_gazetteer(path, "brand");
    REQUIRE(names.size() == 3);
    CHECK(names[0].title == "Acme Safety Co.");
    CHECK(names[0].labels == std::vector<std::string>{"brand", "brand", "brand"});
    CHECK(names[1].title == "Dräger");
    CHECK(names[2].tokens.size() == 2);
    CHECK(names[2].source == path + ":5");
}

TEST_CASE("a gazetteer that is missing or not UTF-8 is an error naming the file and line") {
    const TempFile missing("none.txt"), bad("bad.txt");
    CHECK_THROWS_WITH(read_gazetteer(missing.path(), "brand"), Catch::Contains("none.txt"));
    write_file(bad.path(), "Acme\nBad \xff name\n");
    CHECK_THROWS_WITH(read_gazetteer(bad.path(), "brand"), Catch::Contains("bad.txt:2"));
}

TEST_CASE("holding out a title forgets its maker's gazetteer name, and only that") {
    const TempFile file("held_brands.txt");
    write_file(file.path(), "Acme Safety\nZenith\nSafety\n");
    auto names = read_gazetteer(file.path(), "brand");
    TrainOptions options;
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(names);
    options.lexicon = Lexicon::build(names);
    LabeledRecord held;
    held.title = "ACME Safety X-1 N95";
    tokenize(held.title, held.tokens);
    held.labels = {"brand", "brand", "model", "model", "filter_type"};
    const LabeledRecord* held_out[] = {&held};
    const TrainOptions result = holding_out(options, held_out);
    REQUIRE(result.lexicon_source->size() == 2);  // "Safety" alone is no whole brand run of it
    CHECK((*result.lexicon_source)[0].title == "Zenith");
    CHECK((*result.lexicon_source)[1].title == "Safety");
}
