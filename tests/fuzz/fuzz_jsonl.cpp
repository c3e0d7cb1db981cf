// JSON lines on arbitrary bytes: the labeled reader of train and eval ("labels",
// "breakdown" or "components" records) and the TitleReader's JSON lines input of predict.
// The first byte holds flags: bit 0 detect the format instead of forcing JSON lines,
// bit 1 --on-error skip, bit 2 tab delimiter (for detection), bit 3 --field name.
#include <cstdint>
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    masktag::fuzz::read_labeled(text, masktag::LabeledFormat::jsonl, flags, "input.jsonl");
    masktag::fuzz::read_titles(data + 1, size - 1, masktag::TitleFormat::jsonl, flags, "input.jsonl");
    return 0;
}
