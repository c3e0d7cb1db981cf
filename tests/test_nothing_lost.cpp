// Property: whatever mix of good and broken records an input holds, predict gives exactly
// one output record per input record, in input order, the broken ones carrying an error.
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "masktag/default_model.h"
#include "masktag/record_labeler.h"
#include "masktag/title_reader.h"

using namespace masktag;

namespace {

struct Input {
    std::string text;
    std::vector<bool> broken;  // per record
};

// Each record carries a marker "[kN]" (N its position) that survives into its output.
Input make_input(TitleFormat format, std::mt19937& rng) {
    static const char* const kWords[] = {"3M", "Aura", "9205+", "N95", "Medium/Large", "KN95", "Envo", "Small", "(white)"};
    Input in;
    if (format == TitleFormat::csv) in.text = "id,title\n";
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
        std::string title;
        for (int w = static_cast<int>(rng() % 5); w >= 0; --w) title += std::string(kWords[rng() % 9]) + " ";
        const std::string marker = "[k" + std::to_string(i) + "]";
        const bool broken = rng() % 3 == 0;
        const int how = static_cast<int>(rng() % 3);
        in.broken.push_back(broken);
        if (format == TitleFormat::text) {
            in.text += title + marker + (broken ? " \xFF\xFE" : "") + "\n";
        } else if (format == TitleFormat::jsonl) {
            const std::string m = "{\"m\": \"" + marker + "\", ";
            if (!broken) in.text += m + "\"title\": \"" + title + marker + "\"}\n";
            else if (how == 0) in.text += m + "\"title\": 42}\n";            // not a string
            else if (how == 1) in.text += m + "\"title\": \"" + title + "\n";  // malformed
            else in.text += m + "\"name\": \"" + title + "\"}\n";            // no title
        } else {
            const std::string id = std::to_string(i) + ",";
            if (!broken) in.text += id + "\"" + title + marker + "\"\n";
            else if (how == 0) in.text += id + "\"" + title + marker + "\",extra\n";  // a field too many
            else in.text += id + title + marker + "\xC3\n";                          // invalid UTF-8
        }
    }
    return in;
}

}  // namespace

TEST_CASE("predict keeps every record of a random mix of good and broken ones, in order, in every format") {
    const Model model = load_default_model();
    std::mt19937 rng(2026);
    for (int trial = 0; trial < 150; ++trial) {
        const TitleFormat format = std::vector{TitleFormat::text, TitleFormat::jsonl, TitleFormat::csv}[trial % 3];
        for (const OutputFormat output : {OutputFormat::jsonl, OutputFormat::breathesafe}) {
            Input in = make_input(format, rng);
            std::FILE* stream = fmemopen(in.text.data(), in.text.size(), "rb");
            REQUIRE(stream != nullptr);
            TitleInputOptions options;
            options.format = format;
            TitleReader reader(stream, "input", options);
            reader.start();
            RecordLabeler labeler(model, output, false);
            std::string out;
            labeler.start_input(reader.columns(), out);
            TitleRecord record;
            std::vector<std::string> lines;
            std::vector<bool> labeled;
            while (reader.next(record)) {
                labeled.push_back(labeler.label(record, out));
                lines.push_back(out);
            }
            std::fclose(stream);
            INFO("trial " << trial << "\n" << in.text);
            REQUIRE(lines.size() == in.broken.size());
            for (std::size_t i = 0; i < lines.size(); ++i) {
                INFO("record " << i << ": " << lines[i]);
                // The breathesafe shape has no room for a broken record's input.
                if (output == OutputFormat::jsonl || !in.broken[i])
                    CHECK(lines[i].find("[k" + std::to_string(i) + "]") != std::string::npos);
                CHECK(labeled[i] == !in.broken[i]);
                CHECK((lines[i].find("\"error\":") != std::string::npos) == in.broken[i]);
                CHECK(lines[i].back() == '\n');
            }
        }
    }
}
