// Splits mask names into tokens the way the reference predictor does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace masktag {

// A token is a byte range [begin, end) of the title it came from.
struct Token {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    std::string_view text(std::string_view title) const { return title.substr(begin, end - begin); }
    friend bool operator==(const Token&, const Token&) = default;
};

// Ensures: `tokens` holds the pieces of `title` between runs of separators, in order,
// with empty pieces dropped, exactly as the reference's re.split(r'[\s\-—,\[\]()]+', name)
// splits a str. Separators: '-', ',', '[', ']', '(', ')', U+2014 EM DASH and every code
// point Python's Unicode \s matches (ASCII whitespace, \x1c-\x1f, U+0085, U+00A0,
// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). Every other byte,
// '/', '+', '.', '™' and any other non-ASCII text included, stays inside its token.
// `tokens` is cleared first; its capacity is reused, so steady-state calls do not allocate.
// Requires: title.size() < 4 GiB.
void tokenize(std::string_view title, std::vector<Token>& tokens);
// The same, looking at the title a byte at a time: the plain form of tokenize(), which
// reads 16 bytes at a time where it can. For tests, which compare the two.
void tokenize_bytewise(std::string_view title, std::vector<Token>& tokens);

// The most tokens a title may have. Real titles have a few dozen at most; labeling costs
// about 1 KB of memory a token, so a 1 MiB line of one-letter words (half a million
// tokens) would take half a gigabyte, per thread. A longer title is an error for its record.
inline constexpr std::size_t kMaxTitleTokens = 10000;

// Ensures: empty when `title` has at most kMaxTitleTokens tokens; otherwise the error for
// it ("the title has N tokens, more than the 10000 masktag labels"). Costs nothing for a
// title too short to have that many (under 2 * kMaxTitleTokens - 1 bytes).
std::string too_many_tokens(std::string_view title);

// Convenience form of tokenize() that returns the token texts.
std::vector<std::string_view> token_texts(std::string_view title);

// Ensures: whether `a` and `b` are equal but for the case of ASCII letters.
bool equals_ignoring_ascii_case(std::string_view a, std::string_view b);

// Ensures: returns the byte offset of the first byte of `text` that is not part of a
// well-formed UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
// are ill-formed), or text.size() when all of `text` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace masktag
