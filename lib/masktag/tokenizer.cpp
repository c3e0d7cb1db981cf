#include "masktag/tokenizer.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace masktag {
namespace {

// Returns how many bytes of separator start at text[i], or 0 if none does. The set is
// exactly what Python's re.split(r'[\s\-—,\[\]()]+', ...) splits on: '-', ',', brackets,
// U+2014 and every code point that Python's Unicode \s matches (NBSP from web pages too).
std::size_t separator_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) -> unsigned {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    switch (byte(0)) {
        case ' ':
        case '\t':
        case '\n':
        case '\v':
        case '\f':
        case '\r':
        case 0x1C:
        case 0x1D:
        case 0x1E:
        case 0x1F:
        case '-':
        case ',':
        case '[':
        case ']':
        case '(':
        case ')':
            return 1;
        case 0xC2:  // U+0085 NEXT LINE, U+00A0 NO-BREAK SPACE
            return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0;
        case 0xE1:  // U+1680 OGHAM SPACE MARK
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0;
        case 0xE2:
            if (byte(1) == 0x80) {
                const unsigned c = byte(2);
                // U+2000..U+200A spaces, U+2014 EM DASH, U+2028/U+2029 separators, U+202F
                if ((c >= 0x80 && c <= 0x8A) || c == 0x94 || c == 0xA8 || c == 0xA9 || c == 0xAF) return 3;
                return 0;
            }
            return byte(1) == 0x81 && byte(2) == 0x9F ? 3 : 0;  // U+205F
        case 0xE3:                                              // U+3000 IDEOGRAPHIC SPACE
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0;
        default:
            return 0;
    }
}

// Bytes that may start a separator: every other byte is part of a token, and a title is
// mostly such bytes, so one lookup settles most of them.
constexpr auto kMaySeparate = [] {
    std::array<bool, 256> may{};
    for (const unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r', '-', ',', '[', ']', '(', ')'}) may[c] = true;
    for (unsigned c = 0x1C; c <= 0x1F; ++c) may[c] = true;
    for (const unsigned c : {0xC2u, 0xE1u, 0xE2u, 0xE3u}) may[c] = true;
    return may;
}();

}  // namespace

void tokenize(std::string_view title, std::vector<Token>& tokens) {
    tokens.clear();
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < title.size()) {
        if (!kMaySeparate[static_cast<unsigned char>(title[i])]) {
            ++i;
            continue;
        }
        const std::size_t sep = separator_length(title, i);
        if (sep == 0) {
            ++i;
            continue;
        }
        if (i > start) tokens.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)});
        i += sep;
        start = i;
    }
    if (title.size() > start)
        tokens.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(title.size())});
}

std::string too_many_tokens(std::string_view title) {
    // A token is at least one byte and tokens are apart by at least one separator byte.
    if (title.size() < 2 * kMaxTitleTokens - 1) return {};
    std::size_t count = 0;
    bool in_token = false;
    for (std::size_t i = 0; i < title.size();) {
        const std::size_t sep = separator_length(title, i);
        if (sep == 0) {
            count += !in_token;
            in_token = true;
            ++i;
        } else {
            in_token = false;
            i += sep;
        }
    }
    if (count <= kMaxTitleTokens) return {};
    return "the title has " + std::to_string(count) + " tokens, more than the " + std::to_string(kMaxTitleTokens) +
           " masktag labels";
}

std::vector<std::string_view> token_texts(std::string_view title) {
    std::vector<Token> tokens;
    tokenize(title, tokens);
    std::vector<std::string_view> texts;
    texts.reserve(tokens.size());
    for (const Token& t : tokens) texts.push_back(t.text(title));
    return texts;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

std::size_t find_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {  // ASCII, most text, eight bytes at a time
            std::uint64_t eight;
            std::memcpy(&eight, s + i, 8);
            if ((eight & 0x8080808080808080u) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // no overlong forms
            if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // no overlong forms
            if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

}  // namespace masktag
