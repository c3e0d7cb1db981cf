#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "masktag/cross_validation.h"
#include "masktag/error.h"
#include "masktag/tokenizer.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

using test::small_records;

// The share of `records`' tokens that `model` labels as they are labeled.
double token_accuracy(const Model& model, const std::vector<LabeledRecord>& records) {
    std::size_t right = 0, all = 0;
    for (const LabeledRecord& record : records) {
        const auto predicted = test::predict_names(model, record.title);
        for (std::size_t i = 0; i < predicted.size(); ++i) right += predicted[i] == record.labels[i], ++all;
    }
    return static_cast<double>(right) / static_cast<double>(all);
}

// Two-word titles of words found nowhere else, brand and model in random order: nothing
// but a lexicon that has seen the very title tells which word is which.
std::vector<LabeledRecord> unguessable_records() {
    std::vector<LabeledRecord> records;
    std::uint32_t state = 12345;
    const auto next = [&] { return state = state * 1664525u + 1013904223u; };
    const auto word = [&] {
        std::string w;
        for (int i = 0; i < 6; ++i) w += static_cast<char>('a' + (next() >> 16) % 26);
        return w;
    };
    for (std::size_t i = 0; i < 60; ++i) {
        LabeledRecord record;
        record.title = word() + " " + word();
        tokenize(record.title, record.tokens);
        record.labels = (next() >> 16) % 2 ? std::vector<std::string>{"brand", "model"}
                                           : std::vector<std::string>{"model", "brand"};
        record.position = i;
        records.push_back(std::move(record));
    }
    return records;
}

Folds folds_from(const std::string& json) {
    TempFile file("folds.json");
    std::ofstream(file.path()) << json;
    return read_folds(file.path(), small_records());
}

}  // namespace

TEST_CASE("records carry their position in the input, skipped records counted") {
    std::vector<std::string> warnings;
    const auto records = test::read_records(test::source_path("tests/fixtures/small.jsonl"), &warnings);
    for (std::size_t i = 0; i < records.size(); ++i) CHECK(records[i].position == i);
}

TEST_CASE("seeded folds cover every record once, differ by at most one in size, and repeat") {
    const Folds folds = make_folds(small_records(), 4, 7);
    REQUIRE(folds.test_positions.size() == 4);
    std::vector<std::size_t> all;
    for (const auto& fold : folds.test_positions) {
        CHECK(fold.size() >= 7);
        CHECK(fold.size() <= 8);
        all.insert(all.end(), fold.begin(), fold.end());
    }
    std::sort(all.begin(), all.end());
    CHECK(all.size() == 30);
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
    CHECK(make_folds(small_records(), 4, 7).test_positions == folds.test_positions);
    CHECK(make_folds(small_records(), 4, 8).test_positions != folds.test_positions);
}

TEST_CASE("a folds file is read, and its mistakes are named") {
    const Folds folds = folds_from(R"({"description": "x", "folds": [[0, 2, 4], [1, 3]]})");
    CHECK(folds.test_positions == std::vector<std::vector<std::size_t>>{{0, 2, 4}, {1, 3}});
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0, 1]]})"), Catch::Contains("at least 2 folds"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0, 1], [1]]})"),
                      Catch::Contains("position 1 is in more than one fold"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [99]]})"),
                      Catch::Contains("position 99, which is not a usable record"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [-1]]})"), Catch::Contains("not a record position"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [1.5]]})"), Catch::Contains("not a record position"));
    CHECK_THROWS_WITH(folds_from(R"([[0], [1]])"), Catch::Contains("\"folds\""));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [1]])"),
                      Catch::Contains("malformed JSON") && Catch::Contains(":1:"));
}

TEST_CASE("cross-validation tests every fold, pools them, and does not depend on parallelism") {
    const Folds folds = make_folds(small_records(), 3, 1);
    const CrossValidation one = cross_validate(small_records(), folds, TrainOptions{}, 1);
    const CrossValidation three = cross_validate(small_records(), folds, TrainOptions{}, 3);
    REQUIRE(one.folds.size() == 3);
    CHECK(one.pooled.titles == 30);
    CHECK(one.pooled.tokens == 148);
    std::size_t tokens = 0, correct = 0;
    for (const auto& f : one.folds) {
        tokens += f.tokens;
        correct += f.tokens_correct;
    }
    CHECK(tokens == one.pooled.tokens);
    CHECK(correct == one.pooled.tokens_correct);
    CHECK(one.pooled.token_accuracy() > 0.5);
    CHECK(one.pooled.token_accuracy() < 1.0);  // held-out titles: not a memory test
    CHECK(three.pooled.tokens_correct == one.pooled.tokens_correct);
    CHECK(format_json(three.pooled) == format_json(one.pooled));
    for (std::size_t f = 0; f < 3; ++f) CHECK(format_json(three.folds[f]) == format_json(one.folds[f]));
    CHECK(one.never_tested == 0);
}

TEST_CASE("records in no fold are trained on and counted, never tested") {
    const Folds folds{{{0, 1, 2}, {3, 4, 5}}};
    const CrossValidation cv = cross_validate(small_records(), folds, TrainOptions{}, 2);
    CHECK(cv.never_tested == 24);
    CHECK(cv.pooled.titles == 6);
}

TEST_CASE("holding out titles rebuilds a lexicon whose source is known without them") {
    const std::vector<LabeledRecord> records = unguessable_records();
    TrainOptions options;
    options.lexicon = Lexicon::build(records);
    const std::vector<const LabeledRecord*> held_out{&records[0], &records[7]};
    // Source unknown (the built-in lexicon): nothing to take out.
    CHECK(holding_out(options, held_out).lexicon == options.lexicon);
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(records);
    const TrainOptions held = holding_out(options, held_out);
    std::vector<LabeledRecord> rest = records;
    rest.erase(rest.begin() + 7);
    rest.erase(rest.begin());
    CHECK(held.lexicon == Lexicon::build(rest));
    CHECK(held.lexicon_source->size() == 58);
    CHECK(options.lexicon_source->size() == 60);
    CHECK(holding_out(options, {}).lexicon == options.lexicon);
}

TEST_CASE("cross-validation with a lexicon built from the same titles does not see the test fold") {
    const std::vector<LabeledRecord> records = unguessable_records();
    const Folds folds = make_folds(records, 5, 3);
    TrainOptions options;
    options.lexicon = Lexicon::build(records);
    // Told where the lexicon comes from, each fold's lexicon leaves out its test titles:
    // their words are then unknown, and brand-or-model is a coin toss.
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(records);
    const CrossValidation honest = cross_validate(records, folds, options, 1);
    CHECK(honest.pooled.token_accuracy() < 0.7);
    // The leak this prevents: the whole lexicon knows every test title's labels.
    options.lexicon_source.reset();
    const CrossValidation leaky = cross_validate(records, folds, options, 1);
    CHECK(leaky.pooled.token_accuracy() > 0.95);
}

TEST_CASE("weights are fitted with lexicons that leave out each title's fold") {
    const std::vector<LabeledRecord> records = unguessable_records();
    TrainOptions options;
    options.calibration_folds = 0;
    options.groups = FeatureGroups::none();  // the lexicon alone, or the words are memorized
    options.groups.lexicon = true;
    options.lexicon = Lexicon::build(records);
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(records);
    const auto accuracy_on_own_titles = [&](unsigned lexicon_folds) {
        options.lexicon_folds = lexicon_folds;
        return token_accuracy(train(records, options), records);
    };
    // Every word is in one title only: a lexicon without the title's fold never knows it,
    // so the weights learn that the lexicon is worth nothing here, though the model keeps it.
    CHECK(accuracy_on_own_titles(5) < 0.7);
    // Fitted with the whole lexicon, the weights trust it: the leak cross-fitting removes.
    CHECK(accuracy_on_own_titles(1) > 0.95);
}

TEST_CASE("min_weight leaves out the features whose weights all stay below that share of the largest") {
    TrainOptions options;
    options.calibration_folds = 0;
    const Model all = train(small_records(), options);
    options.min_weight = 0.3;
    const Model pruned = train(small_records(), options);
    REQUIRE(pruned.num_features() > 0);
    CHECK(pruned.num_features() < all.num_features());
    const std::size_t L = pruned.num_labels();
    double largest = 0;
    for (std::size_t i = 0; i < pruned.num_features() * L; ++i)
        largest = std::max(largest, std::abs(pruned.weights[i]));
    for (std::size_t f = 0; f < pruned.num_features(); ++f) {
        double row = 0;
        for (std::size_t y = 0; y < L; ++y) row = std::max(row, std::abs(pruned.weights[f * L + y]));
        CHECK(row >= 0.3 * largest - pruned.emission_scale);  // rounding moves a weight by half a step
    }
}

TEST_CASE("cross-validations with other solver options share one extraction and score as if each extracted its own") {
    const Folds folds = make_folds(small_records(), 3, 1);
    TrainOptions base;
    const auto features = extract_features(small_records(), base);
    REQUIRE(features != nullptr);
    for (const double c : {1.0, 30.0}) {
        TrainOptions options = base;
        options.c = c;
        options.calibration_folds = 0;
        const CrossValidation shared = cross_validate(small_records(), folds, options, 2, features);
        const CrossValidation own = cross_validate(small_records(), folds, options, 2);
        CHECK(format_json(shared.pooled) == format_json(own.pooled));
        for (std::size_t f = 0; f < 3; ++f) CHECK(format_json(shared.folds[f]) == format_json(own.folds[f]));
    }
}

TEST_CASE("train reports its solver's iterations and its calibration and the model does not change") {
    TrainOptions options;
    std::vector<TrainStep> steps;
    const Model quiet = train(small_records(), options);
    options.progress = [&](const TrainStep& step) { steps.push_back(step); };
    TrainSummary summary;
    const Model watched = train(small_records(), options, &summary);
    CHECK(watched.serialize() == quiet.serialize());
    REQUIRE(steps.size() == summary.iterations + 1);  // every iteration, then the calibration
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
        CHECK(steps[i].stage == TrainStep::Stage::solving);
        CHECK(steps[i].iteration == i + 1);
    }
    CHECK(steps[steps.size() - 2].risk_gap < options.epsilon);
    CHECK(steps.back().stage == TrainStep::Stage::calibrating);
    CHECK(steps.back().folds == options.calibration_folds);
    // Cross-validation's fold models report through its own progress, never through this.
    steps.clear();
    cross_validate(small_records(), make_folds(small_records(), 3, 1), options, 2);
    CHECK(steps.empty());
}

namespace {

LabeledRecord labeled(const std::string& title, std::vector<std::string> labels) {
    LabeledRecord record;
    record.title = title;
    tokenize(record.title, record.tokens);
    record.labels = std::move(labels);
    return record;
}

// Makers with several titles each, "maker code" or, one time in four, "code maker": the
// maker is its first word most often, and a lexicon that knows the maker tells it always.
// Every word is random; each maker's is shared by its titles, each code is its title's own.
std::vector<LabeledRecord> makers_with_titles(std::size_t makers, std::uint32_t seed) {
    std::uint32_t state = seed;
    const auto next = [&] { return (state = state * 1664525u + 1013904223u) >> 16; };
    const auto word = [&] {
        std::string w;
        for (int i = 0; i < 7; ++i) w += static_cast<char>('a' + next() % 26);
        return w;
    };
    std::vector<LabeledRecord> records;
    for (std::size_t m = 0; m < makers; ++m) {
        const std::string maker = word();
        for (int t = 0; t < 6; ++t) {
            const std::string code = word();
            records.push_back(next() % 4 == 0 ? labeled(code + " " + maker, {"model", "brand"})
                                              : labeled(maker + " " + code, {"brand", "model"}));
        }
    }
    return records;
}

}  // namespace

TEST_CASE("a maker's key is the first brand token, lower-cased, without ASCII punctuation") {
    CHECK(maker_key(labeled("ACME Safety X-1 N95", {"brand", "brand", "model", "model", "filter_type"})) == "acme");
    CHECK(maker_key(labeled("X-1 Dr. Puri N95 Zenith", {"model", "model", "brand", "brand", "filter_type", "brand"})) ==
          "dr");
    CHECK(maker_key(labeled("Dräger X-plore", {"brand", "model", "model"})) == "dräger");
    CHECK(maker_key(labeled("& Co", {"brand", "brand"})) == "&");  // punctuation alone stays
    CHECK(maker_key(labeled("N95 Mask", {"filter_type", "misc"})).empty());
}

TEST_CASE("holding out makers drops every title and name of those makers, and only those") {
    std::vector<LabeledRecord> source{
        labeled("Acme X-1", {"brand", "model", "model"}), labeled("Zenith Z9", {"brand", "model"}),
        labeled("ACME Safety Y-2 N95", {"brand", "brand", "model", "model", "filter_type"}), labeled("Acme", {"brand"}),
        labeled("Zenith", {"brand"})};
    TrainOptions options;
    options.lexicon = Lexicon::build(source);
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(source);
    const TrainOptions held = holding_out(options, {}, {"acme"});
    REQUIRE(held.lexicon_source->size() == 2);
    CHECK((*held.lexicon_source)[0].title == "Zenith Z9");
    CHECK((*held.lexicon_source)[1].title == "Zenith");
    CHECK(held.lexicon == Lexicon::build(*held.lexicon_source));
    CHECK(holding_out(options, {}, {}).lexicon == options.lexicon);
}

TEST_CASE("lexicon folds that also leave out makers fit weights that serve titles of unknown makers") {
    const std::vector<LabeledRecord> records = makers_with_titles(40, 7);
    const std::vector<LabeledRecord> new_makers = makers_with_titles(40, 99);
    TrainOptions options;
    options.calibration_folds = 0;
    options.groups = FeatureGroups::none();  // the lexicon and the place in the title, nothing else
    options.groups.lexicon = true;
    options.groups.position = true;
    options.lexicon = Lexicon::build(records);
    options.lexicon_source = std::make_shared<const std::vector<LabeledRecord>>(records);
    options.lexicon_folds = 2;
    const auto accuracy_on_new_makers = [&](bool fold_makers) {
        options.lexicon_fold_makers = fold_makers;
        return token_accuracy(train(records, options), new_makers);
    };
    // Titles only: a maker's other titles always tell the lexicon who it is, so the weights
    // trust the lexicon and learn little of the first word; new makers' titles then go
    // wrong. Leaving out makers too, half the titles see their maker unknown, and the
    // weights learn that the maker mostly comes first: three titles in four.
    const double titles_only = accuracy_on_new_makers(false);
    const double with_makers = accuracy_on_new_makers(true);
    CHECK(with_makers > 0.7);
    CHECK(with_makers > titles_only + 0.1);
    // Only a K-th of the makers: the other half of the titles still see their maker, so the
    // weights still trust the lexicon where it knows the maker, as it does every training
    // title's (the model keeps the whole lexicon).
    options.lexicon_fold_makers = true;
    CHECK(token_accuracy(train(records, options), records) > 0.95);
}
