#include <catch2/catch.hpp>

#include "masktag/default_model.h"
#include "masktag/io.h"
#include "masktag/model_image.h"
#include "masktag/predictor.h"
#include "test_support.h"

using namespace masktag;

TEST_CASE("the embedded default model is byte-identical to models/default.model") {
    const std::string file = read_whole_file(test::source_path("models/default.model"));
    CHECK(default_model_bytes().size() == file.size());
    CHECK(default_model_bytes() == file);
}

TEST_CASE("the embedded default model loads and labels a title") {
    const Model model = load_default_model();
    CHECK(model.training.titles >= 1000);
    CHECK(test::predict_names(model, "3M Aura 9205+ N95") ==
          std::vector<std::string>{"brand", "model", "model", "filter_type"});
}

TEST_CASE("the embedded default model's bytes pass their checksum") {
    CHECK_NOTHROW(Model::deserialize(default_model_bytes(), "built-in"));
    std::string damaged(default_model_bytes());
    damaged[damaged.size() - 1] ^= 1;  // the stored CRC-32 itself
    CHECK_THROWS_WITH(Model::deserialize(damaged, "copy"), Catch::Contains("checksum mismatch"));
}

namespace masktag {
// tests/CMakeLists.txt makes it with masktag_model_image from tests/fixtures/format2.model:
// a model of the oldest format, with no lexicon and concatenated keys.
extern const ModelImage kFormat2ModelImage;
}  // namespace masktag

namespace {

// Every field a loaded model holds, the built tables included, compared one by one.
void check_same_model(const Model& image, const Model& file) {
    CHECK(image.labels == file.labels);
    CHECK(image.groups.names() == file.groups.names());
    CHECK(image.key_scheme == file.key_scheme);
    CHECK(image.lexicon == file.lexicon);
    CHECK(image.lexicon.slots() == file.lexicon.slots());
    CHECK(image.feature_hashes == file.feature_hashes);
    CHECK(image.weights == file.weights);
    CHECK(image.emission_scale == file.emission_scale);
    CHECK(image.temperature == file.temperature);
    CHECK(image.format_version == file.format_version);
    CHECK(image.table.slots() == file.table.slots());
    CHECK(image.table.mixed() == file.table.mixed());
    CHECK(image.integral == file.integral);
    CHECK(image.integer_emissions == file.integer_emissions);
    const TrainingInfo &a = image.training, &b = file.training;
    CHECK(a.c == b.c);
    CHECK(a.epsilon == b.epsilon);
    CHECK(a.max_iterations == b.max_iterations);
    CHECK(a.titles == b.titles);
    CHECK(a.tokens == b.tokens);
    CHECK(a.min_feature_count == b.min_feature_count);
    CHECK(a.min_weight == b.min_weight);
    CHECK(a.lexicon_source == b.lexicon_source);
    CHECK(image.serialize() == file.serialize());
}

}  // namespace

TEST_CASE("the built-in model's compiled tables are models/default.model, loaded and indexed") {
    const Model image = load_default_model();
    check_same_model(image, Model::deserialize(default_model_bytes(), "built-in"));
    // Made without copying: its arrays are the image's.
    CHECK(image.weights.is_view());
    CHECK(image.table.slots().is_view());
    CHECK(image.lexicon.entries().is_view());
    CHECK(image.integer_emissions.data() == kDefaultModelImage.integer_emissions.data());
}

TEST_CASE("a model image of the oldest format without a lexicon is the model file too") {
    const Model file = Model::load(test::source_path("tests/fixtures/format2.model"));
    REQUIRE(file.lexicon.empty());
    REQUIRE(file.key_scheme == KeyScheme::concatenated);
    check_same_model(model_from_image(kFormat2ModelImage), file);
}

TEST_CASE("a block owns a vector or views static storage, and copies keep to theirs") {
    static const int kStatic[] = {1, 2, 3};
    Block<int> view = Block<int>::view(kStatic);
    Block<int> owned = std::vector<int>{1, 2, 3};
    CHECK(view == owned);
    CHECK(view.is_view());
    CHECK_FALSE(owned.is_view());
    Block<int> copy = owned;
    CHECK(copy.data() != owned.data());  // a copy of an owned block owns its own elements
    CHECK(copy == owned);
    Block<int> view_copy = view;
    CHECK(view_copy.data() == kStatic);
    const int* before = owned.data();
    Block<int> moved = std::move(owned);
    CHECK(moved.data() == before);
    CHECK(moved.size() == 3);
    CHECK(owned.empty());
    moved = moved;  // self-assignment keeps it
    CHECK(moved.size() == 3);
    moved = view;
    CHECK(moved.data() == kStatic);
}

TEST_CASE("md5_hex matches md5sum") {
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("masktag") == "af1805ac40c783591548d5311b3b85e6");
}
