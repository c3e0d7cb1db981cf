// Plain text titles (one a line, predict's TitleReader) on arbitrary bytes, with format
// detection when the first byte's bit 0 is set (then the input may turn out JSON lines or
// CSV, as `predict --format auto` would read it). Bit 2 tab delimiter, bit 3 --field name,
// bit 6 a ".csv" input name. Plain text: one record per line, none lost.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    ++data;
    --size;
    masktag::fuzz::read_titles(data, size, masktag::TitleFormat::text, flags, (flags & 64) ? "input.csv" : "input");
    if (flags & 1) return 0;
    // Forced text: exactly one record per line (a last line without LF counts).
    std::string copy(reinterpret_cast<const char*>(data), size);
    if (copy.empty()) return 0;
    std::FILE* stream = fmemopen(copy.data(), copy.size(), "rb");
    if (stream == nullptr) return 0;
    masktag::TitleInputOptions options;
    options.format = masktag::TitleFormat::text;
    masktag::TitleReader reader(stream, "input", options);
    masktag::TitleRecord record;
    std::size_t records = 0;
    while (reader.next(record)) ++records;
    std::fclose(stream);
    const std::size_t lines = static_cast<std::size_t>(std::count(copy.begin(), copy.end(), '\n')) + (copy.back() != '\n');
    if (records != lines) __builtin_trap();
    return 0;
}
