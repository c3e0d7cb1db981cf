// Reads the unlabeled titles predict labels, one record at a time.
#pragma once

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "masktag/io.h"
#include "masktag/json_array_reader.h"
#include "masktag/json.h"

namespace masktag {

namespace csv {
class Reader;
}

enum class TitleFormat {
    detect,  // see TitleReader
    text,    // one title a line; every line, an empty one too, is a record
    jsonl,   // one JSON object a line, the title in a string field; blank lines are skipped
    json,    // one JSON array of objects (the breathesafe app's export), the title in a string field
    csv,     // RFC 4180 with a header row (linear TSV for a tab delimiter); the title in one column
};

// Ensures: the format named `name` ("auto", "text", "jsonl", "json", "csv", "tsv"; tsv is
// csv with a tab delimiter, which the caller sets).
// Throws Error otherwise.
TitleFormat parse_title_format(const std::string& name);

// The columns a CSV title column defaults to, the first present one winning.
inline constexpr std::string_view kDefaultTitleColumns[] = {"title", "mask_name", "name", "unique_internal_model_code"};

// Ensures: the index in `header` of the column named `column` exactly, or when `column`
// is empty of the first of kDefaultTitleColumns present (any letter case); header.size()
// when there is none.
std::size_t find_title_column(const std::vector<std::string>& header, const std::string& column);

// The members a JSON title defaults to, the first present one winning.
inline constexpr std::string_view kDefaultTitleFields[] = {"title", "mask_name", "name"};

struct TitleInputOptions {
    TitleFormat format = TitleFormat::detect;
    std::string field;       // JSON: the member holding the title; empty: the first of kDefaultTitleFields present
    std::string column;      // CSV: the title column; empty: the first of kDefaultTitleColumns
                             // present (any letter case); with none, a one-column header's column
    char delimiter = 0;      // CSV: 0 = detect from the header line (see TitleReader)
    bool no_header = false;  // CSV: the first row is a record; columns are named column1, column2, ...
                             // (title when there is one)
    // JSON: read ahead (up to 1,000 records or 1 MiB) to the first record that is an
    // object with a title, for columns(); off, the first record alone is read ahead, so a
    // coprocess sending one record at a time is answered at once.
    bool look_ahead_for_columns = false;
};

// What the output demands of a JSON record's members (see TitleReader::restrict_members).
struct MemberRules {
    std::vector<std::string> reserved;  // the names the output adds
    bool title_exempt = false;          // the title's own member is not carried: it may be reserved
    bool fixed = false;                 // the output has a column for each of columns() and no others
    bool utf8_fields = false;           // JSON output: every CSV field must be UTF-8 to be written unaltered
};

// One input record. `title` is set when `error` is empty. For JSON lines, `object` is the
// parsed line; for CSV, `fields` are the row's fields; both stay valid until the next
// call to TitleReader::next, so the output can copy the input's other fields.
struct TitleRecord {
    std::string title;
    std::string error;
    std::string_view line;  // text / JSON lines: the line as read
    json::Value object;
    std::vector<std::string_view> fields;    // CSV
    TitleFormat format = TitleFormat::text;  // the format the record was read in
    std::size_t line_number = 0;             // where the record starts
    std::size_t column = 0;                  // CSV: 1-based column the error is in, or 0
    std::string_view title_member;           // JSON: the member the title is in
    std::size_t title_column = 0;            // CSV: the 0-based column the title is in
    bool partial = false;                    // CSV: `fields` do not hold the whole row (an error
                                             // record): the output carries `line` as read too
};

// Streams records from one input in constant memory (one record at a time). A record
// that cannot be labeled (invalid JSON, no title field, a title that is not a string or
// not valid UTF-8 or of more than kMaxTitleTokens tokens, a JSON line with invalid UTF-8
// or a \u escape of a lone surrogate anywhere, a CSV row with the wrong number of fields
// or a broken quote, a line over kMaxLineBytes) still comes out, with `error` saying why,
// so no record is lost; such a JSON line has no `object` (its members cannot be copied
// into valid output). Lines end at LF, CRLF or a lone CR. An input that starts with a
// UTF-16 byte order mark is an Error (utf16_error), not records of garbage.
//
// An input that is a masktag model file is an Error saying to give it with -m.
//
// Detection (TitleFormat::detect) looks at the first non-blank line: '[' starts a JSON
// array, '{' JSON lines; a name ending in .csv or .tsv, or a first line that splits (on
// the given delimiter, else ',', tab or ';') into cells one of which names the title
// column, makes CSV; anything else is text.
//
// CSV: without --delimiter, the delimiter is the one of ',', tab and ';' under which the
// header names the title column, else the most frequent of them in the header line, else
// tab for a .tsv name and ',' otherwise. A header without the title column is an Error
// naming the columns, unless it has one column: that column is the title's, with a note
// (see notes()) on how to read a headerless list. A row whose field count differs from
// the header's is an error record, which says "did you mean --delimiter" when another
// delimiter would split it to the header's width.
class TitleReader {
public:
    // `name` is the input's name for detection by extension ("-" or "<stdin>" has none).
    TitleReader(std::FILE* stream, std::string name, TitleInputOptions options);
    ~TitleReader();

    // Ensures: the format is known and, for CSV, the header has been read. next() calls
    // this itself. Throws Error when a CSV input has no header or no such --column.
    void start();
    // Ensures: true and `record` holds the next record, or false at the end of input.
    // Throws Error on a read error.
    bool next(TitleRecord& record);
    // The format in use (detect until start()).
    TitleFormat format() const { return format_; }
    // After start(): the CSV header; for JSON the members of the first record (with
    // look_ahead_for_columns: of the first that is an object with a title, among the
    // first 1,000, else of the first object), none when it is not an object; {"title"}
    // for text.
    const std::vector<std::string>& columns() const { return columns_; }
    // After start(): what the caller should tell the user about how the input is read.
    const std::vector<std::string>& notes() const { return notes_; }
    // Requires: start() was called. Ensures: from now on a JSON record with two members
    // of one name, a member named in rules.reserved (unless it is the title's and
    // rules.title_exempt), or with rules.fixed a member not in columns(), is an error
    // record with no `object`, so its members are never written twice or dropped unsaid;
    // with rules.utf8_fields a CSV row with a field of invalid UTF-8 is an error record
    // (JSON output could only write U+FFFD for its bytes). Throws Error, with
    // rules.utf8_fields, when a CSV column's name is not valid UTF-8: JSON output would
    // alter it, and two such names could become one.
    void restrict_members(MemberRules rules);
    // After start(): the CSV title column's index in columns().
    std::size_t title_column() const { return title_column_; }
    // After start(): the CSV delimiter.
    char delimiter() const { return options_.delimiter; }

private:
    bool read_line(std::string& line, bool& too_long);
    void detect_format();
    bool looks_like_csv_header(const std::string& line);
    void start_csv();
    bool next_csv(TitleRecord& record);
    void read_text(TitleRecord& record);
    void read_json(TitleRecord& record, std::string_view text);
    bool next_json(TitleRecord& record);
    void check_fields_utf8(TitleRecord& record) const;
    void read_first_json_record();
    std::string check_members(const json::Value& object, std::string_view title_member);
    char detect_delimiter(const std::string& line) const;
    std::string delimiter_hint(std::string_view raw) const;
    // The offset in line_ of the first string under `root` with a \u escape of a lone
    // surrogate; line_.size() when there is none.
    std::size_t find_lone_surrogate(const json::Value& root, std::string_view text) const;
    void open_array();
    bool read_first_nonblank_line();
    void set_json_columns(std::string_view text);

    std::FILE* stream_;
    std::string name_;
    TitleInputOptions options_;
    LineReader lines_;
    TitleFormat format_;
    bool started_ = false;
    std::vector<std::string> columns_{"title"};
    std::size_t title_column_ = 0;
    std::string line_;
    std::string held_;             // a line read ahead while detecting the format
    std::size_t held_number_ = 0;  // its line number; 0 when nothing is held
    bool held_too_long_ = false;
    std::size_t pending_blank_ = 0;  // blank text lines read ahead while detecting the format
    std::size_t blank_number_ = 0;   // the line number of the next of them
    json::Document document_;
    std::unique_ptr<csv::Reader> csv_;
    std::unique_ptr<JsonArrayReader> array_;
    // JSON: records are read as raw text first; up to kLookahead of them are read ahead by
    // start() to find the first usable one, whose members make columns().
    bool read_raw_json(ArrayElement& raw);
    void read_ahead_for_columns();
    bool usable_object(std::string_view text);
    std::deque<ArrayElement> ahead_;
    ArrayElement current_;           // the JSON record being read
    std::string compact_;            // current_ without the whitespace between its tokens
    std::vector<std::string> keys_;  // a record's member names, for restrict_members
    std::vector<std::string> notes_;
    MemberRules rules_;
    std::vector<std::string> first_row_;  // --no-header: the first row, read to count the columns
    std::string first_row_raw_;
    std::size_t first_row_line_ = 0;
    bool first_row_pending_ = false;
    std::FILE* held_stream_ = nullptr;  // the held header line, for the CSV reader
};

}  // namespace masktag
