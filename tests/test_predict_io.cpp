#include <catch2/catch.hpp>

#include <cstdio>

#include "masktag/error.h"
#include "masktag/prediction_output.h"
#include "masktag/title_reader.h"

using namespace masktag;

namespace {

struct Read {
    std::vector<TitleRecord> records;  // `object` handles are dropped: they die with the reader
    std::vector<std::string> lines;    // the formatted output for each, with a fixed labeling
    TitleFormat format = TitleFormat::detect;
};

// Reads `input` and formats each record as predict would, labeling token i with label i % 2.
Read read_all(std::string input, TitleFormat format = TitleFormat::detect, const std::string& field = "title") {
    static const std::vector<std::string> names{"brand", "model"};
    std::FILE* stream = fmemopen(input.data(), input.size(), "rb");
    REQUIRE(stream != nullptr);
    TitleReader reader(stream, format, field);
    JsonlFormatter formatter(names);
    Read r;
    TitleRecord record;
    std::vector<Token> tokens;
    std::vector<unsigned long> labels;
    std::string out;
    while (reader.next(record)) {
        if (record.error.empty()) {
            tokenize(record.title, tokens);
            labels.clear();
            for (std::size_t i = 0; i < tokens.size(); ++i) labels.push_back(i % 2);
            formatter.labeled(record, tokens, labels, out);
        } else {
            formatter.failed(record, reader.format(), out);
        }
        r.lines.push_back(out);
        record.object = json::Value();
        r.records.push_back(record);
    }
    r.format = reader.format();
    std::fclose(stream);
    return r;
}

}  // namespace

TEST_CASE("text input: every line is a record, empty lines too, CRLF and BOM handled") {
    const Read r = read_all("\xEF\xBB\xBF" "3M 8210\r\n\nEnvo Small");
    CHECK(r.format == TitleFormat::text);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].title == "3M 8210");
    CHECK(r.records[1].title.empty());
    CHECK(r.records[1].line_number == 2);
    CHECK(r.records[2].title == "Envo Small");
    CHECK(r.records[2].line_number == 3);
    CHECK(r.lines[0] ==
          R"({"title":"3M 8210","tokens":["3M","8210"],"labels":["brand","model"],"components":{"brand":"3M","model":"8210"}})"
          "\n");
    CHECK(r.lines[1] == R"({"title":"","tokens":[],"labels":[],"components":{}})" "\n");
}

TEST_CASE("blank lines before the first title stay records in text input") {
    const Read r = read_all("\n\nEnvo\n");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].line_number == 1);
    CHECK(r.records[1].line_number == 2);
    CHECK(r.records[2].line_number == 3);
    CHECK(r.records[2].title == "Envo");
}

TEST_CASE("JSON lines: other fields are kept byte for byte, blank lines skipped") {
    const Read r = read_all("\n{\"id\": 7, \"price\": 1.10, \"title\": \"Envo Small\", \"tags\": [\"a\"]}\n\n"
                            "{\"title\": \"x\", \"tokens\": 1, \"labels\": 2, \"components\": 3}\n");
    CHECK(r.format == TitleFormat::jsonl);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].line_number == 2);
    CHECK(r.lines[0] ==
          R"({"id":7,"price":1.10,"title":"Envo Small","tags":["a"],"tokens":["Envo","Small"],"labels":["brand","model"],"components":{"brand":"Envo","model":"Small"}})"
          "\n");
    // Input members named like our output members are replaced, never duplicated.
    CHECK(r.lines[1] == R"({"title":"x","tokens":["x"],"labels":["brand"],"components":{"brand":"x"}})" "\n");
    CHECK(r.records[1].line_number == 4);
}

TEST_CASE("components: text from the first to the last token of a run, runs joined by a space") {
    // Labels alternate brand/model: tokens 0,2,4 brand; 1,3 model.
    const Read r = read_all("A-1 B (2) C\n");
    CHECK_THAT(r.lines[0], Catch::Contains(R"("components":{"brand":"A B C","model":"1 2"})"));
    // A run keeps the title's own separators.
    const Read run = read_all("{\"title\": \"Savewo 2-6\"}\n");
    CHECK_THAT(run.lines[0], Catch::Contains(R"("model":"2")"));
}

TEST_CASE("records that cannot be labeled come out with an error, none is lost") {
    const Read r = read_all("{\"title\": \"ok\"}\n"
                            "not json\n"
                            "{\"id\": 3}\n"
                            "{\"title\": 5}\n"
                            "[1]\n"
                            "{\"title\": \"bad \\ud800\"}\n"
                            "{\"title\": \"\xFF\"}\n");
    REQUIRE(r.records.size() == 7);
    CHECK(r.records[0].error.empty());
    CHECK_THAT(r.records[1].error, Catch::Contains("malformed JSON at column 1"));
    CHECK(r.lines[1] == R"({"input":"not json","error":")" + r.records[1].error + "\"}\n");
    CHECK(r.records[2].error == "no \"title\" field");
    CHECK(r.lines[2] == R"({"id":3,"error":"no \"title\" field"})" "\n");
    CHECK_THAT(r.records[3].error, Catch::Contains("not a JSON string"));
    CHECK(r.records[4].error == "the line is not a JSON object");
    CHECK_THAT(r.records[5].error, Catch::Contains("surrogate"));
    CHECK_THAT(r.records[6].error, Catch::Contains("not valid UTF-8"));
    for (std::size_t i = 0; i < r.records.size(); ++i) CHECK(r.records[i].line_number == i + 1);
}

TEST_CASE("invalid UTF-8 in a text title is an error for that record only") {
    const Read r = read_all("ok\nbad \xC3\x28\nok too\n");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].error.empty());
    CHECK(r.records[1].error == "the title is not valid UTF-8 (byte 5)");
    CHECK(r.lines[1] == "{\"title\":\"bad \xEF\xBF\xBD(\",\"error\":\"the title is not valid UTF-8 (byte 5)\"}\n");
    CHECK(r.records[2].error.empty());
}

TEST_CASE("forced formats and another title field") {
    const Read text = read_all("{\"title\": \"x\"}\n", TitleFormat::text);
    CHECK(text.records[0].title == "{\"title\": \"x\"}");
    const Read named = read_all("{\"mask_name\": \"Envo S\"}\n", TitleFormat::detect, "mask_name");
    CHECK(named.records[0].title == "Envo S");
    CHECK_THROWS_AS(parse_title_format("csv"), Error);
}

TEST_CASE("empty input has no records") {
    CHECK(read_all("").records.empty());
}
