#include <catch2/catch.hpp>

#include <set>

#include "masktag/error.h"
#include "masktag/features.h"
#include "masktag/lexicon.h"
#include "masktag/model.h"
#include "masktag/trainer.h"
#include "test_support.h"

using namespace masktag;

namespace {

LabeledRecord record(const std::string& title, std::vector<std::string> labels) {
    LabeledRecord r;
    r.title = title;
    tokenize(r.title, r.tokens);
    REQUIRE(r.tokens.size() == labels.size());
    r.labels = std::move(labels);
    return r;
}

// The lexicon's word and phrase label names for a lowercased phrase.
std::pair<std::string, std::string> lookup(const Lexicon& lexicon, const std::string& phrase) {
    std::vector<Token> tokens;
    tokenize(phrase, tokens);
    FeatureExtractor extractor(FeatureGroups::none());
    extractor.load(phrase, tokens);
    std::vector<std::uint64_t> hashes;
    for (std::size_t i = 0; i < tokens.size(); ++i) hashes.push_back(extractor.lower_hash(i));
    const Lexicon::Entry* e = lexicon.find(phrase_key(hashes));
    if (e == nullptr) return {"", ""};
    const auto name = [&](std::uint16_t l) { return l == 0 ? std::string("-") : lexicon.labels()[l - 1]; };
    return {name(e->word_label), name(e->phrase_label)};
}

// The longest phrase the lexicon knows starting with `word` (lowercase, one token).
int longest_phrase(const Lexicon& lexicon, const std::string& word) {
    const Lexicon::Entry* e = lexicon.find(piece_hash(word) & kPieceKeyMask);
    return e == nullptr ? -1 : e->longest_phrase;
}

std::set<std::string> keys_of(const std::string& title, std::size_t i, const Lexicon& lexicon) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    FeatureGroups groups = FeatureGroups::none();
    groups.lexicon = true;
    FeatureExtractor extractor(groups, KeyScheme::pieces, &lexicon);
    extractor.load(title, tokens);
    std::set<std::string> keys;
    extractor.features(i, [&](std::string_view key, std::uint64_t) { keys.emplace(key); });
    return keys;
}

const std::vector<LabeledRecord>& examples() {
    static const std::vector<LabeledRecord> records{
        record("Prestige Ameritech ProGear N95", {"brand", "brand", "model", "filter_type"}),
        record("PRESTIGE AMERITECH RP88020", {"brand", "brand", "model"}),
        record("Aura 9205+ N95 Medium", {"model", "model", "filter_type", "size"}),
        record("Vogmask Medium", {"brand", "model"}),
        record("Envo Medium", {"brand", "size"}),
    };
    return records;
}

}  // namespace

TEST_CASE("a lexicon keeps each word's and each label run's most frequent label") {
    const Lexicon lexicon = Lexicon::build(examples());
    CHECK(lexicon.labels() == std::vector<std::string>{"brand", "filter_type", "model", "size"});
    // Case does not matter; a two-token brand run is a phrase, its tokens are words.
    CHECK(lookup(lexicon, "prestige ameritech") == std::pair<std::string, std::string>{"-", "brand"});
    CHECK(lookup(lexicon, "prestige") == std::pair<std::string, std::string>{"brand", "-"});
    CHECK(lookup(lexicon, "n95") == std::pair<std::string, std::string>{"filter_type", "filter_type"});
    // "medium": size twice, model once.
    CHECK(lookup(lexicon, "medium").first == "size");
    CHECK(lookup(lexicon, "aura 9205+") == std::pair<std::string, std::string>{"-", "model"});
    CHECK(lookup(lexicon, "ameritech prestige") == std::pair<std::string, std::string>{"", ""});
    CHECK(lookup(lexicon, "nothing") == std::pair<std::string, std::string>{"", ""});
    CHECK(longest_phrase(lexicon, "prestige") == 2);
    CHECK(longest_phrase(lexicon, "ameritech") == 0);
    CHECK(longest_phrase(lexicon, "medium") == 1);
    CHECK(longest_phrase(lexicon, "nothing") == -1);
}

TEST_CASE("a tie between labels goes to the label first in name order") {
    const std::vector<LabeledRecord> records{record("Medium", {"size"}), record("Medium", {"model"})};
    CHECK(lookup(Lexicon::build(records), "medium") == std::pair<std::string, std::string>{"model", "model"});
}

TEST_CASE("runs longer than the phrase limit are not phrases") {
    const std::vector<LabeledRecord> records{record("a b c d e", {"misc", "misc", "misc", "misc", "misc"})};
    const Lexicon lexicon = Lexicon::build(records);
    CHECK(lookup(lexicon, "a b c d e").second.empty());
    CHECK(lookup(lexicon, "a").first == "misc");
}

TEST_CASE("lexicon features name the labels of the token, its neighbours and the covering phrase") {
    const Lexicon lexicon = Lexicon::build(examples());
    // Greedy longest match: "Prestige Ameritech" is one brand phrase, B then I.
    const auto first = keys_of("Prestige Ameritech Medium", 0, lexicon);
    CHECK(first == std::set<std::string>{"lex=brand", "+1lex=brand", "phrase=brand B", "+1phrase=brand I"});
    const auto second = keys_of("Prestige Ameritech Medium", 1, lexicon);
    CHECK(second.count("phrase=brand I") == 1);
    CHECK(second.count("+1lex=size") == 1);
    CHECK(second.count("+1phrase=size U") == 1);  // "Medium" alone: a size run twice, a model run once
    const auto unknown = keys_of("Zzz Qqq", 0, lexicon);
    CHECK(unknown.empty());
    FeatureExtractor without(FeatureGroups{}, KeyScheme::pieces, nullptr);
    std::vector<Token> tokens;
    tokenize("Prestige", tokens);
    without.load("Prestige", tokens);
    bool lexicon_key = false;
    without.features(0, [&](std::string_view key, std::uint64_t) { lexicon_key |= key.find("lex=") != key.npos; });
    CHECK_FALSE(lexicon_key);
}

TEST_CASE("a lexicon rejects bad parts") {
    CHECK_THROWS_WITH(Lexicon::from_parts({"a", "a"}, {}), Catch::Contains("repeat"));
    CHECK_THROWS_WITH(Lexicon::from_parts({"a"}, {{1, 2, 0, 0}}), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(Lexicon::from_parts({"a"}, {{1, 0, 0, 0}}), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(Lexicon::from_parts({"a"}, {{1, 1, 0, 0}, {1, 0, 1, 1}}), Catch::Contains("repeat"));
    CHECK_THROWS_WITH(Lexicon::from_parts({"a"}, {{std::uint64_t{1} << 48, 1, 0, 0}}), Catch::Contains("48 bits"));
    CHECK_THROWS_WITH(Lexicon::from_parts({"a"}, {{1, 1, 1, 5}}), Catch::Contains("phrase length"));
}

TEST_CASE("a model keeps its lexicon through a save and a load, and predicts the same") {
    TrainOptions options;
    options.lexicon = Lexicon::build(test::small_records());
    REQUIRE_FALSE(options.lexicon.empty());
    const Model model = train(test::small_records(), options);
    CHECK(model.lexicon == options.lexicon);
    const Model loaded = Model::deserialize(model.serialize(), "test");
    CHECK(loaded.lexicon == model.lexicon);
    CHECK(loaded.key_scheme == KeyScheme::pieces);
    for (const auto& r : test::small_records())
        CHECK(test::predict_names(loaded, r.title) == test::predict_names(model, r.title));
    // Without the lexicon group the lexicon is not stored.
    options.groups.lexicon = false;
    CHECK(train(test::small_records(), options).lexicon.empty());
}

TEST_CASE("a lexicon with a minimum count keeps brands seen once and the first words of phrases kept") {
    std::vector<LabeledRecord> records;
    const auto add = [&](std::string title, std::vector<std::string> labels) {
        LabeledRecord record;
        record.title = std::move(title);
        tokenize(record.title, record.tokens);
        record.labels = std::move(labels);
        records.push_back(std::move(record));
    };
    add("Zenqa Optiva XJ-7730 N95", {"brand", "brand", "model", "model", "filter_type"});
    add("Acme N95 Small", {"brand", "filter_type", "size"});
    add("Acme N95 Large", {"brand", "filter_type", "size"});
    const Lexicon all = Lexicon::build(records);
    const Lexicon pruned = Lexicon::build(records, 2);
    CHECK(pruned.entries().size() < all.entries().size());
    CHECK(lookup(pruned, "xj").first.empty());  // a part number seen once: gone
    CHECK(lookup(pruned, "small").first.empty());
    CHECK(lookup(pruned, "n95").first == "filter_type");  // seen twice
    CHECK(lookup(pruned, "acme").first == "brand");
    CHECK(lookup(pruned, "zenqa").first == "brand");  // a brand seen once stays
    CHECK(lookup(pruned, "optiva").first == "brand");
    CHECK(Lexicon::build(records, 1) == all);
}
