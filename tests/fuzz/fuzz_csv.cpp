// The CSV readers on arbitrary bytes: csv::Reader itself (a small record limit, so the
// limit's path is reached too), the labeled CSV reader of train and eval, and the
// TitleReader's CSV input of predict. The first byte holds flags: bit 0 detect the format
// instead of forcing CSV, bit 1 --on-error skip, bit 2 tab delimiter, bit 3 --field name,
// bits 4-5 the csv::Reader's delimiter (',', tab, ';', '|').
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_common.h"
#include "masktag/csv.h"
#include "masktag/error.h"
#include "masktag/io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    ++data;
    --size;
    std::string text(reinterpret_cast<const char*>(data), size);

    // csv::Reader: never throws on malformed input (only on UTF-16), lines only grow, raw
    // stays bounded.
    if (!text.empty()) {
        std::FILE* stream = fmemopen(text.data(), text.size(), "rb");
        if (stream == nullptr) return 0;
        constexpr char kDelimiters[] = {',', '\t', ';', '|'};
        constexpr std::size_t kMax = 64;
        masktag::csv::Reader reader(stream, kDelimiters[(flags >> 4) & 3], 1, kMax);
        masktag::csv::Row row;
        std::size_t last_line = 0, rows = 0;
        try {
            while (reader.next(row)) {
                if (row.line <= last_line) __builtin_trap();
                last_line = row.line;
                if (row.raw.size() > kMax + 2) __builtin_trap();
                if (row.error.empty() && row.fields.empty()) __builtin_trap();
                if (++rows > size + 1) __builtin_trap();
            }
        } catch (const masktag::Error&) {
            // The one input the reader refuses whole: UTF-16, by its byte order mark.
            if (!masktag::starts_with_utf16_mark(text)) __builtin_trap();
        }
        std::fclose(stream);
    }
    masktag::fuzz::read_labeled(text, masktag::LabeledFormat::csv, flags, (flags & 4) ? "input.tsv" : "input.csv");
    masktag::fuzz::read_titles(data, size, masktag::TitleFormat::csv, flags, (flags & 64) ? "input.csv" : "input");
    return 0;
}
