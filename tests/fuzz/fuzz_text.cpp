// Plain text titles (one a line, predict's TitleReader) on arbitrary bytes, with format
// detection when the first byte's bit 0 is set (then the input may turn out JSON lines or
// CSV, as `predict --format auto` would read it). Bit 2 tab delimiter, bit 3 --field name,
// bit 6 a ".csv" input name. Plain text: one record per line (LF, CRLF or a lone CR ends
// one), none lost; UTF-16 input is refused whole.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_common.h"
#include "masktag/error.h"
#include "masktag/io.h"

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
    std::size_t records = 0;
    try {
        masktag::TitleReader reader(stream, "input", options);
        masktag::TitleRecord record;
        while (reader.next(record)) ++records;
    } catch (const masktag::Error&) {
        // The inputs refused whole: UTF-16, by its mark or its first line's 0 bytes, and a
        // masktag model file (its magic bytes, after a UTF-8 byte order mark or not).
        std::fclose(stream);
        const std::string_view first(
            copy.data(), copy.find_first_of("\r\n") == std::string::npos ? copy.size() : copy.find_first_of("\r\n"));
        std::string_view start(copy);
        if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
        if (!masktag::starts_with_utf16_mark(copy) && !masktag::looks_like_unmarked_utf16(first) &&
            !start.starts_with(masktag::kModelMagic))
            __builtin_trap();
        return 0;
    }
    std::fclose(stream);
    // Lines end at LF, CRLF or a lone CR; a last line without an end counts.
    std::size_t lines = 0;
    for (std::size_t i = 0; i < copy.size(); ++i) {
        if (copy[i] == '\r' && i + 1 < copy.size() && copy[i + 1] == '\n') ++i;
        if (copy[i] == '\n' || copy[i] == '\r') ++lines;
    }
    lines += copy.back() != '\n' && copy.back() != '\r';
    if (records != lines) __builtin_trap();
    return 0;
}
