#include "masktag/json.h"

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "masktag/tokenizer.h"

namespace masktag::json {

class Document::Parser {
public:
    Parser(Document& doc, ParseError& error) : doc_(doc), text_(doc.text_), error_(error) {}

    bool parse_document() {
        skip_whitespace();
        if (!parse_value(0)) return false;
        skip_whitespace();
        if (pos_ != text_.size()) return fail("unexpected text after the JSON value");
        return true;
    }

private:
    static constexpr int kMaxDepth = 512;

    Document& doc_;
    std::string_view text_;
    ParseError& error_;
    std::size_t pos_ = 0;

    bool fail(std::string message) {
        error_.offset = pos_;
        error_.message = std::move(message);
        return false;
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }

    void skip_whitespace() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
    }

    std::uint32_t add_node(Kind kind) {
        doc_.nodes_.push_back({kind, static_cast<std::uint32_t>(pos_), 0, kNone, kNone});
        return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
    }

    void finish_node(std::uint32_t index) { doc_.nodes_[index].end = static_cast<std::uint32_t>(pos_); }

    // Links `child` after `last` (or as the first child of `parent`).
    void link(std::uint32_t parent, std::uint32_t& last, std::uint32_t child) {
        if (last == kNone)
            doc_.nodes_[parent].first_child = child;
        else
            doc_.nodes_[last].next_sibling = child;
        last = child;
    }

    bool parse_value(int depth) {
        if (at_end()) return fail("unexpected end of input, expected a value");
        switch (peek()) {
            case '{':
                return parse_object(depth);
            case '[':
                return parse_array(depth);
            case '"':
                return parse_string();
            case 't':
                return parse_literal("true", Kind::boolean);
            case 'f':
                return parse_literal("false", Kind::boolean);
            case 'n':
                return parse_literal("null", Kind::null);
            default:
                if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return parse_number();
                return fail(std::string("unexpected character '") + peek() + "', expected a value");
        }
    }

    bool parse_literal(std::string_view word, Kind kind) {
        if (text_.substr(pos_, word.size()) != word)
            return fail("invalid literal (expected a value: a string, number, object, array, true, false or null)");
        const std::uint32_t node = add_node(kind);
        pos_ += word.size();
        finish_node(node);
        return true;
    }

    bool digits() {
        const std::size_t start = pos_;
        while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        return pos_ > start;
    }

    bool parse_number() {
        const std::uint32_t node = add_node(Kind::number);
        if (peek() == '-') ++pos_;
        if (at_end()) return fail("invalid number: no digits");
        if (peek() == '0') {
            ++pos_;
        } else if (!digits()) {
            return fail("invalid number: no digits");
        }
        if (!at_end() && peek() == '.') {
            ++pos_;
            if (!digits()) return fail("invalid number: no digits after '.'");
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            ++pos_;
            if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
            if (!digits()) return fail("invalid number: no digits in the exponent");
        }
        finish_node(node);
        return true;
    }

    static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    bool parse_string() {
        const std::uint32_t node = add_node(Kind::string);
        ++pos_;  // opening quote
        while (true) {
            if (at_end()) return fail("unterminated string");
            const unsigned char c = static_cast<unsigned char>(peek());
            if (c == '"') break;
            if (c < 0x20) return fail("control character in string (it must be escaped)");
            if (c == '\\') {
                ++pos_;
                if (at_end()) return fail("unterminated string");
                const char e = peek();
                if (e == 'u') {
                    for (int k = 1; k <= 4; ++k)
                        if (pos_ + k >= text_.size() || !is_hex(text_[pos_ + k])) return fail("invalid \\u escape");
                    pos_ += 4;
                } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return fail(std::string("invalid escape '\\") + e + "'");
                }
            }
            ++pos_;
        }
        ++pos_;  // closing quote
        finish_node(node);
        return true;
    }

    bool parse_array(int depth) {
        if (depth >= kMaxDepth) return fail("nesting too deep");
        const std::uint32_t node = add_node(Kind::array);
        ++pos_;
        skip_whitespace();
        std::uint32_t last = kNone;
        if (!at_end() && peek() == ']') {
            ++pos_;
            finish_node(node);
            return true;
        }
        while (true) {
            skip_whitespace();
            const auto child = static_cast<std::uint32_t>(doc_.nodes_.size());
            if (!parse_value(depth + 1)) return false;
            link(node, last, child);
            skip_whitespace();
            if (at_end()) return fail("unterminated array, expected ',' or ']'");
            if (peek() == ']') break;
            if (peek() != ',') return fail("expected ',' or ']' in array");
            ++pos_;
        }
        ++pos_;
        finish_node(node);
        return true;
    }

    bool parse_object(int depth) {
        if (depth >= kMaxDepth) return fail("nesting too deep");
        const std::uint32_t node = add_node(Kind::object);
        ++pos_;
        skip_whitespace();
        std::uint32_t last = kNone;
        if (!at_end() && peek() == '}') {
            ++pos_;
            finish_node(node);
            return true;
        }
        while (true) {
            skip_whitespace();
            if (at_end() || peek() != '"') return fail("expected a string key in object");
            const auto key = static_cast<std::uint32_t>(doc_.nodes_.size());
            if (!parse_string()) return false;
            link(node, last, key);
            skip_whitespace();
            if (at_end() || peek() != ':') return fail("expected ':' after object key");
            ++pos_;
            skip_whitespace();
            const auto value = static_cast<std::uint32_t>(doc_.nodes_.size());
            if (!parse_value(depth + 1)) return false;
            link(node, last, value);
            skip_whitespace();
            if (at_end()) return fail("unterminated object, expected ',' or '}'");
            if (peek() == '}') break;
            if (peek() != ',') return fail("expected ',' or '}' in object");
            ++pos_;
        }
        ++pos_;
        finish_node(node);
        return true;
    }
};

bool Document::parse(std::string_view text, ParseError& error) {
    text_ = text;
    nodes_.clear();
    if (text.size() >= kNone) {
        error = {0, "JSON text larger than 4 GiB"};
        return false;
    }
    Parser parser(*this, error);
    return parser.parse_document();
}

Kind Value::kind() const { return doc_->nodes_[index_].kind; }

std::string_view Value::raw() const {
    const auto& n = doc_->nodes_[index_];
    return doc_->text_.substr(n.begin, n.end - n.begin);
}

std::size_t Value::offset() const { return doc_->nodes_[index_].begin; }

Value Value::first() const {
    const std::uint32_t child = doc_->nodes_[index_].first_child;
    return child == Document::kNone ? Value() : Value(doc_, child);
}

Value Value::next() const {
    const std::uint32_t sibling = doc_->nodes_[index_].next_sibling;
    return sibling == Document::kNone ? Value() : Value(doc_, sibling);
}

Value Value::member(std::string_view key) const {
    std::string decoded;
    for (Value k = first(); k.valid(); k = k.next().next()) {
        const std::string_view raw_key = k.raw().substr(1, k.raw().size() - 2);
        if (raw_key.find('\\') == std::string_view::npos) {
            if (raw_key == key) return k.next();
        } else if (k.decode_string(decoded) && decoded == key) {
            return k.next();
        }
    }
    return Value();
}

namespace {

unsigned hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

unsigned read_hex4(std::string_view s) {
    return hex_value(s[0]) << 12 | hex_value(s[1]) << 8 | hex_value(s[2]) << 4 | hex_value(s[3]);
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool Value::decode_string(std::string& out) const {
    out.clear();
    if (!valid() || kind() != Kind::string) return false;
    const std::string_view body = raw().substr(1, raw().size() - 2);
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        const char e = body[++i];
        switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                char32_t cp = read_hex4(body.substr(i + 1, 4));
                i += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low surrogate
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (body.substr(i + 1, 2) != "\\u") return false;
                    const char32_t low = read_hex4(body.substr(i + 3, 4));
                    if (low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                append_utf8(out, cp);
                break;
            }
            default:
                out += e;
                break;  // '"', '\\', '/'
        }
    }
    return true;
}

void append_string(std::string& out, std::string_view s) {
    out += '"';
    append_escaped(out, s);
    out += '"';
}

// Bytes that go into a JSON string as they are: printable ASCII but '"' and '\\'.
constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
}();

void append_string_array(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        append_string(out, items[i]);
    }
    out += ']';
}

// Sixteen bytes at a time (eight without SSE2, and below 16 bytes), as most text is plain.
bool is_plain(std::string_view s) {
#if defined(__SSE2__)
    if (s.size() >= 16) {
        // Whether the 16 bytes at `at` hold a byte >= 0x80 (its high bit), below 0x20, '"'
        // or '\\'; the last 16 overlap the blocks before unless the size is a multiple of 16.
        const auto special = [&](std::size_t at) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
            const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
            const __m128i quote =
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
            return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(control, quote), x)) != 0;
        };
        for (std::size_t i = 0; i + 16 <= s.size(); i += 16)
            if (special(i)) return false;
        return !special(s.size() - 16);
    }
#endif
    constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
    const auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    // Whether the eight bytes at `at` hold a byte >= 0x80, below 0x20, '"' or '\\' (for
    // bytes below 0x80, v - 0x20 borrows into the high bit exactly when v < 0x20).
    const auto special = [&](std::size_t at) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + at, 8);
        return ((w & kHighs) | ((w - 0x20 * kOnes) & ~w & kHighs) | has_zero_byte(w ^ ('"' * kOnes)) |
                has_zero_byte(w ^ ('\\' * kOnes))) != 0;
    };
    if (s.size() < 8) {
        for (const char c : s)
            if (!kPlain[static_cast<unsigned char>(c)]) return false;
        return true;
    }
    for (std::size_t i = 0; i + 8 <= s.size(); i += 8)
        if (special(i)) return false;
    // The last eight bytes, which overlap the words before unless the size is a multiple of 8.
    return !special(s.size() - 8);
}

void append_escaped(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (is_plain(s)) {
        out.append(s);
        return;
    }
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run that needs no escaping in one go.
        std::size_t run = i;
        while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t valid = find_invalid_utf8(s.substr(i));
            std::size_t end = i + valid;
            // Valid UTF-8 goes through as is, up to the next ASCII byte or the bad byte.
            std::size_t k = i;
            while (k < end && static_cast<unsigned char>(s[k]) >= 0x80) ++k;
            if (k > i) {
                out.append(s.data() + i, k - i);
                i = k;
                continue;
            }
            out += "\xEF\xBF\xBD";  // U+FFFD for one ill-formed byte
            ++i;
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
        }
        ++i;
    }
}

LineColumn line_column(std::string_view text, std::size_t offset) {
    LineColumn lc{1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        // LF, CRLF (counted at its LF) and a lone CR end a line.
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
            ++lc.line;
            lc.column = 1;
        } else {
            ++lc.column;
        }
    }
    return lc;
}

void append_compact(std::string& out, std::string_view raw) {
    bool in_string = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < raw.size())
                out += raw[++i];
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            out += c;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            out += c;
        }
    }
}

}  // namespace masktag::json
