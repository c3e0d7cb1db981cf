#include "masktag/title_reader.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "masktag/csv.h"
#include "masktag/error.h"
#include "masktag/tokenizer.h"

namespace masktag {
namespace {

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

bool ends_with_ignoring_case(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && equals_ignoring_ascii_case(s.substr(s.size() - suffix.size()), suffix);
}

// Ensures: the offset of the first string (key or value) in `value` whose \u escapes name
// a lone UTF-16 surrogate, which no UTF-8 can hold; size_t(-1) when there is none.
// Walks the strings only when the line has a \u escape at all.
std::size_t first_lone_surrogate(const json::Value& value, std::string& scratch) {
    if (value.kind() == json::Kind::string) return value.decode_string(scratch) ? std::string::npos : value.offset();
    if (value.kind() != json::Kind::array && value.kind() != json::Kind::object) return std::string::npos;
    for (json::Value child = value.first(); child.valid(); child = child.next())
        if (const std::size_t at = first_lone_surrogate(child, scratch); at != std::string::npos) return at;
    return std::string::npos;
}

std::string delimiter_name(char delimiter) { return delimiter == '\t' ? "tab" : fmt::format("'{}'", delimiter); }

// How often `delimiter` stands in `line` outside double quotes.
std::size_t count_outside_quotes(std::string_view line, char delimiter) {
    std::size_t count = 0;
    bool quoted = false;
    for (const char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == delimiter && !quoted)
            ++count;
    }
    return count;
}

std::string joined_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

std::size_t TitleReader::find_lone_surrogate(const json::Value& root, std::string_view text) const {
    if (text.find("\\u") == std::string_view::npos) return text.size();
    std::string scratch;
    const std::size_t at = first_lone_surrogate(root, scratch);
    return at == std::string::npos ? text.size() : at;
}

std::size_t find_title_column(const std::vector<std::string>& header, const std::string& column) {
    if (!column.empty())
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
    for (const std::string_view wanted : kDefaultTitleColumns) {
        const auto it = std::find_if(header.begin(), header.end(),
                                     [&](const std::string& c) { return equals_ignoring_ascii_case(c, wanted); });
        if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
    }
    return header.size();
}

TitleFormat parse_title_format(const std::string& name) {
    if (name == "auto") return TitleFormat::detect;
    if (name == "text") return TitleFormat::text;
    if (name == "jsonl") return TitleFormat::jsonl;
    if (name == "json") return TitleFormat::json;
    if (name == "csv" || name == "tsv") return TitleFormat::csv;
    throw Error("unknown input format '" + name + "' (known: auto, text, jsonl, json, csv, tsv)");
}

TitleReader::TitleReader(std::FILE* stream, std::string name, TitleInputOptions options)
    : stream_(stream), name_(std::move(name)), options_(std::move(options)), lines_(stream), format_(options_.format) {}

TitleReader::~TitleReader() {
    if (held_stream_ != nullptr) std::fclose(held_stream_);
}

bool TitleReader::looks_like_csv_header(const std::string& line) {
    const auto names_title_column = [&](std::string_view cell) {
        if (!options_.column.empty()) return cell == options_.column;
        for (const std::string_view name : kDefaultTitleColumns)
            if (equals_ignoring_ascii_case(cell, name)) return true;
        return false;
    };
    const std::string candidates = options_.delimiter != 0 ? std::string(1, options_.delimiter) : ",\t;";
    for (const char delimiter : candidates) {
        if (line.find(delimiter) == std::string::npos && options_.column.empty()) continue;
        for (const std::string_view cell : csv::guess_header_cells(line, delimiter)) {
            if (names_title_column(cell)) {
                options_.delimiter = delimiter;
                return true;
            }
        }
    }
    return false;
}

void TitleReader::start() {
    if (started_) return;
    started_ = true;
    if (options_.no_header && format_ == TitleFormat::detect) format_ = TitleFormat::csv;
    if (format_ == TitleFormat::detect) detect_format();
    if (format_ == TitleFormat::csv) start_csv();
    if (format_ == TitleFormat::json) open_array();
    if (format_ == TitleFormat::jsonl) pending_blank_ = 0;
    if (format_ == TitleFormat::json || format_ == TitleFormat::jsonl) read_ahead_for_columns();
}

bool TitleReader::read_raw_json(ArrayElement& raw) {
    raw.error.clear();
    raw.column = 1;
    if (format_ == TitleFormat::json) return array_->next(raw);
    bool too_long = false;
    if (held_number_ != 0) {  // the line detection read
        raw.text.swap(held_);
        too_long = held_too_long_;
        raw.line = held_number_;
        held_number_ = 0;
    } else {
        do {
            if (!read_line(raw.text, too_long)) return false;
        } while (!too_long && is_blank(raw.text));  // blank lines hold no record
        raw.line = lines_.line_number();
    }
    if (too_long) raw.error = fmt::format("line longer than {} bytes", kMaxLineBytes);
    return true;
}

bool TitleReader::usable_object(std::string_view text) {
    json::ParseError error;
    if (!document_.parse(text, error) || document_.root().kind() != json::Kind::object) return false;
    const auto is_string = [](const json::Value& v) { return v.valid() && v.kind() == json::Kind::string; };
    if (!options_.field.empty()) return is_string(document_.root().member(options_.field));
    for (const std::string_view name : kDefaultTitleFields)
        if (const json::Value title = document_.root().member(name); title.valid()) return is_string(title);
    return false;
}

void TitleReader::read_ahead_for_columns() {
    // A first record that is broken, or has no title, must not make the columns every
    // later record is held to: read on (a bounded way) to the first usable one.
    const std::size_t kLookahead = options_.look_ahead_for_columns ? 1000 : 1;
    constexpr std::size_t kLookaheadBytes = std::size_t{1} << 20;
    std::size_t bytes = 0;
    const ArrayElement* first_object = nullptr;
    columns_.clear();
    while (ahead_.size() < kLookahead && bytes < kLookaheadBytes) {
        ArrayElement raw;
        if (!read_raw_json(raw)) break;
        bytes += raw.text.size();
        ahead_.push_back(std::move(raw));
        const ArrayElement& last = ahead_.back();
        if (!last.error.empty()) continue;
        if (usable_object(last.text)) {
            set_json_columns(last.text);
            return;
        }
        json::ParseError error;
        if (first_object == nullptr && document_.parse(last.text, error) &&
            document_.root().kind() == json::Kind::object)
            first_object = &last;
    }
    if (first_object != nullptr) set_json_columns(first_object->text);
}

bool TitleReader::read_first_nonblank_line() {
    while (read_line(held_, held_too_long_)) {
        if (held_too_long_ || !is_blank(held_)) {
            held_number_ = lines_.line_number();
            return true;
        }
    }
    return false;
}

void TitleReader::set_json_columns(std::string_view text) {
    columns_.clear();
    json::ParseError error;
    if (!document_.parse(text, error) || document_.root().kind() != json::Kind::object) return;
    std::string name;
    // A name twice is that record's own error (check_members), not one of the columns'.
    for (json::Value key = document_.root().first(); key.valid(); key = key.next().next())
        if (key.decode_string(name) && std::find(columns_.begin(), columns_.end(), name) == columns_.end())
            columns_.push_back(name);
}

void TitleReader::open_array() {
    // The array starts in the line detection read, or (explicit --format json) in the
    // stream: a first line is read ahead so a byte order mark or UTF-16 is found as for
    // any input, unless the stream starts with the '[' itself (a one-line export may be
    // longer than any line masktag keeps).
    if (held_number_ == 0) {
        const int c = getc_unlocked(stream_);
        if (c != EOF) ungetc(c, stream_);
        if (c != '[') read_first_nonblank_line();
    }
    std::string prefix;
    std::size_t first_line = 1;
    if (held_number_ != 0) {
        if (held_too_long_)
            throw Error(fmt::format("the JSON array's first line is longer than {} bytes and does not start with its "
                                    "'[': remove what precedes the '['",
                                    kMaxLineBytes),
                        name_);
        prefix = held_ + '\n';
        first_line = held_number_;
        held_number_ = 0;
    }
    array_ = std::make_unique<JsonArrayReader>(stream_, name_, first_line, kMaxLineBytes, std::move(prefix));
}

char TitleReader::detect_delimiter(const std::string& line) const {
    const auto names_title_column = [&](std::string_view cell) {
        if (!options_.column.empty()) return cell == options_.column;
        for (const std::string_view name : kDefaultTitleColumns)
            if (equals_ignoring_ascii_case(cell, name)) return true;
        return false;
    };
    constexpr std::string_view kCandidates = ",\t;";
    for (const char delimiter : kCandidates) {
        if (line.find(delimiter) == std::string::npos) continue;
        for (const std::string_view cell : csv::guess_header_cells(line, delimiter))
            if (names_title_column(cell)) return delimiter;
    }
    char best = 0;
    std::size_t best_count = 0;
    for (const char delimiter : kCandidates) {
        const std::size_t count = count_outside_quotes(line, delimiter);
        if (count > best_count) {
            best = delimiter;
            best_count = count;
        }
    }
    if (best != 0) return best;
    return ends_with_ignoring_case(name_, ".tsv") ? '\t' : ',';
}

std::string TitleReader::delimiter_hint(std::string_view raw) const {
    for (const char delimiter : std::string_view(",\t;")) {
        if (delimiter == options_.delimiter || raw.find(delimiter) == std::string_view::npos) continue;
        if (csv::guess_header_cells(raw, delimiter).size() == columns_.size())
            return fmt::format(": did you mean --delimiter {}?", delimiter_name(delimiter));
    }
    return {};
}

void TitleReader::start_csv() {
    if (held_number_ == 0 && !read_first_nonblank_line()) {
        if (!options_.no_header) throw Error("the CSV input has no header row (it is empty)", name_);
        return;  // no records either
    }
    if (held_too_long_) throw Error(fmt::format("the CSV header is longer than {} bytes", kMaxLineBytes), name_);
    if (options_.delimiter == 0) options_.delimiter = detect_delimiter(held_);
    // The first line is read already: parse it on its own, then the rest of the stream.
    held_stream_ = fmemopen(held_.data(), held_.size(), "rb");
    if (held_stream_ == nullptr) throw Error("cannot parse the CSV header", name_);
    csv::Reader header_reader(held_stream_, options_.delimiter);
    csv::Row header;
    if (!header_reader.next(header)) header.fields.assign(1, std::string_view());  // an empty line: one empty field
    csv_ = std::make_unique<csv::Reader>(stream_, options_.delimiter, held_number_ + 1, kMaxLineBytes, name_);
    pending_blank_ = 0;
    if (!header.error.empty())
        throw Error(fmt::format("malformed CSV {}: {}", options_.no_header ? "first row" : "header", header.error),
                    fmt::format("{}:{}", name_, held_number_));
    if (options_.no_header) {
        first_row_.assign(header.fields.begin(), header.fields.end());
        first_row_raw_ = held_;
        first_row_line_ = held_number_;
        first_row_pending_ = true;
        columns_.clear();
        if (first_row_.size() == 1) columns_.emplace_back("title");
        for (std::size_t c = 1; first_row_.size() > 1 && c <= first_row_.size(); ++c)
            columns_.push_back(fmt::format("column{}", c));
    } else {
        columns_.assign(header.fields.begin(), header.fields.end());
    }
    held_number_ = 0;
    title_column_ = find_title_column(columns_, options_.column);
    if (title_column_ < columns_.size()) return;
    if (!options_.column.empty())
        throw Error(fmt::format("no column '{}' in the CSV {} (columns: {})", options_.column,
                                options_.no_header ? "input, read without a header" : "header", joined_names(columns_)),
                    name_);
    if (columns_.size() == 1) {
        title_column_ = 0;
        notes_.push_back(fmt::format(
            "{}: the CSV header '{}' is read as the name of the title column, not as a title; if the input is a list "
            "of titles without a header, read it with --format text (or --no-header)",
            name_, columns_[0]));
        return;
    }
    throw Error(fmt::format("no title column in the CSV {} (columns: {}): name it with --column (without it, masktag "
                            "looks for title, mask_name, name or unique_internal_model_code)",
                            options_.no_header ? "input, read without a header" : "header", joined_names(columns_)),
                name_);
}

bool TitleReader::next_csv(TitleRecord& record) {
    csv::Row row;
    if (first_row_pending_) {
        first_row_pending_ = false;
        row.line = first_row_line_;
        row.raw = first_row_raw_;
        row.fields.assign(first_row_.begin(), first_row_.end());
    } else {
        if (!csv_) return false;
        do {
            if (!csv_->next(row)) return false;
        } while (row.error.empty() && row.raw.empty());  // blank lines hold no record
    }
    record.format = TitleFormat::csv;
    record.line_number = row.line;
    record.line = row.raw;
    record.fields.assign(row.fields.begin(), row.fields.end());
    record.title.clear();
    record.column = 0;
    record.title_column = title_column_;
    record.partial = !row.error.empty() || row.fields.size() != columns_.size();
    if (!row.error.empty()) {
        record.error = row.error;
        if (row.error_line != 0) {  // the place names the byte the message names
            record.line_number = row.error_line;
            record.column = row.error_column;
        }
    } else if (row.fields.size() != columns_.size()) {
        record.error = fmt::format("the row has {} fields, the header has {}{}", row.fields.size(), columns_.size(),
                                   delimiter_hint(row.raw));
    } else {
        record.title = row.fields[title_column_];
        const std::size_t bad = find_invalid_utf8(record.title);
        if (bad != record.title.size()) {
            record.column = title_column_ + 1;
            record.error = fmt::format("the title is not valid UTF-8 (byte {} of column {} '{}')", bad + 1,
                                       title_column_ + 1, columns_[title_column_]);
        } else if (record.error = too_many_tokens(record.title); !record.error.empty()) {
            record.column = title_column_ + 1;
        } else if (rules_.utf8_fields) {
            check_fields_utf8(record);
        }
    }
    return true;
}

void TitleReader::restrict_members(MemberRules rules) {
    rules_ = std::move(rules);
    if (!rules_.utf8_fields || format_ != TitleFormat::csv) return;
    for (std::size_t c = 0; c < columns_.size(); ++c)
        if (const std::size_t bad = find_invalid_utf8(columns_[c]); bad != columns_[c].size())
            throw Error(
                fmt::format("the name of CSV column {} is not valid UTF-8 (byte {}), which JSON output can only "
                            "alter: convert the input to UTF-8 first (e.g. iconv -f LATIN1 -t UTF-8), or write CSV",
                            c + 1, bad + 1),
                name_);
}

void TitleReader::check_fields_utf8(TitleRecord& record) const {
    for (std::size_t c = 0; c < record.fields.size(); ++c) {
        const std::size_t bad = find_invalid_utf8(record.fields[c]);
        if (bad == record.fields[c].size()) continue;
        record.column = c + 1;
        record.error = fmt::format(
            "column {} '{}' is not valid UTF-8 (byte {}), which JSON output can only alter: "
            "convert the input to UTF-8 first (e.g. iconv -f LATIN1 -t UTF-8), or write CSV",
            c + 1, columns_[c], bad + 1);
        return;
    }
}

bool TitleReader::read_line(std::string& line, bool& too_long) {
    if (!lines_.next(line)) return false;
    too_long = lines_.too_long();
    if (lines_.line_number() == 1 && starts_with_utf16_mark(line)) throw utf16_error(name_);
    if (lines_.line_number() == 1 && looks_like_unmarked_utf16(line)) throw utf16_error(name_, false);
    if (lines_.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (lines_.line_number() == 1 && line.starts_with(kModelMagic)) throw model_as_data_error(name_);
    return true;
}

void TitleReader::detect_format() {
    // A JSON array may be one line longer than any line masktag keeps: its '[' is looked
    // for before any line is read.
    if (const int c = getc_unlocked(stream_); c != EOF) {
        ungetc(c, stream_);
        if (c == '[') {
            format_ = TitleFormat::json;
            return;
        }
    }
    // Read ahead to the first non-blank line. The blank lines before it are only counted:
    // they are records of their own in text input, and are skipped in JSON lines.
    while (true) {
        if (!read_line(held_, held_too_long_)) {
            format_ = TitleFormat::text;
            return;
        }
        if (held_too_long_ || !is_blank(held_)) break;
        if (pending_blank_++ == 0) blank_number_ = lines_.line_number();
    }
    held_number_ = lines_.line_number();
    if (held_too_long_)
        format_ = TitleFormat::text;
    else if (held_[held_.find_first_not_of(" \t")] == '{')
        format_ = TitleFormat::jsonl;
    else if (held_[held_.find_first_not_of(" \t")] == '[')
        format_ = TitleFormat::json;
    else if (ends_with_ignoring_case(name_, ".csv") || ends_with_ignoring_case(name_, ".tsv") ||
             looks_like_csv_header(held_))
        format_ = TitleFormat::csv;
    else
        format_ = TitleFormat::text;
    if (format_ != TitleFormat::text) pending_blank_ = 0;
}

bool TitleReader::next(TitleRecord& record) {
    record.error.clear();
    record.object = json::Value();
    record.fields.clear();
    record.column = 0;
    record.title_member = {};
    record.partial = false;
    start();
    if (format_ == TitleFormat::csv) return next_csv(record);
    if (format_ == TitleFormat::json || format_ == TitleFormat::jsonl) return next_json(record);
    record.format = format_;
    bool too_long = false;
    if (pending_blank_ > 0) {
        --pending_blank_;
        line_.clear();
        record.line_number = blank_number_++;
    } else if (held_number_ != 0) {
        line_.swap(held_);
        too_long = held_too_long_;
        record.line_number = held_number_;
        held_number_ = 0;
    } else {
        if (!read_line(line_, too_long)) return false;
        record.line_number = lines_.line_number();
    }
    if (too_long) {
        record.line = line_;
        record.title.clear();
        record.error = fmt::format("line longer than {} bytes", kMaxLineBytes);
    } else {
        read_text(record);
    }
    return true;
}

void TitleReader::read_text(TitleRecord& record) {
    record.line = line_;
    record.title = line_;
    const std::size_t bad = find_invalid_utf8(record.title);
    if (bad != record.title.size())
        record.error = fmt::format("the title is not valid UTF-8 (byte {})", bad + 1);
    else
        record.error = too_many_tokens(record.title);
}

bool TitleReader::next_json(TitleRecord& record) {
    if (!ahead_.empty()) {
        current_ = std::move(ahead_.front());
        ahead_.pop_front();
    } else if (!read_raw_json(current_)) {
        return false;
    }
    record.format = format_;
    record.line_number = current_.line;
    record.title.clear();
    if (!current_.error.empty()) {
        record.line = current_.text;
        record.error = current_.error;
        return true;
    }
    if (format_ == TitleFormat::jsonl) {
        read_json(record, current_.text);
        return true;
    }
    // An array element is parsed as it stands, so an error names the line and column it
    // is at; a sound one is then read on one line, its whitespace between tokens removed,
    // as the output copies its members into one line.
    json::ParseError error;
    if (!document_.parse(current_.text, error)) {
        const json::LineColumn at = json::line_column(current_.text, error.offset);
        record.line = current_.text;
        record.line_number = current_.line + at.line - 1;
        record.column = at.line == 1 ? current_.column + at.column - 1 : at.column;
        record.error =
            fmt::format("malformed JSON at line {}, column {}: {}", record.line_number, record.column, error.message);
        return true;
    }
    compact_.clear();
    json::append_compact(compact_, current_.text);
    read_json(record, compact_);
    return true;
}

std::string TitleReader::check_members(const json::Value& object, std::string_view title_member) {
    keys_.clear();
    std::string name;
    for (json::Value key = object.first(); key.valid(); key = key.next().next()) {
        key.decode_string(name);
        if (std::find(keys_.begin(), keys_.end(), name) != keys_.end())
            return fmt::format("the object has two members named \"{}\": the output could keep only one", name);
        const bool exempt = rules_.title_exempt && name == title_member;
        if (!exempt && std::find(rules_.reserved.begin(), rules_.reserved.end(), name) != rules_.reserved.end())
            return fmt::format(
                "the member \"{}\" has the name of one masktag adds: name masktag's members apart with "
                "--prefix P",
                name);
        if (rules_.fixed && std::find(columns_.begin(), columns_.end(), name) == columns_.end())
            return fmt::format(
                "the member \"{}\" is not one of the first record's ({}), which name the output's "
                "columns: give every record the first one's members",
                name, joined_names(columns_));
        keys_.push_back(name);
    }
    return {};
}

void TitleReader::read_json(TitleRecord& record, std::string_view text) {
    record.line = text;
    record.title.clear();
    json::ParseError error;
    if (!document_.parse(text, error)) {
        record.error = fmt::format("malformed JSON at column {}: {}", error.offset + 1, error.message);
        return;
    }
    const json::Value root = document_.root();
    if (root.kind() != json::Kind::object) {
        record.error =
            format_ == TitleFormat::json ? "the array element is not a JSON object" : "the line is not a JSON object";
        return;
    }
    // The output copies the other members byte for byte: only from a line of valid UTF-8
    // without \u escapes of lone surrogates, or the output line would not be valid JSON.
    // (The JSON parser checks neither.)
    const std::size_t bad_byte = find_invalid_utf8(text);
    const std::size_t surrogate = bad_byte == text.size() ? find_lone_surrogate(root, text) : text.size();
    const bool copyable = bad_byte == text.size() && surrogate == text.size();
    if (copyable) record.object = root;
    json::Value title;
    if (!options_.field.empty()) {
        title = root.member(options_.field);
        record.title_member = options_.field;
    } else {
        for (const std::string_view name : kDefaultTitleFields) {
            title = root.member(name);
            record.title_member = name;
            if (title.valid()) break;
        }
    }
    if (!title.valid()) {
        record.title_member = {};
        record.error = options_.field.empty()
                           ? "no \"title\", \"mask_name\" or \"name\" member: name the title's member with --field"
                           : fmt::format("no \"{}\" member (--field {})", options_.field, options_.field);
    } else if (!title.decode_string(record.title)) {
        record.error =
            fmt::format("the \"{}\" member is not a JSON string (or has a lone \\u surrogate)", record.title_member);
    } else if (const std::size_t bad = find_invalid_utf8(record.title); bad != record.title.size()) {
        record.error = fmt::format("the title is not valid UTF-8 (byte {})", bad + 1);
    } else {
        record.error = too_many_tokens(record.title);
    }
    if (copyable) {
        if (std::string problem = check_members(root, record.title_member); !problem.empty()) {
            record.object = json::Value();
            if (record.error.empty()) record.error = std::move(problem);
        }
    }
    if (!record.error.empty() || copyable) return;
    record.error =
        bad_byte != text.size()
            ? fmt::format("the line is not valid UTF-8 (byte {})", bad_byte + 1)
            : fmt::format("a string at column {} holds a \\u escape of a lone UTF-16 surrogate", surrogate + 1);
}

}  // namespace masktag
