#include "masktag/title_reader.h"

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/tokenizer.h"

namespace masktag {
namespace {

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

TitleFormat parse_title_format(const std::string& name) {
    if (name == "auto") return TitleFormat::detect;
    if (name == "text") return TitleFormat::text;
    if (name == "jsonl") return TitleFormat::jsonl;
    throw Error("unknown input format '" + name + "' (known: auto, text, jsonl)");
}

TitleReader::TitleReader(std::FILE* stream, TitleFormat format, std::string field)
    : lines_(stream), format_(format), field_(std::move(field)) {}

bool TitleReader::read_line(std::string& line, bool& too_long) {
    if (!lines_.next(line)) return false;
    too_long = lines_.too_long();
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
    format_ = !held_too_long_ && held_[held_.find_first_not_of(" \t")] == '{' ? TitleFormat::jsonl : TitleFormat::text;
    if (format_ == TitleFormat::jsonl) pending_blank_ = 0;
}

bool TitleReader::next(TitleRecord& record) {
    record.error.clear();
    record.object = json::Value();
    if (format_ == TitleFormat::detect) detect_format();
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
    record.object = root;
    const json::Value title = root.member(field_);
    if (!title.valid()) {
        record.error = fmt::format("no \"{}\" field", field_);
    } else if (!title.decode_string(record.title)) {
        record.error = fmt::format("the \"{}\" field is not a JSON string (or has a lone \\u surrogate)", field_);
    } else {
        const std::size_t bad = find_invalid_utf8(record.title);
        if (bad != record.title.size()) record.error = fmt::format("the title is not valid UTF-8 (byte {})", bad + 1);
    }
}

}  // namespace masktag
