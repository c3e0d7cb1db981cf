#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/io.h"
#include "masktag/prediction_output.h"
#include "masktag/title_reader.h"

using namespace masktag;

namespace {

struct Read {
    std::string header;
    std::vector<TitleRecord> records;  // `object` handles are dropped: they die with the reader
    std::vector<std::string> lines;    // the formatted output for each, with a fixed labeling
    TitleFormat format = TitleFormat::detect;
};

// Reads `input` and formats each record as predict would, labeling token i with label i % 2.
Read read_all(std::string input, TitleFormat format = TitleFormat::detect, const std::string& field = "title",
              OutputFormat output = OutputFormat::jsonl, const std::string& name = "input") {
    static const std::vector<std::string> names{"brand", "model"};
    std::FILE* stream = fmemopen(input.data(), input.size(), "rb");
    REQUIRE(stream != nullptr);
    TitleInputOptions options;
    options.format = format;
    options.field = field;
    TitleReader reader(stream, name, options);
    const auto writer = make_writer(output, names);
    reader.start();
    std::string header;
    writer->header(reader.columns(), header);
    Read r;
    r.header = header;
    TitleRecord record;
    std::vector<Token> tokens;
    std::vector<unsigned long> labels;
    std::string out;
    while (reader.next(record)) {
        if (record.error.empty()) {
            tokenize(record.title, tokens);
            labels.clear();
            for (std::size_t i = 0; i < tokens.size(); ++i) labels.push_back(i % 2);
            Prediction prediction;
            prediction.tokens = tokens;
            prediction.labels = labels;
            prediction.confidence = 0.5;
            writer->labeled(record, prediction, out);
        } else {
            writer->failed(record, out);
        }
        r.lines.push_back(out);
        record.object = json::Value();
        record.fields.clear();
        r.records.push_back(record);
    }
    r.format = reader.format();
    r.header = header;
    std::fclose(stream);
    return r;
}

}  // namespace

TEST_CASE("LineReader keeps lines up to the limit whole, NUL bytes included, and marks longer ones") {
    // Lines around the block size and the limit, and the limit plus one; then a short line.
    const std::vector<std::size_t> lengths{
        0, 1, 511, 512, 513, 1024, kMaxLineBytes - 1, kMaxLineBytes, kMaxLineBytes + 1, kMaxLineBytes + 600};
    std::string input;
    for (const std::size_t n : lengths) {
        std::string line(n, 'x');
        if (n > 2) line[n / 2] = '\0';
        input += line + "\n";
    }
    input += "last";  // no newline at the end
    std::FILE* stream = fmemopen(input.data(), input.size(), "rb");
    REQUIRE(stream != nullptr);
    LineReader reader(stream);
    std::string line;
    for (const std::size_t n : lengths) {
        INFO("line of " << n << " bytes");
        REQUIRE(reader.next(line));
        CHECK(reader.too_long() == (n > kMaxLineBytes));
        CHECK(line.size() == (n > kMaxLineBytes ? 0 : n));
        if (n > 2 && n <= kMaxLineBytes) CHECK(line[n / 2] == '\0');
    }
    REQUIRE(reader.next(line));
    CHECK(line == "last");
    CHECK_FALSE(reader.too_long());
    CHECK(reader.line_number() == lengths.size() + 1);
    CHECK_FALSE(reader.next(line));
    std::fclose(stream);
}

TEST_CASE("LineReader ends a line at LF, CRLF or a lone CR, and leaves the byte after a lone CR to read") {
    // Issue 15: a CR-only file (old Mac exports) was one line.
    std::string input = "a\rb\r\nc\n\rd\r";
    std::FILE* stream = fmemopen(input.data(), input.size(), "rb");
    REQUIRE(stream != nullptr);
    LineReader reader(stream);
    std::string line;
    std::vector<std::string> lines;
    while (reader.next(line)) lines.push_back(line);
    CHECK(lines == std::vector<std::string>{"a", "b", "c", "", "d"});
    CHECK(reader.line_number() == 5);
    std::fclose(stream);
}

TEST_CASE("text input: every line is a record, empty lines too, CRLF and BOM handled") {
    const Read r = read_all(
        "\xEF\xBB\xBF"
        "3M 8210\r\n\nEnvo Small");
    CHECK(r.format == TitleFormat::text);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].title == "3M 8210");
    CHECK(r.records[1].title.empty());
    CHECK(r.records[1].line_number == 2);
    CHECK(r.records[2].title == "Envo Small");
    CHECK(r.records[2].line_number == 3);
    CHECK(
        r.lines[0] ==
        R"({"title":"3M 8210","tokens":["3M","8210"],"labels":["brand","model"],"components":{"brand":"3M","model":"8210"},"confidence":0.5000})"
        "\n");
    CHECK(r.lines[1] == R"({"title":"","tokens":[],"labels":[],"components":{},"confidence":0.5000})"
                        "\n");
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
    const Read r = read_all(
        "\n{\"id\": 7, \"price\": 1.10, \"title\": \"Envo Small\", \"tags\": [\"a\"]}\n\n"
        "{\"title\": \"x\", \"token\": 1}\n");
    CHECK(r.format == TitleFormat::jsonl);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].line_number == 2);
    CHECK(
        r.lines[0] ==
        R"({"id":7,"price":1.10,"title":"Envo Small","tags":["a"],"tokens":["Envo","Small"],"labels":["brand","model"],"components":{"brand":"Envo","model":"Small"},"confidence":0.5000})"
        "\n");
    CHECK(r.lines[1] ==
          R"({"title":"x","token":1,"tokens":["x"],"labels":["brand"],"components":{"brand":"x"},"confidence":0.5000})"
          "\n");
    CHECK(r.records[1].line_number == 4);
}

TEST_CASE("components: text from the first to the last token of a run, runs joined by a space") {
    // Labels alternate brand/model: tokens 0,2,4 brand; 1,3 model.
    const Read r = read_all("A-1 B (2) C\n");
    CHECK_THAT(r.lines[0], Catch::Contains(R"("components":{"brand":"A B C","model":"1 2"},"confidence":0.5000)"));
    // A run keeps the title's own separators.
    const Read run = read_all("{\"title\": \"Savewo 2-6\"}\n");
    CHECK_THAT(run.lines[0], Catch::Contains(R"("model":"2")"));
}

TEST_CASE("records that cannot be labeled come out with an error, none is lost") {
    const Read r = read_all(
        "{\"title\": \"ok\"}\n"
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
    CHECK(r.records[2].error == "no \"title\" member (--field title)");
    CHECK(r.lines[2] == R"x({"id":3,"error":"no \"title\" member (--field title)"})x"
                        "\n");
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
    CHECK(parse_title_format("csv") == TitleFormat::csv);
    CHECK_THROWS_AS(parse_title_format("xml"), Error);
}

TEST_CASE("empty input has no records") { CHECK(read_all("").records.empty()); }

TEST_CASE("CSV input: detected by its header, title column chosen, row errors kept") {
    const Read r = read_all("id,Name,price\n1,\"Envo, Small\",1.10\n2,Flo\n3,\"bad \xFF\",3\n");
    CHECK(r.format == TitleFormat::csv);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].title == "Envo, Small");
    CHECK(r.records[0].line_number == 2);
    CHECK(
        r.lines[0] ==
        R"({"id":"1","Name":"Envo, Small","price":"1.10","tokens":["Envo","Small"],"labels":["brand","model"],"components":{"brand":"Envo","model":"Small"},"confidence":0.5000})"
        "\n");
    CHECK(r.records[1].error == "the row has 2 fields, the header has 3");
    CHECK(r.lines[1] == R"({"id":"2","Name":"Flo","input":"2,Flo","error":"the row has 2 fields, the header has 3"})"
                        "\n");
    CHECK(r.records[2].error == "the title is not valid UTF-8 (byte 5 of column 2 'Name')");
    CHECK(r.records[2].column == 2);
}

TEST_CASE("CSV output: input columns unchanged, a column per label, an error column") {
    const Read r = read_all("sku,title\nA1,\"Envo \"\"Pro\"\", Small\"\nA2,\"x\ny\"\nA3\n", TitleFormat::detect,
                            "title", OutputFormat::csv);
    CHECK(r.header == "sku,title,brand,model,confidence,error\n");
    REQUIRE(r.lines.size() == 3);
    CHECK(r.lines[0] == "A1,\"Envo \"\"Pro\"\", Small\",Envo Small,\"\"\"Pro\"\"\",0.5000,\n");
    CHECK(r.lines[1] == "A2,\"x\ny\",x,y,0.5000,\n");
    CHECK(r.lines[2] == "A3,,,,,\"the row has 1 fields, the header has 2; the record as read: A3\"\n");
}

TEST_CASE("CSV output for text input has a title column") {
    const Read r = read_all("Envo Small\n", TitleFormat::detect, "title", OutputFormat::tsv);
    CHECK(r.header == "title\tbrand\tmodel\tconfidence\terror\n");
    CHECK(r.lines[0] == "Envo Small\tEnvo\tSmall\t0.5000\t\n");
}

TEST_CASE("CoNLL and breathesafe output") {
    const Read conll = read_all("Envo Small\n\nnot \xFF\n", TitleFormat::text, "title", OutputFormat::conll);
    CHECK(conll.lines[0] == "Envo\tbrand\nSmall\tmodel\n\n");
    CHECK(conll.lines[1] == "\n");
    CHECK(conll.lines[2] == "# error: the title is not valid UTF-8 (byte 5)\n\n");
    const Read b = read_all("Envo Small Pro\n{\"x\":1}\n", TitleFormat::text, "title", OutputFormat::breathesafe);
    CHECK(
        b.lines[0] ==
        R"({"mask_name":"Envo Small Pro","tokens":["Envo","Small","Pro"],"breakdown":[{"Envo":"brand"},{"Small":"model"},{"Pro":"brand"}],"components":{"brand":["Envo","Pro"],"model":["Small"]},"confidence":0.5000})"
        "\n");
    const Read failed = read_all("{\"id\": 1}\n", TitleFormat::jsonl, "title", OutputFormat::breathesafe);
    CHECK(
        failed.lines[0] ==
        R"x({"mask_name":null,"tokens":[],"breakdown":[],"components":{"brand":[],"model":[]},"error":"no \"title\" member (--field title)","id":1})x"
        "\n");
}

TEST_CASE("probabilities are written as fmt writes {:.4f}, ties and edges included") {
    const auto same_as_fmt = [](double p) {
        std::string ours = "x";
        append_probability(ours, p);
        INFO(fmt::format("{:.17g}", p));
        CHECK(ours == "x" + fmt::format("{:.4f}", p));
    };
    // Exact ties (odd multiples of 1/32, and of 1/32 above 1), their neighbours, and the
    // neighbours of every 4-decimal midpoint of [0, 1].
    for (int k = 0; k <= 64 * 32; ++k) {
        const double p = k / 32.0;
        same_as_fmt(p);
        same_as_fmt(std::nextafter(p, 0.0));
        same_as_fmt(std::nextafter(p, 2048.0));
    }
    for (int k = 0; k <= 20000; ++k) {
        const double midpoint = (2 * k + 1) / 20000.0;
        same_as_fmt(midpoint);
        same_as_fmt(std::nextafter(midpoint, 0.0));
        same_as_fmt(std::nextafter(midpoint, 2.0));
        same_as_fmt(k / 10000.0);
    }
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 200000; ++i) same_as_fmt(unit(random));
    for (int i = 0; i < 20000; ++i) same_as_fmt(std::ldexp(unit(random), -static_cast<int>(random() % 40)));
    for (const double p :
         {0.0, -0.0, 1.0, 1e-5, std::nextafter(1e-5, 0.0), 5e-5, 1e-300, 4.9e-324, -1e-9, -0.5, 1023.99995,
          std::nextafter(1024.0, 0.0), 1024.0, 1e300, std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
        same_as_fmt(p);
}
