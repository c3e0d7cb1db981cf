// Labeled-data readers (breathesafe JSON, JSON lines, CSV, TSV, CoNLL, detection) on
// arbitrary bytes: the first byte picks the format, the rest is the input. Whatever the
// bytes, reading must end with records or an Error, and never crash or hang.
#include <cstdint>
#include <string>
#include <vector>

#include "masktag/error.h"
#include "masktag/labeled_data.h"
#include "masktag/lexicon.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    using masktag::LabeledFormat;
    constexpr LabeledFormat kFormats[] = {LabeledFormat::detect, LabeledFormat::breathesafe, LabeledFormat::jsonl,
                                          LabeledFormat::csv, LabeledFormat::conll};
    masktag::LabeledInputOptions options;
    options.format = kFormats[data[0] % 5];
    options.delimiter = (data[0] / 5) % 2 ? '\t' : 0;
    options.on_error = (data[0] / 10) % 2 ? masktag::OnError::skip : masktag::OnError::fail;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<masktag::LabeledRecord> records;
    try {
        masktag::read_labeled_text(text, (data[0] / 20) % 2 ? "input.csv" : "input", options, records,
                                   [](const std::string&) {});
        for (const auto& r : records)
            if (r.labels.size() != r.tokens.size()) __builtin_trap();  // a record must fit its title
        if (records.size() < 100) masktag::Lexicon::build(records);
    } catch (const masktag::Error&) {
    }
    return 0;
}
