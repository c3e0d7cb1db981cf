#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/model.h"
#include "masktag/predictor.h"
#include "masktag/trainer.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

using test::small_records;

const Model& small_model() {
    static const Model model = train(small_records(), TrainOptions{});
    return model;
}

std::vector<std::vector<unsigned long>> predict_all(const Model& model, const std::vector<LabeledRecord>& records) {
    Predictor predictor(model);
    std::vector<std::vector<unsigned long>> out;
    for (const auto& r : records) {
        out.emplace_back();
        predictor.predict(r.title, r.tokens, out.back());
    }
    return out;
}

void write_bytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

}  // namespace

TEST_CASE("training learns the training data") {
    REQUIRE(small_records().size() == 30);
    const Model& model = small_model();
    CHECK(model.labels == std::vector<std::string>{"brand", "color", "filter_type", "misc", "model", "size", "strap",
                                                   "style", "valved"});
    CHECK(model.weights.size() == model.num_weights());
    CHECK(model.training.titles == 30);
    CHECK(model.temperature > 0.02);
    CHECK(model.temperature < 50);
    const auto predicted = predict_all(model, small_records());
    std::size_t right = 0, total = 0;
    for (std::size_t r = 0; r < predicted.size(); ++r)
        for (std::size_t i = 0; i < predicted[r].size(); ++i, ++total)
            right += model.labels[predicted[r][i]] == small_records()[r].labels[i];
    CHECK(static_cast<double>(right) / static_cast<double>(total) > 0.95);
}

TEST_CASE("the model generalizes to unseen titles of a known pattern") {
    CHECK(test::predict_names(small_model(), "Moldex 2200 N95 Small") ==
          std::vector<std::string>{"brand", "model", "filter_type", "size"});
}

TEST_CASE("an empty title gets no labels") {
    Predictor predictor(small_model());
    std::vector<unsigned long> labels{1, 2};
    predictor.predict("", {}, labels);
    CHECK(labels.empty());
}

TEST_CASE("training is deterministic, whatever the number of threads") {
    TrainOptions one;
    one.threads = 1;
    TrainOptions two;
    two.threads = 2;
    const std::string a = train(small_records(), one).serialize();
    CHECK(train(small_records(), one).serialize() == a);
    CHECK(train(small_records(), two).serialize() == a);
}

TEST_CASE("a model survives save and load, and the loaded one predicts the same") {
    TempFile file("roundtrip.model");
    small_model().save(file.path());
    const Model loaded = Model::load(file.path());
    CHECK(loaded.labels == small_model().labels);
    CHECK(loaded.groups == small_model().groups);
    CHECK(loaded.weights == small_model().weights);
    CHECK(loaded.feature_hashes == small_model().feature_hashes);
    CHECK(loaded.temperature == small_model().temperature);
    CHECK(loaded.emission_scale == small_model().emission_scale);
    CHECK(loaded.integral);
    CHECK(loaded.integer_emissions == small_model().integer_emissions);
    CHECK(loaded.training.c == small_model().training.c);
    CHECK(loaded.serialize() == small_model().serialize());
    CHECK(predict_all(loaded, small_records()) == predict_all(small_model(), small_records()));
}

TEST_CASE("trained weights are whole multiples of a power-of-two scale, so sums are exact in any order") {
    const Model& model = small_model();
    CHECK(model.integral);
    int exponent = 0;
    CHECK(std::frexp(model.emission_scale, &exponent) == 0.5);
    double largest = 0;
    for (std::size_t i = 0; i < model.weights.size(); ++i) {
        const double q = model.weights[i] / model.emission_scale;
        INFO("weight " << i);
        REQUIRE(q == std::trunc(q));
        if (i < model.num_features() * model.num_labels()) {
            REQUIRE(model.integer_emissions[i] == q);
            largest = std::max(largest, std::abs(q));
        }
    }
    // The smallest power of two that fits: the largest weight needs more than half the range.
    CHECK(largest <= 32767);
    CHECK(largest > 32767 / 2);
}

TEST_CASE("feature options travel with the model") {
    TrainOptions options;
    options.groups = FeatureGroups{true, true, false, true, true, false};
    const Model model = train(small_records(), options);
    const Model loaded = Model::deserialize(model.serialize(), "mem");
    CHECK(loaded.groups == options.groups);
    CHECK(predict_all(loaded, small_records()) == predict_all(model, small_records()));
}

TEST_CASE("damaged or foreign model files give clear errors") {
    const std::string good = small_model().serialize();
    const auto error_of = [](const std::string& bytes) -> std::string {
        try {
            Model::deserialize(bytes, "m.model");
        } catch (const Error& e) {
            return e.what();
        }
        return "loaded";
    };
    CHECK(error_of(good) == "loaded");
    CHECK_THAT(error_of(""), Catch::Contains("not a masktag model") && Catch::Contains("m.model"));
    CHECK_THAT(error_of("{\"json\": true}"), Catch::Contains("not a masktag model"));
    CHECK_THAT(error_of(good.substr(0, 10)), Catch::Contains("corrupt") || Catch::Contains("truncated"));
    CHECK_THAT(error_of(good.substr(0, good.size() / 2)), Catch::Contains("truncated model file"));
    CHECK_THAT(error_of(good + "x"), Catch::Contains("after its end"));
    std::string flipped = good;
    flipped[flipped.size() / 2] ^= 0x20;
    CHECK_THAT(error_of(flipped), Catch::Contains("checksum mismatch"));
    std::string future = good;
    future[8] = 99;
    CHECK_THAT(error_of(future), Catch::Contains("unsupported model format version 99"));
    // Every truncation point is caught, none crashes.
    for (std::size_t n = 0; n < good.size(); n += 97) CHECK(error_of(good.substr(0, n)) != "loaded");
    // Every single-byte corruption is caught, none crashes.
    for (std::size_t i = 0; i < good.size(); i += 89) {
        std::string bad = good;
        bad[i] ^= 0x5A;
        CHECK(error_of(bad) != "loaded");
    }
}

TEST_CASE("loading a missing model file names it") {
    CHECK_THROWS_WITH(Model::load("/nonexistent/dir/x.model"), Catch::Contains("/nonexistent/dir/x.model"));
}

TEST_CASE("saving is atomic: a failed save leaves the old file and no temporary behind") {
    TempFile file("atomic.model");
    write_bytes(file.path(), "old content");
    {
        AtomicFile out(file.path());
        std::fputs("half written", out.stream());
        // no commit(): as if an error happened mid-write
    }
    std::ifstream in(file.path());
    std::string content((std::istreambuf_iterator<char>(in)), {});
    CHECK(content == "old content");
    const std::filesystem::path target(file.path());
    for (const auto& entry : std::filesystem::directory_iterator(target.parent_path()))
        CHECK_FALSE(entry.path().filename().string().starts_with("." + target.filename().string() + ".tmp"));
    small_model().save(file.path());
    CHECK(Model::load(file.path()).serialize() == small_model().serialize());
    CHECK_THROWS_WITH(small_model().save("/nonexistent/dir/x.model"), Catch::Contains("/nonexistent/dir/x.model"));
}

TEST_CASE("crc32 matches the standard check value") {
    CHECK(crc32("123456789") == 0xCBF43926u);
    CHECK(crc32("") == 0u);
}

TEST_CASE("training refuses more labels than it can decode in reasonable time") {
    std::vector<LabeledRecord> records(1);
    for (std::size_t i = 0; i <= kMaxLabels; ++i) {
        records[0].title += "t" + std::to_string(i) + " ";
        records[0].labels.push_back("label" + std::to_string(i));
    }
    tokenize(records[0].title, records[0].tokens);
    REQUIRE(records[0].tokens.size() == kMaxLabels + 1);
    CHECK_THROWS_WITH(train(records, TrainOptions{}),
                      Catch::Contains("257 different labels") && Catch::Contains("at most 256"));
}

TEST_CASE("format version 4 keeps the training options and the lexicon's source") {
    Model model = small_model();
    model.training.min_feature_count = 3;
    model.training.min_weight = 0.02;
    model.training.lexicon_source = "30 titles of small.jsonl";
    const Model loaded = Model::deserialize(model.serialize(), "test");
    CHECK(loaded.format_version == 4);
    CHECK(loaded.training.min_feature_count == 3);
    CHECK(loaded.training.min_weight == 0.02);
    CHECK(loaded.training.lexicon_source == "30 titles of small.jsonl");
}
