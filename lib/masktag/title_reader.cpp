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
    if (value.kind() == json::Kind::string)
        return value.decode_string(scratch) ? std::string::npos : value.offset();
    if (value.kind() != json::Kind::array && value.kind() != json::Kind::object) return std::string::npos;
    for (json::Value child = value.first(); child.valid(); child = child.next())
        if (const std::size_t at = first_lone_surrogate(child, scratch); at != std::string::npos) return at;
    return std::string::npos;
}

}  // namespace

std::size_t TitleReader::find_lone_surrogate(const json::Value& root) const {
    if (line_.find("\\u") == std::string::npos) return line_.size();
    std::string scratch;
    const std::size_t at = first_lone_surrogate(root, scratch);
    return at == std::string::npos ? line_.size() : at;
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
    if (name == "csv" || name == "tsv") return TitleFormat::csv;
    throw Error("unknown input format '" + name + "' (known: auto, text, jsonl, csv, tsv)");
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
    if (format_ == TitleFormat::detect) detect_format();
    if (format_ == TitleFormat::csv) start_csv();
}

void TitleReader::start_csv() {
    if (options_.delimiter == 0) options_.delimiter = ends_with_ignoring_case(name_, ".tsv") ? '\t' : ',';
    csv::Row header;
    if (held_number_ != 0) {
        // Detection has read the header line already: parse it on its own.
        held_stream_ = fmemopen(held_.data(), held_.size(), "rb");
        if (held_stream_ == nullptr) throw Error("cannot parse the CSV header", name_);
        csv::Reader header_reader(held_stream_, options_.delimiter);
        if (!header_reader.next(header)) throw Error("the CSV input has no header row", name_);
        csv_ = std::make_unique<csv::Reader>(stream_, options_.delimiter, held_number_ + 1, kMaxLineBytes, name_);
        held_number_ = 0;
        pending_blank_ = 0;
        if (!header.error.empty()) throw Error("malformed CSV header: " + header.error, name_);
        columns_.assign(header.fields.begin(), header.fields.end());
    } else {
        csv_ = std::make_unique<csv::Reader>(stream_, options_.delimiter, 1, kMaxLineBytes, name_);
        if (!csv_->next(header)) throw Error("the CSV input has no header row", name_);
        if (!header.error.empty()) throw Error("malformed CSV header: " + header.error, name_);
        columns_.assign(header.fields.begin(), header.fields.end());
    }
    title_column_ = find_title_column(columns_, options_.column);
    if (title_column_ < columns_.size()) return;
    if (options_.column.empty()) {
        title_column_ = 0;  // no usual title column: the first column
        return;
    }
    std::string known;
    for (const auto& c : columns_) known += (known.empty() ? "" : ", ") + c;
    throw Error(fmt::format("no column '{}' in the CSV header (columns: {})", options_.column, known), name_);
}

bool TitleReader::next_csv(TitleRecord& record) {
    csv::Row row;
    do {
        if (!csv_->next(row)) return false;
    } while (row.error.empty() && row.raw.empty());  // blank lines hold no record
    record.format = TitleFormat::csv;
    record.line_number = row.line;
    record.line = row.raw;
    record.fields.assign(row.fields.begin(), row.fields.end());
    record.title.clear();
    record.column = 0;
    if (!row.error.empty()) {
        record.error = row.error;
    } else if (row.fields.size() != columns_.size()) {
        record.error = fmt::format("the row has {} fields, the header has {}", row.fields.size(), columns_.size());
    } else {
        record.title = row.fields[title_column_];
        const std::size_t bad = find_invalid_utf8(record.title);
        if (bad != record.title.size()) {
            record.column = title_column_ + 1;
            record.error = fmt::format("the title is not valid UTF-8 (byte {} of column {} '{}')", bad + 1,
                                       title_column_ + 1, columns_[title_column_]);
        } else if (record.error = too_many_tokens(record.title); !record.error.empty()) {
            record.column = title_column_ + 1;
        }
    }
    return true;
}

bool TitleReader::read_line(std::string& line, bool& too_long) {
    if (!lines_.next(line)) return false;
    too_long = lines_.too_long();
    if (lines_.line_number() == 1 && starts_with_utf16_mark(line)) throw utf16_error(name_);
    if (lines_.line_number() == 1 && looks_like_unmarked_utf16(line)) throw utf16_error(name_, false);
    if (lines_.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    return true;
}

void TitleReader::detect_format() {
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
    start();
    if (format_ == TitleFormat::csv) return next_csv(record);
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
        do {
            if (!read_line(line_, too_long)) return false;
        } while (format_ == TitleFormat::jsonl && !too_long && is_blank(line_));
        record.line_number = lines_.line_number();
    }
    if (too_long) {
        record.line = line_;
        record.title.clear();
        record.error = fmt::format("line longer than {} bytes", kMaxLineBytes);
    } else if (format_ == TitleFormat::jsonl) {
        read_json(record);
    } else {
        read_text(record);
    }
    return true;
}

void TitleReader::read_text(TitleRecord& record) {
    record.line = line_;
    record.title = line_;
    const std::size_t bad = find_invalid_utf8(record.title);
    if (bad != record.title.size()) record.error = fmt::format("the title is not valid UTF-8 (byte {})", bad + 1);
    else record.error = too_many_tokens(record.title);
}

void TitleReader::read_json(TitleRecord& record) {
    record.line = line_;
    record.title.clear();
    json::ParseError error;
    if (!document_.parse(line_, error)) {
        record.error = fmt::format("malformed JSON at column {}: {}", error.offset + 1, error.message);
        return;
    }
    const json::Value root = document_.root();
    if (root.kind() != json::Kind::object) {
        record.error = "the line is not a JSON object";
        return;
    }
    // The output copies the other members byte for byte: only from a line of valid UTF-8
    // without \u escapes of lone surrogates, or the output line would not be valid JSON.
    // (The JSON parser checks neither.)
    const std::size_t bad_byte = find_invalid_utf8(line_);
    const std::size_t surrogate = bad_byte == line_.size() ? find_lone_surrogate(root) : line_.size();
    const bool copyable = bad_byte == line_.size() && surrogate == line_.size();
    if (copyable) record.object = root;
    const json::Value title = root.member(options_.field);
    if (!title.valid()) {
        record.error = fmt::format("no \"{}\" field", options_.field);
    } else if (!title.decode_string(record.title)) {
        record.error = fmt::format("the \"{}\" field is not a JSON string (or has a lone \\u surrogate)", options_.field);
    } else if (const std::size_t bad = find_invalid_utf8(record.title); bad != record.title.size()) {
        record.error = fmt::format("the title is not valid UTF-8 (byte {})", bad + 1);
    } else {
        record.error = too_many_tokens(record.title);
    }
    if (!record.error.empty() || copyable) return;
    record.error = bad_byte != line_.size()
                       ? fmt::format("the line is not valid UTF-8 (byte {})", bad_byte + 1)
                       : fmt::format("a string at column {} holds a \\u escape of a lone UTF-16 surrogate", surrogate + 1);
}

}  // namespace masktag
