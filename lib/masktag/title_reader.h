// Reads the unlabeled titles predict labels, one record at a time.
#pragma once

#include <cstdio>
#include <string>

#include "masktag/io.h"
#include "masktag/json.h"

namespace masktag {

enum class TitleFormat {
    detect,  // jsonl when the first non-blank line starts with '{', else text
    text,    // one title a line; every line, an empty one too, is a record
    jsonl,   // one JSON object a line, the title in a string field; blank lines are skipped
};

// Ensures: the format named `name` ("auto", "text", "jsonl"). Throws Error otherwise.
TitleFormat parse_title_format(const std::string& name);

// One input record. `title` is set when `error` is empty. For JSON lines, `object` is the
// parsed line (valid until the next call to TitleReader::next), so its other fields can
// be copied to the output; it is absent for text input and for lines that are not JSON.
struct TitleRecord {
    std::string title;
    std::string error;
    std::string_view line;  // the record's line as read, without its line terminator
    json::Value object;
    std::size_t line_number = 0;
};

// Streams records from one input in constant memory (one line at a time). A record that
// cannot be labeled (invalid JSON, no title field, a title that is not a string or not
// valid UTF-8) still comes out, with `error` saying why, so no record is lost.
class TitleReader {
public:
    // `field` is the JSON member that holds the title.
    TitleReader(std::FILE* stream, TitleFormat format, std::string field);

    // Ensures: true and `record` holds the next record, or false at the end of input.
    // Throws Error on a read error.
    bool next(TitleRecord& record);
    // The format in use; detect until the first non-blank line has been read.
    TitleFormat format() const { return format_; }

private:
    bool read_line(std::string& line, bool& too_long);
    void detect_format();
    void read_text(TitleRecord& record);
    void read_json(TitleRecord& record);

    LineReader lines_;
    TitleFormat format_;
    std::string field_;
    std::string line_;
    std::string held_;               // a line read ahead while detecting the format
    std::size_t held_number_ = 0;    // its line number; 0 when nothing is held
    bool held_too_long_ = false;
    std::size_t pending_blank_ = 0;  // blank text lines read ahead while detecting the format
    std::size_t blank_number_ = 0;   // the line number of the next of them
    json::Document document_;
};

}  // namespace masktag
