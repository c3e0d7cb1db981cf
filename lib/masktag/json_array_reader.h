// Streams the elements of one top-level JSON array, such as the breathesafe app's export
// ([{"mask_id": 636, "mask_name": "...", "breakdown": [...]}, ...]), one at a time.
#pragma once

#include <cstdio>
#include <string>

namespace masktag {

// One element of the array: its bytes as they stand, from its first byte to the ',' or
// ']' after it (whitespace included: the caller's parser judges it), or an error.
struct ArrayElement {
    std::string text;
    std::size_t line = 0;    // 1-based line where the element starts
    std::size_t column = 0;  // 1-based column (in bytes) where it starts
    std::string error;       // empty, or why the element cannot be used (it is still counted)
};

// Reads a JSON array from `stream` in memory bounded by `max_element_bytes` per element:
// the array is split by following strings, escapes and bracket depth only; each element
// is parsed later by the caller. An element longer than the limit is read to its end but
// not kept (error set). The structure of the array itself must be sound: a missing ','
// between elements, an unterminated array or string, or anything but whitespace after
// the closing ']' is an Error naming the line and column, since no element boundary
// after it could be trusted.
class JsonArrayReader {
public:
    // Requires: the next non-whitespace byte of `prefix` followed by the stream is the
    // array's '['; `first_line` is the line the first byte of `prefix` (or the stream)
    // stands on. `prefix` holds bytes already read from the stream (a line read to detect
    // the format, with its line end). `name` names the input in errors.
    JsonArrayReader(std::FILE* stream, std::string name, std::size_t first_line, std::size_t max_element_bytes,
                    std::string prefix = {});

    // Ensures: true and `element` holds the next element, or false after the closing ']'
    // (and the whitespace after it). Throws Error as described above, or on a read error.
    bool next(ArrayElement& element);

private:
    int get();
    void unget(int c);
    int skip_whitespace();  // the next byte that is not JSON whitespace, or EOF
    [[noreturn]] void fail(const std::string& what) const;
    void read_element(int first, ArrayElement& element);

    std::FILE* stream_;
    std::string name_;
    std::size_t max_element_bytes_;
    std::string prefix_;
    std::size_t prefix_used_ = 0;
    int pushed_back_ = -1;
    std::size_t line_;
    std::size_t column_ = 0;
    bool previous_cr_ = false;
    bool opened_ = false;
    bool closed_ = false;
    bool expect_separator_ = false;
};

}  // namespace masktag
