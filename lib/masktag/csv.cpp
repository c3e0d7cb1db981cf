#include "masktag/csv.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "masktag/error.h"
#include "masktag/io.h"

namespace masktag::csv {

namespace {

// How an error message shows an unexpected byte: printable ASCII as itself, anything else
// (a lone CR, a tab, part of a UTF-8 sequence) by its value, so the message stays one
// readable line of valid UTF-8.
std::string describe_byte(int c) {
    if (c >= 0x20 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
    return fmt::format("byte 0x{:02X}", c);
}

}  // namespace

Reader::Reader(std::FILE* stream, char delimiter, std::size_t first_line, std::size_t max_record_bytes,
               std::string name)
    : stream_(stream),
      name_(std::move(name)),
      delimiter_(delimiter),
      max_record_bytes_(max_record_bytes),
      line_(first_line),
      // A stream that starts after lines read elsewhere is not at its start: a mark there is data.
      at_start_(first_line == 1) {}

int Reader::get() {
    int c;
    if (!pending_.empty()) {
        c = static_cast<unsigned char>(pending_.back());
        pending_.pop_back();
    } else {
        c = getc_unlocked(stream_);
        if (c == EOF) {
            if (std::ferror(stream_)) throw Error(std::string("read error: ") + std::strerror(errno));
            return EOF;
        }
    }
    // Room for a CRLF after a record of the largest size; beyond that the bytes are only
    // skipped (the rest of an overlong or malformed line), so memory stays bounded.
    if (raw_.size() < max_record_bytes_ + 2)
        raw_ += static_cast<char>(c);
    else
        raw_truncated_ = true;
    ++column_;
    return c;
}

int Reader::peek() {
    if (!pending_.empty()) return static_cast<unsigned char>(pending_.back());
    const int c = getc_unlocked(stream_);
    if (c != EOF) pending_.push_back(static_cast<char>(c));
    return c;
}

void Reader::new_line() {
    ++line_;
    column_ = 0;
}

bool Reader::end_of_line(int c) {
    if (c == '\n') {
        new_line();
        return true;
    }
    if (c == '\r') {  // CRLF, or a lone CR (old Mac files end lines so)
        if (peek() == '\n') get();
        new_line();
        return true;
    }
    return false;
}

void Reader::skip_rest_of_line() {
    int c;
    while ((c = get()) != EOF && !end_of_line(c)) {
    }
}

void Reader::drop_byte_order_mark() {
    const int a = get();
    if (a == 0xFF || a == 0xFE) {  // maybe a UTF-16 mark: its records would be garbage
        const int second = peek();
        if (second != EOF) {
            const char mark[] = {static_cast<char>(a), static_cast<char>(second)};
            if (starts_with_utf16_mark(std::string_view(mark, 2))) throw utf16_error(name_);
        }
    }
    const int b = a == 0xEF ? get() : EOF;
    const int c = b == 0xBB ? get() : EOF;
    if (a == 0xEF && b == 0xBB && c == 0xBF) {
        raw_.clear();
        column_ = 0;
        return;
    }
    // Not a mark: give the bytes back, last first, to be read as data.
    for (std::size_t i = raw_.size(); i > 0; --i) pending_.push_back(raw_[i - 1]);
    raw_.clear();
    column_ = 0;
}

bool Reader::next(Row& row) {
    if (at_start_) {
        at_start_ = false;
        drop_byte_order_mark();
    }
    raw_.clear();
    raw_truncated_ = false;
    values_.clear();
    ends_.clear();
    row.error.clear();
    row.error_line = row.error_column = 0;
    row.line = line_;

    enum class State { field_start, unquoted, quoted, after_quote } state = State::field_start;
    std::size_t quote_line = 0, quote_column = 0;
    bool any = false;
    // Past max_record_bytes_ the record is an error, but its end is still found by
    // following its quotes: a line break inside quotes does not end it. Nothing more is
    // kept meanwhile (get() stops growing raw_), so memory stays bounded.
    bool overlong = false;
    const bool linear_tsv = delimiter_ == '\t';
    while (true) {
        const int c = get();
        if (c == EOF) {
            if (!any) return false;
            if (state == State::quoted && !overlong) {
                row.error =
                    fmt::format("unterminated quoted field starting at line {}, column {}", quote_line, quote_column);
                row.error_line = quote_line;
                row.error_column = quote_column;
            }
            break;
        }
        any = true;
        // The terminator does not count: a record of exactly max_record_bytes_ is allowed.
        const bool terminator = state != State::quoted && (c == '\n' || c == '\r');
        if (!terminator && !overlong && raw_.size() > max_record_bytes_) {
            row.error = fmt::format("record longer than {} bytes (it starts at line {})", max_record_bytes_, row.line);
            overlong = true;
            values_.clear();
            values_.shrink_to_fit();
            ends_.clear();
            raw_truncated_ = true;
        }
        if (linear_tsv && state != State::quoted) {
            // Linear TSV: no quoting; a backslash escapes a tab, a line break or itself.
            if (c == '\\') {
                const int escaped = peek();
                const char* const from = "tnr\\";
                const char* const to = "\t\n\r\\";
                const char* hit = escaped == EOF ? nullptr : std::strchr(from, escaped);
                if (hit != nullptr && *hit != '\0') {
                    get();
                    if (!overlong) values_ += to[hit - from];
                    continue;
                }
            } else if (c == '"') {
                if (!overlong) values_ += '"';
                continue;
            }
        }
        if (state == State::quoted) {
            if (c == '"') {
                state = State::after_quote;
            } else {
                if (!overlong) values_ += static_cast<char>(c);
                if (c == '\n' || (c == '\r' && peek() != '\n')) new_line();
            }
            continue;
        }
        if (c == delimiter_) {
            if (!overlong) ends_.push_back(values_.size());
            state = State::field_start;
            continue;
        }
        if (end_of_line(c)) break;
        if (state == State::after_quote) {
            if (c == '"') {  // a doubled quote stands for one
                if (!overlong) values_ += '"';
                state = State::quoted;
                continue;
            }
            if (!overlong) {
                row.error = fmt::format("unexpected {} after a closing quote at line {}, column {}", describe_byte(c),
                                        line_, column_);
                row.error_line = line_;
                row.error_column = column_;
            }
            skip_rest_of_line();
            break;
        }
        if (c == '"') {
            if (state == State::field_start) {
                state = State::quoted;
                quote_line = line_;
                quote_column = column_;
                continue;
            }
            if (!overlong) {
                row.error = fmt::format("unexpected '\"' in an unquoted field at line {}, column {}", line_, column_);
                row.error_line = line_;
                row.error_column = column_;
            }
            skip_rest_of_line();
            break;
        }
        if (!overlong) values_ += static_cast<char>(c);
        state = State::unquoted;
    }
    if (overlong) values_.clear();
    ends_.push_back(values_.size());

    std::string_view raw(raw_);
    if (raw_truncated_)  // what was kept ends inside the record, not at its terminator
        raw = raw.substr(0, std::min(raw.size(), max_record_bytes_));
    else if (raw.ends_with("\r\n"))
        raw.remove_suffix(2);
    else if (raw.ends_with('\n') || raw.ends_with('\r'))
        raw.remove_suffix(1);
    row.raw = raw;
    row.fields.clear();
    std::size_t start = 0;
    for (const std::size_t end : ends_) {
        row.fields.emplace_back(std::string_view(values_).substr(start, end - start));
        start = end;
    }
    return true;
}

void append_field(std::string& out, std::string_view field, char delimiter) {
    if (delimiter == '\t') {
        for (const char c : field) {
            switch (c) {
                case '\t':
                    out += "\\t";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                default:
                    out += c;
            }
        }
        return;
    }
    const char special[] = {delimiter, '"', '\r', '\n'};
    const bool quote = field.find_first_of(std::string_view(special, sizeof special)) != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::vector<std::string_view> guess_header_cells(std::string_view line, char delimiter) {
    std::vector<std::string_view> cells;
    for (std::size_t start = 0; start <= line.size();) {
        std::size_t end = line.find(delimiter, start);
        if (end == std::string_view::npos) end = line.size();
        std::string_view cell = line.substr(start, end - start);
        while (!cell.empty() && (cell.front() == ' ' || cell.front() == '"')) cell.remove_prefix(1);
        while (!cell.empty() && (cell.back() == ' ' || cell.back() == '"')) cell.remove_suffix(1);
        cells.push_back(cell);
        start = end + 1;
    }
    return cells;
}

}  // namespace masktag::csv
