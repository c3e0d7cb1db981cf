#include <catch2/catch.hpp>

#include "masktag/default_model.h"
#include "masktag/io.h"
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

TEST_CASE("the embedded default model's checksum is sound though loading it trusts it") {
    CHECK_NOTHROW(Model::deserialize(default_model_bytes(), "built-in", Model::Checksum::check));
    std::string damaged(default_model_bytes());
    damaged[damaged.size() - 1] ^= 1;  // the stored CRC-32 itself
    CHECK_THROWS_WITH(Model::deserialize(damaged, "copy"), Catch::Contains("checksum mismatch"));
    CHECK_NOTHROW(Model::deserialize(damaged, "copy", Model::Checksum::trusted));
}

TEST_CASE("md5_hex matches md5sum") {
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("masktag") == "af1805ac40c783591548d5311b3b85e6");
}
