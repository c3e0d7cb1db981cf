#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "masktag/cross_validation.h"
#include "masktag/error.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

using test::small_records;

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
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0, 1], [1]]})"), Catch::Contains("position 1 is in more than one fold"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [99]]})"), Catch::Contains("position 99, which is not a usable record"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [-1]]})"), Catch::Contains("not a record position"));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [1.5]]})"), Catch::Contains("not a record position"));
    CHECK_THROWS_WITH(folds_from(R"([[0], [1]])"), Catch::Contains("\"folds\""));
    CHECK_THROWS_WITH(folds_from(R"({"folds": [[0], [1]])"), Catch::Contains("malformed JSON") && Catch::Contains(":1:"));
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
