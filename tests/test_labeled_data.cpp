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

// Reads `content` as a file named `name`; malformed records are skipped unless `on_error`
// says fail.
Read read_text(const std::string& content, LabeledFormat format = LabeledFormat::detect,
               OnError on_error = OnError::skip, const std::string& name = "labeled.json") {
    TempFile file(name);
    std::ofstream(file.path(), std::ios::binary) << content;
    Read r;
    LabeledInputOptions options;
    options.format = format;
    options.on_error = on_error;
    r.result = read_labeled(file.path(), options, r.records, [&](const std::string& m) { r.warnings.push_back(m); });
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
    CHECK_THAT(r.warnings[2],
               Catch::Contains("no \"title\", \"mask_name\" or \"name\" member") && Catch::Contains(":6)"));
    CHECK_THAT(r.warnings[3], Catch::Contains("not a non-empty string") && Catch::Contains(":7)"));
    CHECK_THAT(r.warnings[4], Catch::Contains("no tokens") && Catch::Contains(":8)"));
    CHECK_THAT(r.warnings[5],
               Catch::Contains("no \"labels\", \"breakdown\" or \"components\"") && Catch::Contains(":9)"));
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
    const Read r = read_text(
        "\xEF\xBB\xBF[{\"mask_name\": \"Envo S\", \"breakdown\": [{\"Envo\": \"brand\"}, {\"S\": \"size\"}]}]");
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

TEST_CASE("input in no known format needs --format") {
    CHECK_THROWS_WITH(read_text("just some words\n"), Catch::Contains("cannot detect the format"));
    // Forcing JSON lines turns the same bytes into one skipped record instead.
    const Read r = read_text("just some words\n", LabeledFormat::jsonl);
    CHECK(r.result.skipped == 1);
}

TEST_CASE("malformed records stop the read by default, naming the place") {
    CHECK_THROWS_WITH(read_text("{\"title\": \"Envo S\", \"labels\": [\"brand\", \"size\"]}\nnot json\n",
                                LabeledFormat::detect, OnError::fail),
                      Catch::Contains("malformed JSON at column 1") && Catch::Contains("labeled.json:2)") &&
                          Catch::Contains("--on-error skip"));
    // A label mismatch is no malformed record: it is skipped with a warning either way.
    const Read r =
        read_text("{\"title\": \"Envo S\", \"labels\": [\"brand\"]}\n", LabeledFormat::detect, OnError::fail);
    CHECK(r.result.skipped == 1);
}

TEST_CASE("JSON lines with components: values aligned to the title's tokens") {
    const Read r = read_text(
        R"({"title": "3M Aura 9205+ N95 Respirator", "components": {"brand": "3M", "model": "aura 9205+", "filter_type": "N95"}})"
        "\n"
        R"({"title": "Savewo 3D Meow 2-6 years", "components": {"brand": "Savewo", "size": "2-6 years", "style": ["3D"]}})"
        "\n"
        R"({"title": "Envo Small", "components": {"brand": "Envo", "size": "Large"}})"
        "\n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].labels == std::vector<std::string>{"brand", "model", "model", "filter_type", "misc"});
    CHECK(r.records[1].labels == std::vector<std::string>{"brand", "style", "misc", "size", "size", "size"});
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0],
               Catch::Contains("the size value \"Large\" is not in the title") && Catch::Contains(":3)"));
}

TEST_CASE("CSV with a title column and component columns") {
    const Read r = read_text(
        "id,name,brand,model,size,price\n"
        "1,\"3M Aura 9205+, N95\",3M,Aura 9205+,,1.10\n"
        "2,Honeywell DF300 Medium/Large,honeywell,DF300,Medium/Large,2\n"
        "3,Envo Small,Envo,Pro,Small,3\n"
        "4,too,few\n",
        LabeledFormat::detect, OnError::skip, "table.csv");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].title == "3M Aura 9205+, N95");
    CHECK(r.records[0].labels == std::vector<std::string>{"brand", "model", "model", "misc"});
    CHECK(r.records[1].labels == std::vector<std::string>{"brand", "model", "size"});
    CHECK(r.records[1].position == 1);
    REQUIRE(r.warnings.size() == 2);
    // The failing value is named by file, line and column.
    CHECK_THAT(r.warnings[0], Catch::Contains("the model value \"Pro\"") && Catch::Contains("table.csv:4:4)"));
    CHECK_THAT(r.warnings[1],
               Catch::Contains("the row has 3 fields, the header has 6") && Catch::Contains("table.csv:5)"));
}

TEST_CASE("CSV is detected from its header, TSV from the delimiter") {
    const Read r = read_text("title\tbrand\nEnvo Small\tEnvo\n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].labels == std::vector<std::string>{"brand", "misc"});
    CHECK_THROWS_WITH(read_text("title,price\nEnvo,1\n", LabeledFormat::csv), Catch::Contains("no component columns"));
    CHECK_THROWS_WITH(read_text("brand,price\nEnvo,1\n", LabeledFormat::csv), Catch::Contains("no title column"));
}

TEST_CASE("CoNLL: token<TAB>label lines, a blank line after each title") {
    const Read r = read_text(
        "3M\tbrand\nAura\tmodel\n9205+\tmodel\n\n"
        "# a comment\n"
        "Envo\tB-x\tbrand\nSmall\tsize\n\n\n"
        "2-6\tsize\nyears\tsize\n\n"
        "Envo\n\n"
        "Flo\tbrand");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].title == "3M Aura 9205+");
    CHECK(r.records[0].labels == std::vector<std::string>{"brand", "model", "model"});
    CHECK(r.records[1].labels == std::vector<std::string>{"brand", "size"});  // the last column is the label
    CHECK(r.records[2].title == "Flo");
    REQUIRE(r.warnings.size() == 2);
    CHECK_THAT(r.warnings[0], Catch::Contains("do not match masktag's tokens") && Catch::Contains(":10)"));
    CHECK_THAT(r.warnings[1], Catch::Contains("expected token<TAB>label") && Catch::Contains(":13)"));
}

TEST_CASE("a missing input file is an error naming it") {
    std::vector<LabeledRecord> records;
    CHECK_THROWS_WITH(read_labeled("/nonexistent/x.json", LabeledInputOptions{}, records, [](const std::string&) {}),
                      Catch::Contains("cannot open input") && Catch::Contains("/nonexistent/x.json"));
}

TEST_CASE("format names parse") {
    CHECK(parse_labeled_format("auto") == LabeledFormat::detect);
    CHECK(parse_labeled_format("breathesafe") == LabeledFormat::breathesafe);
    CHECK(parse_labeled_format("jsonl") == LabeledFormat::jsonl);
    CHECK(parse_labeled_format("csv") == LabeledFormat::csv);
    CHECK(parse_labeled_format("tsv") == LabeledFormat::csv);
    CHECK(parse_labeled_format("conll") == LabeledFormat::conll);
    CHECK_THROWS_AS(parse_labeled_format("xml"), Error);
}
