// Shared by the per-reader fuzz targets: feeding bytes to the labeled reader (train and
// eval) and to the TitleReader (predict), with the invariants every input must keep.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "masktag/error.h"
#include "masktag/labeled_data.h"
#include "masktag/title_reader.h"
#include "masktag/tokenizer.h"

namespace masktag::fuzz {

// Reads `text` as labeled data; whatever the bytes, the result is records or an Error.
// Every record kept fits its title (one label per token, at least one token), and every
// record is counted as used or skipped.
inline void read_labeled(const std::string& text, LabeledFormat format, std::uint8_t flags, const char* name) {
    LabeledInputOptions options;
    options.format = (flags & 1) ? LabeledFormat::detect : format;
    options.on_error = (flags & 2) ? OnError::skip : OnError::fail;
    if (flags & 4) options.delimiter = '\t';
    std::vector<LabeledRecord> records;
    std::size_t warnings = 0;
    try {
        const LabeledReadResult result =
            read_labeled_text(text, name, options, records, [&](const std::string&) { ++warnings; });
        if (result.used != records.size() || result.skipped != warnings) __builtin_trap();
        for (std::size_t i = 0; i < records.size(); ++i) {
            const LabeledRecord& r = records[i];
            if (r.tokens.empty() || r.labels.size() != r.tokens.size()) __builtin_trap();
            if (i > 0 && r.position <= records[i - 1].position) __builtin_trap();  // in input order
            for (const std::string& label : r.labels)
                if (label.empty()) __builtin_trap();
        }
    } catch (const Error&) {
    }
}

// Reads `data` with a TitleReader as predict does; every record is a title or an error,
// and line numbers only grow.
inline void read_titles(const std::uint8_t* data, std::size_t size, TitleFormat format, std::uint8_t flags,
                        const char* name) {
    std::string copy(reinterpret_cast<const char*>(data), size);  // fmemopen wants a writable buffer
    std::FILE* stream = fmemopen(copy.empty() ? nullptr : copy.data(), copy.size(), "rb");
    if (stream == nullptr) {
        if (!copy.empty()) return;
        stream = std::fopen("/dev/null", "rb");
        if (stream == nullptr) return;
    }
    TitleInputOptions options;
    options.format = (flags & 1) ? TitleFormat::detect : format;
    if (flags & 4) options.delimiter = '\t';
    if (flags & 8) options.field = "name";
    try {
        TitleReader reader(stream, name, options);
        reader.start();
        TitleRecord record;
        std::size_t last_line = 0, records = 0;
        while (reader.next(record)) {
            // Lines only grow; elements of a JSON array may share one.
            if (record.line_number < last_line ||
                (record.line_number == last_line && reader.format() != TitleFormat::json))
                __builtin_trap();
            last_line = record.line_number;
            // A record without an error has a title that can be labeled.
            if (record.error.empty() && (find_invalid_utf8(record.title) != record.title.size() ||
                                         !too_many_tokens(record.title).empty()))
                __builtin_trap();
            if (++records > size + 1) __builtin_trap();  // never more records than bytes
        }
    } catch (const Error&) {
    }
    std::fclose(stream);
}

}  // namespace masktag::fuzz
