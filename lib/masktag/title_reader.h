// Reads the unlabeled titles predict labels, one record at a time.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "masktag/io.h"
#include "masktag/json.h"

namespace masktag {

namespace csv {
class Reader;
}

enum class TitleFormat {
    detect,  // see TitleReader
    text,    // one title a line; every line, an empty one too, is a record
    jsonl,   // one JSON object a line, the title in a string field; blank lines are skipped
    csv,     // RFC 4180 with a header row; the title in one column
};

// Ensures: the format named `name` ("auto", "text", "jsonl", "csv", "tsv"; tsv is csv
// with a tab delimiter, which parse_title_format cannot say: see tsv_delimiter()).
// Throws Error otherwise.
TitleFormat parse_title_format(const std::string& name);

// The columns a CSV title column defaults to, the first present one winning.
inline constexpr std::string_view kDefaultTitleColumns[] = {"title", "mask_name", "name", "unique_internal_model_code"};

// Ensures: the index in `header` of the column named `column` exactly, or when `column`
// is empty of the first of kDefaultTitleColumns present (any letter case); header.size()
// when there is none.
std::size_t find_title_column(const std::vector<std::string>& header, const std::string& column);

struct TitleInputOptions {
    TitleFormat format = TitleFormat::detect;
    std::string field = "title";  // JSON lines: the member holding the title
    std::string column;           // CSV: the title column; empty: the first of kDefaultTitleColumns
                                  // present (any letter case), else the first column
    char delimiter = 0;           // CSV: 0 = ',' (or what detection finds)
};

// One input record. `title` is set when `error` is empty. For JSON lines, `object` is the
// parsed line; for CSV, `fields` are the row's fields; both stay valid until the next
// call to TitleReader::next, so the output can copy the input's other fields.
struct TitleRecord {
    std::string title;
    std::string error;
    std::string_view line;                  // text / JSON lines: the line as read
    json::Value object;
    std::vector<std::string_view> fields;   // CSV
    TitleFormat format = TitleFormat::text; // the format the record was read in
    std::size_t line_number = 0;            // where the record starts
    std::size_t column = 0;                 // CSV: 1-based column the error is in, or 0
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
// Detection (TitleFormat::detect) looks at the first non-blank line: '{' starts JSON
// lines; a name ending in .csv or .tsv, or a first line that splits (on the given
// delimiter, else ',', tab or ';') into cells one of which names the title column,
// makes CSV; anything else is text.
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
    // After start(): the CSV header, or {"title"} for other formats.
    const std::vector<std::string>& columns() const { return columns_; }
    // After start(): the CSV delimiter.
    char delimiter() const { return options_.delimiter; }

private:
    bool read_line(std::string& line, bool& too_long);
    void detect_format();
    bool looks_like_csv_header(const std::string& line);
    void start_csv();
    bool next_csv(TitleRecord& record);
    void read_text(TitleRecord& record);
    void read_json(TitleRecord& record);
    // The offset in line_ of the first string under `root` with a \u escape of a lone
    // surrogate; line_.size() when there is none.
    std::size_t find_lone_surrogate(const json::Value& root) const;

    std::FILE* stream_;
    std::string name_;
    TitleInputOptions options_;
    LineReader lines_;
    TitleFormat format_;
    bool started_ = false;
    std::vector<std::string> columns_{"title"};
    std::size_t title_column_ = 0;
    std::string line_;
    std::string held_;               // a line read ahead while detecting the format
    std::size_t held_number_ = 0;    // its line number; 0 when nothing is held
    bool held_too_long_ = false;
    std::size_t pending_blank_ = 0;  // blank text lines read ahead while detecting the format
    std::size_t blank_number_ = 0;   // the line number of the next of them
    json::Document document_;
    std::unique_ptr<csv::Reader> csv_;
    std::FILE* held_stream_ = nullptr;  // the held header line, for the CSV reader
};

}  // namespace masktag
