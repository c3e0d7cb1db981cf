// Runs the built masktag binary on a large CSV: every row must come back, every input
// column unchanged.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <random>

#include "masktag/csv.h"
#include "test_support.h"

using namespace masktag;

TEST_CASE("10,000 CSV rows with quoted commas, quotes and newlines survive predict --output-format csv") {
    test::TempFile input("roundtrip.csv"), output("roundtrip.out.csv");
    std::vector<std::vector<std::string>> rows;
    std::mt19937 rng(7);
    const std::vector<std::string> titles{
        "3M Aura 9205+, N95", "Envo \"Pro\" Mask, Small", "Honeywell DF300\nMedium/Large",
        "Flo Mask  Kids",     "Dräger X-plore 1750 FFP2", ""};
    {
        std::ofstream out(input.path(), std::ios::binary);
        out << "id,title,note\r\n";
        for (int i = 0; i < 10000; ++i) {
            std::vector<std::string> row{
                std::to_string(i), titles[rng() % titles.size()],
                i % 3 == 0 ? "a \"quoted\", note\nover two lines" : (i % 3 == 1 ? "" : " spaced ")};
            std::string line;
            for (std::size_t f = 0; f < row.size(); ++f) {
                if (f > 0) line += ',';
                csv::append_field(line, row[f]);
            }
            out << line << (i % 2 ? "\r\n" : "\n");
            rows.push_back(std::move(row));
        }
    }
    const std::string command =
        std::string(MASKTAG_BINARY) + " predict --output-format csv " + input.path() + " -o " + output.path() + " 2>&1";
    std::FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    std::string messages;
    while (std::fgets(buffer, sizeof buffer, pipe)) messages += buffer;
    CHECK(pclose(pipe) == 0);
    CHECK(messages.empty());

    std::FILE* result = std::fopen(output.path().c_str(), "rb");
    REQUIRE(result != nullptr);
    csv::Reader reader(result);
    csv::Row row;
    REQUIRE(reader.next(row));
    CHECK(std::vector<std::string>(row.fields.begin(), row.fields.begin() + 3) ==
          std::vector<std::string>{"id", "title", "note"});
    std::size_t count = 0;
    while (reader.next(row)) {
        REQUIRE(row.error.empty());
        REQUIRE(count < rows.size());
        CHECK(row.fields.size() == 3 + 9 + 2);  // input, labels, confidence, error
        for (std::size_t f = 0; f < 3; ++f) CHECK(row.fields[f] == rows[count][f]);
        CHECK(row.fields.back().empty());  // no error
        ++count;
    }
    std::fclose(result);
    CHECK(count == 10000);
}
