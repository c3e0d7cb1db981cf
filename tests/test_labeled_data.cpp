#include <catch2/catch.hpp>

#include <fstream>

#include "masktag/error.h"
#include "masktag/labeled_data.h"
#include "test_support.h"

using namespace masktag;
using masktag::test::TempFile;

namespace {

struct Read {
    std::vector<LabeledRecord> records;
    std::vector<std::string> warnings;
    LabeledReadResult result;
};

Read read_text(const std::string& content, LabeledFormat format = LabeledFormat::detect) {
    TempFile file("labeled.json");
    std::ofstream(file.path(), std::ios::binary) << content;
    Read r;
    r.result = read_labeled(file.path(), format, r.records, [&](const std::string& m) { r.warnings.push_back(m); });
    return r;
}

}  // namespace

TEST_CASE("the reference export: a JSON array of mask_name and breakdown") {
    const Read r = read_text(R"([
  {"mask_id": 2, "mask_name": "Canada Masq Q100 XS",
   "breakdown": [{"Canada": "brand"}, {"Masq": "brand"}, {"Q100": "model"}, {"XS": "size"}]},
  {"mask_id": 3, "mask_name": "Zimi 7711 w/ Earloops",
   "breakdown": [{"Zimi": "brand"}, {"7711": "model"}]}
])");
    REQUIRE(r.records.size() == 1);
    CHECK(r.result.used == 1);
    CHECK(r.result.skipped == 1);
    CHECK(r.records[0].title == "Canada Masq Q100 XS");
    CHECK(r.records[0].labels == std::vector<std::string>{"brand", "brand", "model", "size"});
    CHECK(r.records[0].tokens.size() == 4);
    REQUIRE(r.warnings.size() == 1);
    // The warning names the place and shows both token lists.
    CHECK_THAT(r.warnings[0], Catch::Contains(":4, array position 1"));
    CHECK_THAT(r.warnings[0], Catch::Contains(R"(["Zimi", "7711", "w/", "Earloops"])"));
    CHECK_THAT(r.warnings[0], Catch::Contains(R"(["Zimi", "7711"])"));
}

TEST_CASE("JSON lines with labels or breakdown, blank lines ignored, bad lines skipped with their line") {
    const Read r = read_text(
        "{\"title\": \"3M Aura 9205+ N95\", \"labels\": [\"brand\", \"model\", \"model\", \"filter_type\"]}\n"
        "\n"
        "{\"title\": \"Envo Small\", \"breakdown\": [{\"Envo\": \"brand\"}, {\"Small\": \"size\"}]}\r\n"
        "{\"title\": \"Envo Small\", \"labels\": [\"brand\"]}\n"
        "{\"title\": \"Envo Small\", \"labels\": [\"brand\", \"size\"]\n"
        "{\"labels\": []}\n"
        "{\"title\": \"Envo \\u00ff\", \"labels\": [\"brand\", 7]}\n"
        "{\"title\": \"\", \"labels\": []}\n"
        "{\"title\": \"Envo\"}\n"
        "{\"mask_name\": \"Envo\", \"labels\": [\"brand\"]}\n");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[1].title == "Envo Small");
    CHECK(r.records[1].labels == std::vector<std::string>{"brand", "size"});
    CHECK(r.records[2].title == "Envo");
    CHECK(r.result.skipped == 6);
    REQUIRE(r.warnings.size() == 6);
    CHECK_THAT(r.warnings[0], Catch::Contains("2 tokens but 1 labels") && Catch::Contains(":4)"));
    CHECK_THAT(r.warnings[1], Catch::Contains("malformed JSON at column") && Catch::Contains(":5)"));
    CHECK_THAT(r.warnings[2], Catch::Contains("no \"title\" field") && Catch::Contains(":6)"));
    CHECK_THAT(r.warnings[3], Catch::Contains("not a non-empty string") && Catch::Contains(":7)"));
    CHECK_THAT(r.warnings[4], Catch::Contains("no tokens") && Catch::Contains(":8)"));
    CHECK_THAT(r.warnings[5], Catch::Contains("no \"labels\" or \"breakdown\"") && Catch::Contains(":9)"));
}

TEST_CASE("a title that is not valid UTF-8 skips that record only") {
    const Read r = read_text(
        "{\"title\": \"Envo \xFF\", \"labels\": [\"brand\", \"size\"]}\n"
        "{\"title\": \"Envo S\", \"labels\": [\"brand\", \"size\"]}\n");
    CHECK(r.records.size() == 1);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::Contains("not valid UTF-8"));
}

TEST_CASE("a UTF-8 byte order mark is ignored") {
    const Read r = read_text("\xEF\xBB\xBF[{\"mask_name\": \"Envo S\", \"breakdown\": [{\"Envo\": \"brand\"}, {\"S\": \"size\"}]}]");
    CHECK(r.records.size() == 1);
}

TEST_CASE("a malformed JSON array document is an error naming line and column") {
    try {
        read_text("[\n  {\"mask_name\": \"x\",}\n]");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("malformed JSON") && Catch::Contains(":2:21)"));
    }
}

TEST_CASE("input that is neither JSON array nor JSON lines needs --format") {
    CHECK_THROWS_WITH(read_text("brand\tmodel\n"), Catch::Contains("cannot detect the format"));
    // Forcing JSON lines turns the same bytes into one skipped record instead.
    const Read r = read_text("brand\tmodel\n", LabeledFormat::jsonl);
    CHECK(r.result.skipped == 1);
}

TEST_CASE("a missing input file is an error naming it") {
    std::vector<LabeledRecord> records;
    CHECK_THROWS_WITH(read_labeled("/nonexistent/x.json", LabeledFormat::detect, records, [](const std::string&) {}),
                      Catch::Contains("cannot open input") && Catch::Contains("/nonexistent/x.json"));
}

TEST_CASE("format names parse") {
    CHECK(parse_labeled_format("auto") == LabeledFormat::detect);
    CHECK(parse_labeled_format("breathesafe") == LabeledFormat::breathesafe);
    CHECK(parse_labeled_format("jsonl") == LabeledFormat::jsonl);
    CHECK_THROWS_AS(parse_labeled_format("csv"), Error);
}
