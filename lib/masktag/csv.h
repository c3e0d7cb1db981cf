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
    // The unescaped fields. For a malformed record, the fields read before the error.
    std::vector<std::string_view> fields;
    // The 1-based physical line where the record starts. A record holding line breaks in
    // quotes spans several lines, and the next record's line counts them.
    std::size_t line = 0;
    // Empty for a well-formed record; otherwise what is wrong and where.
    std::string error;
    // With an error at one byte (a stray or unterminated quote): its 1-based line and
    // column, which may be after `line` in a record with quoted line breaks; else 0.
    std::size_t error_line = 0, error_column = 0;
    // The record's bytes as read, without its final line terminator (an empty line has an
    // empty raw, unlike a record of one quoted empty field). For a malformed record, the
    // bytes from its start to the end of the physical line where the error was found (to
    // the end of input for an unterminated quote, to the record's end for an overlong
    // one), cut to the reader's max_record_bytes.
    std::string_view raw;
};

// Reads records one at a time, in memory proportional to the longest record.
// RFC 4180: fields may be quoted; a quoted field may hold the delimiter, doubled quotes
// ("" for ") and line breaks; records end with LF, CRLF or a lone CR (old Mac files; a CR
// inside quotes is data); a UTF-8 byte order mark at the start of the stream is dropped; a
// UTF-16 one is an Error (see utf16_error); a last
// record without a terminator is still a record; an empty line is a record of one empty
// field, left to the caller to keep or skip. Spaces around fields are data.
// Malformed input never throws and never costs the records after it: a quote inside an
// unquoted field, or anything but the delimiter or a terminator after a closing quote,
// makes that record's `error` name the byte, line and column (1-based, in bytes, not
// counting a byte order mark), e.g. "unexpected '"' in an unquoted field at line 3,
// column 7"; reading resumes after the end of that physical line. A quoted field still
// open at the end of input makes a last record whose `error` says where the field
// started: "unterminated quoted field starting at line L, column C". A record longer than
// `max_record_bytes` (its terminator not counted) is an error too: reading stops keeping
// it but still follows its quotes, and resumes after the record's own end (a line break
// inside its quotes does not end it), so memory stays bounded by the limit and no later
// record is lost.
//
// A tab delimiter means linear TSV instead: no quoting (a '"' is data), and a backslash
// before t, n, r or a backslash stands for a tab, LF, CR or a backslash; any other
// backslash is data.
class Reader {
public:
    // Requires: `delimiter` is not '"', CR or LF; `stream` outlives the reader and is read
    // by nothing else meanwhile. `first_line` is the number of the stream's first line,
    // for a stream whose earlier lines were read elsewhere; a byte order mark is dropped
    // only when it is 1. `name` names the input in the error for a UTF-16 one.
    explicit Reader(std::FILE* stream, char delimiter = ',', std::size_t first_line = 1,
                    std::size_t max_record_bytes = std::size_t{1} << 20, std::string name = {});

    // Ensures: true and `row` holds the next record, or false (`row` unspecified) at the
    // end of input. Throws masktag::Error on a read error, and (first_line 1) when the
    // stream starts with a UTF-16 byte order mark.
    bool next(Row& row);

private:
    int get();   // the next byte, appended to raw_ while it has room; EOF at the end
    int peek();  // the next byte, left to read
    void new_line();
    bool end_of_line(int c);  // c is '\n' or '\r' (a '\n' after it is consumed)
    void skip_rest_of_line();
    void drop_byte_order_mark();

    std::FILE* stream_;
    std::string name_;
    char delimiter_;
    std::size_t max_record_bytes_;
    std::size_t line_;            // the physical line the next byte is on
    std::size_t column_ = 0;      // bytes read on that line
    bool at_start_;               // the byte order mark is still to be looked for
    bool raw_truncated_ = false;  // raw_ stopped keeping bytes at the size limit
    std::string pending_;         // bytes given back, read last to first
    std::string raw_;
    std::string values_;             // the record's unescaped fields, back to back
    std::vector<std::size_t> ends_;  // where each field ends in values_
};

// Requires: `delimiter` is not '"', CR or LF.
// Ensures: for a tab delimiter, `field` appended as linear TSV (tab, LF, CR and backslash
// written as \t, \n, \r and \\, nothing quoted); otherwise `field` appended quoted, with its quotes doubled, when it holds the
// delimiter, a quote, CR or LF, or starts or ends with a space (which other readers may
// trim); as it is otherwise. A Reader with the same delimiter reads it back unchanged,
// except that a byte order mark leading the very first field of a stream is dropped.
void append_field(std::string& out, std::string_view field, char delimiter = ',');

// Ensures: the cells of a would-be header line split on `delimiter`, each without
// surrounding spaces and quotes: a quick guess for format detection, not a parse.
std::vector<std::string_view> guess_header_cells(std::string_view line, char delimiter);

}  // namespace masktag::csv
