#include "masktag/json_array_reader.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "masktag/error.h"

namespace masktag {
namespace {

bool is_json_whitespace(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

JsonArrayReader::JsonArrayReader(std::FILE* stream, std::string name, std::size_t first_line,
                                 std::size_t max_element_bytes, std::string prefix)
    : stream_(stream),
      name_(std::move(name)),
      max_element_bytes_(max_element_bytes),
      prefix_(std::move(prefix)),
      line_(first_line) {}

void JsonArrayReader::unget(int c) {
    pushed_back_ = c;  // never a line end: only ',', ']' and '}' are given back
    --column_;
}

int JsonArrayReader::get() {
    if (pushed_back_ >= 0) {
        const int c = pushed_back_;
        pushed_back_ = -1;
        ++column_;
        return c;
    }
    const int c =
        prefix_used_ < prefix_.size() ? static_cast<unsigned char>(prefix_[prefix_used_++]) : getc_unlocked(stream_);
    if (c == EOF) {
        if (std::ferror(stream_)) throw Error(std::string("read error: ") + std::strerror(errno), name_);
        return c;
    }
    // LF, CRLF and a lone CR each end one line.
    if (c == '\n') {
        if (!previous_cr_) ++line_;
        column_ = 0;
    } else if (c == '\r') {
        ++line_;
        column_ = 0;
    } else {
        ++column_;
    }
    previous_cr_ = c == '\r';
    return c;
}

int JsonArrayReader::skip_whitespace() {
    int c;
    do c = get();
    while (is_json_whitespace(c));
    return c;
}

void JsonArrayReader::fail(const std::string& what) const {
    throw Error(fmt::format("malformed JSON array: {}", what), fmt::format("{}:{}:{}", name_, line_, column_));
}

bool JsonArrayReader::next(ArrayElement& element) {
    if (closed_) return false;
    int c = skip_whitespace();
    if (!opened_) {
        if (c != '[') fail("expected '[' to open the array");
        opened_ = true;
        c = skip_whitespace();
        if (c == ']') {
            closed_ = true;
        } else {
            read_element(c, element);
            return true;
        }
    } else if (c == ']') {
        closed_ = true;
    } else if (c == ',') {
        c = skip_whitespace();
        if (c == ']' || c == ',' || c == EOF) fail(c == EOF ? "the input ends inside the array" : "an empty element");
        read_element(c, element);
        return true;
    } else {
        fail(c == EOF ? "the input ends inside the array (no closing ']')"
                      : fmt::format("expected ',' or ']' after an element, found '{}'", static_cast<char>(c)));
    }
    if (const int after = skip_whitespace(); after != EOF)
        fail(fmt::format("'{}' after the array's closing ']' (one array per input)", static_cast<char>(after)));
    return false;
}

void JsonArrayReader::read_element(int c, ArrayElement& element) {
    element.text.clear();
    element.error.clear();
    element.line = line_;
    element.column = column_;
    bool too_long = false;
    const auto keep = [&](int byte) {
        if (too_long) return;
        if (element.text.size() == max_element_bytes_) {
            too_long = true;
            element.text.clear();
            element.text.shrink_to_fit();
            return;
        }
        element.text += static_cast<char>(byte);
    };
    const int opener = c;  // a '{', '[' or '"' element ends where it closes
    std::size_t depth = 0;
    while (true) {
        if (c == EOF) fail("the input ends inside an element");
        if (c == '"') {
            keep(c);
            while (true) {
                c = get();
                if (c == EOF) fail("the input ends inside a string");
                keep(c);
                if (c == '\\') {
                    c = get();
                    if (c == EOF) fail("the input ends inside a string");
                    keep(c);
                } else if (c == '"') {
                    break;
                }
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            keep(c);
        } else if (c == '}' || c == ']') {
            if (depth == 0) {  // the array's own ']' after a scalar element
                unget(c);
                break;
            }
            --depth;
            keep(c);
        } else if (c == ',' && depth == 0) {
            unget(c);
            break;
        } else {
            keep(c);  // whitespace too: "1 000" must stay an error, not become 1000
        }
        if (depth == 0 && (opener == '{' || opener == '[' || opener == '"')) break;
        c = get();
    }
    if (too_long) element.error = fmt::format("the element is longer than {} bytes", max_element_bytes_);
}

}  // namespace masktag
