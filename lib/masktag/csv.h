// A streaming RFC 4180 CSV reader and a field writer.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace masktag::csv {

// One parsed record. `fields` and `raw` point into the reader's buffers: valid until the
// next call to Reader::next.
struct Row {
    std::vector<std::string_view> fields;
    std::size_t line = 0;   // 1-based physical line where the record starts
    std::string error;      // non-empty when the record is malformed
    std::string_view raw;   // the record's bytes as read, without its final line terminator
};

// Reads records one at a time, in memory proportional to the longest record.
// RFC 4180: fields may be quoted; a quoted field may hold the delimiter, doubled quotes
// ("" for ") and line breaks; records end with LF or CRLF (a lone CR inside an unquoted
// field is data); a UTF-8 byte order mark at the start is dropped; a last record without
// a terminator is still a record; an empty line is a record of one empty field.
// Malformed input never throws and never costs the records after it: a quote inside an
// unquoted field, or text between a closing quote and the next delimiter, makes that
// record's `error` name the line and column (1-based, in bytes), and reading resumes
// after the end of that physical line. A quoted field still open at the end of input
// makes a last record whose `error` says where the field started. A record longer than
// `max_record_bytes` is an error too: reading stops keeping it, and resumes after the end
// of the physical line where it crossed the limit, so memory stays bounded.
class Reader {
public:
    // `first_line` is the number of the stream's first line, for a stream whose earlier
    // lines were read elsewhere.
    explicit Reader(std::FILE* stream, char delimiter = ',', std::size_t first_line = 1,
                    std::size_t max_record_bytes = std::size_t{1} << 20);

    // Ensures: true and `row` holds the next record, or false at the end of input.
    // Throws masktag::Error on a read error.
    bool next(Row& row);

private:
    int get();   // the next byte, appended to raw_; EOF at the end
    int peek();  // the next byte, left to read
    void new_line();
    bool end_of_line(int c);  // c is '\n', or '\r' before '\n' (then consumed)
    void skip_rest_of_line();
    void drop_byte_order_mark();

    std::FILE* stream_;
    char delimiter_;
    std::size_t max_record_bytes_;
    std::size_t line_;                // the physical line the next byte is on
    std::size_t column_ = 0;          // bytes read on that line
    bool at_start_ = true;
    std::string pending_;             // bytes given back, read last to first
    std::string raw_;
    std::string values_;              // the record's unescaped fields, back to back
    std::vector<std::size_t> ends_;   // where each field ends in values_
};

// Appends `field` to `out`: quoted, with quotes doubled, when it holds the delimiter, a
// quote, CR or LF, or starts or ends with a space; as it is otherwise.
void append_field(std::string& out, std::string_view field, char delimiter = ',');

}  // namespace masktag::csv
