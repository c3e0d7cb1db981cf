// Property: whatever mix of good and broken records an input holds, predict gives exactly
// one output record per input record, in input order, the broken ones carrying an error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "masktag/default_model.h"
#include "masktag/labeled_data.h"
#include "masktag/record_labeler.h"
#include "masktag/title_reader.h"
#include "masktag/tokenizer.h"

using namespace masktag;

namespace {

struct Input {
    std::string text;
    std::vector<bool> broken;  // per record
};

// Each record carries a marker "[kN]" (N its position) that survives into its output.
Input make_input(TitleFormat format, std::mt19937& rng) {
    static const char* const kWords[] = {"3M",   "Aura", "9205+", "N95",    "Medium/Large",
                                         "KN95", "Envo", "Small", "(white)"};
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
            if (!broken)
                in.text += m + "\"title\": \"" + title + marker + "\"}\n";
            else if (how == 0)
                in.text += m + "\"title\": 42}\n";  // not a string
            else if (how == 1)
                in.text += m + "\"title\": \"" + title + "\n";  // malformed
            else
                in.text += m + "\"product\": \"" + title + "\"}\n";  // no title
        } else {
            const std::string id = std::to_string(i) + ",";
            if (!broken)
                in.text += id + "\"" + title + marker + "\"\n";
            else if (how == 0)
                in.text += id + "\"" + title + marker + "\",extra\n";  // a field too many
            else
                in.text += id + title + marker + "\xC3\n";  // invalid UTF-8
        }
    }
    return in;
}

struct ClosesFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

// predict's title reader, started, over an input held in memory. The stream outlives the
// reader: members go in reverse order.
struct MemoryInput {
    std::unique_ptr<std::FILE, ClosesFile> stream;
    TitleReader reader;

    MemoryInput(std::string& text, TitleFormat format)
        : stream(open_memory(text)), reader(stream.get(), "input", options_for(format)) {
        reader.start();
    }

    static std::FILE* open_memory(std::string& text) {
        std::FILE* file = fmemopen(text.data(), text.size(), "rb");
        REQUIRE(file != nullptr);
        return file;
    }
    static TitleInputOptions options_for(TitleFormat format) {
        TitleInputOptions options;
        options.format = format;
        return options;
    }
};

}  // namespace

TEST_CASE("predict keeps every record of a random mix of good and broken ones, in order, in every format") {
    const Model model = load_default_model();
    std::mt19937 rng(2026);
    for (int trial = 0; trial < 150; ++trial) {
        const TitleFormat format = std::vector{TitleFormat::text, TitleFormat::jsonl, TitleFormat::csv}[trial % 3];
        for (const OutputFormat output : {OutputFormat::jsonl, OutputFormat::breathesafe}) {
            Input in = make_input(format, rng);
            MemoryInput input(in.text, format);
            RecordLabeler labeler(model, output, false);
            std::string out;
            labeler.start_input(input.reader.columns(), out);
            TitleRecord record;
            std::vector<std::string> lines;
            std::vector<bool> labeled;
            while (input.reader.next(record)) {
                labeled.push_back(labeler.label(record, out));
                lines.push_back(out);
            }
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

// ---------------------------------------------------------------------------------------
// The labeled readers (train and eval): whatever mix of good and broken records an input
// holds, every good record is read, in order, and every broken one is reported once, with
// its line; none is dropped silently.

namespace {

struct LabeledInput {
    std::string text;
    std::vector<std::string> good_titles;  // the titles of the good records, in order
    struct Broken {
        std::size_t record;  // its position among all records
        std::string place;   // what its warning must name, e.g. "input.csv:7"
        bool malformed;      // malformed (--on-error decides) or a mismatch (always skipped)
    };
    std::vector<Broken> broken;
    std::size_t records = 0;
};

std::string random_title(std::mt19937& rng, std::size_t i) {
    static const char* const kBrands[] = {"3M", "Envo", "Moldex", "Honeywell", "Flo"};
    static const char* const kWords[] = {"Aura", "9205+", "N95", "Medium/Large", "KN95", "Small", "white", "éte"};
    std::string title = kBrands[rng() % 5];
    for (int w = static_cast<int>(rng() % 4); w > 0; --w) title += std::string(" ") + kWords[rng() % 8];
    return title + " Q" + std::to_string(i);  // a marker token, unique in the input
}

std::vector<std::string> tokens_of(const std::string& title) {
    std::vector<std::string> out;
    for (const std::string_view t : token_texts(title)) out.emplace_back(t);
    return out;
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
    return out + "]";
}

std::string random_labels_json(const std::vector<std::string>& tokens, std::mt19937& rng, bool breakdown) {
    static const char* const kLabels[] = {"brand", "model", "size", "misc"};
    std::string out = "[";
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const std::string label = kLabels[rng() % 4];
        out += t ? ", " : "";
        out += breakdown ? "{\"" + tokens[t] + "\": \"" + label + "\"}" : "\"" + label + "\"";
    }
    return out + "]";
}

LabeledInput make_labeled_input(LabeledFormat format, std::mt19937& rng) {
    LabeledInput in;
    const std::string name = format == LabeledFormat::csv           ? "input.csv"
                             : format == LabeledFormat::conll       ? "input.conll"
                             : format == LabeledFormat::breathesafe ? "input.json"
                                                                    : "input.jsonl";
    std::size_t line = 1;  // the line the next record starts on
    if (format == LabeledFormat::csv) {
        in.text = "title,brand,size\n";
        ++line;
    } else if (format == LabeledFormat::breathesafe) {
        in.text = "[\n";
        ++line;
    }
    const int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
        const std::string title = random_title(rng, i);
        const std::vector<std::string> tokens = tokens_of(title);
        const std::string marker = "Q" + std::to_string(i);
        const bool broken = rng() % 3 == 0;
        const int how = static_cast<int>(rng() % 4);
        std::string place = name + ":" + std::to_string(line);
        bool malformed = true;
        std::string record, read_title = title;
        std::size_t lines = 1;
        if (format == LabeledFormat::jsonl) {
            if (rng() % 4 == 0) {  // blank lines hold no record and count no position
                in.text += "  \n";
                ++line;
                place = name + ":" + std::to_string(line);
            }
            const std::string t = "{\"title\": \"" + title + "\", ";
            const bool breakdown = rng() % 2 == 0;
            if (!broken)
                record = t + (breakdown ? "\"breakdown\": " : "\"labels\": ") +
                         random_labels_json(tokens, rng, breakdown) + "}";
            else if (how == 0)
                record = t + "\"labels\": [\"brand\"";  // malformed JSON
            else if (how == 1)
                record = "{\"title\": 7, \"labels\": []}";  // not a string
            else if (how == 2)
                record = "{\"title\": \"" + title + " \xFF\", \"labels\": []}";  // invalid UTF-8
            else
                record = t + "\"labels\": [\"brand\"]}", malformed = false;  // too few labels (2+ tokens)
        } else if (format == LabeledFormat::breathesafe) {
            const std::string t = "{\"mask_name\": \"" + title + "\", ";
            if (!broken)
                record = t + "\"breakdown\": " + random_labels_json(tokens, rng, true) + "}";
            else if (how == 0)
                record = "42";  // not an object
            else if (how == 1)
                record = "{\"breakdown\": []}";  // no mask_name
            else if (how == 2)
                record = t + "\"breakdown\": \"brand\"}";  // not an array
            else
                record = t + "\"breakdown\": [{\"Nope\": \"brand\"}]}", malformed = false;  // tokens differ
            place += ", array position " + std::to_string(in.records);
            record += i + 1 < n ? ",\n" : "\n";
            lines = 1;
            in.text += record;
            record.clear();
            line += lines;
        } else if (format == LabeledFormat::csv) {
            const std::string brand = tokens[0];
            if (!broken && how == 0) {  // a quoted title holding a line break: the record spans two lines
                read_title = tokens[0] + "\n" + title.substr(tokens[0].size() + 1);
                record = "\"" + read_title + "\"," + brand + "," + marker;
                lines = 2;
            } else if (!broken) {
                record = "\"" + title + "\"," + brand + "," + marker;
            } else if (how == 0) {
                record = title + "," + brand + "," + marker + ",extra";  // a field too many
            } else if (how == 1) {
                record = title + " 9\"205," + brand + "," + marker;  // a quote in an unquoted field
                place += ":" + std::to_string(title.size() + 3);     // the place is the quote's byte
            } else if (how == 2) {
                record = title + "\xC3," + brand + "," + marker;  // invalid UTF-8 title
                place += ":1";
            } else {
                record = title + "," + brand + ",Nowhere";  // a component not in the title
                malformed = false;
                place += ":3";
            }
        } else {  // CoNLL
            if (rng() % 4 == 0) {
                in.text += "# a comment\n";
                ++line;
                place = name + ":" + std::to_string(line);
            }
            std::vector<std::string> toks = tokens;
            if (broken && how < 2) {
                toks.insert(toks.begin() + static_cast<long>(rng() % toks.size()), "no-tab-here");  // no TAB
            } else if (broken) {
                toks.back() += " x";  // a token masktag would split: a mismatch
                malformed = false;
            }
            for (std::size_t t = 0; t < toks.size(); ++t)
                record += toks[t] == "no-tab-here" ? toks[t] + "\n" : toks[t] + "\tmisc\n";
            lines = toks.size();
            record += "\n";  // the blank line ending the block
            ++lines;
            in.text += record;
            record.clear();
            line += lines;
        }
        if (!record.empty()) {
            in.text += record + "\n";
            line += lines;
        }
        if (broken)
            in.broken.push_back({in.records, place, malformed});
        else
            in.good_titles.push_back(read_title);
        ++in.records;
    }
    if (format == LabeledFormat::breathesafe) in.text += "]\n";
    return in;
}

}  // namespace

TEST_CASE("the labeled readers keep every good record and report every broken one with its line") {
    std::mt19937 rng(909);
    const std::vector formats{LabeledFormat::jsonl, LabeledFormat::csv, LabeledFormat::conll,
                              LabeledFormat::breathesafe};
    for (int trial = 0; trial < 200; ++trial) {
        const LabeledFormat format = formats[trial % 4];
        const LabeledInput in = make_labeled_input(format, rng);
        const std::string name = format == LabeledFormat::csv           ? "input.csv"
                                 : format == LabeledFormat::conll       ? "input.conll"
                                 : format == LabeledFormat::breathesafe ? "input.json"
                                                                        : "input.jsonl";
        INFO("trial " << trial << "\n" << in.text);
        for (const bool detect : {false, true}) {
            // CoNLL is detected by its first line's TAB: a broken first record may have none.
            if (detect && format == LabeledFormat::conll && !in.broken.empty() && in.broken[0].record == 0) continue;
            LabeledInputOptions options;
            options.format = detect ? LabeledFormat::detect : format;
            options.on_error = OnError::skip;
            std::vector<LabeledRecord> records;
            std::vector<std::string> warnings;
            const LabeledReadResult result = read_labeled_text(in.text, name, options, records,
                                                               [&](const std::string& w) { warnings.push_back(w); });
            CHECK(result.used == in.good_titles.size());
            CHECK(result.skipped == in.broken.size());
            REQUIRE(records.size() == in.good_titles.size());
            std::size_t good = 0, bad = 0;
            for (std::size_t i = 0; i < in.records; ++i) {
                if (bad < in.broken.size() && in.broken[bad].record == i) {
                    ++bad;
                    continue;
                }
                INFO("record " << i);
                CHECK(records[good].title == in.good_titles[good]);
                CHECK(records[good].position == i);
                CHECK(records[good].labels.size() == records[good].tokens.size());
                ++good;
            }
            REQUIRE(warnings.size() == in.broken.size());
            for (std::size_t b = 0; b < in.broken.size(); ++b) {
                INFO("warning " << b << ": " << warnings[b]);
                CHECK(warnings[b].find("(" + in.broken[b].place + ")") != std::string::npos);
            }
        }
        // --on-error fail: the first malformed record stops the run, named by its line; the
        // mismatches before it were warned about.
        LabeledInputOptions options;
        options.format = format;
        std::vector<LabeledRecord> records;
        std::size_t warned = 0;
        const auto first = std::find_if(in.broken.begin(), in.broken.end(), [](const auto& b) { return b.malformed; });
        if (first == in.broken.end()) {
            CHECK_NOTHROW(read_labeled_text(in.text, name, options, records, [&](const std::string&) { ++warned; }));
            CHECK(records.size() == in.good_titles.size());
        } else {
            try {
                read_labeled_text(in.text, name, options, records, [&](const std::string&) { ++warned; });
                FAIL("no error for the malformed record " << first->record);
            } catch (const Error& e) {
                INFO(e.what());
                CHECK(std::string(e.what()).find("(" + first->place + ")") != std::string::npos);
                CHECK(warned == static_cast<std::size_t>(std::count_if(in.broken.begin(), first,
                                                                       [](const auto& b) { return !b.malformed; })));
            }
        }
    }
}

TEST_CASE("a CSV quote left open at the end of input is reported, and the records before it are kept") {
    const std::string text = "title,brand,size\nEnvo Small,Envo,Small\n\"Flo Mask M\",Flo,M\n\"Moldex 2200,Moldex,M\n";
    LabeledInputOptions options;
    options.on_error = OnError::skip;
    std::vector<LabeledRecord> records;
    std::vector<std::string> warnings;
    const LabeledReadResult result =
        read_labeled_text(text, "input.csv", options, records, [&](const std::string& w) { warnings.push_back(w); });
    CHECK(result.used == 2);
    CHECK(result.skipped == 1);
    REQUIRE(records.size() == 2);
    CHECK(records[1].title == "Flo Mask M");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "skipped record: unterminated quoted field starting at line 4, column 1 (input.csv:4:1)");
    options.on_error = OnError::fail;
    records.clear();
    CHECK_THROWS_WITH(read_labeled_text(text, "input.csv", options, records, [](const std::string&) {}),
                      Catch::Contains("unterminated quoted field starting at line 4, column 1") &&
                          Catch::Contains("(input.csv:4:1)"));

    // predict reads it the same way: the records before it, then one error record.
    std::string copy = text;
    std::FILE* stream = fmemopen(copy.data(), copy.size(), "rb");
    REQUIRE(stream != nullptr);
    TitleReader reader(stream, "input.csv", TitleInputOptions{});
    TitleRecord record;
    std::vector<std::string> errors;
    while (reader.next(record)) errors.push_back(record.error);
    std::fclose(stream);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].empty());
    CHECK(errors[1].empty());
    CHECK(errors[2] == "unterminated quoted field starting at line 4, column 1");
}

TEST_CASE("predict with threads keeps every record in order, byte-identical to one thread") {
    const Model model = load_default_model();
    std::mt19937 rng(77);
    for (int trial = 0; trial < 6; ++trial) {
        const TitleFormat format = std::vector{TitleFormat::text, TitleFormat::jsonl, TitleFormat::csv}[trial % 3];
        Input in = make_input(format, rng);
        const std::string body = in.text.substr(format == TitleFormat::csv ? 9 : 0);  // without the CSV header
        constexpr std::size_t kCopies = 120;  // thousands of records: several chunks (1,024 records) per thread
        for (std::size_t copies = 1; copies < kCopies; ++copies) in.text += body;
        std::vector<std::string> outputs;
        std::vector<std::size_t> failures;
        for (const unsigned threads : {1u, 2u, 3u}) {
            MemoryInput input(in.text, format);
            std::vector<std::unique_ptr<RecordLabeler>> labelers;
            std::string out;
            for (unsigned t = 0; t < threads; ++t) {
                labelers.push_back(std::make_unique<RecordLabeler>(model, OutputFormat::jsonl, trial % 2 == 1));
                labelers.back()->start_input(input.reader.columns(), out);
            }
            std::size_t failed = 0;
            label_records(
                input.reader, "input", threads, labelers, [&](std::string_view record) { out += record; },
                [&](const RecordFailure&) {
                    ++failed;
                    return true;
                });
            outputs.push_back(out);
            failures.push_back(failed);
        }
        INFO("trial " << trial);
        CHECK(static_cast<std::size_t>(std::count(outputs[0].begin(), outputs[0].end(), '\n')) ==
              in.broken.size() * kCopies);
        CHECK(failures[0] == static_cast<std::size_t>(std::count(in.broken.begin(), in.broken.end(), true)) * kCopies);
        CHECK(outputs[1] == outputs[0]);
        CHECK(outputs[2] == outputs[0]);
        CHECK(failures[1] == failures[0]);
        CHECK(failures[2] == failures[0]);
    }
}
