// predict end to end on arbitrary bytes: the first byte picks the input format, the rest
// is the input. Every record comes out as a labeled record or an error record.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "masktag/default_model.h"
#include "masktag/error.h"
#include "masktag/record_labeler.h"
#include "masktag/title_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const masktag::Model model = masktag::load_default_model();
    if (size == 0) return 0;
    using masktag::TitleFormat;
    constexpr TitleFormat kFormats[] = {TitleFormat::detect, TitleFormat::text, TitleFormat::jsonl, TitleFormat::csv};
    constexpr masktag::OutputFormat kOutputs[] = {masktag::OutputFormat::jsonl, masktag::OutputFormat::csv,
                                                  masktag::OutputFormat::conll, masktag::OutputFormat::breathesafe};
    masktag::TitleInputOptions options;
    options.format = kFormats[data[0] % 4];
    std::FILE* stream = fmemopen(const_cast<std::uint8_t*>(data + 1), size - 1, "rb");
    if (stream == nullptr) return 0;
    try {
        masktag::TitleReader reader(stream, "fuzz", options);
        reader.start();
        // One labeler per output shape, kept between inputs: making one (its token memo
        // included) would cost more than labeling a short input.
        static std::vector<std::unique_ptr<masktag::RecordLabeler>> labelers;
        if (labelers.empty())
            for (const bool details : {false, true})
                for (const auto output : kOutputs)
                    labelers.push_back(std::make_unique<masktag::RecordLabeler>(model, output, details));
        masktag::RecordLabeler& labeler = *labelers[(data[0] / 4) % 4 + ((data[0] & 0x80) ? 4 : 0)];
        std::string out;
        labeler.start_input(reader.columns(), out);
        masktag::TitleRecord record;
        while (reader.next(record)) labeler.label(record, out);
    } catch (const masktag::Error&) {
    }
    std::fclose(stream);
    return 0;
}
