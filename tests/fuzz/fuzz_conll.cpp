// CoNLL (token<TAB>label lines, a blank line after each title, "# " comments) on arbitrary
// bytes, through the labeled reader of train and eval. The first byte holds flags: bit 0
// detect the format instead of forcing CoNLL, bit 1 --on-error skip.
#include <cstdint>
#include <string>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    masktag::fuzz::read_labeled(text, masktag::LabeledFormat::conll, data[0], "input.conll");
    return 0;
}
