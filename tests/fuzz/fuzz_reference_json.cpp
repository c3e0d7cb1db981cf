// The reference app's export (breathesafe: a JSON array of {"mask_name", "breakdown"}) on
// arbitrary bytes, through the labeled reader of train and eval, and the JSON parser
// under it (a parsed document's values walk back to the end, and their offsets lie in the
// text). The first byte holds flags: bit 0 detect the format, bit 1 --on-error skip.
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "masktag/json.h"

namespace {

void walk(masktag::json::Value v, std::string_view text, int depth) {
    if (depth > 1000) __builtin_trap();  // the parser caps nesting well below this
    if (v.offset() > text.size() || v.raw().size() > text.size()) __builtin_trap();
    if (v.kind() != masktag::json::Kind::array && v.kind() != masktag::json::Kind::object) return;
    for (masktag::json::Value c = v.first(); c.valid(); c = c.next()) walk(c, text, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    masktag::json::Document doc;
    masktag::json::ParseError error;
    if (doc.parse(text, error)) {
        walk(doc.root(), text, 0);
        std::string decoded;
        doc.root().decode_string(decoded);
    } else if (error.offset > text.size()) {
        __builtin_trap();
    }
    masktag::fuzz::read_labeled(text, masktag::LabeledFormat::breathesafe, flags, "input.json");
    return 0;
}
