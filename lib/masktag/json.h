// A small validating JSON reader that keeps every value's original bytes, and a writer
// for JSON strings. Keeping the raw bytes lets predict copy a record's other fields to
// its output exactly as they came in, with no number or escape rewritten.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace masktag::json {

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };

// Where and why a parse failed: `offset` is the byte offset in the parsed text.
struct ParseError {
    std::size_t offset = 0;
    std::string message;
};

class Document;

// A handle on one value of a parsed Document; valid only while the Document is alive
// and not re-parsed. A default-constructed Value is "absent" (valid() == false).
class Value {
public:
    Value() = default;
    bool valid() const { return doc_ != nullptr; }
    Kind kind() const;
    // The value's bytes exactly as they stand in the parsed text.
    std::string_view raw() const;
    // Byte offset of the value in the parsed text.
    std::size_t offset() const;

    // Arrays: the first element. Objects: the first member's key; the key's next() is
    // its value, and the value's next() is the following key. Absent when empty.
    Value first() const;
    // The following sibling, or absent.
    Value next() const;

    // Requires kind() == object. Ensures: the value of the first member whose decoded
    // key equals `key`, or absent.
    Value member(std::string_view key) const;

    // Ensures: when kind() == string, `out` holds the decoded string and true is
    // returned; false (out unspecified) for other kinds or a \u escape naming a lone
    // UTF-16 surrogate. Does not check the result is valid UTF-8.
    bool decode_string(std::string& out) const;

private:
    friend class Document;
    Value(const Document* doc, std::uint32_t index) : doc_(doc), index_(index) {}
    const Document* doc_ = nullptr;
    std::uint32_t index_ = 0;
};

// Parses one JSON text (RFC 8259) into a flat list of nodes that point into the text.
// The text must outlive the Document's use. Reusing a Document reuses its memory.
class Document {
public:
    // Ensures: on success returns true and root() is the parsed value; on failure returns
    // false and `error` says where and what. Whitespace around the value is allowed;
    // anything else after it is an error. Nesting deeper than 512 levels is an error.
    bool parse(std::string_view text, ParseError& error);
    Value root() const { return Value(this, 0); }

private:
    friend class Value;
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    struct Node {
        Kind kind;
        std::uint32_t begin;
        std::uint32_t end;
        std::uint32_t first_child;
        std::uint32_t next_sibling;
    };
    std::string_view text_;
    std::vector<Node> nodes_;

    class Parser;
};

// Appends `s` to `out` as a JSON string literal with its quotes. Control characters,
// '"' and '\\' are escaped; other UTF-8 is written as is. Bytes that are not valid UTF-8
// are written as U+FFFD, so the output is always valid JSON.
void append_string(std::string& out, std::string_view s);
// Appends `items` as a JSON array of strings.
void append_string_array(std::string& out, const std::vector<std::string>& items);

// The same without the quotes, for building one string value from several pieces.
void append_escaped(std::string& out, std::string_view s);

// Ensures: whether `s` goes into a JSON string as it is (printable ASCII without '"' and
// '\\'): then so does every part of it.
bool is_plain(std::string_view s);

// Requires: `raw` is valid JSON (as parsed). Ensures: `raw` appended to `out` without the
// whitespace between its tokens (strings byte for byte), so it fits on one line.
void append_compact(std::string& out, std::string_view raw);

// Ensures: returns the 1-based line and column (in bytes) of `offset` in `text`.
struct LineColumn {
    std::size_t line;
    std::size_t column;
};
LineColumn line_column(std::string_view text, std::size_t offset);

}  // namespace masktag::json
